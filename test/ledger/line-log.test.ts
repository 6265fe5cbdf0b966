import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderLineFact } from '../../src/ledger/facts.js';
import { orderLineRule } from '../../src/ledger/keys.js';
import { LineLog } from '../../src/ledger/line-log.js';
import { LineStore } from '../../src/ledger/line-store.js';
import { Merger } from '../../src/ledger/merge.js';
import { reconciledAmount } from '../../src/ledger/reconcile.js';
import { line } from '../helpers/facts.js';
import { anyId, anyOrderLine } from '../helpers/shapes.js';

/** Few line ids, so that lines repeat: duplicates, forward moves and conflicts, within and across parts. */
const fewIds = fc.oneof(fc.constantFrom('6917926768823640001', '6917926768823640002', 'L-1', 'L-2'), anyId);
/** Facts whose store may refuse them (units beyond 32 bits, stage beyond 63) are left out: the loader rejects them first. */
const anyLine = anyOrderLine(fewIds).filter((f) => f.units <= 0xffffffff && f.stage <= 63);

/** A merge of order lines into a line store, and what it dropped. */
function merging(preferNewest: boolean) {
  const store = new LineStore();
  let dropped = 0;
  const merger = new Merger(
    orderLineRule,
    { preferNewest },
    (f) => (dropped += reconciledAmount(f) ?? 0),
    store,
  );
  return { store, merger, dropped: () => dropped };
}

/** Everything a merge leaves: kept lines in store order, diagnostics, counts, and what it dropped. */
function result(m: ReturnType<typeof merging>) {
  const o = m.merger.outcome();
  return {
    kept: [...m.store.values()],
    diagnostics: o.diagnostics,
    stats: [...o.stats],
    dropped: m.dropped(),
  };
}

/** The part's facts as they came: lines `offset` higher than the whole file counts them. */
const movedUp = (f: OrderLineFact, offset: number): OrderLineFact => ({
  ...f,
  source: { file: f.source.file, line: f.source.line - offset },
});

describe('LineLog', () => {
  it('merges a later part read apart exactly as reading the rows in one piece does', () => {
    fc.assert(
      fc.property(
        fc.array(anyLine, { maxLength: 60 }),
        fc.nat(),
        fc.nat(1000),
        fc.boolean(),
        fc.boolean(),
        (facts, cut, offset, preferNewest, sealed) => {
          const k = cut % (facts.length + 1);
          const whole = merging(preferNewest);
          for (const f of facts) whole.merger.add(f);

          const split = merging(preferNewest);
          for (const f of facts.slice(0, k)) split.merger.add(f);
          const log = new LineLog();
          for (const f of facts.slice(k)) log.add(movedUp(f, offset));
          // Sealed, as the second thread sends it: the replay reads ids by index only.
          if (sealed) log.seal();
          log.replay(split.merger, split.store, offset);

          expect(result(split)).toEqual(result(whole));
          const input = facts.slice(k).reduce((a, f) => a + (reconciledAmount(f) ?? 0), 0);
          expect(log.input).toBe(input);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a line whose id came earlier in the part as a fact, in its place', () => {
    const log = new LineLog();
    const first = line({ line: '6917926768823640001', source: { file: 'o.csv', line: 1 } });
    const other = line({ line: '6917926768823640002', source: { file: 'o.csv', line: 2 } });
    const again = line({
      line: '6917926768823640001',
      shipped: false,
      stage: 1,
      source: { file: 'o.csv', line: 3 },
    });
    for (const f of [first, other, again]) log.add(f);
    expect(log.lines.size).toBe(2);
    expect(log.repeats).toEqual([{ before: 2, fact: again }]);
    log.seal();
    expect(() => log.lines.find('6917926768823640002')).toThrow(/freed/);

    // The part's second sight of the line is older than its first: a backward move, counted so.
    const m = merging(false);
    log.replay(m.merger, m.store, 10);
    expect([...m.store.values()].map((f) => [f.line, f.source.line])).toEqual([
      ['6917926768823640001', 11],
      ['6917926768823640002', 12],
    ]);
    expect([...m.merger.outcome().stats]).toEqual([['o.csv', { duplicates: 1, updates: 1, rejected: 0 }]]);
    // Replayed, the log has freed what finds its rows: a lookup is a bug, and says so.
    expect(() => log.lines.find('6917926768823640001')).toThrow(/freed/);
  });
});
