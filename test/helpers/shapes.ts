/** fast-check arbitraries of the values the ledger's stores must read back exactly: ids, days, amounts. */
import fc from 'fast-check';
import type { OrderLineFact } from '../../src/ledger/facts.js';

/** Ids of every shape the exports hold, and then some. */
export const anyId: fc.Arbitrary<string> = fc.oneof(
  // Douyin's 19 digits, and any 64-bit value (the last 2^32 go the text way)
  fc.bigInt({ min: 10n ** 18n, max: 10n ** 19n - 1n }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  fc.constantFrom('18446744069414584319', '18446744069414584320', '18446744073709551615', '9007199254740993'),
  // 20 digits and more, small numbers, leading zeros, the empty id
  fc.bigInt({ min: 10n ** 19n, max: 10n ** 21n }).map(String),
  fc.nat(10_000).map(String),
  fc.nat(999).map((n) => `0${n}`),
  fc.constant(''),
  // 运费险 policy keys (packed two digits a byte) and other digit-and-separator ids, odd lengths too
  fc
    .tuple(
      fc.bigInt({ min: 10n ** 19n, max: 10n ** 20n - 1n }),
      fc.bigInt({ min: 10n ** 19n, max: 10n ** 20n - 1n }),
    )
    .map(([a, b]) => `${a}/${b}`),
  fc.string({ unit: fc.constantFrom(...'0123456789/-_.: '), maxLength: 25 }),
  // letters, Latin-1 beyond ASCII, beyond Latin-1
  fc.string({ maxLength: 8 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 5 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

/** Numbers an amount could be: integer fen of any size and sign, and what should never come (−0, fractions). */
export const anyAmount: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -100_000_000, max: 100_000_000 }),
  fc.integer(),
  fc.constantFrom(-2147483648, 2147483647, 2147483648, -2147483649, -0, 0.5, Number.MAX_SAFE_INTEGER),
  fc.maxSafeInteger(),
  fc.double(),
);

/** yyyy-mm-dd calendar days of any 4-digit year, mostly of a few years. */
export const anyDay: fc.Arbitrary<string> = fc
  .oneof(
    fc.date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2026-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
  )
  .map((d) => d.toISOString().slice(0, 10));

const pad = (n: number) => String(n).padStart(2, '0');

/** A payment day and time: none, a time of the standard shape, or times of other shapes (kept as text). */
const anyPaid = fc.option(anyDay, { nil: null }).chain((day) =>
  fc.record({
    paidDay: fc.constant(day),
    paidAt: fc.oneof(
      fc.constant(null),
      fc
        .tuple(fc.nat(23), fc.nat(59), fc.nat(59))
        .map(([h, m, s]) => `${day ?? '2026-01-01'} ${pad(h)}:${pad(m)}:${pad(s)}`),
      fc
        .tuple(fc.nat(99), fc.nat(99), fc.nat(99))
        .map(([h, m, s]) => `${day ?? '2026-01-01'} ${pad(h)}:${pad(m)}:${pad(s)}`),
      fc.constantFrom(
        `${day}T10:00:00`,
        `${day} 10:00`,
        `${day} 1:02:03`,
        `${day} 10:00:00 `,
        '2026-01-01 10:00:00',
      ),
      fc.string({ maxLength: 20 }),
    ),
  }),
);

/** Order lines of every shape the line store must keep; `lineIds`: where their 子订单编号 come from. */
export const anyOrderLine = (lineIds: fc.Arbitrary<string> = anyId): fc.Arbitrary<OrderLineFact> =>
  fc
    .record({
      order: anyId,
      line: lineIds,
      paid: anyPaid,
      productId: fc.option(fc.constantFrom('P1', '3746135339556083561', ''), { nil: null }),
      skuCode: fc.option(fc.constantFrom('SKU1', 'LY-007-01'), { nil: null }),
      sku: fc.constantFrom('SKU1', 'SKU2', '3746135339556083561'),
      skuName: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
      channel: fc.constantFrom('直播', '短视频', '其他'),
      author: fc.constantFrom('(none)', '小美 (1001)', 'ly_author_012'),
      units: fc.oneof(fc.nat(5), fc.nat(300), fc.nat(70_000), fc.constant(0xffffffff)),
      gmv: anyAmount,
      refunded: fc.boolean(),
      shipped: fc.boolean(),
      stage: fc.nat(63),
      exportedAt: fc.option(fc.integer(), { nil: null }),
      file: fc.constantFrom('orders/a.csv', 'orders/b.csv'),
      srcLine: fc.oneof(fc.nat(100_000), fc.constantFrom(2 ** 31, 2 ** 32 + 1)),
    })
    .map(({ paid, file, srcLine, ...f }): OrderLineFact => ({
      kind: 'order_line',
      ...f,
      ...paid,
      source: { file, line: srcLine },
    }));
