/**
 * Issue 7: a report document in the format asked for. One entry point for the CLI and the HTTP API.
 * CSV is one table per file: with several tables, `table` picks one, or `renderReportFiles` gives all.
 */
import { AppError } from '../app/errors.js';
import type { ReportDocument, ReportLanguage } from '../domain/reports/document.js';
import { REPORT_LANGUAGES } from '../domain/reports/document.js';
import { renderCsvBundle } from './csv.js';
import { renderHtml } from './html.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

export const REPORT_FORMATS = ['html', 'xlsx', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderedFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** CSV: the table the file holds. */
  readonly table?: string;
}

export function parseFormat(value: string | undefined): ReportFormat {
  const format = value ?? 'html';
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw AppError.invalid([{ path: 'format', message: `must be one of ${REPORT_FORMATS.join(', ')}` }]);
  return format as ReportFormat;
}

export function parseLanguage(value: string | undefined): ReportLanguage {
  const lang = value ?? 'en';
  if (!(REPORT_LANGUAGES as readonly string[]).includes(lang))
    throw AppError.invalid([{ path: 'lang', message: `must be one of ${REPORT_LANGUAGES.join(', ')}` }]);
  return lang as ReportLanguage;
}

const baseName = (doc: ReportDocument, lang: ReportLanguage): string =>
  `${doc.kind}-${doc.issuer.id}-${doc.period.start.slice(0, 7)}.${lang}`;

/** Every file of the report in the format: one for HTML, XLSX and PDF, one per table for CSV. */
export async function renderReportFiles(
  doc: ReportDocument,
  format: ReportFormat,
  lang: ReportLanguage,
): Promise<RenderedFile[]> {
  switch (format) {
    case 'html':
      return [
        {
          filename: `${baseName(doc, lang)}.html`,
          contentType: 'text/html; charset=utf-8',
          body: Buffer.from(renderHtml(doc, lang), 'utf8'),
        },
      ];
    case 'xlsx':
      return [
        {
          filename: `${baseName(doc, lang)}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await renderXlsx(doc, lang),
        },
      ];
    case 'csv':
      return renderCsvBundle(doc, lang).map((f) => ({
        filename: `${doc.kind}-${doc.issuer.id}-${doc.period.start.slice(0, 7)}-${f.filename}`,
        contentType: 'text/csv; charset=utf-8',
        body: Buffer.from(f.content, 'utf8'),
        table: f.filename.slice(0, -`.${lang}.csv`.length),
      }));
    case 'pdf':
      return [
        {
          filename: `${baseName(doc, lang)}.pdf`,
          contentType: 'application/pdf',
          body: await renderPdf(doc, lang),
        },
      ];
  }
}

/** One file: for CSV the table named `table` (required when the report has several). */
export async function renderReportFile(
  doc: ReportDocument,
  format: ReportFormat,
  lang: ReportLanguage,
  table: string | undefined,
): Promise<RenderedFile> {
  const files = await renderReportFiles(doc, format, lang);
  if (format !== 'csv') return files[0] as RenderedFile;
  const keys = files.map((f) => f.table ?? f.filename);
  if (table === undefined) {
    if (files.length === 1) return files[0] as RenderedFile;
    throw AppError.invalid([
      { path: 'table', message: `name one of the report's tables: ${keys.join(', ')}` },
    ]);
  }
  const i = keys.indexOf(table);
  if (i < 0) throw AppError.invalid([{ path: 'table', message: `must be one of ${keys.join(', ')}` }]);
  return files[i] as RenderedFile;
}
