import { describe, expect, it } from 'vitest';
import {
  adSpendRule,
  commissionRule,
  fixedCostRule,
  orderLineRule,
  premiumRule,
  unitCostRule,
} from '../../src/ledger/keys.js';
import { ad, commission, fixedCost, line, premium, unitCost } from '../helpers/facts.js';

describe('orderLineRule', () => {
  const base = line({ shipped: false, stage: 1, refunded: false });

  it('keys a line by its 子订单编号 and names it', () => {
    expect(orderLineRule.key(line({ line: '6917000000000000001' }))).toBe('6917000000000000001');
    expect(orderLineRule.describe(line({ line: 'L9' }))).toBe('order line L9');
  });

  it('the same figures are the same fact', () => {
    expect(orderLineRule.compare(base, line({ shipped: false, stage: 1 }))).toBe('same');
  });

  it.each([
    ['not shipped → shipped', base, line({ ...base, shipped: true, stage: 2 })],
    ['not refunded → refunded', base, line({ ...base, refunded: true })],
    [
      'a stage rise (shipped → completed)',
      line({ ...base, shipped: true, stage: 2 }),
      line({ ...base, shipped: true, stage: 3 }),
    ],
    ['channel (unknown) → known', line({ ...base, channel: '(unknown)' }), base],
  ])('%s is a forward move, and backward seen the other way', (_, older, newer) => {
    expect(orderLineRule.compare(older, newer)).toBe('forward');
    expect(orderLineRule.compare(newer, older)).toBe('backward');
  });

  it('several fields moving forward together is still forward', () => {
    const newer = line({ ...base, shipped: true, refunded: true, stage: 3 });
    expect(orderLineRule.compare(base, newer)).toBe('forward');
  });

  it('one field forward and another backward is a conflict', () => {
    const a = line({ shipped: true, stage: 2, refunded: false });
    const b = line({ shipped: false, stage: 1, refunded: true });
    expect(orderLineRule.compare(a, b)).toBe('conflict');
    expect(orderLineRule.compare(b, a)).toBe('conflict');
  });

  it('a known channel changed to another is a conflict', () => {
    expect(orderLineRule.compare(base, line({ ...base, channel: '短视频' }))).toBe('conflict');
  });

  it.each([
    ['gmv', { gmv: 10001 }],
    ['units', { units: 2 }],
    ['order', { order: 'O2' }],
    ['payment day', { paidDay: '2026-09-02' }],
    ['sku', { sku: 'SKU2' }],
    ['product', { productId: 'P2' }],
    ['author', { author: '小美 (1001)' }],
  ])('a changed %s is a conflict, whatever else moved', (_, change) => {
    expect(orderLineRule.compare(base, line({ ...base, ...change }))).toBe('conflict');
    expect(orderLineRule.compare(base, line({ ...base, ...change, shipped: true, stage: 2 }))).toBe(
      'conflict',
    );
  });
});

describe('commissionRule', () => {
  it('keys a commission by its order line', () => {
    expect(commissionRule.key(commission({ line: 'L7' }))).toBe('L7');
    expect(commissionRule.describe(commission({ line: 'L7' }))).toBe('commission of order line L7');
  });

  it('estimated → settled is an update even when the amount moved', () => {
    const est = commission({ amount: 1000, settled: false });
    const set = commission({ amount: 950, settled: true, day: '2026-09-20' });
    expect(commissionRule.compare(est, set)).toBe('forward');
    expect(commissionRule.compare(set, est)).toBe('backward');
  });

  it('two estimates (or two settlements) must agree', () => {
    expect(commissionRule.compare(commission(), commission())).toBe('same');
    expect(commissionRule.compare(commission(), commission({ amount: 999 }))).toBe('conflict');
    expect(commissionRule.compare(commission(), commission({ day: '2026-09-06' }))).toBe('conflict');
    const s = commission({ settled: true });
    expect(commissionRule.compare(s, commission({ settled: true, amount: 1 }))).toBe('conflict');
  });
});

describe('premiumRule', () => {
  it('keys a premium by its policy; amount, target and day must agree', () => {
    expect(premiumRule.key(premium({ policy: 'X1' }))).toBe('X1');
    expect(premiumRule.compare(premium(), premium())).toBe('same');
    expect(premiumRule.compare(premium(), premium({ amount: -30 }))).toBe('conflict');
    expect(premiumRule.compare(premium(), premium({ target: 'L2' }))).toBe('conflict');
    expect(premiumRule.compare(premium(), premium({ day: '2026-09-07' }))).toBe('conflict');
  });
});

describe('adSpendRule', () => {
  const rule = adSpendRule((f) => f.source.file);

  it('keys a row by scope, account, plan, product and day', () => {
    const a = ad({ account: 'A', plan: 'PL', product: 'P1' });
    expect(rule.key(a)).toBe(rule.key(ad({ account: 'A', plan: 'PL', product: 'P1', spend: 5 })));
    for (const other of [
      ad({ account: 'B', plan: 'PL', product: 'P1' }),
      ad({ account: 'A', plan: 'PL2', product: 'P1' }),
      ad({ account: 'A', plan: 'PL', product: 'P2' }),
      ad({ account: 'A', plan: 'PL', product: 'P1', day: '2026-09-02' }),
      ad({ account: 'A', plan: 'PL', product: 'P1', source: { file: 'uni.csv', line: 2 } }),
    ])
      expect(rule.key(other)).not.toBe(rule.key(a));
  });

  it('an absent plan is not confused with a plan named by its neighbours', () => {
    expect(rule.key(ad({ plan: null, product: 'P1' }))).not.toBe(rule.key(ad({ plan: 'P1', product: null })));
  });

  it('spend, attributed GMV and channel must agree', () => {
    expect(rule.compare(ad(), ad())).toBe('same');
    expect(rule.compare(ad(), ad({ spend: 1001 }))).toBe('conflict');
    expect(rule.compare(ad(), ad({ attributedGmv: 0 }))).toBe('conflict');
    expect(rule.compare(ad(), ad({ channel: '直播' }))).toBe('conflict');
  });
});

describe('cost rules', () => {
  it('a unit cost is keyed by SKU and valid_from', () => {
    expect(unitCostRule.key(unitCost())).not.toBe(unitCostRule.key(unitCost({ validFrom: '2026-09-10' })));
    expect(unitCostRule.compare(unitCost(), unitCost())).toBe('same');
    expect(unitCostRule.compare(unitCost(), unitCost({ unitCost: 4001 }))).toBe('conflict');
    expect(unitCostRule.describe(unitCost({ validFrom: '2026-09-10' }))).toBe(
      'unit cost of SKU1 from 2026-09-10',
    );
  });

  it('a fixed cost is keyed by month and category', () => {
    expect(fixedCostRule.key(fixedCost())).not.toBe(fixedCostRule.key(fixedCost({ category: 'salaries' })));
    expect(fixedCostRule.key(fixedCost())).not.toBe(fixedCostRule.key(fixedCost({ month: '2026-10' })));
    expect(fixedCostRule.compare(fixedCost(), fixedCost({ amount: 1 }))).toBe('conflict');
  });
});
