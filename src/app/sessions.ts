/**
 * Issue 6, item 3: who a request acts for. A browser signs in with an e-mail and password and gets a
 * session (an HttpOnly cookie); a machine sends an API token. Either way the request becomes an
 * `Actor`: a user, the issuer they act for, and the roles they hold there today (decision 0014).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../domain/authz/index.js';
import type { SessionRecord, UserRecord } from './accounts-ports.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';
import { authenticateToken, tokenHash } from './tokens.js';
import { membershipValidOn, verifyPassword } from './users.js';

export const SESSION_PREFIX = 'als_';
/** A session ends this long after sign-in, however active (a working day and then some). */
export const SESSION_HOURS = 12;
/** …or after this long without a request. */
export const SESSION_IDLE_MINUTES = 30;
/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

/** Who a request's credentials name, before an issuer is chosen. */
export type Principal =
  | {
      readonly kind: 'token';
      readonly userId: string;
      readonly issuerId: string;
      readonly roles: readonly Role[];
    }
  | {
      readonly kind: 'session';
      readonly userId: string;
      readonly sessionId: string;
      /** What a write must send back in X-CSRF-Token (derived from the cookie, never stored). */
      readonly csrfToken: string;
    };

/**
 * The CSRF token of a session: an HMAC-free derivation is enough, since only someone who can read the
 * HttpOnly cookie could compute it, and such a someone needs no CSRF.
 */
export const csrfTokenFor = (sessionToken: string): string =>
  createHash('sha256').update(`csrf\0${sessionToken}`, 'utf8').digest('base64url');

/** Constant-time comparison of two CSRF tokens. */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface SignedIn {
  /** The cookie's value: shown once, stored only as its SHA-256. */
  readonly token: string;
  readonly csrfToken: string;
  readonly session: SessionRecord;
  readonly user: UserRecord;
}

/** The refusal of a sign-in: the same words for an unknown e-mail, a wrong password or a disabled user. */
export class SignInRefused extends Error {
  constructor(
    readonly reason: 'INVALID_CREDENTIALS' | 'LOCKED',
    readonly lockedUntil: string | null = null,
  ) {
    super(
      reason === 'LOCKED'
        ? `the account is locked after repeated failed sign-ins until ${lockedUntil ?? 'later'}`
        : 'the e-mail address or password is not correct',
    );
    this.name = 'SignInRefused';
  }
}

/** Signs in: a new session, or SignInRefused. Lockout is counted by `verifyPassword`. */
export async function signIn(
  ctx: AppContext,
  email: string,
  password: string,
  client: string | undefined,
): Promise<SignedIn> {
  const check = await verifyPassword(ctx, email, password);
  if (!check.ok) throw new SignInRefused(check.reason, check.reason === 'LOCKED' ? check.lockedUntil : null);
  const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now();
  const session: SessionRecord = {
    id: ctx.ids.next('ses'),
    userId: check.user.id,
    tokenHash: tokenHash(token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(Date.parse(now) + SESSION_HOURS * 3_600_000).toISOString(),
    revokedAt: null,
    client: client === undefined ? null : client.slice(0, 200),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertSession(session);
    return { commit: true, value: undefined };
  });
  return { token, csrfToken: csrfTokenFor(token), session, user: check.user };
}

/** The session a cookie names, or null: unknown, signed out, expired, idle too long, or a disabled user. */
export async function authenticateSession(ctx: AppContext, token: string): Promise<Principal | null> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return null;
  const session = await ctx.store.getSessionByHash(tokenHash(token));
  if (!session || session.revokedAt !== null) return null;
  const now = ctx.clock.now();
  const nowMs = Date.parse(now);
  if (session.expiresAt <= now) return null;
  if (nowMs - Date.parse(session.lastSeenAt) > SESSION_IDLE_MINUTES * 60_000) return null;
  const user = await ctx.store.getUser(session.userId);
  if (!user || user.disabled) return null;
  if (nowMs - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    await ctx.store.transaction(async (tx) => {
      await tx.touchSession(session.id, now);
      return { commit: true, value: undefined };
    });
  }
  return { kind: 'session', userId: user.id, sessionId: session.id, csrfToken: csrfTokenFor(token) };
}

/** Signs out: the session ends at once (the cookie is worthless from then on). */
export async function signOut(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.store.transaction(async (tx) => ({
    commit: true,
    value: await tx.revokeSession(sessionId, ctx.clock.now()),
  }));
}

/** A bearer token's principal, or null (see `authenticateToken`). */
export async function tokenPrincipal(ctx: AppContext, bearer: string): Promise<Principal | null> {
  const identity = await authenticateToken(ctx, bearer);
  return identity ? { kind: 'token', ...identity } : null;
}

/** The issuers where the user holds a role in force today, with those roles, in issuer-id order. */
export async function rolesByIssuer(ctx: AppContext, userId: string): Promise<Map<string, Role[]>> {
  const today = ctx.clock.today();
  const byIssuer = new Map<string, Role[]>();
  for (const m of await ctx.store.listMemberships(userId)) {
    if (!membershipValidOn(m, today)) continue;
    const roles = byIssuer.get(m.issuerId) ?? [];
    roles.push(m.role);
    byIssuer.set(m.issuerId, roles);
  }
  return byIssuer;
}

/**
 * The actor for a principal and the issuer the request names (X-Armslength-Issuer), if any.
 * - A token acts only for its issuer: naming another answers 404, as for any record of another issuer.
 * - A session acts for the named issuer if the user holds a role there (404 otherwise, so that an
 *   issuer's existence is not revealed), else for the user's only issuer; a user of several issuers
 *   must name one (422), so that no write lands at the wrong client.
 */
export async function actorForPrincipal(
  ctx: AppContext,
  principal: Principal,
  named: string | undefined,
  header: string,
): Promise<Actor> {
  if (principal.kind === 'token') {
    if (named !== undefined && named !== principal.issuerId) throw AppError.notFound(`issuer ${named}`);
    return { userId: principal.userId, issuerId: principal.issuerId, roles: principal.roles };
  }
  const byIssuer = await rolesByIssuer(ctx, principal.userId);
  if (named !== undefined) {
    const roles = byIssuer.get(named);
    if (!roles) throw AppError.notFound(`issuer ${named}`);
    return { userId: principal.userId, issuerId: named, roles };
  }
  const issuers = [...byIssuer.keys()];
  const only = issuers.length === 1 ? issuers[0] : undefined;
  if (only !== undefined)
    return { userId: principal.userId, issuerId: only, roles: byIssuer.get(only) ?? [] };
  if (issuers.length === 0)
    throw new AppError('forbidden', 'you hold no role in force at any issuer', { code: 'NO_MEMBERSHIP' });
  throw AppError.invalid([
    { path: header, message: `you act for ${issuers.length} issuers (${issuers.join(', ')}): name one` },
  ]);
}

/** The issuers a principal may act for, with the roles there: a token's one issuer, or a user's. */
export async function issuersOfPrincipal(
  ctx: AppContext,
  principal: Principal,
): Promise<Map<string, Role[]>> {
  return principal.kind === 'token'
    ? new Map([[principal.issuerId, [...principal.roles]]])
    : rolesByIssuer(ctx, principal.userId);
}
