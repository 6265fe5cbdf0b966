/**
 * Typed cell access for row readers. A `Fields` is built once per file and reset for each row, so
 * reading a row allocates nothing but the values it keeps. Each failed cell adds one diagnostic
 * naming its column and raw value; the reader rejects the row when `problems` is not empty.
 */
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fen } from '../ledger/entry.js';
import { parseAmount } from '../ledger/money.js';
import { parseDateTime } from '../ledger/dates.js';
import { readId, readText } from './cells.js';
import { amountProblem, cellError, dateProblem, type ColumnIndex, type FileContext } from './format.js';

export interface DayTime {
  readonly day: string;
  readonly stamp: string;
}

/** A column resolved once: its header name (for messages) and index (-1 when the file lacks it). */
export interface Column {
  readonly name: string;
  readonly index: number;
}

export function column(col: ColumnIndex, ...names: string[]): Column {
  for (const n of names) {
    const i = col(n);
    if (i >= 0) return { name: n, index: i };
  }
  return { name: names[0] ?? '', index: -1 };
}

export class Fields {
  private cells: readonly string[] = [];
  private line = 0;
  problems: Diagnostic[] = [];

  constructor(private readonly ctx: FileContext) {}

  reset(cells: readonly string[], line: number): void {
    this.cells = cells;
    this.line = line;
    if (this.problems.length) this.problems = [];
  }

  raw(c: Column): string {
    return c.index >= 0 ? (this.cells[c.index] ?? '') : '';
  }

  has(c: Column): boolean {
    return c.index >= 0;
  }

  private fail(c: Column, code: string, message: string, hint?: string): null {
    this.problems.push(cellError(this.ctx, this.line, c.name, this.raw(c), code, message, hint));
    return null;
  }

  /** An id; `required` makes an absent one an error. */
  id(c: Column, required: boolean): string | null {
    if (c.index < 0) return required ? this.fail(c, 'E_ID', 'missing id') : null;
    const r = readId(this.raw(c), { excelWrapped: this.ctx.options.excelWrappedIds });
    if (r.kind === 'value') return r.id;
    if (r.kind === 'absent') return required ? this.fail(c, 'E_ID', 'empty id on a data row') : null;
    return this.fail(c, 'E_ID', r.message, r.hint);
  }

  text(c: Column): string | null {
    return c.index >= 0 ? readText(this.raw(c)) : null;
  }

  /**
   * An amount in integer fen. `absent`: what an empty or `-` cell means ('error' for required
   * amounts, 'zero' for discount-like columns, 'null' to let the caller decide).
   */
  amount(c: Column, absent: 'error' | 'zero' | 'null', unit: 'yuan' | 'fen' = 'yuan'): Fen | null {
    if (c.index < 0)
      return absent === 'zero' ? 0 : absent === 'null' ? null : this.fail(c, 'E_AMOUNT', 'missing amount');
    const raw = this.raw(c);
    const r = parseAmount(raw, { unit, decimalMark: this.ctx.options.decimalMark });
    if (r.kind === 'value') return r.fen;
    if (r.kind === 'absent') {
      if (absent === 'zero') return 0;
      if (absent === 'null') return null;
      return this.fail(c, 'E_AMOUNT', 'empty amount in a required column');
    }
    this.problems.push(amountProblem(this.ctx, this.line, c.name, raw, r));
    return null;
  }

  /** A date-time in Asia/Shanghai; null when absent and not required. */
  date(c: Column, required: boolean): DayTime | null {
    if (c.index < 0) return required ? this.fail(c, 'E_DATE', 'missing date') : null;
    const raw = this.raw(c);
    const r = parseDateTime(raw, { excelSerial: this.ctx.options.excelDates });
    if (r.kind === 'value') return r;
    if (r.kind === 'absent')
      return required ? this.fail(c, 'E_DATE', 'empty date in a required column') : null;
    this.problems.push(dateProblem(this.ctx, this.line, c.name, raw, r));
    return null;
  }

  /** A whole, non-negative count (units). */
  count(c: Column): number | null {
    const raw = this.raw(c).trim();
    if (!/^\d{1,9}$/.test(raw)) {
      const neg = /^[-−]\d+$/.test(raw);
      return this.fail(
        c,
        'E_QTY',
        neg ? 'negative quantity in an orders file' : 'quantity is not a whole number',
        neg ? undefined : 'quantities are whole pieces, e.g. 2',
      );
    }
    return Number(raw);
  }
}
