/**
 * Ids held compactly: a shop has millions of 子订单编号, and a JS string per id costs about 40 bytes
 * plus a Map slot. Douyin's ids are 19 digits, which fit an unsigned 64-bit integer: those are kept as
 * two 32-bit halves. Any other id (letters, a leading zero, too long: 运费险 policy keys are two
 * 20-digit numbers) is kept as its bytes in an arena, two digits a byte when it has only digits and a
 * few separators; only ids beyond Latin-1 fall back to a Map. Ids are text: "0306703" and "306703" are
 * different ids, so only digit strings without a leading zero go the numeric way, and every id reads
 * back exactly as given.
 *
 * An `IdTable` also finds ids: an open-addressing table of 4-byte slots, each holding an index and, in
 * the bits the index does not need, a tag of the id's hash, so that a probe reads an id's halves or
 * bytes only when the tag matches (the halves are elsewhere in memory: a cache miss each). The table
 * is at most 3/4 full and grows by half, rebuilt from the ids in index order rather than from the old
 * table, which is dropped first.
 */
import { freeNow, U32Column } from './columns.js';

const TWO_32 = 4294967296;
/** Numeric ids below this read back with plain number arithmetic. */
const TWO_53 = 9007199254740992;
const E7 = 10_000_000;
/** `hi` of an index whose id is text; its `lo` is then its arena position, or TEXT for the Map. */
const TEXT = 0xffffffff;
const ARENA_PAGE_BITS = 26;
const ARENA_PAGE = 1 << ARENA_PAGE_BITS;
/**
 * The arena's first page is 1 MiB (most tables hold few text ids); the next are 64 MiB, which malloc
 * maps each apart (its threshold stops at 32 MiB) and the kernel backs only as they fill: a page
 * freed is returned at once, whichever thread made it (the premiums' policies once booked).
 */
const FIRST_ARENA_PAGE = 1 << 20;
const arenaPageBytes = (k: number): number => (k === 0 ? FIRST_ARENA_PAGE : ARENA_PAGE);
/** Longest id kept in the arena: its length takes 15 bits of its two-byte head. */
const ARENA_MAX = 0x7fff;
/** Set in the head of an arena id held two characters a byte. */
const PACKED = 0x8000;
/** The characters of packed ids, by their 4-bit code. */
const PACK_CHARS = '0123456789/-_.: ';
/** The 4-bit code of a character (by its code unit below 256), or -1. */
const PACK_CODE = new Int8Array(256).fill(-1);
for (let k = 0; k < PACK_CHARS.length; k++) PACK_CODE[PACK_CHARS.charCodeAt(k)] = k;
const PACK_UNIT = Uint8Array.from(PACK_CHARS, (c) => c.charCodeAt(0));

/** How an id is held: halves, arena bytes, or the Map. */
const NUMERIC = 0;
const ARENA = 1;
const ODD = 2;

/**
 * The two 32-bit halves of a digit string without a leading zero, or false when it is not one or
 * its high half would be all ones (that marks text: values from 2^64 − 2^32 on). Exact: the first 15
 * digits make one number below 2^50, the last 5 are added to its low half (below 2^53).
 */
export function numericHalves(id: string, out: Uint32Array): boolean {
  const n = id.length;
  if (n === 0 || n > 20 || (n > 1 && id.charCodeAt(0) === 48)) return false;
  const head = n > 15 ? 15 : n;
  let a = 0;
  for (let i = 0; i < head; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    a = a * 10 + d;
  }
  let b = 0;
  let scale = 1;
  for (let i = head; i < n; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    b = b * 10 + d;
    scale *= 10;
  }
  const ah = Math.floor(a / TWO_32);
  const m = (a - ah * TWO_32) * scale + b;
  const carry = Math.floor(m / TWO_32);
  const hi = ah * scale + carry;
  if (hi >= TEXT) return false;
  out[0] = hi;
  out[1] = m - carry * TWO_32;
  return true;
}

/** The decimal text of a 64-bit value given as halves. */
export function numericText(hi: number, lo: number): string {
  const v = hi * TWO_32 + lo;
  if (v < TWO_53) return String(v);
  // hi·2^32 + lo in base-10^7 limbs (2^32 = 429·10^7 + 4967296): every product stays below 2^53, and
  // each limb is a small integer, which V8 turns into text faster than a larger number.
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

function latin1(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) > 0xff) return false;
  return true;
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi ^ 0xc2b2ae35, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Ids by dense index (0, 1, 2, …), each read back exactly as given: what tables and lists share. */
export abstract class Ids {
  protected readonly hi = new U32Column();
  protected readonly lo = new U32Column();
  /** Text ids: a two-byte head (length, PACKED) then the bytes; an id never straddles two pages. */
  private readonly arena: Uint8Array[] = [];
  private arenaEnd = 0;
  /** Ids beyond Latin-1 or too long for the arena, by index. */
  private readonly odd = new Map<number, string>();
  protected count = 0;

  get size(): number {
    return this.count;
  }

  /** The id of an index, exactly as it was given. */
  idOf(i: number): string {
    const hi = this.hi.get(i);
    const lo = this.lo.get(i);
    if (hi !== TEXT) return numericText(hi, lo);
    if (lo === TEXT) return this.odd.get(i)!;
    const page = this.arena[lo >>> ARENA_PAGE_BITS]!;
    const at = (lo & (ARENA_PAGE - 1)) + 2;
    const head = page[at - 2]! | (page[at - 1]! << 8);
    const n = head & ARENA_MAX;
    if ((head & PACKED) === 0) return String.fromCharCode(...page.subarray(at, at + n));
    const units = new Uint8Array(n);
    for (let k = 0; k < n; k++) units[k] = PACK_UNIT[(page[at + (k >>> 1)]! >>> ((k & 1) << 2)) & 15]!;
    return String.fromCharCode(...units);
  }

  /**
   * Frees the halves of ids below `end`, which are never read again (a log being replayed; text ids
   * stay in their arena).
   */
  release(end: number): void {
    this.hi.release(end);
    this.lo.release(end);
  }

  /** Frees every id: none reads back from then on (the premiums' policies, once booked). */
  drop(): void {
    this.hi.free();
    this.lo.free();
    for (const page of this.arena) freeNow(page);
    this.arena.length = 0;
    this.odd.clear();
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

  /** The high half of id j of `ids`, TEXT for text ids. */
  protected static hiOf(ids: Ids, j: number): number {
    return ids.hi.get(j);
  }

  protected static loOf(ids: Ids, j: number): number {
    return ids.lo.get(j);
  }

  /** Writes a text id as index i, in the arena or (ODD) the Map. */
  protected putText(i: number, id: string, how: typeof ARENA | typeof ODD): void {
    this.hi.set(i, TEXT);
    if (how === ARENA) this.lo.set(i, this.store(id));
    else {
      this.lo.set(i, TEXT);
      // A copy: an id sliced from a read buffer would keep the whole buffer alive.
      this.odd.set(i, (' ' + id).slice(1));
    }
  }

  /** Forgets the Map's id of index i, about to be overwritten. */
  protected unputText(i: number): void {
    if (this.hi.get(i) === TEXT && this.lo.get(i) === TEXT) this.odd.delete(i);
  }

  /** Appends a Latin-1 id to the arena; returns its position. */
  private store(id: string): number {
    const n = id.length;
    let packed = true;
    for (let k = 0; k < n && packed; k++) packed = PACK_CODE[id.charCodeAt(k)]! >= 0;
    const size = packed ? (n + 1) >>> 1 : n;
    let at = this.arenaEnd & (ARENA_PAGE - 1);
    if (this.arena.length === 0 || at + 2 + size > arenaPageBytes(this.arena.length - 1)) {
      this.arena.push(new Uint8Array(arenaPageBytes(this.arena.length)));
      this.arenaEnd = (this.arena.length - 1) * ARENA_PAGE;
      at = 0;
    }
    const page = this.arena[this.arena.length - 1]!;
    const head = packed ? n | PACKED : n;
    page[at] = head & 0xff;
    page[at + 1] = head >>> 8;
    if (packed) {
      for (let k = 0; k < n; k += 2) {
        const high = k + 1 < n ? PACK_CODE[id.charCodeAt(k + 1)]! << 4 : 0;
        page[at + 2 + (k >>> 1)] = PACK_CODE[id.charCodeAt(k)]! | high;
      }
    } else for (let k = 0; k < n; k++) page[at + 2 + k] = id.charCodeAt(k);
    const pos = this.arenaEnd;
    this.arenaEnd += 2 + size;
    return pos;
  }

  /** `textHash` of the arena id at `pos`. */
  protected storedHash(pos: number): number {
    const page = this.arena[pos >>> ARENA_PAGE_BITS]!;
    const at = (pos & (ARENA_PAGE - 1)) + 2;
    const head = page[at - 2]! | (page[at - 1]! << 8);
    const n = head & ARENA_MAX;
    let h = 0x811c9dc5;
    if ((head & PACKED) === 0) for (let k = 0; k < n; k++) h = Math.imul(h ^ page[at + k]!, 0x01000193);
    else
      for (let k = 0; k < n; k++) {
        const c = PACK_UNIT[(page[at + (k >>> 1)]! >>> ((k & 1) << 2)) & 15]!;
        h = Math.imul(h ^ c, 0x01000193);
      }
    return mix(h >>> 0, n);
  }

  /** The arena id at `pos` equals `id`. */
  protected storedIs(pos: number, id: string): boolean {
    const page = this.arena[pos >>> ARENA_PAGE_BITS]!;
    const at = (pos & (ARENA_PAGE - 1)) + 2;
    const head = page[at - 2]! | (page[at - 1]! << 8);
    const n = id.length;
    if ((head & ARENA_MAX) !== n) return false;
    if ((head & PACKED) === 0) {
      for (let k = 0; k < n; k++) if (page[at + k] !== id.charCodeAt(k)) return false;
    } else
      for (let k = 0; k < n; k++)
        if (PACK_UNIT[(page[at + (k >>> 1)]! >>> ((k & 1) << 2)) & 15] !== id.charCodeAt(k)) return false;
    return true;
  }
}

/** Ids by index, written in place (an index per row, no lookup): the targets of premiums. */
export class IdList extends Ids {
  private readonly halves = new Uint32Array(2);

  /** Makes `id` the id of index i: a new index when i is `size`, else the one there is replaced. */
  set(i: number, id: string): void {
    if (i < this.count) this.unputText(i);
    else if (i === this.count) this.count++;
    else throw new RangeError(`id list: index ${i} beyond its ${this.count} ids`);
    const h = this.halves;
    if (numericHalves(id, h)) {
      this.hi.set(i, h[0]!);
      this.lo.set(i, h[1]!);
    } else this.putText(i, id, id.length <= ARENA_MAX && latin1(id) ? ARENA : ODD);
  }
}

const MIN_CAPACITY = 1024;
const MAX_LOAD = 0.75;

/** A set of ids, each given a dense index in the order first seen (0, 1, 2, …). */
export class IdTable extends Ids {
  /** 0 when empty, else the hash's low bits above the index + 1 (see `bits`). */
  private slots = new Int32Array(MIN_CAPACITY);
  /** Slot of a hash: its fraction of 2^32 times the capacity. */
  private scale = MIN_CAPACITY / TWO_32;
  /** Width of the index + 1 in a slot (2^bits exceeds twice the size when built), the rest being the tag. */
  private bits = 32 - Math.clz32(MIN_CAPACITY);
  /** 2^bits: an index + 1 must stay below it. */
  private indices = 2 ** this.bits;
  /** Ids in slots (all but the Map's), and how many fit before the table grows. */
  private hashed = 0;
  private room = MIN_CAPACITY * MAX_LOAD;
  /** Ids beyond Latin-1 or too long for the arena. */
  private readonly text = new Map<string, number>();
  private readonly halves = new Uint32Array(2);
  /** The last id looked up or added, and its index: the merge finds a key, then keeps it. */
  private lastId: string | null = null;
  private lastFound = -1;
  private lastHow = NUMERIC;
  private lastSlot = 0;
  private lastHash = 0;
  private lastHi = 0;
  private lastLo = 0;
  /** `forget` was called: no id may be looked up. */
  private forgotten = false;

  /** The index of `id`, or -1 when it is not in the table. */
  find(id: string): number {
    if (this.forgotten) throw new Error('id table: looked up after its table was freed');
    const h = this.halves;
    let found: number;
    if (numericHalves(id, h)) found = this.findHalves(h[0]!, h[1]!);
    else {
      const hash = textHash(id);
      if (hash < 0 || id.length > ARENA_MAX) {
        found = this.text.get(id) ?? -1;
        this.lastHow = ODD;
      } else {
        found = this.probeText(id, hash);
        this.lastHow = ARENA;
        this.lastHash = hash;
      }
    }
    this.lastId = id;
    this.lastFound = found;
    return found;
  }

  /** The index here of id `j` of other ids, or -1 (no text round trip for numeric ids). */
  findFrom(other: Ids, j: number): number {
    if (this.forgotten) throw new Error('id table: looked up after its table was freed');
    const hi = Ids.hiOf(other, j);
    if (hi === TEXT) return this.find(other.idOf(j));
    this.lastId = null;
    return this.findHalves(hi, Ids.loOf(other, j));
  }

  /** The index of the numeric id with these halves, or -1; what `append` needs is left behind. */
  private findHalves(hi: number, lo: number): number {
    this.lastHow = NUMERIC;
    this.lastHash = mix(hi, lo);
    this.lastHi = hi;
    this.lastLo = lo;
    return this.probe(this.lastHash, hi, lo);
  }

  /** Frees the table that finds ids: from now on ids are only read by index (`idOf`). */
  forget(): void {
    freeNow(this.slots);
    this.slots = new Int32Array(0);
    this.forgotten = true;
    this.lastId = null;
  }

  /** The index of `id`, added when new (then it is `size - 1` after the call). */
  intern(id: string): number {
    const found = id === this.lastId ? this.lastFound : this.find(id);
    if (found >= 0) return found;
    return this.append(id);
  }

  /** The index here of id `j` of other ids, added when new (no text round trip for numeric ids). */
  internFrom(other: Ids, j: number): number {
    const found = this.findFrom(other, j);
    if (found >= 0) return found;
    return Ids.hiOf(other, j) === TEXT ? this.intern(other.idOf(j)) : this.append(null);
  }

  /** Adds the id just looked up and not found: the lookup left how and where it goes. */
  private append(id: string | null): number {
    const i = this.count++;
    const how = this.lastHow;
    if (how === ODD) {
      this.putText(i, id!, ODD);
      this.text.set(this.idOf(i), i);
    } else {
      if (how === NUMERIC) {
        this.hi.set(i, this.lastHi);
        this.lo.set(i, this.lastLo);
      } else this.putText(i, id!, ARENA);
      if (++this.hashed > this.room || i + 1 >= this.indices) this.rebuild();
      else this.slots[this.lastSlot] = (this.lastHash << this.bits) | (i + 1);
    }
    // The next id is often this one again (the lines of one order come together).
    this.lastFound = i;
    return i;
  }

  /** Index of the id with these halves, or -1 (`lastSlot`: its slot, or the empty one it would take). */
  private probe(hash: number, hi: number, lo: number): number {
    const { slots, bits } = this;
    const capacity = slots.length;
    const tags = -1 << bits;
    const index = ~tags;
    const want = hash << bits;
    let s = Math.floor(hash * this.scale);
    for (;;) {
      const w = slots[s]!;
      if (w === 0) break;
      if ((w & tags) === want) {
        const i = (w & index) - 1;
        if (this.lo.get(i) === lo && this.hi.get(i) === hi) {
          this.lastSlot = s;
          return i;
        }
      }
      if (++s === capacity) s = 0;
    }
    this.lastSlot = s;
    return -1;
  }

  private probeText(id: string, hash: number): number {
    const { slots, bits } = this;
    const capacity = slots.length;
    const tags = -1 << bits;
    const index = ~tags;
    const want = hash << bits;
    let s = Math.floor(hash * this.scale);
    for (;;) {
      const w = slots[s]!;
      if (w === 0) break;
      if ((w & tags) === want) {
        const i = (w & index) - 1;
        if (this.hi.get(i) === TEXT && this.storedIs(this.lo.get(i), id)) {
          this.lastSlot = s;
          return i;
        }
      }
      if (++s === capacity) s = 0;
    }
    this.lastSlot = s;
    return -1;
  }

  /**
   * Makes room for `n` ids in all at once (a file's ids, estimated from its size): the table is not
   * rebuilt again and again as it grows, each time reading every id so far (a miss in memory each).
   */
  reserve(n: number): void {
    if (this.forgotten || !(n / MAX_LOAD > this.slots.length)) return;
    this.rebuild(n);
  }

  /**
   * A new table with room for half as many ids again (or `atLeast` ids), filled from the ids in
   * index order.
   */
  private rebuild(atLeast = 0): void {
    const capacity = Math.max(
      MIN_CAPACITY,
      Math.ceil(this.hashed * 2),
      this.slots.length,
      Math.ceil(atLeast / MAX_LOAD) + 1,
    );
    const bits = 32 - Math.clz32(Math.max(MIN_CAPACITY, this.count * 2, Math.min(atLeast, 2 ** 30) * 2));
    // The old table goes first (its memory too): the ids themselves say where each goes.
    freeNow(this.slots);
    this.slots = new Int32Array(0);
    const slots = new Int32Array(capacity);
    const scale = capacity / TWO_32;
    for (let i = 0; i < this.count; i++) {
      const hi = this.hi.get(i);
      const lo = this.lo.get(i);
      if (hi === TEXT && lo === TEXT) continue;
      const hash = hi === TEXT ? this.storedHash(lo) : mix(hi, lo);
      let s = Math.floor(hash * scale);
      while (slots[s] !== 0) if (++s === capacity) s = 0;
      slots[s] = (hash << bits) | (i + 1);
    }
    this.slots = slots;
    this.scale = scale;
    this.bits = bits;
    this.indices = 2 ** bits;
    this.room = Math.floor(capacity * MAX_LOAD);
  }
}
