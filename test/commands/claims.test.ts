import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Claims, MAX_CHUNKS } from '../../src/commands/claims.js';

describe('Claims', () => {
  it('gives every chunk once, the front in order and the back as shrinking ranges, until they meet', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.boolean(), { maxLength: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, fronts, share) => {
          const claims = Claims.over(n);
          const taken = new Array<number>(n).fill(0);
          let next = 0;
          let lastBack = n;
          for (const front of fronts) {
            if (front) {
              const k = claims.front();
              if (k < 0) break;
              expect(k).toBe(next++);
              taken[k]!++;
            } else {
              const r = claims.back(share);
              if (r === null) break;
              // From the back: right below the last range, at least one chunk, at most `share` of those left.
              expect(r.end).toBe(lastBack);
              expect(r.first).toBeLessThan(r.end);
              expect(r.end - r.first).toBeLessThanOrEqual(Math.max(1, Math.floor((r.end - next) * share)));
              lastBack = r.first;
              for (let k = r.first; k < r.end; k++) taken[k]!++;
            }
          }
          // Whatever is left goes to the front; then nothing is left for either end.
          for (let k = claims.front(); k >= 0; k = claims.front()) taken[k]!++;
          expect(claims.back(share)).toBeNull();
          expect(taken.every((t) => t === 1)).toBe(true);
          expect(claims.taken).toBe(lastBack);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shares its word: a second Claims over the same buffer sees what the first took', () => {
    const a = Claims.over(10);
    const b = new Claims(a.shared);
    expect(a.front()).toBe(0);
    expect(b.back(1 / 2)).toEqual({ first: 6, end: 10 }); // half of the 9 left, rounded down
    expect(a.back(1)).toEqual({ first: 1, end: 6 });
    expect([a.front(), b.front()]).toEqual([-1, -1]);
  });

  it('refuses a count its word cannot hold', () => {
    expect(() => Claims.over(MAX_CHUNKS + 1)).toThrow(RangeError);
    expect(() => Claims.over(-1)).toThrow(RangeError);
    expect(Claims.over(MAX_CHUNKS).back(1)).toEqual({ first: 0, end: MAX_CHUNKS });
  });
});
