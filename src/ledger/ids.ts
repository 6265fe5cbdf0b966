/**
 * Ids held compactly: a shop has millions of 子订单编号, and a JS string per id costs about 40 bytes
 * plus a Map slot. Douyin's ids are 19 digits, which fit an unsigned 64-bit integer: those are kept as
 * two 32-bit halves in an open-addressing table; any other id (letters, a leading zero, too long)
 * takes the hashed path of a Map. Ids are text: "0306703" and "306703" are different ids, so only
 * digit strings without a leading zero go the numeric way, and every id reads back exactly as given.
 */
import { U32Column } from './columns.js';

const TWO_32 = 4294967296;
/** Numeric ids below this read back with plain number arithmetic. */
const TWO_53 = 9007199254740992;
const NO_SLOT = -1;
const E7 = 10_000_000;
/** Marks an index whose id is kept as a string. */
const TEXT = 0xffffffff;

/**
 * The two 32-bit halves of a digit string without a leading zero, or null when it is not one or does
 * not fit below 2^64 − 1 (all ones marks a text id). Exact: each step stays below 2^36.
 */
export function numericHalves(id: string, out: Uint32Array): boolean {
  const n = id.length;
  if (n === 0 || n > 20) return false;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < n; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (i === 0 && d === 0 && n > 1)) return false;
    const l = lo * 10 + d;
    const carry = Math.floor(l / TWO_32);
    lo = l - carry * TWO_32;
    hi = hi * 10 + carry;
    if (hi >= TWO_32) return false;
  }
  if (hi === TEXT && lo === TEXT) return false;
  out[0] = hi;
  out[1] = lo;
  return true;
}

/** The decimal text of a 64-bit value given as halves. */
export function numericText(hi: number, lo: number): string {
  const v = hi * TWO_32 + lo;
  if (v < TWO_53) return String(v);
  // hi·2^32 + lo in base-10^7 limbs (2^32 = 429·10^7 + 4967296): every product stays below 2^53.
  const [h0, h1] = [hi % E7, Math.floor(hi / E7)];
  let c = h0 * 4967296 + (lo % E7);
  const l0 = c % E7;
  c = (c - l0) / E7 + h0 * 429 + h1 * 4967296 + Math.floor(lo / E7);
  const l1 = c % E7;
  const l2 = (c - l1) / E7 + h1 * 429;
  return `${l2}${String(l1).padStart(7, '0')}${String(l0).padStart(7, '0')}`;
}

/** 10^k as 32-bit halves, k = 0 … 19. */
const POWERS: readonly (readonly [number, number])[] = Array.from({ length: 20 }, (_, k) => {
  const v = 10n ** BigInt(k);
  return [Number(v >> 32n), Number(v & 0xffffffffn)] as const;
});

/** Decimal digits of a 64-bit value given as halves. */
function digits(hi: number, lo: number): number {
  let k = 19;
  while (k > 0) {
    const [ph, pl] = POWERS[k]!;
    if (hi > ph || (hi === ph && lo >= pl)) break;
    k--;
  }
  return k + 1;
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi ^ 0xc2b2ae35, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** A set of ids, each given a dense index in the order first seen (0, 1, 2, …). */
export class IdTable {
  private readonly hi = new U32Column();
  private readonly lo = new U32Column();
  private slots = new Int32Array(1024).fill(NO_SLOT);
  private numeric = 0;
  private readonly text = new Map<string, number>();
  /** Text ids by index (holes where the id is numeric). */
  private readonly textOf: string[] = [];
  private count = 0;
  private readonly halves = new Uint32Array(2);
  /** The last numeric id `find` looked up and its slot: the merge finds a key, then keeps it. */
  private lastId: string | null = null;
  private lastSlot = 0;

  get size(): number {
    return this.count;
  }

  /** The index of `id`, or -1 when it is not in the table. */
  find(id: string): number {
    const h = this.halves;
    if (!numericHalves(id, h)) return this.text.get(id) ?? -1;
    const slot = this.probe(h[0]!, h[1]!);
    this.lastId = id;
    this.lastSlot = slot;
    return this.slots[slot]!;
  }

  /** The index here of id `j` of another table, or -1 (no text round trip for numeric ids). */
  findFrom(other: IdTable, j: number): number {
    const [hi, lo] = [other.hi.get(j), other.lo.get(j)];
    if (hi === TEXT && lo === TEXT) return this.text.get(other.textOf[j]!) ?? -1;
    return this.slots[this.probe(hi, lo)]!;
  }

  /** The index of `id`, added when new (then it is `size - 1` after the call). */
  intern(id: string): number {
    const h = this.halves;
    if (id === this.lastId) {
      // Found just before: the halves are still in `h` and the slot is still the one.
      const found = this.slots[this.lastSlot]!;
      if (found !== NO_SLOT) return found;
    } else if (!numericHalves(id, h)) {
      const known = this.text.get(id);
      if (known !== undefined) return known;
      const i = this.count++;
      this.hi.set(i, TEXT);
      this.lo.set(i, TEXT);
      // A copy: an id sliced from a read buffer would keep the whole buffer alive.
      const own = (' ' + id).slice(1);
      this.text.set(own, i);
      this.textOf[i] = own;
      return i;
    }
    const [hi, lo] = [h[0]!, h[1]!];
    let slot = this.probe(hi, lo);
    const found = this.slots[slot]!;
    if (found !== NO_SLOT) return found;
    if ((this.numeric + 1) * 2 > this.slots.length) {
      this.grow();
      slot = this.probe(hi, lo);
    }
    const i = this.count++;
    this.hi.set(i, hi);
    this.lo.set(i, lo);
    this.slots[slot] = i;
    this.lastId = null;
    this.numeric++;
    return i;
  }

  /** The id of an index, exactly as it was given. */
  idOf(i: number): string {
    const hi = this.hi.get(i);
    const lo = this.lo.get(i);
    if (hi === TEXT && lo === TEXT) return this.textOf[i]!;
    return numericText(hi, lo);
  }

  /** Compares two ids as strings (code units), as the rules order lines by 子订单编号. */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    const [ha, la, hb, lb] = [this.hi.get(a), this.lo.get(a), this.hi.get(b), this.lo.get(b)];
    const textual = (ha === TEXT && la === TEXT) || (hb === TEXT && lb === TEXT);
    // Digit strings of one length, without leading zeros, compare as their values.
    if (!textual && digits(ha, la) === digits(hb, lb))
      return ha !== hb ? (ha < hb ? -1 : 1) : la < lb ? -1 : la > lb ? 1 : 0;
    const [sa, sb] = [this.idOf(a), this.idOf(b)];
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }

  /** Bytes held (for the memory budget). */
  get bytes(): number {
    return this.hi.bytes + this.lo.bytes + this.slots.byteLength + this.text.size * 80;
  }

  private probe(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = mix(hi, lo) & mask;
    for (;;) {
      const i = slots[s]!;
      if (i === NO_SLOT || (this.lo.get(i) === lo && this.hi.get(i) === hi)) return s;
      s = (s + 1) & mask;
    }
  }

  private grow(): void {
    this.lastId = null;
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(NO_SLOT);
    const mask = this.slots.length - 1;
    for (const i of old) {
      if (i === NO_SLOT) continue;
      let s = mix(this.hi.get(i), this.lo.get(i)) & mask;
      while (this.slots[s] !== NO_SLOT) s = (s + 1) & mask;
      this.slots[s] = i;
    }
  }
}
