/** The report as plain data: integer fen and counts, ratios as decimal strings. No formatting, no colour. */
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fen } from '../ledger/entry.js';

export type Dimension = 'channel' | 'sku' | 'author' | 'plan' | 'day' | 'month';
export const DIMENSIONS: readonly Dimension[] = ['channel', 'sku', 'author', 'plan', 'day', 'month'];

/** Money figures of DESIGN.md §4. Costs are positive amounts. */
export interface Figures {
  orders: number;
  units: number;
  gmv: Fen;
  refunds: Fen;
  net_gmv: Fen;
  platform_fees: Fen;
  commissions: Fen;
  cogs: Fen;
  shipping: Fen;
  insurance: Fen;
  contribution: Fen;
  ad_spend: Fen;
  fixed_costs: Fen;
  net_profit: Fen;
}

export const MONEY_FIGURES = [
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
] as const satisfies readonly (keyof Figures)[];

/** Ratios with four decimals (half away from zero), null when undefined. */
export interface Ratios {
  roi: string | null;
  net_roi: string | null;
  breakeven_roi: string | null;
  poas: string | null;
  margin: string | null;
  refund_rate: string | null;
}

export const RATIO_KEYS = [
  'roi',
  'net_roi',
  'breakeven_roi',
  'poas',
  'margin',
  'refund_rate',
] as const satisfies readonly (keyof Ratios)[];

export interface ReportRow {
  readonly key: string;
  /** Display name where the key is an id (SKU name, plan name). */
  readonly name: string | null;
  readonly figures: Figures;
  readonly ratios: Ratios;
}

/** `--by plan`: the platform's view, per plan its spend and the GMV the ad export attributes to it. */
export interface PlanRow {
  readonly key: string;
  readonly name: string | null;
  readonly ad_spend: Fen;
  readonly gmv: Fen;
  readonly roi: string | null;
}

export type ReportTable =
  | {
      readonly by: Exclude<Dimension, 'plan'>;
      readonly rows: readonly ReportRow[];
      readonly totals: ReportRow;
    }
  | { readonly by: 'plan'; readonly rows: readonly PlanRow[]; readonly totals: PlanRow };

export interface InputSummary {
  readonly file: string;
  readonly sha256: string;
  /** Format id, e.g. douyin-orders. */
  readonly format: string;
  /** orders | commissions | insurance | ad_spend | unit_costs | fixed_costs */
  readonly kind: string;
  readonly rows: number;
  readonly used: number;
  readonly duplicates: number;
  readonly updates: number;
  readonly rejected: number;
  readonly skipped: Readonly<Record<string, number>>;
}

export interface ReportSettings {
  readonly platform_fee_rate: string | null;
  readonly shipping_per_parcel: Fen | null;
  readonly packaging_per_parcel: Fen | null;
  readonly return_writeoff_rate: string;
  readonly allocate_fixed_costs: boolean;
}

export interface Report {
  readonly period: { readonly from: string; readonly to: string } | null;
  /** Latest time seen in the inputs, `yyyy-mm-ddTHH:MM:SS+08:00`, null when there is none. */
  readonly data_through: string | null;
  readonly settings: ReportSettings;
  readonly totals: ReportRow;
  readonly tables: readonly ReportTable[];
  readonly inputs: readonly InputSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** Counts a reader needs to trust the totals: unmatched commissions and premiums, settled lines. */
  readonly notes: {
    readonly unmatched_commissions: number;
    readonly unmatched_premiums: number;
    readonly unattributed_ad_rows: number;
    readonly settled_commission_lines: number;
  };
}
