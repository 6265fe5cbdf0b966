import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable, numericHalves, numericText } from '../../src/ledger/ids.js';

const halves = new Uint32Array(2);

describe('numeric ids', () => {
  it('reads 19-digit Douyin ids back exactly', () => {
    for (const id of ['6907882937271828182', '18446744069414584319', '9007199254740993', '1', '0']) {
      expect(numericHalves(id, halves)).toBe(true);
      expect(numericText(halves[0]!, halves[1]!)).toBe(id);
    }
  });

  it('leaves text ids, leading zeros and values from 2^64 − 2^32 on to the text path', () => {
    for (const id of ['0306703', 'A-1001', '', '18446744069414584320', '99999999999999999999', '12 3', '+1'])
      expect(numericHalves(id, halves)).toBe(false);
  });

  it('round-trips any 64-bit value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 2n ** 32n - 1n }), (v) => {
        const s = v.toString();
        expect(numericHalves(s, halves)).toBe(true);
        expect(numericText(halves[0]!, halves[1]!)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('IdTable', () => {
  it('gives dense indices in first-seen order and finds them again', () => {
    const t = new IdTable();
    expect(t.intern('6907882937271828182')).toBe(0);
    expect(t.intern('A-1')).toBe(1);
    expect(t.intern('0306703')).toBe(2);
    expect(t.intern('306703')).toBe(3);
    expect(t.intern('运费险/1')).toBe(4);
    expect(t.intern('71790808967273475268/51790808967274298811')).toBe(5);
    expect(t.find('运费险/1')).toBe(4);
    expect(t.find('71790808967273475268/51790808967274298811')).toBe(5);
    expect(t.idOf(5)).toBe('71790808967273475268/51790808967274298811');
    expect(t.intern('6907882937271828182')).toBe(0);
    expect(t.find('A-1')).toBe(1);
    expect(t.find('306703')).toBe(3);
    expect(t.find('6907882937271828183')).toBe(-1);
    expect(t.find('B')).toBe(-1);
    expect([0, 1, 2, 3].map((i) => t.idOf(i))).toEqual(['6907882937271828182', 'A-1', '0306703', '306703']);
  });

  it('holds many ids across table growth and compares them as text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.bigInt({ min: 0n, max: 2n ** 64n - 2n }).map(String),
            fc.nat(10_000).map(String),
            fc.string({ maxLength: 6 }),
            fc.string({ unit: 'grapheme', maxLength: 4 }),
            fc
              .tuple(fc.bigInt({ min: 10n ** 19n, max: 10n ** 20n - 1n }), fc.nat())
              .map(([a, b]) => `${a}/${b}`),
            fc.nat(999).map((n) => `0${n}`),
          ),
          { maxLength: 3000 },
        ),
        (ids) => {
          const t = new IdTable();
          const seen = new Map<string, number>();
          for (const id of ids) {
            const i = t.intern(id);
            if (!seen.has(id)) seen.set(id, seen.size);
            expect(i).toBe(seen.get(id));
          }
          expect(t.size).toBe(seen.size);
          const keys = [...seen.keys()];
          for (const [id, i] of seen) {
            expect(t.find(id)).toBe(i);
            expect(t.idOf(i)).toBe(id);
          }
          for (let k = 0; k + 1 < keys.length; k++) {
            const [a, b] = [keys[k]!, keys[k + 1]!];
            expect(Math.sign(t.compare(seen.get(a)!, seen.get(b)!))).toBe(a < b ? -1 : a > b ? 1 : 0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps long ids across arena pages, and ids too long for the arena in the Map', () => {
    const t = new IdTable();
    const ids = Array.from(
      { length: 40 },
      (_, k) => `${String.fromCharCode(65 + (k % 26))}${'x'.repeat(60_000)}${k}`,
    );
    ids.push('y'.repeat(70_000));
    ids.forEach((id, k) => expect(t.intern(id)).toBe(k));
    ids.forEach((id, k) => {
      expect(t.find(id)).toBe(k);
      expect(t.idOf(k)).toBe(id);
    });
  });
});
