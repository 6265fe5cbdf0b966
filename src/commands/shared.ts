/** What the commands share: the option set that reads inputs, and printing diagnostics to stderr. */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../ledger/diagnostics.js';
import type { Io } from '../cli/io.js';
import { parseAs, parseOptions, ReadOptionsSchema } from '../cli/options.js';
import { FORMATS } from '../sources/registry.js';
import type { PipelineOptions } from './pipeline.js';

/** The bundled demo shop: what `report` reads with no PATH. */
export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export function addReadOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'settings file (default: roi-ledger.json here, else in the first PATH folder)')
    .option(
      '--as <format=file>',
      'read FILE as FORMAT (see `roi-ledger formats`); repeatable',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--prefer <which>',
      'on a conflict between two exports, take the newest (by export time, never mtime)',
    )
    .option('--excel-wrapped-ids', 'accept ids wrapped by Excel as ="…"')
    .option('--excel-dates', 'accept Excel serial dates (1900 system)')
    .option('--decimal-mark <mark>', 'decimal mark of amounts: . (default) or ,')
    .option('--strict', 'warnings count as errors (exit 1)')
    .option('--quiet', 'print errors only, no warnings');
}

export function readOptions(
  raw: Record<string, unknown>,
  cwd: string,
): PipelineOptions & { strict: boolean; quiet: boolean } {
  const o = parseOptions(ReadOptionsSchema, raw);
  return {
    excelWrappedIds: o.excelWrappedIds,
    excelDates: o.excelDates,
    decimalMark: o.decimalMark,
    preferNewest: o.prefer === 'newest',
    as: parseAs(
      o.as,
      FORMATS.map((f) => f.id),
    ),
    config: o.config,
    cwd,
    strict: o.strict,
    quiet: o.quiet,
  };
}

const SHOWN_PER_CODE = 20;

/** Prints diagnostics to stderr, at most 20 per code (check --verbose lists them all). */
export function printDiagnostics(
  io: Io,
  diagnostics: readonly Diagnostic[],
  opts: { quiet: boolean; all?: boolean },
): void {
  const seen = new Map<string, number>();
  for (const d of diagnostics) {
    if (opts.quiet && d.severity === 'warning') continue;
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (opts.all || n <= SHOWN_PER_CODE) io.stderr(`${formatDiagnostic(d)}\n`);
  }
  if (!opts.all)
    for (const [code, n] of seen)
      if (n > SHOWN_PER_CODE)
        io.stderr(`… and ${n - SHOWN_PER_CODE} more ${code} (roi-ledger check --verbose lists them all)\n`);
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics)
    if (d.severity === 'error') errors++;
    else warnings++;
  return { errors, warnings };
}
