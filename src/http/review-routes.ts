/**
 * Issue 7: the INEDs' annual review: the review pack's sign-off (14A.55). Thin routes: the rules are in the app layer.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { listInedSignOffs, signOffInedReview } from '../app/ined-sign-off.js';
import { actorFor } from './request.js';

type YearParams = { Params: { year: string } };

export function registerReviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<YearParams>('/api/v1/annual-reviews/:year/ined-sign-offs', async (request, reply) => {
    const signOff = await signOffInedReview(
      ctx,
      await actorFor(request, ctx),
      request.params.year,
      request.body,
    );
    return reply.code(201).send(signOff);
  });
  app.get<YearParams>('/api/v1/annual-reviews/:year/ined-sign-offs', async (request) =>
    listInedSignOffs(ctx, await actorFor(request, ctx), request.params.year),
  );
}
