/**
 * Streaming CSV tokenizer over UTF-8 bytes: RFC 4180, strict like csv-parse's defaults, but it counts
 * physical lines, bounds memory per record, and never trims, casts or drops anything. Its special
 * bytes (delimiter, quote, CR, LF, NUL) are ASCII, which never occurs inside a multi-byte UTF-8
 * character, so records are found without decoding; a cell is decoded only when a reader asks for it.
 */
import { cutCharacter, sequenceLength } from './decode.js';

/** The first physical line of a cell's text: what follows belongs to other rows (and other buyers). */
function firstLine(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

export class CsvError extends Error {
  constructor(
    readonly code: 'E_CSV' | 'E_LIMIT',
    message: string,
    /** 1-based physical line. */
    readonly line: number,
    readonly hint?: string,
    /** 0-based index of the cell at fault in its record, when one is. */
    readonly cell?: number,
    /** That cell's text as far as the tokenizer saw it (never the rest of the record). */
    readonly value?: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** Default ','; '\t' and ';' are also common. One ASCII character. */
  delimiter?: string;
  /** Longest record, in bytes of UTF-8 without its line ending. Default 1 MiB = 1_048_576. */
  maxRecordBytes?: number;
  /** Most cells in one record. Default 1024. */
  maxColumns?: number;
  /**
   * Read an unquoted Excel text formula `="0306703"` as one cell, kept as written (`="0306703"`) for
   * the id reader to unwrap. Off by default: the quote after `=` is then an error that names the
   * wrapping (`--excel-wrapped-ids` turns it on). The quoted form `"=""0306703"""` is CSV either way.
   */
  excelFormulas?: boolean;
}

/**
 * One record. A cell is decoded from the bytes when first asked for, into a fresh string that holds
 * no reference to the input (safe to keep). The row itself is only valid during the `onRecord` call
 * that received it: the tokenizer reuses it and its buffer for the next record.
 */
export interface Row {
  /** Number of cells (a record has at least one). */
  readonly length: number;
  /** Cell `i`; '' past the last cell. */
  cell(i: number): string;
  /**
   * Cell `i` as `cell` reads it, for cells that repeat from row to row (names, channels, statuses):
   * the same string object each time its bytes recur, so what is keyed by it is found at once.
   */
  label(i: number): string;
}

/** A row with no cells, for holders of a row before the first record. */
export const NO_ROW: Row = { length: 0, cell: () => '', label: () => '' };

/** All cells of a record, as an array (headers, title rows, messages). */
export function cellsOf(row: Row): string[] {
  const cells = new Array<string>(row.length);
  for (let i = 0; i < row.length; i++) cells[i] = row.cell(i);
  return cells;
}

/**
 * Called once per record with the 1-based physical line where the record starts, and the line where
 * it ends (later than `line` when a quoted cell holds line breaks).
 */
export type OnRecord = (row: Row, line: number, endLine: number) => void;

const NUL = 0;
const LF = 10;
const CR = 13;
const QT = 34;
const EQ = 61;

const EOL_NONE = 0;
const EOL_LF = 1;
const EOL_CRLF = 2;
const EOL_CR = 3;
const EOL_NAMES = ['', 'LF (\\n)', 'CRLF (\\r\\n)', 'CR (\\r)'] as const;

// Where scanning stopped: each byte is scanned once, and scanning resumes there when more arrive.
/** At the start of a field (of a record, when no cell is done yet). */
const AT_FIELD = 0;
/** Inside an unquoted field. */
const IN_PLAIN = 1;
/** Inside a quoted field (stopped on a quote when the byte after it decides: closing, or ""). */
const IN_QUOTED = 2;
/** A cell has ended: what follows it (a CR at the end of the input so far may be half a CRLF). */
const AFTER_CELL = 3;

// How a cell's bytes become its text.
/** A quoted cell with doubled quotes inside. */
const ESCAPED = 1;
/** The quoted part of an Excel text formula `="…"` (excelFormulas): kept as written. */
const WRAPPED = 2;

/** Node's UTF-8 decoder behind `buf.toString('utf8', start, end)`, without its argument checks. */
interface Utf8Slicing {
  utf8Slice(start: number, end: number): string;
}

function utf8(buf: Buffer, start: number, end: number): string {
  // Short ASCII cells ('-', '1', '19.90') are built here: a call into Node's decoder costs more
  // than they do. Below 13 characters V8 copies rather than links concatenated strings.
  if (end - start < 13) {
    let text = '';
    for (let j = start; j < end; j++) {
      const c = buf[j]!;
      if (c >= 0x80) return (buf as unknown as Utf8Slicing).utf8Slice(start, end);
      text += String.fromCharCode(c);
    }
    return text;
  }
  return (buf as unknown as Utf8Slicing).utf8Slice(start, end);
}

function cellText(buf: Buffer, start: number, end: number, kind: number): string {
  const text = utf8(buf, start, end);
  if (kind === 0) return text;
  const unescaped = kind & ESCAPED ? text.replaceAll('""', '"') : text;
  return kind & WRAPPED ? `="${unescaped}"` : unescaped;
}

/** Cells longer than this are not labels (a buyer's note, an address): they are decoded each time. */
const LABEL_MAX_BYTES = 255;
/** Distinct labels kept per file; past it, new ones are decoded each time. */
const LABEL_MAX = 1 << 16;

/**
 * Label cells by their bytes: a cell already seen comes back as the string it was decoded to, found
 * by hashing its bytes, without decoding it again. One table per tokenizer (per file).
 */
class Labels {
  private slots = new Int32Array(1 << 12).fill(-1);
  private readonly texts: string[] = [];
  private readonly hashes: number[] = [];
  private readonly at: number[] = [];
  private bytes = new Uint8Array(1 << 16);
  private end = 0;

  of(buf: Buffer, start: number, end: number): string {
    const n = end - start;
    let h = 0x811c9dc5 ^ n;
    for (let j = start; j < end; j++) h = Math.imul(h ^ buf[j]!, 0x01000193);
    h >>>= 0;
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = h & mask;
    for (let k = slots[s]!; k >= 0; k = slots[s]!) {
      if (this.hashes[k] === h && this.equal(k, buf, start, n)) return this.texts[k]!;
      s = (s + 1) & mask;
    }
    const text = utf8(buf, start, end);
    if (this.texts.length >= LABEL_MAX) return text;
    if (this.end + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.end + n));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
    }
    this.bytes.set(buf.subarray(start, end), this.end);
    const k = this.texts.length;
    this.texts.push(text);
    this.hashes.push(h);
    this.at.push(this.end);
    this.end += n;
    slots[s] = k;
    if (2 * this.texts.length > slots.length) this.grow();
    return text;
  }

  /** Entry k's bytes are the n bytes of `buf` from `start` (its length is the next entry's start). */
  private equal(k: number, buf: Buffer, start: number, n: number): boolean {
    const from = this.at[k]!;
    const to = k + 1 < this.at.length ? this.at[k + 1]! : this.end;
    if (to - from !== n) return false;
    const b = this.bytes;
    for (let j = 0; j < n; j++) if (b[from + j] !== buf[start + j]) return false;
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.texts.length; k++) {
      let s = this.hashes[k]! & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = k;
    }
    this.slots = slots;
  }
}

/** The record being emitted: cell offsets into the tokenizer's buffer, each cell decoded once. */
class RecordRow implements Row {
  length = 0;
  buf: Buffer = Buffer.alloc(0);
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly kinds: Uint8Array;
  /** The cells of this record decoded so far (readers ask for some more than once). */
  private readonly texts: (string | undefined)[];
  /** Their indices: they are forgotten at the next record, so memory stays bounded by one record. */
  private readonly decoded: Int32Array;
  private decodedCount = 0;

  constructor(maxColumns: number) {
    this.starts = new Int32Array(maxColumns);
    this.ends = new Int32Array(maxColumns);
    this.kinds = new Uint8Array(maxColumns);
    this.texts = new Array<string | undefined>(maxColumns).fill(undefined);
    this.decoded = new Int32Array(maxColumns);
  }

  next(buf: Buffer, n: number): void {
    for (let k = 0; k < this.decodedCount; k++) this.texts[this.decoded[k]!] = undefined;
    this.decodedCount = 0;
    this.buf = buf;
    this.length = n;
  }

  private readonly labels = new Labels();

  label(i: number): string {
    if (!(i >= 0 && i < this.length)) return '';
    const [start, end] = [this.starts[i]!, this.ends[i]!];
    if (this.kinds[i] !== 0 || end - start > LABEL_MAX_BYTES) return this.cell(i);
    return this.labels.of(this.buf, start, end);
  }

  cell(i: number): string {
    if (!(i >= 0 && i < this.length)) return '';
    let text = this.texts[i];
    if (text === undefined) {
      text = cellText(this.buf, this.starts[i]!, this.ends[i]!, this.kinds[i]!);
      this.texts[i] = text;
      this.decoded[this.decodedCount++] = i;
    }
    return text;
  }
}

/** Strict streaming tokenizer. After it throws, the stream is broken: do not push more. */
export class CsvTokenizer {
  private readonly delim: number;
  /** Highest special byte in an unquoted field: anything above it is plain cell content. */
  private readonly hi: number;
  private readonly maxRecord: number;
  private readonly maxColumns: number;
  private readonly excelFormulas: boolean;
  private readonly row: RecordRow;
  /**
   * The unfinished record (from `rs`) and the bytes pushed after it. A pushed chunk is appended to
   * the unfinished record, so every record lies whole in one buffer and a cell is two offsets.
   */
  private buf: Buffer = Buffer.alloc(0);
  private len = 0;
  /** Where the current record starts in `buf`. */
  private rs = 0;
  /** The next byte to scan. */
  private pos = 0;
  private state = AT_FIELD;
  /** Where the current cell's text starts (after its opening quote). */
  private cs = 0;
  private kind = 0;
  /** Cells of the current record so far. */
  private n = 0;
  /** Physical line where the current record starts. */
  private line = 1;
  /** Line breaks inside quoted cells of the current record so far. */
  private nl = 0;
  private quoteLine = 0;
  private eol = EOL_NONE;
  private eolLine = 0;

  constructor(
    private readonly onRecord: OnRecord,
    opts?: CsvOptions,
  ) {
    const delimiter = opts?.delimiter ?? ',';
    if (
      delimiter.length !== 1 ||
      delimiter.charCodeAt(0) > 0x7f ||
      delimiter === '"' ||
      delimiter === '\r' ||
      delimiter === '\n' ||
      delimiter === '\0'
    ) {
      throw new TypeError(
        `CSV delimiter must be one ASCII character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
      );
    }
    this.delim = delimiter.charCodeAt(0);
    this.hi = Math.max(this.delim, QT);
    this.maxRecord = opts?.maxRecordBytes ?? 1_048_576;
    this.maxColumns = opts?.maxColumns ?? 1024;
    this.excelFormulas = opts?.excelFormulas ?? false;
    this.row = new RecordRow(this.maxColumns);
  }

  /** Feeds UTF-8 bytes (cut anywhere): emits the records they complete and keeps the rest of the last one. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.append(chunk);
    this.scan(false);
    this.compact();
  }

  /** Flushes the last record (with or without a final newline). */
  end(): void {
    this.scan(true);
  }

  /**
   * Every byte pushed so far belongs to records already emitted: the next byte starts a record, on
   * line `nextLine`. A file may be read on from here by another tokenizer.
   */
  get atRecordStart(): boolean {
    return this.state === AT_FIELD && this.n === 0 && this.len === this.rs;
  }

  /** Physical line of the next record. */
  get nextLine(): number {
    return this.line;
  }

  /** The line ending of the first record that had one: 0 none yet, else LF, CRLF or CR as a number. */
  get lineEnding(): number {
    return this.eol;
  }

  private append(chunk: Uint8Array): void {
    const need = this.len + chunk.length;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length, 1 << 16));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    this.buf.set(chunk, this.len);
    this.len = need;
  }

  /** Moves the unfinished record to the front of the buffer, for the next chunk to follow it. */
  private compact(): void {
    const rs = this.rs;
    if (rs === 0) return;
    this.buf.copyWithin(0, rs, this.len);
    this.len -= rs;
    this.pos -= rs;
    this.cs -= rs;
    this.rs = 0;
    const { starts, ends } = this.row;
    for (let k = 0; k < this.n; k++) {
      starts[k]! -= rs;
      ends[k]! -= rs;
    }
  }

  /** Scans from `pos` to the end of the buffer; `final`: no more bytes will come. */
  private scan(final: boolean): void {
    const buf = this.buf;
    const len = this.len;
    const d = this.delim;
    const hi = this.hi;
    const max = this.maxRecord;
    const maxColumns = this.maxColumns;
    const { starts, ends, kinds } = this.row;
    let state = this.state;
    let i = this.pos;
    let rs = this.rs;
    let cs = this.cs;
    let kind = this.kind;
    let n = this.n;
    let nl = this.nl;
    let line = this.line;
    // Scans end at `stop`, one past the first byte beyond the limit: the byte there may still be the
    // line ending of a record of exactly maxRecordBytes.
    let stop = Math.min(len, rs + max + 1);
    let c = 0;
    for (;;) {
      let eol = EOL_NONE;
      if (state === AFTER_CELL) {
        if (i < len) {
          c = buf[i]!;
          if (c === d) {
            i++;
            state = AT_FIELD;
            continue;
          }
          if (c === LF) {
            eol = EOL_LF;
            i++;
          } else if (c === CR) {
            if (i + 1 < len) {
              eol = buf[i + 1] === LF ? EOL_CRLF : EOL_CR;
              i += eol === EOL_CRLF ? 2 : 1;
            } else if (final) {
              eol = EOL_CR;
              i++;
            } else break; // a CR, or the first half of a CRLF
          } else {
            // Only a quoted cell can be followed by anything else; name the character whole.
            if (!final && i + sequenceLength(c) > len) break;
            throw this.afterQuoted(c, i, n, line + nl);
          }
        } else if (!final) break;
      } else if (state === AT_FIELD && i >= len) {
        if (i - rs > max) throw this.tooLong(line);
        if (!final || n === 0) break; // n === 0: the input ended with a line ending (or was empty)
        // The input ends after a delimiter: the last cell is empty.
        if (n === maxColumns) throw this.tooWide(line);
        starts[n] = i;
        ends[n] = i;
        kinds[n++] = 0;
      } else {
        if (state === AT_FIELD) {
          if (buf[i] === QT) {
            state = IN_QUOTED;
            kind = 0;
            this.quoteLine = line + nl;
            cs = ++i;
          } else {
            state = IN_PLAIN;
            kind = 0;
            cs = i;
          }
        }
        let j = i;
        let end: number;
        if (state === IN_PLAIN) {
          for (;;) {
            while (
              j < stop &&
              ((c = buf[j]!) > hi || (c !== d && c !== LF && c !== CR && c !== QT && c !== NUL))
            ) {
              j++;
            }
            // Most cells are plain and end at a delimiter that a plain cell follows: each is kept
            // here, without a turn through the states (about a third of the scan's time per cell).
            if (j >= stop || c !== d || j + 1 >= len || buf[j + 1] === QT) break;
            if (n === maxColumns) throw this.tooWide(line);
            starts[n] = cs;
            ends[n] = j;
            kinds[n++] = 0;
            cs = ++j;
          }
          if (j >= stop) {
            if (j - rs > max) throw this.tooLong(line);
            i = j;
            if (!final) break;
            // The input ends inside this cell.
          } else if (c === QT) {
            if (j - cs !== 1 || buf[cs] !== EQ) throw this.strayQuote(cs, j, n, line + nl);
            if (!this.excelFormulas) throw this.excelWrapped(j, n, line + nl);
            // `="…"`: the rest of the cell is a quoted string.
            state = IN_QUOTED;
            kind = WRAPPED;
            this.quoteLine = line + nl;
            cs = i = j + 1;
            continue;
          } else if (c === NUL) throw this.nul(line + nl, n, this.text(cs, j) + this.restOfCell(j));
          end = i = j;
        } else {
          for (;;) {
            while (j < stop && (c = buf[j]!) > QT) j++;
            if (j >= stop) break;
            if (c === QT) {
              // The quote itself is a byte of the record.
              if (j - rs >= max) throw this.tooLong(line);
              if (j + 1 >= len || buf[j + 1] !== QT) break;
              kind |= ESCAPED;
              j += 2;
            } else {
              // Physical lines: CRLF, LF and a lone CR each count once.
              if (c === CR) nl++;
              else if (c === LF) {
                if (buf[j - 1] !== CR) nl++;
              } else if (c === NUL) throw this.nul(line + nl, n, `"${this.text(cs, j + 1)}`);
              j++;
            }
          }
          if (j >= stop) {
            if (j - rs > max) throw this.tooLong(line);
            i = j;
            if (!final) break;
            throw this.unclosedAtEnd(cs, n);
          }
          // A quote that ends the input so far: closing, or the first half of "".
          if (j + 1 >= len && !final) {
            i = j;
            break;
          }
          end = j;
          i = j + 1;
        }
        if (n === maxColumns) throw this.tooWide(line);
        starts[n] = cs;
        ends[n] = end;
        kinds[n++] = kind;
        state = AFTER_CELL;
        continue;
      }
      // The record ends (eol: its line ending; EOL_NONE: the end of the input).
      if (eol !== EOL_NONE && eol !== this.eol) this.checkEol(eol, line + nl);
      this.row.next(buf, n);
      this.onRecord(this.row, line, line + nl);
      line += nl + 1;
      nl = 0;
      n = 0;
      rs = i;
      state = AT_FIELD;
      if (eol === EOL_NONE) break;
      stop = Math.min(len, rs + max + 1);
    }
    this.state = state;
    this.pos = i;
    this.rs = rs;
    this.cs = cs;
    this.kind = kind;
    this.n = n;
    this.nl = nl;
    this.line = line;
  }

  /** Bytes [start, end) as text for a message; a character cut off by the end of the input so far is left out. */
  private text(start: number, end: number): string {
    return utf8(this.buf, start, end === this.len ? end - cutCharacter(this.buf, end) : end);
  }

  /** The rest of the cell from byte `from`: up to the delimiter or line end, at most 100 characters. */
  private restOfCell(from: number): string {
    const buf = this.buf;
    const d = this.delim;
    // 100 characters take at most 400 bytes.
    const end = Math.min(this.len, from + 400);
    let j = from;
    while (j < end) {
      const c = buf[j];
      if (c === d || c === LF || c === CR) break;
      j++;
    }
    return this.text(from, j).slice(0, 100);
  }

  /** Cell `k` of the current record, as written: quoted, with its inner quotes doubled. */
  private quoted(k: number): string {
    const { starts, ends, kinds } = this.row;
    return `"${cellText(this.buf, starts[k]!, ends[k]!, kinds[k]!).replaceAll('"', '""')}"`;
  }

  private checkEol(eol: number, line: number): void {
    if (this.eol === EOL_NONE) {
      this.eol = eol;
      this.eolLine = line;
      return;
    }
    throw new CsvError(
      'E_CSV',
      `mixed line endings: line ${line} ends with ${EOL_NAMES[eol]}, line ${this.eolLine} with ${EOL_NAMES[this.eol]}`,
      line,
      'the file was probably edited or joined from several files; save it again with one kind of line ending',
    );
  }

  private tooLong(line: number): CsvError {
    return new CsvError(
      'E_LIMIT',
      `record longer than ${this.maxRecord} bytes`,
      line,
      'a quote is probably never closed, or this is not a line-based CSV file',
    );
  }

  private tooWide(line: number): CsvError {
    return new CsvError(
      'E_LIMIT',
      `record has more than ${this.maxColumns} cells`,
      line,
      'check the delimiter, or that this is the intended export',
    );
  }

  /** A quote at byte `at` of the unquoted cell that starts at byte `start`. */
  private strayQuote(start: number, at: number, n: number, line: number): CsvError {
    const before = this.text(start, at);
    const space = /^[ \t\u3000]+$/.test(before);
    return new CsvError(
      'E_CSV',
      space
        ? 'quote inside an unquoted field: a space before the opening quote'
        : 'quote inside an unquoted field',
      line,
      space
        ? 'remove the space between the delimiter and the quote; roi-ledger does not trim cells'
        : 'a cell that contains a quote must be wholly quoted, with the inner quote doubled ("a""b")',
      n,
      before + this.restOfCell(at),
    );
  }

  private excelWrapped(at: number, n: number, line: number): CsvError {
    return new CsvError(
      'E_CSV',
      'Excel-wrapped cell ="…": a quote inside an unquoted field',
      line,
      'Excel ="…" wrapping keeps ids as text; re-export the file from the backend, or pass --excel-wrapped-ids',
      n,
      `=${this.restOfCell(at)}`,
    );
  }

  /** Byte `c` at `at` follows the quoted cell n - 1, where only a delimiter or a line ending may. */
  private afterQuoted(c: number, at: number, n: number, line: number): CsvError {
    if (c === NUL) return this.nul(line, n - 1, `${this.quoted(n - 1)}\u0000`);
    const rest = this.restOfCell(at);
    const cell = this.quoted(n - 1) + rest;
    // A quote never closed on its line swallows the rows below it up to the next quote: blame the
    // line where it opened, and show only that line of the cell (later rows carry buyers' data).
    if (this.quoteLine < line)
      return new CsvError(
        'E_CSV',
        `quote not closed on its line: the quoted cell that starts on line ${this.quoteLine} runs on to line ${line}`,
        this.quoteLine,
        'a quote opened a cell and was never closed, so the rows below it were read into that cell; a quote inside a cell must be doubled',
        n - 1,
        `${firstLine(cell)}…`,
      );
    return new CsvError(
      'E_CSV',
      `characters after a closing quote (${JSON.stringify(rest.charAt(0))})`,
      line,
      'a quoted cell must be followed by the delimiter or the end of the line; a quote inside a cell must be doubled',
      n - 1,
      cell,
    );
  }

  /** The input ends inside the quoted cell n, whose text starts at byte `start`. */
  private unclosedAtEnd(start: number, n: number): CsvError {
    return new CsvError(
      'E_CSV',
      `quote not closed: the quoted cell that starts on line ${this.quoteLine} runs to the end of the file`,
      this.quoteLine,
      'the file is probably truncated (an interrupted download); export it again',
      n,
      `"${firstLine(this.text(start, Math.min(this.len, start + 400))).slice(0, 100)}`,
    );
  }

  private nul(line: number, n: number, cell: string): CsvError {
    return new CsvError(
      'E_CSV',
      'NUL byte in a cell',
      line,
      'the file is damaged or binary; export it again',
      n,
      cell,
    );
  }
}

/** Convenience for tests and small files: the records of `input` (text, or UTF-8 bytes). */
export function parseCsv(input: string | Uint8Array, opts?: CsvOptions): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  const t = new CsvTokenizer((row, line) => out.push({ cells: cellsOf(row), line }), opts);
  t.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  t.end();
  return out;
}

/**
 * Guesses the delimiter from the header line (UTF-8 bytes): the most frequent of , tab ; outside
 * quotes (ties: ','). Title lines above the header that hold none of them (`订单报表`, `导出时间:…`)
 * are passed over, up to 20 lines.
 */
export function sniffDelimiter(bytes: Uint8Array): ',' | '\t' | ';' {
  let comma = 0;
  let tab = 0;
  let semi = 0;
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QT) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 9) tab++;
    else if (c === 59) semi++;
    else if (c === LF || c === CR) {
      if (comma + tab + semi > 0 || ++lines >= 20) break;
      if (c === CR && bytes[i + 1] === LF) i++;
    }
  }
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma && semi > tab) return ';';
  return ',';
}
