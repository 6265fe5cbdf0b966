import { describe, expect, it } from 'vitest';
import { parseAs, parseDimensions, resolvePeriod } from '../../src/cli/options.js';
import { UserError } from '../../src/ledger/diagnostics.js';

function usage(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return e as UserError;
  }
  throw new Error('expected a usage error');
}

describe('resolvePeriod', () => {
  it('turns --month and --year into inclusive bounds', () => {
    expect(resolvePeriod({ month: '2026-02' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolvePeriod({ month: '2028-02' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(resolvePeriod({ year: '2026' })).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(resolvePeriod({ from: '2026-09-03' })).toEqual({ from: '2026-09-03', to: null });
    expect(resolvePeriod({})).toEqual({ from: null, to: null });
  });
  it('refuses a shorthand combined with --from/--to, or two shorthands', () => {
    expect(usage(() => resolvePeriod({ month: '2026-09', from: '2026-09-01' })).message).toMatch(
      /cannot be combined/,
    );
    usage(() => resolvePeriod({ month: '2026-09', year: '2026' }));
    expect(usage(() => resolvePeriod({ from: '2026-09-10', to: '2026-09-01' })).message).toMatch(/after/);
  });
});

describe('parseDimensions', () => {
  it('accepts every dimension once, in the order given', () => {
    expect(parseDimensions('sku, channel,sku')).toEqual(['sku', 'channel']);
    expect(parseDimensions('channel,sku,author,plan,day,month')).toHaveLength(6);
  });
  it('names an unknown dimension and lists the valid ones', () => {
    const e = usage(() => parseDimensions('channel,shop'));
    expect(e.message).toContain('"shop"');
    expect(e.diagnostics[0]!.hint).toContain('channel, sku, author, plan, day, month');
  });
});

describe('parseAs', () => {
  it('maps files to known formats', () => {
    expect(parseAs(['douyin-orders=a.csv'], ['douyin-orders'])).toEqual(
      new Map([['a.csv', 'douyin-orders']]),
    );
  });
  it('refuses an unknown format or a malformed value', () => {
    usage(() => parseAs(['shopify=a.csv'], ['douyin-orders']));
    usage(() => parseAs(['a.csv'], ['douyin-orders']));
  });
});
