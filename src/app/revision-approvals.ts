/**
 * Use case "record an approval of a pending cap revision" (issue 3 item 5, 14A.54): a revision that
 * raised the tier counts only once every approval it requires is recorded, and from
 * max(effectiveFrom, the last required approval's date). Approvals are append-only rows; the
 * revision's status is derived from them.
 */
import { parseDate, type CalendarDate, type FieldError } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, RevisionApprovalKind } from './ports.js';
import { APPROVAL_KINDS } from './reclassify-revision.js';
import { capView, type CapView } from './views.js';

export interface RevisionApprovalResult {
  readonly cap: CapView;
  readonly revision: NonNullable<CapView['history']>[number];
  readonly approvalId: string;
}

function parseApproval(
  raw: unknown,
): { kind: RevisionApprovalKind; date: CalendarDate; reference: string } | FieldError[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ path: '', message: 'the body must be a JSON object' }];
  }
  const body = raw as Record<string, unknown>;
  const errors: FieldError[] = [];
  const kind = body['kind'];
  const isKind = (v: unknown): v is RevisionApprovalKind =>
    typeof v === 'string' && (APPROVAL_KINDS as readonly string[]).includes(v);
  if (!isKind(kind)) {
    errors.push({
      path: 'kind',
      message: `${JSON.stringify(kind ?? null)} is not an approval kind: one of ${APPROVAL_KINDS.join(', ')}`,
    });
  }
  const date = parseDate(body['date'], 'date');
  if (!date.ok) errors.push(...date.errors);
  const reference = body['reference'];
  if (typeof reference !== 'string' || reference.trim() === '') {
    errors.push({ path: 'reference', message: 'is required: the announcement, circular or poll result' });
  }
  if (errors.length > 0 || !isKind(kind) || !date.ok || typeof reference !== 'string') return errors;
  return { kind, date: date.value, reference };
}

export async function recordRevisionApproval(
  ctx: AppContext,
  actor: Actor,
  capId: string,
  revisionId: string,
  raw: unknown,
): Promise<RevisionApprovalResult> {
  requireAction(actor, 'cap.approval');
  const found = await ctx.store.findCap(actor.issuerId, capId);
  if (!found) throw AppError.notFound(`cap ${capId}`);
  const input = parseApproval(raw);
  if (Array.isArray(input)) throw AppError.invalid(input);
  if (input.date > ctx.clock.today()) {
    throw AppError.invalid([
      { path: 'date', message: `${input.date} is in the future: record an approval once it is given` },
    ]);
  }
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    // Raising the version makes orders planned on the cap without this revision re-planned.
    await tx.bumpAgreementVersion(found.agreementId);
    const agreement = await tx.getAgreement(actor.issuerId, found.agreementId);
    const cap = agreement?.caps.find((c) => c.id === capId);
    if (!agreement || !cap) throw AppError.notFound(`cap ${capId}`);
    const revision = cap.revisions.find((r) => r.id === revisionId);
    if (!revision) throw AppError.notFound(`revision ${revisionId} of cap ${capId}`);
    if (revision.requiredApprovals.length === 0) {
      throw AppError.conflict(
        'REVISION_NEEDS_NO_APPROVAL',
        `revision ${revisionId} did not raise the tier: it was approved when recorded`,
      );
    }
    if (!revision.requiredApprovals.some((q) => q.kind === input.kind)) {
      throw AppError.invalid([
        {
          path: 'kind',
          message: `revision ${revisionId} does not require ${input.kind}: it requires ${revision.requiredApprovals
            .map((q) => `${q.kind} (${q.rule})`)
            .join(', ')}`,
        },
      ]);
    }
    const approval = {
      id: ctx.ids.next('rva'),
      revisionId,
      kind: input.kind,
      date: input.date,
      reference: input.reference,
      recordedAt: now,
      recordedBy: actor.userId,
    };
    await tx.insertRevisionApproval(approval);
    const revised = {
      ...cap,
      revisions: cap.revisions.map((r) =>
        r.id === revisionId ? { ...r, approvals: [...r.approvals, approval] } : r,
      ),
    };
    const view = capView(
      { ...agreement, caps: agreement.caps.map((c) => (c.id === capId ? revised : c)) },
      revised,
      true,
    );
    const entry = view.history?.find((h) => h.revisionId === revisionId);
    if (!entry) throw new Error(`revision ${revisionId} is missing from the cap's history`);
    return { commit: true, value: { cap: view, revision: entry, approvalId: approval.id } };
  });
}
