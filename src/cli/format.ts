import type { UtilizationItem } from '../app/get-utilization.js';
import { displayCurrency, formatPercent, type CalendarDate, type CurrencyCode } from '../domain/index.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "29 Jul 2025": the short form of the HK English date, for table cells. */
export function shortDate(d: CalendarDate): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[m - 1] ?? ''} ${y}`;
}

/** "29 Jul 2025 – 31 Dec 2025". */
export const periodLabel = (start: CalendarDate, end: CalendarDate): string =>
  `${shortDate(start)} – ${shortDate(end)}`;

/** A decimal string from the API ("-1234567.80") as minor units, exactly (no floating point). */
export function decimalToMinor(decimal: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) throw new RangeError(`not a decimal amount: ${decimal}`);
  return BigInt(`${m[1] ?? ''}${m[2] ?? '0'}${m[3] ?? ''}`);
}

/** "RMB41,000,000.00"; negative figures in parentheses, as HK tables show them: "(RMB1,200.00)". */
export function displayAmount(decimal: string, currency: CurrencyCode): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', frac] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = `${displayCurrency(currency)}${grouped}${frac === undefined ? '' : `.${frac}`}`;
  return negative ? `(${body})` : body;
}

/** Share of the cap used (actual + committed), to one decimal as HK documents show utilisation. */
export function percentUsed(item: UtilizationItem): string {
  return `${formatPercent(decimalToMinor(item.utilised), decimalToMinor(item.cap), 1)}%`;
}

/** The internal-control threshold of the seed case: at about 80% the finance department reports at once. */
export const ALERT_PERCENT = 80n;

export function atOrAboveAlert(item: UtilizationItem): boolean {
  return decimalToMinor(item.utilised) * 100n >= decimalToMinor(item.cap) * ALERT_PERCENT;
}

type Align = 'left' | 'right';

/** A plain-text table: a header, a rule, the rows; numbers right-aligned. */
export function renderTable(
  headers: readonly string[],
  align: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const width = (s: string): number => [...s].length;
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const cell = (text: string, i: number): string => {
    const pad = ' '.repeat((widths[i] ?? 0) - width(text));
    return align[i] === 'right' ? pad + text : text + pad;
  };
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => cell(c, i))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const HEADERS = ['Category', 'Period', 'Cap', 'Actual', 'Committed', 'Headroom', '% used'];
const ALIGN: Align[] = ['left', 'left', 'right', 'right', 'right', 'right', 'right'];

/** The utilisation of one agreement's cap periods as a terminal table, then any 80% alerts. */
export function utilizationTable(items: readonly UtilizationItem[]): string {
  const rows = items.map((i) => [
    i.categoryNames.map((n) => n.en).join(' + '),
    periodLabel(i.periodStart, i.periodEnd),
    displayAmount(i.cap, i.currency),
    displayAmount(i.actual, i.currency),
    displayAmount(i.committed, i.currency),
    displayAmount(i.headroom, i.currency),
    percentUsed(i),
  ]);
  return renderTable(HEADERS, ALIGN, rows);
}

/** Sentences for the periods at or above the alert threshold (internal control measure 2). */
export function alertLines(items: readonly UtilizationItem[]): string[] {
  return items.filter(atOrAboveAlert).map((i) => {
    const what = `${i.categoryNames.map((n) => n.en).join(' + ')}, ${periodLabel(i.periodStart, i.periodEnd)}`;
    return decimalToMinor(i.headroom) < 0n
      ? `Over the cap: ${what} has used ${percentUsed(i)} of ${displayAmount(i.cap, i.currency)}.`
      : `Alert: ${what} has used ${percentUsed(i)} of its cap (${displayAmount(i.cap, i.currency)}); at about ${ALERT_PERCENT}% the finance department reports to senior management at once.`;
  });
}
