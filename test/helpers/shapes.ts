/** fast-check arbitraries of the values the ledger's stores must read back exactly: ids, days, amounts. */
import fc from 'fast-check';

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
