/**
 * A file read in two parts (its start here, its rest by `readParts`, as the pipeline does with the
 * second thread) must load exactly as the file read in one piece: the same facts in the same order,
 * lines, counts, diagnostics and summary checks, wherever it is cut, and whatever the rest holds
 * (the part before reads on itself when the rest cannot be read apart).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/ledger/facts.js';
import { loadFile, readParts, sniffFile, type RestRead, type SplitRead } from '../../src/sources/load.js';
import { CASES } from '../helpers/cases.js';
import { ROOT } from '../helpers/cli.js';
import { csv, gb18030, ORDER_74, orderRow, READ, tempDir } from './helpers.js';

const dir = tempDir();

/** The file read in one piece: what it loads, with its facts in the order they came. */
async function whole(path: string) {
  const facts: Fact[] = [];
  const out = await loadFile(path, 'f.csv', { ...READ, onFact: (f) => facts.push(f) });
  return { out, facts };
}

/** The records from byte `at` on, as one part read apart (null: they could not be). */
async function readRest(path: string, at: number, onFact: (f: Fact) => void): Promise<RestRead | null> {
  let rest: RestRead | null = null;
  let given = false;
  await readParts(
    path,
    'f.csv',
    () => (given ? null : ((given = true), { from: at, end: Infinity })),
    (part) => void (rest = part),
    { ...READ, onFact },
  );
  return rest;
}

/** The file read up to `at` here and from `at` on apart; `used`: the rest was taken, not read again here. */
async function inTwo(path: string, at: number) {
  const { detected, delimiter } = await sniffFile(path, 'f.csv', READ);
  const facts: Fact[] = [];
  let restFacts: Fact[] = [];
  let used = false;
  const split: SplitRead = {
    at,
    detected: detected!,
    delimiter,
    rest: () => {
      restFacts = [];
      return readRest(path, at, (f) => restFacts.push(f));
    },
    use: (lines) => {
      used = true;
      for (const f of restFacts) facts.push({ ...f, source: { ...f.source, line: f.source.line + lines } });
    },
    claim: () => false,
    drop: () => undefined,
  };
  const out = await loadFile(path, 'f.csv', { ...READ, onFact: (f) => facts.push(f), split });
  return { out, facts, used };
}

/** Offsets just after each line feed, but the file's end. */
function lineStarts(bytes: Uint8Array): number[] {
  const at: number[] = [];
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) at.push(i + 1);
  return at;
}

/**
 * Cuts the file at every line start (at most `most` of them, spread out, or those of `only`);
 * returns how many cuts took the rest.
 */
async function expectSameAtEveryCut(
  path: string,
  most = 60,
  only?: (at: number) => boolean,
): Promise<{ cuts: number; used: number }> {
  const { detected } = await sniffFile(path, 'f.csv', READ).catch(() => ({ detected: null }));
  // The pipeline cuts only these (a line feed byte is never inside their characters).
  if (detected?.encoding !== 'utf-8' && detected?.encoding !== 'gb18030') return { cuts: 0, used: 0 };
  const one = await whole(path);
  const starts = lineStarts(readFileSync(path)).filter(only ?? (() => true));
  const step = Math.max(1, Math.ceil(starts.length / most));
  let used = 0;
  let cuts = 0;
  for (let k = 0; k < starts.length; k += step) {
    const two = await inTwo(path, starts[k]!);
    expect({ ...two.out, path, at: starts[k] }, `${path} cut at byte ${starts[k]}`).toEqual({
      ...one.out,
      path,
      at: starts[k],
    });
    expect(two.facts).toEqual(one.facts);
    cuts++;
    if (two.used) used++;
  }
  return { cuts, used };
}

/** The .csv files under a folder. */
const csvs = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? csvs(join(d, e.name)) : e.name.endsWith('.csv') ? [join(d, e.name)] : [],
  );

describe('a file read in two parts', () => {
  it('loads as in one piece, cut at any line, for every file of the bad-input catalogue', async () => {
    let cuts = 0;
    let used = 0;
    for (const f of csvs(CASES)) {
      const r = await expectSameAtEveryCut(f, 12);
      cuts += r.cuts;
      used += r.used;
    }
    expect(cuts).toBeGreaterThan(200);
    // Most cuts fall between clean records after the header: the rest is taken as read apart.
    expect(used).toBeGreaterThan(cuts / 3);
  }, 120_000);

  it('loads as in one piece for the demo shop’s order exports', async () => {
    const orders = join(ROOT, 'fixtures', 'demo', 'orders');
    for (const n of readdirSync(orders).slice(0, 3)) {
      const r = await expectSameAtEveryCut(join(orders, n), 25);
      expect(r.used).toBeGreaterThan(20);
    }
  }, 60_000);

  /** Two good lines of the 74-column export, with one more cell set on each. */
  const lines74 = (n: number, extra: Record<string, string> = {}) =>
    Array.from({ length: n }, (_, i) =>
      orderRow(ORDER_74, { 子订单编号: `\t69179267688236${String(40001 + i)}`, ...extra }),
    );
  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads on itself where the cut falls inside a quoted cell that holds line breaks', async () => {
    const rows = lines74(6);
    rows[3] = orderRow(ORDER_74, { 子订单编号: '\t6917926768823649999', 选购商品: '第一行\n第二行\n第三行' });
    const path = write('quoted.csv', csv([ORDER_74, ...rows]));
    const r = await expectSameAtEveryCut(path);
    expect(r.used).toBeLessThan(r.cuts);
    expect(r.used).toBeGreaterThan(0);
  });

  it('finds mixed line endings where the cut falls between them', async () => {
    // Past the first chunk (1 MiB), which the rest's reader reads for the header.
    const lf = csv([ORDER_74, ...lines74(4000)]);
    expect(Buffer.byteLength(lf)).toBeGreaterThan(1 << 20);
    const path = write('crlf-late.csv', lf + csv(lines74(3), '\r\n'));
    const edge = Buffer.byteLength(lf);
    const r = await expectSameAtEveryCut(path, 10, (at) => Math.abs(at - edge) < 3000);
    expect(r.cuts).toBeGreaterThan(5);
    // Before the change the rest's own reader meets it; at it, the two parts' endings differ; after
    // it, the part before stops at it: no cut takes the rest.
    expect(r.used).toBe(0);
  }, 30_000);

  it('finds mixed line endings across the cut, and invalid bytes or another header after it', async () => {
    const crlf = csv([ORDER_74, ...lines74(4)]) + csv(lines74(3, { 商品数量: '2' }), '\r\n');
    const bad = Buffer.concat([
      Buffer.from(csv([ORDER_74, ...lines74(5)])),
      Buffer.from([0xff, 0xfe, 0x2c, 0x0a]),
      Buffer.from(csv(lines74(2))),
    ]);
    const other = csv([ORDER_74, ...lines74(4), ['主订单编号', '子订单编号', '订单应付金额'], ...lines74(2)]);
    for (const [name, content] of [
      ['crlf.csv', crlf],
      ['bad-bytes.csv', bad],
      ['other-header.csv', other],
    ] as const) {
      const path = write(name, content);
      const one = await whole(path);
      expect(one.out.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      await expectSameAtEveryCut(path);
    }
  });

  // Summary rows checked against their file's sum (ad spend, premiums) are in the catalogue above.
  it('adds up Excel-cut ids and skipped rows over both parts', async () => {
    const cut = lines74(8).map((r, i) =>
      i % 2
        ? r
        : orderRow(ORDER_74, {
            子订单编号: `\t69179267688236${i}0000`,
            主订单编号: `\t6917926768823${i}00000`,
          }),
    );
    const path = write(
      'summary.csv',
      csv([
        ORDER_74,
        ...cut.slice(0, 4),
        [],
        ...cut.slice(4),
        orderRow(ORDER_74, { 主订单编号: '合计', 订单应付金额: '1.00' }),
      ]),
    );
    const one = await whole(path);
    expect(one.out.diagnostics.map((d) => d.code)).toEqual(['W_ID_PRECISION']);
    expect(one.out.stats.skipped).toEqual({ blank_line: 1, summary_row: 1 });
    const r = await expectSameAtEveryCut(path);
    expect(r.used).toBeGreaterThan(5);
  });

  it('reads a GB18030 export in two parts', async () => {
    const path = write('gb.csv', gb18030(csv([ORDER_74, ...lines74(10, { 选购商品: '连衣裙 红色 M码' })])));
    expect((await sniffFile(path, 'gb.csv', READ)).detected?.encoding).toBe('gb18030');
    const r = await expectSameAtEveryCut(path);
    expect(r.used).toBeGreaterThan(5);
  });
});
