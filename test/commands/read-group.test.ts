/**
 * An order file shared out in chunks (claims.ts): this thread reads from the front and the second
 * thread's ranges, taken from the back, are merged after it. Here the second thread's share is read
 * first, on this thread, by the same `readChunks`; whatever it took, the group must read as the file
 * read in one piece: lines, merge outcomes (conflicts, duplicates, updates), counts, diagnostics.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Claims } from '../../src/commands/claims.js';
import {
  FACT_KINDS,
  readChunks,
  readGroup,
  type GroupResult,
  type RestSource,
} from '../../src/commands/read-group.js';
import { IdTable } from '../../src/ledger/ids.js';
import { sniffFile } from '../../src/sources/load.js';
import { CASES } from '../helpers/cases.js';
import { ROOT } from '../helpers/cli.js';
import { csv, ORDER_74, orderRow, tempDir } from '../sources/helpers.js';

const OPTS = { excelWrappedIds: false, excelDates: false, decimalMark: '.', preferNewest: false } as const;
const dir = tempDir();

/** A group's result as plain data. */
function plain(r: GroupResult) {
  return {
    files: r.files.map((f) => ({ ...f, format: f.format?.id ?? null })),
    tallies: r.tallies.map((t) => ({ ...t })),
    lines: [...r.lines.values()],
    outcomes: r.outcomes.map((o) => ({ diagnostics: o.diagnostics, stats: [...o.stats] })),
  };
}

/** Offsets just after each line feed, but the file's end. */
function lineStarts(bytes: Uint8Array): number[] {
  const at: number[] = [];
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) at.push(i + 1);
  return at;
}

/**
 * The file read with chunks starting at `bounds`, the second thread having taken `takes` ranges from
 * the back (a quarter of those left each time) before this thread starts; how many chunks it took.
 */
async function shared(path: string, bounds: readonly number[], takes: number) {
  const file = { path, shown: 'orders.csv' };
  const all = [...bounds, Infinity];
  const claims = Claims.over(bounds.length);
  let taken = 0;
  const chunks = await readChunks(file, all, () => (taken++ < takes ? claims.back(1 / 4) : null), OPTS);
  const { detected, delimiter } = await sniffFile(path, file.shown, OPTS);
  const source: RestSource = {
    bounds: all,
    claims,
    detected: detected!,
    delimiter,
    result: async () => chunks,
  };
  const read = await readGroup([file], new Set(FACT_KINDS), OPTS, undefined, new Map([[path, source]]));
  return { read, theirs: bounds.length - claims.taken };
}

async function whole(path: string) {
  return readGroup([{ path, shown: 'orders.csv' }], new Set(FACT_KINDS), OPTS);
}

/** For every way of cutting `path` tried, the shared read is the whole read. Returns how many chunks the second thread's ranges held. */
async function expectSame(path: string, runs: number): Promise<number> {
  const one = plain(await whole(path));
  const starts = lineStarts(readFileSync(path));
  let theirs = 0;
  if (starts.length < 2) return 0;
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.nat(starts.length - 1), { minLength: 1, maxLength: 12 }),
      fc.nat(6),
      async (picks, takes) => {
        const bounds = picks.sort((a, b) => a - b).map((k) => starts[k]!);
        const two = await shared(path, bounds, takes);
        theirs += two.theirs;
        expect(plain(two.read)).toEqual(one);
      },
    ),
    { numRuns: runs },
  );
  return theirs;
}

describe('an order file shared out in chunks', () => {
  it('reads the demo shop’s order files as in one piece, however many chunks the second thread took', async () => {
    const demo = join(ROOT, 'fixtures', 'demo', 'orders');
    let theirs = 0;
    for (const name of readdirSync(demo).sort().slice(0, 4)) theirs += await expectSame(join(demo, name), 15);
    expect(theirs).toBeGreaterThan(20);
  }, 120_000);

  it('keeps what a repeated line makes of it across chunks: updates, duplicates, conflicts', async () => {
    // 23 lines seen three times: waiting, shipped, done (forward moves), some with another amount.
    const rows = [ORDER_74];
    for (let k = 0; k < 69; k++) {
      const id = String(6_917_000_000_000_000_000n + BigInt(k % 23));
      const [status, shipped] =
        k < 23
          ? ['待发货', '-']
          : k < 46
            ? ['已发货', '2026-09-23 10:00:00']
            : ['已完成', '2026-09-23 10:00:00'];
      rows.push(
        orderRow(ORDER_74, {
          主订单编号: `\t${id.slice(0, 18)}0`,
          子订单编号: `\t${id}`,
          订单状态: status,
          发货时间: shipped,
          订单应付金额: k % 17 === 5 ? '88.00' : '198.00',
        }),
      );
    }
    const path = join(dir, 'repeats.csv');
    writeFileSync(path, csv(rows));
    expect(await expectSame(path, 40)).toBeGreaterThan(10);
    const r = await whole(path);
    expect(r.outcomes[0]!.diagnostics.length).toBeGreaterThan(0);
  }, 60_000);

  it('reads the bad-input catalogue’s order files as in one piece (broken records read on here)', async () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.csv') && /订单导出|orders/.test(join(d, e.name)))
          files.push(join(d, e.name));
    };
    walk(CASES);
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const { format } = await sniffFile(f, 'orders.csv', OPTS).catch(() => ({ format: null }));
      if (format?.kind === 'orders') await expectSame(f, 3);
    }
  }, 240_000);
});

describe('a big file’s stores', () => {
  it('are made as big as the file needs once its first megabytes are read, and find every line', async () => {
    const rows = [ORDER_74];
    const ids: string[] = [];
    for (let k = 0; k < 26_000; k++) {
      const id = String(6_917_000_000_000_000_000n + BigInt(k * 7919));
      ids.push(id);
      rows.push(orderRow(ORDER_74, { 主订单编号: `\t${id.slice(0, 18)}0`, 子订单编号: `\t${id}` }));
    }
    const path = join(dir, 'big.csv');
    writeFileSync(path, csv(rows));
    expect(readFileSync(path).length).toBeGreaterThan(8 * 1024 * 1024);
    // Grown step by step from 1 024 slots, the line table is rebuilt at 13 162 and 19 744 ids; made
    // big enough after the first 4 MiB (about 10 000 lines), it is not rebuilt again.
    const rebuilds: number[] = [];
    const proto = IdTable.prototype as unknown as { rebuild(this: { count: number }): void };
    const rebuild = proto.rebuild;
    const spy = vi.spyOn(proto, 'rebuild').mockImplementation(function (this: { count: number }, ...args) {
      rebuilds.push(this.count);
      return rebuild.apply(this, args as []);
    });
    let r: GroupResult;
    try {
      r = await whole(path);
    } finally {
      spy.mockRestore();
    }
    expect(rebuilds.filter((n) => n >= 13_000)).toEqual([]);
    expect((r.lines.lineIds as unknown as { slots: Int32Array }).slots.length).toBeGreaterThanOrEqual(
      26_000 / 0.75,
    );
    expect(ids.filter((id, i) => r.lines.find(id) !== i)).toEqual([]);
    expect(r.lines.orderIds.size).toBe(new Set(ids.map((id) => id.slice(0, 18))).size);
  }, 60_000);
});
