/** Running a shop through the pipeline and the report, as `roi-ledger report` does, for the properties. */
import { runPipeline, type PipelineOptions } from '../../src/commands/pipeline.js';
import type { Ledger } from '../../src/ledger/book.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/types.js';
import { renderers } from '../../src/render/index.js';
import { DIMENSIONS, type Dimension } from '../../src/report/types.js';

export const READ: Omit<PipelineOptions, 'cwd'> = {
  excelWrappedIds: false,
  excelDates: false,
  decimalMark: '.',
  preferNewest: false,
  as: new Map(),
  config: undefined,
};

export interface Period {
  readonly from: string | null;
  readonly to: string | null;
}

export const ALL_TABLES: readonly Dimension[] = DIMENSIONS;

export function report(
  ledger: Ledger,
  period: Period = { from: null, to: null },
  allocateFixed = true,
): Report {
  return buildReport(ledger, {
    by: ALL_TABLES,
    from: period.from,
    to: period.to,
    allocateFixed,
    settings: {
      platform_fee_rate: null,
      shipping_per_parcel: null,
      packaging_per_parcel: null,
      return_writeoff_rate: '0',
      allocate_fixed_costs: allocateFixed,
    },
    inputs: [],
    diagnostics: [],
  });
}

/** `roi-ledger report PATHS --by <all> --format json|csv`, in-process, from files on disk. */
export async function reportFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ json: string; csv: string; report: Report; errors: number }> {
  const run = await runPipeline(paths, { ...READ, cwd });
  const s = run.settings;
  const r = buildReport(run.ledger, {
    by: ALL_TABLES,
    from: null,
    to: null,
    allocateFixed: true,
    settings: {
      platform_fee_rate: s.platformFeeRate,
      shipping_per_parcel: s.shippingPerParcel,
      packaging_per_parcel: s.packagingPerParcel,
      return_writeoff_rate: s.returnWriteoffRate,
      allocate_fixed_costs: true,
    },
    inputs: run.inputs,
    diagnostics: run.diagnostics,
  });
  const ctx = { color: false, version: 'test' };
  return {
    json: renderers.json(r, ctx),
    csv: renderers.csv(r, ctx),
    report: r,
    errors: run.diagnostics.filter((d) => d.severity === 'error').length,
  };
}
