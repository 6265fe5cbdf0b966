/** `--format md`: GitHub-flavoured Markdown, for pasting a review into a document or an issue. */
import { formatFen } from '../ledger/money.js';
import type { Report, ReportTable } from '../report/types.js';
import {
  displayColumns,
  displayRows,
  displayText,
  noteLines,
  periodText,
  tableTitle,
  type DisplayRow,
} from './common.js';

export function renderMarkdown(report: Report): string {
  const through = report.data_through === null ? '' : ` · data through ${report.data_through}`;
  const parts = [`Period: ${periodText(report)}${through} · amounts in CNY`];
  for (const table of report.tables) parts.push(tableMarkdown(table));
  const notes = noteLines(report);
  if (notes.length > 0) parts.push(notes.map((line) => `- ${line}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function tableMarkdown(table: ReportTable): string {
  const columns = displayColumns(table);
  const lines = [
    `## ${tableTitle(table.by)}`,
    '',
    line(columns.map((c) => c.label)),
    line(columns.map((c) => (c.align === 'right' ? '---:' : '---'))),
  ];
  for (const row of displayRows(table, columns, formatFen)) lines.push(line(rowCells(row)));
  return lines.join('\n');
}

function rowCells(row: DisplayRow): string[] {
  return row.cells.map((cell) => {
    const text = escapeCell(cell);
    // `****` would show as literal asterisks, so an empty totals cell stays empty.
    return row.total && text !== '' ? `**${text}**` : text;
  });
}

function line(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * One line of literal text: `|` would end the cell, a line break the row, and the other
 * punctuation could turn a product name into emphasis, a link or HTML. CommonMark lets a
 * backslash escape any ASCII punctuation, so the cell reads exactly as the data.
 */
export function escapeCell(text: string): string {
  return displayText(text).replace(/[\\|`*_~[\]<>&]/g, '\\$&');
}
