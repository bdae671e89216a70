/**
 * GET /api/v1/orders and GET /api/v1/actuals: the issuer's orders and actual amounts, newest first,
 * for the screens that list them. Reads only. Each row names its agreement and category, so that a
 * list can be shown without reading every agreement; a reader who must abstain on an agreement
 * (13.44) sees its orders without their pricing outcome, as `GET /api/v1/orders/:id` withholds it.
 */
import {
  ErrorSink,
  formatMinor,
  parseDate,
  type CalendarDate,
  type CurrencyCode,
  type LocalisedName,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  ActualListRecord,
  Actor,
  AgreementRecord,
  JsonObject,
  LedgerListFilter,
  OrderRecord,
  OrderStatus,
} from './ports.js';
import { recusalsFor, withheldNotice, type WithheldNotice } from './recusal.js';

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 500;

const ORDER_STATUSES: readonly OrderStatus[] = ['accepted', 'cancelled', 'closed'];

export interface LedgerListQuery {
  readonly agreementId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit?: string | undefined;
}

/**
 * How the order's quotes came out: `more-favourable` (the connected party's quote beat every counted
 * independent one), `exception` (accepted by a documented exception: flagged), `no-quotes-required`
 * (a policy of 0 quotes), `not-recorded` (placed before the pricing gate existed).
 */
export type PricingOutcome = 'more-favourable' | 'exception' | 'no-quotes-required' | 'not-recorded';

export interface OrderListItem {
  readonly id: string;
  readonly agreementId: string;
  readonly agreementName: LocalisedName | null;
  readonly categoryId: string;
  readonly categoryKey: string | null;
  readonly categoryName: LocalisedName | null;
  readonly reference: string;
  readonly signedOn: CalendarDate;
  readonly status: OrderStatus;
  readonly currency: CurrencyCode;
  /** The schedule's total in the order's currency, as it stands (after any reduction). */
  readonly amount: string;
  /** Null when withheld from this reader (see `withheld`). */
  readonly pricing: {
    readonly outcome: PricingOutcome;
    readonly countedQuotes: number | null;
    readonly minIndependentQuotes: number | null;
    readonly flagged: boolean;
  } | null;
  readonly createdAt: string;
  readonly withheld?: WithheldNotice;
}

export interface ActualListItem {
  readonly id: string;
  readonly date: CalendarDate;
  readonly reference: string;
  readonly agreementId: string;
  readonly agreementName: LocalisedName | null;
  readonly categoryId: string;
  readonly categoryKey: string | null;
  readonly categoryName: LocalisedName | null;
  readonly orderId: string | null;
  readonly orderReference: string | null;
  readonly capId: string | null;
  /** Negative on a reversing entry. */
  readonly amount: string;
  readonly currency: CurrencyCode;
  /** In the cap's currency, when it differs from the amount's. */
  readonly capAmount?: string;
  readonly capCurrency?: CurrencyCode;
  readonly invoiceDate: CalendarDate | null;
  readonly servicePeriod: { readonly start: CalendarDate; readonly end: CalendarDate } | null;
  /** `reversed`: a later entry reversed it; `reversal`: it is itself the reversing entry; else `standing`. */
  readonly reversal: 'standing' | 'reversed' | 'reversal';
  /** The reversing entry's id, for a reversed actual. */
  readonly reversedBy: string | null;
  /** The actual this entry reverses, for a reversing entry. */
  readonly reverses: string | null;
  /** Why it was reversed, on the reversing entry. */
  readonly reason: string | null;
  readonly createdAt: string;
}

export interface ListResult<T> {
  readonly items: T[];
  /** True when more rows match than `limit`: narrow the dates or raise the limit. */
  readonly truncated: boolean;
  readonly limit: number;
}

/** The common filters, each bad one named; an agreement of another issuer (or none) is a 404. */
async function parseFilter(
  ctx: AppContext,
  actor: Actor,
  query: LedgerListQuery,
  sink: ErrorSink,
): Promise<LedgerListFilter> {
  const date = (value: string | undefined, path: string): CalendarDate | undefined =>
    value === undefined ? undefined : sink.take(parseDate(value, path));
  const from = date(query.from, 'from');
  const to = date(query.to, 'to');
  if (from !== undefined && to !== undefined && to < from)
    sink.add('to', `${to} is before from (${from}): give a range that runs forward`);
  let limit = DEFAULT_LIST_LIMIT;
  if (query.limit !== undefined) {
    limit = /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : 0;
    if (limit < 1 || limit > MAX_LIST_LIMIT) {
      sink.add('limit', `${JSON.stringify(query.limit)} is not a whole number from 1 to ${MAX_LIST_LIMIT}`);
      limit = DEFAULT_LIST_LIMIT;
    }
  }
  if (sink.errors.length === 0 && query.agreementId !== undefined) {
    if (!(await ctx.store.agreementExists(actor.issuerId, query.agreementId)))
      throw AppError.notFound(`agreement ${query.agreementId}`);
  }
  return { agreementId: query.agreementId, from, to, limit };
}

/** Names of agreements and categories by id, read once per list. */
async function namesOf(ctx: AppContext, actor: Actor) {
  const agreements = new Map<string, AgreementRecord>();
  for (const a of await ctx.store.listAgreements(actor.issuerId)) agreements.set(a.id, a);
  return (agreementId: string, categoryId: string) => {
    const a = agreements.get(agreementId);
    const c = a?.categories.find((k) => k.id === categoryId);
    return {
      agreementName: a?.name ?? null,
      categoryKey: c?.key ?? null,
      categoryName: c?.name ?? null,
    };
  };
}

const numberAt = (o: JsonObject | null | undefined, key: string): number | null => {
  const v = o?.[key];
  return typeof v === 'number' ? v : null;
};

function pricingOutcome(pricing: JsonObject | null): OrderListItem['pricing'] {
  if (pricing === null)
    return { outcome: 'not-recorded', countedQuotes: null, minIndependentQuotes: null, flagged: false };
  const policy = pricing['policy'];
  const policyObject =
    typeof policy === 'object' && policy !== null && !Array.isArray(policy) ? (policy as JsonObject) : null;
  const flagged = pricing['flagged'] === true;
  return {
    outcome: flagged
      ? 'exception'
      : pricing['quotesRequired'] === false
        ? 'no-quotes-required'
        : 'more-favourable',
    countedQuotes: numberAt(pricing, 'countedQuotes'),
    minIndependentQuotes: numberAt(policyObject, 'minIndependentQuotes'),
    flagged,
  };
}

const orderTotal = (o: OrderRecord): string =>
  formatMinor(
    o.schedule.reduce((s, l) => s + l.amountMinor, 0n),
    o.currency,
  );

/** GET /api/v1/orders?agreementId&from&to&status&limit: signed from–to (inclusive), newest first. */
export async function listOrders(
  ctx: AppContext,
  actor: Actor,
  query: LedgerListQuery & { readonly status?: string | undefined },
): Promise<ListResult<OrderListItem>> {
  requireAction(actor, 'order.read');
  const sink = new ErrorSink();
  const filter = await parseFilter(ctx, actor, query, sink);
  const status = ORDER_STATUSES.find((s) => s === query.status);
  if (query.status !== undefined && status === undefined)
    sink.add('status', `${JSON.stringify(query.status)} is not one of ${ORDER_STATUSES.join(', ')}`);
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  const rows = await ctx.store.listOrders(actor.issuerId, { ...filter, status, limit: filter.limit + 1 });
  const shown = rows.slice(0, filter.limit);
  const names = await namesOf(ctx, actor);
  const recusals = await recusalsFor(
    ctx,
    actor,
    shown.map((o) => o.agreementId),
  );
  const items = shown.map((o): OrderListItem => {
    const recusal = recusals.get(o.agreementId);
    return {
      id: o.id,
      agreementId: o.agreementId,
      ...names(o.agreementId, o.categoryId),
      categoryId: o.categoryId,
      reference: o.reference,
      signedOn: o.signedOn,
      status: o.status,
      currency: o.currency,
      amount: orderTotal(o),
      pricing: recusal ? null : pricingOutcome(o.pricing),
      createdAt: o.createdAt,
      ...(recusal ? { withheld: withheldNotice(recusal) } : {}),
    };
  });
  return { items, truncated: rows.length > filter.limit, limit: filter.limit };
}

/** GET /api/v1/actuals?agreementId&orderId&from&to&limit: dated from–to (inclusive), newest first. */
export async function listActuals(
  ctx: AppContext,
  actor: Actor,
  query: LedgerListQuery & { readonly orderId?: string | undefined },
): Promise<ListResult<ActualListItem>> {
  requireAction(actor, 'utilization.read');
  const sink = new ErrorSink();
  const filter = await parseFilter(ctx, actor, query, sink);
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  if (query.orderId !== undefined && !(await ctx.store.getOrder(actor.issuerId, query.orderId)))
    throw AppError.notFound(`order ${query.orderId}`);
  const rows = await ctx.store.listActuals(actor.issuerId, {
    ...filter,
    orderId: query.orderId,
    limit: filter.limit + 1,
  });
  const shown = rows.slice(0, filter.limit);
  const names = await namesOf(ctx, actor);
  const capCurrencies = new Map<string, CurrencyCode | null>();
  for (const capId of new Set(shown.flatMap((a) => (a.capId ? [a.capId] : []))))
    capCurrencies.set(capId, await ctx.store.capCurrency(capId));
  const items = shown.map((a: ActualListRecord): ActualListItem => {
    const capCurrency = a.capId ? (capCurrencies.get(a.capId) ?? null) : null;
    return {
      id: a.id,
      date: a.date,
      reference: a.reference,
      agreementId: a.agreementId,
      ...names(a.agreementId, a.categoryId),
      categoryId: a.categoryId,
      orderId: a.orderId,
      orderReference: a.orderReference,
      capId: a.capId,
      amount: formatMinor(a.amountMinor, a.currency),
      currency: a.currency,
      ...(capCurrency && capCurrency !== a.currency
        ? { capAmount: formatMinor(a.capAmountMinor, capCurrency), capCurrency }
        : {}),
      invoiceDate: a.invoiceDate,
      servicePeriod:
        a.servicePeriodStart && a.servicePeriodEnd
          ? { start: a.servicePeriodStart, end: a.servicePeriodEnd }
          : null,
      reversal: a.reversesId ? 'reversal' : a.reversedBy ? 'reversed' : 'standing',
      reversedBy: a.reversedBy,
      reverses: a.reversesId,
      reason: a.reason,
      createdAt: a.createdAt,
    };
  });
  return { items, truncated: rows.length > filter.limit, limit: filter.limit };
}
