import { describe, expect, it } from 'vitest';
import { calendarDate } from '../dates.js';
import {
  HK_GENERAL_HOLIDAYS,
  dayOfWeek,
  isBusinessDay,
  subtractBusinessDays,
  type HolidayCalendar,
} from './business-days.js';

const d = calendarDate;

describe('the Hong Kong business-day calendar (Rule 1.01, 14A.57)', () => {
  it.each([
    ['2025-04-02', 3], // Wednesday
    ['2025-03-19', 3],
    ['2025-04-18', 5], // Good Friday
    ['2026-04-05', 0], // Easter Sunday
    ['2000-02-29', 2],
    ['2024-12-25', 3],
  ])('%s is day %i of the week (0 = Sunday)', (date, dow) => {
    expect(dayOfWeek(d(date))).toBe(dow);
  });

  it('ships 17 gazetted general holidays for each of 2025 and 2026, none on a Sunday', () => {
    expect([...HK_GENERAL_HOLIDAYS.years].sort()).toEqual([2025, 2026]);
    for (const year of [2025, 2026]) {
      const days = [...HK_GENERAL_HOLIDAYS.holidays].filter((h) => h.startsWith(`${year}-`));
      expect(days, String(year)).toHaveLength(17);
      for (const h of days) expect(dayOfWeek(d(h)), h).not.toBe(0);
    }
  });

  it('a business day is a weekday that is not a general holiday', () => {
    expect(isBusinessDay(d('2025-04-17'), HK_GENERAL_HOLIDAYS)).toBe(true); // Thursday before Easter
    expect(isBusinessDay(d('2025-04-18'), HK_GENERAL_HOLIDAYS)).toBe(false); // Good Friday
    expect(isBusinessDay(d('2025-04-21'), HK_GENERAL_HOLIDAYS)).toBe(false); // Easter Monday
    expect(isBusinessDay(d('2025-04-19'), HK_GENERAL_HOLIDAYS)).toBe(false); // Saturday
    expect(isBusinessDay(d('2026-04-07'), HK_GENERAL_HOLIDAYS)).toBe(false); // the day following Easter Monday
  });

  // Listing-rules test row 45: bulk print Wed 2 Apr 2025 → Wed 19 Mar 2025 (no holiday between:
  // Ching Ming is 4 April, after the print date).
  it.each([
    ['2025-04-02', 10, '2025-03-19', 'row 45: no holiday intervenes'],
    ['2025-04-23', 10, '2025-04-07', 'Easter 2025: Good Friday and Easter Monday skipped'],
    ['2025-02-07', 10, '2025-01-21', 'Lunar New Year 2025: 29–31 January skipped'],
    ['2026-04-10', 10, '2026-03-24', 'Easter 2026: 3, 6 and 7 April skipped'],
    ['2026-01-05', 4, '2025-12-29', 'New Year across the year end'],
    ['2025-04-02', 0, '2025-04-02', 'zero days: the date itself'],
  ])('%s minus %i business days is %s (%s)', (from, n, expected) => {
    const r = subtractBusinessDays(d(from), n, HK_GENERAL_HOLIDAYS);
    expect(r).toEqual({ date: expected, calendarIncomplete: false, yearsNotCovered: [] });
  });

  it('says the calendar is incomplete when the count crosses a year it does not cover, rather than guess', () => {
    const r = subtractBusinessDays(d('2025-01-08'), 10, HK_GENERAL_HOLIDAYS);
    // 1 January 2025 is skipped; the days in 2024 are counted on weekends alone, and flagged.
    expect(r.date).toBe('2024-12-24');
    expect(r.calendarIncomplete).toBe(true);
    expect(r.yearsNotCovered).toEqual([2024]);
    const later = subtractBusinessDays(d('2027-04-02'), 10, HK_GENERAL_HOLIDAYS);
    expect(later).toMatchObject({ calendarIncomplete: true, yearsNotCovered: [2027] });
  });

  it('uses the calendar it is given', () => {
    const none: HolidayCalendar = { years: [2025], holidays: new Set(), source: 'test' };
    expect(subtractBusinessDays(d('2025-04-23'), 10, none).date).toBe('2025-04-09');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => subtractBusinessDays(d('2025-04-02'), -1, HK_GENERAL_HOLIDAYS)).toThrow(RangeError);
    expect(() => subtractBusinessDays(d('2025-04-02'), 1.5, HK_GENERAL_HOLIDAYS)).toThrow(RangeError);
  });
});
