/** How each kind of fact is keyed and how two facts with one key compare (DESIGN.md §3). */
import { UNKNOWN } from './entry.js';
import type {
  AdSpendFact,
  CommissionFact,
  FixedCostFact,
  OrderLineFact,
  PremiumFact,
  UnitCostFact,
} from './facts.js';
import type { Comparison, MergeRule } from './merge.js';

/** Combines per-field verdicts: all same → same; only one direction → it; both → conflict. */
function combine(parts: readonly Comparison[]): Comparison {
  let fwd = false;
  let back = false;
  for (const p of parts) {
    if (p === 'conflict') return 'conflict';
    if (p === 'forward') fwd = true;
    if (p === 'backward') back = true;
  }
  return fwd && back ? 'conflict' : fwd ? 'forward' : back ? 'backward' : 'same';
}

/** A value that may only ever be set once or rise: false → true, lower → higher. */
function rises(a: number, b: number): Comparison {
  return a === b ? 'same' : a < b ? 'forward' : 'backward';
}

function equal<T>(a: T, b: T): Comparison {
  return a === b ? 'same' : 'conflict';
}

export const orderLineRule: MergeRule<OrderLineFact> = {
  describe: (f) => `order line ${f.line}`,
  key: (f) => f.line,
  lifeInTime: true,
  compare: (a, b) =>
    combine([
      equal(a.order, b.order),
      equal(a.paidDay, b.paidDay),
      equal(a.sku, b.sku),
      equal(a.productId, b.productId),
      equal(a.units, b.units),
      equal(a.gmv, b.gmv),
      equal(a.author, b.author),
      // Attribution arrives the next day: (unknown) → a channel is a forward move.
      a.channel === b.channel
        ? 'same'
        : a.channel === UNKNOWN
          ? 'forward'
          : b.channel === UNKNOWN
            ? 'backward'
            : 'conflict',
      rises(Number(a.shipped), Number(b.shipped)),
      rises(Number(a.refunded), Number(b.refunded)),
      rises(a.stage, b.stage),
    ]),
};

export const commissionRule: MergeRule<CommissionFact> = {
  describe: (f) => `commission of order line ${f.line}`,
  key: (f) => f.line,
  compare: (a, b) => {
    if (a.settled !== b.settled) return a.settled ? 'backward' : 'forward'; // estimated → settled
    return combine([equal(a.amount, b.amount), equal(a.day, b.day)]);
  },
};

export const premiumRule: MergeRule<PremiumFact> = {
  describe: (f) => `premium of policy ${f.policy}`,
  key: (f) => f.policy,
  compare: (a, b) => combine([equal(a.amount, b.amount), equal(a.target, b.target), equal(a.day, b.day)]),
};

/** `scope` tells standard from 全域 spend: the same product and day in both are two spends. */
export function adSpendRule(scope: (f: AdSpendFact) => string): MergeRule<AdSpendFact> {
  return {
    describe: (f) =>
      `ad spend of account ${f.account ?? '-'}, plan ${f.plan ?? '-'}, product ${f.product ?? '-'} on ${f.day}`,
    key: (f) => [scope(f), f.account ?? '', f.plan ?? '', f.product ?? '', f.day].join('\u0000'),
    compare: (a, b) =>
      combine([
        equal(a.spend, b.spend),
        equal(a.attributedGmv, b.attributedGmv),
        equal(a.channel, b.channel),
      ]),
  };
}

export const unitCostRule: MergeRule<UnitCostFact> = {
  describe: (f) => `unit cost of ${f.sku}${f.validFrom ? ` from ${f.validFrom}` : ''}`,
  key: (f) => `${f.sku}\u0000${f.validFrom ?? ''}`,
  compare: (a, b) => equal(a.unitCost, b.unitCost),
};

export const fixedCostRule: MergeRule<FixedCostFact> = {
  describe: (f) => `fixed cost ${f.category} of ${f.month}`,
  key: (f) => `${f.month}\u0000${f.category}`,
  compare: (a, b) => equal(a.amount, b.amount),
};
