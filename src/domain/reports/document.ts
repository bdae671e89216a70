/**
 * Issue 7: a report as a format-neutral document. The app layer builds one from the records; the
 * renderers in src/reports turn the same document into HTML, CSV, XLSX (and PDF), so every format
 * carries the same content ("golden files": the same data gives the same report in every format).
 *
 * Every text a reader sees is given in both languages (`Bilingual`); a document is rendered in one
 * language at a time. Figures stay exact to the end: money as bigint minor units with its currency,
 * percentages as exact fractions, dates as calendar dates. How they are written (presentation.md:
 * "RMB82.0 million", negatives in parentheses, "29 July 2025" / "2025年7月29日") is the renderer's
 * business, through `formatCell`.
 */
import type { CalendarDate } from '../dates.js';
import type { CurrencyCode } from '../money.js';

export type ReportLanguage = 'en' | 'zh-Hant';
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['en', 'zh-Hant'];

/** A text in English and Traditional Chinese. */
export interface Bilingual {
  readonly en: string;
  readonly 'zh-Hant': string;
}

/** One cell of a table. `null` is an empty cell ("—" in print, blank in CSV and XLSX). */
export type Cell =
  | { readonly kind: 'text'; readonly text: Bilingual | string }
  | { readonly kind: 'money'; readonly minor: bigint; readonly currency: CurrencyCode }
  /** An exact fraction shown as a percentage with `decimals` places (utilisation: 1). */
  | {
      readonly kind: 'percent';
      readonly numerator: bigint;
      readonly denominator: bigint;
      readonly decimals: number;
    }
  | { readonly kind: 'date'; readonly date: CalendarDate }
  | { readonly kind: 'count'; readonly value: number }
  | null;

export interface Column {
  /** Stable key: the CSV header and the XLSX column key. */
  readonly key: string;
  readonly header: Bilingual;
  /** What the column holds, so that a renderer aligns and formats it (XLSX: number formats). */
  readonly type: 'text' | 'money' | 'percent' | 'date' | 'count';
}

export interface Table {
  /** Stable key: the CSV file name and the XLSX sheet name. */
  readonly key: string;
  readonly title: Bilingual;
  readonly columns: readonly Column[];
  /** Each row has one cell per column, in column order. */
  readonly rows: readonly (readonly Cell[])[];
  /** Rows that total the table (shown apart, and reconciled to the ledger by the tests). */
  readonly totals?: readonly (readonly Cell[])[];
  /** Notes printed under the table (sources, assumptions). */
  readonly notes?: readonly Bilingual[];
}

/** A utilisation bar per cap period (the management and directors' reports draw them). */
export interface UtilisationBar {
  readonly label: Bilingual;
  readonly currency: CurrencyCode;
  readonly capMinor: bigint;
  readonly actualMinor: bigint;
  readonly committedMinor: bigint;
  /** The alert threshold as a percentage of the cap (80). */
  readonly thresholdPercent: number;
}

export interface Section {
  readonly key: string;
  readonly heading: Bilingual;
  readonly paragraphs?: readonly Bilingual[];
  readonly tables?: readonly Table[];
  readonly bars?: readonly UtilisationBar[];
}

export type ReportKind =
  | 'monthly-monitoring'
  | 'monthly-management'
  | 'semi-annual-directors'
  | 'ined-review'
  | 'auditor-schedule'
  | 'annual-report-disclosure'
  | 'announcement-draft';

export interface ReportDocument {
  readonly kind: ReportKind;
  readonly title: Bilingual;
  readonly issuer: { readonly id: string; readonly name: Bilingual };
  /** The period reported on, inclusive, and how it is named ("November 2026", "2026年11月"). */
  readonly period: { readonly start: CalendarDate; readonly end: CalendarDate; readonly label: Bilingual };
  /** The state shown is as at the period end, counting only what was recorded by this instant. */
  readonly knowledgeAt: string;
  /** When the document was generated (left out of golden comparisons). */
  readonly generatedAt: string;
  /** True when the issuer is the demo: every format says "illustrative demo data". */
  readonly demo: boolean;
  readonly sections: readonly Section[];
}

export const bilingual = (en: string, zh: string): Bilingual => ({ en, 'zh-Hant': zh });
export const textCell = (text: Bilingual | string): Cell => ({ kind: 'text', text });
export const moneyCell = (minor: bigint, currency: CurrencyCode): Cell => ({
  kind: 'money',
  minor,
  currency,
});
export const dateCell = (date: CalendarDate): Cell => ({ kind: 'date', date });
export const countCell = (value: number): Cell => ({ kind: 'count', value });
export const percentCell = (numerator: bigint, denominator: bigint, decimals = 1): Cell => ({
  kind: 'percent',
  numerator,
  denominator,
  decimals,
});

/** A text in the report's language. */
export const inLanguage = (text: Bilingual | string, lang: ReportLanguage): string =>
  typeof text === 'string' ? text : text[lang];
