/** `--format json`: one versioned object (DESIGN.md §5). Money and ratios are decimal strings, never floats. */
import type { Diagnostic } from '../ledger/diagnostics.js';
import { formatFen } from '../ledger/money.js';
import type {
  InputSummary,
  PlanRow,
  Report,
  ReportRow,
  ReportSettings,
  ReportTable,
} from '../report/types.js';
import { ALL_FIGURES, columnKind, figureOf, PLAN_FIGURES, hasName, ratioText } from './common.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function renderJson(report: Report, meta: { version: string }): string {
  const out: JsonObject = {
    schema: 'roi-ledger/report@1',
    generated_by: `roi-ledger ${meta.version}`,
    currency: 'CNY',
    timezone: 'Asia/Shanghai',
    period: report.period === null ? null : { from: report.period.from, to: report.period.to },
    data_through: report.data_through,
    settings: settingsJson(report.settings),
    totals: figuresJson(report.totals),
    tables: report.tables.map(tableJson),
    inputs: report.inputs.map(inputJson),
    diagnostics: report.diagnostics.map(diagnosticJson),
    notes: {
      unmatched_commissions: report.notes.unmatched_commissions,
      unmatched_premiums: report.notes.unmatched_premiums,
      unattributed_ad_rows: report.notes.unattributed_ad_rows,
      settled_commission_lines: report.notes.settled_commission_lines,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function settingsJson(s: ReportSettings): JsonObject {
  return {
    platform_fee_rate: s.platform_fee_rate,
    shipping_per_parcel: s.shipping_per_parcel === null ? null : formatFen(s.shipping_per_parcel),
    packaging_per_parcel: s.packaging_per_parcel === null ? null : formatFen(s.packaging_per_parcel),
    return_writeoff_rate: s.return_writeoff_rate,
    allocate_fixed_costs: s.allocate_fixed_costs,
  };
}

/** Every figure of a row in §4 order: counts as numbers, money as `"1234.50"`, ratios as strings or null. */
function figuresJson(row: ReportRow): JsonObject {
  const out: JsonObject = {};
  for (const column of ALL_FIGURES) {
    const value = figureOf(row.figures, row.ratios, column);
    const kind = columnKind(column);
    if (kind === 'money') out[column] = formatFen(value as number);
    else if (kind === 'ratio') out[column] = ratioText(value as string | null);
    else out[column] = value;
  }
  return out;
}

function planFiguresJson(row: PlanRow): JsonObject {
  const out: JsonObject = {};
  for (const column of PLAN_FIGURES) {
    out[column] = column === 'roi' ? ratioText(row.roi) : formatFen(row[column]);
  }
  return out;
}

function tableJson(table: ReportTable): JsonObject {
  const named = hasName(table.by);
  const head = (row: ReportRow | PlanRow): JsonObject =>
    named ? { key: row.key, name: row.name } : { key: row.key };
  if (table.by === 'plan') {
    return {
      by: table.by,
      rows: table.rows.map((row) => ({ ...head(row), ...planFiguresJson(row) })),
      totals: planFiguresJson(table.totals),
    };
  }
  return {
    by: table.by,
    rows: table.rows.map((row) => ({ ...head(row), ...figuresJson(row) })),
    totals: figuresJson(table.totals),
  };
}

function inputJson(input: InputSummary): JsonObject {
  // Reasons sorted so the same inputs always print the same bytes; fromEntries keeps any name an own key.
  const skipped: JsonObject = Object.fromEntries(
    Object.entries(input.skipped).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return {
    file: input.file,
    sha256: input.sha256,
    format: input.format,
    kind: input.kind,
    rows: input.rows,
    used: input.used,
    duplicates: input.duplicates,
    updates: input.updates,
    rejected: input.rejected,
    skipped,
  };
}

export function diagnosticJson(d: Diagnostic): JsonObject {
  const out: JsonObject = { severity: d.severity, code: d.code, message: d.message };
  if (d.file !== undefined) out.file = d.file;
  if (d.line !== undefined) out.line = d.line;
  if (d.endLine !== undefined) out.end_line = d.endLine;
  if (d.column !== undefined) out.column = d.column;
  if (d.value !== undefined) out.value = d.value;
  if (d.hint !== undefined) out.hint = d.hint;
  return out;
}
