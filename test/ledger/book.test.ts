import { describe, expect, it } from 'vitest';
import { bookLedger, type Ledger } from '../../src/ledger/book.js';
import type { Entry, EntryKind } from '../../src/ledger/entry.js';
import { formatDiagnostic } from '../../src/ledger/diagnostics.js';
import { ad, commission, facts, fixedCost, line, premium, SETTINGS, unitCost } from '../helpers/facts.js';

const COST = [unitCost({ sku: 'SKU1', unitCost: 4000 }), unitCost({ sku: 'SKU2', unitCost: 1500 })];

function of(l: Ledger, kind: EntryKind): Entry[] {
  return [...l.entries()].filter((e) => e.kind === kind);
}
function sum(l: Ledger, kind: EntryKind): number {
  return of(l, kind).reduce((n, e) => n + e.amount, 0);
}
/** Amount per order line of one kind. */
function byLine(l: Ledger, kind: EntryKind): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of of(l, kind)) out[e.line ?? '-'] = (out[e.line ?? '-'] ?? 0) + e.amount;
  return out;
}

describe('bookLedger: gmv and refunds', () => {
  it('books a gmv entry with the line keys, payment day, units and source', () => {
    const l = line({ skuName: 'Widget', author: '小美 (1001)', units: 3, gmv: 29900, paidDay: '2026-09-03' });
    const led = bookLedger(facts({ lines: [l], unitCosts: COST }), SETTINGS);
    expect(led.diagnostics).toEqual([]);
    expect(of(led, 'gmv')).toEqual([
      {
        date: '2026-09-03',
        kind: 'gmv',
        amount: 29900,
        order: 'O1',
        line: 'L1',
        product: 'P1',
        sku: 'SKU1',
        sku_name: 'Widget',
        channel: '直播',
        author: '小美 (1001)',
        plan: null,
        units: 3,
        category: null,
        attributed_gmv: null,
        source: { file: 'orders.csv', line: 2 },
      },
    ]);
    expect(of(led, 'refund')).toEqual([]);
  });

  it('a refunded line books its whole gmv back, with the units still counted on the gmv entry', () => {
    const led = bookLedger(
      facts({ lines: [line({ gmv: 5000, units: 2, refunded: true, shipped: false })] }),
      SETTINGS,
    );
    expect(of(led, 'gmv')[0]).toMatchObject({ amount: 5000, units: 2 });
    expect(of(led, 'refund')).toMatchObject([{ amount: -5000, units: 0, line: 'L1', date: '2026-09-01' }]);
  });
});

describe('bookLedger: platform fees', () => {
  it('rate × the line net_gmv, rounded half away from zero per line (not on the total)', () => {
    // 19.90 × 5% = 0.995 → 1.00 per line; on the total 39.80 × 5% = 1.99.
    const lines = [line({ line: 'L1', gmv: 1990 }), line({ line: 'L2', gmv: 1990 })];
    const led = bookLedger(facts({ lines, unitCosts: COST }), SETTINGS);
    expect(byLine(led, 'platform_fee')).toEqual({ L1: -100, L2: -100 });
  });

  it('rounds 0.5 fen up and 0.4999 fen down', () => {
    const lines = [
      line({ line: 'L1', gmv: 10 }),
      line({ line: 'L2', gmv: 9 }),
      line({ line: 'L3', gmv: 1970 }),
    ];
    const led = bookLedger(facts({ lines, unitCosts: COST }), SETTINGS);
    // 0.5 → 1, 0.45 → 0, 98.5 → 99
    expect(byLine(led, 'platform_fee')).toEqual({ L1: -1, L2: 0, L3: -99 });
  });

  it('a refunded line pays no fee (its net_gmv is 0)', () => {
    const led = bookLedger(facts({ lines: [line({ refunded: true, shipped: false })] }), SETTINGS);
    expect(sum(led, 'platform_fee')).toBe(0);
    for (const e of of(led, 'platform_fee')) expect(Object.is(e.amount, -0)).toBe(false);
  });
});

describe('bookLedger: cogs', () => {
  it('unit cost × quantity for a line not refunded', () => {
    const led = bookLedger(facts({ lines: [line({ units: 3 })], unitCosts: COST }), SETTINGS);
    expect(byLine(led, 'cogs')).toEqual({ L1: -12000 });
  });

  it('a line refunded after shipment costs round_half_up(cost × quantity × return_writeoff_rate)', () => {
    const lines = [
      line({ line: 'L1', sku: 'A', skuCode: 'A', refunded: true, shipped: true }),
      line({ line: 'L2', sku: 'B', skuCode: 'B', refunded: true, shipped: true }),
      line({ line: 'L3', sku: 'B', skuCode: 'B', refunded: true, shipped: true, units: 3 }),
    ];
    const unitCosts = [unitCost({ sku: 'A', unitCost: 1235 }), unitCost({ sku: 'B', unitCost: 1234 })];
    const led = bookLedger(facts({ lines, unitCosts }), SETTINGS);
    // 123.5 → 124, 123.4 → 123, 370.2 → 370
    expect(byLine(led, 'cogs')).toEqual({ L1: -124, L2: -123, L3: -370 });
  });

  it('a line refunded before shipment costs nothing, and needs no cost row', () => {
    const led = bookLedger(
      facts({ lines: [line({ sku: 'NOCOST', refunded: true, shipped: false })] }),
      SETTINGS,
    );
    expect(of(led, 'cogs')).toEqual([]);
    expect(led.diagnostics).toEqual([]);
  });

  it('with return_writeoff_rate 0 a line refunded after shipment costs nothing and needs no cost row', () => {
    const led = bookLedger(
      facts({ lines: [line({ sku: 'NOCOST', skuCode: 'NOCOST', productId: null, refunded: true })] }),
      { ...SETTINGS, returnWriteoffRate: '0' },
    );
    expect(of(led, 'cogs')).toEqual([]);
    expect(led.diagnostics).toEqual([]);
  });

  it('takes the cost row with the latest valid_from on or before the payment day', () => {
    const unitCosts = [
      unitCost({ unitCost: 1000 }),
      unitCost({ unitCost: 1300, validFrom: '2026-09-20' }),
      unitCost({ unitCost: 1200, validFrom: '2026-09-10' }),
    ];
    const lines = ['2026-09-09', '2026-09-10', '2026-09-19', '2026-09-20', '2026-09-30'].map((d, i) =>
      line({ line: `L${i}`, paidDay: d }),
    );
    const led = bookLedger(facts({ lines, unitCosts }), SETTINGS);
    expect(byLine(led, 'cogs')).toEqual({ L0: -1000, L1: -1200, L2: -1200, L3: -1300, L4: -1300 });
  });

  it('a line paid before the first valid_from of its SKU has no cost: E_COST', () => {
    const led = bookLedger(
      facts({ lines: [line({ paidDay: '2026-09-01' })], unitCosts: [unitCost({ validFrom: '2026-09-02' })] }),
      SETTINGS,
    );
    expect(led.diagnostics.map((d) => d.code)).toEqual(['E_COST']);
  });

  it('商家编码 matches before 商品ID; 商品ID is used when the line has no 商家编码 or it has no row', () => {
    const unitCosts = [unitCost({ sku: 'CODE1', unitCost: 1000 }), unitCost({ sku: 'P1', unitCost: 700 })];
    const lines = [
      line({ line: 'L1', skuCode: 'CODE1', sku: 'CODE1', productId: 'P1' }),
      line({ line: 'L2', skuCode: null, sku: 'P1', productId: 'P1' }),
      line({ line: 'L3', skuCode: 'CODE2', sku: 'CODE2', productId: 'P1' }),
    ];
    const led = bookLedger(facts({ lines, unitCosts }), SETTINGS);
    expect(byLine(led, 'cogs')).toEqual({ L1: -1000, L2: -700, L3: -700 });
  });

  it('a missing cost is E_COST naming the SKU, once per SKU, at its first paid line', () => {
    const lines = [
      line({
        line: 'L1',
        sku: 'X9',
        skuCode: 'X9',
        productId: 'P9',
        paidDay: '2026-09-12',
        source: { file: 'o.csv', line: 2 },
      }),
      line({
        line: 'L2',
        sku: 'X9',
        skuCode: 'X9',
        productId: 'P9',
        paidDay: '2026-09-05',
        source: { file: 'o.csv', line: 3 },
      }),
      line({ line: 'L3' }),
    ];
    const led = bookLedger(facts({ lines, unitCosts: COST }), SETTINGS);
    expect(led.diagnostics).toHaveLength(1);
    const d = led.diagnostics[0]!;
    expect(d).toMatchObject({ severity: 'error', code: 'E_COST', file: 'o.csv', line: 3 });
    expect(d.message).toBe('no unit cost for SKU "X9" (2 lines sold, first paid 2026-09-05)');
    expect(d.hint).toContain('cost sheet');
    // The lines without a cost book no cogs at all (never a silent zero); the others do.
    expect(byLine(led, 'cogs')).toEqual({ L3: -4000 });
  });
});

describe('bookLedger: missing settings', () => {
  it.each([
    ['platform_fee_rate', { platformFeeRate: null }],
    ['shipping_per_parcel', { shippingPerParcel: null }],
    ['packaging_per_parcel', { packagingPerParcel: null }],
  ])('E_SETTING names %s and where to set it', (key, change) => {
    const led = bookLedger(facts({ lines: [line()], unitCosts: COST }), { ...SETTINGS, ...change });
    expect(led.diagnostics).toHaveLength(1);
    const d = led.diagnostics[0]!;
    expect(d.code).toBe('E_SETTING');
    expect(d.message).toContain(`"${key}"`);
    expect(formatDiagnostic(d)).toContain('roi-ledger.json');
  });

  it('no settings are needed when no figure needs them', () => {
    const none = {
      platformFeeRate: null,
      shippingPerParcel: null,
      packagingPerParcel: null,
      returnWriteoffRate: '0',
    };
    expect(bookLedger(facts({ ads: [ad()], fixedCosts: [fixedCost()] }), none).diagnostics).toEqual([]);
    // Every line refunded before shipment: no parcel, so no shipping setting is needed.
    const led = bookLedger(facts({ lines: [line({ refunded: true, shipped: false })] }), {
      ...SETTINGS,
      shippingPerParcel: null,
    });
    expect(led.diagnostics).toEqual([]);
  });
});

describe('bookLedger: shipping', () => {
  const lines = (...units: number[]) => units.map((u, i) => line({ line: `L${i + 1}`, units: u }));

  it('one parcel per order, split over its lines by quantity', () => {
    const led = bookLedger(facts({ lines: lines(2, 1, 1), unitCosts: COST }), SETTINGS);
    expect(byLine(led, 'shipping')).toEqual({ L1: -200, L2: -100, L3: -100 });
  });

  it('largest remainder; ties go to the larger quantity', () => {
    // 2 fen over quantities 1 and 3: quotas 0.5 and 1.5, the tie on .5 goes to the larger quantity.
    const led = bookLedger(facts({ lines: lines(1, 3), unitCosts: COST }), {
      ...SETTINGS,
      shippingPerParcel: 1,
      packagingPerParcel: 1,
    });
    expect(byLine(led, 'shipping')).toEqual({ L1: 0, L2: -2 });
  });

  it('then to the smaller 子订单编号, compared code unit by code unit', () => {
    const ls = [line({ line: 'L9' }), line({ line: 'L10' }), line({ line: 'L11' })];
    const led = bookLedger(facts({ lines: ls, unitCosts: COST }), SETTINGS);
    // 400 over three equal quantities: 134/133/133, the extra fen to "L10" < "L11" < "L9".
    expect(byLine(led, 'shipping')).toEqual({ L10: -134, L11: -133, L9: -133 });
  });

  it('lines refunded before shipment take no share; an order of only those ships nothing', () => {
    const ls = [
      line({ order: 'O1', line: 'L1', units: 1 }),
      line({ order: 'O1', line: 'L2', units: 5, refunded: true, shipped: false }),
      line({ order: 'O1', line: 'L3', units: 1, refunded: true, shipped: true }),
      line({ order: 'O2', line: 'L4', refunded: true, shipped: false }),
    ];
    const led = bookLedger(facts({ lines: ls, unitCosts: COST }), SETTINGS);
    expect(byLine(led, 'shipping')).toEqual({ L1: -200, L3: -200 });
  });

  it('each order is its own parcel', () => {
    const ls = [
      line({ order: 'O1', line: 'L1' }),
      line({ order: 'O2', line: 'L2' }),
      line({ order: 'O2', line: 'L3' }),
    ];
    const led = bookLedger(facts({ lines: ls, unitCosts: COST }), SETTINGS);
    expect(sum(led, 'shipping')).toBe(-800);
  });
});

describe('bookLedger: commissions', () => {
  it('booked on the matching line: its keys and payment day, the commission file as source', () => {
    const c = commission({ day: '2026-09-20', amount: 1234, source: { file: 'c.csv', line: 5 } });
    const led = bookLedger(
      facts({ lines: [line({ author: 'A (1)' })], commissions: [c], unitCosts: COST }),
      SETTINGS,
    );
    expect(of(led, 'commission')).toMatchObject([
      {
        date: '2026-09-01',
        amount: -1234,
        order: 'O1',
        line: 'L1',
        sku: 'SKU1',
        channel: '直播',
        author: 'A (1)',
      },
    ]);
    expect(of(led, 'commission')[0]!.source).toEqual({ file: 'c.csv', line: 5 });
    expect(of(led, 'commission_reversal')).toEqual([]);
  });

  it('a refunded line carries none: the commission is booked and reversed', () => {
    const led = bookLedger(
      facts({
        lines: [line({ refunded: true })],
        commissions: [commission({ amount: 500 })],
        unitCosts: COST,
      }),
      SETTINGS,
    );
    expect(sum(led, 'commission')).toBe(-500);
    expect(of(led, 'commission_reversal')).toMatchObject([{ amount: 500, line: 'L1', date: '2026-09-01' }]);
  });

  it('an unmatched commission keeps its own date, all line keys null except `line`, and is counted', () => {
    const c = commission({ line: 'GONE', day: '2026-08-30', amount: 300 });
    const led = bookLedger(facts({ commissions: [c] }), SETTINGS);
    expect(of(led, 'commission')).toEqual([
      {
        date: '2026-08-30',
        kind: 'commission',
        amount: -300,
        order: null,
        line: 'GONE',
        product: null,
        sku: null,
        sku_name: null,
        channel: null,
        author: null,
        plan: null,
        units: 0,
        category: null,
        attributed_gmv: null,
        source: c.source,
      },
    ]);
    expect(led.notes.unmatched_commissions).toBe(1);
  });

  it('counts settled commission lines; a zero commission is 0, never -0', () => {
    const led = bookLedger(
      facts({
        lines: [line()],
        commissions: [commission({ amount: 0, settled: true }), commission({ line: 'X', settled: true })],
        unitCosts: COST,
      }),
      SETTINGS,
    );
    expect(led.notes.settled_commission_lines).toBe(2);
    expect(Object.is(of(led, 'commission')[0]!.amount, 0)).toBe(true);
  });
});

describe('bookLedger: insurance premiums', () => {
  const order = [
    line({ order: 'O1', line: 'L1', gmv: 5990 }),
    line({ order: 'O1', line: 'L2', gmv: 2990 }),
    line({ order: 'O1', line: 'L3', gmv: 990 }),
  ];

  it('booked on the line at its payment day, and kept when the line is refunded', () => {
    const p = premium({ target: 'L1', day: '2026-09-15', amount: 45 });
    const led = bookLedger(
      facts({ lines: [line({ refunded: true })], premiums: [p], unitCosts: COST }),
      SETTINGS,
    );
    expect(of(led, 'insurance')).toMatchObject([
      { date: '2026-09-01', amount: -45, line: 'L1', sku: 'SKU1' },
    ]);
    expect(led.notes.unmatched_premiums).toBe(0);
  });

  it('a premium naming a 主订单编号 is split over its lines by gmv (largest remainder)', () => {
    const led = bookLedger(
      facts({ lines: order, premiums: [premium({ target: 'O1', amount: 100 })], unitCosts: COST }),
      SETTINGS,
    );
    // quotas 60.08 / 29.99 / 9.93: floors 60/29/9, the two fen left to .99 and .93
    expect(byLine(led, 'insurance')).toEqual({ L1: -60, L2: -30, L3: -10 });
  });

  it('a negative premium is a premium returned (raises profit), split the same way', () => {
    const led = bookLedger(
      facts({ lines: order, premiums: [premium({ target: 'O1', amount: -7 })], unitCosts: COST }),
      SETTINGS,
    );
    expect(byLine(led, 'insurance')).toEqual({ L1: 4, L2: 2, L3: 1 });
    const one = bookLedger(
      facts({ lines: [line()], premiums: [premium({ amount: -30 })], unitCosts: COST }),
      SETTINGS,
    );
    expect(sum(one, 'insurance')).toBe(30);
  });

  it('an order whose lines all have gmv 0 splits a premium equally', () => {
    const free = order.map((l) => ({ ...l, gmv: 0 }));
    const led = bookLedger(
      facts({ lines: free, premiums: [premium({ target: 'O1', amount: 10 })], unitCosts: COST }),
      SETTINGS,
    );
    expect(byLine(led, 'insurance')).toEqual({ L1: -4, L2: -3, L3: -3 });
  });

  it('an unmatched premium keeps its own date and is counted', () => {
    const p = premium({ target: 'NOWHERE', day: '2026-09-07', amount: 25 });
    const led = bookLedger(facts({ premiums: [p] }), SETTINGS);
    expect(of(led, 'insurance')).toMatchObject([
      {
        date: '2026-09-07',
        amount: -25,
        line: 'NOWHERE',
        order: null,
        sku: null,
        channel: null,
        author: null,
      },
    ]);
    expect(led.notes.unmatched_premiums).toBe(1);
  });
});

describe('bookLedger: ad spend and fixed costs', () => {
  it('an ad row is one entry with its product, channel, plan and attributed GMV; names of plans are kept', () => {
    const a = ad({
      day: '2026-09-04',
      plan: 'PL1',
      planName: 'Launch',
      product: 'P1',
      channel: '直播',
      spend: 2500,
      attributedGmv: 9000,
    });
    const led = bookLedger(facts({ ads: [a] }), SETTINGS);
    expect(of(led, 'ad_spend')).toEqual([
      {
        date: '2026-09-04',
        kind: 'ad_spend',
        amount: -2500,
        order: null,
        line: null,
        product: 'P1',
        sku: null,
        sku_name: null,
        channel: '直播',
        author: null,
        plan: 'PL1',
        units: 0,
        category: null,
        attributed_gmv: 9000,
        source: a.source,
      },
    ]);
    expect(led.planNames.get('PL1')).toBe('Launch');
  });

  it('a zero spend is 0, never -0', () => {
    const led = bookLedger(facts({ ads: [ad({ spend: 0 })] }), SETTINGS);
    expect(Object.is(of(led, 'ad_spend')[0]!.amount, 0)).toBe(true);
  });

  it('a fixed cost is one entry dated on the first of its month, with its category', () => {
    const led = bookLedger(
      facts({ fixedCosts: [fixedCost({ month: '2026-02', category: 'salaries', amount: 812345 })] }),
      SETTINGS,
    );
    expect(of(led, 'fixed_cost')).toMatchObject([
      { date: '2026-02-01', amount: -812345, category: 'salaries', sku: null, channel: null },
    ]);
  });
});

describe('bookLedger: names and data_through', () => {
  it('a SKU is named from its lines, else from the cost sheet', () => {
    const led = bookLedger(
      facts({
        lines: [line({ skuName: 'Widget' }), line({ line: 'L2', sku: 'SKU2', skuCode: 'SKU2' })],
        unitCosts: [unitCost({ name: 'from sheet' }), unitCost({ sku: 'SKU2', name: 'Gadget' })],
      }),
      SETTINGS,
    );
    expect(led.skuNames.get('SKU1')).toBe('Widget');
    expect(led.skuNames.get('SKU2')).toBe('Gadget');
  });

  it('names do not depend on the order of the rows: the latest paid line names its SKU, the latest day its plan', () => {
    const lines = [
      line({ line: 'L1', skuName: 'Old name', paidDay: '2026-09-01' }),
      line({ line: 'L2', skuName: 'New name', paidDay: '2026-09-20' }),
    ];
    const ads = [
      ad({ plan: 'PL', planName: 'first', day: '2026-09-01' }),
      ad({ plan: 'PL', planName: 'renamed', day: '2026-09-02' }),
    ];
    const sheet = [
      unitCost({ sku: 'SKU9', name: 'old' }),
      unitCost({ sku: 'SKU9', name: 'new', validFrom: '2026-09-10' }),
    ];
    for (const rev of [false, true]) {
      const r = <T>(xs: T[]) => (rev ? [...xs].reverse() : xs);
      const led = bookLedger(
        facts({ lines: r(lines), ads: r(ads), unitCosts: r([...COST, ...sheet]) }),
        SETTINGS,
      );
      expect(led.skuNames.get('SKU1')).toBe('New name');
      expect(led.planNames.get('PL')).toBe('renamed');
      expect(led.skuNames.get('SKU9')).toBe('new');
    }
  });

  it('data_through is the latest payment time, else the latest dated entry', () => {
    const lines = [line({ paidAt: '2026-09-02 23:59:59', paidDay: '2026-09-02' }), line({ line: 'L2' })];
    expect(bookLedger(facts({ lines, unitCosts: COST }), SETTINGS).dataThrough).toBe('2026-09-02 23:59:59');
    const led = bookLedger(
      facts({ ads: [ad({ day: '2026-09-09' })], fixedCosts: [fixedCost({ month: '2026-12' })] }),
      SETTINGS,
    );
    expect(led.dataThrough).toBe('2026-09-09 00:00:00');
    expect(bookLedger(facts(), SETTINGS).dataThrough).toBeNull();
  });

  it('data_through skips a later line that has a payment day but no time', () => {
    const lines = [
      line({ line: 'L1', paidDay: '2026-09-01', paidAt: '2026-09-01 10:00:00' }),
      line({ line: 'L2', paidDay: '2026-09-03', paidAt: null, sku: 'SKU2' }),
      line({ line: 'L3', paidDay: '2026-09-02', paidAt: '2026-09-02 08:00:00', sku: 'SKU3' }),
    ];
    expect(bookLedger(facts({ lines }), SETTINGS).dataThrough).toBe('2026-09-02 08:00:00');
    const dayOnly = [line({ line: 'L1', paidDay: '2026-09-03', paidAt: null })];
    expect(
      bookLedger(facts({ lines: dayOnly, ads: [ad({ day: '2026-09-01' })] }), SETTINGS).dataThrough,
    ).toBe('2026-09-01 00:00:00');
  });
});
