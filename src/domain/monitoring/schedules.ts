import {
  addDays,
  dayOf,
  daysInMonth,
  isCalendarDate,
  makeDate,
  monthOf,
  yearOf,
  type CalendarDate,
} from '../dates.js';

/**
 * The report schedules of issue 5 and the periods each has due: calendar arithmetic only.
 *
 * Period names (the `period` of a schedule run, unique per issuer and schedule):
 * - `monthly`: the calendar month, 'YYYY-MM' ('2026-10' is 1–31 October 2026). Due on the day after
 *   the month ends. Finance reports to senior management.
 * - `semi-annual`: a half of a financial year, named after the calendar year in which that financial
 *   year ends, as the classification names years ('FY2026', `financialYearOf`): 'FY2026-H1' and
 *   'FY2026-H2'. H1 is the first six months of the financial year, H2 the last six. With a 31 March
 *   year end FY2026 runs from 1 April 2025 to 31 March 2026, so FY2026-H1 is 1 April – 30 September
 *   2025 and FY2026-H2 is 1 October 2025 – 31 March 2026. Due on the day after the half ends.
 *   Reported to the directors, the INEDs included.
 * - `daily-forecast`: the day, 'YYYY-MM-DD'. Only today is ever due: a missed day's forecast would be
 *   stale by the time it ran, so catching up after downtime means running today's.
 */
export type ScheduleName = 'monthly' | 'semi-annual' | 'daily-forecast';

/** In the order a scheduler pass runs them. */
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['monthly', 'semi-annual', 'daily-forecast'];

export const isScheduleName = (value: unknown): value is ScheduleName =>
  typeof value === 'string' && (SCHEDULE_NAMES as readonly string[]).includes(value);

export interface SchedulePeriod {
  readonly schedule: ScheduleName;
  /** '2026-10', 'FY2026-H1' or '2026-11-24'. */
  readonly period: string;
  /** The first and last day the period covers; its figures are as at `end`. */
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

export interface DueQuery {
  /** The issuer's financial year end, 'MM-DD' ('12-31', '03-31'). */
  readonly financialYearEnd: string;
  /** The first day reported on: the earliest term start of the issuer's agreements. */
  readonly since: CalendarDate;
  /** Today in Hong Kong. */
  readonly today: CalendarDate;
}

/** Every period of `schedule` that is due on `today`, in period order (see the module comment). */
export function duePeriods(schedule: ScheduleName, q: DueQuery): SchedulePeriod[] {
  if (q.since > q.today) return [];
  switch (schedule) {
    case 'monthly':
      return dueMonths(q.since, q.today);
    case 'semi-annual':
      return dueHalfYears(parseYearEnd(q.financialYearEnd), q.since, q.today);
    case 'daily-forecast':
      return [{ schedule, period: q.today, start: q.today, end: q.today }];
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const atMost = (n: number, limit: number): number => (n < limit ? n : limit);

/** Months from the one containing `since` to the last one that ended before `today`. */
function dueMonths(since: CalendarDate, today: CalendarDate): SchedulePeriod[] {
  const out: SchedulePeriod[] = [];
  let y = yearOf(since);
  let m = monthOf(since);
  const stop = yearOf(today) * 12 + monthOf(today);
  while (y * 12 + m < stop) {
    out.push({
      schedule: 'monthly',
      period: `${String(y).padStart(4, '0')}-${pad2(m)}`,
      start: makeDate(y, m, 1),
      end: makeDate(y, m, daysInMonth(y, m)),
    });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

interface YearEnd {
  readonly month: number;
  readonly day: number;
}

function parseYearEnd(financialYearEnd: string): YearEnd {
  // A year end valid in a leap year: '02-29' is the last day of February.
  if (!/^\d{2}-\d{2}$/.test(financialYearEnd) || !isCalendarDate(`2024-${financialYearEnd}`)) {
    throw new RangeError(`not a financial year end (MM-DD): ${financialYearEnd}`);
  }
  const [month, day] = financialYearEnd.split('-').map(Number) as [number, number];
  return { month, day };
}

/** The last day of financial year `fy`: as `financialYearOf`, a day past the month's end is its last day. */
function yearEndIn(fy: number, ye: YearEnd): CalendarDate {
  return makeDate(fy, ye.month, atMost(ye.day, daysInMonth(fy, ye.month)));
}

/** The financial year `d` falls in, named by the calendar year it ends in. */
function financialYearContaining(d: CalendarDate, ye: YearEnd): number {
  const y = yearOf(d);
  return d <= yearEndIn(y, ye) ? y : y + 1;
}

/** Six calendar months after `d`, on the same day of the month, or the month's last day if it has none. */
function sixMonthsAfter(d: CalendarDate): CalendarDate {
  let y = yearOf(d);
  let m = monthOf(d) + 6;
  if (m > 12) {
    m -= 12;
    y += 1;
  }
  return makeDate(y, m, atMost(dayOf(d), daysInMonth(y, m)));
}

/** Halves that overlap [since, …] and ended before `today`. */
function dueHalfYears(ye: YearEnd, since: CalendarDate, today: CalendarDate): SchedulePeriod[] {
  const out: SchedulePeriod[] = [];
  const last = financialYearContaining(today, ye);
  for (let fy = financialYearContaining(since, ye); fy <= last; fy++) {
    const start = addDays(yearEndIn(fy - 1, ye), 1);
    const secondHalf = sixMonthsAfter(start);
    const halves: SchedulePeriod[] = [
      { schedule: 'semi-annual', period: `FY${fy}-H1`, start, end: addDays(secondHalf, -1) },
      { schedule: 'semi-annual', period: `FY${fy}-H2`, start: secondHalf, end: yearEndIn(fy, ye) },
    ];
    for (const h of halves) if (h.end >= since && h.end < today) out.push(h);
  }
  return out;
}
