/**
 * What the renderers share: the words every format prints around the content, how a table's columns
 * become headers with their unit, and the tables a document exports (its own, plus one per set of
 * utilisation bars, so that CSV and XLSX carry the bars' figures too).
 *
 * Units go in the header, never in the cell (presentation.md: "the unit in the header"):
 * - a money column whose amounts share one currency: "Cap (RMB)" / "年度上限（人民幣）";
 * - a money column that mixes currencies: the header stays bare and a currency column follows it,
 *   "Cap currency" / "年度上限貨幣", holding "RMB" / "人民幣" on each row;
 * - a percentage column: "% used (%)" style, "Utilisation (%)" / "使用率（%）".
 */
import {
  bilingual,
  inLanguage,
  moneyCell,
  percentCell,
  textCell,
  type Bilingual,
  type Cell,
  type Column,
  type ReportDocument,
  type ReportLanguage,
  type Table,
  type UtilisationBar,
} from '../domain/reports/document.js';
import { currencyName } from '../domain/reports/format.js';
import type { CurrencyCode } from '../domain/money.js';
import type { CalendarDate } from '../domain/dates.js';

export const LABELS = {
  demo: bilingual('Illustrative demo data', '示範數據（僅供說明）'),
  demoDetail: bilingual(
    'The issuer is the demo: the figures are invented to show the system at work and are not a filing.',
    '此發行人為示範用途：所載數字純屬虛構，僅用以展示系統運作，並非任何披露文件。',
  ),
  issuer: bilingual('Issuer', '發行人'),
  period: bilingual('Period', '期間'),
  generatedAt: bilingual('Generated at', '編製時間'),
  knowledgeAt: bilingual('Figures as recorded by', '數據截至記錄時間'),
  contents: bilingual('Contents', '目錄'),
  cover: bilingual('Cover', '封面'),
  sheet: bilingual('Sheet', '工作表'),
  notes: bilingual('Notes', '附註'),
  currency: bilingual(' currency', '貨幣'),
  exactAsText: bilingual(
    'Exact amount kept as text: it has more significant digits than an Excel number holds (15).',
    '此金額以文字保存其準確數值：其有效位數超出Excel數字可保存的上限（15位）。',
  ),
  barLabel: bilingual('Cap period', '上限期間'),
  barCap: bilingual('Annual cap', '年度上限'),
  barActual: bilingual('Actual', '實際金額'),
  barCommitted: bilingual('Committed', '已承諾金額'),
  barHeadroom: bilingual('Headroom', '剩餘額度'),
  barUsed: bilingual('Utilisation', '使用率'),
  barThreshold: bilingual('Alert threshold', '預警水平'),
  barOf: bilingual('of', '，上限'),
  utilisation: bilingual('Cap utilisation', '上限使用情況'),
  legend: bilingual(
    'Solid: actual; hatched: committed (open orders); the line marks the alert threshold. Green below the threshold, amber from it, red over the cap.',
    '實色：實際金額；斜線：已承諾金額（未完成訂單）；直線標示預警水平。低於預警水平為綠色，達到預警水平為琥珀色，超出上限為紅色。',
  ),
} as const satisfies Record<string, Bilingual>;

export const say = (label: Bilingual, lang: ReportLanguage): string => inLanguage(label, lang);

/** "from 1 November 2026 to 30 November 2026" is the builder's label; renderers add the dates. */
export function periodText(
  doc: ReportDocument,
  lang: ReportLanguage,
  fmt: (d: CalendarDate) => string,
): string {
  const { start, end, label } = doc.period;
  return lang === 'zh-Hant'
    ? `${label['zh-Hant']}（${fmt(start)}至${fmt(end)}）`
    : `${label.en} (${fmt(start)} to ${fmt(end)})`;
}

/** How one document column is exported: its header with the unit, and whether a currency column follows. */
export interface ExportColumn {
  readonly column: Column;
  readonly index: number;
  readonly header: string;
  /** The one currency of a money column, or null when it mixes currencies or holds none. */
  readonly currency: CurrencyCode | null;
  /** A money column mixing currencies is followed by a currency column with this header. */
  readonly currencyHeader: string | null;
}

const allRows = (table: Table): readonly (readonly Cell[])[] => [...table.rows, ...(table.totals ?? [])];

function currenciesOf(table: Table, index: number): Set<CurrencyCode> {
  const found = new Set<CurrencyCode>();
  for (const row of allRows(table)) {
    const cell = row[index];
    if (cell && cell.kind === 'money') found.add(cell.currency);
  }
  return found;
}

export function exportColumns(table: Table, lang: ReportLanguage): ExportColumn[] {
  const zh = lang === 'zh-Hant';
  const unit = (header: string, u: string): string => (zh ? `${header}（${u}）` : `${header} (${u})`);
  return table.columns.map((column, index) => {
    const header = inLanguage(column.header, lang);
    if (column.type === 'percent') {
      return { column, index, header: unit(header, '%'), currency: null, currencyHeader: null };
    }
    if (column.type !== 'money') return { column, index, header, currency: null, currencyHeader: null };
    const currencies = [...currenciesOf(table, index)];
    const [only] = currencies;
    if (currencies.length === 1 && only) {
      return {
        column,
        index,
        header: unit(header, currencyName(only, lang)),
        currency: only,
        currencyHeader: null,
      };
    }
    return {
      column,
      index,
      header,
      currency: null,
      currencyHeader: currencies.length > 1 ? `${header}${say(LABELS.currency, lang)}` : null,
    };
  });
}

/** The bars of a section as a table, so that CSV and XLSX carry the figures the HTML draws. */
export function barsTable(key: string, bars: readonly UtilisationBar[]): Table {
  const L = LABELS;
  return {
    key: `${key}-utilisation`,
    title: L.utilisation,
    columns: [
      { key: 'label', header: L.barLabel, type: 'text' },
      { key: 'cap', header: L.barCap, type: 'money' },
      { key: 'actual', header: L.barActual, type: 'money' },
      { key: 'committed', header: L.barCommitted, type: 'money' },
      { key: 'headroom', header: L.barHeadroom, type: 'money' },
      { key: 'utilisation', header: L.barUsed, type: 'percent' },
      { key: 'threshold', header: L.barThreshold, type: 'percent' },
    ],
    rows: bars.map((b) => [
      textCell(b.label),
      moneyCell(b.capMinor, b.currency),
      moneyCell(b.actualMinor, b.currency),
      moneyCell(b.committedMinor, b.currency),
      moneyCell(b.capMinor - b.actualMinor - b.committedMinor, b.currency),
      percentCell(b.actualMinor + b.committedMinor, b.capMinor, 1),
      thresholdCell(b.thresholdPercent),
    ]),
  };
}

/**
 * A threshold given as a number of percent as an exact fraction: 80 → 80/100, 87.5 → 875/1000 (the
 * document's 80 is a plain number; anything not written as a plain decimal falls back to 80%).
 */
export function thresholdFraction(percent: number): [numerator: bigint, denominator: bigint] {
  const text = String(percent);
  if (!/^\d+(\.\d+)?$/.test(text)) return [80n, 100n];
  const [whole = '0', frac = ''] = text.split('.');
  return [BigInt(whole + frac), 100n * 10n ** BigInt(frac.length)];
}

function thresholdCell(percent: number): Cell {
  const [numerator, denominator] = thresholdFraction(percent);
  return percentCell(numerator, denominator, String(percent).split('.')[1]?.length ?? 0);
}

/** Every table a document exports, in reading order: each section's tables, then its bars. */
export function exportTables(doc: ReportDocument): Table[] {
  const tables: Table[] = [];
  for (const section of doc.sections) {
    tables.push(...(section.tables ?? []));
    if (section.bars && section.bars.length > 0) tables.push(barsTable(section.key, section.bars));
  }
  return tables;
}

/**
 * Names made unique and safe: `clean` maps a key to the allowed alphabet and length; a clash gets
 * "-2", "-3", … (compared case-insensitively, as Excel compares sheet names).
 */
export function uniqueNames(
  keys: readonly string[],
  clean: (key: string, maxLength: number) => string,
  maxLength: number,
  taken: readonly string[] = [],
): string[] {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return keys.map((key) => {
    let name = clean(key, maxLength) || 'table';
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = `-${n}`;
      name = clean(key, maxLength - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}
