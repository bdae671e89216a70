import {
  MAX_MINOR,
  effectiveTerm,
  inRange,
  parseActualInput,
  type ActualInput,
  type CalendarDate,
} from '../domain/index.js';
import { breachView, findCapBreach, type BreachView } from './breaches.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import { toCapCurrency } from './fx.js';
import { remember, replay, requestHash, settle, type Replayable } from './idempotency.js';
import type { ActualRecord, Actor, BreachRecord, LedgerEntry } from './ports.js';
import { coveringCap, describeMoney, loadCategory } from './record-order.js';
import { capAmountInForce, money } from './views.js';
import { checkThresholds, monitoringPolicyOf, raiseBreachAlert } from './alerts.js';

export interface ActualResponse {
  readonly id: string;
  readonly capId: string | null;
  readonly amount: string;
  readonly currency: string;
  /** In the cap's currency, when converted. */
  readonly capAmount?: string;
  readonly capCurrency?: string;
  readonly fx?: { rate: string; date: CalendarDate; source: string; rounding: string };
  /** What the actual took from its order's reservation in the same cap period. */
  readonly consumedFromOrder: string;
  readonly breach?: BreachView;
  readonly breaches?: BreachView[];
}

/**
 * Records an actual amount (a fact: always stored). One that takes a period's actual amounts over
 * its cap, lies outside the term or has no covering cap is stored and flagged with a breach.
 */
export async function postActual(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
  idempotencyKey: string | null = null,
): Promise<Replayable<ActualResponse>> {
  requireAction(actor, 'actual.post');
  const hash = idempotencyKey ? requestHash('POST /api/v1/actuals', raw) : '';
  const earlier = await replay<ActualResponse>(ctx.store, actor.issuerId, idempotencyKey, hash);
  if (earlier) return earlier;
  const parsedInput = parseActualInput(raw);
  if (!parsedInput.ok) throw AppError.invalid(parsedInput.errors);
  const input = parsedInput.value;
  return settle(ctx.store, actor.issuerId, idempotencyKey, hash, 'actual', (attempt) =>
    recordActual(ctx, actor, input, idempotencyKey, hash, attempt === 1),
  );
}

async function recordActual(
  ctx: AppContext,
  actor: Actor,
  input: ActualInput,
  idempotencyKey: string | null,
  hash: string,
  mayBeStale: boolean,
): Promise<Replayable<ActualResponse> | 'stale'> {
  // The version is checked (and held) inside the transaction, so a copy in memory will do at first.
  const { agreement, category } = await loadCategory(
    ctx,
    actor,
    input.agreementId,
    input.categoryKey,
    mayBeStale,
  );
  if (input.orderId) {
    const order = await ctx.store.getOrder(actor.issuerId, input.orderId);
    if (!order)
      throw AppError.invalid([
        { path: 'orderId', message: `no order ${input.orderId} exists for this issuer` },
      ]);
    if (order.agreementId !== agreement.id || order.categoryId !== category.id) {
      throw AppError.invalid([
        {
          path: 'orderId',
          message: `order ${input.orderId} is not under ${agreement.id} / "${category.key}"`,
        },
      ]);
    }
  }
  const cap = coveringCap(agreement, category, input.date) ?? null;
  const converted = cap
    ? await toCapCurrency(
        ctx,
        actor.issuerId,
        input.amount.minor,
        input.amount.currency,
        cap.currency,
        input.fx?.date ?? input.date,
        input.fx,
        'currency',
      )
    : { minor: input.amount.minor, fx: null };
  if (input.fx && !converted.fx) {
    throw AppError.invalid([
      {
        path: 'fx',
        message: cap
          ? `no conversion was needed: the amount is already in the cap's currency (${cap.currency}); remove "fx"`
          : 'no cap covers this date, so there is nothing to convert into; remove "fx"',
      },
    ]);
  }
  if (converted.minor > MAX_MINOR)
    throw AppError.invalid([
      {
        path: 'amount',
        message: "converted into the cap's currency, the amount is larger than the largest amount kept",
      },
    ]);
  const now = ctx.clock.now();
  const actualId = ctx.ids.next('act');
  const term = effectiveTerm({
    termStart: category.termStart,
    termEnd: category.termEnd,
    terminatedOn: category.termination?.effectiveOn ?? null,
  });

  const policy = await monitoringPolicyOf(ctx.store, actor.issuerId);
  return ctx.store.transaction<Replayable<ActualResponse> | 'stale'>(async (tx) => {
    if (idempotencyKey) {
      const again = await replay<ActualResponse>(tx, actor.issuerId, idempotencyKey, hash);
      if (again) return { commit: false, value: again };
    }
    // The cap in force and the term were read from this version; hold it until the commit.
    if ((await tx.agreementVersion(agreement.id, true)) !== agreement.version)
      return { commit: false, value: 'stale' };
    let consumed = 0n;
    let consumedOn: CalendarDate = input.date;
    if (input.orderId && cap) {
      const order = await tx.lockOrder(actor.issuerId, input.orderId);
      if (order && order.signedOn > consumedOn) consumedOn = order.signedOn;
      if (order?.status === 'accepted') {
        const balance = (await tx.orderBalances(input.orderId)).find((b) => b.capId === cap.id);
        const open = balance?.openMinor ?? 0n;
        consumed = open < converted.minor ? open : converted.minor;
      }
    }
    const actual: ActualRecord = {
      id: actualId,
      issuerId: actor.issuerId,
      agreementId: agreement.id,
      categoryId: category.id,
      orderId: input.orderId,
      capId: cap?.id ?? null,
      date: input.date,
      currency: input.amount.currency,
      amountMinor: input.amount.minor,
      capAmountMinor: converted.minor,
      fx: converted.fx,
      reference: input.reference,
      servicePeriodStart: input.servicePeriod?.start ?? null,
      servicePeriodEnd: input.servicePeriod?.end ?? null,
      invoiceDate: input.invoiceDate,
      reversesId: null,
      reason: null,
      createdAt: now,
      createdBy: actor.userId,
    };
    await tx.insertActual(actual);
    const entries: LedgerEntry[] = [
      {
        issuerId: actor.issuerId,
        capId: cap?.id ?? null,
        categoryId: category.id,
        orderId: input.orderId,
        actualId,
        kind: 'actual',
        effectiveOn: input.date,
        actualDelta: converted.minor,
        committedDelta: 0n,
        createdAt: now,
      },
    ];
    if (consumed > 0n) {
      entries.push({
        issuerId: actor.issuerId,
        capId: cap?.id ?? null,
        categoryId: category.id,
        orderId: input.orderId,
        actualId,
        kind: 'consume',
        effectiveOn: consumedOn,
        actualDelta: 0n,
        committedDelta: -consumed,
        createdAt: now,
      });
    }
    await tx.appendLedger(entries);
    const breaches: { record: BreachRecord; message: string }[] = [];
    const base = {
      issuerId: actor.issuerId,
      agreementId: agreement.id,
      categoryId: category.id,
      actualId,
      revisionId: null,
      recordedAt: now,
    };
    if (!term || !inRange(input.date, term)) {
      breaches.push({
        record: {
          ...base,
          id: ctx.ids.next('brc'),
          code: 'OUTSIDE_TERM',
          capId: cap?.id ?? null,
          occurredOn: input.date,
          currency: null,
          capMinor: null,
          actualMinor: null,
          excessMinor: null,
        },
        message: `The actual dated ${input.date} lies outside the term of "${category.key}" (${category.termStart} to ${term?.end ?? category.termEnd}). It has been recorded.`,
      });
    }
    if (cap) {
      const usage = await tx.adjustUsage(cap.id, converted.minor, -consumed);
      // Issue 5: the 80% alert (and any early warning) in this transaction, once per threshold.
      await checkThresholds(
        ctx,
        tx,
        {
          issuerId: actor.issuerId,
          agreement,
          category,
          cap,
          capMinor: capAmountInForce(cap, input.date),
          actualMinor: usage.actualMinor,
          committedMinor: usage.committedMinor,
          actualId,
          date: input.date,
        },
        policy,
      );
      const finding = await findCapBreach(tx, cap, usage.actualMinor, input.date);
      if (finding) {
        const d = describeMoney(cap.currency);
        breaches.push({
          record: {
            ...base,
            id: ctx.ids.next('brc'),
            code: 'CAP_EXCEEDED',
            capId: cap.id,
            occurredOn: finding.date,
            currency: cap.currency,
            capMinor: finding.capMinor,
            actualMinor: finding.actualMinor,
            excessMinor: finding.excessMinor,
          },
          message: `Breach: actual amounts of ${d(finding.actualMinor)} exceed the cap of ${d(finding.capMinor)} for ${cap.periodStart} to ${cap.periodEnd} by ${d(finding.excessMinor)} on ${finding.date} (Rule 14A.54).`,
        });
      }
    } else {
      breaches.push({
        record: {
          ...base,
          id: ctx.ids.next('brc'),
          code: 'NO_COVERING_CAP',
          capId: null,
          occurredOn: input.date,
          currency: null,
          capMinor: null,
          actualMinor: null,
          excessMinor: null,
        },
        message: `No annual cap covers "${category.key}" on ${input.date}: a transaction without a cap is not permitted (Rule 14A.53). It has been recorded.`,
      });
    }
    for (const b of breaches) {
      await tx.insertBreach(b.record);
      await raiseBreachAlert(ctx, tx, actor.issuerId, policy, agreement, category, cap, b.record, b.message);
    }
    const views = breaches.map((b) => breachView(b.record, cap, b.message));
    const body: ActualResponse = {
      id: actualId,
      capId: cap?.id ?? null,
      amount: money(input.amount.minor, input.amount.currency),
      currency: input.amount.currency,
      ...(cap && cap.currency !== input.amount.currency
        ? { capAmount: money(converted.minor, cap.currency), capCurrency: cap.currency }
        : {}),
      ...(converted.fx ? { fx: converted.fx } : {}),
      consumedFromOrder: money(consumed, cap?.currency ?? input.amount.currency),
      ...(views[0] ? { breach: views[0], breaches: views } : {}),
    };
    if (!(await remember(tx, actor.issuerId, idempotencyKey, hash, 201, body, now))) {
      return { commit: false, value: { statusCode: 0, body, replayed: true } };
    }
    return { commit: true, value: { statusCode: 201, body, replayed: false } };
  });
}
