/**
 * The order lines of a later part of a file, read on the second thread while this one reads the
 * part before: kept in row order, unmerged, for this thread to merge after its own part, as if it
 * had read them itself (what a merge keeps and reports depends on the order of the rows).
 *
 * A line whose id is new in the part is a row of a LineStore (its columns move between threads
 * without a copy, and merge without a fact object when the id is new here too); a line whose id
 * came earlier in the part stays a fact, in its place among the rows.
 */
import type { OrderLineFact } from './facts.js';
import { LineStore, Remap } from './line-store.js';
import type { Merger } from './merge.js';
import { reconciledAmount } from './reconcile.js';

/** Rows between two releases of the rows replayed (a page of the columns). */
const RELEASE_MASK = (1 << 16) - 1;

/** A log is replayed once: after `replay` it holds nothing readable. */
export class LineLog {
  readonly lines: LineStore;
  /** Facts whose line id came earlier in the part, each after the `before` first rows of `lines`. */
  readonly repeats: { readonly before: number; readonly fact: OrderLineFact }[] = [];
  /** What the part's facts carry for reconciliation (`reconciledAmount`), summed. */
  input = 0;

  /**
   * `shareWith`: the log of another part of the same file, whose days, origins and cells this one
   * adds to: they cross threads once, and one `Remap` serves the replay of both.
   */
  constructor(shareWith?: LineLog) {
    this.lines = new LineStore(shareWith?.lines);
  }

  add(f: OrderLineFact): void {
    // Before the store takes it: a fact the store refuses (out of range) was counted as read, as a
    // merge that refuses it counts it.
    const v = reconciledAmount(f);
    if (v !== null) this.input += v;
    if (this.lines.find(f.line) >= 0) this.repeats.push({ before: this.lines.size, fact: f });
    else this.lines.set(f.line, f);
  }

  /**
   * No row comes after the last added: frees the tables that find ids, which the replay does not use
   * (it reads the ids by index). On the second thread, that memory is reused by its next part.
   */
  seal(): void {
    this.lines.forgetLookups();
  }

  /**
   * Merges the part, row by row, into `merger`, whose store is `store`; its lines are `lineOffset`
   * further down the file than the part counted them. `map`: what an earlier replay of a log sharing
   * this one's days, origins and cells learnt of them.
   */
  replay(merger: Merger<OrderLineFact>, store: LineStore, lineOffset: number, map = new Remap()): void {
    const { lines, repeats } = this;
    const moved = (f: OrderLineFact): OrderLineFact => ({
      ...f,
      source: { file: f.source.file, line: f.source.line + lineOffset },
    });
    const n = lines.size;
    let r = 0;
    for (let j = 0; j <= n; j++) {
      for (; r < repeats.length && repeats[r]!.before === j; r++) merger.add(moved(repeats[r]!.fact));
      if (j === n) break;
      if (!store.absorb(lines, j, lineOffset, map)) merger.add(moved(lines.fact(j)));
      // The rows merged are read no more: their pages go while the store here grows.
      if ((j & RELEASE_MASK) === RELEASE_MASK) lines.release(j + 1);
    }
    lines.release(n);
  }
}
