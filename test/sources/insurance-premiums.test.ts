import { describe, expect, it } from 'vitest';
import type { PremiumFact } from '../../src/ledger/facts.js';
import { insurancePremiums } from '../../src/sources/insurance-premiums.js';
import { counts, csv, loadText, only, PREMIUMS, row, runFormat, tempDir } from './helpers.js';

const dir = tempDir();

const BASE = {
  保险单号: "'IP2026092200001",
  动账流水号: "'7000000000000000001",
  关联子订单号: "'6917926768823643752",
  摘要描述: '运费险保费',
  动账时间: '2026-09-23 08:15:00',
  '金额(元)': '1.20',
};

function one(over: Record<string, string> = {}, header: readonly string[] = PREMIUMS) {
  const values = Object.fromEntries(Object.entries({ ...BASE, ...over }).filter(([k]) => header.includes(k)));
  return runFormat(insurancePremiums, header, [row(header, values)], {
    file: 'premiums.csv',
    exportedAt: null,
  });
}
const premium = (over: Record<string, string> = {}) => only(one(over), 'premium');

describe('运费险 保费支出', () => {
  it('reads a premium: its policy, the line it insures, 动账时间 day and the amount', () => {
    expect(premium()).toEqual({
      kind: 'premium',
      policy: 'IP2026092200001/7000000000000000001',
      target: '6917926768823643752',
      day: '2026-09-23',
      amount: 120,
      exportedAt: null,
      source: { file: 'premiums.csv', line: 2 },
    } satisfies PremiumFact);
  });

  it('a negative amount is a premium returned', () => {
    expect(premium({ '金额(元)': '-1.20' }).amount).toBe(-120);
  });

  it('without a flow number the policy is the 保险单号 alone', () => {
    expect(premium({ 动账流水号: '-' }).policy).toBe('IP2026092200001');
    const header = PREMIUMS.filter((h) => h !== '动账流水号');
    expect(only(one({}, header), 'premium').policy).toBe('IP2026092200001');
  });

  it('reads the 动帐流水号 spelling of the flow column', () => {
    const header = PREMIUMS.map((h) => (h === '动账流水号' ? '动帐流水号' : h));
    const s = runFormat(insurancePremiums, header, [
      header.map((h) => (h === '动帐流水号' ? "'7000000000000000009" : (BASE as Record<string, string>)[h]!)),
    ]);
    expect(only(s, 'premium').policy).toBe('IP2026092200001/7000000000000000009');
  });

  it('the target may name a 主订单编号: it is kept as the id, the ledger splits it', () => {
    expect(premium({ 关联子订单号: "'6917926768823643751" }).target).toBe('6917926768823643751');
  });

  it.each([
    ['关联子订单号', '6.91793E+18', 'E_ID'],
    ['关联子订单号', '-', 'E_ID'],
    ['保险单号', '', 'E_ID'],
    ['动账时间', '-', 'E_DATE'],
    ['金额(元)', '-', 'E_AMOUNT'],
    ['金额(元)', '1.205', 'E_AMOUNT'],
  ])('%s %j is rejected (%s)', (column, value, code) => {
    const s = one({ [column]: value });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([[expect.objectContaining({ code, column, value })]]);
  });

  it('a header-only file is normal: recognised, no rows, no diagnostics', async () => {
    const r = await loadText(dir, '\ufeff' + csv([PREMIUMS]));
    expect(r.format?.id).toBe('douyin-insurance-premiums');
    expect(r.facts).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(counts(r)).toEqual({ rows: 0, used: 0, rejected: 0, skipped: {} });
  });

  it('recognises the full-width 金额（元） header', async () => {
    const header = PREMIUMS.map((h) => (h === '金额(元)' ? '金额（元）' : h));
    const r = await loadText(dir, csv([header, PREMIUMS.map((h) => BASE[h as keyof typeof BASE])]));
    expect(r.format?.id).toBe('douyin-insurance-premiums');
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'premium', amount: 120 })]);
  });

  it('an export without 动账时间 is refused naming it', async () => {
    const header = PREMIUMS.filter((h) => h !== '动账时间');
    const r = await loadText(dir, csv([header]));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_HEADER',
        message: expect.stringContaining('"动账时间"'),
      }),
    ]);
  });
});
