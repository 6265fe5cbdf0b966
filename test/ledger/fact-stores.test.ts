import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommissionStore, PremiumStore } from '../../src/ledger/fact-stores.js';
import type { CommissionFact, PremiumFact } from '../../src/ledger/facts.js';
import { IdTable } from '../../src/ledger/ids.js';
import { commission, premium } from '../helpers/facts.js';
import { anyAmount, anyDay, anyId } from '../helpers/shapes.js';

const where = fc
  .tuple(
    fc.option(fc.integer(), { nil: null }),
    fc.constantFrom('commissions/a.csv', 'insurance/b.csv'),
    fc.oneof(fc.nat(100_000), fc.constantFrom(2 ** 31, 2 ** 32 + 1)),
  )
  .map(([exportedAt, file, line]) => ({ exportedAt, source: { file, line } }));

const anyCommission: fc.Arbitrary<CommissionFact> = fc
  .tuple(fc.record({ line: anyId, day: anyDay, amount: anyAmount, settled: fc.boolean() }), where)
  .map(([f, w]) => ({ kind: 'commission', ...f, ...w }));

const anyPremium: fc.Arbitrary<PremiumFact> = fc
  .tuple(fc.record({ policy: anyId, target: anyId, day: anyDay, amount: anyAmount }), where)
  .map(([f, w]) => ({ kind: 'premium', ...f, ...w }));

/** Sets facts, then facts under keys already set, into `store` and a Map; returns the Map. */
function fill<T>(
  store: { set(key: string, f: T): void },
  key: (f: T) => string,
  rekey: (f: T, k: string) => T,
  facts: readonly T[],
  overwrites: readonly (readonly [number, T])[],
): Map<string, T> {
  const model = new Map<string, T>();
  const keep = (f: T) => {
    store.set(key(f), f);
    model.set(key(f), f);
  };
  facts.forEach(keep);
  const keys = [...model.keys()];
  for (const [k, f] of overwrites) keep(keys.length ? rekey(f, keys[k % keys.length]!) : f);
  return model;
}

describe('CommissionStore', () => {
  it('reads every commission back as the very fact last kept under its line', () => {
    fc.assert(
      fc.property(
        fc.array(anyCommission, { maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), anyCommission), { maxLength: 30 }),
        (facts, overwrites) => {
          const store = new CommissionStore();
          const model = fill(
            store,
            (f) => f.line,
            (f, line) => ({ ...f, line }),
            facts,
            overwrites,
          );
          expect(store.size).toBe(model.size);
          expect([...store]).toStrictEqual([...model.values()]);
          for (const [id, f] of model) {
            const j = store.lines.find(id);
            expect(store.get(id)).toStrictEqual(f);
            expect([store.line(j), store.day(j), store.amount(j), store.settled(j)]).toStrictEqual([
              f.line,
              f.day,
              f.amount,
              f.settled,
            ]);
            expect([store.source(j), store.exportedAt(j)]).toStrictEqual([f.source, f.exportedAt]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a fact under another key', () => {
    expect(() => new CommissionStore().set('L2', commission())).toThrow(/key L2/);
  });
});

describe('PremiumStore', () => {
  it('reads every premium back as the very fact last kept under its policy, its target findable in the lines', () => {
    fc.assert(
      fc.property(
        fc.array(anyPremium, { maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), anyPremium), { maxLength: 30 }),
        (facts, overwrites) => {
          const store = new PremiumStore();
          const model = fill(
            store,
            (f) => f.policy,
            (f, policy) => ({ ...f, policy }),
            facts,
            overwrites,
          );
          expect(store.size).toBe(model.size);
          expect([...store]).toStrictEqual([...model.values()]);
          // The booking finds each target among the lines by its index in `targets`.
          const lines = new IdTable();
          const targets = [...new Set([...model.values()].map((f) => f.target))];
          targets.forEach((t) => lines.intern(t));
          // Rows are numbered in the order their policies were first kept.
          const policies = [...model.keys()];
          for (const [id, f] of model) {
            const j = policies.indexOf(id);
            expect(store.get(id)).toStrictEqual(f);
            expect([store.target(j), store.day(j), store.amount(j)]).toStrictEqual([
              f.target,
              f.day,
              f.amount,
            ]);
            expect([store.source(j), store.exportedAt(j)]).toStrictEqual([f.source, f.exportedAt]);
            expect(lines.findFrom(store.targets, store.targetIndex(j))).toBe(targets.indexOf(f.target));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a fact under another key', () => {
    expect(() => new PremiumStore().set('X', premium())).toThrow(/key X/);
  });
});
