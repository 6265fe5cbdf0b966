/**
 * The hostile cases of the bad-input catalogue that a committed fixture cannot hold (bad-inputs.md §2 I):
 * inputs too big to commit (I-1, I-2), links (I-6), a killed process (I-8), and checks across
 * fixtures (I-5's round trip, h72b's equality with one clean export). Each names its fixture folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  linkSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  watch,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { ROOT } from './helpers/cli.js';

const CASES = join(ROOT, 'fixtures/cases');
const MiB = 1 << 20;

const work = mkdtempSync(join(tmpdir(), 'roi-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder under the test's temp folder, with the catalogue's shared settings and cost sheet. */
let folders = 0;
function folder(): string {
  const dir = join(work, `case-${++folders}`);
  cpSync(join(CASES, '_shared'), dir, { recursive: true });
  return dir;
}

async function run(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({}, cwd);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** Writes `head`, then `fill` repeated to `bytes` bytes in total, 1 MiB at a time (never whole in memory). */
function writeBig(path: string, head: string, fill: string, bytes: number): void {
  const fd = openSync(path, 'w');
  try {
    let written = writeSync(fd, head);
    const chunk = Buffer.from(fill.repeat(Math.ceil(MiB / fill.length)).slice(0, MiB));
    while (written < bytes) written += writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}

/** Runs `check` on `dir`, sampling the RSS while it runs: the largest growth over the start, in bytes. */
async function checkMeasured(
  dir: string,
): Promise<{ code: number; err: string; ms: number; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const t0 = performance.now();
  try {
    const r = await run(dir, ['check', '.']);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { code: r.code, err: r.err, ms: performance.now() - t0, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

describe('I-1: a 20 MB hostile file fails with E_LIMIT at once, in bounded memory (fixture i1-unclosed-quote-near-start)', () => {
  it('one line of 20 MB', async () => {
    const dir = folder();
    writeBig(join(dir, 'orders.csv'), 'order_id,line_id,paid_at,sku,quantity,gmv\n', 'x', 20 * MiB);
    const r = await checkMeasured(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^orders\.csv:2: error: record longer than 1048576 bytes/m);
    expect(r.err.length).toBeLessThan(2000); // the message never echoes the record
    expect(r.ms).toBeLessThan(5000);
    expect(r.growth).toBeLessThan(100 * MiB);
  });

  it('an unclosed quote at byte 10, then 20 MB', async () => {
    const dir = folder();
    writeBig(
      join(dir, 'orders.csv'),
      'order_id,line_id,paid_at,sku,quantity,gmv\nO1,"O1-1,',
      '2026-09-01 10:00:00,A1,1,10.00\n',
      20 * MiB,
    );
    const r = await checkMeasured(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^orders\.csv:2: error: record longer than 1048576 bytes/m);
    expect(r.err.length).toBeLessThan(2000);
    expect(r.ms).toBeLessThan(5000);
    expect(r.growth).toBeLessThan(100 * MiB);
  });
});

describe('I-2: a million columns is E_LIMIT (fixture i2-too-many-columns)', () => {
  it('one line of 1 000 000 cells', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'wide.csv'), `${'a,'.repeat(999_999)}a\n`);
    const r = await checkMeasured(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wide\.csv:1: error: record has more than 1024 cells/m);
    expect(r.ms).toBeLessThan(5000);
  });
});

describe('I-5: names with , " CR LF U+202E read back cell for cell (fixture i5-odd-characters-in-names)', () => {
  it('the report CSV golden, parsed by csv-parse, holds each input name unchanged', () => {
    const dir = join(CASES, 'OK/i5-odd-characters-in-names');
    const input = parse(readFileSync(join(dir, 'orders.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const output = parse(readFileSync(join(dir, 'expected.out'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const names = new Map(output.filter((r) => r.table === 'sku').map((r) => [r.key, r.name]));
    expect(input).toHaveLength(7);
    for (const row of input) {
      // Spaces and tabs at the ends of a text cell are export wrapping, removed on input.
      const want = row.sku_name!.replace(/^[\t \u3000]+|[\t \u3000\r\n]+$/g, '');
      expect(names.get(row.sku!), row.sku).toBe(want);
    }
    expect(names.get('B6')).toBe('evil\u202eexe.txt');
    expect(names.get('B4')).toBe('CR\ronly');
  });
});

describe('I-6: an --output that is an input, or a link, is refused (fixture i6-output-is-an-input)', () => {
  const setup = () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'orders.csv'),
      'order_id,line_id,paid_at,sku,quantity,gmv\nO1,O1-1,2026-09-01 10:00:00,A1,1,10.00\n',
    );
    return dir;
  };

  it('a symbolic link to an input file', async () => {
    const dir = setup();
    symlinkSync(join(dir, 'orders.csv'), join(dir, 'report.csv'));
    const before = readFileSync(join(dir, 'orders.csv'), 'utf8');
    const r = await run(dir, ['report', '.', '--format', 'csv', '--output', 'report.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^report\.csv: error: --output names a symbolic link; it is not followed/);
    expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe(before);
  });

  it('a symbolic link to another file (not followed, not replaced)', async () => {
    const dir = setup();
    const elsewhere = join(work, `elsewhere-${folders}.csv`);
    writeFileSync(elsewhere, 'keep me\n');
    symlinkSync(elsewhere, join(dir, 'out.csv'));
    const r = await run(dir, ['ledger', 'orders.csv', '--output', 'out.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/symbolic link/);
    expect(readFileSync(elsewhere, 'utf8')).toBe('keep me\n');
  });

  it('a hard link to an input file, and the input itself under another spelling', async () => {
    const dir = setup();
    linkSync(join(dir, 'orders.csv'), join(dir, 'same.csv.bak'));
    const r = await run(dir, ['report', 'orders.csv', '--format', 'csv', '--output', 'same.csv.bak']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--output is an input file \(orders\.csv\)/);
    const again = await run(dir, ['ledger', '.', '--output', './sub/../orders.csv']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--output is an input file \(orders\.csv\)/);
  });

  it('the config file is an input too', async () => {
    const dir = setup();
    const r = await run(dir, ['report', '.', '--format', 'csv', '--output', 'roi-ledger.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--output is an input file/);
    expect(JSON.parse(readFileSync(join(dir, 'roi-ledger.json'), 'utf8'))).toHaveProperty(
      'platform_fee_rate',
    );
  });

  it('a new file, or an existing unrelated one, is written', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'old-report.txt'), 'old\n');
    expect((await run(dir, ['report', '.', '--format', 'csv', '--output', 'old-report.txt'])).code).toBe(0);
    expect(readFileSync(join(dir, 'old-report.txt'), 'utf8')).toMatch(/^table,key,name/);
  });
});

describe('I-8: SIGKILL during an --output write leaves the previous output intact (fixture i8-output-written-atomically)', () => {
  // The CLI built into a temporary folder, so this test never races another one over dist/.
  const build = join(work, 'build');
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        join(build, 'dist'),
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    cpSync(join(ROOT, 'package.json'), join(build, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'));
    writeFileSync(
      join(build, 'cli.mjs'),
      "const { main } = await import('./dist/cli/main.js');\nprocess.exitCode = await main(process.argv.slice(2));\n",
    );
  }, 120_000);

  const cli = (args: string[]) =>
    spawn(process.execPath, [join(build, 'cli.mjs'), ...args], { cwd: ROOT, stdio: 'ignore' });
  const exited = (child: ReturnType<typeof spawn>) =>
    new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  it('is killed as soon as anything appears in the output folder; the file is the old one or the whole new one', async () => {
    const outDir = mkdtempSync(join(work, 'out-'));
    const out = join(outDir, 'report.csv');
    const demo = join(ROOT, 'fixtures/demo');

    // The previous output: a report.
    const first = cli(['report', demo, '--format', 'csv', '--output', out]);
    await exited(first);
    const previous = readFileSync(out, 'utf8');
    expect(previous).toMatch(/^table,key,name/);

    // A second run writes something else, much longer (the demo's ledger, ~19 MB), to the same path.
    const seen: string[] = [];
    const second = cli(['ledger', demo, '--output', out]);
    const watcher = watch(outDir, (_event, name) => {
      seen.push(String(name));
      second.kill('SIGKILL');
    });
    const signal = await exited(second);
    watcher.close();

    expect(signal).toBe('SIGKILL');
    // The first thing the writer makes is its temporary file, never the output itself.
    expect(seen[0]).toMatch(/^\.report\.csv\.\d+\.tmp$/);
    const now = readFileSync(out, 'utf8');
    if (now !== previous) {
      // The kill landed after the rename: then the new file must be whole.
      expect(now.startsWith('date,kind,amount')).toBe(true);
      expect(now.endsWith('\n')).toBe(true);
    }
    expect(existsSync(out)).toBe(true);
  }, 120_000);
});

describe('72 (b): overlapping exports give what one clean export gives', () => {
  it('h72b-overlapping-exports and h72b-single-export have the same golden', () => {
    const read = (c: string) => readFileSync(join(CASES, 'OK', c, 'expected.out'), 'utf8');
    expect(read('h72b-overlapping-exports')).toBe(read('h72b-single-export'));
  });
});
