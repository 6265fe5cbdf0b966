/**
 * The GB18030 tables (ASCII and two-byte pairs transcoded straight to UTF-8) against the
 * TextDecoder: the same bytes out, chunk by chunk, and the same errors, for any input cut anywhere.
 * Chunks only matter past the 64 KiB that detection reads whole, so most inputs start with HEAD.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeBytes, decodeChunks } from '../../src/sources/decode.js';
import { cutBytes } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`gb18030.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

const ORDER_ID = [0xd6, 0xf7, 0xb6, 0xa9, 0xb5, 0xa5, 0xb1, 0xe0, 0xba, 0xc5]; // 主订单编号
const JI = [0x95, 0x34, 0xb2, 0x35]; // 𠮷 U+20BB7
const U20000 = [0x95, 0x32, 0x82, 0x36]; // 𠀀 U+20000
const U0080 = [0x81, 0x30, 0x81, 0x30]; // U+0080
const BOM = [0x84, 0x31, 0x95, 0x33]; // U+FEFF

function concat(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Over 64 KiB of valid GB18030 (not UTF-8), ending with a line end. */
const HEAD = (() => {
  const line = [...ORDER_ID, ...ascii(',6907882298289946128,39.90,'), ...JI, ...ascii('\n')];
  const out: number[] = [];
  while (out.length < 70_000) out.push(...line);
  return Uint8Array.from(out);
})();

interface Outcome {
  /** Each chunk of UTF-8 yielded. */
  chunks: Buffer[];
  error: { code: string; message: string; byteOffset: number | null; hint?: string } | null;
}

function run(chunks: readonly Uint8Array[], gb18030Table: boolean): Outcome {
  const out: Buffer[] = [];
  try {
    for (const c of decodeChunks(chunks, { gb18030Table })) out.push(Buffer.from(c));
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return {
      chunks: out,
      error: { code: e.code, message: e.message, byteOffset: e.byteOffset, hint: e.hint },
    };
  }
  return { chunks: out, error: null };
}

/** Cuts bytes at the given points (taken modulo length + 1). */
/** Whether two outcomes are the same (Buffer.equals: toEqual is slow on long arrays). */
function expectSame(a: Outcome, b: Outcome): void {
  expect(a.error).toEqual(b.error);
  expect(a.chunks.map((c) => c.length)).toEqual(b.chunks.map((c) => c.length));
  expect(a.chunks.every((c, k) => c.equals(b.chunks[k]!))).toBe(true);
}

const decodesWhole = (b: Uint8Array, stream: boolean): boolean => {
  try {
    new TextDecoder('gb18030', { fatal: true, ignoreBOM: true }).decode(b, { stream });
    return true;
  } catch {
    return false;
  }
};

/**
 * What a plain fatal TextDecoder says of `head` + `tail` (`head` valid, ending on a character):
 * the UTF-8 bytes, or the offset of the first invalid sequence, found by brute force: the last
 * character boundary before the first byte at which decoding fails.
 */
function plain(head: Uint8Array, tail: Uint8Array): { utf8: Buffer } | { offset: number } {
  const all = concat(head, tail);
  if (decodesWhole(all, false)) {
    const text = new TextDecoder('gb18030', { fatal: true, ignoreBOM: true }).decode(all);
    return { utf8: Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8') };
  }
  let broken = tail.length + 1; // only the end of the input breaks it
  for (let p = 1; p <= tail.length; p++) {
    if (!decodesWhole(tail.subarray(0, p), true)) {
      broken = p;
      break;
    }
  }
  let x = broken - 1;
  while (x > 0 && !decodesWhole(tail.subarray(0, x), false)) x--;
  return { offset: head.length + x };
}

/**
 * The table path against the TextDecoder path, chunk by chunk, and against a plain TextDecoder
 * (`want`: what `plain` says of these bytes).
 */
function checkAll(
  head: Uint8Array,
  tail: Uint8Array,
  points: readonly number[],
  want = plain(head, tail),
): void {
  const all = concat(head, tail);
  const chunks = cutBytes(all, points);
  const fast = run(chunks, true);
  expectSame(fast, run(chunks, false));
  const got = Buffer.concat(fast.chunks);
  if ('utf8' in want) {
    expect(fast.error).toBeNull();
    expect(got.equals(want.utf8)).toBe(true);
  } else {
    expect(fast.error).toMatchObject({
      code: 'E_ENCODING',
      message: `invalid gb18030 bytes at byte ${want.offset}`,
      byteOffset: want.offset,
    });
    // What came out before the error is text from before the bad bytes.
    const before = Buffer.from(
      new TextDecoder('gb18030', { ignoreBOM: true })
        .decode(all.subarray(0, want.offset))
        .replace(/^\ufeff/, ''),
      'utf8',
    );
    expect(before.subarray(0, got.length).equals(got)).toBe(true);
  }
}

const byte = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const lead = byte(0x81, 0xfe);
const digit = byte(0x30, 0x39);
const trail = fc.oneof(byte(0x40, 0x7e), byte(0x80, 0xfe));

/** Pieces of GB18030, mostly ASCII and pairs, with four-byte sequences and, rarely, bad bytes. */
const piece: fc.Arbitrary<readonly number[]> = fc.oneof(
  { weight: 6, arbitrary: fc.array(byte(0x00, 0x7f), { minLength: 1, maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom(ascii(','), ascii('\n'), ascii('"')) },
  { weight: 6, arbitrary: fc.tuple(lead, trail) },
  { weight: 2, arbitrary: fc.constantFrom(JI, U20000, U0080, BOM) },
  // Any four-byte shape: most decode, those past U+10FFFF do not.
  { weight: 1, arbitrary: fc.tuple(lead, digit, lead, digit) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom([0x80], [0xff]),
      fc.tuple(lead), // alone, or before whatever comes next
      fc.tuple(lead, fc.constant(0x7f)),
      fc.tuple(lead, digit), // a four-byte sequence cut short
      fc.tuple(lead, digit, lead),
      fc.tuple(lead, digit, byte(0x00, 0x80)),
    ),
  },
);
const tailArb = (maxLength: number) => fc.array(piece, { maxLength }).map((ps) => Uint8Array.from(ps.flat()));

describe('GB18030 tables against the TextDecoder', () => {
  it('any input, cut at random points: the same chunks of UTF-8 and the same error', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        tailArb(40),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 10 }),
        (bom, tail, anywhere, nearTail) => {
          const head = bom ? concat(BOM, HEAD) : HEAD;
          // Cuts anywhere, and cuts in and around the tail, where the bytes vary.
          checkAll(head, tail, [...anywhere, ...nearTail.map((k) => head.length - 8 + k)]);
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('short inputs cut at every offset, and the shortest at every pair of offsets', () => {
    fc.assert(
      fc.property(tailArb(6), (tail) => {
        const want = plain(HEAD, tail);
        const at = (k: number) => HEAD.length - 2 + k;
        for (let p = 0; p <= tail.length + 2; p++) {
          checkAll(HEAD, tail, [at(p)], want);
          if (tail.length <= 12)
            for (let q = p + 1; q <= tail.length + 2; q++) checkAll(HEAD, tail, [at(p), at(q)], want);
        }
      }),
      { seed, numRuns: 80 },
    );
  });

  it('tiny chunks: one byte at a time, and two', () => {
    fc.assert(
      fc.property(tailArb(20), fc.constantFrom(1, 2, 3), (tail, size) => {
        const points: number[] = [];
        for (let p = HEAD.length - 6; p <= HEAD.length + tail.length; p += size) points.push(p);
        checkAll(HEAD, tail, points);
      }),
      { seed, numRuns: 100 },
    );
  });

  it('small files, read whole (detection decides between UTF-8 and GB18030)', () => {
    fc.assert(
      fc.property(tailArb(30), fc.array(fc.nat(), { maxLength: 4 }), (b, points) => {
        const chunks = cutBytes(b, points);
        expectSame(run(chunks, true), run(chunks, false));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('every two-byte pair, cut inside some of them', () => {
    const pairs: number[] = [];
    for (let l = 0x81; l <= 0xfe; l++) {
      for (let t = 0x40; t <= 0xfe; t++)
        if (t !== 0x7f) pairs.push(l, t, ...(t % 16 === 0 ? ascii(',') : []));
    }
    const tail = Uint8Array.from(pairs);
    expect(decodesWhole(tail, false)).toBe(true);
    const points = Array.from({ length: 50 }, (_, k) => HEAD.length + 1 + k * 997);
    checkAll(HEAD, tail, points);
    checkAll(HEAD, tail, []);
  });

  it('0x80 is one character (€), as the TextDecoder says; 0xFF is invalid at its offset', () => {
    const euro = concat(HEAD, [0x80, 0x31, 0x80]);
    expect(decodeBytes(euro).text).toBe(new TextDecoder('gb18030').decode(euro));
    expect(decodeBytes(euro).text.endsWith('€1€')).toBe(true);
    const bad = run(cutBytes(concat(HEAD, ascii('ab'), [0xff], ascii('c')), [HEAD.length + 1]), true);
    expect(bad.error).toMatchObject({
      code: 'E_ENCODING',
      message: `invalid gb18030 bytes at byte ${HEAD.length + 2}`,
      byteOffset: HEAD.length + 2,
    });
  });

  it('a pair cut by the end of a chunk comes out with the next chunk', () => {
    const all = concat(HEAD, ascii('a'), ORDER_ID, ascii('b'));
    const cut = HEAD.length + 2; // between D6 and F7 (主)
    const { chunks, error } = run([all.subarray(0, cut), all.subarray(cut)], true);
    expect(error).toBeNull();
    const texts = chunks.map((c) => c.toString('utf8'));
    expect(texts[0]!.endsWith('\na')).toBe(true);
    expect(texts[1]).toBe('主订单编号b');
  });

  it('the GB18030 BOM is stripped at the start only, whatever the chunks', () => {
    const all = concat(BOM, HEAD, BOM, ascii('x'));
    for (const points of [[], [1], [2], [4], [HEAD.length + 6], [HEAD.length + 2, HEAD.length + 5]]) {
      const text = Buffer.concat(run(cutBytes(all, points), true).chunks).toString('utf8');
      expect(text.startsWith('主订单编号,')).toBe(true);
      expect(text.endsWith('\n\ufeffx')).toBe(true);
    }
  });

  it('an offset it cannot know exactly (over 4 MiB with no byte that ends a character) reads the same', () => {
    const n = (5 << 20) / 2;
    const tail = new Uint8Array(n * 2 + 1);
    for (let i = 0; i < n; i++) tail.set(ORDER_ID.slice(0, 2), 2 * i);
    tail[n * 2] = 0xff;
    const all = concat(HEAD, tail);
    const chunks = cutBytes(
      all,
      Array.from({ length: 7 }, (_, k) => (k + 1) << 20),
    );
    const fast = run(chunks, true);
    expect(fast.error?.message).toMatch(
      /^invalid gb18030 bytes near byte \d+ \(somewhere in the next \d+ bytes\)$/,
    );
    expectSame(fast, run(chunks, false));
  });
});
