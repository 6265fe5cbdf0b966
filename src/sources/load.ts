/**
 * Reads one file: bytes → UTF-8 bytes → records → the format's row reader → facts. Every record is
 * accounted for: used (a fact), skipped for a named reason, or rejected with FILE:LINE.
 */
import { basename } from 'node:path';
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fact } from '../ledger/facts.js';
import { formatFen, parseAmount } from '../ledger/money.js';
import { isSummaryWord } from './cells.js';
import { cellsOf, CsvError, CsvTokenizer, NO_ROW, sniffDelimiter, type Row } from './csv.js';
import {
  cutsAtLineFeeds,
  DecodeError,
  locateByte,
  readUtf8,
  type Detected,
  type Encoding,
} from './decode.js';
import { AmbiguousColumnError } from './fields.js';
import {
  addIdTally,
  type ExportFormat,
  type FileContext,
  type IdTally,
  type ReadOptions,
  type RowReader,
  type RowSink,
} from './format.js';
import type { Garbled } from './header.js';
import { garbledHeader, knownColumns } from './header.js';
import { FORMATS } from './registry.js';

/** A broken byte or CSV structure stops the file: say so, so that nobody reads its counts as complete. */
const STOPPED = '; reading of this file stopped here';

/** How far down the header row may sit (title rows, export notes above it). */
const HEADER_SEARCH_ROWS = 20;

export interface FileStats {
  /** Records after the header (and preamble lines before it). */
  rows: number;
  used: number;
  rejected: number;
  skipped: Record<string, number>;
  /** Money in the main amount column of rejected rows (fen), and rejected rows where it was unreadable. */
  rejectedAmount: number;
  rejectedUnmeasured: number;
}

/** A summary row (合计/总计) checked against the data rows of its file. */
export interface SummaryCheck {
  readonly line: number;
  readonly column: string;
  readonly stated: number;
  readonly found: number;
}

export interface LoadedFile {
  readonly file: string;
  readonly format: ExportFormat | null;
  readonly encoding: Encoding | null;
  readonly facts: Fact[];
  readonly stats: FileStats;
  readonly diagnostics: Diagnostic[];
  readonly ignoredColumns: string[];
  readonly summaries: SummaryCheck[];
}

/** NFKC folds full-width brackets and spaces (`（元）` → `(元)`); stray quotes and BOMs go. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .normalize('NFKC')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

function hasColumn(headers: ReadonlySet<string>, req: string | readonly string[]): boolean {
  return typeof req === 'string' ? headers.has(req) : req.some((r) => headers.has(r));
}

function columnLabel(req: string | readonly string[]): string {
  return typeof req === 'string' ? req : req.join(' or ');
}

/** The format a header row belongs to: all identifying columns present, most columns matched wins. */
export function recognise(headers: readonly string[]): ExportFormat | null {
  const set = new Set(headers);
  let best: ExportFormat | null = null;
  let bestScore = -1;
  for (const f of FORMATS) {
    if (!f.identify.every((c) => hasColumn(set, c))) continue;
    const score = [...f.required, ...f.optional].filter((c) => hasColumn(set, c)).length;
    if (score > bestScore) [best, bestScore] = [f, score];
  }
  return best;
}

/** For a header that matches nothing: the format it comes closest to, and what it lacks. */
export function closestFormat(headers: readonly string[]): { format: ExportFormat; missing: string[] } {
  const set = new Set(headers);
  let best = { format: FORMATS[0]!, missing: [] as string[], found: -1 };
  for (const f of FORMATS) {
    const cols = [...f.identify, ...f.required];
    const found = cols.filter((c) => hasColumn(set, c)).length;
    if (found > best.found)
      best = {
        format: f,
        found,
        missing: [...new Set(cols.filter((c) => !hasColumn(set, c)).map(columnLabel))],
      };
  }
  return { format: best.format, missing: best.missing };
}

/** 抖店 names an export after the time it was made: `1759420800_订单导出….csv`. */
export function exportTimeFromName(file: string): number | null {
  const m = /^(\d{10})(?:\D|$)/.exec(basename(file));
  return m ? Number(m[1]) : null;
}

class Sink implements RowSink {
  /** Index of the main amount column in the current file, -1 when it has none. */
  amountIndex = -1;
  /** Its unit: fen when the header declares it (`gmv(分)`). */
  amountUnit: 'yuan' | 'fen' = 'yuan';
  /** Its name as the header writes it. */
  amountName = '';
  row: Row = NO_ROW;
  /** What the data rows add up to in the format's summary column (for 合计/总计 rows). */
  summaryFound = 0;
  summaryOf: ((fact: Fact) => number) | undefined;
  constructor(
    readonly out: LoadedFile,
    private readonly onFact: ((fact: Fact, format: string) => void) | undefined,
  ) {}
  emit(fact: Fact): void {
    // Streamed to the caller when it asks (the pipeline merges as it reads), else kept.
    if (this.onFact) this.onFact(fact, this.out.format?.id ?? '');
    else this.out.facts.push(fact);
    if (this.summaryOf) this.summaryFound += this.summaryOf(fact);
    this.out.stats.used++;
  }
  skip(reason: string): void {
    this.out.stats.skipped[reason] = (this.out.stats.skipped[reason] ?? 0) + 1;
  }
  reject(diagnostics: Diagnostic[]): void {
    this.out.stats.rejected++;
    const r =
      this.amountIndex >= 0 ? parseAmount(this.row.cell(this.amountIndex), { unit: this.amountUnit }) : null;
    if (r?.kind === 'value') this.out.stats.rejectedAmount += r.fen;
    else this.out.stats.rejectedUnmeasured++;
    for (const d of diagnostics) this.out.diagnostics.push(d);
  }
  warn(d: Diagnostic): void {
    this.out.diagnostics.push(d);
  }
}

export interface LoadOptions extends ReadOptions {
  /** Format id forced by `--as`. */
  readonly as?: string;
  /** Receives each fact as it is read; `facts` then stays empty (memory stays flat for big files). */
  readonly onFact?: (fact: Fact, format: string) => void;
  /** Called after each chunk of the file is read (about 1 MiB), with the bytes read so far and its size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Stop once the header is found (the format is known); no row is read. */
  readonly headerOnly?: boolean;
  /** Read up to a line start only; the rest of the file is read elsewhere (`SplitRead`). */
  readonly split?: SplitRead;
}

/**
 * The records of a file from a line start on, read apart from the part before it (on the second
 * thread): what the loader needs to account for them. Lines count from 1 at the line start.
 */
export interface RestRead {
  readonly stats: FileStats;
  readonly diagnostics: Diagnostic[];
  readonly summaryRows: SummaryRow[];
  /** What its data rows add up to in the summary column. */
  readonly summaryFound: number;
  readonly ids: IdTally;
  /** The line ending of its first record (`CsvTokenizer.lineEnding`): the file's must be the same. */
  readonly eol: number;
  /** How many lines it spans (the next part's lines are that much further down). */
  readonly lines: number;
}

/** A byte range of a file to read apart, from a line start up to another (or to its end: Infinity). */
export interface PartRange {
  readonly from: number;
  readonly end: number;
}

/**
 * A file read in parts: this read stops at byte `at`, a line start, and takes the rest as read
 * elsewhere. It does only when the part before ends there on a record boundary and nothing stopped
 * it; else it reads on from `at` itself, and the file reads as in one piece. While it reads, `claim`
 * may move `at` further on (the parts are shared out as the threads go).
 */
export interface SplitRead {
  readonly at: number;
  /** Moves `at` on to a later line start; false when the rest is taken elsewhere. */
  claim(): boolean;
  /** What a whole read decides at the file's start (`sniffFile`): the part before `at` alone might not. */
  readonly detected: Detected;
  readonly delimiter: string;
  /** The rest as read elsewhere; null when it could not be (a broken record stopped it there). */
  rest(): Promise<RestRead | null>;
  /** Takes the rest's facts, their lines `lineOffset` further down the file. */
  use(lineOffset: number): void;
  /** The rest will not be used. */
  drop(): void;
}

interface SummaryRow {
  readonly line: number;
  readonly raw: string;
}

/** Counts of a file before any row is read. */
function noStats(): FileStats {
  return { rows: 0, used: 0, rejected: 0, skipped: {}, rejectedAmount: 0, rejectedUnmeasured: 0 };
}

/** Adds the counts of `b` (another part of the same file) into `a`. */
function addStats(a: FileStats, b: FileStats): void {
  a.rows += b.rows;
  a.used += b.used;
  a.rejected += b.rejected;
  a.rejectedAmount += b.rejectedAmount;
  a.rejectedUnmeasured += b.rejectedUnmeasured;
  for (const [reason, n] of Object.entries(b.skipped)) a.skipped[reason] = (a.skipped[reason] ?? 0) + n;
}

/**
 * Parts read apart, in file order, as one rest: counts added, lines moved down by the parts before.
 * Null when one could not be read apart or their line endings differ.
 */
export function joinRests(parts: readonly (RestRead | null)[]): RestRead | null {
  const stats = noStats();
  const joined = {
    stats,
    diagnostics: [] as Diagnostic[],
    summaryRows: [] as SummaryRow[],
    summaryFound: 0,
    ids: { long: 0, cut: 0, example: null } as IdTally,
    eol: 0,
    lines: 0,
  };
  for (const part of parts) {
    if (part === null) return null;
    if (part.eol !== 0) {
      if (joined.eol !== 0 && joined.eol !== part.eol) return null;
      joined.eol = part.eol;
    }
    addStats(stats, part.stats);
    for (const d of part.diagnostics) joined.diagnostics.push(movedDown(d, joined.lines));
    for (const r of part.summaryRows) joined.summaryRows.push({ line: r.line + joined.lines, raw: r.raw });
    joined.summaryFound += part.summaryFound;
    addIdTally(joined.ids, part.ids);
    joined.lines += part.lines;
  }
  return joined;
}

/** A diagnostic of the rest, at its line in the whole file. */
function movedDown(d: Diagnostic, lines: number): Diagnostic {
  if (d.line === undefined) return d;
  return { ...d, line: d.line + lines, ...(d.endLine !== undefined ? { endLine: d.endLine + lines } : {}) };
}

/**
 * A summary row must state what the data rows add up to (rejected rows included, by their readable
 * amount): a mismatch means rows are missing or the file was edited.
 */
function checkSummaries(
  out: LoadedFile,
  dataRows: number,
  rows: readonly SummaryRow[],
  column: string,
  unit: 'yuan' | 'fen',
): void {
  const format = out.format;
  if (!format?.summaryOf || rows.length === 0) return;
  const found = out.stats.rejectedAmount + dataRows;
  for (const r of rows) {
    const parsed = parseAmount(r.raw, { unit });
    if (parsed.kind !== 'value') continue;
    out.summaries.push({ line: r.line, column, stated: parsed.fen, found });
    // Several summary rows (subtotals) cannot each equal the whole file: only a lone one is checked.
    if (rows.length === 1 && parsed.fen !== found)
      out.diagnostics.push({
        severity: 'error',
        code: 'E_SEMANTIC',
        message: `summary row states ${formatFen(parsed.fen)}, the data rows add up to ${formatFen(found)}`,
        file: out.file,
        line: r.line,
        column,
        value: r.raw,
        hint: 'rows are missing from the export, or the file was edited; export it again',
      });
  }
}

/**
 * Excel keeps 15 significant digits: a 19-digit id it cut ends in 0000, which a real id does one time
 * in 10 000. When at least 10 % of a file's 19-digit ids do, the file most likely went through Excel,
 * and ids that differed may now collide (case 43).
 */
function warnCutIds(out: LoadedFile, ids: IdTally): void {
  if (ids.example === null || ids.cut * 10 < ids.long) return;
  out.diagnostics.push({
    severity: 'warning',
    code: 'W_ID_PRECISION',
    message: `${ids.cut} of ${ids.long} 19-digit ids in this file end in 0000: Excel may have cut them to 15 significant digits`,
    file: out.file,
    // A finding about the whole file: no line (one would move with the rows), the smallest cut id.
    column: ids.example.column,
    value: ids.example.value,
    hint: 'ids that differed may now look alike; use the original export, not a copy saved by Excel',
  });
}

/** Loads one file. Never throws for bad data: problems come back as diagnostics. */
export async function loadFile(path: string, display: string, opts: LoadOptions): Promise<LoadedFile> {
  return (await readFile(path, display, opts, undefined)).out;
}

/**
 * Reads parts of a file apart, one after another, each counted as if it were a file of its own under
 * the header read at the file's start: `next` gives each range (null: no more), `done` takes what it
 * read, null when it could not be read apart (a broken record or byte, a record across its end).
 * False when no part could be read at all (no header known, or an encoding that is not cut).
 */
export async function readParts(
  path: string,
  display: string,
  next: () => PartRange | null,
  done: (part: RestRead | null, range: PartRange) => void,
  opts: Omit<LoadOptions, 'split' | 'headerOnly' | 'onProgress'>,
): Promise<boolean> {
  return (await readFile(path, display, opts, { next, done })).parts;
}

/** The parts a read takes apart (`readParts`). */
interface Parts {
  next(): PartRange | null;
  done(part: RestRead | null, range: PartRange): void;
}

interface FileRead {
  readonly out: LoadedFile;
  /** With parts: whether they could be read (the header is known, the encoding cut). */
  readonly parts: boolean;
  /** The encoding as detected (null when no byte was read) and the delimiter as sniffed. */
  readonly detected: Detected | null;
  readonly delimiter: string;
}

async function readFile(
  path: string,
  display: string,
  opts: LoadOptions,
  parts: Parts | undefined,
): Promise<FileRead> {
  // With parts, records wait until the header is known and the read has moved on to a part.
  let headerOnly = opts.headerOnly === true || parts !== undefined;
  const out: LoadedFile = {
    file: display,
    format: null,
    encoding: null,
    facts: [],
    stats: noStats(),
    diagnostics: [],
    ignoredColumns: [],
    summaries: [],
  };
  const ids: IdTally = { long: 0, cut: 0, example: null };
  const ctx: FileContext = { file: display, exportedAt: exportTimeFromName(display), options: opts, ids };
  const sink = new Sink(out, opts.onFact);
  let summaryColumn = -1;
  const summaryRows: SummaryRow[] = [];
  const forced = opts.as ? FORMATS.find((f) => f.id === opts.as) : undefined;
  const err = (code: string, message: string, line = 0, hint?: string): void => {
    out.diagnostics.push({
      severity: 'error',
      code,
      message,
      file: display,
      ...(line ? { line } : {}),
      ...(hint ? { hint } : {}),
    });
  };

  let header: string[] | null = null;
  let width = 0;
  let reader: RowReader | null = null;
  let preamble: { cells: string[]; line: number }[] = [];
  let unrecognised = false;
  let delimiter = ',';
  /** The one column with no header name (a delimiter at the end of every line), or -1. */
  let blankColumn = -1;

  const onRecord = (row: Row, line: number, endLine: number): void => {
    const mark = out.diagnostics.length;
    readRecord(row, line);
    // A record whose quoted cells hold line breaks is named by its line range (`FILE:2-3:`).
    if (endLine > line)
      for (let i = mark; i < out.diagnostics.length; i++)
        if (out.diagnostics[i]!.line === line) out.diagnostics[i] = { ...out.diagnostics[i]!, endLine };
  };

  /**
   * A row after the header that is itself a header, but not a repeat of the file's own: two exports
   * with different columns joined into one file. Reading on with the first header would misread every
   * later row, so the file stops here. `mark`: where the diagnostics of this row begin.
   */
  const otherHeader = (row: Row, line: number, counted: boolean, mark: number): boolean => {
    const names = cellsOf(row).map(normalizeHeader);
    const other = recognise(names);
    if (other === null) return false;
    const own = headerNames();
    const added = names.filter((n) => !own.includes(n));
    const dropped = own.filter((n) => !names.includes(n));
    const what =
      other !== out.format
        ? `a header of ${other.title}`
        : added.length || dropped.length
          ? `a header with other columns (${[...added.map((n) => `+${n}`), ...dropped.map((n) => `-${n}`)].slice(0, 8).join(', ')})`
          : 'the same columns in another order';
    out.diagnostics.length = mark;
    const d: Diagnostic = {
      severity: 'error',
      code: 'E_HEADER',
      message: `a different header row in the data: ${what}; the rest of the file is not read`,
      file: display,
      line,
      hint: 'the file joins exports with different columns; split it at this line, or export it again in one piece',
    };
    if (counted) out.diagnostics.push(d);
    else sink.reject([d]);
    unrecognised = true;
    return true;
  };
  const headerNames = (): string[] => header ?? [];

  /** Every cell blank (a blank or whitespace-only line); most rows answer at their first cell. */
  const isBlank = (row: Row): boolean => {
    for (let i = 0; i < row.length; i++) if (row.cell(i).trim() !== '') return false;
    return true;
  };

  const repeatsHeader = (row: Row): boolean => {
    const names = header!;
    // Runs on every row: an ASCII first cell reads as itself trimmed and unquoted, so it can be the
    // first name only if it holds it (ids never do).
    const first = row.cell(0);
    if (ASCII.test(first) && !first.includes(names[0]!)) return false;
    for (let i = 0; i < width; i++) if (normalizeHeader(row.cell(i)) !== names[i]) return false;
    return true;
  };

  const readRecord = (row: Row, line: number): void => {
    if (unrecognised || (headerOnly && header !== null)) return;
    if (header === null) {
      const cells = cellsOf(row);
      const names = cells.map(normalizeHeader);
      const format = forced ?? recognise(names);
      const fits = format && (forced ? format.required.every((c) => hasColumn(new Set(names), c)) : true);
      if (!format || !fits) {
        preamble.push({ cells, line });
        if (preamble.length >= HEADER_SEARCH_ROWS) unrecognised = true;
        return;
      }
      startFormat(format, names, line, cells);
      return;
    }
    out.stats.rows++;
    sink.row = row;
    if (isBlank(row)) return sink.skip('blank_line');
    if (isSummaryWord(row.cell(0)) || isSummaryWord(row.cell(1)) || isSummaryWord(row.cell(2))) {
      if (summaryColumn >= 0) summaryRows.push({ line, raw: row.cell(summaryColumn) });
      return sink.skip('summary_row');
    }
    if (row.length !== width) {
      if (otherHeader(row, line, false, out.diagnostics.length)) return;
      sink.reject([
        {
          severity: 'error',
          code: 'E_CSV',
          message: `expected ${width} fields as in the header, found ${row.length}`,
          file: display,
          line,
          hint: 'a row with missing or extra fields; the file may be truncated or joined from different exports',
        },
      ]);
      return;
    }
    if (repeatsHeader(row)) return sink.skip('repeated_header');
    if (blankColumn >= 0 && row.cell(blankColumn).trim() !== '')
      return sink.reject([
        {
          severity: 'error',
          code: 'E_HEADER',
          message: `a value in column ${blankColumn + 1}, which has no name in the header`,
          file: display,
          line,
          value: row.cell(blankColumn),
          hint: 'an unnamed column is read only when it is empty; give it a name in the header, or export the file again',
        },
      ]);
    const mark = out.diagnostics.length;
    const rejected = out.stats.rejected;
    try {
      reader!(row, line, sink);
    } catch (e) {
      sink.reject([
        { severity: 'error', code: 'E_LIMIT', message: (e as Error).message, file: display, line },
      ]);
    }
    if (out.stats.rejected > rejected) otherHeader(row, line, true, mark);
  };

  const startFormat = (format: ExportFormat, names: string[], line: number, raw: readonly string[]): void => {
    const set = new Set(names);
    const missing = format.required.filter((c) => !hasColumn(set, c)).map(columnLabel);
    if (missing.length) {
      const shown = names.slice(0, 12).map((n) => JSON.stringify(n));
      err(
        'E_HEADER',
        `${format.title}: required column ${missing.map((m) => `"${m}"`).join(', ')} not found`,
        line,
        `the header has ${names.length} columns: ${shown.join(', ')}${names.length > 12 ? ', …' : ''}; ` +
          `if "${missing[0]}" is there under another name, check the encoding (read as ${out.encoding ?? 'UTF-8'}) ` +
          `and the delimiter (read with ${delimiter === '\t' ? 'tab' : `"${delimiter}"`}); else export all columns again`,
      );
      unrecognised = true;
      return;
    }
    const blank = names.flatMap((n, i) => (n === '' ? [i + 1] : []));
    if (blank.length > 1) {
      err(
        'E_HEADER',
        `${blank.length} columns have no name in the header (columns ${blank.join(', ')})`,
        line,
        'their values could not be told apart; name the columns, or remove them',
      );
      unrecognised = true;
      return;
    }
    // One unnamed column (a delimiter at the end of every line) is allowed while its cells are empty.
    blankColumn = blank.length ? blank[0]! - 1 : -1;
    const seen = new Map<string, number>();
    for (const [i, n] of names.entries()) {
      if (n === '') continue;
      const j = seen.get(n);
      if (j !== undefined) {
        const [a, b] = [(raw[j] ?? '').trim(), (raw[i] ?? '').trim()];
        err(
          'E_HEADER',
          a === b
            ? `column "${n}" appears twice in the header (columns ${j + 1} and ${i + 1})`
            : `ambiguous header: columns ${j + 1} (${JSON.stringify(a)}) and ${i + 1} (${JSON.stringify(b)}) both read as "${n}"`,
          line,
          'a value would be lost; rename or remove one',
        );
        unrecognised = true;
        return;
      }
      seen.set(n, i);
    }
    header = names;
    width = names.length;
    out.stats.skipped.preamble = preamble.length;
    if (preamble.length === 0) delete out.stats.skipped.preamble;
    out.stats.rows += preamble.length;
    preamble = [];
    (out as { format: ExportFormat | null }).format = format;
    const known = new Set([...format.required, ...format.optional, ...format.identify].flat());
    out.ignoredColumns.push(...names.filter((n) => n !== '' && !known.has(n)));
    const amountName = format.amountColumns.find((c) => seen.has(c));
    sink.amountIndex = amountName === undefined ? -1 : seen.get(amountName)!;
    sink.amountName = amountName ?? '';
    if (amountName !== undefined && /\((?:分|fen)\)$/.test(amountName)) sink.amountUnit = 'fen';
    if (format.summaryOf) {
      summaryColumn = sink.amountIndex;
      sink.summaryOf = format.summaryOf;
    }
    try {
      reader = format.compile((name) => {
        const i = seen.get(name);
        return i === undefined ? -1 : i;
      }, ctx);
    } catch (e) {
      if (!(e instanceof AmbiguousColumnError)) throw e;
      err(
        'E_HEADER',
        `${format.title}: ${e.message}`,
        line,
        'a value would be lost; remove one of the two columns',
      );
      unrecognised = true;
    }
  };

  let tokenizer: CsvTokenizer | null = null;
  let detected: Detected | null = null;
  const newTokenizer = (): CsvTokenizer =>
    new CsvTokenizer(onRecord, { delimiter, excelFormulas: opts.excelWrappedIds });
  const push = async (bytes: AsyncIterable<Uint8Array>): Promise<void> => {
    for await (const chunk of bytes) {
      if (tokenizer === null) {
        delimiter = sniffDelimiter(chunk.subarray(0, 65536));
        tokenizer = newTokenizer();
      }
      tokenizer.push(chunk);
      if (unrecognised || (headerOnly && header !== null)) break;
    }
  };
  const onEncoding = (e: Encoding, d: Detected): void => {
    (out as { encoding: Encoding | null }).encoding = e;
    detected = d;
  };
  const cuttable = (): Detected | null => {
    const d = detected as Detected | null;
    return d !== null && cutsAtLineFeeds(d.encoding) ? d : null;
  };
  /**
   * The records of a range, counted apart; null when a broken record or byte stopped them, or a
   * record runs on past the range's end.
   */
  const readPart = async (d: Detected, { from, end }: PartRange): Promise<RestRead | null> => {
    const { stats } = out;
    stats.rows = stats.used = stats.rejected = stats.rejectedAmount = stats.rejectedUnmeasured = 0;
    for (const reason of Object.keys(stats.skipped)) delete stats.skipped[reason];
    out.diagnostics.length = 0;
    summaryRows.length = 0;
    sink.summaryFound = 0;
    Object.assign(ids, { long: 0, cut: 0, example: null });
    headerOnly = false;
    const part = newTokenizer();
    tokenizer = part;
    try {
      await push(readUtf8(path, { start: { at: from, detected: d }, ...(end < Infinity ? { end } : {}) }));
      if (end < Infinity && !part.atRecordStart) return null;
      part.end();
    } catch (e) {
      if (e instanceof DecodeError || e instanceof CsvError) return null;
      throw e;
    }
    if (unrecognised) return null;
    // Copies: the next part counts in the same places.
    return {
      stats: { ...stats, skipped: { ...stats.skipped } },
      diagnostics: out.diagnostics.slice(),
      summaryRows: summaryRows.slice(),
      summaryFound: sink.summaryFound,
      ids: { ...ids },
      eol: part.lineEnding,
      lines: part.nextLine - 1,
    };
  };
  const split = opts.split;
  let splitUsed = false;
  let partsRead = false;
  try {
    if (split) {
      // As a whole read would: the delimiter and encoding of the file's start, not of the part's.
      delimiter = split.delimiter;
      tokenizer = newTokenizer();
      onEncoding(split.detected.encoding, split.detected);
      const start = { at: 0, detected: split.detected };
      await push(readUtf8(path, { onProgress: opts.onProgress, start, end: split }));
    } else await push(readUtf8(path, { onEncoding, onProgress: opts.onProgress }));
    if (parts !== undefined) {
      // The header is known: on to the parts, each counted as a file of its own.
      const resumed = header !== null && reader !== null && !unrecognised ? cuttable() : null;
      if (resumed !== null) {
        partsRead = true;
        for (let range = parts.next(); range !== null; range = parts.next())
          parts.done(await readPart(resumed, range), range);
      }
    } else if (split && !unrecognised && split.at < Infinity) {
      const tok = tokenizer as CsvTokenizer | null;
      const ready = tok !== null && tok.atRecordStart && header !== null && reader !== null && cuttable();
      const got = ready ? await split.rest() : null;
      if (got && tok && (got.eol === 0 || got.eol === tok.lineEnding)) {
        const lines = tok.nextLine - 1;
        addStats(out.stats, got.stats);
        for (const d of got.diagnostics) out.diagnostics.push(movedDown(d, lines));
        for (const r of got.summaryRows) summaryRows.push({ line: r.line + lines, raw: r.raw });
        sink.summaryFound += got.summaryFound;
        addIdTally(ids, got.ids);
        splitUsed = true;
        split.use(lines);
      } else {
        // Not cut at a record's end, or the rest could not be read apart: read on here, its lines
        // let go first.
        split.drop();
        await push(
          readUtf8(path, { onProgress: opts.onProgress, start: { at: split.at, detected: split.detected } }),
        );
      }
    }
    (tokenizer as CsvTokenizer | null)?.end();
  } catch (e) {
    if (e instanceof DecodeError) {
      if (e.code === 'E_ENCODING' && e.byteOffset !== null && out.encoding) {
        const at = await locateByte(path, e.byteOffset, out.encoding);
        err(e.code, `${e.message}: ${at.bytes}${STOPPED}`, at.line, e.hint);
      } else err(e.code, e.message, 0, e.hint);
    } else if (e instanceof CsvError) {
      // The record the tokenizer could not read is a row too: rows = used + skipped + rejected.
      out.stats.rows++;
      out.stats.rejected++;
      const name = e.cell === undefined ? undefined : headerNames()[e.cell];
      out.diagnostics.push({
        severity: 'error',
        code: e.code,
        message: `${e.message}${STOPPED}`,
        file: display,
        line: e.line,
        ...(name ? { column: name } : {}),
        ...(e.value !== undefined ? { value: e.value } : {}),
        ...(e.hint ? { hint: e.hint } : {}),
      });
    } else throw e;
  } finally {
    if (split && !splitUsed) split.drop();
  }
  if (parts !== undefined) return { out, parts: partsRead, detected, delimiter };

  checkSummaries(out, sink.summaryFound, summaryRows, sink.amountName, sink.amountUnit);
  warnCutIds(out, ids);

  if (header === null && !out.diagnostics.some((d) => d.severity === 'error')) {
    const first = preamble[0];
    if (!first) err('E_FORMAT', 'no header row: the file holds no CSV records');
    else if (forced) {
      // The user named the format: a header that does not fit it is an error about that format.
      const names = new Set(first.cells.map(normalizeHeader));
      const missing = forced.required.filter((c) => !hasColumn(names, c)).map(columnLabel);
      err(
        'E_HEADER',
        `${forced.title}: required column ${missing.map((m) => `"${m}"`).join(', ')} not found`,
        first.line,
        // Not the cells: without a header, the first row is data (buyers' names and phones).
        `the file was given --as ${forced.id}; run \`roi-ledger formats\` to see the headers it needs`,
      );
    } else {
      // The row most like a header: a title line may come before it.
      const rows = preamble.map((r) => ({
        line: r.line,
        cells: r.cells,
        names: r.cells.map(normalizeHeader),
      }));
      const row = rows.reduce((a, b) => (knownColumns(b.names) > knownColumns(a.names) ? b : a));
      const garbled = rows
        .map((r) => ({ r, g: garbledHeader(r.cells, normalizeHeader) }))
        .find((x) => x.g !== null);
      if (garbled?.g) reportGarbled(out, garbled.r, garbled.g);
      else reportUnknown(out, row, rows.length);
    }
  }
  return { out, parts: false, detected, delimiter };
}

/** What a file's start tells: its format (null when none is recognised), encoding and delimiter. */
export interface Sniffed {
  readonly format: ExportFormat | null;
  readonly detected: Detected | null;
  readonly delimiter: string;
}

/** A file's format, encoding and delimiter, from its start alone (the rows are not read). */
export async function sniffFile(
  path: string,
  display: string,
  opts: ReadOptions & { readonly as?: string },
): Promise<Sniffed> {
  const read: LoadOptions = {
    excelWrappedIds: opts.excelWrappedIds,
    excelDates: opts.excelDates,
    decimalMark: opts.decimalMark,
    headerOnly: true,
  };
  const r = await readFile(path, display, opts.as ? { ...read, as: opts.as } : read, undefined);
  return { format: r.out.format, detected: r.detected, delimiter: r.delimiter };
}

/** The format of a file, from its header alone (the rest is not read); null when none is recognised. */
export async function sniffFormat(
  path: string,
  display: string,
  opts: ReadOptions & { readonly as?: string },
): Promise<ExportFormat | null> {
  return (await sniffFile(path, display, opts)).format;
}

/** A header garbled by a wrong decoding: an error naming the format it was, and what happened. */
function reportGarbled(out: LoadedFile, row: { line: number; names: string[] }, g: Garbled): void {
  const missing = g.format.required.map(columnLabel);
  const shown = row.names.slice(0, 4).map((n) => JSON.stringify(n));
  out.diagnostics.push({
    severity: 'error',
    code: 'E_HEADER',
    message: `${g.format.title}: required column ${missing.map((m) => `"${m}"`).join(', ')} not found: the header is garbled text`,
    file: out.file,
    line: row.line,
    hint:
      `the header has ${row.names.length} columns: ${shown.join(', ')}${row.names.length > 4 ? ', …' : ''}; ` +
      `read back as UTF-8 they name ${g.found.slice(0, 6).join(', ')}${g.found.length > 6 ? ', …' : ''}: the file was ` +
      `decoded as ${g.via} and saved again (the wrong encoding); download the export again and do not re-save it`,
  });
}

/** A header that matches no format: a warning naming the closest format and what it lacks. */
function reportUnknown(out: LoadedFile, row: { line: number; names: string[] }, searched: number): void {
  const names = row.names;
  const { format, missing } = closestFormat(names);
  const noHeader = searched >= HEADER_SEARCH_ROWS && knownColumns(names) === 0;
  out.diagnostics.push({
    severity: 'warning',
    code: 'W_UNKNOWN_FORMAT',
    message: noHeader
      ? `not a known export: none of the first ${searched} lines is a header with the columns of a known export`
      : `not a known export; closest is ${format.title}, which needs ${missing.map((m) => `"${m}"`).join(', ')}`,
    file: out.file,
    line: row.line,
    hint: noHeader
      ? `the header is looked for in the first ${HEADER_SEARCH_ROWS} lines: remove the title and note lines above it; the file may also be in the wrong encoding`
      : names.length === 1 && /[;\t]/.test(names[0] ?? '')
        ? 'the delimiter looks like ";" or tab: export as comma-separated CSV'
        : 'run `roi-ledger formats` to see the headers each format needs; the file may be in the wrong encoding',
  });
}
