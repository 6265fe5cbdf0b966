/**
 * 精选联盟 commission export (47 columns, often GB18030, ids with a trailing tab). Per 订单id
 * (= 子订单编号): settled figures when the cell holds a number (0.00 included), else estimated.
 */
import { checkedAdd } from '../ledger/money.js';
import { column, Fields, type Column } from './fields.js';
import type { ExportFormat } from './format.js';

export const allianceCommissions: ExportFormat = {
  id: 'douyin-alliance-commissions',
  kind: 'commissions',
  title: '精选联盟 commission export (联盟订单明细)',
  identify: ['订单id', '预估佣金支出', '实际佣金支出'],
  required: ['订单id', '付款时间', '预估佣金支出', '实际佣金支出'],
  optional: ['预估奖励佣金支出', '结算奖励佣金支出', '预估推广费支出', '结算推广费支出'],
  amountColumns: ['实际佣金支出', '预估佣金支出'],
  compile(col, ctx) {
    const c = {
      line: column(col, '订单id'),
      paidAt: column(col, '付款时间'),
      estimated: column(col, '预估佣金支出'),
      actual: column(col, '实际佣金支出'),
      rewardEstimated: column(col, '预估奖励佣金支出'),
      rewardSettled: column(col, '结算奖励佣金支出'),
      promoEstimated: column(col, '预估推广费支出'),
      promoSettled: column(col, '结算推广费支出'),
    };
    const f = new Fields(ctx);
    /** Settled cell when it holds a number, else the estimate; `settled` says which was used. */
    const pick = (settledCol: Column, estimatedCol: Column, required: boolean) => {
      const s = f.amount(settledCol, 'null');
      if (s !== null) return { fen: s, settled: true };
      const e = f.amount(estimatedCol, required ? 'error' : 'zero');
      return { fen: e ?? 0, settled: false };
    };
    return (row, line, sink) => {
      f.reset(row, line);
      const lineId = f.id(c.line, true, true);
      const paid = f.date(c.paidAt, true);
      const commission = pick(c.actual, c.estimated, true);
      const reward = pick(c.rewardSettled, c.rewardEstimated, false);
      const promo = pick(c.promoSettled, c.promoEstimated, false);
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'commission',
        line: lineId!,
        day: paid!.day,
        amount: checkedAdd(checkedAdd(commission.fen, reward.fen), promo.fen),
        settled: commission.settled,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};
