import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdList, IdTable, numericHalves, numericText } from '../../src/ledger/ids.js';
import { anyId } from '../helpers/shapes.js';

const halves = new Uint32Array(2);

describe('numeric ids', () => {
  it('reads 19-digit Douyin ids back exactly', () => {
    for (const id of ['6907882937271828182', '18446744069414584319', '9007199254740993', '1', '0']) {
      expect(numericHalves(id, halves)).toBe(true);
      expect(numericText(halves[0]!, halves[1]!)).toBe(id);
    }
  });

  it('leaves text ids, leading zeros and values from 2^64 − 2^32 on to the text path', () => {
    for (const id of [
      '0306703',
      'A-1001',
      '',
      '18446744069414584320',
      '18446744073709551616',
      '99999999999999999999',
      '100000000000000000000',
      '12 3',
      '+1',
      '1234567890123456x',
      '12345678901234567890a',
    ])
      expect(numericHalves(id, halves)).toBe(false);
  });

  it('reads back values at the seams of its arithmetic (15 and 16 digits, 2^32, 2^53, 2^64 − 2^32)', () => {
    const seams = [
      2n ** 32n - 1n,
      2n ** 32n,
      10n ** 15n - 1n,
      10n ** 15n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
    ];
    for (const v of [...seams, 10n ** 19n - 1n, 10n ** 19n, 2n ** 64n - 2n ** 32n - 1n]) {
      const s = v.toString();
      expect(numericHalves(s, halves)).toBe(true);
      expect([halves[0], halves[1]]).toEqual([Number(v >> 32n), Number(v & 0xffffffffn)]);
      expect(numericText(halves[0]!, halves[1]!)).toBe(s);
    }
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
      (_, k) => `${String.fromCharCode(65 + (k % 26))}${'x'.repeat(30_000)}${k}`,
    );
    ids.push('1/'.repeat(16_383), `${'1/'.repeat(16_383)}2`, 'y'.repeat(32_768), '9'.repeat(70_000));
    ids.forEach((id, k) => expect(t.intern(id)).toBe(k));
    ids.forEach((id, k) => {
      expect(t.find(id)).toBe(k);
      expect(t.idOf(k)).toBe(id);
    });
    // A first page of 1 MiB, then pages of 64 MiB (mapped apart by malloc, returned when freed).
    const arena = (t as unknown as { arena: Uint8Array[] }).arena;
    expect(arena.map((p) => p.byteLength)).toEqual([1 << 20, 1 << 26]);
    t.drop();
    expect(arena.length).toBe(0);
  });
});

describe('IdTable.forget', () => {
  it('frees the lookup table: every id still reads back and compares, a lookup throws', () => {
    const t = new IdTable();
    const ids = Array.from({ length: 5000 }, (_, k) =>
      k % 3 ? String(7_000_000_000_000_000_000n + BigInt(k)) : `P${k}`,
    );
    ids.forEach((id) => t.intern(id));
    t.forget();
    expect(ids.filter((id, i) => t.idOf(i) !== id)).toEqual([]);
    expect(Math.sign(t.compare(1, 2))).toBe(-1);
    expect(() => t.find(ids[0]!)).toThrow(/freed/);
    expect(() => t.intern('new')).toThrow(/freed/);
  });
});

describe('IdTable.reserve', () => {
  it('makes room at once: ids added before and after are all found, and the table does not grow again', () => {
    const t = new IdTable();
    const ids = Array.from({ length: 30_000 }, (_, k) =>
      k % 5 ? String(6_917_000_000_000_000_000n + BigInt(k * 7919)) : `T-${k}`,
    );
    ids.slice(0, 100).forEach((id) => t.intern(id));
    t.reserve(30_000);
    const slots = (t as unknown as { slots: Int32Array }).slots;
    ids.forEach((id, i) => expect(t.intern(id)).toBe(i));
    expect((t as unknown as { slots: Int32Array }).slots).toBe(slots);
    expect(ids.filter((id, i) => t.find(id) !== i || t.idOf(i) !== id)).toEqual([]);
    t.reserve(10); // less than it holds: nothing changes
    expect((t as unknown as { slots: Int32Array }).slots).toBe(slots);
  });
});

describe('IdTable against a Map', () => {
  it('interns, finds, reads back and compares ids of every shape, and finds those of other ids', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 600 }), fc.array(anyId, { maxLength: 50 }), (ids, others) => {
        const t = new IdTable();
        const seen = new Map<string, number>();
        for (const id of ids) {
          // The merge looks up a key, then keeps it; sometimes it only looks.
          const before = t.find(id);
          expect(before).toBe(seen.get(id) ?? -1);
          if (!seen.has(id)) seen.set(id, seen.size);
          expect(t.intern(id)).toBe(seen.get(id));
        }
        expect(t.size).toBe(seen.size);
        const wrong = [...seen].filter(([id, i]) => t.find(id) !== i || t.idOf(i) !== id);
        expect(wrong).toEqual([]);
        for (const id of others) expect(t.find(id)).toBe(seen.get(id) ?? -1);
        const keys = [...seen.keys()];
        for (let k = 0; k + 1 < keys.length; k++) {
          const [a, b] = [keys[k]!, keys[k + 1]!];
          expect(Math.sign(t.compare(seen.get(a)!, seen.get(b)!))).toBe(a < b ? -1 : a > b ? 1 : 0);
        }
        // findFrom: from another table, and from a list.
        const u = new IdTable();
        const list = new IdList();
        for (const id of [...others, ...ids]) {
          const j = u.intern(id);
          expect(u.idOf(j)).toBe(id);
          list.set(list.size, id);
          expect(t.findFrom(u, j)).toBe(seen.get(id) ?? -1);
          expect(t.findFrom(list, list.size - 1)).toBe(seen.get(id) ?? -1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('interns an id again right after adding it (lines of one order come together)', () => {
    const t = new IdTable();
    for (const id of ['6907882937271828182', 'A-1', '运费险/1', '1/2']) {
      const i = t.size;
      expect([t.intern(id), t.intern(id), t.find(id), t.intern(id)]).toEqual([i, i, i, i]);
      expect(t.intern(`${id}x`)).toBe(i + 1);
      expect(t.intern(id)).toBe(i);
    }
    expect(t.size).toBe(8);
  });

  it('grows past a million ids and still finds each', () => {
    const t = new IdTable();
    const n = 1_100_000;
    const id = (k: number) => String(6907876071293240300n + BigInt(k) * 7_919_000n);
    for (let k = 0; k < n; k++) if (t.intern(id(k)) !== k) throw new Error(`intern ${k}`);
    const wrong: number[] = [];
    for (let k = 0; k < n; k += 7) if (t.find(id(k)) !== k || t.idOf(k) !== id(k)) wrong.push(k);
    for (let k = n; k < n + 1000; k++) if (t.find(id(k)) !== -1) wrong.push(k);
    expect(wrong).toEqual([]);
  });

  it('keeps indices right when ids that are not in the hash table (beyond Latin-1) come first', () => {
    const t = new IdTable();
    const ids = [
      ...Array.from({ length: 5000 }, (_, k) => `订单${k}`),
      ...Array.from({ length: 5000 }, (_, k) => String(1e12 + k)),
      ...Array.from({ length: 5000 }, (_, k) => `P/${k}`),
    ];
    // Each is found right after it is kept, before any rebuild of the table could mend a wrong slot.
    expect(ids.filter((id, k) => t.intern(id) !== k || t.find(id) !== k)).toEqual([]);
    expect(ids.filter((id, k) => t.find(id) !== k || t.idOf(k) !== id)).toEqual([]);
  });
});

describe('IdList', () => {
  it('holds an id per index, appended or replaced, each read back as given', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), anyId), { maxLength: 300 }), (writes) => {
        const list = new IdList();
        const model: string[] = [];
        for (const [at, id] of writes) {
          // Mostly appends, sometimes a replacement.
          const i = model.length === 0 || at % 3 !== 0 ? model.length : at % model.length;
          list.set(i, id);
          model[i] = id;
        }
        expect(list.size).toBe(model.length);
        expect(model.map((_, i) => list.idOf(i))).toEqual(model);
      }),
    );
  });

  it('refuses an index beyond the next', () => {
    const list = new IdList();
    list.set(0, 'a');
    expect(() => list.set(2, 'b')).toThrow(RangeError);
  });
});
