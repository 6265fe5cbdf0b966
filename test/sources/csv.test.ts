import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellsOf as rowCells,
  CsvError,
  CsvTokenizer,
  parseCsv,
  sniffDelimiter,
} from '../../src/sources/csv.js';
import type { CsvOptions } from '../../src/sources/csv.js';
import { cutBytes } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`csv.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

interface Rec {
  cells: string[];
  line: number;
}
type Outcome = { records: Rec[]; error?: { code: string; line: number; message: string } };

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The UTF-8 bytes of `text` cut at the given byte offsets (taken modulo its length + 1), even inside a character. */
function cutAt(text: string, points: readonly number[]): Uint8Array[] {
  return cutBytes(utf8(text), points);
}

/** Runs the tokenizer over chunks; returns the records and the error, if any (never throws CsvError). */
function run(chunks: readonly Uint8Array[], opts?: CsvOptions): Outcome {
  const records: Rec[] = [];
  const t = new CsvTokenizer((row, line) => records.push({ cells: rowCells(row), line }), opts);
  try {
    for (const c of chunks) t.push(c);
    t.end();
    return { records };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { records, error: { code: e.code, line: e.line, message: e.message } };
  }
}

function cellsOf(text: string, opts?: CsvOptions): string[][] {
  return parseCsv(text, opts).map((r) => r.cells);
}

function csvParse(text: string, delimiter = ','): string[][] {
  return parse(text, { relax_column_count: true, bom: false, delimiter }) as string[][];
}

function errorOf(text: string, opts?: CsvOptions): CsvError {
  try {
    parseCsv(text, opts);
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

/** The same outcome whatever the chunking: whole, every single cut, and one byte at a time. */
function expectChunkIndependent(text: string, opts?: CsvOptions): Outcome {
  const b = utf8(text);
  const whole = run([b], opts);
  for (let p = 0; p <= b.length; p++) expect(run(cutAt(text, [p]), opts), `cut at ${p}`).toEqual(whole);
  expect(
    run(
      [...b].map((x) => Uint8Array.of(x)),
      opts,
    ),
    'one byte per chunk',
  ).toEqual(whole);
  return whole;
}

describe('CsvTokenizer: RFC 4180 structure', () => {
  it('splits fields and records, with or without a final newline', () => {
    const want = [
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 2 },
    ];
    expect(parseCsv('a,b\n1,2\n')).toEqual(want);
    expect(parseCsv('a,b\n1,2')).toEqual(want);
  });

  it('gives no record for empty input and none for the final newline', () => {
    expect(parseCsv('')).toEqual([]);
    expect(cellsOf('a\n')).toEqual([['a']]);
    expect(cellsOf('a\r\n')).toEqual([['a']]);
    expect(cellsOf('a\r')).toEqual([['a']]);
  });

  it('keeps empty cells, including a trailing delimiter (case 23)', () => {
    expect(cellsOf('a,,b\n,\n1,2,\n')).toEqual([
      ['a', '', 'b'],
      ['', ''],
      ['1', '2', ''],
    ]);
  });

  it('reads quoted fields, doubled quotes (case 16) and delimiters inside quotes', () => {
    expect(cellsOf('"他说""好""","a,b",""\n')).toEqual([['他说"好"', 'a,b', '']]);
    expect(cellsOf('"""",x')).toEqual([['"', 'x']]);
  });

  it('keeps newlines inside quotes as content and counts them as physical lines (case 15)', () => {
    const recs = parseCsv('name,qty\n"连衣裙\n红色",1\n"a\r\nb\rc",2\nlast,3\n');
    expect(recs).toEqual([
      { cells: ['name', 'qty'], line: 1 },
      { cells: ['连衣裙\n红色', '1'], line: 2 },
      { cells: ['a\r\nb\rc', '2'], line: 4 },
      { cells: ['last', '3'], line: 7 },
    ]);
  });

  it('does not trim or cast (ids, padded numbers, leading tab inside quotes)', () => {
    expect(cellsOf(' 1 ,0012,1e3,"\t6912345678901234567",-0.00,  \n')).toEqual([
      [' 1 ', '0012', '1e3', '\t6912345678901234567', '-0.00', '  '],
    ]);
  });

  it('treats a BOM as content (the decoder removes it)', () => {
    expect(cellsOf('\ufeffa,b')).toEqual([['\ufeffa', 'b']]);
  });
});

describe('CsvTokenizer: line endings', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF (case 12)', '\r\n'],
    ['CR only (case 13)', '\r'],
  ])('reads %s files identically', (_name, eol) => {
    const text = ['a,b', '1,"x' + eol + 'y"', '', '3,4'].join(eol) + eol;
    expect(parseCsv(text)).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', 'x' + eol + 'y'], line: 2 },
      { cells: [''], line: 4 },
      { cells: ['3', '4'], line: 5 },
    ]);
    expectChunkIndependent(text);
  });

  it('rejects a second kind of line ending outside quotes (case 14)', () => {
    const e = errorOf('a,b\r\n1,2\r\n3,4\n5,6\n');
    expect(e.code).toBe('E_CSV');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^mixed line endings/);
    expect(e.hint).toBeTruthy();
    expect(errorOf('a\n1\r\n').line).toBe(2);
    expect(errorOf('a\r1\n').line).toBe(2);
    expect(errorOf('a\n1\r').line).toBe(2); // a lone CR at the very end counts too
    expect(errorOf('a\n"x\ny"\r\n').line).toBe(3); // the line where the CRLF is
  });

  it('accepts other line breaks inside quoted cells', () => {
    expect(cellsOf('a\r\n"x\ny"\r\n"p\rq"\r\n')).toEqual([['a'], ['x\ny'], ['p\rq']]);
  });
});

describe('CsvTokenizer: blank and whitespace lines (cases 24, 25)', () => {
  it('yields a blank line as one empty cell, never dropped', () => {
    expect(parseCsv('a,b\n\n1,2\n\n')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: [''], line: 2 },
      { cells: ['1', '2'], line: 3 },
      { cells: [''], line: 4 },
    ]);
    expect(parseCsv('\r\n\r\n')).toEqual([
      { cells: [''], line: 1 },
      { cells: [''], line: 2 },
    ]);
  });

  it('yields a whitespace-only line as one cell of that whitespace', () => {
    expect(cellsOf('a\n   \n\t\n')).toEqual([['a'], ['   '], ['\t']]);
  });
});

describe('CsvTokenizer: syntax errors', () => {
  it.each([
    ['abc"def (case 17)', 'a,b\nabc"def,2\n', 2, /^quote inside an unquoted field/],
    ['space before an opening quote (case 20)', 'a,b\n1, "2"\n', 2, /^quote inside an unquoted field/],
    [
      'an Excel ="…" id (case 41)',
      'id\n="6912345678901234567"\n',
      2,
      /^Excel-wrapped cell ="…": a quote inside/,
    ],
    ['a quote after more than a bare =', 'id\nx="1"\n', 2, /^quote inside an unquoted field/],
    ['garbage after a closing quote (case 18)', 'a,b\n1,"b"x\n', 2, /^characters after a closing quote/],
    ['a space after a closing quote', 'a,b\n"1" ,2\n', 2, /^characters after a closing quote/],
    ['unterminated quote (case 19)', 'a,b\n1,2\n3,"4\n5,6\n', 3, /^quote not closed/],
    ['unterminated quote after a multi-line cell', 'a,b\n"x\ny",1\n2,"3\n', 4, /^quote not closed/],
    ['a lone quote', '"', 1, /^quote not closed/],
    ['NUL in an unquoted cell (case 9)', 'a,b\n1\u0000,2\n', 2, /^NUL byte in a cell$/],
    ['NUL in a quoted cell', 'a,b\n"x\ny\u0000",2\n', 3, /^NUL byte in a cell$/],
    ['NUL after a closing quote', 'a\n"x"\u0000\n', 2, /^NUL byte in a cell$/],
    ['NUL alone on a line', 'a\n\u0000\n', 2, /^NUL byte in a cell$/],
  ])('%s', (_name, text, line, message) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(CsvError);
    expect(e.code).toBe('E_CSV');
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
    expectChunkIndependent(text);
  });

  it('reports the records before the error, then stops', () => {
    const out = run([utf8('a,b\n1,2\n3,"x"y\n4,5\n')]);
    expect(out.records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(out.error?.line).toBe(3);
  });

  it('agrees with csv-parse on which quoting errors are errors', () => {
    for (const text of ['abc"def', '1, "2"', '"b"x', '1,"2\n3,4\n', 'a,b\n1,2"3']) {
      expect(() => csvParse(text)).toThrow();
      expect(() => parseCsv(text)).toThrow(CsvError);
    }
  });
});

describe('CsvTokenizer: Excel text formulas ="…" (case 41)', () => {
  it('names the wrapping and the option when it is off', () => {
    const e = errorOf('a,id\n1,="6912345678901234567"\n');
    expect(e.code).toBe('E_CSV');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^Excel-wrapped cell ="…": a quote inside an unquoted field/);
    expect(e.cell).toBe(1);
    expect(e.value).toBe('="6912345678901234567"');
    expect(e.hint).toMatch(/--excel-wrapped-ids/);
  });

  it('reads the unquoted form as one cell, kept as written, for any chunking', () => {
    const opts = { excelFormulas: true };
    const text = 'id,b\n="6912345678901234567",x\n="00123"\n="a,b""c"\n=""\n';
    const out = expectChunkIndependent(text, opts);
    expect(out.error).toBeUndefined();
    expect(out.records.map((r) => r.cells)).toEqual([
      ['id', 'b'],
      ['="6912345678901234567"', 'x'],
      ['="00123"'],
      ['="a,b"c"'],
      ['=""'],
    ]);
  });

  it('reads the last cell of a file without a final newline', () => {
    expect(cellsOf('id\n="1"', { excelFormulas: true })).toEqual([['id'], ['="1"']]);
  });

  it('leaves the quoted form and other quotes alone', () => {
    const opts = { excelFormulas: true };
    expect(cellsOf('id\n"=""1"""\n', opts)).toEqual([['id'], ['="1"']]);
    expect(errorOf('id\nx="1"\n', opts).message).toMatch(/^quote inside an unquoted field/);
    expect(errorOf('id\n="1"x\n', opts).message).toMatch(/^characters after a closing quote/);
    expect(errorOf('id\n="1\n', opts).message).toMatch(/^quote not closed/);
  });
});

describe('CsvTokenizer: limits (I-1, I-2)', () => {
  it('accepts a record of exactly maxRecordBytes and rejects one more, at its start line', () => {
    const opts = { maxRecordBytes: 10 };
    expect(cellsOf('x\n0123456789\ny', opts)).toEqual([['x'], ['0123456789'], ['y']]);
    expect(cellsOf('x\r\n0123456789\r\ny', opts)).toEqual([['x'], ['0123456789'], ['y']]);
    expect(cellsOf('"01234567"', opts)).toEqual([['01234567']]);
    const e = errorOf('x\n"a\nb"\n01234567890\ny', opts);
    expect([e.code, e.line]).toEqual(['E_LIMIT', 4]);
    expect(e.message).toBe('record longer than 10 bytes');
    expect(errorOf('"012345678"', opts).code).toBe('E_LIMIT');
    expectChunkIndependent('x\n0123456789\ny', opts);
    expectChunkIndependent('x\n01234567890\ny', opts);
    expectChunkIndependent('x\n"0123\n45678"\ny', opts);
  });

  it('counts the limit in bytes of UTF-8', () => {
    const opts = { maxRecordBytes: 9 };
    expect(cellsOf('x\n连衣裙\ny', opts)).toEqual([['x'], ['连衣裙'], ['y']]);
    expect(errorOf('x\n连衣裙1\ny', opts).line).toBe(2);
    expectChunkIndependent('x\n连衣裙1\ny', opts);
  });

  it('fails an endless quoted field after about maxRecordBytes, without buffering the rest', () => {
    const max = 1_048_576;
    const t = new CsvTokenizer(() => {}, {});
    const chunk = utf8('x'.repeat(64 * 1024));
    let fed = 0;
    let err: unknown;
    try {
      t.push(utf8('id,name\n1,"'));
      for (let k = 0; k < 16_384; k++) {
        // 16 384 × 64 KiB = 1 GiB if it never failed
        t.push(chunk);
        fed += chunk.length;
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).code).toBe('E_LIMIT');
    expect((err as CsvError).line).toBe(2);
    expect(fed).toBeLessThanOrEqual(max);
  });

  it('fails one endless line the same way', () => {
    const t = new CsvTokenizer(() => {}, { maxRecordBytes: 1000 });
    expect(() => {
      for (let k = 0; k < 1000; k++) t.push(utf8('abcdefghij'));
    }).toThrow(/longer than 1000/);
  });

  it('accepts maxColumns cells and rejects one more', () => {
    expect(cellsOf('a,b,c', { maxColumns: 3 })).toEqual([['a', 'b', 'c']]);
    const e = errorOf('h\na,b,c,d\n', { maxColumns: 3 });
    expect([e.code, e.line]).toEqual(['E_LIMIT', 2]);
    expect(errorOf('a,b,c,', { maxColumns: 3 }).code).toBe('E_LIMIT');
  });

  it('rejects a million columns under the default limits', () => {
    const e = errorOf(','.repeat(1_000_000));
    expect(e.code).toBe('E_LIMIT');
    expect(e.message).toMatch(/more than 1024 cells/);
    expect(cellsOf(','.repeat(1023))[0]).toHaveLength(1024);
  });
});

describe('CsvTokenizer: delimiters', () => {
  it('reads tab- and semicolon-delimited text when told to (case 26)', () => {
    expect(cellsOf('a\tb\n"x\ty"\t2\n', { delimiter: '\t' })).toEqual([
      ['a', 'b'],
      ['x\ty', '2'],
    ]);
    expect(cellsOf('a;b\n1,5;2\n', { delimiter: ';' })).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
    // With the default delimiter a semicolon file is one column; the caller's header check catches it.
    expect(cellsOf('主订单编号;金额\n1;2\n')).toEqual([['主订单编号;金额'], ['1;2']]);
  });

  it('refuses a delimiter that cannot work', () => {
    for (const delimiter of ['', ',,', '"', '\n', '\r', '\0', '；']) {
      expect(() => new CsvTokenizer(() => {}, { delimiter })).toThrow(TypeError);
    }
  });

  it('sniffs the delimiter from the header line', () => {
    const sniff = (text: string) => sniffDelimiter(utf8(text));
    expect(sniff('主订单编号,子订单编号,金额')).toBe(',');
    expect(sniff('主订单编号\t子订单编号\t金额')).toBe('\t');
    expect(sniff('主订单编号;子订单编号;金额')).toBe(';');
    expect(sniff('"a;b;c",d')).toBe(',');
    expect(sniff('a\tb;c,d')).toBe(',');
    expect(sniff('单列')).toBe(',');
    expect(sniff('a;b\n1,2,3,4')).toBe(';');
  });
});

describe('CsvTokenizer: API details', () => {
  it('hands every record the same Row, read during the call; cells past the last are empty', () => {
    const rows: unknown[] = [];
    const seen: string[][] = [];
    const t = new CsvTokenizer((row) => {
      rows.push(row);
      seen.push([row.cell(0), row.cell(1), row.cell(5), row.cell(-1)]);
    });
    t.push(utf8('a,b,c\n1\n'));
    t.end();
    expect(rows[0]).toBe(rows[1]);
    expect(seen).toEqual([
      ['a', 'b', '', ''],
      ['1', '', '', ''],
    ]);
  });

  it('decodes a cell once per record, however often it is read', () => {
    const t = new CsvTokenizer((row) => {
      expect(row.cell(0)).toBe(row.cell(0));
      expect(row.cell(1)).toBe('x"y');
    });
    t.push(utf8('\t6912345678901234567,"x""y"\n'));
    t.end();
  });

  it('reads the same cells from chunks of 1 MiB as of 1 byte, across many records', () => {
    const line = '\t6917926768823643751,"云朵连衣裙 红色 ""M""",198.00,𠮷\r\n';
    const b = utf8(line.repeat(5000));
    const whole = run([b]);
    expect(whole.records).toHaveLength(5000);
    expect(whole.records[4999]).toEqual({
      cells: ['\t6917926768823643751', '云朵连衣裙 红色 "M"', '198.00', '𠮷'],
      line: 5000,
    });
    for (const size of [1, 7, 4096, 1 << 20]) {
      const chunks: Uint8Array[] = [];
      for (let o = 0; o < b.length; o += size) chunks.push(b.subarray(o, o + size));
      expect(run(chunks), `chunks of ${size}`).toEqual(whole);
    }
  });
});

// Tricky but valid inputs: our cells must equal csv-parse's, for any chunking.
const TRICKY = [
  'a,b\n1,2\n',
  'a,b\r\n1,2\r\n',
  'a,b\r1,2\r',
  '"a""b","c\nd"\n""\n"",""\n',
  '"x\r\ny",z\r\n"",\r\n',
  '"x\ny"\r\nq\r\n',
  '"a\rb",c\nd,e\n',
  ',\n,,\n',
  '"",""',
  '主订单编号,选购商品\n6912345678901234567,"连衣裙,红色 ""爆款"""\n',
  '𠮷,😀\n"𠮷\n😀",x',
  '  a  ,\tb\t\n',
  '"\t6912345678901234567",x\n',
  'a\n\n\nb\n',
  '"""a""",b\n',
];

describe('CsvTokenizer agrees with csv-parse', () => {
  it.each(TRICKY.map((t) => [t]))('%j', (text) => {
    const ours = expectChunkIndependent(text);
    expect(ours.error).toBeUndefined();
    expect(ours.records.map((r) => r.cells)).toEqual(csvParse(text));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const cellArb = fc
  .oneof(
    fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', '\r\n', 'a', ' ', '\t', ';', '中', '𠮷', '0') }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.string(),
  )
  .map((s) => s.replaceAll('\u0000', '')); // NUL is rejected on purpose; tested above

const tableArb = fc.array(fc.array(cellArb, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

interface Written {
  text: string;
  /** Offset where each row starts. */
  starts: number[];
}

function writeTable(
  table: readonly (readonly string[])[],
  eol: string,
  finalEol: boolean,
  quoteAll: boolean,
  delimiter = ',',
): Written {
  let text = '';
  const starts: number[] = [];
  table.forEach((row, r) => {
    starts.push(text.length);
    const loneEmpty = row.length === 1 && row[0] === '';
    text += row
      .map((cell) =>
        quoteAll || loneEmpty || /["\r\n]/.test(cell) || cell.includes(delimiter)
          ? `"${cell.replaceAll('"', '""')}"`
          : cell,
      )
      .join(delimiter);
    if (r < table.length - 1 || finalEol) text += eol;
  });
  return { text, starts };
}

function physicalLine(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

describe('properties', () => {
  it('any table, written with proper quoting, reads back exactly, like csv-parse, for any chunking', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(',', '\t', ';'),
        fc.array(fc.nat(), { maxLength: 12 }),
        (table, eol, finalEol, quoteAll, delimiter, points) => {
          // The cut points fall anywhere in the bytes, inside multi-byte characters too.
          const { text, starts } = writeTable(table, eol, finalEol, quoteAll, delimiter);
          const out = run(cutAt(text, points), { delimiter });
          expect(out.error).toBeUndefined();
          expect(out.records.map((r) => r.cells)).toEqual(table);
          expect(csvParse(text, delimiter)).toEqual(table);
          expect(out.records.map((r) => r.line)).toEqual(starts.map((s) => physicalLine(text, s)));
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('maxRecordBytes fails exactly the first record longer than the limit, at its start line', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (table, eol, finalEol, max, points) => {
          const { text, starts } = writeTable(table, eol, finalEol, false);
          const ends = starts.map((_, r) =>
            r + 1 < starts.length ? starts[r + 1]! - eol.length : text.length - (finalEol ? eol.length : 0),
          );
          const tooLong = starts.findIndex((s, r) => Buffer.byteLength(text.slice(s, ends[r])) > max);
          const out = run(cutAt(text, points), { maxRecordBytes: max });
          if (tooLong === -1) {
            expect(out.error).toBeUndefined();
            expect(out.records.map((r) => r.cells)).toEqual(table);
          } else {
            expect(out.error?.code).toBe('E_LIMIT');
            expect(out.error?.line).toBe(physicalLine(text, starts[tooLong]!));
            expect(out.records.map((r) => r.cells)).toEqual(table.slice(0, tooLong));
          }
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('totality: any string gives records or a CsvError, the same for every chunking', () => {
    const textArb = fc.oneof(
      fc.string({
        unit: fc.constantFrom('"', ',', '\n', '\r', 'a', ' ', '\u0000', '中', '\t'),
        maxLength: 60,
      }),
      fc.string({ maxLength: 60 }),
      tableArb.map((t) => writeTable(t, '\n', true, false).text),
    );
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        (text, points, maxRecordBytes, maxColumns) => {
          const opts = { maxRecordBytes, maxColumns };
          const whole = run([utf8(text)], opts); // throws (failing the property) on anything but CsvError
          expect(run(cutAt(text, points), opts)).toEqual(whole);
          for (const r of whole.records) {
            expect(r.cells.length).toBeGreaterThan(0);
            expect(r.line).toBeGreaterThanOrEqual(1);
          }
          if (whole.error) expect(whole.error.line).toBeGreaterThanOrEqual(1);
        },
      ),
      { seed, numRuns: 1000 },
    );
  });

  it('agrees with csv-parse on arbitrary valid input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('"', ',', '\n', 'a', ' ', '中'), maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, points) => {
          const ours = run(cutAt(text, points));
          let theirs: string[][] | undefined;
          try {
            theirs = csvParse(text);
          } catch {
            theirs = undefined;
          }
          // We are never more lenient than csv-parse; when both accept, the cells are the same.
          if (theirs === undefined) expect(ours.error).toBeDefined();
          else if (!ours.error) expect(ours.records.map((r) => r.cells)).toEqual(theirs);
        },
      ),
      { seed, numRuns: 1000 },
    );
  });
});

describe('CsvTokenizer: where an error is (cases 9, 15, 17-20)', () => {
  const errorAt = (text: string): CsvError => {
    try {
      parseCsv(text);
    } catch (e) {
      if (e instanceof CsvError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it.each([
    ['a quote inside an unquoted cell: the whole cell', 'a,b,c\n1,显示器 27",3\n', 1, '显示器 27"'],
    ['garbage after a closing quote: the cell as written', 'a,b\n1,"b""c"x y,\n', 1, '"b""c"x y'],
    ['a NUL in an unquoted cell', 'a,b\n1,2\u0000x\n', 1, '2\u0000x'],
    ['a NUL in a quoted cell', 'a,b\n"x\u0000",2\n', 0, '"x\u0000'],
    ['an unclosed quote, cut at 100 characters', `a,b\n1,"${'x'.repeat(150)}`, 1, `"${'x'.repeat(100)}`],
  ])('%s', (_name, text, cell, value) => {
    const e = errorAt(text);
    expect([e.cell, e.value]).toEqual([cell, value]);
  });

  it('says when a space before the opening quote is the cause (case 20)', () => {
    const e = errorAt('a,b\n1, "2"\n');
    expect(e.message).toBe('quote inside an unquoted field: a space before the opening quote');
    expect([e.cell, e.value]).toEqual([1, ' "2"']);
  });

  it('tells onRecord the last physical line of a record with quoted line breaks (case 15)', () => {
    const seen: [number, number][] = [];
    const t = new CsvTokenizer((_row, line, endLine) => seen.push([line, endLine]));
    t.push(utf8('a,b\r\n"x\r\ny\nz",1\r\n2,3'));
    t.end();
    expect(seen).toEqual([
      [1, 1],
      [2, 4],
      [5, 5],
    ]);
  });

  it('sniffs the delimiter past title lines that hold none (cases 26, 35)', () => {
    const sniff = (text: string) => sniffDelimiter(utf8(text));
    expect(sniff('订单明细报表\n导出时间:2026-10-02\norder_id\tline_id\tgmv\n1\t2\t3\n')).toBe('\t');
    expect(sniff('\r\nA;B;C\r\n')).toBe(';');
    expect(sniff('title\n' + 'x\n'.repeat(25) + 'a;b;c\n')).toBe(',');
  });
});

describe('Row.label: repeating cells by their bytes', () => {
  it('reads every cell as cell() does, the same string object each time its bytes recur', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.constantFrom(
              '直播',
              '短视频',
              '商品卡',
              'SKU-1',
              '',
              '-',
              '"a,b"',
              '"say ""hi"""',
              'x'.repeat(300),
            ),
            {
              minLength: 2,
              maxLength: 2,
            },
          ),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.nat(), { maxLength: 5 }),
        (rows, cuts) => {
          const text = rows.map((r) => r.join(',')).join('\n') + '\n';
          const seen = new Map<string, string>();
          let checked = 0;
          const t = new CsvTokenizer((row) => {
            for (let i = 0; i < row.length; i++) {
              const l = row.label(i);
              expect(l).toBe(row.cell(i));
              const first = seen.get(l);
              // Plain short cells are shared; quoted ones and long ones are decoded each time.
              if (first !== undefined && !l.includes('"') && !l.includes(',') && l.length < 255)
                expect(Object.is(first, l)).toBe(true);
              if (first === undefined) seen.set(l, l);
              checked++;
            }
            expect(row.label(row.length)).toBe('');
          });
          for (const c of cutAt(text, cuts)) t.push(c);
          t.end();
          expect(checked).toBe(rows.length * 2);
        },
      ),
      { seed },
    );
  });
});
