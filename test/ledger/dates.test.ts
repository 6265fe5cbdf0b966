import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  daysOfMonth,
  eachDay,
  isValidDay,
  isValidMonth,
  lastDayOfMonth,
  MAX_DATE_CHARS,
  monthOf,
  parseDateTime,
  sameDayStamp,
} from '../../src/ledger/dates.js';
import type { DateResult } from '../../src/ledger/dates.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`dates.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
const runs = { numRuns: 200, seed };

const at = (stamp: string): DateResult => ({ kind: 'value', day: stamp.slice(0, 10), stamp });
const DAY_MS = 86_400_000;

/** Oracle for the tests only: a UTC instant written as `yyyy-mm-dd HH:MM:SS` with UTC getters. */
function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function errorOf(raw: string, opts?: { excelSerial?: boolean }) {
  const r = parseDateTime(raw, opts);
  if (r.kind !== 'error')
    throw new Error(`expected an error for ${JSON.stringify(raw)}, got ${JSON.stringify(r)}`);
  return r;
}

describe('parseDateTime: accepted (case 69)', () => {
  it.each([
    ['2024-01-05', '2024-01-05 00:00:00'],
    ['2024-01-05 09:03', '2024-01-05 09:03:00'],
    ['2024-01-05 09:03:00', '2024-01-05 09:03:00'],
    ['2024/1/5', '2024-01-05 00:00:00'],
    ['2024/1/5 9:03', '2024-01-05 09:03:00'],
    ['2024/01/05 09:03:00', '2024-01-05 09:03:00'],
    ['2024-01-05T09:03:00', '2024-01-05 09:03:00'],
    ['2024-01-05T09:03:00+08:00', '2024-01-05 09:03:00'],
    ['2024-01-05T01:03:00Z', '2024-01-05 09:03:00'],
    ['2024-01-05T09:03:00+0800', '2024-01-05 09:03:00'],
    ['2024年1月5日', '2024-01-05 00:00:00'],
    ['2024年1月5日 09:03', '2024-01-05 09:03:00'],
    ['2024年01月05日09:03:00', '2024-01-05 09:03:00'],
    ['2024-1-5 9:03:07', '2024-01-05 09:03:07'],
    ['2024-01-05 09:03:00.999', '2024-01-05 09:03:00'],
    ['\t2024-01-05 09:03:00\t', '2024-01-05 09:03:00'],
    ['\r\n 2024-01-05 09:03:00 \r\n', '2024-01-05 09:03:00'],
    ['2024-01-05  09:03', '2024-01-05 09:03:00'],
    ['2024-02-29 23:59:59', '2024-02-29 23:59:59'],
    ['2000-02-29', '2000-02-29 00:00:00'],
    ['1900-01-01 00:00:00', '1900-01-01 00:00:00'],
  ])('%j → %s', (raw, stamp) => {
    expect(parseDateTime(raw)).toEqual(at(stamp));
  });

  it('case 69: five spellings of one instant agree', () => {
    const spellings = [
      '2024/1/5 9:03',
      '2024-01-05 09:03:00',
      '2024-01-05T09:03:00+08:00',
      '2024-01-05T01:03:00Z',
      '2024年1月5日 09:03',
    ];
    for (const raw of spellings) expect(parseDateTime(raw)).toEqual(at('2024-01-05 09:03:00'));
  });

  it.each([
    ['2024-01-05T20:03:00-05:00', '2024-01-06 09:03:00'], // the offset moves the day forward
    ['2024-01-04T16:30:00Z', '2024-01-05 00:30:00'],
    ['2024-01-05T15:59:59Z', '2024-01-05 23:59:59'],
    ['2024-01-05T16:00:00Z', '2024-01-06 00:00:00'],
    ['2024-12-31T16:00:00Z', '2025-01-01 00:00:00'], // year boundary
    ['2024-02-28T16:00:00Z', '2024-02-29 00:00:00'], // leap day
    ['2023-02-28T16:00:00Z', '2023-03-01 00:00:00'],
    ['2024-03-01T07:00:00+14:00', '2024-03-01 01:00:00'],
    ['2024-03-01T00:30:00+09:00', '2024-02-29 23:30:00'], // the offset moves the day back
    ['2024-01-05T09:03:00+05:45', '2024-01-05 11:18:00'],
    ['2024-01-05 09:03:00-0330', '2024-01-05 20:33:00'],
  ])('offset: %j → %s in Asia/Shanghai', (raw, stamp) => {
    expect(parseDateTime(raw)).toEqual(at(stamp));
  });
});

describe('parseDateTime: absent', () => {
  it.each(['', '-', '--', 'null', 'None', '0000-00-00 00:00:00', '0000-00-00', '  ', '\t-\t'])(
    '%j',
    (raw) => {
      expect(parseDateTime(raw)).toEqual({ kind: 'absent' });
    },
  );
});

describe('parseDateTime: rejected (case 71)', () => {
  it.each([
    ['2024-02-30', /2024-02 has no day 30/],
    ['2023-02-29', /2023-02 has no day 29/],
    ['1900-02-29', /1900-02 has no day 29/],
    ['2024-04-31 10:00:00', /2024-04 has no day 31/],
    ['2024-13-01', /month 13 does not exist/],
    ['2024-00-10', /month 0 does not exist/],
    ['2024-01-00', /no day 0/],
    ['2024-01-05 25:00', /hour 25/],
    ['2024-01-05 24:00:00', /hour 24/],
    ['2024-01-05 09:60', /minute 60/],
    ['2024-01-05 09:03:60', /second 60/],
    ['2024年2月30日', /no day 30/],
    ['2024/13/1', /month 13/],
    ['0001-01-01 00:00:00', /year 0001 is out of range/],
    ['1899-12-31', /year 1899 is out of range/],
    ['1900-01-01T00:00:00+09:00', /year 1899 is out of range/],
    ['2024-01-05T09:03:00+15:00', /offset \+15:00 is out of range/],
    ['2024-01-05T09:03:00+08:60', /offset/],
    ['24/1/5', /two-digit year/],
    ['24-01-05', /two-digit year/],
    ['1/5/24 09:03', /two-digit year/],
    ['01/05/2024', /ambiguous/],
    ['5.1.2024', /ambiguous/],
    ['01/05/2024 09:03', /ambiguous/],
    ['1704416580', /Unix timestamp in seconds/],
    ['1704416580123', /Unix timestamp in milliseconds/],
    ['20240105', /compact date/],
    ['2024-01-05T09:03:00 +08:00', /not a recognised/],
    ['2024-01-05+08:00', /not a recognised/],
    ['2024/1/5T09:03', /not a recognised/],
    ['2024-01-05 09', /not a recognised/],
    ['Jan 5, 2024', /not a recognised/],
    ['yesterday', /not a recognised/],
    ['２０２４-01-05', /not a recognised/],
    ['2024-01-05 9:3', /not a recognised/],
  ])('%j → E_DATE %s', (raw, message) => {
    const r = errorOf(raw);
    expect(r.code).toBe('E_DATE');
    expect(r.message).toMatch(message);
  });

  it.each(['2024-02-30', '2024-13-01', '2024-01-05 24:00', '2024-01-05T09:03:00+15:00'])(
    'an impossible %j says the calendar has no such day, never rolls it over (case 71)',
    (raw) => {
      expect(errorOf(raw).hint).toMatch(/no such day or time/);
    },
  );

  it('hints at the way out for ambiguous and unrecognised dates', () => {
    expect(errorOf('01/05/2024').hint).toMatch(/yyyy-mm-dd/);
    expect(errorOf('24/1/5').hint).toMatch(/year in full/);
    expect(errorOf('Jan 5, 2024').hint).toMatch(/2024-01-05/);
  });

  it.each(['45296', '45296.377', '45296.377083', '61', '60', '1'])(
    '%j looks like an Excel serial date without the option',
    (raw) => {
      const r = errorOf(raw);
      expect(r.code).toBe('E_DATE');
      expect(r.hint).toBe('looks like an Excel serial date; re-export, or pass --excel-dates');
    },
  );

  it('caps the length at 40 characters (case 71)', () => {
    expect(parseDateTime(`2024-01-05 09:03:00${' '.repeat(30)}x`)).toMatchObject({
      kind: 'error',
      code: 'E_LIMIT',
    });
    expect(parseDateTime('x'.repeat(MAX_DATE_CHARS + 1))).toMatchObject({ kind: 'error', code: 'E_LIMIT' });
    // surrounding whitespace does not count
    expect(parseDateTime(`${' '.repeat(100)}2024-01-05${' '.repeat(100)}`)).toEqual(
      at('2024-01-05 00:00:00'),
    );
  });

  it('answers hostile input quickly (no regex backtracking)', () => {
    const start = performance.now();
    expect(parseDateTime('('.repeat(500_000))).toMatchObject({ code: 'E_LIMIT' });
    expect(parseDateTime('1'.repeat(10_000))).toMatchObject({ code: 'E_LIMIT' });
    for (const raw of [
      '2024-01-05' + ' '.repeat(29) + 'x',
      '2024-01-05 ' + '0'.repeat(29),
      '1/'.repeat(20),
    ]) {
      expect(parseDateTime(raw).kind).toBe('error');
    }
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('parseDateTime: Excel serials with the option', () => {
  const excel = { excelSerial: true };

  it.each([
    ['45296', '2024-01-05 00:00:00'],
    ['45296.377083', '2024-01-05 09:03:00'],
    ['45296.3770833333', '2024-01-05 09:03:00'],
    ['45296.5', '2024-01-05 12:00:00'],
    ['45296.99999999', '2024-01-06 00:00:00'], // rounds up to midnight: next day
    ['25569', '1970-01-01 00:00:00'],
    ['61', '1900-03-01 00:00:00'],
    ['2958465', '9999-12-31 00:00:00'],
    [' 45296 ', '2024-01-05 00:00:00'],
  ])('%j → %s', (raw, stamp) => {
    expect(parseDateTime(raw, excel)).toEqual(at(stamp));
  });

  it('rejects serials below 61 and past 9999-12-31', () => {
    expect(errorOf('60', excel).message).toMatch(/before 1900-03-01/);
    expect(errorOf('1', excel).message).toMatch(/before 1900-03-01/);
    expect(errorOf('0', excel).message).toMatch(/before 1900-03-01/);
    expect(errorOf('2958466', excel).code).toBe('E_DATE');
    expect(errorOf('1704416580', excel).message).toMatch(/Unix timestamp/);
  });

  it('still reads ordinary dates', () => {
    expect(parseDateTime('2024-01-05 09:03', excel)).toEqual(at('2024-01-05 09:03:00'));
  });
});

describe('parseDateTime: the machine time zone does not matter (case 70, invariant 12)', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('gives identical results under UTC, Asia/Shanghai and America/Los_Angeles', () => {
    const inputs = [
      '2024-01-31 23:30:00',
      '2024-01-31T23:30:00',
      '2024/1/31 23:30',
      '2024年1月31日 23:30',
      '2024-01-31T15:30:00Z',
      '2024-01-31T07:30:00-08:00',
      '2024-03-10 02:30:00', // a time that does not exist in Los Angeles (DST gap)
      '2024-11-03 01:30:00', // a time that happens twice in Los Angeles
      '45322.979166',
    ];
    const run = (tz: string) => {
      process.env.TZ = tz;
      return {
        offset: new Date(Date.UTC(2024, 0, 31)).getTimezoneOffset(),
        results: inputs.map((raw) => parseDateTime(raw, { excelSerial: true })),
        days: [addDays('2024-03-09', 1), eachDay('2024-11-02', '2024-11-04'), daysOfMonth('2024-03').length],
      };
    };
    const utc = run('UTC');
    const shanghai = run('Asia/Shanghai');
    const la = run('America/Los_Angeles');
    // the zone really changed under the code
    expect([utc.offset, shanghai.offset, la.offset]).toEqual([0, -480, 480]);
    expect(shanghai.results).toEqual(utc.results);
    expect(la.results).toEqual(utc.results);
    expect(shanghai.days).toEqual(utc.days);
    expect(la.days).toEqual(utc.days);
    // case 70: 23:30 on Jan 31 belongs to January everywhere
    for (const r of utc.results.slice(0, 6)) {
      expect(r.kind === 'value' && monthOf(r.day)).toBe('2024-01');
    }
    expect(utc.results.slice(0, 6)).toEqual(Array(6).fill(at('2024-01-31 23:30:00')));
    expect(utc.results[8]).toEqual(at('2024-01-31 23:30:00'));
    expect(utc.results[6]).toEqual(at('2024-03-10 02:30:00'));
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2024-01-05', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-01', false],
    ['2024-01-00', false],
    ['2024-1-05', false],
    ['2024/01/05', false],
    ['2024-01-05 ', false],
    ['2024-01-05T00:00', false],
    ['24-01-05', false],
    ['２０２４-01-05', false],
    ['', false],
  ])('isValidDay(%j) = %s', (day, ok) => {
    expect(isValidDay(day)).toBe(ok);
  });

  it.each([
    ['2024-01', true],
    ['2024-12', true],
    ['2024-13', false],
    ['2024-00', false],
    ['2024-1', false],
    ['2024-01-01', false],
    ['202401', false],
  ])('isValidMonth(%j) = %s', (month, ok) => {
    expect(isValidMonth(month)).toBe(ok);
  });

  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-01-05', 0)).toBe('2024-01-05');
    expect(addDays('2024-01-05', 366)).toBe('2025-01-05');
  });

  it('addDays throws on an invalid day, a fractional count or a result past year 9999', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-01-05', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('eachDay is inclusive and empty when from > to', () => {
    expect(eachDay('2024-02-27', '2024-03-02')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
    expect(eachDay('2024-01-05', '2024-01-05')).toEqual(['2024-01-05']);
    expect(eachDay('2024-01-06', '2024-01-05')).toEqual([]);
    expect(eachDay('2023-12-31', '2024-01-01')).toEqual(['2023-12-31', '2024-01-01']);
    expect(() => eachDay('2024-01-05', 'soon')).toThrow(RangeError);
  });

  it('daysOfMonth, lastDayOfMonth and monthOf', () => {
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2023-02')).toHaveLength(28);
    expect(daysOfMonth('1900-02')).toHaveLength(28);
    expect(daysOfMonth('2000-02')).toHaveLength(29);
    expect(daysOfMonth('2024-04')[29]).toBe('2024-04-30');
    expect(daysOfMonth('2024-01')).toEqual(eachDay('2024-01-01', '2024-01-31'));
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2023-02')).toBe('2023-02-28');
    expect(lastDayOfMonth('2024-12')).toBe('2024-12-31');
    expect(lastDayOfMonth('2024-06')).toBe('2024-06-30');
    expect(monthOf('2024-01-31')).toBe('2024-01');
    expect(() => daysOfMonth('2024-13')).toThrow(RangeError);
    expect(() => lastDayOfMonth('2024')).toThrow(RangeError);
    expect(() => monthOf('2024-02-30')).toThrow(RangeError);
  });
});

describe('properties', () => {
  const MIN_MS = Date.UTC(1900, 0, 2);
  const MAX_MS = Date.UTC(9999, 11, 30);
  const instant = fc.integer({ min: MIN_MS / 1000, max: MAX_MS / 1000 }).map((s) => s * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');

  it('any offset is converted to the same Asia/Shanghai stamp as the UTC oracle', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -(14 * 60 + 59), max: 14 * 60 + 59 }), (ms, offset) => {
        const wall = utcStamp(ms + offset * 60_000).replace(' ', 'T');
        const abs = Math.abs(offset);
        const text = `${wall}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
        expect(parseDateTime(text)).toEqual(at(utcStamp(ms + 8 * 3_600_000)));
      }),
      runs,
    );
  });

  it('every accepted spelling of a wall time gives the canonical stamp', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 4 }), (ms, style) => {
        const d = new Date(ms);
        const [y, m, day, h, mi, s] = [
          d.getUTCFullYear(),
          d.getUTCMonth() + 1,
          d.getUTCDate(),
          d.getUTCHours(),
          d.getUTCMinutes(),
          d.getUTCSeconds(),
        ];
        const canonical = utcStamp(ms);
        const spelled = [
          canonical,
          `${y}/${m}/${day} ${h}:${pad(mi)}:${pad(s)}`,
          `${y}年${m}月${day}日 ${pad(h)}:${pad(mi)}:${pad(s)}`,
          `${canonical.replace(' ', 'T')}+08:00`,
          `${y}-${m}-${day}T${pad(h)}:${pad(mi)}:${pad(s)}`,
        ][style]!;
        expect(parseDateTime(spelled)).toEqual(at(canonical));
      }),
      runs,
    );
  });

  it('addDays matches the UTC oracle and undoes itself; eachDay counts inclusively', () => {
    const dayMs = fc.integer({ min: MIN_MS / DAY_MS, max: MAX_MS / DAY_MS }).map((n) => n * DAY_MS);
    fc.assert(
      fc.property(dayMs, fc.integer({ min: -50_000, max: 50_000 }), (ms, n) => {
        const target = ms + n * DAY_MS;
        fc.pre(target >= MIN_MS && target <= MAX_MS);
        const day = utcStamp(ms).slice(0, 10);
        const moved = addDays(day, n);
        expect(moved).toBe(utcStamp(target).slice(0, 10));
        expect(addDays(moved, -n)).toBe(day);
        if (n >= 0 && n <= 400) {
          const days = eachDay(day, moved);
          expect(days).toHaveLength(n + 1);
          expect(days[n]).toBe(moved);
          expect(days.every((x, i) => i === 0 || addDays(days[i - 1]!, 1) === x)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('isValidDay agrees with the UTC oracle on any yyyy-mm-dd shaped string', () => {
    const shaped = fc.oneof(
      fc.stringMatching(/^\d{4}-[01]\d-[0-3]\d$/),
      fc.stringMatching(/^(19|20)\d\d-(0[1-9]|1[0-2])-(2[89]|3[01])$/),
    );
    fc.assert(
      fc.property(shaped, (day) => {
        const oracle = new Date(`${day}T00:00:00Z`);
        const real = !Number.isNaN(oracle.getTime()) && oracle.toISOString().slice(0, 10) === day;
        expect(isValidDay(day)).toBe(real);
        // parseDateTime also holds data cells to years 1900–9999
        if (!real) expect(parseDateTime(day).kind).toBe('error');
        else if (day >= '1900') expect(parseDateTime(day)).toEqual(at(`${day} 00:00:00`));
      }),
      { numRuns: 500, seed },
    );
  });

  it('parseDateTime is total: any string gives a value, absent or a typed error, never a throw', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 45 }),
      fc.stringMatching(/^[\d年月日/:T+\-Z. ]{0,30}$/),
      fc.stringMatching(/^\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$/),
    );
    fc.assert(
      fc.property(cell, fc.boolean(), (raw, excelSerial) => {
        const r = parseDateTime(raw, { excelSerial });
        if (r.kind === 'value') {
          expect(isValidDay(r.day)).toBe(true);
          expect(r.stamp.startsWith(r.day)).toBe(true);
          expect(r.stamp).toMatch(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
        } else if (r.kind === 'error') {
          expect(['E_DATE', 'E_LIMIT']).toContain(r.code);
          expect(r.message.length).toBeGreaterThan(0);
        } else {
          expect(r).toEqual({ kind: 'absent' });
        }
      }),
      { numRuns: 1000, seed },
    );
  });
});

describe('sameDayStamp', () => {
  const pad2 = (n: number) => String(n).padStart(2, '0');
  // Days that parseDateTime gives for `yyyy-mm-dd HH:MM:SS` cells, and cells near them.
  const day = fc.constantFrom('2024-01-05', '2024-02-29', '2024-12-31', '1900-01-01', '9999-12-31');
  const cell = fc.oneof(
    fc
      .record({
        day: fc.oneof(day, fc.constantFrom('2024-01-06', '2023-02-29', '2024-02-30', '2024/01/05')),
        h: fc.integer({ min: 0, max: 30 }),
        m: fc.integer({ min: 0, max: 65 }),
        s: fc.integer({ min: 0, max: 65 }),
        sep: fc.constantFrom(' ', ' ', 'T', '\t', '_'),
        colon: fc.constantFrom(':', ':', ':', '：', '.', '/'),
      })
      .map(({ day, h, m, s, sep, colon }) => `${day}${sep}${pad2(h)}${colon}${pad2(m)}:${pad2(s)}`),
    fc.string({ maxLength: 20 }),
    fc.stringMatching(/^2024-01-05 [\d０-９/:]{8}$/),
  );

  it('is true exactly when parseDateTime reads the cell as that day, stamped as written', () => {
    fc.assert(
      fc.property(day, cell, (d, raw) => {
        const r = parseDateTime(raw);
        expect(sameDayStamp(raw, d)).toBe(r.kind === 'value' && r.day === d && r.stamp === raw);
      }),
      { numRuns: 2000, seed },
    );
  });

  it.each([
    ['2024-01-05 00:00:00', true],
    ['2024-01-05 23:59:59', true],
    ['2024-01-05 24:00:00', false],
    ['2024-01-05 23:60:00', false],
    ['2024-01-05 23:00:60', false],
    ['2024-01-05T23:00:00', false],
    ['2024-01-05 9:00:000', false],
    ['2024-01-05 ０9:00:00', false],
    ['2024-01-06 10:00:00', false],
    ['2024-01-05', false],
  ])('%j on 2024-01-05: %s', (raw, same) => {
    expect(sameDayStamp(raw, '2024-01-05')).toBe(same);
  });
});
