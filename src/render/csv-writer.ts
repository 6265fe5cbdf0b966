/**
 * A small CSV writer (RFC 4180 quoting, `\n` line ends) with formula escaping for text cells only.
 * Not csv-stringify: its `escape_formulas` also prefixes our own numbers (`-12.50` → `'-12.50`),
 * which turns them into text in a spreadsheet (DESIGN.md §5, bad-inputs.md §1.11).
 */

/** Characters that make a spreadsheet read a cell as a formula (OWASP, ASVS 1.2.10, full-width forms). */
const TRIGGER = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;
/** The numeric literals we generate ourselves: counts, money from formatFen, ratios. */
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** True when a spreadsheet could run the text as a formula, also behind leading whitespace (` =1`). */
export function isFormulaLike(text: string): boolean {
  return TRIGGER.test(text) || TRIGGER.test(text.replace(/^\s+/, ''));
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * One encoded cell. Text that could start a formula gets a leading `'` and is quoted, as OWASP
 * recommends; numbers are written bare so spreadsheet sums keep working. `null` is an empty cell.
 */
export function csvCell(value: string | number | null, kind: 'text' | 'number'): string {
  if (value === null) return '';
  if (kind === 'number') {
    const text = typeof value === 'number' ? numberText(value) : value;
    // A "number" we did not generate is a bug upstream; writing it unescaped could be a formula.
    if (!NUMBER.test(text)) throw new TypeError(`not a plain number: ${JSON.stringify(text)}`);
    return text;
  }
  const text = String(value);
  if (isFormulaLike(text)) return quote(`'${text}`);
  return NEEDS_QUOTES.test(text) ? quote(text) : text;
}

function numberText(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
  return String(value);
}

/** One record of already encoded cells, with its `\n`. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\n`;
}
