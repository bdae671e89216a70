/**
 * Issue 9 (imports): one data row of an import file, read field by field as its preset declares.
 * Every bad cell of the row is reported (its file line, column, value and why), never only the
 * first. What needs the database (which agreement, which order, already imported?) is the app's.
 */
import { type CalendarDate } from '../dates.js';
import { parseRate, type Rate } from '../fx.js';
import { parseAmount, parseCurrency, type CurrencyCode } from '../money.js';
import { readImportDate, xlsxSerialToDate } from './dates.js';
import type { HeaderMap, ImportField, ImportKind, ImportPreset } from './preset.js';

/** A cell as the file gives it: text (CSV, XLSX text), a number (an XLSX number or date serial), or empty. */
export type ImportCell = string | number | null;

export type ImportRowCode =
  | 'INVALID_VALUE'
  | 'MISSING_VALUE'
  | 'UNKNOWN_AGREEMENT'
  | 'AMBIGUOUS_AGREEMENT'
  | 'UNKNOWN_CATEGORY'
  | 'UNKNOWN_ORDER'
  | 'NEGATIVE_AMOUNT'
  | 'DUPLICATE_REFERENCE'
  | 'REFERENCE_CONFLICT'
  | 'REFERENCE_IN_PROGRESS'
  | 'REFUSED'
  | 'MISSING_COLUMN'
  | 'UNREADABLE_FILE';

/** A bad row's finding: the file line (the header is line 1), the column as the file names it, the value, why. */
export interface ImportRowError {
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly code: ImportRowCode;
  readonly reason: string;
}

/** A row whose cells all read: text still to be resolved against the issuer's records. */
export interface ImportRow {
  readonly line: number;
  /** An agreement id or its English name. */
  readonly agreement: string;
  readonly category: string;
  readonly date: CalendarDate;
  readonly currency: CurrencyCode;
  readonly amountMinor: bigint;
  readonly reference: string;
  /** An order id or reference (actuals only). */
  readonly order: string | null;
  readonly fxRate: { readonly text: string; readonly rate: Rate } | null;
}

const MAX_TEXT = 500;
/** No continuing connected transaction here is older: an earlier "date serial" is something else. */
const EARLIEST_SERIAL_DATE = '1990-01-01';
/** Thousands separators as accountants write them: 1,234,567.89. */
const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** The cell as the text a user would see in the file. */
export function cellText(cell: ImportCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? numberText(cell) : cell;
}

/**
 * An XLSX number as decimal text: the shortest text that reads back as the same number, which is the
 * text the file stores for any amount typed with up to 15 significant digits. Exponent forms are
 * returned as they are and then refused by the amount parser.
 */
const numberText = (n: number): string => (Number.isFinite(n) ? String(n) : 'NaN');

export function readImportRow(
  cells: readonly ImportCell[],
  line: number,
  map: HeaderMap,
  preset: ImportPreset,
  kind: ImportKind,
): { ok: true; row: ImportRow } | { ok: false; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const column = (field: ImportField): string => preset.columns[field] ?? field;
  const raw = (field: ImportField): ImportCell => {
    const i = map.index[field];
    return i === undefined ? null : (cells[i] ?? null);
  };
  const fail = (field: ImportField, code: ImportRowCode, reason: string, value = cellText(raw(field))) =>
    errors.push({ line, column: column(field), value, code, reason });
  const text = (field: ImportField, required: boolean): string | null => {
    const t = cellText(raw(field)).trim();
    if (t === '') {
      if (required) fail(field, 'MISSING_VALUE', `the ${field} is required`, '');
      return null;
    }
    if (t.length > MAX_TEXT) {
      fail(field, 'INVALID_VALUE', `longer than ${MAX_TEXT} characters`);
      return null;
    }
    return t;
  };

  const agreement = text('agreement', true);
  const category = text('category', true);
  const reference = text('reference', true);

  let date: CalendarDate | null = null;
  const dateCell = raw('date');
  if (typeof dateCell === 'number') {
    const d = xlsxSerialToDate(dateCell);
    if (!d.ok) fail('date', 'INVALID_VALUE', `an XLSX date serial that is not a day: ${d.reason}`);
    else if (d.date < EARLIEST_SERIAL_DATE)
      // A workbook's ISO date cell (t="d") reaches us as its year (2026 → 1905-07-18): refused, not guessed.
      fail(
        'date',
        'INVALID_VALUE',
        `the number ${dateCell} would be the date ${d.date}, before 1990: if the cell holds a date written as text, format the column as text`,
      );
    else date = d.date;
  } else if (cellText(dateCell).trim() === '') {
    fail('date', 'MISSING_VALUE', 'the date is required', '');
  } else {
    const d = readImportDate(cellText(dateCell), preset.dateFormat);
    if (d.ok) date = d.date;
    else fail('date', 'INVALID_VALUE', d.reason);
  }

  let currency: CurrencyCode | null = null;
  const currencyText = cellText(raw('currency')).trim();
  if (currencyText === '') fail('currency', 'MISSING_VALUE', 'the currency is required', '');
  else {
    const c = parseCurrency(currencyText, 'currency');
    if (c.ok) currency = c.value;
    else fail('currency', 'INVALID_VALUE', c.errors[0]?.message ?? 'not a currency');
  }

  let amountMinor: bigint | null = null;
  const amountText = cellText(raw('amount')).trim();
  if (amountText === '') fail('amount', 'MISSING_VALUE', 'the amount is required', '');
  else if (currency !== null) {
    const plain = GROUPED.test(amountText) ? amountText.replace(/,/g, '') : amountText;
    const a = parseAmount(plain, currency, 'amount');
    if (!a.ok) fail('amount', 'INVALID_VALUE', a.errors[0]?.message ?? 'not an amount');
    else if (a.value === 0n) fail('amount', 'INVALID_VALUE', 'an amount of zero records nothing');
    else if (a.value < 0n && kind === 'orders')
      fail(
        'amount',
        'NEGATIVE_AMOUNT',
        'an order cannot be negative (a credit note is an actual amount: import it with the actuals)',
      );
    else amountMinor = a.value;
  }

  const order = text('order', false);
  if (order !== null && kind === 'orders')
    fail('order', 'INVALID_VALUE', 'an order row cannot name another order: leave the column empty');
  else if (order !== null && amountMinor !== null && amountMinor < 0n)
    fail(
      'order',
      'INVALID_VALUE',
      "a credit note cannot name an order: what it gives back of the order's reservation is not known; import it without the order",
    );

  let fxRate: ImportRow['fxRate'] = null;
  const rateText = cellText(raw('fx_rate')).trim();
  if (rateText !== '') {
    const r = parseRate(rateText, 'fx_rate');
    if (r.ok) fxRate = { text: rateText, rate: r.value };
    else fail('fx_rate', 'INVALID_VALUE', r.errors[0]?.message ?? 'not a rate');
  }

  if (
    errors.length > 0 ||
    agreement === null ||
    category === null ||
    reference === null ||
    date === null ||
    currency === null ||
    amountMinor === null
  )
    return { ok: false, errors };
  return {
    ok: true,
    row: { line, agreement, category, date, currency, amountMinor, reference, order, fxRate },
  };
}
