/**
 * Books the merged facts as entries: one per money movement, each with its keys and source.
 * Rules: docs/rules.md. Pure: no I/O, no clock.
 */
import { allocate } from './allocate.js';
import type { Diagnostic } from './diagnostics.js';
import { NO_KEYS, type Entry, type EntryKind, type Fen } from './entry.js';
import type {
  AdSpendFact,
  CommissionFact,
  FixedCostFact,
  OrderLineFact,
  PremiumFact,
  Settings,
  UnitCostFact,
} from './facts.js';
import { applyRate, checkedAdd } from './money.js';

export interface MergedFacts {
  readonly lines: readonly OrderLineFact[];
  readonly commissions: readonly CommissionFact[];
  readonly premiums: readonly PremiumFact[];
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

/** An entry on an order line: the line's keys, its payment day. */
function onLine(l: OrderLineFact, kind: EntryKind, amount: Fen, source = l.source, units = 0): Entry {
  return {
    date: l.paidDay!,
    kind,
    amount: amount === 0 ? 0 : amount,
    order: l.order,
    line: l.line,
    product: l.productId,
    sku: l.sku,
    sku_name: l.skuName,
    channel: l.channel,
    author: l.author,
    plan: null,
    units,
    category: null,
    attributed_gmv: null,
    source,
  };
}

type MutableEntry = { -readonly [K in keyof Entry]: Entry[K] };

/** `onLine` into one reused object: for consumers that read each entry and keep none (no allocation). */
function onLineInto(
  e: MutableEntry,
  l: OrderLineFact,
  kind: EntryKind,
  amount: Fen,
  source = l.source,
  units = 0,
): Entry {
  e.date = l.paidDay!;
  e.kind = kind;
  e.amount = amount === 0 ? 0 : amount;
  e.order = l.order;
  e.line = l.line;
  e.product = l.productId;
  e.sku = l.sku;
  e.sku_name = l.skuName;
  e.channel = l.channel;
  e.author = l.author;
  e.units = units;
  e.source = source;
  return e;
}

/** Unit cost of a SKU on a payment day: the row with the latest valid_from on or before it. */
class CostBook {
  private readonly bySku = new Map<string, UnitCostFact[]>();
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
  costOf(l: OrderLineFact): Fen | null {
    return this.find(l.skuCode, l.paidDay!) ?? this.find(l.productId, l.paidDay!);
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

/** The line paid first (ties: the smaller 子订单编号). */
function paidBefore(a: OrderLineFact, b: OrderLineFact): boolean {
  const [ta, tb] = [a.paidAt ?? a.paidDay ?? '', b.paidAt ?? b.paidDay ?? ''];
  return ta < tb || (ta === tb && a.line < b.line);
}

function settingError(key: string, why: string): Diagnostic {
  return {
    severity: 'error',
    code: 'E_SETTING',
    message: `setting "${key}" is not set, and ${why}`,
    hint: `add "${key}" to roi-ledger.json (in the current folder or the data folder, or pass --config FILE); see docs/rules.md`,
  };
}

export function bookLedger(facts: MergedFacts, settings: Settings): Ledger {
  const diagnostics: Diagnostic[] = [];
  const costs = new CostBook(facts.unitCosts);
  const lineIndex = new Map<string, OrderLineFact>();
  const orderIndex = new Map<string, OrderLineFact[]>();
  // A SKU is named by its latest-paid line, else by its latest cost-sheet row.
  const lineNames = new Map<string, { rank: string; name: string }>();
  const sheetNames = new Map<string, { rank: string; name: string }>();
  let dataThrough: string | null = null;

  for (const l of facts.lines) {
    lineIndex.set(l.line, l);
    const list = orderIndex.get(l.order);
    if (list) list.push(l);
    else orderIndex.set(l.order, [l]);
    keepLatestName(lineNames, l.sku, l.paidAt ?? l.paidDay ?? '', l.skuName);
    if (l.paidAt && (dataThrough === null || l.paidAt > dataThrough)) dataThrough = l.paidAt;
  }
  for (const c of facts.unitCosts) keepLatestName(sheetNames, c.sku, c.validFrom ?? '', c.name);
  const skuNames = nameMap(sheetNames);
  for (const [sku, name] of nameMap(lineNames)) skuNames.set(sku, name);

  const rate = settings.platformFeeRate;
  if (rate === null && facts.lines.length)
    diagnostics.push(settingError('platform_fee_rate', 'platform fees need it'));
  const parcel =
    settings.shippingPerParcel !== null && settings.packagingPerParcel !== null
      ? checkedAdd(settings.shippingPerParcel, settings.packagingPerParcel)
      : null;
  const writeoff = Number(settings.returnWriteoffRate) === 0 ? null : settings.returnWriteoffRate;

  // A first pass states every problem before any entry exists: missing costs, missing settings.
  const missingCost = new Map<string, { lines: number; first: OrderLineFact }>();
  let parcelNeeded = false;
  for (const l of facts.lines) {
    if (needsCost(l, writeoff) && costs.costOf(l) === null) {
      const m = missingCost.get(l.sku);
      if (!m) missingCost.set(l.sku, { lines: 1, first: l });
      else {
        m.lines++;
        if (paidBefore(l, m.first)) m.first = l;
      }
    }
    if (!(l.refunded && !l.shipped)) parcelNeeded = true;
  }
  for (const [sku, m] of missingCost)
    diagnostics.push({
      severity: 'error',
      code: 'E_COST',
      message: `no unit cost for SKU "${sku}" (${m.lines} line${m.lines > 1 ? 's' : ''} sold, first paid ${m.first.paidDay})`,
      file: m.first.source.file,
      line: m.first.source.line,
      hint: 'add a row "sku,unit_cost" for it to the cost sheet (商家编码 or 商品ID); a missing cost is unknown, not zero',
    });
  if (parcelNeeded && parcel === null)
    diagnostics.push(
      settingError(
        settings.shippingPerParcel === null ? 'shipping_per_parcel' : 'packaging_per_parcel',
        'each shipped parcel costs shipping plus packaging',
      ),
    );

  // Commissions and premiums attach to their line (or a premium to its order); the rest is unmatched.
  const commissionsOf = new Map<string, CommissionFact[]>();
  const unmatchedCommissions: CommissionFact[] = [];
  let settled = 0;
  for (const c of facts.commissions) {
    if (c.settled) settled++;
    if (lineIndex.has(c.line)) push(commissionsOf, c.line, c);
    else unmatchedCommissions.push(c);
  }
  const premiumsOf = new Map<string, PremiumFact[]>();
  const unmatchedPremiums: PremiumFact[] = [];
  for (const p of facts.premiums) {
    if (lineIndex.has(p.target) || orderIndex.has(p.target)) push(premiumsOf, p.target, p);
    else unmatchedPremiums.push(p);
  }

  // A plan is named by its latest row.
  const plans = new Map<string, { rank: string; name: string }>();
  for (const a of facts.ads) if (a.plan) keepLatestName(plans, a.plan, a.day, a.planName);
  if (dataThrough === null) {
    let day: string | null = null;
    for (const x of [...facts.commissions, ...facts.premiums, ...facts.ads])
      if (day === null || x.day > day) day = x.day;
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
    const scratch: MutableEntry = {
      ...NO_KEYS,
      date: '',
      kind: 'gmv',
      amount: 0,
      source: { file: '', line: 0 },
    };
    const on: typeof onLine = opts?.reuse
      ? (l, kind, amount, source, units) => onLineInto(scratch, l, kind, amount, source, units)
      : onLine;
    const want = (k: EntryKind) => only === undefined || only.has(k);
    const [wGmv, wRefund, wFee, wCogs, wShip, wComm, wIns] = [
      want('gmv'),
      want('refund'),
      want('platform_fee'),
      want('cogs'),
      want('shipping'),
      want('commission') || want('commission_reversal'),
      want('insurance'),
    ];
    if (wGmv || wRefund || wFee || wCogs || wShip || wComm || wIns)
      for (const lines of orderIndex.values()) {
        if (wGmv) for (const l of lines) yield on(l, 'gmv', l.gmv, l.source, l.units);
        const sent =
          wShip && parcel !== null ? lines.filter((l) => !(l.refunded && !l.shipped)).sort(byLine) : [];
        const shipping = sent.length === 0 ? null : splitOverLines(parcel!, sent, (l) => l.units);
        for (const l of lines) {
          if (wRefund && l.refunded) yield on(l, 'refund', -l.gmv);
          if (wFee && rate !== null) yield on(l, 'platform_fee', -applyRate(l.refunded ? 0 : l.gmv, rate));
          if (wCogs && needsCost(l, writeoff)) {
            const unit = costs.costOf(l);
            if (unit !== null) {
              const goods = unit * l.units;
              if (!Number.isSafeInteger(goods)) throw new RangeError('amount overflow past 2^53 fen');
              yield on(l, 'cogs', -(l.refunded ? applyRate(goods, writeoff!) : goods));
            }
          }
          if (shipping) {
            const i = sent.indexOf(l);
            if (i >= 0) yield on(l, 'shipping', -shipping[i]!);
          }
          if (wComm)
            for (const c of commissionsOf.get(l.line) ?? []) {
              if (want('commission')) yield on(l, 'commission', -c.amount || 0, c.source);
              if (l.refunded && want('commission_reversal'))
                yield on(l, 'commission_reversal', c.amount, c.source);
            }
          if (wIns)
            for (const p of premiumsOf.get(l.line) ?? []) yield on(l, 'insurance', -p.amount || 0, p.source);
        }
        // A premium that names the order is split over its lines by gmv.
        const order = lines[0]!.order;
        const forOrder = !wIns || lineIndex.has(order) ? [] : (premiumsOf.get(order) ?? []);
        if (forOrder.length) {
          const sorted = [...lines].sort(byLine);
          for (const p of forOrder) {
            const parts = splitOverLines(p.amount, sorted, (x) => x.gmv);
            for (const [i, x] of sorted.entries()) yield on(x, 'insurance', -parts[i]! || 0, p.source);
          }
        }
      }
    if (want('commission'))
      for (const c of unmatchedCommissions)
        yield {
          ...NO_KEYS,
          line: c.line,
          date: c.day,
          kind: 'commission',
          amount: -c.amount || 0,
          source: c.source,
        };
    if (wIns)
      for (const p of unmatchedPremiums)
        yield {
          ...NO_KEYS,
          line: p.target,
          date: p.day,
          kind: 'insurance',
          amount: -p.amount || 0,
          source: p.source,
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

/** COGS applies to a line not refunded before shipment; after shipment only the write-off share. */
function needsCost(l: OrderLineFact, writeoff: string | null): boolean {
  if (l.refunded && !l.shipped) return false;
  return !l.refunded || writeoff !== null;
}

/** Splits an amount over an order's lines by a weight (largest remainder, keyed by 子订单编号); equally when every weight is 0. */
function splitOverLines(
  total: Fen,
  lines: readonly OrderLineFact[],
  weight: (l: OrderLineFact) => number,
): Fen[] {
  return (
    allocate(
      total,
      lines.map((l) => ({ key: l.line, weight: weight(l) })),
    ) ??
    allocate(
      total,
      lines.map((l) => ({ key: l.line, weight: 1 })),
    )!
  );
}

function byLine(a: OrderLineFact, b: OrderLineFact): number {
  return a.line < b.line ? -1 : a.line > b.line ? 1 : 0;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
