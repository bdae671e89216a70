import { parseText } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { ActualRecord, Actor, LedgerEntry } from './ports.js';
import { money } from './views.js';

/**
 * Reverses an actual by a reversing entry dated like the original (the amount never counted). What
 * the actual took from a still-open order's reservation is restored to it.
 */
export async function reverseActual(ctx: AppContext, actor: Actor, actualId: string, raw: unknown) {
  requireAction(actor, 'actual.reverse');
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const reason = parseText(body['reason'], 'reason', { required: true });
  if (!reason.ok) throw AppError.invalid(reason.errors);
  const now = ctx.clock.now();
  const reversalId = ctx.ids.next('act');
  return ctx.store.transaction(async (tx) => {
    const original = await tx.getActual(actor.issuerId, actualId);
    if (!original) throw AppError.notFound(`actual ${actualId}`);
    if (original.reversesId)
      throw AppError.conflict('IS_A_REVERSAL', `${actualId} is itself a reversing entry`);
    if (await tx.findReversal(actor.issuerId, actualId))
      throw AppError.conflict('ALREADY_REVERSED', `actual ${actualId} has already been reversed`);
    const reversal: ActualRecord = {
      ...original,
      id: reversalId,
      amountMinor: -original.amountMinor,
      capAmountMinor: -original.capAmountMinor,
      reversesId: original.id,
      reason: reason.value,
      createdAt: now,
      createdBy: actor.userId,
    };
    await tx.insertActual(reversal);
    const entries: LedgerEntry[] = [
      {
        issuerId: actor.issuerId,
        capId: original.capId,
        categoryId: original.categoryId,
        orderId: original.orderId,
        actualId: reversalId,
        kind: 'actual-reversal',
        effectiveOn: original.date,
        actualDelta: -original.capAmountMinor,
        committedDelta: 0n,
        createdAt: now,
      },
    ];
    let restored = 0n;
    if (original.orderId && original.capId) {
      const order = await tx.lockOrder(actor.issuerId, original.orderId);
      if (order?.status === 'accepted') {
        restored = (await tx.consumedByActual(original.id))
          .filter((c) => c.capId === original.capId)
          .reduce((s, c) => s + c.minor, 0n);
        if (restored > 0n) {
          entries.push({
            issuerId: actor.issuerId,
            capId: original.capId,
            categoryId: original.categoryId,
            orderId: original.orderId,
            actualId: reversalId,
            kind: 'restore',
            effectiveOn: original.date,
            actualDelta: 0n,
            committedDelta: restored,
            createdAt: now,
          });
        }
      }
    }
    if (original.capId) await tx.adjustUsage(original.capId, -original.capAmountMinor, restored);
    await tx.appendLedger(entries);
    const currency = original.currency;
    const capCurrency = original.capId ? ((await tx.capCurrency(original.capId)) ?? currency) : currency;
    return {
      commit: true,
      value: {
        id: reversalId,
        reverses: original.id,
        amount: money(-original.amountMinor, currency),
        currency,
        reason: reason.value,
        restoredToOrder: money(restored, capCurrency),
        capCurrency,
      },
    };
  });
}
