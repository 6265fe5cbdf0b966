import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../src/ledger/money.js';
import { renderCsv } from '../../src/render/csv.js';
import { isFormulaLike } from '../../src/render/csv-writer.js';
import { report } from './arbitraries.js';
import { NUM_RUNS, seed } from './fc-seed.js';
import { expectGolden } from './golden.js';
import { emptyReport, sampleReport, SKU_NAMES } from './sample-report.js';

const HEADER =
  'table,key,name,orders,units,gmv,refunds,net_gmv,platform_fees,commissions,cogs,shipping,insurance,' +
  'contribution,ad_spend,fixed_costs,net_profit,roi,net_roi,breakeven_roi,poas,margin,refund_rate';

/** What csv-parse should read for a text cell: the text, with our prefix where a formula could start. */
const escaped = (text: string): string => (isFormulaLike(text) ? `'${text}` : text);

describe('renderCsv', () => {
  it('matches the golden file', () => {
    expectGolden('report.csv', renderCsv(sampleReport()));
  });

  it('reads back with csv-parse: one record per row plus a (total) per table', () => {
    const records = parse(renderCsv(sampleReport()), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => `${r.table}:${r.key}`)).toEqual([
      'channel:直播',
      'channel:短视频',
      'channel:商品卡',
      'channel:(unknown)',
      'channel:(unattributed)',
      'channel:(total)',
      'sku:A1001',
      'sku:A1002',
      'sku:B2001',
      "sku:'-2+3",
      'sku:(unattributed)',
      'sku:(total)',
      'plan:1790000000000000001',
      'plan:1790000000000000002',
      'plan:(none)',
      'plan:(total)',
    ]);
    const names = records.filter((r) => r.table === 'sku').map((r) => r.name);
    expect(names).toEqual([
      SKU_NAMES.cjk,
      SKU_NAMES.tricky,
      `'${SKU_NAMES.formula}`,
      `'${SKU_NAMES.spaced}`,
      '',
      '',
    ]);
    const plan = records.find((r) => r.key === '(none)');
    expect(plan).toMatchObject({
      ad_spend: '570.00',
      gmv: '0.00',
      roi: '0.0000',
      orders: '',
      cogs: '',
      margin: '',
    });
    const card = records.find((r) => r.key === '商品卡');
    expect(card).toMatchObject({ roi: '', net_roi: '', poas: '', refund_rate: '0.0000', ad_spend: '0.00' });
  });

  it('writes only the header for a report without tables, and uses \\n line ends', () => {
    const out = renderCsv({ ...emptyReport(), tables: [] });
    expect(out).toBe(`${HEADER}\n`);
    expect(renderCsv(sampleReport())).not.toContain('\r\n');
  });

  it('property: keys and names read back, nothing starts a formula, numbers stay numbers', () => {
    fc.assert(
      fc.property(report, (r) => {
        const records = parse(renderCsv(r)) as string[][];
        expect(records[0]?.join(',')).toBe(HEADER);
        const expected = r.tables.flatMap((t) => [
          ...t.rows.map((row) => ({ by: t.by, key: row.key, name: row.name, row })),
          { by: t.by, key: '(total)', name: null, row: t.totals },
        ]);
        expect(records).toHaveLength(expected.length + 1);
        expected.forEach((want, i) => {
          const cells = records[i + 1] ?? [];
          expect(cells).toHaveLength(23);
          const [by, key, name] = cells as [string, string, string];
          expect([by, key, name]).toEqual([want.by, escaped(want.key), escaped(want.name ?? '')]);
          for (const text of [by, key, name]) expect(isFormulaLike(text)).toBe(false);
          for (const cell of cells.slice(3)) {
            expect(cell).toMatch(/^(?:-?\d+(?:\.\d+)?)?$/);
            expect(cell).not.toMatch(/^-0(?:\.0+)?$/);
          }
          const gmv = cells[5] ?? '';
          expect(gmv).toBe(formatFen('figures' in want.row ? want.row.figures.gmv : want.row.gmv));
        });
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
