/**
 * Explaining a header row that matches no format: was it garbled by a wrong decoding (mojibake),
 * and which line of a file's first rows comes closest to a known header.
 */
import { TextDecoder } from 'node:util';
import type { ExportFormat } from './format.js';
import { FORMATS } from './registry.js';

export type WrongEncoding = 'GBK' | 'Windows-1252';

/** Character → bytes in an 8-bit or double-byte encoding, built once from the WHATWG decoder. */
const tables = new Map<WrongEncoding, Map<string, number[]>>();

function table(via: WrongEncoding): Map<string, number[]> {
  let map = tables.get(via);
  if (map) return map;
  map = new Map();
  if (via === 'Windows-1252') {
    const dec = new TextDecoder('windows-1252');
    for (let b = 0x80; b <= 0xff; b++) map.set(dec.decode(Uint8Array.of(b)), [b]);
  } else {
    const dec = new TextDecoder('gb18030', { fatal: true });
    map.set('\u20ac', [0x80]);
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        try {
          const ch = dec.decode(Uint8Array.of(lead, trail));
          if (!map.has(ch)) map.set(ch, [lead, trail]);
        } catch {
          // not a character in GB18030
        }
      }
  }
  tables.set(via, map);
  return map;
}

/**
 * Undoes one wrong decoding: `text` is what UTF-8 bytes became when read as `via`; returns those
 * bytes read as UTF-8 again, or null when `text` cannot have come from `via`. A character the wrong
 * decoding could not map (U+FFFD, `?`) stays lost and reads back as U+FFFD.
 */
export function readBack(text: string, via: WrongEncoding): string | null {
  const map = table(via);
  const bytes: number[] = [];
  let changed = false;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (ch === '\ufffd') bytes.push(0xff);
    else {
      const b = map.get(ch);
      if (!b) return null;
      bytes.push(...b);
      changed = true;
    }
  }
  return changed ? new TextDecoder('utf-8').decode(Uint8Array.from(bytes)) : text;
}

function columnsOf(f: ExportFormat): Set<string> {
  return new Set([...f.identify, ...f.required, ...f.optional].flat());
}

export interface Garbled {
  readonly format: ExportFormat;
  readonly via: WrongEncoding;
  /** Column names of `format` that the header holds once read back. */
  readonly found: string[];
}

/**
 * A header whose cells (as written, before any normalising), read back from a wrong decoding, are
 * columns of a known format (at least two that it did not hold as written): the file is that export,
 * garbled. Null otherwise.
 */
export function garbledHeader(cells: readonly string[], normalize: (h: string) => string): Garbled | null {
  const names = cells.map(normalize);
  let best: Garbled | null = null;
  for (const via of ['GBK', 'Windows-1252'] as const) {
    const back = cells.map((c) => normalize(readBack(c, via) ?? c));
    for (const format of FORMATS) {
      const cols = columnsOf(format);
      const found = back.filter((n, i) => cols.has(n) && n !== names[i]);
      if (found.length >= 2 && found.length > (best?.found.length ?? 0)) best = { format, via, found };
    }
  }
  return best;
}

/** How many of `names` are a column of some known format (to find the row closest to a header). */
export function knownColumns(names: readonly string[]): number {
  let n = 0;
  for (const name of names) if (FORMATS.some((f) => columnsOf(f).has(name))) n++;
  return n;
}
