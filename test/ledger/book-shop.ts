/**
 * A small random shop for the tests of booking's fast paths: orders whose lines others separate,
 * lines of one SKU, channel and author in cells that differ (by name), refunds, commissions,
 * premiums on lines and on orders, ads with and without product or channel.
 */
import type { MergedFacts } from '../../src/ledger/book.js';
import { ad, commission, facts, fixedCost, line, premium, unitCost } from '../helpers/facts.js';

export function randomShop(seed: number): MergedFacts {
  let state = seed >>> 0 || 1;
  const rand = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const days = ['2026-09-01', '2026-09-02', '2026-09-03'];
  const skus = [
    { sku: 'S1', productId: 'P1' },
    { sku: 'S2', productId: 'P1' },
    { sku: 'S3', productId: 'P2' },
  ];
  const orders = Array.from({ length: 8 + rand(20) }, (_, k) => ({
    id: `O${k}`,
    day: pick(days),
    channel: pick(['直播', '短视频']),
    author: pick(['A1', 'A2', '(none)']),
  }));
  const lines = Array.from({ length: 10 + rand(40) }, (_, k) => {
    const o = pick(orders);
    const s = pick(skus);
    const refunded = rand(5) === 0;
    return line({
      order: o.id,
      line: `L${k}`,
      paidDay: o.day,
      paidAt: `${o.day} 1${rand(10)}:00:00`,
      productId: s.productId,
      skuCode: s.sku,
      sku: s.sku,
      // Same keys, another cell.
      skuName: pick([null, `${s.sku} name`]),
      channel: o.channel,
      author: o.author,
      units: 1 + rand(3),
      gmv: rand(4) === 0 ? 0 : 100 * (1 + rand(90)),
      refunded,
      shipped: !refunded || rand(2) === 0,
    });
  });
  return facts({
    lines,
    commissions: lines
      .filter(() => rand(3) === 0)
      .map((l) => commission({ line: l.line, amount: 10 * (1 + rand(50)) }))
      .concat(commission({ line: 'GONE', amount: 70 })),
    premiums: [
      ...lines
        .filter(() => rand(4) === 0)
        .map((l, k) => premium({ policy: `PL${k}`, target: l.line, amount: 30 })),
      ...orders
        .filter(() => rand(3) === 0)
        .map((o, k) => premium({ policy: `PO${k}`, target: o.id, amount: 91 })),
      premium({ policy: 'PX', target: 'NOWHERE', amount: 5 }),
    ],
    ads: days.flatMap((day) => [
      ad({ day, product: 'P1', spend: 1000 + rand(1000) }),
      ad({ day, product: 'P2', channel: '直播', spend: 777 }),
      ad({ day, spend: 555 }),
      ad({ day, product: 'P9', spend: 333 }),
    ]),
    unitCosts: [unitCost({ sku: 'S1', unitCost: 1500 }), unitCost({ sku: 'S2', unitCost: 900 })].concat(
      unitCost({ sku: 'P2', unitCost: 2000, validFrom: '2026-09-02' }),
    ),
    fixedCosts: [fixedCost({ amount: 10000 })],
  });
}
