/**
 * (f) What the report prints: ratios are never NaN, Infinity or "-0.0000"; money is never "-0.00".
 * Checked on the JSON and CSV of random shops over random periods.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookLedger } from '../../src/ledger/book.js';
import { addDays } from '../../src/ledger/dates.js';
import { renderers } from '../../src/render/index.js';
import { MONEY_FIGURES, RATIO_KEYS } from '../../src/report/types.js';
import { report } from './run.js';
import { settingsOf, shopArb, shopFacts } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`figures-text.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

const MONEY = /^-?(?:0|[1-9]\d*)\.\d{2}$/;
const RATIO = /^-?(?:0|[1-9]\d*)\.\d{4}$/;
const MONEY_KEYS = new Set<string>([...MONEY_FIGURES, 'ad_spend', 'gmv']);
const RATIOS = new Set<string>(RATIO_KEYS);

/** Problems found, as `where: value` strings (plain checks: thousands of cells per run). */
type Problems = string[];

function checkMoney(v: unknown, where: string, out: Problems): void {
  if (typeof v !== 'string' || !MONEY.test(v) || v === '-0.00') out.push(`${where}: ${JSON.stringify(v)}`);
}

function checkRatio(v: unknown, where: string, out: Problems): void {
  if (v === null) return;
  if (typeof v !== 'string' || !RATIO.test(v) || v === '-0.0000') out.push(`${where}: ${JSON.stringify(v)}`);
}

/** Every figure of every row of the JSON report, and of its totals. */
function checkJson(text: string, out: Problems): void {
  if (/NaN|Infinity|"-0\.0+"/.test(text)) out.push('json: NaN, Infinity or a negative zero');
  const json = JSON.parse(text) as {
    totals: Record<string, unknown>;
    tables: { by: string; rows: Record<string, unknown>[]; totals: Record<string, unknown> }[];
  };
  const rows = [json.totals, ...json.tables.flatMap((t) => [...t.rows, t.totals])];
  for (const row of rows)
    for (const [k, v] of Object.entries(row)) {
      if (MONEY_KEYS.has(k)) checkMoney(v, `json ${k}`, out);
      else if (RATIOS.has(k)) checkRatio(v, `json ${k}`, out);
    }
}

function checkCsv(text: string, out: Problems): void {
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = header!.split(',');
  for (const line of lines) {
    // The figures are the last columns and never quoted; keys and names come first.
    const cells = line.split(',').slice(-cols.length + 3);
    cols.slice(3).forEach((c, i) => {
      const v = cells[i]!;
      if (MONEY_KEYS.has(c)) {
        if (v !== '') checkMoney(v, `csv ${c}`, out);
      } else if (RATIOS.has(c)) checkRatio(v === '' ? null : v, `csv ${c}`, out);
    });
  }
}

describe('figures as text', () => {
  it('never NaN, Infinity, -0.0000 or -0.00, in JSON and CSV', () => {
    const ctx = { color: false, version: 'test' };
    fc.assert(
      fc.property(
        shopArb,
        fc.option(fc.tuple(fc.integer({ min: -3, max: 40 }), fc.nat({ max: 10 })), { nil: null }),
        fc.boolean(),
        (shop, span, allocateFixed) => {
          const ledger = bookLedger(shopFacts(shop), settingsOf(shop));
          const start = `${shop.month}-01`;
          const period =
            span === null
              ? { from: null, to: null }
              : { from: addDays(start, span[0]), to: addDays(start, span[0] + span[1]) };
          const r = report(ledger, period, allocateFixed);
          const problems: Problems = [];
          checkJson(renderers.json(r, ctx), problems);
          checkCsv(renderers.csv(r, ctx), problems);
          expect(problems).toEqual([]);
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});
