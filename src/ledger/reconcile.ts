/**
 * Reconciliation: for every file, the money its rows carried (input), the part dropped as duplicates
 * or superseded states, and what the ledger booked from it. `input − duplicates = ledger` must hold to
 * the fen, or a row was lost or counted twice.
 */
import type { Entry, EntryKind, Fen } from './entry.js';
import type { Fact } from './facts.js';

export interface Reconciliation {
  readonly file: string;
  /** What is compared: gmv, commission, insurance, ad_spend, fixed_cost. */
  readonly amount: string;
  readonly input: Fen;
  readonly duplicates: Fen;
  readonly ledger: Fen;
  readonly ok: boolean;
}

/** The money a fact carries, and the ledger entries that book it (signed: costs are negative entries). */
const BOOKED: Partial<
  Record<Fact['kind'], { amount: string; of: (f: Fact) => Fen; kinds: readonly EntryKind[]; sign: 1 | -1 }>
> = {
  order_line: { amount: 'gmv', of: (f) => (f.kind === 'order_line' ? f.gmv : 0), kinds: ['gmv'], sign: 1 },
  commission: {
    amount: 'commission',
    of: (f) => (f.kind === 'commission' ? f.amount : 0),
    kinds: ['commission'],
    sign: -1,
  },
  premium: {
    amount: 'insurance',
    of: (f) => (f.kind === 'premium' ? f.amount : 0),
    kinds: ['insurance'],
    sign: -1,
  },
  ad_spend: {
    amount: 'ad_spend',
    of: (f) => (f.kind === 'ad_spend' ? f.spend : 0),
    kinds: ['ad_spend'],
    sign: -1,
  },
  fixed_cost: {
    amount: 'fixed_cost',
    of: (f) => (f.kind === 'fixed_cost' ? f.amount : 0),
    kinds: ['fixed_cost'],
    sign: -1,
  },
};

/** The entry kinds reconciliation reads: ask the ledger for these only. */
export const RECONCILED_KINDS: ReadonlySet<EntryKind> = new Set(
  Object.values(BOOKED).flatMap((r) => r.kinds),
);

export function reconcile(
  files: readonly { readonly file: string; readonly facts: readonly Fact[] }[],
  kept: ReadonlySet<Fact>,
  entries: Iterable<Entry>,
): Reconciliation[] {
  const booked = new Map<string, Map<EntryKind, Fen>>();
  for (const e of entries) {
    let byKind = booked.get(e.source.file);
    if (!byKind) booked.set(e.source.file, (byKind = new Map()));
    byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + e.amount);
  }
  const out: Reconciliation[] = [];
  for (const f of files) {
    const first = f.facts[0];
    const rule = first ? BOOKED[first.kind] : undefined;
    if (!rule) continue;
    let input = 0;
    let duplicates = 0;
    for (const x of f.facts) {
      const v = rule.of(x);
      input += v;
      if (!kept.has(x)) duplicates += v;
    }
    let ledger = 0;
    for (const k of rule.kinds) ledger += rule.sign * (booked.get(f.file)?.get(k) ?? 0);
    out.push({
      file: f.file,
      amount: rule.amount,
      input,
      duplicates,
      ledger: ledger || 0,
      ok: input - duplicates === ledger,
    });
  }
  return out;
}
