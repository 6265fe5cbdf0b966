import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/ledger/diagnostics.js';
import { column, Fields } from '../../src/sources/fields.js';
import type { FileContext } from '../../src/sources/format.js';
import { BUYER, READ, rowOf } from './helpers.js';

const BUYER_NAME = BUYER.name;
const BUYER_PHONE = BUYER.phone;

const HEADER = [
  '主订单编号',
  '订单应付金额',
  '支付完成时间',
  '商品数量',
  '收件人',
  '收件人手机号',
  '动帐流水号',
];
const col = (n: string) => HEADER.indexOf(n);
const ctx = (over: Partial<FileContext['options']> = {}): FileContext => ({
  file: 'exports/orders.csv',
  exportedAt: null,
  options: { ...READ, ...over },
});

function fieldsFor(cells: string[], line = 7, options: Partial<FileContext['options']> = {}): Fields {
  const f = new Fields(ctx(options));
  f.reset(rowOf(cells), line);
  return f;
}

const ORDER = column(col, '主订单编号');
const PAY = column(col, '订单应付金额');
const PAID = column(col, '支付完成时间');
const UNITS = column(col, '商品数量');
const ABSENT = column(col, '达人实际承担优惠金额');

describe('column', () => {
  it('resolves a name to its index', () => {
    expect(column(col, '订单应付金额')).toEqual({ name: '订单应付金额', index: 1 });
  });
  it('takes the first alias the file has, and names it', () => {
    expect(column(col, '动账流水号', '动帐流水号')).toEqual({ name: '动帐流水号', index: 6 });
  });
  it('is -1, named after the first alias, when the file has none', () => {
    expect(column(col, '金额(元)', '金额')).toEqual({ name: '金额(元)', index: -1 });
  });
});

describe('Fields.id', () => {
  it('reads and cleans an id', () => {
    const f = fieldsFor(['\t6917926768823643751', '', '', '', '', '', '']);
    expect(f.id(ORDER, true)).toBe('6917926768823643751');
    expect(f.problems).toEqual([]);
  });

  it('an empty required id is E_ID naming the column and its raw value', () => {
    const f = fieldsFor(['\t-', '1.00', '', '', '王小明', '13912345678', '']);
    expect(f.id(ORDER, true)).toBeNull();
    expect(f.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_ID',
        file: 'exports/orders.csv',
        line: 7,
        column: '主订单编号',
        value: '\t-',
      }),
    ]);
  });

  it('an empty optional id is null without a problem', () => {
    const f = fieldsFor(['-', '', '', '', '', '', '']);
    expect(f.id(ORDER, false)).toBeNull();
    expect(f.problems).toEqual([]);
  });

  it('a missing required column is a problem; a missing optional one is null', () => {
    const f = fieldsFor(['1', '', '', '', '', '', '']);
    expect(f.id(column(col, '子订单编号'), false)).toBeNull();
    expect(f.problems).toEqual([]);
    expect(f.id(column(col, '子订单编号'), true)).toBeNull();
    expect(f.problems).toEqual([expect.objectContaining({ code: 'E_ID', column: '子订单编号', value: '' })]);
  });

  it('E+ ids are rejected even when optional', () => {
    const f = fieldsFor(['6.91793E+18', '', '', '', '', '', '']);
    expect(f.id(ORDER, false)).toBeNull();
    expect(f.problems).toEqual([
      expect.objectContaining({ code: 'E_ID', column: '主订单编号', value: '6.91793E+18' }),
    ]);
  });

  it('="…" ids follow the excelWrappedIds option of the file', () => {
    const cells = ['="6917926768823643751"', '', '', '', '', '', ''];
    const strict = fieldsFor(cells);
    expect(strict.id(ORDER, true)).toBeNull();
    expect(strict.problems[0]).toMatchObject({ code: 'E_ID', value: '="6917926768823643751"' });
    const lenient = fieldsFor(cells, 7, { excelWrappedIds: true });
    expect(lenient.id(ORDER, true)).toBe('6917926768823643751');
    expect(lenient.problems).toEqual([]);
  });
});

describe('Fields.amount', () => {
  it.each([
    ['198.00', 19800],
    ['¥1,234.50', 123450],
    ['￥1,234.50', 123450],
    ['1,234.50元', 123450],
    ['0.5', 50],
    ['-12.00', -1200],
  ])('%j → %d fen', (raw, fen) => {
    const f = fieldsFor(['', raw, '', '', '', '', '']);
    expect(f.amount(PAY, 'error')).toBe(fen);
    expect(f.problems).toEqual([]);
  });

  it('an absent cell follows the mode: error, zero or null', () => {
    for (const raw of ['', '-']) {
      expect(fieldsFor(['', raw, '', '', '', '', '']).amount(PAY, 'zero')).toBe(0);
      expect(fieldsFor(['', raw, '', '', '', '', '']).amount(PAY, 'null')).toBeNull();
      const f = fieldsFor(['', raw, '', '', '', '', '']);
      expect(f.amount(PAY, 'error')).toBeNull();
      expect(f.problems).toEqual([
        expect.objectContaining({ code: 'E_AMOUNT', column: '订单应付金额', value: raw }),
      ]);
    }
  });

  it('an absent column follows the mode too', () => {
    expect(fieldsFor(['', '', '', '', '', '', '']).amount(ABSENT, 'zero')).toBe(0);
    expect(fieldsFor(['', '', '', '', '', '', '']).amount(ABSENT, 'null')).toBeNull();
    const f = fieldsFor(['', '', '', '', '', '', '']);
    expect(f.amount(ABSENT, 'error')).toBeNull();
    expect(f.problems[0]).toMatchObject({ code: 'E_AMOUNT', column: '达人实际承担优惠金额' });
  });

  it.each(['12.345', '1.234,50', 'abc', '1e3', 'NaN', '0x1F', '12.3.4'])(
    '%j is rejected with E_AMOUNT, the column and the raw value, even when absent means zero',
    (raw) => {
      const f = fieldsFor(['', raw, '', '', '', '', '']);
      expect(f.amount(PAY, 'zero')).toBeNull();
      expect(f.problems).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'E_AMOUNT',
          column: '订单应付金额',
          value: raw,
          line: 7,
        }),
      ]);
    },
  );

  it('more than two decimals says so', () => {
    const f = fieldsFor(['', '19.999', '', '', '', '', '']);
    f.amount(PAY, 'error');
    expect(f.problems[0]?.message).toMatch(/more than two decimals/);
  });

  it('the file decimal mark "," reads 1.234,50', () => {
    const f = fieldsFor(['', '1.234,50', '', '', '', '', ''], 7, { decimalMark: ',' });
    expect(f.amount(PAY, 'error')).toBe(123450);
  });

  it('a fen column reads whole fen', () => {
    const f = fieldsFor(['', '12345', '', '', '', '', '']);
    expect(f.amount(PAY, 'error', 'fen')).toBe(12345);
  });
});

describe('Fields.date', () => {
  it('reads a naive 抖店 time as Shanghai time, whatever TZ says', () => {
    expect(process.env.TZ).toBe('America/Los_Angeles');
    const f = fieldsFor(['', '', '2026-09-22 00:54:10', '', '', '', '']);
    expect(f.date(PAID, true)).toMatchObject({ day: '2026-09-22', stamp: '2026-09-22 00:54:10' });
  });

  it('absent: null when optional, E_DATE when required', () => {
    expect(fieldsFor(['', '', '-', '', '', '', '']).date(PAID, false)).toBeNull();
    const f = fieldsFor(['', '', '-', '', '', '', '']);
    expect(f.date(PAID, true)).toBeNull();
    expect(f.problems[0]).toMatchObject({ code: 'E_DATE', column: '支付完成时间', value: '-' });
  });

  it.each(['2026-02-30 10:00:00', '22/9/26', '45296'])('%j is E_DATE', (raw) => {
    const f = fieldsFor(['', '', raw, '', '', '', '']);
    expect(f.date(PAID, false)).toBeNull();
    expect(f.problems[0]).toMatchObject({ code: 'E_DATE', column: '支付完成时间', value: raw });
  });

  it('Excel serial dates only with excelDates', () => {
    const f = fieldsFor(['', '', '46287', '', '', '', ''], 7, { excelDates: true });
    expect(f.date(PAID, true)?.day).toBe('2026-09-22');
  });
});

describe('Fields.count', () => {
  it.each([
    ['2', 2],
    [' 3 ', 3],
    ['0', 0],
  ])('%j → %d', (raw, n) => {
    expect(fieldsFor(['', '', '', raw, '', '', '']).count(UNITS)).toBe(n);
  });

  it.each([
    ['-1', /negative quantity/],
    ['1.5', /not a whole number/],
    ['2件', /not a whole number/],
    ['', /not a whole number/],
    ['1e3', /not a whole number/],
  ])('%j is E_QTY', (raw, msg) => {
    const f = fieldsFor(['', '', '', raw, '', '', '']);
    expect(f.count(UNITS)).toBeNull();
    expect(f.problems[0]).toMatchObject({ code: 'E_QTY', column: '商品数量', value: raw });
    expect(f.problems[0]?.message).toMatch(msg);
  });
});

describe('Fields: per row', () => {
  it('reset clears the problems of the previous row and leaves the rejected list intact', () => {
    const f = new Fields(ctx());
    f.reset(rowOf(['x', 'bad', '', '', '', '', '']), 2);
    f.amount(PAY, 'error');
    const first = f.problems;
    expect(first).toHaveLength(1);
    f.reset(rowOf(['x', '1.00', '', '', '', '', '']), 3);
    expect(f.problems).toEqual([]);
    expect(first).toHaveLength(1);
  });

  it('collects one problem per bad cell, each with its own column and value', () => {
    const f = fieldsFor(['6.9E+18', '12.345', 'soon', '-2', BUYER_NAME, BUYER_PHONE, '']);
    f.id(ORDER, true);
    f.amount(PAY, 'error');
    f.date(PAID, true);
    f.count(UNITS);
    expect(f.problems.map((d) => [d.code, d.column, d.value])).toEqual([
      ['E_ID', '主订单编号', '6.9E+18'],
      ['E_AMOUNT', '订单应付金额', '12.345'],
      ['E_DATE', '支付完成时间', 'soon'],
      ['E_QTY', '商品数量', '-2'],
    ]);
    const printed = f.problems.map(formatDiagnostic).join('\n');
    expect(printed).toContain('exports/orders.csv:7: error:');
    expect(printed).toContain('(column "订单应付金额", value "12.345")');
    expect(printed).not.toContain(BUYER_NAME);
    expect(printed).not.toContain(BUYER_PHONE);
  });

  it('raw and has report what the row holds', () => {
    const f = fieldsFor(['a', 'b', '', '', '', '', '']);
    expect(f.raw(PAY)).toBe('b');
    expect(f.raw(ABSENT)).toBe('');
    expect(f.has(PAY)).toBe(true);
    expect(f.has(ABSENT)).toBe(false);
    expect(f.text(ABSENT)).toBeNull();
  });
});
