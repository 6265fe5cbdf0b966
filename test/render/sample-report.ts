/**
 * A hand-built report for the render tests: figures that add up, and keys and names that try to
 * break each format (CSV formulas, quotes, line breaks, Markdown pipes, CJK widths).
 */
import { ratio } from '../../src/ledger/money.js';
import type { Figures, PlanRow, Report, ReportRow } from '../../src/report/types.js';
import { MONEY_FIGURES } from '../../src/report/types.js';

/** The figures a source would give; the derived ones (net_gmv, contribution, net_profit) are computed. */
export type BaseFigures = Omit<Figures, 'net_gmv' | 'contribution' | 'net_profit'>;

export function figures(b: BaseFigures): Figures {
  const net_gmv = b.gmv - b.refunds;
  const contribution = net_gmv - b.platform_fees - b.commissions - b.cogs - b.shipping - b.insurance;
  return { ...b, net_gmv, contribution, net_profit: contribution - b.ad_spend - b.fixed_costs };
}

export function reportRow(key: string, name: string | null, f: Figures): ReportRow {
  return {
    key,
    name,
    figures: f,
    ratios: {
      roi: ratio(f.gmv, f.ad_spend),
      net_roi: ratio(f.net_gmv, f.ad_spend),
      breakeven_roi: f.contribution > 0 ? ratio(f.gmv, f.contribution) : null,
      poas: ratio(f.contribution, f.ad_spend),
      margin: ratio(f.net_profit, f.gmv),
      refund_rate: ratio(f.refunds, f.gmv),
    },
  };
}

export function sumFigures(all: readonly Figures[]): Figures {
  const out: Figures = { ...ZERO };
  for (const f of all) {
    out.orders += f.orders;
    out.units += f.units;
    for (const k of MONEY_FIGURES) out[k] += f[k];
  }
  return out;
}

const ZERO: Figures = {
  orders: 0,
  units: 0,
  gmv: 0,
  refunds: 0,
  net_gmv: 0,
  platform_fees: 0,
  commissions: 0,
  cogs: 0,
  shipping: 0,
  insurance: 0,
  contribution: 0,
  ad_spend: 0,
  fixed_costs: 0,
  net_profit: 0,
};

function base(values: Partial<BaseFigures>): BaseFigures {
  const { net_gmv: _n, contribution: _c, net_profit: _p, ...zero } = ZERO;
  return { ...zero, ...values };
}

function minus(a: Figures, b: Figures): Figures {
  const out: Figures = { ...a, orders: a.orders - b.orders, units: a.units - b.units };
  for (const k of MONEY_FIGURES) out[k] = a[k] - b[k];
  return out;
}

export const SKU_NAMES = {
  cjk: '玫瑰保湿精华液 30ml',
  tricky: 'Gift box, "large"\nlimited | edition',
  formula: '=HYPERLINK("http://x?"&A1,"click")',
  spaced: ' @SUM(A1)',
} as const;

export function sampleReport(): Report {
  const live = figures(
    base({
      orders: 412,
      units: 530,
      gmv: 8_645_230,
      refunds: 1_123_400,
      platform_fees: 376_092,
      commissions: 1_210_330,
      cogs: 2_603_500,
      shipping: 164_800,
      insurance: 41_200,
      ad_spend: 2_150_000,
      fixed_costs: 600_000,
    }),
  );
  const video = figures(
    base({
      orders: 133,
      units: 150,
      gmv: 2_398_800,
      refunds: 310_000,
      platform_fees: 104_440,
      commissions: 415_000,
      cogs: 720_000,
      shipping: 53_200,
      insurance: 13_300,
      ad_spend: 900_000,
      fixed_costs: 166_667,
    }),
  );
  const card = figures(
    base({
      orders: 58,
      units: 61,
      gmv: 512_350,
      platform_fees: 25_618,
      cogs: 150_000,
      shipping: 23_200,
      insurance: 5_800,
      fixed_costs: 40_000,
    }),
  );
  const unknown = figures(
    base({ orders: 3, units: 3, gmv: 29_700, refunds: 29_700, insurance: 600, ad_spend: 12_000 }),
  );
  const unattributed = figures(
    base({ commissions: 8_750, insurance: 1_200, ad_spend: 45_000, fixed_costs: 1 }),
  );
  const channelRows = [
    reportRow('直播', null, live),
    reportRow('短视频', null, video),
    reportRow('商品卡', null, card),
    reportRow('(unknown)', null, unknown),
    reportRow('(unattributed)', null, unattributed),
  ];
  const total = sumFigures(channelRows.map((r) => r.figures));

  // The SKU table splits the same money: three SKUs given, the fourth takes what is left.
  const sku1 = figures(
    base({
      orders: 390,
      units: 470,
      gmv: 7_520_000,
      refunds: 980_000,
      platform_fees: 327_000,
      commissions: 1_050_000,
      cogs: 2_256_000,
      shipping: 140_000,
      insurance: 35_000,
      ad_spend: 1_900_000,
      fixed_costs: 520_000,
    }),
  );
  const sku2 = figures(
    base({
      orders: 120,
      units: 140,
      gmv: 2_160_000,
      refunds: 260_000,
      platform_fees: 95_000,
      commissions: 380_000,
      cogs: 700_000,
      shipping: 50_000,
      insurance: 12_000,
      ad_spend: 880_000,
      fixed_costs: 150_000,
    }),
  );
  const sku3 = figures(
    base({
      orders: 60,
      units: 64,
      gmv: 1_500_000,
      refunds: 180_000,
      platform_fees: 66_000,
      commissions: 160_000,
      cogs: 400_000,
      shipping: 40_000,
      insurance: 10_000,
      ad_spend: 250_000,
      fixed_costs: 110_000,
    }),
  );
  const sku4 = minus(minus(minus(minus(total, unattributed), sku1), sku2), sku3);
  const skuRows = [
    reportRow('A1001', SKU_NAMES.cjk, sku1),
    reportRow('A1002', SKU_NAMES.tricky, sku2),
    reportRow('B2001', SKU_NAMES.formula, sku3),
    reportRow('-2+3', SKU_NAMES.spaced, { ...sku4, orders: 37, units: 70 }),
    reportRow('(unattributed)', null, unattributed),
  ];

  const planRows: PlanRow[] = [
    planRow('1790000000000000001', '直播间-爆款-9月', 2_150_000, 7_800_000),
    planRow('1790000000000000002', '短视频|种草', 900_000, 1_500_000),
    planRow('(none)', null, 57_000, 0),
  ];
  const planTotals = planRow(
    '(total)',
    null,
    planRows.reduce((a, r) => a + r.ad_spend, 0),
    planRows.reduce((a, r) => a + r.gmv, 0),
  );

  return {
    period: { from: '2026-09-01', to: '2026-09-30' },
    data_through: '2026-09-30T23:41:07+08:00',
    settings: {
      platform_fee_rate: '0.05',
      shipping_per_parcel: 320,
      packaging_per_parcel: 80,
      return_writeoff_rate: '0.10',
      allocate_fixed_costs: true,
    },
    totals: reportRow('(total)', null, total),
    tables: [
      { by: 'channel', rows: channelRows, totals: reportRow('(total)', null, total) },
      { by: 'sku', rows: skuRows, totals: reportRow('(total)', null, total) },
      { by: 'plan', rows: planRows, totals: planTotals },
    ],
    inputs: [
      {
        file: 'exports/1759200000_orders.csv',
        sha256: 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',
        format: 'douyin-orders',
        kind: 'orders',
        rows: 640,
        used: 606,
        duplicates: 2,
        updates: 1,
        rejected: 0,
        skipped: { unpaid: 30, blank_line: 1 },
      },
      {
        file: 'exports/qianchuan-2026-09.csv',
        sha256: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
        format: 'qianchuan-standard',
        kind: 'ad_spend',
        rows: 91,
        used: 90,
        duplicates: 0,
        updates: 0,
        rejected: 0,
        skipped: { summary_row: 1 },
      },
    ],
    diagnostics: [
      {
        severity: 'warning',
        code: 'W_AFTERSALE',
        message: 'unknown after-sale status, counted as not refunded',
        file: 'exports/1759200000_orders.csv',
        line: 88,
        column: '售后状态',
        value: '平台介入中',
        hint: 'tell us the status so the next version knows it',
      },
      {
        severity: 'warning',
        code: 'W_NO_SETTLEMENT',
        message: 'commissions are estimates: no settlement bill read',
      },
    ],
    notes: {
      unmatched_commissions: 2,
      unmatched_premiums: 1,
      unattributed_ad_rows: 3,
      settled_commission_lines: 0,
    },
  };
}

function planRow(key: string, name: string | null, ad_spend: number, gmv: number): PlanRow {
  return { key, name, ad_spend, gmv, roi: ratio(gmv, ad_spend) };
}

/** A report with no data at all: no period, empty tables. */
export function emptyReport(): Report {
  const zero = reportRow('(total)', null, { ...ZERO });
  return {
    ...sampleReport(),
    period: null,
    data_through: null,
    totals: zero,
    tables: [{ by: 'channel', rows: [], totals: zero }],
    inputs: [],
    diagnostics: [],
    notes: {
      unmatched_commissions: 0,
      unmatched_premiums: 0,
      unattributed_ad_rows: 0,
      settled_commission_lines: 0,
    },
  };
}
