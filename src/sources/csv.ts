/**
 * Streaming CSV tokenizer: RFC 4180, strict like csv-parse's defaults, but it counts physical
 * lines, bounds memory per record, and never trims, casts or drops anything.
 */

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

/** The rest of the cell that starts at `from` in `s`: up to the delimiter or line end, at most 100 characters. */
function restOfCell(s: string, from: number, delim: string): string {
  let j = from;
  while (j < s.length && j - from < 100) {
    const ch = s[j]!;
    if (ch === delim || ch === '\n' || ch === '\r') break;
    j++;
  }
  return s.slice(from, j);
}

export interface CsvOptions {
  /** Default ','; '\t' and ';' are also common. */
  delimiter?: string;
  /** Longest record, in characters without its line ending. Default 1 MiB = 1_048_576. */
  maxRecordChars?: number;
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
 * Called once per record with its cells, the 1-based physical line where the record starts, and the
 * line where it ends (later than `line` when a quoted cell holds line breaks).
 * The cells array may be reused by the tokenizer after the callback returns: callers copy what they keep.
 * Cells of 13+ characters are V8 slices that pin the whole input chunk (~1 MB) in memory: pass
 * values kept for long (dedupe sets, map keys) through `detach`.
 */
export type OnRecord = (cells: string[], line: number, endLine: number) => void;

const NUL = 0;
const LF = 10;
const CR = 13;
const QT = 34;

const EOL_NONE = 0;
const EOL_LF = 1;
const EOL_CRLF = 2;
const EOL_CR = 3;
const EOL_NAMES = ['', 'LF (\\n)', 'CRLF (\\r\\n)', 'CR (\\r)'] as const;

// Where a chunk left off. Each chunk is scanned once, in place: no re-scan, no joined strings.
/** At the start of a field (of a record, when no cell is done yet). */
const AT_FIELD = 0;
/** Inside an unquoted field; `carry` holds its text so far. */
const IN_PLAIN = 1;
/** Inside a quoted field; `carry` holds its raw text so far (quotes still doubled). */
const IN_QUOTED = 2;
/** The chunk ended on a quote inside a quoted field: an escape or the closing quote. */
const QUOTE_AT_END = 3;
/** The chunk ended on a CR after a field: a CR or the first half of a CRLF. */
const CR_AT_END = 4;

/** Strict streaming tokenizer. After it throws, the stream is broken: do not push more. */
export class CsvTokenizer {
  private readonly delim: number;
  private readonly delimChar: string;
  /** Highest special character code: anything above it is plain cell content. */
  private readonly hi: number;
  private readonly maxRecord: number;
  private readonly maxColumns: number;
  private readonly excelFormulas: boolean;
  private readonly cells: string[] = [];
  private n = 0;
  private state = AT_FIELD;
  private carry = '';
  private escaped = false;
  /** The quoted part of the current cell opened after a bare `=` (excelFormulas). */
  private wrapped = false;
  /** Physical line where the current record starts. */
  private line = 1;
  /** Line breaks inside quoted cells of the current record so far. */
  private nl = 0;
  private quoteLine = 0;
  /** Characters of the current record in earlier chunks. */
  private recLen = 0;
  private lastChar = -1;
  private eol = EOL_NONE;
  private eolLine = 0;

  constructor(
    private readonly onRecord: OnRecord,
    opts?: CsvOptions,
  ) {
    const delimiter = opts?.delimiter ?? ',';
    if (
      delimiter.length !== 1 ||
      delimiter === '"' ||
      delimiter === '\r' ||
      delimiter === '\n' ||
      delimiter === '\0'
    ) {
      throw new TypeError(
        `CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
      );
    }
    this.delim = delimiter.charCodeAt(0);
    this.delimChar = delimiter;
    this.hi = Math.max(this.delim, QT);
    this.maxRecord = opts?.maxRecordChars ?? 1_048_576;
    this.maxColumns = opts?.maxColumns ?? 1024;
    this.excelFormulas = opts?.excelFormulas ?? false;
  }

  /** Feeds a chunk: emits the records it completes and keeps the rest of the last one. */
  push(s: string): void {
    const len = s.length;
    if (len === 0) return;
    const d = this.delim;
    const hi = this.hi;
    const max = this.maxRecord;
    const cells = this.cells;
    let state = this.state;
    let carry = this.carry;
    let n = this.n;
    let nl = this.nl;
    let line = this.line;
    // Record start in this chunk, and how much of the record came before it.
    let rs = 0;
    let base = this.recLen;
    // Scans end at `stop`, one past the first position beyond the limit: the character there may
    // still be the line ending of a record of exactly maxRecordChars.
    let stop = Math.min(len, max - base + 1);
    let i = 0;
    let c = 0;
    for (;;) {
      let eol: number;
      if (state === CR_AT_END) {
        // The previous chunk ended on a CR after a field: this chunk's first character decides.
        state = AT_FIELD;
        if (s.charCodeAt(0) === LF) {
          eol = EOL_CRLF;
          i = 1;
        } else eol = EOL_CR;
      } else {
        let value: string;
        if (state === AT_FIELD) {
          if (i >= len) break;
          if (s.charCodeAt(i) === QT) {
            state = IN_QUOTED;
            this.quoteLine = line + nl;
            this.escaped = false;
            i++;
          } else state = IN_PLAIN;
        } else if (state === QUOTE_AT_END && s.charCodeAt(0) === QT) {
          // The previous chunk ended on the first quote of a "" pair.
          carry += '""';
          this.escaped = true;
          state = IN_QUOTED;
          i = 1;
        }
        if (state === IN_PLAIN) {
          let j = i;
          while (
            j < stop &&
            ((c = s.charCodeAt(j)) > hi || (c !== d && c !== LF && c !== CR && c !== QT && c !== NUL))
          ) {
            j++;
          }
          if (j >= stop) {
            if (j - rs + base > max) throw this.tooLong(line);
            carry += s.slice(i, len);
            break;
          }
          if (c === QT) {
            if (carry + s.slice(i, j) !== '=')
              throw this.strayQuote(carry + s.slice(i, j), restOfCell(s, j, this.delimChar), n, line + nl);
            if (!this.excelFormulas)
              throw this.excelWrapped(n, line + nl, `=${restOfCell(s, j, this.delimChar)}`);
            // `="…"`: the rest of the cell is a quoted string.
            carry = '';
            this.wrapped = true;
            this.escaped = false;
            this.quoteLine = line + nl;
            state = IN_QUOTED;
            i = j + 1;
            continue;
          }
          if (c === NUL)
            throw this.nul(line + nl, n, carry + s.slice(i, j) + restOfCell(s, j, this.delimChar));
          value = carry === '' ? s.slice(i, j) : carry + s.slice(i, j);
          i = j;
        } else if (state === IN_QUOTED) {
          let j = i;
          for (;;) {
            while (j < stop && (c = s.charCodeAt(j)) > QT) j++;
            if (j >= stop) break;
            if (c === QT) {
              // The quote itself is a character of the record.
              if (j - rs + base >= max) throw this.tooLong(line);
              if (j + 1 >= len || s.charCodeAt(j + 1) !== QT) break;
              this.escaped = true;
              j += 2;
            } else {
              // Physical lines: CRLF, LF and a lone CR each count once.
              if (c === CR) nl++;
              else if (c === LF) {
                if ((j > 0 ? s.charCodeAt(j - 1) : this.lastChar) !== CR) nl++;
              } else if (c === NUL) throw this.nul(line + nl, n, `"${carry}${s.slice(i, j + 1)}`);
              j++;
            }
          }
          if (j >= stop) {
            if (j - rs + base > max) throw this.tooLong(line);
            carry += s.slice(i, len);
            break;
          }
          if (j + 1 >= len) {
            // A quote ends the chunk: closing, or the first half of "".
            carry += s.slice(i, j);
            state = QUOTE_AT_END;
            break;
          }
          value = carry === '' ? s.slice(i, j) : carry + s.slice(i, j);
          i = j + 1;
        } else {
          // QUOTE_AT_END followed by something else: that quote closed the field.
          value = carry;
        }
        if (state !== IN_PLAIN && this.escaped) value = value.replaceAll('""', '"');
        if (this.wrapped) value = this.unwrap(value);
        carry = '';
        if (n === this.maxColumns) throw this.tooWide(line);
        cells[n++] = value;
        state = AT_FIELD;
        // A field always ends before the end of the chunk: look at what follows it.
        c = s.charCodeAt(i);
        if (c === d) {
          i++;
          continue;
        }
        if (c === LF) {
          eol = EOL_LF;
          i++;
        } else if (c === CR) {
          if (i + 1 >= len) {
            state = CR_AT_END;
            break;
          }
          if (s.charCodeAt(i + 1) === LF) {
            eol = EOL_CRLF;
            i += 2;
          } else {
            eol = EOL_CR;
            i++;
          }
        } else if (c === NUL) {
          throw this.nul(line + nl, n - 1, `"${value.replaceAll('"', '""')}"\u0000`);
        } else {
          const cell = `"${value.replaceAll('"', '""')}"${restOfCell(s, i, this.delimChar)}`;
          // A quote never closed on its line swallows the rows below it up to the next quote: blame
          // the line where it opened, and show only that line of the cell (later rows carry buyers' data).
          if (this.quoteLine < line + nl) throw this.unclosedOnLine(n, line + nl, cell);
          throw this.afterQuote(s.charAt(i), n, line + nl, cell);
        }
      }
      if (eol !== this.eol) this.checkEol(eol, line + nl);
      this.emit(n, line, line + nl);
      line += nl + 1;
      nl = 0;
      n = 0;
      rs = i;
      base = 0;
      stop = Math.min(len, i + max + 1);
    }
    this.state = state;
    this.carry = carry;
    this.n = n;
    this.nl = nl;
    this.line = line;
    this.recLen = base + (len - rs) - (state === CR_AT_END ? 1 : 0);
    this.lastChar = s.charCodeAt(len - 1);
  }

  /** Flushes the last record (with or without a final newline). */
  end(): void {
    const state = this.state;
    // A delimiter that ended the last chunk was not checked against the limit yet.
    if (this.recLen > this.maxRecord) throw this.tooLong(this.line);
    let value: string;
    if (state === AT_FIELD) {
      if (this.n === 0) return; // the input ended with a line ending (or was empty)
      value = '';
    } else if (state === IN_QUOTED) {
      throw new CsvError(
        'E_CSV',
        `quote not closed: the quoted cell that starts on line ${this.quoteLine} runs to the end of the file`,
        this.quoteLine,
        'the file is probably truncated (an interrupted download); export it again',
        this.n,
        `"${firstLine(this.carry).slice(0, 100)}`,
      );
    } else if (state === CR_AT_END) {
      if (EOL_CR !== this.eol) this.checkEol(EOL_CR, this.line + this.nl);
      return this.finish();
    } else {
      value = this.carry;
      if (state === QUOTE_AT_END && this.escaped) value = value.replaceAll('""', '"');
      if (this.wrapped) value = this.unwrap(value);
    }
    if (this.n === this.maxColumns) throw this.tooWide(this.line);
    this.cells[this.n++] = value;
    this.finish();
  }

  private finish(): void {
    this.emit(this.n, this.line, this.line + this.nl);
    this.line += this.nl + 1;
    this.n = 0;
    this.nl = 0;
    this.state = AT_FIELD;
    this.carry = '';
    this.recLen = 0;
  }

  private emit(n: number, line: number, endLine: number): void {
    const cells = this.cells;
    if (cells.length !== n) cells.length = n;
    this.onRecord(cells, line, endLine);
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
      `record longer than ${this.maxRecord} characters`,
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

  /** `before`: the cell up to the quote; `rest`: from the quote to the end of the cell. */
  private strayQuote(before: string, rest: string, n: number, line: number): CsvError {
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
      before + rest,
    );
  }

  /** The cell of an Excel text formula, as written: `="…"`. */
  private unwrap(inner: string): string {
    this.wrapped = false;
    return `="${inner}"`;
  }

  private excelWrapped(n: number, line: number, cell: string): CsvError {
    return new CsvError(
      'E_CSV',
      'Excel-wrapped cell ="…": a quote inside an unquoted field',
      line,
      'Excel ="…" wrapping keeps ids as text; re-export the file from the backend, or pass --excel-wrapped-ids',
      n,
      cell,
    );
  }

  private unclosedOnLine(n: number, at: number, cell: string): CsvError {
    return new CsvError(
      'E_CSV',
      `quote not closed on its line: the quoted cell that starts on line ${this.quoteLine} runs on to line ${at}`,
      this.quoteLine,
      'a quote opened a cell and was never closed, so the rows below it were read into that cell; a quote inside a cell must be doubled',
      n - 1,
      `${firstLine(cell)}…`,
    );
  }

  private afterQuote(next: string, n: number, line: number, cell: string): CsvError {
    return new CsvError(
      'E_CSV',
      `characters after a closing quote (${JSON.stringify(next)})`,
      line,
      'a quoted cell must be followed by the delimiter or the end of the line; a quote inside a cell must be doubled',
      n - 1,
      cell,
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

/** Convenience for tests and small files. */
export function parseCsv(text: string, opts?: CsvOptions): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  const t = new CsvTokenizer((cells, line) => out.push({ cells: cells.slice(), line }), opts);
  t.push(text);
  t.end();
  return out;
}

/**
 * Guesses the delimiter from the header line: the most frequent of , tab ; outside quotes (ties: ',').
 * Title lines above the header that hold none of them (`订单报表`, `导出时间:…`) are passed over, up to 20 lines.
 */
export function sniffDelimiter(text: string): ',' | '\t' | ';' {
  let comma = 0;
  let tab = 0;
  let semi = 0;
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QT) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 9) tab++;
    else if (c === 59) semi++;
    else if (c === LF || c === CR) {
      if (comma + tab + semi > 0 || ++lines >= 20) break;
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    }
  }
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma && semi > tab) return ';';
  return ',';
}

/** A flat copy of `s` that does not keep the chunk it was sliced from alive. */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}
