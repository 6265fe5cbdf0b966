/**
 * Dates and times in Asia/Shanghai, whatever TZ says: a whitelist of cell formats, calendar checks and
 * day arithmetic, all on strings and integer day numbers (never local-time Date methods).
 */

export type DateResult =
  | { kind: 'value'; day: string; stamp: string }
  | { kind: 'absent' }
  | { kind: 'error'; code: 'E_DATE' | 'E_LIMIT'; message: string; hint?: string };

export interface DateOptions {
  /** Read bare numbers as Excel serial dates (1900 date system, Asia/Shanghai wall time). */
  excelSerial?: boolean;
}

/** Longer cells are not dates; the cap also bounds every regex below (moment's ReDoS was a long input). */
export const MAX_DATE_CHARS = 40;

/** Years a data cell may carry; outside this range a value is a placeholder or a typo. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const SHANGHAI_MINUTES = 8 * 60;
const EXCEL_MIN_SERIAL = 61; // 1900-03-01: serials below it sit before Excel's fictional 1900-02-29
const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31
const EXCEL_EPOCH_SERIAL = 25569; // 1970-01-01

const ABSENT_TOKENS: ReadonlySet<string> = new Set([
  '',
  '-',
  '--',
  'null',
  'None',
  '0000-00-00',
  '0000-00-00 00:00:00',
]);
const ABSENT: DateResult = { kind: 'absent' };

const FORMATS_HINT =
  'write dates as 2024-01-05, 2024-01-05 09:03:00, 2024/1/5 9:03, 2024-01-05T09:03:00+08:00 or 2024年1月5日';

// Anchored, with no two adjacent quantifiers able to match the same characters: linear time.
const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ \t]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;
const CJK_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:[ \t]*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const NUMBER_RE = /^(\d+)(?:\.(\d+))?$/;
const YEAR_LAST_RE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:$|[ \t])/;
const SHORT_YEAR_RE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{1,2}(?:$|[ \t])/;

/**
 * Parses one date or date-time cell into the Asia/Shanghai day and stamp. Naive times are Shanghai
 * wall time; `Z` and `±hh:mm` offsets are converted (which can move the day). Never throws.
 * @example parseDateTime('2024-01-05T01:03:00Z') // { kind: 'value', day: '2024-01-05', stamp: '2024-01-05 09:03:00' }
 * @example parseDateTime('2024年1月5日 09:03') // same day, stamp '2024-01-05 09:03:00'
 */
export function parseDateTime(raw: string, opts?: DateOptions): DateResult {
  const fast = parseCanonical(raw);
  if (fast !== null) return fast;

  const s = raw.trim();
  if (s.length > MAX_DATE_CHARS) {
    return {
      kind: 'error',
      code: 'E_LIMIT',
      message: `date is longer than ${MAX_DATE_CHARS} characters`,
      hint: 'check the column mapping: this cell does not look like a date',
    };
  }
  if (ABSENT_TOKENS.has(s)) return ABSENT;

  const m = ISO_RE.exec(s) ?? SLASH_RE.exec(s) ?? CJK_RE.exec(s);
  if (m !== null) {
    const offset = m[7] === undefined ? SHANGHAI_MINUTES : parseOffset(m[7]);
    if (offset === null) return dateError(`time zone offset ${m[7]} is out of range`);
    return build(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      m[4] === undefined ? 0 : Number(m[4]),
      m[5] === undefined ? 0 : Number(m[5]),
      m[6] === undefined ? 0 : Number(m[6]),
      offset,
    );
  }

  const num = NUMBER_RE.exec(s);
  if (num !== null) return fromNumber(num[1]!, num[2] ?? '', opts?.excelSerial === true);
  if (YEAR_LAST_RE.test(s)) {
    return dateError(
      'ambiguous date: day/month or month/day order',
      'write it as yyyy-mm-dd (2024-01-05) or yyyy/m/d',
    );
  }
  if (SHORT_YEAR_RE.test(s)) return dateError('two-digit year', 'write the year in full (2024-01-05)');
  return dateError('not a recognised date or time', FORMATS_HINT);
}

/** Fast path for the common `yyyy-mm-dd HH:MM:SS` and `yyyy-mm-dd` cells that need no conversion. */
function parseCanonical(s: string): DateResult | null {
  const n = s.length;
  if (n !== 19 && n !== 10) return null;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  if (n === 10) return { kind: 'value', day: s, stamp: `${s} 00:00:00` };
  if (s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (!(h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59)) return null;
  return { kind: 'value', day: s.slice(0, 10), stamp: s };
}

/**
 * Whether `s` is `day` followed by a valid ` HH:MM:SS`, where `day` is the day of an earlier cell
 * parsed as `yyyy-mm-dd HH:MM:SS` (so a real day). parseDateTime(s) is then `{ day, stamp: s }`:
 * rows come in time order, and readers reuse the earlier day string instead of cutting a new one.
 */
export function sameDayStamp(s: string, day: string): boolean {
  if (s.length !== 19 || day.length !== 10) return false;
  // From the end: days of nearby rows differ in their last digits.
  for (let i = 9; i >= 0; i--) if (s.charCodeAt(i) !== day.charCodeAt(i)) return false;
  if (s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const h1 = s.charCodeAt(11) - 48;
  const h2 = s.charCodeAt(12) - 48;
  const m1 = s.charCodeAt(14) - 48;
  const m2 = s.charCodeAt(15) - 48;
  const s1 = s.charCodeAt(17) - 48;
  const s2 = s.charCodeAt(18) - 48;
  // Unsigned compares: a character below '0' wraps to a large number.
  return (
    h1 >>> 0 <= 2 &&
    h2 >>> 0 <= 9 &&
    h1 * 10 + h2 <= 23 &&
    m1 >>> 0 <= 5 &&
    m2 >>> 0 <= 9 &&
    s1 >>> 0 <= 5 &&
    s2 >>> 0 <= 9
  );
}

/** The number written by `len` ASCII digits at `at`, or -1. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Minutes east of UTC for `Z`, `±hh:mm` or `±hhmm`; null when out of the real-world range. */
function parseOffset(text: string): number | null {
  if (text === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const h = Number(text.slice(1, 3));
  const m = Number(text.slice(-2));
  if (h > 14 || m > 59) return null;
  return sign * (h * 60 + m);
}

/** Validates wall-clock fields at `offset` minutes east of UTC and shifts them to Asia/Shanghai. */
function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  se: number,
  offset: number,
): DateResult {
  if (mo < 1 || mo > 12) return dateError(`impossible date: month ${mo} does not exist`);
  const dim = daysIn(y, mo);
  if (d < 1 || d > dim)
    return dateError(`impossible date: ${pad4(y)}-${pad2(mo)} has no day ${d} (it has ${dim})`);
  if (h > 23) return dateError(`impossible time: hour ${h}`);
  if (mi > 59) return dateError(`impossible time: minute ${mi}`);
  if (se > 59) return dateError(`impossible time: second ${se}`);
  let dayNumber = daysFromCivil(y, mo, d);
  let minutes = h * 60 + mi + (SHANGHAI_MINUTES - offset);
  const carry = Math.floor(minutes / 1440);
  dayNumber += carry;
  minutes -= carry * 1440;
  return fromDayNumber(dayNumber, minutes * 60 + se);
}

function fromDayNumber(dayNumber: number, secondOfDay: number): DateResult {
  const [y, mo, d] = civilFromDays(dayNumber);
  if (y < MIN_YEAR || y > MAX_YEAR)
    return dateError(`year ${pad4(y)} is out of range (${MIN_YEAR}–${MAX_YEAR})`);
  const day = `${pad4(y)}-${pad2(mo)}-${pad2(d)}`;
  const h = Math.floor(secondOfDay / 3600);
  const mi = Math.floor((secondOfDay % 3600) / 60);
  const stamp = `${day} ${pad2(h)}:${pad2(mi)}:${pad2(secondOfDay % 60)}`;
  return { kind: 'value', day, stamp };
}

/** A bare number: an Excel serial (with the option), else an error that says what it looks like. */
function fromNumber(whole: string, fraction: string, excelSerial: boolean): DateResult {
  if (whole.length <= 7) {
    const serial = Number(whole);
    if (!excelSerial || serial > EXCEL_MAX_SERIAL) {
      return dateError(
        'a bare number is not a date',
        serial <= EXCEL_MAX_SERIAL
          ? 'looks like an Excel serial date; re-export, or pass --excel-dates'
          : FORMATS_HINT,
      );
    }
    if (serial < EXCEL_MIN_SERIAL) {
      return dateError(
        `Excel serial ${whole} is before 1900-03-01`,
        'serials below 61 cross Excel’s fictional 1900-02-29 and cannot be trusted',
      );
    }
    let seconds = 0;
    if (fraction !== '') {
      // Round the fraction of a day to the second exactly: 86400 × 0.fraction, half up.
      const scale = 10n ** BigInt(fraction.length);
      seconds = Number((BigInt(fraction) * 86400n * 2n + scale) / (2n * scale));
    }
    let dayNumber = serial - EXCEL_EPOCH_SERIAL;
    if (seconds === 86400) {
      dayNumber += 1;
      seconds = 0;
    }
    return fromDayNumber(dayNumber, seconds);
  }
  if (whole.length === 8 && fraction === '') {
    return dateError('a compact date without separators', 'write it as yyyy-mm-dd (2024-01-05)');
  }
  if (whole.length === 10) {
    return dateError(
      'looks like a Unix timestamp in seconds',
      'export dates as calendar dates (2024-01-05 09:03:00)',
    );
  }
  if (whole.length === 13) {
    return dateError(
      'looks like a Unix timestamp in milliseconds',
      'export dates as calendar dates (2024-01-05 09:03:00)',
    );
  }
  return dateError('a bare number is not a date', FORMATS_HINT);
}

/** For a date that parses but cannot be: it is never rolled over (V8 turns 2024-02-30 into 2024-03-01). */
const IMPOSSIBLE_HINT = 'the calendar has no such day or time; check the cell, or export the file again';

function dateError(message: string, hint: string = IMPOSSIBLE_HINT): DateResult {
  return { kind: 'error', code: 'E_DATE', message, hint };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. */
function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function dayFields(day: string): [number, number, number] | null {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return null;
  const y = digits(day, 0, 4);
  const m = digits(day, 5, 2);
  const d = digits(day, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return [y, m, d];
}

function monthFields(month: string): [number, number] | null {
  if (month.length !== 7 || month.charCodeAt(4) !== 45) return null;
  const y = digits(month, 0, 4);
  const m = digits(month, 5, 2);
  if (y < 0 || m < 1 || m > 12) return null;
  return [y, m];
}

function requireDay(day: string): [number, number, number] {
  const f = dayFields(day);
  if (f === null) throw new RangeError(`not a calendar day (yyyy-mm-dd): ${JSON.stringify(day)}`);
  return f;
}

function requireMonth(month: string): [number, number] {
  const f = monthFields(month);
  if (f === null) throw new RangeError(`not a month (yyyy-mm): ${JSON.stringify(month)}`);
  return f;
}

function dayString(z: number): string {
  const [y, m, d] = civilFromDays(z);
  if (y < 0 || y > 9999) throw new RangeError(`day out of range (year ${y})`);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** True for a strict `yyyy-mm-dd` that is a real (proleptic Gregorian) calendar date. */
export function isValidDay(day: string): boolean {
  return dayFields(day) !== null;
}

/** True for a strict `yyyy-mm` with month 01–12. */
export function isValidMonth(month: string): boolean {
  return monthFields(month) !== null;
}

/** `day` moved by `n` days (negative goes back). Throws RangeError on an invalid day or non-integer n. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = requireDay(day);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
  return dayString(daysFromCivil(y, m, d) + n);
}

/** Every day from `from` to `to`, both included; [] when from > to. Throws RangeError on an invalid day. */
export function eachDay(from: string, to: string): string[] {
  const [fy, fm, fd] = requireDay(from);
  const [ty, tm, td] = requireDay(to);
  const first = daysFromCivil(fy, fm, fd);
  const last = daysFromCivil(ty, tm, td);
  const out: string[] = [];
  for (let z = first; z <= last; z++) out.push(dayString(z));
  return out;
}

/** Every day of `month` (yyyy-mm), in order. Throws RangeError on an invalid month. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = requireMonth(month);
  const n = daysIn(y, m);
  const out: string[] = [];
  for (let d = 1; d <= n; d++) out.push(`${month}-${pad2(d)}`);
  return out;
}

/** The month (yyyy-mm) of a day. Throws RangeError on an invalid day. */
export function monthOf(day: string): string {
  requireDay(day);
  return day.slice(0, 7);
}

/** The last day of `month` (yyyy-mm). Throws RangeError on an invalid month. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = requireMonth(month);
  return `${month}-${pad2(daysIn(y, m))}`;
}
