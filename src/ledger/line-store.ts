/**
 * The kept order lines, held as columns rather than objects: a year of a big shop is millions of
 * lines, and an object per line with its strings costs about a kilobyte, a column row about 34 bytes
 * with its id and the table that finds it (1 M bench). Ids go into id tables (64-bit halves for
 * Douyin's 19-digit ids), keys that repeat (SKU, channel, author) into one table of cells, days into
 * day indices; each column is as narrow as its values allow. A line reads back as the very fact it was given (`fact(i)`), so the
 * merge rules and messages work on facts as before.
 */
import { Days, NumberColumn, Origins, SourceRuns, U32Column, UintColumn } from './columns.js';
import type { SourceLocation } from './diagnostics.js';
import type { Fen } from './entry.js';
import type { OrderLineFact } from './facts.js';
import { IdTable, type Ids } from './ids.js';

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
/**
 * A line's payment day and time in one word: the day's index + 1 (0: unpaid) above 17 bits of time,
 * 0 for no payment time, 1 + seconds of the day, or ODD_TIME for a time not of the `yyyy-mm-dd HH:MM:SS`
 * shape of its day (kept as text). Lines past the 32 766th distinct day are kept aside.
 */
const TIME_BITS = 17;
const TIMES = 1 << TIME_BITS;
const NO_TIME = 0;
const ODD_TIME = 86_401;
const WHEN_ASIDE = 0xffffffff;
const MAX_DAY_IN_WORD = (WHEN_ASIDE >>> TIME_BITS) - 1;
const REFUNDED = 1;
const SHIPPED = 2;

/** Two digits of `s` at `at` as a number, or 99 when they are not digits. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : 99;
}

/** "00" … "59". */
const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * A cheap hash of a key for the table of cells: its length and its first and last four code units
 * (keys that differ elsewhere only share a slot; equal cells are told by comparing every key).
 */
function keyHash(h: number, k: string | null): number {
  if (k === null) return Math.imul(h ^ 0x5bd1e995, 0x01000193);
  const n = k.length;
  h = Math.imul(h ^ n, 0x01000193);
  for (let i = 0; i < 4 && i < n; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
  for (let i = n > 8 ? n - 4 : 4; i < n; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
  return h;
}

/** What `absorb` learnt of another store's origins, days and cells: their indices here. */
export class Remap {
  readonly origin: number[] = [];
  readonly day: number[] = [];
  readonly cell: number[] = [];
}

/** Storage of kept facts by key, as the merge sees it (a Map fits too). */
export interface KeptFacts<T> {
  get(key: string): T | undefined;
  set(key: string, fact: T): void;
  values(): Iterable<T>;
}

/**
 * Rows kept under a key as columns, row j being the key's index in `keys`; each reads back as the
 * fact it was given (`fact(j)`). Holds what every kind has: where the row was read, as runs of rows
 * read one line after another from one file (`SourceRuns`): a few runs per thousand rows of a file
 * read in order, instead of 4 bytes a row.
 */
export abstract class KeyedRows<
  T extends { readonly source: SourceLocation; readonly exportedAt: number | null },
> implements KeptFacts<T> {
  protected readonly keys = new IdTable();
  protected readonly days: Days;
  private readonly origins: Origins;
  /** Where each row was read: an origin and a line. */
  private readonly sources = new SourceRuns();

  /** `shareWith`: a store whose days and origins this one adds to (the logs of one file's chunks). */
  constructor(shareWith?: KeyedRows<T>) {
    this.days = shareWith?.days ?? new Days();
    this.origins = shareWith?.origins ?? new Origins();
  }

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
    return { file: this.origins.file(this.sources.originOf(j)), line: this.sources.lineOf(j) };
  }
  /** The file row j was read from: its `source(j).file`, without making the location. */
  fileOf(j: number): string {
    return this.origins.file(this.sources.originOf(j));
  }
  exportedAt(j: number): number | null {
    return this.origins.exportedAt(this.sources.originOf(j));
  }

  /** Row i here is read where row j of `other` was, `lineOffset` lines further down its file. */
  protected keptFrom(other: KeyedRows<T>, j: number, i: number, lineOffset: number, map: Remap): void {
    const o = other.sources.originOf(j);
    let mine = map.origin[o];
    if (mine === undefined)
      mine = map.origin[o] = this.origins.of(other.origins.file(o), other.origins.exportedAt(o));
    this.sources.set(i, mine, other.sources.lineOf(j) + lineOffset);
  }

  /**
   * Frees what only finding rows needs, and the columns of rows below `end`: a store being replayed
   * row by row (a LineLog) never looks up or reads those again.
   */
  release(end: number, idsEnd = end): void {
    this.forgetLookups();
    this.keys.release(idsEnd);
    this.sources.release(end);
  }

  /**
   * Frees the tables that find rows by id: every row still reads back, but `get`, `set` and `find`
   * throw from now on (the booking, once it has matched every row to its line).
   */
  forgetLookups(): void {
    this.keys.forget();
  }

  /** The row of `key` (new or overwritten), with where `f` was read. */
  protected keep(key: string, f: T): number {
    const j = this.keys.intern(key);
    this.sources.set(j, this.origins.of(f.source.file, f.exportedAt), f.source.line);
    return j;
  }
}

export class LineStore extends KeyedRows<OrderLineFact> {
  /** Line index i is the index of its 子订单编号 here. */
  get lineIds(): IdTable {
    return this.keys;
  }
  private readonly order = new UintColumn();
  readonly orderIds = new OrderIds(this.keys, this.order);
  /** Payment day and time (see TIME_BITS); words WHEN_ASIDE are in `whenAside`. */
  private readonly when = new U32Column();
  private readonly whenAside = new Map<number, number>();
  private readonly oddTimes = new Map<number, string>();
  private readonly cell = new UintColumn();
  private readonly unitsCol = new UintColumn();
  private readonly gmvCol = new NumberColumn(true);
  /** Bits: refunded, shipped; stage above them. */
  private readonly state = new UintColumn();

  private readonly cellTable: CellTable;
  readonly cells: readonly LineCell[];

  /** `shareWith`: a store whose days, origins and cells this one adds to (the logs of one file's chunks). */
  constructor(shareWith?: LineStore) {
    super(shareWith);
    this.cellTable = shareWith?.cellTable ?? new CellTable();
    this.cells = this.cellTable.cells;
  }

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
    const n = this.keys.size;
    const i = this.keep(key, f);
    this.order.set(i, this.orderIds.forLine(i, i >= n, f.order, f.line));
    const day = f.paidDay === null ? 0 : this.days.of(f.paidDay) + 1;
    let time = NO_TIME;
    const at = f.paidAt;
    if (at !== null) {
      time = ODD_TIME;
      if (day > 0 && at.length === 19 && at.charCodeAt(10) === 32 && at.startsWith(f.paidDay!)) {
        const [h, m, s] = [twoDigits(at, 11), twoDigits(at, 14), twoDigits(at, 17)];
        if (at.charCodeAt(13) === 58 && at.charCodeAt(16) === 58 && h < 24 && m < 60 && s < 60)
          time = h * 3600 + m * 60 + s + 1;
      }
    }
    if (day <= MAX_DAY_IN_WORD) {
      if (this.whenAside.size > 0) this.whenAside.delete(i);
      this.when.set(i, day * TIMES + time);
    } else {
      this.when.set(i, WHEN_ASIDE);
      this.whenAside.set(i, day * TIMES + time);
    }
    if (time === ODD_TIME) this.oddTimes.set(i, at!);
    else if (this.oddTimes.size > 0) this.oddTimes.delete(i);
    this.cell.set(i, this.cellTable.of(f));
    this.unitsCol.set(i, f.units);
    this.gmvCol.set(i, f.gmv);
    this.state.set(i, (f.refunded ? REFUNDED : 0) | (f.shipped ? SHIPPED : 0) | (f.stage << 2));
  }

  /**
   * Appends line j of `other` as `set` would append its fact, lines `lineOffset` further down (a
   * later part of a file, read on another thread): true when its line id is new here; else nothing
   * is written and the fact must be merged.
   */
  absorb(other: LineStore, j: number, lineOffset: number, map: Remap): boolean {
    const n = this.keys.size;
    const i = this.keys.internFrom(other.keys, j);
    if (i < n) return false;
    this.keptFrom(other, j, i, lineOffset, map);
    this.order.set(i, this.orderIds.forLineFrom(i, other.orderIds, other.order.get(j), j));
    const w = other.whenOf(j);
    const time = w % TIMES;
    const was = (w - time) / TIMES;
    let day = 0;
    if (was > 0) {
      let k = map.day[was - 1];
      if (k === undefined) k = map.day[was - 1] = this.days.of(other.days.text(was - 1));
      day = k + 1;
    }
    if (day <= MAX_DAY_IN_WORD) this.when.set(i, day * TIMES + time);
    else {
      this.when.set(i, WHEN_ASIDE);
      this.whenAside.set(i, day * TIMES + time);
    }
    if (time === ODD_TIME) this.oddTimes.set(i, other.oddTimes.get(j)!);
    const c = other.cell.get(j);
    let cell = map.cell[c];
    if (cell === undefined) cell = map.cell[c] = this.cellTable.of(other.cells[c]!);
    this.cell.set(i, cell);
    this.unitsCol.set(i, other.unitsCol.get(j));
    this.gmvCol.set(i, other.gmvCol.get(j));
    this.state.set(i, other.state.get(j));
    return true;
  }

  override forgetLookups(): void {
    super.forgetLookups();
    this.orderIds.forget();
  }

  override release(end: number): void {
    // The line ids stay until the last row: a later line's order may have an earlier line's id.
    super.release(end, end < this.size ? 0 : end);
    for (const c of [this.order, this.when, this.cell, this.unitsCol, this.gmvCol, this.state])
      c.release(end);
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
    const day = this.dayOf(i);
    return day === 0 ? NO_DAY : this.days.number(day - 1);
  }
  paidDay(i: number): string | null {
    const day = this.dayOf(i);
    return day === 0 ? null : this.days.text(day - 1);
  }
  paidAt(i: number): string | null {
    const w = this.whenOf(i);
    const time = w % TIMES;
    if (time === NO_TIME) return null;
    if (time === ODD_TIME) return this.oddTimes.get(i)!;
    const sec = time - 1;
    const m = Math.floor(sec / 60);
    return `${this.days.text((w - time) / TIMES - 1)} ${TWO[Math.floor(m / 60)]!}:${TWO[m % 60]!}:${TWO[sec % 60]!}`;
  }
  /**
   * A number that orders lines as `paidAt ?? paidDay` does as text: a day alone before any time of
   * that day. Exact when every time has the standard shape (else null: compare the text).
   */
  paidRank(i: number): number | null {
    const w = this.whenOf(i);
    const time = w % TIMES;
    const day = (w - time) / TIMES;
    if (day === 0 || time === ODD_TIME) return null;
    return this.days.number(day - 1) * 86_401 + time;
  }

  /** The payment day's index + 1, 0 when unpaid. */
  private dayOf(i: number): number {
    const w = this.when.get(i);
    return w !== WHEN_ASIDE ? w >>> TIME_BITS : Math.floor(this.whenAside.get(i)! / TIMES);
  }

  private whenOf(i: number): number {
    const w = this.when.get(i);
    return w !== WHEN_ASIDE ? w : this.whenAside.get(i)!;
  }
}

/**
 * The orders of a store's lines, by index (0, 1, 2, … as first seen). A Douyin order of one line has
 * that line's 子订单编号 as its 主订单编号 (nine orders in ten in a big shop): such an order is held as the
 * line's index, its id read from the lines' table; only other order ids have a table of their own
 * (`named`). 10 M lines: 3 bytes an order instead of 13.
 */
export class OrderIds {
  /** Per order: the line whose id it has, or its id's index in `named` (as `namedBits` says). */
  private readonly key = new UintColumn();
  /** Bit o of word o >>> 5: order o's id is in `named`. */
  private readonly namedBits = new U32Column();
  /** Per id of `named`: its order. */
  private readonly orderOfNamed = new UintColumn();
  /** Order ids that are not the id of their order's first line. */
  readonly named = new IdTable();
  private count = 0;

  /** `lines`: the store's line ids; `orderOf`: its column of each line's order. */
  constructor(
    private readonly lines: IdTable,
    private readonly orderOf: UintColumn,
  ) {}

  get size(): number {
    return this.count;
  }

  idOf(o: number): string {
    const k = this.key.get(o);
    return this.isNamed(o) ? this.named.idOf(k) : this.lines.idOf(k);
  }

  /** The order with this id, or -1. */
  find(id: string): number {
    const k = this.named.find(id);
    return k >= 0 ? this.orderOfNamed.get(k) : this.ownOrder(this.lines.find(id));
  }

  /** The order with id j of other ids, or -1. */
  findFrom(other: Ids, j: number): number {
    const k = this.named.findFrom(other, j);
    return k >= 0 ? this.orderOfNamed.get(k) : this.ownOrder(this.lines.findFrom(other, j));
  }

  /** The order of line i (new here, or written again), whose 子订单编号 is `line`: added when new. */
  forLine(i: number, isNew: boolean, id: string, line: string): number {
    if (!isNew) {
      const was = this.orderOf.get(i);
      if (this.isOwnOf(was, i)) {
        if (id === line) return was;
        // The line leaves the order that has its id (a newer export preferred): the order keeps the
        // id, in `named`, for its other lines and for a line that names it later.
        this.toNamed(was, line);
      }
    }
    const k = this.named.find(id);
    if (k >= 0) return this.orderOfNamed.get(k);
    if (id === line) return this.add(false, i);
    const own = this.ownOrder(this.lines.find(id));
    return own >= 0 ? own : this.add(true, this.named.intern(id));
  }

  /** The order of line i, new here, read as line j of `other` with order o there: added when new. */
  forLineFrom(i: number, other: OrderIds, o: number, j: number): number {
    const otherNamed = other.isNamed(o);
    const [ids, at] = [otherNamed ? other.named : other.lines, other.key.get(o)];
    const k = this.named.findFrom(ids, at);
    if (k >= 0) return this.orderOfNamed.get(k);
    if (!otherNamed && at === j) return this.add(false, i);
    const own = this.ownOrder(this.lines.findFrom(ids, at));
    return own >= 0 ? own : this.add(true, this.named.internFrom(ids, at));
  }

  /** Frees the tables that find ids (ids still read back by index). */
  forget(): void {
    this.named.forget();
  }

  private isNamed(o: number): boolean {
    return (this.namedBits.get(o >>> 5) & (1 << (o & 31))) !== 0;
  }

  /** Order o has line i's id. */
  private isOwnOf(o: number, i: number): boolean {
    return !this.isNamed(o) && this.key.get(o) === i;
  }

  /** The order whose id is line j's, or -1 (also for j = -1). */
  private ownOrder(j: number): number {
    if (j < 0) return -1;
    const o = this.orderOf.get(j);
    return this.isOwnOf(o, j) ? o : -1;
  }

  private toNamed(o: number, id: string): void {
    this.name(o, this.named.intern(id));
  }

  /** A new order, with line k's id or (`named`) id k of `named`. */
  private add(named: boolean, k: number): number {
    const o = this.count++;
    if (named) this.name(o, k);
    else {
      this.key.set(o, k);
      this.setNamedBit(o, false);
    }
    return o;
  }

  /** Order o has id k of `named`. */
  private name(o: number, k: number): void {
    this.key.set(o, k);
    this.setNamedBit(o, true);
    this.orderOfNamed.set(k, o);
  }

  private setNamedBit(o: number, named: boolean): void {
    // The newest order, first of its word: the word is not written yet.
    const word = (o & 31) === 0 && o === this.count - 1 ? 0 : this.namedBits.get(o >>> 5);
    this.namedBits.set(o >>> 5, named ? (word | (1 << (o & 31))) >>> 0 : word);
  }
}

/**
 * The distinct cells of a store, by their keys: open addressing over cell + 1, at most half full,
 * with each cell's hash. One flat table: a tree of Maps, one level per key, costs a cache miss a level.
 */
export class CellTable {
  readonly cells: LineCell[] = [];
  private slots = new Int32Array(1024);
  private readonly hashes: number[] = [];

  /** The index of the cell with `f`'s keys, added when new. */
  of(f: LineCell): number {
    let h = 0x811c9dc5;
    h = keyHash(h, f.sku);
    h = keyHash(h, f.channel);
    h = keyHash(h, f.author);
    h = keyHash(h, f.productId);
    h = keyHash(h, f.skuCode);
    h = keyHash(h, f.skuName);
    let slots = this.slots;
    let mask = slots.length - 1;
    let s = h & mask;
    for (let w = slots[s]!; w !== 0; w = slots[s]!) {
      const c = this.cells[w - 1]!;
      if (
        this.hashes[w - 1] === h &&
        c.sku === f.sku &&
        c.channel === f.channel &&
        c.author === f.author &&
        c.productId === f.productId &&
        c.skuCode === f.skuCode &&
        c.skuName === f.skuName
      )
        return w - 1;
      s = (s + 1) & mask;
    }
    const n = this.cells.length;
    this.cells.push({
      productId: f.productId,
      skuCode: f.skuCode,
      sku: f.sku,
      skuName: f.skuName,
      channel: f.channel,
      author: f.author,
    });
    this.hashes.push(h);
    if ((n + 1) * 2 > slots.length) {
      slots = this.slots = new Int32Array(slots.length * 2);
      mask = slots.length - 1;
      this.hashes.forEach((hc, c) => {
        let t = hc & mask;
        while (slots[t] !== 0) t = (t + 1) & mask;
        slots[t] = c + 1;
      });
    } else slots[s] = n + 1;
    return n;
  }
}
