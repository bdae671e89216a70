/**
 * Cap-insufficiency escalations (issue 5, internal control 2): when the forecast for a cap period
 * exceeds the cap (beyond the policy's margin), an escalation is raised with a CAP_INSUFFICIENT
 * alert; senior management reviews it; the board decides — revise the cap (linking the revision,
 * which carries issue 3's re-classification) or no action, with its reason. Every step is kept.
 */
import {
  ErrorSink,
  formatDateEn,
  formatDateZh,
  formatDisplay,
  formatMinor,
  formatPercent,
  parseText,
  type CalendarDate,
} from '../domain/index.js';
import type { MonitoringPolicy } from '../domain/monitoring/policy.js';
import { bodyObject, moneyZh, monitoringPolicyOf, raiseAlert } from './alerts.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  EscalationDecision,
  EscalationRecord,
  EscalationStatus,
  EscalationStepRecord,
} from './monitoring-ports.js';
import type { Actor, AgreementRecord, CapRecord, StoreReader, StoreTx } from './ports.js';
import {
  recusalsFor,
  requireNotRecused,
  withheldNotice,
  type Recusal,
  type WithheldNotice,
} from './recusal.js';
import { revisionStatus } from './views.js';

/** What a forecast says about one cap period, as the escalation needs it. */
export interface CapOutlook {
  readonly agreement: AgreementRecord;
  readonly cap: CapRecord;
  /** The cap in force on the forecast date. */
  readonly capMinor: bigint;
  readonly projectedMinor: bigint;
  readonly asOf: CalendarDate;
  /** The forecast as the API shows it, kept with the escalation. */
  readonly forecast: { readonly [key: string]: unknown };
}

/** Whether the projection exceeds the cap by more than the policy's margin (a fraction of the cap). */
export function insufficient(
  o: Pick<CapOutlook, 'capMinor' | 'projectedMinor'>,
  policy: MonitoringPolicy,
): boolean {
  const margin = policy.escalationMargin;
  // projected > cap × (1 + margin/100), exactly: projected × 100 × den > cap × (100 × den + num).
  return (
    o.projectedMinor * 100n * margin.denominator > o.capMinor * (100n * margin.denominator + margin.numerator)
  );
}

/**
 * Raises the escalation (and its CAP_INSUFFICIENT alert) for a cap period whose forecast exceeds the
 * cap, once per cap amount: a revised cap that again looks insufficient escalates again.
 */
export async function escalateIfInsufficient(
  ctx: AppContext,
  tx: StoreTx,
  issuerId: string,
  policy: MonitoringPolicy,
  o: CapOutlook,
): Promise<EscalationRecord | null> {
  if (!insufficient(o, policy)) return null;
  const { cap, agreement } = o;
  const d = (m: bigint) => formatDisplay({ currency: cap.currency, minor: m });
  const names = agreement.categories.filter((c) => cap.categoryIds.includes(c.id)).map((c) => c.name);
  const en = names.map((n) => n.en).join(' and ');
  const zh = names.map((n) => n['zh-Hant'] ?? n.en).join('及');
  const pct = formatPercent(o.projectedMinor, o.capMinor, 1);
  const dedupeKey = `CAP_INSUFFICIENT:${cap.id}:${o.capMinor}`;
  const alert = await raiseAlert(ctx, tx, issuerId, policy, {
    kind: 'CAP_INSUFFICIENT',
    severity: 'critical',
    dedupeKey,
    agreementId: agreement.id,
    categoryId: cap.categoryIds[0] ?? null,
    cap,
    threshold: null,
    capMinor: o.capMinor,
    actualMinor: null,
    committedMinor: null,
    actualId: null,
    breachId: null,
    occurredOn: o.asOf,
    subject: `Cap insufficient: ${en} for ${formatDateEn(cap.periodStart)} to ${formatDateEn(cap.periodEnd)}`,
    message: {
      en:
        `The forecast for ${en} (${formatDateEn(cap.periodStart)} to ${formatDateEn(cap.periodEnd)}) is ${d(o.projectedMinor)}, ` +
        `${pct}% of the cap of ${d(o.capMinor)}: senior management to review and report to the board, which considers ` +
        'revising the cap in compliance with Rule 14A.54 before it is exceeded.',
      'zh-Hant':
        `${zh}（${formatDateZh(cap.periodStart)}至${formatDateZh(cap.periodEnd)}）的預測金額為${moneyZh(cap.currency, o.projectedMinor)}，` +
        `為年度上限${moneyZh(cap.currency, o.capMinor)}的${pct}%：高級管理層須審閱並向董事會匯報，董事會將考慮在超出上限前根據上市規則第14A.54條修訂年度上限。`,
    },
    details: { forecast: o.forecast, projected: formatMinor(o.projectedMinor, cap.currency) },
  });
  const now = ctx.clock.now();
  const escalation: EscalationRecord = {
    id: ctx.ids.next('esc'),
    issuerId,
    dedupeKey,
    agreementId: agreement.id,
    capId: cap.id,
    periodStart: cap.periodStart,
    periodEnd: cap.periodEnd,
    status: 'raised',
    alertId: alert?.id ?? null,
    forecast: o.forecast,
    raisedAt: now,
  };
  const raised: EscalationStepRecord = {
    id: ctx.ids.next('ess'),
    escalationId: escalation.id,
    seq: 1,
    step: 'raised',
    decision: null,
    revisionId: null,
    reason: `forecast ${d(o.projectedMinor)} exceeds the cap of ${d(o.capMinor)} as of ${o.asOf}`,
    notes: null,
    at: now,
    by: 'system: daily forecast',
  };
  return (await tx.insertEscalation(escalation, raised)) ? escalation : null;
}

export async function escalateAll(
  ctx: AppContext,
  issuerId: string,
  outlooks: readonly CapOutlook[],
): Promise<EscalationRecord[]> {
  const policy = await monitoringPolicyOf(ctx.store, issuerId);
  const out: EscalationRecord[] = [];
  for (const o of outlooks) {
    if (!insufficient(o, policy)) continue;
    const e = await ctx.store.transaction(async (tx) => ({
      commit: true,
      value: await escalateIfInsufficient(ctx, tx, issuerId, policy, o),
    }));
    if (e) out.push(e);
  }
  return out;
}

// ---- views and transitions ----

export interface EscalationView {
  readonly id: string;
  readonly status: EscalationStatus;
  readonly agreementId: string;
  readonly capId: string;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly alertId: string | null;
  readonly raisedAt: string;
  /** The forecast put to the board; null when withheld (see `withheld`). */
  readonly forecast: { readonly [key: string]: unknown } | null;
  readonly steps: readonly {
    seq: number;
    step: EscalationStatus;
    decision: EscalationDecision | null;
    revisionId: string | null;
    reason: string | null;
    notes: string | null;
    at: string;
    by: string;
  }[];
  /** For a revise-cap decision: the revision and its re-classification (issue 3). */
  readonly revision: {
    id: string;
    amount: string;
    effectiveFrom: CalendarDate;
    status: string;
    reclassification: unknown;
  } | null;
  /**
   * Present when the reader must abstain on the escalated cap's agreement (13.44, issue 6 item 5):
   * the board papers — the forecast and the figures and notes of each step — are withheld; the
   * steps still show what happened, when and by whom.
   */
  readonly withheld?: WithheldNotice;
}

/** The view with the board papers withheld from a reader who must abstain (13.44). */
const withheldFrom = (view: EscalationView, recusal: Recusal | undefined): EscalationView =>
  recusal
    ? {
        ...view,
        forecast: null,
        steps: view.steps.map((s) => ({ ...s, reason: null, notes: null })),
        withheld: withheldNotice(recusal),
      }
    : view;

async function views(
  reader: StoreReader,
  issuerId: string,
  list: readonly EscalationRecord[],
): Promise<EscalationView[]> {
  const steps = await reader.listEscalationSteps(list.map((e) => e.id));
  const out: EscalationView[] = [];
  for (const e of list) {
    const own = steps.filter((s) => s.escalationId === e.id);
    const revisionId = own.find((s) => s.revisionId !== null)?.revisionId ?? null;
    let revision: EscalationView['revision'] = null;
    if (revisionId !== null) {
      const agreement = await reader.getAgreement(issuerId, e.agreementId);
      const cap = agreement?.caps.find((c) => c.id === e.capId);
      const r = cap?.revisions.find((x) => x.id === revisionId);
      if (cap && r) {
        revision = {
          id: r.id,
          amount: formatMinor(r.amountMinor, cap.currency),
          effectiveFrom: r.effectiveFrom,
          status: revisionStatus(r),
          reclassification: r.reclassification,
        };
      }
    }
    out.push({
      id: e.id,
      status: e.status,
      agreementId: e.agreementId,
      capId: e.capId,
      periodStart: e.periodStart,
      periodEnd: e.periodEnd,
      alertId: e.alertId,
      raisedAt: e.raisedAt,
      forecast: e.forecast,
      steps: own.map((s) => ({
        seq: s.seq,
        step: s.step,
        decision: s.decision,
        revisionId: s.revisionId,
        reason: s.reason,
        notes: s.notes,
        at: s.at,
        by: s.by,
      })),
      revision,
    });
  }
  return out;
}

const STATUSES: readonly EscalationStatus[] = ['raised', 'reviewed', 'decided'];

export async function listEscalations(
  ctx: AppContext,
  actor: Actor,
  status: string | undefined,
): Promise<{ items: EscalationView[] }> {
  requireAction(actor, 'escalation.read');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    throw AppError.invalid([
      { path: 'status', message: `must be one of ${STATUSES.join(', ')} (got "${status}")` },
    ]);
  const list = await ctx.store.listEscalations(actor.issuerId, status as EscalationStatus | undefined);
  const items = await views(ctx.store, actor.issuerId, list);
  const recusals = await recusalsFor(
    ctx,
    actor,
    list.map((e) => e.agreementId),
  );
  return { items: items.map((v) => withheldFrom(v, recusals.get(v.agreementId))) };
}

export async function getEscalationView(ctx: AppContext, actor: Actor, id: string): Promise<EscalationView> {
  requireAction(actor, 'escalation.read');
  const e = await ctx.store.getEscalation(actor.issuerId, id);
  if (!e) throw AppError.notFound(`escalation ${id}`);
  const [view] = await views(ctx.store, actor.issuerId, [e]);
  if (!view) throw AppError.notFound(`escalation ${id}`);
  return withheldFrom(view, (await recusalsFor(ctx, actor, [e.agreementId])).get(e.agreementId));
}

async function advance(
  ctx: AppContext,
  actor: Actor,
  id: string,
  from: EscalationStatus,
  step: Omit<EscalationStepRecord, 'id' | 'escalationId' | 'seq' | 'at' | 'by'>,
  check?: (e: EscalationRecord, tx: StoreTx) => Promise<void>,
): Promise<EscalationView> {
  return ctx.store.transaction(async (tx) => {
    const e = await tx.getEscalation(actor.issuerId, id);
    if (!e) throw AppError.notFound(`escalation ${id}`);
    if (e.status !== from) {
      throw AppError.conflict(
        'ESCALATION_STATE',
        `escalation ${id} is ${e.status}: it can be ${step.step} only when ${from}`,
      );
    }
    if (check) await check(e, tx);
    const seq = (await tx.listEscalationSteps([id])).length + 1;
    const moved = await tx.advanceEscalation(from, {
      ...step,
      id: ctx.ids.next('ess'),
      escalationId: id,
      seq,
      at: ctx.clock.now(),
      by: actor.userId,
    });
    if (!moved)
      throw AppError.conflict('ESCALATION_STATE', `escalation ${id} was moved by someone else first`);
    const updated = await tx.getEscalation(actor.issuerId, id);
    const [view] = await views(tx, actor.issuerId, updated ? [updated] : []);
    if (!view) throw AppError.notFound(`escalation ${id}`);
    return { commit: true, value: view };
  });
}

/** Senior management's review: raised → reviewed, with notes. */
export async function reviewEscalation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<EscalationView> {
  requireAction(actor, 'escalation.review');
  const body = bodyObject(raw);
  const sink = new ErrorSink();
  const notes = sink.take(parseText(body['notes'], 'notes', { required: true, max: 8000 }));
  if (sink.errors.length > 0 || !notes) throw AppError.invalid(sink.errors);
  return advance(ctx, actor, id, 'raised', {
    step: 'reviewed',
    decision: null,
    revisionId: null,
    reason: null,
    notes: notes.trim(),
  });
}

/**
 * The board's decision: reviewed → decided. `revise-cap` names the cap revision recorded for it
 * (POST /api/v1/caps/:id/revisions, which re-classifies the agreement); `no-action` needs a reason.
 */
export async function decideEscalation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<EscalationView> {
  requireAction(actor, 'escalation.decide');
  const body = bodyObject(raw);
  const sink = new ErrorSink();
  const decision = body['decision'];
  if (decision !== 'revise-cap' && decision !== 'no-action')
    sink.add('decision', `must be "revise-cap" or "no-action" (got ${JSON.stringify(decision)})`);
  const reason = sink.take(
    parseText(body['reason'], 'reason', { required: decision === 'no-action', max: 8000 }),
  );
  const notes = sink.take(parseText(body['notes'], 'notes', { required: false, max: 8000 }));
  const revisionId = sink.take(
    parseText(body['revisionId'], 'revisionId', { required: decision === 'revise-cap', max: 200 }),
  );
  if (decision === 'no-action' && body['revisionId'] !== undefined && body['revisionId'] !== null)
    sink.add('revisionId', 'is only for a revise-cap decision');
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  // 13.44: a director who must abstain on the agreement takes no part in the board's decision.
  const escalated = await ctx.store.getEscalation(actor.issuerId, id);
  if (escalated)
    await requireNotRecused(
      ctx,
      actor,
      escalated.agreementId,
      "You take no part in the board's decision on this escalation.",
    );
  return advance(
    ctx,
    actor,
    id,
    'reviewed',
    {
      step: 'decided',
      decision: decision as EscalationDecision,
      revisionId: revisionId?.trim() ?? null,
      reason: reason?.trim() ?? null,
      notes: notes?.trim() ?? null,
    },
    async (e, tx) => {
      if (decision !== 'revise-cap') return;
      const agreement = await tx.getAgreement(actor.issuerId, e.agreementId);
      const cap = agreement?.caps.find((c) => c.id === e.capId);
      if (!cap?.revisions.some((r) => r.id === revisionId?.trim())) {
        throw AppError.invalid([
          {
            path: 'revisionId',
            message: `"${revisionId ?? ''}" is not a revision of cap ${e.capId}: record the revision first (POST /api/v1/caps/${e.capId}/revisions)`,
          },
        ]);
      }
    },
  );
}
