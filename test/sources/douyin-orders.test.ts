import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/ledger/diagnostics.js';
import type { OrderLineFact } from '../../src/ledger/facts.js';
import { authorOf, channelOf, douyinOrders } from '../../src/sources/douyin-orders.js';
import {
  BUYER,
  csv,
  FILE,
  loadText,
  only,
  ORDER_74,
  ORDER_75,
  ORDER_CUSTOM,
  orderRow,
  runFormat,
  tempDir,
  counts,
} from './helpers.js';

const dir = tempDir();

/** Runs one 74-column row through the reader. */
function one(over: Record<string, string> = {}, opts: Parameters<typeof runFormat>[3] = {}) {
  return runFormat(douyinOrders, ORDER_74, [orderRow(ORDER_74, over)], opts);
}
const line = (over: Record<string, string> = {}) => only(one(over), 'order_line');

describe('抖店 orders: a plain paid line', () => {
  it('reads every field', () => {
    expect(line()).toEqual({
      kind: 'order_line',
      order: '6917926768823643751',
      line: '6917926768823643752',
      paidDay: '2026-09-22',
      paidAt: '2026-09-22 00:54:10',
      productId: '3612345678901234567',
      skuCode: 'DRESS-RED-M',
      sku: 'DRESS-RED-M',
      skuName: '云朵连衣裙 红色 M',
      channel: '直播',
      author: '小美 (71234567890)',
      units: 2,
      gmv: 19800 + 500 + 300,
      refunded: false,
      shipped: true,
      stage: 3,
      exportedAt: 1759420800,
      source: { file: FILE, line: 2 },
    } satisfies OrderLineFact);
  });

  it('the payment day is the Shanghai day, not the machine zone (TZ is Los Angeles here)', () => {
    expect(line({ 支付完成时间: '2026-09-30 23:59:59' }).paidDay).toBe('2026-09-30');
    expect(line({ 支付完成时间: '2026-10-01 00:00:00' }).paidDay).toBe('2026-10-01');
    expect(line({ 支付完成时间: '2026/07/22 11:00:21' }).paidDay).toBe('2026-07-22');
  });

  it('exportedAt comes from the file context (null without a timestamped name)', () => {
    const s = one({}, { exportedAt: null });
    expect(only(s, 'order_line').exportedAt).toBeNull();
  });
});

describe('抖店 orders: paid vs unpaid', () => {
  it.each(['', '-', '\t-'])('支付完成时间 %j: skipped as unpaid, no fact', (paidAt) => {
    const s = one({ 支付完成时间: paidAt });
    expect(s.facts).toEqual([]);
    expect(s.skips).toEqual(['unpaid']);
    expect(s.rejects).toEqual([]);
  });

  it('an unpaid closed order is unpaid, not refunded', () => {
    const s = one({ 支付完成时间: '-', 订单状态: '已关闭', 发货时间: '-' });
    expect(s.skips).toEqual(['unpaid']);
    expect(s.facts).toEqual([]);
  });

  it('a bad 支付完成时间 is rejected, not taken as unpaid', () => {
    const s = one({ 支付完成时间: '2026-02-30 10:00:00' });
    expect(s.skips).toEqual([]);
    expect(s.rejects).toEqual([[expect.objectContaining({ code: 'E_DATE', column: '支付完成时间' })]]);
  });
});

describe('抖店 orders: gmv = 订单应付金额 + 平台实际承担优惠金额 + 达人实际承担优惠金额', () => {
  it('adds both funded discounts, ignoring the merchant-funded one and coupon names', () => {
    const l = line({
      订单应付金额: '88.80',
      平台实际承担优惠金额: '10.05',
      达人实际承担优惠金额: '1.15',
      商家实际承担优惠金额: '20.00',
      平台优惠: '平台新人首单惊喜券',
      优惠总金额: '31.20',
      运费: '6.00',
    });
    expect(l.gmv).toBe(8880 + 1005 + 115);
  });

  it.each(['', '-'])('an absent discount cell %j counts as 0', (absent) => {
    expect(line({ 平台实际承担优惠金额: absent, 达人实际承担优惠金额: absent }).gmv).toBe(19800);
    expect(line({ 平台实际承担优惠金额: absent }).gmv).toBe(19800 + 300);
  });

  it('absent discount columns count as 0', () => {
    const header = ['主订单编号', '子订单编号', '商品ID', '商品数量', '订单应付金额', '支付完成时间'];
    const s = runFormat(douyinOrders, header, [orderRow(header)]);
    expect(only(s, 'order_line').gmv).toBe(19800);
  });

  it('accepts ¥, 元 and thousands separators', () => {
    expect(
      line({ 订单应付金额: '¥1,234.50', 平台实际承担优惠金额: '0', 达人实际承担优惠金额: '1元' }).gmv,
    ).toBe(123450 + 100);
  });

  it.each(['', '-'])('订单应付金额 %j is required: E_AMOUNT', (raw) => {
    const s = one({ 订单应付金额: raw });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_AMOUNT', column: '订单应付金额', value: raw })],
    ]);
  });

  it('a discount with more than two decimals is rejected', () => {
    const s = one({ 达人实际承担优惠金额: '0.125' });
    expect(s.rejects[0]).toEqual([
      expect.objectContaining({ code: 'E_AMOUNT', column: '达人实际承担优惠金额', value: '0.125' }),
    ]);
  });
});

describe('抖店 orders: refunds', () => {
  it.each(['退款成功', '已全额退款'])('售后状态 %s: refunded, the whole line', (v) => {
    const s = one({ 售后状态: v });
    const l = only(s, 'order_line');
    expect(l.refunded).toBe(true);
    expect(l.gmv).toBe(20600);
    expect(s.warnings).toEqual([]);
  });

  it('订单状态 已关闭 on a paid line: refunded', () => {
    expect(line({ 订单状态: '已关闭', 售后状态: '-' }).refunded).toBe(true);
  });

  it('订单状态 已取消 on a paid line: refunded in full, like 已关闭 (case 65, DESIGN.md §4)', () => {
    const l = line({ 订单状态: '已取消', 售后状态: '-', 发货时间: '-' });
    expect(l.refunded).toBe(true);
    expect(l.shipped).toBe(false);
  });

  it.each(['主订单编号', '子订单编号'])('%s that is not all digits is E_ID (case 46)', (column) => {
    const s = one({ [column]: '\t6917926768823643 751' });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_ID', column, message: 'an order id holds only digits' })],
    ]);
  });

  it.each([
    '-',
    '',
    '售后关闭',
    '售后已拒绝',
    '换货成功',
    '补寄成功',
    '待收退货',
    '待退货',
    '售后待处理',
    '退款中',
    '售后处理中',
  ])('售后状态 %j: not refunded, no warning', (v) => {
    const s = one({ 售后状态: v });
    expect(only(s, 'order_line').refunded).toBe(false);
    expect(s.warnings).toEqual([]);
  });

  it('an unknown 售后状态 is a W_AFTERSALE warning and counts as not refunded', () => {
    const s = one({ 售后状态: '同意退款，退款成功' });
    expect(only(s, 'order_line').refunded).toBe(false);
    expect(s.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'W_AFTERSALE',
        file: FILE,
        line: 2,
        column: '售后状态',
        value: '同意退款，退款成功',
      }),
    ]);
    const printed = formatDiagnostic(s.warnings[0]!);
    expect(printed).not.toContain(BUYER.name);
    expect(printed).not.toContain(BUYER.phone);
  });

  it('before shipment when 发货时间 is empty or -, else shipped', () => {
    expect(line({ 售后状态: '退款成功', 发货时间: '-' })).toMatchObject({ refunded: true, shipped: false });
    expect(line({ 售后状态: '退款成功', 发货时间: '' })).toMatchObject({ refunded: true, shipped: false });
    expect(line({ 售后状态: '退款成功', 发货时间: '2026-09-23 09:00:00' })).toMatchObject({
      refunded: true,
      shipped: true,
    });
  });

  it('a bad 发货时间 is rejected', () => {
    expect(one({ 发货时间: 'soon' }).rejects).toEqual([
      [expect.objectContaining({ code: 'E_DATE', column: '发货时间', value: 'soon' })],
    ]);
  });

  it('the stage follows 订单状态 and shipment', () => {
    expect(line({ 订单状态: '待发货', 发货时间: '-' }).stage).toBe(1);
    expect(line({ 订单状态: '已发货' }).stage).toBe(2);
    expect(line({ 订单状态: '待发货', 发货时间: '2026-09-22 18:00:00' }).stage).toBe(2);
    expect(line({ 订单状态: '已完成' }).stage).toBe(3);
    expect(line({ 订单状态: '新状态' }).stage).toBe(2);
  });
});

describe('抖店 orders: sku, channel, author', () => {
  it('sku is 商家编码, else 商品ID', () => {
    expect(line()).toMatchObject({
      sku: 'DRESS-RED-M',
      skuCode: 'DRESS-RED-M',
      productId: '3612345678901234567',
    });
    expect(line({ 商家编码: '-' })).toMatchObject({
      sku: '3612345678901234567',
      skuCode: null,
      productId: '3612345678901234567',
    });
  });

  it('a layout without 商家编码 books on 商品ID', () => {
    const header = ORDER_74.filter((h) => h !== '商家编码');
    expect(only(runFormat(douyinOrders, header, [orderRow(header)]), 'order_line').sku).toBe(
      '3612345678901234567',
    );
  });

  it('a line with neither is rejected naming 商家编码', () => {
    const s = one({ 商家编码: '-', 商品ID: '' });
    expect(s.rejects).toEqual([[expect.objectContaining({ code: 'E_ID', column: '商家编码', value: '-' })]]);
  });

  it('keeps leading zeros of a merchant code', () => {
    expect(line({ 商家编码: "'00123" }).sku).toBe('00123');
  });

  it('sku_name is 选购商品 without its tab; absent is null', () => {
    expect(line({ 选购商品: '\t云朵连衣裙 红色 M' }).skuName).toBe('云朵连衣裙 红色 M');
    expect(line({ 选购商品: '-' }).skuName).toBeNull();
  });

  it.each([
    ['直播', '直播'],
    ['短视频', '短视频'],
    ['商品卡', '商品卡'],
    ['其他', '其他'],
    ['', '(unknown)'],
    ['-', '(unknown)'],
    ['数据将于第二天更新', '(unknown)'],
  ])('channel 流量体裁 %j → %j', (raw, channel) => {
    expect(line({ 流量体裁: raw }).channel).toBe(channel);
  });

  it('a layout without 流量体裁 has the channel (unknown)', () => {
    const header = ORDER_74.filter((h) => h !== '流量体裁');
    expect(only(runFormat(douyinOrders, header, [orderRow(header)]), 'order_line').channel).toBe('(unknown)');
  });

  it.each([
    ['小美', '\t71234567890', '小美 (71234567890)'],
    ['小美', '-', '小美'],
    ['-', '71234567890', '71234567890'],
    ['-', '-', '(none)'],
    ['', '', '(none)'],
  ])('author 达人昵称 %j 达人ID %j → %j', (name, id, author) => {
    expect(line({ 达人昵称: name, 达人ID: id }).author).toBe(author);
  });

  it('channelOf and authorOf directly', () => {
    expect(channelOf(null)).toBe('(unknown)');
    expect(channelOf('数据待更新')).toBe('(unknown)');
    expect(channelOf('直播')).toBe('直播');
    expect(authorOf(null, null)).toBe('(none)');
    expect(authorOf('A', 'B')).toBe('A (B)');
  });
});

describe('抖店 orders: ids and quantities', () => {
  it('keeps 19-digit ids exact, with the export tab removed', () => {
    const l = line({ 主订单编号: '\t6999999999999999999', 子订单编号: '\t6999999999999999998' });
    expect(l.order).toBe('6999999999999999999');
    expect(l.line).toBe('6999999999999999998');
  });

  it('rejects E+ ids, naming the column and value', () => {
    const s = one({ 子订单编号: '6.91793E+18' });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_ID', column: '子订单编号', value: '6.91793E+18' })],
    ]);
  });

  it('rejects an E+ 达人ID instead of silently dropping it from the author', () => {
    const s = one({ 达人ID: '7.12346E+10' });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_ID', column: '达人ID', value: '7.12346E+10' })],
    ]);
  });

  it('rejects ="…" ids unless excelWrappedIds', () => {
    const over = { 主订单编号: '="6917926768823643751"' };
    expect(one(over).rejects[0]).toEqual([expect.objectContaining({ code: 'E_ID', column: '主订单编号' })]);
    expect(only(one(over, { excelWrappedIds: true }), 'order_line').order).toBe('6917926768823643751');
  });

  it('an empty 子订单编号 is rejected', () => {
    expect(one({ 子订单编号: '-' }).rejects[0]).toEqual([
      expect.objectContaining({ code: 'E_ID', column: '子订单编号' }),
    ]);
  });

  it.each(['1.5', '-1', '2件', ''])('商品数量 %j is rejected (E_QTY)', (q) => {
    expect(one({ 商品数量: q }).rejects[0]).toEqual([
      expect.objectContaining({ code: 'E_QTY', column: '商品数量', value: q }),
    ]);
  });

  it('reports every bad cell of a row in one rejection, and nothing of the buyer', () => {
    const s = one({ 主订单编号: '6.9E+18', 订单应付金额: 'abc', 商品数量: '-2', 支付完成时间: '2026-13-01' });
    expect(s.rejects).toHaveLength(1);
    expect(s.rejects[0]!.map((d) => d.column).sort()).toEqual(
      ['主订单编号', '商品数量', '支付完成时间', '订单应付金额'].sort(),
    );
    for (const d of s.rejects[0]!) {
      const printed = formatDiagnostic(d);
      expect(printed).toMatch(new RegExp(`^${FILE}:2: error: `));
      for (const secret of [BUYER.name, BUYER.phone, BUYER.address]) expect(printed).not.toContain(secret);
    }
  });
});

describe('抖店 orders: layouts', () => {
  const values: Record<string, string>[] = [
    {},
    {
      主订单编号: '\t6917926768823640001',
      子订单编号: '\t6917926768823640002',
      商家编码: '-',
      售后状态: '退款成功',
      发货时间: '-',
      流量体裁: '数据将于第二天更新',
      达人昵称: '-',
      达人ID: '-',
      平台实际承担优惠金额: '-',
    },
    { 子订单编号: '\t6917926768823643753', 支付完成时间: '-' },
  ];
  const strip = (facts: readonly unknown[]) =>
    facts.map((f) => ({ ...(f as OrderLineFact), source: { line: (f as OrderLineFact).source.line } }));

  it('the 75-column, 74-column and custom-subset layouts give the same facts', async () => {
    const results = [];
    for (const header of [ORDER_75, ORDER_74, ORDER_CUSTOM]) {
      const r = await loadText(dir, csv([header, ...values.map((v) => orderRow(header, v))]));
      expect(r.format?.id).toBe('douyin-orders');
      expect(r.diagnostics).toEqual([]);
      expect(counts(r)).toEqual({ rows: 3, used: 2, rejected: 0, skipped: { unpaid: 1 } });
      results.push(strip(r.facts));
    }
    expect(ORDER_75).toHaveLength(75);
    expect(ORDER_74).toHaveLength(74);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toHaveLength(2);
    expect(results[0]![1]).toMatchObject({
      sku: '3612345678901234567',
      refunded: true,
      shipped: false,
      channel: '(unknown)',
    });
  });

  it('reads columns by name: a shuffled layout gives the same facts', async () => {
    const shuffled = [...ORDER_74].reverse();
    const a = await loadText(dir, csv([ORDER_74, ...values.map((v) => orderRow(ORDER_74, v))]));
    const b = await loadText(dir, csv([shuffled, ...values.map((v) => orderRow(shuffled, v))]));
    expect(b.format?.id).toBe('douyin-orders');
    expect(strip(b.facts)).toEqual(strip(a.facts));
  });

  it('lists the columns it does not read, and only those', async () => {
    const r = await loadText(dir, csv([ORDER_74]));
    expect(r.ignoredColumns).toContain('收件人');
    expect(r.ignoredColumns).toContain('商品单价');
    for (const used of ['主订单编号', '订单应付金额', '流量体裁', '达人昵称', '发货时间'])
      expect(r.ignoredColumns).not.toContain(used);
  });

  it('the 21-column subset (no 支付完成时间) is refused with E_HEADER naming it', async () => {
    const header21 =
      '主订单编号,子订单编号,选购商品,商品规格,商品数量,商家编码,订单应付金额,运费,收件人,收件人手机号,详细地址,订单提交时间,商家备注,订单完成时间,订单状态,售后状态,取消原因,发货时间,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额'.split(
        ',',
      );
    const r = await loadText(dir, csv([header21, orderRow(header21)]));
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_HEADER',
        line: 1,
        message: expect.stringContaining('"支付完成时间"'),
      }),
    ]);
    expect(r.diagnostics[0]!.message).not.toContain('订单应付金额');
  });

  it('an order export without 订单应付金额 is refused with E_HEADER naming it (not passed over)', async () => {
    const header = ORDER_74.filter((h) => h !== '订单应付金额');
    const r = await loadText(dir, csv([header, orderRow(header)]));
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_HEADER',
        message: expect.stringContaining('"订单应付金额"'),
      }),
    ]);
  });

  it('an export without 商家编码 and 商品ID is refused naming both', async () => {
    const header = ORDER_74.filter((h) => h !== '商家编码' && h !== '商品ID');
    const r = await loadText(dir, csv([header, orderRow(header)]));
    expect(r.diagnostics[0]).toMatchObject({
      code: 'E_HEADER',
      message: expect.stringContaining('"商家编码 or 商品ID"'),
    });
  });
});
