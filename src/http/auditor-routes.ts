/**
 * Issue 7: the auditor's letter (14A.56), its 14A.57 deadline and the annual-review settings. Thin routes: the rules are in the app layer.
 */
import type { FastifyInstance } from 'fastify';
import {
  auditorLetterStatus,
  markLetterSentToExchange,
  putAnnualReviewSettings,
  recordAuditorLetter,
} from '../app/auditor-letter.js';
import type { AppContext } from '../app/context.js';
import { actorFor } from './request.js';

type YearParams = { Params: { year: string } };
type LetterParams = { Params: { year: string; id: string } };

export function registerAuditorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.put<YearParams>('/api/v1/annual-reviews/:year/settings', async (request) =>
    putAnnualReviewSettings(ctx, await actorFor(request, ctx), request.params.year, request.body),
  );
  app.post<YearParams>('/api/v1/annual-reviews/:year/auditor-letters', async (request, reply) => {
    const letter = await recordAuditorLetter(
      ctx,
      await actorFor(request, ctx),
      request.params.year,
      request.body,
    );
    return reply.code(201).send(letter);
  });
  app.post<LetterParams>('/api/v1/annual-reviews/:year/auditor-letters/:id/sent', async (request) =>
    markLetterSentToExchange(
      ctx,
      await actorFor(request, ctx),
      request.params.year,
      request.params.id,
      request.body,
    ),
  );
  app.get<YearParams>('/api/v1/annual-reviews/:year/auditor-letters', async (request) =>
    auditorLetterStatus(ctx, await actorFor(request, ctx), request.params.year),
  );
}
