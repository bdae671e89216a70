import {
  ErrorSink,
  convertMinor,
  effectiveTerm,
  inRange,
  parseRateText,
  parseSchedule,
  type CalendarDate,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  Actor,
  EvidenceQuote,
  JsonObject,
  LedgerEntry,
  OrderCapBalance,
  OrderRecord,
  OrderStatus,
  ScheduleLineRecord,
  StoreTx,
} from './ports.js';
import { recusalFor, withheldNotice, type WithheldNotice } from './recusal.js';
import { coveringCap } from './record-order.js';
import { money } from './views.js';

export interface OrderView {
  readonly id: string;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly reference: string;
  readonly signedOn: CalendarDate;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly schedule: {
    date: CalendarDate;
    amount: string;
    currency: string;
    capId: string;
    capAmount: string;
  }[];
  readonly balances: { capId: string; scheduled: string; consumed: string; open: string }[];
  /** Issue 4: the pricing comparison kept with the order; null for an order placed before the gate. */
  readonly pricing: JsonObject | null;
  /** The evidence files the comparison cites, with the SHA-256 an auditor can verify each file by. */
  readonly evidence: {
    sha256: string;
    quote: EvidenceQuote;
    quoteIndex: number | null;
    filename: string;
    mediaType: string;
    size: number;
    issuedOn: CalendarDate;
  }[];
  /**
   * Present when the reader must abstain on the order's agreement (13.44, issue 6 item 5): `pricing`
   * (the quotes) is null and `evidence` empty because they are withheld, not because there are none.
   */
  readonly withheld?: WithheldNotice;
}

export async function orderView(
  reader: Pick<StoreTx, 'orderBalances' | 'getAgreement' | 'orderEvidence'>,
  order: OrderRecord,
): Promise<OrderView> {
  const agreement = await reader.getAgreement(order.issuerId, order.agreementId);
  const capCurrency = (capId: string) =>
    agreement?.caps.find((c) => c.id === capId)?.currency ?? order.currency;
  const balances = await reader.orderBalances(order.id);
  const evidence = await reader.orderEvidence(order.id);
  return {
    id: order.id,
    agreementId: order.agreementId,
    categoryId: order.categoryId,
    reference: order.reference,
    signedOn: order.signedOn,
    status: order.status,
    currency: order.currency,
    schedule: order.schedule.map((l) => ({
      date: l.date,
      amount: money(l.amountMinor, l.currency),
      currency: l.currency,
      capId: l.capId,
      capAmount: money(l.capAmountMinor, capCurrency(l.capId)),
    })),
    balances: balances.map((b) => ({
      capId: b.capId,
      scheduled: money(b.scheduledMinor, capCurrency(b.capId)),
      consumed: money(b.consumedMinor, capCurrency(b.capId)),
      open: money(b.openMinor, capCurrency(b.capId)),
    })),
    pricing: order.pricing,
    evidence: evidence.map((e) => ({
      sha256: e.sha256,
      quote: e.quote,
      quoteIndex: e.quoteIndex,
      filename: e.filename,
      mediaType: e.mediaType,
      size: e.sizeBytes,
      issuedOn: e.issuedOn,
    })),
  };
}

async function lockAccepted(
  tx: StoreTx,
  actor: Actor,
  orderId: string,
  action: string,
): Promise<OrderRecord> {
  const order = await tx.lockOrder(actor.issuerId, orderId);
  if (!order) throw AppError.notFound(`order ${orderId}`);
  if (order.status !== 'accepted')
    throw AppError.conflict('ORDER_NOT_OPEN', `order ${orderId} is ${order.status}; it cannot be ${action}`);
  return order;
}

/** Releases what the order still holds, cap by cap, as append-only ledger entries. */
async function release(
  tx: StoreTx,
  order: OrderRecord,
  amounts: readonly { capId: string; minor: bigint }[],
  on: CalendarDate,
  now: string,
): Promise<void> {
  const entries: LedgerEntry[] = [];
  for (const { capId, minor } of amounts) {
    if (minor <= 0n) continue;
    await tx.adjustUsage(capId, 0n, -minor);
    entries.push({
      issuerId: order.issuerId,
      capId,
      categoryId: order.categoryId,
      orderId: order.id,
      actualId: null,
      kind: 'release',
      effectiveOn: on,
      actualDelta: 0n,
      committedDelta: -minor,
      createdAt: now,
    });
  }
  await tx.appendLedger(entries);
}

const releaseAll = (balances: readonly OrderCapBalance[]) =>
  balances.map((b) => ({ capId: b.capId, minor: b.openMinor }));

async function finish(
  ctx: AppContext,
  actor: Actor,
  orderId: string,
  status: 'cancelled' | 'closed',
): Promise<OrderView> {
  return ctx.store.transaction(async (tx) => {
    const order = await lockAccepted(tx, actor, orderId, status);
    const balances = await tx.orderBalances(order.id);
    if (status === 'cancelled' && balances.some((b) => b.consumedMinor > 0n)) {
      throw AppError.conflict(
        'ORDER_HAS_ACTUALS',
        `order ${orderId} already has actual amounts against it: close it instead of cancelling it`,
      );
    }
    await release(tx, order, releaseAll(balances), ctx.clock.today(), ctx.clock.now());
    await tx.setOrderStatus(order.id, status);
    return { commit: true, value: await orderView(tx, { ...order, status }) };
  });
}

/** Cancels an order nothing has been invoiced against, releasing all its headroom. */
export async function cancelOrder(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderView> {
  requireAction(actor, 'order.change');
  return shownTo(ctx, actor, await finish(ctx, actor, orderId, 'cancelled'));
}

/**
 * Cancels an order an import placed moments before, when the import as a whole did not complete
 * (issue 9): the import was authorised to place it (`import.run` with `order.place`), so it may take
 * it back. An order no longer open, or invoiced against meanwhile, is left as it is (false).
 */
export async function cancelImportedOrder(ctx: AppContext, actor: Actor, orderId: string): Promise<boolean> {
  try {
    await finish(ctx, actor, orderId, 'cancelled');
    return true;
  } catch (e) {
    // Invoiced against or closed meanwhile: it stays, and the caller says so.
    if (e instanceof AppError && e.kind === 'conflict') return false;
    throw e;
  }
}

/** Closes an order, releasing what it did not use. */
export async function closeOrder(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderView> {
  requireAction(actor, 'order.change');
  return shownTo(ctx, actor, await finish(ctx, actor, orderId, 'closed'));
}

/**
 * Reduces an order to a new schedule. A reduction never needs headroom: in each cap period the new
 * schedule may not exceed the old one, and may not move into a period the order did not reserve.
 */
export async function reduceOrder(
  ctx: AppContext,
  actor: Actor,
  orderId: string,
  raw: unknown,
): Promise<OrderView> {
  requireAction(actor, 'order.change');
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const sink = new ErrorSink();
  const schedule = parseSchedule(body['schedule'], 'schedule', sink);
  if (!schedule) throw AppError.invalid(sink.errors);
  const existing = await ctx.store.getOrder(actor.issuerId, orderId);
  if (!existing) throw AppError.notFound(`order ${orderId}`);
  const agreement = await ctx.store.getAgreement(actor.issuerId, existing.agreementId);
  const category = agreement?.categories.find((c) => c.id === existing.categoryId);
  if (!agreement || !category) throw AppError.notFound(`order ${orderId}`);
  const lines: ScheduleLineRecord[] = [];
  const term = effectiveTerm({
    termStart: category.termStart,
    termEnd: category.termEnd,
    terminatedOn: category.termination?.effectiveOn ?? null,
  });
  for (const [i, line] of schedule.entries()) {
    if (!term || !inRange(line.date, term)) {
      sink.add(
        `schedule[${i}].date`,
        `${line.date} is outside the term of "${category.key}" as it now stands`,
      );
      continue;
    }
    const cap = coveringCap(agreement, category, line.date);
    if (!cap || !existing.schedule.some((l) => l.capId === cap.id)) {
      sink.add(
        `schedule[${i}].date`,
        `${line.date} is not in a cap period this order reserved; a reduction cannot move amounts to another period`,
      );
      continue;
    }
    if (line.amount.currency !== existing.currency) {
      sink.add(`schedule[${i}].currency`, `must be the order's currency (${existing.currency})`);
      continue;
    }
    // A reduction keeps the rate the order was reserved at, so that the same amount converts alike.
    const original = existing.schedule.find((l) => l.capId === cap.id && l.fx);
    const c = original?.fx
      ? convertMinor(line.amount.minor, line.amount.currency, cap.currency, parseRateText(original.fx.rate))
      : null;
    const converted =
      original?.fx && c
        ? { minor: c.minor, fx: { ...original.fx, rounding: c.rounding } }
        : { minor: line.amount.minor, fx: null };
    lines.push({
      lineNo: i + 1,
      date: line.date,
      currency: line.amount.currency,
      amountMinor: line.amount.minor,
      capId: cap.id,
      capAmountMinor: converted.minor,
      fx: converted.fx,
    });
  }
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  const reduced = await ctx.store.transaction(async (tx) => {
    const order = await lockAccepted(tx, actor, orderId, 'reduced');
    const balances = await tx.orderBalances(order.id);
    const releases: { capId: string; minor: bigint }[] = [];
    for (const b of balances) {
      const newTotal = lines.filter((l) => l.capId === b.capId).reduce((s, l) => s + l.capAmountMinor, 0n);
      if (newTotal > b.scheduledMinor) {
        throw AppError.invalid([
          {
            path: 'schedule',
            message: `the new schedule raises cap ${b.capId} from ${b.scheduledMinor} to ${newTotal} minor units: a reduction cannot increase an order; record a new order`,
          },
        ]);
      }
      const stillNeeded = newTotal > b.consumedMinor ? newTotal - b.consumedMinor : 0n;
      releases.push({
        capId: b.capId,
        minor: b.openMinor - (stillNeeded < b.openMinor ? stillNeeded : b.openMinor),
      });
    }
    await release(tx, order, releases, ctx.clock.today(), ctx.clock.now());
    await tx.replaceOrderSchedule(order.id, lines);
    return { commit: true, value: await orderView(tx, { ...order, schedule: lines }) };
  });
  return shownTo(ctx, actor, reduced);
}

export async function getOrder(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderView> {
  requireAction(actor, 'order.read');
  const order = await ctx.store.getOrder(actor.issuerId, orderId);
  if (!order) throw AppError.notFound(`order ${orderId}`);
  return shownTo(ctx, actor, await orderView(ctx.store, order));
}

/** The view as the actor may see it: an interested director's without the quotes and evidence (13.44). */
async function shownTo(ctx: AppContext, actor: Actor, view: OrderView): Promise<OrderView> {
  const recusal = await recusalFor(ctx, actor, view.agreementId);
  return recusal ? { ...view, pricing: null, evidence: [], withheld: withheldNotice(recusal) } : view;
}
