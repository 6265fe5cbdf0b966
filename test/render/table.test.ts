import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/render/table.js';
import { report } from './arbitraries.js';
import { NUM_RUNS, seed } from './fc-seed.js';
import { expectGolden } from './golden.js';
import { emptyReport, sampleReport } from './sample-report.js';

const ESC = '\u001b';

/** Top border lines (one per table): their length is the table's display width. */
const borders = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('┌'));

describe('renderTable', () => {
  it('matches the golden file, plain', () => {
    expectGolden('table.txt', renderTable(sampleReport(), { color: false }));
  });

  it('matches the golden file, coloured', () => {
    expectGolden('table-color.txt', renderTable(sampleReport(), { color: true }));
  });

  it('matches the golden file, narrowed to 120 columns', () => {
    expectGolden('table-120.txt', renderTable(sampleReport(), { color: false, width: 120 }));
  });

  it('has no ANSI escapes without colour; colours losses red and totals bold with it', () => {
    expect(renderTable(sampleReport(), { color: false })).not.toContain(ESC);
    const coloured = renderTable(sampleReport(), { color: true });
    expect(coloured).toContain('\u001b[31m-2,838.07\u001b[39m');
    expect(coloured).toContain('\u001b[1m(total)\u001b[22m');
  });

  it('titles each table with the period and groups thousands', () => {
    const out = renderTable(sampleReport(), { color: false });
    expect(out.split('\n')[0]).toBe('By channel — 2026-09-01 to 2026-09-30');
    expect(out).toContain('│ 直播           │    412 │   530 │  86,452.30 │');
    expect(out).toMatch(/│ 商品卡 +│.*│ +— │ {2}0\.5226 │/);
  });

  it('hides nothing when the width is not given or is wide enough', () => {
    const all = renderTable(sampleReport(), { color: false });
    expect(all).not.toContain('Hidden');
    expect(renderTable(sampleReport(), { color: false, width: 400 })).toBe(all);
  });

  it('drops the cost detail first and says so under the table', () => {
    const out = renderTable(sampleReport(), { color: false, width: 150 });
    for (const line of borders(out)) expect(line.length).toBeLessThanOrEqual(150);
    expect(out).toContain(
      'Hidden for a 150-column terminal: refunds, platform_fees, commissions, cogs, shipping. --format csv has them all.',
    );
    const header = out.split('\n')[2] ?? '';
    for (const kept of ['gmv', 'net_gmv', 'contribution', 'ad_spend', 'fixed_costs', 'net_profit', 'roi']) {
      expect(header).toContain(` ${kept} `);
    }
  });

  it('keeps the seven main figures even when the terminal is too narrow for them', () => {
    const out = renderTable(sampleReport(), { color: false, width: 40 });
    expect(out).toContain(
      'Hidden for a 40-column terminal: refunds, platform_fees, commissions, cogs, shipping, insurance, units, orders, margin.',
    );
    expect(out).toContain('│ Gift box,… │');
    expect(out).toContain('│ 12.6900 │');
  });

  it('ends with a footer: data through, unmatched counts, diagnostics on stderr', () => {
    const lines = renderTable(sampleReport(), { color: false }).trimEnd().split('\n').slice(-4);
    expect(lines).toEqual([
      'Data through 2026-09-30T23:41:07+08:00.',
      '2 commissions and 1 premium name an order line not in the data: booked to (unattributed).',
      '3 ad rows match no sales: their spend is in (unattributed).',
      'Diagnostics (on stderr): 2 warnings.',
    ]);
  });

  it('renders a report without data', () => {
    expectGolden('table-empty.txt', renderTable(emptyReport(), { color: false }));
  });

  it('shows names on one line with control and bidi characters replaced', () => {
    const base = sampleReport();
    const rows = [{ ...base.totals, key: 'K', name: 'a\nb\u001b[31mc\u202ed' }];
    const out = renderTable(
      { ...base, tables: [{ by: 'sku', rows, totals: base.totals }] },
      { color: false },
    );
    expect(out).toContain('│ a b\uFFFD[31mc\uFFFDd │');
  });

  it('property: no ANSI escapes or control characters without colour, whatever the data', () => {
    fc.assert(
      fc.property(report, fc.option(fc.integer({ min: 20, max: 300 }), { nil: undefined }), (r, width) => {
        const out = renderTable(r, { color: false, width });
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
        expect(out.endsWith('\n')).toBe(true);
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
