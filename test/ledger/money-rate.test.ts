/** applyRate's integer fast path must equal exact BigInt arithmetic, rounding half away from zero. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate } from '../../src/ledger/money.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`money-rate.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

/** fen × rate by BigInt: rate "a.b" = ab / 10^len(b); half away from zero. */
function reference(fen: number, rate: string): number {
  const [int, frac = ''] = rate.split('.');
  const num = BigInt(`${int}${frac}`) * BigInt(fen);
  const den = 10n ** BigInt(frac.length);
  const neg = num < 0n;
  const abs = neg ? -num : num;
  let q = abs / den;
  if (2n * (abs % den) >= den) q += 1n;
  const n = Number(neg ? -q : q);
  return n === 0 ? 0 : n;
}

describe('applyRate', () => {
  it('matches BigInt arithmetic for any fen and any rate with up to 12 decimals', () => {
    const rate = fc
      .tuple(fc.integer({ min: 0, max: 1 }), fc.stringMatching(/^\d{0,12}$/))
      .map(([i, f]) => (f ? `${i}.${f}` : `${i}`));
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), rate, (fen, r) => {
        expect(applyRate(fen, r)).toBe(reference(fen, r));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('rounds half away from zero on both sides', () => {
    expect(applyRate(8990, '0.05')).toBe(450);
    expect(applyRate(-8990, '0.05')).toBe(-450);
    expect(applyRate(8970, '0.05')).toBe(449); // 448.5 → 449
    expect(applyRate(-1, '0.5')).toBe(-1);
    expect(applyRate(1, '0.4')).toBe(0);
    expect(Object.is(applyRate(-1, '0.4'), -0)).toBe(false);
  });
});
