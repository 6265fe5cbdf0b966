/**
 * (a) Conservation: the ledger total of each amount kind equals the sum of the input cells, exactly,
 * from facts and from real CSV files through the whole pipeline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/commands/pipeline.js';
import { bookLedger, type Ledger } from '../../src/ledger/book.js';
import { ENTRY_KINDS } from '../../src/ledger/entry.js';
import { expectedTotals, type Expected } from './oracle.js';
import { READ } from './run.js';
import {
  factList,
  paidLines,
  settingsOf,
  shopArb,
  shopFacts,
  shopFiles,
  shuffled,
  rng,
  writeFiles,
} from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`conservation.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-conservation-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Ledger totals in the shape of the oracle. */
function totals(ledger: Ledger): Expected {
  const sums = Object.fromEntries(ENTRY_KINDS.map((k) => [k, 0])) as Record<string, number>;
  let units = 0;
  for (const e of ledger.entries()) {
    sums[e.kind] = sums[e.kind]! + e.amount;
    units += e.units;
  }
  for (const k of Object.keys(sums)) if (sums[k] === 0) sums[k] = 0;
  return {
    ...(sums as Omit<Expected, 'units' | 'unmatched_commissions' | 'unmatched_premiums'>),
    units,
    unmatched_commissions: ledger.notes.unmatched_commissions,
    unmatched_premiums: ledger.notes.unmatched_premiums,
  };
}

describe('conservation', () => {
  it('facts → ledger: every amount kind sums to its input cells, in any order of the facts', () => {
    fc.assert(
      fc.property(shopArb, fc.integer(), (shop, order) => {
        const f = shopFacts(shop);
        const want = expectedTotals(shop);
        const ledger = bookLedger(f, settingsOf(shop));
        expect(ledger.diagnostics).toEqual([]);
        expect(totals(ledger)).toEqual(want);
        // The same facts in another order book the same totals.
        const list = shuffled(factList(f), rng(order));
        const again = bookLedger(
          {
            lines: list.filter((x) => x.kind === 'order_line'),
            commissions: list.filter((x) => x.kind === 'commission'),
            premiums: list.filter((x) => x.kind === 'premium'),
            ads: list.filter((x) => x.kind === 'ad_spend'),
            unitCosts: list.filter((x) => x.kind === 'unit_cost'),
            fixedCosts: list.filter((x) => x.kind === 'fixed_cost'),
          },
          settingsOf(shop),
        );
        expect(totals(again)).toEqual(want);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('CSV files → pipeline → ledger: the same, with every row accounted for', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shopArb, async (shop) => {
        const dir = join(tmp, `run-${run++}`);
        writeFiles(dir, shopFiles(shop));
        const result = await runPipeline([dir], { ...READ, cwd: dir });
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(totals(result.ledger)).toEqual(expectedTotals(shop));
        // Each line is booked on its payment day in Asia/Shanghai, whatever TZ the tests run in.
        const days = (pairs: [string, number][]) =>
          pairs.reduce((m, [d, v]) => m.set(d, (m.get(d) ?? 0) + v), new Map<string, number>());
        expect(
          days([...result.ledger.entries()].filter((e) => e.kind === 'gmv').map((e) => [e.date, e.amount])),
        ).toEqual(days(paidLines(shop).map(({ order, line }) => [order.day, line.gmv])));
        // Per file: every row is used or skipped for a reason; nothing is rejected.
        for (const input of result.inputs) {
          const skipped = Object.values(input.skipped).reduce((a, b) => a + b, 0);
          expect(input.used + input.duplicates + skipped + input.rejected, input.file).toBe(input.rows);
          expect(input.rejected, input.file).toBe(0);
        }
        const unpaid = shop.orders.filter((o) => o.paidAt === null).reduce((n, o) => n + o.lines.length, 0);
        const skippedUnpaid = result.inputs.reduce((n, i) => n + (i.skipped.unpaid ?? 0), 0);
        expect(skippedUnpaid).toBe(unpaid);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed, numRuns: 200 },
    );
  });
});
