import {
  formatPercent,
  parseDate,
  type CalendarDate,
  type CurrencyCode,
  type LocalisedName,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';
import { capAmountInForce, capView, money } from './views.js';

export interface UtilizationItem {
  readonly capId: string;
  readonly agreementId: string;
  readonly agreementName: LocalisedName;
  readonly categoryKeys: string[];
  readonly categoryNames: LocalisedName[];
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly effectiveStart: CalendarDate | null;
  readonly effectiveEnd: CalendarDate | null;
  readonly currency: CurrencyCode;
  readonly cap: string;
  readonly statedCap: string;
  readonly actual: string;
  readonly committed: string;
  readonly utilised: string;
  readonly headroom: string;
  readonly percentUsed: string;
}

/**
 * Every cap period of the matching agreements as of `asOf` (default: today in Hong Kong): actuals
 * dated on or before it, reservations of orders signed on or before it, the cap in force on it.
 */
export async function getUtilization(
  ctx: AppContext,
  actor: Actor,
  query: { asOf?: string | undefined; agreementId?: string | undefined },
): Promise<{ asOf: CalendarDate; items: UtilizationItem[] }> {
  requireAction(actor, 'utilization.read');
  let asOf = ctx.clock.today();
  if (query.asOf !== undefined) {
    const d = parseDate(query.asOf, 'asOf');
    if (!d.ok) throw AppError.invalid(d.errors);
    asOf = d.value;
  }
  let agreements = await ctx.store.listAgreements(actor.issuerId);
  if (query.agreementId !== undefined) {
    agreements = agreements.filter((a) => a.id === query.agreementId);
    if (agreements.length === 0) throw AppError.notFound(`agreement ${query.agreementId}`);
  }
  const caps = agreements.flatMap((a) => a.caps.map((c) => ({ a, c })));
  const rows = new Map(
    (
      await ctx.store.utilisation(
        caps.map((x) => x.c.id),
        asOf,
      )
    ).map((r) => [r.capId, r]),
  );
  const items = caps.map(({ a, c }): UtilizationItem => {
    const row = rows.get(c.id);
    const actual = row?.actualMinor ?? 0n;
    const committed = row?.committedMinor ?? 0n;
    const cap = capAmountInForce(c, asOf);
    const view = capView(a, c, false);
    return {
      capId: c.id,
      agreementId: a.id,
      agreementName: a.name,
      categoryKeys: view.categoryKeys,
      categoryNames: a.categories.filter((k) => c.categoryIds.includes(k.id)).map((k) => k.name),
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      effectiveStart: view.effectiveStart,
      effectiveEnd: view.effectiveEnd,
      currency: c.currency,
      cap: money(cap, c.currency),
      statedCap: money(c.amountMinor, c.currency),
      actual: money(actual, c.currency),
      committed: money(committed, c.currency),
      utilised: money(actual + committed, c.currency),
      headroom: money(cap - actual - committed, c.currency),
      percentUsed: formatPercent(actual + committed, cap, 2),
    };
  });
  return { asOf, items };
}
