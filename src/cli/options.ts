/**
 * Options shared by the commands, validated once with zod at the command boundary. A bad option is
 * a usage error (exit 2) that names it.
 */
import type { z } from 'zod';
import { isValidDay, isValidMonth, lastDayOfMonth } from '../ledger/dates.js';
import { UserError } from '../ledger/diagnostics.js';
import { DIMENSIONS, type Dimension } from '../report/types.js';

export type Zod = typeof z;

/**
 * zod is loaded when a command runs, never for `--help` or `--version`: importing it costs more than
 * all the rest of start-up. The schemas are built from the loaded module.
 */
export async function loadZod(): Promise<Zod> {
  return (await import('zod')).z;
}

export function periodOptions(zod: Zod) {
  const day = zod.string().refine(isValidDay, { message: 'must be a day written yyyy-mm-dd' });
  return zod.object({
    from: day.optional(),
    to: day.optional(),
    month: zod.string().refine(isValidMonth, { message: 'must be a month written yyyy-mm' }).optional(),
    year: zod
      .string()
      .regex(/^\d{4}$/, { message: 'must be a year written yyyy' })
      .optional(),
  });
}

export type PeriodOptionValues = z.infer<ReturnType<typeof periodOptions>>;

export function readOptionsSchema(zod: Zod) {
  return zod.object({
    excelWrappedIds: zod.boolean().default(false),
    excelDates: zod.boolean().default(false),
    decimalMark: zod.enum(['.', ',']).default('.'),
    prefer: zod.enum(['newest']).optional(),
    as: zod.array(zod.string()).default([]),
    config: zod.string().optional(),
    strict: zod.boolean().default(false),
    quiet: zod.boolean().default(false),
  });
}

export function usageError(message: string, hint?: string): UserError {
  return new UserError([{ severity: 'error', code: 'E_USAGE', message, ...(hint ? { hint } : {}) }], 2);
}

/** Validates raw commander options against a schema; every problem names its option. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new UserError(
    r.error.issues.map((i) => ({
      severity: 'error' as const,
      code: 'E_USAGE',
      message: `--${String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`,
    })),
    2,
  );
}

/** --from/--to, or a shorthand (--month, --year), never both. */
export function resolvePeriod(p: PeriodOptionValues): { from: string | null; to: string | null } {
  const shorthand = [p.month, p.year].filter(Boolean).length;
  if (shorthand > 1) throw usageError('--month and --year cannot be combined');
  if (shorthand && (p.from || p.to)) throw usageError('--month/--year cannot be combined with --from/--to');
  if (p.month) return { from: `${p.month}-01`, to: lastDayOfMonth(p.month) };
  if (p.year) return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
  if (p.from && p.to && p.from > p.to) throw usageError(`--from ${p.from} is after --to ${p.to}`);
  return { from: p.from ?? null, to: p.to ?? null };
}

export function parseDimensions(raw: string): Dimension[] {
  const dims = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = dims.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (bad.length || dims.length === 0)
    throw usageError(
      `--by: unknown dimension ${bad.map((b) => `"${b}"`).join(', ') || '(none)'}`,
      `choose from ${DIMENSIONS.join(', ')}`,
    );
  return [...new Set(dims)] as Dimension[];
}

/** `--as FORMAT=FILE`: the format a file must be read as. */
export function parseAs(values: readonly string[], known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const i = v.indexOf('=');
    const id = v.slice(0, i);
    if (i <= 0 || !known.includes(id))
      throw usageError(
        `--as ${v}: expected FORMAT=FILE`,
        `formats: ${known.join(', ')} (see roi-ledger formats)`,
      );
    out.set(v.slice(i + 1), id);
  }
  return out;
}
