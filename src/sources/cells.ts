/**
 * Cell readers shared by every export format. Ids and text stay text: a 19-digit id never passes
 * through a JS number.
 */

/** Values the Chinese platforms write for "nothing here". */
export function isAbsent(raw: string): boolean {
  const s = raw.trim();
  return s === '' || s === '-' || s === '--';
}

export type IdResult =
  { kind: 'value'; id: string } | { kind: 'absent' } | { kind: 'error'; message: string; hint?: string };

export interface IdOptions {
  /** Accept Excel's `="…"` wrapping (off by default: it means the file went through Excel). */
  excelWrapped?: boolean;
  /** The id is a platform order id: after cleaning it must be all digits (抖店 主订单编号, 子订单编号…). */
  digits?: boolean;
}

/** Excel and JS always write the exponent's `+` (`6.91793E+18`); `2024E01` is an ordinary code. */
const SCIENTIFIC = /^[0-9.]+e\+[0-9]+$/i;

/** Invisible characters that copy-paste and web pages put inside ids: zero-width space, BOM, no-break space, word joiner. */
const INVISIBLE = /[\u200b\ufeff\u00a0\u2060]/g;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Cleans an id cell: a leading tab, `'`, backtick or full-width backtick and a trailing tab are
 * export wrapping, not part of the id (抖店 writes `\t6917…`, 精选联盟 `6953…\t`, 动账 `'6917…`).
 * Zero-width spaces, BOMs and no-break spaces are removed anywhere, and full-width forms folded by
 * NFKC (`６９１２…` → `6912…`), so the same id always reads the same (case 46).
 */
export function readId(raw: string, opts?: IdOptions): IdResult {
  const plain = plainId(raw);
  if (plain !== null) return { kind: 'value', id: plain };
  let s = raw;
  if (NON_ASCII.test(s)) s = s.replace(INVISIBLE, '').normalize('NFKC');
  s = s.replace(/^[\t \u3000]+|[\t \u3000\r\n]+$/g, '');
  if (s.startsWith('="') && s.endsWith('"') && s.length >= 3) {
    if (!opts?.excelWrapped)
      return {
        kind: 'error',
        message: 'id wrapped as an Excel formula ="…"',
        hint: 'the file was re-saved by Excel; re-export it from the backend, or pass --excel-wrapped-ids',
      };
    s = s.slice(2, -1);
  }
  const first = s.charCodeAt(0);
  if (first === 0x27 /* ' */ || first === 0x60 /* ` */ || first === 0xff40 /* ｀ */)
    s = s.slice(1).trimStart();
  if (s === '' || s === '-' || s === '--') return { kind: 'absent' };
  if (SCIENTIFIC.test(s))
    return {
      kind: 'error',
      message: 'id in scientific notation: Excel destroyed its digits',
      hint: 'use the original export; an id like 6.91793E+18 cannot be recovered',
    };
  if (opts?.digits && !/^\d+$/.test(s))
    return {
      kind: 'error',
      message: 'an order id holds only digits',
      hint: 'the cell has other characters (a space, a letter, a sign): check the column, or export the file again',
    };
  return { kind: 'value', id: s };
}

/**
 * The common case of `readId`, digits between at most a tab and an apostrophe before and a tab after
 * (抖店 writes `\t6917…`, 精选联盟 `6953…\t`, 动账 `'7179…`): the id, which needs no cleaning; null
 * for anything else (readId then cleans the cell).
 */
export function plainId(raw: string): string | null {
  let from = raw.charCodeAt(0) === 9 ? 1 : 0;
  if (raw.charCodeAt(from) === 0x27 /* ' */) from++;
  const end = raw.length > from && raw.charCodeAt(raw.length - 1) === 9 ? raw.length - 1 : raw.length;
  if (!isDigits(raw, from, end)) return null;
  return from === 0 && end === raw.length ? raw : raw.slice(from, end);
}

/** Whether `s` from `from` up to `end` is one or more ASCII digits. */
function isDigits(s: string, from: number, end: number): boolean {
  if (from >= end) return false;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const isPad = (c: number): boolean => c === 0x09 || c === 0x20 || c === 0x3000;

/** Text cell: export wrapping (tabs) removed; absent markers become null. */
export function readText(raw: string): string | null {
  const last = raw.charCodeAt(raw.length - 1);
  const padded = isPad(raw.charCodeAt(0)) || isPad(last) || last === 0x0d || last === 0x0a;
  const s = padded ? raw.replace(/^[\t \u3000]+|[\t \u3000\r\n]+$/g, '') : raw;
  return s === '' || s === '-' || s === '--' ? null : s;
}

/** Words that open a summary row; such a row is skipped and never added. */
const SUMMARY_WORDS = new Set(['合计', '总计', '小计', '汇总', 'total', 'totals', 'grand total']);

/** `合计：1234.50`, `总计(31天)`, `合计 12 条`: the word, then punctuation, a space or a count. */
const SUMMARY_PREFIX = /^(?:合计|总计)[\s:：(（\d]/;

/** The characters a summary label can begin with, in either case. */
const SUMMARY_INITIALS = new Set(
  [...SUMMARY_WORDS].flatMap((w) => [w.charCodeAt(0), w.toUpperCase().charCodeAt(0)]),
);

/** A summary label, not a name that merely starts with one (`合计优惠装`, `总计划A` are sales). */
export function isSummaryWord(raw: string): boolean {
  // Checked on three cells of every row: most open, after tabs or spaces, with a character that
  // trim() keeps (printable ASCII, a CJK ideograph) and no summary word begins with.
  let i = 0;
  while (raw.charCodeAt(i) === 0x09 || raw.charCodeAt(i) === 0x20) i++;
  const c = raw.charCodeAt(i);
  if (((c > 0x20 && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff)) && !SUMMARY_INITIALS.has(c)) return false;
  const s = raw.trim().toLowerCase();
  return SUMMARY_WORDS.has(s) || s.startsWith('total:') || SUMMARY_PREFIX.test(s);
}
