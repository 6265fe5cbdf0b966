/**
 * 巨量千川 ad exports: 标准推广 (by plan/product/抖音号 and day, 消耗(元)) and 全域推广 (by product or
 * account and day, 整体消耗). Summary rows (合计, 总计) are skipped by the loader, never added.
 */
import { column, Fields, type Column } from './fields.js';
import type { Fact } from '../ledger/facts.js';
import type { ColumnIndex, ExportFormat, FileContext, RowReader } from './format.js';

const spendOf = (f: Fact): number => (f.kind === 'ad_spend' ? f.spend : 0);

/** 广告类型 → the order channel (流量体裁) the spend bought. */
function adChannel(raw: string | null): string | null {
  if (raw === null) return null;
  if (raw.includes('直播')) return '直播';
  if (raw.includes('短视频') || raw.includes('视频')) return '短视频';
  return null;
}

function compileAds(
  ctx: FileContext,
  c: {
    day: Column;
    spend: Column;
    account: Column;
    plan: Column;
    planName: Column;
    product: Column;
    adType: Column;
    gmv: Column;
  },
): RowReader {
  const f = new Fields(ctx);
  return (row, line, sink) => {
    f.reset(row, line);
    const day = f.date(c.day, true);
    const spend = f.amount(c.spend, 'error');
    const account = f.id(c.account, false);
    const plan = f.id(c.plan, false);
    const product = f.id(c.product, false);
    const gmv = f.amount(c.gmv, 'null');
    if (f.problems.length) return sink.reject(f.problems);
    sink.emit({
      kind: 'ad_spend',
      day: day!.day,
      account,
      plan,
      planName: f.text(c.planName),
      product,
      channel: adChannel(f.text(c.adType)),
      spend: spend!,
      attributedGmv: gmv,
      exportedAt: ctx.exportedAt,
      source: { file: ctx.file, line },
    });
  };
}

export const qianchuanStandard: ExportFormat = {
  id: 'qianchuan-standard',
  kind: 'ad_spend',
  title: '巨量千川 标准推广 (standard promotion, by plan/product and day)',
  identify: ['日期', '消耗(元)'],
  required: ['日期', '消耗(元)'],
  optional: ['账户ID', '计划ID', '计划名称', '商品ID', '广告类型', '直接成交金额(元)', '直接成交金额'],
  amountColumns: ['消耗(元)'],
  summaryOf: spendOf,
  compile: (col: ColumnIndex, ctx) =>
    compileAds(ctx, {
      day: column(col, '日期'),
      spend: column(col, '消耗(元)'),
      account: column(col, '账户ID'),
      plan: column(col, '计划ID'),
      planName: column(col, '计划名称'),
      product: column(col, '商品ID'),
      adType: column(col, '广告类型'),
      gmv: column(col, '直接成交金额(元)', '直接成交金额'),
    }),
};

export const qianchuanUni: ExportFormat = {
  id: 'qianchuan-uni',
  kind: 'ad_spend',
  title: '巨量千川 全域推广 (uni promotion, by product or account and day)',
  identify: ['日期', ['整体消耗', '整体消耗(元)']],
  required: ['日期', ['整体消耗', '整体消耗(元)']],
  optional: [
    '商品ID',
    '账号ID',
    '账户ID',
    '计划ID',
    '计划名称',
    '广告类型',
    '整体成交金额',
    '整体成交金额(元)',
  ],
  amountColumns: ['整体消耗', '整体消耗(元)'],
  summaryOf: spendOf,
  compile: (col, ctx) =>
    compileAds(ctx, {
      day: column(col, '日期'),
      spend: column(col, '整体消耗', '整体消耗(元)'),
      account: column(col, '账号ID', '账户ID'),
      plan: column(col, '计划ID'),
      planName: column(col, '计划名称'),
      product: column(col, '商品ID'),
      adType: column(col, '广告类型'),
      gmv: column(col, '整体成交金额', '整体成交金额(元)'),
    }),
};
