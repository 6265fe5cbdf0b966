/**
 * (b) Every table's rows sum to its totals row for every money figure, and the report totals equal
 * the ledger totals for the period, whatever the period and --no-allocate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookLedger, type Ledger } from '../../src/ledger/book.js';
import { addDays, lastDayOfMonth } from '../../src/ledger/dates.js';
import { MONEY_FIGURES, type Figures, type Report } from '../../src/report/types.js';
import { fixedPerDay } from './oracle.js';
import { report, type Period } from './run.js';
import { settingsOf, shopArb, shopFacts } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`tables.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

/** No bounds, a --month, or random --from/--to around the shop's month. */
const periodArb = (month: string): fc.Arbitrary<Period> =>
  fc.oneof(
    fc.constant({ from: null, to: null }),
    fc.constant({ from: `${month}-01`, to: lastDayOfMonth(month) }),
    fc.tuple(fc.integer({ min: -5, max: 45 }), fc.nat({ max: 40 })).map(([start, len]) => ({
      from: addDays(`${month}-01`, start),
      to: addDays(`${month}-01`, start + len),
    })),
  );

/** What the ledger holds for the period, in report terms: entries dated inside it, fixed costs by day. */
function ledgerTotals(ledger: Ledger, period: { from: string; to: string }): Partial<Figures> {
  const t = {
    gmv: 0,
    refunds: 0,
    platform_fees: 0,
    commissions: 0,
    cogs: 0,
    shipping: 0,
    insurance: 0,
    ad_spend: 0,
    fixed_costs: 0,
    units: 0,
  };
  const inside = (d: string) => d >= period.from && d <= period.to;
  for (const e of ledger.entries()) {
    if (e.kind === 'fixed_cost') {
      for (const [d, part] of fixedPerDay(-e.amount, e.date.slice(0, 7)))
        if (inside(d)) t.fixed_costs += part;
      continue;
    }
    if (!inside(e.date)) continue;
    const cost = -e.amount;
    if (e.kind === 'gmv') {
      t.gmv += e.amount;
      t.units += e.units;
    } else if (e.kind === 'refund') t.refunds += cost;
    else if (e.kind === 'platform_fee') t.platform_fees += cost;
    else if (e.kind === 'commission' || e.kind === 'commission_reversal') t.commissions += cost;
    else if (e.kind === 'cogs') t.cogs += cost;
    else if (e.kind === 'shipping') t.shipping += cost;
    else if (e.kind === 'insurance') t.insurance += cost;
    else if (e.kind === 'ad_spend') t.ad_spend += cost;
  }
  return t;
}

function checkTables(r: Report): void {
  for (const table of r.tables) {
    if (table.by === 'plan') {
      const spend = table.rows.reduce((n, row) => n + row.ad_spend, 0);
      const gmv = table.rows.reduce((n, row) => n + row.gmv, 0);
      expect(spend, 'plan ad_spend').toBe(table.totals.ad_spend);
      expect(gmv, 'plan gmv').toBe(table.totals.gmv);
      expect(table.totals.ad_spend, 'plan table vs totals').toBe(r.totals.figures.ad_spend);
      continue;
    }
    expect(table.totals, `${table.by} totals row`).toEqual(r.totals);
    for (const f of [...MONEY_FIGURES, 'units'] as const) {
      const sum = table.rows.reduce((n, row) => n + row.figures[f], 0);
      expect(sum, `${table.by}.${f}`).toBe(table.totals.figures[f]);
    }
    expect(new Set(table.rows.map((row) => row.key)).size, `${table.by} keys are unique`).toBe(
      table.rows.length,
    );
  }
}

describe('tables', () => {
  it('rows sum to the totals row for every money figure; totals are the ledger totals of the period', () => {
    fc.assert(
      fc.property(
        shopArb.chain((shop) => fc.tuple(fc.constant(shop), periodArb(shop.month), fc.boolean())),
        ([shop, period, allocateFixed]) => {
          const ledger = bookLedger(shopFacts(shop), settingsOf(shop));
          const r = report(ledger, period, allocateFixed);
          checkTables(r);
          if (r.period === null) {
            expect([...ledger.entries()].filter((e) => e.kind !== 'fixed_cost')).toEqual([]);
            return;
          }
          if (period.from !== null) expect(r.period).toEqual(period);
          const want = ledgerTotals(ledger, r.period);
          const got = r.totals.figures;
          expect({
            ...got,
            orders: undefined,
            net_gmv: undefined,
            contribution: undefined,
            net_profit: undefined,
          }).toEqual({
            ...want,
            orders: undefined,
            net_gmv: undefined,
            contribution: undefined,
            net_profit: undefined,
          });
          expect(got.net_gmv).toBe(got.gmv - got.refunds);
          expect(got.net_profit).toBe(
            got.net_gmv -
              got.platform_fees -
              got.commissions -
              got.cogs -
              got.shipping -
              got.insurance -
              got.ad_spend -
              got.fixed_costs,
          );
          // --no-allocate moves fixed costs, never changes a total.
          const other = report(ledger, period, !allocateFixed);
          expect(other.totals).toEqual(r.totals);
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});
