/**
 * Money as integer fen: the strict amount grammar, display, checked sums, rates and ratios.
 * parseAmount is the hot path (millions of cells): it scans char codes, builds no Decimal and no regex.
 */
import { Decimal } from 'decimal.js';
import type { Fen } from './entry.js';

export type AmountResult =
  | { kind: 'value'; fen: Fen }
  | { kind: 'absent' }
  | { kind: 'error'; code: 'E_AMOUNT' | 'E_CURRENCY' | 'E_LIMIT'; message: string; hint?: string };

export interface AmountOptions {
  /** Unit of the column: yuan with up to two decimals (default), or whole fen. */
  unit?: 'yuan' | 'fen';
  /** '.' (default): `1,234.50`. ',': `1.234,50` (`.` groups thousands, `,` marks decimals). */
  decimalMark?: '.' | ',';
}

/** Longer cells are not amounts; the cap also bounds every scan below. */
export const MAX_AMOUNT_CHARS = 32;

const ABSENT_TOKENS: ReadonlySet<string> = new Set(['', '-', '--', 'None', 'null', 'NULL', '#NULL!', 'N/A']);
const ABSENT: AmountResult = { kind: 'absent' };

const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;
const C_COMMA = 44;
const C_MINUS = 45;
const C_PLUS = 43;
const C_LPAREN = 40;
const C_RPAREN = 41;
const C_SPACE = 32;
const C_YEN = 0xa5; // ¥ (￥ U+FFE5 folds to it)
const C_YUAN = 0x5143; // 元

// Decimal is used for rates and ratios only, at an explicit precision wide enough to stay exact (see applyRate).
const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });

/**
 * Parses one amount cell into integer fen by a strict grammar, checked before any number is built.
 * Never throws. Absent tokens ('', '-', 'null', …) give `{ kind: 'absent' }`: the caller decides
 * whether that means zero or an error. Errors name what is wrong, not the value (the caller adds it).
 * @example parseAmount('¥1,234.50') // { kind: 'value', fen: 123450 }
 * @example parseAmount('(12.00)') // { kind: 'value', fen: -1200 }
 * @example parseAmount('12345', { unit: 'fen' }) // { kind: 'value', fen: 12345 }
 */
export function parseAmount(raw: string, opts?: AmountOptions): AmountResult {
  const inFen = opts?.unit === 'fen';
  const commaMark = opts?.decimalMark === ',';
  if (!commaMark) {
    const plain = parsePlain(raw, inFen);
    if (!Number.isNaN(plain)) return { kind: 'value', fen: plain };
  }

  let s = raw.trim(); // ES whitespace: includes tab, CR/LF, U+3000, U+00A0, U+FEFF
  if (s.length > MAX_AMOUNT_CHARS) {
    return {
      kind: 'error',
      code: 'E_LIMIT',
      message: `amount is longer than ${MAX_AMOUNT_CHARS} characters`,
      hint: 'check the column mapping: this cell does not look like an amount',
    };
  }
  if (ABSENT_TOKENS.has(s)) return ABSENT;
  if (hasNonAscii(s)) {
    s = foldWide(s).trim();
    if (ABSENT_TOKENS.has(s)) return ABSENT;
  }

  // Envelope: one sign or one pair of accounting parentheses, one currency marker (¥ before, 元 after).
  let i = 0;
  let j = s.length;
  let negative = false;
  let signed = false;
  let paren = false;
  let marker = false;
  if (s.charCodeAt(j - 1) === C_YUAN) {
    marker = true;
    j = skipSpacesBack(s, i, j - 1);
  }
  for (;;) {
    if (i >= j) break;
    const c = s.charCodeAt(i);
    if (c === C_LPAREN && !paren && !signed) {
      if (s.charCodeAt(j - 1) !== C_RPAREN) return amountError('unbalanced parenthesis');
      paren = true;
      negative = true;
      i++;
      j--;
      if (!marker && j > i && s.charCodeAt(j - 1) === C_YUAN) {
        marker = true;
        j = skipSpacesBack(s, i, j - 1);
      }
    } else if ((c === C_MINUS || c === C_PLUS) && !signed && !paren) {
      signed = true;
      negative = c === C_MINUS;
      i++;
    } else if (c === C_YEN && !marker) {
      marker = true;
      i = skipSpaces(s, i + 1, j);
    } else {
      break;
    }
  }
  if (!marker && j > i && s.charCodeAt(j - 1) === C_YUAN) j = skipSpacesBack(s, i, j - 1);
  if (i >= j) return amountError('no digits');

  // Body: digits with optional thousands groups of three, then an optional decimal part.
  const decMark = commaMark ? C_COMMA : C_DOT;
  const groupMark = commaMark ? C_DOT : C_COMMA;
  let value = 0;
  let intDigits = 0;
  let grouped = false;
  let run = 0; // digits since the last thousands separator
  let k = i;
  for (; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c >= C_0 && c <= C_9) {
      value = value * 10 + (c - C_0);
      intDigits++;
      run++;
    } else if (c === groupMark) {
      if (intDigits === 0 || (grouped ? run !== 3 : run > 3)) return badGrouping(groupMark);
      grouped = true;
      run = 0;
    } else {
      break;
    }
  }
  if (intDigits === 0) {
    return s.charCodeAt(k) === decMark
      ? amountError('no digits before the decimal mark')
      : junkError(s, k, j);
  }
  if (grouped && run !== 3) return badGrouping(groupMark);

  let fracDigits = 0;
  let frac = 0;
  if (k < j && s.charCodeAt(k) === decMark) {
    k++;
    for (; k < j; k++) {
      const c = s.charCodeAt(k);
      if (c < C_0 || c > C_9) break;
      frac = frac * 10 + (c - C_0); // used only when at most two digits
      fracDigits++;
    }
    if (fracDigits === 0) return amountError('no digits after the decimal mark');
  }
  if (k < j) {
    const c = s.charCodeAt(k);
    if (c === groupMark || c === decMark) {
      return amountError(
        `"${String.fromCharCode(c)}" after the decimal part`,
        commaMark
          ? 'the column is read with "," as the decimal mark (1.234,50); this cell looks like 1,234.50'
          : 'if the file writes amounts like 1.234,50, set the decimal mark to ","',
      );
    }
    return junkError(s, k, j);
  }

  let fen: number;
  if (inFen) {
    if (fracDigits > 0) {
      return amountError('a fen amount with a decimal part', 'the column is declared in fen (whole numbers)');
    }
    fen = value;
  } else {
    if (fracDigits > 2) {
      return amountError(
        'more than two decimals',
        commaMark
          ? 'CNY amounts carry at most two decimals (fen)'
          : 'CNY amounts carry at most two decimals (fen); if "." groups thousands here, set the decimal mark to ","',
      );
    }
    fen = value * 100 + (fracDigits === 1 ? frac * 10 : frac);
  }
  // Float rounding is monotone, so an unsafe true value can never look safe here.
  if (!Number.isSafeInteger(fen)) {
    return {
      kind: 'error',
      code: 'E_LIMIT',
      message: 'amount is beyond 2^53 fen',
      hint: 'check the column mapping and unit',
    };
  }
  return { kind: 'value', fen: negative && fen !== 0 ? -fen : fen };
}

/**
 * Fast path for `123.45`, `-7`, `0.5` (no whitespace, marks or groups). NaN when `s` is not that plain.
 * Where it gives a number, parseAmount with '.' as the decimal mark gives the same fen; row readers
 * call it first to skip the options and result objects.
 */
export function parsePlain(s: string, inFen: boolean): number {
  const n = s.length;
  if (n === 0 || n > 16) return NaN;
  let i = 0;
  const negative = s.charCodeAt(0) === C_MINUS;
  if (negative) i = 1;
  let value = 0;
  const start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - C_0;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
  }
  const intDigits = i - start;
  // 13 digits × 100 stays below 2^53, so no overflow check is needed here.
  if (intDigits === 0 || intDigits > 13) return NaN;
  if (inFen) {
    if (i !== n) return NaN;
  } else if (i === n) {
    value *= 100;
  } else {
    if (s.charCodeAt(i) !== C_DOT) return NaN;
    const left = n - i - 1;
    if (left !== 1 && left !== 2) return NaN;
    const d1 = s.charCodeAt(i + 1) - C_0;
    if (d1 < 0 || d1 > 9) return NaN;
    let d2 = 0;
    if (left === 2) {
      d2 = s.charCodeAt(i + 2) - C_0;
      if (d2 < 0 || d2 > 9) return NaN;
    }
    value = value * 100 + d1 * 10 + d2;
  }
  return negative && value !== 0 ? -value : value;
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * What NFKC does to full-width forms (U+FF01–FF5E → ASCII, ￥ → ¥, U+3000 → space), plus the minus sign
 * U+2212 that NFKC leaves alone. Narrower than full NFKC on purpose: `²` or `①` must not become digits.
 */
function foldWide(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0xffe5) out += '¥';
    else if (c === 0x2212) out += '-';
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

function skipSpaces(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) === C_SPACE) i++;
  return i;
}

function skipSpacesBack(s: string, start: number, j: number): number {
  while (j > start && s.charCodeAt(j - 1) === C_SPACE) j--;
  return j;
}

/** What every amount error without a more precise hint says: the forms that are accepted. */
const AMOUNT_HINT = 'amounts are plain decimals in yuan: 1234.50, -12.00, (12.00), ¥1,234.50 or 1,234.50元';

function amountError(message: string, hint: string = AMOUNT_HINT): AmountResult {
  return { kind: 'error', code: 'E_AMOUNT', message, hint };
}

function badGrouping(groupMark: number): AmountResult {
  return amountError(
    `"${String.fromCharCode(groupMark)}" does not separate groups of three digits`,
    groupMark === C_COMMA
      ? 'thousands separators go every three digits (1,234,567.89)'
      : 'with "," as the decimal mark, "." separates groups of three digits (1.234.567,89)',
  );
}

/** Another currency, before or after the number: `$12.00`, `US$12`, `€12`, `12.00 USD` (case 58). */
const FOREIGN_CURRENCY =
  /^\s*(?:(?:US|HK|NT|AU|CA|SG)?\$|[€£₩₽₹]|(?:USD|HKD|TWD|EUR|GBP|JPY|KRW|SGD|AUD|CAD|MYR|THB|VND|IDR|PHP|INR|RUB)(?![A-Za-z]))/i;

/** The error for what the grammar stopped at: another currency is E_CURRENCY, anything else E_AMOUNT. */
function junkError(s: string, k: number, end: number): AmountResult {
  const foreign = FOREIGN_CURRENCY.exec(s.slice(k, end));
  if (foreign !== null) {
    return {
      kind: 'error',
      code: 'E_CURRENCY',
      message: `currency "${foreign[0].trim()}" is not CNY (only ¥, ￥ or 元 are accepted)`,
      hint: 'amounts in two currencies are never added; convert the export to CNY first',
    };
  }
  return amountError(describeJunk(s, k, end));
}

/** Names the first thing in `s[k..end)` that the grammar does not accept, for the error message. */
function describeJunk(s: string, k: number, end: number): string {
  const rest = s.slice(k, end);
  const lower = s.toLowerCase();
  if (lower.includes('nan') || lower.includes('infinity')) return 'NaN and Infinity are not amounts';
  const c = s.charCodeAt(k);
  const prev = s.charCodeAt(k - 1);
  const afterDigit = prev >= C_0 && prev <= C_9;
  if ((c === 0x65 || c === 0x45) && afterDigit) return 'exponent notation (1e3) is not accepted';
  if (prev === C_0 && /^[xXbBoO]/.test(rest)) return 'hexadecimal, binary or octal notation is not accepted';
  const word = /^[A-Za-z]+/.exec(rest);
  if (word !== null) {
    return word[0].length === rest.length && afterDigit
      ? `text "${word[0]}" after the number (only ¥, ￥ or 元 are accepted)`
      : `text "${word[0]}" is not an amount`;
  }
  if (c === C_MINUS || c === C_PLUS) {
    return afterDigit ? 'a sign after the number' : 'more than one sign, or a sign inside parentheses';
  }
  if (c === 0x25) return 'a percentage is not an amount';
  if (c === C_SPACE) return 'a space inside the number';
  if (k >= end) return 'no digits';
  return `unexpected character ${JSON.stringify(String.fromCodePoint(s.codePointAt(k) ?? c))}`;
}

/**
 * Formats fen as yuan with two decimals: 123456 → "1234.56", -5 → "-0.05". Never "-0.00".
 * Throws RangeError when `fen` is not a safe integer.
 */
export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer number of fen: ${fen}`);
  if (fen === 0) return '0.00'; // also -0
  const negative = fen < 0;
  const digits = String(negative ? -fen : fen);
  const sign = negative ? '-' : '';
  if (digits.length === 1) return `${sign}0.0${digits}`;
  if (digits.length === 2) return `${sign}0.${digits}`;
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** a + b, exact. Throws RangeError('amount overflow past 2^53 fen') when the sum is not a safe integer. */
export function checkedAdd(a: Fen, b: Fen): Fen {
  const r = a + b;
  if (Number.isSafeInteger(r) && Number.isSafeInteger(a) && Number.isSafeInteger(b)) return r;
  throw new RangeError('amount overflow past 2^53 fen');
}

// Bounded so that fen (≤ 16 digits) × rate (≤ 30 decimals) has at most 46 significant digits: exact at precision 50.
const RATE_TEXT = /^[+-]?\d{1,20}(?:\.\d{1,30})?$/;

/**
 * fen × rate, rounded once, half away from zero, to the fen. `rate` is a plain decimal string ("0.05").
 * Throws RangeError on a malformed rate or a result past 2^53 fen.
 * @example applyRate(1999, '0.05') // 100 (99.95 rounds away from zero)
 */
export function applyRate(fen: Fen, rate: string): Fen {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer number of fen: ${fen}`);
  // Fast path, exact: a rate with few decimals is an integer ratio num / 10^k; when fen × num stays
  // below 2^53 the quotient and remainder are exact in doubles. This runs once per order line.
  const q = rateRatio(rate);
  if (q !== null) {
    const p = fen * q.num;
    if (Number.isSafeInteger(p)) {
      const whole = Math.trunc(p / q.den);
      const rest = p - whole * q.den;
      const n = 2 * Math.abs(rest) >= q.den ? whole + Math.sign(p) : whole;
      return n === 0 ? 0 : n;
    }
  }
  if (!RATE_TEXT.test(rate)) throw new RangeError(`not a plain decimal rate: ${JSON.stringify(rate)}`);
  const product = new D(fen).times(rate).toDecimalPlaces(0, D.ROUND_HALF_UP);
  if (product.abs().gt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount overflow past 2^53 fen');
  const n = product.toNumber();
  return n === 0 ? 0 : n;
}

const RATIOS = new Map<string, { num: number; den: number } | null>();

/** "0.05" → 5 / 100, for rates of at most 9 decimals and 6 integer digits; else null (slow path). */
function rateRatio(rate: string): { num: number; den: number } | null {
  let r = RATIOS.get(rate);
  if (r !== undefined) return r;
  const m = /^(\d{1,6})(?:\.(\d{1,9}))?$/.exec(rate);
  r = m ? { num: Number(`${m[1]}${m[2] ?? ''}`), den: 10 ** (m[2]?.length ?? 0) } : null;
  if (RATIOS.size < 1000) RATIOS.set(rate, r);
  return r;
}

const RATE_INPUT = /^(\d{1,20}(?:\.\d{1,30})?)(%?)$/;

/**
 * Parses a rate between 0 and 1 inclusive: "0.05" or "5%" → "0.05" (canonical, no trailing zeros).
 * Strict: no sign, no exponent, no grouping; full-width digits and ％ are folded.
 */
export function parseRate(raw: string): { kind: 'value'; rate: string } | { kind: 'error'; message: string } {
  let s = raw.trim();
  if (s.length > MAX_AMOUNT_CHARS)
    return { kind: 'error', message: `rate is longer than ${MAX_AMOUNT_CHARS} characters` };
  if (hasNonAscii(s)) s = foldWide(s).trim();
  if (s === '') return { kind: 'error', message: 'empty rate' };
  const m = RATE_INPUT.exec(s);
  if (m === null || m[1] === undefined) {
    return { kind: 'error', message: 'not a rate: write a decimal such as 0.05 or a percentage such as 5%' };
  }
  let rate = new D(m[1]);
  if (m[2] === '%') rate = rate.div(100);
  if (rate.gt(1)) return { kind: 'error', message: 'rate is above 1 (100%)' };
  return { kind: 'value', rate: rate.toFixed() };
}

/**
 * num / den with four decimals, rounded half away from zero; null when den is 0. Never "-0.0000".
 * Exact: the quotient of integers below 2^53 cannot carry the long run of 9s that double rounding needs.
 */
export function ratio(num: Fen, den: Fen): string | null {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) {
    throw new RangeError(`ratio takes integer fen, got ${num} / ${den}`);
  }
  if (den === 0) return null;
  const q = new D(num).div(den).toDecimalPlaces(4, D.ROUND_HALF_UP);
  return q.isZero() ? '0.0000' : q.toFixed(4);
}
