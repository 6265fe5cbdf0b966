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

  it('packed, holds 12 bytes a cell, lists the same sums, and is packed once only', () => {
    const sums = new CellSums();
    for (let c = 0; c < 1000; c++) sums.add(c, c);
    const bytes = () => {
      const s = sums as unknown as Record<'slots' | 'cellAt' | 'sumAt', ArrayBufferView>;
      return s.slots.byteLength + s.cellAt.byteLength + s.sumAt.byteLength;
    };
    expect(bytes()).toBeGreaterThan(20_000);
    sums.pack();
    expect(bytes()).toBe(12_000);
    sums.add(3, 1); // the day comes back: found again
    sums.add(1000, 5);
    sums.pack(); // not packed again: a day that keeps coming back is not rebuilt each time
    expect(bytes()).toBeGreaterThan(12_012);
    const listed: number[][] = [];
    sums.forEach((sum, cell) => listed.push([cell, sum]));
    expect(listed.length).toBe(1001);
    expect([listed[3], listed[1000]]).toEqual([
      [3, 4],
      [1000, 5],
    ]);
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
