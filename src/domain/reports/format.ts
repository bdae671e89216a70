/**
 * How a report cell is written for a reader (HTML, and later PDF), per presentation.md. CSV and XLSX
 * carry the exact values instead (plain decimals, numbers with a number format): see src/reports.
 *
 * The one style for money in tables, in both languages:
 * - the exact figure to the currency's minor unit, thousands separators always;
 * - English: currency first, "RMB82,000,000.00", "HK$3,000,000.00", "US$0.01", other currencies by
 *   their ISO code, "EUR1,000.00";
 * - Traditional Chinese: as HK announcements write amounts, "人民幣82,000,000.00元",
 *   "3,000,000.00港元", "0.01美元"; a currency without a common Chinese name keeps its ISO code in
 *   front, "EUR1,000.00";
 * - a negative amount in parentheses around the whole amount, currency included:
 *   "(RMB1,979,000.00)", "(人民幣1,979,000.00元)".
 * Percentages are rounded half-up to the cell's decimals ("79.6%"); a fraction over zero (a zero
 * cap) has no percentage and is written "—", like an empty cell.
 */
import { formatDateEn, formatDateZh, type CalendarDate } from '../dates.js';
import {
  displayCurrency,
  formatDisplay,
  formatMinorDigits,
  formatPercent,
  groupThousands,
  minorUnits,
  type CurrencyCode,
} from '../money.js';
import { inLanguage, type Cell, type ReportLanguage } from './document.js';

/** What an empty cell (or a percentage of nothing) shows. */
export const EMPTY_CELL = '—';

/** The magnitude of an amount, grouped, to the currency's minor unit: 8200000000n CNY → "82,000,000.00". */
export function formatAmountDigits(minor: bigint, currency: CurrencyCode): string {
  return formatMinorDigits(minor < 0n ? -minor : minor, minorUnits(currency));
}

/** Chinese names written around the figure: [before, after]. */
const ZH_CURRENCY: Readonly<Partial<Record<CurrencyCode, readonly [string, string]>>> = {
  CNY: ['人民幣', '元'],
  HKD: ['', '港元'],
  USD: ['', '美元'],
  EUR: ['', '歐元'],
  GBP: ['', '英鎊'],
  JPY: ['', '日圓'],
  MOP: ['', '澳門元'],
  TWD: ['', '新台幣'],
};

/** The currency as a header or a currency column names it: "RMB" / "人民幣", "HK$" / "港元". */
export function currencyName(currency: CurrencyCode, lang: ReportLanguage): string {
  if (lang === 'zh-Hant') {
    const zh = ZH_CURRENCY[currency];
    if (zh) return zh[0] || zh[1];
  }
  return displayCurrency(currency);
}

/** An amount as a reader sees it in a table, in the report's language. */
export function formatMoneyCell(minor: bigint, currency: CurrencyCode, lang: ReportLanguage): string {
  const zh = lang === 'zh-Hant' ? ZH_CURRENCY[currency] : undefined;
  // English is the ledger's own display ("RMB82,000,000.00", negatives in parentheses).
  if (!zh) return formatDisplay({ currency, minor });
  const body = `${zh[0]}${formatAmountDigits(minor, currency)}${zh[1]}`;
  return minor < 0n ? `(${body})` : body;
}

export const formatDateCell = (date: CalendarDate, lang: ReportLanguage): string =>
  lang === 'zh-Hant' ? formatDateZh(date) : formatDateEn(date);

export function formatPercentCell(numerator: bigint, denominator: bigint, decimals: number): string {
  if (denominator === 0n) return EMPTY_CELL;
  return `${formatPercent(numerator, denominator, decimals)}%`;
}

export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return String(value);
  const negative = value < 0;
  const digits = String(negative ? -value : value);
  return (negative ? '-' : '') + groupThousands(digits);
}

/** A cell as text for a reader (HTML, PDF): pure, the same cell always gives the same text. */
export function formatCell(cell: Cell, lang: ReportLanguage): string {
  if (cell === null) return EMPTY_CELL;
  switch (cell.kind) {
    case 'text':
      return inLanguage(cell.text, lang);
    case 'money':
      return formatMoneyCell(cell.minor, cell.currency, lang);
    case 'percent':
      return formatPercentCell(cell.numerator, cell.denominator, cell.decimals);
    case 'date':
      return formatDateCell(cell.date, lang);
    case 'count':
      return formatCount(cell.value);
  }
}

/** True for a cell a reader sees as negative (tables print it in parentheses and may colour it). */
export const isNegativeCell = (cell: Cell): boolean =>
  cell !== null &&
  ((cell.kind === 'money' && cell.minor < 0n) ||
    (cell.kind === 'count' && cell.value < 0) ||
    (cell.kind === 'percent' &&
      cell.denominator !== 0n &&
      cell.numerator !== 0n &&
      cell.numerator < 0n !== cell.denominator < 0n));
