import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, spreadOverDays } from '../../src/ledger/allocate.js';
import type { Share } from '../../src/ledger/allocate.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`allocate.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
const runs = { numRuns: 200, seed };

const shares = (...weights: (number | bigint)[]): Share[] =>
  weights.map((weight, i) => ({ key: String.fromCharCode(97 + i), weight }));

describe('allocate: worked examples (math.md §2.3)', () => {
  it('shipping 800 fen over lines 5990/2990/990 → 481/240/79', () => {
    expect(allocate(800, shares(5990, 2990, 990))).toEqual([481, 240, 79]);
  });

  it('the same shipping by quantity 2/1/1 → 400/200/200', () => {
    expect(allocate(800, shares(2, 1, 1))).toEqual([400, 200, 200]);
  });

  it('order coupon -1000 fen by 5990/2990/990 → -601/-300/-99', () => {
    expect(allocate(-1000, shares(5990, 2990, 990))).toEqual([-601, -300, -99]);
  });

  it('fixed cost 600000 fen by net GMV 8123456/5432109/2779435 → 298382/199527/102091', () => {
    expect(allocate(600000, shares(8123456, 5432109, 2779435))).toEqual([298382, 199527, 102091]);
  });

  it('campaign spend 1234567 fen by 30000/15000/5000 → 740740/370370/123457', () => {
    expect(allocate(1234567, shares(30000, 15000, 5000))).toEqual([740740, 370370, 123457]);
  });

  it('100 fen over three equal weights a/b/c → 34/33/33, the extra fen to key a', () => {
    expect(allocate(100, shares(1, 1, 1))).toEqual([34, 33, 33]);
    // the same keys in another order: key a still gets the extra fen
    const reordered = [
      { key: 'c', weight: 1 },
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ];
    expect(allocate(100, reordered)).toEqual([33, 34, 33]);
  });

  it('case 67: 10.00 over three SKUs with equal weights → 3.34/3.33/3.33', () => {
    const skus = ['SKU-2', 'SKU-1', 'SKU-3'].map((key) => ({ key, weight: 7 }));
    expect(allocate(1000, skus)).toEqual([333, 334, 333]);
  });

  it('7 fen over 10/6/5 → 3/2/2', () => {
    expect(allocate(7, shares(10, 6, 5))).toEqual([3, 2, 2]);
  });
});

describe('allocate: tie-breaks', () => {
  it('equal remainders go to the larger weight before the smaller key', () => {
    // quotas 0.5 and 1.5: the remainders tie, the weight decides even though "a" is the smaller key
    expect(
      allocate(2, [
        { key: 'a', weight: 1 },
        { key: 'b', weight: 3 },
      ]),
    ).toEqual([0, 2]);
  });

  it('keys compare by code unit, not by locale', () => {
    // "B" (0x42) < "a" (0x61); localeCompare would put "a" first
    expect(
      allocate(1, [
        { key: 'a', weight: 1 },
        { key: 'B', weight: 1 },
      ]),
    ).toEqual([0, 1]);
    // "10" < "9" as strings
    expect(
      allocate(1, [
        { key: '9', weight: 1 },
        { key: '10', weight: 1 },
      ]),
    ).toEqual([0, 1]);
    // U+1F600 is stored as the surrogate 0xD83D…, below U+FFFF by code unit (not by code point)
    expect(
      allocate(1, [
        { key: '\uffff', weight: 1 },
        { key: '😀', weight: 1 },
      ]),
    ).toEqual([0, 1]);
  });

  it('the largest remainder wins over a larger weight', () => {
    // quotas 2.4 and 1.6: the extra fen goes to the .6 remainder, not to the larger weight
    expect(allocate(4, shares(3, 2))).toEqual([2, 2]);
  });
});

describe('allocate: edge cases (math.md §2.4)', () => {
  it('a single share takes the whole total', () => {
    expect(allocate(12345, shares(7))).toEqual([12345]);
    expect(allocate(-12345, shares(1n))).toEqual([-12345]);
  });

  it('a zero weight gets 0, even when fen are left over', () => {
    expect(allocate(100, shares(0, 1, 0, 1, 1))).toEqual([0, 34, 0, 33, 33]);
  });

  it('a zero total gives zeros', () => {
    expect(allocate(0, shares(3, 0, 5))).toEqual([0, 0, 0]);
  });

  it('a negative total never gives -0', () => {
    const parts = allocate(-1, shares(1, 1, 1));
    expect(parts).toEqual([-1, 0, 0]);
    expect(parts?.every((p) => !Object.is(p, -0))).toBe(true);
    const zero = allocate(-0, shares(1, 1));
    expect(zero?.every((p) => Object.is(p, 0))).toBe(true);
  });

  it('all weights zero, or no shares, gives null (the caller books it to (unattributed))', () => {
    expect(allocate(100, shares(0, 0))).toBeNull();
    expect(allocate(100, shares(0n, 0))).toBeNull();
    expect(allocate(100, [])).toBeNull();
    expect(allocate(0, [])).toBeNull();
  });

  it('throws on a negative or non-integer weight', () => {
    expect(() => allocate(100, shares(1, -1))).toThrow(RangeError);
    expect(() => allocate(100, shares(1, -1n))).toThrow(RangeError);
    expect(() => allocate(100, shares(1.5))).toThrow(/non-negative integer/);
    expect(() => allocate(100, shares(Number.NaN))).toThrow(RangeError);
    expect(() => allocate(100, shares(Infinity))).toThrow(RangeError);
    // a negative weight throws even when it would not change anything else
    expect(() => allocate(0, shares(0, -1))).toThrow(RangeError);
  });

  it('throws on a total that is not a safe integer of fen', () => {
    expect(() => allocate(1.5, shares(1))).toThrow(RangeError);
    expect(() => allocate(2 ** 53, shares(1))).toThrow(RangeError);
  });

  it('stays exact when T·W passes 2^53 (BigInt path)', () => {
    const T = Number.MAX_SAFE_INTEGER;
    const parts = allocate(T, shares(1, 1, 1));
    expect(parts).toEqual([3002399751580331, 3002399751580330, 3002399751580330]);
    expect(parts?.reduce((a, b) => a + b, 0)).toBe(T);
    // weights far past 2^53, as bigint and as exact numbers
    expect(allocate(10, shares(10n ** 30n, 2n * 10n ** 30n, 2n * 10n ** 30n))).toEqual([2, 4, 4]);
    expect(allocate(10, shares(1e30, 2e30, 2e30))).toEqual(
      allocate(10, shares(BigInt(1e30), BigInt(2e30), BigInt(2e30))),
    );
    expect(allocate(-5, shares(1, 2n))).toEqual([-2, -3]);
  });

  it('returns a fresh array each call', () => {
    const input = shares(1, 1);
    const a = allocate(10, input);
    const b = allocate(10, input);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });
});

describe('spreadOverDays', () => {
  it('gives the extra fen to the earliest days', () => {
    expect(spreadOverDays(100, ['2024-01-01', '2024-01-02', '2024-01-03'])).toEqual([34, 33, 33]);
    expect(spreadOverDays(101, ['2024-01-01', '2024-01-02', '2024-01-03'])).toEqual([34, 34, 33]);
  });

  it('ranks days by date, not by position', () => {
    expect(spreadOverDays(100, ['2024-01-03', '2024-01-01', '2024-01-02'])).toEqual([33, 34, 33]);
  });

  it('spreads a month evenly and exactly', () => {
    const days = Array.from({ length: 31 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    const parts = spreadOverDays(1000, days); // 32 × 31 = 992: the first 8 days get 33
    expect(parts.slice(0, 8)).toEqual(Array(8).fill(33));
    expect(parts.slice(8)).toEqual(Array(23).fill(32));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(spreadOverDays(-1000, days)).toEqual(parts.map((p) => -p));
  });

  it('throws when there is no day to spread over', () => {
    expect(() => spreadOverDays(100, [])).toThrow(RangeError);
  });
});

describe('properties (bad-inputs.md §3 invariant 3)', () => {
  const weight = fc.oneof(
    fc.constant(0),
    fc.nat({ max: 10 }),
    fc.nat(),
    fc.maxSafeNat(),
    fc.bigInt({ min: 0n, max: 2n ** 80n }),
  );
  const total = fc.oneof(
    fc.constant(0),
    fc.integer({ min: -1000, max: 1000 }),
    fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
    fc.maxSafeInteger(),
  );
  const keyed = fc.uniqueArray(fc.record({ key: fc.string({ maxLength: 6 }), weight }), {
    minLength: 1,
    maxLength: 12,
    selector: (s) => s.key,
  });
  const hasWeight = (list: readonly Share[]) => list.some((s) => BigInt(s.weight) > 0n);

  it('parts sum to T, sit within 1 fen of their quota, and a zero weight gets 0', () => {
    fc.assert(
      fc.property(total, keyed, (T, list) => {
        fc.pre(hasWeight(list));
        const parts = allocate(T, list);
        expect(parts).not.toBeNull();
        if (parts === null) return;
        expect(parts).toHaveLength(list.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(T);
        const W = list.reduce((a, s) => a + BigInt(s.weight), 0n);
        list.forEach((s, i) => {
          const part = parts[i]!;
          expect(Number.isSafeInteger(part) && !Object.is(part, -0)).toBe(true);
          // |part − T·w/W| < 1  ⇔  |part·W − T·w| < W
          const gap = BigInt(part) * W - BigInt(T) * BigInt(s.weight);
          expect(gap < W && -gap < W).toBe(true);
          if (BigInt(s.weight) === 0n) expect(part).toBe(0);
          if (T !== 0) expect(part === 0 || part < 0 === T < 0).toBe(true);
        });
      }),
      runs,
    );
  });

  it('the part of each key does not depend on the order of the shares', () => {
    const withOrder = keyed.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(total, withOrder, (T, [list, shuffled]) => {
        fc.pre(hasWeight(list));
        const byKey = (l: readonly Share[]) => {
          const parts = allocate(T, l)!;
          return new Map(l.map((s, i) => [s.key, parts[i]]));
        };
        expect(byKey(shuffled)).toEqual(byKey(list));
        expect(byKey([...list].reverse())).toEqual(byKey(list));
      }),
      runs,
    );
  });

  it('the plain-number fast path and the BigInt path agree', () => {
    const small = fc.uniqueArray(
      fc.record({ key: fc.string({ maxLength: 4 }), weight: fc.nat({ max: 100000 }) }),
      {
        minLength: 1,
        maxLength: 10,
        selector: (s) => s.key,
      },
    );
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), small, (T, list) => {
        fc.pre(hasWeight(list));
        const asBig = list.map((s) => ({ key: s.key, weight: BigInt(s.weight) }));
        expect(allocate(T, list)).toEqual(allocate(T, asBig));
      }),
      runs,
    );
  });

  it('plain numbers and BigInt agree across the 2^53 product boundary', () => {
    const wide = fc.uniqueArray(
      fc.record({ key: fc.string({ maxLength: 4 }), weight: fc.nat({ max: 2 ** 34 }) }),
      {
        minLength: 1,
        maxLength: 10,
        selector: (s) => s.key,
      },
    );
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 24), max: 2 ** 24 }), wide, (T, list) => {
        fc.pre(hasWeight(list));
        const parts = allocate(T, list)!;
        expect(parts).toEqual(
          allocate(
            T,
            list.map((s) => ({ key: s.key, weight: BigInt(s.weight) })),
          ),
        );
        expect(parts.reduce((a, b) => a + b, 0)).toBe(T);
      }),
      runs,
    );
  });

  it('a negative total is the negated split of its magnitude', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), keyed, (T, list) => {
        fc.pre(hasWeight(list));
        const positive = allocate(T, list)!;
        expect(allocate(-T, list)).toEqual(positive.map((p) => (p === 0 ? 0 : -p)));
      }),
      runs,
    );
  });

  it('spreadOverDays sums exactly and never differs by more than 1 fen between days', () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 366 }), (T, n) => {
        const days = Array.from({ length: n }, (_, i) => `d${String(i).padStart(3, '0')}`);
        const parts = spreadOverDays(T, days);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(T);
        const abs = parts.map(Math.abs);
        expect(Math.max(...abs) - Math.min(...abs)).toBeLessThanOrEqual(1);
        // non-increasing magnitudes: the extra fen sit on the earliest days
        expect(abs.every((a, i) => i === 0 || a <= abs[i - 1]!)).toBe(true);
      }),
      runs,
    );
  });
});
