import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { runWithAudit } from '../app/audit-context.js';
import type { AppContext } from '../app/context.js';
import { notFoundBody, sendError } from './errors.js';
import { EVIDENCE_MULTIPART_LIMITS, refuseStrayMultipart } from './evidence-form.js';
import { registerHome } from './home.js';
import { registerWebApp } from './web-app.js';
import { ANONYMOUS } from './request.js';
import { AttemptLimiter, isApiPath, registerAuth } from './auth.js';
import { registerPages } from './pages.js';
import { bodyProblem, hasNul } from './body-checks.js';
import { AppError } from '../app/errors.js';
import { registerAccountRoutes } from './account-routes.js';
import { registerApiRoutes } from './routes.js';
import { registerAuditorRoutes } from './auditor-routes.js';
import { registerIssuedReportRoutes } from './issued-report-routes.js';
import { registerReviewRoutes } from './review-routes.js';
import { registerImportRoutes } from './import-routes.js';

/** The server listens only on the loopback interface unless the caller says otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/** The largest JSON body accepted (evidence uploads have their own limit: evidence-form.ts). */
export const JSON_BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  ctx: AppContext;
  logger?: boolean;
  /** The one-time code that opens first-run setup (POST /api/v1/setup), when there is no account. */
  setupCode?: string | undefined;
  /**
   * Trust X-Forwarded-For/-Proto from a reverse proxy (ARMSLENGTH_TRUST_PROXY): then a request that
   * reached the proxy over TLS gets Secure cookies and HSTS, and rate limits count the client's address.
   */
  trustProxy?: boolean | string | undefined;
  /** Sign-in attempts per client address per minute (default 10). */
  signInLimit?: number | undefined;
}

/** Headers on every response (issue 6, item 6); a route may set its own CSP or Cache-Control first. */
function securityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .header('X-Request-Id', request.id)
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cross-Origin-Opener-Policy', 'same-origin')
    .header('Cross-Origin-Resource-Policy', 'same-origin');
  if (!reply.hasHeader('Content-Security-Policy'))
    void reply.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  if (request.protocol === 'https')
    void reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  if (isApiPath(request.url.split('?')[0] ?? '') && !reply.hasHeader('Cache-Control'))
    void reply.header('Cache-Control', 'no-store');
}

/**
 * Builds the HTTP server with every route registered. It does not listen: the caller calls
 * `listen({ host: DEFAULT_HOST, port })` (or `inject` in tests).
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const logger = opts.logger ?? false;
  const app = Fastify({
    logger,
    genReqId: () => randomUUID(),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
  });

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
    // Fastify's parser answers through `done`; it returns nothing to wait for. What it parsed is
    // then checked for NUL characters and absurd nesting (body-checks.ts).
    void jsonParser(request, text, (error, parsed) => {
      if (error) {
        done(error, undefined);
        return;
      }
      const problem = bodyProblem(parsed);
      done(problem ? AppError.invalid([problem]) : null, problem ? undefined : parsed);
    });
  });
  // Path parameters and query values with a NUL character: no record has such an id (404), and no
  // query value may hold one (422).
  app.addHook('preValidation', (request, _reply, done) => {
    const params = request.params as Record<string, unknown> | undefined;
    for (const value of Object.values(params ?? {}))
      if (typeof value === 'string' && hasNul(value)) {
        done(AppError.notFound(JSON.stringify(value)));
        return;
      }
    const query = request.query as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(query ?? {}))
      if ((typeof value === 'string' && hasNul(value)) || hasNul(key)) {
        done(AppError.invalid([{ path: key, message: 'contains the NUL character (U+0000)' }]));
        return;
      }
    done();
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
  const limiter = new AttemptLimiter(opts.signInLimit ?? 10, 60_000);
  registerAuth(app, { ctx: opts.ctx, setupCode: opts.setupCode, limiter });
  registerPages(app, opts.ctx, limiter);
  app.addHook('preHandler', (request, _reply, done) => {
    runWithAudit({ actor: request.principal?.userId ?? ANONYMOUS, requestId: request.id, via: 'http' }, done);
  });
  app.addHook('onSend', async (request, reply) => {
    securityHeaders(request, reply);
  });

  registerApiRoutes(app, opts);
  registerAccountRoutes(app, opts.ctx);
  registerIssuedReportRoutes(app, opts.ctx);
  registerReviewRoutes(app, opts.ctx);
  await registerImportRoutes(app, opts.ctx);
  registerAuditorRoutes(app, opts.ctx);
  registerHome(app, opts);
  registerWebApp(app, opts);
  return app;
}
