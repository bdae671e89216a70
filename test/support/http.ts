/**
 * Signing in for HTTP tests (issue 6): every /api/v1 route except health needs credentials. A test
 * server here sends, unless the test gives its own Authorization header, an API token of a test user
 * who holds the given roles (default: every role) at the issuer the request names in
 * X-Armslength-Issuer, else at the world's issuer.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { onTestFinished } from 'vitest';
import { OPERATOR_ROLES } from '../../src/app/authorize.js';
import type { AppContext } from '../../src/app/context.js';
import { createToken } from '../../src/app/tokens.js';
import { addUser } from '../../src/app/users.js';
import type { Role } from '../../src/domain/authz/index.js';
import { buildServer, type ServerOptions } from '../../src/http/server.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let users = 0;

/**
 * A user holding `roles` at `issuerId` (a new user each call unless `email` is given) and an API
 * token for them there; returns the token.
 */
export async function tokenFor(
  ctx: AppContext,
  issuerId: string,
  roles: readonly Role[] = OPERATOR_ROLES,
  email = `tester-${process.pid}-${++users}@test.invalid`,
): Promise<string> {
  for (const role of roles)
    await addUser(ctx, 'test-setup', { email, password: TEST_PASSWORD, issuerId, role });
  return (await createToken(ctx, { email, issuerId })).token;
}

export interface TestServer {
  readonly app: FastifyInstance;
  /** `app.inject` with a bearer token for the named issuer added (unless the request has its own). */
  readonly inject: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  /** The token the server sends for an issuer (made on first use). */
  readonly bearer: (issuerId?: string) => Promise<string>;
  /** The id of the test user the server's requests act as (what records name as their author). */
  readonly userId: () => Promise<string>;
}

/** A server on the context, closed when the test ends; requests act with `roles` (default: all). */
export async function testServer(
  ctx: AppContext,
  issuerId: string,
  options: { roles?: readonly Role[] } & Partial<Omit<ServerOptions, 'ctx'>> = {},
): Promise<TestServer> {
  const { roles = OPERATOR_ROLES, ...serverOptions } = options;
  const app = await buildServer({ ctx, ...serverOptions });
  onTestFinished(() => app.close());
  const tokens = new Map<string, Promise<string>>();
  const email = `operator-${process.pid}-${++users}@test.invalid`;
  const bearer = (issuer = issuerId): Promise<string> => {
    let token = tokens.get(issuer);
    if (!token) {
      token = tokenFor(ctx, issuer, roles, email);
      tokens.set(issuer, token);
    }
    return token;
  };
  const inject = async (opts: InjectOptions): Promise<LightMyRequestResponse> => {
    const headers = { ...(opts.headers ?? {}) } as Record<string, unknown>;
    const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
    if (!has('authorization')) {
      const named = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-armslength-issuer')?.[1];
      let issuer = typeof named === 'string' && named.trim() !== '' ? named.trim() : issuerId;
      // A request naming an issuer that does not exist is sent with the world's token (and gets 404).
      if (!(await ctx.store.getIssuer(issuer))) issuer = issuerId;
      const authorization = `Bearer ${await bearer(issuer)}`;
      return app.inject({ ...opts, headers: { ...headers, authorization } } as InjectOptions);
    }
    return app.inject({ ...opts, headers } as InjectOptions);
  };
  const userId = async (): Promise<string> => {
    await bearer();
    const user = await ctx.store.getUserByEmail(email);
    if (!user) throw new Error(`no test user ${email}`);
    return user.id;
  };
  return { app, inject, bearer, userId };
}

/**
 * Every route Fastify registered, as "METHOD /path/{param}", read from `printRoutes` method by method
 * (one line per node, four characters of indentation per level; a node's path continues its
 * parent's). By method, because routes of different methods may name one path parameter differently,
 * and a tree of all methods prints such a node with both names ("{kind}|{id}").
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  for (const wanted of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    const stack: string[] = [];
    const printed = app.printRoutes({ commonPrefix: false, method: wanted });
    for (const line of printed.split('\n')) {
      const m = /^(.*?)(?:└── |├── )(.*)$/.exec(line);
      if (!m) continue;
      const depth = (m[1] ?? '').length / 4;
      const node = /^(.*?)(?: \(([^)]*)\))?$/.exec(m[2] ?? '');
      const segment = node?.[1] ?? '';
      stack.length = depth;
      const path = (stack[depth - 1] ?? '') + segment;
      stack[depth] = path;
      const methods = (node?.[2] ?? '').split(',').map((s) => s.trim());
      if (methods.includes(wanted)) routes.push(`${wanted} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}
