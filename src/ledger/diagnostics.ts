/**
 * Diagnostics are values: every stage returns them, the command decides whether to stop.
 * Printed one way everywhere: `FILE:LINE: error: message (column "…")`.
 */

export type Severity = 'error' | 'warning';

export interface SourceLocation {
  /** Path as the user typed it (or as found under a folder they named). */
  readonly file: string;
  /** 1-based physical line where the record starts. 0 when the problem concerns the whole file. */
  readonly line: number;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable code, e.g. E_AMOUNT, E_HEADER, E_DUP_CONFLICT, W_UNKNOWN_AFTERSALE. */
  readonly code: string;
  /** What is wrong, one line. Never the whole CSV line (order exports carry buyers' data). */
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  /** Last physical line of the record, when its quoted cells hold line breaks (printed `FILE:2-3:`). */
  readonly endLine?: number;
  /** Header name, when the problem is one cell. */
  readonly column?: string;
  /** Raw value of that one cell (escaped and truncated when printed). */
  readonly value?: string;
  /** What to do about it. */
  readonly hint?: string;
}

const MAX_SHOWN = 80;

/** Makes a raw cell printable: control characters escaped, long values cut. */
export function showValue(raw: string): string {
  let s = JSON.stringify(raw);
  if (s.length > MAX_SHOWN + 2) s = `${s.slice(0, MAX_SHOWN)}…"`;
  return s;
}

export function formatDiagnostic(d: Diagnostic): string {
  const lines = d.line ? `:${d.line}${d.endLine && d.endLine > d.line ? `-${d.endLine}` : ''}` : '';
  const where = d.file ? `${d.file}${lines}: ` : '';
  let head = `${where}${d.severity}: ${d.message}`;
  if (d.column !== undefined)
    head += ` (column "${d.column}"${d.value !== undefined ? `, value ${showValue(d.value)}` : ''})`;
  else if (d.value !== undefined) head += ` (value ${showValue(d.value)})`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Thrown only for conditions that stop the run before any figure can be made (usage, settings). */
export class UserError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(diagnostics[0]?.message ?? 'error');
  }
}
