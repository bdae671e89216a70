import { buildReport } from '../app/reports/index.js';
import { parseFormat, parseLanguage, renderReportFile } from '../reports/index.js';
import {
  decideEscalation,
  getEscalationView,
  listEscalations,
  reviewEscalation,
} from '../app/escalations.js';
import {
  acknowledgeAlert,
  getAlertView,
  getInbox,
  getMonitoringPolicy,
  listAlerts,
  markInboxItemRead,
  putMonitoringPolicy,
  recordRemediation,
} from '../app/alerts.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAgreementFacts } from '../app/agreement-facts.js';
import { listBoardResolutions, recordBoardResolution } from '../app/board-resolutions.js';
import { classifyScenario } from '../app/classify.js';
import { classifyAgreements } from '../app/classify-agreements.js';
import { recordIssuerFigures } from '../app/issuer-figures.js';
import { getIssuerView, listIssuerViews, updateIssuerSettings } from '../app/issuer-settings.js';
import { issuersOfPrincipal, type Principal } from '../app/sessions.js';
import { getRegister, recordRegister } from '../app/register.js';
import { AppError } from '../app/errors.js';
import { readAuditLog } from '../app/audit.js';
import { listBreachViews } from '../app/breaches.js';
import { createAgreement } from '../app/create-agreement.js';
import { getAgreement, listAgreements } from '../app/get-agreements.js';
import { recordMaterialChange } from '../app/material-changes.js';
// ---- notifications (issue 5) ----
import {
  createSubscription,
  deactivateSubscription,
  listDeliveries,
  listSubscriptionViews,
} from '../app/notification-subscriptions.js';
// ---- end notifications ----
import {
  getEvidence,
  getEvidenceContent,
  listAgreementEvidence,
  recordAgreementEvidence,
  uploadEvidence,
} from '../app/evidence.js';
import { getForecasts, getUtilizationHistory } from '../app/get-forecasts.js';
import { getUtilization } from '../app/get-utilization.js';
import type { Replayable } from '../app/idempotency.js';
import { cancelOrder, closeOrder, getOrder, reduceOrder } from '../app/order-changes.js';
import { postActual } from '../app/post-actual.js';
import { recordFxRate } from '../app/record-fx-rate.js';
import { checkOrder, recordOrder } from '../app/record-order.js';
import { listActuals, listOrders } from '../app/list-ledger.js';
import { reverseActual } from '../app/reverse-actual.js';
import { reviseCap } from '../app/revise-cap.js';
import { listScheduleRuns } from '../app/schedule-runs.js';
import { recordRevisionApproval } from '../app/revision-approvals.js';
import { terminateCategory } from '../app/terminate-category.js';
import { contentDisposition, readEvidenceForm, servedContentType } from './evidence-form.js';
import { sendReportFile } from './report-reply.js';
import { openApiDocument } from './openapi.js';
import { actorFor, idempotencyKeyOf, queryParam } from './request.js';
import type { ServerOptions } from './server.js';

type IdParams = { Params: { id: string } };
type Sha256Params = { Params: { sha256: string } };

/** A replayable result: its own status; a replayed one says so in a header. */
function sendReplayable(reply: FastifyReply, result: Replayable<unknown>): FastifyReply {
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

/** Thin routes: the shape of the request → a use case → its result. No business rule lives here. */
export function registerApiRoutes(app: FastifyInstance, opts: ServerOptions): void {
  const { ctx } = opts;
  const actor = (request: Parameters<typeof actorFor>[0]) => actorFor(request, ctx);

  app.get('/api/openapi.json', (_request, reply) => reply.send(openApiDocument()));

  app.get('/api/v1/health', async (request) => {
    try {
      await ctx.store.listIssuers();
    } catch (error) {
      request.log.warn({ err: error }, 'health check: the database did not answer');
      throw new AppError('unavailable', `the ${ctx.store.engine} database did not answer`);
    }
    return { status: 'ok', engine: ctx.store.engine };
  });

  app.post('/api/v1/agreements', async (request, reply) => {
    const created = await createAgreement(ctx, await actor(request), request.body);
    return reply.code(201).send(created);
  });
  app.get('/api/v1/agreements', async (request) => listAgreements(ctx, await actor(request)));
  app.get<IdParams>('/api/v1/agreements/:id', async (request) =>
    getAgreement(ctx, await actor(request), request.params.id),
  );
  app.post<IdParams>('/api/v1/agreements/:id/material-changes', async (request, reply) => {
    const result = await recordMaterialChange(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(result);
  });
  app.post<IdParams>('/api/v1/agreements/:id/terminations', async (request, reply) => {
    const result = await terminateCategory(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(result);
  });

  app.post('/api/v1/orders', async (request, reply) => {
    const result = await recordOrder(ctx, await actor(request), request.body, idempotencyKeyOf(request));
    return sendReplayable(reply, result);
  });
  // The issuer's orders, newest first (the Orders screen).
  app.get('/api/v1/orders', async (request) =>
    listOrders(ctx, await actor(request), {
      agreementId: queryParam(request, 'agreementId'),
      from: queryParam(request, 'from'),
      to: queryParam(request, 'to'),
      status: queryParam(request, 'status'),
      limit: queryParam(request, 'limit'),
    }),
  );
  // Issue 4: what the gate would answer, without writing anything (200 { accepted, reasons }).
  app.post('/api/v1/orders/check', async (request) => checkOrder(ctx, await actor(request), request.body));
  app.get<IdParams>('/api/v1/orders/:id', async (request) =>
    getOrder(ctx, await actor(request), request.params.id),
  );
  app.post<IdParams>('/api/v1/orders/:id/cancel', async (request) =>
    cancelOrder(ctx, await actor(request), request.params.id),
  );
  app.post<IdParams>('/api/v1/orders/:id/reduce', async (request) =>
    reduceOrder(ctx, await actor(request), request.params.id, request.body),
  );
  app.post<IdParams>('/api/v1/orders/:id/close', async (request) =>
    closeOrder(ctx, await actor(request), request.params.id),
  );

  app.post('/api/v1/actuals', async (request, reply) => {
    const result = await postActual(ctx, await actor(request), request.body, idempotencyKeyOf(request));
    return sendReplayable(reply, result);
  });
  // The issuer's actual amounts and reversing entries, newest first (the Actual amounts screen).
  app.get('/api/v1/actuals', async (request) =>
    listActuals(ctx, await actor(request), {
      agreementId: queryParam(request, 'agreementId'),
      orderId: queryParam(request, 'orderId'),
      from: queryParam(request, 'from'),
      to: queryParam(request, 'to'),
      limit: queryParam(request, 'limit'),
    }),
  );
  app.post<IdParams>('/api/v1/actuals/:id/reversal', async (request, reply) => {
    const result = await reverseActual(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(result);
  });

  app.get('/api/v1/utilization', async (request) =>
    getUtilization(ctx, await actor(request), {
      asOf: queryParam(request, 'asOf'),
      agreementId: queryParam(request, 'agreementId'),
    }),
  );

  // ---- the audit log (issue 6) ----
  app.get('/api/v1/audit', async (request, reply) => {
    const format = queryParam(request, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw AppError.invalid([{ path: 'format', message: 'must be json or csv' }]);
    const body = await readAuditLog(ctx, await actor(request), format);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .send(body);
  });

  // ---- forecasts and the utilisation history (issue 5) ----
  app.get('/api/v1/forecasts', async (request) =>
    getForecasts(ctx, await actor(request), {
      asOf: queryParam(request, 'asOf'),
      agreementId: queryParam(request, 'agreementId'),
    }),
  );
  app.get('/api/v1/utilization/history', async (request) =>
    getUtilizationHistory(ctx, await actor(request), {
      capId: queryParam(request, 'capId'),
      from: queryParam(request, 'from'),
      to: queryParam(request, 'to'),
    }),
  );

  app.post<IdParams>('/api/v1/caps/:id/revisions', async (request, reply) => {
    const result = await reviseCap(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(result);
  });
  app.post<{ Params: { id: string; revisionId: string } }>(
    '/api/v1/caps/:id/revisions/:revisionId/approvals',
    async (request, reply) => {
      const result = await recordRevisionApproval(
        ctx,
        await actor(request),
        request.params.id,
        request.params.revisionId,
        request.body,
      );
      return reply.code(201).send(result);
    },
  );

  // A scenario in, its classification out: no issuer, no database (issue 3, item 8).
  app.post('/api/v1/classifications', async (request, reply) =>
    reply.send(classifyScenario(await actor(request), request.body)),
  );
  // The stored agreements, classified on the register, figures and rates recorded as of `asOf`.
  app.get('/api/v1/classifications', async (request) => {
    const asOf = queryParam(request, 'asOf');
    const agreementId = queryParam(request, 'agreementId');
    return classifyAgreements(ctx, await actor(request), {
      ...(asOf === undefined ? {} : { asOf }),
      ...(agreementId === undefined ? {} : { agreementId }),
    });
  });

  // Only the issuers the credentials may act for: another issuer's existence is not revealed.
  app.get('/api/v1/issuers', async (request) => {
    const mine = await issuersOfPrincipal(ctx, request.principal as Principal);
    return listIssuerViews(ctx, new Set(mine.keys()));
  });
  // The issuer in the path is the one the request acts for (a header naming another answers 404).
  app.get<IdParams>('/api/v1/issuers/:id', async (request) =>
    getIssuerView(ctx, await actorFor(request, ctx, request.params.id)),
  );
  app.patch<IdParams>('/api/v1/issuers/:id', async (request) =>
    updateIssuerSettings(
      ctx,
      await actorFor(request, ctx, request.params.id),
      request.params.id,
      request.body,
    ),
  );

  app.post('/api/v1/register', async (request, reply) => {
    const result = await recordRegister(ctx, await actor(request), request.body);
    return reply.code(201).send(result);
  });
  app.get('/api/v1/register', async (request) => getRegister(ctx, await actor(request)));
  app.post('/api/v1/issuer-figures', async (request, reply) => {
    const result = await recordIssuerFigures(ctx, await actor(request), request.body);
    return reply.code(201).send(result);
  });
  app.post<IdParams>('/api/v1/agreements/:id/facts', async (request, reply) => {
    const result = await recordAgreementFacts(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(result);
  });
  app.post('/api/v1/board-resolutions', async (request, reply) => {
    const result = await recordBoardResolution(ctx, await actor(request), request.body);
    return reply.code(201).send(result);
  });
  app.get('/api/v1/board-resolutions', async (request) => listBoardResolutions(ctx, await actor(request)));

  // ---- evidence (issue 4) ----
  app.post('/api/v1/evidence', async (request, reply) => {
    const who = await actor(request);
    const form = await readEvidenceForm(request);
    const result = await uploadEvidence(ctx, who, {
      ...form.file,
      issuedOn: form.issuedOn,
      description: form.description,
    });
    return reply.code(result.alreadyStored ? 200 : 201).send(result);
  });
  app.get<Sha256Params>('/api/v1/evidence/:sha256', async (request) =>
    getEvidence(ctx, await actor(request), request.params.sha256),
  );
  app.get<Sha256Params>('/api/v1/evidence/:sha256/content', async (request, reply) => {
    const { evidence, content } = await getEvidenceContent(ctx, await actor(request), request.params.sha256);
    // The bytes never change for a hash: the hash is the entity tag.
    const etag = `"${evidence.sha256}"`;
    void reply
      .header('ETag', etag)
      .header('Cache-Control', 'private, no-cache')
      .header('X-Content-Type-Options', 'nosniff');
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && ifNoneMatch.split(',').some((t) => t.trim() === etag))
      return reply.code(304).send();
    return reply
      .type(servedContentType(evidence.mediaType))
      .header('Content-Disposition', contentDisposition(evidence.filename))
      .send(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
  });
  app.post<IdParams>('/api/v1/agreements/:id/evidence', async (request, reply) => {
    const result = await recordAgreementEvidence(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(result);
  });
  app.get<IdParams>('/api/v1/agreements/:id/evidence', async (request) =>
    listAgreementEvidence(ctx, await actor(request), request.params.id),
  );

  app.post('/api/v1/fx-rates', async (request, reply) => {
    const result = await recordFxRate(ctx, await actor(request), request.body);
    return reply.code(201).send(result);
  });

  // ---- alerts, inbox and the monitoring policy (issue 5) ----
  app.get('/api/v1/alerts', async (request) =>
    listAlerts(ctx, await actor(request), {
      kind: queryParam(request, 'kind'),
      capId: queryParam(request, 'capId'),
      agreementId: queryParam(request, 'agreementId'),
      unacknowledged: queryParam(request, 'unacknowledged'),
    }),
  );
  app.get<IdParams>('/api/v1/alerts/:id', async (request) =>
    getAlertView(ctx, await actor(request), request.params.id),
  );
  app.post<IdParams>('/api/v1/alerts/:id/acknowledge', async (request, reply) => {
    const view = await acknowledgeAlert(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(view);
  });
  app.post<IdParams>('/api/v1/alerts/:id/remediation', async (request, reply) => {
    const view = await recordRemediation(ctx, await actor(request), request.params.id, request.body);
    return reply.code(201).send(view);
  });
  app.get('/api/v1/inbox', async (request) =>
    getInbox(ctx, await actor(request), queryParam(request, 'recipient')),
  );
  app.post<IdParams>('/api/v1/inbox/:id/read', async (request) =>
    markInboxItemRead(ctx, await actor(request), request.params.id),
  );
  app.get('/api/v1/escalations', async (request) =>
    listEscalations(ctx, await actor(request), queryParam(request, 'status')),
  );
  app.get<IdParams>('/api/v1/escalations/:id', async (request) =>
    getEscalationView(ctx, await actor(request), request.params.id),
  );
  app.post<IdParams>('/api/v1/escalations/:id/review', async (request) =>
    reviewEscalation(ctx, await actor(request), request.params.id, request.body),
  );
  app.post<IdParams>('/api/v1/escalations/:id/decision', async (request) =>
    decideEscalation(ctx, await actor(request), request.params.id, request.body),
  );
  app.get('/api/v1/monitoring-policy', async (request) => getMonitoringPolicy(ctx, await actor(request)));
  app.put('/api/v1/monitoring-policy', async (request) =>
    putMonitoringPolicy(ctx, await actor(request), request.body),
  );

  app.get('/api/v1/breaches', async (request) =>
    listBreachViews(ctx, await actor(request), queryParam(request, 'agreementId')),
  );

  // ---- reports (issue 7) ----
  const reportRequest = (request: FastifyRequest) => ({
    period: queryParam(request, 'period'),
    knownAt: queryParam(request, 'knownAt'),
    agreementId: queryParam(request, 'agreement'),
  });
  // GET /api/v1/reports/monthly-monitoring?period=2026-11&format=html|xlsx|csv&lang=en|zh-Hant[&table=KEY]
  app.get<{ Params: { kind: string } }>('/api/v1/reports/:kind', async (request, reply) => {
    const format = parseFormat(queryParam(request, 'format'));
    const lang = parseLanguage(queryParam(request, 'lang'));
    const doc = await buildReport(ctx, await actor(request), request.params.kind, reportRequest(request));
    const file = await renderReportFile(doc, format, lang, queryParam(request, 'table'));
    return sendReportFile(reply, file, format);
  });

  // ---- schedules (issue 5) ----
  app.get('/api/v1/schedule-runs', async (request) =>
    listScheduleRuns(ctx, await actor(request), { schedule: queryParam(request, 'schedule') }),
  );
  // ---- end schedules ----

  // ---- notifications (issue 5) ----
  app.post('/api/v1/notification-subscriptions', async (request, reply) => {
    const created = await createSubscription(ctx, await actor(request), request.body);
    return reply.code(201).send(created);
  });
  app.get('/api/v1/notification-subscriptions', async (request) =>
    listSubscriptionViews(ctx, await actor(request)),
  );
  app.post<IdParams>('/api/v1/notification-subscriptions/:id/deactivate', async (request) =>
    deactivateSubscription(ctx, await actor(request), request.params.id),
  );
  app.get('/api/v1/deliveries', async (request) =>
    listDeliveries(ctx, await actor(request), {
      alertId: queryParam(request, 'alertId'),
      status: queryParam(request, 'status'),
      limit: queryParam(request, 'limit'),
    }),
  );
  // ---- end notifications ----
}
