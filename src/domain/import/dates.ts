/**
 * Issue 9 (imports): dates as an import preset declares them, and XLSX date serials, converted by
 * arithmetic on the calendar — never through a Date object or a time zone, so a file read in Hong
 * Kong and one read on a UTC server give the same days.
 */
import { daysInMonth, isCalendarDate, type CalendarDate } from '../dates.js';

export type ImportDateFormat = 'iso' | 'dmy' | 'mdy';
export const IMPORT_DATE_FORMATS: readonly ImportDateFormat[] = ['iso', 'dmy', 'mdy'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoOf = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

const EXAMPLES: Readonly<Record<ImportDateFormat, string>> = {
  iso: 'YYYY-MM-DD, such as 2026-03-31',
  dmy: 'DD/MM/YYYY, such as 31/03/2026',
  mdy: 'MM/DD/YYYY, such as 03/31/2026',
};

/** A date cell as text in the preset's format: the calendar date, or why it is not one. */
export function readImportDate(
  text: string,
  format: ImportDateFormat,
): { ok: true; date: CalendarDate } | { ok: false; reason: string } {
  const t = text.trim();
  const fail = {
    ok: false as const,
    reason: `${JSON.stringify(text)} is not a date in the form ${EXAMPLES[format]}`,
  };
  let y: number;
  let m: number;
  let d: number;
  if (format === 'iso') {
    const r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    if (!r) return fail;
    [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  } else {
    const r = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
    if (!r) return fail;
    const [a, b] = [Number(r[1]), Number(r[2])];
    [d, m] = format === 'dmy' ? [a, b] : [b, a];
    y = Number(r[3]);
  }
  const iso = isoOf(y, m, d);
  return isCalendarDate(iso) ? { ok: true, date: iso } : fail;
}

/** a ÷ b rounded down, for a ≥ 0 and b > 0: integer arithmetic only. */
const div = (a: number, b: number): number => (a - (a % b)) / b;

/** Days from 0001-01-01 (day 0) to y-m-d, proleptic Gregorian: plain integer arithmetic. */
function dayNumber(y: number, m: number, d: number): number {
  const yy = y - 1;
  let n = yy * 365 + div(yy, 4) - div(yy, 100) + div(yy, 400);
  for (let i = 1; i < m; i++) n += daysInMonth(y, i);
  return n + d - 1;
}

const EXCEL_EPOCH = dayNumber(1899, 12, 30);

/**
 * An XLSX date serial (the 1900 date system) as a calendar date. Serial 1 is 1900-01-01; Excel
 * counts a 29 February 1900 that never was (serial 60), so serials from 61 are one day behind and
 * 60 itself is refused. A fraction (a time of day) is refused: an import date is a day.
 */
export function xlsxSerialToDate(
  serial: number,
): { ok: true; date: CalendarDate } | { ok: false; reason: string } {
  if (!Number.isInteger(serial))
    return { ok: false, reason: `${serial} is a date serial with a time of day` };
  if (serial === 60) return { ok: false, reason: 'serial 60 is 29 February 1900, a day that did not exist' };
  if (serial < 1 || serial > 2958465)
    return { ok: false, reason: `${serial} is not a date serial (1 to 2958465)` };
  const day = EXCEL_EPOCH + (serial < 60 ? serial + 1 : serial);
  // From the day number back to y-m-d.
  // 146,097 days in 400 Gregorian years: a first guess, then corrected.
  let y = div(day * 400, 146097) + 1;
  while (dayNumber(y, 1, 1) > day) y -= 1;
  while (dayNumber(y + 1, 1, 1) <= day) y += 1;
  let rest = day - dayNumber(y, 1, 1);
  let m = 1;
  while (rest >= daysInMonth(y, m)) {
    rest -= daysInMonth(y, m);
    m += 1;
  }
  const iso = isoOf(y, m, rest + 1);
  return isCalendarDate(iso)
    ? { ok: true, date: iso }
    : { ok: false, reason: `${serial} is outside 1900–2999` };
}
