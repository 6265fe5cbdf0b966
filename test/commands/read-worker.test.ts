/**
 * The second thread (read-worker.ts) runs only from the built program, so these tests build one
 * privately (another test file may rebuild dist/ meanwhile) and check that reading commissions,
 * premiums and chunks of an order file there gives exactly what reading them on the calling
 * thread gives: the group itself, the part, the demo shop's outputs, and every case of the bad-input
 * catalogue against its goldens.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Claims } from '../../src/commands/claims.js';
import type * as ReadGroup from '../../src/commands/read-group.js';
import type * as ReadWorker from '../../src/commands/read-worker.js';
import type * as Load from '../../src/sources/load.js';
import { CASES, stageCase } from '../helpers/cases.js';
import { privateBuild, ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
const build = privateBuild('thread');
const CLI = build.bin;
const OPTS = { excelWrappedIds: false, excelDates: false, decimalMark: '.', preferNewest: false } as const;

let built: { group: typeof ReadGroup; worker: typeof ReadWorker; load: typeof Load };
const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-thread-'));

beforeAll(async () => {
  build.make();
  const dist = (p: string) => pathToFileURL(join(build.root, 'dist', p)).href;
  built = {
    group: (await import(dist('commands/read-group.js'))) as typeof ReadGroup,
    worker: (await import(dist('commands/read-worker.js'))) as typeof ReadWorker,
    load: (await import(dist('sources/load.js'))) as typeof Load,
  };
}, 120_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  build.remove();
});

/** A group's result as plain data: facts listed, formats by id. */
function plain(r: ReadGroup.GroupResult) {
  return {
    files: r.files.map((f) => ({ ...f, format: f.format?.id ?? null })),
    tallies: r.tallies.map((t) => ({ ...t })),
    lines: [...r.lines.values()],
    commissions: [...r.commissions.values()],
    // The second thread sends premiums without their policies (only the merge reads them).
    premiums: Array.from({ length: r.premiums.size }, (_, j) => ({
      target: r.premiums.target(j),
      day: r.premiums.day(j),
      amount: r.premiums.amount(j),
      exportedAt: r.premiums.exportedAt(j),
      source: r.premiums.source(j),
    })),
    ads: r.ads,
    outcomes: r.outcomes.map((o) => ({ diagnostics: o.diagnostics, stats: [...o.stats] })),
  };
}

describe('reading a group on the second thread', () => {
  it('gives what reading it here gives: stores, counts, diagnostics, sums', async () => {
    // Two commission files that repeat a row (a duplicate) and contradict another (a conflict).
    const demo = join(ROOT, 'fixtures', 'demo');
    const [q4, q1] = ['联盟订单_2025Q4.csv', '联盟订单_2026Q1.csv'].map((n) => join(demo, 'commissions', n));
    const text = readFileSync(q4!);
    writeFileSync(join(tmp, 'a.csv'), text);
    writeFileSync(join(tmp, 'b.csv'), text);
    const files = [
      { path: join(tmp, 'a.csv'), shown: 'a.csv' },
      { path: join(tmp, 'b.csv'), shown: 'b.csv' },
      { path: q1!, shown: 'q1.csv' },
      ...readdirSync(join(demo, 'insurance'))
        .sort()
        .map((n) => ({ path: join(demo, 'insurance', n), shown: n })),
    ];
    const kinds = ['commission', 'premium'] as const;
    const away = built.worker.readAway(null, files, kinds, OPTS);
    expect(away).not.toBeNull();
    const sent = await away!.result;
    const there = plain(sent);
    const here = plain(await built.group.readGroup(files, new Set(kinds), OPTS));
    expect(there).toEqual(here);
    // Every row of the group is merged there: the tables that find rows by key are not sent.
    expect(() => sent.commissions.get('1')).toThrow(/freed/);
    expect(() => sent.premiums.get('1')).toThrow(/freed/);
    expect(() => sent.premiums.fact(0)).toThrow(/policies were freed/);
    expect(here.commissions.length).toBeGreaterThan(100);
    expect(here.premiums.length).toBeGreaterThan(100);
    expect(here.outcomes[1]!.stats.length).toBeGreaterThan(0);
  }, 60_000);

  it('reads chunks of an order file, taken from the back, as reading them here does', async () => {
    const orders = join(ROOT, 'fixtures', 'demo', 'orders', '1762139411_订单导出_2025-10.csv');
    const file = { path: orders, shown: 'orders.csv' };
    const bytes = readFileSync(orders);
    // Four chunks from the middle on, at line starts; the last runs to the file's end.
    const bounds = [2, 3, 4, 5].map((k) => bytes.indexOf(0x0a, (bytes.length * k) / 8) + 1);
    const all = [...bounds, Infinity];
    const there = await built.worker.readAway(
      { file, bounds: all, shared: Claims.over(4).shared },
      [],
      [],
      OPTS,
    )!.rest;
    const taken = Claims.over(4);
    const here = await built.group.readChunks(file, all, () => taken.back(1 / 4), OPTS);
    const chunks = (list: readonly ReadGroup.ChunkRead[]) =>
      list.map(({ first, end, rest }) => ({
        first,
        end,
        read: rest!.read,
        input: rest!.log.input,
        lines: [...rest!.log.lines.values()],
        repeats: rest!.log.repeats,
      }));
    expect(chunks(there)).toEqual(chunks(here));
    // Each log comes sealed: its lines are read by index only.
    for (const c of there) expect(() => c.rest!.log.lines.find('1')).toThrow(/freed/);
    expect(here.map((c) => [c.first, c.end])).toEqual([
      [3, 4],
      [2, 3],
      [1, 2],
      [0, 1],
    ]);
    expect(chunks(here).every((c) => c.lines.length > 10)).toBe(true);
  }, 60_000);

  it('stops with an error at a file whose facts are not of the group’s kinds (it changed after its header was read)', async () => {
    const orders = join(ROOT, 'fixtures', 'demo', 'orders', '1762139411_订单导出_2025-10.csv');
    const files = [{ path: orders, shown: 'orders.csv' }];
    const away = built.worker.readAway(null, files, ['commission'], OPTS)!;
    await expect(away.result).rejects.toThrow(/orders\.csv changed while it was read/);
  }, 60_000);
});

/** The built CLI in `cwd`, with the second thread used for any size (or never). */
async function cli(args: string[], cwd: string, thread: boolean) {
  const env = { PATH: process.env.PATH ?? '', ROI_LEDGER_THREAD_MIN_BYTES: thread ? '0' : '1000000000000' };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 1 << 28 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('the demo shop with and without the second thread', () => {
  it.each([
    [['report', '.', '--format', 'json']],
    [['report', '.', '--by', 'sku,author,month', '--format', 'csv']],
    [['check', '.']],
    [['ledger', '.', '--format', 'csv']],
  ])(
    '%j prints the same',
    async (args) => {
      const demo = join(ROOT, 'fixtures', 'demo');
      const [one, two] = await Promise.all([cli(args, demo, true), cli(args, demo, false)]);
      expect(one).toEqual(two);
      expect(one.code).toBe(0);
    },
    60_000,
  );
});

describe('the bad-input catalogue on the second thread', () => {
  const cases = readdirSync(CASES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .flatMap((d) => readdirSync(join(CASES, d.name)).map((c) => join(d.name, c)))
    .filter((c) => !existsSync(join(CASES, c, 'pending')))
    .sort();

  /** The .csv files under a folder. */
  const csvs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? csvs(join(dir, d.name)) : d.name.endsWith('.csv') ? [join(dir, d.name)] : [],
    );

  it('the cases with order, commission or premium files print their goldens', async () => {
    // Only those run a second thread (the later part of the biggest order file, the commission and
    // premium files); the others read as they do in test/catalogue.test.ts.
    const opts = { excelWrappedIds: false, excelDates: false, decimalMark: '.' } as const;
    const away = async (c: string) => {
      for (const f of csvs(join(CASES, c))) {
        const format = await built.load.sniffFormat(f, f, opts).catch(() => null);
        if (format?.kind === 'orders' || format?.kind === 'commissions' || format?.kind === 'insurance')
          return true;
      }
      return false;
    };
    const chosen = [];
    for (const c of cases) if (await away(c)) chosen.push(c);
    expect(chosen.length).toBeGreaterThanOrEqual(40);
    const failures: string[] = [];
    const one = async (c: string) => {
      const dir = join(CASES, c);
      const work = mkdtempSync(join(tmp, 'case-'));
      const r = await cli(stageCase(dir, work), work, true);
      const want = (n: string) => readFileSync(join(dir, n), 'utf8');
      if (
        r.stdout !== want('expected.out') ||
        r.stderr !== want('expected.err') ||
        `${r.code}\n` !== want('expected.exit')
      )
        failures.push(c);
    };
    // Two at a time: the machine the tests run on may have two cores.
    for (let i = 0; i < chosen.length; i += 2) await Promise.all(chosen.slice(i, i + 2).map(one));
    expect(failures).toEqual([]);
  }, 300_000);
});
