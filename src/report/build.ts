/**
 * Ledger entries → report tables. Ad spend is attributed to (sku, channel, author) cells by the
 * day's GMV here, fixed costs are spread over days and split per table; every table's rows sum to
 * its totals row, to the fen. Rules: docs/rules.md.
 */
import { allocate, spreadOverDays } from '../ledger/allocate.js';
import { daysOfMonth } from '../ledger/dates.js';
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { EntryVisitor } from '../ledger/reconcile.js';
import {
  ENTRY_KINDS,
  NONE,
  UNATTRIBUTED,
  UNKNOWN,
  type Entry,
  type EntryKind,
  type Fen,
} from '../ledger/entry.js';
import { cellKey, eachEntry, orderKey, type Ledger } from '../ledger/book.js';
import { ratio } from '../ledger/money.js';
import { CellSums } from './cell-sums.js';
import type {
  Dimension,
  Figures,
  InputSummary,
  PlanRow,
  Ratios,
  Report,
  ReportRow,
  ReportSettings,
  ReportTable,
} from './types.js';

export interface ReportOptions {
  readonly by: readonly Dimension[];
  /** Inclusive days; null = the span of the paid lines' payment days. */
  readonly from: string | null;
  readonly to: string | null;
  readonly allocateFixed: boolean;
  readonly settings: ReportSettings;
  readonly inputs: readonly InputSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** Also handed each entry of its kinds once, as the report's walks go (reconciliation rides along). */
  readonly visitor?: EntryVisitor;
}

/** Sums of one row. Distinct orders are counted by contiguity: an order's gmv entries come together. */
class Acc {
  orders = 0;
  private lastOrder: string | number | null = null;
  units = 0;
  gmv = 0;
  refunds = 0;
  platform_fees = 0;
  commissions = 0;
  cogs = 0;
  shipping = 0;
  insurance = 0;
  ad_spend = 0;
  fixed_costs = 0;
  name: string | null = null;

  add(e: Entry, amount: Fen): void {
    const cost = -amount;
    switch (e.kind) {
      case 'gmv': {
        const key = orderKey(e);
        this.gmv += amount;
        this.units += e.units;
        if (key !== null && key !== this.lastOrder) {
          this.orders++;
          this.lastOrder = key;
        }
        break;
      }
      case 'refund':
        this.refunds += cost;
        break;
      case 'platform_fee':
        this.platform_fees += cost;
        break;
      case 'commission':
      case 'commission_reversal':
        this.commissions += cost;
        break;
      case 'cogs':
        this.cogs += cost;
        break;
      case 'shipping':
        this.shipping += cost;
        break;
      case 'insurance':
        this.insurance += cost;
        break;
      case 'ad_spend':
        this.ad_spend += cost;
        break;
      case 'fixed_cost':
        this.fixed_costs += cost;
        break;
    }
  }

  figures(): Figures {
    const net_gmv = this.gmv - this.refunds;
    const contribution =
      net_gmv - this.platform_fees - this.commissions - this.cogs - this.shipping - this.insurance;
    const net_profit = contribution - this.ad_spend - this.fixed_costs;
    for (const v of [this.gmv, this.refunds, contribution, net_profit, this.ad_spend, this.fixed_costs])
      if (!Number.isSafeInteger(v)) throw new RangeError('amount overflow past 2^53 fen');
    const z = (n: number) => (n === 0 ? 0 : n);
    return {
      orders: this.orders,
      units: this.units,
      gmv: z(this.gmv),
      refunds: z(this.refunds),
      net_gmv: z(net_gmv),
      platform_fees: z(this.platform_fees),
      commissions: z(this.commissions),
      cogs: z(this.cogs),
      shipping: z(this.shipping),
      insurance: z(this.insurance),
      contribution: z(contribution),
      ad_spend: z(this.ad_spend),
      fixed_costs: z(this.fixed_costs),
      net_profit: z(net_profit),
    };
  }
}

export function ratiosOf(f: Figures): Ratios {
  return {
    roi: ratio(f.gmv, f.ad_spend),
    net_roi: ratio(f.net_gmv, f.ad_spend),
    breakeven_roi: f.contribution > 0 ? ratio(f.gmv, f.contribution) : null,
    poas: ratio(f.contribution, f.ad_spend),
    margin: ratio(f.net_profit, f.gmv),
    refund_rate: ratio(f.refunds, f.gmv),
  };
}

function row(key: string, acc: Acc): ReportRow {
  const figures = acc.figures();
  return { key, name: acc.name, figures, ratios: ratiosOf(figures) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A (product, sku, channel, author) cell that ad spend can land on. */
interface CellKeys {
  readonly key: string;
  readonly product: string | null;
  readonly sku: string;
  readonly channel: string;
  readonly author: string;
}

/** Cells by their keys, one Map level per key: the keys are the ledger's shared strings, hashed once. */
type CellTree = Map<string, CellTree | number>;

/**
 * GMV of each day's (product, sku, channel, author) cells, and each product's SKUs: what ads land on.
 * A year of a big shop has millions of cell-days: each is a sum in its day's CellSums, and each cell
 * is listed once.
 */
class AdTargets {
  private readonly cellTree: CellTree = new Map();
  private readonly cells: CellKeys[] = [];
  private readonly days = new Map<string, CellSums>();
  /** Rule 3 counts a product's SKUs among all paid lines read, not only those of the period. */
  readonly skusOfProduct = new Map<string, Set<string>>();
  /** Cell of each of the ledger's cells (`cellKey`), once looked up by its keys. */
  private readonly ofLedgerCell: number[] = [];
  // The last entry's day: the lines of an order share it.
  private lastDate: string | null = null;
  private lastDay: CellSums | null = null;

  addGmv(e: Entry): void {
    const k = cellKey(e);
    let c = k >= 0 ? (this.ofLedgerCell[k] ?? -1) : -1;
    if (c < 0) {
      c = this.cellOf(e);
      if (k >= 0) this.ofLedgerCell[k] = c;
    }
    let day = this.lastDay;
    if (e.date !== this.lastDate || day === null) {
      // The day left is packed: days come in runs (a big shop has millions of cell-days).
      this.lastDay?.pack();
      day = this.days.get(e.date) ?? null;
      if (!day) this.days.set(e.date, (day = new CellSums()));
      this.lastDate = e.date;
      this.lastDay = day;
    }
    day.add(c, e.amount);
  }

  private cellOf(e: Entry): number {
    // A null product is keyed as '' (as in the cell's key).
    const bySku = this.level(this.cellTree, e.product ?? '');
    const byChannel = this.level(bySku, e.sku!);
    const byAuthor = this.level(byChannel, e.channel!);
    let c = byAuthor.get(e.author!) as number | undefined;
    if (c === undefined) {
      c = this.cells.length;
      const key = `${e.product ?? ''}\u0000${e.sku}\u0000${e.channel}\u0000${e.author}`;
      this.cells.push({ key, product: e.product, sku: e.sku!, channel: e.channel!, author: e.author! });
      byAuthor.set(e.author!, c);
      if (e.product !== null) {
        let s = this.skusOfProduct.get(e.product);
        if (!s) this.skusOfProduct.set(e.product, (s = new Set()));
        s.add(e.sku!);
      }
    }
    return c;
  }

  private level(tree: CellTree, k: string): CellTree {
    let next = tree.get(k) as CellTree | undefined;
    if (next === undefined) tree.set(k, (next = new Map()));
    return next;
  }

  /** The cells with sales on a day, and their GMV that day. */
  cellsOn(date: string): { readonly cells: readonly CellKeys[]; readonly gmv: readonly Fen[] } {
    const cells: CellKeys[] = [];
    const gmv: Fen[] = [];
    this.days.get(date)?.forEach((g, c) => {
      cells.push(this.cells[c]!);
      gmv.push(g);
    });
    return { cells, gmv };
  }
}

/** Books an ad entry's share on a cell, or on the rows `(unattributed)` when its keys are null. */
type Post = (
  entry: Entry,
  amount: Fen,
  sku: string | null,
  channel: string | null,
  author: string | null,
) => void;

/**
 * Splits each ad entry over its day's cells (docs/rules.md, "Ad spend"), one day at a time, so only
 * one day's cells are ever listed. Returns how many ad rows found no cell at all.
 */
function attributeAds(ads: readonly Entry[], targets: AdTargets, post: Post): number {
  let unattributedRows = 0;
  const byDay = new Map<string, Entry[]>();
  for (const e of ads) {
    const list = byDay.get(e.date);
    if (list) list.push(e);
    else byDay.set(e.date, [e]);
  }
  for (const [date, dayAds] of byDay) {
    // The day's cells, all and by product (as places in `cells`): an ad row names a product far more
    // often than not.
    const { cells, gmv } = targets.cellsOn(date);
    const ofProduct = new Map<string | null, number[]>();
    for (let p = 0; p < cells.length; p++) {
      const list = ofProduct.get(cells[p]!.product);
      if (list) list.push(p);
      else ofProduct.set(cells[p]!.product, [p]);
    }
    let all: number[] | null = null;
    for (const e of dayAds) {
      const inChannel = (p: number) => e.channel === null || cells[p]!.channel === e.channel;
      let matched: number[];
      if (e.product !== null) {
        const ofIt = ofProduct.get(e.product) ?? [];
        matched = ofIt.filter(inChannel);
        if (matched.length === 0) matched = ofIt;
      } else matched = (all ??= cells.map((_, p) => p)).filter(inChannel);
      const parts = matched.length
        ? allocate(
            e.amount,
            matched.map((p) => ({ key: cells[p]!.key, weight: gmv[p]! })),
          )
        : null;
      if (parts) {
        matched.forEach((p, i) => {
          const c = cells[p]!;
          if (parts[i] !== 0) post(e, parts[i]!, c.sku, c.channel, c.author);
        });
        continue;
      }
      const skus = e.product !== null ? targets.skusOfProduct.get(e.product) : undefined;
      if (skus && skus.size === 1) {
        post(e, e.amount, [...skus][0]!, UNKNOWN, UNKNOWN);
        continue;
      }
      unattributedRows++;
      post(e, e.amount, null, null, null);
    }
  }
  return unattributedRows;
}

/** The row of a table that a movement with these keys belongs to. */
function keyOf(
  by: Exclude<Dimension, 'plan'>,
  date: string,
  sku: string | null,
  channel: string | null,
  author: string | null,
): string {
  switch (by) {
    case 'channel':
      return channel ?? UNATTRIBUTED;
    case 'sku':
      return sku ?? UNATTRIBUTED;
    case 'author':
      return author ?? UNATTRIBUTED;
    case 'day':
      return sku === null ? UNATTRIBUTED : date;
    case 'month':
      return sku === null ? UNATTRIBUTED : date.slice(0, 7);
  }
}

const LAST = new Set([UNKNOWN, UNATTRIBUTED]);

function sortRows(rows: ReportRow[], by: Dimension): ReportRow[] {
  return rows.sort((a, b) => {
    const la = LAST.has(a.key) ? (a.key === UNATTRIBUTED ? 2 : 1) : 0;
    const lb = LAST.has(b.key) ? (b.key === UNATTRIBUTED ? 2 : 1) : 0;
    if (la !== lb) return la - lb;
    if (by === 'day' || by === 'month') return cmp(a.key, b.key);
    return b.figures.net_gmv - a.figures.net_gmv || cmp(a.key, b.key);
  });
}

/** The period's fixed costs per day (a month's amount spread evenly over its days). */
function fixedCostDays(
  entries: readonly Entry[],
  from: string,
  to: string,
): Map<string, { amount: Fen; entry: Entry }[]> {
  const byDay = new Map<string, { amount: Fen; entry: Entry }[]>();
  for (const e of entries) {
    const days = daysOfMonth(e.date.slice(0, 7));
    const parts = spreadOverDays(e.amount, days);
    days.forEach((d, i) => {
      if (d < from || d > to || parts[i] === 0) return;
      const list = byDay.get(d) ?? [];
      list.push({ amount: parts[i]!, entry: e });
      byDay.set(d, list);
    });
  }
  return byDay;
}

/** What the first pass needs: sales (the span, what ads land on), the ad rows and the fixed costs. */
const FIRST_PASS: ReadonlySet<EntryKind> = new Set(['gmv', 'ad_spend', 'fixed_cost']);
/** The second pass sums every movement but the ads (attributed in between) and the fixed costs (spread). */
const SECOND_PASS: ReadonlySet<EntryKind> = new Set(
  ENTRY_KINDS.filter((k) => k !== 'ad_spend' && k !== 'fixed_cost'),
);

export function buildReport(ledger: Ledger, opts: ReportOptions): Report {
  // Pass 1: the span of the data, what ads can land on, and the (few) ad and fixed-cost entries.
  let targets: AdTargets | null = new AdTargets();
  const adsAll: Entry[] = [];
  const fixedAll: Entry[] = [];
  let gmvLo: string | null = null;
  let gmvHi: string | null = null;
  let anyLo: string | null = null;
  let anyHi: string | null = null;
  // Only the few ad and fixed-cost entries are kept: the ledger may reuse one object for the lines'.
  eachEntry(ledger, FIRST_PASS, (e) => {
    if (e.kind === 'fixed_cost') {
      fixedAll.push(e);
      return;
    }
    if (anyLo === null || e.date < anyLo) anyLo = e.date;
    if (anyHi === null || e.date > anyHi) anyHi = e.date;
    if (e.kind === 'gmv') {
      targets!.addGmv(e);
      if (gmvLo === null || e.date < gmvLo) gmvLo = e.date;
      if (gmvHi === null || e.date > gmvHi) gmvHi = e.date;
    } else if (e.kind === 'ad_spend') adsAll.push(e);
  });
  if (gmvLo === null && (opts.from === null || opts.to === null))
    // No sales at all: the period is the span of whatever else there is.
    eachEntry(ledger, undefined, (e) => {
      if (e.kind === 'fixed_cost') return;
      if (anyLo === null || e.date < anyLo) anyLo = e.date;
      if (anyHi === null || e.date > anyHi) anyHi = e.date;
    });
  const from = opts.from ?? gmvLo ?? anyLo;
  const to = opts.to ?? gmvHi ?? anyHi;
  const inPeriod = (d: string) => from !== null && to !== null && d >= from && d <= to;
  const ads = adsAll.filter((e) => inPeriod(e.date));
  // The visitor sees ads and fixed costs here, every other kind in the second pass, which walks them all.
  const visitor = opts.visitor;
  if (visitor) for (const e of [...adsAll, ...fixedAll]) if (visitor.kinds.has(e.kind)) visitor.visit(e);
  const fixedDays =
    from !== null && to !== null
      ? fixedCostDays(fixedAll, from, to)
      : new Map<string, { amount: Fen; entry: Entry }[]>();

  // The totals and one row of each table take every movement of the period: the ads as they are
  // attributed, then the second pass.
  const dims = opts.by.filter((d): d is Exclude<Dimension, 'plan'> => d !== 'plan');
  const totals = new Acc();
  const tableRows = dims.map(() => new Map<string, Acc>());
  const acc = (t: number, k: string): Acc => {
    const rows = tableRows[t]!;
    let a = rows.get(k);
    if (!a) rows.set(k, (a = new Acc()));
    return a;
  };
  const unattributedRows = attributeAds(ads, targets!, (e, amount, sku, channel, author) => {
    totals.add(e, amount);
    for (let t = 0; t < dims.length; t++)
      acc(t, keyOf(dims[t]!, e.date, sku, channel, author)).add(e, amount);
  });
  // A million cell-days are not needed any more: let them go before the second pass.
  targets = null;

  // Pass 2: every other movement in the period.
  // The accumulators read each entry and keep none, so the ledger may reuse one object for them.
  // A line's entries come together and share their keys: look their rows up once per line.
  const rowsOf: Acc[] = [];
  let [date, sku, channel, author]: (string | null)[] = [null, null, null, null];
  let [periodDate, inside]: [string | null, boolean] = [null, false];
  eachEntry(ledger, SECOND_PASS, (e) => {
    if (e.kind === 'fixed_cost' || e.kind === 'ad_spend') return;
    if (visitor?.kinds.has(e.kind)) visitor.visit(e);
    if (e.date !== periodDate) [periodDate, inside] = [e.date, inPeriod(e.date)];
    if (!inside) return;
    totals.add(e, e.amount);
    if (e.date !== date || e.sku !== sku || e.channel !== channel || e.author !== author || !rowsOf.length) {
      [date, sku, channel, author] = [e.date, e.sku, e.channel, e.author];
      for (let t = 0; t < dims.length; t++) rowsOf[t] = acc(t, keyOf(dims[t]!, date, sku, channel, author));
    }
    for (let t = 0; t < dims.length; t++) rowsOf[t]!.add(e, e.amount);
  });
  let fixed = 0;
  for (const list of fixedDays.values())
    for (const f of list) {
      totals.add(f.entry, f.amount);
      fixed += f.amount;
    }

  const tables: ReportTable[] = [];
  for (const by of opts.by) {
    if (by === 'plan') {
      tables.push(planTable(ads, ledger.planNames));
      continue;
    }
    const t = dims.indexOf(by);
    const rows = tableRows[t]!;
    // Fixed costs: a time row keeps its own days' share; other tables split by net_gmv share.
    for (const [day, list] of fixedDays)
      for (const f of list) {
        if (!opts.allocateFixed) acc(t, UNATTRIBUTED).add(f.entry, f.amount);
        else if (by === 'day') acc(t, day).add(f.entry, f.amount);
        else if (by === 'month') acc(t, day.slice(0, 7)).add(f.entry, f.amount);
      }
    if (opts.allocateFixed && by !== 'day' && by !== 'month' && fixed !== 0) {
      const keys = [...rows.keys()].filter((k) => k !== UNATTRIBUTED).sort(cmp);
      const weights = keys.map((k) => ({
        key: k,
        weight: Math.max(0, rows.get(k)!.gmv - rows.get(k)!.refunds),
      }));
      const parts = allocate(fixed, weights);
      if (parts === null) acc(t, UNATTRIBUTED).fixed_costs += -fixed;
      else keys.forEach((k, i) => (rows.get(k)!.fixed_costs += -parts[i]!));
    }
    if (by === 'sku') for (const [k, a] of rows) a.name = ledger.skuNames.get(k) ?? null;
    const list = sortRows(
      [...rows].map(([k, a]) => row(k, a)),
      by,
    );
    tables.push({ by, rows: list, totals: row('(total)', totals) });
  }

  return {
    period: from !== null && to !== null ? { from, to } : null,
    data_through: ledger.dataThrough ? `${ledger.dataThrough.replace(' ', 'T')}+08:00` : null,
    settings: opts.settings,
    totals: row('(total)', totals),
    tables,
    inputs: opts.inputs,
    diagnostics: opts.diagnostics,
    notes: {
      unmatched_commissions: ledger.notes.unmatched_commissions,
      unmatched_premiums: ledger.notes.unmatched_premiums,
      unattributed_ad_rows: unattributedRows,
      settled_commission_lines: ledger.notes.settled_commission_lines,
    },
  };
}

function planTable(ads: readonly Entry[], names: ReadonlyMap<string, string>): ReportTable {
  const rows = new Map<string, { spend: Fen; gmv: Fen }>();
  let spend = 0;
  let gmv = 0;
  for (const e of ads) {
    const k = e.plan ?? NONE;
    const r = rows.get(k) ?? { spend: 0, gmv: 0 };
    r.spend += -e.amount;
    r.gmv += e.attributed_gmv ?? 0;
    rows.set(k, r);
    spend += -e.amount;
    gmv += e.attributed_gmv ?? 0;
  }
  const out: PlanRow[] = [...rows]
    .map(([key, r]) => ({
      key,
      name: names.get(key) ?? null,
      ad_spend: r.spend,
      gmv: r.gmv,
      roi: ratio(r.gmv, r.spend),
    }))
    .sort(
      (a, b) =>
        (a.key === NONE ? 1 : 0) - (b.key === NONE ? 1 : 0) || b.ad_spend - a.ad_spend || cmp(a.key, b.key),
    );
  return {
    by: 'plan',
    rows: out,
    totals: { key: '(total)', name: null, ad_spend: spend, gmv, roi: ratio(gmv, spend) },
  };
}
