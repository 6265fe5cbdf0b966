import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/ledger/diagnostics.js';
import type { Fact, OrderLineFact } from '../../src/ledger/facts.js';
import {
  adSpendRule,
  commissionRule,
  fixedCostRule,
  orderLineRule,
  premiumRule,
  unitCostRule,
} from '../../src/ledger/keys.js';
import { mergeFacts, type MergeResult } from '../../src/ledger/merge.js';
import { ad, commission, fixedCost, line, premium, unitCost } from '../helpers/facts.js';

const at = (file: string, n: number) => ({ source: { file, line: n } });
const opts = { preferNewest: false };
const newest = { preferNewest: true };

function statsOf<T extends Fact>(r: MergeResult<T>): Record<string, unknown> {
  return Object.fromEntries([...r.stats].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('mergeFacts: duplicates', () => {
  it('the same key with the same figures is kept once and counted as a duplicate of the later file', () => {
    const a = line(at('a.csv', 2));
    const b = line(at('b.csv', 7));
    const r = mergeFacts([a, b], orderLineRule, opts);
    expect(r.kept).toEqual([a]);
    expect(r.diagnostics).toEqual([]);
    expect(statsOf(r)).toEqual({ 'b.csv': { duplicates: 1, updates: 0, rejected: 0 } });
  });

  it('different keys are all kept, in first-seen order', () => {
    const facts = [line({ line: 'L2' }), line({ line: 'L1' }), line({ line: 'L3' })];
    expect(mergeFacts(facts, orderLineRule, opts).kept).toEqual(facts);
  });

  it('every kind of fact is deduped by its own key', () => {
    const cases: [Fact[], number][] = [
      [[commission(at('a', 2)), commission(at('b', 2))], 1],
      [[premium(at('a', 2)), premium(at('b', 2)), premium({ policy: 'POL2' })], 2],
      [[ad(at('a', 2)), ad(at('b', 2))], 1],
      [[unitCost(at('a', 2)), unitCost(at('b', 2)), unitCost({ validFrom: '2026-09-10' })], 2],
      [[fixedCost(at('a', 2)), fixedCost(at('b', 2))], 1],
    ];
    const rules = [commissionRule, premiumRule, adSpendRule(() => 'own'), unitCostRule, fixedCostRule];
    cases.forEach(([facts, kept], i) => {
      const r = mergeFacts(facts, rules[i] as never, opts);
      expect(r.kept.length).toBe(kept);
      expect(r.diagnostics).toEqual([]);
    });
  });
});

describe('mergeFacts: forward moves of an order line are updates, whichever file comes first', () => {
  const early = { shipped: false, stage: 1, refunded: false, channel: '直播' };
  const moves: [string, Partial<OrderLineFact>, Partial<OrderLineFact>][] = [
    ['not shipped → shipped', early, { ...early, shipped: true, stage: 2 }],
    ['not refunded → refunded', early, { ...early, refunded: true }],
    [
      'stage rises (shipped → completed)',
      { ...early, shipped: true, stage: 2 },
      { ...early, shipped: true, stage: 3 },
    ],
    ['channel (unknown) → known', { ...early, channel: '(unknown)' }, early],
  ];

  for (const [name, before, after] of moves)
    it(name, () => {
      const older = line({ ...before, ...at('a.csv', 3) });
      const newer = line({ ...after, ...at('b.csv', 5) });
      for (const order of [
        [older, newer],
        [newer, older],
      ]) {
        const r = mergeFacts(order, orderLineRule, opts);
        expect(r.kept).toEqual([newer]);
        expect(r.diagnostics).toEqual([]);
        // The superseded row is not used; the row holding the latest state counts as an update.
        expect(statsOf(r)).toEqual({
          'a.csv': { duplicates: 1, updates: 0, rejected: 0 },
          'b.csv': { duplicates: 0, updates: 1, rejected: 0 },
        });
      }
    });

  it('the most advanced of three exports wins, in any order', () => {
    const s1 = line({ shipped: false, stage: 1, ...at('1.csv', 2) });
    const s2 = line({ shipped: true, stage: 2, ...at('2.csv', 2) });
    const s3 = line({ shipped: true, stage: 3, refunded: true, ...at('3.csv', 2) });
    for (const order of [
      [s1, s2, s3],
      [s3, s2, s1],
      [s2, s3, s1],
    ])
      expect(mergeFacts(order, orderLineRule, opts).kept).toEqual([s3]);
  });

  it('a forward move between two dated exports is an update when the newer export holds it', () => {
    const older = line({ shipped: false, stage: 1, exportedAt: 1000, ...at('a.csv', 2) });
    const newer = line({ shipped: true, stage: 2, exportedAt: 2000, ...at('b.csv', 2) });
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const r = mergeFacts(order, orderLineRule, opts);
      expect(r.kept).toEqual([newer]);
      expect(r.diagnostics).toEqual([]);
    }
  });
});

describe('mergeFacts: conflicts', () => {
  it('an amount change is E_DUP_CONFLICT naming both file:line; the first is kept', () => {
    const a = line({ gmv: 10000, ...at('a.csv', 2) });
    const b = line({ gmv: 12000, ...at('b.csv', 9) });
    const r = mergeFacts([a, b], orderLineRule, opts);
    expect(r.kept).toEqual([a]);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ severity: 'error', code: 'E_DUP_CONFLICT', file: 'b.csv', line: 9 });
    const text = formatDiagnostic(d);
    expect(text).toContain('b.csv:9: error:');
    expect(text).toContain('a.csv:2');
    expect(text).toContain('order line L1');
    expect(statsOf(r)).toEqual({ 'b.csv': { duplicates: 0, updates: 0, rejected: 1 } });
  });

  it('a move forward in one field and backward in another is E_DUP_CONFLICT', () => {
    const a = line({ shipped: true, stage: 2, refunded: false, ...at('a.csv', 2) });
    const b = line({ shipped: false, stage: 1, refunded: true, ...at('b.csv', 4) });
    const r = mergeFacts([a, b], orderLineRule, opts);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_DUP_CONFLICT']);
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(/^b\.csv:4: error: .*a\.csv:2/);
  });

  it('a state that went backwards between two dated exports is E_DUP_CONFLICT, in either file order', () => {
    // The export taken later shows the line as not yet shipped: the state went back in time.
    const older = line({ shipped: true, stage: 2, exportedAt: 1000, ...at('1000_a.csv', 2) });
    const newer = line({ shipped: false, stage: 1, exportedAt: 2000, ...at('2000_b.csv', 6) });
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const r = mergeFacts(order, orderLineRule, opts);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['E_DUP_CONFLICT']);
      const text = formatDiagnostic(r.diagnostics[0]!);
      expect(text).toContain('1000_a.csv:2');
      expect(text).toContain('2000_b.csv:6');
      expect(text).toContain('--prefer newest');
    }
  });

  it('with --prefer newest, the newer export wins and W_REPLACED names both places', () => {
    const older = line({ gmv: 10000, exportedAt: 1000, ...at('1000_a.csv', 2) });
    const newer = line({ gmv: 12000, exportedAt: 2000, ...at('2000_b.csv', 8) });
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const r = mergeFacts(order, orderLineRule, newest);
      expect(r.kept).toEqual([newer]);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({
        severity: 'warning',
        code: 'W_REPLACED',
        file: '2000_b.csv',
        line: 8,
      });
      expect(r.diagnostics[0]!.message).toContain('1000_a.csv:2');
      expect(statsOf(r)).toEqual({
        '1000_a.csv': { duplicates: 1, updates: 0, rejected: 0 },
        '2000_b.csv': { duplicates: 0, updates: 1, rejected: 0 },
      });
    }
  });

  it('with --prefer newest, a state that went backwards takes the newer export too', () => {
    const older = line({ refunded: true, exportedAt: 1000, ...at('1000_a.csv', 2) });
    const newer = line({ refunded: false, exportedAt: 2000, ...at('2000_b.csv', 2) });
    const r = mergeFacts([older, newer], orderLineRule, newest);
    expect(r.kept).toEqual([newer]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['W_REPLACED']);
  });

  it('--prefer newest cannot choose when an export time is missing or equal', () => {
    const cases = [
      [null, 2000],
      [1000, null],
      [1000, 1000],
    ] as const;
    for (const [ta, tb] of cases) {
      const a = line({ gmv: 1, exportedAt: ta, ...at('a.csv', 2) });
      const b = line({ gmv: 2, exportedAt: tb, ...at('b.csv', 2) });
      const r = mergeFacts([a, b], orderLineRule, newest);
      expect(r.kept).toEqual([a]);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['E_DUP_CONFLICT']);
    }
    const undated = mergeFacts(
      [line({ gmv: 1, ...at('a.csv', 2) }), line({ gmv: 2, ...at('b.csv', 2) })],
      orderLineRule,
      newest,
    );
    expect(undated.diagnostics[0]!.hint).toContain('export time');
  });

  it('a key twice in one export points at Excel-cut ids, not at --prefer newest', () => {
    const r = mergeFacts(
      [
        line({ gmv: 1, exportedAt: 1000, ...at('a.csv', 2) }),
        line({ gmv: 2, exportedAt: 1000, ...at('a.csv', 3) }),
      ],
      orderLineRule,
      newest,
    );
    expect(r.diagnostics[0]!.hint).toContain('Excel may have cut');
    expect(r.diagnostics[0]!.hint).not.toContain('--prefer newest');
  });

  it('conflicts on other facts name both places too', () => {
    const r = mergeFacts(
      [premium({ amount: 30, ...at('i1.csv', 2) }), premium({ amount: 40, ...at('i2.csv', 3) })],
      premiumRule,
      opts,
    );
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(
      /^i2\.csv:3: error: premium of policy POL1 .*i1\.csv:2/,
    );
  });
});

describe('mergeFacts: commissions', () => {
  it('estimated → settled is an update in either order, whatever the export times', () => {
    const est = commission({ amount: 1000, settled: false, exportedAt: 2000, ...at('est.csv', 2) });
    const set = commission({ amount: 980, settled: true, exportedAt: 1000, ...at('set.csv', 2) });
    for (const order of [
      [est, set],
      [set, est],
    ]) {
      const r = mergeFacts(order, commissionRule, opts);
      expect(r.kept).toEqual([set]);
      expect(r.diagnostics).toEqual([]);
      expect(statsOf(r)).toEqual({
        'est.csv': { duplicates: 1, updates: 0, rejected: 0 },
        'set.csv': { duplicates: 0, updates: 1, rejected: 0 },
      });
    }
  });

  it('two estimates that differ conflict', () => {
    const r = mergeFacts([commission({ amount: 1 }), commission({ amount: 2 })], commissionRule, opts);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_DUP_CONFLICT']);
  });
});

describe('mergeFacts: per-file stats', () => {
  it('counts, per file, duplicates, updates and rejected rows', () => {
    const facts = [
      line({ line: 'L1', shipped: false, stage: 1, ...at('a.csv', 2) }),
      line({ line: 'L2', ...at('a.csv', 3) }),
      line({ line: 'L3', ...at('a.csv', 4) }),
      line({ line: 'L1', shipped: true, stage: 2, ...at('b.csv', 2) }), // update
      line({ line: 'L2', ...at('b.csv', 3) }), // duplicate
      line({ line: 'L3', gmv: 1, ...at('b.csv', 4) }), // conflict
      line({ line: 'L2', ...at('c.csv', 2) }), // duplicate
    ];
    const r = mergeFacts(facts, orderLineRule, opts);
    expect(r.kept.map((f) => [f.line, f.source.file])).toEqual([
      ['L1', 'b.csv'],
      ['L2', 'a.csv'],
      ['L3', 'a.csv'],
    ]);
    expect(statsOf(r)).toEqual({
      'a.csv': { duplicates: 1, updates: 0, rejected: 0 },
      'b.csv': { duplicates: 1, updates: 1, rejected: 1 },
      'c.csv': { duplicates: 1, updates: 0, rejected: 0 },
    });
  });
});
