/**
 * Largest-remainder (Hamilton) allocation of integer fen: the one splitting rule of the ledger
 * (parcel costs over lines, plan spend over SKUs, fixed costs over rows and days). Parts always sum
 * exactly to the total.
 */
import type { Fen } from './entry.js';

export interface Share {
  readonly key: string;
  /** Non-negative integer. */
  readonly weight: number | bigint;
}

const TWO_POW_53 = 2 ** 53;

/**
 * Splits `total` fen over `shares` by weight. Each part gets the floor of its exact quota |T|·w/W; the
 * fen left over go one each to the largest remainders, ties to the larger weight, then to the smaller
 * key (plain `<`, code unit by code unit). A negative total is split by magnitude, then negated.
 * Parts come back in the order of `shares`, and each key's part does not depend on that order.
 *
 * Returns null when there are no shares or all weights are zero: the caller books the total to
 * `(unattributed)`. Throws RangeError on a negative or non-integer weight, or a total that is not a
 * safe integer.
 * @example allocate(800, [{ key: 'a', weight: 5990 }, { key: 'b', weight: 2990 }, { key: 'c', weight: 990 }]) // [481, 240, 79]
 */
export function allocate(total: Fen, shares: readonly Share[]): Fen[] | null {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be a safe integer of fen, got ${total}`);
  const n = shares.length;
  let anyPositive = false;
  let allNumbers = true;
  let weightSum = 0;
  for (const share of shares) {
    const w = share.weight;
    if (typeof w === 'number') {
      if (!Number.isInteger(w) || w < 0) throw badWeight(share);
      weightSum += w;
      if (w > 0) anyPositive = true;
    } else {
      if (w < 0n) throw badWeight(share);
      allNumbers = false;
      if (w > 0n) anyPositive = true;
    }
  }
  if (!anyPositive) return null;

  const negative = total < 0;
  const t = negative ? -total : total;
  const parts = new Array<Fen>(n).fill(0);
  if (t === 0) return parts;

  // Float rounding is monotone: if the computed product is below 2^53 the exact one is too, and then
  // every t·w, its remainder and its quotient are exact in plain numbers.
  if (allNumbers && Number.isSafeInteger(weightSum) && t * weightSum < TWO_POW_53) {
    const rems = new Array<number>(n);
    let left = t;
    for (let i = 0; i < n; i++) {
      const p = t * (shares[i]!.weight as number);
      const r = p % weightSum;
      const base = (p - r) / weightSum;
      parts[i] = base;
      rems[i] = r;
      left -= base;
    }
    if (left > 0) giveLeftovers(parts, left, rems, shares);
  } else {
    const bigT = BigInt(t);
    let bigW = 0n;
    for (const share of shares) bigW += BigInt(share.weight);
    const rems = new Array<bigint>(n);
    let left = t;
    for (let i = 0; i < n; i++) {
      const p = bigT * BigInt(shares[i]!.weight);
      const base = Number(p / bigW); // at most t, so safe
      parts[i] = base;
      rems[i] = p % bigW;
      left -= base;
    }
    if (left > 0) giveLeftovers(parts, left, rems, shares);
  }

  if (negative) for (let i = 0; i < n; i++) if (parts[i] !== 0) parts[i] = -parts[i]!;
  return parts;
}

/** One fen each to the `left` largest remainders (0 < left < n, and only non-zero remainders qualify). */
function giveLeftovers(
  parts: Fen[],
  left: number,
  rems: readonly (number | bigint)[],
  shares: readonly Share[],
): void {
  const order = shares.map((_, i) => i);
  order.sort((a, b) => {
    const ra = rems[a]!;
    const rb = rems[b]!;
    if (ra > rb) return -1;
    if (ra < rb) return 1;
    // Relational operators compare number and bigint exactly, so mixed weights need no conversion.
    const wa = shares[a]!.weight;
    const wb = shares[b]!.weight;
    if (wa > wb) return -1;
    if (wa < wb) return 1;
    const ka = shares[a]!.key;
    const kb = shares[b]!.key;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a - b; // duplicate keys: identical shares, any order gives the same multiset
  });
  for (let i = 0; i < left; i++) parts[order[i]!]! += 1;
}

function badWeight(share: Share): RangeError {
  return new RangeError(
    `weight of ${JSON.stringify(share.key)} must be a non-negative integer, got ${String(share.weight)}`,
  );
}

/**
 * Spreads `total` fen evenly over `days` (yyyy-mm-dd), by largest remainder: the extra fen go to the
 * earliest days. Parts come back in the order of `days`. Throws RangeError when `days` is empty.
 * @example spreadOverDays(100, ['2024-01-01', '2024-01-02', '2024-01-03']) // [34, 33, 33]
 */
export function spreadOverDays(total: Fen, days: readonly string[]): Fen[] {
  const parts = allocate(
    total,
    days.map((key) => ({ key, weight: 1 })),
  );
  if (parts === null) throw new RangeError('no days to spread the amount over');
  return parts;
}
