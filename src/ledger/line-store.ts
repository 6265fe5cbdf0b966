/**
 * The kept order lines, held as columns rather than objects: a year of a big shop is millions of
 * lines, and an object per line with its strings costs about a kilobyte, a column row about 70 bytes.
 * Ids go into id tables (64-bit halves for Douyin's 19-digit ids), keys that repeat (SKU, channel,
 * author) into one table of cells, days into day numbers. A line reads back as the very fact it was
 * given (`fact(i)`), so the merge rules and messages work on facts as before.
 */
import { DayNumbers, F64Column, I32Column, Origins, U32Column, U8Column } from './columns.js';
import type { SourceLocation } from './diagnostics.js';
import type { Fen } from './entry.js';
import type { OrderLineFact } from './facts.js';
import { IdTable } from './ids.js';

/** The keys a line is reported under; few distinct, shared by many lines. */
export interface LineCell {
  readonly productId: string | null;
  readonly skuCode: string | null;
  readonly sku: string;
  readonly skuName: string | null;
  readonly channel: string;
  readonly author: string;
}

const NO_DAY = -2147483648;
/** Seconds of the day when the line has no payment time, or one not of the `yyyy-mm-dd HH:MM:SS` shape. */
const NO_TIME = -1;
const ODD_TIME = -2;
const REFUNDED = 1;
const SHIPPED = 2;

const TIME = /^(\d\d):(\d\d):(\d\d)$/;

/** Stands for a null key in the cell tree (no id or name is a lone NUL: the tokenizer refuses NUL). */
const NONE = '\u0000';
type CellTree = Map<string, CellTree | number>;

/** Storage of kept facts by key, as the merge sees it (a Map fits too). */
export interface KeptFacts<T> {
  get(key: string): T | undefined;
  set(key: string, fact: T): void;
  values(): Iterable<T>;
}

/**
 * Rows kept under a key as columns, row j being the key's index in `keys`; each reads back as the
 * fact it was given (`fact(j)`). Holds what every kind has: where the row was read.
 */
export abstract class KeyedRows<
  T extends { readonly source: SourceLocation; readonly exportedAt: number | null },
> implements KeptFacts<T> {
  protected readonly keys = new IdTable();
  protected readonly days = new DayNumbers();
  private readonly origins = new Origins();
  private readonly origin = new U32Column();
  private readonly srcLine = new U32Column();

  abstract set(key: string, fact: T): void;
  /** The fact of row j, as it was kept. */
  abstract fact(j: number): T;

  get size(): number {
    return this.keys.size;
  }
  get(key: string): T | undefined {
    const j = this.keys.find(key);
    return j < 0 ? undefined : this.fact(j);
  }
  *values(): Generator<T> {
    for (let j = 0; j < this.size; j++) yield this.fact(j);
  }
  [Symbol.iterator](): Generator<T> {
    return this.values();
  }
  source(j: number): SourceLocation {
    return { file: this.origins.file(this.origin.get(j)), line: this.srcLine.get(j) };
  }
  exportedAt(j: number): number | null {
    return this.origins.exportedAt(this.origin.get(j));
  }

  /** The row of `key` (new or overwritten), with where `f` was read. */
  protected keep(key: string, f: T): number {
    const j = this.keys.intern(key);
    this.origin.set(j, this.origins.of(f.source.file, f.exportedAt));
    this.srcLine.set(j, f.source.line);
    return j;
  }
}

export class LineStore extends KeyedRows<OrderLineFact> {
  /** Line index i is the index of its 子订单编号 here. */
  get lineIds(): IdTable {
    return this.keys;
  }
  readonly orderIds = new IdTable();
  private readonly order = new U32Column();
  private readonly day = new I32Column();
  private readonly sec = new I32Column();
  private readonly cell = new U32Column();
  private readonly unitsCol = new U32Column();
  private readonly gmvCol = new F64Column();
  /** Bits: refunded, shipped; stage above them. */
  private readonly state = new U8Column();
  private readonly oddTimes = new Map<number, string>();

  readonly cells: LineCell[] = [];
  /** Cells by their keys, one Map level per key: the keys are shared strings, whose hashes V8 keeps. */
  private readonly cellTree: CellTree = new Map();

  /** Index of the line with this 子订单编号, or -1. */
  find(line: string): number {
    return this.lineIds.find(line);
  }

  /** Keeps `f` under its line id: a new line is appended, a known one is overwritten in place. */
  set(key: string, f: OrderLineFact): void {
    if (key !== f.line) throw new Error(`line store: key ${key} is not the fact's line ${f.line}`);
    if (!Number.isInteger(f.units) || f.units < 0 || f.units > 0xffffffff)
      throw new RangeError(`units out of range: ${f.units}`);
    if (!Number.isInteger(f.stage) || f.stage < 0 || f.stage > 63)
      throw new RangeError(`stage out of range: ${f.stage}`);
    const i = this.keep(key, f);
    this.order.set(i, this.orderIds.intern(f.order));
    this.day.set(i, f.paidDay === null ? NO_DAY : this.days.number(f.paidDay));
    let sec = NO_TIME;
    if (f.paidAt !== null) {
      const m = f.paidDay !== null && f.paidAt.startsWith(f.paidDay) ? TIME.exec(f.paidAt.slice(11)) : null;
      if (m && f.paidAt.charAt(10) === ' ') sec = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      else sec = ODD_TIME;
    }
    this.sec.set(i, sec);
    if (sec === ODD_TIME) this.oddTimes.set(i, f.paidAt!);
    else this.oddTimes.delete(i);
    this.cell.set(i, this.cellOf(f));
    this.unitsCol.set(i, f.units);
    this.gmvCol.set(i, f.gmv);
    this.state.set(i, (f.refunded ? REFUNDED : 0) | (f.shipped ? SHIPPED : 0) | (f.stage << 2));
  }

  /** The fact of line i, as it was kept. */
  fact(i: number): OrderLineFact {
    const c = this.cells[this.cell.get(i)]!;
    const s = this.state.get(i);
    return {
      kind: 'order_line',
      order: this.orderIds.idOf(this.order.get(i)),
      line: this.lineIds.idOf(i),
      paidDay: this.paidDay(i),
      paidAt: this.paidAt(i),
      productId: c.productId,
      skuCode: c.skuCode,
      sku: c.sku,
      skuName: c.skuName,
      channel: c.channel,
      author: c.author,
      units: this.unitsCol.get(i),
      gmv: this.gmvCol.get(i),
      refunded: (s & REFUNDED) !== 0,
      shipped: (s & SHIPPED) !== 0,
      stage: s >>> 2,
      exportedAt: this.exportedAt(i),
      source: this.source(i),
    };
  }

  // Column reads for booking and reporting: no object per line.

  orderOf(i: number): number {
    return this.order.get(i);
  }
  cellOfLine(i: number): LineCell {
    return this.cells[this.cell.get(i)]!;
  }
  cellIndexOf(i: number): number {
    return this.cell.get(i);
  }
  units(i: number): number {
    return this.unitsCol.get(i);
  }
  gmv(i: number): Fen {
    return this.gmvCol.get(i);
  }
  refunded(i: number): boolean {
    return (this.state.get(i) & REFUNDED) !== 0;
  }
  shipped(i: number): boolean {
    return (this.state.get(i) & SHIPPED) !== 0;
  }
  /** Days since 1970-01-01 of the payment day; NO_DAY when unpaid. */
  dayNumberOf(i: number): number {
    return this.day.get(i);
  }
  paidDay(i: number): string | null {
    const d = this.day.get(i);
    return d === NO_DAY ? null : this.dayText(d);
  }
  paidAt(i: number): string | null {
    const sec = this.sec.get(i);
    if (sec === NO_TIME) return null;
    if (sec === ODD_TIME) return this.oddTimes.get(i)!;
    const hms = [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60];
    return `${this.paidDay(i)!} ${hms.map((n) => String(n).padStart(2, '0')).join(':')}`;
  }
  /**
   * A number that orders lines as `paidAt ?? paidDay` does as text: a day alone before any time of
   * that day. Exact when every time has the standard shape (else null: compare the text).
   */
  paidRank(i: number): number | null {
    const d = this.day.get(i);
    const sec = this.sec.get(i);
    if (d === NO_DAY || sec === ODD_TIME) return null;
    return d * 86_401 + sec + 1;
  }
  dayText(d: number): string {
    return this.days.text(d);
  }

  private cellOf(f: OrderLineFact): number {
    const keys = [f.sku, f.channel, f.author, f.productId ?? NONE, f.skuCode ?? NONE];
    let level = this.cellTree;
    for (const k of keys) {
      let next = level.get(k);
      if (next === undefined) level.set(k, (next = new Map()));
      level = next as CellTree;
    }
    const name = f.skuName ?? NONE;
    let c = level.get(name) as number | undefined;
    if (c === undefined) {
      c = this.cells.length;
      this.cells.push({
        productId: f.productId,
        skuCode: f.skuCode,
        sku: f.sku,
        skuName: f.skuName,
        channel: f.channel,
        author: f.author,
      });
      level.set(name, c);
    }
    return c;
  }
}
