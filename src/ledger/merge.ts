/**
 * Each fact is counted once. Facts from all files are keyed; the same key with the same figures is
 * a duplicate, a forward move in an order line's life is an update (the most advanced state wins),
 * anything else is a conflict naming both places (or, with --prefer newest, the newer export wins).
 */
import type { Diagnostic, SourceLocation } from './diagnostics.js';
import type { Fact } from './facts.js';
import type { KeptFacts } from './line-store.js';

export type Comparison = 'same' | 'forward' | 'backward' | 'conflict';

export interface MergeStats {
  duplicates: number;
  updates: number;
  rejected: number;
}

export interface MergeResult<T extends Fact> {
  readonly kept: T[];
  readonly diagnostics: Diagnostic[];
  /** Per source file: rows not used (identical or superseded), rows that replaced an older state, conflicts. */
  readonly stats: Map<string, MergeStats>;
}

export interface MergeRule<T> {
  /** Names the fact for messages: "order line 6917…". */
  describe(fact: T): string;
  key(fact: T): string;
  compare(older: T, newer: T): Comparison;
  /**
   * Forward moves are a life in time (an order line): between two exports that both carry an export
   * time, the newer one must hold the more advanced state, else the state went backwards (a conflict).
   */
  readonly lifeInTime?: boolean;
}

function where(s: SourceLocation): string {
  return `${s.file}:${s.line}`;
}

/** Export time of a fact, when its file carries one (used only by --prefer newest). */
function exportedAt(f: Fact): number | null {
  return 'exportedAt' in f ? f.exportedAt : null;
}

/**
 * Merges facts one at a time, as the files are read, so that only the kept fact of each key is held.
 * `onDrop` hears of every fact that is not kept (a duplicate, a superseded state, a conflict).
 */
export class Merger<T extends Fact> {
  private readonly stats = new Map<string, MergeStats>();
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly rule: MergeRule<T>,
    private readonly opts: { preferNewest: boolean },
    private readonly onDrop: (fact: T) => void = () => undefined,
    /** Where kept facts live: a Map, or a compact store (order lines: `LineStore`). */
    readonly byKey: KeptFacts<T> = new Map<string, T>(),
  ) {}

  private stat(f: T): MergeStats {
    let s = this.stats.get(f.source.file);
    if (!s) this.stats.set(f.source.file, (s = { duplicates: 0, updates: 0, rejected: 0 }));
    return s;
  }

  add(f: T): void {
    const { rule, byKey } = this;
    const k = rule.key(f);
    const prev = byKey.get(k);
    if (prev === undefined) {
      byKey.set(k, f);
      return;
    }
    let cmp = rule.compare(prev, f);
    const [a, b] = [exportedAt(prev), exportedAt(f)];
    const wentBack =
      rule.lifeInTime === true &&
      (cmp === 'forward' || cmp === 'backward') &&
      a !== null &&
      b !== null &&
      a !== b &&
      (cmp === 'forward') !== b > a;
    if (wentBack) cmp = 'conflict';
    if (cmp === 'same') {
      this.stat(f).duplicates++;
      this.onDrop(f);
    } else if (cmp === 'forward') {
      byKey.set(k, f);
      this.stat(prev).duplicates++;
      this.stat(f).updates++;
      this.onDrop(prev);
    } else if (cmp === 'backward') {
      this.stat(f).duplicates++;
      this.stat(prev).updates++;
      this.onDrop(f);
    } else {
      if (this.opts.preferNewest && a !== null && b !== null && a !== b) {
        const [newer, older]: [T, T] = b > a ? [f, prev] : [prev, f];
        byKey.set(k, newer);
        this.stat(older).duplicates++;
        this.stat(newer).updates++;
        this.onDrop(older);
        this.diagnostics.push({
          severity: 'warning',
          code: 'W_REPLACED',
          message: `${rule.describe(f)} differs between two exports; the newer one at ${where(newer.source)} replaced ${where(older.source)}`,
          file: newer.source.file,
          line: newer.source.line,
        });
        return;
      }
      this.stat(f).rejected++;
      this.onDrop(f);
      this.diagnostics.push({
        severity: 'error',
        code: 'E_DUP_CONFLICT',
        message: wentBack
          ? `${rule.describe(f)} is also at ${where(prev.source)}, and the newer of the two exports shows an earlier state`
          : `${rule.describe(f)} is also at ${where(prev.source)} with different figures`,
        file: f.source.file,
        line: f.source.line,
        hint:
          prev.source.file === f.source.file
            ? 'one export holds the key twice with other figures: Excel may have cut 19-digit ids to 15 digits; use the original export'
            : a !== null && b !== null && a !== b
              ? 'pass --prefer newest to take the newer export'
              : 'the same key with other figures is not a forward move in its life; remove one file, or pass --prefer newest when both carry an export time',
      });
    }
  }

  result(): MergeResult<T> {
    return { ...this.outcome(), kept: [...this.byKey.values()] };
  }

  /** Diagnostics and per-file counts, without listing the kept facts (they stay in `byKey`). */
  outcome(): Omit<MergeResult<T>, 'kept'> {
    return { diagnostics: this.diagnostics, stats: this.stats };
  }
}

export function mergeFacts<T extends Fact>(
  facts: readonly T[],
  rule: MergeRule<T>,
  opts: { preferNewest: boolean },
): MergeResult<T> {
  const m = new Merger(rule, opts);
  for (const f of facts) m.add(f);
  return m.result();
}
