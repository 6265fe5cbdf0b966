import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRate,
  checkedAdd,
  formatFen,
  MAX_AMOUNT_CHARS,
  parseAmount,
  parsePlain,
  parseRate,
  ratio,
} from '../../src/ledger/money.js';
import type { AmountOptions, AmountResult } from '../../src/ledger/money.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`money.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
const runs = { numRuns: 200, seed };

const value = (fen: number): AmountResult => ({ kind: 'value', fen });

function fenOf(raw: string, opts?: AmountOptions): number {
  const r = parseAmount(raw, opts);
  if (r.kind !== 'value')
    throw new Error(`expected a value for ${JSON.stringify(raw)}, got ${JSON.stringify(r)}`);
  return r.fen;
}

describe('parseAmount: accepted', () => {
  it.each([
    ['123.45', 12345],
    ['0', 0],
    ['0.5', 50],
    ['12', 1200],
    ['-7', -700],
    ['-0.05', -5],
    ['0012.30', 1230],
    ['1234567890123.45', 123456789012345],
    // case 47
    ['¥1,234.50', 123450],
    ['￥1,234.50', 123450],
    ['1,234.50元', 123450],
    ['¥ 12.00', 1200],
    ['12.00 元', 1200],
    // case 48
    ['１，２３４．５０', 123450],
    ['￥１２．００', 1200],
    // case 49
    ['(12.00)', -1200],
    ['（12.00）', -1200],
    ['(¥12.00)', -1200],
    ['¥(12.00)', -1200],
    ['(12.00)元', -1200],
    ['(12.00元)', -1200],
    // case 50, 51
    ['-12.00', -1200],
    ['\u221212.00', -1200],
    ['\uff0d12.00', -1200],
    ['+12.00', 1200],
    ['-¥12.00', -1200],
    ['¥-12.00', -1200],
    ['-12.00元', -1200],
    // case 60 and friends: surrounding whitespace of every kind
    ['12.00\n', 1200],
    ['\r\n12.00\r\n', 1200],
    ['\t12.00', 1200],
    ['\u300012.00\u3000', 1200],
    ['\u00a012.00\u00a0', 1200],
    ['\ufeff12.00', 1200],
    ['1,234,567.89', 123456789],
    ['999', 99900],
    ['1,000', 100000],
  ])('%j → %i fen', (raw, fen) => {
    expect(parseAmount(raw)).toEqual(value(fen));
  });

  it('never returns -0', () => {
    for (const raw of ['-0', '-0.00', '(0.00)', '−0', '-¥0']) expect(Object.is(fenOf(raw), 0)).toBe(true);
  });

  it('accepts the largest safe amount and rejects the next fen as E_LIMIT', () => {
    expect(parseAmount('90071992547409.91')).toEqual(value(Number.MAX_SAFE_INTEGER));
    expect(parseAmount('-90,071,992,547,409.91')).toEqual(value(-Number.MAX_SAFE_INTEGER));
    expect(parseAmount('90071992547409.92')).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    expect(parseAmount('9007199254740991', { unit: 'fen' })).toEqual(value(Number.MAX_SAFE_INTEGER));
    expect(parseAmount('9007199254740992', { unit: 'fen' })).toMatchObject({
      kind: 'error',
      code: 'E_LIMIT',
    });
    expect(parseAmount('99999999999999999999999')).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    // around the plain fast path's 13-digit limit
    expect(parseAmount('9999999999999.99')).toEqual(value(999999999999999));
    expect(parseAmount('-9999999999999')).toEqual(value(-999999999999900));
    expect(parseAmount('90071992547409')).toEqual(value(9007199254740900));
    expect(parseAmount('99999999999999')).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    expect(parseAmount('900719925474099')).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    expect(parseAmount('9007199254740.99')).toEqual(value(900719925474099));
  });
});

describe('parseAmount: absent (case 52)', () => {
  it.each(['', '-', '--', 'None', 'null', 'NULL', '#NULL!', 'N/A', '  ', '\t-\t', '\uff0d', '\uff0d\uff0d'])(
    '%j is absent',
    (raw) => {
      expect(parseAmount(raw)).toEqual({ kind: 'absent' });
      expect(parseAmount(raw, { unit: 'fen' })).toEqual({ kind: 'absent' });
    },
  );
});

describe('parseAmount: rejected', () => {
  it.each([
    // case 53
    ['1,23,4.50', /groups of three/],
    ['1,2345.00', /groups of three/],
    [',123.00', /groups of three/],
    ['1,234,', /groups of three/],
    ['1,23,456.00', /groups of three/],
    ['12,34,567.00', /groups of three/], // Indian grouping
    ['1.234,50', /after the decimal part/],
    // case 54
    ['1e3', /exponent/],
    ['1E-5', /exponent/],
    ['1e999999999', /exponent/],
    ['0x1F', /hexadecimal/],
    ['0b101', /binary/],
    ['0o17', /octal/],
    ['NaN', /NaN/],
    ['Infinity', /Infinity/],
    ['-Infinity', /Infinity/],
    // case 57 (DESIGN §3: more than two decimals is an error) and case 58
    ['12.345', /more than two decimals/],
    ['1.500', /more than two decimals/],
    ['abc', /text "abc" is not an amount/],
    // structure
    ['12.', /no digits after the decimal mark/],
    ['.50', /no digits before the decimal mark/],
    ['¥', /no digits/],
    ['()', /no digits/],
    ['(12.00', /unbalanced parenthesis/],
    ['12.00)', /unexpected character "\)"/],
    ['-(12.00)', /unexpected character "\("/],
    ['(-12.00)', /sign inside parentheses/],
    ['--12', /more than one sign/],
    ['+-12', /more than one sign/],
    ['12.00-', /sign after the number/],
    ['¥¥12', /unexpected character "¥"/],
    ['¥12元', /unexpected character "¥"/],
    ['1 234.00', /space inside the number/],
    ['12%', /percentage/],
    ['12.00\u0000', /unexpected character "\\u0000"/],
    ['１２³', /unexpected character "³"/],
    ['①', /unexpected character "①"/],
    ['12😀', /unexpected character "😀"/],
  ])('%j → E_AMOUNT %s', (raw, message) => {
    const r = parseAmount(raw);
    expect(r).toMatchObject({ kind: 'error', code: 'E_AMOUNT' });
    if (r.kind === 'error') expect(r.message).toMatch(message);
  });

  // case 58: another currency is never added to CNY
  it.each([
    ['$12.00', '$'],
    ['US$12.00', 'US$'],
    ['-$12.00', '$'],
    ['€12.00', '€'],
    ['12.00USD', 'USD'],
    ['12.00 USD', 'USD'],
    ['USD 12.00', 'USD'],
    ['HK$1,234.50', 'HK$'],
    ['1,234.50 eur', 'eur'],
  ])('%j → E_CURRENCY naming %s', (raw, marker) => {
    const r = parseAmount(raw);
    expect(r).toMatchObject({ kind: 'error', code: 'E_CURRENCY' });
    if (r.kind === 'error') {
      expect(r.message).toBe(`currency "${marker}" is not CNY (only ¥, ￥ or 元 are accepted)`);
      expect(r.hint).toMatch(/convert/);
    }
  });

  it.each(['12.00 USDT', '12.00 yuan', 'usb'])('%j is not mistaken for a currency (E_AMOUNT)', (raw) => {
    expect(parseAmount(raw)).toMatchObject({ kind: 'error', code: 'E_AMOUNT' });
  });

  it('hints at the decimal mark when a European amount meets the default mark', () => {
    const r = parseAmount('1.234,50');
    expect(r.kind === 'error' && r.hint).toMatch(/decimal mark to ","/);
    const three = parseAmount('1.234');
    expect(three.kind === 'error' && three.hint).toMatch(/decimal mark/);
  });

  it('caps the length at 32 characters after trimming (case 55)', () => {
    const long = '1'.repeat(MAX_AMOUNT_CHARS + 1);
    expect(parseAmount(long)).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    expect(parseAmount('9'.repeat(5000))).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    // 32 characters is still judged by the grammar, and surrounding space does not count
    expect(parseAmount(`  ${'0'.repeat(29)}.00  `)).toEqual(value(0));
    expect(parseAmount('0'.repeat(32))).toEqual(value(0));
  });

  it('rejects a huge hostile cell quickly', () => {
    const start = performance.now();
    expect(parseAmount('('.repeat(200_000))).toMatchObject({ code: 'E_LIMIT' });
    expect(parseAmount(`1${',000'.repeat(50_000)}`)).toMatchObject({ code: 'E_LIMIT' });
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('parseAmount: options', () => {
  it.each([
    ['1.234,50', 123450],
    ['1.234.567,89', 123456789],
    ['12,5', 1250],
    ['-0,05', -5],
    ['¥1.234,50', 123450],
    ['(1.234,50)', -123450],
    ['12', 1200],
  ])('decimalMark "," reads %j as %i fen', (raw, fen) => {
    expect(parseAmount(raw, { decimalMark: ',' })).toEqual(value(fen));
  });

  it.each([
    ['1,234.50', /after the decimal part/],
    ['1.23.4,50', /groups of three/],
    ['12,345', /more than two decimals/],
  ])('decimalMark "," rejects %j', (raw, message) => {
    const r = parseAmount(raw, { decimalMark: ',' });
    expect(r).toMatchObject({ kind: 'error', code: 'E_AMOUNT' });
    if (r.kind === 'error') expect(r.message).toMatch(message);
  });

  it.each([
    ['12345', 12345],
    ['-7', -7],
    ['1,234', 1234],
    ['¥100', 100],
    ['(5)', -5],
    ['１２３', 123],
  ])('unit fen reads %j as %i fen (case 59)', (raw, fen) => {
    expect(parseAmount(raw, { unit: 'fen' })).toEqual(value(fen));
  });

  it('unit fen rejects any decimal part', () => {
    for (const raw of ['123.45', '123.0', ' 1.5 ']) {
      expect(parseAmount(raw, { unit: 'fen' })).toMatchObject({
        kind: 'error',
        code: 'E_AMOUNT',
        message: 'a fen amount with a decimal part',
      });
    }
    expect(parseAmount('1.234', { unit: 'fen', decimalMark: ',' })).toEqual(value(1234));
  });

  it('explicit defaults behave like no options', () => {
    for (const raw of ['123.45', '¥1,234.50', '(1.00)', '1e3', '']) {
      expect(parseAmount(raw, { unit: 'yuan', decimalMark: '.' })).toEqual(parseAmount(raw));
    }
  });
});

describe('formatFen', () => {
  it.each([
    [123456, '1234.56'],
    [-5, '-0.05'],
    [5, '0.05'],
    [50, '0.50'],
    [-99, '-0.99'],
    [100, '1.00'],
    [-100, '-1.00'],
    [0, '0.00'],
    [-0, '0.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, '-90071992547409.91'],
  ])('%d → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('throws on a value that is not integer fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
    expect(() => formatFen(2 ** 53)).toThrow(RangeError);
  });
});

describe('checkedAdd', () => {
  it('adds exactly', () => {
    expect(checkedAdd(1, 2)).toBe(3);
    expect(checkedAdd(-5, 5)).toBe(0);
    expect(checkedAdd(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(checkedAdd(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it('throws past 2^53 fen in either direction', () => {
    expect(() => checkedAdd(Number.MAX_SAFE_INTEGER, 1)).toThrow(
      new RangeError('amount overflow past 2^53 fen'),
    );
    expect(() => checkedAdd(-Number.MAX_SAFE_INTEGER, -1)).toThrow('amount overflow past 2^53 fen');
    expect(() => checkedAdd(2 ** 53 + 2, -10)).toThrow(RangeError);
  });
});

describe('applyRate', () => {
  it.each([
    [1999, '0.05', 100], // 99.95 → 100
    [-1999, '0.05', -100],
    [10, '0.05', 1], // 0.5 → away from zero
    [-10, '0.05', -1],
    [30, '0.05', 2], // 1.5 → 2
    [29, '0.05', 1], // 1.45 → 1
    [12345, '0', 0],
    [12345, '1', 12345],
    [100000, '0.006', 600],
    [1, '0.333333333333333333333333333333', 0],
    [Number.MAX_SAFE_INTEGER, '1', Number.MAX_SAFE_INTEGER],
    [Number.MAX_SAFE_INTEGER, '0.5', 4503599627370496], // .5 rounds up
  ])('%d × %s → %d', (fen, rate, want) => {
    expect(applyRate(fen, rate)).toBe(want);
  });

  it('never returns -0', () => {
    expect(Object.is(applyRate(-1, '0.4'), 0)).toBe(true);
    expect(Object.is(applyRate(-12345, '0'), 0)).toBe(true);
  });

  it('throws on a malformed rate or an overflow', () => {
    for (const bad of ['1e3', '0x10', 'NaN', '', '5%', '.5', ' 0.5'])
      expect(() => applyRate(100, bad)).toThrow(RangeError);
    expect(() => applyRate(Number.MAX_SAFE_INTEGER, '1.5')).toThrow('amount overflow past 2^53 fen');
    expect(() => applyRate(1.5, '0.5')).toThrow(RangeError);
  });
});

describe('parseRate', () => {
  it.each([
    ['0.05', '0.05'],
    ['5%', '0.05'],
    ['0.050', '0.05'],
    ['5.5%', '0.055'],
    ['0', '0'],
    ['0%', '0'],
    ['1', '1'],
    ['100%', '1'],
    ['1.00', '1'],
    [' 20% ', '0.2'],
    ['０．０５', '0.05'],
    ['５％', '0.05'],
  ])('%j → %s', (raw, rate) => {
    expect(parseRate(raw)).toEqual({ kind: 'value', rate });
  });

  it.each([
    '',
    '-0.05',
    '+0.05',
    '1.01',
    '101%',
    '5 %',
    '.05',
    '5.',
    '1e-2',
    '0x1',
    'NaN',
    '5%%',
    '0,05',
    'abc',
  ])('%j is an error', (raw) => {
    const r = parseRate(raw);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message.length).toBeGreaterThan(0);
  });

  it('names a rate above 100%', () => {
    expect(parseRate('150%')).toEqual({ kind: 'error', message: 'rate is above 1 (100%)' });
  });
});

describe('ratio', () => {
  it.each([
    [1, 3, '0.3333'],
    [2, 3, '0.6667'],
    [-2, 3, '-0.6667'],
    [2, -3, '-0.6667'],
    [1, 20000, '0.0001'], // exactly half a unit: away from zero
    [-1, 20000, '-0.0001'],
    [-1, 30000, '0.0000'],
    [1, -30000, '0.0000'],
    [0, 5, '0.0000'],
    [0, -5, '0.0000'],
    [5, 5, '1.0000'],
    [1234567, 100, '12345.6700'],
    [Number.MAX_SAFE_INTEGER, 1, '9007199254740991.0000'],
    [1, Number.MAX_SAFE_INTEGER, '0.0000'],
  ])('%d / %d → %s', (num, den, want) => {
    expect(ratio(num, den)).toBe(want);
  });

  it('is null for a zero denominator', () => {
    expect(ratio(100, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(-5, -0)).toBeNull();
  });

  it('throws on non-integer inputs', () => {
    expect(() => ratio(1.5, 2)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const yuanDigits = (fen: number): string => formatFen(fen).replace('-', '');

  it('parseAmount(formatFen(x)) = x for any x in ±10^15 and for any safe integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), (x) => {
        expect(parseAmount(formatFen(x))).toEqual(value(x));
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.maxSafeInteger(), (x) => {
        expect(parseAmount(formatFen(x))).toEqual(value(x));
      }),
      runs,
    );
  });

  it('formatFen never writes -0.00 and always writes two decimals with the sign of x', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -200, max: 200 }), fc.constant(-0)),
        (x) => {
          const text = formatFen(x);
          expect(text).not.toBe('-0.00');
          expect(text).toMatch(/^-?(0|[1-9]\d*)\.\d{2}$/);
          expect(text.startsWith('-')).toBe(x < 0);
        },
      ),
      runs,
    );
  });

  // A dirty rendering of x built from the §2E forms, in any combination.
  const rendering = fc.record({
    marker: fc.constantFrom('', '¥', '￥', '元'),
    grouping: fc.boolean(),
    wide: fc.boolean(),
    negStyle: fc.constantFrom('-', '\u2212', '\uff0d', '(', '（'),
    plus: fc.boolean(),
    pad: fc.constantFrom('', ' ', '\t', '\r\n', '\u3000', '\u00a0'),
    spaced: fc.boolean(),
  });

  type Rendering = typeof rendering extends fc.Arbitrary<infer T> ? T : never;

  function render(x: number, r: Rendering): string {
    let body = yuanDigits(x);
    if (r.grouping) {
      const [int = '', frac = ''] = body.split('.');
      body = `${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
    }
    const gap = r.spaced ? ' ' : '';
    if (r.marker === '元') body = `${body}${gap}元`;
    else if (r.marker !== '') body = `${r.marker}${gap}${body}`;
    if (x < 0) {
      if (r.negStyle === '(') body = `(${body})`;
      else if (r.negStyle === '（') body = `（${body}）`;
      else body = `${r.negStyle}${body}`;
    } else if (r.plus) {
      body = `+${body}`;
    }
    if (r.wide) body = body.replace(/[0-9.,+\-()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    return `${r.pad}${body}${r.pad}`;
  }

  it('dirty renderings (¥, 元, thousands commas, full-width, parentheses, minus signs) parse to the plain fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 14), max: 10 ** 14 }), rendering, (x, r) => {
        const dirty = render(x, r);
        expect(parseAmount(dirty)).toEqual(value(x));
        expect(parseAmount(dirty)).toEqual(parseAmount(formatFen(x)));
      }),
      runs,
    );
  });

  it('the plain fast path agrees with the full grammar', () => {
    const plain = fc.stringMatching(/^-?\d{1,14}(\.\d{1,3})?$/);
    fc.assert(
      fc.property(plain, fc.constantFrom<AmountOptions['unit']>('yuan', 'fen'), (text, unit) => {
        // the leading space forces the full grammar
        expect(parseAmount(text, { unit })).toEqual(parseAmount(` ${text}`, { unit }));
      }),
      runs,
    );
  });

  it("parsePlain gives the full grammar's fen for the plain cells it takes, and NaN for the others", () => {
    const cell = fc.oneof(
      fc.stringMatching(/^-?\d{1,15}(\.\d{0,3})?$/),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', ',', ' ', '¥', 'e'), maxLength: 18 }),
    );
    fc.assert(
      fc.property(cell, fc.constantFrom<'yuan' | 'fen'>('yuan', 'fen'), (text, unit) => {
        const fen = parsePlain(text, unit === 'fen');
        // the leading space forces the full grammar
        if (!Number.isNaN(fen)) expect(parseAmount(` ${text}`, { unit })).toEqual(value(fen));
        else
          expect(/^-?\d{1,13}(\.\d{1,2})?$/.test(text) && (unit === 'yuan' || !text.includes('.'))).toBe(
            false,
          );
      }),
      { ...runs, numRuns: 2000 },
    );
  });

  it('parseAmount is total: any string gives a value, absent or a typed error, never a throw', () => {
    const options = fc.record(
      {
        unit: fc.constantFrom<'yuan' | 'fen'>('yuan', 'fen'),
        decimalMark: fc.constantFrom<'.' | ','>('.', ','),
      },
      { requiredKeys: [] },
    );
    const cell = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.stringMatching(/^[-+(（¥￥]?[0-9０-９,.，．]{0,20}[)）元]?$/),
    );
    fc.assert(
      fc.property(cell, options, (raw, opts) => {
        const r = parseAmount(raw, opts);
        if (r.kind === 'value') expect(Number.isSafeInteger(r.fen) && !Object.is(r.fen, -0)).toBe(true);
        else if (r.kind === 'error') expect(['E_AMOUNT', 'E_CURRENCY', 'E_LIMIT']).toContain(r.code);
        else expect(r).toEqual({ kind: 'absent' });
      }),
      { numRuns: 1000, seed },
    );
  });

  it('ratio is never -0.0000 and equals exact integer rounding half away from zero', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 })),
        fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100000, max: 100000 })),
        (num, den) => {
          fc.pre(den !== 0);
          const got = ratio(num, den);
          expect(got).not.toBe('-0.0000');
          expect(got).toMatch(/^-?\d+\.\d{4}$/);
          // oracle: round(|num|·10^4 / |den|) half up in BigInt, then the sign
          const n = BigInt(Math.abs(num)) * 10000n;
          const d = BigInt(Math.abs(den));
          const q = (2n * n + d) / (2n * d);
          const negative = num < 0 !== den < 0 && q !== 0n;
          const digits = q.toString().padStart(5, '0');
          expect(got).toBe(`${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`);
        },
      ),
      runs,
    );
  });

  it('applyRate equals exact rounding half away from zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 12 }),
        (fen, numerator, scale) => {
          const den = 10n ** BigInt(scale);
          const rate = scale === 0 ? numerator.toString() : toDecimal(numerator, scale);
          const exact = BigInt(Math.abs(fen)) * numerator;
          const q = (2n * exact + den) / (2n * den);
          const want = fen < 0 && q !== 0n ? -Number(q) : Number(q);
          fc.pre(Number.isSafeInteger(want));
          expect(applyRate(fen, rate)).toBe(want);
        },
      ),
      runs,
    );
  });
});

function toDecimal(numerator: bigint, scale: number): string {
  const digits = numerator.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
