/** The compact structures booking walks: orders' lines (OrderLines) and rows by line (RowsByLine). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookLedger, OrderLines, RowsByLine } from '../../src/ledger/book.js';
import { LineStore } from '../../src/ledger/line-store.js';
import { facts, line, premium, SETTINGS } from '../helpers/facts.js';

/** A store whose line i is of order `O${orders[i]}`. */
function storeOf(orders: readonly number[]): LineStore {
  const store = new LineStore();
  orders.forEach((o, i) => store.set(`L${i}`, line({ order: `O${o}`, line: `L${i}` })));
  return store;
}

/** What OrderLines must give: each order's lines ascending, orders by their first line. */
function expected(orders: readonly number[]): number[][] {
  const byOrder = new Map<number, number[]>();
  orders.forEach((o, i) => {
    const list = byOrder.get(o);
    if (list) list.push(i);
    else byOrder.set(o, [i]);
  });
  return [...byOrder.values()];
}

function walk(store: LineStore): { groups: number[][]; firstOfOrder: Int32Array } {
  const lines = OrderLines.of(store);
  const groups: number[][] = [];
  for (let head = 0; head < store.size; head++) {
    if (!lines.isFirst(head)) continue;
    const g: number[] = [];
    for (let i = head; i >= 0; i = lines.next(i)) g.push(i);
    groups.push(g);
  }
  // Every order id index, asked for backwards, then a -1.
  const asked = Int32Array.from({ length: store.orderIds.size + 1 }, (_, k) => store.orderIds.size - 1 - k);
  const firsts = lines.firstLines(asked);
  expect(firsts[asked.length - 1]).toBe(-1);
  return { groups, firstOfOrder: firsts.subarray(0, -1).reverse() };
}

/** Orders as runs (order, length): long runs make few jumps, short ones many. */
const runs = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 20 })), { maxLength: 40 })
  .map((rs) => rs.flatMap(([o, len]) => Array<number>(len).fill(o)));

describe('OrderLines', () => {
  it('lists each order once, at its first line, with its lines in kept order', () => {
    fc.assert(
      fc.property(fc.oneof(runs, fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 150 })), (orders) => {
        const store = storeOf(orders);
        const { groups, firstOfOrder } = walk(store);
        expect(groups).toEqual(expected(orders));
        for (const g of groups) expect(firstOfOrder[store.orderOf(g[0]!)]).toBe(g[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('contiguous orders, a few jumps (held sparse), and interleaved orders (held per line)', () => {
    const cases = [
      [0, 0, 1, 2, 2, 2, 3],
      // One jump among 40 lines: order 0 comes back at the end.
      [...Array<number>(20).fill(0), ...Array.from({ length: 19 }, (_, k) => k + 1), 0],
      // Every line a jump.
      Array.from({ length: 40 }, (_, k) => k % 2),
    ];
    for (const orders of cases) expect(walk(storeOf(orders)).groups).toEqual(expected(orders));
  });

  it('an order id with no kept line has no first line', () => {
    const store = storeOf([0, 1]);
    // Line L1 moves to order O0: O1 keeps its id index but no line.
    store.set('L1', line({ order: 'O0', line: 'L1' }));
    const { groups, firstOfOrder } = walk(store);
    expect(groups).toEqual([[0, 1]]);
    expect([...firstOfOrder]).toEqual([0, -1]);
  });
});

describe('RowsByLine', () => {
  it("lists each line's rows in row order, and none for a line without", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 130 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(fc.integer({ min: -2, max: n - 1 }), { maxLength: 200 })),
          ),
        ([n, lineOf]) => {
          const rows = new RowsByLine(Int32Array.from(lineOf), n);
          for (let i = 0; i < n; i++) {
            const want = lineOf.flatMap((l, j) => (l === i ? [j] : []));
            const k = rows.slot(i);
            const got: number[] = [];
            if (k >= 0) for (let p = rows.begin(k); p < rows.begin(k + 1); p++) got.push(rows.row(p));
            expect(k >= 0).toBe(want.length > 0);
            expect(got).toEqual(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds rows on the 32nd line of a word and after it', () => {
    const rows = new RowsByLine(Int32Array.from([31, 32, 31, 63, 64]), 65);
    const of = (i: number) => {
      const k = rows.slot(i);
      return k < 0
        ? []
        : Array.from({ length: rows.begin(k + 1) - rows.begin(k) }, (_, q) => rows.row(rows.begin(k) + q));
    };
    expect([of(30), of(31), of(32), of(63), of(64)]).toEqual([[], [0, 2], [1], [3], [4]]);
  });
});

describe('bookLedger: an order whose lines others separate', () => {
  it('books its entries together, its parcel and its premium split over all its lines', () => {
    const ledger = bookLedger(
      facts({
        lines: [
          line({ order: 'A', line: 'A1', units: 1, gmv: 1000 }),
          line({ order: 'B', line: 'B1', units: 1, gmv: 500 }),
          line({ order: 'A', line: 'A2', units: 2, gmv: 3000 }),
        ],
        premiums: [premium({ policy: 'P', target: 'A', amount: 101 })],
      }),
      { ...SETTINGS, platformFeeRate: null },
    );
    const got = [...ledger.entries(new Set(['gmv', 'shipping', 'insurance']))].map(
      (e) => `${e.order} ${e.line} ${e.kind} ${e.amount}`,
    );
    expect(got).toEqual([
      'A A1 gmv 1000',
      'A A2 gmv 3000',
      // 400 by units 1:2 is 133.33 and 266.67: the remainder goes to the larger.
      'A A1 shipping -133',
      'A A2 shipping -267',
      // 101 by gmv 1000:3000 is 25.25 and 75.75.
      'A A1 insurance -25',
      'A A2 insurance -76',
      'B B1 gmv 500',
      'B B1 shipping -400',
    ]);
  });
});
