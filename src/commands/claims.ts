/**
 * The chunks of a big order file's later part, shared out between two threads as they go: this one
 * reads on from the front, chunk after chunk, while the second takes chunks from the back once its
 * own files are read, until they meet. Whichever thread is slower that run (bigger tables, another
 * file mix, a busy machine) simply takes fewer chunks, where a cut fixed beforehand leaves one
 * thread waiting for the other. Both ends sit in one shared word (front in the low 16 bits, back in
 * the high ones), moved by compare-and-swap: a chunk is taken once, by one thread.
 */
const LOW = 0xffff;
/** Chunks one word can count. */
export const MAX_CHUNKS = 0x7fff;

export class Claims {
  private readonly word: Int32Array;

  /** Over `shared` as made by `Claims.over(n)` (the second thread gets the same buffer). */
  constructor(readonly shared: SharedArrayBuffer) {
    this.word = new Int32Array(shared);
  }

  /** `chunks` chunks, none taken. */
  static over(chunks: number): Claims {
    if (!Number.isInteger(chunks) || chunks < 0 || chunks > MAX_CHUNKS)
      throw new RangeError(`chunks out of range: ${chunks}`);
    const claims = new Claims(new SharedArrayBuffer(4));
    Atomics.store(claims.word, 0, chunks << 16);
    return claims;
  }

  /** The first chunk not yet taken, now taken from the front; -1 when none is left. */
  front(): number {
    return this.take((lo, hi) => [lo + 1, hi])?.lo ?? -1;
  }

  /**
   * The last chunks not yet taken, now taken from the back: `share` of those left (at least one), as
   * the range `first` … `end` - 1; null when none is left. Taking a share of what is left makes few,
   * big ranges while much is left and single chunks near the meeting point.
   */
  back(share: number): { readonly first: number; readonly end: number } | null {
    const t = this.take((lo, hi) => [lo, hi - Math.max(1, Math.floor((hi - lo) * share))]);
    return t && { first: t.to[1], end: t.hi };
  }

  /**
   * Moves the ends to where `next` puts them, by compare-and-swap (again if the other thread moved
   * them meanwhile): the ends before, and after; null when none is left to take.
   */
  private take(
    next: (lo: number, hi: number) => readonly [number, number],
  ): { readonly lo: number; readonly hi: number; readonly to: readonly [number, number] } | null {
    for (;;) {
      const w = Atomics.load(this.word, 0);
      const [lo, hi] = [w & LOW, w >>> 16];
      if (lo >= hi) return null;
      const to = next(lo, hi);
      if (Atomics.compareExchange(this.word, 0, w, (to[1] << 16) | to[0]) === w) return { lo, hi, to };
    }
  }

  /** How many chunks the front took (the back took the others, or will). */
  get taken(): number {
    return Atomics.load(this.word, 0) & LOW;
  }
}
