import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCell, renderMarkdown } from '../../src/render/md.js';
import { report } from './arbitraries.js';
import { NUM_RUNS, seed } from './fc-seed.js';
import { expectGolden } from './golden.js';
import { emptyReport, sampleReport } from './sample-report.js';

/** Cell separators of a GFM table line: pipes not escaped by a backslash. */
const separators = (line: string): number => line.replace(/\\./g, '').split('|').length - 1;

describe('renderMarkdown', () => {
  it('matches the golden file', () => {
    expectGolden('report.md', renderMarkdown(sampleReport()));
  });

  it('starts with the period, has a heading per table and a bold totals row', () => {
    const out = renderMarkdown(sampleReport());
    expect(out.split('\n')[0]).toBe(
      'Period: 2026-09-01 to 2026-09-30 · data through 2026-09-30T23:41:07+08:00 · amounts in CNY',
    );
    expect(out.match(/^## .*/gm)).toEqual(['## By channel', '## By SKU', '## By ad plan']);
    expect(out).toContain('| **(total)** | **606** | **744** | **115860.80** |');
    expect(out).toContain('| --- | ---: | ---: |');
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['two\nlines', 'two lines'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['back\\slash', 'back\\\\slash'],
    ['<b>&amp;</b>', '\\<b\\>\\&amp;\\</b\\>'],
    ['[link](x)', '\\[link\\](x)'],
    ['玫瑰 30ml', '玫瑰 30ml'],
  ])('escapes the cell %j as %j', (cell, want) => {
    expect(escapeCell(cell)).toBe(want);
  });

  it('renders a report without data', () => {
    expect(renderMarkdown(emptyReport())).toBe(
      [
        'Period: no data · amounts in CNY',
        '',
        '## By channel',
        '',
        '| channel | orders | units | gmv | refunds | net_gmv | platform_fees | commissions | cogs | shipping | insurance | contribution | ad_spend | fixed_costs | net_profit | roi | margin |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| **(total)** | **0** | **0** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **0.00** | **—** | **—** |',
        '',
      ].join('\n'),
    );
  });

  it('property: whatever the keys and names, every table line has one cell per column', () => {
    fc.assert(
      fc.property(report, (r) => {
        const blocks = renderMarkdown(r).split('\n## ').slice(1);
        expect(blocks).toHaveLength(r.tables.length);
        blocks.forEach((block, i) => {
          const lines = block.split('\n').filter((l) => l.startsWith('|'));
          const table = r.tables[i]!;
          expect(lines).toHaveLength(table.rows.length + 3);
          const header = separators(lines[0] ?? '');
          for (const line of lines) expect(separators(line)).toBe(header);
        });
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
