import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellSums } from '../../src/report/cell-sums.js';

describe('CellSums', () => {
  it('sums as a Map of numbers does, and lists the cells in the order they came', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.nat(40), fc.nat(2 ** 31 - 1)), fc.integer({ min: -1e9, max: 1e9 })), {
          maxLength: 2000,
        }),
        fc.array(fc.nat(2000), { maxLength: 4 }),
        (adds, packs) => {
          const sums = new CellSums();
          const model = new Map<number, number>();
          for (const [k, [cell, amount]] of adds.entries()) {
            // Packed between adds (a day left, and come back to), once or more.
            if (packs.includes(k)) sums.pack();
            sums.add(cell, amount);
            model.set(cell, (model.get(cell) ?? 0) + amount);
          }
          const listed: [number, number][] = [];
          sums.forEach((sum, cell) => listed.push([cell, sum]));
          expect(listed).toEqual([...model]);
          expect(sums.size).toBe(model.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('packed, holds 6 bytes a cell (12 when cells or sums are big), lists the same sums, and is packed once only', () => {
    const bytes = (sums: CellSums) =>
      ['slots', 'cellAt', 'sumAt', 'packedCells', 'packedSums']
        .map((k) => (sums as unknown as Record<string, ArrayBufferView | null>)[k]?.byteLength ?? 0)
        .reduce((a, b) => a + b);
    const listed = (sums: CellSums) => {
      const out: number[][] = [];
      sums.forEach((sum, cell) => out.push([cell, sum]));
      return out;
    };
    const sums = new CellSums();
    for (let c = 0; c < 1000; c++) sums.add(c, c - 500);
    expect(bytes(sums)).toBeGreaterThan(20_000);
    sums.pack();
    expect(bytes(sums)).toBe(6_000);
    expect(listed(sums)[2]).toEqual([2, -498]);
    sums.add(3, 1); // the day comes back: found again
    sums.add(1000, 5);
    sums.pack(); // not packed again: a day that keeps coming back is not rebuilt each time
    expect(bytes(sums)).toBeGreaterThan(12_012);
    const all = listed(sums);
    expect(all.length).toBe(1001);
    expect([all[3], all[1000]]).toEqual([
      [3, -496],
      [1000, 5],
    ]);
    // A cell beyond 16 bits, a sum beyond 32 and a sum of −0 are kept exactly.
    for (const [cell, sum, held] of [
      [70_000, 1, 2 * (4 + 4)],
      [1, 2 ** 31, 2 * (2 + 8)],
      [1, -0, 2 * (2 + 8)],
    ] as const) {
      const big = new CellSums();
      big.add(0, 7);
      big.add(cell, sum);
      big.pack();
      expect(bytes(big)).toBe(held);
      expect(Object.is(listed(big)[1]![1], sum)).toBe(true);
      expect(listed(big)).toEqual([
        [0, 7],
        [cell, sum],
      ]);
    }
  });

  it('holds a hundred thousand cells across its growth', () => {
    const sums = new CellSums();
    for (let round = 0; round < 2; round++) for (let c = 0; c < 100_000; c++) sums.add(c * 7, c);
    let k = 0;
    sums.forEach((sum, cell) => {
      expect([cell, sum]).toEqual([k * 7, 2 * k]);
      k++;
    });
    expect(k).toBe(100_000);
  });
});
