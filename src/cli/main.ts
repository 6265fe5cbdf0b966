/**
 * The program: one commander program, one file per command, one exit point. Data errors and usage
 * errors are printed as `FILE:LINE: error: …`, never as a stack trace.
 *
 * Start-up loads only what a run needs (issue 4: `--help` and `--version` in 150 ms). The commands are
 * declared here, as data: their arguments, options and help. A command's module, with the pipeline,
 * the renderers, zod and decimal.js behind it, is imported when the command runs; commander when
 * arguments are to be parsed, not for `--version` or a help page (help.ts prints those).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import type { Program } from './help.js';
import { printInternalError, processIo, type Io } from './io.js';

const requireCjs = createRequire(import.meta.url);

/**
 * commander through `require`: importing its ESM wrapper makes Node scan the CommonJS source for
 * its export names first, which costs more than loading it.
 */
const commander = () => requireCjs('commander') as typeof Commander;

export function version(): string {
  // Read, not required: the first `require` costs more than the read.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly default?: string;
  /** Each use appends its value to a list (default `[]`). */
  readonly repeatable?: true;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  /** Takes `[paths...]`: the inputs. */
  readonly paths: boolean;
  readonly options: readonly OptionSpec[];
  /** Runs the command, importing its module; returns the exit code. */
  run(paths: string[], raw: Record<string, unknown>, io: Io, version: string): Promise<number>;
}

const PATHS = { name: 'paths', description: 'export files or folders (default: the bundled demo shop)' };

/** The options that read inputs, shared by report, check and ledger (after their own). */
const READ_OPTIONS: readonly OptionSpec[] = [
  {
    flags: '--config <file>',
    description: 'settings file (default: roi-ledger.json here, else in the first PATH folder)',
  },
  {
    flags: '--as <format=file>',
    description: 'read FILE as FORMAT (see `roi-ledger formats`); repeatable',
    repeatable: true,
  },
  {
    flags: '--prefer <which>',
    description: 'on a conflict between two exports, take the newest (by export time, never mtime)',
  },
  { flags: '--excel-wrapped-ids', description: 'read ids wrapped by Excel as ="…", quoted or not' },
  { flags: '--excel-dates', description: 'accept Excel serial dates (1900 system)' },
  { flags: '--decimal-mark <mark>', description: 'decimal mark of amounts: . (default) or ,' },
  { flags: '--strict', description: 'warnings count as errors (exit 1)' },
  { flags: '--quiet', description: 'print errors only, no warnings' },
];

/** The commands, in the order of `roi-ledger --help`. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'report',
    description:
      'GMV, net profit and ROI per channel and SKU (or --by author, plan, day, month), with totals',
    paths: true,
    options: [
      { flags: '--from <day>', description: 'first day of the period (yyyy-mm-dd, inclusive)' },
      { flags: '--to <day>', description: 'last day of the period (inclusive)' },
      { flags: '--month <yyyy-mm>', description: 'the period is this month' },
      { flags: '--year <yyyy>', description: 'the period is this year' },
      {
        flags: '--by <dims>',
        description: 'tables to print: channel,sku,author,plan,day,month',
        default: 'channel,sku',
      },
      { flags: '--format <format>', description: 'table | json | csv | md', default: 'table' },
      { flags: '--output <file>', description: 'write to FILE (atomically) instead of stdout' },
      { flags: '--bom', description: 'start the output with a UTF-8 BOM (Excel, WPS)' },
      {
        flags: '--no-allocate',
        description: 'show fixed costs in the row (unattributed) instead of splitting them',
      },
      { flags: '--allow-errors', description: 'print figures even when some rows were rejected' },
      ...READ_OPTIONS,
    ],
    run: async (paths, raw, io, v) => (await import('../commands/report.js')).runReport(paths, raw, io, v),
  },
  {
    name: 'check',
    description: 'recognise each file, validate every row, and list every problem with FILE:LINE',
    paths: true,
    options: [
      { flags: '--format <format>', description: 'text | json', default: 'text' },
      {
        flags: '--verbose',
        description: 'list every problem, and the columns each file has that no figure uses',
      },
      ...READ_OPTIONS,
    ],
    run: async (paths, raw, io, v) => (await import('../commands/check.js')).runCheck(paths, raw, io, v),
  },
  {
    name: 'ledger',
    description: 'print the normalised ledger: one entry per money movement, with its source file and line',
    paths: true,
    options: [
      { flags: '--from <day>', description: 'first payment day (inclusive)' },
      { flags: '--to <day>', description: 'last payment day (inclusive)' },
      { flags: '--month <yyyy-mm>', description: 'entries of this month' },
      { flags: '--year <yyyy>', description: 'entries of this year' },
      { flags: '--format <format>', description: 'csv | jsonl', default: 'csv' },
      { flags: '--output <file>', description: 'write to FILE (atomically) instead of stdout' },
      { flags: '--bom', description: 'start the output with a UTF-8 BOM (Excel, WPS)' },
      { flags: '--allow-errors', description: 'print entries even when some rows were rejected' },
      ...READ_OPTIONS,
    ],
    run: async (paths, raw, io) => (await import('../commands/ledger.js')).runLedger(paths, raw, io),
  },
  {
    name: 'formats',
    description: 'list the built-in export formats and the headers that identify each',
    paths: false,
    options: [],
    run: async (_paths, _raw, io) => (await import('../commands/formats.js')).runFormats(io),
  },
];

export const PROGRAM: Program = {
  name: 'roi-ledger',
  description:
    'Where the money really went: GMV, net profit and ROI per channel, SKU, influencer, plan and period, exact to the fen.',
  versionFlags: '-V, --version',
  paths: PATHS,
  commands: COMMANDS,
};

const appendValue = (v: string, prev: string[]) => [...prev, v];

export function createProgram(io: Io, done: (code: number) => void): Commander.Command {
  const v = version();
  const { Command } = commander();
  // Help wraps to the width of the terminal it goes to, as by commander's default (which reads
  // process.stdout and process.stderr), but through Io: off a terminal the width is undefined, as
  // commander's default returns (its types say number), which means 80 columns; so in tests too.
  const output = {
    writeOut: (s: string) => io.stdout(s),
    writeErr: (s: string) => io.stderr(s),
    getOutHelpWidth: () => io.columns as number,
    getErrHelpWidth: () => io.stderrColumns as number,
  };
  const program = new Command(PROGRAM.name)
    .description(PROGRAM.description)
    .version(v, PROGRAM.versionFlags)
    .exitOverride()
    .configureOutput(output)
    .showSuggestionAfterError();
  for (const spec of COMMANDS) {
    const cmd = program.command(spec.name).description(spec.description);
    if (spec.paths) cmd.argument(`[${PATHS.name}...]`, PATHS.description);
    for (const o of spec.options)
      if (o.repeatable) cmd.option(o.flags, o.description, appendValue, [] as string[]);
      else if (o.default !== undefined) cmd.option(o.flags, o.description, o.default);
      else cmd.option(o.flags, o.description);
    // commander calls the action with the operands (if any), then the options.
    cmd.action(async (...args: unknown[]) => {
      const [paths, raw] = spec.paths ? [args[0], args[1]] : [[], args[0]];
      done(await spec.run(paths as string[], raw as Record<string, unknown>, io, v));
    });
  }
  for (const c of program.commands) c.exitOverride().configureOutput(output);
  return program;
}

const HELP_FLAGS = ['--help', '-h'];

/**
 * The help page asked for, if `argv` asks for nothing else: the program's (null) for `--help`, `-h`
 * or `help`; a command's for `COMMAND --help`, `COMMAND -h` or `help COMMAND`. Anything else is
 * commander's to parse.
 */
function helpPage(argv: readonly string[]): CommandSpec | null | undefined {
  const [a, b, ...rest] = argv;
  if (a === undefined || rest.length) return undefined;
  if (b === undefined) return HELP_FLAGS.includes(a) || a === 'help' ? null : undefined;
  const named = (name: string) => COMMANDS.find((c) => c.name === name);
  if (HELP_FLAGS.includes(b)) return named(a);
  if (a === 'help') return named(b);
  return undefined;
}

/** `--version` alone. */
const isVersion = (argv: readonly string[]): boolean =>
  argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');

/**
 * Commands that read a shop's files and print little: they run on a thread of their own
 * (command-thread.ts: its memory). `ledger` prints a line per entry (a gigabyte at 1 M order lines),
 * which a thread passes on through this one: 55 s instead of 40 at 1 M, so it runs here.
 */
const ON_THREAD: ReadonlySet<string> = new Set(['report', 'check']);

/** Whether `run` runs these arguments on a thread of their own (not a help page). */
export function runsOnThread(argv: readonly string[]): boolean {
  return ON_THREAD.has(argv[0] ?? '') && helpPage(argv) === undefined;
}

/**
 * Runs the CLI as `bin/roi-ledger.js` does: `report` and `check` on a thread of their own (or here
 * when no thread can start), anything else here.
 */
export async function run(argv: readonly string[]): Promise<number> {
  if (!runsOnThread(argv)) return main(argv);
  const { runOnThread } = await import('./command-thread.js');
  return (await runOnThread(argv)) ?? main(argv);
}

/** Runs the CLI; returns the exit code (0 ok, 1 data errors, 2 usage errors). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  // What commander prints for these, without loading it.
  if (isVersion(argv)) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const help = helpPage(argv);
  if (help !== undefined) {
    const { helpText } = await import('./help.js');
    io.stdout(helpText(PROGRAM, help, io.columns));
    return 0;
  }
  let code = 0;
  const program = createProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof commander().CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    // Loaded here, not at start-up: a command that throws a UserError has loaded it already.
    const { formatDiagnostic, UserError } = await import('../ledger/diagnostics.js');
    if (e instanceof UserError) {
      for (const d of e.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return 0;
    printInternalError(io, err);
    return 70;
  }
}
