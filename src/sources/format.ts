/**
 * An export format is a declarative record: the headers that identify it, the columns it needs,
 * and a row reader compiled once per file from the header (no object schema per row: speed).
 */
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fact } from '../ledger/facts.js';
import type { AmountResult } from '../ledger/money.js';
import type { DateResult } from '../ledger/dates.js';
import type { Row } from './csv.js';

export type FormatKind = 'orders' | 'commissions' | 'insurance' | 'ad_spend' | 'unit_costs' | 'fixed_costs';

export interface ReadOptions {
  readonly excelWrappedIds: boolean;
  readonly excelDates: boolean;
  readonly decimalMark: '.' | ',';
}

/** What a row reader may do with one record. */
export interface RowSink {
  emit(fact: Fact): void;
  skip(reason: string): void;
  /** Rejects the row: one error per bad cell, all reported together. */
  reject(diagnostics: Diagnostic[]): void;
  warn(diagnostic: Diagnostic): void;
}

/** 19-digit ids a file holds, and how many end in 0000 (cut by Excel to 15 significant digits). */
export interface IdTally {
  long: number;
  cut: number;
  /**
   * The smallest id that looks cut (then by column, then raw cell), for the warning: chosen by value,
   * not by position, so the warning does not depend on the order of the rows.
   */
  example: { id: string; column: string; value: string } | null;
}

export type CutExample = NonNullable<IdTally['example']>;

/** The example a tally keeps of two: the smaller id, then column, then raw cell. */
export function smallerExample(a: CutExample | null, b: CutExample): CutExample {
  if (a === null) return b;
  const first = b.id !== a.id ? b.id < a.id : b.column !== a.column ? b.column < a.column : b.value < a.value;
  return first ? b : a;
}

/** Adds tally `b` (another part of the same file) into `a`. */
export function addIdTally(a: IdTally, b: IdTally): void {
  a.long += b.long;
  a.cut += b.cut;
  if (b.example !== null) a.example = smallerExample(a.example, b.example);
}

/** Per-file context handed to a reader when it is compiled. */
export interface FileContext {
  readonly file: string;
  /** Export time (unix seconds) from the 抖店 file name's leading timestamp, else null. */
  readonly exportedAt: number | null;
  readonly options: ReadOptions;
  /** Filled by the readers' id cells when present (the loader warns about Excel-cut ids). */
  readonly ids?: IdTally;
}

/** Resolves a column name (or any of its aliases) to its index in the header; -1 when absent. */
export type ColumnIndex = (name: string) => number;

/** Reads one data record; `row` is valid only during the call (cells read from it are fresh strings). */
export type RowReader = (row: Row, line: number, sink: RowSink) => void;

export interface ExportFormat {
  readonly id: string;
  readonly kind: FormatKind;
  readonly title: string;
  /** Headers whose presence identifies the format (all of them). */
  readonly identify: readonly (string | readonly string[])[];
  /** Columns the figures need; a file that lacks one is refused with a message naming it. */
  readonly required: readonly (string | readonly string[])[];
  /** Columns read when present. */
  readonly optional: readonly string[];
  /** The main money column (the first present of these): rejected rows are measured by it. */
  readonly amountColumns: readonly string[];
  /**
   * When a summary row (合计/总计) of this format totals `amountColumns` exactly, the fact amount
   * that column became: the loader checks the summary row against the data rows with it.
   */
  readonly summaryOf?: (fact: Fact) => number;
  /** Compiles the row reader for one file. */
  compile(col: ColumnIndex, ctx: FileContext): RowReader;
}

/** Helpers for readers: one diagnostic per bad cell, naming the column and its raw value. */
export function cellError(
  ctx: FileContext,
  line: number,
  column: string,
  value: string,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return { severity: 'error', code, message, file: ctx.file, line, column, value, ...(hint ? { hint } : {}) };
}

export function amountProblem(
  ctx: FileContext,
  line: number,
  column: string,
  value: string,
  r: Extract<AmountResult, { kind: 'error' }>,
): Diagnostic {
  return cellError(ctx, line, column, value, r.code, r.message, r.hint);
}

export function dateProblem(
  ctx: FileContext,
  line: number,
  column: string,
  value: string,
  r: Extract<DateResult, { kind: 'error' }>,
): Diagnostic {
  return cellError(ctx, line, column, value, r.code, r.message, r.hint);
}
