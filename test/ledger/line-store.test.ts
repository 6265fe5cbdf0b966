import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderLineFact } from '../../src/ledger/facts.js';
import type { SourceRuns } from '../../src/ledger/columns.js';
import { LineStore, Remap } from '../../src/ledger/line-store.js';
import { line } from '../helpers/facts.js';
import { anyOrderLine } from '../helpers/shapes.js';

const NO_DAY = -2147483648;

/** The runs a store holds of where its rows were read. */
const runsOf = (store: LineStore): number => (store as unknown as { sources: SourceRuns }).sources.runs;
const anyLine = anyOrderLine();

/** `paidAt ?? paidDay` ordered as text, as `paidRank` must order it. */
function textOrder(a: OrderLineFact, b: OrderLineFact): number {
  const [ta, tb] = [a.paidAt ?? a.paidDay ?? '', b.paidAt ?? b.paidDay ?? ''];
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Checks that every kept line reads back, whole and column by column, as the last fact set under its id. */
function expectKept(store: LineStore, model: ReadonlyMap<string, OrderLineFact>): void {
  expect(store.size).toBe(model.size);
  expect([...store.values()]).toStrictEqual([...model.values()]);
  const kept: [number, OrderLineFact][] = [];
  for (const [id, f] of model) {
    const i = store.find(id);
    kept.push([i, f]);
    expect(store.get(id)).toStrictEqual(f);
    expect(store.lineIds.idOf(i)).toBe(id);
    expect(store.orderIds.idOf(store.orderOf(i))).toBe(f.order);
    const c = store.cellOfLine(i);
    expect(store.cells[store.cellIndexOf(i)]).toBe(c);
    expect([c.productId, c.skuCode, c.sku, c.skuName, c.channel, c.author]).toStrictEqual([
      f.productId,
      f.skuCode,
      f.sku,
      f.skuName,
      f.channel,
      f.author,
    ]);
    expect([store.units(i), store.gmv(i), store.refunded(i), store.shipped(i)]).toStrictEqual([
      f.units,
      f.gmv,
      f.refunded,
      f.shipped,
    ]);
    expect([store.paidDay(i), store.paidAt(i), store.exportedAt(i), store.source(i)]).toStrictEqual([
      f.paidDay,
      f.paidAt,
      f.exportedAt,
      f.source,
    ]);
    expect(store.dayNumberOf(i)).toBe(
      f.paidDay === null ? NO_DAY : Date.parse(`${f.paidDay}T00:00:00Z`) / 86_400_000,
    );
  }
  // Ranks order lines as their text does; a line has none without a day or with a time of another shape.
  const ranked = kept.filter(([i]) => store.paidRank(i) !== null);
  for (const [i, f] of kept) {
    const standard = f.paidAt === null || /^\d{4}-\d\d-\d\d ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(f.paidAt);
    const sameDay = f.paidAt === null || f.paidAt.startsWith(f.paidDay ?? '-');
    expect(store.paidRank(i) !== null).toBe(f.paidDay !== null && standard && sameDay);
  }
  for (let k = 0; k + 1 < ranked.length; k++) {
    const [[a, fa], [b, fb]] = [ranked[k]!, ranked[k + 1]!];
    expect(Math.sign(store.paidRank(a)! - store.paidRank(b)!)).toBe(textOrder(fa, fb));
  }
}

describe('LineStore', () => {
  it('reads every line back as the very fact last kept under its id', () => {
    fc.assert(
      fc.property(
        fc.array(anyLine, { maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), anyLine), { maxLength: 30 }),
        (facts, overwrites) => {
          const store = new LineStore();
          const model = new Map<string, OrderLineFact>();
          const keep = (f: OrderLineFact) => {
            store.set(f.line, f);
            model.set(f.line, f);
          };
          facts.forEach(keep);
          const ids = [...model.keys()];
          for (const [k, f] of overwrites) keep(ids.length ? { ...f, line: ids[k % ids.length]! } : f);
          expectKept(store, model);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('forgets its lookups: every line still reads back, column by column, but no line is found', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 60 }), (facts) => {
        const store = new LineStore();
        const model = new Map<string, OrderLineFact>();
        for (const f of facts) {
          store.set(f.line, f);
          model.set(f.line, f);
        }
        store.forgetLookups();
        expect([...store.values()]).toStrictEqual([...model.values()]);
        const [first] = model.values();
        expect(() => store.find(first!.line)).toThrow(/freed/);
        expect(() => store.set(first!.line, first!)).toThrow(/freed/);
        expect(() => store.orderIds.find(first!.order)).toThrow(/freed/);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps lines of more distinct days than fit its day-and-time word, and moves them in and out', () => {
    const store = new LineStore();
    const model = new Map<string, OrderLineFact>();
    const keep = (f: OrderLineFact) => {
      store.set(f.line, f);
      model.set(f.line, f);
    };
    const dayOf = (k: number) => new Date(Date.UTC(1900, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
    const n = 33_000;
    for (let k = 0; k < n; k++) {
      const paidDay = dayOf(k);
      const paidAt = k % 3 === 0 ? null : k % 3 === 1 ? `${paidDay} 23:59:59` : `${paidDay} 7:00`;
      keep(line({ line: `L${k}`, order: `O${k >> 1}`, paidDay, paidAt }));
    }
    // The last lines were kept aside; a line of an early day now takes one's place, and back.
    keep(line({ line: `L${n - 1}`, paidDay: dayOf(5), paidAt: null }));
    keep(line({ line: `L${n - 2}`, paidDay: null, paidAt: null }));
    keep(line({ line: `L5`, paidDay: dayOf(n - 1), paidAt: `${dayOf(n - 1)} 00:00:00` }));
    const wrong = [...model].filter(([id, f]) => {
      const i = store.find(id);
      const rank = store.paidRank(i);
      const want =
        f.paidDay === null ||
        (f.paidAt !== null && !f.paidAt.endsWith(':00:00') && !f.paidAt.endsWith(':59:59'))
          ? null
          : (Date.parse(`${f.paidDay}T00:00:00Z`) / 86_400_000) * 86_401 +
            (f.paidAt === null ? 0 : f.paidAt.endsWith('23:59:59') ? 86_400 : 1);
      return JSON.stringify(store.fact(i)) !== JSON.stringify(f) || rank !== want;
    });
    expect(wrong).toEqual([]);
  });

  it('tells thousands of cells apart, keys that differ only in the middle too, null from empty', () => {
    const store = new LineStore();
    const skus = Array.from({ length: 60 }, (_, k) => `LY-0${String(k).padStart(2, '0')}-SKU-01`);
    const names = [null, '', '澜屿防晒冰袖', '澜屿防晒X冰袖', '澜屿防晒Y冰袖'];
    const facts: OrderLineFact[] = [];
    for (const sku of skus)
      for (const skuName of names)
        for (const productId of [null, '', '3746135339556083561', '3746135339556183561'])
          for (const author of ['ly_author_012', 'ly_author_112'])
            facts.push(line({ line: `L${facts.length}`, sku, skuName, productId, author, skuCode: null }));
    facts.forEach((f) => store.set(f.line, f));
    expect(store.cells.length).toBe(facts.length);
    expect(facts.filter((f, i) => JSON.stringify(store.fact(i)) !== JSON.stringify(f))).toEqual([]);
    // The same keys again, as other strings: the same cells.
    const again = facts.map((f) => ({ ...f, line: `M${f.line}`, sku: (' ' + f.sku).slice(1) }));
    again.forEach((f) => store.set(f.line, f));
    expect(store.cells.length).toBe(facts.length);
    expect(again.filter((f, k) => store.cellIndexOf(store.find(f.line)) !== store.cellIndexOf(k))).toEqual(
      [],
    );
  });

  it('absorbs the new lines of another store as read lines further down, in runs as the lines go on', () => {
    const other = new LineStore();
    const facts: OrderLineFact[] = [];
    // b.csv from line 2, three lines skipped at the 500th row; then c.csv, of another export time.
    for (let k = 0; k < 1000; k++)
      facts.push(
        line({
          line: `L${k}`,
          exportedAt: 7,
          source: { file: 'orders/b.csv', line: k + 2 + (k < 500 ? 0 : 3) },
        }),
      );
    for (let k = 0; k < 10; k++)
      facts.push(line({ line: `C${k}`, exportedAt: null, source: { file: 'orders/c.csv', line: k + 2 } }));
    for (const f of facts) other.set(f.line, f);
    expect(runsOf(other)).toBe(3);
    const store = new LineStore();
    const known = line({ line: 'L3', exportedAt: 7, source: { file: 'orders/a.csv', line: 2 } });
    store.set(known.line, known);
    const map = new Remap();
    expect(facts.filter((_, j) => !store.absorb(other, j, 100, map)).map((f) => f.line)).toEqual(['L3']);
    const moved = (f: OrderLineFact) => ({ ...f, source: { ...f.source, line: f.source.line + 100 } });
    expect([...store.values()]).toStrictEqual([known, ...facts.filter((f) => f !== facts[3]).map(moved)]);
    // a.csv; b.csv to L2, from L4 (L3 was not absorbed) and from the lines skipped; c.csv.
    expect(runsOf(store)).toBe(5);
  });

  it('refuses a fact under another key, and units or stages it could not hold', () => {
    const store = new LineStore();
    expect(() => store.set('L2', line())).toThrow(/key L2/);
    for (const units of [-1, 1.5, 2 ** 32])
      expect(() => store.set('L1', line({ units }))).toThrow(RangeError);
    for (const stage of [-1, 64, 0.5]) expect(() => store.set('L1', line({ stage }))).toThrow(RangeError);
  });
});

describe('OrderIds', () => {
  /** Line and order ids from one small pool (Douyin ids and text ids), so that an order often has a line's id. */
  const pool = fc.constantFrom(
    '6917926768823640001',
    '6917926768823640002',
    '6917926768823640003',
    'A',
    'B',
    'C',
  );
  const anyWrite = fc.record({ line: pool, order: pool });

  /** Every line's order reads back, and its id finds the very order the lines of that id are in. */
  function expectOrders(store: LineStore, model: ReadonlyMap<string, string>): void {
    const byId = new Map<string, number>();
    for (let i = 0; i < store.size; i++) {
      const [id, o] = [model.get(store.lineIds.idOf(i))!, store.orderOf(i)];
      expect(store.orderIds.idOf(o)).toBe(id);
      expect(store.orderIds.find(id)).toBe(o);
      expect(byId.get(id) ?? o).toBe(o);
      byId.set(id, o);
    }
  }

  it('finds each order its lines are in, whatever ids orders and lines share and however lines are written again', () => {
    fc.assert(
      fc.property(fc.array(anyWrite, { maxLength: 40 }), (writes) => {
        const store = new LineStore();
        const model = new Map<string, string>();
        for (const w of writes) {
          store.set(w.line, line(w));
          model.set(w.line, w.order);
        }
        expectOrders(store, model);
      }),
      { numRuns: 500 },
    );
  });

  it('holds an order with its first line’s id as that line, and other ids in a table of their own', () => {
    const store = new LineStore();
    const write = (l: string, o: string) => store.set(l, line({ line: l, order: o }));
    write('6917926768823640001', '6917926768823640001'); // an order of one line
    write('6917926768823640002', '6917926768823640009'); // an order of two lines, ids of their own
    write('6917926768823640003', '6917926768823640009');
    write('A', 'A');
    write('B', 'A'); // a second line of the order with A's id
    expect(store.orderIds.size).toBe(3);
    expect(store.orderIds.named.size).toBe(1);
    expect([0, 1, 2, 3, 4].map((i) => store.orderOf(i))).toEqual([0, 1, 1, 2, 2]);
    // A leaves its order (a newer export preferred): the order keeps the id A for B and for lines to come.
    write('A', 'C');
    write('D', 'A');
    expect(store.orderIds.named.size).toBe(3);
    expect([store.orderOf(3), store.orderOf(4), store.orderOf(5)]).toEqual([3, 2, 2]);
    expect([store.orderIds.idOf(2), store.orderIds.idOf(3)]).toEqual(['A', 'C']);
    expect(store.orderIds.find('A')).toBe(2);
    expect(store.orderIds.find('Z')).toBe(-1);
  });

  it('gives a store that absorbs another’s lines the orders it would give those lines set in it', () => {
    fc.assert(
      fc.property(fc.array(anyWrite, { maxLength: 30 }), fc.nat(), (writes, cut) => {
        // Each line once: absorbing is for lines new here (the others are merged as facts).
        const firsts = [...new Map(writes.map((w) => [w.line, w])).values()];
        const k = cut % (firsts.length + 1);
        const direct = new LineStore();
        for (const w of firsts) direct.set(w.line, line(w));
        const here = new LineStore();
        const other = new LineStore();
        for (const w of firsts.slice(0, k)) here.set(w.line, line(w));
        for (const w of firsts.slice(k)) other.set(w.line, line(w));
        other.forgetLookups(); // as the second thread sends its logs
        const map = new Remap();
        for (let j = 0; j < other.size; j++) expect(here.absorb(other, j, 0, map)).toBe(true);
        expect(here.size).toBe(direct.size);
        for (let i = 0; i < here.size; i++) {
          expect(here.orderOf(i)).toBe(direct.orderOf(i));
          expect(here.orderIds.idOf(here.orderOf(i))).toBe(direct.orderIds.idOf(direct.orderOf(i)));
        }
        expect(here.orderIds.named.size).toBe(direct.orderIds.named.size);
      }),
      { numRuns: 300 },
    );
  });
});
