import {
  capExceeded,
  effectiveTerm,
  formatDisplay,
  inRange,
  parseOrderInput,
  type CalendarDate,
  type CurrencyCode,
  type Refusal,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { toCapCurrency } from './fx.js';
import { remember, replay, requestHash, type Replayable } from './idempotency.js';
import type { Actor, AgreementRecord, CapRecord, CategoryRecord, LedgerEntry, OrderRecord, ScheduleLineRecord } from './ports.js';
import { capAmountInForce, money } from './views.js';

export interface ReservationView {
  readonly capId: string;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly currency: CurrencyCode;
  readonly amount: string;
  readonly cap: string;
  readonly utilised: string;
  readonly headroom: string;
}

export type OrderResponse =
  | { readonly id: string; readonly status: 'accepted'; readonly reference: string; readonly reservations: ReservationView[] }
  | { readonly code: 'REFUSED'; readonly message: string; readonly reasons: Refusal[] };

/** The cap whose stated period contains `date` and covers the category. */
export const coveringCap = (agreement: AgreementRecord, category: CategoryRecord, date: CalendarDate): CapRecord | undefined =>
  agreement.caps.find((c) => c.categoryIds.includes(category.id) && date >= c.periodStart && date <= c.periodEnd);

export async function loadCategory(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  categoryKey: string,
): Promise<{ agreement: AgreementRecord; category: CategoryRecord }> {
  const agreement = await ctx.store.getAgreement(actor.issuerId, agreementId);
  if (!agreement) throw AppError.invalid([{ path: 'agreementId', message: `no agreement ${agreementId} exists for this issuer` }]);
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

export const describeMoney = (currency: CurrencyCode) => (minor: bigint) => formatDisplay({ currency, minor });

/**
 * The order gate (14A.54): accepts an order only if, for every cap period it touches,
 * actual + committed + new ≤ cap in force on the signing date — checked and reserved atomically.
 */
export async function recordOrder(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
  idempotencyKey: string | null = null,
): Promise<Replayable<OrderResponse>> {
  const hash = requestHash('POST /api/v1/orders', raw);
  const earlier = await replay<OrderResponse>(ctx.store, actor.issuerId, idempotencyKey, hash);
  if (earlier) return earlier;
  const parsedInput = parseOrderInput(raw);
  if (!parsedInput.ok) throw AppError.invalid(parsedInput.errors);
  const input = parsedInput.value;
  const { agreement, category } = await loadCategory(ctx, actor, input.agreementId, input.categoryKey);

  const reasons: Refusal[] = [];
  if (input.signedOn < agreement.signedOn) {
    reasons.push({
      code: 'AGREEMENT_NOT_EFFECTIVE',
      signedOn: input.signedOn,
      agreementSignedOn: agreement.signedOn,
      message: `Refused: the order is signed on ${input.signedOn}, before the framework agreement was signed on ${agreement.signedOn}.`,
    });
  }
  const term = effectiveTerm({ termStart: category.termStart, termEnd: category.termEnd, terminatedOn: category.termination?.effectiveOn ?? null });
  const lines: ScheduleLineRecord[] = [];
  const perCap = new Map<string, { cap: CapRecord; addMinor: bigint }>();
  for (const [i, line] of input.schedule.entries()) {
    if (!term || !inRange(line.date, term)) {
      const end = term?.end ?? null;
      reasons.push({
        code: 'OUTSIDE_TERM',
        date: line.date,
        termStart: category.termStart,
        termEnd: end,
        path: `schedule[${i}].date`,
        message: category.termination && line.date >= category.termination.effectiveOn
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
      ctx, actor.issuerId, line.amount.minor, line.amount.currency, cap.currency, input.fx?.date ?? input.signedOn, input.fx, `schedule[${i}].currency`,
    );
    lines.push({ lineNo: i + 1, date: line.date, currency: line.amount.currency, amountMinor: line.amount.minor, capId: cap.id, capAmountMinor: converted.minor, fx: converted.fx });
    const entry = perCap.get(cap.id) ?? { cap, addMinor: 0n };
    perCap.set(cap.id, { cap, addMinor: entry.addMinor + converted.minor });
  }

  const orderId = ctx.ids.next('ord');
  const now = ctx.clock.now();
  const touched = [...perCap.values()].sort((a, b) => (a.cap.id < b.cap.id ? -1 : 1));
  const response = await ctx.store.transaction<Replayable<OrderResponse>>(async (tx) => {
    const again = await replay<OrderResponse>(tx, actor.issuerId, idempotencyKey, hash);
    if (again) return { commit: false, value: again };
    const capReasons: Refusal[] = [];
    const reservations: ReservationView[] = [];
    for (const { cap, addMinor } of touched) {
      const capMinor = capAmountInForce(cap, input.signedOn);
      const usage = await tx.tryReserve(cap.id, addMinor, capMinor);
      if (usage) {
        const utilised = usage.actualMinor + usage.committedMinor;
        reservations.push({
          capId: cap.id, periodStart: cap.periodStart, periodEnd: cap.periodEnd, currency: cap.currency,
          amount: money(addMinor, cap.currency), cap: money(capMinor, cap.currency),
          utilised: money(utilised, cap.currency), headroom: money(capMinor - utilised, cap.currency),
        });
      } else {
        const current = await tx.getUsage(cap.id);
        capReasons.push(
          capExceeded({
            capId: cap.id, periodStart: cap.periodStart, periodEnd: cap.periodEnd, currency: cap.currency, capMinor,
            actualMinor: current.actualMinor, committedMinor: current.committedMinor, requestedMinor: addMinor,
            describe: describeMoney(cap.currency),
          }),
        );
      }
    }
    const all = [...reasons, ...capReasons];
    if (all.length > 0) {
      const body: OrderResponse = { code: 'REFUSED', message: all.map((r) => r.message).join(' '), reasons: all };
      return { commit: false, value: { statusCode: 409, body, replayed: false } };
    }
    const order: OrderRecord = {
      id: orderId, issuerId: actor.issuerId, agreementId: agreement.id, categoryId: category.id, reference: input.reference,
      signedOn: input.signedOn, status: 'accepted', currency: input.schedule[0]?.amount.currency ?? 'CNY', createdAt: now,
      createdBy: actor.userId, schedule: lines,
    };
    await tx.insertOrder(order);
    await tx.appendLedger(
      touched.map(({ cap, addMinor }): LedgerEntry => ({
        issuerId: actor.issuerId, capId: cap.id, categoryId: category.id, orderId, actualId: null, kind: 'reserve',
        effectiveOn: input.signedOn, actualDelta: 0n, committedDelta: addMinor, createdAt: now,
      })),
    );
    const body: OrderResponse = { id: orderId, status: 'accepted', reference: input.reference, reservations };
    if (!(await remember(tx, actor.issuerId, idempotencyKey, hash, 201, body, now))) {
      return { commit: false, value: { statusCode: 0, body, replayed: true } };
    }
    return { commit: true, value: { statusCode: 201, body, replayed: false } };
  });
  if (response.statusCode === 0) {
    // A concurrent request with the same key won; answer with its response.
    const winner = await replay<OrderResponse>(ctx.store, actor.issuerId, idempotencyKey, hash);
    if (winner) return winner;
    throw new AppError('unavailable', 'a concurrent request with the same Idempotency-Key did not complete; retry');
  }
  return response;
}
