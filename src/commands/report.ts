/** `roi-ledger report [PATH...]`: the main job, tables per dimension with totals. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Io } from '../cli/io.js';
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
  addReadOptions,
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

export function register(program: Command, io: Io, version: string, done: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description(
      'GMV, net profit and ROI per channel and SKU (or --by author, plan, day, month), with totals',
    )
    .argument('[paths...]', 'export files or folders (default: the bundled demo shop)')
    .option('--from <day>', 'first day of the period (yyyy-mm-dd, inclusive)')
    .option('--to <day>', 'last day of the period (inclusive)')
    .option('--month <yyyy-mm>', 'the period is this month')
    .option('--year <yyyy>', 'the period is this year')
    .option('--by <dims>', 'tables to print: channel,sku,author,plan,day,month', 'channel,sku')
    .option('--format <format>', 'table | json | csv | md', 'table')
    .option('--output <file>', 'write to FILE (atomically) instead of stdout')
    .option('--bom', 'start the output with a UTF-8 BOM (Excel, WPS)')
    .option('--no-allocate', 'show fixed costs in the row (unattributed) instead of splitting them')
    .option('--allow-errors', 'print figures even when some rows were rejected');
  addReadOptions(cmd).action(async (paths: string[], raw: Record<string, unknown>) => {
    done(await runReport(paths, raw, io, version));
  });
}

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
  const [{ runPipeline }, { buildReport }, { renderers }] = await Promise.all([
    import('./pipeline.js'),
    import('../report/build.js'),
    import('../render/index.js'),
  ]);
  const run = await runPipeline(inputs, read);
  if (o.output) await refuseOutputOverInput(o.output, io.cwd, run);
  const { errors, warnings } = countBySeverity(run.diagnostics);
  printDiagnostics(io, run.diagnostics, { quiet: read.quiet });
  if (errors && !o.allowErrors) {
    io.stderr(
      `roi-ledger: report not printed: ${errors} error${errors > 1 ? 's' : ''} in the inputs (run \`roi-ledger check\` for the whole list, or pass --allow-errors)\n`,
    );
    return 1;
  }
  const s = run.settings;
  const report = buildReport(run.ledger, {
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
  });
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
