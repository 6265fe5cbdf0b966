import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookLedger } from '../../src/ledger/book.js';
import type { Entry } from '../../src/ledger/entry.js';
import { ratiosOf } from '../../src/report/build.js';
import type { Dimension, Figures, Report, ReportRow, ReportTable } from '../../src/report/types.js';
import { ad, entry, facts, fixedCost, ledgerOf, line, sale, SETTINGS, unitCost } from '../helpers/facts.js';
import { randomShop } from '../ledger/book-shop.js';
import { reportOf } from '../helpers/report.js';

type FigureTable = Extract<ReportTable, { by: Exclude<Dimension, 'plan'> }>;

function table(r: Report, by: Exclude<Dimension, 'plan'>): FigureTable {
  const t = r.tables.find((x) => x.by === by);
  if (!t || t.by === 'plan') throw new Error(`no table ${by}`);
  return t;
}

/** key → one figure, for the rows of a table. */
function column(r: Report, by: Exclude<Dimension, 'plan'>, f: keyof Figures): Record<string, number> {
  return Object.fromEntries(table(r, by).rows.map((row) => [row.key, row.figures[f]]));
}

function keys(r: Report, by: Exclude<Dimension, 'plan'>): string[] {
  return table(r, by).rows.map((row) => row.key);
}

const spend = (amount: number, over: Partial<Entry> = {}) =>
  entry({ kind: 'ad_spend', amount: -amount, ...over });

describe('buildReport: period', () => {
  it('is the span of the paid lines when no bounds are given; other entries outside it are left out', () => {
    const led = ledgerOf([
      sale({ amount: 1000, date: '2026-09-03' }),
      sale({ amount: 2000, date: '2026-09-17', line: 'L2' }),
      spend(500, { date: '2026-09-18' }),
      entry({ kind: 'commission', amount: -300, date: '2026-09-02', line: 'GONE' }),
      spend(700, { date: '2026-09-10' }),
    ]);
    const r = reportOf(led);
    expect(r.period).toEqual({ from: '2026-09-03', to: '2026-09-17' });
    expect(r.totals.figures.gmv).toBe(3000);
    expect(r.totals.figures.ad_spend).toBe(700);
    expect(r.totals.figures.commissions).toBe(0);
  });

  it('without sales, is the span of the other dated entries (fixed costs excluded); with nothing, null', () => {
    const led = ledgerOf([spend(1, { date: '2026-09-05' }), spend(1, { date: '2026-09-08' })]);
    expect(reportOf(led).period).toEqual({ from: '2026-09-05', to: '2026-09-08' });
    const empty = reportOf(ledgerOf([entry({ kind: 'fixed_cost', amount: -100, date: '2026-09-01' })]));
    expect(empty.period).toBeNull();
    expect(empty.totals.figures.fixed_costs).toBe(0);
  });

  it('--month bounds are inclusive days', () => {
    const led = ledgerOf(
      ['2026-08-31', '2026-09-01', '2026-09-30', '2026-10-01'].map((date, i) =>
        sale({ amount: 10 ** i, date, line: `L${i}`, order: `O${i}` }),
      ),
    );
    const r = reportOf(led, { from: '2026-09-01', to: '2026-09-30' });
    expect(r.period).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(r.totals.figures.gmv).toBe(110);
    expect(r.totals.figures.orders).toBe(2);
  });

  it('a bound given alone is completed from the data', () => {
    const led = ledgerOf([
      sale({ amount: 1, date: '2026-09-03' }),
      sale({ amount: 1, date: '2026-09-09', line: 'L2' }),
    ]);
    expect(reportOf(led, { from: '2026-09-05' }).period).toEqual({ from: '2026-09-05', to: '2026-09-09' });
    expect(reportOf(led, { to: '2026-09-05' }).period).toEqual({ from: '2026-09-03', to: '2026-09-05' });
  });
});

describe('buildReport: ad attribution', () => {
  const D = '2026-09-05';
  const sales = [
    sale({ date: D, line: 'L1', product: 'P1', sku: 'S1', channel: '直播', author: 'A', amount: 3000 }),
    sale({ date: D, line: 'L2', product: 'P1', sku: 'S2', channel: '直播', author: 'B', amount: 1000 }),
    sale({ date: D, line: 'L3', product: 'P1', sku: 'S1', channel: '短视频', author: 'A', amount: 5000 }),
    sale({
      date: D,
      line: 'L4',
      product: 'P2',
      sku: 'S3',
      channel: '商品卡',
      author: '(none)',
      amount: 2000,
    }),
    // P3 has one known SKU, sold on another day; P4 has two.
    sale({ date: '2026-09-01', line: 'L5', product: 'P3', sku: 'S4', amount: 100 }),
    sale({ date: '2026-09-01', line: 'L6', product: 'P4', sku: 'S5', amount: 100 }),
    sale({ date: '2026-09-01', line: 'L7', product: 'P4', sku: 'S6', amount: 100 }),
  ];
  const adOnly = (r: Report, by: Exclude<Dimension, 'plan'>) =>
    Object.fromEntries(Object.entries(column(r, by, 'ad_spend')).filter(([, v]) => v !== 0));

  it('1. the product’s lines in the channel the row names, by gmv', () => {
    const r = reportOf(ledgerOf([...sales, spend(800, { date: D, product: 'P1', channel: '直播' })]));
    expect(adOnly(r, 'sku')).toEqual({ S1: 600, S2: 200 });
    expect(adOnly(r, 'channel')).toEqual({ 直播: 800 });
    expect(adOnly(r, 'author')).toEqual({ A: 600, B: 200 });
    expect(r.notes.unattributed_ad_rows).toBe(0);
  });

  it('2. else the product’s lines in any channel that day', () => {
    const r = reportOf(ledgerOf([...sales, spend(900, { date: D, product: 'P1', channel: '商品卡' })]));
    expect(adOnly(r, 'channel')).toEqual({ 直播: 400, 短视频: 500 });
    expect(adOnly(r, 'sku')).toEqual({ S1: 800, S2: 100 });
  });

  it('a row without a channel takes the product’s lines in every channel', () => {
    const r = reportOf(ledgerOf([...sales, spend(900, { date: D, product: 'P1' })]));
    expect(adOnly(r, 'channel')).toEqual({ 直播: 400, 短视频: 500 });
  });

  it('3. else a product with exactly one known SKU: that SKU in (unknown) with author (unknown)', () => {
    const r = reportOf(ledgerOf([...sales, spend(250, { date: D, product: 'P3', channel: '直播' })]));
    expect(adOnly(r, 'sku')).toEqual({ S4: 250 });
    expect(adOnly(r, 'channel')).toEqual({ '(unknown)': 250 });
    expect(adOnly(r, 'author')).toEqual({ '(unknown)': 250 });
    expect(adOnly(r, 'day')).toEqual({ [D]: 250 });
  });

  it('3. counts the SKUs among all paid lines read, not only those of the period', () => {
    // P3's only line was paid on 09-01; the report covers 09-05 only.
    const r = reportOf(ledgerOf([...sales, spend(250, { date: D, product: 'P3' })]), { from: D, to: D });
    expect(adOnly(r, 'sku')).toEqual({ S4: 250 });
    // P4 has two SKUs overall, even if the period shows one of them at most.
    const two = ledgerOf([
      ...sales,
      sale({ date: '2026-08-20', line: 'L8', product: 'P5', sku: 'S7', amount: 1 }),
      sale({ date: '2026-09-01', line: 'L9', product: 'P5', sku: 'S8', amount: 1 }),
      spend(40, { date: D, product: 'P5' }),
    ]);
    const r2 = reportOf(two, { from: '2026-09-01', to: '2026-09-30' });
    expect(adOnly(r2, 'sku')).toEqual({ '(unattributed)': 40 });
  });

  it('4. else (unattributed), counted; a product never sold as well', () => {
    const r = reportOf(
      ledgerOf([...sales, spend(70, { date: D, product: 'P4' }), spend(30, { date: D, product: 'P99' })]),
    );
    for (const by of ['sku', 'channel', 'author', 'day', 'month'] as const)
      expect(adOnly(r, by)).toEqual({ '(unattributed)': 100 });
    expect(r.notes.unattributed_ad_rows).toBe(2);
  });

  it('a row without a product takes all of that day’s lines, of its channel when it names one', () => {
    const all = reportOf(ledgerOf([...sales, spend(1100, { date: D })]));
    expect(adOnly(all, 'channel')).toEqual({ 直播: 400, 短视频: 500, 商品卡: 200 });
    const live = reportOf(ledgerOf([...sales, spend(100, { date: D, channel: '直播' })]));
    expect(adOnly(live, 'sku')).toEqual({ S1: 75, S2: 25 });
    const none = reportOf(
      ledgerOf([
        ...sales,
        spend(100, { date: D, channel: '直播', product: null }),
        spend(5, { date: '2026-09-02' }),
      ]),
      {
        from: '2026-09-01',
        to: '2026-09-30',
      },
    );
    expect(adOnly(none, 'channel')).toEqual({ 直播: 100, '(unattributed)': 5 });
  });

  it('ties go to the larger gmv, then to the smaller cell key', () => {
    const tied = [
      sale({ date: D, line: 'L1', product: 'P1', sku: 'B', amount: 100 }),
      sale({ date: D, line: 'L2', product: 'P1', sku: 'A', amount: 100 }),
      sale({ date: D, line: 'L3', product: 'P1', sku: 'C', amount: 300 }),
    ];
    // 3 fen over 100/100/300: quotas .6/.6/1.8 → floors 0/0/1, leftovers to remainders .8, then .6 (A before B)
    const r = reportOf(ledgerOf([...tied, spend(3, { date: D, product: 'P1' })]));
    expect(adOnly(r, 'sku')).toEqual({ A: 1, C: 2 });
    // 1 fen over 100 and 300: remainders .25 / .75 → the larger remainder wins
    // 2 fen over 100/300 (quotas .5/1.5) ties on .5: the larger gmv wins.
    const r2 = reportOf(ledgerOf([tied[1]!, tied[2]!, spend(2, { date: D, product: 'P1' })]));
    expect(adOnly(r2, 'sku')).toEqual({ C: 2 });
  });

  it('cells on a day with lines refunded still weigh by their gmv', () => {
    const r = reportOf(
      ledgerOf([
        sale({ date: D, line: 'L1', sku: 'S1', amount: 100 }),
        entry({
          kind: 'refund',
          amount: -100,
          date: D,
          line: 'L1',
          sku: 'S1',
          product: 'P1',
          channel: '直播',
          author: '(none)',
        }),
        sale({ date: D, line: 'L2', sku: 'S2', amount: 100 }),
        spend(10, { date: D, product: 'P1' }),
      ]),
    );
    expect(adOnly(r, 'sku')).toEqual({ S1: 5, S2: 5 });
  });
});

describe('buildReport: fixed costs', () => {
  const fixed = (amount: number, month = '2026-09') =>
    entry({ kind: 'fixed_cost', amount: -amount, date: `${month}-01`, category: 'rent' });
  const sales = [
    sale({ date: '2026-09-01', line: 'L1', sku: 'S1', channel: '直播', author: 'A', amount: 3000 }),
    sale({ date: '2026-09-10', line: 'L2', sku: 'S2', channel: '短视频', author: 'B', amount: 1000 }),
  ];

  it('a month is spread over its days; the period takes the days it covers (extra fen to the earliest)', () => {
    // 100 fen over 30 days: 4 fen on 1–10 September, 3 fen on the other days.
    const led = ledgerOf([...sales, fixed(100), fixed(3100, '2026-10')]);
    expect(reportOf(led).totals.figures.fixed_costs).toBe(40);
    expect(reportOf(led, { from: '2026-09-21', to: '2026-09-30' }).totals.figures.fixed_costs).toBe(30);
    expect(reportOf(led, { from: '2026-09-30', to: '2026-10-02' }).totals.figures.fixed_costs).toBe(3 + 200);
    expect(reportOf(led, { from: '2026-09-01', to: '2026-10-31' }).totals.figures.fixed_costs).toBe(3200);
  });

  it('a day row keeps its own day, with or without sales; a month row the sum of its days in the period', () => {
    const led = ledgerOf([...sales, fixed(3000), fixed(3100, '2026-10')]);
    const r = reportOf(led, { from: '2026-09-29', to: '2026-10-02' });
    expect(column(r, 'day', 'fixed_costs')).toEqual({
      '2026-09-29': 100,
      '2026-09-30': 100,
      '2026-10-01': 100,
      '2026-10-02': 100,
    });
    expect(column(r, 'month', 'fixed_costs')).toEqual({ '2026-09': 200, '2026-10': 200 });
  });

  it('channel, SKU and author tables split them by net_gmv share', () => {
    const r = reportOf(ledgerOf([...sales, fixed(3000)]));
    // 10 days × 100 fen = 1000 fen, split 3000 : 1000
    expect(column(r, 'channel', 'fixed_costs')).toEqual({ 直播: 750, 短视频: 250 });
    expect(column(r, 'sku', 'fixed_costs')).toEqual({ S1: 750, S2: 250 });
    expect(column(r, 'author', 'fixed_costs')).toEqual({ A: 750, B: 250 });
  });

  it('rows with net_gmv ≤ 0 weigh 0; all zero → (unattributed)', () => {
    const refunded = entry({
      kind: 'refund',
      amount: -3000,
      date: '2026-09-01',
      sku: 'S1',
      channel: '直播',
      author: 'A',
    });
    const r = reportOf(ledgerOf([...sales, refunded, fixed(3000)]));
    expect(column(r, 'sku', 'fixed_costs')).toEqual({ S1: 0, S2: 1000 });
    const r2 = reportOf(
      ledgerOf([
        sales[0]!,
        refunded,
        entry({ kind: 'commission', amount: -5, date: '2026-09-01', line: 'X' }),
        fixed(3000),
      ]),
    );
    expect(column(r2, 'sku', 'fixed_costs')).toEqual({ S1: 0, '(unattributed)': 100 });
  });

  it('(unattributed) never takes a share while other rows weigh', () => {
    const r = reportOf(
      ledgerOf([
        ...sales,
        entry({ kind: 'commission', amount: -5, date: '2026-09-02', line: 'X' }),
        fixed(3000),
      ]),
    );
    expect(column(r, 'channel', 'fixed_costs')).toEqual({ 直播: 750, 短视频: 250, '(unattributed)': 0 });
  });

  it('--no-allocate puts them all in (unattributed) of every table, totals unchanged', () => {
    const led = ledgerOf([...sales, fixed(3000)]);
    const a = reportOf(led);
    const b = reportOf(led, { allocateFixed: false });
    expect(b.totals).toEqual(a.totals);
    for (const by of ['channel', 'sku', 'author', 'day', 'month'] as const) {
      const fc = column(b, by, 'fixed_costs');
      expect(fc['(unattributed)']).toBe(1000);
      expect(Object.values(fc).reduce((x, y) => x + y, 0)).toBe(1000);
    }
  });
});

describe('buildReport: rows and totals', () => {
  it('orders count distinct orders per row: an order with two SKUs counts in both, once in the totals', () => {
    const led = ledgerOf([
      sale({ order: 'O1', line: 'L1', sku: 'S1', amount: 100, units: 2 }),
      sale({ order: 'O1', line: 'L2', sku: 'S2', amount: 100, units: 3 }),
      sale({ order: 'O2', line: 'L3', sku: 'S1', amount: 100, units: 1 }),
    ]);
    const r = reportOf(led);
    expect(column(r, 'sku', 'orders')).toEqual({ S1: 2, S2: 1 });
    expect(column(r, 'sku', 'units')).toEqual({ S1: 3, S2: 3 });
    expect(r.totals.figures).toMatchObject({ orders: 2, units: 6 });
  });

  it('a commission booked and reversed on a refunded line shows 0', () => {
    const keys = { line: 'L1', sku: 'SKU1', channel: '直播', author: '(none)', product: 'P1' };
    const led = ledgerOf([
      sale({ amount: 1000 }),
      entry({ kind: 'refund', amount: -1000, ...keys }),
      entry({ kind: 'commission', amount: -100, ...keys }),
      entry({ kind: 'commission_reversal', amount: 100, ...keys }),
    ]);
    const row = table(reportOf(led), 'sku').rows[0]!;
    expect(row.figures).toMatchObject({ gmv: 1000, refunds: 1000, net_gmv: 0, commissions: 0 });
  });

  it('what cannot be traced to a row sits in (unattributed) of every table, the day table too', () => {
    const led = ledgerOf([
      sale({ amount: 1000, date: '2026-09-01' }),
      sale({ amount: 1000, date: '2026-09-03', line: 'L2' }),
      entry({ kind: 'insurance', amount: -30, date: '2026-09-02', line: 'NOWHERE' }),
    ]);
    const r = reportOf(led);
    for (const by of ['channel', 'sku', 'author', 'day', 'month'] as const)
      expect(column(r, by, 'insurance')['(unattributed)']).toBe(30);
  });

  it('computes every figure of §4 from the entries', () => {
    const k = { line: 'L1', sku: 'SKU1', channel: '直播', author: '(none)', product: 'P1' };
    const led = ledgerOf([
      sale({ amount: 10000 }),
      sale({ amount: 5000, line: 'L2' }),
      entry({ kind: 'refund', amount: -5000, ...k, line: 'L2' }),
      entry({ kind: 'platform_fee', amount: -500, ...k }),
      entry({ kind: 'commission', amount: -1000, ...k }),
      entry({ kind: 'cogs', amount: -4000, ...k }),
      entry({ kind: 'shipping', amount: -400, ...k }),
      entry({ kind: 'insurance', amount: -100, ...k }),
      spend(2000, { product: 'P1' }),
      entry({ kind: 'fixed_cost', amount: -3000, date: '2026-09-01' }),
    ]);
    const r = reportOf(led);
    expect(r.totals.figures).toEqual({
      orders: 1,
      units: 2,
      gmv: 15000,
      refunds: 5000,
      net_gmv: 10000,
      platform_fees: 500,
      commissions: 1000,
      cogs: 4000,
      shipping: 400,
      insurance: 100,
      contribution: 4000,
      ad_spend: 2000,
      fixed_costs: 100,
      net_profit: 1900,
    });
    expect(r.totals.ratios).toEqual({
      roi: '7.5000',
      net_roi: '5.0000',
      breakeven_roi: '3.7500',
      poas: '2.0000',
      margin: '0.1267',
      refund_rate: '0.3333',
    });
  });
});

describe('buildReport: sorting', () => {
  it('rows by net_gmv descending, then key; (unknown) then (unattributed) last', () => {
    const led = ledgerOf([
      sale({ line: 'L1', channel: 'b', amount: 100 }),
      sale({ line: 'L2', channel: 'a', amount: 100 }),
      sale({ line: 'L3', channel: 'z', amount: 50 }),
      sale({ line: 'L4', channel: 'c', amount: 900 }),
      sale({ line: 'L5', channel: '(unknown)', amount: 5000 }),
      entry({ kind: 'insurance', amount: -1, line: 'GONE' }),
    ]);
    expect(keys(reportOf(led), 'channel')).toEqual(['c', 'a', 'b', 'z', '(unknown)', '(unattributed)']);
  });

  it('keys compare code unit by code unit', () => {
    const led = ledgerOf([
      sale({ line: 'L1', sku: 'b', amount: 1 }),
      sale({ line: 'L2', sku: 'B', amount: 1 }),
      sale({ line: 'L3', sku: '甲', amount: 1 }),
    ]);
    expect(keys(reportOf(led), 'sku')).toEqual(['B', 'b', '甲']);
  });

  it('day and month tables are in calendar order, (unattributed) last', () => {
    const led = ledgerOf([
      sale({ line: 'L1', date: '2026-10-02', amount: 9 }),
      sale({ line: 'L2', date: '2026-09-30', amount: 1 }),
      sale({ line: 'L3', date: '2026-10-01', amount: 5 }),
      entry({ kind: 'commission', amount: -1, date: '2026-09-30', line: 'GONE' }),
    ]);
    const r = reportOf(led);
    expect(keys(r, 'day')).toEqual(['2026-09-30', '2026-10-01', '2026-10-02', '(unattributed)']);
    expect(keys(r, 'month')).toEqual(['2026-09', '2026-10', '(unattributed)']);
  });
});

describe('buildReport: ratios', () => {
  const fig = (f: Partial<Figures>): Figures => ({
    orders: 0,
    units: 0,
    gmv: 0,
    refunds: 0,
    net_gmv: 0,
    platform_fees: 0,
    commissions: 0,
    cogs: 0,
    shipping: 0,
    insurance: 0,
    contribution: 0,
    ad_spend: 0,
    fixed_costs: 0,
    net_profit: 0,
    ...f,
  });

  it('are null when undefined, never NaN or Infinity', () => {
    expect(ratiosOf(fig({}))).toEqual({
      roi: null,
      net_roi: null,
      breakeven_roi: null,
      poas: null,
      margin: null,
      refund_rate: null,
    });
    expect(ratiosOf(fig({ gmv: 100, net_gmv: 100, contribution: 50 }))).toMatchObject({
      roi: null,
      poas: null,
      margin: '0.0000',
    });
  });

  it('breakeven_roi is null when contribution ≤ 0', () => {
    expect(ratiosOf(fig({ gmv: 100, contribution: 0 })).breakeven_roi).toBeNull();
    expect(ratiosOf(fig({ gmv: 100, contribution: -1 })).breakeven_roi).toBeNull();
    expect(ratiosOf(fig({ gmv: 100, contribution: 40 })).breakeven_roi).toBe('2.5000');
  });

  it('are rounded half away from zero to four decimals, never -0.0000', () => {
    const r = ratiosOf(fig({ gmv: 30000, net_profit: -1, ad_spend: 3, contribution: -2, net_gmv: 1 }));
    expect(r.margin).toBe('0.0000'); // -0.0000333 → 0, not -0
    expect(r.poas).toBe('-0.6667');
    expect(r.net_roi).toBe('0.3333');
    expect(ratiosOf(fig({ gmv: 1, net_profit: -1, ad_spend: 0 })).margin).toBe('-1.0000');
    expect(ratiosOf(fig({ gmv: 20000, net_profit: 1 })).margin).toBe('0.0001'); // 0.00005 → up
    expect(ratiosOf(fig({ gmv: 20000, net_profit: -1 })).margin).toBe('-0.0001'); // -0.00005 → away from 0
  });

  it('are recomputed from each row’s own sums, never averaged', () => {
    const led = ledgerOf([
      sale({ line: 'L1', sku: 'S1', amount: 1000, product: 'P1' }),
      sale({ line: 'L2', sku: 'S2', amount: 3000, product: 'P2' }),
      spend(1000, { product: 'P1' }),
      spend(1000, { product: 'P2' }),
    ]);
    const r = reportOf(led);
    const roi = Object.fromEntries(table(r, 'sku').rows.map((x: ReportRow) => [x.key, x.ratios.roi]));
    expect(roi).toEqual({ S1: '1.0000', S2: '3.0000' });
    expect(r.totals.ratios.roi).toBe('2.0000');
  });
});

describe('buildReport: the plan table', () => {
  it('per plan its spend and the GMV the export attributes to it, (none) without a plan, sorted by spend', () => {
    const led = ledgerOf(
      [
        sale({ amount: 100 }),
        spend(300, { plan: 'PL1', attributed_gmv: 900 }),
        spend(200, { plan: 'PL1', attributed_gmv: null, date: '2026-09-01' }),
        spend(800, { plan: 'PL2', attributed_gmv: 400 }),
        spend(999, { plan: null, attributed_gmv: 1 }),
        spend(0, { plan: 'PL3' }),
      ],
      { planNames: new Map([['PL1', 'Launch']]) },
    );
    const t = reportOf(led).tables.find((x) => x.by === 'plan')!;
    expect(t.rows).toEqual([
      { key: 'PL2', name: null, ad_spend: 800, gmv: 400, roi: '0.5000' },
      { key: 'PL1', name: 'Launch', ad_spend: 500, gmv: 900, roi: '1.8000' },
      { key: 'PL3', name: null, ad_spend: 0, gmv: 0, roi: null },
      { key: '(none)', name: null, ad_spend: 999, gmv: 1, roi: '0.0010' },
    ]);
    expect(t.totals).toEqual({ key: '(total)', name: null, ad_spend: 2299, gmv: 1301, roi: '0.5659' });
  });

  it('only counts the period', () => {
    const led = ledgerOf([
      sale({ amount: 1 }),
      spend(300, { plan: 'PL1' }),
      spend(1, { plan: 'PL1', date: '2026-08-31' }),
    ]);
    const t = reportOf(led).tables.find((x) => x.by === 'plan')!;
    expect(t.totals.ad_spend).toBe(300);
  });
});

describe('buildReport: from booked facts', () => {
  it('SKU rows carry the SKU name, data_through is in +08:00', () => {
    const led = bookLedger(
      facts({
        lines: [line({ skuName: 'Widget', paidAt: '2026-09-01 23:30:00' })],
        unitCosts: [unitCost()],
        ads: [ad({ product: 'P1' })],
        fixedCosts: [fixedCost()],
      }),
      SETTINGS,
    );
    const r = reportOf(led);
    expect(table(r, 'sku').rows[0]).toMatchObject({ key: 'SKU1', name: 'Widget' });
    expect(table(r, 'channel').rows[0]!.name).toBeNull();
    expect(r.data_through).toBe('2026-09-01T23:30:00+08:00');
  });
});

describe('buildReport: a booked ledger and the same entries as a list', () => {
  it('give the same report (the booked one is read through forEach, its order and cell keys)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const booked = bookLedger(randomShop(seed), SETTINGS);
        const listed = ledgerOf([...booked.entries()], {
          planNames: booked.planNames,
          skuNames: booked.skuNames,
          dataThrough: booked.dataThrough,
          notes: booked.notes,
        });
        expect(booked.forEach).toBeDefined();
        expect(listed.forEach).toBeUndefined();
        for (const allocateFixed of [true, false])
          expect(reportOf(booked, { allocateFixed })).toEqual(reportOf(listed, { allocateFixed }));
      }),
      { numRuns: 40 },
    );
  });
});
