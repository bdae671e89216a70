/**
 * Issue 6, item 3: authentication at the HTTP door (decision 0014). Every /api/v1 route except the
 * health check needs credentials: an API token (`Authorization: Bearer alt_…`) or a session cookie,
 * and a write with a session cookie also needs its CSRF token in `X-CSRF-Token`. Authorisation is the
 * app layer's (`requireAction` in each use case); this file only says who is asking.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';
import {
  actorForPrincipal,
  authenticateSession,
  csrfMatches,
  issuersOfPrincipal,
  SESSION_HOURS,
  signIn,
  SignInRefused,
  signOut,
  tokenPrincipal,
  type Principal,
} from '../app/sessions.js';
import { completeSetup } from '../app/setup.js';
import type { Actor } from '../app/ports.js';
import type { AppContext } from '../app/context.js';

export const SESSION_COOKIE = 'armslength_session';
export const CSRF_HEADER = 'X-CSRF-Token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request's credentials name; null on the few routes that need none. */
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes under /api/v1 open without credentials: the health check, signing in and first-run setup. */
const OPEN_ROUTES = new Set([
  'GET /api/v1/health',
  'HEAD /api/v1/health',
  'POST /api/v1/session',
  'POST /api/v1/setup',
]);

const pathOf = (url: string): string => url.split('?')[0] ?? url;

export const isApiPath = (path: string): boolean => path === '/api/v1' || path.startsWith('/api/v1/');

/** The cookies of a request (RFC 6265 `name=value; …`); a repeated name keeps its first value. */
export function cookiesOf(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = request.headers.cookie;
  if (typeof header !== 'string') return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * Who the credentials name, or null. A request with an Authorization header is judged by it alone
 * (a bad token is not rescued by a cookie).
 */
export async function principalOf(ctx: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    if (!/^Bearer\s+\S+$/i.test(authorization.trim())) return null;
    return tokenPrincipal(ctx, authorization);
  }
  const session = cookiesOf(request).get(SESSION_COOKIE);
  return session === undefined || session === '' ? null : authenticateSession(ctx, session);
}

/** Whether the session cookie must carry `Secure`: served over TLS (directly or, trusted, by a proxy). */
const overTls = (request: FastifyRequest): boolean => request.protocol === 'https';

export function sessionCookie(request: FastifyRequest, token: string): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${SESSION_HOURS * 3600}`,
    ...(overTls(request) ? ['Secure'] : []),
  ].join('; ');
}

export const clearedSessionCookie = (request: FastifyRequest): string =>
  [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    'Max-Age=0',
    ...(overTls(request) ? ['Secure'] : []),
  ].join('; ');

/**
 * Sign-in and setup attempts per client address: at most `limit` in `windowMs`, then 429 with
 * Retry-After. In memory, per process; the per-account lockout (5 failures, 15 minutes) is in the
 * database and holds across processes.
 */
export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt; the seconds to wait when over the limit, else null. */
  take(key: string): number | null {
    const now = this.now();
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.attempts.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.attempts.set(key, recent);
    // Keep the map bounded under a flood of addresses.
    if (this.attempts.size > 10_000) {
      for (const [k, times] of this.attempts)
        if (times.every((t) => now - t >= this.windowMs)) this.attempts.delete(k);
    }
    return null;
  }
}

export interface AuthOptions {
  readonly ctx: AppContext;
  /** The one-time code that opens first-run setup; printed by `serve` when there is no account. */
  readonly setupCode?: string | undefined;
  /** Counts sign-in and setup attempts per client address (shared with the sign-in page). */
  readonly limiter: AttemptLimiter;
}

function limited(limiter: AttemptLimiter, request: FastifyRequest, reply: FastifyReply): void {
  const wait = limiter.take(request.ip);
  if (wait !== null) {
    void reply.header('Retry-After', String(wait));
    throw new AppError('rate_limited', `too many sign-in attempts from this address: try again in ${wait} s`);
  }
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

/** What a signed-in user may see of themselves: never a hash. */
async function sessionView(ctx: AppContext, principal: Principal) {
  const user = await ctx.store.getUser(principal.userId);
  const issuers = await ctx.store.listIssuers();
  const byIssuer = await issuersOfPrincipal(ctx, principal);
  return {
    via: principal.kind,
    user: user
      ? {
          id: user.id,
          email: user.email,
          name: user.name,
          mustChangePassword: user.mustChangePassword,
          language: user.language ?? null,
        }
      : null,
    ...(principal.kind === 'session' ? { csrfToken: principal.csrfToken } : {}),
    issuers: issuers
      .filter((i) => byIssuer.has(i.id))
      .map((i) => ({ id: i.id, name: i.name, isDemo: i.isDemo, roles: byIssuer.get(i.id) ?? [] })),
  };
}

/**
 * Registers the authentication hook and the session routes:
 * - `POST /api/v1/session` `{ email, password }` → 201, the session cookie, `{ csrfToken, user, issuers }`;
 * - `GET /api/v1/session` → who is signed in; `DELETE /api/v1/session` → signed out (204);
 * - `POST /api/v1/setup` `{ setupCode, email, password, issuerName?, roles? }` → 201, the first account.
 */
export function registerAuth(app: FastifyInstance, opts: AuthOptions): void {
  const { ctx } = opts;
  const { limiter } = opts;
  let setupCode = opts.setupCode;

  app.decorateRequest('principal', null);
  // onRequest: before the body is read, so that nobody without credentials costs a body parse.
  app.addHook('onRequest', async (request) => {
    const path = pathOf(request.url);
    if (!isApiPath(path) || OPEN_ROUTES.has(`${request.method} ${path}`)) return;
    const principal = await principalOf(ctx, request);
    if (!principal)
      throw new AppError(
        'unauthenticated',
        'sign in (POST /api/v1/session) or send an API token as Authorization: Bearer <token>',
      );
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER.toLowerCase()];
      if (!csrfMatches(principal.csrfToken, typeof given === 'string' ? given : undefined))
        throw new AppError(
          'forbidden',
          `a write with a session cookie needs its CSRF token in the ${CSRF_HEADER} header (from POST or GET /api/v1/session)`,
          { code: 'CSRF_TOKEN_INVALID' },
        );
    }
    // Each request is its own object: nothing else assigns its principal meanwhile.
    // eslint-disable-next-line require-atomic-updates
    request.principal = principal;
  });

  app.post('/api/v1/session', async (request, reply) => {
    limited(limiter, request, reply);
    const body = request.body;
    const email =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['email'] : undefined;
    const password =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['password'] : undefined;
    if (typeof email !== 'string' || typeof password !== 'string' || email === '' || password === '')
      throw new AppError('unauthenticated', 'send { "email": …, "password": … } to sign in', {
        code: 'INVALID_CREDENTIALS',
      });
    let signedIn;
    try {
      signedIn = await signIn(ctx, email, password, request.headers['user-agent']);
    } catch (error) {
      if (error instanceof SignInRefused)
        throw new AppError('unauthenticated', error.message, {
          code: error.reason === 'LOCKED' ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS',
        });
      throw error;
    }
    const principal: Principal = {
      kind: 'session',
      userId: signedIn.user.id,
      sessionId: signedIn.session.id,
      csrfToken: signedIn.csrfToken,
    };
    return reply
      .code(201)
      .header('Set-Cookie', sessionCookie(request, signedIn.token))
      .header('Cache-Control', 'no-store')
      .send({ ...(await sessionView(ctx, principal)), expiresAt: signedIn.session.expiresAt });
  });

  app.get('/api/v1/session', async (request, reply) => {
    const principal = request.principal as Principal;
    return reply.header('Cache-Control', 'no-store').send(await sessionView(ctx, principal));
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const principal = request.principal as Principal;
    if (principal.kind === 'session') await signOut(ctx, principal.sessionId);
    return reply.code(204).header('Set-Cookie', clearedSessionCookie(request)).send();
  });

  app.post('/api/v1/setup', async (request, reply) => {
    limited(limiter, request, reply);
    const body = request.body;
    const given =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['setupCode'] : undefined;
    if (setupCode === undefined || typeof given !== 'string' || !sameText(setupCode, given))
      throw new AppError(
        'unauthenticated',
        'first-run setup needs the setup code the server printed when it started',
        { code: 'SETUP_CODE_INVALID' },
      );
    // Single use: a second request with the same code, even a concurrent one, is refused.
    setupCode = undefined;
    try {
      const done = await completeSetup(ctx, body);
      return reply.code(201).send({
        user: { id: done.user.id, email: done.user.email, name: done.user.name },
        issuer: { id: done.issuer.id, name: done.issuer.name },
        roles: done.roles,
      });
    } catch (error) {
      // Invalid input does not use the code up; setup already done does.
      if (error instanceof AppError && error.kind === 'invalid_input') setupCode = given;
      throw error;
    }
  });
}

/** The acting user, issuer and roles of an authenticated request (X-Armslength-Issuer picks the issuer). */
export async function requestActor(
  ctx: AppContext,
  request: FastifyRequest,
  named: string | undefined,
  header: string,
): Promise<Actor> {
  const principal = request.principal;
  if (!principal) throw new AppError('unauthenticated', 'this request carries no credentials');
  return actorForPrincipal(ctx, principal, named, header);
}
