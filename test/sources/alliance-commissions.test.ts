import { describe, expect, it } from 'vitest';
import type { CommissionFact } from '../../src/ledger/facts.js';
import { allianceCommissions } from '../../src/sources/alliance-commissions.js';
import { counts, ALLIANCE_47, csv, gb18030, loadText, only, row, runFormat, tempDir } from './helpers.js';

const dir = tempDir();

const BASE: Record<string, string> = {
  订单id: '6953547102608758621\t',
  商品id: '3612345678901234567\t',
  商品名称: '云朵连衣裙',
  作者账号: '小美',
  支付金额: '198.00',
  佣金率: '32.00%',
  预估佣金支出: '63.36',
  结算金额: '-',
  实际佣金支出: '-',
  订单状态: '订单付款',
  付款时间: '2026-09-22 00:54:10',
  店铺id: '272308913\t',
  商品数量: '2',
  预估奖励佣金支出: '-',
  结算奖励佣金支出: '-',
  预估推广费支出: '-',
  结算推广费支出: '-',
};

function one(over: Record<string, string> = {}, header: readonly string[] = ALLIANCE_47) {
  return runFormat(allianceCommissions, header, [row(header, { ...pick(header, BASE), ...over })], {
    file: 'alliance.csv',
  });
}
const pick = (header: readonly string[], v: Record<string, string>) =>
  Object.fromEntries(Object.entries(v).filter(([k]) => header.includes(k)));
const commission = (over: Record<string, string> = {}) => only(one(over), 'commission');

describe('精选联盟 commissions', () => {
  it('an unsettled row books the estimate, on 付款时间 day, per 订单id', () => {
    expect(commission()).toEqual({
      kind: 'commission',
      line: '6953547102608758621',
      day: '2026-09-22',
      amount: 6336,
      settled: false,
      exportedAt: 1759420800,
      source: { file: 'alliance.csv', line: 2 },
    } satisfies CommissionFact);
  });

  it('实际佣金支出 wins over the estimate when it holds a number', () => {
    expect(commission({ 实际佣金支出: '60.10' })).toMatchObject({ amount: 6010, settled: true });
  });

  it('实际佣金支出 0.00 is a number: the commission is 0, settled', () => {
    expect(commission({ 实际佣金支出: '0.00' })).toMatchObject({ amount: 0, settled: true });
    expect(commission({ 实际佣金支出: '0' })).toMatchObject({ amount: 0, settled: true });
  });

  it.each(['-', '', '--'])('实际佣金支出 %j falls back to 预估佣金支出', (raw) => {
    expect(commission({ 实际佣金支出: raw })).toMatchObject({ amount: 6336, settled: false });
  });

  it('a negative settled commission (clawback) is kept as is', () => {
    expect(commission({ 实际佣金支出: '-5.00' })).toMatchObject({ amount: -500, settled: true });
  });

  it('adds rewards and promotion fees, settled else estimated, each on its own', () => {
    expect(commission({ 预估奖励佣金支出: '2.00', 预估推广费支出: '1.50' }).amount).toBe(6336 + 200 + 150);
    expect(
      commission({
        实际佣金支出: '60.00',
        预估奖励佣金支出: '2.00',
        结算奖励佣金支出: '1.00',
        预估推广费支出: '1.50',
        结算推广费支出: '0.00',
      }).amount,
    ).toBe(6000 + 100 + 0);
    expect(
      commission({ 预估奖励佣金支出: '2.00', 结算奖励佣金支出: '-', 结算推广费支出: '0.30' }).amount,
    ).toBe(6336 + 200 + 30);
  });

  it('without the reward and promotion columns only the commission counts', () => {
    const header = ['订单id', '付款时间', '预估佣金支出', '实际佣金支出'];
    expect(only(one({}, header), 'commission')).toMatchObject({ amount: 6336, line: '6953547102608758621' });
  });

  it('keeps the 19-digit 订单id exact without its trailing tab', () => {
    expect(commission({ 订单id: '6999999999999999999\t' }).line).toBe('6999999999999999999');
  });

  it('rejects an E+ 订单id', () => {
    const s = one({ 订单id: '6.95355E+18' });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_ID', column: '订单id', value: '6.95355E+18' })],
    ]);
  });

  it('rejects a missing 付款时间', () => {
    expect(one({ 付款时间: '-' }).rejects).toEqual([
      [expect.objectContaining({ code: 'E_DATE', column: '付款时间' })],
    ]);
  });

  it('a row with neither commission figure is rejected naming 预估佣金支出', () => {
    expect(one({ 预估佣金支出: '-', 实际佣金支出: '-' }).rejects).toEqual([
      [expect.objectContaining({ code: 'E_AMOUNT', column: '预估佣金支出', value: '-' })],
    ]);
  });

  it('an unreadable 实际佣金支出 is rejected, never replaced by the estimate', () => {
    const s = one({ 实际佣金支出: '60.1O' });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_AMOUNT', column: '实际佣金支出', value: '60.1O' })],
    ]);
  });

  it('an unreadable optional figure is rejected too', () => {
    expect(one({ 预估推广费支出: '1.555' }).rejects).toEqual([
      [expect.objectContaining({ code: 'E_AMOUNT', column: '预估推广费支出', value: '1.555' })],
    ]);
  });

  it('reads the 47-column GB18030 export with trailing-tab ids from a file', async () => {
    const rows = [
      ALLIANCE_47,
      row(ALLIANCE_47, { ...BASE }),
      row(ALLIANCE_47, {
        ...BASE,
        订单id: '6953547102608758622\t',
        实际佣金支出: '0.00',
        结算推广费支出: '0.50',
      }),
    ];
    const r = await loadText(dir, gb18030(csv(rows, '\r\n')));
    expect(r.encoding).toBe('gb18030');
    expect(r.format?.id).toBe('douyin-alliance-commissions');
    expect(r.diagnostics).toEqual([]);
    expect(r.facts.map((f) => [(f as CommissionFact).line, (f as CommissionFact).amount])).toEqual([
      ['6953547102608758621', 6336],
      ['6953547102608758622', 50],
    ]);
    expect(counts(r)).toEqual({ rows: 2, used: 2, rejected: 0, skipped: {} });
  });

  it('an export without 付款时间 is refused naming it', async () => {
    const header = ALLIANCE_47.filter((h) => h !== '付款时间');
    const r = await loadText(dir, csv([header, row(header, pick(header, BASE))]));
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'E_HEADER', message: expect.stringContaining('"付款时间"') }),
    ]);
  });
});
