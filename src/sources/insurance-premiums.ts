/**
 * 运费险 保费支出: one row per policy. Positive 金额(元) = premium paid, negative = returned.
 * A header-only file is normal (no insurance that month).
 */
import { column, Fields } from './fields.js';
import type { ExportFormat } from './format.js';

export const insurancePremiums: ExportFormat = {
  id: 'douyin-insurance-premiums',
  kind: 'insurance',
  title: '运费险 保费支出 (premium expense, one row per policy)',
  identify: ['保险单号', '关联子订单号', '金额(元)'],
  required: ['保险单号', '关联子订单号', '动账时间', '金额(元)'],
  optional: ['动账流水号', '动帐流水号', '摘要描述'],
  amountColumns: ['金额(元)'],
  summaryOf: (f) => (f.kind === 'premium' ? f.amount : 0),
  compile(col, ctx) {
    const c = {
      policy: column(col, '保险单号'),
      flow: column(col, '动账流水号', '动帐流水号'),
      target: column(col, '关联子订单号'),
      at: column(col, '动账时间'),
      amount: column(col, '金额(元)'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const policy = f.id(c.policy, true);
      const flow = f.id(c.flow, false);
      const target = f.id(c.target, true, true);
      const at = f.date(c.at, true);
      const amount = f.amount(c.amount, 'error');
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'premium',
        policy: flow ? `${policy!}/${flow}` : policy!,
        target: target!,
        day: at!.day,
        amount: amount!,
        exportedAt: ctx.exportedAt,
        source: { file: ctx.file, line },
      });
    };
  },
};
