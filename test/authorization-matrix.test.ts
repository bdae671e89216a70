/**
 * Issue 6, item 2: the role × action matrix enforced by the use cases themselves (decision 0012).
 * Every action of `ACTIONS` maps to the use case it gates; each is called once per role, with junk
 * or minimal input, because the check comes first: a role the matrix refuses gets 'forbidden'
 * whatever the input, and a role it allows never does (it may still get invalid input, not found,
 * a conflict or a success). An action without a row fails the table test, so a new use case cannot
 * ship without its check being exercised here.
 */
import { createImportRun, getImportRun } from '../src/app/import.js';
import { getImportMapping, listImportMappings, putImportMapping } from '../src/app/import-mappings.js';
import { grantRole, listMembers, removeRole } from '../src/app/user-admin.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acknowledgeAlert,
  getAlertView,
  getInbox,
  getMonitoringPolicy,
  listAlerts,
  markInboxItemRead,
  putMonitoringPolicy,
  recordRemediation,
} from '../src/app/alerts.js';
import { recordAgreementFacts } from '../src/app/agreement-facts.js';
import {
  auditorLetterStatus,
  markLetterSentToExchange,
  putAnnualReviewSettings,
  recordAuditorLetter,
} from '../src/app/auditor-letter.js';
import { readAuditLog } from '../src/app/audit.js';
import { buildMonthlyMonitoring } from '../src/app/reports/monthly-monitoring.js';
import { listBoardResolutions, recordBoardResolution } from '../src/app/board-resolutions.js';
import { listBreachViews } from '../src/app/breaches.js';
import { classifyAgreements } from '../src/app/classify-agreements.js';
import { classifyScenario } from '../src/app/classify.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { AppError } from '../src/app/errors.js';
import {
  decideEscalation,
  getEscalationView,
  listEscalations,
  reviewEscalation,
} from '../src/app/escalations.js';
import {
  getEvidence,
  getEvidenceContent,
  listAgreementEvidence,
  recordAgreementEvidence,
  uploadEvidence,
} from '../src/app/evidence.js';
import { getAgreement, listAgreements } from '../src/app/get-agreements.js';
import { getForecasts, getUtilizationHistory } from '../src/app/get-forecasts.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { recordIssuerFigures } from '../src/app/issuer-figures.js';
import { getIssuerView, updateIssuerSettings } from '../src/app/issuer-settings.js';
import { recordMaterialChange } from '../src/app/material-changes.js';
import {
  createSubscription,
  deactivateSubscription,
  listDeliveries,
  listSubscriptionViews,
} from '../src/app/notification-subscriptions.js';
import { cancelOrder, closeOrder, getOrder, reduceOrder } from '../src/app/order-changes.js';
import { listActuals, listOrders } from '../src/app/list-ledger.js';
import type { Actor } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { recordFxRate } from '../src/app/record-fx-rate.js';
import { checkOrder, recordOrder } from '../src/app/record-order.js';
import { getRegister, recordRegister } from '../src/app/register.js';
import { reverseActual } from '../src/app/reverse-actual.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { recordRevisionApproval } from '../src/app/revision-approvals.js';
import { listScheduleRuns } from '../src/app/schedule-runs.js';
import { completeFollowUpTask, listFollowUpTasks } from '../src/app/follow-up-tasks.js';
import { getIssuedReport, issueReportFromBody, listIssuedReports } from '../src/app/reports/issue.js';
import { listInedSignOffs, signOffInedReview } from '../src/app/ined-sign-off.js';
import { terminateCategory } from '../src/app/terminate-category.js';
import { ACTIONS, PERMISSIONS, ROLES, type Action, type Role } from '../src/domain/authz/index.js';
import { describeEachEngine } from './support/engines.js';
import { world } from './support/context.js';

type UseCase = (ctx: AppContext, actor: Actor) => Promise<unknown>;
/** A use case, or why there is none yet (the action is in the matrix ahead of its use case). */
type Row = UseCase | { readonly pending: string };

const NOPE = 'nope';
/** A junk body: every use case that takes one refuses it as invalid input, after the check. */
const JUNK: unknown = { junk: true };
/**
 * Several use cases gated by one action, by name. Every one runs, and they must agree: all refused
 * (then this is refused) or none (then it is not). One left unchecked fails the test by its name.
 */
const all =
  (useCases: Readonly<Record<string, UseCase>>): UseCase =>
  async (ctx, actor) => {
    const outcomes = [];
    for (const [name, useCase] of Object.entries(useCases))
      outcomes.push({ name, outcome: await outcomeOf(useCase, ctx, actor) });
    const refused = outcomes.filter((o) => o.outcome === 'forbidden');
    if (refused.length === outcomes.length)
      throw new AppError('forbidden', `${actor.roles.join(', ')}: every use case refused`);
    if (refused.length > 0) {
      const describe = (o: { name: string; outcome: Outcome }) => `${o.name}: ${o.outcome}`;
      throw new Error(
        `use cases of one action disagree for ${actor.roles.join(', ')}: ${outcomes.map(describe).join('; ')}`,
      );
    }
  };

const TABLE: Readonly<Record<Action, Row>> = {
  'issuer.read': (ctx, actor) => getIssuerView(ctx, actor),
  'agreement.read': all({
    listAgreements: (ctx, actor) => listAgreements(ctx, actor),
    getAgreement: (ctx, actor) => getAgreement(ctx, actor, NOPE),
    listBoardResolutions: (ctx, actor) => listBoardResolutions(ctx, actor),
  }),
  'order.read': all({
    getOrder: (ctx, actor) => getOrder(ctx, actor, NOPE),
    listOrders: (ctx, actor) => listOrders(ctx, actor, {}),
  }),
  'utilization.read': all({
    getUtilization: (ctx, actor) => getUtilization(ctx, actor, {}),
    listActuals: (ctx, actor) => listActuals(ctx, actor, {}),
    getUtilizationHistory: (ctx, actor) => getUtilizationHistory(ctx, actor, { capId: NOPE }),
  }),
  'forecast.read': (ctx, actor) => getForecasts(ctx, actor, {}),
  'breach.read': (ctx, actor) => listBreachViews(ctx, actor, undefined),
  'register.read': (ctx, actor) => getRegister(ctx, actor),
  'classification.read': (ctx, actor) => classifyAgreements(ctx, actor, { agreementId: NOPE }),
  'alert.read': all({
    listAlerts: (ctx, actor) => listAlerts(ctx, actor, {}),
    getAlertView: (ctx, actor) => getAlertView(ctx, actor, NOPE),
  }),
  'inbox.read': all({
    getInbox: (ctx, actor) => getInbox(ctx, actor, undefined),
    markInboxItemRead: (ctx, actor) => markInboxItemRead(ctx, actor, NOPE),
  }),
  'escalation.read': all({
    listEscalations: (ctx, actor) => listEscalations(ctx, actor, undefined),
    getEscalationView: (ctx, actor) => getEscalationView(ctx, actor, NOPE),
  }),
  'policy.read': (ctx, actor) => getMonitoringPolicy(ctx, actor),
  'schedule.read': (ctx, actor) => listScheduleRuns(ctx, actor, {}),
  'report.read': all({
    buildMonthlyMonitoring: (ctx, actor) => buildMonthlyMonitoring(ctx, actor, '2026-11'),
    listInedSignOffs: (ctx, actor) => listInedSignOffs(ctx, actor, '2025'),
    listIssuedReports: (ctx, actor) => listIssuedReports(ctx, actor, {}),
    getIssuedReport: (ctx, actor) => getIssuedReport(ctx, actor, NOPE),
    listFollowUpTasks: (ctx, actor) => listFollowUpTasks(ctx, actor, {}),
    auditorLetterStatus: (ctx, actor) => auditorLetterStatus(ctx, actor, '2025'),
  }),
  'evidence.read': all({
    getEvidence: (ctx, actor) => getEvidence(ctx, actor, NOPE),
    getEvidenceContent: (ctx, actor) => getEvidenceContent(ctx, actor, NOPE),
    listAgreementEvidence: (ctx, actor) => listAgreementEvidence(ctx, actor, NOPE),
  }),
  'audit.read': (ctx, actor) => readAuditLog(ctx, actor, 'json'),
  'delivery.read': (ctx, actor) => listDeliveries(ctx, actor, { limit: '0' }),
  'agreement.create': (ctx, actor) => createAgreement(ctx, actor, JUNK),
  'agreement.change': all({
    recordAgreementFacts: (ctx, actor) => recordAgreementFacts(ctx, actor, NOPE, JUNK),
    recordMaterialChange: (ctx, actor) => recordMaterialChange(ctx, actor, NOPE, JUNK),
    recordAgreementEvidence: (ctx, actor) => recordAgreementEvidence(ctx, actor, NOPE, JUNK),
  }),
  'category.terminate': (ctx, actor) => terminateCategory(ctx, actor, NOPE, JUNK),
  'cap.revise': (ctx, actor) => reviseCap(ctx, actor, NOPE, JUNK),
  'cap.approval': (ctx, actor) => recordRevisionApproval(ctx, actor, NOPE, NOPE, JUNK),
  'register.write': (ctx, actor) => recordRegister(ctx, actor, JUNK),
  'figures.record': (ctx, actor) => recordIssuerFigures(ctx, actor, JUNK),
  'board-resolution.record': (ctx, actor) => recordBoardResolution(ctx, actor, JUNK),
  // Synchronous: the executor turns its throw into a rejection, like the others'.
  'classification.run': (_ctx, actor) => new Promise((resolve) => resolve(classifyScenario(actor, JUNK))),
  'policy.write': (ctx, actor) => putMonitoringPolicy(ctx, actor, JUNK),
  'order.place': (ctx, actor) => recordOrder(ctx, actor, JUNK),
  'order.check': (ctx, actor) => checkOrder(ctx, actor, JUNK),
  'order.change': all({
    cancelOrder: (ctx, actor) => cancelOrder(ctx, actor, NOPE),
    closeOrder: (ctx, actor) => closeOrder(ctx, actor, NOPE),
    reduceOrder: (ctx, actor) => reduceOrder(ctx, actor, NOPE, JUNK),
  }),
  'evidence.upload': (ctx, actor) =>
    uploadEvidence(ctx, actor, { bytes: new Uint8Array(), mediaType: '', filename: '', issuedOn: JUNK }),
  'actual.post': (ctx, actor) => postActual(ctx, actor, JUNK),
  'actual.reverse': (ctx, actor) => reverseActual(ctx, actor, NOPE, JUNK),
  // Issue 9. Importing actuals also needs actual.post, which every role with import.run holds.
  'import.run': all({
    createImportRun: (ctx, actor) =>
      createImportRun(ctx, actor, { kind: 'actuals', mapping: NOPE, dryRun: true, fileName: null }),
    getImportRun: (ctx, actor) => getImportRun(ctx, actor, NOPE),
    listImportMappings: (ctx, actor) => listImportMappings(ctx, actor),
    getImportMapping: (ctx, actor) => getImportMapping(ctx, actor, NOPE),
    putImportMapping: (ctx, actor) => putImportMapping(ctx, actor, NOPE, JUNK),
  }),
  'fx.record': (ctx, actor) => recordFxRate(ctx, actor, JUNK),
  'alert.acknowledge': (ctx, actor) => acknowledgeAlert(ctx, actor, NOPE, JUNK),
  'alert.remediate': (ctx, actor) => recordRemediation(ctx, actor, NOPE, JUNK),
  'escalation.review': (ctx, actor) => reviewEscalation(ctx, actor, NOPE, JUNK),
  'escalation.decide': (ctx, actor) => decideEscalation(ctx, actor, NOPE, JUNK),
  'subscription.manage': all({
    createSubscription: (ctx, actor) => createSubscription(ctx, actor, JUNK),
    deactivateSubscription: (ctx, actor) => deactivateSubscription(ctx, actor, NOPE),
    listSubscriptionViews: (ctx, actor) => listSubscriptionViews(ctx, actor),
  }),
  'review.sign-off': (ctx, actor) => signOffInedReview(ctx, actor, '2025', JUNK),
  'review.settings': (ctx, actor) => putAnnualReviewSettings(ctx, actor, '2025', JUNK),
  'auditor-letter.record': all({
    recordAuditorLetter: (ctx, actor) => recordAuditorLetter(ctx, actor, '2025', JUNK),
    markLetterSentToExchange: (ctx, actor) => markLetterSentToExchange(ctx, actor, '2025', NOPE, JUNK),
  }),
  'report.issue': (ctx, actor) => issueReportFromBody(ctx, actor, JUNK),
  'follow-up.complete': (ctx, actor) => completeFollowUpTask(ctx, actor, NOPE, JUNK),
  'user.manage': all({
    listMembers: (ctx, actor) => listMembers(ctx, actor),
    grantRole: (ctx, actor) => grantRole(ctx, actor, JUNK),
    removeRole: (ctx, actor) => removeRole(ctx, actor, NOPE, 'finance'),
  }),
  // The actor's own issuer: another issuer is refused whatever the roles, which is not this check.
  'issuer.settings': (ctx, actor) => updateIssuerSettings(ctx, actor, actor.issuerId, JUNK),
};

type Outcome = 'forbidden' | 'not forbidden';

/** What the use case did for `actor`: refused by the check, or anything else an AppError says. */
async function outcomeOf(useCase: UseCase, ctx: AppContext, actor: Actor): Promise<Outcome> {
  try {
    await useCase(ctx, actor);
    return 'not forbidden';
  } catch (e) {
    // Anything but an AppError is a crash on junk input, not an outcome: let it fail the test.
    if (!(e instanceof AppError)) throw e;
    return e.kind === 'forbidden' ? 'forbidden' : 'not forbidden';
  }
}

const expected = (action: Action): Record<Role, Outcome> =>
  Object.fromEntries(
    ROLES.map((role) => [role, PERMISSIONS[role].includes(action) ? 'not forbidden' : 'forbidden']),
  ) as Record<Role, Outcome>;

const withUseCase = ACTIONS.flatMap((action) => {
  const row = TABLE[action];
  return typeof row === 'function' ? [{ action, useCase: row }] : [];
});
const pending = ACTIONS.flatMap((action) => {
  const row = TABLE[action];
  return typeof row === 'function' ? [] : [{ action, reason: row.pending }];
});

describe('the authorisation table', () => {
  it('has a row for every action, and no row for an action that does not exist', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
  });

  it('leaves out only the actions whose use cases do not exist yet', () => {
    expect(pending.map((p) => p.action).sort()).toEqual([]);
  });
});

describeEachEngine('every use case checks its action first (issue 6, decision 0012)', (open) => {
  let ctx: AppContext;
  let issuerId: string;
  beforeAll(async () => {
    const w = await world(await open());
    ctx = w.ctx;
    issuerId = w.actor.issuerId;
  });

  it.each(withUseCase)(
    '$action: refused exactly to the roles the matrix leaves out',
    async ({ action, useCase }) => {
      const actual: Partial<Record<Role, Outcome>> = {};
      for (const role of ROLES)
        actual[role] = await outcomeOf(useCase, ctx, { userId: 'u', issuerId, roles: [role] });
      // Compared as one record, so that a failure lists every role that got the wrong answer.
      expect(actual).toEqual(expected(action));
    },
  );

  // The pending actions (no use case yet, see the table) are asserted by name above, not skipped.
});
