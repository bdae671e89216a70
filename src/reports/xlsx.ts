/**
 * The report as an Excel workbook: a cover sheet (title, issuer, period, the demo banner, when it was
 * generated and what it counts, the contents and the sections' text), then one worksheet per table.
 *
 * Figures are cells a finance team can add up (presentation.md: "numbers as numbers, not text"):
 * - money as a number in major units with a "#,##0.00;(#,##0.00)" format (negatives in parentheses)
 *   and the currency in the header. An amount becomes a number only when the number is exactly the
 *   amount: at most 15 significant digits (|minor| < 10^15, RMB 10 trillion), which a double carries
 *   exactly and Excel keeps. (2^53 minor units is not enough: 90,071,992,547,409.93 and .94 are the
 *   same double.) A larger amount is written as its exact decimal text, right-aligned, with a note
 *   saying why — never silently rounded;
 * - percentages as the exact fraction (0.7963…) with a percent format to the cell's decimals;
 * - dates as Excel dates (midnight UTC of the calendar date, so no time zone shifts them);
 * - counts as integers with thousands separators; empty cells left empty.
 * Header rows are bold and frozen; totals rows bold. Sheet names come from the table keys (Excel's
 * rules: at most 31 characters, none of []:*?/\, unique ignoring case).
 */
import ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { formatDateEn, formatDateZh, type CalendarDate } from '../domain/dates.js';
import { divRoundHalfUp, formatMinor, minorUnits, type CurrencyCode } from '../domain/money.js';
import {
  inLanguage,
  type Cell,
  type ReportDocument,
  type ReportLanguage,
  type Table,
} from '../domain/reports/document.js';
import { currencyName, formatCell } from '../domain/reports/format.js';
import { LABELS, exportColumns, exportTables, periodText, say, uniqueNames } from './tables.js';

/** Below this many minor units an amount has at most 15 significant digits: exact as a number. */
export const EXACT_NUMBER_LIMIT = 10n ** 15n;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An amount as an Excel value: a number when that is exact, else its exact decimal text. */
export function moneyValue(minor: bigint, currency: CurrencyCode): number | string {
  const decimal = formatMinor(minor, currency);
  const abs = minor < 0n ? -minor : minor;
  return abs < EXACT_NUMBER_LIMIT ? Number(decimal) : decimal;
}

/** The fraction as the nearest double (one rounding when both parts are exact integers). */
export function fractionValue(numerator: bigint, denominator: bigint): number {
  const inRange = (x: bigint) => x <= SAFE && x >= -SAFE;
  if (inRange(numerator) && inRange(denominator)) return Number(numerator) / Number(denominator);
  return Number(`${divRoundHalfUp(numerator * 10n ** 17n, denominator)}e-17`);
}

export const excelDate = (date: CalendarDate): Date => {
  const [y = 1900, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

const moneyFormat = (currency: CurrencyCode): string => {
  const units = minorUnits(currency);
  const n = units === 0 ? '#,##0' : `#,##0.${'0'.repeat(units)}`;
  return `${n};(${n})`;
};
const percentFormat = (decimals: number): string => (decimals > 0 ? `0.${'0'.repeat(decimals)}%` : '0%');
const dateFormat = (lang: ReportLanguage): string =>
  lang === 'zh-Hant' ? 'yyyy"年"m"月"d"日"' : 'd mmmm yyyy';

/** A sheet name Excel accepts. */
const cleanSheetName = (key: string, max: number): string =>
  key
    .replace(/[[\]:*?/\\]+/g, '-')
    .replace(/^'+|'+$/g, '')
    .slice(0, max);

/** Display width: a CJK character takes about two columns. */
const textWidth = (text: string): number => {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
};

const BANNER_FILL = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFF4CE' },
} as const satisfies ExcelJS.Fill;

function writeCell(target: ExcelJS.Cell, cell: Cell, lang: ReportLanguage): void {
  if (cell === null) return;
  switch (cell.kind) {
    case 'text':
      target.value = inLanguage(cell.text, lang);
      return;
    case 'money': {
      const value = moneyValue(cell.minor, cell.currency);
      target.value = value;
      if (typeof value === 'number') {
        target.numFmt = moneyFormat(cell.currency);
      } else {
        target.alignment = { horizontal: 'right' };
        target.note = say(LABELS.exactAsText, lang);
      }
      return;
    }
    case 'percent':
      if (cell.denominator === 0n) return;
      target.value = fractionValue(cell.numerator, cell.denominator);
      target.numFmt = percentFormat(cell.decimals);
      return;
    case 'date':
      target.value = excelDate(cell.date);
      target.numFmt = dateFormat(lang);
      return;
    case 'count':
      target.value = cell.value;
      target.numFmt = '#,##0';
      return;
  }
}

/** The rows where a table's header sits (1: the title). */
export const HEADER_ROW = 2;

function writeTable(ws: Worksheet, table: Table, doc: ReportDocument, lang: ReportLanguage): void {
  const title = inLanguage(table.title, lang) + (doc.demo ? ` — ${say(LABELS.demo, lang)}` : '');
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 13 };
  if (doc.demo) titleCell.fill = BANNER_FILL;

  const columns = exportColumns(table, lang);
  // Where each document column lands, and its currency column if it has one.
  const layout: { at: number; currencyAt: number | null }[] = [];
  let next = 1;
  for (const c of columns) {
    const at = next++;
    const currencyAt = c.currencyHeader === null ? null : next++;
    layout.push({ at, currencyAt });
  }
  const widths = new Array<number>(next).fill(0);
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const place = layout[i];
    if (!place) return;
    header.getCell(place.at).value = c.header;
    widths[place.at] = textWidth(c.header);
    if (place.currencyAt !== null && c.currencyHeader !== null) {
      header.getCell(place.currencyAt).value = c.currencyHeader;
      widths[place.currencyAt] = textWidth(c.currencyHeader);
    }
  });
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { vertical: 'bottom', wrapText: true };
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }];

  let r = HEADER_ROW + 1;
  const writeRows = (rows: readonly (readonly Cell[])[], totals: boolean) => {
    for (const row of rows) {
      const line = ws.getRow(r++);
      columns.forEach((c, i) => {
        const place = layout[i];
        if (!place) return;
        const cell = row[c.index] ?? null;
        writeCell(line.getCell(place.at), cell, lang);
        widths[place.at] = Math.max(widths[place.at] ?? 0, textWidth(formatCell(cell, lang)));
        if (place.currencyAt !== null && cell?.kind === 'money') {
          line.getCell(place.currencyAt).value = currencyName(cell.currency, lang);
        }
      });
      if (totals) {
        line.font = { bold: true };
        line.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
      }
    }
  };
  writeRows(table.rows, false);
  writeRows(table.totals ?? [], true);

  const notes = table.notes ?? [];
  if (notes.length > 0) {
    r++;
    ws.getCell(r++, 1).value = say(LABELS.notes, lang);
    for (const note of notes) ws.getCell(r++, 1).value = inLanguage(note, lang);
  }
  for (let i = 1; i < next; i++) {
    ws.getColumn(i).width = Math.min(60, Math.max(10, (widths[i] ?? 0) + 2));
  }
}

function writeCover(
  ws: Worksheet,
  doc: ReportDocument,
  lang: ReportLanguage,
  contents: readonly { sheet: string; title: string }[],
): void {
  const fmtDate = lang === 'zh-Hant' ? formatDateZh : formatDateEn;
  ws.getColumn(1).width = 28;
  ws.getColumn(2).width = 90;
  let r = 1;
  const title = ws.getCell(r++, 1);
  title.value = inLanguage(doc.title, lang);
  title.font = { bold: true, size: 16 };
  if (doc.demo) {
    const banner = ws.getCell(r, 1);
    banner.value = say(LABELS.demo, lang);
    banner.font = { bold: true };
    banner.fill = BANNER_FILL;
    ws.getCell(r++, 2).value = say(LABELS.demoDetail, lang);
  }
  r++;
  const pair = (label: string, value: string) => {
    const l = ws.getCell(r, 1);
    l.value = label;
    l.font = { bold: true };
    ws.getCell(r++, 2).value = value;
  };
  pair(say(LABELS.issuer, lang), inLanguage(doc.issuer.name, lang));
  pair(say(LABELS.period, lang), periodText(doc, lang, fmtDate));
  pair(say(LABELS.generatedAt, lang), doc.generatedAt);
  pair(say(LABELS.knowledgeAt, lang), doc.knowledgeAt);
  r++;
  ws.getCell(r++, 1).value = say(LABELS.contents, lang);
  ws.getCell(r - 1, 1).font = { bold: true };
  for (const c of contents) {
    ws.getCell(r, 1).value = c.sheet;
    ws.getCell(r++, 2).value = c.title;
  }
  for (const section of doc.sections) {
    if (!section.paragraphs || section.paragraphs.length === 0) continue;
    r++;
    const heading = ws.getCell(r++, 1);
    heading.value = inLanguage(section.heading, lang);
    heading.font = { bold: true };
    for (const p of section.paragraphs) {
      const cell = ws.getCell(r++, 2);
      cell.value = inLanguage(p, lang);
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
  }
}

export async function renderXlsx(doc: ReportDocument, lang: ReportLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Arm's Length";
  const generated = new Date(doc.generatedAt);
  if (!Number.isNaN(generated.getTime())) {
    workbook.created = generated;
    workbook.modified = generated;
  }
  const coverName = say(LABELS.cover, lang);
  const tables = exportTables(doc);
  const names = uniqueNames(
    tables.map((t) => t.key),
    cleanSheetName,
    31,
    [coverName],
  );
  const cover = workbook.addWorksheet(coverName);
  writeCover(
    cover,
    doc,
    lang,
    tables.map((t, i) => ({ sheet: names[i] ?? t.key, title: inLanguage(t.title, lang) })),
  );
  tables.forEach((table, i) => {
    writeTable(workbook.addWorksheet(names[i] ?? table.key), table, doc, lang);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
