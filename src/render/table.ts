/** `--format table`: one cli-table3 table per report table, for people at a terminal. */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { formatFen } from '../ledger/money.js';
import type { Report, ReportTable } from '../report/types.js';
import {
  diagnosticsLine,
  displayColumns,
  displayRows,
  displayText,
  groupThousands,
  noteLines,
  periodText,
  tableTitle,
  type DisplayColumn,
  type DisplayRow,
} from './common.js';

/**
 * How a table is narrowed to the terminal, one step at a time until it fits: the cost detail goes
 * first, then long product names are cut (with …), then counts and margin. gmv, net_gmv,
 * contribution, ad_spend, fixed_costs, net_profit and roi always stay.
 */
type Step = { readonly hide: string } | { readonly nameWidth: number };
const NARROWING: readonly Step[] = [
  { hide: 'refunds' },
  { hide: 'platform_fees' },
  { hide: 'commissions' },
  { hide: 'cogs' },
  { hide: 'shipping' },
  { hide: 'insurance' },
  { nameWidth: 24 },
  { hide: 'units' },
  { hide: 'orders' },
  { hide: 'margin' },
  { nameWidth: 12 },
];

export function renderTable(report: Report, opts: { color: boolean; width?: number }): string {
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const blocks = report.tables.map((table) => tableBlock(report, table, chalk, opts.width));
  const footer = [
    report.data_through === null ? 'No dated data read.' : `Data through ${report.data_through}.`,
    ...noteLines(report),
    diagnosticsLine(report),
  ];
  return `${[...blocks, footer.join('\n')].join('\n\n')}\n`;
}

function tableBlock(report: Report, table: ReportTable, chalk: ChalkInstance, width?: number): string {
  const title = chalk.bold(`${tableTitle(table.by)} — ${periodText(report)}`);
  let columns = displayColumns(table);
  let nameWidth: number | undefined;
  const hidden: string[] = [];
  let drawn = draw(table, columns, chalk, nameWidth);
  for (const step of NARROWING) {
    if (width === undefined || drawn.width <= width) break;
    if ('hide' in step) {
      if (!columns.some((c) => c.id === step.hide)) continue;
      columns = columns.filter((c) => c.id !== step.hide);
      hidden.push(step.hide);
    } else {
      const at = columns.findIndex((c) => c.id === 'name');
      if (at < 0) continue;
      const current = drawn.colWidths[at] ?? 0;
      const cut = Math.max(step.nameWidth, current - (drawn.width - width));
      if (cut >= current) continue;
      nameWidth = cut;
    }
    drawn = draw(table, columns, chalk, nameWidth);
  }
  const lines = [title, drawn.text];
  if (hidden.length > 0) {
    lines.push(`Hidden for a ${width}-column terminal: ${hidden.join(', ')}. --format csv has them all.`);
  }
  return lines.join('\n');
}

interface Drawn {
  readonly text: string;
  /** Display width of the widest line. */
  readonly width: number;
  /** Each column's width as cli-table3 laid it out, padding included. */
  readonly colWidths: readonly (number | null)[];
}

/** `nameWidth` fixes the name column's width (padding included); cli-table3 cuts longer names with …. */
function draw(
  table: ReportTable,
  columns: readonly DisplayColumn[],
  chalk: ChalkInstance,
  nameWidth: number | undefined,
): Drawn {
  const colWidths = columns.map((c) => (c.id === 'name' ? (nameWidth ?? null) : null));
  const t = new Table({
    head: columns.map((c) => chalk.bold(c.label)),
    colAligns: columns.map((c) => c.align),
    colWidths,
    // Colours come from our own chalk instance only, so opts.color alone decides (not cli-table3's TTY check).
    style: { head: [], border: [], compact: true },
  });
  for (const row of displayRows(table, columns, yuan)) t.push(styledCells(row, columns, chalk));
  const text = t.toString();
  // The top border holds only box-drawing characters, one column each.
  const width = text.split('\n', 1)[0]?.length ?? 0;
  return { text, width, colWidths: t.options.colWidths };
}

function styledCells(row: DisplayRow, columns: readonly DisplayColumn[], chalk: ChalkInstance): string[] {
  return row.cells.map((cell, i) => {
    const column = columns[i];
    let text = column?.align === 'left' ? displayText(cell) : cell;
    if (row.loss[i] === true) text = chalk.red(text);
    return row.total ? chalk.bold(text) : text;
  });
}

function yuan(fen: number): string {
  return groupThousands(formatFen(fen));
}
