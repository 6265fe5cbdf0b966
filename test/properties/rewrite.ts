/**
 * Rewriting the shop's CSV files for the representation, prototype and strictness properties: the
 * same table read back cell for cell (csv-parse, not our tokenizer), written with other quoting and
 * line endings, and encoded as UTF-8 (with or without BOM), GB18030 or UTF-16LE with BOM.
 */
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse/sync';

export type Table = string[][];

/** The cells of a CSV text (strict RFC 4180, as csv-parse reads it with its defaults). */
export function readTable(text: string): Table {
  return parse(text, { bom: true, relax_column_count: false }) as Table;
}

export interface WriteOptions {
  /** Quote every cell, or only those that need it. */
  readonly quoteAll: boolean;
  readonly eol: '\n' | '\r\n';
  /** Cells that must be quoted when `quoteAll` is off (default: quote, comma, CR, LF). */
  readonly mustQuote?: RegExp;
}

export function writeCell(v: string, opts: Pick<WriteOptions, 'quoteAll' | 'mustQuote'>): string {
  const must = opts.mustQuote ?? /[",\r\n]/;
  return opts.quoteAll || must.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function writeTable(rows: readonly (readonly string[])[], opts: WriteOptions): string {
  return rows.map((r) => r.map((c) => writeCell(c, opts)).join(',')).join(opts.eol) + opts.eol;
}

// ---------------------------------------------------------------------------------------------
// Encodings

export const CHARSETS = ['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le-bom'] as const;
export type Charset = (typeof CHARSETS)[number];

let gbTable: Map<number, Uint8Array> | null = null;

/**
 * Code point → GB18030 bytes, built by decoding every 2-byte sequence (lead 81–FE, trail 40–7E,
 * 80–FE) and the 4-byte sequences of the BMP (81–84 30–39 81–FE 30–39) with Node's own decoder,
 * so that the encoder is the exact inverse of what the CLI reads with. The first sequence wins.
 */
function gb18030Table(): Map<number, Uint8Array> {
  if (gbTable) return gbTable;
  const dec = new TextDecoder('gb18030', { fatal: true });
  const map = new Map<number, Uint8Array>();
  const add = (bytes: Uint8Array): void => {
    let s: string;
    try {
      s = dec.decode(bytes);
    } catch {
      return;
    }
    const cp = s.codePointAt(0);
    if (cp === undefined || cp < 0x80 || s.length !== (cp > 0xffff ? 2 : 1) || map.has(cp)) return;
    map.set(cp, bytes);
  };
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) add(Uint8Array.of(lead, trail));
  for (let b1 = 0x81; b1 <= 0x84; b1++)
    for (let b2 = 0x30; b2 <= 0x39; b2++)
      for (let b3 = 0x81; b3 <= 0xfe; b3++)
        for (let b4 = 0x30; b4 <= 0x39; b4++) add(Uint8Array.of(b1, b2, b3, b4));
  gbTable = map;
  return map;
}

/** GB18030 bytes of `text` (ASCII as is); throws on a character the table has no bytes for. */
export function encodeGb18030(text: string): Buffer {
  const table = gb18030Table();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const bytes = table.get(cp);
    if (!bytes) throw new Error(`U+${cp.toString(16).toUpperCase()} has no GB18030 bytes in the table`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

export function encodeText(text: string, charset: Charset): Buffer {
  switch (charset) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(text, 'utf8')]);
    case 'gb18030':
      return encodeGb18030(text);
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(text, 'utf16le')]);
  }
}

/** Reads back what `encodeText` wrote (a test of the encoder itself). */
export function decodeText(bytes: Uint8Array, charset: Charset): string {
  const label = charset === 'gb18030' ? 'gb18030' : charset === 'utf-16le-bom' ? 'utf-16le' : 'utf-8';
  return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
}
