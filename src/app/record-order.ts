import {
  MAX_MINOR,
  capExceeded,
  effectiveTerm,
  formatDisplay,
  inRange,
  parseOrderInput,
  type CalendarDate,
  type CurrencyCode,
  type OrderInput,
  type PricingRefusal,
  type Refusal,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import { toCapCurrency } from './fx.js';
import { replay, requestHash, settle, type Replayable } from './idempotency.js';
import { assessOrderPricing, comparisonCurrency, pricingView, type OrderPricing } from './order-pricing.js';
import type {
  Actor,
  AgreementRecord,
  CapRecord,
  CategoryRecord,
  JsonObject,
  LedgerEntry,
  OrderRecord,
  ScheduleLineRecord,
} from './ports.js';
import { capAmountInForce, money } from './views.js';

/** What an accepted order reserved in one cap period, against the cap in force on its signing date. */
export interface ReservationView {
  readonly capId: string;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly currency: CurrencyCode;
  readonly amount: string;
  readonly cap: string;
}

/** A reason the gate gives for refusing an order: the cap ledger's (issue 2) or the pricing policy's (issue 4). */
export type OrderRefusal = Refusal | PricingRefusal;

export type OrderResponse =
  | {
      readonly id: string;
      readonly status: 'accepted';
      readonly reference: string;
      readonly reservations: ReservationView[];
      /** The pricing comparison kept with the order (issue 4). */
      readonly pricing: JsonObject;
    }
  | { readonly code: 'REFUSED'; readonly message: string; readonly reasons: OrderRefusal[] };

/** The cap whose stated period contains `date` and covers the category. */
export const coveringCap = (
  agreement: AgreementRecord,
  category: CategoryRecord,
  date: CalendarDate,
): CapRecord | undefined =>
  agreement.caps.find(
    (c) => c.categoryIds.includes(category.id) && date >= c.periodStart && date <= c.periodEnd,
  );

export async function loadCategory(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  categoryKey: string,
  mayBeStale = false,
): Promise<{ agreement: AgreementRecord; category: CategoryRecord }> {
  const agreement = await ctx.store.getAgreement(actor.issuerId, agreementId, mayBeStale);
  if (!agreement)
    throw AppError.invalid([
      { path: 'agreementId', message: `no agreement ${agreementId} exists for this issuer` },
    ]);
  const category = agreement.categories.find((c) => c.key === categoryKey);
  if (!category) {
    throw AppError.invalid([
      {
        path: 'categoryKey',
        message: `"${categoryKey}" is not a category of this agreement (${agreement.categories.map((c) => c.key).join(', ')})`,
      },
    ]);
  }
  return { agreement, category };
}

export const describeMoney = (currency: CurrencyCode) => (minor: bigint) =>
  formatDisplay({ currency, minor });

/** What the gate will try to reserve, computed from one version of the agreement. */
interface OrderPlan {
  readonly agreement: AgreementRecord;
  readonly category: CategoryRecord;
  readonly reasons: Refusal[];
  readonly lines: ScheduleLineRecord[];
  /** In cap-id order, so that concurrent orders lock cap rows in one order (no deadlock). */
  readonly touched: { cap: CapRecord; addMinor: bigint; capMinor: bigint }[];
  /** The pricing-policy gate's verdict on the order's quotes (issue 4). */
  readonly pricing: OrderPricing;
}

async function planOrder(
  ctx: AppContext,
  actor: Actor,
  input: OrderInput,
  mayBeStale: boolean,
): Promise<OrderPlan> {
  const { agreement, category } = await loadCategory(
    ctx,
    actor,
    input.agreementId,
    input.categoryKey,
    mayBeStale,
  );
  const reasons: Refusal[] = [];
  if (input.signedOn < agreement.signedOn) {
    reasons.push({
      code: 'AGREEMENT_NOT_EFFECTIVE',
      signedOn: input.signedOn,
      agreementSignedOn: agreement.signedOn,
      message: `Refused: the order is signed on ${input.signedOn}, before the framework agreement was signed on ${agreement.signedOn}.`,
    });
  }
  const term = effectiveTerm({
    termStart: category.termStart,
    termEnd: category.termEnd,
    terminatedOn: category.termination?.effectiveOn ?? null,
  });
  const lines: ScheduleLineRecord[] = [];
  const perCap = new Map<string, { cap: CapRecord; addMinor: bigint }>();
  let usedGivenFx = false;
  for (const [i, line] of input.schedule.entries()) {
    if (!term || !inRange(line.date, term)) {
      const end = term?.end ?? null;
      reasons.push({
        code: 'OUTSIDE_TERM',
        date: line.date,
        termStart: category.termStart,
        termEnd: end,
        path: `schedule[${i}].date`,
        message:
          category.termination && line.date >= category.termination.effectiveOn
            ? `Refused: schedule[${i}] is dated ${line.date}, on or after the termination of "${category.key}" effective ${category.termination.effectiveOn}.`
            : `Refused: schedule[${i}] is dated ${line.date}, outside the term of "${category.key}" (${category.termStart} to ${end ?? category.termEnd}).`,
      });
      continue;
    }
    const cap = coveringCap(agreement, category, line.date);
    if (!cap) {
      reasons.push({
        code: 'NO_COVERING_CAP',
        date: line.date,
        path: `schedule[${i}].date`,
        message: `Refused: no annual cap covers "${category.key}" on ${line.date}; without a cap no transaction may be conducted (Rule 14A.53).`,
      });
      continue;
    }
    const converted = await toCapCurrency(
      ctx,
      actor.issuerId,
      line.amount.minor,
      line.amount.currency,
      cap.currency,
      input.fx?.date ?? input.signedOn,
      input.fx,
      `schedule[${i}].currency`,
    );
    usedGivenFx ||= converted.fx !== null && input.fx !== null;
    lines.push({
      lineNo: i + 1,
      date: line.date,
      currency: line.amount.currency,
      amountMinor: line.amount.minor,
      capId: cap.id,
      capAmountMinor: converted.minor,
      fx: converted.fx,
    });
    const entry = perCap.get(cap.id) ?? { cap, addMinor: 0n };
    perCap.set(cap.id, { cap, addMinor: entry.addMinor + converted.minor });
  }
  if (input.fx && !usedGivenFx && lines.length > 0) {
    throw AppError.invalid([
      {
        path: 'fx',
        message: `no conversion was needed: the order is already in the cap's currency; remove "fx"`,
      },
    ]);
  }
  const touched = [...perCap.values()]
    .sort((a, b) => (a.cap.id < b.cap.id ? -1 : 1))
    .map(({ cap, addMinor }) => ({ cap, addMinor, capMinor: capAmountInForce(cap, input.signedOn) }));
  const tooLarge = touched.find((t) => t.addMinor > MAX_MINOR);
  if (tooLarge)
    throw AppError.invalid([
      {
        path: 'schedule',
        message: `the order's total in the cap for ${tooLarge.cap.periodStart} to ${tooLarge.cap.periodEnd} is larger than the largest amount kept`,
      },
    ]);
  const orderCurrency = input.schedule[0]?.amount.currency ?? 'CNY';
  const pricing = await assessOrderPricing(
    ctx,
    actor,
    input,
    agreement,
    category,
    comparisonCurrency(agreement, category, touched[0]?.cap.currency, orderCurrency),
    mayBeStale,
  );
  return { agreement, category, reasons, lines, touched, pricing };
}

/** The cap reasons against the figures as they stand now. */
async function capReasonsNow(ctx: AppContext, touched: OrderPlan['touched']): Promise<Refusal[]> {
  const capReasons: Refusal[] = [];
  for (const { cap, addMinor, capMinor } of touched) {
    const current = await ctx.store.getUsage(cap.id);
    if (current.actualMinor + current.committedMinor + addMinor <= capMinor) continue;
    capReasons.push(
      capExceeded({
        capId: cap.id,
        periodStart: cap.periodStart,
        periodEnd: cap.periodEnd,
        currency: cap.currency,
        capMinor,
        actualMinor: current.actualMinor,
        committedMinor: current.committedMinor,
        requestedMinor: addMinor,
        describe: describeMoney(cap.currency),
      }),
    );
  }
  return capReasons;
}

/**
 * Where one cap period the schedule touches stands for the order, with the gate's own figures: the
 * cap in force on the signing date, actual + committed now, the headroom and what the order asks.
 */
export interface CheckedPeriod {
  readonly capId: string;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly currency: CurrencyCode;
  readonly cap: string;
  readonly utilised: string;
  /** cap − utilised; negative when the period is already over its cap. */
  readonly headroom: string;
  readonly requested: string;
  readonly fits: boolean;
}

export interface OrderCheck {
  readonly accepted: boolean;
  readonly reasons: OrderRefusal[];
  /** The pricing comparison the order would be kept with. */
  readonly pricing: JsonObject;
  /** Every cap period the schedule touches, in cap-id order (for the live feedback of the order form). */
  readonly periods: CheckedPeriod[];
}

async function checkedPeriods(ctx: AppContext, touched: OrderPlan['touched']): Promise<CheckedPeriod[]> {
  const out: CheckedPeriod[] = [];
  for (const { cap, addMinor, capMinor } of touched) {
    const usage = await ctx.store.getUsage(cap.id);
    const utilised = usage.actualMinor + usage.committedMinor;
    out.push({
      capId: cap.id,
      periodStart: cap.periodStart,
      periodEnd: cap.periodEnd,
      currency: cap.currency,
      cap: money(capMinor, cap.currency),
      utilised: money(utilised, cap.currency),
      headroom: money(capMinor - utilised, cap.currency),
      requested: money(addMinor, cap.currency),
      fits: utilised + addMinor <= capMinor,
    });
  }
  return out;
}

/**
 * POST /api/v1/orders/check: what the gate would answer now, without writing anything — so a user
 * sees the refusals while filling the form. Malformed input is a 422, as for the order itself.
 */
export async function checkOrder(ctx: AppContext, actor: Actor, raw: unknown): Promise<OrderCheck> {
  requireAction(actor, 'order.check');
  const parsedInput = parseOrderInput(raw);
  if (!parsedInput.ok) throw AppError.invalid(parsedInput.errors);
  const plan = await planOrder(ctx, actor, parsedInput.value, false);
  const reasons = [...plan.reasons, ...(await capReasonsNow(ctx, plan.touched)), ...plan.pricing.reasons];
  return {
    accepted: reasons.length === 0,
    reasons,
    pricing: pricingView(plan.pricing.comparison),
    periods: await checkedPeriods(ctx, plan.touched),
  };
}

/**
 * The order gate (14A.54): accepts an order only if, for every cap period it touches,
 * actual + committed + new ≤ cap in force on the signing date — checked and reserved atomically.
 * All refusal reasons are listed together; a refused order writes nothing.
 */
export async function recordOrder(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
  idempotencyKey: string | null = null,
): Promise<Replayable<OrderResponse>> {
  requireAction(actor, 'order.place');
  const hash = idempotencyKey ? requestHash('POST /api/v1/orders', raw) : '';
  const earlier = await replay<OrderResponse>(ctx.store, actor.issuerId, idempotencyKey, hash);
  if (earlier) return earlier;
  const parsedInput = parseOrderInput(raw);
  if (!parsedInput.ok) throw AppError.invalid(parsedInput.errors);
  const input = parsedInput.value;

  return settle(ctx.store, actor.issuerId, idempotencyKey, hash, 'order', async (attempt) => {
    // A copy in memory will do at first: the guarded update checks the agreement's version.
    const plan = await planOrder(ctx, actor, input, attempt === 1);
    return placeOrder(ctx, actor, input, plan, idempotencyKey, hash);
  });
}

async function placeOrder(
  ctx: AppContext,
  actor: Actor,
  input: OrderInput,
  plan: OrderPlan,
  idempotencyKey: string | null,
  hash: string,
): Promise<Replayable<OrderResponse> | 'stale'> {
  const { agreement, category, reasons, lines, touched, pricing } = plan;
  if (reasons.length === 0 && pricing.reasons.length === 0) {
    const pricingJson = pricingView(pricing.comparison);
    const orderId = ctx.ids.next('ord');
    const now = ctx.clock.now();
    const order: OrderRecord = {
      id: orderId,
      issuerId: actor.issuerId,
      agreementId: agreement.id,
      categoryId: category.id,
      reference: input.reference,
      signedOn: input.signedOn,
      status: 'accepted',
      currency: input.schedule[0]?.amount.currency ?? 'CNY',
      createdAt: now,
      createdBy: actor.userId,
      schedule: lines,
      pricing: pricingJson,
    };
    const body: OrderResponse = {
      id: orderId,
      status: 'accepted',
      reference: input.reference,
      reservations: touched.map(({ cap, addMinor, capMinor }) => ({
        capId: cap.id,
        periodStart: cap.periodStart,
        periodEnd: cap.periodEnd,
        currency: cap.currency,
        amount: money(addMinor, cap.currency),
        cap: money(capMinor, cap.currency),
      })),
      pricing: pricingJson,
    };
    const result = await ctx.store.placeOrder({
      order,
      entries: touched.map(({ cap, addMinor }): LedgerEntry => ({
        issuerId: actor.issuerId,
        capId: cap.id,
        categoryId: category.id,
        orderId,
        actualId: null,
        kind: 'reserve',
        effectiveOn: input.signedOn,
        actualDelta: 0n,
        committedDelta: addMinor,
        createdAt: now,
      })),
      guards: touched.map(({ cap, addMinor, capMinor }) => ({ capId: cap.id, addMinor, capMinor })),
      agreementVersion: agreement.version,
      evidence: pricing.evidence,
      registerGuard:
        pricing.registerVersion === null
          ? null
          : { issuerId: actor.issuerId, version: pricing.registerVersion },
      idempotency: idempotencyKey
        ? {
            key: idempotencyKey,
            record: { requestHash: hash, statusCode: 201, responseJson: JSON.stringify(body) },
            createdAt: now,
          }
        : null,
    });
    if (result === 'placed') return { statusCode: 201, body, replayed: false };
    if (result === 'key-taken') return { statusCode: 0, body, replayed: true };
  }
  // Refused: explain it with the figures as they stand now, on the agreement as it stands now.
  if ((await ctx.store.agreementVersion(agreement.id, false)) !== agreement.version) return 'stale';
  // The register moved since the quotes were judged: judge them again on the current one.
  if (
    pricing.registerVersion !== null &&
    (await ctx.store.registerVersion(actor.issuerId)) !== pricing.registerVersion
  )
    return 'stale';
  const capReasons = await capReasonsNow(ctx, touched);
  const all: OrderRefusal[] = [...reasons, ...capReasons, ...pricing.reasons];
  // Everything fits now: headroom was released after the gate said no. Try again.
  if (all.length === 0) return 'stale';
  const body: OrderResponse = { code: 'REFUSED', message: all.map((r) => r.message).join(' '), reasons: all };
  return { statusCode: 409, body, replayed: false };
}
