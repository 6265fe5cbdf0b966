/**
 * `entries(kinds, { reuse: true })` and `forEach` must hand out the very same sequence as fresh
 * objects, only cheaper.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookLedger, cellKey, orderKey } from '../../src/ledger/book.js';
import { ENTRY_KINDS, NO_KEYS, type Entry } from '../../src/ledger/entry.js';
import { CommissionStore, PremiumStore } from '../../src/ledger/fact-stores.js';
import type { CommissionFact, OrderLineFact, PremiumFact } from '../../src/ledger/facts.js';
import { LineStore } from '../../src/ledger/line-store.js';
import { ad, commission, facts, fixedCost, line, premium, SETTINGS, unitCost } from '../helpers/facts.js';
import { randomShop } from './book-shop.js';

/** A copy of what an entry shows, read key by key (the reused object computes its ids on demand). */
const KEYS = ['date', 'kind', 'amount', ...Object.keys(NO_KEYS), 'source'] as (keyof Entry)[];
function copy(e: Entry): Entry {
  return Object.fromEntries(KEYS.map((k) => [k, e[k]])) as unknown as Entry;
}

describe('bookLedger entries with reuse', () => {
  it('yields, copied one by one, exactly what the allocating generator yields', () => {
    const ledger = bookLedger(
      facts({
        lines: [
          line({ order: 'O1', line: 'L1', sku: 'SKU1', gmv: 5990, units: 2 }),
          line({ order: 'O1', line: 'L2', sku: 'SKU2', gmv: 2990, units: 1, refunded: true, shipped: true }),
          line({ order: 'O2', line: 'O2', sku: 'SKU1', gmv: 990, units: 1, refunded: true, shipped: false }),
        ],
        commissions: [
          commission({ line: 'L1', amount: 600 }),
          commission({ line: 'L2', amount: 300 }),
          commission({ line: 'X', amount: 5 }),
        ],
        premiums: [
          premium({ policy: 'P1', target: 'O1', amount: 90 }),
          premium({ policy: 'P2', target: 'O2', amount: 30 }),
        ],
        ads: [ad({ spend: 1000 })],
        unitCosts: [unitCost({ sku: 'SKU1', unitCost: 2000 }), unitCost({ sku: 'SKU2', unitCost: 1000 })],
        fixedCosts: [fixedCost({ amount: 3000 })],
      }),
      SETTINGS,
    );
    const fresh = [...ledger.entries()];
    const reused: Entry[] = [];
    for (const e of ledger.entries(undefined, { reuse: true })) reused.push(copy(e));
    expect(reused).toEqual(fresh);
    expect(fresh.length).toBeGreaterThan(10);
    const kinds = new Set<Entry['kind']>(['gmv', 'insurance']);
    const some: Entry[] = [];
    for (const e of ledger.entries(kinds, { reuse: true })) some.push(copy(e));
    expect(some).toEqual(fresh.filter((e) => kinds.has(e.kind)));
  });
});

describe('bookLedger forEach, orderKey and cellKey', () => {
  const shops = fc
    .integer({ min: 1, max: 2 ** 31 - 1 })
    .map((seed) => bookLedger(randomShop(seed), SETTINGS));

  it('forEach hands out, copied one by one, exactly what the allocating generator yields', () => {
    fc.assert(
      fc.property(shops, fc.subarray([...ENTRY_KINDS]), (ledger, kinds) => {
        for (const only of [undefined, new Set(kinds)]) {
          const visited: Entry[] = [];
          ledger.forEach!(only, (e) => visited.push(copy(e)));
          expect(visited).toEqual([...ledger.entries(only)]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('orderKey and cellKey tell entries apart as their order and keys do', () => {
    /** Each value of `key` goes with one value of `of`. */
    const oneEach = (pairs: [unknown, unknown][]) => {
      const m = new Map<unknown, Set<unknown>>();
      for (const [k, v] of pairs) m.set(k, (m.get(k) ?? new Set()).add(v));
      for (const vs of m.values()) expect(vs.size).toBe(1);
    };
    fc.assert(
      fc.property(shops, (ledger) => {
        const seen: { order: unknown; key: unknown; cell: number; keys: string }[] = [];
        ledger.forEach!(undefined, (e) => {
          const keys = JSON.stringify([e.product, e.sku, e.channel, e.author]);
          seen.push({ order: e.order, key: orderKey(e), cell: cellKey(e), keys });
        });
        oneEach(seen.map((s) => [s.key, s.order]));
        oneEach(seen.map((s) => [s.order, s.key]));
        oneEach(seen.filter((s) => s.cell >= 0).map((s) => [s.cell, s.keys]));
        // Entries of no line have no cell; those of a line have one.
        for (const s of seen) expect(s.cell >= 0).toBe(s.order !== null);
      }),
      { numRuns: 40 },
    );
  });
});

describe('bookLedger takes the stores', () => {
  it('books stores as it books the same facts listed, and frees the stores’ lookups once rows are matched', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const shop = randomShop(seed);
        const stores = {
          ...shop,
          lines: new LineStore(),
          commissions: new CommissionStore(),
          premiums: new PremiumStore(),
        };
        for (const f of shop.lines as OrderLineFact[]) stores.lines.set(f.line, f);
        for (const f of shop.commissions as CommissionFact[]) stores.commissions.set(f.line, f);
        for (const f of shop.premiums as PremiumFact[]) stores.premiums.set(f.policy, f);
        const listed = [...bookLedger(shop, SETTINGS).entries()];
        expect([...bookLedger(stores, SETTINGS).entries()]).toEqual(listed);
        const [l, c, p] = [
          [...stores.lines][0],
          [...stores.commissions][0],
          (shop.premiums as PremiumFact[])[0],
        ];
        if (l) expect(() => stores.lines.find(l.line)).toThrow(/freed/);
        if (c) expect(() => stores.commissions.get(c.line)).toThrow(/freed/);
        // The premiums' policies are freed too (a booked ledger never reads them): no fact reads back.
        if (p) {
          expect(() => stores.premiums.get(p.policy)).toThrow(/freed/);
          expect(() => stores.premiums.fact(0)).toThrow(/policies were freed/);
        }
      }),
      { numRuns: 40 },
    );
  });
});
