/**
 * Issue 6: administering accounts over the API. An issuer's `admin` lists its members and grants or
 * removes roles there (never at another issuer); every user manages their own API tokens and password.
 * Disabling an account is installation-wide, so it is the CLI's (`armslength users disable`), whose
 * operator owns the installation (decision 0012).
 */
import { isRole, type Role } from '../domain/authz/index.js';
import type { FieldError } from '../domain/index.js';
import type { ApiTokenRecord, MembershipRecord, UserRecord } from './accounts-ports.js';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';
import { createToken, revokeToken } from './tokens.js';
import { addUser, hashPassword, membershipValidOn, passwordErrors, verifyPassword } from './users.js';

export interface MemberView {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly disabled: boolean;
  readonly lockedUntil: string | null;
  readonly mustChangePassword: boolean;
  readonly roles: readonly {
    readonly role: Role;
    readonly validFrom: string | null;
    readonly validTo: string | null;
    readonly inForce: boolean;
    readonly grantedBy: string;
    readonly grantedAt: string;
    /** The register person the user is with this role (13.44 recusals, issue 6 item 5). */
    readonly personId: string | null;
  }[];
}

const memberView = (
  ctx: AppContext,
  user: UserRecord,
  memberships: readonly MembershipRecord[],
): MemberView => {
  const today = ctx.clock.today();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    disabled: user.disabled,
    lockedUntil: user.lockedUntil !== null && user.lockedUntil > ctx.clock.now() ? user.lockedUntil : null,
    mustChangePassword: user.mustChangePassword,
    roles: memberships.map((m) => ({
      role: m.role,
      validFrom: m.validFrom,
      validTo: m.validTo,
      inForce: membershipValidOn(m, today),
      grantedBy: m.createdBy,
      grantedAt: m.createdAt,
      personId: m.personId,
    })),
  };
};

/** The users who hold a role at the acting issuer, by e-mail. */
export async function listMembers(ctx: AppContext, actor: Actor): Promise<{ items: MemberView[] }> {
  requireAction(actor, 'user.manage');
  const members = await ctx.store.listIssuerMembers(actor.issuerId);
  return { items: members.map((m) => memberView(ctx, m.user, m.memberships)) };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const GRANT_FIELDS = new Set(['email', 'role', 'name', 'password', 'validFrom', 'validTo', 'personId']);

/**
 * Grants a role at the acting issuer: `{ email, role, name?, password?, validFrom?, validTo?,
 * personId? }`. A new e-mail makes a user (then `password` is required); an existing one gets the
 * role added. `personId` links the user to the register person they are (a director, for 13.44).
 */
export async function grantRole(
  ctx: AppContext,
  actor: Actor,
  body: unknown,
): Promise<{ member: MemberView; createdUser: boolean }> {
  requireAction(actor, 'user.manage');
  if (!isObject(body)) throw AppError.invalid([{ path: '', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  for (const key of Object.keys(body))
    if (!GRANT_FIELDS.has(key)) errors.push({ path: key, message: 'is not a field of a role grant' });
  const text = (key: string): string | undefined => {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      errors.push({ path: key, message: 'must be text' });
      return undefined;
    }
    return v;
  };
  const email = text('email');
  const role = text('role');
  if (email === undefined && !errors.some((e) => e.path === 'email'))
    errors.push({ path: 'email', message: 'is required' });
  if (role === undefined && !errors.some((e) => e.path === 'role'))
    errors.push({ path: 'role', message: 'is required' });
  const input = {
    name: text('name'),
    password: text('password'),
    validFrom: text('validFrom'),
    validTo: text('validTo'),
    personId: text('personId'),
  };
  if (errors.length > 0 || email === undefined || role === undefined) throw AppError.invalid(errors);
  // Accounts are installation-wide (one person may work for several issuers): an existing account
  // gets the role, but its password and name are its own, so giving them is refused, not ignored.
  const existing = await ctx.store.getUserByEmail(email);
  if (existing && (input.password !== undefined || input.name !== undefined))
    throw AppError.invalid(
      [
        input.password !== undefined ? 'password' : undefined,
        input.name !== undefined ? 'name' : undefined,
      ].flatMap((path) =>
        path === undefined
          ? []
          : [
              {
                path,
                message: 'an account with this e-mail exists: leave it out, it is not changed by a grant',
              },
            ],
      ),
    );
  // A role already held is refused by addUser as invalid input (path "role").
  const added = await addUser(ctx, actor.userId, { email, role, issuerId: actor.issuerId, ...input });
  const memberships = await ctx.store.listMemberships(added.user.id, actor.issuerId);
  return { member: memberView(ctx, added.user, memberships), createdUser: added.createdUser };
}

/**
 * Removes a role at the acting issuer. The issuer's last admin role in force cannot be removed, so
 * that nobody can lock the issuer out of its own administration.
 */
export async function removeRole(ctx: AppContext, actor: Actor, userId: string, role: string): Promise<void> {
  requireAction(actor, 'user.manage');
  if (!isRole(role)) throw AppError.notFound(`role ${role} of user ${userId}`);
  const held = await ctx.store.listMemberships(userId, actor.issuerId);
  if (!held.some((m) => m.role === role)) throw AppError.notFound(`role ${role} of user ${userId}`);
  if (role === 'admin') {
    const today = ctx.clock.today();
    const admins = (await ctx.store.listIssuerMembers(actor.issuerId)).filter(
      (m) => !m.user.disabled && m.memberships.some((r) => r.role === 'admin' && membershipValidOn(r, today)),
    );
    if (admins.length <= 1 && admins[0]?.user.id === userId)
      throw AppError.conflict(
        'LAST_ADMIN',
        'this is the issuer’s last admin: grant the role to someone else first',
      );
  }
  await ctx.store.transaction(async (tx) => ({
    commit: true,
    value: await tx.deleteMembership(userId, actor.issuerId, role),
  }));
}

export interface TokenView {
  readonly id: string;
  readonly prefix: string;
  readonly issuerId: string;
  readonly role: Role | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export const tokenView = (t: ApiTokenRecord): TokenView => ({
  id: t.id,
  prefix: t.prefix,
  issuerId: t.issuerId,
  role: t.role,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
  lastUsedAt: t.lastUsedAt,
});

/** The caller's own tokens at the acting issuer (never the token itself: only its first characters). */
export async function listOwnTokens(ctx: AppContext, actor: Actor): Promise<{ items: TokenView[] }> {
  const tokens = await ctx.store.listApiTokens(actor.userId);
  return { items: tokens.filter((t) => t.issuerId === actor.issuerId).map(tokenView) };
}

/**
 * A new token for the caller at the acting issuer: `{ role?, expiresInDays? }`. Only from a signed-in
 * session (`fromSession`): a token cannot mint tokens, so a leaked token cannot outlive its expiry.
 */
export async function createOwnToken(
  ctx: AppContext,
  actor: Actor,
  body: unknown,
  fromSession: boolean,
): Promise<{ token: string; record: TokenView }> {
  if (!fromSession)
    throw new AppError('forbidden', 'tokens are made from a signed-in session, not with another token', {
      code: 'SESSION_REQUIRED',
    });
  const input = body === undefined ? {} : body;
  if (!isObject(input)) throw AppError.invalid([{ path: '', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  for (const key of Object.keys(input))
    if (key !== 'role' && key !== 'expiresInDays')
      errors.push({ path: key, message: 'is not a field of a token' });
  const role = input['role'];
  if (role !== undefined && typeof role !== 'string') errors.push({ path: 'role', message: 'must be text' });
  const days = input['expiresInDays'];
  if (days !== undefined && typeof days !== 'number')
    errors.push({ path: 'expiresInDays', message: 'must be a whole number of days' });
  if (errors.length > 0) throw AppError.invalid(errors);
  const user = await ctx.store.getUser(actor.userId);
  if (!user) throw AppError.notFound(`user ${actor.userId}`);
  const created = await createToken(ctx, {
    email: user.email,
    issuerId: actor.issuerId,
    role: role as string | undefined,
    expiresInDays: days as number | undefined,
  });
  return { token: created.token, record: tokenView(created.record) };
}

/** Revokes one of the caller's tokens at the acting issuer. */
export async function revokeOwnToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  const mine = (await ctx.store.listApiTokens(actor.userId)).find(
    (t) => t.id === tokenId && t.issuerId === actor.issuerId,
  );
  if (!mine) throw AppError.notFound(`token ${tokenId}`);
  await revokeToken(ctx, actor.userId, tokenId);
}

/**
 * Changes the caller's password: `{ currentPassword, newPassword }`. Every session of theirs ends but
 * the one making the change; the demo admin's "must change" mark is cleared.
 */
/** The languages of the web application. */
export const USER_LANGUAGES = ['en', 'zh-Hant'] as const;

/** `PUT /api/v1/session/preferences { language }`: the caller's own language for the web application. */
export async function setOwnPreferences(
  ctx: AppContext,
  userId: string,
  body: unknown,
): Promise<{ language: string }> {
  if (!isObject(body)) throw AppError.invalid([{ path: '', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  const language = body['language'];
  if (typeof language !== 'string' || !(USER_LANGUAGES as readonly string[]).includes(language))
    errors.push({ path: 'language', message: `must be one of ${USER_LANGUAGES.join(', ')}` });
  for (const key of Object.keys(body))
    if (key !== 'language') errors.push({ path: key, message: 'is not a preference (language)' });
  if (errors.length > 0 || typeof language !== 'string') throw AppError.invalid(errors);
  await ctx.store.transaction(async (tx) => {
    await tx.setUserLanguage(userId, language);
    return { commit: true, value: undefined };
  });
  return { language };
}

export async function changeOwnPassword(
  ctx: AppContext,
  userId: string,
  keepSessionId: string | null,
  body: unknown,
): Promise<void> {
  if (!isObject(body)) throw AppError.invalid([{ path: '', message: 'must be a JSON object' }]);
  const current = body['currentPassword'];
  const next = body['newPassword'];
  const errors: FieldError[] = [];
  if (typeof current !== 'string' || current === '')
    errors.push({ path: 'currentPassword', message: 'is required' });
  if (typeof next !== 'string') errors.push({ path: 'newPassword', message: 'is required' });
  else errors.push(...passwordErrors(next, 'newPassword'));
  if (typeof next === 'string' && next === current)
    errors.push({ path: 'newPassword', message: 'must differ from the current password' });
  if (errors.length > 0 || typeof next !== 'string' || typeof current !== 'string')
    throw AppError.invalid(errors);
  const user = await ctx.store.getUser(userId);
  if (!user) throw AppError.notFound(`user ${userId}`);
  const check = await verifyPassword(ctx, user.email, current);
  if (!check.ok)
    throw new AppError('forbidden', 'the current password is not correct', { code: 'INVALID_CREDENTIALS' });
  const hashed = await hashPassword(next);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.setPassword(userId, hashed, false);
    const sessions = await tx.revokeUserSessions(userId, now, keepSessionId);
    return { commit: true, value: sessions };
  });
}

// ---- the installation's operator (the CLI: whoever can open the database, decision 0012) ----

/** Every user, with their memberships (at `issuerId` only, when given). */
export async function listAllUsers(
  ctx: AppContext,
  issuerId?: string,
): Promise<{ items: (MemberView & { issuerId: string })[] }> {
  const issuers = issuerId === undefined ? (await ctx.store.listIssuers()).map((i) => i.id) : [issuerId];
  if (issuerId !== undefined && !(await ctx.store.getIssuer(issuerId)))
    throw AppError.invalid([
      { path: 'issuer', message: `${JSON.stringify(issuerId)} is not a recorded issuer` },
    ]);
  const items: (MemberView & { issuerId: string })[] = [];
  for (const id of issuers)
    for (const m of await ctx.store.listIssuerMembers(id))
      items.push({ ...memberView(ctx, m.user, m.memberships), issuerId: id });
  return { items };
}

/** Disables (or enables) an account everywhere; disabling ends its sessions, and its tokens stop working. */
export async function setAccountDisabled(
  ctx: AppContext,
  email: string,
  disabled: boolean,
): Promise<UserRecord> {
  const user = await ctx.store.getUserByEmail(email);
  if (!user) throw AppError.invalid([{ path: 'email', message: `${JSON.stringify(email)} is not a user` }]);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.setUserDisabled(user.id, disabled);
    if (disabled) await tx.revokeUserSessions(user.id, now);
    return { commit: true, value: undefined };
  });
  return { ...user, disabled };
}

/** Sets a new password for an account (the operator's reset): every session of the user ends. */
export async function resetPassword(ctx: AppContext, email: string, password: string): Promise<UserRecord> {
  const user = await ctx.store.getUserByEmail(email);
  const errors: FieldError[] = [];
  if (!user) errors.push({ path: 'email', message: `${JSON.stringify(email)} is not a user` });
  errors.push(...passwordErrors(password, 'password'));
  if (errors.length > 0 || !user) throw AppError.invalid(errors);
  const hashed = await hashPassword(password);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.setPassword(user.id, hashed, false);
    await tx.revokeUserSessions(user.id, now);
    return { commit: true, value: undefined };
  });
  return { ...user, mustChangePassword: false };
}

/** A user's tokens, by e-mail (the operator's view). */
export async function listUserTokens(ctx: AppContext, email: string): Promise<{ items: TokenView[] }> {
  const user = await ctx.store.getUserByEmail(email);
  if (!user) throw AppError.invalid([{ path: 'email', message: `${JSON.stringify(email)} is not a user` }]);
  return { items: (await ctx.store.listApiTokens(user.id)).map(tokenView) };
}

/** Revokes a user's token (the operator's). */
export async function revokeUserToken(ctx: AppContext, email: string, tokenId: string): Promise<void> {
  const user = await ctx.store.getUserByEmail(email);
  if (!user) throw AppError.invalid([{ path: 'email', message: `${JSON.stringify(email)} is not a user` }]);
  await revokeToken(ctx, user.id, tokenId);
}
