import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../dates.js';
import { financialYearOf } from '../chapter14a/index.js';
import { duePeriods, type DueQuery, type ScheduleName } from './schedules.js';

const q = (financialYearEnd: string, since: string, today: string): DueQuery => ({
  financialYearEnd,
  since: calendarDate(since),
  today: calendarDate(today),
});
const names = (schedule: ScheduleName, query: DueQuery) => duePeriods(schedule, query).map((p) => p.period);

describe('monthly periods', () => {
  it('are the calendar months since the start that ended before today, due the day after month end', () => {
    expect(names('monthly', q('12-31', '2026-01-15', '2026-03-15'))).toEqual(['2026-01', '2026-02']);
    // 31 March: March has not ended yet; 1 April: it is due.
    expect(names('monthly', q('12-31', '2026-01-01', '2026-03-31'))).toEqual(['2026-01', '2026-02']);
    expect(names('monthly', q('12-31', '2026-01-01', '2026-04-01'))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('cross the calendar year and give each month its exact first and last day', () => {
    const due = duePeriods('monthly', q('03-31', '2023-11-20', '2024-03-01'));
    expect(due).toEqual([
      { schedule: 'monthly', period: '2023-11', start: '2023-11-01', end: '2023-11-30' },
      { schedule: 'monthly', period: '2023-12', start: '2023-12-01', end: '2023-12-31' },
      { schedule: 'monthly', period: '2024-01', start: '2024-01-01', end: '2024-01-31' },
      { schedule: 'monthly', period: '2024-02', start: '2024-02-01', end: '2024-02-29' },
    ]);
  });

  it('are none before the first month has ended, or when the start is after today', () => {
    expect(names('monthly', q('12-31', '2026-03-01', '2026-03-31'))).toEqual([]);
    expect(names('monthly', q('12-31', '2026-05-01', '2026-03-15'))).toEqual([]);
  });
});

describe('semi-annual periods', () => {
  // One row per year end: the halves of the financial year named by the year it ends in.
  it.each([
    {
      fye: '12-31',
      fy: 'FY2026',
      h1: ['2026-01-01', '2026-06-30'],
      h2: ['2026-07-01', '2026-12-31'],
    },
    {
      fye: '03-31',
      fy: 'FY2026',
      h1: ['2025-04-01', '2025-09-30'],
      h2: ['2025-10-01', '2026-03-31'],
    },
    {
      fye: '06-30',
      fy: 'FY2026',
      h1: ['2025-07-01', '2025-12-31'],
      h2: ['2026-01-01', '2026-06-30'],
    },
    {
      fye: '09-30',
      fy: 'FY2026',
      h1: ['2025-10-01', '2026-03-31'],
      h2: ['2026-04-01', '2026-09-30'],
    },
    // A February year end: 29 February 2024 is the last day of FY2024, and FY2025 ends on 28 February.
    {
      fye: '02-29',
      fy: 'FY2025',
      h1: ['2024-03-01', '2024-08-31'],
      h2: ['2024-09-01', '2025-02-28'],
    },
  ])('year end $fye: $fy-H1 is $h1, $fy-H2 is $h2', ({ fye, fy, h1, h2 }) => {
    const [h1Start, h1End] = h1 as [string, string];
    const [h2Start, h2End] = h2 as [string, string];
    // Both halves are due the day after the second ends, and not on that day.
    const after = duePeriods('semi-annual', q(fye, h1Start, addDays(calendarDate(h2End), 1)));
    expect(after.slice(-2)).toEqual([
      { schedule: 'semi-annual', period: `${fy}-H1`, start: h1Start, end: h1End },
      { schedule: 'semi-annual', period: `${fy}-H2`, start: h2Start, end: h2End },
    ]);
    expect(names('semi-annual', q(fye, h1Start, h2End))).toEqual([`${fy}-H1`]);
    expect(names('semi-annual', q(fye, h1Start, h1End))).toEqual([]);
    // The name agrees with the classification's financial year.
    expect(`FY${financialYearOf(calendarDate(h2End), fye)}`).toBe(fy);
    expect(`FY${financialYearOf(calendarDate(h1Start), fye)}`).toBe(fy);
  });

  it('start with the half the start date falls in and catch up every half since', () => {
    expect(names('semi-annual', q('03-31', '2024-11-15', '2026-10-01'))).toEqual([
      'FY2025-H2',
      'FY2026-H1',
      'FY2026-H2',
      'FY2027-H1',
    ]);
    expect(names('semi-annual', q('12-31', '2026-01-01', '2026-07-02'))).toEqual(['FY2026-H1']);
    expect(names('semi-annual', q('12-31', '2026-01-01', '2026-06-30'))).toEqual([]);
  });
});

describe('the daily forecast', () => {
  it('is due for today only: a missed day is not caught up, today is run instead', () => {
    expect(duePeriods('daily-forecast', q('12-31', '2025-01-01', '2026-11-24'))).toEqual([
      { schedule: 'daily-forecast', period: '2026-11-24', start: '2026-11-24', end: '2026-11-24' },
    ]);
    expect(names('daily-forecast', q('12-31', '2026-12-01', '2026-11-24'))).toEqual([]);
  });
});

describe('for any year end and any dates', () => {
  const anyDate = fc.integer({ min: 0, max: 12 * 366 }).map((n) => addDays(calendarDate('2020-01-01'), n));
  const anyYearEnd = fc
    .integer({ min: 0, max: 365 })
    .map((n) => addDays(calendarDate('2024-01-01'), n).slice(5));

  it('the halves tile the financial years without gap or overlap, and each is due once it has ended', () => {
    fc.assert(
      fc.property(anyYearEnd, anyDate, anyDate, (fye, a, b) => {
        const [since, today] = a <= b ? [a, b] : [b, a];
        const halves = duePeriods('semi-annual', q(fye, since, today));
        halves.forEach((h, i) => {
          expect(h.end < today && h.end >= since && h.start <= h.end).toBe(true);
          const next = halves[i + 1];
          if (next) expect(next.start).toBe(addDays(h.end, 1));
        });
        // Nothing due is left out: the half after the last one due has not ended.
        const later = duePeriods('semi-annual', q(fye, since, addDays(today, 400)));
        const after = later[halves.length];
        if (after) expect(after.end >= today).toBe(true);
      }),
    );
  });

  it('the months tile the calendar from the start to the last month ended', () => {
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        const [since, today] = a <= b ? [a, b] : [b, a];
        const months = duePeriods('monthly', q('12-31', since, today));
        months.forEach((m, i) => {
          expect(m.end < today).toBe(true);
          const next = months[i + 1];
          if (next) expect(next.start).toBe(addDays(m.end, 1));
        });
        expect(months.length === 0 || months[0]?.period === since.slice(0, 7)).toBe(true);
        if (since.slice(0, 7) < today.slice(0, 7)) expect(months.length).toBeGreaterThan(0);
        const last = months.at(-1);
        if (last) expect(addDays(last.end, 1).slice(0, 7)).toBe(today.slice(0, 7));
      }),
    );
  });
});

it('refuses a year end that is not a month and day', () => {
  expect(() => duePeriods('semi-annual', q('13-01', '2026-01-01', '2026-07-02'))).toThrow(RangeError);
  expect(() => duePeriods('semi-annual', q('2026-12-31', '2026-01-01', '2026-07-02'))).toThrow(RangeError);
});
