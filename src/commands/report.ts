/**
 * `roi-ledger report [PATH...]`: the main job, tables per dimension with totals. Its arguments and
 * options are declared in src/cli/main.ts, which imports this module when the command runs.
 */
import { resolve } from 'node:path';
import type { Io } from '../cli/io.js';
import type { EntryVisitor } from '../ledger/reconcile.js';
import type { Report } from '../report/types.js';
import type { PipelineResult } from './pipeline.js';
import { stderrProgress } from '../cli/progress.js';
import { writeFileAtomic } from '../cli/io.js';
import {
  loadZod,
  parseDimensions,
  parseOptions,
  periodOptions,
  resolvePeriod,
  type Zod,
} from '../cli/options.js';
import {
  countBySeverity,
  exitCode,
  DEMO_DIR,
  printDiagnostics,
  readOptions,
  refuseOutputOverInput,
} from './shared.js';

const reportOptions = (zod: Zod) =>
  periodOptions(zod).extend({
    by: zod.string().default('channel,sku'),
    format: zod.enum(['table', 'json', 'csv', 'md']).default('table'),
    output: zod.string().optional(),
    bom: zod.boolean().default(false),
    allocate: zod.boolean().default(true),
    allowErrors: zod.boolean().default(false),
  });

export async function runReport(
  paths: string[],
  raw: Record<string, unknown>,
  io: Io,
  version: string,
): Promise<number> {
  const zod = await loadZod();
  const o = parseOptions(reportOptions(zod), raw);
  const read = await readOptions(raw, io.cwd, zod);
  const period = resolvePeriod(o);
  const by = parseDimensions(o.by);
  const inputs = paths.length ? paths : [DEMO_DIR];
  const [{ bookPipeline }, { buildReport }, { renderers }, { BookedSums }] = await Promise.all([
    import('./pipeline.js'),
    import('../report/build.js'),
    import('../render/index.js'),
    import('../ledger/reconcile.js'),
  ]);
  const booked = await bookPipeline(inputs, { ...read, progress: stderrProgress(io) });
  if (o.output) await refuseOutputOverInput(o.output, io.cwd, booked);
  const s = booked.settings;
  const build = (run: Omit<PipelineResult, 'reconciliation'>, visitor?: EntryVisitor): Report =>
    buildReport(run.ledger, {
      by,
      from: period.from,
      to: period.to,
      allocateFixed: o.allocate,
      settings: {
        platform_fee_rate: s.platformFeeRate,
        shipping_per_parcel: s.shippingPerParcel,
        packaging_per_parcel: s.packagingPerParcel,
        return_writeoff_rate: s.returnWriteoffRate,
        allocate_fixed_costs: o.allocate,
      },
      inputs: run.inputs,
      diagnostics: run.diagnostics,
      ...(visitor ? { visitor } : {}),
    });
  // Reconciliation sums the entries as the report's walk hands them over, rather than walking the
  // ledger once more (seconds on a big one), and the files are hashed meanwhile. With errors in the
  // inputs already and no --allow-errors, no report is printed: the pipeline walks for it. A report
  // built without a reconciliation failure it should list is built again.
  let report: Report | null = null;
  let run: PipelineResult;
  if (countBySeverity(booked.diagnostics).errors && !o.allowErrors) run = await booked.finish();
  else {
    const sums = new BookedSums();
    report = build(booked, sums);
    run = await booked.finish(sums);
    report = run.reconciliation.every((r) => r.ok) ? { ...report, inputs: run.inputs } : null;
  }
  const { errors, warnings } = countBySeverity(run.diagnostics);
  printDiagnostics(io, run.diagnostics, { quiet: read.quiet });
  if (errors && !o.allowErrors) {
    io.stderr(
      `roi-ledger: report not printed: ${errors} error${errors > 1 ? 's' : ''} in the inputs (run \`roi-ledger check\` for the whole list, or pass --allow-errors)\n`,
    );
    return 1;
  }
  report ??= build(run);
  if (errors) {
    const { formatFen } = await import('../ledger/money.js');
    const rejected = run.inputs.reduce((n, f) => n + f.rejected, 0);
    const money = run.files.reduce((n, f) => n + f.stats.rejectedAmount, 0);
    const unmeasured = run.files.reduce((n, f) => n + f.stats.rejectedUnmeasured, 0);
    io.stderr(
      `roi-ledger: figures printed with ${errors} error(s): ${rejected} rejected row(s) holding ${formatFen(money)} yuan${unmeasured ? ` (and ${unmeasured} whose amount is unreadable)` : ''} are not in them\n`,
    );
  }
  const color = o.format === 'table' && !o.output && io.stdoutIsTTY && !io.env.NO_COLOR;
  let text = renderers[o.format](report, { color, ...(io.columns ? { width: io.columns } : {}), version });
  if (o.bom) text = `\ufeff${text}`;
  if (o.output) await writeFileAtomic(resolve(io.cwd, o.output), text);
  else io.stdout(text);
  return exitCode({ errors, warnings }, read.strict);
}
