import { invalid, parsed, type Parsed } from './result.js';

/** A calendar date, 'YYYY-MM-DD'. Never a Date object: the domain has no clock and no time zone. */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = ISO.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parseDate(value: unknown, path: string): Parsed<CalendarDate> {
  if (value === undefined || value === null || value === '')
    return invalid(path, 'is required: a date such as "2025-07-29"');
  if (!isCalendarDate(value)) {
    return invalid(path, `${JSON.stringify(value)} is not a calendar date in the form YYYY-MM-DD`);
  }
  return parsed(value);
}

/** For values already known to be well formed (database rows, constants). */
export function calendarDate(value: string): CalendarDate {
  if (!isCalendarDate(value)) throw new RangeError(`not a calendar date: ${value}`);
  return value;
}

const parts = (d: CalendarDate): [number, number, number] => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return [y, m, day];
};

const fmt = (y: number, m: number, d: number): CalendarDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as CalendarDate;

export const compareDates = (a: CalendarDate, b: CalendarDate): number => (a < b ? -1 : a > b ? 1 : 0);
export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);

export function addDays(date: CalendarDate, days: number): CalendarDate {
  let [y, m, d] = parts(date);
  d += days;
  while (d > daysInMonth(y, m)) {
    d -= daysInMonth(y, m);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  while (d < 1) {
    m -= 1;
    if (m < 1) {
      m = 12;
      y -= 1;
    }
    d += daysInMonth(y, m);
  }
  return fmt(y, m, d);
}

/**
 * The n-th anniversary. For 29 February in a year without one, the anniversary is 1 March: a term
 * from 29 February 2024 "for three years" then ends on 28 February 2027 (decision 0003).
 */
export function anniversary(date: CalendarDate, years: number): CalendarDate {
  const [y, m, d] = parts(date);
  const ty = y + years;
  if (m === 2 && d === 29 && !isLeapYear(ty)) return fmt(ty, 3, 1);
  return fmt(ty, m, d);
}

/** The latest permitted end of a fixed term under 14A.52: the day before the third anniversary. */
export const latestTermEnd = (termStart: CalendarDate): CalendarDate =>
  addDays(anniversary(termStart, 3), -1);

export interface DateRange {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

export const inRange = (d: CalendarDate, r: DateRange): boolean => d >= r.start && d <= r.end;
export const overlaps = (a: DateRange, b: DateRange): boolean => a.start <= b.end && b.start <= a.end;

export function intersect(a: DateRange, b: DateRange): DateRange | null {
  const start = maxDate(a.start, b.start);
  const end = minDate(a.end, b.end);
  return start <= end ? { start, end } : null;
}

export const yearOf = (d: CalendarDate): number => parts(d)[0];
export const monthOf = (d: CalendarDate): number => parts(d)[1];
export const dayOf = (d: CalendarDate): number => parts(d)[2];
export const makeDate = (y: number, m: number, d: number): CalendarDate => calendarDate(fmt(y, m, d));

/** The months' names in English, January first. */
export const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "29 July 2025", as HK documents write dates in English. */
export function formatDateEn(d: CalendarDate): string {
  const [y, m, day] = parts(d);
  return `${day} ${MONTHS_EN[m - 1] ?? ''} ${y}`;
}

/** "2025年7月29日", acceptable in tables and the UI. */
export function formatDateZh(d: CalendarDate): string {
  const [y, m, day] = parts(d);
  return `${y}年${m}月${day}日`;
}
