/** What the renderers share: column order, labels and the few text rules every format follows. */
import type { Dimension, Figures, PlanRow, Ratios, Report, ReportRow, ReportTable } from '../report/types.js';
import { MONEY_FIGURES, RATIO_KEYS } from '../report/types.js';

export type FigureColumn = 'orders' | 'units' | (typeof MONEY_FIGURES)[number] | (typeof RATIO_KEYS)[number];

/** Every figure in DESIGN.md §4 order: the JSON row and CSV column order. */
export const ALL_FIGURES: readonly FigureColumn[] = ['orders', 'units', ...MONEY_FIGURES, ...RATIO_KEYS];

/** What the terminal and Markdown tables show (the CSV has every ratio). */
export const DISPLAY_FIGURES: readonly FigureColumn[] = [
  'orders',
  'units',
  'gmv',
  'refunds',
  'net_gmv',
  'platform_fees',
  'commissions',
  'cogs',
  'shipping',
  'insurance',
  'contribution',
  'ad_spend',
  'fixed_costs',
  'net_profit',
  'roi',
  'margin',
];

/** `--by plan` has no cost columns: the platform's spend, attributed GMV and ROI. */
export const PLAN_FIGURES = ['ad_spend', 'gmv', 'roi'] as const satisfies readonly FigureColumn[];

export const TOTAL_KEY = '(total)';

const COUNTS: ReadonlySet<FigureColumn> = new Set(['orders', 'units']);
const RATIOS: ReadonlySet<FigureColumn> = new Set(RATIO_KEYS);

export type ColumnKind = 'count' | 'money' | 'ratio';

export function columnKind(column: FigureColumn): ColumnKind {
  if (COUNTS.has(column)) return 'count';
  return RATIOS.has(column) ? 'ratio' : 'money';
}

/** SKU and plan keys are ids, so their tables carry a name column. */
export function hasName(by: Dimension): boolean {
  return by === 'sku' || by === 'plan';
}

/** Ratios arrive as decimal strings; the output contract never shows `-0.0000`. */
export function ratioText(value: string | null): string | null {
  if (value === null) return null;
  return /^-0(?:\.0+)?$/.test(value) ? value.slice(1) : value;
}

/** A figure of a full row, for a column that may be a count, money (fen) or ratio. */
export function figureOf(figures: Figures, ratios: Ratios, column: FigureColumn): number | string | null {
  return column in figures ? figures[column as keyof Figures] : ratios[column as keyof Ratios];
}

const TITLES: Readonly<Record<Dimension, string>> = {
  channel: 'By channel',
  sku: 'By SKU',
  author: 'By author',
  plan: 'By ad plan',
  day: 'By day',
  month: 'By month',
};

export function tableTitle(by: Dimension): string {
  return TITLES[by];
}

export function periodText(report: Report): string {
  return report.period === null ? 'no data' : `${report.period.from} to ${report.period.to}`;
}

/** One table as display text, before any format-specific styling (terminal and Markdown). */
export interface DisplayColumn {
  readonly id: 'key' | 'name' | FigureColumn;
  readonly label: string;
  readonly align: 'left' | 'right';
}

export interface DisplayRow {
  readonly total: boolean;
  readonly cells: readonly string[];
  /** Per cell: a loss worth colouring (negative contribution or net profit). */
  readonly loss: readonly boolean[];
}

export function displayColumns(table: ReportTable): DisplayColumn[] {
  const columns: DisplayColumn[] = [{ id: 'key', label: table.by, align: 'left' }];
  if (hasName(table.by)) columns.push({ id: 'name', label: 'name', align: 'left' });
  const figures = table.by === 'plan' ? PLAN_FIGURES : DISPLAY_FIGURES;
  for (const id of figures) columns.push({ id, label: id, align: 'right' });
  return columns;
}

const LOSS_COLUMNS: ReadonlySet<string> = new Set(['contribution', 'net_profit']);

/** Rows then the totals row; `money` formats fen, undefined ratios show as `—`. */
export function displayRows(
  table: ReportTable,
  columns: readonly DisplayColumn[],
  money: (fen: number) => string,
): DisplayRow[] {
  const one = (row: ReportRow | PlanRow, total: boolean): DisplayRow => {
    const cells: string[] = [];
    const loss: boolean[] = [];
    for (const { id } of columns) {
      const value = displayValue(row, id, total);
      const kind = id === 'key' || id === 'name' ? 'text' : columnKind(id);
      loss.push(LOSS_COLUMNS.has(id) && typeof value === 'number' && value < 0);
      if (kind === 'money') cells.push(money(value as number));
      else if (kind === 'ratio') cells.push(ratioText(value as string | null) ?? '—');
      else cells.push(value === null ? '' : String(value));
    }
    return { total, cells, loss };
  };
  const rows: DisplayRow[] = [];
  for (const row of table.rows) rows.push(one(row, false));
  rows.push(one(table.totals, true));
  return rows;
}

function displayValue(
  row: ReportRow | PlanRow,
  id: DisplayColumn['id'],
  total: boolean,
): number | string | null {
  if (id === 'key') return total ? TOTAL_KEY : row.key;
  if (id === 'name') return total ? null : row.name;
  if ('figures' in row) return figureOf(row.figures, row.ratios, id);
  return id === 'ad_spend' || id === 'gmv' || id === 'roi' ? row[id] : null;
}

/** `1234567.80` → `1,234,567.80`: terminal only, never in CSV or JSON. */
export function groupThousands(amount: string): string {
  return amount.replace(
    /^(-?)(\d+)/,
    (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  );
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the data made safe to show: line breaks and tabs become spaces, other control and
 * bidirectional-override characters (a name could carry ANSI escapes or U+202E) become U+FFFD.
 */
export function displayText(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ').replace(UNSAFE, '\uFFFD');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What a reader needs to trust the totals (report.notes), as sentences; empty when all are zero. */
export function noteLines(report: Report): string[] {
  const { unmatched_commissions, unmatched_premiums, unattributed_ad_rows, settled_commission_lines } =
    report.notes;
  const lines: string[] = [];
  const unmatched: string[] = [];
  if (unmatched_commissions > 0) unmatched.push(plural(unmatched_commissions, 'commission'));
  if (unmatched_premiums > 0) unmatched.push(plural(unmatched_premiums, 'premium'));
  if (unmatched.length > 0) {
    const verb = unmatched_commissions + unmatched_premiums === 1 ? 'names' : 'name';
    lines.push(`${unmatched.join(' and ')} ${verb} an order line not in the data: booked to (unattributed).`);
  }
  if (unattributed_ad_rows > 0) {
    const verb = unattributed_ad_rows === 1 ? 'matches' : 'match';
    lines.push(
      `${plural(unattributed_ad_rows, 'ad row')} ${verb} no sales: their spend is in (unattributed).`,
    );
  }
  if (settled_commission_lines > 0) {
    const verb = settled_commission_lines === 1 ? 'uses' : 'use';
    lines.push(`${plural(settled_commission_lines, 'commission line')} ${verb} the settled amount.`);
  }
  return lines;
}

export function diagnosticsLine(report: Report): string {
  let errors = 0;
  for (const d of report.diagnostics) if (d.severity === 'error') errors += 1;
  const warnings = report.diagnostics.length - errors;
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return `Diagnostics (on stderr): ${parts.length > 0 ? parts.join(', ') : 'none'}.`;
}
