import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cellsOf, CsvError, CsvTokenizer, parseCsv, sniffDelimiter } from '../../src/sources/csv.js';
import { DecodeError, decodeBytes, decodeChunks, readUtf8 } from '../../src/sources/decode.js';
import type { Encoding } from '../../src/sources/decode.js';
import { cutBytes } from './helpers.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`decode.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);

const dir = mkdtempSync(join(tmpdir(), 'roi-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function tempFile(bytes: Uint8Array): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (Uint8Array | readonly number[] | string)[]): Uint8Array => {
  const arrays = parts.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
};

function utf16(s: string, le: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const units = bom ? '\ufeff' + s : s;
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[2 * i] = le ? u & 0xff : u >> 8;
    out[2 * i + 1] = le ? u >> 8 : u & 0xff;
  }
  return out;
}

// Known GB18030 byte sequences, each checked against TextDecoder below before use.
const GB_ORDER_ID = [0xd6, 0xf7, 0xb6, 0xa9, 0xb5, 0xa5, 0xb1, 0xe0, 0xba, 0xc5]; // 主订单编号
const GB_JI = [0x95, 0x34, 0xb2, 0x35]; // 𠮷 U+20BB7 (4 bytes)
const GB_U20000 = [0x95, 0x32, 0x82, 0x36]; // 𠀀 U+20000 (4 bytes)
const GB_BOM = [0x84, 0x31, 0x95, 0x33]; // U+FEFF

/** A GB18030 encoder for tests: ASCII, every 2-byte code, and the 4-byte codes above. */
const gbTable = (() => {
  const map = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let ch: string;
      try {
        ch = dec.decode(Uint8Array.of(lead, trail));
      } catch {
        continue;
      }
      if (!map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  map.set('𠮷', GB_JI);
  map.set('𠀀', GB_U20000);
  return map;
})();

function gb18030(s: string): Uint8Array | null {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = gbTable.get(ch);
      if (!b) return null;
      out.push(...b);
    }
  }
  return Uint8Array.from(out);
}

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('no DecodeError');
}

async function readAll(path: string, chunkBytes?: number): Promise<{ text: string; encodings: Encoding[] }> {
  const encodings: Encoding[] = [];
  const parts: Uint8Array[] = [];
  // Copies: a chunk is only valid until the next is asked for.
  for await (const b of readUtf8(path, { chunkBytes, onEncoding: (e) => encodings.push(e) }))
    parts.push(Buffer.from(b));
  return { text: Buffer.concat(parts).toString('utf8'), encodings };
}

async function readError(path: string, chunkBytes?: number): Promise<DecodeError> {
  try {
    await readAll(path, chunkBytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('no DecodeError');
}

function everySize(b: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
}

const joined = (chunks: Iterable<Uint8Array>): string =>
  Buffer.concat([...decodeChunks(chunks)]).toString('utf8');

describe('test fixtures', () => {
  it('hard-coded GB18030 bytes are what TextDecoder says', () => {
    const dec = new TextDecoder('gb18030', { fatal: true });
    expect(dec.decode(Uint8Array.from(GB_ORDER_ID))).toBe('主订单编号');
    expect(dec.decode(Uint8Array.from(GB_JI))).toBe('𠮷');
    expect(dec.decode(Uint8Array.from(GB_U20000))).toBe('𠀀');
    expect(new TextDecoder('gb18030', { ignoreBOM: true }).decode(Uint8Array.from(GB_BOM))).toBe('\ufeff');
    expect(gb18030('主订单编号,𠮷')).toEqual(Uint8Array.from([...GB_ORDER_ID, 0x2c, ...GB_JI]));
  });
});

describe('encoding detection', () => {
  it('strips a UTF-8 BOM (case 1): same text as without it', () => {
    const body = '主订单编号,金额\n1,2\n';
    expect(decodeBytes(bytes([0xef, 0xbb, 0xbf], body))).toEqual({ text: body, encoding: 'utf-8' });
    expect(decodeBytes(utf8(body))).toEqual({ text: body, encoding: 'utf-8' });
  });

  it('keeps a second BOM as text (only one is a byte-order mark)', () => {
    expect(decodeBytes(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'a')).text).toBe('\ufeffa');
  });

  it('reads GB18030 (case 2), including 4-byte characters (case 3)', () => {
    const b = bytes(GB_ORDER_ID, ',', GB_JI, GB_U20000, '\n1,2\n');
    expect(decodeBytes(b)).toEqual({ text: '主订单编号,𠮷𠀀\n1,2\n', encoding: 'gb18030' });
  });

  it('strips a GB18030 BOM', () => {
    expect(decodeBytes(bytes(GB_BOM, GB_ORDER_ID, '\n'))).toEqual({
      text: '主订单编号\n',
      encoding: 'gb18030',
    });
  });

  it('reads UTF-8 that would also decode as GB18030 as UTF-8 (case 4)', () => {
    const text = '选购商品,商品数量\n金额,运费\n';
    // The premise: these UTF-8 bytes are valid GB18030 too, and would be mojibake.
    expect(new TextDecoder('gb18030', { fatal: true }).decode(utf8(text))).not.toBe(text);
    expect(decodeBytes(utf8(text))).toEqual({ text, encoding: 'utf-8' });
  });

  it.each([
    ['utf-16le', true],
    ['utf-16be', false],
  ] as const)('reads %s with a BOM (case 7), tab-delimited', (encoding, le) => {
    const text = '主订单编号\t选购商品\n6912345678901234567\t𠮷 连衣裙\n';
    const got = decodeBytes(utf16(text, le));
    expect(got).toEqual({ text, encoding });
    const delimiter = sniffDelimiter(utf8(got.text));
    expect(delimiter).toBe('\t');
    expect(parseCsv(got.text, { delimiter }).map((r) => r.cells)).toEqual([
      ['主订单编号', '选购商品'],
      ['6912345678901234567', '𠮷 连衣裙'],
    ]);
  });

  it('reads pure ASCII and a lone BOM', () => {
    expect(decodeBytes(utf8('a,b\n'))).toEqual({ text: 'a,b\n', encoding: 'utf-8' });
    expect(decodeBytes(Uint8Array.of(0xef, 0xbb, 0xbf))).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('chunk boundaries', () => {
  it('a 4-byte GB18030 character split at every position, and at every pair of positions', () => {
    const gb = bytes(GB_ORDER_ID, ',', GB_JI, GB_U20000, '\n', GB_JI);
    const want = '主订单编号,𠮷𠀀\n𠮷';
    for (let p = 0; p <= gb.length; p++) {
      for (let q = p; q <= gb.length; q++) expect(joined(cutBytes(gb, [p, q])), `${p},${q}`).toBe(want);
    }
    expect(joined(everySize(gb, 1))).toBe(want);
  });

  it('a 4-byte UTF-8 character split at every position', () => {
    const b = utf8('主订单编号,𠮷😀\n');
    for (let p = 0; p <= b.length; p++) {
      for (let q = p; q <= b.length; q++) expect(joined(cutBytes(b, [p, q]))).toBe('主订单编号,𠮷😀\n');
    }
  });

  it.each([true, false])('a UTF-16 surrogate pair split at every position (little-endian: %s)', (le) => {
    const b = utf16('a,𠮷\n😀', le);
    for (let p = 0; p <= b.length; p++) {
      for (let q = p; q <= b.length; q++) expect(joined(cutBytes(b, [p, q]))).toBe('a,𠮷\n😀');
    }
  });

  it('a UTF-8 character cut at the 64 KiB detection edge is fine', async () => {
    const text = 'a'.repeat(65535) + '主订单编号\n'.repeat(3);
    const b = utf8(text);
    expect(decodeBytes(b)).toEqual({ text, encoding: 'utf-8' });
    for (const size of [1 << 20, 65536, 65537, 1000, 7]) {
      expect(joined(everySize(b, size))).toBe(text);
      expect(await readAll(tempFile(b), size)).toEqual({ text, encodings: ['utf-8'] });
    }
  });
});

describe('not CSV text', () => {
  it('rejects a 0-byte file (case 10)', async () => {
    const e = decodeError(() => decodeBytes(new Uint8Array(0)));
    expect([e.code, e.message, e.byteOffset]).toEqual([
      'E_FORMAT',
      'empty file (0 bytes), probably a failed download',
      null,
    ]);
    expect((await readError(tempFile(new Uint8Array(0)))).message).toBe(e.message);
    expect(() => [...decodeChunks([])]).toThrow(DecodeError);
  });

  it('rejects a zip / .xlsx (case 8)', async () => {
    const b = bytes([0x50, 0x4b, 0x03, 0x04], 'rest of a zip');
    const e = await readError(tempFile(b));
    expect([e.code, e.message, e.hint]).toEqual([
      'E_FORMAT',
      'this is a zip or Excel workbook (.xlsx), not CSV text',
      'export as CSV, or unzip it',
    ]);
  });

  it('rejects an old Excel .xls', () => {
    const e = decodeError(() => decodeBytes(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])));
    expect(e.code).toBe('E_FORMAT');
    expect(e.message).toMatch(/\.xls\b/);
    expect(e.hint).toBeTruthy();
  });

  it('rejects a NUL byte in the first 64 KiB as binary data when the bytes are not text', () => {
    const e = decodeError(() => decodeBytes(bytes('a,b\n1', [0], [0xff], ',2\n')));
    expect([e.code, e.message, e.byteOffset]).toEqual(['E_FORMAT', 'binary data, not CSV text', 5]);
    const withBom = decodeError(() => decodeBytes(bytes([0xef, 0xbb, 0xbf], 'a', [0, 0xff])));
    expect(withBom.byteOffset).toBe(4);
    expect(decodeError(() => decodeBytes(bytes([0], 'a,b\n'))).byteOffset).toBe(0);
  });

  it('leaves a NUL in text that decodes to the CSV tokenizer, which names its line (case 9)', () => {
    const text = 'a,b\n1\u0000,2\n';
    expect(decodeBytes(utf8(text)).text).toBe(text);
    expect(() => parseCsv(text)).toThrow(/NUL byte in a cell/);
  });

  it('says when it looks like UTF-16 without a byte-order mark', () => {
    const e = decodeError(() => decodeBytes(utf16('主订单编号,金额\n1,2\n', true, false)));
    expect(e.code).toBe('E_FORMAT');
    expect(e.hint).toMatch(/UTF-16/);
  });

  it('leaves a NUL past 64 KiB to the CSV tokenizer', () => {
    const text = 'a\n'.repeat(40_000) + 'x\u0000\n';
    expect(decodeBytes(utf8(text)).text).toBe(text);
    expect(() => parseCsv(text)).toThrow(/NUL byte in a cell/);
  });

  it('does not mistake UTF-16 with a BOM for binary data', () => {
    expect(decodeBytes(utf16('a,b\n', true)).text).toBe('a,b\n');
  });
});

describe('invalid bytes (case 5): E_ENCODING with the byte offset, never U+FFFD', () => {
  it('passes on the valid UTF-8 before the bad byte, then throws, for any chunking', () => {
    const head = '主订单编号,金额\n1,连衣裙\n2,';
    const b = bytes(head, [0xe5, 0x41], '\n3,4\n');
    for (let p = 0; p <= b.length; p++) {
      const got: Uint8Array[] = [];
      let err: unknown;
      try {
        for (const piece of decodeChunks(cutBytes(b, [p]))) got.push(piece);
      } catch (e) {
        err = e;
      }
      expect(Buffer.concat(got).toString('utf8'), `cut at ${p}`).toBe(head);
      expect((err as DecodeError).byteOffset).toBe(utf8(head).length);
    }
  });

  it('a random 0xFF in ASCII', () => {
    const e = decodeError(() => decodeBytes(bytes('a,b\n1,', [0xff], '2\n')));
    expect([e.code, e.message, e.byteOffset]).toEqual(['E_ENCODING', 'invalid utf-8 bytes at byte 6', 6]);
    expect(e.hint).toBeTruthy();
  });

  it('0xFF deep in a UTF-8 file, for any chunk size', async () => {
    const head = '主订单编号,金额\n' + '6912345678901234567,连衣裙\n'.repeat(5000);
    const b = bytes(head, [0xff], '\n1,2\n');
    const at = utf8(head).length;
    expect(at).toBeGreaterThan(65536);
    for (const size of [1 << 20, 65536, 4096, 7, 1]) {
      const e = decodeError(() => joined(everySize(b, size)));
      expect([e.code, e.message, e.byteOffset]).toEqual([
        'E_ENCODING',
        `invalid utf-8 bytes at byte ${at}`,
        at,
      ]);
      expect(e.hint).toMatch(/valid UTF-8/);
    }
    const e = await readError(tempFile(b), 1000);
    expect(e.byteOffset).toBe(at);
  });

  it('a UTF-8 character cut off at the end of the file, small or large', () => {
    for (const head of ['金额\n1,主', '金额\n' + '1,连衣裙\n'.repeat(10_000) + '2,主']) {
      const full = utf8(head);
      const b = full.subarray(0, full.length - 1); // cut the last 3-byte character
      const at = full.length - 3;
      for (const size of [1 << 20, 5, 1]) {
        const e = decodeError(() => joined(everySize(b, size)));
        expect([e.code, e.message, e.byteOffset]).toEqual([
          'E_ENCODING',
          `invalid utf-8 bytes at byte ${at}`,
          at,
        ]);
      }
    }
  });

  it('an invalid sequence in a GB18030 file', () => {
    const head = bytes(...Array.from({ length: 8000 }, () => bytes(GB_ORDER_ID, ',', GB_JI, '\n')));
    const b = bytes(head, [0x81, 0x20], 'x\n');
    for (const size of [1 << 20, 999, 1]) {
      const e = decodeError(() => joined(everySize(b, size)));
      expect([e.code, e.message, e.byteOffset]).toEqual([
        'E_ENCODING',
        `invalid gb18030 bytes at byte ${head.length}`,
        head.length,
      ]);
    }
  });

  it('a 4-byte GB18030 character cut off at the end of the file', () => {
    const b = bytes(GB_ORDER_ID, '\n', GB_JI.slice(0, 3));
    for (const size of [1 << 20, 2, 1]) {
      const e = decodeError(() => joined(everySize(b, size)));
      expect([e.message, e.byteOffset]).toEqual([`invalid gb18030 bytes at byte 11`, 11]);
    }
  });

  it('neither UTF-8 nor GB18030: the hint says so', () => {
    const e = decodeError(() => decodeBytes(bytes('a,b\n', [0xff, 0xfe, 0xfd])));
    expect(e.code).toBe('E_ENCODING');
    expect(e.byteOffset).toBe(4);
    expect(e.hint).toMatch(/neither UTF-8 .* nor GB18030/);
  });

  it('UTF-16: an odd byte count and a lone surrogate', () => {
    const odd = bytes(utf16('ab', true), [0x41]);
    expect(decodeError(() => decodeBytes(odd)).byteOffset).toBe(6);
    const lone = bytes(utf16('ab', false), [0xdc, 0x00], utf16('c', false, false));
    const e = decodeError(() => decodeBytes(lone));
    expect([e.message, e.byteOffset]).toEqual(['invalid utf-16be bytes at byte 6', 6]);
  });

  it('gives an approximate offset, and says so, when no character boundary is known', () => {
    // 5 MiB of 2-byte characters with no ASCII at all: the boundary is lost after 4 MiB.
    const n = (5 << 20) / 2;
    const b = new Uint8Array(n * 2 + 1);
    for (let i = 0; i < n; i++) b.set([0xd6, 0xf7], 2 * i);
    b[n * 2] = 0xff;
    const e = decodeError(() => joined(everySize(b, 1 << 20)));
    expect(e.code).toBe('E_ENCODING');
    expect(e.message).toMatch(/^invalid gb18030 bytes near byte \d+ \(somewhere in the next \d+ bytes\)$/);
    expect(e.byteOffset).toBeLessThanOrEqual(n * 2);
  });
});

describe('readUtf8', () => {
  it('streams the same text as decodeBytes, for any chunk size, and reports the encoding once', async () => {
    const text = '主订单编号,选购商品\n' + '6912345678901234567,"𠮷 连衣裙\n红色"\n'.repeat(3000);
    const forms: [Encoding, (s: string) => Uint8Array][] = [
      ['utf-8', utf8],
      ['utf-8', (s) => bytes([0xef, 0xbb, 0xbf], s)],
      ['gb18030', (s) => gb18030(s)!],
      ['utf-16le', (s) => utf16(s, true)],
      ['utf-16be', (s) => utf16(s, false)],
    ];
    expect(gb18030(text)).not.toBeNull();
    for (const [encoding, encode] of forms) {
      const path = tempFile(encode(text));
      for (const size of [undefined, 65536, 1001]) {
        expect(await readAll(path, size)).toEqual({ text, encodings: [encoding] });
      }
      // Tiny reads split every character somewhere.
      const small = text.slice(0, 100);
      expect(await readAll(tempFile(encode(small)), 3)).toEqual({ text: small, encodings: [encoding] });
    }
  });

  it('reports progress after each chunk read, against the size of the file', async () => {
    const b = utf8('主订单编号,金额\n' + '1,2\n'.repeat(1000));
    const seen: [number, number][] = [];
    for await (const piece of readUtf8(tempFile(b), {
      chunkBytes: 1000,
      onProgress: (read, total) => seen.push([read, total]),
    }))
      expect(piece.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(Math.ceil(b.length / 1000));
    expect(seen.map(([read]) => read)).toEqual(seen.map((_, k) => Math.min((k + 1) * 1000, b.length)));
    expect(new Set(seen.map(([, total]) => total))).toEqual(new Set([b.length]));
  });

  it('reads in this thread but gives the event loop a turn every 32 reads', async () => {
    const b = utf8('主订单编号,金额\n' + '1,2\n'.repeat(1000));
    // Progress after each read; each turn of the event loop notes how many reads were done by then.
    let reads = 0;
    let done = false;
    const turns: number[] = [];
    const tick = (): void => {
      turns.push(reads);
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    for await (const piece of readUtf8(tempFile(b), { chunkBytes: 40, onProgress: () => reads++ }))
      expect(piece.length).toBeGreaterThan(0);
    done = true;
    const total = Math.ceil(b.length / 40);
    expect(reads).toBe(total);
    // Opening the file takes turns; then none comes between two reads (none waits on a pool thread)
    // but after every 32nd.
    const whileReading = turns.filter((r) => r > 0 && r < total);
    expect(whileReading).toEqual(
      Array.from({ length: Math.floor((total - 1) / 32) }, (_, k) => 32 * (k + 1)),
    );
  });

  it('reads into one buffer once the encoding is known: a chunk is valid until the next is asked for', async () => {
    const text = '主订单编号,选购商品\n' + '6912345678901234567,连衣裙 红色 XL\n'.repeat(8000);
    for (const encode of [utf8, (s: string) => gb18030(s)!]) {
      const path = tempFile(encode(text));
      const buffers: ArrayBufferLike[] = [];
      // (A character cut by a read's end is passed on by itself, in a few bytes of its own.)
      for await (const b of readUtf8(path, { chunkBytes: 8192 })) if (b.length > 8) buffers.push(b.buffer);
      expect(buffers.length).toBeGreaterThan(20);
      // Detection keeps the first 64 KiB (eight reads, each into a buffer of its own); every later
      // chunk is passed on in the same memory: the read buffer (UTF-8) or the transcoding one (GB18030).
      expect(new Set(buffers.slice(10)).size).toBe(1);
      expect(new Set(buffers).size).toBeLessThanOrEqual(10);
    }
  });

  it('locates a bad GB18030 byte exactly when the character began in the buffer read before', async () => {
    const good = gb18030('订单,金额\n' + '6912345678901234567,连衣裙 红色\n'.repeat(4000))!;
    const chunkBytes = 8192;
    // Past detection (64 KiB), a lead byte ends one read and no valid trail byte starts the next.
    const at = 12 * chunkBytes;
    const b = Uint8Array.from(good);
    b.set([0x20, 0x81], at - 2);
    // ASCII after it, the whole next read: a decoder that kept the lead byte as a view on its read
    // buffer would see an 'x' there once the next read came in, and find nothing wrong.
    b.fill(0x78, at, at + chunkBytes);
    b[at] = 0x20;
    expect((await readError(tempFile(b), chunkBytes)).byteOffset).toBe(at - 1);
    // The same when that read had no character boundary at all (Chinese only, from a line start).
    b[at - chunkBytes - 2] = 0x0a;
    for (let i = at - chunkBytes - 1; i < at - 1; i += 2) b.set([0xb0, 0xa1], i); // 啊
    expect((await readError(tempFile(b), chunkBytes)).byteOffset).toBe(at - 1);
  });

  it('passes file-system errors through', async () => {
    await expect(readAll(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an unclosed quote in a big file fails after about 1 MiB of text (I-1)', async () => {
    const big = new Uint8Array(24 << 20).fill(0x78);
    big.set(utf8('id,name\n1,"'));
    const path = tempFile(big);
    let read = 0;
    const t = new CsvTokenizer(() => {});
    let err: unknown;
    try {
      for await (const chunk of readUtf8(path)) {
        read += chunk.length;
        t.push(chunk);
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).code).toBe('E_LIMIT');
    expect(read).toBeLessThanOrEqual(3 << 20);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties (invariant 7: representation independence, including chunk boundaries)

const cellArb = fc
  .oneof(
    fc.string({
      unit: fc.constantFrom('"', ',', '\n', '\r\n', 'a', ' ', '主', '订', '单', '𠮷', '𠀀', '0', '€'),
    }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  )
  .map((s) => s.replaceAll('\u0000', ''));

function writeTable(table: readonly (readonly string[])[], eol: string, quoteAll: boolean): string {
  return table
    .map((row) =>
      row
        .map((c) =>
          quoteAll || (row.length === 1 && c === '') || /[",\r\n]/.test(c)
            ? `"${c.replaceAll('"', '""')}"`
            : c,
        )
        .join(','),
    )
    .map((line) => line + eol)
    .join('');
}

describe('properties', () => {
  it('the same table reads the same from UTF-8, UTF-8+BOM, UTF-16LE/BE and GB18030, for any byte chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030'),
        fc.array(fc.nat(), { maxLength: 12 }),
        (table, eol, quoteAll, form, points) => {
          const text = writeTable(table, eol, quoteAll);
          const encoded =
            form === 'utf-8'
              ? utf8(text)
              : form === 'utf-8-bom'
                ? bytes([0xef, 0xbb, 0xbf], text)
                : form === 'gb18030'
                  ? gb18030(text)
                  : utf16(text, form === 'utf-16le');
          fc.pre(encoded !== null && encoded.length > 0);
          const rows: string[][] = [];
          const t = new CsvTokenizer((row) => rows.push(cellsOf(row)));
          for (const chunk of decodeChunks(cutBytes(encoded!, points))) t.push(chunk);
          t.end();
          expect(rows).toEqual(table);
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it('an invalid byte is reported at its exact offset, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ',', '\n', '主', '𠮷', 'é') }),
        fc.string({ unit: fc.constantFrom('a', ',', '\n', '主', '𠮷', 'é') }),
        // Past 64 KiB of ASCII the file is UTF-8 whatever follows; in a small file only 0xFF is
        // invalid in GB18030 as well (0x80 alone, or C0 61, are valid GB18030).
        fc.oneof(
          fc.record({ pad: fc.constant(70_000), bad: fc.constantFrom(0xff, 0xc0, 0x80, 0xf8, 0xed) }),
          fc.record({ pad: fc.constant(0), bad: fc.constant(0xff) }),
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        (before, after, { pad, bad }, points) => {
          const head = utf8('x'.repeat(pad) + before);
          const b = bytes(head, [bad], after);
          const e = decodeError(() => joined(cutBytes(b, points)));
          expect(e.code).toBe('E_ENCODING');
          expect(e.byteOffset).toBe(head.length);
          expect(e.message).toBe(`invalid utf-8 bytes at byte ${head.length}`);
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('totality: any bytes decode to text or throw DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 6 }), (b, points) => {
        let whole: string | DecodeError;
        try {
          whole = joined([b]);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
          whole = e;
        }
        if (typeof whole === 'string') {
          expect(joined(cutBytes(b, points))).toBe(whole);
        } else {
          const e = decodeError(() => joined(cutBytes(b, points)));
          expect([e.code, e.message, e.byteOffset]).toEqual([whole.code, whole.message, whole.byteOffset]);
        }
      }),
      { seed, numRuns: 1000 },
    );
  });
});
