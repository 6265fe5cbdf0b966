/**
 * (c) Order independence: shuffling the rows (and columns) within files and the order of the PATH
 * arguments gives byte-identical JSON and CSV reports; shuffling the facts gives the same report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bookLedger } from '../../src/ledger/book.js';
import type { MergedFacts } from '../../src/ledger/book.js';
import type { Fact } from '../../src/ledger/facts.js';
import { renderers } from '../../src/render/index.js';
import { report, reportFiles } from './run.js';
import {
  csvNames,
  factList,
  rng,
  settingsOf,
  shopArb,
  shopFacts,
  shopFiles,
  shuffled,
  writeFiles,
} from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`order-independence.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// On disk, each run writes every file twice and runs the whole pipeline twice (~100 ms): 100 runs there.
const FILE_RUNS = 100;

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-order-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function regroup(list: readonly Fact[]): MergedFacts {
  const of = <K extends Fact['kind']>(k: K) =>
    list.filter((x): x is Extract<Fact, { kind: K }> => x.kind === k);
  return {
    lines: of('order_line'),
    commissions: of('commission'),
    premiums: of('premium'),
    ads: of('ad_spend'),
    unitCosts: of('unit_cost'),
    fixedCosts: of('fixed_cost'),
  };
}

/** sha256 of a file depends on its bytes, which a shuffle changes on purpose; nothing else may. */
function withoutHashes(json: string): string {
  return json.replace(/"sha256": "[0-9a-f]{64}"/g, '"sha256": "…"');
}

describe('order independence', () => {
  it('facts in any order give the same report, to the byte', () => {
    const ctx = { color: false, version: 'test' };
    fc.assert(
      fc.property(shopArb, fc.integer(), (shop, order) => {
        const facts = shopFacts(shop);
        const a = report(bookLedger(facts, settingsOf(shop)));
        const b = report(bookLedger(regroup(shuffled(factList(facts), rng(order))), settingsOf(shop)));
        expect(renderers.json(b, ctx)).toBe(renderers.json(a, ctx));
        expect(renderers.csv(b, ctx)).toBe(renderers.csv(a, ctx));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('CSV files: rows and columns shuffled, PATHs in another order → byte-identical JSON and CSV', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shopArb, fc.integer(), async (shop, order) => {
        const dir = join(tmp, `run-${run++}`);
        const plain = shopFiles(shop);
        writeFiles(dir, plain);
        const a = await reportFiles(
          csvNames(plain)
            .sort()
            .map((n) => join(dir, n)),
          dir,
        );
        expect(a.errors).toBe(0);
        // Same names, rows and columns shuffled in every file, PATHs given in a shuffled order.
        const mixed = shopFiles(shop, order);
        writeFiles(dir, mixed);
        const paths = shuffled(csvNames(mixed), rng(order ^ 0x5bd1e995)).map((n) => join(dir, n));
        const b = await reportFiles(paths, dir);
        expect(b.csv).toBe(a.csv);
        expect(withoutHashes(b.json)).toBe(withoutHashes(a.json));
        rmSync(dir, { recursive: true, force: true });
      }),
      // Each shrink step writes the files and runs the pipeline twice: stop shrinking in time for the
      // failure (the smallest counterexample found so far) to be reported, not a test timeout.
      { seed, numRuns: FILE_RUNS, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: true },
    );
  });
});
