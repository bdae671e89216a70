/**
 * Issue 6: accounts over the API — the issuer's members (admin), the caller's own API tokens and
 * password. Thin routes: the rules are in app/user-admin.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { Principal } from '../app/sessions.js';
import {
  changeOwnPassword,
  createOwnToken,
  grantRole,
  listMembers,
  listOwnTokens,
  removeRole,
  revokeOwnToken,
  setOwnPreferences,
} from '../app/user-admin.js';
import { actorFor } from './request.js';

type IdParams = { Params: { id: string } };

export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/users', async (request) => listMembers(ctx, await actorFor(request, ctx)));
  app.post('/api/v1/users', async (request, reply) => {
    const granted = await grantRole(ctx, await actorFor(request, ctx), request.body);
    return reply.code(201).send(granted);
  });
  app.delete<{ Params: { id: string; role: string } }>(
    '/api/v1/users/:id/roles/:role',
    async (request, reply) => {
      await removeRole(ctx, await actorFor(request, ctx), request.params.id, request.params.role);
      return reply.code(204).send();
    },
  );

  app.get('/api/v1/tokens', async (request) => listOwnTokens(ctx, await actorFor(request, ctx)));
  app.post('/api/v1/tokens', async (request, reply) => {
    const principal = request.principal as Principal;
    const created = await createOwnToken(
      ctx,
      await actorFor(request, ctx),
      request.body,
      principal.kind === 'session',
    );
    return reply.code(201).send(created);
  });
  app.delete<IdParams>('/api/v1/tokens/:id', async (request, reply) => {
    await revokeOwnToken(ctx, await actorFor(request, ctx), request.params.id);
    return reply.code(204).send();
  });

  app.put('/api/v1/session/preferences', async (request) =>
    setOwnPreferences(ctx, (request.principal as Principal).userId, request.body),
  );
  app.post('/api/v1/session/password', async (request, reply) => {
    const principal = request.principal as Principal;
    await changeOwnPassword(
      ctx,
      principal.userId,
      principal.kind === 'session' ? principal.sessionId : null,
      request.body,
    );
    return reply.code(204).send();
  });
}
