/**
 * Issue 7: business days on the Hong Kong calendar, for the deadlines of the annual review (the
 * auditor's letter to the Exchange at least 10 business days before the annual report's bulk
 * printing, Rule 14A.57).
 *
 * A business day is a day the Exchange is open for dealing (Rule 1.01): Monday to Friday, not a Hong
 * Kong general holiday. Two things this module cannot know, and says so instead of guessing:
 *
 * - Years whose general holidays are not shipped here. A computation that crosses such a year still
 *   answers (counting weekends only), and flags itself `calendarIncomplete` with the years missing.
 * - Closures for typhoon signal No. 8, black rainstorm or "extreme conditions" (HKEX cancels trading
 *   when one is in force at 9:00 or at noon). They cannot be known in advance; a closure between the
 *   deadline and the date counted from moves the deadline one business day earlier.
 */
import { addDays, yearOf, type CalendarDate } from '../dates.js';

/** The Hong Kong general holidays of the years covered (Sundays, always holidays, are not listed). */
export interface HolidayCalendar {
  /** The years whose holidays are all listed. */
  readonly years: readonly number[];
  readonly holidays: ReadonlySet<string>;
  /** Where the dates come from. */
  readonly source: string;
}

/**
 * [S] The general holidays gazetted by the HKSAR Government (General Holidays Ordinance, Cap. 149),
 * "General holidays for 2025" and "General holidays for 2026" (www.gov.hk/en/about/abouthk/holiday/),
 * cross-checked against the date-holidays 3.x package's Hong Kong rules (all 34 dates agree).
 * Sundays are left out (never business days); holidays on a Saturday are listed as gazetted.
 */
const GAZETTED: Readonly<Record<number, readonly string[]>> = {
  2025: [
    '2025-01-01', // the first day of January
    '2025-01-29', // Lunar New Year's Day
    '2025-01-30', // the second day of Lunar New Year
    '2025-01-31', // the third day of Lunar New Year
    '2025-04-04', // Ching Ming Festival
    '2025-04-18', // Good Friday
    '2025-04-19', // the day following Good Friday
    '2025-04-21', // Easter Monday
    '2025-05-01', // Labour Day
    '2025-05-05', // the Birthday of the Buddha
    '2025-05-31', // Tuen Ng Festival
    '2025-07-01', // HKSAR Establishment Day
    '2025-10-01', // National Day
    '2025-10-07', // the day following the Chinese Mid-Autumn Festival
    '2025-10-29', // Chung Yeung Festival
    '2025-12-25', // Christmas Day
    '2025-12-26', // the first weekday after Christmas Day
  ],
  2026: [
    '2026-01-01', // the first day of January
    '2026-02-17', // Lunar New Year's Day
    '2026-02-18', // the second day of Lunar New Year
    '2026-02-19', // the third day of Lunar New Year
    '2026-04-03', // Good Friday
    '2026-04-04', // the day following Good Friday
    '2026-04-06', // the day following Ching Ming Festival (5 April is a Sunday)
    '2026-04-07', // the day following Easter Monday (Easter Monday is the day following Ching Ming)
    '2026-05-01', // Labour Day
    '2026-05-25', // the day following the Birthday of the Buddha (24 May is a Sunday)
    '2026-06-19', // Tuen Ng Festival
    '2026-07-01', // HKSAR Establishment Day
    '2026-09-26', // the day following the Chinese Mid-Autumn Festival
    '2026-10-01', // National Day
    '2026-10-19', // the day following Chung Yeung Festival (18 October is a Sunday)
    '2026-12-25', // Christmas Day
    '2026-12-26', // the first weekday after Christmas Day
  ],
};

export const HK_GENERAL_HOLIDAYS: HolidayCalendar = {
  years: Object.keys(GAZETTED).map(Number),
  holidays: new Set(Object.values(GAZETTED).flat()),
  source: 'Hong Kong general holidays as gazetted for 2025 and 2026 (General Holidays Ordinance, Cap. 149)',
};

/** Why a business-day count may be wrong even with the calendar complete, in both languages. */
export const CLOSURES_NOTE = {
  en: 'Trading cancelled for typhoon signal No. 8, a black rainstorm or "extreme conditions" cannot be known in advance and is not counted: a closure between the deadline and the bulk-printing date moves the deadline one business day earlier.',
  'zh-Hant':
    '因八號或以上颱風信號、黑色暴雨警告或「極端情況」而取消的交易日無法預知，並未計算在內：截止日期與大量印刷日期之間如有休市，截止日期須提前一個營業日。',
} as const;

/** Integer division of non-negative numbers (the domain does without Math). */
const idiv = (a: number, b: number): number => (a - (a % b)) / b;

const OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4] as const;

/** 0 = Sunday … 6 = Saturday (Sakamoto's method, Gregorian calendar). */
export function dayOfWeek(date: CalendarDate): number {
  const [y0 = 0, m = 1, d = 1] = date.split('-').map(Number);
  const y = m < 3 ? y0 - 1 : y0;
  return (y + idiv(y, 4) - idiv(y, 100) + idiv(y, 400) + (OFFSETS[m - 1] ?? 0) + d) % 7;
}

export const isWeekend = (date: CalendarDate): boolean => {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
};

/** Whether the Exchange is open on `date` by the calendar (typhoon and rainstorm closures unknown). */
export const isBusinessDay = (date: CalendarDate, calendar: HolidayCalendar): boolean =>
  !isWeekend(date) && !calendar.holidays.has(date);

export interface BusinessDayCount {
  readonly date: CalendarDate;
  /** True when a day examined lies in a year whose holidays the calendar does not have. */
  readonly calendarIncomplete: boolean;
  /** Those years, ascending. */
  readonly yearsNotCovered: readonly number[];
}

/**
 * The day `n` business days before `date` (n ≥ 0; `date` itself is not counted): for a bulk print on
 * Wednesday 2 April 2025, 10 business days before is Wednesday 19 March 2025. In a year the calendar
 * does not cover, only weekends are skipped, and the answer says so.
 */
export function subtractBusinessDays(
  date: CalendarDate,
  n: number,
  calendar: HolidayCalendar,
): BusinessDayCount {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0 (got ${n})`);
  const missing = new Set<number>();
  const note = (d: CalendarDate) => {
    const y = yearOf(d);
    if (!calendar.years.includes(y)) missing.add(y);
  };
  let day = date;
  let left = n;
  while (left > 0) {
    day = addDays(day, -1);
    note(day);
    if (isBusinessDay(day, calendar)) left -= 1;
  }
  const yearsNotCovered = [...missing].sort((a, b) => a - b);
  return { date: day, calendarIncomplete: yearsNotCovered.length > 0, yearsNotCovered };
}
