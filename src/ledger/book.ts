/**
 * Books the merged facts as entries: one per money movement, each with its keys and source.
 * Rules: docs/rules.md. Pure: no I/O, no clock.
 */
import { allocate } from './allocate.js';
import { freeNow } from './columns.js';
import type { Diagnostic, SourceLocation } from './diagnostics.js';
import { CommissionStore, PremiumStore } from './fact-stores.js';
import type { Entry, EntryKind, Fen } from './entry.js';
import type {
  AdSpendFact,
  CommissionFact,
  Fact,
  FixedCostFact,
  OrderLineFact,
  PremiumFact,
  Settings,
  UnitCostFact,
} from './facts.js';
import { commissionRule, orderLineRule, premiumRule } from './keys.js';
import { LineStore, type KeptFacts } from './line-store.js';
import type { MergeRule } from './merge.js';
import { applyRate, checkedAdd } from './money.js';

export interface MergedFacts {
  /** The kept order lines: the merge's store, or (in tests) a list of distinct lines. */
  readonly lines: LineStore | readonly OrderLineFact[];
  readonly commissions: CommissionStore | readonly CommissionFact[];
  readonly premiums: PremiumStore | readonly PremiumFact[];
  readonly ads: readonly AdSpendFact[];
  readonly unitCosts: readonly UnitCostFact[];
  readonly fixedCosts: readonly FixedCostFact[];
}

export interface Ledger {
  /**
   * Every entry (or only those of the given kinds), generated anew on each call and never held in
   * memory: a big shop has millions. An order's entries come together, its gmv entries first.
   */
  readonly entries: (
    only?: ReadonlySet<EntryKind>,
    /** `reuse`: order lines' entries are written into one object, overwritten by the next: read, never keep. */
    opts?: { readonly reuse?: boolean },
  ) => Generator<Entry, void, undefined>;
  /**
   * Calls `visit` with what `entries(only, { reuse: true })` yields, in the same order and with the
   * same reuse (read, never keep), at less cost per entry. A ledger made otherwise (tests) may lack it.
   */
  readonly forEach?: (only: ReadonlySet<EntryKind> | undefined, visit: (e: Entry) => void) => void;
  readonly diagnostics: Diagnostic[];
  readonly planNames: ReadonlyMap<string, string>;
  readonly skuNames: ReadonlyMap<string, string>;
  /** Latest time seen in the inputs (`yyyy-mm-dd HH:MM:SS`, Asia/Shanghai). */
  readonly dataThrough: string | null;
  readonly notes: {
    unmatched_commissions: number;
    unmatched_premiums: number;
    settled_commission_lines: number;
  };
}

/**
 * The one entry object that `reuse` hands out for order lines, and the cursor on the current line
 * for fresh entries. A line's keys are read once when it is reached (`at`), not once per entry. Its
 * ids are read from the store only when asked for: the report and reconciliation never read `line`,
 * and `order` once per order; its source only when read (reconciliation reads it, the report not).
 */
class LineEntry implements Entry {
  date = '';
  kind: EntryKind = 'gmv';
  amount: Fen = 0;
  product: string | null = null;
  sku: string | null = null;
  sku_name: string | null = null;
  channel: string | null = null;
  author: string | null = null;
  readonly plan = null;
  units = 0;
  readonly category = null;
  readonly attributed_gmv = null;
  /** Where the entry was read: -1 its line, else a row of commissions or premiums (`rowSource`). */
  sourceCode = -1;
  /** The current order's id index: `orderKey`. */
  orderIndex = -1;
  /** The current line's cell in the store: `cellKey`. */
  cellIndex = -1;
  private lineIndex = -1;
  private dayNumber = NaN;
  private lineText: string | null = null;
  private orderText: string | null = null;
  private sourceOfLine: SourceLocation | null = null;
  constructor(
    private readonly store: LineStore,
    private readonly rowSource: (code: number) => SourceLocation,
  ) {}

  get line(): string {
    return (this.lineText ??= this.store.lineIds.idOf(this.lineIndex));
  }
  get order(): string {
    return (this.orderText ??= this.store.orderIds.idOf(this.orderIndex));
  }
  get source(): SourceLocation {
    return this.sourceCode === -1 ? this.lineSource() : this.rowSource(this.sourceCode);
  }
  /** Where the current line was read: one object per line, shared by its entries. */
  lineSource(): SourceLocation {
    return (this.sourceOfLine ??= this.store.source(this.lineIndex));
  }
  /** `source.file`, without making a location for a line's own entries. */
  get sourceFile(): string {
    return this.sourceCode === -1 ? this.store.fileOf(this.lineIndex) : this.rowSource(this.sourceCode).file;
  }
  /** Moves to line i and reads its keys; `sameOrder` keeps the order's id text. */
  at(i: number, sameOrder: boolean): void {
    if (i === this.lineIndex) return;
    const store = this.store;
    this.lineIndex = i;
    this.lineText = null;
    this.sourceOfLine = null;
    if (!sameOrder) {
      this.orderText = null;
      this.orderIndex = store.orderOf(i);
    }
    const day = store.dayNumberOf(i);
    if (day !== this.dayNumber) {
      this.dayNumber = day;
      this.date = store.paidDay(i)!;
    }
    const cell = store.cellIndexOf(i);
    if (cell === this.cellIndex) return;
    this.cellIndex = cell;
    const c = store.cells[cell]!;
    this.product = c.productId;
    this.sku = c.sku;
    this.sku_name = c.skuName;
    this.channel = c.channel;
    this.author = c.author;
  }
}

/**
 * What tells an entry's keys (product, sku, channel, author) from another's as they do, cheaper: the
 * reused entry gives its line's cell in the store (cells that differ may share those keys); -1 for
 * other entries.
 */
export function cellKey(e: Entry): number {
  return e instanceof LineEntry ? e.cellIndex : -1;
}

/** The file an entry was read from (`e.source.file`), cheaper for the reused entry of a line. */
export function sourceFile(e: Entry): string {
  return e instanceof LineEntry ? e.sourceFile : e.source.file;
}

/**
 * What tells an entry's order from the previous entry's as its id does, cheaper: the reused entry
 * gives the order's index in the store instead of turning its id back into text.
 */
export function orderKey(e: Entry): string | number | null {
  return e instanceof LineEntry ? e.orderIndex : e.order;
}

/** Unit cost of a SKU on a payment day: the row with the latest valid_from on or before it. */
class CostBook {
  /** Per SKU, its rows by valid_from ascending (none first), and their valid_from as text. */
  private readonly bySku = new Map<
    string,
    { readonly from: readonly string[]; readonly cost: readonly Fen[] }
  >();
  /** Per cell of the line store: the rows of its 商家编码 and of its 商品ID (null: none), once looked up. */
  private readonly codeRows: (ReturnType<CostBook['rowsOf']> | undefined)[] = [];
  private readonly productRows: (ReturnType<CostBook['rowsOf']> | undefined)[] = [];
  private dayNumber = NaN;
  private day = '';
  constructor(rows: readonly UnitCostFact[]) {
    const lists = new Map<string, UnitCostFact[]>();
    for (const r of rows) {
      const list = lists.get(r.sku) ?? [];
      list.push(r);
      lists.set(r.sku, list);
    }
    // valid_from is a yyyy-mm-dd day: as text it sorts as the days do.
    const text = (r: UnitCostFact) => r.validFrom ?? '';
    for (const [sku, list] of lists) {
      list.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
      this.bySku.set(sku, { from: list.map(text), cost: list.map((r) => r.unitCost) });
    }
  }
  private rowsOf(
    sku: string | null,
  ): { readonly from: readonly string[]; readonly cost: readonly Fen[] } | null {
    return sku === null ? null : (this.bySku.get(sku) ?? null);
  }
  /** The cost of the last row valid on `day`: rows are few per SKU, but a sheet may date many. */
  private static find(
    rows: { readonly from: readonly string[]; readonly cost: readonly Fen[] } | null,
    day: string,
  ): Fen | null {
    if (rows === null) return null;
    const from = rows.from;
    let [lo, hi] = [0, from.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (from[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? rows.cost[lo - 1]! : null;
  }
  /** 商家编码 matches before 商品ID. */
  costOf(store: LineStore, i: number): Fen | null {
    const cell = store.cellIndexOf(i);
    let code = this.codeRows[cell];
    let product = this.productRows[cell];
    if (code === undefined || product === undefined) {
      const c = store.cells[cell]!;
      code = this.codeRows[cell] = this.rowsOf(c.skuCode);
      product = this.productRows[cell] = this.rowsOf(c.productId);
    }
    if (code === null && product === null) return null;
    // Lines come about in payment order: the day's text is often the last one's.
    const d = store.dayNumberOf(i);
    if (d !== this.dayNumber) [this.dayNumber, this.day] = [d, store.paidDay(i)!];
    const day = this.day;
    return CostBook.find(code, day) ?? CostBook.find(product, day);
  }
}

/** Per key, the name with the highest rank (ties: the smaller name): names never depend on row order. */
function keepLatestName(
  names: Map<string, { rank: string; name: string }>,
  key: string,
  rank: string,
  name: string | null,
): void {
  if (!name) return;
  const cur = names.get(key);
  if (!cur || rank > cur.rank || (rank === cur.rank && name < cur.name)) names.set(key, { rank, name });
}

function nameMap(names: ReadonlyMap<string, { rank: string; name: string }>): Map<string, string> {
  return new Map([...names].map(([k, v]) => [k, v.name]));
}

/** `paidAt ?? paidDay` of line i as text: the rank of names and of the first paid line. */
function paidText(store: LineStore, i: number): string {
  return store.paidAt(i) ?? store.paidDay(i) ?? '';
}

/** Line a was paid before line b (ties: the smaller 子订单编号). */
function paidBefore(store: LineStore, a: number, b: number): boolean {
  const [ra, rb] = [store.paidRank(a), store.paidRank(b)];
  if (ra !== null && rb !== null && ra !== rb) return ra < rb;
  const [ta, tb] = ra !== null && rb !== null ? ['', ''] : [paidText(store, a), paidText(store, b)];
  return ta < tb || (ta === tb && store.lineIds.compare(a, b) < 0);
}

function settingError(key: string, why: string): Diagnostic {
  return {
    severity: 'error',
    code: 'E_SETTING',
    message: `setting "${key}" is not set, and ${why}`,
    hint: `add "${key}" to roi-ledger.json (in the current folder or the data folder, or pass --config FILE); see docs/rules.md`,
  };
}

/**
 * The lines of each order, in kept order; orders in the order their first line was kept. An export
 * lists an order's lines one after another, so line i is followed by i + 1 when that line is of the
 * same order: only the jumps between lines of one order that others separate are held (sorted by
 * where they start), and a bit per line that such a jump lands on. When jumps are many (rows of many
 * files interleaved), the next line of each line is held instead.
 */
export class OrderLines {
  /** Bit i: line i is reached by a jump (it is not the first line of its order); empty without jumps. */
  private readonly landing: Uint32Array;
  private readonly jumpFrom: Int32Array;
  private readonly jumpTo: Int32Array;
  /** The next line of each line (-1: none), when jumps are many; else null. */
  private readonly nextOf: Int32Array | null;
  private readonly n: number;

  private constructor(
    private readonly store: LineStore,
    parts: { landing: Uint32Array; jumpFrom: Int32Array; jumpTo: Int32Array; nextOf: Int32Array | null },
  ) {
    this.n = store.size;
    this.landing = parts.landing;
    this.jumpFrom = parts.jumpFrom;
    this.jumpTo = parts.jumpTo;
    this.nextOf = parts.nextOf;
  }

  static of(store: LineStore): OrderLines {
    const n = store.size;
    const none = new Int32Array(0);
    // Most often no order comes back after another's line: a bit per order tells, and nothing is held.
    const seen = new Uint32Array((store.orderIds.size + 31) >>> 5);
    let comesBack = false;
    for (let i = 0, last = -1; i < n && !comesBack; i++) {
      const o = store.orderOf(i);
      if (o === last) continue;
      last = o;
      if ((seen[o >>> 5]! & (1 << (o & 31))) !== 0) comesBack = true;
      seen[o >>> 5]! |= 1 << (o & 31);
    }
    if (!comesBack)
      return new OrderLines(store, {
        landing: new Uint32Array(0),
        jumpFrom: none,
        jumpTo: none,
        nextOf: null,
      });
    // Scanning back, `after[o]` is the line of order o that follows line i.
    const after = new Int32Array(store.orderIds.size).fill(-1);
    const landing = new Uint32Array((n + 31) >>> 5);
    let jumps = 0;
    for (let i = n - 1; i >= 0; i--) {
      const o = store.orderOf(i);
      const h = after[o]!;
      if (h >= 0 && h !== i + 1) {
        jumps++;
        landing[h >>> 5]! |= 1 << (h & 31);
      }
      after[o] = i;
    }
    // Sparse: 8 bytes a jump and a search at the end of an order; dense: 4 bytes a line.
    const dense = jumps > n >>> 3;
    const nextOf = dense ? new Int32Array(n) : null;
    const jumpFrom = dense ? none : new Int32Array(jumps);
    const jumpTo = dense ? none : new Int32Array(jumps);
    after.fill(-1);
    let k = jumps;
    for (let i = n - 1; i >= 0; i--) {
      const o = store.orderOf(i);
      const h = after[o]!;
      if (nextOf) nextOf[i] = h;
      else if (h >= 0 && h !== i + 1) {
        // Found from the end: filled backwards, `jumpFrom` ascends.
        k--;
        jumpFrom[k] = i;
        jumpTo[k] = h;
      }
      after[o] = i;
    }
    freeNow(after);
    return new OrderLines(store, { landing, jumpFrom, jumpTo, nextOf });
  }

  /** The first kept line of each order id index of `orders` (-1 for none and for a -1). */
  firstLines(orders: Int32Array): Int32Array {
    const firsts = new Int32Array(orders.length).fill(-1);
    const wanted = new Map<number, number>();
    for (const o of orders) if (o >= 0) wanted.set(o, -1);
    if (wanted.size === 0) return firsts;
    const bits = new Uint32Array((this.store.orderIds.size + 31) >>> 5);
    for (const o of wanted.keys()) bits[o >>> 5]! |= 1 << (o & 31);
    for (let i = 0; i < this.n; i++) {
      const o = this.store.orderOf(i);
      if ((bits[o >>> 5]! & (1 << (o & 31))) !== 0 && wanted.get(o) === -1) wanted.set(o, i);
    }
    orders.forEach((o, j) => {
      if (o >= 0) firsts[j] = wanted.get(o)!;
    });
    return firsts;
  }

  /** Line i is the first kept line of its order. */
  isFirst(i: number): boolean {
    const w = i >>> 5;
    if (w < this.landing.length && (this.landing[w]! & (1 << (i & 31))) !== 0) return false;
    return i === 0 || this.store.orderOf(i - 1) !== this.store.orderOf(i);
  }

  /** The next line of line i's order, or -1. */
  next(i: number): number {
    if (this.nextOf) return this.nextOf[i]!;
    const j = i + 1;
    if (j < this.n && this.store.orderOf(j) === this.store.orderOf(i)) return j;
    const from = this.jumpFrom;
    let [lo, hi] = [0, from.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (from[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < from.length && from[lo] === i ? this.jumpTo[lo]! : -1;
  }
}

/** Set bits of a 32-bit word. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Rows (commissions, premiums) by the line they attach to, in row order. Most lines have none: a
 * bit per line says which do, and its rank among them finds the line's rows, so nothing is held per
 * line but the bit (and a count per 32 lines).
 */
export class RowsByLine {
  /** Bit i: line i has rows (empty when no line has). */
  private readonly has: Uint32Array;
  /** Lines with rows before each word of `has`. */
  private readonly before: Int32Array;
  /**
   * The rows of the k-th line with rows are `rows[start[k]]` … `rows[start[k + 1] - 1]`; null when
   * each has one (commissions: one per line), then its row is `rows[k]`.
   */
  private readonly start: Int32Array | null;
  private readonly rows: Int32Array;

  /** `lineOf[j]`: the line row j attaches to, or < 0 for none. */
  constructor(lineOf: Int32Array, lines: number) {
    let matched = 0;
    for (let j = 0; j < lineOf.length; j++) if (lineOf[j]! >= 0) matched++;
    const words = matched === 0 ? 0 : (lines + 31) >>> 5;
    this.has = new Uint32Array(words);
    for (let j = 0; j < lineOf.length; j++) {
      const i = lineOf[j]!;
      if (i >= 0) this.has[i >>> 5]! |= 1 << (i & 31);
    }
    this.before = new Int32Array(words);
    let count = 0;
    for (let w = 0; w < words; w++) {
      this.before[w] = count;
      count += bitCount(this.has[w]!);
    }
    this.rows = new Int32Array(matched);
    if (count === matched) {
      this.start = null;
      for (let j = 0; j < lineOf.length; j++) {
        const i = lineOf[j]!;
        if (i >= 0) this.rows[this.slot(i)] = j;
      }
      return;
    }
    const start = (this.start = new Int32Array(count + 1));
    for (let j = 0; j < lineOf.length; j++) {
      const i = lineOf[j]!;
      if (i >= 0) start[this.slot(i) + 1]!++;
    }
    for (let k = 0; k < count; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, count);
    for (let j = 0; j < lineOf.length; j++) {
      const i = lineOf[j]!;
      if (i >= 0) this.rows[fill[this.slot(i)]!++] = j;
    }
  }

  /** Where line i's rows are listed (`begin(k)` … `begin(k + 1) - 1`), or -1 when it has none. */
  slot(i: number): number {
    const w = i >>> 5;
    if (w >= this.has.length) return -1;
    const bits = this.has[w]!;
    const bit = 1 << (i & 31);
    if ((bits & bit) === 0) return -1;
    return this.before[w]! + bitCount(bits & (bit - 1));
  }
  begin(k: number): number {
    return this.start === null ? k : this.start[k]!;
  }
  row(p: number): number {
    return this.rows[p]!;
  }
}

/** One order's entries as columns, booked at once and handed out one by one. */
class OrderEntries {
  count = 0;
  readonly line: number[] = [];
  readonly kind: EntryKind[] = [];
  readonly amount: Fen[] = [];
  readonly units: number[] = [];
  /** Where the entry was read: -1 its line, else a row of commissions or premiums (`rowSource`). */
  readonly source: number[] = [];

  constructor(private readonly rowSource: (code: number) => SourceLocation) {}

  push(line: number, kind: EntryKind, amount: Fen, source = -1, units = 0): void {
    const q = this.count++;
    this.line[q] = line;
    this.kind[q] = kind;
    this.amount[q] = amount === 0 ? 0 : amount;
    this.units[q] = units;
    this.source[q] = source;
  }

  /** Entry q written into the reused entry, already at its line. */
  into(q: number, e: LineEntry): Entry {
    e.kind = this.kind[q]!;
    e.amount = this.amount[q]!;
    e.units = this.units[q]!;
    e.sourceCode = this.source[q]!;
    return e;
  }

  /** Entry q as a fresh object with its ids as text; `at` is at its line. */
  fresh(q: number, at: LineEntry): Entry {
    return {
      date: at.date,
      kind: this.kind[q]!,
      amount: this.amount[q]!,
      order: at.order,
      line: at.line,
      product: at.product,
      sku: at.sku,
      sku_name: at.sku_name,
      channel: at.channel,
      author: at.author,
      plan: null,
      units: this.units[q]!,
      category: null,
      attributed_gmv: null,
      source: this.source[q] === -1 ? at.lineSource() : this.rowSource(this.source[q]!),
    };
  }
}

export function bookLedger(facts: MergedFacts, settings: Settings): Ledger {
  const diagnostics: Diagnostic[] = [];
  const store = keptStore(facts.lines, LineStore, orderLineRule);
  const n = store.size;
  const costs = new CostBook(facts.unitCosts);
  const orders = OrderLines.of(store);
  // A SKU is named by its latest-paid line, else by its latest cost-sheet row. Lines of one cell share
  // sku and name: the latest line of each cell is enough.
  const latestOfCell = new Int32Array(store.cells.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = store.cellIndexOf(i);
    const cur = latestOfCell[c]!;
    if (cur < 0 || laterPaid(store, i, cur)) latestOfCell[c] = i;
  }
  // The latest line with a payment time: the latest line, unless that one has only a day.
  let latest = -1;
  for (const i of latestOfCell) if (i >= 0 && (latest < 0 || laterPaid(store, i, latest))) latest = i;
  if (latest >= 0 && store.paidAt(latest) === null) {
    latest = -1;
    for (let i = 0; i < n; i++)
      if (store.paidAt(i) !== null && (latest < 0 || laterPaid(store, i, latest))) latest = i;
  }
  const lineNames = new Map<string, { rank: string; name: string }>();
  for (const [c, i] of latestOfCell.entries())
    if (i >= 0) keepLatestName(lineNames, store.cells[c]!.sku, paidText(store, i), store.cells[c]!.skuName);
  let dataThrough: string | null = latest < 0 ? null : store.paidAt(latest);
  const sheetNames = new Map<string, { rank: string; name: string }>();
  for (const c of facts.unitCosts) keepLatestName(sheetNames, c.sku, c.validFrom ?? '', c.name);
  const skuNames = nameMap(sheetNames);
  for (const [sku, name] of nameMap(lineNames)) skuNames.set(sku, name);

  const rate = settings.platformFeeRate;
  if (rate === null && n) diagnostics.push(settingError('platform_fee_rate', 'platform fees need it'));
  const parcel =
    settings.shippingPerParcel !== null && settings.packagingPerParcel !== null
      ? checkedAdd(settings.shippingPerParcel, settings.packagingPerParcel)
      : null;
  const writeoff = Number(settings.returnWriteoffRate) === 0 ? null : settings.returnWriteoffRate;
  const needsCost = (i: number): boolean => {
    // COGS applies to a line not refunded before shipment; after shipment only the write-off share.
    const refunded = store.refunded(i);
    if (refunded && !store.shipped(i)) return false;
    return !refunded || writeoff !== null;
  };
  const sent = (i: number): boolean => !(store.refunded(i) && !store.shipped(i));

  // A first pass states every problem before any entry exists: missing costs, missing settings.
  const missingCost = new Map<string, { lines: number; first: number }>();
  let parcelNeeded = false;
  for (let i = 0; i < n; i++) {
    if (needsCost(i) && costs.costOf(store, i) === null) {
      const sku = store.cellOfLine(i).sku;
      const m = missingCost.get(sku);
      if (!m) missingCost.set(sku, { lines: 1, first: i });
      else {
        m.lines++;
        if (paidBefore(store, i, m.first)) m.first = i;
      }
    }
    if (sent(i)) parcelNeeded = true;
  }
  for (const [sku, m] of missingCost) {
    const at = store.source(m.first);
    diagnostics.push({
      severity: 'error',
      code: 'E_COST',
      message: `no unit cost for SKU "${sku}" (${m.lines} line${m.lines > 1 ? 's' : ''} sold, first paid ${store.paidDay(m.first)})`,
      file: at.file,
      line: at.line,
      hint: 'add a row "sku,unit_cost" for it to the cost sheet (商家编码 or 商品ID); a missing cost is unknown, not zero',
    });
  }
  if (parcelNeeded && parcel === null)
    diagnostics.push(
      settingError(
        settings.shippingPerParcel === null ? 'shipping_per_parcel' : 'packaging_per_parcel',
        'each shipped parcel costs shipping plus packaging',
      ),
    );

  // Commissions and premiums attach to their line (or a premium to its order); the rest is unmatched.
  // The tables that find ids (a quarter of what the stores hold) go as soon as they have served,
  // before the arrays of the matching are made: a commission or premium is not looked up by its own
  // key again, the lines once every row has its line, the orders once the strays have their order.
  // The stores are the ledger's from here on.
  const commissions = keptStore(facts.commissions, CommissionStore, commissionRule);
  const premiums = keptStore(facts.premiums, PremiumStore, premiumRule);
  commissions.forgetLookups();
  premiums.forgetPolicies();
  const commissionLine = new Int32Array(commissions.size);
  let settled = 0;
  for (let j = 0; j < commissions.size; j++) {
    if (commissions.settled(j)) settled++;
    commissionLine[j] = store.lineIds.findFrom(commissions.lines, j);
  }
  // A premium's line; else the first line of the order it names; else it is unmatched.
  const premiumLine = new Int32Array(premiums.size);
  for (let j = 0; j < premiums.size; j++)
    premiumLine[j] = store.lineIds.findFrom(premiums.targets, premiums.targetIndex(j));
  const strays = rowsWhere(premiums.size, (j) => premiumLine[j]! < 0);
  const strayOrder = strays.map((j) => store.orderIds.findFrom(premiums.targets, premiums.targetIndex(j)));
  // The lines' tables go before the rows by line are made (10 M: 55 MiB, about twice what those take).
  store.forgetLookups();
  const commissionsOf = new RowsByLine(commissionLine, n);
  const commissionsUnmatched = rowsWhere(commissions.size, (j) => commissionLine[j]! < 0);
  freeNow(commissionLine);
  const premiumsOf = new RowsByLine(premiumLine, n);
  freeNow(premiumLine);
  const strayOrderLine = orders.firstLines(strayOrder);
  const premiumOrderLine = new Int32Array(premiums.size).fill(-1);
  strays.forEach((j, k) => (premiumOrderLine[j] = strayOrderLine[k]!));
  const premiumsOfOrder = new RowsByLine(premiumOrderLine, n);
  freeNow(premiumOrderLine);
  const premiumsUnmatched = strays.filter((_, k) => strayOrderLine[k]! < 0);

  // A plan is named by its latest row.
  const plans = new Map<string, { rank: string; name: string }>();
  for (const a of facts.ads) if (a.plan) keepLatestName(plans, a.plan, a.day, a.planName);
  if (dataThrough === null) {
    let day: string | null = null;
    const later = (d: string) => {
      if (day === null || d > day) day = d;
    };
    for (let j = 0; j < commissions.size; j++) later(commissions.day(j));
    for (let j = 0; j < premiums.size; j++) later(premiums.day(j));
    for (const a of facts.ads) later(a.day);
    if (day !== null) dataThrough = `${day} 00:00:00`;
  }

  /** Where a line's entry from a row was read: commission row j as j, premium row j as -2 - j. */
  const rowSource = (code: number): SourceLocation =>
    code >= 0 ? commissions.source(code) : premiums.source(-2 - code);

  /** What books one order's entries into `out`, for the kinds wanted. */
  function orderBooker(want: (k: EntryKind) => boolean, out: OrderEntries): ((head: number) => void) | null {
    const [wGmv, wRefund, wFee, wCogs, wShip, wComm, wCommRev, wIns] = [
      want('gmv'),
      want('refund'),
      want('platform_fee'),
      want('cogs'),
      want('shipping'),
      want('commission'),
      want('commission_reversal'),
      want('insurance'),
    ];
    if (!(wGmv || wRefund || wFee || wCogs || wShip || wComm || wCommRev || wIns)) return null;
    const shipsParcels = wShip && parcel !== null;
    // The order's lines, and its sent lines with their shares of its parcel.
    let lines = new Int32Array(16);
    const sentLines: number[] = [];
    let shares: readonly Fen[] = [];
    return (head) => {
      out.count = 0;
      let count = 0;
      for (let i = head; i >= 0; i = orders.next(i)) {
        if (count === lines.length) {
          const grown = new Int32Array(count * 2);
          grown.set(lines);
          lines = grown;
        }
        lines[count++] = i;
      }
      if (wGmv)
        for (let q = 0; q < count; q++) {
          const i = lines[q]!;
          out.push(i, 'gmv', store.gmv(i), -1, store.units(i));
        }
      // The order's parcel, split once over its sent lines by units.
      let sentCount = 0;
      if (shipsParcels) {
        for (let q = 0; q < count; q++) if (sent(lines[q]!)) sentLines[sentCount++] = lines[q]!;
        if (sentCount > 1)
          shares = splitOverLines(store, parcel, sentLines.slice(0, sentCount), (i) => store.units(i));
      }
      let sentSoFar = 0;
      for (let q = 0; q < count; q++) {
        const i = lines[q]!;
        const refunded = store.refunded(i);
        if (wRefund && refunded) out.push(i, 'refund', -store.gmv(i));
        if (wFee && rate !== null) out.push(i, 'platform_fee', -applyRate(refunded ? 0 : store.gmv(i), rate));
        if (wCogs && needsCost(i)) {
          const unit = costs.costOf(store, i);
          if (unit !== null) {
            const goods = unit * store.units(i);
            if (!Number.isSafeInteger(goods)) throw new RangeError('amount overflow past 2^53 fen');
            out.push(i, 'cogs', -(refunded ? applyRate(goods, writeoff!) : goods));
          }
        }
        if (shipsParcels && sent(i)) {
          const share = sentCount === 1 ? parcel : shares[sentSoFar]!;
          sentSoFar++;
          out.push(i, 'shipping', -share);
        }
        if (wComm || wCommRev) {
          const k = commissionsOf.slot(i);
          if (k >= 0)
            for (let p = commissionsOf.begin(k), end = commissionsOf.begin(k + 1); p < end; p++) {
              const j = commissionsOf.row(p);
              const amount = commissions.amount(j);
              if (wComm) out.push(i, 'commission', -amount || 0, j);
              if (refunded && wCommRev) out.push(i, 'commission_reversal', amount, j);
            }
        }
        if (wIns) {
          const k = premiumsOf.slot(i);
          if (k >= 0)
            for (let p = premiumsOf.begin(k), end = premiumsOf.begin(k + 1); p < end; p++) {
              const j = premiumsOf.row(p);
              out.push(i, 'insurance', -premiums.amount(j) || 0, -2 - j);
            }
        }
      }
      // A premium that names the order is split over its lines by gmv.
      const k = wIns ? premiumsOfOrder.slot(head) : -1;
      if (k >= 0) {
        const sorted = Array.from(lines.subarray(0, count)).sort((a, b) => store.lineIds.compare(a, b));
        for (let p = premiumsOfOrder.begin(k), end = premiumsOfOrder.begin(k + 1); p < end; p++) {
          const j = premiumsOfOrder.row(p);
          const parts = splitOverLines(store, premiums.amount(j), sorted, (i) => store.gmv(i));
          for (const [q, i] of sorted.entries()) out.push(i, 'insurance', -parts[q]! || 0, -2 - j);
        }
      }
    };
  }

  /**
   * The entries, generated on demand and never held: an order's entries come together, its gmv
   * entries first (the report counts distinct orders by that), then the unmatched, ads and fixed costs.
   * Each order's are booked at once into columns, then handed out one by one.
   */
  function* entries(
    only?: ReadonlySet<EntryKind>,
    opts?: { readonly reuse?: boolean },
  ): Generator<Entry, void, undefined> {
    const want = (k: EntryKind) => only === undefined || only.has(k);
    const reuse = opts?.reuse === true;
    const out = new OrderEntries(rowSource);
    const bookOrder = orderBooker(want, out);
    // The current line's keys; with `reuse`, also the entry handed out.
    const at = new LineEntry(store, rowSource);
    for (let head = 0; bookOrder !== null && head < n; head++) {
      if (!orders.isFirst(head)) continue;
      bookOrder(head);
      for (let q = 0; q < out.count; q++) {
        at.at(out.line[q]!, q > 0);
        yield reuse ? out.into(q, at) : out.fresh(q, at);
      }
    }
    yield* unlined(want);
  }

  /** `entries(only, { reuse: true })` handed to `visit` one by one, without a generator's cost per entry. */
  function forEach(only: ReadonlySet<EntryKind> | undefined, visit: (e: Entry) => void): void {
    const want = (k: EntryKind) => only === undefined || only.has(k);
    const out = new OrderEntries(rowSource);
    const bookOrder = orderBooker(want, out);
    const at = new LineEntry(store, rowSource);
    for (let head = 0; bookOrder !== null && head < n; head++) {
      if (!orders.isFirst(head)) continue;
      bookOrder(head);
      for (let q = 0; q < out.count; q++) {
        at.at(out.line[q]!, q > 0);
        visit(out.into(q, at));
      }
    }
    for (const e of unlined(want)) visit(e);
  }

  /** The entries of no line: unmatched commissions and premiums, ads, fixed costs. */
  function* unlined(want: (k: EntryKind) => boolean): Generator<Entry, void, undefined> {
    if (want('commission'))
      for (const j of commissionsUnmatched)
        yield noLineEntry(
          commissions.day(j),
          'commission',
          -commissions.amount(j) || 0,
          commissions.source(j),
          commissions.line(j),
        );
    if (want('insurance'))
      for (const j of premiumsUnmatched)
        yield noLineEntry(
          premiums.day(j),
          'insurance',
          -premiums.amount(j) || 0,
          premiums.source(j),
          premiums.target(j),
        );
    // Ad spend stays unattributed here: the report splits it over cells by the day's GMV.
    if (want('ad_spend'))
      for (const a of facts.ads) yield noLineEntry(a.day, 'ad_spend', -a.spend || 0, a.source, null, a);
    // Fixed costs are monthly: dated on the month's first day, spread over its days by the report.
    if (want('fixed_cost'))
      for (const f of facts.fixedCosts)
        yield noLineEntry(`${f.month}-01`, 'fixed_cost', -f.amount || 0, f.source, null, null, f.category);
  }

  return {
    entries,
    forEach,
    diagnostics,
    planNames: nameMap(plans),
    skuNames,
    dataThrough,
    notes: {
      unmatched_commissions: commissionsUnmatched.length,
      unmatched_premiums: premiumsUnmatched.length,
      settled_commission_lines: settled,
    },
  };
}

/**
 * Each entry of the kinds (all when undefined), in the ledger's order, through one reused object for
 * order lines: read it, never keep it. `forEach` when the ledger has it, else its entries.
 */
export function eachEntry(
  ledger: Ledger,
  only: ReadonlySet<EntryKind> | undefined,
  visit: (e: Entry) => void,
): void {
  if (ledger.forEach) ledger.forEach(only, visit);
  else for (const e of ledger.entries(only, { reuse: true })) visit(e);
}

/**
 * An entry of no order line, as a literal of the one shape every entry has (a spread of NO_KEYS
 * would make a slower object of another shape): `line` names what an unmatched row points at, `ad`
 * gives an ad row's keys.
 */
function noLineEntry(
  date: string,
  kind: EntryKind,
  amount: Fen,
  source: SourceLocation,
  line: string | null,
  ad: AdSpendFact | null = null,
  category: string | null = null,
): Entry {
  return {
    date,
    kind,
    amount,
    order: null,
    line,
    product: ad === null ? null : ad.product,
    sku: null,
    sku_name: null,
    channel: ad === null ? null : ad.channel,
    author: null,
    plan: ad === null ? null : ad.plan,
    units: 0,
    category,
    attributed_gmv: ad === null ? null : ad.attributedGmv,
    source,
  };
}

/** The rows as the merge's store, or a store filled from a list under the merge's keys. */
function keptStore<T extends Fact, S extends KeptFacts<T>>(
  rows: S | readonly T[],
  Store: new () => S,
  rule: Pick<MergeRule<T>, 'key'>,
): S {
  if (rows instanceof Store) return rows;
  const store = new Store();
  for (const r of rows as readonly T[]) store.set(rule.key(r), r);
  return store;
}

/** The rows j < `size` that pass `test`, ascending. */
function rowsWhere(size: number, test: (j: number) => boolean): Int32Array {
  let count = 0;
  for (let j = 0; j < size; j++) if (test(j)) count++;
  const out = new Int32Array(count);
  for (let j = 0, k = 0; j < size; j++) if (test(j)) out[k++] = j;
  return out;
}

/** Line a was paid after line b: the one a SKU takes its name from (ties: the larger 子订单编号). */
function laterPaid(store: LineStore, a: number, b: number): boolean {
  return paidBefore(store, b, a);
}

/**
 * Splits an amount over an order's lines by a weight (largest remainder, ties to the smaller
 * 子订单编号); equally when every weight is 0.
 */
function splitOverLines(
  store: LineStore,
  total: Fen,
  lines: readonly number[],
  weight: (i: number) => number,
): Fen[] {
  if (lines.length === 1) return [total];
  // Ties go to the smaller id: its rank among the lines, as fixed-width text, orders as the ids do.
  const rank = [...lines].sort((a, b) => store.lineIds.compare(a, b));
  const key = (i: number) => String(rank.indexOf(i)).padStart(10, '0');
  return (
    allocate(
      total,
      lines.map((i) => ({ key: key(i), weight: weight(i) })),
    ) ??
    allocate(
      total,
      lines.map((i) => ({ key: key(i), weight: 1 })),
    )!
  );
}
