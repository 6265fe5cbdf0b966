/**
 * What a shop's figures must be, computed from the shop model alone (BigInt and plain loops, no code
 * from src/ledger or src/report): the property tests compare the ledger and the report with these.
 */
import { paidLines, type Shop } from './shop.js';

/** round_half_up(fen × rate) for fen ≥ 0 and a plain decimal rate string, in exact integers. */
export function applyRateExact(fenAmount: number, rate: string): number {
  const [int, frac = ''] = rate.split('.');
  const num = BigInt(`${int}${frac}`);
  const den = 10n ** BigInt(frac.length);
  const x = BigInt(fenAmount) * num;
  return Number((2n * x + den) / (2n * den));
}

/** The unit cost a line takes: latest valid_from ≤ day among its SKU's rows, else its product's rows. */
export function unitCostOf(shop: Shop, sku: string, product: string | null, day: string): number | null {
  const find = (key: string | null): number | null => {
    if (key === null) return null;
    let best: { from: string; cost: number } | null = null;
    for (const c of shop.costs) {
      const from = c.validFrom ?? '';
      if (c.sku === key && from <= day && (best === null || from >= best.from))
        best = { from, cost: c.unitCost };
    }
    return best?.cost ?? null;
  };
  return find(sku) ?? find(product);
}

/** Ledger totals per entry kind (signed fen, positive raises profit), and the counts the notes carry. */
export interface Expected {
  gmv: number;
  refund: number;
  platform_fee: number;
  commission: number;
  commission_reversal: number;
  cogs: number;
  shipping: number;
  insurance: number;
  ad_spend: number;
  fixed_cost: number;
  units: number;
  unmatched_commissions: number;
  unmatched_premiums: number;
}

export function expectedTotals(shop: Shop): Expected {
  const paid = paidLines(shop);
  const lineIds = new Set(paid.map((p) => p.line.id));
  const refundedIds = new Set(paid.filter((p) => p.line.refunded).map((p) => p.line.id));
  const orderIds = new Set(paid.map((p) => p.order.id));
  const e: Expected = {
    gmv: 0,
    refund: 0,
    platform_fee: 0,
    commission: 0,
    commission_reversal: 0,
    cogs: 0,
    shipping: 0,
    insurance: 0,
    ad_spend: 0,
    fixed_cost: 0,
    units: 0,
    unmatched_commissions: 0,
    unmatched_premiums: 0,
  };
  const parcels = new Set<string>();
  for (const { order, line } of paid) {
    e.gmv += line.gmv;
    e.units += line.units;
    if (line.refunded) e.refund -= line.gmv;
    e.platform_fee -= applyRateExact(line.refunded ? 0 : line.gmv, shop.settings.rate);
    if (line.refunded && !line.shipped) continue;
    parcels.add(order.id);
    const cost = unitCostOf(shop, line.sku, line.product, order.day);
    if (cost === null) throw new Error(`the generator left SKU ${line.sku} without a cost`);
    const goods = cost * line.units;
    e.cogs -= line.refunded ? applyRateExact(goods, shop.settings.writeoff) : goods;
  }
  e.shipping = -parcels.size * (shop.settings.shipping + shop.settings.packaging);
  for (const c of shop.commissions) {
    e.commission -= c.amount;
    if (refundedIds.has(c.line)) e.commission_reversal += c.amount;
    if (!lineIds.has(c.line)) e.unmatched_commissions++;
  }
  for (const p of shop.premiums) {
    e.insurance -= p.amount;
    if (!lineIds.has(p.target) && !orderIds.has(p.target)) e.unmatched_premiums++;
  }
  for (const a of shop.ads) e.ad_spend -= a.spend;
  for (const f of shop.fixed) e.fixed_cost -= f.amount;
  for (const k of Object.keys(e) as (keyof Expected)[]) if (e[k] === 0) e[k] = 0; // no -0
  return e;
}

/** Days of a month (yyyy-mm), computed without Date. */
export function monthDays(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const n = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** A month's fixed cost on each of its days: the floor each, the extra fen to the earliest days. */
export function fixedPerDay(amount: number, month: string): Map<string, number> {
  const days = monthDays(month);
  const abs = Math.abs(amount);
  const base = Math.floor(abs / days.length);
  const extra = abs - base * days.length;
  const sign = amount < 0 ? -1 : 1;
  return new Map(days.map((d, i) => [d, sign * (base + (i < extra ? 1 : 0)) || 0]));
}
