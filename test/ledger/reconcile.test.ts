import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookLedger, eachEntry, type Ledger } from '../../src/ledger/book.js';
import type { Entry } from '../../src/ledger/entry.js';
import { BookedSums, FileTally, RECONCILED_KINDS } from '../../src/ledger/reconcile.js';
import { SETTINGS } from '../helpers/facts.js';
import { reportOf } from '../helpers/report.js';
import { randomShop } from './book-shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`reconcile.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

/** file → kind → sum of the entries of RECONCILED_KINDS, from the ledger's own walk. */
function sumsOf(ledger: Ledger): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  eachEntry(ledger, RECONCILED_KINDS, (e: Entry) => {
    const byKind = out.get(e.source.file) ?? new Map<string, number>();
    byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + e.amount);
    out.set(e.source.file, byKind);
  });
  return out;
}

/** What `sums` booked, as one tally per file and reconciled amount that always balances. */
function talliesFor(sums: Map<string, Map<string, number>>): FileTally[] {
  const kinds = {
    gmv: 'order_line',
    commission: 'commission',
    insurance: 'premium',
    ad_spend: 'ad_spend',
  } as const;
  const out: FileTally[] = [];
  for (const [file, byKind] of sums)
    for (const [kind, amount] of byKind) {
      const t = new FileTally(file, kinds[kind as keyof typeof kinds] ?? 'fixed_cost');
      t.input = kind === 'gmv' ? amount : -amount;
      out.push(t);
    }
  return out;
}

describe('BookedSums', () => {
  it("fed by the report's two passes, sums what a walk of the ledger's reconciled kinds sums, whatever the period", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom<[string | null, string | null]>(
          [null, null],
          ['2026-09-02', '2026-09-02'],
          ['2026-10-01', '2026-10-31'],
        ),
        (shop, [from, to]) => {
          const ledger = bookLedger(randomShop(shop), SETTINGS);
          const own = sumsOf(ledger);
          const fed = new BookedSums();
          reportOf(ledger, { visitor: fed, from, to });
          const tallies = talliesFor(own);
          const reconciled = fed.against(tallies);
          expect(reconciled).toHaveLength(tallies.length);
          for (const r of reconciled)
            expect(r, `${r.file} ${r.amount}`).toMatchObject({ ok: true, input: r.ledger });
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  it('names what does not balance: input − duplicates against what was booked, per file and amount', () => {
    const sums = new BookedSums();
    const at = (file: string) => ({ file, line: 2 });
    sums.visit({ kind: 'gmv', amount: 1000, source: at('a.csv') } as Entry);
    sums.visit({ kind: 'gmv', amount: 500, source: at('a.csv') } as Entry);
    sums.visit({ kind: 'commission', amount: -120, source: at('c.csv') } as Entry);
    sums.visit({ kind: 'gmv', amount: 1, source: at('a.csv') } as Entry);
    const orders = new FileTally('a.csv', 'order_line');
    orders.input = 1700;
    orders.dropped = 199;
    const commissions = new FileTally('c.csv', 'commission');
    commissions.input = 130;
    const unknown = new FileTally('u.csv', 'premium');
    expect(sums.against([orders, commissions, unknown])).toEqual([
      { file: 'a.csv', amount: 'gmv', input: 1700, duplicates: 199, ledger: 1501, ok: true },
      { file: 'c.csv', amount: 'commission', input: 130, duplicates: 0, ledger: 120, ok: false },
      { file: 'u.csv', amount: 'insurance', input: 0, duplicates: 0, ledger: 0, ok: true },
    ]);
  });
});
