/**
 * A month of real-layout exports (fixtures/golden/month-2026-09), with its expected figures computed
 * independently by scripts/oracle.py: the report must match them exactly, in every format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGoldenIn } from '../helpers/golden.js';
import { ROOT, runCli } from '../helpers/cli.js';

const MONTH = 'fixtures/golden/month-2026-09';
const GOLDEN = join(ROOT, 'test/cli/__golden__/month-2026-09');
const expected = JSON.parse(readFileSync(join(ROOT, MONTH, 'expected.json'), 'utf8')) as {
  totals: Record<string, unknown>;
  tables: { by: string; rows: Record<string, unknown>[] }[];
};

/** Only the keys the oracle states: the figures. */
function pick(obj: Record<string, unknown>, like: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(like).map((k) => [k, obj[k]]));
}

describe('report on a month of real-layout exports', () => {
  it('matches the independent oracle in every row of every table', async () => {
    const r = await runCli([
      'report',
      MONTH,
      '--month',
      '2026-09',
      '--by',
      'channel,sku,author',
      '--format',
      'json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as typeof expected;
    expect(pick(got.totals, expected.totals)).toEqual(expected.totals);
    for (const table of expected.tables) {
      const mine = got.tables.find((t) => t.by === table.by);
      expect(mine, `table ${table.by}`).toBeDefined();
      expect(mine!.rows.map((row, i) => pick(row, table.rows[i] ?? {}))).toEqual(table.rows);
    }
  });

  for (const format of ['table', 'csv', 'md', 'json'] as const)
    it(`prints the same figures as ${format} (golden)`, async () => {
      const r = await runCli([
        'report',
        MONTH,
        '--month',
        '2026-09',
        '--by',
        'channel,sku,author,plan,day',
        '--format',
        format,
      ]);
      expect(r.code).toBe(0);
      expectGoldenIn(GOLDEN, `report.${format === 'table' ? 'txt' : format}`, r.out);
    });

  it('puts fixed costs in (unattributed) with --no-allocate, totals unchanged', async () => {
    const a = JSON.parse((await runCli(['report', MONTH, '--month', '2026-09', '--format', 'json'])).out);
    const b = JSON.parse(
      (await runCli(['report', MONTH, '--month', '2026-09', '--format', 'json', '--no-allocate'])).out,
    );
    expect(b.totals).toEqual(a.totals);
    const unattributed = b.tables[0].rows.find((r: { key: string }) => r.key === '(unattributed)');
    expect(unattributed.fixed_costs).toBe(a.totals.fixed_costs);
  });

  it('prints the ledger with the source of every entry', async () => {
    const r = await runCli(['ledger', MONTH, '--month', '2026-09']);
    expect(r.code).toBe(0);
    expectGoldenIn(GOLDEN, 'ledger.csv', r.out);
    const j = await runCli(['ledger', MONTH, '--format', 'jsonl', '--month', '2026-09']);
    const entries = j.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.length).toBe(r.out.trim().split('\n').length - 1);
    for (const e of entries) expect(e.source_line).toBeGreaterThan(0);
  });

  it('check is clean and accounts for every row', async () => {
    const r = await runCli(['check', MONTH]);
    expect(r.code).toBe(0);
    expectGoldenIn(GOLDEN, 'check.txt', r.out);
  });
});
