/**
 * Streaming CSV tokenizer: RFC 4180, strict like csv-parse's defaults, but it counts physical
 * lines, bounds memory per record, and never trims, casts or drops anything.
 */

export class CsvError extends Error {
  constructor(
    readonly code: 'E_CSV' | 'E_LIMIT',
    message: string,
    /** 1-based physical line. */
    readonly line: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** Default ','; '\t' and ';' are also common. */
  delimiter?: string;
  /** Longest record, in characters without its line ending. Default 1 MiB = 1_048_576. */
  maxRecordChars?: number;
  /** Most cells in one record. Default 1024. */
  maxColumns?: number;
}

/**
 * Called once per record with its cells and the 1-based physical line where the record starts.
 * The cells array may be reused by the tokenizer after the callback returns: callers copy what they keep.
 * Cells of 13+ characters are V8 slices that pin the whole input chunk (~1 MB) in memory: pass
 * values kept for long (dedupe sets, map keys) through `detach`.
 */
export type OnRecord = (cells: string[], line: number) => void;

const NUL = 0;
const LF = 10;
const CR = 13;
const QT = 34;

const EOL_NONE = 0;
const EOL_LF = 1;
const EOL_CRLF = 2;
const EOL_CR = 3;
const EOL_NAMES = ['', 'LF (\\n)', 'CRLF (\\r\\n)', 'CR (\\r)'] as const;

/** Returned by `record` when the data ends inside a record that more text could complete. */
const INCOMPLETE = -1;

export class CsvTokenizer {
  private readonly delim: number;
  /** Highest special character code: anything above it is plain cell content. */
  private readonly hi: number;
  private readonly maxRecord: number;
  private readonly maxColumns: number;
  private readonly cells: string[] = [];
  /** Unconsumed text: the start of a record that the next chunk completes. */
  private pending = '';
  /** Physical line where the next record starts. */
  private line = 1;
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
    this.hi = Math.max(this.delim, QT);
    this.maxRecord = opts?.maxRecordChars ?? 1_048_576;
    this.maxColumns = opts?.maxColumns ?? 1024;
  }

  /** Feeds a chunk. Records it completes are emitted now; the rest waits for the next chunk. */
  push(text: string): void {
    if (text.length === 0) return;
    const s = this.pending.length === 0 ? text : this.pending + text;
    const used = this.scan(s, false);
    this.pending = used === 0 ? s : used === s.length ? '' : s.slice(used);
  }

  /** Flushes the last record (with or without a final newline). */
  end(): void {
    const s = this.pending;
    this.pending = '';
    if (s.length > 0) this.scan(s, true);
  }

  /**
   * Emits every record of `s` that is complete and returns how many characters were consumed.
   * Records cut by the end of `s` are rescanned from their start once more text arrives (unless
   * `final`); the limit check keeps that rescan under maxRecordChars.
   */
  private scan(s: string, final: boolean): number {
    const len = s.length;
    const d = this.delim;
    const hi = this.hi;
    const cells = this.cells;
    let recStart = 0;
    while (recStart < len) {
      const r = this.record(s, recStart, final, len, d, hi, cells);
      if (r === INCOMPLETE) return recStart;
      recStart = r;
    }
    return len;
  }

  /** Parses one record starting at `recStart`; returns where the next one starts, or INCOMPLETE. */
  private record(
    s: string,
    recStart: number,
    final: boolean,
    len: number,
    d: number,
    hi: number,
    cells: string[],
  ): number {
    const line = this.line;
    // Characters at or past `stop` are beyond the record size limit (or beyond the data).
    const stop = Math.min(len, recStart + this.maxRecord + 1);
    let n = 0;
    let nl = 0; // line breaks inside quoted cells so far
    let i = recStart;
    for (;;) {
      let value: string;
      let c = 0;
      if (i < stop && s.charCodeAt(i) === QT) {
        const fieldLine = line + nl;
        let j = i + 1;
        let escaped = false;
        for (;;) {
          while (j < stop && (c = s.charCodeAt(j)) > QT) j++;
          if (j >= stop) {
            if (j - recStart > this.maxRecord) throw this.tooLong(line);
            if (!final) return INCOMPLETE;
            throw new CsvError(
              'E_CSV',
              `quote not closed: the quoted cell that starts on line ${fieldLine} runs to the end of the file`,
              fieldLine,
              'the file is probably truncated (an interrupted download); export it again',
            );
          }
          if (c === QT) {
            if (j + 1 >= len) {
              if (!final) return INCOMPLETE; // may be the first half of ""
              break;
            }
            if (s.charCodeAt(j + 1) !== QT) break;
            escaped = true;
            j += 2;
            continue;
          }
          if (c === LF) nl++;
          else if (c === CR) {
            if (s.charCodeAt(j + 1) !== LF) nl++; // CRLF counts once, at its LF
          } else if (c === NUL) throw this.nul(line + nl);
          j++;
        }
        value = s.slice(i + 1, j);
        if (escaped) value = value.replaceAll('""', '"');
        i = j + 1;
      } else {
        let j = i;
        while (
          j < stop &&
          ((c = s.charCodeAt(j)) > hi || (c !== d && c !== LF && c !== CR && c !== QT && c !== NUL))
        ) {
          j++;
        }
        if (j >= stop) {
          if (j - recStart > this.maxRecord) throw this.tooLong(line);
          if (!final) return INCOMPLETE;
        } else if (c === QT) {
          throw new CsvError(
            'E_CSV',
            `quote inside an unquoted field (cell ${n + 1}, value ${JSON.stringify(s.slice(i, Math.min(j + 1, i + 40)))}…)`,
            line + nl,
            'a cell that contains a quote must be wholly quoted, with the inner quote doubled: "a""b"; ' +
              'a space before an opening quote also causes this',
          );
        } else if (c === NUL) {
          throw this.nul(line + nl);
        }
        value = s.slice(i, j);
        i = j;
      }

      if (n === this.maxColumns) {
        throw new CsvError(
          'E_LIMIT',
          `record has more than ${this.maxColumns} cells`,
          line,
          'check the delimiter, or that this is the intended export',
        );
      }
      cells[n++] = value;

      if (i >= len) {
        // End of input (only when final): the last record has no line ending.
        this.emit(cells, n, line);
        this.line = line + nl;
        return len;
      }
      c = s.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      let eol: number;
      if (c === LF) eol = EOL_LF;
      else if (c === CR) {
        if (i + 1 < len) eol = s.charCodeAt(i + 1) === LF ? EOL_CRLF : EOL_CR;
        else if (!final)
          return INCOMPLETE; // CR, or the first half of CRLF
        else eol = EOL_CR;
      } else if (c === NUL) {
        throw this.nul(line + nl);
      } else {
        throw new CsvError(
          'E_CSV',
          `characters after a closing quote (cell ${n}, got ${JSON.stringify(s.slice(i, i + 20))})`,
          line + nl,
          'a quoted cell must be followed by the delimiter or the end of the line; a quote inside a cell must be doubled',
        );
      }
      if (eol !== this.eol) {
        if (this.eol === EOL_NONE) {
          this.eol = eol;
          this.eolLine = line + nl;
        } else {
          throw new CsvError(
            'E_CSV',
            `mixed line endings: line ${line + nl} ends with ${EOL_NAMES[eol]}, line ${this.eolLine} with ${EOL_NAMES[this.eol]}`,
            line + nl,
            'mixed line endings: the file was probably edited or joined from several files; ' +
              'save it again with one kind of line ending',
          );
        }
      }
      this.emit(cells, n, line);
      this.line = line + nl + 1;
      return i + (eol === EOL_CRLF ? 2 : 1);
    }
  }

  private emit(cells: string[], n: number, line: number): void {
    if (cells.length !== n) cells.length = n;
    this.onRecord(cells, line);
  }

  private tooLong(line: number): CsvError {
    return new CsvError(
      'E_LIMIT',
      `record longer than ${this.maxRecord} characters`,
      line,
      'a quote is probably never closed, or this is not a line-based CSV file',
    );
  }

  private nul(line: number): CsvError {
    return new CsvError(
      'E_CSV',
      'NUL byte in a cell',
      line,
      'the file is damaged or binary; export it again',
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

/** Guesses the delimiter from the header line: the most frequent of , tab ; outside quotes (ties: ','). */
export function sniffDelimiter(headerLine: string): ',' | '\t' | ';' {
  let comma = 0;
  let tab = 0;
  let semi = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === QT) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 9) tab++;
    else if (c === 59) semi++;
    else if (c === LF || c === CR) break;
  }
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma && semi > tab) return ';';
  return ',';
}

/** A flat copy of `s` that does not keep the chunk it was sliced from alive. */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}
