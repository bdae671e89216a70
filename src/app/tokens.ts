/**
 * Issue 6: API tokens, sent as `Authorization: Bearer alt_…`. A token is 32 random bytes (base64url)
 * behind the prefix `alt_`, shown once when created and stored only as its SHA-256: with 256 bits of
 * entropy there is nothing for a slow hash to protect, and a lookup by hash is one indexed read
 * (decision 0012). A token is scoped to one issuer and optionally one role, expires, and can be
 * revoked; it acts only while its user still holds a membership in force there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Role } from '../domain/authz/index.js';
import type { FieldError } from '../domain/index.js';
import type { ApiTokenRecord } from './accounts-ports.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { membershipValidOn, normaliseEmail } from './users.js';

export const TOKEN_PREFIX = 'alt_';
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 3660;
/** last_used_at is written at most this often per token, so that reads do not each take the write lock. */
const TOUCH_EVERY_MS = 60_000;

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface CreateTokenInput {
  readonly email: string;
  readonly issuerId: string;
  readonly role?: string | undefined;
  readonly expiresInDays?: number | undefined;
}

export interface CreatedToken {
  /** The token itself: shown once, never stored. */
  readonly token: string;
  readonly record: ApiTokenRecord;
  readonly email: string;
  /** The roles the token acts with now: its own role, or every role the user holds at the issuer. */
  readonly roles: readonly Role[];
}

/**
 * Creates a token for a user at an issuer where they hold a membership in force (and, with `role`,
 * that role). Refused as invalid input otherwise.
 */
export async function createToken(ctx: AppContext, input: CreateTokenInput): Promise<CreatedToken> {
  const errors: FieldError[] = [];
  const email = normaliseEmail(input.email);
  const issuerId = input.issuerId.trim();
  const user = await ctx.store.getUserByEmail(email);
  if (!user || user.disabled)
    errors.push({ path: 'email', message: `${JSON.stringify(input.email)} is not an active user` });
  if (!(await ctx.store.getIssuer(issuerId)))
    errors.push({ path: 'issuer', message: `${JSON.stringify(input.issuerId)} is not a recorded issuer` });
  const role = input.role?.trim();
  if (role !== undefined && !isRole(role))
    errors.push({ path: 'role', message: `${JSON.stringify(input.role)} is not a role` });
  const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
    errors.push({
      path: 'expiresInDays',
      message: `must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}`,
    });
  if (errors.length > 0 || !user) throw AppError.invalid(errors);

  const today = ctx.clock.today();
  const held = (await ctx.store.listMemberships(user.id, issuerId))
    .filter((m) => membershipValidOn(m, today))
    .map((m) => m.role);
  const roles = role !== undefined && isRole(role) ? held.filter((r) => r === role) : held;
  if (roles.length === 0) {
    throw AppError.invalid([
      {
        path: role === undefined ? 'issuer' : 'role',
        message:
          role === undefined
            ? `${user.email} holds no role in force at the issuer ${issuerId}`
            : `${user.email} does not hold the role ${role} at the issuer ${issuerId}`,
      },
    ]);
  }

  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now();
  const record: ApiTokenRecord = {
    id: ctx.ids.next('tok'),
    userId: user.id,
    issuerId,
    role: role !== undefined && isRole(role) ? role : null,
    tokenHash: tokenHash(token),
    prefix: token.slice(0, 8),
    createdAt: now,
    expiresAt: new Date(Date.parse(now) + days * 86_400_000).toISOString(),
    revokedAt: null,
    lastUsedAt: null,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertApiToken(record);
    return { commit: true, value: undefined };
  });
  return { token, record, email: user.email, roles };
}

/** Revokes one of the user's tokens; not found when the user has no such unrevoked token. */
export async function revokeToken(ctx: AppContext, userId: string, tokenId: string): Promise<void> {
  const revoked = await ctx.store.transaction(async (tx) => ({
    commit: true,
    value: await tx.revokeApiToken(userId, tokenId, ctx.clock.now()),
  }));
  if (!revoked) throw AppError.notFound(`token ${tokenId}`);
}

export interface TokenIdentity {
  readonly userId: string;
  readonly issuerId: string;
  readonly roles: readonly Role[];
}

/**
 * Who a bearer token acts for, or null: unknown, expired, revoked, a disabled user, or no membership
 * in force at the token's issuer (with the token's role, if it has one). `bearer` is the header's
 * value with or without the `Bearer ` scheme.
 */
export async function authenticateToken(ctx: AppContext, bearer: string): Promise<TokenIdentity | null> {
  const token = bearer.replace(/^Bearer\s+/i, '').trim();
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const record = await ctx.store.getApiTokenByHash(tokenHash(token));
  const now = ctx.clock.now();
  if (!record || record.revokedAt !== null || record.expiresAt <= now) return null;
  const user = await ctx.store.getUser(record.userId);
  if (!user || user.disabled) return null;
  const today = ctx.clock.today();
  const held = (await ctx.store.listMemberships(user.id, record.issuerId))
    .filter((m) => membershipValidOn(m, today))
    .map((m) => m.role);
  const roles = record.role === null ? held : held.filter((r) => r === record.role);
  if (roles.length === 0) return null;
  if (record.lastUsedAt === null || Date.parse(now) - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) {
    await ctx.store.transaction(async (tx) => {
      await tx.touchApiToken(record.id, now);
      return { commit: true, value: undefined };
    });
  }
  return { userId: user.id, issuerId: record.issuerId, roles };
}
