import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAbsent, isSummaryWord, plainId, readId, readText } from '../../src/sources/cells.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** Cells made of the characters the readers' shortcuts look at, and anything else. */
const cellArb = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      '合',
      '计',
      '总',
      '小',
      '汇',
      't',
      'T',
      'g',
      'G',
      'o',
      'a',
      'l',
      ':',
      ' ',
      '\t',
      '\u3000',
      '\r',
      '\n',
      '\ufeff',
      '\u00a0',
      '-',
      '1',
      '0',
      '中',
    ),
    maxLength: 14,
  }),
  fc.constantFrom(
    'Grand Total',
    '\tTotal: 3',
    '\u3000合计',
    '\ufeff小计',
    '\u00a0total',
    '\t6917926768823643751',
    '  \t12',
  ),
  fc.string({ maxLength: 12 }),
);

describe('isAbsent', () => {
  it.each(['', '-', '--', '  ', ' - ', '\t'])('%j is absent', (raw) => {
    expect(isAbsent(raw)).toBe(true);
  });
  it.each(['0', '0.00', '---', 'x', '−'])('%j is a value', (raw) => {
    expect(isAbsent(raw)).toBe(false);
  });
});

describe('readId', () => {
  it('keeps a 19-digit id as the exact string (never through a number)', () => {
    const r = readId('6917926768823643751');
    expect(r).toEqual({ kind: 'value', id: '6917926768823643751' });
    // Number() would round it.
    expect(String(Number('6917926768823643751'))).not.toBe('6917926768823643751');
  });

  it.each([
    ['\t6917926768823643751', 'leading tab (抖店 order export)'],
    ['6917926768823643751\t', 'trailing tab (精选联盟)'],
    ["'6917926768823643751", 'leading apostrophe (动账 / 运费险)'],
    ['`6917926768823643751', 'leading backtick'],
    ['｀6917926768823643751', 'leading full-width backtick'],
    ['\t6917926768823643751\t', 'tabs on both sides'],
    [' 6917926768823643751 ', 'spaces'],
    ['\u30006917926768823643751', 'ideographic space'],
    ['6917926768823643751\r\n', 'a trailing line break'],
    ['\u200b6917926768823643751\ufeff', 'zero-width space and BOM'],
    ["\t'6917926768823643751", 'tab then apostrophe'],
  ])('%j → the bare id (%s)', (raw) => {
    expect(readId(raw)).toEqual({ kind: 'value', id: '6917926768823643751' });
  });

  it.each([
    ['６９１７９２６７６８８２３６４３７５１', 'full-width digits (NFKC)'],
    ['6917\u200b9267688236\u200b43751', 'zero-width spaces inside'],
    ['6917\u00a09267688236\u00a043751', 'no-break spaces inside'],
    ['\u00a06917926768823643751\u2060', 'a no-break space and a word joiner at the ends'],
    ['\t６９１７９２６７６８８２３６４３７５１\u3000', 'full-width, with export wrapping'],
  ])('%j → the bare id (case 46: %s)', (raw) => {
    expect(readId(raw)).toEqual({ kind: 'value', id: '6917926768823643751' });
    expect(readId(raw, { digits: true })).toEqual({ kind: 'value', id: '6917926768823643751' });
  });

  it('folds full-width merchant codes too, so both sides of a join read the same', () => {
    expect(readId('ＨＢ－ＣＲＥＡＭ－５０')).toEqual({ kind: 'value', id: 'HB-CREAM-50' });
  });

  it.each(['6917 9267688236 43751', '6917926768823643751A', '-6917926768823643751', '6917-926768823643751'])(
    'an order id %j that is not all digits after cleaning is refused with digits (case 46)',
    (raw) => {
      const r = readId(raw, { digits: true });
      expect(r.kind).toBe('error');
      if (r.kind === 'error') expect(r.message).toBe('an order id holds only digits');
      expect(readId(raw).kind).toBe('value'); // other ids (SKU codes) keep their spaces and letters
    },
  );

  it('strips only one leading apostrophe, and only at the start', () => {
    expect(readId("''123")).toEqual({ kind: 'value', id: "'123" });
    expect(readId("12'3")).toEqual({ kind: 'value', id: "12'3" });
  });

  it('keeps leading zeros of codes', () => {
    expect(readId('00123')).toEqual({ kind: 'value', id: '00123' });
    expect(readId("'00123")).toEqual({ kind: 'value', id: '00123' });
  });

  it.each(['', '-', '--', '\t', "'", '\t-\t'])('%j is absent', (raw) => {
    expect(readId(raw)).toEqual({ kind: 'absent' });
  });

  it.each(['6.91793E+18', '6.91793e+18', '6.912345678901235e+18', '\t6.91793E+18', "'6.91793E+18", '1E+5'])(
    '%j (Excel scientific notation) is refused',
    (raw) => {
      const r = readId(raw);
      expect(r.kind).toBe('error');
      if (r.kind === 'error') {
        expect(r.message).toMatch(/scientific notation/);
        expect(r.hint).toMatch(/original export/);
      }
    },
  );

  it('does not mistake a merchant code that merely contains an E for scientific notation', () => {
    // Excel always writes E+ for the numbers it mangles; these are ordinary 商家编码.
    expect(readId('2024E01')).toEqual({ kind: 'value', id: '2024E01' });
    expect(readId('3E12')).toEqual({ kind: 'value', id: '3E12' });
    expect(readId('SKU-1E+5')).toEqual({ kind: 'value', id: 'SKU-1E+5' });
  });

  describe('Excel ="…" wrapping', () => {
    it('is refused by default, with a hint naming the option', () => {
      const r = readId('="6917926768823643751"');
      expect(r.kind).toBe('error');
      if (r.kind === 'error') {
        expect(r.message).toMatch(/Excel formula/);
        expect(r.hint).toMatch(/--excel-wrapped-ids/);
      }
    });

    it('is unwrapped with excelWrapped', () => {
      expect(readId('="6917926768823643751"', { excelWrapped: true })).toEqual({
        kind: 'value',
        id: '6917926768823643751',
      });
      expect(readId('\t="00123"\t', { excelWrapped: true })).toEqual({ kind: 'value', id: '00123' });
    });

    it('an unwrapped empty formula is absent', () => {
      expect(readId('=""', { excelWrapped: true })).toEqual({ kind: 'absent' });
    });

    it('a cell that merely starts with = is not treated as wrapped', () => {
      expect(readId('=abc')).toEqual({ kind: 'value', id: '=abc' });
    });
  });
});

describe('readText', () => {
  it('removes export wrapping (tabs, spaces) and keeps inner spacing', () => {
    expect(readText('\t云朵连衣裙 红色 M\t')).toBe('云朵连衣裙 红色 M');
    expect(readText('\u3000直播 ')).toBe('直播');
  });
  it.each(['', '-', '--', '\t-', ' '])('%j is null', (raw) => {
    expect(readText(raw)).toBeNull();
  });
  it('keeps text that only contains a dash', () => {
    expect(readText('T-shirt')).toBe('T-shirt');
  });
});

describe('isSummaryWord', () => {
  it.each([
    '合计',
    '总计',
    '小计',
    '汇总',
    ' 合计 ',
    'Total',
    'TOTAL',
    'totals',
    'Grand Total',
    'Total: 3 rows',
  ])('%j opens a summary row', (raw) => {
    expect(isSummaryWord(raw)).toBe(true);
  });

  it.each(['合计:', '合计：1234.50', '总计(31天)', '总计（31天）', '合计 12 条'])(
    '%j (the word then punctuation or a count) opens a summary row',
    (raw) => {
      expect(isSummaryWord(raw)).toBe(true);
    },
  );

  it.each(['', '-', '2026-09-22', '6917926768823643751', '直播', 'totally', '合', '不合计'])(
    '%j does not',
    (raw) => {
      expect(isSummaryWord(raw)).toBe(false);
    },
  );

  it.each(['合计优惠装 3件套', '总计划A', '总计算器', '汇总包'])(
    '%j is a name that starts with the word, not a summary row',
    (raw) => {
      expect(isSummaryWord(raw)).toBe(false);
    },
  );

  it('answers as the plain definition does (trimmed, lower-cased: a word, "total:", or 合计/总计 and a mark)', () => {
    const words = new Set(['合计', '总计', '小计', '汇总', 'total', 'totals', 'grand total']);
    fc.assert(
      fc.property(cellArb, (raw) => {
        const s = raw.trim().toLowerCase();
        const plain = words.has(s) || s.startsWith('total:') || /^(?:合计|总计)[\s:：(（\d]/.test(s);
        expect(isSummaryWord(raw)).toBe(plain);
      }),
      { seed, numRuns: 2000 },
    );
  });
});

describe('shortcuts for the common cells', () => {
  it('readText trims exactly the export wrapping, whether or not there is any', () => {
    fc.assert(
      fc.property(cellArb, (raw) => {
        const s = raw.replace(/^[\t \u3000]+|[\t \u3000\r\n]+$/g, '');
        expect(readText(raw)).toBe(s === '' || s === '-' || s === '--' ? null : s);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('readId reads digits after at most a tab as they are', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^\d{1,25}$/), (tab, digits) => {
        const id = { kind: 'value', id: digits };
        expect(readId(tab ? `\t${digits}` : digits, { digits: true })).toEqual(id);
        expect(readId(`${tab ? '\t' : ''}${digits}\t`)).toEqual(id);
      }),
      { seed, numRuns: 500 },
    );
  });

  it('plainId is readId for digits between at most a tab and an apostrophe before and a tab after, and null for any other cell', () => {
    fc.assert(
      fc.property(
        fc.oneof(cellArb, fc.stringMatching(/^\t{0,2}'{0,2}\d{1,20}\t{0,2}$/)),
        fc.boolean(),
        (raw, digits) => {
          const id = plainId(raw);
          if (id !== null) expect(readId(raw, { digits })).toEqual({ kind: 'value', id });
          expect(id !== null).toBe(/^\t?'?\d+\t?$/.test(raw));
        },
      ),
      { seed, numRuns: 2000 },
    );
  });
});
