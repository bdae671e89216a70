import { parseTerminationInput } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, LedgerEntry } from './ports.js';
import { agreementView, money, type AgreementView } from './views.js';

/**
 * Terminates a category early: `effectiveOn` is the first day out of force. Later caps end with it;
 * reservations scheduled on or after it are released. A reduced cap for the current period is a
 * separate revision.
 */
export async function terminateCategory(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  raw: unknown,
): Promise<{ agreement: AgreementView; released: { orderId: string; capId: string; amount: string }[] }> {
  requireAction(actor, 'category.terminate');
  const input = parseTerminationInput(raw);
  if (!input.ok) throw AppError.invalid(input.errors);
  const t = input.value;
  if (!(await ctx.store.agreementExists(actor.issuerId, agreementId)))
    throw AppError.notFound(`agreement ${agreementId}`);
  const now = ctx.clock.now();
  // Released from the termination date, or from today when it is recorded ahead of time.
  const releasedOn = t.effectiveOn < ctx.clock.today() ? t.effectiveOn : ctx.clock.today();
  return ctx.store.transaction(async (tx) => {
    // Raising the version first locks the agreement: orders planned on the old term are re-planned.
    await tx.bumpAgreementVersion(agreementId);
    const agreement = await tx.getAgreement(actor.issuerId, agreementId);
    if (!agreement) throw AppError.notFound(`agreement ${agreementId}`);
    const category = agreement.categories.find((c) => c.key === t.categoryKey);
    if (!category)
      throw AppError.invalid([
        { path: 'categoryKey', message: `"${t.categoryKey}" is not a category of this agreement` },
      ]);
    if (category.termination)
      throw AppError.conflict(
        'ALREADY_TERMINATED',
        `"${category.key}" was already terminated effective ${category.termination.effectiveOn}`,
      );
    if (t.effectiveOn < category.termStart || t.effectiveOn > category.termEnd) {
      throw AppError.invalid([
        {
          path: 'effectiveOn',
          message: `must fall within the term (${category.termStart} to ${category.termEnd}): it is the first day out of force`,
        },
      ]);
    }
    const termination = {
      effectiveOn: t.effectiveOn,
      reason: t.reason,
      recordedAt: now,
      recordedBy: actor.userId,
    };
    await tx.insertTermination(category.id, termination);
    const released: { orderId: string; capId: string; amount: string }[] = [];
    for (const listed of await tx.listOpenOrders(category.id)) {
      const order = await tx.lockOrder(actor.issuerId, listed.id);
      if (order?.status !== 'accepted') continue;
      const balances = await tx.orderBalances(order.id);
      const entries: LedgerEntry[] = [];
      for (const b of balances) {
        const later = order.schedule
          .filter((l) => l.capId === b.capId && l.date >= t.effectiveOn)
          .reduce((s, l) => s + l.capAmountMinor, 0n);
        const minor = later < b.openMinor ? later : b.openMinor;
        if (minor <= 0n) continue;
        await tx.adjustUsage(b.capId, 0n, -minor);
        entries.push({
          issuerId: actor.issuerId,
          capId: b.capId,
          categoryId: category.id,
          orderId: order.id,
          actualId: null,
          kind: 'release',
          effectiveOn: releasedOn,
          actualDelta: 0n,
          committedDelta: -minor,
          createdAt: now,
        });
        const currency = agreement.caps.find((c) => c.id === b.capId)?.currency ?? order.currency;
        released.push({ orderId: order.id, capId: b.capId, amount: money(minor, currency) });
      }
      await tx.appendLedger(entries);
    }
    const updated = {
      ...agreement,
      categories: agreement.categories.map((c) => (c.id === category.id ? { ...c, termination } : c)),
    };
    return { commit: true, value: { agreement: agreementView(updated, true), released } };
  });
}
