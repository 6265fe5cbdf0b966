/**
 * Sums by cell index for one day, in the order cells first came: what ads land on (build.ts). A year of
 * a big shop has millions of cell-days; a Map of numbers costs about 40 bytes each (entry, bucket and
 * room to grow), these typed columns about 22: the sums in first-seen order, and an open-addressing
 * table of their places.
 */
const MIN_SLOTS = 8;

export class CellSums {
  /** Place + 1 of each cell, by the cell's hash; 0 when empty. At most 7/8 full. */
  private slots = new Int32Array(MIN_SLOTS);
  private cellAt = new Int32Array(MIN_SLOTS);
  private sumAt = new Float64Array(MIN_SLOTS);
  private count = 0;
  /** Packed once: a day that comes back is not packed again. */
  private packedOnce = false;
  /** While packed (else null): the cells and their sums, in the narrowest arrays that hold them. */
  private packedCells: Int32Array | Uint16Array | null = null;
  private packedSums: Float64Array | Int32Array | null = null;

  get size(): number {
    return this.count;
  }

  /**
   * Holds the sums in as little as they need, without the table that finds them: 6 bytes a cell when
   * its index fits 16 bits and its sum 32 (fen), else up to 12. The lines of a day mostly come
   * together, and a year has millions of cell-days. A later `add` unpacks, once: a day that comes
   * back is not packed again.
   */
  pack(): void {
    if (this.packedOnce) return;
    this.packedOnce = true;
    const n = this.count;
    const [cells, sums] = [this.cellAt.subarray(0, n), this.sumAt.subarray(0, n)];
    let [cellsFit, sumsFit] = [true, true];
    for (let at = 0; at < n; at++) {
      if (cells[at]! > 0xffff) cellsFit = false;
      const v = sums[at]!;
      if ((v | 0) !== v || Object.is(v, -0)) sumsFit = false;
    }
    this.packedCells = cellsFit ? Uint16Array.from(cells) : cells.slice();
    this.packedSums = sumsFit ? Int32Array.from(sums) : sums.slice();
    this.cellAt = new Int32Array(0);
    this.sumAt = new Float64Array(0);
    this.slots = new Int32Array(0);
  }

  /** Adds `amount` to the cell's sum (a new cell starts from 0). */
  add(cell: number, amount: number): void {
    if (this.packedCells !== null) this.unpack();
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = slotOf(cell, mask);
    for (let w = slots[s]!; w !== 0; w = slots[s]!) {
      if (this.cellAt[w - 1] === cell) {
        this.sumAt[w - 1]! += amount;
        return;
      }
      s = (s + 1) & mask;
    }
    const at = this.count++;
    if (at === this.cellAt.length) {
      this.cellAt = grown(this.cellAt, new Int32Array(at * 2));
      this.sumAt = grown(this.sumAt, new Float64Array(at * 2));
    }
    this.cellAt[at] = cell;
    this.sumAt[at] = amount;
    slots[s] = at + 1;
    if (this.count * 8 > slots.length * 7) this.rehash(slots.length * 2);
  }

  /** Each cell and its sum, in the order the cells came. */
  forEach(visit: (sum: number, cell: number) => void): void {
    const [cells, sums] = [this.packedCells ?? this.cellAt, this.packedSums ?? this.sumAt];
    for (let at = 0; at < this.count; at++) visit(sums[at]!, cells[at]!);
  }

  private unpack(): void {
    let size = MIN_SLOTS;
    while (this.count * 8 > size * 7) size *= 2;
    const room = Math.max(MIN_SLOTS, this.count * 2);
    this.cellAt = new Int32Array(room);
    this.cellAt.set(this.packedCells!);
    this.sumAt = new Float64Array(room);
    this.sumAt.set(this.packedSums!);
    this.packedCells = this.packedSums = null;
    this.rehash(size * 2);
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let at = 0; at < this.count; at++) {
      let s = slotOf(this.cellAt[at]!, mask);
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = at + 1;
    }
    this.slots = slots;
  }
}

/** Where a cell's search starts: cell indices are dense, so they are spread by a multiplicative hash. */
function slotOf(cell: number, mask: number): number {
  const h = Math.imul(cell, 0x9e3779b1) >>> 0;
  return (h ^ (h >>> 15)) & mask;
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
