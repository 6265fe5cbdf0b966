/**
 * Progress on stderr for inputs that take more than a second, when stderr is a terminal (issue 4):
 *
 *   reading orders/1790817157_订单导出.csv  312 MB of 582 MB (54%)
 *
 * One line, rewritten in place (`\r`, then the text, then `\x1b[K` to erase what a longer text left)
 * at most ten times a second, shown only once a file has been read for a second, and erased when the
 * file or the run ends: nothing of it stays in the terminal, and nothing at all is written when
 * stderr is not a terminal (a log, a pipe, CI), whatever the environment says.
 *
 * No timer: the line is drawn from the loader's own calls (after each chunk it reads), so progress
 * never keeps the process alive and costs nothing between chunks.
 */
import type { Io } from './io.js';

/** Called by the loader after each chunk: bytes read so far, and the file's size (0 when unknown). */
export type ProgressHook = (bytesRead: number, totalBytes: number) => void;

export interface Progress {
  /**
   * A file starts (erasing the line of the previous one, if shown). Returns the hook its loader
   * calls after each chunk (`LoadOptions.onProgress`).
   */
  start(displayName: string): ProgressHook;
  /** Erases the line, if one is shown. Call when a file ends and when the run ends, failed or not. */
  stop(): void;
}

export interface ProgressOptions {
  /** Writes to stderr. */
  readonly write: (text: string) => void;
  /** Whether stderr is a terminal: if not, nothing is ever written. */
  readonly isTTY: boolean;
  /** The terminal's width: the line is kept shorter, a wrapped line could not be erased. */
  readonly columns?: number | undefined;
  /** Milliseconds, monotonic (default `performance.now()`). */
  readonly now?: () => number;
  /** Nothing is shown for a file before it has been read this long (ms). */
  readonly delay?: number;
  /** The line is rewritten at most once per this many ms. */
  readonly interval?: number;
}

export const PROGRESS_DELAY_MS = 1000;
export const PROGRESS_INTERVAL_MS = 100;
/** The width assumed when the terminal does not say. */
const DEFAULT_COLUMNS = 80;
/** Moves to the start of the line and erases it. */
export const CLEAR_LINE = '\r\x1b[K';

const NOOP: ProgressHook = () => undefined;

/** The progress of a command: on stderr, when stderr is a terminal. */
export function stderrProgress(io: Io, now?: () => number): Progress {
  return createProgress({
    write: (t) => io.stderr(t),
    isTTY: io.stderrIsTTY,
    columns: io.stderrColumns,
    ...(now ? { now } : {}),
  });
}

export function createProgress(opts: ProgressOptions): Progress {
  if (!opts.isTTY) return { start: () => NOOP, stop: () => undefined };
  const now = opts.now ?? (() => performance.now());
  const delay = opts.delay ?? PROGRESS_DELAY_MS;
  const interval = opts.interval ?? PROGRESS_INTERVAL_MS;
  // The last column is left empty: writing into it makes some terminals wrap.
  const width = Math.max(1, (opts.columns && opts.columns > 0 ? opts.columns : DEFAULT_COLUMNS) - 1);
  /** The text on screen, or null when the line is clear. */
  let shown: string | null = null;
  /** Counts files, so that the hook of a file that has ended does nothing. */
  let current = 0;

  const stop = () => {
    if (shown === null) return;
    opts.write(CLEAR_LINE);
    shown = null;
  };

  return {
    start(displayName) {
      stop();
      const file = ++current;
      const name = printable(displayName);
      const started = now();
      let drawnAt = -Infinity;
      return (bytesRead, totalBytes) => {
        if (file !== current) return;
        const t = now();
        if (t - started < delay || t - drawnAt < interval) return;
        const text = fit(name, amounts(bytesRead, totalBytes), width);
        drawnAt = t;
        if (text === shown) return;
        opts.write(`\r${text}\x1b[K`);
        shown = text;
      };
    },
    stop() {
      current++;
      stop();
    },
  };
}

const MB = 1_000_000;

/** `312 MB of 582 MB (54%)`; one decimal under 10 MB; without a size, only what was read. */
export function amounts(bytesRead: number, totalBytes: number): string {
  const known = Number.isFinite(totalBytes) && totalBytes > 0;
  const digits = (known ? totalBytes : bytesRead) < 10 * MB ? 1 : 0;
  const mb = (n: number) =>
    `${(Math.floor((Math.max(0, n) / MB) * 10 ** digits) / 10 ** digits).toFixed(digits)} MB`;
  if (!known) return mb(bytesRead);
  const pct = Math.min(100, Math.max(0, Math.floor((bytesRead / totalBytes) * 100)));
  return `${mb(bytesRead)} of ${mb(totalBytes)} (${pct}%)`;
}

/**
 * `reading NAME  AMOUNTS` in `width` terminal columns: a long name loses its beginning (the file's
 * own name, at the end, is what tells files apart), then, in a very narrow terminal, the line its end.
 */
export function fit(name: string, amounts: string, width: number): string {
  const prefix = 'reading ';
  const suffix = `  ${amounts}`;
  const room = width - displayWidth(prefix) - displayWidth(suffix);
  if (displayWidth(name) <= room) return `${prefix}${name}${suffix}`;
  if (room >= 2) return `${prefix}…${keepEnd(name, room - 1)}${suffix}`;
  return keepStart(`${prefix}${name}${suffix}`, width);
}

/** Control characters in a file name would move the cursor or end the line: shown as `?`. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Terminal columns of a code point: 2 for East Asian wide and fullwidth characters, 0 for combining marks. */
function charWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f))
    return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** The longest end of `text` that fits in `width` columns. */
function keepEnd(text: string, width: number): string {
  const chars = [...text];
  let w = 0;
  let i = chars.length;
  while (i > 0) {
    const cw = charWidth(chars[i - 1]!.codePointAt(0)!);
    if (w + cw > width) break;
    w += cw;
    i--;
  }
  return chars.slice(i).join('');
}

/** The longest start of `text` that fits in `width` columns. */
function keepStart(text: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    w += cw;
    out += ch;
  }
  return out;
}
