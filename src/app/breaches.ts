import {
  capAmountOn,
  firstBreach,
  formatMinor,
  type BreachFinding,
  type CalendarDate,
  type CurrencyCode,
} from '../domain/index.js';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor, BreachCode, BreachRecord, CapRecord, StoreTx } from './ports.js';
import { capChanges, money } from './views.js';

/** The `breach` object of the API: `{ code, capId?, cap?, actual?, excess? }` plus its date. */
export interface BreachView {
  readonly code: BreachCode;
  readonly capId?: string;
  readonly periodStart?: CalendarDate;
  readonly periodEnd?: CalendarDate;
  readonly currency?: CurrencyCode;
  readonly cap?: string;
  readonly actual?: string;
  readonly excess?: string;
  readonly occurredOn: CalendarDate;
  readonly message: string;
}

export function breachView(b: BreachRecord, cap: CapRecord | null, message: string): BreachView {
  const currency = b.currency ?? undefined;
  return {
    code: b.code,
    ...(b.capId ? { capId: b.capId } : {}),
    ...(cap ? { periodStart: cap.periodStart, periodEnd: cap.periodEnd } : {}),
    ...(currency ? { currency } : {}),
    ...(currency && b.capMinor !== null ? { cap: money(b.capMinor, currency) } : {}),
    ...(currency && b.actualMinor !== null ? { actual: money(b.actualMinor, currency) } : {}),
    ...(currency && b.excessMinor !== null ? { excess: money(b.excessMinor, currency) } : {}),
    occurredOn: b.occurredOn,
    message,
  };
}

/**
 * Whether the period's actual amounts exceed the cap in force on any day from `from` on. A cheap
 * test first: if the whole period's actual is within the lowest cap in force from `from`, no day can
 * be over; only otherwise are the dated amounts read.
 */
export async function findCapBreach(
  tx: StoreTx,
  cap: CapRecord,
  totalActualMinor: bigint,
  from: CalendarDate,
): Promise<BreachFinding | null> {
  const changes = capChanges(cap);
  let lowest = capAmountOn(changes, from);
  for (const c of changes)
    if (c.effectiveFrom !== null && c.effectiveFrom > from && c.amountMinor < lowest) lowest = c.amountMinor;
  if (totalActualMinor <= lowest) return null;
  return firstBreach(await tx.actualsByDate(cap.id), changes, from);
}

/** The breach list entry: the stored event with its money as decimal strings. */
export function breachListItem(b: BreachRecord) {
  const decimal = (minor: bigint | null) =>
    minor === null || b.currency === null ? null : formatMinor(minor, b.currency);
  return {
    id: b.id,
    code: b.code,
    agreementId: b.agreementId,
    categoryId: b.categoryId,
    capId: b.capId,
    actualId: b.actualId,
    revisionId: b.revisionId,
    occurredOn: b.occurredOn,
    currency: b.currency,
    cap: decimal(b.capMinor),
    actual: decimal(b.actualMinor),
    excess: decimal(b.excessMinor),
    recordedAt: b.recordedAt,
  };
}

/** GET /api/v1/breaches: the issuer's recorded breaches, or one agreement's (404 if it is not the issuer's). */
export async function listBreachViews(
  ctx: AppContext,
  actor: Actor,
  agreementId: string | undefined,
): Promise<{ items: ReturnType<typeof breachListItem>[] }> {
  requireAction(actor, 'breach.read');
  if (agreementId !== undefined && !(await ctx.store.getAgreement(actor.issuerId, agreementId))) {
    throw AppError.notFound(`agreement ${agreementId}`);
  }
  const breaches = await ctx.store.listBreaches(actor.issuerId, agreementId);
  return { items: breaches.map(breachListItem) };
}
