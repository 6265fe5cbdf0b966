/**
 * Bytes of a CSV export → UTF-8 bytes for the tokenizer: detects the encoding and refuses binary
 * files. UTF-8 passes through, checked with `isUtf8` one whole-character region at a time. GB18030:
 * ASCII and two-byte pairs are transcoded from a table, the rest (four-byte sequences, invalid
 * bytes) goes to a fatal streaming TextDecoder. UTF-16 is decoded with the TextDecoder and encoded
 * again. Invalid bytes stop the run instead of becoming U+FFFD.
 */
import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export class DecodeError extends Error {
  constructor(
    readonly code: 'E_ENCODING' | 'E_FORMAT',
    message: string,
    /** Offset in the file of the first offending byte, or null when the whole file is at fault. */
    readonly byteOffset: number | null,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

const SNIFF_BYTES = 64 * 1024;
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Synchronous reads between turns of the event loop (messages from the other threads). */
const YIELD_EVERY_READS = 32;
// How many undecided bytes we keep for locating an error before giving up on an exact offset.
const MAX_HISTORY_BYTES = 4 * 1024 * 1024;

const ENCODING_HINT = 'save or export the file again as "CSV UTF-8"';

function fatalDecoder(encoding: Encoding): TextDecoder {
  // ignoreBOM: we strip the BOM ourselves, so byte offsets stay ours and a second BOM is kept as text.
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
}

function decodes(encoding: Encoding, bytes: Uint8Array, stream: boolean): boolean {
  try {
    fatalDecoder(encoding).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset (within `w`) of the first invalid sequence. `w` must start on a character boundary and
 * fail to decode, either part way (stream mode) or only at its end (a truncated last character).
 */
function locateInvalid(encoding: Encoding, w: Uint8Array): number {
  // Smallest prefix that fails in stream mode; a failing prefix stays failing when extended.
  let end = w.length + 1;
  if (!decodes(encoding, w, true)) {
    let lo = 1;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (decodes(encoding, w.subarray(0, mid), true)) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  // The bad sequence starts at the last complete-character boundary before the byte that broke it.
  for (let x = end - 1; x >= Math.max(0, end - 4); x--) {
    if (decodes(encoding, w.subarray(0, x), false)) return x;
  }
  return Math.max(0, end - 1);
}

/**
 * End (exclusive, within `b`) of the last byte that is certainly a whole character in data the
 * decoder has accepted, or -1. Only bytes that can never be part of a multi-byte sequence count.
 */
function lastBoundary(encoding: Encoding, b: Uint8Array, absStart: number): number {
  if (encoding === 'utf-8') {
    for (let i = b.length - 1; i >= 0; i--) if (b[i]! < 0x80) return i + 1;
    return -1;
  }
  if (encoding === 'gb18030') {
    // 0x00–0x2F is never a lead or trail byte in GB18030 (and ',' '\n' '"' are all in it).
    for (let i = b.length - 1; i >= 0; i--) if (b[i]! <= 0x2f || b[i] === 0x7f) return i + 1;
    return -1;
  }
  // UTF-16: code units sit at even file offsets (the BOM is 2 bytes); a unit ends a character
  // unless it is a high surrogate.
  const le = encoding === 'utf-16le';
  for (let e = b.length - ((absStart + b.length) & 1); e >= 2; e -= 2) {
    const unit = le ? b[e - 2]! | (b[e - 1]! << 8) : (b[e - 2]! << 8) | b[e - 1]!;
    if (unit < 0xd800 || unit > 0xdbff) return e;
  }
  return -1;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

function looksLikeBomlessUtf16(sample: Uint8Array): boolean {
  // ASCII-heavy UTF-16 has a NUL in every other byte; a binary file rarely keeps that parity.
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (odd > half * 0.3 && even < half * 0.05) || (even > half * 0.3 && odd < half * 0.05);
}

/** A file in this encoding can be cut at any line feed byte: it is never part of a character. */
export function cutsAtLineFeeds(encoding: Encoding | null | undefined): boolean {
  return encoding === 'utf-8' || encoding === 'gb18030';
}

/** What detection decided for a file: also what reading on from a later line start needs (`start`). */
export interface Detected {
  encoding: Encoding;
  bomBytes: number;
  /** Set when the sample was neither UTF-8 nor GB18030: the decoder will fail at this offset. */
  note?: string;
}

/** Decides the encoding from the first bytes. `eof` tells whether `head` is the whole file. */
function detect(head: Uint8Array, eof: boolean): Detected {
  if (head.length === 0) {
    throw new DecodeError(
      'E_FORMAT',
      'empty file (0 bytes), probably a failed download',
      null,
      'download the export again',
    );
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    throw new DecodeError(
      'E_FORMAT',
      'this is a zip or Excel workbook (.xlsx), not CSV text',
      0,
      'export as CSV, or unzip it',
    );
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new DecodeError(
      'E_FORMAT',
      'this is an old Excel workbook (.xls), not CSV text',
      0,
      'open it in Excel or WPS and save as "CSV UTF-8"',
    );
  }
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) {
    throw new DecodeError('E_FORMAT', 'this file is UTF-32 text, which is not supported', 0, ENCODING_HINT);
  }
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomBytes: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomBytes: 2 };

  const bomBytes = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const sample = head.subarray(bomBytes, Math.min(head.length, SNIFF_BYTES));
  const nul = sample.indexOf(0);
  // A NUL in text that otherwise decodes is a damaged cell: the CSV reader names its line and column.
  const binary =
    nul !== -1 &&
    (nul === 0 ||
      looksLikeBomlessUtf16(sample) ||
      !(decodes('utf-8', sample, !eof || head.length > SNIFF_BYTES) || decodes('gb18030', sample, true)));
  if (binary) {
    throw new DecodeError(
      'E_FORMAT',
      'binary data, not CSV text',
      bomBytes + nul,
      looksLikeBomlessUtf16(sample)
        ? 'this looks like UTF-16 text without a byte-order mark; ' + ENCODING_HINT
        : 'check that this is the CSV export and not another file',
    );
  }
  if (bomBytes) return { encoding: 'utf-8', bomBytes };

  // Strict UTF-8 first: UTF-8 Chinese often also decodes as GB18030, into mojibake.
  // When more bytes follow, a character cut at the sample's edge is fine (stream mode).
  const cut = !eof || head.length > SNIFF_BYTES;
  if (decodes('utf-8', sample, cut)) return { encoding: 'utf-8', bomBytes };
  // Valid multi-byte UTF-8 is strong evidence (GB18030 text rarely forms it by chance): a small
  // UTF-8 file whose last character is cut off stays UTF-8, and the decoder reports the cut.
  if (!cut && hasMultiByteUtf8(sample, sample.length)) return { encoding: 'utf-8', bomBytes };
  if (decodes('gb18030', sample, cut)) return { encoding: 'gb18030', bomBytes };
  // The same for a small GB18030 file whose last character is cut off.
  if (!cut && decodes('gb18030', sample, true)) return { encoding: 'gb18030', bomBytes };
  // Neither: blame UTF-8 if it had started well, else whichever got further.
  const u = locateInvalid('utf-8', sample);
  const g = locateInvalid('gb18030', sample);
  return {
    encoding: g > u && !hasMultiByteUtf8(sample, u) ? 'gb18030' : 'utf-8',
    bomBytes,
    note: `the file is neither UTF-8 (invalid at byte ${u}) nor GB18030 (invalid at byte ${g})`,
  };
}

/** Whether the first `end` bytes decode as UTF-8 (a cut last character allowed) with some non-ASCII. */
function hasMultiByteUtf8(bytes: Uint8Array, end: number): boolean {
  try {
    // eslint-disable-next-line no-control-regex
    return /[^\x00-\x7f]/.test(fatalDecoder('utf-8').decode(bytes.subarray(0, end), { stream: true }));
  } catch {
    return false;
  }
}

/** Length of the UTF-8 sequence that `lead` opens (1 for ASCII, and for a byte that opens none). */
export function sequenceLength(lead: number): number {
  return lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** How many bytes before `end` begin a UTF-8 character that `end` cuts off (0 to 3). */
export function cutCharacter(b: Uint8Array, end = b.length): number {
  for (let k = 1; k <= 3 && k <= end; k++) {
    const c = b[end - k]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) return sequenceLength(c) > k ? k : 0;
  }
  return 0;
}

/**
 * GB18030 → UTF-8 without a JS string in between. 精选联盟 exports are GB18030 and mostly ASCII
 * (ids, amounts, commas) with Chinese in two-byte pairs; decoding each chunk with the TextDecoder
 * into a string and encoding that again cost about 1.3 s of CPU in the 1 M-order bench. So ASCII and
 * the pairs are transcoded from a table, and everything else (four-byte sequences, invalid bytes)
 * still goes to the TextDecoder. The TextDecoder stays the oracle: the table is built from its own
 * answer for every pair, so both paths give the same characters on any Node and ICU version.
 */
interface GbTables {
  /** Code point of the pair at `lead << 8 | trail`; 0: the TextDecoder decodes it. */
  pairs: Uint16Array;
  /** Code point of a byte 0x80–0xFF that is a character by itself (0x80 is € on Node 20); else 0. */
  singles: Uint16Array;
}

/** Built the first time a GB18030 file is read; null when the oracle does not read ASCII as ASCII. */
let gbTables: GbTables | null | undefined;

function buildGbTables(): GbTables | null {
  let dec = fatalDecoder('gb18030');
  // The UTF-16 code unit that `bytes` decode to from a clean state, leaving nothing pending; else -1.
  const one = (bytes: Uint8Array): number => {
    try {
      const s = dec.decode(bytes, { stream: true });
      return dec.decode() === '' && s.length === 1 ? s.charCodeAt(0) : -1;
    } catch {
      dec = fatalDecoder('gb18030'); // a fatal TextDecoder is not reused after it threw
      return -1;
    }
  };
  // ASCII from a pair (none), U+FEFF (only the four-byte BOM) and lone surrogates (none) are
  // left to the TextDecoder: the BOM is stripped there, and the UTF-8 writer need not know them.
  const fast = (c: number): number => (c < 0x80 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) ? 0 : c);
  for (let b = 0; b < 0x80; b++) if (one(Uint8Array.of(b)) !== b) return null;
  const singles = new Uint16Array(256);
  for (let b = 0x80; b <= 0xff; b++) singles[b] = fast(one(Uint8Array.of(b)));
  const pairs = new Uint16Array(1 << 16);
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      pairs[(lead << 8) | trail] = fast(one(pair));
    }
  }
  return { pairs, singles };
}

/** `out`, or a copy of its first `o` bytes with more room: `extra` bytes, then 1.5 per input byte in `rest`. */
function roomFor(out: Buffer, o: number, extra: number, rest: number): Buffer {
  const need = o + extra + rest + (rest >> 1) + 16;
  if (need <= out.length) return out;
  const bigger = Buffer.allocUnsafe(Math.max(need, 2 * out.length));
  out.copy(bigger, 0, 0, o);
  return bigger;
}

/** Where a transcoding run is: at `src[i]`, writing at `out[o]`. */
interface Cursor {
  i: number;
  o: number;
}

/**
 * Transcodes ASCII and the table's pairs of `src` from `at.i` into `out` from `at.o`, until `src`
 * ends or a byte the table does not cover; moves `at` there. `out` must have room for 1.5 bytes
 * per byte of `src` left: ASCII writes 1 byte per byte, a pair at most 3 per 2. The hot loop of a
 * GB18030 file, so ASCII goes four bytes at a time.
 */
function transcodeRun(src: Uint8Array, out: Uint8Array, pairs: Uint16Array, at: Cursor): void {
  const n = src.length;
  const srcWords = new DataView(src.buffer, src.byteOffset, n);
  const outWords = new DataView(out.buffer, out.byteOffset, out.length);
  let i = at.i;
  let o = at.o;
  for (;;) {
    while (i + 4 <= n) {
      const w = srcWords.getUint32(i, true);
      if ((w & 0x80808080) !== 0) break;
      outWords.setUint32(o, w, true);
      i += 4;
      o += 4;
    }
    if (i === n) break;
    const b = src[i]!;
    if (b < 0x80) {
      out[o++] = b;
      i++;
      continue;
    }
    const c = i + 1 < n ? pairs[(b << 8) | src[i + 1]!]! : 0;
    if (c === 0) break;
    i += 2;
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  at.i = i;
  at.o = o;
}

const NO_BYTES = new Uint8Array(0);

/**
 * Incremental bytes → UTF-8 bytes, shared by the file and in-memory entry points. `push` and `end`
 * yield the UTF-8 bytes of the input so far, cut anywhere; at invalid bytes they yield the valid
 * bytes before them (so that the records there are read), then throw.
 */
class ByteDecoder {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private started = false;
  private encoding: Encoding | null = null;
  private note: string | undefined;
  private bomBytes = 0;
  /** For GB18030 and UTF-16; UTF-8 passes through as bytes. */
  private decoder: TextDecoder | null = null;
  /** GB18030: the tables for ASCII and pairs; null: all bytes go to the TextDecoder. */
  private gb: GbTables | null = null;
  /** GB18030 with tables: the TextDecoder may hold the start of a character. */
  private pending = false;
  private first = true;
  /** File offset of the next byte to check (UTF-8) or to give to the TextDecoder. */
  private offset = 0;
  /** UTF-8: the start of a character cut off at the end of the last chunk (at file offset `offset`). */
  private held: Uint8Array = NO_BYTES;
  /** TextDecoder: bytes from `historyStart` (a known character boundary) up to `offset`. */
  private history: Uint8Array[] = [];
  private historyBytes = 0;
  private historyStart: number | null = 0;

  /**
   * GB18030 output, kept for the next chunk when `reuse` is set: the chunks passed on are then only
   * valid until the next push (see `readUtf8`).
   */
  private scratch: Buffer | null = null;

  constructor(
    private readonly onEncoding?: (e: Encoding, d: Detected) => void,
    private readonly gbTable = true,
    private readonly reuse = false,
  ) {}

  /**
   * Reads on at file offset `offset`, a character boundary (a line start, or just past the BOM at the
   * file's start), with what detection decided there: as if the bytes before it had been pushed.
   */
  resume(d: Detected, offset: number, atStart: boolean): void {
    this.started = true;
    this.encoding = d.encoding;
    this.note = d.note;
    this.bomBytes = d.bomBytes;
    if (d.encoding !== 'utf-8') this.decoder = fatalDecoder(d.encoding);
    if (d.encoding === 'gb18030' && this.gbTable) {
      if (gbTables === undefined) gbTables = buildGbTables();
      this.gb = gbTables;
    }
    this.offset = offset;
    this.historyStart = offset;
    this.first = atStart;
  }

  *push(bytes: Uint8Array): Generator<Uint8Array, void, void> {
    if (this.started) return yield* this.feed(bytes);
    if (bytes.length === 0) return;
    this.head.push(bytes);
    this.headBytes += bytes.length;
    if (this.headBytes >= SNIFF_BYTES + 3) yield* this.start(false);
  }

  *end(): Generator<Uint8Array, void, void> {
    if (!this.started) yield* this.start(true);
    if (this.decoder === null) {
      // A character cut off by the end of the file.
      if (this.held.length > 0) throw this.invalidAt(this.offset);
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      throw this.invalid(null);
    }
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }

  get detected(): Encoding | null {
    return this.encoding;
  }

  /**
   * Whether the bytes pushed from now on are let go of when `push` returns (then the caller may read
   * the next ones into the same buffer): detection keeps the first chunks until it has decided.
   */
  get keepsNoInput(): boolean {
    return this.started;
  }

  private *start(eof: boolean): Generator<Uint8Array, void, void> {
    const all = concat(this.head);
    this.head = [];
    const d = detect(all, eof);
    this.resume(d, d.bomBytes, true);
    this.onEncoding?.(d.encoding, d);
    yield* this.feed(all.subarray(d.bomBytes));
  }

  private *feed(bytes: Uint8Array): Generator<Uint8Array, void, void> {
    if (bytes.length === 0) return;
    if (this.decoder === null) yield* this.feedUtf8(bytes);
    else if (this.gb !== null) yield* this.feedGb18030(bytes, this.gb);
    else yield* this.feedText(bytes);
  }

  /** UTF-8 passes through, each run of whole characters checked before it is passed on. */
  private *feedUtf8(chunk: Uint8Array): Generator<Uint8Array, void, void> {
    let bytes = chunk;
    if (this.held.length > 0) {
      // The continuation bytes that complete the character the last chunk cut off.
      const missing = sequenceLength(this.held[0]!) - this.held.length;
      let j = 0;
      while (j < missing && j < bytes.length && (bytes[j]! & 0xc0) === 0x80) j++;
      const joined = concat([this.held, bytes.subarray(0, j)]);
      if (j < missing && j === bytes.length) {
        this.held = joined; // this chunk was shorter than the rest of the character
        return;
      }
      this.held = NO_BYTES;
      yield* this.checked(joined);
      bytes = bytes.subarray(j);
    }
    const cut = cutCharacter(bytes);
    yield* this.checked(bytes.subarray(0, bytes.length - cut));
    // A copy (a Buffer's `slice` is a view): the caller may read the next chunk into the same memory.
    if (cut > 0) this.held = new Uint8Array(bytes.subarray(bytes.length - cut));
  }

  /**
   * Whole characters at file offset `offset`: passed on when valid; else the bytes before the first
   * invalid one are, then the error is thrown.
   */
  private *checked(region: Uint8Array): Generator<Uint8Array, void, void> {
    if (region.length === 0) return;
    if (!isUtf8(region)) {
      const bad = locateInvalid('utf-8', region);
      const error = this.invalidAt(this.offset + bad);
      if (bad > 0) yield region.subarray(0, bad);
      throw error;
    }
    this.offset += region.length;
    yield region;
  }

  private *feedText(bytes: Uint8Array): Generator<Uint8Array, void, void> {
    let text: string;
    try {
      text = this.decoder!.decode(bytes, { stream: true });
    } catch {
      throw this.invalid(bytes);
    }
    this.remember(bytes);
    this.offset += bytes.length;
    if (this.first && text.length > 0) {
      this.first = false;
      // A GB18030 BOM (84 31 95 33) decodes to U+FEFF; the other BOMs were cut as bytes.
      if (text.charCodeAt(0) === 0xfeff && this.encoding === 'gb18030') text = text.slice(1);
    }
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }

  /**
   * GB18030 with the tables: ASCII and pairs from the tables, the rest by the TextDecoder. It takes
   * over at a character boundary (where the tables stopped, or where it stopped last chunk) and
   * decodes up to a byte 0x00–0x2F or 0x7F, which no sequence continues: decoded without an error,
   * that byte leaves it with nothing pending. So it sees whole characters, or pieces that it joins
   * as in one stream, and a pair cut by the chunk's end joins the next chunk there. The output, the
   * errors and their offsets are those of `feedText`: a chunk is remembered, or blamed, whole.
   */
  private *feedGb18030(bytes: Uint8Array, tables: GbTables): Generator<Uint8Array, void, void> {
    const out = this.transcodeGb18030(bytes, tables);
    this.remember(bytes);
    this.offset += bytes.length;
    if (out.length > 0) yield out;
  }

  /** The UTF-8 bytes of the characters that end in `bytes`. */
  private transcodeGb18030(bytes: Uint8Array, { pairs, singles }: GbTables): Buffer {
    const n = bytes.length;
    const room = n + (n >> 1) + 16; // see transcodeRun
    const kept = this.scratch;
    let out: Buffer = kept !== null && kept.length >= room ? kept : Buffer.allocUnsafe(room);
    const at: Cursor = { i: 0, o: 0 };
    while (at.i < n) {
      if (this.pending) {
        let j = at.i;
        while (j < n && bytes[j]! > 0x2f && bytes[j] !== 0x7f) j++;
        const end = j < n ? j + 1 : n;
        let text: string;
        try {
          text = this.decoder!.decode(bytes.subarray(at.i, end), { stream: true });
        } catch {
          throw this.invalid(bytes);
        }
        this.pending = j === n;
        at.i = end;
        if (text.length > 0) {
          if (this.first) {
            this.first = false;
            // A GB18030 BOM (84 31 95 33) decodes to U+FEFF.
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          }
          out = roomFor(out, at.o, 3 * text.length, n - end);
          at.o += out.write(text, at.o);
        }
        continue;
      }
      const from = at.o;
      transcodeRun(bytes, out, pairs, at);
      if (at.o > from) this.first = false;
      if (at.i === n) break;
      const single = singles[bytes[at.i]!]!;
      if (single === 0) {
        this.pending = true; // the TextDecoder takes over at this character boundary
        continue;
      }
      at.i++;
      out = roomFor(out, at.o, 3, n - at.i);
      at.o += out.write(String.fromCharCode(single), at.o);
      this.first = false;
    }
    if (this.reuse) this.scratch = out;
    return out.subarray(0, at.o);
  }

  private remember(bytes: Uint8Array): void {
    const cut = lastBoundary(this.encoding!, bytes, this.offset);
    // Copies: the caller may read the next chunk into the same memory (the part after the last
    // character boundary is short; a whole chunk is copied only when it has no boundary at all).
    if (cut !== -1) {
      this.history = cut < bytes.length ? [new Uint8Array(bytes.subarray(cut))] : [];
      this.historyBytes = bytes.length - cut;
      this.historyStart = this.offset + cut;
      return;
    }
    if (this.historyStart === null) return;
    this.history.push(new Uint8Array(bytes));
    this.historyBytes += bytes.length;
    if (this.historyBytes > MAX_HISTORY_BYTES) {
      this.history = [];
      this.historyBytes = 0;
      this.historyStart = null;
    }
  }

  /** The error for a failed TextDecoder decode of `bytes` (null: the final flush failed). */
  private invalid(bytes: Uint8Array | null): DecodeError {
    if (this.historyStart === null)
      return this.invalidAt(
        this.offset,
        bytes ? `somewhere in the next ${bytes.length} bytes` : 'end of file',
      );
    const w = concat(bytes ? [...this.history, bytes] : this.history);
    return this.invalidAt(this.historyStart + locateInvalid(this.encoding!, w));
  }

  /** Invalid bytes at file offset `at`; `near`, when the offset is not exact: where they may be. */
  private invalidAt(at: number, near?: string): DecodeError {
    const enc = this.encoding!;
    const where = near === undefined ? `at byte ${at}` : `near byte ${at} (${near})`;
    const hint =
      this.note !== undefined
        ? `${this.note}; ${ENCODING_HINT}`
        : this.bomBytes === 0 && enc === 'utf-8' && at >= SNIFF_BYTES
          ? `the first ${SNIFF_BYTES / 1024} KiB were valid UTF-8, so the file was read as UTF-8; ` +
            `it may be damaged or mix encodings; ${ENCODING_HINT}`
          : `the file may be truncated or damaged; ${ENCODING_HINT}`;
    return new DecodeError('E_ENCODING', `invalid ${enc} bytes ${where}`, at, hint);
  }
}

/** Where a read stops, a line start, which `claim` may move further on (true when it did). */
export interface Bound {
  readonly at: number;
  claim(): boolean;
}

/**
 * Streams a file as UTF-8 bytes (BOM removed), in chunks cut anywhere, even inside a character.
 * Detects: UTF-8 BOM, UTF-16 LE/BE BOM; else strict UTF-8 if the first 64 KiB are UTF-8 (a
 * multi-byte sequence cut at the 64 KiB edge is fine), else GB18030 (TextDecoder('gb18030',
 * {fatal:true}) — not the 'gbk' label, which rejects 4-byte sequences on Node 20). At invalid bytes
 * it yields the valid UTF-8 before them, then throws DecodeError.
 *
 * A chunk yielded is only valid until the next is asked for: the read and transcoding buffers are
 * reused. Copy what is kept (the CSV tokenizer copies each chunk after the unfinished record anyway).
 */
export async function* readUtf8(
  path: string,
  opts?: {
    chunkBytes?: number;
    onEncoding?: (e: Encoding, d: Detected) => void;
    /** Called after each chunk is read, with the bytes read so far and the file's size. */
    onProgress?: (bytesRead: number, totalBytes: number) => void;
    /**
     * Read from this offset, a line start (or 0), with what detection decided at the file's start:
     * the same bytes as a whole read gives from there.
     */
    start?: { readonly at: number; readonly detected: Detected };
    /**
     * Stop before this offset, a line start (the rest is read elsewhere); a `Bound` may be moved on
     * when the read reaches it.
     */
    end?: number | Bound;
  },
): AsyncGenerator<Uint8Array, void, void> {
  const dec = new ByteDecoder(opts?.onEncoding, true, true);
  const chunkBytes = opts?.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const onProgress = opts?.onProgress;
  const start = opts?.start;
  // From the file's start, the BOM is skipped as detection would.
  let read = start ? Math.max(start.at, start.detected.bomBytes) : 0;
  if (start) dec.resume(start.detected, read, start.at === 0);
  const end = opts?.end ?? Infinity;
  const bound = typeof end === 'number' ? null : end;
  const file = await open(path, 'r');
  let reads = 0;
  let spare: Buffer | null = null;
  try {
    const total = onProgress ? (await file.stat()).size : 0;
    for (;;) {
      let want = Math.min(chunkBytes, (bound ? bound.at : (end as number)) - read);
      while (want <= 0 && bound?.claim()) want = Math.min(chunkBytes, bound.at - read);
      if (want <= 0) break;
      // One buffer for every read once detection is done (it keeps the first chunks): a fresh one per
      // read left the dead ones to the garbage collector, scattered through malloc's arenas between
      // the stores (1 M bench: about 13 MB more peak RSS).
      const chunk = dec.keepsNoInput ? (spare ??= Buffer.allocUnsafe(chunkBytes)) : Buffer.allocUnsafe(want);
      // Read in this thread: an asynchronous read waits on a pool thread's wake-up each time (main sat
      // idle 0.4 s of a 1 M-line report that way); every 32 reads the event loop gets a turn.
      const bytesRead = readSync(file.fd, chunk, 0, want, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      onProgress?.(read, total);
      yield* dec.push(chunk.subarray(0, bytesRead));
      if (++reads % YIELD_EVERY_READS === 0) await new Promise(setImmediate);
    }
  } finally {
    await file.close();
  }
  yield* dec.end();
}

export async function locateByte(
  path: string,
  offset: number,
  encoding: Encoding,
): Promise<{ line: number; bytes: string }> {
  const f = await open(path, 'r');
  try {
    const buf = Buffer.alloc(offset + 4);
    const { bytesRead } = await f.read(buf, 0, offset + 4, 0);
    const text = new TextDecoder(encoding).decode(buf.subarray(0, Math.min(offset, bytesRead)));
    // The lead byte, and the bytes that continue it: 10xxxxxx in UTF-8, any non-ASCII byte in GB18030.
    const bad: string[] = [];
    for (let i = offset; i < bytesRead && bad.length < 4; i++) {
      const b = buf[i]!;
      if (bad.length > 0 && (encoding === 'utf-8' ? (b & 0xc0) !== 0x80 : b < 0x80)) break;
      bad.push(b.toString(16).padStart(2, '0'));
    }
    return { line: 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0), bytes: bad.join(' ') };
  } finally {
    await f.close();
  }
}

/**
 * The same for bytes in memory (tests, fuzzing), given cut into chunks: their UTF-8 bytes, chunk by
 * chunk. `gb18030Table: false` decodes GB18030 with the TextDecoder alone (to compare with).
 */
export function* decodeChunks(
  chunks: Iterable<Uint8Array>,
  opts?: { gb18030Table?: boolean },
): Generator<Uint8Array, void, void> {
  const dec = new ByteDecoder(undefined, opts?.gb18030Table ?? true);
  for (const chunk of chunks) yield* dec.push(chunk);
  yield* dec.end();
}

export function decodeBytes(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const dec = new ByteDecoder();
  const utf8 = Buffer.concat([...dec.push(bytes), ...dec.end()]);
  return { text: utf8.toString('utf8'), encoding: dec.detected! };
}
