/**
 * (d) Idempotent re-import: the same exports read again under other names (whole, or any part of
 * them, as overlapping exports are) give the same figures, and every row read twice is counted as
 * a duplicate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputSummary } from '../../src/report/types.js';
import { reportFiles } from './run.js';
import { csvNames, rng, shopArb, shopFiles, writeFiles } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`reimport.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run writes a shop twice and runs the whole pipeline twice on disk (~70 ms): 100 runs, not 200.
const numRuns = 100;

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-reimport-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The header and a random part of the rows (all of them, sometimes): a second, overlapping export. */
function part(text: string, random: () => number, whole: boolean): string {
  const [header, ...rows] = text.trimEnd().split('\n');
  return `${[header, ...rows.filter(() => whole || random() < 0.6)].join('\n')}\n`;
}

const sum = (inputs: readonly InputSummary[], f: (i: InputSummary) => number) =>
  inputs.reduce((n, i) => n + f(i), 0);
const skipped = (i: InputSummary) => Object.values(i.skipped).reduce((a, b) => a + b, 0);

describe('idempotent re-import', () => {
  it('the same files again (whole or in part) under other names: same figures, duplicates counted', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shopArb, fc.integer(), fc.boolean(), async (shop, pick, whole) => {
        const files = shopFiles(shop);
        const once = join(tmp, `once-${run}`);
        const twice = join(tmp, `twice-${run++}`);
        writeFiles(once, files);
        const random = rng(pick);
        const again = new Map(files);
        for (const name of csvNames(files))
          again.set(`copy of ${name}`, part(files.get(name)!, random, whole));
        writeFiles(twice, again);

        const a = await reportFiles([once], once);
        const b = await reportFiles([twice], twice);
        expect(a.errors).toBe(0);
        expect(b.errors).toBe(0);
        expect(b.report.totals).toEqual(a.report.totals);
        expect(b.report.tables).toEqual(a.report.tables);
        expect(b.report.notes).toEqual(a.report.notes);
        expect(b.csv).toBe(a.csv);
        // Every row of a copy is a duplicate, unless the source skips it (an unpaid line).
        const ia = a.report.inputs;
        const ib = b.report.inputs;
        expect(sum(ib, (i) => i.used)).toBe(sum(ia, (i) => i.used));
        expect(sum(ib, (i) => i.rows)).toBe(
          sum(ia, (i) => i.rows) + sum(ib, (i) => i.duplicates) + sum(ib, skipped) - sum(ia, skipped),
        );
        expect(sum(ia, (i) => i.duplicates)).toBe(0);
        if (whole) expect(sum(ib, (i) => i.duplicates)).toBe(sum(ia, (i) => i.used));
        rmSync(once, { recursive: true, force: true });
        rmSync(twice, { recursive: true, force: true });
      }),
      { seed, numRuns },
    );
  });
});
