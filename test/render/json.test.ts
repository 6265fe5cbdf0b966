import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';
import { MONEY_FIGURES, RATIO_KEYS } from '../../src/report/types.js';
import { NASTY_TEXT, report } from './arbitraries.js';
import { NUM_RUNS, seed } from './fc-seed.js';
import { expectGolden } from './golden.js';
import { emptyReport, sampleReport } from './sample-report.js';

const META = { version: '0.1.0' };

type Row = Record<string, unknown>;

describe('renderJson', () => {
  it('matches the golden file', () => {
    expectGolden('report.json', renderJson(sampleReport(), META));
  });

  it('has the keys of DESIGN.md §5, in order', () => {
    const out = JSON.parse(renderJson(sampleReport(), META)) as Row;
    expect(Object.keys(out)).toEqual([
      'schema',
      'generated_by',
      'currency',
      'timezone',
      'period',
      'data_through',
      'settings',
      'totals',
      'tables',
      'inputs',
      'diagnostics',
      'notes',
    ]);
    expect(out).toMatchObject({
      schema: 'roi-ledger/report@1',
      generated_by: 'roi-ledger 0.1.0',
      currency: 'CNY',
      timezone: 'Asia/Shanghai',
      period: { from: '2026-09-01', to: '2026-09-30' },
      settings: { shipping_per_parcel: '3.20', packaging_per_parcel: '0.80', platform_fee_rate: '0.05' },
    });
    expect(Object.keys(out.totals as Row)).toEqual(['orders', 'units', ...MONEY_FIGURES, ...RATIO_KEYS]);
  });

  it('gives sku and plan rows a name, other tables none; plan rows only their three figures', () => {
    const out = JSON.parse(renderJson(sampleReport(), META)) as { tables: { by: string; rows: Row[] }[] };
    const [channel, sku, plan] = out.tables;
    expect(Object.keys(channel?.rows[0] ?? {})).toEqual([
      'key',
      'orders',
      'units',
      ...MONEY_FIGURES,
      ...RATIO_KEYS,
    ]);
    expect(Object.keys(sku?.rows[0] ?? {})).toEqual([
      'key',
      'name',
      'orders',
      'units',
      ...MONEY_FIGURES,
      ...RATIO_KEYS,
    ]);
    expect(plan?.rows[2]).toEqual({
      key: '(none)',
      name: null,
      ad_spend: '570.00',
      gmv: '0.00',
      roi: '0.0000',
    });
  });

  it('writes text as data: formula-like names unchanged (bad-inputs.md I-4)', () => {
    const base = sampleReport();
    const rows = NASTY_TEXT.map((name, i) => ({ ...base.totals, key: `K${i}`, name }));
    const r = { ...base, tables: [{ by: 'sku' as const, rows, totals: base.totals }] };
    const out = JSON.parse(renderJson(r, META)) as { tables: { rows: { name: string }[] }[] };
    expect(out.tables[0]?.rows.map((row) => row.name)).toEqual([...NASTY_TEXT]);
  });

  it('omits absent diagnostic fields and keeps the rest in a fixed order', () => {
    const out = JSON.parse(renderJson(sampleReport(), META)) as { diagnostics: Row[] };
    expect(Object.keys(out.diagnostics[0] ?? {})).toEqual([
      'severity',
      'code',
      'message',
      'file',
      'line',
      'column',
      'value',
      'hint',
    ]);
    expect(out.diagnostics[1]).toEqual({
      severity: 'warning',
      code: 'W_NO_SETTLEMENT',
      message: 'commissions are estimates: no settlement bill read',
    });
  });

  it('sorts skipped reasons and keeps any reason as its own key', () => {
    const base = sampleReport();
    const input = {
      ...base.inputs[0]!,
      skipped: JSON.parse('{"z":1,"__proto__":2,"a":3}') as Record<string, number>,
    };
    const out = JSON.parse(renderJson({ ...base, inputs: [input] }, META)) as { inputs: { skipped: Row }[] };
    expect(Object.entries(out.inputs[0]?.skipped ?? {})).toEqual([
      ['__proto__', 2],
      ['a', 3],
      ['z', 1],
    ]);
  });

  it('writes a report without data with null period and data_through', () => {
    const out = JSON.parse(renderJson(emptyReport(), META)) as Row;
    expect(out.period).toBeNull();
    expect(out.data_through).toBeNull();
  });

  it('pretty-prints with two spaces and ends with a newline', () => {
    const text = renderJson(sampleReport(), META);
    expect(text.startsWith('{\n  "schema"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('property: money is a two-decimal string that reads back exactly, never -0.00; ratios never -0.0000', () => {
    const money = new Set<string>(MONEY_FIGURES);
    const ratios = new Set<string>(RATIO_KEYS);
    fc.assert(
      fc.property(report, (r) => {
        const out = JSON.parse(renderJson(r, META)) as {
          totals: Row;
          tables: { rows: Row[]; totals: Row }[];
        };
        const rows = [out.totals, ...out.tables.flatMap((t) => [...t.rows, t.totals])];
        for (const row of rows) {
          for (const [k, v] of Object.entries(row)) {
            if (money.has(k)) {
              expect(v).toMatch(/^-?\d+\.\d{2}$/);
              expect(v).not.toBe('-0.00');
            } else if (ratios.has(k)) {
              if (v !== null) expect(v).toMatch(/^-?\d+\.\d{4}$/);
              expect(v).not.toBe('-0.0000');
            } else if (k === 'orders' || k === 'units') {
              expect(Number.isSafeInteger(v)).toBe(true);
            }
          }
        }
        const gmv = out.totals.gmv as string;
        expect(BigInt(gmv.replace('.', ''))).toBe(BigInt(r.totals.figures.gmv));
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
