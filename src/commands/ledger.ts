/**
 * `roi-ledger ledger [PATH...]`: the normalised ledger, one entry per line (CSV or JSON Lines). Its
 * arguments and options are declared in src/cli/main.ts, which imports this module when the command runs.
 */
import { resolve } from 'node:path';
import { stderrProgress } from '../cli/progress.js';
import { openAtomic, Pieces, stdoutPieces, type Io } from '../cli/io.js';
import { loadZod, parseOptions, periodOptions, resolvePeriod, type Zod } from '../cli/options.js';
import type { Entry } from '../ledger/entry.js';
import {
  countBySeverity,
  exitCode,
  DEMO_DIR,
  printDiagnostics,
  readOptions,
  refuseOutputOverInput,
} from './shared.js';

const ledgerOptions = (zod: Zod) =>
  periodOptions(zod).extend({
    format: zod.enum(['csv', 'jsonl']).default('csv'),
    output: zod.string().optional(),
    bom: zod.boolean().default(false),
    allowErrors: zod.boolean().default(false),
  });

/** Columns of the ledger, in order. `amount` is signed yuan: positive raises profit. */
export const LEDGER_COLUMNS = [
  'date',
  'kind',
  'amount',
  'order',
  'line',
  'product',
  'sku',
  'sku_name',
  'channel',
  'author',
  'plan',
  'category',
  'units',
  'attributed_gmv',
  'source_file',
  'source_line',
] as const;

function toRecord(
  e: Entry,
  formatFen: (fen: number) => string,
): Record<(typeof LEDGER_COLUMNS)[number], string | number | null> {
  return {
    date: e.date,
    kind: e.kind,
    amount: formatFen(e.amount),
    order: e.order,
    line: e.line,
    product: e.product,
    sku: e.sku,
    sku_name: e.sku_name,
    channel: e.channel,
    author: e.author,
    plan: e.plan,
    category: e.category,
    units: e.units,
    attributed_gmv: e.attributed_gmv === null ? null : formatFen(e.attributed_gmv),
    source_file: e.source.file,
    source_line: e.source.line,
  };
}

const NUMERIC = new Set(['amount', 'units', 'attributed_gmv', 'source_line']);

export async function runLedger(paths: string[], raw: Record<string, unknown>, io: Io): Promise<number> {
  const zod = await loadZod();
  const o = parseOptions(ledgerOptions(zod), raw);
  const read = await readOptions(raw, io.cwd, zod);
  const { from, to } = resolvePeriod(o);
  const [{ runPipeline }, { formatFen }, { csvCell, csvLine }] = await Promise.all([
    import('./pipeline.js'),
    import('../ledger/money.js'),
    import('../render/csv-writer.js'),
  ]);
  const run = await runPipeline(paths.length ? paths : [DEMO_DIR], { ...read, progress: stderrProgress(io) });
  if (o.output) await refuseOutputOverInput(o.output, io.cwd, run);
  const { errors, warnings } = countBySeverity(run.diagnostics);
  printDiagnostics(io, run.diagnostics, { quiet: read.quiet });
  if (errors && !o.allowErrors) {
    io.stderr(
      `roi-ledger: ledger not printed: ${errors} error(s) in the inputs (run \`roi-ledger check\`, or pass --allow-errors)\n`,
    );
    return 1;
  }
  // Fixed costs are monthly (dated on the 1st): a period keeps the months it touches.
  const keep = (e: Entry) =>
    e.kind === 'fixed_cost'
      ? (from === null || e.date.slice(0, 7) >= from.slice(0, 7)) &&
        (to === null || e.date.slice(0, 7) <= to.slice(0, 7))
      : (from === null || e.date >= from) && (to === null || e.date <= to);
  // Streamed in chunks, each passed on before the next is made: a big shop's ledger has millions of
  // entries and is never held whole, in memory or in a pipe's queue.
  const file = o.output ? await openAtomic(resolve(io.cwd, o.output)) : null;
  const out = file ? new Pieces((piece) => file.write(piece)) : stdoutPieces(io);
  try {
    out.add(o.bom ? '\ufeff' : '');
    if (o.format === 'csv') out.add(csvLine([...LEDGER_COLUMNS]));
    for (const e of run.ledger.entries()) {
      if (!keep(e)) continue;
      const r = toRecord(e, formatFen);
      const full = out.add(
        o.format === 'csv'
          ? csvLine(LEDGER_COLUMNS.map((c) => csvCell(r[c], NUMERIC.has(c) ? 'number' : 'text')))
          : `${JSON.stringify(r)}\n`,
      );
      if (full) await out.flush();
    }
    await out.flush();
    await file?.commit();
  } catch (e) {
    await file?.abort();
    throw e;
  }
  return exitCode({ errors, warnings }, read.strict);
}
