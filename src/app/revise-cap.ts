import { formatDisplay, parseCapRevisionInput } from '../domain/index.js';
import { breachView, findCapBreach, type BreachView } from './breaches.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';
import { capView, type CapView } from './views.js';

/**
 * Records a revision of a cap (history is kept). One below what is already used is accepted; when
 * actual amounts then exceed the cap in force, the breach is recorded as a permanent event.
 */
export async function reviseCap(
  ctx: AppContext,
  actor: Actor,
  capId: string,
  raw: unknown,
): Promise<{ cap: CapView; revisionId: string; breach?: BreachView }> {
  const found = await ctx.store.findCap(actor.issuerId, capId);
  if (!found) throw AppError.notFound(`cap ${capId}`);
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    // Raising the version first locks the agreement: orders planned on the old cap are re-planned.
    await tx.bumpAgreementVersion(found.agreementId);
    const agreement = await tx.getAgreement(actor.issuerId, found.agreementId);
    const cap = agreement?.caps.find((c) => c.id === capId);
    if (!agreement || !cap) throw AppError.notFound(`cap ${capId}`);
    const input = parseCapRevisionInput(raw, cap.currency);
    if (!input.ok) throw AppError.invalid(input.errors);
    const r = input.value;
    const errors = [];
    if (r.effectiveFrom > cap.periodEnd)
      errors.push({
        path: 'effectiveFrom',
        message: `${r.effectiveFrom} is after the cap period ends (${cap.periodEnd})`,
      });
    if (r.approvedOn > ctx.clock.today())
      errors.push({
        path: 'approvedOn',
        message: `${r.approvedOn} is in the future: record a revision once it has been approved`,
      });
    if (errors.length > 0) throw AppError.invalid(errors);
    const revision = await tx.insertCapRevision(capId, {
      id: ctx.ids.next('rev'),
      amountMinor: r.amount.minor,
      effectiveFrom: r.effectiveFrom,
      approvedOn: r.approvedOn,
      reason: r.reason,
      approvalReference: r.approvalReference,
      recordedAt: now,
      recordedBy: actor.userId,
    });
    const revised = { ...cap, revisions: [...cap.revisions, revision] };
    const usage = await tx.getUsage(capId);
    const from = r.effectiveFrom > cap.periodStart ? r.effectiveFrom : cap.periodStart;
    const finding = await findCapBreach(tx, revised, usage.actualMinor, from);
    let breach: BreachView | undefined;
    if (finding) {
      const record = {
        id: ctx.ids.next('brc'),
        issuerId: actor.issuerId,
        code: 'CAP_EXCEEDED' as const,
        agreementId: agreement.id,
        categoryId: cap.categoryIds[0] ?? '',
        capId,
        actualId: null,
        revisionId: revision.id,
        occurredOn: finding.date,
        currency: cap.currency,
        capMinor: finding.capMinor,
        actualMinor: finding.actualMinor,
        excessMinor: finding.excessMinor,
        recordedAt: now,
      };
      await tx.insertBreach(record);
      const d = (minor: bigint) => formatDisplay({ currency: cap.currency, minor });
      breach = breachView(
        record,
        cap,
        `Breach: after this revision, actual amounts of ${d(finding.actualMinor)} exceed the cap of ${d(finding.capMinor)} in force on ${finding.date} by ${d(finding.excessMinor)} (Rule 14A.54).`,
      );
    }
    return {
      commit: true,
      value: {
        cap: capView(
          { ...agreement, caps: agreement.caps.map((c) => (c.id === capId ? revised : c)) },
          revised,
          true,
        ),
        revisionId: revision.id,
        ...(breach ? { breach } : {}),
      },
    };
  });
}
