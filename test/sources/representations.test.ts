/**
 * Bad-inputs cases 1, 2, 7, 12, 13, 27 and 28 write the same three order lines in different bytes (BOM,
 * GB18030, UTF-16 with tabs, CRLF, CR, no final newline, other column order, 抖店 or own layout): their
 * reports must be one and the same, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SAME = [
  'a01-utf8-bom',
  'a02-gb18030',
  'a07-utf16-tab-excel-unicode-text',
  'b12-crlf',
  'b13-cr-only',
  'b27-last-record-without-newline',
  'c28-columns-reordered',
];

describe('representation independence in the catalogue', () => {
  it('every representation of the same lines has the same golden report', () => {
    const out = SAME.map((c) => readFileSync(join(ROOT, 'fixtures/cases/OK', c, 'expected.out'), 'utf8'));
    expect(out[0]).toMatch(/^table,key,/);
    for (const [i, o] of out.entries()) expect([SAME[i], o]).toEqual([SAME[i], out[0]]);
  });
});
