/**
 * Random small shops for the property tests: a model (orders with lines, commissions, premiums, ad
 * rows, a cost sheet, fixed costs, settings), the Facts the sources would read from it, and the same
 * shop as CSV files in the project's own formats (docs/rules.md, "The project's own formats").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { MergedFacts } from '../../src/ledger/book.js';
import { addDays } from '../../src/ledger/dates.js';
import type { Fact, OrderLineFact, Settings } from '../../src/ledger/facts.js';

export const UNKNOWN_CHANNEL = '(unknown)';
export const NO_AUTHOR = '(none)';
const CHANNELS = ['直播', '短视频', '商品卡', UNKNOWN_CHANNEL] as const;
const AUTHORS = [NO_AUTHOR, '小美 (7001)', 'Bob, the "host" (7002)'] as const;
const PRODUCTS = ['3601', '3602', '3603'] as const;
/** A product no order line sells: its ad rows can only go to (unattributed). */
const UNSOLD_PRODUCT = '3699';
const RATES = ['0', '0.05', '0.006', '0.1234', '0.5', '1'] as const;
const WRITEOFFS = ['0', '0.1', '0.333', '1'] as const;
const CATEGORIES = ['content', 'salaries', 'rent', 'software'] as const;

export interface ShopLine {
  readonly id: string;
  readonly sku: string;
  readonly product: string | null;
  readonly name: string | null;
  readonly channel: string;
  readonly author: string;
  readonly units: number;
  readonly gmv: number;
  readonly refunded: boolean;
  readonly shipped: boolean;
}

export interface ShopOrder {
  readonly id: string;
  /** null: never paid (the source skips the lines). */
  readonly paidAt: string | null;
  readonly day: string;
  /** Which of the two order files holds it. */
  readonly file: 0 | 1;
  readonly lines: readonly ShopLine[];
}

export interface ShopCommission {
  readonly line: string;
  readonly day: string;
  readonly amount: number;
  readonly settled: boolean;
}

export interface ShopPremium {
  readonly policy: string;
  readonly target: string;
  readonly day: string;
  readonly amount: number;
}

export interface ShopAd {
  readonly day: string;
  readonly account: string | null;
  readonly plan: string | null;
  readonly planName: string | null;
  readonly product: string | null;
  readonly channel: string | null;
  readonly spend: number;
  readonly attributedGmv: number | null;
  readonly file: 0 | 1;
}

export interface ShopCost {
  readonly sku: string;
  readonly unitCost: number;
  readonly validFrom: string | null;
  readonly name: string | null;
}

export interface ShopFixed {
  readonly month: string;
  readonly category: string;
  readonly amount: number;
}

export interface Shop {
  readonly month: string;
  readonly settings: {
    readonly rate: string;
    readonly shipping: number;
    readonly packaging: number;
    readonly writeoff: string;
  };
  readonly orders: readonly ShopOrder[];
  readonly commissions: readonly ShopCommission[];
  readonly premiums: readonly ShopPremium[];
  readonly ads: readonly ShopAd[];
  readonly costs: readonly ShopCost[];
  readonly fixed: readonly ShopFixed[];
  /** Picks how amounts are written (plain, ¥, 元, grouped, short): the parsed value never changes. */
  readonly amountStyle: number;
}

/** Months to start in: a leap February, a 30-day and two 31-day months, a year end. */
const MONTHS = ['2024-02', '2025-01', '2026-09', '2026-12'] as const;

const skuArb = fc.stringMatching(/^[A-Z]{1,2}[0-9]{0,2}$/);
const lineIdArb = fc.stringMatching(/^7[0-9]{1,18}$/);
const orderIdArb = fc.stringMatching(/^6[0-9]{18}$/);
const strayIdArb = fc.stringMatching(/^5[0-9]{18}$/);
const policyArb = fc.stringMatching(/^[1-9][0-9]{7,12}$/);
const timeArb = fc
  .tuple(fc.nat({ max: 23 }), fc.nat({ max: 59 }), fc.nat({ max: 59 }))
  .map(([h, m, s]) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(':'));
/** Money in fen, small ones (and 0) often. */
const fen = (max: number) => fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max }));

const catalogArb = fc.uniqueArray(
  fc.record({
    sku: skuArb,
    product: fc.option(fc.constantFrom(...PRODUCTS), { nil: null }),
    name: fc.constantFrom('Face cream', '面霜 50ml', 'Serum, "travel"'),
  }),
  { selector: (s) => s.sku, minLength: 1, maxLength: 5 },
);

const lineArb = fc.record({
  pick: fc.nat(),
  channel: fc.constantFrom(...CHANNELS),
  author: fc.constantFrom(...AUTHORS),
  units: fc.integer({ min: 1, max: 4 }),
  gmv: fen(30000),
  refunded: fc.boolean(),
  shipped: fc.boolean(),
  /** 0: the SKU's name, 1: a renamed one, 2: none. */
  nameVariant: fc.nat({ max: 2 }),
  commission: fc.option(fc.record({ amount: fen(5000), settled: fc.boolean(), offset: fc.nat({ max: 3 }) }), {
    nil: null,
  }),
});

const orderArb = fc.record({
  offset: fc.nat({ max: 40 }),
  time: timeArb,
  file: fc.constantFrom<0 | 1>(0, 1),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
});

export const shopArb: fc.Arbitrary<Shop> = fc
  .record({
    month: fc.constantFrom(...MONTHS),
    settings: fc.record({
      rate: fc.constantFrom(...RATES),
      shipping: fen(600),
      packaging: fen(200),
      writeoff: fc.constantFrom(...WRITEOFFS),
    }),
    catalog: catalogArb,
    orders: fc.array(orderArb, { maxLength: 8 }),
    /** 0 (one time in ten): the order was never paid. */
    paidFlags: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
    orderIds: fc.uniqueArray(orderIdArb, { minLength: 8, maxLength: 8 }),
    lineIds: fc.uniqueArray(lineIdArb, { minLength: 24, maxLength: 24 }),
    strayIds: fc.uniqueArray(strayIdArb, { minLength: 4, maxLength: 4 }),
    strayCommissions: fc.array(
      fc.record({ amount: fen(5000), settled: fc.boolean(), offset: fc.nat({ max: 40 }) }),
      { maxLength: 2 },
    ),
    premiums: fc.array(
      fc.record({
        target: fc.constantFrom('line', 'order', 'stray'),
        pick: fc.nat(),
        amount: fc.integer({ min: -500, max: 3000 }),
        offset: fc.nat({ max: 40 }),
      }),
      { maxLength: 5 },
    ),
    policies: fc.uniqueArray(policyArb, { minLength: 5, maxLength: 5 }),
    ads: fc.uniqueArray(
      fc.record({
        offset: fc.nat({ max: 40 }),
        account: fc.option(fc.constantFrom('ACC1', 'ACC2'), { nil: null }),
        plan: fc.option(fc.constantFrom('18001', '18002', '18003'), { nil: null }),
        renamed: fc.boolean(),
        product: fc.option(fc.constantFrom(...PRODUCTS, UNSOLD_PRODUCT), { nil: null }),
        channel: fc.option(fc.constantFrom('直播', '短视频'), { nil: null }),
        spend: fen(20000),
        attributedGmv: fc.option(fen(50000), { nil: null }),
        file: fc.constantFrom<0 | 1>(0, 1),
      }),
      { selector: (a) => [a.account, a.plan, a.product, a.offset].join('|'), maxLength: 6 },
    ),
    skuCosts: fc.array(
      fc.record({
        base: fc.option(fen(8000), { nil: null }),
        later: fc.option(fc.record({ offset: fc.nat({ max: 40 }), cost: fen(8000) }), { nil: null }),
        name: fc.option(fc.constantFrom('Sheet name', '表格名'), { nil: null }),
      }),
      { minLength: 5, maxLength: 5 },
    ),
    productCosts: fc.array(fc.option(fen(8000), { nil: null }), { minLength: 3, maxLength: 3 }),
    fixed: fc.uniqueArray(
      fc.record({
        monthShift: fc.integer({ min: -1, max: 1 }),
        category: fc.constantFrom(...CATEGORIES),
        amount: fc.oneof(fc.integer({ min: -5000, max: 1_000_000 }), fc.integer({ min: 0, max: 100 })),
      }),
      { selector: (f) => `${f.monthShift}|${f.category}`, maxLength: 3 },
    ),
    amountStyle: fc.nat({ max: 4 }),
  })
  .map((g): Shop => {
    const start = `${g.month}-01`;
    const day = (offset: number) => addDays(start, offset);
    let nextLine = 0;
    const orders: ShopOrder[] = g.orders.map((o, i) => {
      const d = day(o.offset);
      return {
        id: g.orderIds[i]!,
        paidAt: g.paidFlags[i]! > 0 ? `${d} ${o.time}` : null,
        day: d,
        file: o.file,
        lines: o.lines.map((l) => {
          const item = g.catalog[l.pick % g.catalog.length]!;
          return {
            id: g.lineIds[nextLine++]!,
            sku: item.sku,
            product: item.product,
            name: l.nameVariant === 0 ? item.name : l.nameVariant === 1 ? `${item.name} (new)` : null,
            channel: l.channel,
            author: l.author,
            units: l.units,
            gmv: l.gmv,
            refunded: l.refunded,
            shipped: l.shipped,
          };
        }),
      };
    });
    const allLines = orders.flatMap((o) => o.lines.map((l) => ({ o, l })));
    const commissions: ShopCommission[] = [];
    g.orders.forEach((o, i) =>
      o.lines.forEach((l, j) => {
        if (l.commission === null) return;
        const order = orders[i]!;
        commissions.push({
          line: order.lines[j]!.id,
          day: addDays(order.day, l.commission.offset),
          amount: l.commission.amount,
          settled: l.commission.settled,
        });
      }),
    );
    g.strayCommissions.forEach((c, i) =>
      commissions.push({ line: g.strayIds[i]!, day: day(c.offset), amount: c.amount, settled: c.settled }),
    );
    const premiums: ShopPremium[] = g.premiums.map((p, i) => {
      let target = g.strayIds[2 + (p.pick % 2)]!;
      if (p.target === 'line' && allLines.length) target = allLines[p.pick % allLines.length]!.l.id;
      if (p.target === 'order' && orders.length) target = orders[p.pick % orders.length]!.id;
      return { policy: g.policies[i]!, target, day: day(p.offset), amount: p.amount };
    });
    const ads: ShopAd[] = g.ads.map((a) => ({
      day: day(a.offset),
      account: a.account,
      plan: a.plan,
      planName: a.plan === null ? null : `Plan ${a.plan}${a.renamed ? ' (renamed)' : ''}`,
      product: a.product,
      channel: a.channel,
      spend: a.spend,
      attributedGmv: a.attributedGmv,
      file: a.file,
    }));
    // Every SKU has a cost from the start: its own row, else its product's row.
    const costs: ShopCost[] = [];
    const productCost = new Map<string, number>();
    g.productCosts.forEach((c, i) => {
      if (c === null) return;
      productCost.set(PRODUCTS[i]!, c);
      costs.push({ sku: PRODUCTS[i]!, unitCost: c, validFrom: null, name: null });
    });
    g.catalog.forEach((item, i) => {
      const c = g.skuCosts[i]!;
      const covered = item.product !== null && productCost.has(item.product);
      const base = c.base ?? (covered ? null : 1000);
      if (base !== null) costs.push({ sku: item.sku, unitCost: base, validFrom: null, name: c.name });
      if (c.later)
        costs.push({ sku: item.sku, unitCost: c.later.cost, validFrom: day(c.later.offset), name: null });
    });
    const fixed: ShopFixed[] = g.fixed.map((f) => ({
      month: addDays(start, f.monthShift < 0 ? -1 : f.monthShift > 0 ? 32 : 0).slice(0, 7),
      category: f.category,
      amount: f.amount,
    }));
    return {
      month: g.month,
      settings: g.settings,
      orders,
      commissions,
      premiums,
      ads,
      costs,
      fixed,
      amountStyle: g.amountStyle,
    };
  });

export function settingsOf(shop: Shop): Settings {
  return {
    platformFeeRate: shop.settings.rate,
    shippingPerParcel: shop.settings.shipping,
    packagingPerParcel: shop.settings.packaging,
    returnWriteoffRate: shop.settings.writeoff,
  };
}

/** The paid lines of the shop, with their order. */
export function paidLines(shop: Shop): { order: ShopOrder; line: ShopLine }[] {
  return shop.orders
    .filter((o) => o.paidAt !== null)
    .flatMap((o) => o.lines.map((line) => ({ order: o, line })));
}

/** The facts the sources would read from the shop's files (unpaid lines are skipped there). */
export function shopFacts(shop: Shop): MergedFacts {
  const src = (file: string, i: number) => ({ file, line: i + 2 });
  const lines: OrderLineFact[] = paidLines(shop).map(({ order, line }, i) => ({
    kind: 'order_line',
    order: order.id,
    line: line.id,
    paidDay: order.day,
    paidAt: order.paidAt,
    productId: line.product,
    skuCode: line.sku,
    sku: line.sku,
    skuName: line.name,
    channel: line.channel,
    author: line.author,
    units: line.units,
    gmv: line.gmv,
    refunded: line.refunded,
    shipped: line.shipped,
    stage: line.shipped ? 2 : 1,
    exportedAt: null,
    source: src('orders.csv', i),
  }));
  return {
    lines,
    commissions: shop.commissions.map((c, i) => ({
      kind: 'commission',
      ...c,
      exportedAt: null,
      source: src('c.csv', i),
    })),
    premiums: shop.premiums.map((p, i) => ({
      kind: 'premium',
      ...p,
      exportedAt: null,
      source: src('i.csv', i),
    })),
    ads: shop.ads.map(({ file: _file, ...a }, i) => ({
      kind: 'ad_spend',
      ...a,
      exportedAt: null,
      source: src('a.csv', i),
    })),
    unitCosts: shop.costs.map((c, i) => ({ kind: 'unit_cost', ...c, source: src('cost.csv', i) })),
    fixedCosts: shop.fixed.map((f, i) => ({ kind: 'fixed_cost', ...f, source: src('fixed.csv', i) })),
  };
}

/** All facts as one list, for tests that shuffle them. */
export function factList(f: MergedFacts): Fact[] {
  return [...f.lines, ...f.commissions, ...f.premiums, ...f.ads, ...f.unitCosts, ...f.fixedCosts];
}

// ---------------------------------------------------------------------------------------------
// CSV files

/** Yuan text for fen, in one of the renderings the amount grammar accepts. */
export function yuan(fenAmount: number, style: number): string {
  const neg = fenAmount < 0;
  const abs = Math.abs(fenAmount);
  const int = String(Math.floor(abs / 100));
  const frac = String(abs % 100).padStart(2, '0');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const short = frac === '00' ? int : frac.endsWith('0') ? `${int}.${frac[0]}` : `${int}.${frac}`;
  const plain = `${int}.${frac}`;
  switch (style % 5) {
    case 1:
      return neg ? `(${plain})` : `¥${plain}`;
    case 2:
      return neg ? `¥-${plain}` : `${plain}元`;
    case 3:
      return `${neg ? '-' : ''}${grouped}.${frac}`;
    case 4:
      return `${neg ? '-' : ''}${short}`;
    default:
      return `${neg ? '-' : ''}${plain}`;
  }
}

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A deterministic PRNG (mulberry32), for shuffles driven by one generated number. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One CSV file: header + rows, rows (and columns) shuffled when `random` is given. */
function csv(header: readonly string[], rows: readonly (readonly string[])[], random?: () => number): string {
  let cols = header.map((_, i) => i);
  let body = rows;
  if (random) {
    cols = shuffled(cols, random);
    body = shuffled(rows, random);
  }
  const line = (r: readonly string[]) => cols.map((i) => cell(r[i] ?? '')).join(',');
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}

/** The shop as the project's own CSV files and a roi-ledger.json: file name → text. */
export function shopFiles(shop: Shop, shuffleSeed?: number): Map<string, string> {
  const random = shuffleSeed === undefined ? undefined : rng(shuffleSeed);
  const money = (v: number, i: number) => yuan(v, shop.amountStyle + i);
  const files = new Map<string, string>();
  const orderHeader = [
    'order_id',
    'line_id',
    'paid_at',
    'sku',
    'quantity',
    'gmv',
    'product_id',
    'sku_name',
    'channel',
    'author',
    'shipped_at',
    'refunded',
  ];
  for (const f of [0, 1] as const) {
    const rows = shop.orders
      .filter((o) => o.file === f)
      .flatMap((o) =>
        o.lines.map((l, i) => [
          o.id,
          l.id,
          o.paidAt ?? '',
          l.sku,
          String(l.units),
          money(l.gmv, i),
          l.product ?? '',
          l.name ?? '',
          l.channel === UNKNOWN_CHANNEL ? (i % 2 ? '-' : '') : l.channel,
          l.author === NO_AUTHOR ? '' : l.author,
          l.shipped ? `${addDays(o.day, 1)} 09:30:00` : '',
          l.refunded ? 'yes' : 'no',
        ]),
      );
    files.set(`orders-${'ab'[f]}.csv`, csv(orderHeader, rows, random));
  }
  files.set(
    'commissions.csv',
    csv(
      ['line_id', 'date', 'commission', 'settled'],
      shop.commissions.map((c, i) => [c.line, c.day, money(c.amount, i), c.settled ? 'yes' : 'no']),
      random,
    ),
  );
  files.set(
    'insurance.csv',
    csv(
      ['policy_id', 'line_id', 'date', 'premium'],
      shop.premiums.map((p, i) => [p.policy, p.target, `${p.day} 12:00:00`, money(p.amount, i)]),
      random,
    ),
  );
  const adHeader = [
    'date',
    'spend',
    'account',
    'plan_id',
    'plan_name',
    'product_id',
    'channel',
    'attributed_gmv',
  ];
  for (const f of [0, 1] as const)
    files.set(
      `ads-${'ab'[f]}.csv`,
      csv(
        adHeader,
        shop.ads
          .filter((a) => a.file === f)
          .map((a, i) => [
            a.day,
            money(a.spend, i),
            a.account ?? '',
            a.plan ?? '',
            a.planName ?? '',
            a.product ?? '',
            a.channel ?? '',
            a.attributedGmv === null ? '' : money(a.attributedGmv, i + 1),
          ]),
        random,
      ),
    );
  files.set(
    'cost-sheet.csv',
    csv(
      ['sku', 'unit_cost', 'valid_from', 'name'],
      shop.costs.map((c, i) => [c.sku, money(c.unitCost, i), c.validFrom ?? '', c.name ?? '']),
      random,
    ),
  );
  files.set(
    'fixed-costs.csv',
    csv(
      ['month', 'category', 'amount'],
      shop.fixed.map((f, i) => [f.month, f.category, money(f.amount, i)]),
      random,
    ),
  );
  files.set(
    'roi-ledger.json',
    `${JSON.stringify(
      {
        platform_fee_rate: shop.settings.rate,
        shipping_per_parcel: yuan(shop.settings.shipping, 0),
        packaging_per_parcel: yuan(shop.settings.packaging, 0),
        return_writeoff_rate: shop.settings.writeoff,
      },
      null,
      2,
    )}\n`,
  );
  return files;
}

/** Writes the files into `dir` (created when missing). */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
}

/** The CSV file names of a shop (the settings file is found beside them, or given with --config). */
export function csvNames(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((n) => n.endsWith('.csv'));
}
