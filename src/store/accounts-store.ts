/**
 * Issue 6: users, memberships and API tokens. The Repository delegates here. E-mail addresses are
 * lower-cased on the way in and on lookup, so the unique constraint is case-insensitive on both
 * engines. Inserts that may meet an existing row use ON CONFLICT DO NOTHING and say whether they wrote.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiTokenRecord, LoginFailure, MembershipRecord, UserRecord } from '../app/accounts-ports.js';
import type { Role } from '../domain/authz/index.js';
import { calendarDate } from '../domain/index.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** better-sqlite3 (safeIntegers) gives bigint, pg gives number or string. */
const int = (v: unknown): number => Number(typeof v === 'bigint' ? v : BigInt(v as number | string));
const inserted = (r: { numInsertedOrUpdatedRows?: bigint | undefined }): boolean =>
  int(r.numInsertedOrUpdatedRows ?? 0n) > 0;
const normaliseEmail = (email: string): string => email.trim().toLowerCase();

function userRecord(r: Selectable<Database['users']>): UserRecord {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    disabled: int(r.disabled) !== 0,
    failedLogins: int(r.failed_logins),
    lockedUntil: r.locked_until,
  };
}

function membershipRecord(r: Selectable<Database['memberships']>): MembershipRecord {
  return {
    userId: r.user_id,
    issuerId: r.issuer_id,
    // Written only through `insertMembership`, which takes a Role.
    role: r.role as Role,
    validFrom: r.valid_from === null ? null : calendarDate(r.valid_from),
    validTo: r.valid_to === null ? null : calendarDate(r.valid_to),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function tokenRecord(r: Selectable<Database['api_tokens']>): ApiTokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    issuerId: r.issuer_id,
    role: r.role as Role | null,
    tokenHash: r.token_hash,
    prefix: r.prefix,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

export async function getUserByEmail(db: Db, email: string): Promise<UserRecord | null> {
  const r = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  return r ? userRecord(r) : null;
}

export async function getUser(db: Db, id: string): Promise<UserRecord | null> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? userRecord(r) : null;
}

export async function listMemberships(
  db: Db,
  userId: string,
  issuerId?: string,
): Promise<MembershipRecord[]> {
  let q = db.selectFrom('memberships').selectAll().where('user_id', '=', userId);
  if (issuerId !== undefined) q = q.where('issuer_id', '=', issuerId);
  const rows = await q.orderBy('issuer_id').orderBy('role').execute();
  return rows.map(membershipRecord);
}

export async function getApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRecord | null> {
  const r = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return r ? tokenRecord(r) : null;
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(tokenRecord);
}

export async function insertUser(db: Db, user: UserRecord): Promise<boolean> {
  const r = await db
    .insertInto('users')
    .values({
      id: user.id,
      email: normaliseEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      disabled: user.disabled ? 1 : 0,
      failed_logins: user.failedLogins,
      locked_until: user.lockedUntil,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  return inserted(r);
}

export async function insertMembership(db: Db, m: MembershipRecord): Promise<boolean> {
  const r = await db
    .insertInto('memberships')
    .values({
      user_id: m.userId,
      issuer_id: m.issuerId,
      role: m.role,
      valid_from: m.validFrom,
      valid_to: m.validTo,
      created_at: m.createdAt,
      created_by: m.createdBy,
    })
    .onConflict((oc) => oc.columns(['user_id', 'issuer_id', 'role']).doNothing())
    .executeTakeFirst();
  return inserted(r);
}

export async function recordLoginFailure(
  db: Db,
  userId: string,
  lockAfter: number,
  lockUntil: string,
): Promise<LoginFailure> {
  // One statement: concurrent failures each add one, and exactly one of them reaches `lockAfter`.
  const r = await db
    .updateTable('users')
    .set({
      failed_logins: sql<number>`case when failed_logins + 1 >= ${lockAfter} then 0 else failed_logins + 1 end`,
      locked_until: sql<
        string | null
      >`case when failed_logins + 1 >= ${lockAfter} then ${lockUntil} else locked_until end`,
    })
    .where('id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failedLogins: int(r.failed_logins), lockedUntil: r.locked_until };
}

export async function recordLoginSuccess(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function insertApiToken(db: Db, t: ApiTokenRecord): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      issuer_id: t.issuerId,
      role: t.role,
      token_hash: t.tokenHash,
      prefix: t.prefix,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      revoked_at: t.revokedAt,
      last_used_at: t.lastUsedAt,
    })
    .execute();
}

export async function revokeApiToken(
  db: Db,
  userId: string,
  tokenId: string,
  revokedAt: string,
): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: revokedAt })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return int(r.numUpdatedRows) > 0;
}

export async function touchApiToken(db: Db, tokenId: string, usedAt: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: usedAt }).where('id', '=', tokenId).execute();
}
