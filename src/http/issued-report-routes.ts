/**
 * Issue 7: issued reports (stored with their hash; amended versions) and 14A.59 follow-up tasks.
 * Thin routes: the rules are in the app layer.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { completeFollowUpTask, listFollowUpTasks } from '../app/follow-up-tasks.js';
import { getIssuedReport, issueReportFromBody, listIssuedReports } from '../app/reports/issue.js';
import { parseFormat, parseLanguage, renderReportFile } from '../reports/index.js';
import { sendReportFile } from './report-reply.js';
import { actorFor, queryParam } from './request.js';

type IdParams = { Params: { id: string } };

export function registerIssuedReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/v1/issued-reports', async (request, reply) => {
    const { report, created } = await issueReportFromBody(ctx, await actorFor(request, ctx), request.body);
    return reply.code(created ? 201 : 200).send({ ...report, created });
  });
  app.get('/api/v1/issued-reports', async (request) =>
    listIssuedReports(ctx, await actorFor(request, ctx), {
      kind: queryParam(request, 'kind'),
      period: queryParam(request, 'period'),
    }),
  );
  app.get<IdParams>('/api/v1/issued-reports/:id', async (request) => {
    const { report } = await getIssuedReport(ctx, await actorFor(request, ctx), request.params.id);
    return report;
  });
  // The stored document, rendered: the content is exactly what was issued.
  app.get<IdParams>('/api/v1/issued-reports/:id/file', async (request, reply) => {
    const format = parseFormat(queryParam(request, 'format'));
    const lang = parseLanguage(queryParam(request, 'lang'));
    const { document } = await getIssuedReport(ctx, await actorFor(request, ctx), request.params.id);
    const file = await renderReportFile(document, format, lang, queryParam(request, 'table'));
    return sendReportFile(reply, file, format);
  });

  app.get('/api/v1/follow-up-tasks', async (request) =>
    listFollowUpTasks(ctx, await actorFor(request, ctx), {
      status: queryParam(request, 'status'),
      financialYear: queryParam(request, 'financialYear'),
    }),
  );
  app.post<IdParams>('/api/v1/follow-up-tasks/:id/complete', async (request) =>
    completeFollowUpTask(ctx, await actorFor(request, ctx), request.params.id, request.body),
  );
}
