/**
 * Growable typed columns for per-line state: one number per line, in pages of 64 Ki values, so that
 * growing never copies (a doubling array would need old + new at once, 3× the data) and never
 * leaves more than one page unused. Each column reads back exactly what was written; the narrow ones
 * (`UintColumn`, `NumberColumn`) keep the common values in 1 to 4 bytes and never lose a rare one.
 */
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
}

/** Exact integers up to 2^53 (fen, counts, times). */
export class F64Column extends Column<Float64Array> {
  protected page(): Float64Array {
    return new Float64Array(PAGE);
  }
}

/** Integers 0 … 2^32 − 1 that mostly need all 32 bits (halves of ids, indices into millions). */
export class U32Column extends Column<Uint32Array> {
  protected page(): Uint32Array {
    return new Uint32Array(PAGE);
  }
}

type UintPage = Uint8Array | Uint16Array | Uint32Array;

/**
 * Integers 0 … 2^32 − 1 in the narrowest width that holds every value written so far: bytes until a
 * value needs more, then 16 bits, then 32 (units, cells, origins, day indices: mostly small). Widening
 * converts one page at a time, so it never holds the column twice.
 */
export class UintColumn {
  private pages: UintPage[] = [];
  /** The largest value the current width holds. */
  private limit = 0xff;

  get(i: number): number {
    return this.pages[i >>> PAGE_BITS]![i & MASK]!;
  }

  set(i: number, v: number): void {
    if (v > this.limit || v >>> 0 !== v) this.widen(v);
    const p = i >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(this.page());
    this.pages[p]![i & MASK] = v;
  }

  private page(): UintPage {
    const limit = this.limit;
    return limit === 0xff
      ? new Uint8Array(PAGE)
      : limit === 0xffff
        ? new Uint16Array(PAGE)
        : new Uint32Array(PAGE);
  }

  private widen(v: number): void {
    if (v >>> 0 !== v) throw new RangeError(`not an integer 0 … 2^32 − 1: ${v}`);
    this.limit = v > 0xffff ? 0xffffffff : 0xffff;
    for (let p = 0; p < this.pages.length; p++) {
      const wide = this.page();
      wide.set(this.pages[p]!);
      this.pages[p] = wide;
    }
  }
}

/** Marks a value kept aside (it is not an Int32, or it is this very value, or −0). */
const ASIDE = -2147483648;

/**
 * Any number, exactly, in 4 bytes when it is an Int32 (amounts in fen, line numbers); anything else
 * (beyond ±2^31, a fraction, −0, NaN) is kept aside in a Map, where it costs more but is rare.
 */
export class NumberColumn {
  private readonly pages: Int32Array[] = [];
  private readonly aside = new Map<number, number>();

  get(i: number): number {
    const v = this.pages[i >>> PAGE_BITS]![i & MASK]!;
    return v === ASIDE ? this.aside.get(i)! : v;
  }

  set(i: number, v: number): void {
    const p = i >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(new Int32Array(PAGE));
    const page = this.pages[p]!;
    const at = i & MASK;
    if ((v | 0) === v && v !== ASIDE && (v !== 0 || 1 / v > 0)) {
      if (page[at] === ASIDE) this.aside.delete(i);
      page[at] = v;
    } else {
      page[at] = ASIDE;
      this.aside.set(i, v);
    }
  }
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
