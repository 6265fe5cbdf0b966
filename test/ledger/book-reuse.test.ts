/** `entries(kinds, { reuse: true })` must yield the very same sequence as fresh objects, only cheaper. */
import { describe, expect, it } from 'vitest';
import { bookLedger } from '../../src/ledger/book.js';
import { NO_KEYS, type Entry } from '../../src/ledger/entry.js';
import { ad, commission, facts, fixedCost, line, premium, SETTINGS, unitCost } from '../helpers/facts.js';

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
