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
        (adds) => {
          const sums = new CellSums();
          const model = new Map<number, number>();
          for (const [cell, amount] of adds) {
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
