import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { runWithAudit } from '../app/audit-context.js';
import type { AppContext } from '../app/context.js';
import { notFoundBody, sendError } from './errors.js';
import { EVIDENCE_MULTIPART_LIMITS, refuseStrayMultipart } from './evidence-form.js';
import { registerHome } from './home.js';
import { LOCAL_OPERATOR } from './request.js';
import { registerApiRoutes } from './routes.js';

/** The server listens only on the loopback interface unless the caller says otherwise (no login yet). */
export const DEFAULT_HOST = '127.0.0.1';

export interface ServerOptions {
  ctx: AppContext;
  /** The issuer a request acts for when it names none: reads and writes may differ (see app/issuers.ts). */
  defaultIssuerId: (purpose: 'read' | 'write') => Promise<string>;
  logger?: boolean;
}

/**
 * Builds the HTTP server with every route registered. It does not listen: the caller calls
 * `listen({ host: DEFAULT_HOST, port })` (or `inject` in tests).
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const logger = opts.logger ?? false;
  const app = Fastify({ logger, genReqId: () => randomUUID() });

  // The API speaks JSON only; every other body type (text/plain included) is refused as invalid input.
  app.removeContentTypeParser('text/plain');
  // An empty JSON body is "no body" (POST /orders/:id/cancel with Content-Type: application/json);
  // anything else goes through Fastify's own parser, which refuses prototype poisoning.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // Fastify's parser answers through `done`; it returns nothing to wait for.
    void jsonParser(request, text, done);
  });

  const logUnexpected = (requestId: string, error: unknown): void => {
    if (logger) {
      app.log.error({ err: error, requestId }, 'internal error');
    } else {
      // Never lost, even when the caller turned the request log off.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`armslength: internal error (request ${requestId}): ${detail}\n`);
    }
  };
  // Evidence uploads (POST /api/v1/evidence) are multipart/form-data, read by the route itself.
  await app.register(multipart, { limits: EVIDENCE_MULTIPART_LIMITS });
  app.addHook('preValidation', refuseStrayMultipart);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply, logUnexpected));
  app.setNotFoundHandler((request, reply) => reply.code(404).send(notFoundBody(request.method, request.url)));
  // Every write a handler makes is recorded in the audit log with this request's id and actor (the
  // issuer is added when the handler resolves it: request.ts `actorFor`). preHandler, not onRequest:
  // the context must survive the body being read.
  app.addHook('preHandler', (request, _reply, done) => {
    runWithAudit({ actor: LOCAL_OPERATOR, requestId: request.id, via: 'http' }, done);
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });

  registerApiRoutes(app, opts);
  registerHome(app, opts);
  return app;
}
