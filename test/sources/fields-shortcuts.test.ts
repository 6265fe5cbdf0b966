/**
 * `Fields` remembers what it read (keys, texts, the days of date columns, joined labels) and takes
 * shortcuts for the common cells (plain ids, amounts and counts). One `Fields` reading a run of rows
 * must answer exactly as a fresh `Fields` per row does, which has nothing remembered yet: the same
 * values, the same problems, the same tally of 19-digit ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { column, Fields, type Column } from '../../src/sources/fields.js';
import type { FileContext, IdTally, ReadOptions } from '../../src/sources/format.js';
import { READ, rowOf } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fields-shortcuts.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
const runs = { numRuns: 300, seed };

const HEADER = [
  '主订单编号',
  '商品ID',
  '支付完成时间',
  '发货时间',
  '订单应付金额',
  '商品数量',
  '选购商品',
  '达人昵称',
];
const col = (n: string) => HEADER.indexOf(n);
const ORDER = column(col, '主订单编号');
const PRODUCT = column(col, '商品ID');
const PAID = column(col, '支付完成时间');
const SHIPPED = column(col, '发货时间');
const PAY = column(col, '订单应付金额');
const UNITS = column(col, '商品数量');
const NAME = column(col, '选购商品');
const AUTHOR = column(col, '达人昵称');

const tallied = (options: Partial<ReadOptions>, ids: IdTally): FileContext => ({
  file: 'orders.csv',
  exportedAt: null,
  options: { ...READ, ...options },
  ids,
});
const newTally = (): IdTally => ({ long: 0, cut: 0, example: null });

type Read = (f: Fields) => unknown;

/**
 * Reads every row with one Fields, and each row with a fresh one; each read is `[value, problems]`.
 * Returns both runs and both tallies.
 */
function bothWays(rows: string[][], read: Read, options: Partial<ReadOptions> = {}) {
  const kept = newTally();
  const fresh = newTally();
  const one = new Fields(tallied(options, kept));
  const a: unknown[] = [];
  const b: unknown[] = [];
  rows.forEach((cells, i) => {
    one.reset(rowOf(cells), i + 2);
    a.push([read(one), [...one.problems]]);
    const f = new Fields(tallied(options, fresh));
    f.reset(rowOf(cells), i + 2);
    b.push([read(f), [...f.problems]]);
  });
  return { kept: a, fresh: b, keptTally: kept, freshTally: fresh };
}

/** A row with `cell` in column `c` (and '' elsewhere). */
function rowWith(c: Column, cell: string, ...more: (readonly [Column, string])[]): string[] {
  const row = HEADER.map(() => '');
  for (const [k, v] of [[c, cell] as const, ...more]) row[k.index] = v;
  return row;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const WIDE = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Date cells: mostly `yyyy-mm-dd HH:MM:SS` on a few days (so days recur), with near misses of every part. */
const dateCell: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        day: fc.constantFrom(
          '2024-01-05',
          '2024-01-06',
          '2024-02-29',
          '2023-02-29',
          '2024-02-30',
          '2024-13-01',
          '2024-00-10',
          '1899-12-31',
          '9999-12-31',
          '2024-1-05',
          '2024/01/05',
        ),
        h: fc.integer({ min: 0, max: 25 }),
        m: fc.integer({ min: 0, max: 61 }),
        s: fc.integer({ min: 0, max: 61 }),
        sep: fc.constantFrom(' ', ' ', ' ', 'T', '\t', '  ', '_'),
        colon: fc.constantFrom(':', ':', ':', ':', '：', '.'),
        tail: fc.constantFrom('', '', '', '', 'Z', '+08:00', '.5', ' '),
      })
      .map(
        ({ day, h, m, s, sep, colon, tail }) => `${day}${sep}${pad2(h)}${colon}${pad2(m)}:${pad2(s)}${tail}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '-',
      '',
      '--',
      '2024-01-05',
      '2024-01-05 09:03',
      '2024-01-05 9:03:00',
      WIDE('2024-01-05 09:03:00'),
      `2024-01-05 ${WIDE('09')}:03:00`,
      '2024-01-05 /9:03:00',
      '2024-01-05 09:0:000',
      '45000',
      '45000.5',
      '60',
      '2024年1月5日 09:03',
      ' 2024-01-05 09:03:00',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 22 }) },
);

describe('Fields.date remembers days, and answers as parseDateTime does', () => {
  it('on runs of rows in two date columns, with and without Excel serials', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(dateCell, dateCell), { maxLength: 40 }),
        fc.boolean(),
        (cells, excelDates) => {
          const rows = cells.map(([paid, shipped]) => rowWith(PAID, paid, [SHIPPED, shipped]));
          const r = bothWays(rows, (f) => [f.date(PAID, true), f.date(SHIPPED, false)], { excelDates });
          expect(r.kept).toEqual(r.fresh);
        },
      ),
      runs,
    );
  });

  it('reuses the day string of an earlier row on the same day', () => {
    const f = new Fields(tallied({}, newTally()));
    f.reset(rowOf(rowWith(PAID, '2024-01-05 09:03:00')), 2);
    const first = f.date(PAID, true);
    f.reset(rowOf(rowWith(PAID, '2024-01-05 23:59:59')), 3);
    expect(f.date(PAID, true)).toEqual({ day: '2024-01-05', stamp: '2024-01-05 23:59:59' });
    f.reset(rowOf(rowWith(PAID, '2024-01-05 24:00:00')), 4);
    expect(f.date(PAID, true)).toBeNull();
    expect(f.problems).toEqual([expect.objectContaining({ code: 'E_DATE', value: '2024-01-05 24:00:00' })]);
    expect(first).toEqual({ day: '2024-01-05', stamp: '2024-01-05 09:03:00' });
  });
});

/** Id cells: 抖店's tab-prefixed 19-digit ids (some cut by Excel to …0000), and what readId cleans or refuses. */
const idCell: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        prefix: fc.constantFrom('\t', '\t', '', '\t\t', ' ', "'", '\u200b'),
        head: fc.constantFrom('69178829372718', '37461353395560', '12', '0000000000000'),
        tail: fc.constantFrom('28182', '00000', '10000', '9', ''),
        suffix: fc.constantFrom('', '', '', '\t', ' ', 'x'),
      })
      .map(({ prefix, head, tail, suffix }) => `${prefix}${head}${tail}${suffix}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '-',
      '\t-',
      '\t',
      '6.91793E+18',
      '="6917926768823643751"',
      WIDE('6917926768823640000'),
      'LY-007-01',
      '\tLY-007-01',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 22 }) },
);

describe('Fields.id and Fields.key answer as readId does, and tally the same 19-digit ids', () => {
  it('on runs of rows, with and without Excel-wrapped ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(idCell, idCell), { maxLength: 40 }),
        fc.boolean(),
        (cells, excelWrappedIds) => {
          const rows = cells.map(([order, product]) => rowWith(ORDER, order, [PRODUCT, product]));
          const r = bothWays(rows, (f) => [f.id(ORDER, true, true), f.key(PRODUCT)], { excelWrappedIds });
          expect(r.kept).toEqual(r.fresh);
          expect(r.keptTally).toEqual(r.freshTally);
        },
      ),
      runs,
    );
  });

  it('counts a remembered key in the tally each time it is read', () => {
    const tally = newTally();
    const f = new Fields(tallied({}, tally));
    for (const [i, cell] of ['\t3746135339556080000', '\t3746135339556080000', '\t12'].entries()) {
      f.reset(rowOf(rowWith(PRODUCT, cell)), i + 2);
      f.key(PRODUCT);
    }
    expect(tally).toEqual({
      long: 2,
      cut: 2,
      example: { id: '3746135339556080000', column: '商品ID', value: '\t3746135339556080000' },
    });
  });

  it('reports a bad key on every row it is on', () => {
    const f = new Fields(tallied({}, newTally()));
    for (const line of [2, 3]) {
      f.reset(rowOf(rowWith(PRODUCT, '6.91793E+18')), line);
      expect(f.key(PRODUCT)).toBeNull();
      expect(f.problems).toEqual([expect.objectContaining({ code: 'E_ID', line })]);
    }
  });
});

/** Amount cells: plain decimals, and the envelopes and mistakes parseAmount names. */
const amountCell: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        sign: fc.constantFrom('', '', '-', '+', '−'),
        whole: fc.constantFrom('0', '19', '1234', '1,234', '007', '', '99999999999999'),
        frac: fc.constantFrom('', '.9', '.90', '.905', '.', ',50'),
        wrap: fc.constantFrom('', '', '¥', ' ', '\t'),
      })
      .map(({ sign, whole, frac, wrap }) => `${wrap}${sign}${whole}${frac}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('-', '', '(12.00)', '12.00元', WIDE('12.50'), '1e3', 'NaN') },
  { weight: 1, arbitrary: fc.string({ maxLength: 18 }) },
);

describe('Fields.amount answers as parseAmount does', () => {
  it('in yuan and fen, with either decimal mark', () => {
    fc.assert(
      fc.property(
        fc.array(amountCell, { maxLength: 20 }),
        fc.constantFrom<'.' | ','>('.', ','),
        fc.constantFrom<'yuan' | 'fen'>('yuan', 'fen'),
        fc.constantFrom<'error' | 'zero' | 'null'>('error', 'zero', 'null'),
        (cells, decimalMark, unit, absent) => {
          const r = bothWays(
            cells.map((c) => rowWith(PAY, c)),
            (f) => f.amount(PAY, absent, unit),
            { decimalMark },
          );
          expect(r.kept).toEqual(r.fresh);
        },
      ),
      runs,
    );
  });
});

describe('Fields.count reads the common cell without trim or regex', () => {
  it.each([
    ['1', 1],
    ['007', 7],
    ['999999999', 999999999],
    [' 2', 2],
    ['3\t', 3],
  ])('%j → %d', (cell, n) => {
    const f = new Fields(tallied({}, newTally()));
    f.reset(rowOf(rowWith(UNITS, cell)), 2);
    expect(f.count(UNITS)).toBe(n);
    expect(f.problems).toEqual([]);
  });

  it.each(['', '1000000000', '-1', '1.5', '１', '+1', '1 2'])('%j is E_QTY', (cell) => {
    const f = new Fields(tallied({}, newTally()));
    f.reset(rowOf(rowWith(UNITS, cell)), 2);
    expect(f.count(UNITS)).toBeNull();
    expect(f.problems).toEqual([expect.objectContaining({ code: 'E_QTY', value: cell })]);
  });
});

const textCell = fc.oneof(
  fc.constantFrom('\t澜屿防晒冰袖', '澜屿防晒冰袖', '-', '', '\t-', ' 短视频 ', '直播', '\u3000直播\r\n'),
  fc.string({ maxLength: 8 }),
);

describe('Fields.text and Fields.joined answer as readText and label do', () => {
  it('on runs of rows', () => {
    const make = (a: string | null, b: string | null) => `${a ?? '?'} (${b ?? '?'})`;
    fc.assert(
      fc.property(fc.array(fc.tuple(textCell, textCell, idCell), { maxLength: 30 }), (cells) => {
        const rows = cells.map(([name, author, product]) =>
          rowWith(NAME, name, [AUTHOR, author], [PRODUCT, product]),
        );
        const r = bothWays(rows, (f) => {
          const name = f.text(NAME);
          return [name, f.joined(f.text(AUTHOR), f.key(PRODUCT), make)];
        });
        expect(r.kept).toEqual(r.fresh);
      }),
      runs,
    );
  });

  it('builds a pair once, and again for another way of joining it', () => {
    const f = new Fields(tallied({}, newTally()));
    let calls = 0;
    const make = (a: string | null, b: string | null) => {
      calls++;
      return `${a} (${b})`;
    };
    f.reset(rowOf(HEADER), 2);
    expect(f.joined('小王', '123', make)).toBe('小王 (123)');
    expect(f.joined('小王', '123', make)).toBe('小王 (123)');
    expect(f.joined('小王', null, make)).toBe('小王 (null)');
    expect(calls).toBe(2);
    expect(f.joined('小王', '123', (a, b) => `${b}/${a}`)).toBe('123/小王');
  });
});
