/**
 * The project's own formats (English headers) for any platform, documented in docs/rules.md and the
 * README: orders, ad spend, commissions, insurance premiums. An amount column may be declared in whole
 * fen by its header (`gmv(分)`, `gmv(fen)`); an optional `currency` column must say CNY.
 */
import { NONE, UNKNOWN } from '../ledger/entry.js';
import { column, Fields, moneyColumn, yuanOrFen, type Column } from './fields.js';
import type { Fact } from '../ledger/facts.js';
import type { ExportFormat, FileContext } from './format.js';

function yesNo(f: Fields, c: Column, ctx: FileContext, line: number): boolean | null {
  const v = (f.text(c) ?? 'no').toLowerCase();
  if (v === 'yes' || v === 'true' || v === '1' || v === 'y') return true;
  if (v === 'no' || v === 'false' || v === '0' || v === 'n') return false;
  f.problems.push({
    severity: 'error',
    code: 'E_VALUE',
    message: 'expected yes or no',
    file: ctx.file,
    line,
    column: c.name,
    value: f.raw(c),
  });
  return null;
}

export const ownOrders: ExportFormat = {
  id: 'roi-ledger-orders',
  kind: 'orders',
  title: 'roi-ledger orders (one row per order line, any platform)',
  identify: ['order_id', 'line_id', yuanOrFen('gmv')],
  required: ['order_id', 'line_id', 'paid_at', 'sku', 'quantity', yuanOrFen('gmv')],
  optional: ['product_id', 'sku_name', 'channel', 'author', 'shipped_at', 'refunded', 'currency'],
  amountColumns: yuanOrFen('gmv'),
  compile(col, ctx) {
    const c = {
      order: column(col, 'order_id'),
      line: column(col, 'line_id'),
      paidAt: column(col, 'paid_at'),
      sku: column(col, 'sku'),
      units: column(col, 'quantity'),
      gmv: moneyColumn(col, 'gmv'),
      currency: column(col, 'currency'),
      product: column(col, 'product_id'),
      name: column(col, 'sku_name'),
      channel: column(col, 'channel'),
      author: column(col, 'author'),
      shippedAt: column(col, 'shipped_at'),
      refunded: column(col, 'refunded'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const order = f.id(c.order, true);
      const lineId = f.id(c.line, true);
      const paid = f.date(c.paidAt, false);
      const sku = f.id(c.sku, true);
      const units = f.count(c.units);
      const gmv = f.amount(c.gmv, 'error');
      const shipped = f.date(c.shippedAt, false);
      const refunded = yesNo(f, c.refunded, ctx, line);
      const product = f.id(c.product, false);
      f.currency(c.currency);
      if (f.problems.length) return sink.reject(f.problems);
      if (paid === null) return sink.skip('unpaid');
      sink.emit({
        kind: 'order_line',
        order: order!,
        line: lineId!,
        paidDay: paid.day,
        paidAt: paid.stamp,
        productId: product,
        skuCode: sku,
        sku: sku!,
        skuName: f.text(c.name),
        channel: f.text(c.channel) ?? UNKNOWN,
        author: f.text(c.author) ?? NONE,
        units: units!,
        gmv: gmv!,
        refunded: refunded!,
        shipped: shipped !== null,
        stage: shipped ? 2 : 1,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};

export const ownAdSpend: ExportFormat = {
  id: 'roi-ledger-ad-spend',
  kind: 'ad_spend',
  title: 'roi-ledger ad spend (per day, optionally per account, plan, product, channel)',
  identify: ['date', yuanOrFen('spend')],
  required: ['date', yuanOrFen('spend')],
  optional: [
    'account',
    'plan_id',
    'plan_name',
    'product_id',
    'channel',
    ...yuanOrFen('attributed_gmv'),
    'currency',
  ],
  amountColumns: yuanOrFen('spend'),
  summaryOf: (f: Fact) => (f.kind === 'ad_spend' ? f.spend : 0),
  compile(col, ctx) {
    const c = {
      day: column(col, 'date'),
      spend: moneyColumn(col, 'spend'),
      currency: column(col, 'currency'),
      account: column(col, 'account'),
      plan: column(col, 'plan_id'),
      planName: column(col, 'plan_name'),
      product: column(col, 'product_id'),
      channel: column(col, 'channel'),
      gmv: moneyColumn(col, 'attributed_gmv'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const day = f.date(c.day, true);
      const spend = f.amount(c.spend, 'error');
      const gmv = f.amount(c.gmv, 'null');
      const account = f.id(c.account, false);
      const plan = f.id(c.plan, false);
      const product = f.id(c.product, false);
      f.currency(c.currency);
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'ad_spend',
        day: day!.day,
        account,
        plan,
        planName: f.text(c.planName),
        product,
        channel: f.text(c.channel),
        spend: spend!,
        attributedGmv: gmv,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};

export const ownCommissions: ExportFormat = {
  id: 'roi-ledger-commissions',
  kind: 'commissions',
  title: 'roi-ledger commissions (per order line)',
  identify: ['line_id', yuanOrFen('commission')],
  required: ['line_id', 'date', yuanOrFen('commission')],
  optional: ['settled', 'currency'],
  amountColumns: yuanOrFen('commission'),
  summaryOf: (f: Fact) => (f.kind === 'commission' ? f.amount : 0),
  compile(col, ctx) {
    const c = {
      line: column(col, 'line_id'),
      day: column(col, 'date'),
      amount: moneyColumn(col, 'commission'),
      settled: column(col, 'settled'),
      currency: column(col, 'currency'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const lineId = f.id(c.line, true);
      const day = f.date(c.day, true);
      const amount = f.amount(c.amount, 'error');
      const settled = yesNo(f, c.settled, ctx, line);
      f.currency(c.currency);
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'commission',
        line: lineId!,
        day: day!.day,
        amount: amount!,
        settled: settled!,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};

export const ownInsurance: ExportFormat = {
  id: 'roi-ledger-insurance',
  kind: 'insurance',
  title: 'roi-ledger insurance premiums (per policy)',
  identify: ['policy_id', yuanOrFen('premium')],
  required: ['policy_id', 'line_id', 'date', yuanOrFen('premium')],
  optional: ['currency'],
  amountColumns: yuanOrFen('premium'),
  summaryOf: (f: Fact) => (f.kind === 'premium' ? f.amount : 0),
  compile(col, ctx) {
    const c = {
      policy: column(col, 'policy_id'),
      line: column(col, 'line_id'),
      day: column(col, 'date'),
      amount: moneyColumn(col, 'premium'),
      currency: column(col, 'currency'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const policy = f.id(c.policy, true);
      const target = f.id(c.line, true);
      const day = f.date(c.day, true);
      const amount = f.amount(c.amount, 'error');
      f.currency(c.currency);
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'premium',
        policy: policy!,
        target: target!,
        day: day!.day,
        amount: amount!,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};
