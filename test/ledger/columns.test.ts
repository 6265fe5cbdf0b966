import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Days,
  dropSpares,
  F64Column,
  freeNow,
  NumberColumn,
  Origins,
  U32Column,
  UintColumn,
} from '../../src/ledger/columns.js';
import { anyAmount, anyDay } from '../helpers/shapes.js';

/** Writes (index, value) pairs over `n` rows and checks each row reads back its last value. */
function roundTrip(
  column: { get(i: number): number; set(i: number, v: number): void },
  n: number,
  writes: readonly (readonly [number, number])[],
): void {
  const model = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    column.set(i, 0);
    model.set(i, 0);
  }
  for (const [i, v] of writes) {
    column.set(i, v);
    model.set(i, v);
  }
  const wrong = [...model].filter(([i, v]) => !Object.is(column.get(i), v));
  expect(wrong).toEqual([]);
}

describe('UintColumn', () => {
  it('widens from 8 bits to 16, 24 and 32, by any steps, and keeps every value written before, across pages', () => {
    const n = 140_000;
    for (const steps of [
      [300, 70_000, 0x1234567, 0xffffffff],
      [0xffffff],
      [0xffffffff],
      [0x10000, 0x1000000],
    ]) {
      const c = new UintColumn();
      const model = Array.from({ length: n }, (_, i) => i % 251);
      const check = () => expect(model.filter((v, i) => c.get(i) !== v)).toEqual([]);
      model.forEach((v, i) => c.set(i, v));
      check();
      steps.forEach((v, k) => {
        // Wider values at both ends and in a middle page; then a new page, and a small value again.
        for (const i of [k, n - 1 - k, 70_000 + k, n + k]) {
          c.set(i, v);
          model[i] = v;
        }
        c.set(k + 10, 7);
        model[k + 10] = 7;
        check();
      });
    }
  });

  it('reads back any integer 0 … 2^32 − 1', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(1000), fc.oneof(fc.nat(255), fc.nat(65_535), fc.nat(0xffffff), fc.nat(0xffffffff))),
          { maxLength: 300 },
        ),
        (writes) => roundTrip(new UintColumn(), 1001, writes),
      ),
    );
  });

  it('refuses what it could not read back', () => {
    for (const v of [-1, 0.5, 2 ** 32, NaN, Infinity])
      expect(() => new UintColumn().set(0, v)).toThrow(RangeError);
  });
});

describe('NumberColumn', () => {
  const anyNumber = fc.oneof(
    anyAmount,
    fc.nat(0xffffffff),
    fc.constantFrom(-1, 0xfffffffe, 0xffffffff, 2 ** 32, -2147483647, 2147483647),
  );

  it('reads back any number exactly, signed or not: integers in as few bytes as they need, the rest aside', () => {
    for (const signed of [true, false])
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(300), anyNumber), { maxLength: 400 }), (writes) =>
          roundTrip(new NumberColumn(signed), 301, writes),
        ),
      );
  });

  it('a value put aside and then overwritten in place reads the new value', () => {
    for (const signed of [true, false]) {
      const c = new NumberColumn(signed);
      for (const v of [-2147483648, -0, 1e15, NaN, 5, -7, 2 ** 31, 0, 0xffffffff, 1]) {
        c.set(70_000, v);
        expect(Object.is(c.get(70_000), v)).toBe(true);
      }
    }
  });
});

describe('F64Column and U32Column', () => {
  it('read back what was written, across pages', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(66_000), fc.maxSafeInteger()), { maxLength: 50 }), (writes) =>
        roundTrip(new F64Column(), 66_001, writes),
      ),
      { numRuns: 10 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(66_000), fc.nat(0xffffffff)), { maxLength: 50 }), (writes) =>
        roundTrip(new U32Column(), 66_001, writes),
      ),
      { numRuns: 10 },
    );
  });
});

describe('Days', () => {
  it('numbers distinct days in the order first seen, with their text and days since 1970', () => {
    fc.assert(
      fc.property(fc.array(anyDay, { maxLength: 200 }), (days) => {
        const d = new Days();
        const seen = new Map<string, number>();
        for (const day of days) {
          if (!seen.has(day)) seen.set(day, seen.size);
          expect(d.of(day)).toBe(seen.get(day));
        }
        for (const [day, k] of seen) {
          expect(d.text(k)).toBe(day);
          expect(d.number(k)).toBe(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
        }
      }),
    );
  });

  it('refuses what is not a calendar day, the empty text first of all', () => {
    const d = new Days();
    for (const bad of ['', '2026-02-30', '2026-13-01', '2026-1-01', '20260101', '2026-01-01 ']) {
      expect(() => d.of(bad)).toThrow(/day/);
    }
    expect(d.of('1970-01-01')).toBe(0);
    expect(d.number(0)).toBe(0);
  });
});

describe('Origins', () => {
  it('numbers (file, export time) pairs and reads them back', () => {
    const o = new Origins();
    const a = o.of('a.csv', null);
    const b = o.of('a.csv', 1_790_817_157);
    const c = o.of('b.csv', null);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(o.of('a.csv', null)).toBe(a);
    expect([o.file(b), o.exportedAt(b), o.file(c), o.exportedAt(c)]).toEqual([
      'a.csv',
      1_790_817_157,
      'b.csv',
      null,
    ]);
  });
});

describe('freeNow', () => {
  it('detaches the array (its memory goes at once), and leaves empty and shared buffers as they are', () => {
    const a = new Int32Array(1 << 20).fill(7);
    freeNow(a);
    expect([a.length, a.buffer.byteLength]).toEqual([0, 0]);
    freeNow(a); // already empty: nothing to do
    const shared = new Int32Array(new SharedArrayBuffer(64)).fill(3);
    freeNow(shared);
    expect([shared.length, shared[15]]).toEqual([16, 3]);
  });

  it('keeps released pages as spares for new pages, zeroed, and frees the rest with dropSpares', () => {
    const n = 3 * 65_536 + 5;
    const [u, w, f] = [new UintColumn(), new NumberColumn(true), new U32Column()];
    for (let i = 0; i < n; i++) {
      u.set(i, i % 70_000);
      w.set(i, -i);
      f.set(i, i * 3);
    }
    const pages = (c: object) =>
      (c as { low?: ArrayBufferView[]; pages?: ArrayBufferView[] }).low ??
      (c as { pages: ArrayBufferView[] }).pages;
    const released = [pages(u)[0]!.buffer, pages(u)[1]!.buffer, pages(f)[0]!.buffer, pages(f)[1]!.buffer];
    for (const c of [u, w, f]) c.release(2 * 65_536 + 1);
    expect(pages(u).slice(0, 2)).toEqual([undefined, undefined]);
    for (let i = 2 * 65_536; i < n; i++)
      expect([u.get(i), w.get(i), f.get(i)]).toEqual([i % 70_000, -i, i * 3]);
    // A new 32-bit column takes a released 32-bit page, zeroed, and not one of another length.
    const g = new U32Column();
    g.set(5, 1);
    const taken = pages(g)[0]!;
    expect(released.slice(2)).toContain(taken.buffer);
    expect([g.get(0), g.get(5), g.get(65_535)]).toEqual([0, 1, 0]);
    dropSpares();
    // The spares no column took are freed: the other 32-bit page and the 16-bit ones.
    const left = released.filter((b) => b !== taken.buffer);
    expect(left.map((b) => b.byteLength)).toEqual([0, 0, 0]);
    expect(taken.buffer.byteLength).toBe(65_536 * 4);
    // With no spares left, a page is new.
    const h = new U32Column();
    h.set(0, 2);
    expect(released).not.toContain(pages(h)[0]!.buffer);
  });
});
