/**
 * (13) Monotone strictness: one malformed cell (a bad amount, date, month, quantity or yes/no, an id
 * in Excel's scientific notation, a stray quote, a quote never closed) put in a random row of a valid
 * file turns a clean `check` into exit 1 whose stderr names that file and that physical line, and
 * `report` then prints no figures: never a success with other totals. The second property is the
 * regression test of a bug it found: a quote opened and not closed on its line was blamed on the line
 * of the next quote below it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readTable, writeCell } from './rewrite.js';
import { csvNames, shopArb, shopFiles, writeFiles } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`strictness.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run writes a shop and runs the CLI in-process three times (check before, check and report
// after: ~90 ms), so 100 runs rather than 200.
const numRuns = 100;

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-strictness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Kind = 'amount' | 'date' | 'month' | 'id' | 'count' | 'flag' | 'quote' | 'open';
type Typed = Exclude<Kind, 'quote' | 'open'>;

/** Columns of the project's own formats by what they hold (docs/rules.md). */
const COLUMNS: Record<Typed, ReadonlySet<string>> = {
  amount: new Set(['gmv', 'spend', 'attributed_gmv', 'commission', 'premium', 'unit_cost', 'amount']),
  date: new Set(['paid_at', 'shipped_at', 'date', 'valid_from']),
  month: new Set(['month']),
  id: new Set(['order_id', 'line_id', 'sku', 'product_id', 'policy_id', 'plan_id', 'account']),
  count: new Set(['quantity']),
  flag: new Set(['refunded', 'settled']),
};
const TYPED = Object.keys(COLUMNS) as Typed[];

/** Malformed cells (bad-inputs §D–§G, and the CSV rules of §1.4): each must be an error. */
const BAD: Record<Kind, readonly string[]> = {
  amount: [
    '1e3',
    '0x1F',
    '0b101',
    'NaN',
    'Infinity',
    '1e999999999',
    '9'.repeat(40),
    '12.3.4',
    '12.345',
    '1,23,4.50',
    '1.234,50',
    '(12.00',
    '$12.00',
    '12 34',
    'abc',
    '¥',
    '5%',
  ],
  date: [
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '24/1/5',
    '01/05/2024',
    '45296',
    '45296.377',
    '1704416580',
    '2024-01-05 25:00:00',
    '2024-01-05 12:60:00',
    '2024-01-05T09:03:00+25:00',
    'yesterday',
    '2'.repeat(50),
  ],
  month: ['2024-13', '2024-00', '2024/13', '13-2024', '202401', '2024-1x'],
  id: ['6.91235E+18', '6.912345678901235e+18', '6.9E+18', '1.2e+5'],
  count: ['1.5', '-1', '2件', '1e1', 'two', ''],
  flag: ['maybe', 'yes!', '2'],
  // Quotes inside an unquoted cell, or after a closing quote: an error on the cell's own line.
  quote: ['ab"c', 'x"', '12"3', '"ab"c', '"x" '],
  // A quote opened and never closed: in the last row only (see the next property for the others).
  open: ['"ab', '"', '"12.00'],
};

/** Some line of `stderr` is a diagnostic at FILE:LINE (or a range FILE:LINE-END). */
function names(stderr: string, where: string): boolean {
  return stderr.split('\n').some((l) => l.startsWith(`${where}: error: `) || l.startsWith(`${where}-`));
}

const mutationArb = fc.record({
  file: fc.nat(),
  row: fc.nat(),
  kind: fc.nat(),
  column: fc.nat(),
  value: fc.nat(),
});

describe('monotone strictness', () => {
  it('one malformed cell in a valid file: exit 1 naming FILE:LINE, and no figures', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shopArb, mutationArb, async (shop, m) => {
        const files = shopFiles(shop);
        const candidates = csvNames(files).filter((n) => readTable(files.get(n)!).length > 1);
        fc.pre(candidates.length > 0);
        const name = candidates[m.file % candidates.length]!;
        const [header, ...rows] = readTable(files.get(name)!);
        const kinds: Kind[] = TYPED.filter((k) => header!.some((h) => COLUMNS[k].has(h)));
        kinds.push('quote', 'open');
        const kind = kinds[m.kind % kinds.length]!;
        const any = kind === 'quote' || kind === 'open';
        const cols = header!.flatMap((h, i) => (any || COLUMNS[kind].has(h) ? [i] : []));
        const col = cols[m.column % cols.length]!;
        const r = kind === 'open' ? rows.length - 1 : m.row % rows.length;
        const bad = BAD[kind][m.value % BAD[kind].length]!;
        const dir = join(tmp, `run-${run++}`);
        writeFiles(dir, files);

        const before = await runCli(['check', dir]);
        expect(before.code, before.err).toBe(0);

        // The malformed cell is written as is (a stray quote must reach the reader unquoted).
        const line = (cells: readonly string[], at = -1) =>
          cells.map((c, i) => (i === at ? c : writeCell(c, { quoteAll: false }))).join(',');
        const mutated = [...rows];
        mutated[r] = rows[r]!.map((c, i) => (i === col ? bad : c));
        const text = [line(header!), ...mutated.map((cells, i) => line(cells, i === r ? col : -1))].join(
          '\n',
        );
        writeFileSync(join(dir, name), `${text}\n`);

        const what = `${name}, line ${r + 2}, column ${header![col]}: ${JSON.stringify(bad)}`;
        const after = await runCli(['check', dir]);
        expect(after.code, what).toBe(1);
        expect(names(after.err, `${join(dir, name)}:${r + 2}`), `${what}\n${after.err}`).toBe(true);

        const report = await runCli(['report', dir, '--format', 'json']);
        expect(report.code, what).toBe(1);
        expect(report.out, what).toBe('');
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed, numRuns },
    );
  });

  // Regression: the error used to name the line of the next quote below (an innocent row), not
  // the line where the quoted cell opened.
  it('a quote opened and never closed on its line, a quoted cell below: the error names its line', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        shopArb,
        fc.nat(),
        fc.nat(),
        fc.constantFrom('"ab', '"', '"12.00'),
        async (shop, f, row, bad) => {
          const files = shopFiles(shop);
          const candidates = csvNames(files).filter((n) => readTable(files.get(n)!).length > 2);
          fc.pre(candidates.length > 0);
          const name = candidates[f % candidates.length]!;
          const [header, ...rows] = readTable(files.get(name)!);
          const r = row % (rows.length - 1);
          const dir = join(tmp, `open-${run++}`);
          writeFiles(dir, files);
          // Every cell quoted (valid CSV); the last cell of row r opens a quote and never closes it.
          const quoted = (cells: readonly string[]) => cells.map((c) => writeCell(c, { quoteAll: true }));
          const text = [header!, ...rows]
            .map((cells, i) => (i === r + 1 ? [...quoted(cells.slice(0, -1)), bad] : quoted(cells)).join(','))
            .join('\n');
          writeFileSync(join(dir, name), `${text}\n`);
          const after = await runCli(['check', dir]);
          expect(after.code).toBe(1);
          expect(names(after.err, `${join(dir, name)}:${r + 2}`), after.err).toBe(true);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      // It fails on every run while the bug is there: no shrinking needed.
      { seed, numRuns: 50, endOnFailure: true },
    );
  });
});
