/**
 * 抖店 订单导出: one row per 子订单 (the 75- and 74-column layouts, and any subset that has the
 * needed columns). Rules: issue 2 and docs/rules.md.
 */
import { NONE, UNKNOWN } from '../ledger/entry.js';
import { checkedAdd } from '../ledger/money.js';
import { column, Fields } from './fields.js';
import type { ExportFormat } from './format.js';

/** 售后状态 values that mean the whole line's money went back to the buyer. */
const REFUNDED = new Set(['退款成功', '已全额退款']);
/** 售后状态 values that are not (yet) a refund. Anything else is a warning, never a guess. */
const NOT_REFUNDED = new Set([
  '',
  '-',
  '--',
  '售后关闭',
  '售后已拒绝',
  '换货成功',
  '补寄成功',
  '待收退货',
  '待退货',
  '售后待处理',
  '退款中',
  '售后处理中',
  '待商家收货',
  '待商家处理',
  '待买家退货处理',
]);

/** 订单状态 → life-cycle rank, for telling a forward move between two exports from a conflict. */
const STAGE: Record<string, number> = {
  待支付: 0,
  待付款: 0,
  已支付: 1,
  待发货: 1,
  备货中: 1,
  部分发货: 2,
  已发货: 2,
  已完成: 3,
  已关闭: 3,
  已取消: 3,
};

/** 流量体裁 cells that are not a channel yet: attribution arrives the next day. */
export function channelOf(raw: string | null): string {
  if (raw === null || /数据.*更新|待更新/.test(raw)) return UNKNOWN;
  return raw;
}

export function authorOf(nickname: string | null, id: string | null): string {
  if (nickname && id) return `${nickname} (${id})`;
  return nickname ?? id ?? NONE;
}

export const douyinOrders: ExportFormat = {
  id: 'douyin-orders',
  kind: 'orders',
  title: '抖店 订单导出 (order export, one row per 子订单)',
  // Only the order export has both: a file of it that lacks 订单应付金额 is refused naming it, not passed over.
  identify: ['主订单编号', '子订单编号'],
  required: ['主订单编号', '子订单编号', '支付完成时间', '订单应付金额', '商品数量', ['商家编码', '商品ID']],
  optional: [
    '商品ID',
    '商家编码',
    '选购商品',
    '平台实际承担优惠金额',
    '达人实际承担优惠金额',
    '售后状态',
    '订单状态',
    '发货时间',
    '流量体裁',
    '达人ID',
    '达人昵称',
  ],
  amountColumns: ['订单应付金额'],
  compile(col, ctx) {
    const c = {
      order: column(col, '主订单编号'),
      line: column(col, '子订单编号'),
      paidAt: column(col, '支付完成时间'),
      payable: column(col, '订单应付金额'),
      platformDiscount: column(col, '平台实际承担优惠金额'),
      authorDiscount: column(col, '达人实际承担优惠金额'),
      units: column(col, '商品数量'),
      product: column(col, '商品ID'),
      code: column(col, '商家编码'),
      name: column(col, '选购商品'),
      afterSale: column(col, '售后状态'),
      status: column(col, '订单状态'),
      shippedAt: column(col, '发货时间'),
      channel: column(col, '流量体裁'),
      authorId: column(col, '达人ID'),
      authorName: column(col, '达人昵称'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const order = f.id(c.order, true, true);
      const lineId = f.id(c.line, true, true);
      const paid = f.date(c.paidAt, false);
      const payable = f.amount(c.payable, 'error');
      const platformDiscount = f.amount(c.platformDiscount, 'zero');
      const authorDiscount = f.amount(c.authorDiscount, 'zero');
      const units = f.count(c.units);
      const product = f.key(c.product);
      const code = f.key(c.code);
      const shipped = f.date(c.shippedAt, false);
      const authorId = f.key(c.authorId);
      if (product === null && code === null && f.problems.length === 0)
        f.problems.push({
          severity: 'error',
          code: 'E_ID',
          message: 'line has neither 商家编码 nor 商品ID: no SKU to book it on',
          file: ctx.file,
          line,
          column: c.code.index >= 0 ? '商家编码' : '商品ID',
          value: f.raw(c.code.index >= 0 ? c.code : c.product),
        });
      if (f.problems.length) return sink.reject(f.problems);
      if (paid === null) return sink.skip('unpaid');

      const afterSale = f.text(c.afterSale) ?? '';
      const status = f.text(c.status) ?? '';
      let refunded = REFUNDED.has(afterSale);
      if (!refunded && !NOT_REFUNDED.has(afterSale))
        sink.warn({
          severity: 'warning',
          code: 'W_AFTERSALE',
          message: 'unknown 售后状态: the line is counted as not refunded',
          file: ctx.file,
          line,
          column: '售后状态',
          value: f.raw(c.afterSale),
          hint: 'only 退款成功 and 已全额退款 are refunds; tell us what this value means',
        });
      // A paid line that the platform closed (or cancelled) had its money returned, before or after
      // shipment (DESIGN.md §4: refunded in full, not skipped; case 65).
      if (status === '已关闭' || status === '已取消') refunded = true;
      const stage = Math.max(1, shipped ? 2 : 0, STAGE[status] ?? 1);
      sink.emit({
        kind: 'order_line',
        order: order!,
        line: lineId!,
        paidDay: paid.day,
        paidAt: paid.stamp,
        productId: product,
        skuCode: code,
        sku: (code ?? product)!,
        skuName: f.text(c.name),
        channel: channelOf(f.text(c.channel)),
        author: f.joined(f.text(c.authorName), authorId, authorOf),
        units: units!,
        gmv: checkedAdd(checkedAdd(payable!, platformDiscount!), authorDiscount!),
        refunded,
        shipped: shipped !== null,
        stage,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};
