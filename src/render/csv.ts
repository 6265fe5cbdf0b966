/** `--format csv`: tidy, one record per (table, key) plus a `(total)` record per table. */
import { formatFen } from '../ledger/money.js';
import type { PlanRow, Report, ReportRow, ReportTable } from '../report/types.js';
import { ALL_FIGURES, columnKind, figureOf, ratioText, TOTAL_KEY, type FigureColumn } from './common.js';
import { csvCell, csvLine } from './csv-writer.js';

const HEADER: readonly string[] = ['table', 'key', 'name', ...ALL_FIGURES];

export function renderCsv(report: Report): string {
  let out = csvLine(HEADER.map((h) => csvCell(h, 'text')));
  for (const table of report.tables) {
    for (const row of table.rows) out += record(table, row, row.key, row.name);
    out += record(table, table.totals, TOTAL_KEY, null);
  }
  return out;
}

function record(table: ReportTable, row: ReportRow | PlanRow, key: string, name: string | null): string {
  const cells = [csvCell(table.by, 'text'), csvCell(key, 'text'), csvCell(name, 'text')];
  for (const column of ALL_FIGURES) cells.push(figureCell(row, column));
  return csvLine(cells);
}

function figureCell(row: ReportRow | PlanRow, column: FigureColumn): string {
  let value: number | string | null;
  if ('figures' in row) value = figureOf(row.figures, row.ratios, column);
  // A plan row has only ad_spend, gmv and roi; the other columns stay empty.
  else if (column === 'ad_spend' || column === 'gmv' || column === 'roi') value = row[column];
  else return '';
  const kind = columnKind(column);
  if (kind === 'money') return csvCell(formatFen(value as number), 'number');
  if (kind === 'ratio') return csvCell(ratioText(value as string | null), 'number');
  return csvCell(value, 'number');
}
