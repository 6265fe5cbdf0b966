/**
 * What the commands share: reading the options that read inputs (declared in src/cli/main.ts), and
 * printing diagnostics to stderr.
 */
import { lstat, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, UserError, type Diagnostic } from '../ledger/diagnostics.js';
import type { Io } from '../cli/io.js';
import { parseAs, parseOptions, readOptionsSchema, type Zod } from '../cli/options.js';
import type { PipelineOptions } from './pipeline.js';

/** The bundled demo shop: what `report` reads with no PATH. */
export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export async function readOptions(
  raw: Record<string, unknown>,
  cwd: string,
  zod: Zod,
): Promise<PipelineOptions & { strict: boolean; quiet: boolean }> {
  const o = parseOptions(readOptionsSchema(zod), raw);
  const { FORMATS } = await import('../sources/registry.js');
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

/** The data-error exit code of a run: 1 with errors (with --strict, warnings too), else 0. */
export function exitCode(counts: { errors: number; warnings: number }, strict: boolean): 0 | 1 {
  return counts.errors || (strict && counts.warnings) ? 1 : 0;
}

/**
 * Refuses an --output path that is a symbolic link, or that is one of the files read, the settings
 * file included (by any name: a symlink or a hard link to it), before anything is written: the output
 * would replace the data it was made from (bad-inputs I-6). Paths are relative to `cwd` or absolute.
 */
export async function refuseOutputOverInput(
  output: string,
  cwd: string,
  run: { readonly files: readonly { readonly file: string }[]; readonly configFile: string | null },
): Promise<void> {
  const inputs = run.files.map((f) => f.file);
  if (run.configFile !== null) inputs.push(run.configFile);
  const path = resolve(cwd, output);
  const refuse = (message: string, hint: string): never => {
    throw new UserError([{ severity: 'error', code: 'E_IO', message, file: output, hint }], 2);
  };
  const link = await lstat(path).catch(() => null);
  if (link === null) return;
  if (link.isSymbolicLink())
    refuse(
      '--output names a symbolic link; it is not followed',
      'write to a real file path, or remove the link first',
    );
  for (const input of inputs) {
    const st = await stat(resolve(cwd, input)).catch(() => null);
    if (st !== null && st.dev === link.dev && st.ino === link.ino)
      refuse(
        `--output is an input file (${input}): writing would replace the data the output is made from`,
        'write the output to another file, outside the folders you read',
      );
  }
}
