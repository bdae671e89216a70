import { checkThresholds, monitoringPolicyOf, raiseBreachAlert } from './alerts.js';
import { formatDisplay, parseCapRevisionInput } from '../domain/index.js';
import { breachView, findCapBreach, type BreachView } from './breaches.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, RevisionReclassification, RevisionRequirement } from './ports.js';
import { reclassifyRevision } from './reclassify-revision.js';
import { capAmountInForce, capView, revisionStatus, type CapView, type RevisionStatus } from './views.js';

export interface ReviseCapResult {
  readonly cap: CapView;
  readonly revisionId: string;
  /** `pending` when the revision raised the tier: it gives no headroom until its approvals are recorded. */
  readonly status: RevisionStatus;
  readonly reclassification: RevisionReclassification;
  readonly requiredApprovals: readonly RevisionRequirement[];
  readonly breach?: BreachView;
}

/** Re-tried when the agreement changed between the re-classification and the write. */
const ATTEMPTS = 5;

/**
 * Records a revision of a cap (history is kept). One below what is already used is accepted; when
 * actual amounts then exceed the cap in force, the breach is recorded as a permanent event.
 *
 * The agreement is re-classified with the revised amount, aggregated (14A.54, issue 3 item 5). When
 * the tier goes up, the revision is `pending`: it gives no headroom until the approvals of the new
 * tier are recorded (recordRevisionApproval). Without the register, figures or rates needed, the
 * re-classification is `not-run` and the revision is approved as recorded.
 */
export async function reviseCap(
  ctx: AppContext,
  actor: Actor,
  capId: string,
  raw: unknown,
): Promise<ReviseCapResult> {
  requireAction(actor, 'cap.revise');
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptRevision(ctx, actor, capId, raw);
    if (outcome !== 'changed') return outcome;
    if (attempt >= ATTEMPTS) {
      throw new AppError('unavailable', `the agreement of cap ${capId} kept changing: try again`);
    }
  }
}

async function attemptRevision(
  ctx: AppContext,
  actor: Actor,
  capId: string,
  raw: unknown,
): Promise<ReviseCapResult | 'changed'> {
  const found = await ctx.store.findCap(actor.issuerId, capId);
  if (!found) throw AppError.notFound(`cap ${capId}`);
  // Re-classified on what is committed, before the write; the write checks that nothing changed since.
  const committed = await ctx.store.getAgreement(actor.issuerId, found.agreementId);
  const committedCap = committed?.caps.find((c) => c.id === capId);
  if (!committed || !committedCap) throw AppError.notFound(`cap ${capId}`);
  const parsed = parseCapRevisionInput(raw, committedCap.currency);
  if (!parsed.ok) throw AppError.invalid(parsed.errors);
  const { reclassification, requiredApprovals } = await reclassifyRevision(
    ctx,
    actor,
    committed,
    committedCap,
    { amountMinor: parsed.value.amount.minor, effectiveFrom: parsed.value.effectiveFrom },
  );
  const now = ctx.clock.now();
  return ctx.store.transaction<ReviseCapResult | 'changed'>(async (tx) => {
    // Raising the version first locks the agreement: orders planned on the old cap are re-planned.
    await tx.bumpAgreementVersion(found.agreementId);
    const agreement = await tx.getAgreement(actor.issuerId, found.agreementId);
    const cap = agreement?.caps.find((c) => c.id === capId);
    if (!agreement || !cap) throw AppError.notFound(`cap ${capId}`);
    if (agreement.version !== committed.version + 1) return { commit: false, value: 'changed' };
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
      reclassification,
      requiredApprovals,
    });
    const status = revisionStatus(revision);
    const revised = { ...cap, revisions: [...cap.revisions, revision] };
    const usage = await tx.getUsage(capId);
    const from = r.effectiveFrom > cap.periodStart ? r.effectiveFrom : cap.periodStart;
    // A pending revision changes no cap in force, so it cannot reveal a breach.
    const finding = status === 'pending' ? null : await findCapBreach(tx, revised, usage.actualMinor, from);
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
      const message = `Breach: after this revision, actual amounts of ${d(finding.actualMinor)} exceed the cap of ${d(finding.capMinor)} in force on ${finding.date} by ${d(finding.excessMinor)} (Rule 14A.54).`;
      breach = breachView(record, cap, message);
      const category = agreement.categories.find((c) => c.id === record.categoryId);
      if (category) {
        const policy = await monitoringPolicyOf(tx, actor.issuerId);
        await raiseBreachAlert(
          ctx,
          tx,
          actor.issuerId,
          policy,
          agreement,
          category,
          revised,
          record,
          message,
        );
      }
    }
    // A lower cap in force may put the actual amounts past a threshold: alert now (issue 5). A
    // higher one re-arms the thresholds, which are keyed by the cap amount.
    const category = agreement.categories.find((c) => cap.categoryIds.includes(c.id));
    if (status !== 'pending' && category) {
      await checkThresholds(ctx, tx, {
        issuerId: actor.issuerId,
        agreement,
        category,
        cap: revised,
        capMinor: capAmountInForce(revised, from),
        actualMinor: usage.actualMinor,
        committedMinor: usage.committedMinor,
        actualId: null,
        date: from,
      });
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
        status,
        reclassification,
        requiredApprovals,
        ...(breach ? { breach } : {}),
      },
    };
  });
}
