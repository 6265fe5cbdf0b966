import { describe, expect, it } from 'vitest';
import { renderers } from '../../src/render/index.js';
import { sampleReport } from './sample-report.js';

describe('renderers', () => {
  it('has the four formats of --format', () => {
    expect(Object.keys(renderers).sort()).toEqual(['csv', 'json', 'md', 'table']);
  });

  it.each(['json', 'csv', 'md'] as const)('%s carries no ANSI codes even when colour is on', (format) => {
    const out = renderers[format](sampleReport(), { color: true, version: '9.9.9' });
    expect(out).not.toContain('\u001b');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('passes colour, width and version through', () => {
    const ctx = { color: true, width: 120, version: '9.9.9' };
    expect(renderers.table(sampleReport(), ctx)).toContain('\u001b[');
    expect(renderers.table(sampleReport(), ctx)).toContain('Hidden for a 120-column terminal');
    expect(renderers.json(sampleReport(), ctx)).toContain('"generated_by": "roi-ledger 9.9.9"');
  });
});
