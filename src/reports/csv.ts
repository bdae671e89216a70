/**
 * One table per CSV file (RFC 4180), for a reader who re-keys or reconciles figures in a spreadsheet
 * or a script, so values are plain and exact:
 * - money as a plain decimal to the minor unit, "82000000.00", "-1979000.00" (no symbol, no
 *   separators, a minus sign rather than parentheses); the currency is in the header or, when a
 *   column mixes currencies, in the currency column that follows it (see tables.ts);
 * - percentages as the number of percent rounded as the report shows them, "79.6", with "(%)" in the
 *   header; a percentage of a zero cap is empty;
 * - dates as ISO calendar dates, "2025-07-29" (unambiguous, and Excel reads them as dates);
 * - counts as plain integers; empty cells empty; totals rows after the rows; notes are left out (the
 *   file stays one rectangle).
 * The file starts with a UTF-8 byte order mark so that Excel opens Chinese text correctly, and lines
 * end in CRLF. Text that a spreadsheet would take for a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe (OWASP "CSV injection"); the figures written above are
 * numbers and are left as they are, so "-1979000.00" stays a negative number.
 */
import { neutraliseFormula, quoteField } from '../domain/csv.js';
import { formatMinor, formatPercent } from '../domain/money.js';
import {
  inLanguage,
  type Cell,
  type ReportDocument,
  type ReportLanguage,
  type Table,
} from '../domain/reports/document.js';
import { currencyName } from '../domain/reports/format.js';
import { exportColumns, exportTables, uniqueNames } from './tables.js';

export const BOM = '\uFEFF';
const EOL = '\r\n';

/** A cell's exact value as CSV text (before quoting). */
export function csvValue(cell: Cell, lang: ReportLanguage): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'text':
      return neutraliseFormula(inLanguage(cell.text, lang));
    case 'money':
      return formatMinor(cell.minor, cell.currency);
    case 'percent':
      return cell.denominator === 0n ? '' : formatPercent(cell.numerator, cell.denominator, cell.decimals);
    case 'date':
      return cell.date;
    case 'count':
      return String(cell.value);
  }
}

export function renderCsv(table: Table, lang: ReportLanguage): string {
  const columns = exportColumns(table, lang);
  const header: string[] = [];
  for (const c of columns) {
    header.push(c.header);
    if (c.currencyHeader !== null) header.push(c.currencyHeader);
  }
  const lines = [header.map((h) => quoteField(neutraliseFormula(h))).join(',')];
  for (const row of [...table.rows, ...(table.totals ?? [])]) {
    const fields: string[] = [];
    for (const c of columns) {
      const cell = row[c.index] ?? null;
      fields.push(csvValue(cell, lang));
      if (c.currencyHeader !== null) {
        fields.push(cell?.kind === 'money' ? currencyName(cell.currency, lang) : '');
      }
    }
    lines.push(fields.map(quoteField).join(','));
  }
  return BOM + lines.join(EOL) + EOL;
}

/** A file name from a key: letters, digits, dot, dash and underscore only. */
const cleanFileKey = (key: string, max: number): string =>
  key
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, max);

/** One CSV per table the document exports (its bars included), named "<table key>.<language>.csv". */
export function renderCsvBundle(
  doc: ReportDocument,
  lang: ReportLanguage,
): { filename: string; content: string }[] {
  const tables = exportTables(doc);
  const names = uniqueNames(
    tables.map((t) => t.key),
    cleanFileKey,
    100,
  );
  return tables.map((table, i) => ({
    filename: `${names[i] ?? table.key}.${lang}.csv`,
    content: renderCsv(table, lang),
  }));
}
