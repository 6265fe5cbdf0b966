/**
 * Growable typed columns for per-line state: one number per line, in pages of 64 Ki values, so that
 * growing never copies (a doubling array would need old + new at once, 3× the data) and never
 * leaves more than one page unused. Each column reads back exactly what was written; the narrow ones
 * (`UintColumn`, `NumberColumn`) keep the common values in 1 to 4 bytes and never lose a rare one.
 * Where rows were read is not a value per row but runs of rows read one line after another
 * (`SourceRuns`).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

type Typed = Float64Array | Uint32Array;

abstract class Column<T extends Typed> {
  protected readonly pages: T[] = [];
  protected abstract page(): T;

  get(i: number): number {
    return this.pages[i >>> PAGE_BITS]![i & MASK]!;
  }

  set(i: number, v: number): void {
    const p = i >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(this.page());
    this.pages[p]![i & MASK] = v;
  }

  /** Frees the pages of values below `end`, which are never read again (a log being replayed). */
  release(end: number): void {
    releasePages(this.pages, end);
  }

  /** Frees every page now: no value reads back from then on. */
  free(): void {
    for (const page of this.pages) freeNow(page);
    this.pages.length = 0;
  }
}

/** Empties the pages wholly below index `end`: each becomes a spare page (`spareOrNew`). */
function releasePages(pages: (ArrayBufferView | undefined)[] | null, end: number): void {
  if (pages === null) return;
  for (let p = 0; p < end >>> PAGE_BITS && p < pages.length; p++) {
    const page = pages[p];
    if (page) keepSpare(page);
    pages[p] = undefined;
  }
}

/**
 * Pages released by a log being replayed, by byte length, for the store it is replayed into: the log
 * was written on the second thread, so its memory belongs to that thread's malloc arena, and a page
 * freed there is not reused here (at 10 M lines, 75 MiB of freed logs stayed in the process while
 * the store grew as much beside them). Whoever releases pages ends with `dropSpares`.
 */
const spares = new Map<number, ArrayBuffer[]>();

function keepSpare(page: ArrayBufferView): void {
  const buffer = page.buffer;
  if (!(buffer instanceof ArrayBuffer) || page.byteLength !== buffer.byteLength) return freeNow(page);
  let list = spares.get(buffer.byteLength);
  if (!list) spares.set(buffer.byteLength, (list = []));
  list.push(buffer);
}

/** A zeroed buffer of `bytes`: a spare page when one has that length, else a new one. */
function spareOrNew(bytes: number): ArrayBuffer {
  const spare = spares.get(bytes)?.pop();
  if (spare === undefined) return new ArrayBuffer(bytes);
  new Uint8Array(spare).fill(0);
  return spare;
}

/** Frees the spare pages no column took. */
export function dropSpares(): void {
  for (const list of spares.values()) for (const b of list) freeNow(new Uint8Array(b));
  spares.clear();
}

let closedPort: MessagePort | null = null;

/**
 * Frees a typed array's memory now, rather than at the next full garbage collection, which may come
 * only after hundreds of megabytes more are allocated (a 10 M-line run held its freed id tables through
 * the whole booking). A buffer sent through a closed port is detached, and its memory freed with the
 * dropped message (Node serializes a message even to a closed port; `ArrayBuffer.prototype.transfer`
 * comes with Node 22). The array must own its whole buffer: any other view of it is emptied too.
 */
export function freeNow(a: ArrayBufferView): void {
  const buffer = a.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  if (closedPort === null) {
    closedPort = new MessageChannel().port1;
    closedPort.close();
  }
  closedPort.postMessage(null, [buffer]);
}

/** Exact integers up to 2^53 (fen, counts, times). */
export class F64Column extends Column<Float64Array> {
  protected page(): Float64Array {
    return new Float64Array(spareOrNew(PAGE * 8));
  }
}

/** Integers 0 … 2^32 − 1 that mostly need all 32 bits (halves of ids, indices into millions). */
export class U32Column extends Column<Uint32Array> {
  protected page(): Uint32Array {
    return new Uint32Array(spareOrNew(PAGE * 4));
  }
}

type Low = Uint8Array | Uint16Array;

/**
 * Integers 0 … 2^32 − 1 in the narrowest width that holds every value written so far: 8 bits, then
 * 16, 24, 32 (units, cells, origins and day indices mostly fit a byte or two; line numbers and order
 * indices three bytes below 16.7 million). The low 16 bits and the rest are held apart, so that
 * widening to 24 bits adds pages beside rather than copying, and no widening holds the column twice.
 */
export class UintColumn {
  /** The low 8 or 16 bits, by page. */
  private low: Low[] = [];
  /** Bits 16 and up (8 or 16 of them), by page; none while every value fits 16 bits. */
  private high: Low[] | null = null;
  /** The largest value the current width holds. */
  private limit = 0xff;

  get(i: number): number {
    const p = i >>> PAGE_BITS;
    const v = this.low[p]![i & MASK]!;
    const high = this.high;
    return high === null ? v : v + high[p]![i & MASK]! * 65_536;
  }

  set(i: number, v: number): void {
    if (v > this.limit || v >>> 0 !== v) this.widen(v);
    const p = i >>> PAGE_BITS;
    while (this.low.length <= p) this.addPage();
    const high = this.high;
    if (high === null) this.low[p]![i & MASK] = v;
    else {
      this.low[p]![i & MASK] = v & 0xffff;
      high[p]![i & MASK] = v >>> 16;
    }
  }

  /** Frees the pages of values below `end`, which are never read again (a log being replayed). */
  release(end: number): void {
    releasePages(this.low, end);
    releasePages(this.high, end);
  }

  private addPage(): void {
    this.low.push(lowPage(this.limit === 0xff));
    this.high?.push(lowPage(this.limit === 0xffffff));
  }

  private widen(v: number): void {
    if (v >>> 0 !== v) throw new RangeError(`not an integer 0 … 2^32 − 1: ${v}`);
    const limit = v <= 0xffff ? 0xffff : v <= 0xffffff ? 0xffffff : 0xffffffff;
    if (this.limit === 0xff) this.low = this.low.map(wider);
    if (limit > 0xffff) {
      if (this.high === null) this.high = this.low.map(() => new Uint8Array(PAGE));
      if (limit > 0xffffff) this.high = this.high.map(wider);
    }
    this.limit = limit;
  }
}

/** A page of 8-bit values (`byte`) or 16-bit ones, zeroed. */
function lowPage(byte: boolean): Low {
  return byte ? new Uint8Array(spareOrNew(PAGE)) : new Uint16Array(spareOrNew(PAGE * 2));
}

/** A 16-bit copy of an 8-bit page, the page itself freed. */
function wider(page: Low): Uint16Array {
  const wide = Uint16Array.from(page);
  freeNow(page);
  return wide;
}

/**
 * Any number, exactly, in as few bytes as the column's values need (a `UintColumn` beneath): integers
 * −2^31 < v < 2^31 (`signed`: amounts in fen, by zigzag, small magnitudes small) or 0 ≤ v < 2^32 − 1
 * (line numbers), stored + 1; anything else (−0, fractions, beyond, NaN) is kept aside in a Map,
 * where it costs more but is rare, and stored as 0.
 */
export class NumberColumn {
  private readonly stored = new UintColumn();
  private readonly aside = new Map<number, number>();

  constructor(private readonly signed: boolean) {}

  get(i: number): number {
    const s = this.stored.get(i);
    if (s === 0) return this.aside.get(i)!;
    const z = s - 1;
    return this.signed ? (z >>> 1) ^ -(z & 1) : z;
  }

  /** Frees the pages of values below `end`, which are never read again (a log being replayed). */
  release(end: number): void {
    this.stored.release(end);
  }

  set(i: number, v: number): void {
    let s = 0;
    if (v !== 0 || 1 / v > 0) {
      if (this.signed) {
        if ((v | 0) === v && v !== -2147483648) s = (((v << 1) ^ (v >> 31)) >>> 0) + 1;
      } else if (v >>> 0 === v && v !== 0xffffffff) s = v + 1;
    }
    if (s === 0) this.aside.set(i, v);
    else if (this.aside.size > 0) this.aside.delete(i);
    this.stored.set(i, s);
  }
}

/** A run's first line that is no integer 0 … 2^32 − 2: kept aside, and the run is one row long. */
const ODD_LINE = 0xffffffff;
/** Words a run takes in a page: its first row, its origin, its first line. */
const RUN_WORDS = 3;
/** Runs the first page holds at first; it doubles up to a whole page. */
const FIRST_RUNS = 16;
/** Rows written again that are kept aside before the runs are made anew with them, at the least. */
const REWRITES_MIN = 4096;

/**
 * Where each row was read (an origin and a line number), as runs: rows are appended in the order they
 * were read, so row i + 1 was almost always read one line below row i, from the same origin. A run
 * starting at row r with origin o and first line L says that row i of it was read at line
 * L + (i − r); a new run starts where the origin changes or a line is skipped. A run is 12 bytes in
 * pages (the first page starts small: a store of a few rows holds a few runs), found by a binary
 * search unless it is the run of the last row found or the next, as it is when rows are read in order.
 *
 * A row written again (the merge keeping a later fact under a known key) is kept aside by its row;
 * once those are as many as a 32nd of the rows, the runs are made anew with them, so that rows
 * written again in order make runs too. Every row reads back what was written last, in any order.
 */
export class SourceRuns {
  /** Run k in page k >>> PAGE_BITS, at RUN_WORDS × (k & MASK): first row, origin, first line. */
  private pages: Uint32Array[] = [];
  /** First lines that are not words (ODD_LINE), by run. */
  private oddLines = new Map<number, number>();
  private count = 0;
  /** Rows the runs cover: 0 … end − 1. */
  private end = 0;
  /** Runs below this were freed by `release`, and are never searched. */
  private freed = 0;
  /** The run of the last row found. */
  private last = 0;
  /** Rows written again, each with its slot in `rewriteOrigin` and `rewriteLine`. */
  private rewritten = new Map<number, number>();
  private rewriteOrigin = new Uint32Array(FIRST_RUNS);
  private rewriteLine = new Float64Array(FIRST_RUNS);
  /** Slots taken; 0 when no row is written again (read without a Map lookup). */
  private slots = 0;

  /** Runs held, rows written again not counted. */
  get runs(): number {
    return this.count;
  }
  /** Rows written again and kept aside. */
  get rewrites(): number {
    return this.rewritten.size;
  }

  originOf(i: number): number {
    if (this.slots !== 0) {
      const s = this.rewritten.get(i);
      if (s !== undefined) return this.rewriteOrigin[s]!;
    }
    return this.runOrigin(this.runOf(i));
  }

  lineOf(i: number): number {
    if (this.slots !== 0) {
      const s = this.rewritten.get(i);
      if (s !== undefined) return this.rewriteLine[s]!;
    }
    return this.runLine(this.runOf(i), i);
  }

  /** Row i was read at `line` of `origin`: appended when i is past the rows so far, else written again. */
  set(i: number, origin: number, line: number): void {
    if (origin >>> 0 !== origin) throw new RangeError(`not an origin: ${origin}`);
    if (i >= this.end) this.append(i, origin, line);
    else this.rewrite(i, origin, line);
  }

  /**
   * Frees the pages of runs that end below row `end`, which is never read again (a log being
   * replayed); no row is written after. Runs are a few per thousand rows: little goes.
   */
  release(end: number): void {
    if (this.count === 0) return;
    const k = this.runOf(Math.min(end, this.end - 1));
    releasePages(this.pages, k);
    this.freed = Math.max(this.freed, (k >>> PAGE_BITS) << PAGE_BITS);
  }

  /** The run of row i: the last one found or the next (rows read in order), else by binary search. */
  private runOf(i: number): number {
    const k = this.last;
    if (this.word(k, 0) <= i) {
      if (k + 1 >= this.count || i < this.word(k + 1, 0)) return k;
      if (k + 2 >= this.count || i < this.word(k + 2, 0)) return (this.last = k + 1);
    }
    let lo = this.freed;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.word(mid, 0) <= i) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  /** Word w of run k: its first row (0), origin (1) or first line (2). */
  private word(k: number, w: number): number {
    return this.pages[k >>> PAGE_BITS]![(k & MASK) * RUN_WORDS + w]!;
  }

  private runOrigin(k: number): number {
    return this.word(k, 1);
  }

  /** The line of row i of run k, as the runs alone say. */
  private runLine(k: number, i: number): number {
    const first = this.word(k, 2);
    return first === ODD_LINE ? this.oddLines.get(k)! : first + (i - this.word(k, 0));
  }

  /** Row i, at or past the end: the last run goes on when i follows it from its origin's next line. */
  private append(i: number, origin: number, line: number): void {
    const k = this.count - 1;
    if (k < 0 || i !== this.end || !this.goesOn(k, origin, line)) this.addRun(i, origin, line);
    this.end = i + 1;
  }

  /** Whether row `end` read at `line` of `origin` is the next of run k, the last. */
  private goesOn(k: number, origin: number, line: number): boolean {
    const first = this.word(k, 2);
    return this.word(k, 1) === origin && first !== ODD_LINE && line === first + (this.end - this.word(k, 0));
  }

  private addRun(i: number, origin: number, line: number): void {
    const k = this.count;
    const p = k >>> PAGE_BITS;
    if (p === this.pages.length)
      this.pages.push(
        p === 0 ? new Uint32Array(FIRST_RUNS * RUN_WORDS) : new Uint32Array(spareOrNew(PAGE * RUN_WORDS * 4)),
      );
    else if (p === 0 && k * RUN_WORDS === this.pages[0]!.length)
      this.pages[0] = doubled(this.pages[0]!, PAGE * RUN_WORDS);
    const page = this.pages[p]!;
    const at = (k & MASK) * RUN_WORDS;
    page[at] = i;
    page[at + 1] = origin;
    // −0 passes `>>>` as an integer, but would read back as 0.
    if (line >>> 0 === line && line !== ODD_LINE && (line !== 0 || 1 / line > 0)) page[at + 2] = line;
    else {
      page[at + 2] = ODD_LINE;
      this.oddLines.set(k, line);
    }
    this.count = k + 1;
  }

  private rewrite(i: number, origin: number, line: number): void {
    const k = this.runOf(i);
    if (this.runOrigin(k) === origin && Object.is(this.runLine(k, i), line)) {
      // Back to what the runs say: nothing aside (its slot stays taken until the runs are made anew).
      this.rewritten.delete(i);
      return;
    }
    let s = this.rewritten.get(i);
    if (s === undefined) {
      s = this.slots++;
      if (s === this.rewriteLine.length) {
        this.rewriteOrigin = doubled(this.rewriteOrigin);
        this.rewriteLine = doubled(this.rewriteLine);
      }
      this.rewritten.set(i, s);
    }
    this.rewriteOrigin[s] = origin;
    this.rewriteLine[s] = line;
    if (this.slots >= Math.max(REWRITES_MIN, this.end >>> 5)) this.remake();
  }

  /**
   * Makes the runs anew with the rows written again in them: between two such rows, the old runs
   * in pieces, each appended as a run or going on with the last; then the row written again.
   */
  private remake(): void {
    const again = Uint32Array.from(this.rewritten.keys()).sort();
    const fresh = new SourceRuns();
    let i = 0;
    for (let r = 0; r <= again.length; r++) {
      const stop = r < again.length ? again[r]! : this.end;
      while (i < stop) {
        const k = this.runOf(i);
        fresh.append(i, this.runOrigin(k), this.runLine(k, i));
        // The rest of the piece goes on in that run (a run of an odd line is one row).
        if (fresh.word(fresh.count - 1, 2) !== ODD_LINE)
          fresh.end = Math.min(stop, k + 1 < this.count ? this.word(k + 1, 0) : this.end);
        i = fresh.end;
      }
      if (r < again.length) {
        const s = this.rewritten.get(stop)!;
        fresh.append(stop, this.rewriteOrigin[s]!, this.rewriteLine[s]!);
        i = stop + 1;
      }
    }
    for (const p of this.pages) freeNow(p);
    freeNow(this.rewriteOrigin);
    freeNow(this.rewriteLine);
    Object.assign(this, fresh);
  }
}

/** A copy of `a` twice as long (`limit` values at most), `a` itself freed. */
function doubled<T extends Uint32Array | Float64Array>(a: T, limit = Infinity): T {
  const wide = new (a.constructor as new (n: number) => T)(Math.min(a.length * 2, limit));
  wide.set(a);
  freeNow(a);
  return wide;
}

const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;

/**
 * Days as small indices: each distinct yyyy-mm-dd gets the next (a store sees a few thousand days
 * at most), with its text and its number (days since 1970-01-01), so that a row holds 1 or 2 bytes.
 */
export class Days {
  private readonly index = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly numbers: number[] = [];
  /** The last day asked for: rows come in runs of one day. */
  private lastText: string | null = null;
  private lastIndex = -1;

  /** The index of `day` (yyyy-mm-dd, a calendar day). */
  of(day: string): number {
    if (day === this.lastText) return this.lastIndex;
    let k = this.index.get(day);
    if (k === undefined) {
      const m = DAY.exec(day);
      if (!m) throw new Error(`day ${day} is not yyyy-mm-dd`);
      // setUTCFullYear, not Date.UTC: that takes years 0 … 99 for 1900 … 1999.
      const d = new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
      if (new Date(d * MS_PER_DAY).toISOString().slice(0, 10) !== day)
        throw new Error(`day ${day} is not a calendar day`);
      k = this.texts.length;
      // A copy: a day sliced from a read buffer would keep the whole buffer alive.
      const own = (' ' + day).slice(1);
      this.texts.push(own);
      this.numbers.push(d);
      this.index.set(own, k);
    }
    this.lastText = day;
    this.lastIndex = k;
    return k;
  }

  text(k: number): string {
    return this.texts[k]!;
  }

  /** Days since 1970-01-01. */
  number(k: number): number {
    return this.numbers[k]!;
  }
}

/** Where rows came from: a file and its export time, numbered; many rows share one. */
export class Origins {
  private readonly list: { readonly file: string; readonly exportedAt: number | null }[] = [];
  private readonly index = new Map<string, number>();

  /** The last origin asked for: rows of one file come one after another. */
  private last = -1;

  of(file: string, exportedAt: number | null): number {
    const l = this.list[this.last];
    if (l && l.file === file && l.exportedAt === exportedAt) return this.last;
    const key = `${exportedAt ?? ''}\u0000${file}`;
    let o = this.index.get(key);
    if (o === undefined) {
      o = this.list.length;
      this.list.push({ file, exportedAt });
      this.index.set(key, o);
    }
    this.last = o;
    return o;
  }

  file(o: number): string {
    return this.list[o]!.file;
  }

  exportedAt(o: number): number | null {
    return this.list[o]!.exportedAt;
  }
}
