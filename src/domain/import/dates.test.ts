import { describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../dates.js';
import { readImportDate, xlsxSerialToDate } from './dates.js';

const date = (r: ReturnType<typeof readImportDate>) => (r.ok ? r.date : r.reason);

describe('import dates as the preset declares them', () => {
  it('reads ISO, day-first and month-first dates', () => {
    expect(date(readImportDate('2026-03-31', 'iso'))).toBe('2026-03-31');
    expect(date(readImportDate('31/03/2026', 'dmy'))).toBe('2026-03-31');
    expect(date(readImportDate('03/31/2026', 'mdy'))).toBe('2026-03-31');
    expect(date(readImportDate(' 1/2/2026 ', 'dmy'))).toBe('2026-02-01');
    expect(date(readImportDate('1/2/2026', 'mdy'))).toBe('2026-01-02');
  });

  it('refuses a day that does not exist, or another format, saying which format is expected', () => {
    expect(readImportDate('31/02/2026', 'dmy')).toEqual({
      ok: false,
      reason: '"31/02/2026" is not a date in the form DD/MM/YYYY, such as 31/03/2026',
    });
    expect(readImportDate('03/31/2026', 'dmy').ok).toBe(false);
    expect(readImportDate('2026-03-31', 'dmy').ok).toBe(false);
    expect(readImportDate('29/02/2025', 'dmy').ok).toBe(false);
    expect(date(readImportDate('29/02/2028', 'dmy'))).toBe('2028-02-29');
  });
});

describe('XLSX date serials, by arithmetic', () => {
  it('converts known serials, around Excel’s phantom 29 February 1900', () => {
    expect(date(xlsxSerialToDate(1))).toBe('1900-01-01');
    expect(date(xlsxSerialToDate(59))).toBe('1900-02-28');
    expect(xlsxSerialToDate(60).ok).toBe(false);
    expect(date(xlsxSerialToDate(61))).toBe('1900-03-01');
    expect(date(xlsxSerialToDate(45658))).toBe('2025-01-01');
    expect(date(xlsxSerialToDate(45867))).toBe('2025-07-29');
    expect(date(xlsxSerialToDate(46022))).toBe('2025-12-31');
  });

  it('moves one day per serial for every day from 1 March 1900 to the end of 2099', () => {
    let expected = calendarDate('1900-03-01');
    for (let serial = 61; serial <= 73050; serial++) {
      const r = xlsxSerialToDate(serial);
      if (!r.ok || r.date !== expected) throw new Error(`serial ${serial}: ${date(r)}, expected ${expected}`);
      expected = addDays(expected, 1);
    }
    expect(expected).toBe('2100-01-01');
  });

  it('refuses a time of day and serials out of range', () => {
    expect(xlsxSerialToDate(45658.5).ok).toBe(false);
    expect(xlsxSerialToDate(0).ok).toBe(false);
    expect(xlsxSerialToDate(-3).ok).toBe(false);
  });
});
