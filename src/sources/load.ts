/**
 * Reads one file: bytes → text → records → the format's row reader → facts. Every record is
 * accounted for: used (a fact), skipped for a named reason, or rejected with FILE:LINE.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fact } from '../ledger/facts.js';
import { formatFen, parseAmount } from '../ledger/money.js';
import { isSummaryWord } from './cells.js';
import { CsvError, CsvTokenizer, sniffDelimiter } from './csv.js';
import { DecodeError, readText, type Encoding } from './decode.js';
import type { ExportFormat, FileContext, ReadOptions, RowReader, RowSink } from './format.js';
import { FORMATS } from './registry.js';

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
  readonly sha256: string;
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

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

class Sink implements RowSink {
  /** Index of the main amount column in the current file, -1 when it has none. */
  amountIndex = -1;
  cells: readonly string[] = [];
  constructor(readonly out: LoadedFile) {}
  emit(fact: Fact): void {
    this.out.facts.push(fact);
    this.out.stats.used++;
  }
  skip(reason: string): void {
    this.out.stats.skipped[reason] = (this.out.stats.skipped[reason] ?? 0) + 1;
  }
  reject(diagnostics: Diagnostic[]): void {
    this.out.stats.rejected++;
    const r = this.amountIndex >= 0 ? parseAmount(this.cells[this.amountIndex] ?? '') : null;
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
}

/**
 * A summary row must state what the data rows add up to (rejected rows included, by their readable
 * amount): a mismatch means rows are missing or the file was edited.
 */
function checkSummaries(out: LoadedFile, rows: readonly { line: number; raw: string }[]): void {
  const format = out.format;
  if (!format?.summaryOf || rows.length === 0) return;
  let found = out.stats.rejectedAmount;
  for (const f of out.facts) found += format.summaryOf(f);
  const column = format.amountColumns.find(Boolean) ?? '';
  for (const r of rows) {
    const parsed = parseAmount(r.raw);
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
        value: r.raw,
        hint: 'rows are missing from the export, or the file was edited; export it again',
      });
  }
}

/** Loads one file. Never throws for bad data: problems come back as diagnostics. */
export async function loadFile(path: string, display: string, opts: LoadOptions): Promise<LoadedFile> {
  const out: LoadedFile = {
    file: display,
    sha256: await sha256Of(path),
    format: null,
    encoding: null,
    facts: [],
    stats: { rows: 0, used: 0, rejected: 0, skipped: {}, rejectedAmount: 0, rejectedUnmeasured: 0 },
    diagnostics: [],
    ignoredColumns: [],
    summaries: [],
  };
  const ctx: FileContext = { file: display, exportedAt: exportTimeFromName(display), options: opts };
  const sink = new Sink(out);
  let summaryColumn = -1;
  const summaryRows: { line: number; raw: string }[] = [];
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

  const onRecord = (cells: string[], line: number): void => {
    if (unrecognised) return;
    if (header === null) {
      const names = cells.map(normalizeHeader);
      const format = forced ?? recognise(names);
      const fits = format && (forced ? format.required.every((c) => hasColumn(new Set(names), c)) : true);
      if (!format || !fits) {
        preamble.push({ cells: [...cells], line });
        if (preamble.length >= HEADER_SEARCH_ROWS) unrecognised = true;
        return;
      }
      startFormat(format, names, line);
      return;
    }
    out.stats.rows++;
    sink.cells = cells;
    if (cells.every((c) => c.trim() === '')) return sink.skip('blank_line');
    if (isSummaryWord(cells[0] ?? '') || isSummaryWord(cells[1] ?? '') || isSummaryWord(cells[2] ?? '')) {
      if (summaryColumn >= 0) summaryRows.push({ line, raw: cells[summaryColumn] ?? '' });
      return sink.skip('summary_row');
    }
    if (cells.length !== width) {
      sink.reject([
        {
          severity: 'error',
          code: 'E_CSV',
          message: `expected ${width} fields as in the header, found ${cells.length}`,
          file: display,
          line,
          hint: 'a row with missing or extra fields; the file may be truncated or joined from different exports',
        },
      ]);
      return;
    }
    if (cells.every((c, i) => normalizeHeader(c) === header![i])) return sink.skip('repeated_header');
    try {
      reader!(cells, line, sink);
    } catch (e) {
      sink.reject([
        { severity: 'error', code: 'E_LIMIT', message: (e as Error).message, file: display, line },
      ]);
    }
  };

  const startFormat = (format: ExportFormat, names: string[], line: number): void => {
    const set = new Set(names);
    const missing = format.required.filter((c) => !hasColumn(set, c)).map(columnLabel);
    if (missing.length) {
      err(
        'E_HEADER',
        `${format.title}: required column ${missing.map((m) => `"${m}"`).join(', ')} not found`,
        line,
        `the header has ${names.length} columns: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`,
      );
      unrecognised = true;
      return;
    }
    const seen = new Map<string, number>();
    for (const [i, n] of names.entries()) {
      if (n === '' && i === names.length - 1 && i > 0) continue; // trailing delimiter on every line
      if (seen.has(n)) {
        err(
          'E_HEADER',
          `column "${n}" appears twice in the header (columns ${seen.get(n)! + 1} and ${i + 1})`,
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
    if (format.summaryOf) summaryColumn = sink.amountIndex;
    reader = format.compile((name) => {
      const i = seen.get(name);
      return i === undefined ? -1 : i;
    }, ctx);
  };

  let tokenizer: CsvTokenizer | null = null;
  try {
    for await (const text of readText(path, {
      onEncoding: (e) => ((out as { encoding: Encoding | null }).encoding = e),
    })) {
      if (tokenizer === null) {
        const nl = text.indexOf('\n');
        tokenizer = new CsvTokenizer(onRecord, {
          delimiter: sniffDelimiter(text.slice(0, nl < 0 ? 4096 : nl)),
        });
      }
      tokenizer.push(text);
      if (unrecognised) break;
    }
    tokenizer?.end();
  } catch (e) {
    if (e instanceof DecodeError) err(e.code, e.message, 0, e.hint);
    else if (e instanceof CsvError) {
      // The record the tokenizer could not read is a row too: rows = used + skipped + rejected.
      out.stats.rows++;
      out.stats.rejected++;
      err(e.code, e.message, e.line, e.hint);
    } else throw e;
  }

  checkSummaries(out, summaryRows);

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
      const names = first.cells.map(normalizeHeader);
      const { format, missing } = closestFormat(names);
      out.diagnostics.push({
        severity: 'warning',
        code: 'W_UNKNOWN_FORMAT',
        message: `not a known export; closest is ${format.title}, which needs ${missing.map((m) => `"${m}"`).join(', ')}`,
        file: display,
        line: first.line,
        hint:
          names.length === 1 && /[;\t]/.test(names[0] ?? '')
            ? 'the delimiter looks like ";" or tab: export as comma-separated CSV'
            : 'run `roi-ledger formats` to see the headers each format needs; the file may be in the wrong encoding',
      });
    }
  }
  return out;
}
