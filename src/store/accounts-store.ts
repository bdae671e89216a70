/**
 * Issue 6: users, memberships and API tokens. The Repository delegates here. E-mail addresses are
 * lower-cased on the way in and on lookup, so the unique constraint is case-insensitive on both
 * engines. Inserts that may meet an existing row use ON CONFLICT DO NOTHING and say whether they wrote.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ApiTokenRecord,
  LoginFailure,
  MembershipRecord,
  RecusalRecord,
  SessionRecord,
  UserRecord,
} from '../app/accounts-ports.js';
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
    mustChangePassword: int(r.must_change_password) !== 0,
    language: r.language ?? null,
  };
}

export async function setUserLanguage(db: Db, userId: string, language: string): Promise<void> {
  await db.updateTable('users').set({ language }).where('id', '=', userId).execute();
}

function sessionRecord(r: Selectable<Database['sessions']>): SessionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    client: r.client,
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
    personId: r.person_id,
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
      must_change_password: user.mustChangePassword ? 1 : 0,
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
      person_id: m.personId,
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

// ---- sessions, user administration (issue 6) ----

export async function getSessionByHash(db: Db, tokenHash: string): Promise<SessionRecord | null> {
  const r = await db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return r ? sessionRecord(r) : null;
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return int(r.n);
}

export async function listIssuerMembers(
  db: Db,
  issuerId: string,
): Promise<{ user: UserRecord; memberships: MembershipRecord[] }[]> {
  const memberships = (
    await db
      .selectFrom('memberships')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .orderBy('user_id')
      .orderBy('role')
      .execute()
  ).map(membershipRecord);
  const ids = [...new Set(memberships.map((m) => m.userId))];
  if (ids.length === 0) return [];
  const users = (await db.selectFrom('users').selectAll().where('id', 'in', ids).execute()).map(userRecord);
  return users
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
    .map((user) => ({ user, memberships: memberships.filter((m) => m.userId === user.id) }));
}

export async function insertSession(db: Db, s: SessionRecord): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      token_hash: s.tokenHash,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      revoked_at: s.revokedAt,
      client: s.client,
    })
    .execute();
}

export async function revokeSession(db: Db, sessionId: string, revokedAt: string): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: revokedAt })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return int(r.numUpdatedRows) > 0;
}

export async function revokeUserSessions(
  db: Db,
  userId: string,
  revokedAt: string,
  except: string | null = null,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: revokedAt })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (except !== null) q = q.where('id', '!=', except);
  const r = await q.executeTakeFirst();
  return int(r.numUpdatedRows);
}

export async function touchSession(db: Db, sessionId: string, seenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: seenAt }).where('id', '=', sessionId).execute();
}

export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', userId)
    .executeTakeFirst();
  return int(r.numUpdatedRows) > 0;
}

export async function deleteMembership(
  db: Db,
  userId: string,
  issuerId: string,
  role: Role,
): Promise<boolean> {
  const r = await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('issuer_id', '=', issuerId)
    .where('role', '=', role)
    .executeTakeFirst();
  return int(r.numDeletedRows) > 0;
}

export async function setPassword(
  db: Db,
  userId: string,
  passwordHash: string,
  mustChange: boolean,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChange ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
    })
    .where('id', '=', userId)
    .execute();
}

// ---- recusals (issue 6, item 5) ----

function recusalRecord(r: Selectable<Database['recusals']>): RecusalRecord {
  const reasons: unknown = JSON.parse(r.reasons);
  return {
    id: r.id,
    issuerId: r.issuer_id,
    agreementId: r.agreement_id,
    userId: r.user_id,
    personId: r.person_id,
    reasons: Array.isArray(reasons) ? reasons.map(String) : [],
    recordedAt: r.recorded_at,
  };
}

export async function getRecusal(
  db: Db,
  issuerId: string,
  agreementId: string,
  userId: string,
): Promise<RecusalRecord | null> {
  const r = await db
    .selectFrom('recusals')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('agreement_id', '=', agreementId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ? recusalRecord(r) : null;
}

export async function listRecusals(db: Db, issuerId: string, agreementId: string): Promise<RecusalRecord[]> {
  const rows = await db
    .selectFrom('recusals')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('agreement_id', '=', agreementId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(recusalRecord);
}

export async function insertRecusal(db: Db, r: RecusalRecord): Promise<boolean> {
  const result = await db
    .insertInto('recusals')
    .values({
      id: r.id,
      issuer_id: r.issuerId,
      agreement_id: r.agreementId,
      user_id: r.userId,
      person_id: r.personId,
      reasons: JSON.stringify(r.reasons),
      recorded_at: r.recordedAt,
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'agreement_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return inserted(result);
}
