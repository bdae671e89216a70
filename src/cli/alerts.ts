import type { AlertView } from '../app/alerts.js';
import { formatDateEn, type CurrencyCode } from '../domain/index.js';
import { displayAmount, renderTable, shortDate } from './format.js';

/** `armslength alerts`: newest first, with what each is about and whether anyone acknowledged it. */
export function alertsReport(items: readonly AlertView[], issuerName: string | null): string {
  const out: string[] = [`Alerts${issuerName ? ` — ${issuerName}` : ''}`, ''];
  if (items.length === 0) {
    out.push('No alerts.');
    return `${out.join('\n')}\n`;
  }
  const money = (v: string | null, c: CurrencyCode | null) =>
    v === null || c === null ? '' : displayAmount(v, c);
  out.push(
    renderTable(
      ['Raised', 'Kind', 'Severity', 'Cap period', 'Threshold', 'Actual at crossing', 'Cap', 'Acknowledged'],
      ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'left'],
      items.map((a) => [
        a.raisedAt.slice(0, 10),
        a.kind,
        a.severity,
        a.periodStart && a.periodEnd ? `${shortDate(a.periodStart)} – ${shortDate(a.periodEnd)}` : '',
        a.threshold === null ? '' : `${a.threshold}%`,
        money(a.actualAtCrossing, a.currency),
        money(a.cap, a.currency),
        a.acknowledgements.length === 0
          ? 'NO'
          : `${a.acknowledgements[a.acknowledgements.length - 1]?.by ?? ''} ${a.acknowledgements[a.acknowledgements.length - 1]?.at.slice(0, 10) ?? ''}`,
      ]),
    ),
    '',
  );
  for (const a of items) {
    out.push(`${a.id} (${formatDateEn(a.occurredOn)}, to ${a.recipients.join(', ')}): ${a.message.en}`);
  }
  const open = items.filter((a) => !a.acknowledged).length;
  if (open > 0) out.push('', `${open} not yet acknowledged: POST /api/v1/alerts/{id}/acknowledge.`);
  return `${out.join('\n')}\n`;
}
