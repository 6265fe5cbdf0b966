import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropSpares, SourceRuns } from '../../src/ledger/columns.js';

/** Where a row was read: an origin and a line. */
type Where = readonly [origin: number, line: number];

/** Lines that are no 32-bit word, or the word kept for them: each must read back as it is. */
const oddLine = fc.constantFrom(-0, NaN, 0.5, -1, 2 ** 32 + 1, 0xffffffff, 0xfffffffe, 1e300);

/** Checks every row, in order, backwards and in `order`, against `model` (lines to the sign of 0). */
function expectRows(runs: SourceRuns, model: readonly Where[], order: readonly number[] = []): void {
  const wrong: [number, Where, Where][] = [];
  const check = (i: number) => {
    const got: Where = [runs.originOf(i), runs.lineOf(i)];
    const want = model[i]!;
    if (got[0] !== want[0] || !Object.is(got[1], want[1])) wrong.push([i, got, want]);
  };
  for (let i = 0; i < model.length; i++) check(i);
  for (let i = model.length - 1; i >= 0; i--) check(i);
  for (const k of order) if (model.length > 0) check(k % model.length);
  expect(wrong.slice(0, 5)).toEqual([]);
}

/**
 * Runs as few as rows appended in this order can be: a run starts at another origin or a line not the
 * last + 1, and after a line that is no word (a run that starts there is one row).
 */
function fewestRuns(rows: readonly Where[]): number {
  let n = 0;
  let fromWord = false;
  rows.forEach(([o, l], i) => {
    const p = rows[i - 1];
    if (p && p[0] === o && fromWord && l === p[1] + 1) return;
    n++;
    fromWord = Number.isInteger(l) && l >= 0 && l < 0xffffffff && !Object.is(l, -0);
  });
  return n;
}

/** A write: the next row one line down, a line skipped, another origin, an odd line, or a row written again. */
const anyWrite = fc.oneof(
  { arbitrary: fc.constant({ kind: 'next' as const }), weight: 6 },
  fc.record({ kind: fc.constant('skip' as const), by: fc.integer({ min: 2, max: 5 }) }),
  fc.record({ kind: fc.constant('origin' as const), origin: fc.nat(3), line: fc.nat(100_000) }),
  fc.record({ kind: fc.constant('odd' as const), line: oddLine }),
  fc.record({
    kind: fc.constant('again' as const),
    row: fc.nat(),
    origin: fc.nat(3),
    line: fc.oneof(fc.nat(100_000), oddLine),
    same: fc.boolean(),
  }),
);

describe('SourceRuns', () => {
  it('holds rows read one line after another as one run, across pages of rows', () => {
    const runs = new SourceRuns();
    const model: Where[] = [];
    const put = (o: number, l: number) => {
      runs.set(model.length, o, l);
      model.push([o, l]);
    };
    for (let i = 0; i < 200_000; i++) put(3, i + 2);
    expect(runs.runs).toBe(1);
    put(3, 200_003); // a line skipped
    put(3, 200_004);
    put(0, 200_005); // another origin, at the next line
    put(0, 200_005); // the same line again (a record of several lines read as one is the other way)
    put(0, 200_004);
    put(0, 2 ** 32 - 2); // the last line a word holds goes on beyond it
    put(0, 2 ** 32 - 1);
    put(0, 2 ** 32);
    expect(runs.runs).toBe(6);
    expect(runs.rewrites).toBe(0);
    expectRows(runs, model, [0, 199_999, 200_000, 5, 200_004, 200_003, 1]);
  });

  it('reads every row back as last written, for any writes', () => {
    fc.assert(
      fc.property(
        fc.array(anyWrite, { maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (writes, order) => {
          const runs = new SourceRuns();
          const model: Where[] = [];
          const appended: Where[] = [];
          for (const w of writes) {
            const last = model[model.length - 1] ?? [0, 1];
            let at = model.length;
            let where: Where;
            if (w.kind === 'next') where = [last[0], last[1] + 1];
            else if (w.kind === 'skip') where = [last[0], last[1] + w.by];
            else if (w.kind === 'origin') where = [w.origin, w.line];
            else if (w.kind === 'odd') where = [last[0], w.line];
            else {
              if (model.length === 0) continue;
              at = w.row % model.length;
              // Written again as it was, or as it was first appended: nothing is kept aside then.
              where = w.same ? (w.row & 1 ? model[at]! : appended[at]!) : [w.origin, w.line];
            }
            runs.set(at, where[0], where[1]);
            model[at] = where;
            if (at === appended.length) appended.push(where);
          }
          expectRows(runs, model, order);
          expect(runs.runs).toBe(fewestRuns(appended));
          const differ = model.filter(
            (m, i) => m[0] !== appended[i]![0] || !Object.is(m[1], appended[i]![1]),
          );
          expect(runs.rewrites).toBe(differ.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a row in the middle of a run written again, again, and back as it was', () => {
    const runs = new SourceRuns();
    for (let i = 0; i < 100; i++) runs.set(i, 1, i + 2);
    runs.set(50, 2, 7);
    runs.set(50, 1, 9);
    expect([runs.originOf(50), runs.lineOf(50), runs.rewrites]).toEqual([1, 9, 1]);
    expect([49, 51].map((i) => [runs.originOf(i), runs.lineOf(i)])).toEqual([
      [1, 51],
      [1, 53],
    ]);
    runs.set(50, 1, 52);
    expect([runs.originOf(50), runs.lineOf(50), runs.rewrites, runs.runs]).toEqual([1, 52, 0, 1]);
    // Written again and again, a row keeps one slot aside: the runs are not made anew for it.
    for (let k = 0; k < 5000; k++) runs.set(50, k & 1, k);
    expect([runs.originOf(50), runs.lineOf(50), runs.rewrites, runs.runs]).toEqual([1, 4999, 1, 1]);
    runs.set(50, 1, 52);
    // Rows appended after it go on with the run, as its lines say.
    runs.set(100, 1, 102);
    expect([runs.lineOf(100), runs.runs]).toEqual([102, 1]);
  });

  it('makes its runs anew once many rows are written again: rows written again in order are runs too', () => {
    const runs = new SourceRuns();
    const model: Where[] = [];
    // A first export of 20 000 rows, a row skipped every 1 000.
    for (let i = 0; i < 20_000; i++) {
      const w: Where = [0, i + 2 + Math.floor(i / 1000)];
      runs.set(i, 0, w[1]);
      model.push(w);
    }
    expect(runs.runs).toBe(20);
    // A second export of the same rows, later: each row kept from it, in order, from line 2.
    for (let i = 0; i < 20_000; i++) {
      runs.set(i, 1, i + 2);
      model[i] = [1, i + 2];
    }
    expectRows(runs, model);
    // Made anew at 4 096 rows aside, and again: what is aside is the rows since, the rest is one run.
    // One run for rows 0 … 16 383, then the first export's from row 16 384 on.
    expect([runs.rewrites, runs.runs]).toEqual([20_000 - 16_384, 1 + 4]);
  });

  it('makes its runs anew with rows written again in any order, odd lines and rows written twice', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ length: fc.integer({ min: 1000, max: 3000 }), origin: fc.nat(2), line: fc.nat(1000) }),
          { minLength: 5, maxLength: 8 },
        ),
        fc.array(
          fc.record({
            row: fc.nat(),
            length: fc.integer({ min: 1500, max: 2000 }),
            origin: fc.nat(2),
            line: fc.oneof(fc.nat(1000), oddLine),
          }),
          { minLength: 3, maxLength: 12 },
        ),
        (appends, again) => {
          const runs = new SourceRuns();
          const model: Where[] = [];
          for (const a of appends)
            for (let k = 0; k < a.length; k++) {
              runs.set(model.length, a.origin, a.line + k);
              model.push([a.origin, a.line + k]);
            }
          for (const a of again)
            for (let k = 0; k < a.length; k++) {
              const i = (a.row + k) % model.length;
              const line = k === 0 ? a.line : a.line + k;
              runs.set(i, a.origin, line);
              model[i] = [a.origin, line];
            }
          expectRows(runs, model, [7, 4099, 1, 3000]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('frees the runs below a row once released, and reads the rows from it on', () => {
    const runs = new SourceRuns();
    const model: Where[] = [];
    // A run every 3 rows, every other from another origin: 3 pages of runs.
    for (let i = 0; i < 3 * 65_536 * 3; i++) {
      const w: Where = [Math.floor(i / 3) % 2, i + Math.floor(i / 3)];
      runs.set(i, w[0], w[1]);
      model.push(w);
    }
    const pages = (runs as unknown as { pages: (Uint32Array | undefined)[] }).pages;
    expect(pages.length).toBe(3);
    const end = 2 * 65_536 * 3 + 5;
    runs.release(end);
    expect(pages.map((p) => p === undefined)).toEqual([true, true, false]);
    const wrong: number[] = [];
    for (const i of [model.length - 1, end, end + 1, model.length - 2, end + 2, end + 400])
      if (runs.originOf(i) !== model[i]![0] || runs.lineOf(i) !== model[i]![1]) wrong.push(i);
    for (let i = end; i < model.length; i++)
      if (runs.originOf(i) !== model[i]![0] || runs.lineOf(i) !== model[i]![1]) wrong.push(i);
    expect(wrong).toEqual([]);
    // Released to the end: the last run stays, and nothing breaks.
    runs.release(model.length);
    expect(runs.lineOf(model.length - 1)).toBe(model[model.length - 1]![1]);
    expect(() => new SourceRuns().release(10)).not.toThrow();
    dropSpares();
  });

  it('refuses an origin it could not read back', () => {
    for (const o of [-1, 0.5, 2 ** 32, NaN]) expect(() => new SourceRuns().set(0, o, 1)).toThrow(RangeError);
  });
});
