/** Inline facts and entries for unit tests: readable defaults, override what the test is about. */
import type { Ledger, MergedFacts } from '../../src/ledger/book.js';
import { NO_KEYS, type Entry } from '../../src/ledger/entry.js';
import type {
  AdSpendFact,
  CommissionFact,
  FixedCostFact,
  OrderLineFact,
  PremiumFact,
  Settings,
  UnitCostFact,
} from '../../src/ledger/facts.js';

export const SETTINGS: Settings = {
  platformFeeRate: '0.05',
  shippingPerParcel: 320,
  packagingPerParcel: 80,
  returnWriteoffRate: '0.1',
};

/** A paid, shipped, not refunded line of order O1, SKU1 (product P1), 1 unit, 100.00. */
export function line(over: Partial<OrderLineFact> = {}): OrderLineFact {
  const paidDay = over.paidDay ?? '2026-09-01';
  return {
    kind: 'order_line',
    order: 'O1',
    line: 'L1',
    paidDay,
    paidAt: `${paidDay} 10:00:00`,
    productId: 'P1',
    skuCode: 'SKU1',
    sku: 'SKU1',
    skuName: null,
    channel: '直播',
    author: '(none)',
    units: 1,
    gmv: 10000,
    refunded: false,
    shipped: true,
    stage: 2,
    exportedAt: null,
    source: { file: 'orders.csv', line: 2 },
    ...over,
  };
}

export function commission(over: Partial<CommissionFact> = {}): CommissionFact {
  return {
    kind: 'commission',
    line: 'L1',
    day: '2026-09-05',
    amount: 1000,
    settled: false,
    exportedAt: null,
    source: { file: 'commissions.csv', line: 2 },
    ...over,
  };
}

export function premium(over: Partial<PremiumFact> = {}): PremiumFact {
  return {
    kind: 'premium',
    policy: 'POL1',
    target: 'L1',
    day: '2026-09-06',
    amount: 30,
    exportedAt: null,
    source: { file: 'insurance.csv', line: 2 },
    ...over,
  };
}

export function ad(over: Partial<AdSpendFact> = {}): AdSpendFact {
  return {
    kind: 'ad_spend',
    day: '2026-09-01',
    account: null,
    plan: null,
    planName: null,
    product: null,
    channel: null,
    spend: 1000,
    attributedGmv: null,
    exportedAt: null,
    source: { file: 'ads.csv', line: 2 },
    ...over,
  };
}

export function unitCost(over: Partial<UnitCostFact> = {}): UnitCostFact {
  return {
    kind: 'unit_cost',
    sku: 'SKU1',
    unitCost: 4000,
    validFrom: null,
    name: null,
    source: { file: 'cost-sheet.csv', line: 2 },
    ...over,
  };
}

export function fixedCost(over: Partial<FixedCostFact> = {}): FixedCostFact {
  return {
    kind: 'fixed_cost',
    month: '2026-09',
    category: 'rent',
    amount: 300000,
    source: { file: 'fixed-costs.csv', line: 2 },
    ...over,
  };
}

export function facts(over: Partial<MergedFacts> = {}): MergedFacts {
  return { lines: [], commissions: [], premiums: [], ads: [], unitCosts: [], fixedCosts: [], ...over };
}

/** An entry with every key null; set what the test needs. */
export function entry(over: Partial<Entry> & Pick<Entry, 'kind' | 'amount'>): Entry {
  return {
    date: '2026-09-01',
    ...NO_KEYS,
    source: { file: 'test.csv', line: 1 },
    ...over,
  };
}

/** The gmv entry of a sold line: the keys ad attribution and tables look at. */
export function sale(over: Partial<Entry> & { amount: number }): Entry {
  return entry({
    kind: 'gmv',
    order: 'O1',
    line: 'L1',
    product: 'P1',
    sku: 'SKU1',
    channel: '直播',
    author: '(none)',
    units: 1,
    ...over,
  });
}

/** A ledger over fixed entries (an order's gmv entries must come together, as bookLedger yields them). */
export function ledgerOf(entries: Entry[], over: Partial<Ledger> = {}): Ledger {
  return {
    entries: function* (only?: ReadonlySet<Entry['kind']>) {
      for (const e of entries) if (only === undefined || only.has(e.kind)) yield e;
    },
    diagnostics: [],
    planNames: new Map(),
    skuNames: new Map(),
    dataThrough: null,
    notes: { unmatched_commissions: 0, unmatched_premiums: 0, settled_commission_lines: 0 },
    ...over,
  };
}
