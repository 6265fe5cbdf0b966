/**
 * Typed cell access for row readers. A `Fields` is built once per file and reset for each row, so
 * reading a row decodes only the cells it reads and allocates little besides the values it keeps.
 * Each failed cell adds one diagnostic naming its column and raw value; the reader rejects the row
 * when `problems` is not empty.
 */
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fen } from '../ledger/entry.js';
import { parseAmount, parsePlain } from '../ledger/money.js';
import { parseDateTime, sameDayStamp } from '../ledger/dates.js';
import { plainId, readId, readText } from './cells.js';
import { NO_ROW, type Row } from './csv.js';
import {
  amountProblem,
  cellError,
  dateProblem,
  smallerExample,
  type ColumnIndex,
  type FileContext,
} from './format.js';

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

/** Distinct cells one `Fields` remembers the reading of, per kind (keys, texts); past it, cells are read each time. */
const MAX_REMEMBERED = 1 << 16;
/** Days remembered per date column. */
const RECENT_DAYS = 8;

export class Fields {
  private row: Row = NO_ROW;
  private line = 0;
  problems: Diagnostic[] = [];
  /**
   * What `key` and `text` made of a label cell, by its raw text: the same cell recurs on most rows,
   * and cleaning it (a tab cut off) would make a new string to look up in `labels` each time. Only
   * values and absent cells are remembered; a bad cell is read, and reported, each time.
   */
  private readonly keys = new Map<string, string | null>();
  private readonly texts = new Map<string, string | null>();
  /**
   * Per date column (by index): the days of its last few `yyyy-mm-dd HH:MM:SS` cells, newest first.
   * Rows come roughly in time order (发货时间 a few days after 支付完成时间), so a cell on one of
   * them reuses that day's string instead of cutting a new one and looking it up in `labels`.
   */
  private readonly days: string[][] = [];
  /** What `joined` made of each pair, for its last `make`. */
  private readonly pairs = new Map<string | null, Map<string | null, string>>();
  private pairCount = 0;
  private pairMake: ((a: string | null, b: string | null) => string) | null = null;

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
    const raw = this.row.label(c.index);
    const known = this.keys.get(raw);
    if (known !== undefined) {
      if (known !== null) this.tally(c, raw, known);
      return known;
    }
    const problems = this.problems.length;
    const read = this.idFrom(c, raw, false, false);
    const id = read === null ? null : label(read);
    if (this.problems.length === problems && this.keys.size < MAX_REMEMBERED) this.keys.set(raw, id);
    return id;
  }

  private idFrom(c: Column, raw: string, required: boolean, digits: boolean): string | null {
    const plain = plainId(raw);
    if (plain !== null) {
      this.tally(c, raw, plain);
      return plain;
    }
    const r = readId(raw, { excelWrapped: this.ctx.options.excelWrappedIds, digits });
    if (r.kind === 'value') {
      this.tally(c, raw, r.id);
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

  /** Counts a 19-digit id in the file's tally, and keeps the least Excel-cut one as its example. */
  private tally(c: Column, raw: string, id: string): void {
    const tally = this.ctx.ids;
    if (tally && id.length === 19) {
      tally.long++;
      if (isCut19(id)) {
        tally.cut++;
        tally.example = smallerExample(tally.example, { id, column: c.name, value: raw });
      }
    }
  }

  /** A text cell (a name, a channel): one shared copy per distinct value. */
  text(c: Column): string | null {
    if (c.index < 0) return null;
    const raw = this.row.label(c.index);
    const known = this.texts.get(raw);
    if (known !== undefined) return known;
    const t = readText(raw);
    const text = t === null ? null : label(t);
    if (this.texts.size < MAX_REMEMBERED) this.texts.set(raw, text);
    return text;
  }

  /**
   * `label(make(a, b))` for a value a reader builds from two cells it read (`达人昵称 (达人ID)`),
   * remembered by the pair: the same pairs recur on most rows, and building the string anew would
   * make one more string to look up in `labels` on each.
   */
  joined(a: string | null, b: string | null, make: (a: string | null, b: string | null) => string): string {
    if (make !== this.pairMake) {
      this.pairs.clear();
      this.pairCount = 0;
      this.pairMake = make;
    }
    let byB = this.pairs.get(a);
    const known = byB?.get(b);
    if (known !== undefined) return known;
    const v = label(make(a, b));
    if (this.pairCount < MAX_REMEMBERED) {
      if (byB === undefined) this.pairs.set(a, (byB = new Map()));
      byB.set(b, v);
      this.pairCount++;
    }
    return v;
  }

  /**
   * An amount in integer fen. `absent`: what an empty or `-` cell means ('error' for required
   * amounts, 'zero' for discount-like columns, 'null' to let the caller decide).
   */
  amount(c: Column, absent: 'error' | 'zero' | 'null', unit: 'yuan' | 'fen' = c.unit ?? 'yuan'): Fen | null {
    if (c.index < 0)
      return absent === 'zero' ? 0 : absent === 'null' ? null : this.fail(c, 'E_AMOUNT', 'missing amount');
    // Amount cells repeat (prices, 0.00): read as labels, each is found by its bytes, not built anew.
    const raw = this.row.label(c.index);
    if (this.ctx.options.decimalMark !== ',') {
      const plain = parsePlain(raw, unit === 'fen');
      if (!Number.isNaN(plain)) return plain;
    }
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
    const recent = this.days[c.index];
    if (recent !== undefined)
      for (let i = 0; i < recent.length; i++) {
        const day = recent[i]!;
        if (sameDayStamp(raw, day)) return { day, stamp: raw };
      }
    const r = parseDateTime(raw, { excelSerial: this.ctx.options.excelDates });
    if (r.kind === 'value') {
      // Days repeat on every row: shared.
      const day = label(r.day);
      if (r.stamp === raw && raw.length === 19) this.recall(c.index, day);
      return { day, stamp: r.stamp };
    }
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

  private recall(index: number, day: string): void {
    const recent = (this.days[index] ??= []);
    recent.unshift(day);
    if (recent.length > RECENT_DAYS) recent.pop();
  }

  /** A whole, non-negative count (units). */
  count(c: Column): number | null {
    const cell = this.raw(c);
    const n = cell.length;
    if (n > 0 && n < 10) {
      // The common cell, 1 to 9 ASCII digits, read without trim, regex or Number.
      let v = 0;
      for (let i = 0; i < n; i++) {
        const d = cell.charCodeAt(i) - 48;
        if (d < 0 || d > 9) {
          v = -1;
          break;
        }
        v = v * 10 + d;
      }
      if (v >= 0) return v;
    }
    const raw = cell.trim();
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
