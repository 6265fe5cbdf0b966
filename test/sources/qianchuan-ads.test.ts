import { describe, expect, it } from 'vitest';
import type { AdSpendFact } from '../../src/ledger/facts.js';
import { qianchuanStandard, qianchuanUni } from '../../src/sources/qianchuan-ads.js';
import { counts, csv, loadText, only, QIANCHUAN_STANDARD, row, runFormat, tempDir } from './helpers.js';

const dir = tempDir();

const STD = {
  推广类型: '标准推广',
  账户名称: '云朵旗舰店',
  账户ID: '1750000000000001',
  计划ID: '7400000000000000001',
  计划名称: '连衣裙-直播间-09',
  商品ID: '3612345678901234567',
  日期: '2026-09-22',
  '消耗(元)': '1,234.56',
  '直接成交金额(元)': '4,000.00',
  广告类型: '直播',
};

function std(over: Record<string, string> = {}) {
  return runFormat(
    qianchuanStandard,
    QIANCHUAN_STANDARD,
    [row(QIANCHUAN_STANDARD, { ...STD, ...over }, '')],
    {
      file: 'std.csv',
    },
  );
}
const spend = (over: Record<string, string> = {}) => only(std(over), 'ad_spend');

describe('千川 标准推广', () => {
  it('reads a row: day, spend, account, plan, product, channel and attributed gmv', () => {
    expect(spend()).toEqual({
      kind: 'ad_spend',
      day: '2026-09-22',
      account: '1750000000000001',
      plan: '7400000000000000001',
      planName: '连衣裙-直播间-09',
      product: '3612345678901234567',
      channel: '直播',
      spend: 123456,
      attributedGmv: 400000,
      exportedAt: 1759420800,
      source: { file: 'std.csv', line: 2 },
    } satisfies AdSpendFact);
  });

  it.each([
    ['直播', '直播'],
    ['短视频', '短视频'],
    ['视频', '短视频'],
    ['直播带货', '直播'],
    ['商品卡', null],
    ['', null],
    ['-', null],
  ])('广告类型 %j → channel %j', (raw, channel) => {
    expect(spend({ 广告类型: raw }).channel).toBe(channel);
  });

  it('a row without a product or plan keeps them null', () => {
    expect(spend({ 商品ID: '-', 计划ID: '', 计划名称: '-' })).toMatchObject({
      product: null,
      plan: null,
      planName: null,
    });
  });

  it('attributed gmv is null when the cell is empty', () => {
    expect(spend({ '直接成交金额(元)': '-' }).attributedGmv).toBeNull();
  });

  it.each([
    ['日期', '-', 'E_DATE'],
    ['日期', '2026-09-31', 'E_DATE'],
    ['消耗(元)', '', 'E_AMOUNT'],
    ['消耗(元)', '12.345', 'E_AMOUNT'],
    ['商品ID', '3.61235E+18', 'E_ID'],
    ['直接成交金额(元)', 'n/a?', 'E_AMOUNT'],
  ])('%s %j is rejected (%s)', (column, value, code) => {
    const s = std({ [column]: value });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([[expect.objectContaining({ code, column, value })]]);
  });

  it('keeps a 19-digit product id exact', () => {
    expect(spend({ 商品ID: '\t3699999999999999999' }).product).toBe('3699999999999999999');
  });

  it('the by-抖音号 variant is recognised by its headers', async () => {
    const header =
      '抖音号,抖音号名称,日期,消耗(元),展示次数,点击率(%),点击次数,平均千次展现费用(元),直接成交订单数,直接成交金额(元),直接支付ROI,账户,账户ID,下单平台'.split(
        ',',
      );
    const r = await loadText(
      dir,
      csv([
        header,
        row(
          header,
          { 日期: '2026-09-22', '消耗(元)': '88.00', 账户ID: '17500', '直接成交金额(元)': '0' },
          '',
        ),
      ]),
    );
    expect(r.format?.id).toBe('qianchuan-standard');
    expect(r.facts).toEqual([
      expect.objectContaining({ spend: 8800, account: '17500', attributedGmv: 0, product: null }),
    ]);
  });

  it('a summary row (总计 first) is skipped and never added', async () => {
    const r = await loadText(
      dir,
      csv([
        QIANCHUAN_STANDARD,
        row(QIANCHUAN_STANDARD, { 推广类型: '总计', '消耗(元)': '300.00' }, ''),
        row(QIANCHUAN_STANDARD, { ...STD, '消耗(元)': '100.00' }, ''),
        row(QIANCHUAN_STANDARD, { ...STD, 日期: '2026-09-23', '消耗(元)': '200.00' }, ''),
      ]),
    );
    expect(counts(r)).toEqual({ rows: 3, used: 2, rejected: 0, skipped: { summary_row: 1 } });
    expect(r.facts.reduce((s, f) => s + (f as AdSpendFact).spend, 0)).toBe(30000);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a plan named like a summary word is a row, not a summary', async () => {
    const r = await loadText(
      dir,
      csv([
        QIANCHUAN_STANDARD,
        row(QIANCHUAN_STANDARD, { ...STD, 账户名称: '总计划账户', '消耗(元)': '50.00' }, ''),
      ]),
    );
    expect(counts(r)).toEqual({ rows: 1, used: 1, rejected: 0, skipped: {} });
    expect(r.facts).toEqual([expect.objectContaining({ spend: 5000 })]);
  });
});

describe('千川 全域推广', () => {
  const UNI = ['日期', '商品ID', '商品名称', '整体消耗', '整体成交金额', '整体支付ROI', '账号ID'];

  it('reads 整体消耗 and 整体成交金额, by product', () => {
    const s = runFormat(qianchuanUni, UNI, [
      ['2026-09-22', '3612345678901234567', '连衣裙', '¥500.00', '2,000.00', '4.00', '880001'],
    ]);
    expect(only(s, 'ad_spend')).toMatchObject({
      day: '2026-09-22',
      product: '3612345678901234567',
      account: '880001',
      spend: 50000,
      attributedGmv: 200000,
      channel: null,
      plan: null,
    });
  });

  it('accepts 整体消耗(元) and 账户ID, and a row by account without a product', () => {
    const header = ['日期', '整体消耗(元)', '整体成交金额(元)', '账户ID'];
    const s = runFormat(qianchuanUni, header, [['2026-09-22', '12.30', '-', '880002']]);
    expect(only(s, 'ad_spend')).toMatchObject({
      spend: 1230,
      attributedGmv: null,
      account: '880002',
      product: null,
    });
  });

  it('is recognised from a file, and a trailing 合计 row is skipped', async () => {
    const r = await loadText(
      dir,
      csv([
        UNI,
        ['2026-09-22', '36001', '裙', '10.00', '0', '0', '1'],
        ['2026-09-23', '36001', '裙', '5.50', '0', '0', '1'],
        ['合计', '', '', '15.50', '', '', ''],
      ]),
    );
    expect(r.format?.id).toBe('qianchuan-uni');
    expect(counts(r)).toEqual({ rows: 3, used: 2, rejected: 0, skipped: { summary_row: 1 } });
    expect(r.facts.map((f) => (f as AdSpendFact).spend)).toEqual([1000, 550]);
  });

  it('rejects an empty 整体消耗', () => {
    const s = runFormat(qianchuanUni, UNI, [['2026-09-22', '36001', '裙', '-', '0', '0', '1']]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_AMOUNT', column: '整体消耗', value: '-' })],
    ]);
  });
});
