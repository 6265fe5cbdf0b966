/**
 * The program's entry (src/cli/main.ts), issue 4: help, version and usage errors byte for byte as
 * before the commands were declared as data (goldens made by the earlier build), and a start-up that
 * loads only what it needs: no commander for `--version` and the help pages, no command module but
 * the one that runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { memoryIo } from '../../src/cli/io.js';
import { COMMANDS, createProgram, main, runsOnThread } from '../../src/cli/main.js';
import { expectGoldenIn } from '../helpers/golden.js';
import { privateBuild, ROOT, runCli } from '../helpers/cli.js';

const GOLDEN = join(ROOT, 'test/cli/__golden__/usage');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('help and usage errors, byte for byte', () => {
  it.each([
    ['no-args', []],
    ['help', ['--help']],
    ['h', ['-h']],
    ['help-command', ['help']],
    ['report-help', ['report', '--help']],
    ['check-help', ['check', '--help']],
    ['ledger-help', ['ledger', '--help']],
    ['formats-help', ['formats', '--help']],
    ['help-report', ['help', 'report']],
    ['help-unknown', ['help', 'frobnicate']],
    ['unknown-command', ['repor']],
    ['unknown-command-far', ['frobnicate']],
    ['unknown-option-root', ['--hel']],
    ['unknown-option', ['report', '--form', 'json']],
    ['unknown-option-check', ['check', '--verbos']],
    ['unknown-option-ledger', ['ledger', '--formt', 'csv']],
    ['missing-value', ['report', '--from']],
    ['too-many-arguments', ['formats', 'extra']],
  ])('%s', async (name, args) => {
    const r = await runCli(args);
    const text = `$ roi-ledger ${args.join(' ')}\nexit ${r.code}\n--- stdout\n${r.out}--- stderr\n${r.err}`;
    expectGoldenIn(GOLDEN, `${name}.txt`, text);
  });

  it('help wraps to the width of the terminal it goes to (80 columns off a terminal)', async () => {
    const io = { ...memoryIo({}, ROOT), columns: 120 };
    let out = '';
    io.stdout = (t: string) => void (out += t);
    expect(await main(['report', '--help'], io)).toBe(0);
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(out).toContain(
      '\nGMV, net profit and ROI per channel and SKU (or --by author, plan, day, month), with totals\n',
    );
  });
});

describe('help pages, printed without commander', () => {
  const pages = [
    ['--help'],
    ['-h'],
    ['help'],
    ...COMMANDS.flatMap((c) => [
      [c.name, '--help'],
      [c.name, '-h'],
      ['help', c.name],
    ]),
  ];

  /** What commander itself prints for `args`, on a terminal `columns` wide. */
  async function commanderHelp(args: string[], columns: number | undefined): Promise<string> {
    const io = { ...memoryIo({}, ROOT), columns };
    let out = '';
    io.stdout = (t: string) => void (out += t);
    io.stderr = (t: string) => expect.fail(`stderr: ${t}`);
    const error = await createProgram(io, () => expect.fail('ran a command'))
      .parseAsync(args, { from: 'user' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(0);
    return out;
  }

  it("are commander's own, byte for byte, at every width from 0 to 200 columns and off a terminal", async () => {
    for (const columns of [undefined, ...Array.from({ length: 201 }, (_, i) => i)])
      for (const args of pages) {
        const io = { ...memoryIo({}, ROOT), columns };
        let out = '';
        io.stdout = (t: string) => void (out += t);
        expect(await main(args, io)).toBe(0);
        expect(io.err).toBe('');
        expect(out, `${args.join(' ')} at ${columns} columns`).toBe(await commanderHelp(args, columns));
      }
  });
});

describe('--version', () => {
  it.each([['--version'], ['-V']])('%s prints the version of package.json', async (flag) => {
    expect(await runCli([flag])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  it('prints what commander prints for it (commander answers --version with more arguments)', async () => {
    expect(await runCli(['--version', 'report'])).toEqual(await runCli(['--version']));
  });
});

describe('start-up loads only what it needs', () => {
  /**
   * A private build (like test/properties/timezone.test.ts: another test file may rebuild dist/ at
   * the same time), run with a loader hook that lists every module loaded: ES modules as they load,
   * CommonJS ones (commander) from require.cache at exit.
   */
  const build = privateBuild('startup');
  const BUILD = build.root;
  const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-startup-'));
  const TRACE = join(tmp, 'trace.mjs');

  beforeAll(() => {
    build.make();
    const hooks = [
      "import { appendFileSync } from 'node:fs';",
      'export async function load(url, context, next) {',
      "  appendFileSync(process.env.ROI_LEDGER_TRACE, url + '\\n');",
      '  return next(url, context);',
      '}',
    ].join('\n');
    writeFileSync(
      TRACE,
      [
        "import { appendFileSync } from 'node:fs';",
        "import { createRequire, register } from 'node:module';",
        `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`,
        'const require = createRequire(import.meta.url);',
        "process.on('exit', () => appendFileSync(process.env.ROI_LEDGER_TRACE, Object.keys(require.cache).map((f) => 'file://' + f + '\\n').join('')));",
      ].join('\n'),
    );
  }, 120_000);

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
    build.remove();
  });

  /** The project's files and the packages a run loads: `dist/cli/main.js`, `commander`… */
  function loaded(args: string[]): {
    status: number | null;
    stdout: string;
    files: string[];
    packages: string[];
  } {
    const log = join(tmp, `${args.join('_') || 'none'}.log`);
    const { status, stdout } = spawnSync(process.execPath, ['--import', TRACE, build.bin, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ROI_LEDGER_TRACE: log },
    });
    const urls = readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'));
    const packages = new Set<string>();
    const files = new Set<string>();
    for (const u of urls) {
      const p = relative(BUILD, fileURLToPath(u)).split('\\').join('/');
      const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
      if (!p.startsWith('..')) files.add(p);
      else if (m) packages.add(m[1]!);
    }
    return { status, stdout, files: [...files].sort(), packages: [...packages].sort() };
  }

  it('--version: the entry and io only, no commander', () => {
    const r = loaded(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.files).toEqual(['bin/roi-ledger.js', 'dist/cli/io.js', 'dist/cli/main.js']);
    expect(r.packages).toEqual([]);
  });

  it.each([[['--help']], [['-h']], [['report', '--help']], [['help', 'ledger']]])(
    '%j: the entry, io and help, no commander',
    (args) => {
      const r = loaded(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: roi-ledger /);
      expect(r.files).toEqual([
        'bin/roi-ledger.js',
        'dist/cli/help.js',
        'dist/cli/io.js',
        'dist/cli/main.js',
      ]);
      expect(r.packages).toEqual([]);
    },
  );

  it.each([
    [['frobnicate'], []],
    // report runs on a thread of its own (runsOnThread).
    [['report', '--form', 'json'], ['dist/cli/command-thread.js']],
  ])('%j (a usage error): commander, no command module', (args, thread) => {
    const r = loaded(args);
    expect(r.status).toBe(2);
    expect(r.files).toEqual(['bin/roi-ledger.js', ...thread, 'dist/cli/io.js', 'dist/cli/main.js']);
    expect(r.packages).toEqual(['commander']);
  });

  it('formats: its own module, not the pipeline, the renderers or zod', () => {
    const r = loaded(['formats']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('douyin-orders');
    expect(r.files).toContain('dist/commands/formats.js');
    expect(
      r.files.filter((f) => /^dist\/(commands\/(report|check|ledger|pipeline)|render\/)/.test(f)),
    ).toEqual([]);
    expect(r.packages).not.toContain('zod');
  });
});

describe('runsOnThread', () => {
  it('report and check run on a thread of their own; help pages, ledger and formats here', () => {
    expect(runsOnThread(['report', 'shop'])).toBe(true);
    expect(runsOnThread(['check'])).toBe(true);
    for (const args of [
      ['report', '--help'],
      ['help', 'report'],
      ['--version'],
      ['--help'],
      [],
      ['ledger', 'shop'],
      ['formats'],
      ['frobnicate'],
    ])
      expect(runsOnThread(args)).toBe(false);
  });
});
