/**
 * Books the merged facts as entries: one per money movement, each with its keys and source.
 * Rules: docs/rules.md. Pure: no I/O, no clock.
 */
import { allocate } from './allocate.js';
import { F64Column } from './columns.js';
import type { Diagnostic, SourceLocation } from './diagnostics.js';
import { CommissionStore, PremiumStore } from './fact-stores.js';
import { NO_KEYS, type Entry, type EntryKind, type Fen } from './entry.js';
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
 * The one entry object that `reuse` hands out for order lines. Its ids are read from the store only
 * when asked for: the report and reconciliation never read `line`, and `order` once per order.
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
  source: SourceLocation = { file: '', line: 0 };
  private lineIndex = -1;
  private lineText: string | null = null;
  private orderText: string | null = null;
  private sourceOfLine: SourceLocation | null = null;
  constructor(private readonly store: LineStore) {}

  get line(): string {
    return (this.lineText ??= this.store.lineIds.idOf(this.lineIndex));
  }
  get order(): string {
    return (this.orderText ??= this.store.orderIds.idOf(this.store.orderOf(this.lineIndex)));
  }
  /** Where the current line was read: one object per line, shared by its entries. */
  lineSource(): SourceLocation {
    return (this.sourceOfLine ??= this.store.source(this.lineIndex));
  }
  /** Moves to line i; `sameOrder` keeps the order's id text. */
  at(i: number, sameOrder: boolean): void {
    if (i === this.lineIndex) return;
    this.lineIndex = i;
    this.lineText = null;
    this.sourceOfLine = null;
    if (!sameOrder) this.orderText = null;
  }
}

/** Unit cost of a SKU on a payment day: the row with the latest valid_from on or before it. */
class CostBook {
  private readonly bySku = new Map<string, UnitCostFact[]>();
  /** Per (商家编码, 商品ID) pair and day: a year holds few of them, though many cells share a pair. */
  private readonly memo = new Map<number, Fen | null>();
  private readonly pairs = new Map<string, number>();
  private pairOfCell = new Int32Array(0);
  constructor(rows: readonly UnitCostFact[]) {
    for (const r of rows) {
      const list = this.bySku.get(r.sku) ?? [];
      list.push(r);
      this.bySku.set(r.sku, list);
    }
    for (const list of this.bySku.values())
      list.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  }
  private find(sku: string | null, day: string): Fen | null {
    if (sku === null) return null;
    const list = this.bySku.get(sku);
    if (!list) return null;
    let found: Fen | null = null;
    for (const r of list) if ((r.validFrom ?? '') <= day) found = r.unitCost;
    return found;
  }
  /** 商家编码 matches before 商品ID. */
  costOf(store: LineStore, i: number): Fen | null {
    const cell = store.cellIndexOf(i);
    if (cell >= this.pairOfCell.length) {
      const grown = new Int32Array(store.cells.length).fill(-1);
      grown.set(this.pairOfCell);
      this.pairOfCell = grown;
    }
    const c = store.cells[cell]!;
    let pair = this.pairOfCell[cell]!;
    if (pair < 0) {
      const text = `${c.skuCode ?? '\u0001'}\u0000${c.productId ?? '\u0001'}`;
      pair = this.pairs.get(text) ?? this.pairs.size;
      this.pairs.set(text, pair);
      this.pairOfCell[cell] = pair;
    }
    // Day numbers stay below 10^6 until the year 4707.
    const key = pair * 1_000_000 + store.dayNumberOf(i);
    let cost = this.memo.get(key);
    if (cost === undefined) {
      const day = store.paidDay(i)!;
      cost = this.find(c.skuCode, day) ?? this.find(c.productId, day);
      this.memo.set(key, cost);
    }
    return cost;
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
 * The lines of each order, orders in the order their first line was kept, lines in kept order: a
 * linked list through `next` from `head[g]` for order group g.
 */
interface OrderGroups {
  readonly count: number;
  readonly head: Int32Array;
  readonly next: Int32Array;
  /** Group of an order id index, -1 when none of its lines is kept. */
  readonly ofOrder: Int32Array;
}

function groupOrders(store: LineStore): OrderGroups {
  const n = store.size;
  const ofOrder = new Int32Array(store.orderIds.size).fill(-1);
  const head = new Int32Array(n);
  const tail = new Int32Array(n);
  const next = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const o = store.orderOf(i);
    const g = ofOrder[o]!;
    if (g < 0) {
      ofOrder[o] = count;
      head[count] = i;
      tail[count] = i;
      count++;
    } else {
      next[tail[g]!] = i;
      tail[g] = i;
    }
  }
  return { count, head: head.subarray(0, count), next, ofOrder };
}

export function bookLedger(facts: MergedFacts, settings: Settings): Ledger {
  const diagnostics: Diagnostic[] = [];
  const store = keptStore(facts.lines, LineStore, orderLineRule);
  const n = store.size;
  const costs = new CostBook(facts.unitCosts);
  const groups = groupOrders(store);
  // A SKU is named by its latest-paid line, else by its latest cost-sheet row. Lines of one cell share
  // sku and name: the latest line of each cell is enough.
  const latestOfCell = new Int32Array(store.cells.length).fill(-1);
  let latest = -1;
  for (let i = 0; i < n; i++) {
    const c = store.cellIndexOf(i);
    const cur = latestOfCell[c]!;
    if (cur < 0 || laterPaid(store, i, cur)) latestOfCell[c] = i;
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

  // Each order's parcel cost, split once over its sent lines by units (NaN: the line sent nothing).
  const shipping = new F64Column();
  for (let i = 0; i < n; i++) shipping.set(i, NaN);
  if (parcel !== null)
    for (let g = 0; g < groups.count; g++) {
      const lines = linesOf(groups, g).filter(sent);
      if (lines.length === 0) continue;
      const parts = splitOverLines(store, parcel, lines, (i) => store.units(i));
      lines.forEach((i, k) => shipping.set(i, parts[k]!));
    }

  // Commissions and premiums attach to their line (or a premium to its order); the rest is unmatched.
  // Each line's list is a chain through `next` from `first[i]`: no Map of millions of keys.
  const commissions = keptStore(facts.commissions, CommissionStore, commissionRule);
  const commissionLine = new Int32Array(commissions.size);
  const unmatchedCommissions: number[] = [];
  let settled = 0;
  for (let j = 0; j < commissions.size; j++) {
    if (commissions.settled(j)) settled++;
    commissionLine[j] = store.lineIds.findFrom(commissions.lines, j);
    if (commissionLine[j]! < 0) unmatchedCommissions.push(j);
  }
  const { first: firstCommission, next: nextCommission } = chainByLine(commissionLine, n);
  const premiums = keptStore(facts.premiums, PremiumStore, premiumRule);
  const premiumLine = new Int32Array(premiums.size);
  for (let j = 0; j < premiums.size; j++)
    premiumLine[j] = store.lineIds.findFrom(premiums.targets, premiums.targetIndex(j));
  const { first: firstPremium, next: nextPremium } = chainByLine(premiumLine, n);
  const premiumsOfOrder = new Map<number, number[]>();
  const unmatchedPremiums: number[] = [];
  for (let j = 0; j < premiums.size; j++) {
    if (premiumLine[j]! >= 0) continue;
    const o = store.orderIds.findFrom(premiums.targets, premiums.targetIndex(j));
    const g = o >= 0 ? groups.ofOrder[o]! : -1;
    if (g >= 0) push(premiumsOfOrder, g, j);
    else unmatchedPremiums.push(j);
  }

  // A plan is named by its latest row.
  const plans = new Map<string, { rank: string; name: string }>();
  for (const a of facts.ads) if (a.plan) keepLatestName(plans, a.plan, a.day, a.planName);
  if (dataThrough === null) {
    let day: string | null = null;
    const days = [
      ...Array.from({ length: commissions.size }, (_, j) => commissions.day(j)),
      ...Array.from({ length: premiums.size }, (_, j) => premiums.day(j)),
      ...facts.ads.map((a) => a.day),
    ];
    for (const d of days) if (day === null || d > day) day = d;
    if (day !== null) dataThrough = `${day} 00:00:00`;
  }

  /**
   * The entries, generated on demand and never held: an order's entries come together, its gmv
   * entries first (the report counts distinct orders by that), then the unmatched, ads and fixed costs.
   */
  function* entries(
    only?: ReadonlySet<EntryKind>,
    opts?: { readonly reuse?: boolean },
  ): Generator<Entry, void, undefined> {
    const scratch = new LineEntry(store);
    let orderText: string | null = null;
    /** Line i's entry: into the one reused object, or a fresh one with its ids as text. */
    const on = (
      i: number,
      kind: EntryKind,
      amount: Fen,
      source: SourceLocation | null = null,
      units = 0,
    ): Entry => {
      const c = store.cellOfLine(i);
      if (!opts?.reuse)
        return {
          date: store.paidDay(i)!,
          kind,
          amount: amount === 0 ? 0 : amount,
          order: (orderText ??= store.orderIds.idOf(store.orderOf(i))),
          line: store.lineIds.idOf(i),
          product: c.productId,
          sku: c.sku,
          sku_name: c.skuName,
          channel: c.channel,
          author: c.author,
          plan: null,
          units,
          category: null,
          attributed_gmv: null,
          source: source ?? store.source(i),
        };
      const e = scratch;
      e.date = store.paidDay(i)!;
      e.kind = kind;
      e.amount = amount === 0 ? 0 : amount;
      e.product = c.productId;
      e.sku = c.sku;
      e.sku_name = c.skuName;
      e.channel = c.channel;
      e.author = c.author;
      e.units = units;
      e.source = source ?? e.lineSource();
      return e;
    };
    const want = (k: EntryKind) => only === undefined || only.has(k);
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
    const anyLine = wGmv || wRefund || wFee || wCogs || wShip || wComm || wCommRev || wIns;
    for (let g = 0; anyLine && g < groups.count; g++) {
      orderText = null;
      const head = groups.head[g]!;
      if (wGmv)
        for (let i = head; i >= 0; i = groups.next[i]!) {
          scratch.at(i, i !== head);
          yield on(i, 'gmv', store.gmv(i), null, store.units(i));
        }
      for (let i = head; i >= 0; i = groups.next[i]!) {
        scratch.at(i, i !== head);
        const refunded = store.refunded(i);
        if (wRefund && refunded) yield on(i, 'refund', -store.gmv(i));
        if (wFee && rate !== null) yield on(i, 'platform_fee', -applyRate(refunded ? 0 : store.gmv(i), rate));
        if (wCogs && needsCost(i)) {
          const unit = costs.costOf(store, i);
          if (unit !== null) {
            const goods = unit * store.units(i);
            if (!Number.isSafeInteger(goods)) throw new RangeError('amount overflow past 2^53 fen');
            yield on(i, 'cogs', -(refunded ? applyRate(goods, writeoff!) : goods));
          }
        }
        if (wShip) {
          const share = shipping.get(i);
          if (!Number.isNaN(share)) yield on(i, 'shipping', -share);
        }
        if (wComm || wCommRev)
          for (let j = firstCommission[i]!; j >= 0; j = nextCommission[j]!) {
            const amount = commissions.amount(j);
            const source = commissions.source(j);
            if (wComm) yield on(i, 'commission', -amount || 0, source);
            if (refunded && wCommRev) yield on(i, 'commission_reversal', amount, source);
          }
        if (wIns)
          for (let j = firstPremium[i]!; j >= 0; j = nextPremium[j]!)
            yield on(i, 'insurance', -premiums.amount(j) || 0, premiums.source(j));
      }
      // A premium that names the order is split over its lines by gmv.
      const forOrder = wIns ? premiumsOfOrder.get(g) : undefined;
      if (forOrder) {
        const sorted = linesOf(groups, g).sort((a, b) => store.lineIds.compare(a, b));
        for (const j of forOrder) {
          const parts = splitOverLines(store, premiums.amount(j), sorted, (i) => store.gmv(i));
          const source = premiums.source(j);
          for (const [k, i] of sorted.entries()) {
            scratch.at(i, true);
            yield on(i, 'insurance', -parts[k]! || 0, source);
          }
        }
      }
    }
    if (wComm)
      for (const j of unmatchedCommissions)
        yield {
          ...NO_KEYS,
          line: commissions.line(j),
          date: commissions.day(j),
          kind: 'commission',
          amount: -commissions.amount(j) || 0,
          source: commissions.source(j),
        };
    if (wIns)
      for (const j of unmatchedPremiums)
        yield {
          ...NO_KEYS,
          line: premiums.target(j),
          date: premiums.day(j),
          kind: 'insurance',
          amount: -premiums.amount(j) || 0,
          source: premiums.source(j),
        };
    // Ad spend stays unattributed here: the report splits it over cells by the day's GMV.
    if (want('ad_spend'))
      for (const a of facts.ads)
        yield {
          ...NO_KEYS,
          date: a.day,
          kind: 'ad_spend',
          amount: -a.spend || 0,
          product: a.product,
          channel: a.channel,
          plan: a.plan,
          attributed_gmv: a.attributedGmv,
          source: a.source,
        };
    // Fixed costs are monthly: dated on the month's first day, spread over its days by the report.
    if (want('fixed_cost'))
      for (const f of facts.fixedCosts)
        yield {
          ...NO_KEYS,
          date: `${f.month}-01`,
          kind: 'fixed_cost',
          amount: -f.amount || 0,
          category: f.category,
          source: f.source,
        };
  }

  return {
    entries,
    diagnostics,
    planNames: nameMap(plans),
    skuNames,
    dataThrough,
    notes: {
      unmatched_commissions: unmatchedCommissions.length,
      unmatched_premiums: unmatchedPremiums.length,
      settled_commission_lines: settled,
    },
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

/** Rows chained per line, in row order: `first[i]`, then `next[j]` until -1; `lineOf[j]` < 0 is none. */
function chainByLine(lineOf: Int32Array, lines: number): { first: Int32Array; next: Int32Array } {
  const first = new Int32Array(lines).fill(-1);
  const next = new Int32Array(lineOf.length).fill(-1);
  for (let j = lineOf.length - 1; j >= 0; j--) {
    const i = lineOf[j]!;
    if (i < 0) continue;
    next[j] = first[i]!;
    first[i] = j;
  }
  return { first, next };
}

/** The lines of order group g, in kept order. */
function linesOf(groups: OrderGroups, g: number): number[] {
  const out: number[] = [];
  for (let i = groups.head[g]!; i >= 0; i = groups.next[i]!) out.push(i);
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

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
