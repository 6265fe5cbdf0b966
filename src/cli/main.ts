/**
 * The program: one commander program, one file per command, one exit point. Data errors and usage
 * errors are printed as `FILE:LINE: error: …`, never as a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { formatDiagnostic, UserError } from '../ledger/diagnostics.js';
import { register as registerCheck } from '../commands/check.js';
import { register as registerFormats } from '../commands/formats.js';
import { register as registerLedger } from '../commands/ledger.js';
import { register as registerReport } from '../commands/report.js';
import { processIo, type Io } from './io.js';

const COMMANDS = [registerReport, registerCheck, registerLedger, registerFormats];

export function version(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
  return pkg.version;
}

export function createProgram(io: Io, done: (code: number) => void): Command {
  const v = version();
  const program = new Command('roi-ledger')
    .description(
      'Where the money really went: GMV, net profit and ROI per channel, SKU, influencer, plan and period, exact to the fen.',
    )
    .version(v, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showSuggestionAfterError();
  for (const register of COMMANDS) register(program, io, v, done);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 data errors, 2 usage errors). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = createProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UserError) {
      for (const d of e.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return 0;
    io.stderr(`roi-ledger: internal error: ${err.message}\n  please report it with the command you ran\n`);
    if (io.env.ROI_LEDGER_DEBUG) io.stderr(`${err.stack}\n`);
    return 70;
  }
}
