/**
 * Ids held compactly: a shop has millions of 子订单编号, and a JS string per id costs about 40 bytes
 * plus a Map slot. Douyin's ids are 19 digits, which fit an unsigned 64-bit integer: those are kept as
 * two 32-bit halves in an open-addressing table. Any other id (letters, a leading zero, too long:
 * 运费险 policy keys are two 20-digit numbers) is kept as its bytes in an arena, hashed into the same
 * table; only ids beyond Latin-1 fall back to a Map. Ids are text: "0306703" and "306703" are
 * different ids, so only digit strings without a leading zero go the numeric way, and every id reads
 * back exactly as given.
 */
import { U32Column } from './columns.js';

const TWO_32 = 4294967296;
/** Numeric ids below this read back with plain number arithmetic. */
const TWO_53 = 9007199254740992;
const NO_SLOT = -1;
const E7 = 10_000_000;
/** `hi` of an index whose id is text; its `lo` is then its arena position, or TEXT for the Map. */
const TEXT = 0xffffffff;
const ARENA_PAGE_BITS = 20;
const ARENA_PAGE = 1 << ARENA_PAGE_BITS;
/** Longest id kept in the arena (its length takes two bytes). */
const ARENA_MAX = 0xffff;

/**
 * The two 32-bit halves of a digit string without a leading zero, or false when it is not one or
 * its high half would be all ones (that marks text: values from 2^64 − 2^32 on). Exact: each step
 * stays below 2^36.
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
  if (hi === TEXT) return false;
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

/** FNV-1a of an id's code units, or -1 when one is beyond Latin-1 (such ids go to the Map). */
function textHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c > 0xff) return -1;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return mix(h >>> 0, id.length);
}

/** `textHash` of the n bytes of a Latin-1 id stored from `at` in `page`. */
function bytesHash(page: Uint8Array, at: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ page[at + i]!, 0x01000193);
  return mix(h >>> 0, n);
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
  /** Indices by hash, numeric and arena ids alike; load factor at most 1/2. */
  private slots = new Int32Array(1024).fill(NO_SLOT);
  private hashed = 0;
  /** Text ids' bytes, each after its length in two bytes; an id never straddles two pages. */
  private readonly arena: Uint8Array[] = [];
  private arenaEnd = 0;
  /** Ids beyond Latin-1: a Map, and the id of each such index. */
  private readonly text = new Map<string, number>();
  private readonly textOf: string[] = [];
  private count = 0;
  private readonly halves = new Uint32Array(2);
  /** The last id `find` looked up and its slot: the merge finds a key, then keeps it. */
  private lastId: string | null = null;
  private lastSlot = 0;
  private lastHash = 0;

  get size(): number {
    return this.count;
  }

  /** The index of `id`, or -1 when it is not in the table. */
  find(id: string): number {
    const h = this.halves;
    let slot: number;
    let hash = 0;
    if (numericHalves(id, h)) slot = this.probe(h[0]!, h[1]!);
    else {
      hash = textHash(id);
      if (hash < 0 || id.length > ARENA_MAX) return this.text.get(id) ?? -1;
      slot = this.probeText(id, hash);
    }
    this.lastId = id;
    this.lastSlot = slot;
    this.lastHash = hash;
    return this.slots[slot]!;
  }

  /** The index here of id `j` of another table, or -1 (no text round trip for numeric ids). */
  findFrom(other: IdTable, j: number): number {
    const [hi, lo] = [other.hi.get(j), other.lo.get(j)];
    if (hi === TEXT) return this.find(other.idOf(j));
    return this.slots[this.probe(hi, lo)]!;
  }

  /** The index of `id`, added when new (then it is `size - 1` after the call). */
  intern(id: string): number {
    if (id !== this.lastId) this.find(id);
    const found = this.slots[this.lastSlot]!;
    if (this.lastId !== id) {
      // Beyond Latin-1 or too long for the arena: `find` left it to the Map.
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
    if (found !== NO_SLOT) return found;
    const i = this.count++;
    const h = this.halves;
    const numeric = numericHalves(id, h);
    if (numeric) {
      this.hi.set(i, h[0]!);
      this.lo.set(i, h[1]!);
    } else {
      this.hi.set(i, TEXT);
      this.lo.set(i, this.store(id));
    }
    let slot = this.lastSlot;
    if ((this.hashed + 1) * 2 > this.slots.length) {
      this.grow();
      slot = numeric ? this.probe(h[0]!, h[1]!) : this.probeText(id, this.lastHash);
    }
    this.slots[slot] = i;
    this.hashed++;
    this.lastId = null;
    return i;
  }

  /** The id of an index, exactly as it was given. */
  idOf(i: number): string {
    const hi = this.hi.get(i);
    const lo = this.lo.get(i);
    if (hi !== TEXT) return numericText(hi, lo);
    if (lo === TEXT) return this.textOf[i]!;
    const page = this.arena[lo >>> ARENA_PAGE_BITS]!;
    const at = lo & (ARENA_PAGE - 1);
    const n = page[at]! | (page[at + 1]! << 8);
    return String.fromCharCode(...page.subarray(at + 2, at + 2 + n));
  }

  /** Compares two ids as strings (code units), as the rules order lines by 子订单编号. */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    const [ha, la, hb, lb] = [this.hi.get(a), this.lo.get(a), this.hi.get(b), this.lo.get(b)];
    // Digit strings of one length, without leading zeros, compare as their values.
    if (ha !== TEXT && hb !== TEXT && digits(ha, la) === digits(hb, lb))
      return ha !== hb ? (ha < hb ? -1 : 1) : la < lb ? -1 : la > lb ? 1 : 0;
    const [sa, sb] = [this.idOf(a), this.idOf(b)];
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }

  /** Appends a Latin-1 id to the arena; returns its position. */
  private store(id: string): number {
    const n = id.length;
    let at = this.arenaEnd & (ARENA_PAGE - 1);
    if (this.arena.length === 0 || at + 2 + n > ARENA_PAGE) {
      this.arena.push(new Uint8Array(ARENA_PAGE));
      this.arenaEnd = (this.arena.length - 1) * ARENA_PAGE;
      at = 0;
    }
    const page = this.arena[this.arena.length - 1]!;
    page[at] = n & 0xff;
    page[at + 1] = n >>> 8;
    for (let k = 0; k < n; k++) page[at + 2 + k] = id.charCodeAt(k);
    const pos = this.arenaEnd;
    this.arenaEnd += 2 + n;
    return pos;
  }

  /** `textHash` of the arena id at `pos`, from its bytes. */
  private storedHash(pos: number): number {
    const page = this.arena[pos >>> ARENA_PAGE_BITS]!;
    const at = pos & (ARENA_PAGE - 1);
    return bytesHash(page, at + 2, page[at]! | (page[at + 1]! << 8));
  }

  /** The arena id at `pos` equals `id`. */
  private storedIs(pos: number, id: string): boolean {
    const page = this.arena[pos >>> ARENA_PAGE_BITS]!;
    const at = pos & (ARENA_PAGE - 1);
    const n = id.length;
    if ((page[at]! | (page[at + 1]! << 8)) !== n) return false;
    for (let k = 0; k < n; k++) if (page[at + 2 + k] !== id.charCodeAt(k)) return false;
    return true;
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

  private probeText(id: string, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = hash & mask;
    for (;;) {
      const i = slots[s]!;
      if (i === NO_SLOT || (this.hi.get(i) === TEXT && this.storedIs(this.lo.get(i), id))) return s;
      s = (s + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(NO_SLOT);
    const mask = this.slots.length - 1;
    for (const i of old) {
      if (i === NO_SLOT) continue;
      const [hi, lo] = [this.hi.get(i), this.lo.get(i)];
      let s = (hi === TEXT ? this.storedHash(lo) : mix(hi, lo)) & mask;
      while (this.slots[s] !== NO_SLOT) s = (s + 1) & mask;
      this.slots[s] = i;
    }
  }
}
