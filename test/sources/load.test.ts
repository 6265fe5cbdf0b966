import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/ledger/diagnostics.js';
import type { OrderLineFact } from '../../src/ledger/facts.js';
import {
  closestFormat,
  exportTimeFromName,
  normalizeHeader,
  recognise,
  type LoadedFile,
} from '../../src/sources/load.js';
import { FORMATS } from '../../src/sources/registry.js';
import {
  BUYER,
  csv,
  gb18030,
  loadText,
  ORDER_74,
  orderRow,
  PREMIUMS,
  QIANCHUAN_STANDARD,
  row,
  tempDir,
  counts,
} from './helpers.js';

const dir = tempDir();

/** Every record after the header is used, skipped for a reason, or rejected. */
function expectAccounted(r: LoadedFile): void {
  const skipped = Object.values(r.stats.skipped).reduce((a, b) => a + b, 0);
  expect(r.stats.rows).toBe(r.stats.used + skipped + r.stats.rejected);
}

const lines = (r: LoadedFile) => r.facts.map((f) => (f as OrderLineFact).line);
const errors = (r: LoadedFile) => r.diagnostics.filter((d) => d.severity === 'error');

/** Two good lines of the 74-column export. */
const GOOD = [
  orderRow(ORDER_74, { 子订单编号: '\t6917926768823640001' }),
  orderRow(ORDER_74, { 子订单编号: '\t6917926768823640002', 商家编码: '\tTEE-01', 订单应付金额: '59.90' }),
];

describe('recognition', () => {
  it('is by header, not by file name', async () => {
    const asOrders = await loadText(dir, csv([QIANCHUAN_STANDARD]), {}, '1759420800_订单导出.csv');
    expect(asOrders.format?.id).toBe('qianchuan-standard');
    const asAds = await loadText(dir, csv([ORDER_74, ...GOOD]), {}, '标准推广_2026-09.csv');
    expect(asAds.format?.id).toBe('douyin-orders');
    expect(asAds.facts).toHaveLength(2);
  });

  it('is by header, not column order', async () => {
    const rotated = [...ORDER_74.slice(30), ...ORDER_74.slice(0, 30)];
    const rot = (r: string[]) => [...r.slice(30), ...r.slice(0, 30)];
    const a = await loadText(dir, csv([ORDER_74, ...GOOD]));
    const b = await loadText(dir, csv([rotated, ...GOOD.map(rot)]));
    expect(b.format?.id).toBe('douyin-orders');
    expect(b.facts.map((f) => ({ ...f, source: null }))).toEqual(
      a.facts.map((f) => ({ ...f, source: null })),
    );
  });

  it('normalises header names: BOM, full-width brackets and spaces, stray quotes', () => {
    expect(normalizeHeader('\ufeff主订单编号')).toBe('主订单编号');
    expect(normalizeHeader('金额（元）')).toBe('金额(元)');
    expect(normalizeHeader(' 消耗(元)\u3000')).toBe('消耗(元)');
    expect(normalizeHeader('"日期"')).toBe('日期');
    expect(normalizeHeader('ｓｋｕ')).toBe('sku');
  });

  it('recognise picks the format whose identifying columns are all there', () => {
    expect(recognise(ORDER_74)?.id).toBe('douyin-orders');
    expect(recognise(PREMIUMS)?.id).toBe('douyin-insurance-premiums');
    expect(recognise(['sku', 'unit_cost'])?.id).toBe('roi-ledger-unit-costs');
    expect(recognise(['foo', 'bar'])).toBeNull();
  });

  it('closestFormat names what an unknown header lacks', () => {
    const c = closestFormat(['保险单号', '关联子订单号', '动账时间']);
    expect(c.format.id).toBe('douyin-insurance-premiums');
    expect(c.missing).toEqual(['金额(元)']);
  });

  it('an unknown header is a warning naming the closest format and its missing columns', async () => {
    const r = await loadText(
      dir,
      csv([
        ['保险单号', '关联子订单号', '动账时间', '金额'],
        ['P', '1', '2026-09-01', '1'],
      ]),
    );
    expect(r.format).toBeNull();
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'W_UNKNOWN_FORMAT',
        line: 1,
        message: expect.stringMatching(/closest is 运费险 保费支出.*"金额\(元\)"/),
      }),
    ]);
  });

  it('a semicolon-delimited file is read with its sniffed delimiter', async () => {
    const r = await loadText(dir, 'date;spend;note\n2026-09-22;1,234.50;"a;b"\n');
    expect(r.format?.id).toBe('roi-ledger-ad-spend');
    expect(r.facts).toEqual([expect.objectContaining({ spend: 123450 })]);
  });

  it('an unknown one-column header holding ; gets a delimiter hint', async () => {
    const r = await loadText(dir, '"订单;金额"\n1\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'W_UNKNOWN_FORMAT',
        hint: expect.stringContaining('delimiter looks like'),
      }),
    ]);
  });

  it('a required column missing is E_HEADER naming it and listing the header', async () => {
    const header = ORDER_74.filter((h) => h !== '商品数量');
    const r = await loadText(dir, csv([header, orderRow(header)]));
    expect(r.format).toBeNull();
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_HEADER',
        line: 1,
        message: expect.stringContaining('required column "商品数量" not found'),
        hint: expect.stringMatching(
          /^the header has 73 columns: "主订单编号", "子订单编号", .*check the encoding \(read as utf-8\) and the delimiter \(read with ","\)/,
        ),
      }),
    ]);
  });

  it('--as forces a format', async () => {
    // Both headers fit the 千川 standard export; --as picks the own ad-spend format.
    const header = ['date', 'spend', '日期', '消耗(元)'];
    const r = await loadText(dir, csv([header, ['2026-09-22', '1.00', '2026-09-22', '9.00']]), {
      as: 'roi-ledger-ad-spend',
    });
    expect(r.format?.id).toBe('roi-ledger-ad-spend');
    expect(r.facts).toEqual([expect.objectContaining({ spend: 100 })]);
  });

  it('--as with a header that does not fit is E_HEADER naming the missing columns of that format', async () => {
    const r = await loadText(
      dir,
      csv([
        ['日期', '消耗(元)'],
        ['2026-09-22', '1.00'],
      ]),
      {
        as: 'roi-ledger-ad-spend',
      },
    );
    expect(r.format).toBeNull();
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_HEADER',
        line: 1,
        message: expect.stringMatching(
          /^roi-ledger ad spend.*required column "date", "spend or spend\(分\) or spend\(fen\)" not found$/,
        ),
        hint: expect.stringContaining('--as roi-ledger-ad-spend'),
      }),
    ]);
  });

  it('exportedAt comes from a leading 10-digit timestamp in the file name', async () => {
    expect(exportTimeFromName('exports/1759420800_订单导出.csv')).toBe(1759420800);
    expect(exportTimeFromName('1759420800.csv')).toBe(1759420800);
    expect(exportTimeFromName('订单导出_1759420800.csv')).toBeNull();
    expect(exportTimeFromName('17594208001_x.csv')).toBeNull();
    const r = await loadText(dir, csv([ORDER_74, GOOD[0]!]), {}, '1759420800_订单导出_1.csv');
    expect((r.facts[0] as OrderLineFact).exportedAt).toBe(1759420800);
    const s = await loadText(dir, csv([ORDER_74, GOOD[0]!]), {}, 'orders.csv');
    expect((s.facts[0] as OrderLineFact).exportedAt).toBeNull();
  });

  it('every column a reader reads is declared, so it is never listed as ignored', () => {
    for (const f of FORMATS) {
      const asked = new Set<string>();
      f.compile(
        (name) => {
          asked.add(name);
          return -1;
        },
        {
          file: 'x.csv',
          exportedAt: null,
          options: { excelWrappedIds: false, excelDates: false, decimalMark: '.' },
        },
      );
      const declared = new Set([...f.identify, ...f.required, ...f.optional].flat());
      expect(
        [...asked].filter((n) => !declared.has(n)),
        f.id,
      ).toEqual([]);
    }
  });
});

describe('structure', () => {
  it('skips preamble rows above the header and counts them', async () => {
    const r = await loadText(
      dir,
      csv([['名称：订单导出'], ['导出时间:2026-10-01 09:00:00'], ORDER_74, ...GOOD]),
    );
    expect(r.format?.id).toBe('douyin-orders');
    expect(counts(r)).toEqual({ rows: 4, used: 2, rejected: 0, skipped: { preamble: 2 } });
    expect((r.facts[0] as OrderLineFact).source.line).toBe(4);
    expectAccounted(r);
  });

  it('finds no header past 20 rows', async () => {
    const pre = Array.from({ length: 20 }, (_, i) => [`说明 ${i}`]);
    const r = await loadText(dir, csv([...pre, ORDER_74, ...GOOD]));
    expect(r.format).toBeNull();
    expect(r.facts).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'W_UNKNOWN_FORMAT' });
  });

  it('skips summary rows (合计 / 总计) and never adds them', async () => {
    const total = row(ORDER_74, { 主订单编号: '合计', 订单应付金额: '257.90' }, '');
    const grand = row(ORDER_74, { 主订单编号: '总计', 订单应付金额: '257.90' }, '');
    const r = await loadText(dir, csv([ORDER_74, ...GOOD, total, grand]));
    expect(counts(r)).toEqual({ rows: 4, used: 2, rejected: 0, skipped: { summary_row: 2 } });
    expect(r.facts.reduce((s, f) => s + (f as OrderLineFact).gmv, 0)).toBe(20600 + 5990 + 800);
    expectAccounted(r);
  });

  it('a short summary row (fewer cells) is still a summary row, not a field-count error', async () => {
    const r = await loadText(dir, csv([ORDER_74, ...GOOD]) + '合计,,257.90\n');
    expect(r.stats.skipped).toEqual({ summary_row: 1 });
    expect(errors(r)).toEqual([]);
  });

  it('a product named 合计… in the third column is a sale, not a summary row', async () => {
    const r = await loadText(dir, csv([ORDER_74, orderRow(ORDER_74, { 选购商品: '\t合计优惠装 3件套' })]));
    expect(counts(r)).toEqual({ rows: 1, used: 1, rejected: 0, skipped: {} });
    expect((r.facts[0] as OrderLineFact).skuName).toBe('合计优惠装 3件套');
  });

  it('skips a repeated header row (files joined with cat), BOM and all', async () => {
    const text = csv([ORDER_74, GOOD[0]!]) + '\ufeff' + csv([ORDER_74, GOOD[1]!]);
    const r = await loadText(dir, text);
    expect(counts(r)).toEqual({ rows: 3, used: 2, rejected: 0, skipped: { repeated_header: 1 } });
    expect(lines(r)).toEqual(['6917926768823640001', '6917926768823640002']);
    expectAccounted(r);
  });

  it('skips blank and whitespace-only lines', async () => {
    const text = `${csv([ORDER_74, GOOD[0]!])}\n   \n${csv([GOOD[1]!])}\n`;
    const r = await loadText(dir, text);
    expect(counts(r)).toEqual({ rows: 5, used: 2, rejected: 0, skipped: { blank_line: 3 } });
    expectAccounted(r);
  });

  it('rejects a row with the wrong field count, naming both counts and the line, not the values', async () => {
    const short = GOOD[1]!.slice(0, 40);
    const long = [...GOOD[1]!, 'extra'];
    const r = await loadText(dir, csv([ORDER_74, GOOD[0]!, short, long]), {}, 'orders.csv');
    expect(counts(r)).toEqual({ rows: 3, used: 1, rejected: 2, skipped: {} });
    expect(errors(r)).toEqual([
      expect.objectContaining({
        code: 'E_CSV',
        line: 3,
        message: 'expected 74 fields as in the header, found 40',
      }),
      expect.objectContaining({
        code: 'E_CSV',
        line: 4,
        message: 'expected 74 fields as in the header, found 75',
      }),
    ]);
    for (const d of r.diagnostics) expect(d.value).toBeUndefined();
    expectAccounted(r);
  });

  it('refuses duplicate header names', async () => {
    const header = [...ORDER_74.slice(0, 10), '订单应付金额', ...ORDER_74.slice(10)];
    const r = await loadText(
      dir,
      csv([header, orderRow(ORDER_74).slice(0, 10).concat(['1.00'], orderRow(ORDER_74).slice(10))]),
    );
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_HEADER',
        line: 1,
        message: expect.stringMatching(
          /column "订单应付金额" appears twice in the header \(columns 9 and 11\)/,
        ),
      }),
    ]);
  });

  it('refuses two empty header names, but allows one trailing delimiter', async () => {
    const trailing = await loadText(
      dir,
      ORDER_74.join(',') + ',\n' + GOOD[0]!.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',') + ',\n',
    );
    expect(trailing.format?.id).toBe('douyin-orders');
    expect(trailing.facts).toHaveLength(1);
    const two = await loadText(dir, 'date,,,spend\n2026-09-22,,,1\n');
    expect(two.diagnostics[0]).toMatchObject({
      code: 'E_HEADER',
      message: '2 columns have no name in the header (columns 2, 3)',
    });
    // `a,,`: one empty name in the middle and one at the end are two (case 33).
    const middleAndEnd = await loadText(dir, 'date,,spend,\n2026-09-22,,1,\n');
    expect(middleAndEnd.diagnostics[0]).toMatchObject({ code: 'E_HEADER', line: 1 });
    expect(middleAndEnd.facts).toEqual([]);
  });

  it('an unnamed column must stay empty: a value under it rejects the row (case 23)', async () => {
    const r = await loadText(dir, 'date,spend,\n2026-09-22,1,\n2026-09-23,2,x\n');
    expect(r.facts).toHaveLength(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_HEADER',
        line: 3,
        value: 'x',
        message: expect.stringContaining('column 3'),
      }),
    ]);
    expectAccounted(r);
  });

  it('a different header mid-file is E_HEADER and stops the file; an exact repeat is skipped (case 37)', async () => {
    const r = await loadText(
      dir,
      'date,spend\n2026-09-22,1\ndate,spend\n2026-09-23,2\nspend,date\n3,2026-09-24\n4,2026-09-25\n',
    );
    expect(r.facts).toHaveLength(2);
    expect(counts(r)).toEqual({ rows: 4, used: 2, rejected: 1, skipped: { repeated_header: 1 } });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_HEADER',
        line: 5,
        message: expect.stringContaining('the same columns in another order'),
      }),
    ]);
    const wider = await loadText(dir, 'date,spend\n2026-09-22,1\ndate,spend,channel\n2026-09-23,2,直播\n');
    expect(wider.diagnostics).toEqual([
      expect.objectContaining({ code: 'E_HEADER', line: 3, message: expect.stringContaining('+channel') }),
    ]);
    expectAccounted(wider);
  });

  it('names a multi-line record by its line range (case 15)', async () => {
    const r = await loadText(dir, 'date,plan_name,spend\n2026-09-22,"a\nb",x\n2026-09-23,c,y\n');
    expect(r.diagnostics.map(formatDiagnostic).map((d) => d.split(':').slice(0, 3).join(':'))).toEqual([
      `${r.file}:2-3: error`,
      `${r.file}:4: error`,
    ]);
  });

  it('two spellings of one column are ambiguous (case 31)', async () => {
    const nfkc = await loadText(dir, '日期,消耗(元),消耗（元）\n2026-09-22,1,2\n');
    expect(nfkc.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_HEADER',
        message: 'ambiguous header: columns 2 ("消耗(元)") and 3 ("消耗（元）") both read as "消耗(元)"',
      }),
    ]);
    const alias = await loadText(dir, '日期,整体消耗,整体消耗(元)\n2026-09-22,1,2\n');
    expect(alias.facts).toEqual([]);
    expect(alias.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_HEADER',
        message: expect.stringContaining('"整体消耗" and "整体消耗(元)"'),
      }),
    ]);
  });

  it('headers named __proto__, constructor… are ordinary ignored columns and leave Object.prototype alone (case 34)', async () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];
    const r = await loadText(
      dir,
      `date,${names.join(',')},spend\n2026-09-22,${names.map(() => '1').join(',')},5\n`,
    );
    expect(r.facts).toHaveLength(1);
    expect(r.ignoredColumns).toEqual(names);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort(),
    );
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'spend')).toBe(false);
  });

  it('reads CRLF and LF alike, and counts physical lines across quoted line breaks', async () => {
    const multi = orderRow(ORDER_74, { 子订单编号: '\t6917926768823640003', 选购商品: '连衣裙\n红色' });
    const lf = await loadText(dir, csv([ORDER_74, GOOD[0]!, multi, GOOD[1]!]));
    const crlf = await loadText(dir, csv([ORDER_74, GOOD[0]!, multi, GOOD[1]!], '\r\n'));
    expect(lf.facts.map((f) => (f as OrderLineFact).source.line)).toEqual([2, 3, 5]);
    expect(crlf.facts.map((f) => ({ ...f, source: null }))).toEqual(
      lf.facts.map((f) => ({ ...f, source: null })),
    );
    expect((lf.facts[1] as OrderLineFact).skuName).toBe('连衣裙\n红色');
  });

  it('keeps row accounting when a CSV syntax error stops the file', async () => {
    const r = await loadText(dir, csv([ORDER_74, ...GOOD]) + '"6917926768823640009,unterminated\n');
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'E_CSV', line: 4 })]);
    expect(counts(r)).toEqual({ rows: 3, used: 2, rejected: 1, skipped: {} });
    expectAccounted(r);
  });
});

describe('bytes', () => {
  const text = csv([ORDER_74, ...GOOD]);
  const facts = (r: LoadedFile) => r.facts.map((f) => ({ ...f, source: null }));

  it.each([
    ['UTF-8 with BOM', () => Buffer.from('\ufeff' + text, 'utf8'), 'utf-8'],
    ['GB18030', () => gb18030(text), 'gb18030'],
    ['GB18030, CRLF', () => gb18030(csv([ORDER_74, ...GOOD], '\r\n')), 'gb18030'],
    [
      'UTF-16LE with BOM',
      () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf-16le',
    ],
    [
      'UTF-16LE, tab-delimited (Excel "Unicode text")',
      () =>
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(csv([ORDER_74, ...GOOD], '\r\n', '\t'), 'utf16le'),
        ]),
      'utf-16le',
    ],
    ['UTF-16BE with BOM', () => Buffer.from(Buffer.from('\ufeff' + text, 'utf16le')).swap16(), 'utf-16be'],
  ])('%s gives the same facts as UTF-8', async (_label, bytes, encoding) => {
    const plain = await loadText(dir, text);
    const r = await loadText(dir, bytes());
    expect(r.encoding).toBe(encoding);
    expect(r.diagnostics).toEqual([]);
    expect(r.facts).toHaveLength(2);
    expect(facts(r)).toEqual(facts(plain));
  });

  it('an .xlsx renamed to .csv is E_FORMAT', async () => {
    const r = await loadText(
      dir,
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      {},
      'orders.csv',
    );
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_FORMAT',
        message: expect.stringContaining('Excel workbook'),
      }),
    ]);
  });

  it('a 0-byte file is E_FORMAT', async () => {
    const r = await loadText(dir, '');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_FORMAT',
        message: expect.stringContaining('empty file'),
      }),
    ]);
    expect(counts(r)).toEqual({ rows: 0, used: 0, rejected: 0, skipped: {} });
  });

  it('a header-only file is recognised with zero rows and no diagnostics', async () => {
    const r = await loadText(dir, csv([ORDER_74]));
    expect(r.format?.id).toBe('douyin-orders');
    expect(r.diagnostics).toEqual([]);
    expect(counts(r)).toEqual({ rows: 0, used: 0, rejected: 0, skipped: {} });
  });

  it('a file with only blank lines is not read, and says so', async () => {
    const r = await loadText(dir, '\n\n');
    expect(r.format).toBeNull();
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ file: r.file, line: 1, code: expect.stringMatching(/^[EW]_/) }),
    ]);
  });
});

describe('cells through the loader', () => {
  it('keeps 19-digit ids exact and cleans tab, apostrophe and backtick wrapping', async () => {
    const rows = [
      orderRow(ORDER_74, { 子订单编号: '\t6999999999999999991' }),
      orderRow(ORDER_74, { 子订单编号: "'6999999999999999992" }),
      orderRow(ORDER_74, { 子订单编号: '`6999999999999999993' }),
      orderRow(ORDER_74, { 子订单编号: '6999999999999999994\t' }),
    ];
    const r = await loadText(dir, csv([ORDER_74, ...rows]));
    expect(lines(r)).toEqual([
      '6999999999999999991',
      '6999999999999999992',
      '6999999999999999993',
      '6999999999999999994',
    ]);
    expect((r.facts[0] as OrderLineFact).order).toBe('6917926768823643751');
  });

  it('rejects E+ ids', async () => {
    const r = await loadText(
      dir,
      csv([ORDER_74, GOOD[0]!, orderRow(ORDER_74, { 主订单编号: '6.91793E+18' })]),
      {},
      'x.csv',
    );
    expect(counts(r)).toEqual({ rows: 2, used: 1, rejected: 1, skipped: {} });
    expect(errors(r)).toEqual([
      expect.objectContaining({ code: 'E_ID', line: 3, column: '主订单编号', value: '6.91793E+18' }),
    ]);
  });

  it('rejects quoted ="…" ids unless excelWrappedIds', async () => {
    const text = csv([ORDER_74, orderRow(ORDER_74, { 子订单编号: '="6917926768823640005"' })]);
    expect(text).toContain('"=""6917926768823640005"""');
    const strict = await loadText(dir, text);
    expect(errors(strict)).toEqual([
      expect.objectContaining({
        code: 'E_ID',
        column: '子订单编号',
        value: '="6917926768823640005"',
        hint: expect.stringContaining('--excel-wrapped-ids'),
      }),
    ]);
    const lenient = await loadText(dir, text, { excelWrappedIds: true });
    expect(errors(lenient)).toEqual([]);
    expect(lines(lenient)).toEqual(['6917926768823640005']);
  });

  it('a bare ="…" cell (旺店通 style) stops the file as a CSV error by default', async () => {
    const text =
      csv([ORDER_74]) +
      orderRow(ORDER_74).join(',').replace('\t6917926768823643752', '="6917926768823640006"') +
      '\n';
    const r = await loadText(dir, text);
    expect(r.facts).toEqual([]);
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'E_CSV', line: 2 })]);
  });

  it('reads a bare ="…" cell with excelWrappedIds, like the quoted form (case 41)', async () => {
    const text =
      csv([ORDER_74]) +
      orderRow(ORDER_74).join(',').replace('\t6917926768823643752', '="6917926768823640006"') +
      '\n';
    const r = await loadText(dir, text, { excelWrappedIds: true });
    expect(errors(r)).toEqual([]);
    expect(lines(r)).toEqual(['6917926768823640006']);
  });

  it('warns when at least 10 % of the 19-digit ids end in 0000 (Excel cut them, case 43)', async () => {
    const cut = await loadText(
      dir,
      csv([
        ORDER_74,
        orderRow(ORDER_74, { 主订单编号: '6917926768823640000', 子订单编号: '6917926768823650000' }),
        orderRow(ORDER_74, { 主订单编号: '6917926768823660000', 子订单编号: '6917926768823670000' }),
      ]),
      {},
      'cut.csv',
    );
    expect(cut.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'W_ID_PRECISION',
        message: expect.stringMatching(/^4 of 6 19-digit ids in this file end in 0000/),
        column: '主订单编号',
        value: '6917926768823640000',
      }),
    ]);
    // A finding about the whole file: no line, and the smallest cut id whatever the row order.
    expect(cut.diagnostics[0]!.line).toBeUndefined();
    const reversed = await loadText(
      dir,
      csv([
        ORDER_74,
        orderRow(ORDER_74, { 主订单编号: '6917926768823660000', 子订单编号: '6917926768823670000' }),
        orderRow(ORDER_74, { 主订单编号: '6917926768823640000', 子订单编号: '6917926768823650000' }),
      ]),
      {},
      'cut.csv',
    );
    expect(reversed.diagnostics).toEqual(cut.diagnostics);
    // One id in 0000 among 12 (two ids per line) is chance, not Excel.
    const rows = Array.from({ length: 6 }, (_, i) =>
      orderRow(ORDER_74, {
        主订单编号: `691792676882364000${i + 1}`,
        子订单编号: `691792676882365000${i + 1}`,
      }),
    );
    rows.push(orderRow(ORDER_74, { 主订单编号: '6917926768823660000', 子订单编号: '6917926768823660001' }));
    const fine = await loadText(dir, csv([ORDER_74, ...rows]));
    expect(fine.diagnostics).toEqual([]);
  });

  it('folds full-width order ids and drops zero-width spaces; refuses one with a space inside (case 46)', async () => {
    const r = await loadText(
      dir,
      csv([
        ORDER_74,
        orderRow(ORDER_74, {
          主订单编号: '６９１７９２６７６８８２３６４３７５１',
          子订单编号: '6917\u200b926768823640007',
        }),
        orderRow(ORDER_74, { 子订单编号: '6917 926768823640008' }),
      ]),
    );
    expect(r.facts.map((f) => [(f as OrderLineFact).order, (f as OrderLineFact).line])).toEqual([
      ['6917926768823643751', '6917926768823640007'],
    ]);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        code: 'E_ID',
        line: 3,
        column: '子订单编号',
        value: '6917 926768823640008',
        message: 'an order id holds only digits',
      }),
    ]);
  });

  it('reads amounts with ¥, ￥, 元 and thousands separators', async () => {
    const rows = [
      orderRow(ORDER_74, {
        子订单编号: '1',
        订单应付金额: '¥1,234.50',
        平台实际承担优惠金额: '0',
        达人实际承担优惠金额: '0',
      }),
      orderRow(ORDER_74, {
        子订单编号: '2',
        订单应付金额: '￥1,234.50',
        平台实际承担优惠金额: '0',
        达人实际承担优惠金额: '0',
      }),
      orderRow(ORDER_74, {
        子订单编号: '3',
        订单应付金额: '1,234.50元',
        平台实际承担优惠金额: '0',
        达人实际承担优惠金额: '0',
      }),
      orderRow(ORDER_74, {
        子订单编号: '4',
        订单应付金额: '12,345,678.9',
        平台实际承担优惠金额: '0',
        达人实际承担优惠金额: '0',
      }),
    ];
    const r = await loadText(dir, csv([ORDER_74, ...rows]));
    expect(r.facts.map((f) => (f as OrderLineFact).gmv)).toEqual([123450, 123450, 123450, 1234567890]);
  });

  it('rejects amounts with more than two decimals', async () => {
    const r = await loadText(dir, csv([ORDER_74, orderRow(ORDER_74, { 订单应付金额: '19.999' })]));
    expect(errors(r)).toEqual([
      expect.objectContaining({
        code: 'E_AMOUNT',
        column: '订单应付金额',
        value: '19.999',
        message: expect.stringContaining('more than two decimals'),
      }),
    ]);
  });
});

describe('diagnostics: FILE:LINE, the column and that one cell, never the buyer', () => {
  it('prints each problem as FILE:LINE with the column and its raw value only', async () => {
    const bad = [
      orderRow(ORDER_74, { 订单应付金额: '19.999' }),
      orderRow(ORDER_74, { 子订单编号: '6.91793E+18', 商品数量: '1.5' }),
      orderRow(ORDER_74, { 售后状态: '神秘状态' }),
      orderRow(ORDER_74, { 支付完成时间: '2026-02-30 10:00:00' }),
      orderRow(ORDER_74).slice(0, 70),
      orderRow(ORDER_74, { 商家编码: '-', 商品ID: '-' }),
    ];
    const r = await loadText(
      dir,
      csv([['导出时间:2026-10-01'], ORDER_74, ...bad]),
      {},
      'exports/1759420800_订单导出.csv',
    );
    const printed = r.diagnostics.map(formatDiagnostic);
    expect(printed).toEqual([
      expect.stringMatching(
        /^exports\/1759420800_订单导出\.csv:3: error: .*\(column "订单应付金额", value "19\.999"\)/,
      ),
      expect.stringMatching(
        /^exports\/1759420800_订单导出\.csv:4: error: .*\(column "子订单编号", value "6\.91793E\+18"\)/,
      ),
      expect.stringMatching(
        /^exports\/1759420800_订单导出\.csv:4: error: .*\(column "商品数量", value "1\.5"\)/,
      ),
      expect.stringMatching(
        /^exports\/1759420800_订单导出\.csv:5: warning: .*\(column "售后状态", value "神秘状态"\)/,
      ),
      expect.stringMatching(
        /^exports\/1759420800_订单导出\.csv:6: error: .*\(column "支付完成时间", value "2026-02-30 10:00:00"\)/,
      ),
      expect.stringMatching(/^exports\/1759420800_订单导出\.csv:7: error: expected 74 fields/),
      expect.stringMatching(
        /^exports\/1759420800_订单导出\.csv:8: error: .*\(column "商家编码", value "-"\)/,
      ),
    ]);
    const all = printed.join('\n') + JSON.stringify(r.diagnostics);
    for (const secret of [BUYER.name, BUYER.phone, BUYER.address]) expect(all).not.toContain(secret);
    expectAccounted(r);
  });

  it('a CSV syntax error next to buyer cells does not echo them', async () => {
    const quoteBefore = orderRow(ORDER_74, { 手续费: 'QQQ' });
    const stray = csv([ORDER_74, quoteBefore]).replace('QQQ', '0"0');
    const after = csv([ORDER_74, quoteBefore]).replace('QQQ', '"0"0');
    for (const text of [stray, after]) {
      const r = await loadText(dir, text);
      expect(errors(r)).toEqual([expect.objectContaining({ code: 'E_CSV', line: 2 })]);
      const all = r.diagnostics.map(formatDiagnostic).join('\n');
      for (const secret of [BUYER.name, BUYER.phone, BUYER.address]) expect(all).not.toContain(secret);
    }
  });

  it('a bad buyer cell is not a problem: buyer columns are never read', async () => {
    const r = await loadText(
      dir,
      csv([ORDER_74, orderRow(ORDER_74, { 收件人手机号: '6.9E+18', 收件人: '="x"' })]),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.facts).toHaveLength(1);
  });
});

describe('problems located for the user (cases 5, 6, 9, 17, 35)', () => {
  it('E_ENCODING names the physical line and the bad bytes', async () => {
    const text = '\ufeffdate,plan_name,spend\r\n2026-09-22,a,1\r\n2026-09-23,卫衣,2\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(Buffer.from('衣'));
    bytes[at] = 0xff;
    const r = await loadText(dir, bytes);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_ENCODING',
        line: 3,
        // The bad byte and the continuation bytes it strands.
        message: `invalid utf-8 bytes at byte ${at}: ff a1 a3; reading of this file stopped here`,
      }),
    ]);
    // The rows before the bad byte are read, as before a CSV error.
    expect(counts(r)).toEqual({ rows: 1, used: 1, rejected: 0, skipped: {} });
    const cut = await loadText(dir, Buffer.from(text.slice(0, -5), 'utf8').subarray(0, -1));
    expect(cut.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_ENCODING',
        line: 3,
        message: expect.stringMatching(/: e5 8d; reading of this file stopped here$/),
      }),
    ]);
  });

  it('a NUL in a cell of a text file is E_CSV naming the line and the column (case 9)', async () => {
    const r = await loadText(dir, 'date,spend\n2026-09-22,1\n2026-09-23,2\u0000\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'E_CSV', line: 3, column: 'spend', value: '2\u0000' }),
    ]);
    expect(r.facts).toHaveLength(1);
  });

  it('a CSV syntax error names the column of the header and the cell only (case 17)', async () => {
    const r = await loadText(dir, 'date,plan_name,spend\n2026-09-22,显示器 27",1\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'E_CSV', line: 2, column: 'plan_name', value: '显示器 27"' }),
    ]);
  });

  it('a header garbled by a wrong decoding is E_HEADER naming the format and the encoding (case 6)', async () => {
    const header = [
      '主订单编号',
      '子订单编号',
      '选购商品',
      '商家编码',
      '商品数量',
      '订单应付金额',
      '支付完成时间',
    ];
    const utf8 = Buffer.from(csv([header, ['\t1', '\t2', 'x', 'A1', '1', '1.00', '2026-09-22 10:00:00']]));
    for (const [via, label] of [
      ['gb18030', 'GBK'],
      ['windows-1252', 'Windows-1252'],
    ] as const) {
      const garbled = new TextDecoder(via).decode(utf8);
      const r = await loadText(dir, Buffer.from('\ufeff' + garbled, 'utf8'));
      expect(r.format).toBeNull();
      expect(r.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'E_HEADER',
          line: 1,
          message: expect.stringContaining('the header is garbled text'),
          hint: expect.stringContaining(`decoded as ${label}`),
        }),
      ]);
    }
    // A header in another language is not garbled: it stays the W_UNKNOWN_FORMAT warning.
    const other = await loadText(dir, '订单号,金额,日期\n1,2,3\n');
    expect(other.diagnostics).toEqual([expect.objectContaining({ code: 'W_UNKNOWN_FORMAT' })]);
  });

  it('no header in the first 20 lines says so, not a meaningless closest format (case 35)', async () => {
    const r = await loadText(dir, 'note\n'.repeat(21) + 'date,spend\n2026-09-22,1\n');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'W_UNKNOWN_FORMAT',
        line: 1,
        message:
          'not a known export: none of the first 20 lines is a header with the columns of a known export',
      }),
    ]);
  });
});

describe('progress', () => {
  it('reports the bytes read after each chunk, against the size of the file', async () => {
    const text = 'date,spend\n' + '2026-09-22,1.00\n'.repeat(80_000);
    const seen: [number, number][] = [];
    const r = await loadText(dir, text, { onProgress: (read, total) => seen.push([read, total]) });
    expect(r.stats.used).toBe(80_000);
    const size = Buffer.byteLength(text);
    expect(seen).toEqual([
      [1 << 20, size],
      [size, size],
    ]);
  });
});
