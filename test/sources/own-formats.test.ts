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

describe('amounts declared in fen by the header (case 59)', () => {
  it.each(['gmv(分)', 'gmv(fen)', 'gmv（分）'])('%s is read as whole fen, exactly', async (gmvHeader) => {
    const h = ORDERS.map((c) => (c === 'gmv' ? gmvHeader : c));
    const r = await loadText(dir, csv([h, ORDER.map((v, i) => (ORDERS[i] === 'gmv' ? '12345' : v))]));
    expect(r.format?.id).toBe('roi-ledger-orders');
    expect(r.diagnostics).toEqual([]);
    expect((r.facts[0] as OrderLineFact).gmv).toBe(12345); // 123.45 yuan
  });

  it('a fen column refuses decimals, naming the column as written', () => {
    const s = runFormat(ownAdSpend, ['date', 'spend(分)'], [['2026-09-22', '123.45']]);
    expect(s.rejects).toEqual([
      [
        expect.objectContaining({
          code: 'E_AMOUNT',
          column: 'spend(分)',
          message: 'a fen amount with a decimal part',
        }),
      ],
    ]);
  });

  it.each([
    [
      ownAdSpend,
      ['date', 'spend(fen)', 'attributed_gmv(分)'],
      ['2026-09-22', '700', '48000'],
      { spend: 700, attributedGmv: 48000 },
    ],
    [ownCommissions, ['line_id', 'date', 'commission(分)'], ['A1', '2026-09-22', '1200'], { amount: 1200 }],
    [
      ownInsurance,
      ['policy_id', 'line_id', 'date', 'premium(分)'],
      ['P1', 'A1', '2026-09-22', '-80'],
      { amount: -80 },
    ],
  ])('%# every own format takes it', (format, header, cells, fact) => {
    const s = runFormat(format, header, [cells]);
    expect(s.rejects).toEqual([]);
    expect(s.facts[0]).toMatchObject(fact);
  });

  it('a rejected row of a fen column is measured in fen', async () => {
    const r = await loadText(
      dir,
      csv([
        ['date', 'spend(分)', 'plan_id'],
        ['2026-13-01', '12345', 'p1'],
      ]),
    );
    expect(r.stats.rejected).toBe(1);
    expect(r.stats.rejectedAmount).toBe(12345);
  });
});

describe('a currency column (case 58)', () => {
  it.each(['CNY', 'cny', 'RMB', '人民币', '', '-'])('%j is CNY', (cur) => {
    const s = runFormat(
      ownCommissions,
      ['line_id', 'date', 'commission', 'currency'],
      [['A1', '2026-09-22', '1.00', cur]],
    );
    expect(s.rejects).toEqual([]);
  });

  it.each(['USD', 'HKD', 'EUR'])('%j is E_CURRENCY, never added', (cur) => {
    const s = runFormat(ownOrders, [...ORDERS, 'currency'], [[...ORDER, cur]]);
    expect(s.facts).toEqual([]);
    expect(s.rejects).toEqual([
      [
        expect.objectContaining({
          code: 'E_CURRENCY',
          column: 'currency',
          value: cur,
          message: `currency "${cur}" is not CNY`,
        }),
      ],
    ]);
  });
});

describe('summary rows of the own formats are checked against the data rows (case 56)', () => {
  it.each([
    [
      ['date', 'spend'],
      [
        ['2026-09-01', '10.00'],
        ['2026-09-02', '5.50'],
      ],
      ['合计', '15.50'],
      ['合计', '15.00'],
    ],
    [
      ['line_id', 'date', 'commission'],
      [
        ['A1', '2026-09-01', '1.00'],
        ['A2', '2026-09-01', '2.00'],
      ],
      ['合计', '', '3.00'],
      ['Total', '', '3.10'],
    ],
    [
      ['policy_id', 'line_id', 'date', 'premium'],
      [['P1', 'A1', '2026-09-01', '0.50']],
      ['总计', '', '', '0.50'],
      ['总计', '', '', '0.40'],
    ],
  ])('%j', async (header, data, good, bad) => {
    const ok = await loadText(dir, csv([header, ...data, good]));
    expect(ok.stats.skipped).toEqual({ summary_row: 1 });
    expect(ok.summaries).toHaveLength(1);
    expect(ok.diagnostics).toEqual([]);
    const wrong = await loadText(dir, csv([header, ...data, bad]));
    expect(wrong.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_SEMANTIC',
        line: data.length + 2,
        column: header.at(-1),
        value: bad.at(-1),
      }),
    ]);
  });
});
