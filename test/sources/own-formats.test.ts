import { describe, expect, it } from 'vitest';
import type { OrderLineFact } from '../../src/ledger/facts.js';
import { ownAdSpend, ownCommissions, ownInsurance, ownOrders } from '../../src/sources/own-formats.js';
import { counts, csv, loadText, only, runFormat, tempDir } from './helpers.js';

const dir = tempDir();

const ORDERS = [
  'order_id',
  'line_id',
  'paid_at',
  'sku',
  'quantity',
  'gmv',
  'product_id',
  'sku_name',
  'channel',
  'author',
  'shipped_at',
  'refunded',
];
const ORDER = [
  'A1001',
  'A1001-1',
  '2026-09-22 10:00:00',
  'TEE-01',
  '3',
  '¥1,050.00',
  '99001',
  'T恤 白',
  'Instagram',
  '@anna',
  '2026-09-23',
  'no',
];

function order(over: Partial<Record<string, string>> = {}, header = ORDERS) {
  const cells = header.map((h) => over[h] ?? ORDER[ORDERS.indexOf(h)] ?? '');
  return runFormat(ownOrders, header, [cells], { file: 'orders.csv', exportedAt: null });
}

describe('own orders', () => {
  it('reads a line', () => {
    expect(only(order(), 'order_line')).toEqual({
      kind: 'order_line',
      order: 'A1001',
      line: 'A1001-1',
      paidDay: '2026-09-22',
      paidAt: '2026-09-22 10:00:00',
      productId: '99001',
      skuCode: 'TEE-01',
      sku: 'TEE-01',
      skuName: 'T恤 白',
      channel: 'Instagram',
      author: '@anna',
      units: 3,
      gmv: 105000,
      refunded: false,
      shipped: true,
      stage: 2,
      exportedAt: null,
      source: { file: 'orders.csv', line: 2 },
    } satisfies OrderLineFact);
  });

  it('needs only the required columns: channel (unknown), author (none), not refunded, not shipped', () => {
    const header = ['order_id', 'line_id', 'paid_at', 'sku', 'quantity', 'gmv'];
    expect(only(order({}, header), 'order_line')).toMatchObject({
      channel: '(unknown)',
      author: '(none)',
      refunded: false,
      shipped: false,
      productId: null,
      skuName: null,
      stage: 1,
    });
  });

  it.each([
    ['yes', true],
    ['YES', true],
    ['y', true],
    ['true', true],
    ['1', true],
    ['no', false],
    ['n', false],
    ['false', false],
    ['0', false],
    ['', false],
    ['-', false],
  ])('refunded %j → %s', (raw, refunded) => {
    expect(only(order({ refunded: raw }), 'order_line').refunded).toBe(refunded);
  });

  it('refunded before shipment when shipped_at is empty', () => {
    expect(only(order({ refunded: 'yes', shipped_at: '' }), 'order_line')).toMatchObject({
      refunded: true,
      shipped: false,
    });
    expect(only(order({ refunded: 'yes' }), 'order_line')).toMatchObject({ refunded: true, shipped: true });
  });

  it('refunded other than yes/no is rejected (E_VALUE)', () => {
    expect(order({ refunded: 'partly' }).rejects).toEqual([
      [expect.objectContaining({ code: 'E_VALUE', column: 'refunded', value: 'partly' })],
    ]);
  });

  it('an empty paid_at is unpaid and skipped', () => {
    const s = order({ paid_at: '' });
    expect(s.facts).toEqual([]);
    expect(s.skips).toEqual(['unpaid']);
  });

  it.each([
    ['order_id', '', 'E_ID'],
    ['line_id', '1.2E+18', 'E_ID'],
    ['sku', '-', 'E_ID'],
    ['quantity', '1.5', 'E_QTY'],
    ['gmv', '', 'E_AMOUNT'],
    ['gmv', '10.001', 'E_AMOUNT'],
    ['paid_at', '22/09/2026', 'E_DATE'],
    ['shipped_at', 'tomorrow', 'E_DATE'],
    ['product_id', '9.9E+18', 'E_ID'],
  ])('%s %j is rejected (%s)', (column, value, code) => {
    const s = order({ [column]: value });
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([[expect.objectContaining({ code, column, value })]]);
  });

  it('keeps leading zeros and long ids as text', () => {
    expect(only(order({ sku: '00123', line_id: '6917926768823643752' }), 'order_line')).toMatchObject({
      sku: '00123',
      line: '6917926768823643752',
    });
  });
});

describe('own ad spend', () => {
  const H = ['date', 'spend', 'account', 'plan_id', 'plan_name', 'product_id', 'channel', 'attributed_gmv'];

  it('reads every column', () => {
    const s = runFormat(ownAdSpend, H, [
      ['2026-09-22', '120.50', 'meta-1', 'p-9', 'Retarget', '99001', 'Instagram', '480'],
    ]);
    expect(only(s, 'ad_spend')).toMatchObject({
      day: '2026-09-22',
      spend: 12050,
      account: 'meta-1',
      plan: 'p-9',
      planName: 'Retarget',
      product: '99001',
      channel: 'Instagram',
      attributedGmv: 48000,
    });
  });

  it('date and spend are enough', () => {
    const s = runFormat(ownAdSpend, ['spend', 'date'], [['7', '2026-09-22']]);
    expect(only(s, 'ad_spend')).toMatchObject({
      spend: 700,
      account: null,
      plan: null,
      product: null,
      channel: null,
      attributedGmv: null,
    });
  });

  it.each([
    ['date', '', 'E_DATE'],
    ['spend', '-', 'E_AMOUNT'],
  ])('%s %j is rejected', (column, value, code) => {
    const s = runFormat(
      ownAdSpend,
      ['date', 'spend'],
      [[column === 'date' ? value : '2026-09-22', column === 'spend' ? value : '1']],
    );
    expect(s.rejects).toEqual([[expect.objectContaining({ code, column, value })]]);
  });
});

describe('own commissions', () => {
  const H = ['line_id', 'date', 'commission', 'settled'];

  it('reads a commission, settled yes/no (default no)', () => {
    const s = runFormat(ownCommissions, H, [
      ['A1001-1', '2026-09-22', '12.00', 'yes'],
      ['A1001-2', '2026-09-22', '0.00', ''],
    ]);
    expect(s.facts).toEqual([
      expect.objectContaining({
        kind: 'commission',
        line: 'A1001-1',
        day: '2026-09-22',
        amount: 1200,
        settled: true,
      }),
      expect.objectContaining({ kind: 'commission', line: 'A1001-2', amount: 0, settled: false }),
    ]);
  });

  it('rejects a bad settled flag and an absent commission', () => {
    const s = runFormat(ownCommissions, H, [
      ['A1', '2026-09-22', '1', 'maybe'],
      ['A2', '2026-09-22', '', 'no'],
    ]);
    expect(s.rejects).toEqual([
      [expect.objectContaining({ code: 'E_VALUE', column: 'settled', value: 'maybe' })],
      [expect.objectContaining({ code: 'E_AMOUNT', column: 'commission', value: '' })],
    ]);
  });
});

describe('own insurance premiums', () => {
  it('reads a premium; negative is returned', () => {
    const s = runFormat(
      ownInsurance,
      ['policy_id', 'line_id', 'date', 'premium'],
      [
        ['P1', 'A1001-1', '2026-09-22', '0.80'],
        ['P2', 'A1001', '2026-09-23', '-0.80'],
      ],
    );
    expect(s.facts).toEqual([
      expect.objectContaining({
        kind: 'premium',
        policy: 'P1',
        target: 'A1001-1',
        day: '2026-09-22',
        amount: 80,
      }),
      expect.objectContaining({
        kind: 'premium',
        policy: 'P2',
        target: 'A1001',
        day: '2026-09-23',
        amount: -80,
      }),
    ]);
  });

  it('rejects a missing line_id', () => {
    const s = runFormat(
      ownInsurance,
      ['policy_id', 'line_id', 'date', 'premium'],
      [['P1', '', '2026-09-22', '1']],
    );
    expect(s.rejects).toEqual([[expect.objectContaining({ code: 'E_ID', column: 'line_id' })]]);
  });
});

describe('own formats from files', () => {
  it.each([
    [ORDERS, ORDER, 'roi-ledger-orders'],
    [['date', 'spend'], ['2026-09-22', '1.00'], 'roi-ledger-ad-spend'],
    [['line_id', 'date', 'commission'], ['A1', '2026-09-22', '1.00'], 'roi-ledger-commissions'],
    [['policy_id', 'line_id', 'date', 'premium'], ['P1', 'A1', '2026-09-22', '1.00'], 'roi-ledger-insurance'],
  ])('%j is recognised as %s in any column order, extra columns ignored', async (header, cells, id) => {
    const h = [...header, 'note'].reverse();
    const c = [...cells, 'free text'].reverse();
    const r = await loadText(dir, csv([h, c]));
    expect(r.format?.id).toBe(id);
    expect(counts(r)).toEqual({ rows: 1, used: 1, rejected: 0, skipped: {} });
    expect(r.ignoredColumns).toEqual(['note']);
  });

  it('an orders file missing a required column is refused naming it', async () => {
    const h = ORDERS.filter((c) => c !== 'quantity');
    const r = await loadText(dir, csv([h, ORDER.filter((_, i) => ORDERS[i] !== 'quantity')]));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'E_HEADER', message: expect.stringContaining('"quantity"') }),
    ]);
  });
});
