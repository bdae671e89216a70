/**
 * Issue 7: a report's knowledge date. A report for a past period shows the state in force then,
 * counting only what had been recorded by its knowledge date (an instant): every row carries when it
 * was recorded, and a row recorded later is left out, as if it had not happened yet.
 *
 * `knownAtContext` gives the builders a context whose store answers as of that instant, so the
 * builders need not know about it. What it covers:
 * - agreements created by then, with the cap revisions, approvals and terminations recorded by then;
 * - ledger reads (utilisation, movements by day, forecasts' inputs): entries recorded by then;
 * - orders, breaches, alerts (and their acknowledgements), escalations (and their steps, so their
 *   status is the one then), the register, issuer figures, agreement facts and evidence, board
 *   resolutions, material changes, the annual review's records and 14A.59 tasks (open if completed
 *   later), issued reports.
 *
 * Known limits (decision 0015): an order's status and schedule are as they stand now (cancelled,
 * closed or reduced later shows so); the monitoring policy is the current one. Transactions go to the
 * store as it is: the one write a report makes is recording a reader's recusal when it first takes
 * effect (13.44, recusal.ts), which is a fact of now, not of the knowledge date.
 */
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { AlertFilter, AlertRecord, EscalationRecord, EscalationStatus } from '../monitoring-ports.js';
import type { AgreementRecord, Store } from '../ports.js';
import type { FollowUpTaskRecord } from '../review-ports.js';
import { hkDateOf } from './common.js';

const by = (knownAt: string) => (t: string | null | undefined) =>
  t !== null && t !== undefined && t <= knownAt;

/** The agreement as recorded by `knownAt`, or null when it was recorded later. */
export function agreementKnownAt(a: AgreementRecord, knownAt: string): AgreementRecord | null {
  const known = by(knownAt);
  if (!known(a.createdAt)) return null;
  return {
    ...a,
    categories: a.categories.map((c) => ({
      ...c,
      termination: c.termination && known(c.termination.recordedAt) ? c.termination : null,
    })),
    caps: a.caps.map((cap) => ({
      ...cap,
      revisions: cap.revisions
        .filter((r) => known(r.recordedAt))
        .map((r) => ({ ...r, approvals: r.approvals.filter((x) => known(x.recordedAt)) })),
    })),
  };
}

/** The context whose store reads as of `knownAt`. */
export function knownAtContext(ctx: AppContext, knownAt: string): AppContext {
  return { ...ctx, store: knownAtStore(ctx.store, knownAt) };
}

function knownAtStore(store: Store, knownAt: string): Store {
  const known = by(knownAt);
  const recorded = <T extends { readonly recordedAt: string }>(rows: T[]): T[] =>
    rows.filter((x) => known(x.recordedAt));
  const created = <T extends { readonly createdAt: string }>(rows: T[]): T[] =>
    rows.filter((x) => known(x.createdAt));
  const escalationAsThen = async (e: EscalationRecord): Promise<EscalationRecord> => {
    const steps = (await store.listEscalationSteps([e.id])).filter((s) => known(s.at));
    const last = steps.sort((x, y) => x.seq - y.seq).at(-1);
    return last ? { ...e, status: last.step } : e;
  };
  const taskAsThen = (t: FollowUpTaskRecord): FollowUpTaskRecord =>
    known(t.completedAt)
      ? t
      : { ...t, status: 'open', completedAt: null, completedBy: null, completionNote: null };

  const overrides: Partial<Store> = {
    getAgreement: async (issuerId, id) => {
      const a = await store.getAgreement(issuerId, id);
      return a && agreementKnownAt(a, knownAt);
    },
    listAgreements: async (issuerId) =>
      (await store.listAgreements(issuerId)).flatMap((a) => {
        const k = agreementKnownAt(a, knownAt);
        return k ? [k] : [];
      }),
    utilisation: (capIds, asOf) => store.utilisation(capIds, asOf, knownAt),
    actualsByDate: (capId) => store.actualsByDate(capId, knownAt),
    ledgerByDate: (capId) => store.ledgerByDate(capId, knownAt),
    categoryActualsBefore: (capId) => store.categoryActualsBefore(capId, knownAt),
    openCommitmentsByDate: (capId, asOf) => store.openCommitmentsByDate(capId, asOf, knownAt),
    getOrder: async (issuerId, id) => {
      const o = await store.getOrder(issuerId, id);
      return o && known(o.createdAt) ? o : null;
    },
    listOrdersSigned: async (issuerId, from, to) => created(await store.listOrdersSigned(issuerId, from, to)),
    listOpenOrders: async (categoryId) => created(await store.listOpenOrders(categoryId)),
    listBreaches: async (issuerId, agreementId) => recorded(await store.listBreaches(issuerId, agreementId)),
    listAlerts: async (issuerId, filter?: AlertFilter) => {
      const { unacknowledged, ...rest } = filter ?? {};
      const alerts = (await store.listAlerts(issuerId, rest)).filter((x: AlertRecord) => known(x.raisedAt));
      if (!unacknowledged) return alerts;
      const acked = new Set(
        (await store.listAcknowledgements(alerts.map((x) => x.id)))
          .filter((x) => known(x.acknowledgedAt))
          .map((x) => x.alertId),
      );
      return alerts.filter((x) => !acked.has(x.id));
    },
    listAcknowledgements: async (alertIds) =>
      (await store.listAcknowledgements(alertIds)).filter((x) => known(x.acknowledgedAt)),
    listRemediations: async (alertIds) => recorded(await store.listRemediations(alertIds)),
    listEscalations: async (issuerId, status?: EscalationStatus) => {
      const raised = (await store.listEscalations(issuerId)).filter((e) => known(e.raisedAt));
      const asThen = await Promise.all(raised.map(escalationAsThen));
      return status === undefined ? asThen : asThen.filter((e) => e.status === status);
    },
    listEscalationSteps: async (ids) => (await store.listEscalationSteps(ids)).filter((x) => known(x.at)),
    listRegisterParties: async (issuerId) => recorded(await store.listRegisterParties(issuerId)),
    listRegisterRelationships: async (issuerId) => recorded(await store.listRegisterRelationships(issuerId)),
    latestIssuerFigures: async (issuerId, onOrBefore) => {
      const f = await store.latestIssuerFigures(issuerId, onOrBefore);
      // The latest figures recorded by then may be older ones: say none rather than show later ones.
      return f && known(f.recordedAt) ? f : null;
    },
    listAgreementFacts: async (issuerId) => recorded(await store.listAgreementFacts(issuerId)),
    listBoardResolutions: async (issuerId) => recorded(await store.listBoardResolutions(issuerId)),
    listMaterialChanges: async (agreementId) => recorded(await store.listMaterialChanges(agreementId)),
    listAgreementEvidence: async (issuerId, agreementId) =>
      recorded(await store.listAgreementEvidence(issuerId, agreementId)),
    listInedSignOffs: async (issuerId, year) => recorded(await store.listInedSignOffs(issuerId, year)),
    listAuditorLetters: async (issuerId, year) =>
      (await store.listAuditorLetters(issuerId, year))
        .filter((l) => known(l.recordedAt))
        // The copy to the Exchange is a later fact of the same letter, kept as a date only.
        .map((l) =>
          l.sentToExchangeOn !== null && l.sentToExchangeOn > hkDateOf(knownAt)
            ? { ...l, sentToExchangeOn: null }
            : l,
        ),
    getAnnualReviewSettings: async (issuerId, year) => {
      const s = await store.getAnnualReviewSettings(issuerId, year);
      return s && known(s.recordedAt) ? s : null;
    },
    listFollowUpTasks: async (issuerId, filter) => {
      const { status, ...rest } = filter ?? {};
      const tasks = (await store.listFollowUpTasks(issuerId, rest))
        .filter((t) => known(t.createdAt))
        .map(taskAsThen);
      return status === undefined ? tasks : tasks.filter((t) => t.status === status);
    },
    getFollowUpTask: async (issuerId, id) => {
      const t = await store.getFollowUpTask(issuerId, id);
      return t && known(t.createdAt) ? taskAsThen(t) : null;
    },
    listIssuedReports: async (issuerId, filter) =>
      (await store.listIssuedReports(issuerId, filter)).filter((r) => known(r.issuedAt)),
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop))
        return (overrides as Record<string, unknown>)[prop];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A knowledge date as given (`knownAt`): an ISO instant with its offset, or a calendar date meaning
 * the end of that day in Hong Kong. Normalised to the form the records carry (UTC, milliseconds), and
 * not after `now`: what will be known later cannot be reported on.
 */
export function parseKnownAt(value: string, now: string): string {
  const v = value.trim();
  const iso = DATE.test(v) ? `${v}T23:59:59.999+08:00` : INSTANT.test(v) ? v : null;
  const t = iso === null ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(t))
    throw AppError.invalid([
      {
        path: 'knownAt',
        message: `must be an instant such as "2026-12-01T09:00:00+08:00" or a date such as "2026-12-01" (the end of that day in Hong Kong); got ${JSON.stringify(value)}`,
      },
    ]);
  const normal = new Date(t).toISOString();
  if (normal > now)
    throw AppError.invalid([
      {
        path: 'knownAt',
        message: `${normal} is after now (${now}): a report can only count what is already recorded`,
      },
    ]);
  return normal;
}
