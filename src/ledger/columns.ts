/**
 * Growable typed columns for per-line state: one number per line, in pages of 64 Ki values, so that
 * growing never copies (a doubling array would need old + new at once, 3× the data) and never
 * leaves more than one page unused.
 */
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

type Typed = Float64Array | Uint32Array | Int32Array | Uint8Array;

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

export class U32Column extends Column<Uint32Array> {
  protected page(): Uint32Array {
    return new Uint32Array(PAGE);
  }
}

export class I32Column extends Column<Int32Array> {
  protected page(): Int32Array {
    return new Int32Array(PAGE);
  }
}

export class U8Column extends Column<Uint8Array> {
  protected page(): Uint8Array {
    return new Uint8Array(PAGE);
  }
}

const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;

/** Days as numbers (days since 1970-01-01) and back: a day per row would be a string per row. */
export class DayNumbers {
  private readonly numbers = new Map<string, number>();
  private readonly texts = new Map<number, string>();

  number(day: string): number {
    let d = this.numbers.get(day);
    if (d === undefined) {
      const m = DAY.exec(day);
      if (!m) throw new Error(`day ${day} is not yyyy-mm-dd`);
      d = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
      if (this.text(d) !== day) throw new Error(`day ${day} is not a calendar day`);
      this.numbers.set(day, d);
    }
    return d;
  }

  text(d: number): string {
    let t = this.texts.get(d);
    if (t === undefined) {
      t = new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
      this.texts.set(d, t);
    }
    return t;
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
