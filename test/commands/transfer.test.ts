import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClassRegistry, pack, unpack } from '../../src/commands/transfer.js';
import * as columns from '../../src/ledger/columns.js';
import * as factStores from '../../src/ledger/fact-stores.js';
import * as ids from '../../src/ledger/ids.js';
import * as lineStore from '../../src/ledger/line-store.js';
import type { OrderLineFact } from '../../src/ledger/facts.js';
import { commission, line, premium } from '../helpers/facts.js';

const CLASSES = new ClassRegistry([columns, ids, lineStore, factStores]);

/** Through a real message channel's copy, with the buffers moved. */
function send<T>(value: T): T {
  const { data, transfer } = pack(value, CLASSES);
  return unpack(structuredClone(data, { transfer }), CLASSES) as T;
}

const id = fc.oneof(
  fc.bigInt({ min: 10n ** 18n, max: 10n ** 19n - 1n }).map(String),
  fc.stringMatching(/^0?[0-9]{1,20}$/),
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('订单-1', 'A\u00e9', 'x'.repeat(300)),
);

describe('pack and unpack', () => {
  it('a line store comes back with its class, its facts and its lookups', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ line: id, order: id, gmv: fc.integer({ min: 0, max: 2 ** 40 }) }), {
          selector: (r) => r.line,
          minLength: 1,
          maxLength: 40,
        }),
        (rows) => {
          const store = new lineStore.LineStore();
          const facts: OrderLineFact[] = rows.map((r, i) =>
            line({
              line: r.line,
              order: r.order,
              gmv: r.gmv,
              source: { file: `f${i % 3}.csv`, line: i + 2 },
            }),
          );
          for (const f of facts) store.set(f.line, f);
          const back = send(store);
          expect(back).toBeInstanceOf(lineStore.LineStore);
          expect([...back.values()]).toEqual(facts);
          for (const f of facts) expect(back.get(f.line)).toEqual(f);
          expect(back.find('no such line')).toBe(-1);
          // Still a working store: it keeps new facts after the move.
          const more = line({ line: 'new line', order: facts[0]!.order });
          back.set(more.line, more);
          expect(back.get(more.line)).toEqual(more);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('commission and premium stores come back whole', () => {
    const c = new factStores.CommissionStore();
    const cs = [
      commission({ line: '6917000000000000001' }),
      commission({ line: 'X-2', settled: true, amount: -5 }),
    ];
    for (const f of cs) c.set(f.line, f);
    const p = new factStores.PremiumStore();
    const ps = [premium({ policy: '71790808967273475268', target: '6917000000000000001' })];
    for (const f of ps) p.set(f.policy, f);
    const back = send({ c, p, list: [c] });
    expect(back.c).toBeInstanceOf(factStores.CommissionStore);
    expect([...back.c.values()]).toEqual(cs);
    expect([...back.p.values()]).toEqual(ps);
    expect(back.p.targetIndex(0)).toBe(0);
    // One store referred to twice is one store after the move.
    expect(back.list[0]).toBe(back.c);
  });

  it('where rows were read crosses as its runs, rows written again and odd lines too, and goes on', () => {
    const runs = new columns.SourceRuns();
    const model: [number, number][] = [];
    const put = (i: number, o: number, l: number) => {
      runs.set(i, o, l);
      model[i] = [o, l];
    };
    for (let i = 0; i < 70_000; i++) put(i, i < 40_500 ? 0 : 1, i + 2 + Math.floor(i / 1000));
    put(70_000, 1, -0);
    put(70_001, 1, 2 ** 32 + 1);
    put(5, 2, 9);
    put(69_999, 0, NaN);
    const pages = (runs as unknown as { pages: Uint32Array[] }).pages.map((p) => p.buffer);
    const { data, transfer } = pack(runs, CLASSES);
    // Its pages are moved, not copied.
    expect(pages.length).toBe(1);
    expect(transfer).toEqual(expect.arrayContaining(pages));
    const back = unpack(structuredClone(data, { transfer }), CLASSES) as columns.SourceRuns;
    expect(back).toBeInstanceOf(columns.SourceRuns);
    // A line skipped every 1 000 rows, another origin at 40 500, two odd lines; rows 5 and 69 999 aside.
    expect([back.runs, back.rewrites]).toEqual([73, 2]);
    put(70_002, 1, 2 ** 32 + 2);
    back.set(70_002, 1, 2 ** 32 + 2);
    back.set(7, 2, 10);
    model[7] = [2, 10];
    const wrong = model.filter(([o, l], i) => back.originOf(i) !== o || !Object.is(back.lineOf(i), l));
    expect(wrong).toEqual([]);
  });

  it('moves whole buffers and copies views of part of one', () => {
    const whole = new Uint32Array([1, 2, 3]);
    const buf = new ArrayBuffer(16);
    const part = new Uint8Array(buf, 4, 4);
    const { transfer } = pack({ whole, part }, CLASSES);
    expect(transfer).toEqual([whole.buffer]);
  });

  it('keeps plain data, Maps, Sets, holes and nulls as they are', () => {
    const holes: (string | undefined)[] = [];
    holes[3] = 'x';
    const value = { m: new Map([['a', { b: [1, null] }]]), s: new Set([1, 2]), holes, n: null, u: undefined };
    const back = send(value);
    expect(back).toEqual(value);
    expect(2 in back.holes).toBe(false);
  });

  it('refuses what cannot cross: functions and classes outside the registry', () => {
    class Stranger {
      x = 1;
    }
    expect(() => pack({ f: () => 1 }, CLASSES)).toThrow(/cannot send a function/);
    expect(() => pack([new Stranger()], CLASSES)).toThrow(/cannot send a Stranger/);
    expect(() => unpack({ '\u0000class': 'Nope', fields: {} }, CLASSES)).toThrow(/no class Nope/);
  });
});
