/**
 * Typed cell access for row readers. A `Fields` is built once per file and reset for each row, so
 * reading a row decodes only the cells it reads and allocates little besides the values it keeps.
 * Each failed cell adds one diagnostic naming its column and raw value; the reader rejects the row
 * when `problems` is not empty.
 */
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fen } from '../ledger/entry.js';
import { parseAmount } from '../ledger/money.js';
import { parseDateTime } from '../ledger/dates.js';
import { readId, readText } from './cells.js';
import { NO_ROW, type Row } from './csv.js';
import { amountProblem, cellError, dateProblem, type ColumnIndex, type FileContext } from './format.js';

export interface DayTime {
  readonly day: string;
  readonly stamp: string;
}

/** A column resolved once: its header name (for messages) and index (-1 when the file lacks it). */
export interface Column {
  readonly name: string;
  readonly index: number;
  /** Unit of an amount column: yuan unless the header declares fen (`gmv(分)`, `gmv(fen)`). */
  readonly unit?: 'yuan' | 'fen';
}

/** Thrown while a reader is compiled when a header holds two spellings of one column (`整体消耗` and `整体消耗(元)`). */
export class AmbiguousColumnError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`ambiguous header: ${names.map((n) => `"${n}"`).join(' and ')} are the same column`);
    this.name = 'AmbiguousColumnError';
  }
}

/** The column named `names[0]` or one of its other spellings; two spellings at once are ambiguous. */
export function column(col: ColumnIndex, ...names: string[]): Column {
  let found: Column | null = null;
  for (const n of names) {
    const i = col(n);
    if (i < 0) continue;
    if (found) throw new AmbiguousColumnError([found.name, n]);
    found = { name: n, index: i };
  }
  return found ?? { name: names[0] ?? '', index: -1 };
}

/** The header names of an amount column that may be declared in whole fen: `gmv`, `gmv(分)`, `gmv(fen)` (case 59). */
export function yuanOrFen(name: string): readonly string[] {
  return [name, `${name}(分)`, `${name}(fen)`];
}

/** An amount column found as `name` (yuan) or `name(分)` / `name(fen)` (whole fen, read exactly). */
export function moneyColumn(col: ColumnIndex, name: string): Column {
  const [yuan, ...fen] = yuanOrFen(name);
  const c = column(col, yuan!);
  if (c.index >= 0) return c;
  for (const n of fen) {
    const i = col(n);
    if (i >= 0) return { name: n, index: i, unit: 'fen' };
  }
  return c;
}

/** What a currency column may say in a CNY run. */
const CNY = new Set(['', '-', 'CNY', 'RMB', '人民币', '元', '¥', '￥']);

/** 19-digit ids: Excel keeps 15 significant digits, so ids it cut end in 0000 (case 43). */
function isCut19(id: string): boolean {
  return id.length === 19 && id.endsWith('0000') && /^\d{19}$/.test(id);
}

/** Labels repeat on every row (SKU names, channels, authors): keep one copy of each, not one per row. */
const labels = new Map<string, string>();
const MAX_LABELS = 200_000;

export function label(s: string): string {
  const known = labels.get(s);
  if (known !== undefined) return known;
  if (labels.size < MAX_LABELS) labels.set(s, s);
  return s;
}

export class Fields {
  private row: Row = NO_ROW;
  private line = 0;
  problems: Diagnostic[] = [];

  constructor(private readonly ctx: FileContext) {}

  reset(row: Row, line: number): void {
    this.row = row;
    this.line = line;
    if (this.problems.length) this.problems = [];
  }

  raw(c: Column): string {
    return c.index >= 0 ? this.row.cell(c.index) : '';
  }

  has(c: Column): boolean {
    return c.index >= 0;
  }

  private fail(c: Column, code: string, message: string, hint?: string): null {
    this.problems.push(cellError(this.ctx, this.line, c.name, this.raw(c), code, message, hint));
    return null;
  }

  /**
   * An id; `required` makes an absent one an error; `digits` (platform order ids) makes one with
   * anything but digits, after cleaning, an error.
   */
  id(c: Column, required: boolean, digits = false): string | null {
    if (c.index < 0) return required ? this.fail(c, 'E_ID', 'missing id') : null;
    return this.idFrom(c, this.raw(c), required, digits);
  }

  /** An optional id that repeats from row to row (商品ID, 商家编码, 达人ID): one shared copy of each. */
  key(c: Column): string | null {
    if (c.index < 0) return null;
    const id = this.idFrom(c, this.row.label(c.index), false, false);
    return id === null ? null : label(id);
  }

  private idFrom(c: Column, raw: string, required: boolean, digits: boolean): string | null {
    const r = readId(raw, { excelWrapped: this.ctx.options.excelWrappedIds, digits });
    if (r.kind === 'value') {
      const tally = this.ctx.ids;
      if (tally && r.id.length === 19) {
        tally.long++;
        if (isCut19(r.id)) {
          tally.cut++;
          const e = tally.example;
          if (
            e === null ||
            r.id < e.id ||
            (r.id === e.id && (c.name < e.column || (c.name === e.column && raw < e.value)))
          )
            tally.example = { id: r.id, column: c.name, value: raw };
        }
      }
      return r.id;
    }
    if (r.kind === 'absent')
      return required
        ? this.fail(
            c,
            'E_ID',
            'empty id on a data row',
            'a row without its id cannot be matched or counted once; export the file again (summary rows are recognised by their 合计/总计 label)',
          )
        : null;
    return this.fail(c, 'E_ID', r.message, r.hint);
  }

  /** A text cell (a name, a channel): one shared copy per distinct value. */
  text(c: Column): string | null {
    const t = c.index >= 0 ? readText(this.row.label(c.index)) : null;
    return t === null ? null : label(t);
  }

  /**
   * An amount in integer fen. `absent`: what an empty or `-` cell means ('error' for required
   * amounts, 'zero' for discount-like columns, 'null' to let the caller decide).
   */
  amount(c: Column, absent: 'error' | 'zero' | 'null', unit: 'yuan' | 'fen' = c.unit ?? 'yuan'): Fen | null {
    if (c.index < 0)
      return absent === 'zero' ? 0 : absent === 'null' ? null : this.fail(c, 'E_AMOUNT', 'missing amount');
    const raw = this.raw(c);
    const r = parseAmount(raw, { unit, decimalMark: this.ctx.options.decimalMark });
    if (r.kind === 'value') return r.fen;
    if (r.kind === 'absent') {
      if (absent === 'zero') return 0;
      if (absent === 'null') return null;
      return this.fail(
        c,
        'E_AMOUNT',
        'empty amount in a required column',
        'the figures need this amount and an empty cell is never read as 0; export the file again, or fill it in',
      );
    }
    this.problems.push(amountProblem(this.ctx, this.line, c.name, raw, r));
    return null;
  }

  /** A currency column: empty or CNY passes; any other currency is an error (case 58). */
  currency(c: Column): void {
    if (c.index < 0) return;
    const v = this.raw(c).trim();
    if (!CNY.has(v.toUpperCase()))
      this.fail(
        c,
        'E_CURRENCY',
        `currency ${JSON.stringify(v)} is not CNY`,
        'amounts in two currencies are never added; convert the export to CNY first',
      );
  }

  /** A date-time in Asia/Shanghai; null when absent and not required. */
  date(c: Column, required: boolean): DayTime | null {
    if (c.index < 0) return required ? this.fail(c, 'E_DATE', 'missing date') : null;
    const raw = this.raw(c);
    const r = parseDateTime(raw, { excelSerial: this.ctx.options.excelDates });
    // Days repeat on every row: shared.
    if (r.kind === 'value') return { day: label(r.day), stamp: r.stamp };
    if (r.kind === 'absent')
      return required
        ? this.fail(
            c,
            'E_DATE',
            'empty date in a required column',
            'the row cannot be placed in time without it; export the file again, or fill it in',
          )
        : null;
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
        neg
          ? 'a return is read from the line itself (售后状态, refunded), never from a negative count'
          : 'quantities are whole pieces, e.g. 2',
      );
    }
    return Number(raw);
  }
}
