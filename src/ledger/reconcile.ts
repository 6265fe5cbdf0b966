/**
 * Reconciliation: for every file, the money its rows carried (input), the part dropped as duplicates
 * or superseded states, and what the ledger booked from it. `input − duplicates = ledger` must hold to
 * the fen, or a row was lost or counted twice.
 */
import { sourceFile } from './book.js';
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

/**
 * What one file's rows carried: tallied while it is read and merged (input), and as facts are
 * dropped by the merge (duplicates, superseded states, conflicts).
 */
export class FileTally {
  input: Fen = 0;
  dropped: Fen = 0;
  constructor(
    readonly file: string,
    readonly kind: Fact['kind'],
  ) {}
}

/** The money a fact carries for reconciliation, or null for facts that book nothing themselves. */
export function reconciledAmount(f: Fact): Fen | null {
  const rule = BOOKED[f.kind];
  return rule ? rule.of(f) : null;
}

/**
 * Reads entries as another walk hands them over (an entry is read only during the call): the walk
 * asks for `kinds` and calls `visit` once for each entry of them.
 */
export interface EntryVisitor {
  readonly kinds: ReadonlySet<EntryKind>;
  visit(e: Entry): void;
}

/**
 * What the ledger booked from each file, per entry kind, summed as its entries go by: the report's
 * own walk feeds one (another walk of a big ledger costs seconds), else the pipeline walks for it.
 */
export class BookedSums implements EntryVisitor {
  readonly kinds = RECONCILED_KINDS;
  private readonly booked = new Map<string, Map<EntryKind, Fen>>();
  // The entries of one file mostly come one after another.
  private file: string | null = null;
  private byKind = new Map<EntryKind, Fen>();

  readonly visit = (e: Entry): void => {
    const file = sourceFile(e);
    if (file !== this.file) {
      this.file = file;
      const known = this.booked.get(this.file);
      if (known) this.byKind = known;
      else this.booked.set(this.file, (this.byKind = new Map()));
    }
    this.byKind.set(e.kind, (this.byKind.get(e.kind) ?? 0) + e.amount);
  };

  /** Each file's tally against what was booked from it. */
  against(tallies: readonly FileTally[]): Reconciliation[] {
    const out: Reconciliation[] = [];
    for (const t of tallies) {
      const rule = BOOKED[t.kind];
      if (!rule) continue;
      let ledger = 0;
      for (const k of rule.kinds) ledger += rule.sign * (this.booked.get(t.file)?.get(k) ?? 0);
      out.push({
        file: t.file,
        amount: rule.amount,
        input: t.input,
        duplicates: t.dropped,
        ledger: ledger || 0,
        ok: t.input - t.dropped === ledger,
      });
    }
    return out;
  }
}
