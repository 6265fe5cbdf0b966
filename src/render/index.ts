/** The renderers by `--format` name. Each returns the whole output text, ending in a newline. */
import type { Report } from '../report/types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './md.js';
import { renderTable } from './table.js';

export type Format = 'table' | 'json' | 'csv' | 'md';

export interface RenderContext {
  /** Colour in the terminal table; machine formats never carry ANSI codes. */
  readonly color: boolean;
  /** Terminal columns, when known: the table hides its least important columns to fit. */
  readonly width?: number;
  /** Package version, for `generated_by`. */
  readonly version: string;
}

export type Renderer = (report: Report, ctx: RenderContext) => string;

export const renderers: Readonly<Record<Format, Renderer>> = {
  table: (report, ctx) => renderTable(report, { color: ctx.color, width: ctx.width }),
  json: (report, ctx) => renderJson(report, { version: ctx.version }),
  csv: (report) => renderCsv(report),
  md: (report) => renderMarkdown(report),
};
