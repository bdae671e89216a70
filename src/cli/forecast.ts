import type { ForecastItem } from '../app/get-forecasts.js';
import { formatDateEn, type CalendarDate } from '../domain/index.js';
import { displayAmount, periodLabel, renderTable, shortDate } from './format.js';

/** The seed case's internal control 2: an insufficient cap goes to the board. */
export const EXCEEDS_CAP_LINE = 'Forecast exceeds the cap: escalate to the board (internal control 2)';

const categories = (i: ForecastItem): string => i.categoryNames.map((n) => n.en).join(' + ');

/** "for the period from 1 January 2026 to 31 December 2026", as HK documents name periods. */
const periodWords = (i: ForecastItem): string =>
  `for the period from ${formatDateEn(i.periodStart)} to ${formatDateEn(i.periodEnd)}`;

function reachedCell(t: ForecastItem['thresholds'][number] | undefined): string {
  if (!t || t.reachedOn === null) return 'not projected';
  return t.basis === 'actual' ? `${shortDate(t.reachedOn)} (reached)` : shortDate(t.reachedOn);
}

/** One agreement's cap periods as a table: cap, actual, committed, projection and threshold dates. */
export function forecastTable(items: readonly ForecastItem[]): string {
  const thresholds = items[0]?.thresholds.map((t) => t.threshold) ?? [];
  const headers = [
    'Category',
    'Period',
    'Cap',
    'Actual',
    'Committed',
    'Projected',
    'Projected %',
    ...thresholds.map((t) => `${t}% on`),
  ];
  const align = headers.map((_, k): 'left' | 'right' => (k < 2 || k >= 7 ? 'left' : 'right'));
  const rows = items.map((i) => [
    categories(i),
    `${periodLabel(i.periodStart, i.periodEnd)}${i.periodStatus === 'upcoming' ? ' (upcoming)' : ''}`,
    displayAmount(i.cap, i.currency),
    displayAmount(i.actual, i.currency),
    displayAmount(i.committed, i.currency),
    displayAmount(i.projected, i.currency),
    `${i.projectedPercent}%`,
    ...thresholds.map((t) => reachedCell(i.thresholds.find((x) => x.threshold === t))),
  ]);
  return renderTable(headers, align, rows);
}

/** The sentence for a cap period whose projection exceeds its cap. */
export function exceedsLine(i: ForecastItem): string {
  return (
    `${EXCEEDS_CAP_LINE}: ${categories(i)} ${periodWords(i)} is projected at ${displayAmount(i.projected, i.currency)} ` +
    `(${i.projectedPercent}%) against a cap of ${displayAmount(i.cap, i.currency)}.`
  );
}

/** `armslength forecast`: per agreement, the table, the method in words, and the escalations due. */
export function forecastReport(
  result: { readonly asOf: CalendarDate; readonly items: readonly ForecastItem[] },
  issuerName: string | null,
): string {
  const out: string[] = [
    `Cap forecasts as of ${formatDateEn(result.asOf)}${issuerName ? ` — ${issuerName}` : ''}`,
  ];
  if (result.items.length === 0) {
    out.push(
      '',
      issuerName === null
        ? 'No issuer recorded yet: run `armslength demo` or `armslength serve`.'
        : 'No cap period is active on this date: nothing to forecast.',
    );
  }
  const agreementIds = [...new Set(result.items.map((i) => i.agreementId))];
  for (const id of agreementIds) {
    const items = result.items.filter((i) => i.agreementId === id);
    out.push('', `${items[0]?.agreementName.en ?? id} (${id})`, '', forecastTable(items), '');
    for (const i of items) out.push(`${categories(i)} ${periodWords(i)}: ${i.method.description.en}`);
    const over = items.filter((i) => i.exceedsCap);
    if (over.length > 0) out.push('', ...over.map(exceedsLine));
  }
  return `${out.join('\n')}\n`;
}
