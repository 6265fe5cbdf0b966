import { describe, expect, it } from 'vitest';
import type { FixedCostFact, UnitCostFact } from '../../src/ledger/facts.js';
import { fixedCosts, unitCosts } from '../../src/sources/cost-sheets.js';
import { csv, loadText, only, runFormat, tempDir } from './helpers.js';

const dir = tempDir();

describe('cost sheet (unit costs)', () => {
  const H = ['sku', 'unit_cost', 'valid_from', 'name'];
  const one = (cells: string[], header = H) => runFormat(unitCosts, header, [cells], { file: 'costs.csv' });

  it('reads a row', () => {
    expect(only(one(['DRESS-RED-M', '45.60', '2026-09-01', '云朵连衣裙']), 'unit_cost')).toEqual({
      kind: 'unit_cost',
      sku: 'DRESS-RED-M',
      unitCost: 4560,
      validFrom: '2026-09-01',
      name: '云朵连衣裙',
      source: { file: 'costs.csv', line: 2 },
    } satisfies UnitCostFact);
  });

  it('without valid_from the cost applies from the start (null)', () => {
    expect(only(one(['A', '1.00', '', '']), 'unit_cost')).toMatchObject({ validFrom: null, name: null });
    expect(only(one(['A', '1.00'], ['sku', 'unit_cost']), 'unit_cost')).toMatchObject({ validFrom: null });
  });

  it('valid_from with a time keeps its day', () => {
    expect(only(one(['A', '1.00', '2026-09-01 12:00:00', '']), 'unit_cost').validFrom).toBe('2026-09-01');
  });

  it('keeps a 19-digit 商品ID and leading zeros as text', () => {
    expect(only(one(['\t3612345678901234567', '1', '', '']), 'unit_cost').sku).toBe('3612345678901234567');
    expect(only(one(['00123', '1', '', '']), 'unit_cost').sku).toBe('00123');
  });

  it('a zero cost is a cost (free gift), not a missing one', () => {
    expect(only(one(['GIFT', '0', '', '']), 'unit_cost').unitCost).toBe(0);
  });

  it.each([
    [['A', '-1.00', '', ''], 'E_AMOUNT', 'unit_cost', '-1.00'],
    [['A', '', '', ''], 'E_AMOUNT', 'unit_cost', ''],
    [['A', '1.005', '', ''], 'E_AMOUNT', 'unit_cost', '1.005'],
    [['', '1.00', '', ''], 'E_ID', 'sku', ''],
    [['3.61235E+18', '1.00', '', ''], 'E_ID', 'sku', '3.61235E+18'],
    [['A', '1.00', '2026-13-01', ''], 'E_DATE', 'valid_from', '2026-13-01'],
  ])('%j is rejected (%s on %s)', (cells, code, column, value) => {
    const s = one(cells);
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([[expect.objectContaining({ code, column, value })]]);
  });

  it('a negative cost says why', () => {
    expect(one(['A', '-1.00', '', '']).rejects[0]![0]!.message).toMatch(/cannot be negative/);
  });
});

describe('fixed costs', () => {
  const H = ['month', 'category', 'amount'];
  const one = (cells: string[]) => runFormat(fixedCosts, H, [cells], { file: 'fixed.csv' });

  it('reads a month', () => {
    expect(only(one(['2026-09', '房租', '¥6,000.00']), 'fixed_cost')).toEqual({
      kind: 'fixed_cost',
      month: '2026-09',
      category: '房租',
      amount: 600000,
      source: { file: 'fixed.csv', line: 2 },
    } satisfies FixedCostFact);
  });

  it('an empty category is (none)', () => {
    expect(only(one(['2026-09', '-', '1']), 'fixed_cost').category).toBe('(none)');
  });

  it('trims the month', () => {
    expect(only(one([' 2026-09 ', 'rent', '1']), 'fixed_cost').month).toBe('2026-09');
  });

  it.each([
    [['2026-9', 'rent', '1'], 'E_DATE', 'month'],
    [['2026-13', 'rent', '1'], 'E_DATE', 'month'],
    [['2026-09-01', 'rent', '1'], 'E_DATE', 'month'],
    [['', 'rent', '1'], 'E_DATE', 'month'],
    [['2026-09', 'rent', ''], 'E_AMOUNT', 'amount'],
    [['2026-09', 'rent', '1.234'], 'E_AMOUNT', 'amount'],
  ])('%j is rejected (%s on %s)', (cells, code, column) => {
    const s = one(cells);
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([[expect.objectContaining({ code, column })]]);
  });

  it('reports both bad cells of one row', () => {
    expect(one(['Sept', 'rent', 'lots']).rejects[0]!.map((d) => d.column)).toEqual(['month', 'amount']);
  });
});

describe('cost sheets from files', () => {
  it('a cost sheet with extra columns in any order is recognised', async () => {
    const r = await loadText(
      dir,
      csv([
        ['name', 'supplier', 'unit_cost', 'sku'],
        ['云朵连衣裙', '杭州工厂', '45.60', 'DRESS-RED-M'],
      ]),
    );
    expect(r.format?.id).toBe('roi-ledger-unit-costs');
    expect(r.facts).toEqual([
      expect.objectContaining({ sku: 'DRESS-RED-M', unitCost: 4560, name: '云朵连衣裙' }),
    ]);
    expect(r.ignoredColumns).toEqual(['supplier']);
  });

  it('fixed costs are recognised', async () => {
    const r = await loadText(
      dir,
      csv([
        ['month', 'category', 'amount'],
        ['2026-09', 'salaries', '12000'],
      ]),
    );
    expect(r.format?.id).toBe('roi-ledger-fixed-costs');
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'fixed_cost', amount: 1200000 })]);
  });

  it('a cost sheet without unit_cost is not taken for one', async () => {
    const r = await loadText(
      dir,
      csv([
        ['sku', 'cost'],
        ['A', '1'],
      ]),
    );
    expect(r.format).toBeNull();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'W_UNKNOWN_FORMAT',
        message: expect.stringContaining('"unit_cost"'),
      }),
    ]);
  });
});

describe('a summary row of the fixed-cost sheet (case 56)', () => {
  const H = ['month', 'category', 'amount'];
  const data = [
    ['2026-09', '房租', '3,000.00'],
    ['2026-09', '工资', '12,000.00'],
  ];

  it('is skipped and agrees with the rows', async () => {
    const r = await loadText(dir, csv([H, ...data, ['合计', '', '15,000.00']]));
    expect(r.facts).toHaveLength(2);
    expect(r.stats.skipped).toEqual({ summary_row: 1 });
    expect(r.summaries).toEqual([{ line: 4, column: 'amount', stated: 1500000, found: 1500000 }]);
    expect(r.diagnostics).toEqual([]);
  });

  it('is E_SEMANTIC when it does not', async () => {
    const r = await loadText(dir, csv([H, ...data, ['合计', '', '16,000.00']]));
    expect(r.facts).toHaveLength(2);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'E_SEMANTIC', line: 4, column: 'amount', value: '16,000.00' }),
    ]);
  });
});
