import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  anniversary,
  calendarDate,
  formatDateEn,
  formatDateZh,
  intersect,
  isCalendarDate,
  latestTermEnd,
  overlaps,
  parseDate,
} from './dates.js';

const d = calendarDate;

/** Any valid date from 1950-01-01 onwards, built by day offset so that every generated value is valid. */
const anyDate = fc.integer({ min: 0, max: 100 * 366 }).map((n) => addDays(d('1950-01-01'), n));

describe('calendar date validity', () => {
  it.each([
    { what: 'an ordinary date', value: '2025-07-29', valid: true },
    { what: '29 February in a leap year', value: '2024-02-29', valid: true },
    { what: '29 February in a common year', value: '2025-02-29', valid: false },
    { what: '29 February in a century year that is not a leap year', value: '2100-02-29', valid: false },
    { what: '29 February in a 400-year leap year', value: '2000-02-29', valid: true },
    { what: '31 April', value: '2025-04-31', valid: false },
    { what: '31 December', value: '2025-12-31', valid: true },
    { what: 'month 13', value: '2025-13-01', valid: false },
    { what: 'month 00', value: '2025-00-10', valid: false },
    { what: 'day 00', value: '2025-07-00', valid: false },
    { what: 'no zero padding', value: '2025-7-1', valid: false },
    { what: 'a timestamp, not a date', value: '2025-07-29T00:00:00Z', valid: false },
    { what: 'slashes', value: '2025/07/29', valid: false },
    { what: 'day-first', value: '29-07-2025', valid: false },
    { what: 'a number', value: 20250729, valid: false },
  ])('$what ($value) valid: $valid', ({ value, valid }) => {
    expect(isCalendarDate(value)).toBe(valid);
    expect(parseDate(value, 'signedOn').ok).toBe(valid);
  });

  it.each([
    { what: 'missing', value: undefined, message: /is required/ },
    { what: 'empty', value: '', message: /is required/ },
    { what: 'malformed', value: '2025-13-01', message: /not a calendar date/ },
  ])('parseDate reports the field path when $what', ({ value, message }) => {
    const r = parseDate(value, 'categories[0].termStart');
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'categories[0].termStart', message: expect.stringMatching(message) as unknown }],
    });
  });

  it('calendarDate throws on a bad constant instead of letting it through', () => {
    expect(() => calendarDate('2025-02-29')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    { what: 'within a month', from: '2025-07-29', n: 2, expected: '2025-07-31' },
    { what: 'into the next month', from: '2025-07-31', n: 1, expected: '2025-08-01' },
    { what: 'into the next year', from: '2025-12-31', n: 1, expected: '2026-01-01' },
    { what: 'back into the previous year', from: '2026-01-01', n: -1, expected: '2025-12-31' },
    { what: 'across a leap day', from: '2024-02-28', n: 2, expected: '2024-03-01' },
    { what: 'across February in a common year', from: '2025-02-28', n: 1, expected: '2025-03-01' },
    { what: 'back onto a leap day', from: '2024-03-01', n: -1, expected: '2024-02-29' },
    { what: 'a whole leap year', from: '2024-01-01', n: 366, expected: '2025-01-01' },
    {
      what: 'three years of days (seed IDC term length)',
      from: '2025-07-29',
      n: 1095,
      expected: '2028-07-28',
    },
    { what: 'zero days', from: '2025-07-29', n: 0, expected: '2025-07-29' },
  ])('$what: $from + $n → $expected', ({ from, n, expected }) => {
    expect(addDays(d(from), n)).toBe(expected);
  });

  it('property: always yields a valid date, and adding then subtracting returns the start', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -2000, max: 2000 }), (date, n) => {
        const moved = addDays(date, n);
        expect(isCalendarDate(moved)).toBe(true);
        expect(addDays(moved, -n)).toBe(date);
      }),
    );
  });

  it('property: adding one day gives a strictly later date and never skips a date', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const next = addDays(date, 1);
        expect(next > date).toBe(true);
        // No valid date lies strictly between: the day before `next` is `date` again.
        expect(addDays(next, -1)).toBe(date);
      }),
    );
  });

  it('property: adding a+b days is adding a then b', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: -800, max: 800 }),
        fc.integer({ min: -800, max: 800 }),
        (date, a, b) => {
          expect(addDays(addDays(date, a), b)).toBe(addDays(date, a + b));
        },
      ),
    );
  });
});

describe('anniversary and latestTermEnd (14A.52: a term of at most three years)', () => {
  it.each([
    { what: 'seed case signing date', start: '2025-07-29', years: 3, expected: '2028-07-29' },
    {
      what: '29 February into a common year falls on 1 March',
      start: '2024-02-29',
      years: 3,
      expected: '2027-03-01',
    },
    { what: '29 February into a leap year stays', start: '2024-02-29', years: 4, expected: '2028-02-29' },
    { what: '1 January', start: '2025-01-01', years: 1, expected: '2026-01-01' },
  ])('anniversary: $what ($start + $years y → $expected)', ({ start, years, expected }) => {
    expect(anniversary(d(start), years)).toBe(expected);
  });

  it.each([
    { what: 'seed case IDC term', start: '2025-07-29', expected: '2028-07-28' },
    { what: 'term starting on a leap day', start: '2024-02-29', expected: '2027-02-28' },
    { what: 'term starting 1 March after a leap day', start: '2024-03-01', expected: '2027-02-28' },
    { what: 'term starting 1 January', start: '2025-01-01', expected: '2027-12-31' },
    { what: 'term ending across a leap day', start: '2025-03-01', expected: '2028-02-29' },
  ])('latestTermEnd: $what ($start → $expected)', ({ start, expected }) => {
    expect(latestTermEnd(d(start))).toBe(expected);
  });
});

describe('ranges', () => {
  const r = (start: string, end: string) => ({ start: d(start), end: d(end) });
  it.each([
    {
      what: 'touching on one day overlap',
      a: r('2025-01-01', '2025-12-31'),
      b: r('2025-12-31', '2026-12-31'),
      overlap: r('2025-12-31', '2025-12-31'),
    },
    {
      what: 'adjacent ranges do not overlap',
      a: r('2025-07-29', '2025-12-31'),
      b: r('2026-01-01', '2026-12-31'),
      overlap: null,
    },
    {
      what: 'contained range',
      a: r('2025-01-01', '2025-12-31'),
      b: r('2025-07-29', '2025-08-31'),
      overlap: r('2025-07-29', '2025-08-31'),
    },
  ])('$what', ({ a, b, overlap }) => {
    expect(overlaps(a, b)).toBe(overlap !== null);
    expect(intersect(a, b)).toEqual(overlap);
  });
});

describe('formatting dates for documents', () => {
  it.each([
    { date: '2025-07-29', en: '29 July 2025', zh: '2025年7月29日' },
    { date: '2026-01-01', en: '1 January 2026', zh: '2026年1月1日' },
    { date: '2027-12-31', en: '31 December 2027', zh: '2027年12月31日' },
  ])('$date → "$en" / "$zh"', ({ date, en, zh }) => {
    expect(formatDateEn(d(date))).toBe(en);
    expect(formatDateZh(d(date))).toBe(zh);
  });
});
