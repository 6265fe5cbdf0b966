/**
 * roi-ledger.json: the settings a figure needs, stated once by the merchant. Validated with zod;
 * every problem names the file and the key.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { UserError, type Diagnostic } from '../ledger/diagnostics.js';
import type { Settings } from '../ledger/facts.js';
import { parseAmount, parseRate } from '../ledger/money.js';

const yuan = z.string().refine(
  (s) => {
    const r = parseAmount(s);
    return r.kind === 'value' && r.fen >= 0; // a negative cost per parcel would book income
  },
  { message: 'must be an amount in yuan (0 or more) written as a string, e.g. "3.20"' },
);
const rate = z.string().refine((s) => parseRate(s).kind === 'value', {
  message: 'must be a rate between 0 and 1 written as a string, e.g. "0.05" or "5%"',
});

const ConfigSchema = z
  .object({
    platform_fee_rate: rate.optional(),
    shipping_per_parcel: yuan.optional(),
    packaging_per_parcel: yuan.optional(),
    return_writeoff_rate: rate.optional(),
  })
  .strict();

export const CONFIG_NAME = 'roi-ledger.json';

/** `--config FILE`, else roi-ledger.json in the current folder, else in the first PATH folder. */
export async function findConfig(
  explicit: string | undefined,
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<string | null> {
  if (explicit) return resolve(cwd, explicit);
  const candidates = [join(cwd, CONFIG_NAME)];
  const first = paths[0] === undefined ? undefined : resolve(cwd, paths[0]);
  if (first) {
    const st = await stat(first).catch(() => null);
    candidates.push(join(st?.isDirectory() ? first : dirname(first), CONFIG_NAME));
  }
  for (const c of candidates) if (await stat(c).catch(() => null)) return c;
  return null;
}

export const EMPTY_SETTINGS: Settings = {
  platformFeeRate: null,
  shippingPerParcel: null,
  packagingPerParcel: null,
  returnWriteoffRate: '0',
};

export async function loadSettings(
  path: string | null,
  /** The path as messages show it (relative to the working folder). */
  file: string | null = path,
): Promise<{ settings: Settings; file: string | null }> {
  if (path === null) return { settings: EMPTY_SETTINGS, file };
  const where = file ?? path;
  const fail = (message: string, hint?: string): never => {
    throw new UserError(
      [{ severity: 'error', code: 'E_CONFIG', message, file: where, ...(hint ? { hint } : {}) }],
      1,
    );
  };
  const text = await readFile(path, 'utf8').catch(() => fail('cannot read the settings file'));
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    fail(`not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const diags: Diagnostic[] = parsed.error.issues.map((i) => ({
      severity: 'error',
      code: 'E_CONFIG',
      message: i.path.length ? `"${i.path.join('.')}" ${i.message}` : i.message,
      file: where,
      hint: 'see docs/rules.md, "Settings"',
    }));
    throw new UserError(diags, 1);
  }
  const c = parsed.data;
  const fen = (s: string | undefined) => {
    if (s === undefined) return null;
    const r = parseAmount(s);
    return r.kind === 'value' ? r.fen : null;
  };
  const r = (s: string | undefined) => {
    if (s === undefined) return null;
    const v = parseRate(s);
    return v.kind === 'value' ? v.rate : null;
  };
  return {
    file,
    settings: {
      platformFeeRate: r(c.platform_fee_rate),
      shippingPerParcel: fen(c.shipping_per_parcel),
      packagingPerParcel: fen(c.packaging_per_parcel),
      returnWriteoffRate: r(c.return_writeoff_rate) ?? '0',
    },
  };
}
