/**
 * Issue 6: local accounts and their memberships (a role at an issuer). Passwords are hashed with
 * argon2id (@node-rs/argon2's defaults: 19 MiB, 2 passes, 1 lane — OWASP's minimum for argon2id) and
 * checked with its constant-time verify. Five failed logins in a row lock the account for 15 minutes;
 * the count is kept in the store, so it holds across processes.
 */
import { hash, verify } from '@node-rs/argon2';
import { isRole, ROLES, type Role } from '../domain/authz/index.js';
import { calendarDate, type CalendarDate, type FieldError } from '../domain/index.js';
import type { MembershipRecord, UserRecord } from './accounts-ports.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 takes any length; a bound keeps a megabyte "password" from costing a hash. */
export const MAX_PASSWORD_LENGTH = 1024;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AddUserInput {
  readonly email: string;
  readonly issuerId: string;
  readonly role: string;
  readonly name?: string | undefined;
  /** Required for a new user; not used (and not changed) for an existing one. */
  readonly password?: string | undefined;
  readonly validFrom?: string | undefined;
  readonly validTo?: string | undefined;
  /** The demo admin's printed password: `armslength doctor` reports it until it is changed. */
  readonly mustChangePassword?: boolean | undefined;
  /**
   * The register party (an individual) the user is at the issuer, e.g. a director: Rule 13.44 then
   * withholds what they must not see on agreements they must abstain on (issue 6, item 5).
   */
  readonly personId?: string | undefined;
}

export interface AddUserResult {
  readonly user: UserRecord;
  readonly membership: MembershipRecord;
  /** False when the user existed and only the membership was added. */
  readonly createdUser: boolean;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export async function hashPassword(password: string): Promise<string> {
  const hashed = await hash(password);
  // The library's default is argon2id; refuse to store anything else should that default change.
  if (!hashed.startsWith('$argon2id$')) throw new Error('password hashing did not produce argon2id');
  return hashed;
}

export function passwordErrors(password: string | undefined, path: string): FieldError[] {
  if (password === undefined || password === '') return [{ path, message: 'is required for a new user' }];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return [{ path, message: `must be at least ${MIN_PASSWORD_LENGTH} characters (it has ${length})` }];
  if (length > MAX_PASSWORD_LENGTH)
    return [{ path, message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }];
  return [];
}

function dateOrError(value: string | undefined, path: string, errors: FieldError[]): CalendarDate | null {
  if (value === undefined) return null;
  try {
    return calendarDate(value.trim());
  } catch {
    errors.push({ path, message: `must be a date, YYYY-MM-DD, not ${JSON.stringify(value)}` });
    return null;
  }
}

/** Checks the membership's fields; the issuer must exist. */
async function membershipInput(
  ctx: AppContext,
  input: Pick<AddUserInput, 'issuerId' | 'role' | 'validFrom' | 'validTo'>,
  errors: FieldError[],
): Promise<{ role: Role; validFrom: CalendarDate | null; validTo: CalendarDate | null } | null> {
  const issuerId = input.issuerId.trim();
  if (issuerId === '' || !(await ctx.store.getIssuer(issuerId)))
    errors.push({ path: 'issuer', message: `${JSON.stringify(input.issuerId)} is not a recorded issuer` });
  const role = input.role.trim();
  if (!isRole(role))
    errors.push({
      path: 'role',
      message: `${JSON.stringify(input.role)} is not a role; one of ${ROLES.join(', ')}`,
    });
  const validFrom = dateOrError(input.validFrom, 'validFrom', errors);
  const validTo = dateOrError(input.validTo, 'validTo', errors);
  if (validFrom !== null && validTo !== null && validTo < validFrom)
    errors.push({ path: 'validTo', message: 'must not be before validFrom' });
  return isRole(role) ? { role, validFrom, validTo } : null;
}

/**
 * The person the membership names: an individual in the issuer's register, and the one the user's
 * other memberships there name, if any (one user is one person).
 */
async function personInput(
  ctx: AppContext,
  issuerId: string,
  raw: string | undefined,
  errors: FieldError[],
): Promise<string | null> {
  const personId = raw?.trim() ?? '';
  if (personId === '') return null;
  const party = (await ctx.store.listRegisterParties(issuerId)).find((p) => p.partyId === personId);
  if (!party)
    errors.push({
      path: 'personId',
      message: `${JSON.stringify(raw)} is not a party in the register of the issuer ${issuerId}`,
    });
  else if (party.body['kind'] !== 'individual')
    errors.push({
      path: 'personId',
      message: `${JSON.stringify(raw)} is not an individual: a user is linked to a person (a director, an INED)`,
    });
  return personId;
}

/**
 * Adds a user with a membership, or only the membership when the e-mail is already a user's.
 * Refused as invalid input: a malformed e-mail, an unknown issuer or role, a short password for a
 * new user, or a role the user already holds at that issuer.
 */
export async function addUser(
  ctx: AppContext,
  createdBy: string,
  input: AddUserInput,
): Promise<AddUserResult> {
  const errors: FieldError[] = [];
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254)
    errors.push({ path: 'email', message: `${JSON.stringify(input.email)} is not an e-mail address` });
  const membership = await membershipInput(ctx, input, errors);
  const personId =
    errors.length === 0 ? await personInput(ctx, input.issuerId.trim(), input.personId, errors) : null;
  const existing = errors.length === 0 ? await ctx.store.getUserByEmail(email) : null;
  if (!existing) errors.push(...passwordErrors(input.password, 'password'));
  if (existing && personId !== null) {
    const other = (await ctx.store.listMemberships(existing.id, input.issuerId.trim())).find(
      (m) => m.personId !== null && m.personId !== personId,
    );
    if (other)
      errors.push({
        path: 'personId',
        message: `${existing.email} is ${JSON.stringify(other.personId)} in the register of the issuer ${other.issuerId}: one user is one person`,
      });
  }
  if (errors.length > 0 || membership === null) throw AppError.invalid(errors);

  const now = ctx.clock.now();
  const newUser: UserRecord | null = existing
    ? null
    : {
        id: ctx.ids.next('usr'),
        email,
        name: input.name?.trim() || null,
        // Checked by passwordErrors above.
        passwordHash: await hashPassword(input.password ?? ''),
        createdAt: now,
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        mustChangePassword: input.mustChangePassword ?? false,
      };
  return ctx.store.transaction(async (tx) => {
    let user = existing;
    let createdUser = false;
    if (newUser) {
      createdUser = await tx.insertUser(newUser);
      // A concurrent `users add` for the same e-mail won: add the membership to that user.
      user = createdUser ? newUser : await tx.getUserByEmail(email);
    }
    if (!user) throw new Error(`user ${email} vanished`);
    const record: MembershipRecord = {
      userId: user.id,
      issuerId: input.issuerId.trim(),
      role: membership.role,
      validFrom: membership.validFrom,
      validTo: membership.validTo,
      createdAt: now,
      createdBy,
      personId,
    };
    if (!(await tx.insertMembership(record))) {
      throw AppError.invalid([
        {
          path: 'role',
          message: `${user.email} already holds the role ${membership.role} at the issuer ${record.issuerId}`,
        },
      ]);
    }
    return { commit: true, value: { user, membership: record, createdUser } };
  });
}

/** Adds a role at an issuer to an existing user (the same checks as `addUser`). */
export async function addMembership(
  ctx: AppContext,
  createdBy: string,
  input: Omit<AddUserInput, 'password' | 'name'>,
): Promise<MembershipRecord> {
  const user = await ctx.store.getUserByEmail(input.email);
  if (!user)
    throw AppError.invalid([{ path: 'email', message: `${JSON.stringify(input.email)} is not a user` }]);
  return (await addUser(ctx, createdBy, input)).membership;
}

/** Whether a membership is in force on `today` (its dates are inclusive). */
export const membershipValidOn = (m: MembershipRecord, today: CalendarDate): boolean =>
  (m.validFrom === null || m.validFrom <= today) && (m.validTo === null || today <= m.validTo);

/** The roles the user holds at the issuer today: none for a disabled or unknown user. */
export async function rolesAt(ctx: AppContext, userId: string, issuerId: string): Promise<Role[]> {
  const user = await ctx.store.getUser(userId);
  if (!user || user.disabled) return [];
  const today = ctx.clock.today();
  return (await ctx.store.listMemberships(userId, issuerId))
    .filter((m) => membershipValidOn(m, today))
    .map((m) => m.role);
}

export type PasswordCheck =
  | { readonly ok: true; readonly user: UserRecord }
  | { readonly ok: false; readonly reason: 'INVALID_CREDENTIALS' }
  | { readonly ok: false; readonly reason: 'LOCKED'; readonly lockedUntil: string };

let dummyHash: Promise<string> | undefined;

/**
 * Checks an e-mail and password. An unknown e-mail costs the same argon2 verify as a known one, so
 * timing does not tell which addresses have accounts; a disabled account answers as a wrong password.
 * A locked account is refused without looking at the password, and that attempt is not counted.
 */
export async function verifyPassword(
  ctx: AppContext,
  email: string,
  password: string,
): Promise<PasswordCheck> {
  const user = await ctx.store.getUserByEmail(normaliseEmail(email));
  const now = ctx.clock.now();
  if (user?.lockedUntil && user.lockedUntil > now)
    return { ok: false, reason: 'LOCKED', lockedUntil: user.lockedUntil };
  const tooLong = password.length > MAX_PASSWORD_LENGTH * 4;
  const matches = user
    ? !tooLong && (await verify(user.passwordHash, password))
    : (await verify(await (dummyHash ??= hash('not a password of anyone')), password)) && false;
  if (!user) return { ok: false, reason: 'INVALID_CREDENTIALS' };
  if (!matches) {
    const lockUntil = new Date(Date.parse(now) + LOCK_MINUTES * 60_000).toISOString();
    const failure = await ctx.store.transaction(async (tx) => ({
      commit: true,
      value: await tx.recordLoginFailure(user.id, LOCK_AFTER_FAILURES, lockUntil),
    }));
    if (failure.lockedUntil !== null && failure.lockedUntil > now)
      return { ok: false, reason: 'LOCKED', lockedUntil: failure.lockedUntil };
    return { ok: false, reason: 'INVALID_CREDENTIALS' };
  }
  if (user.disabled) return { ok: false, reason: 'INVALID_CREDENTIALS' };
  if (user.failedLogins > 0 || user.lockedUntil !== null) {
    await ctx.store.transaction(async (tx) => {
      await tx.recordLoginSuccess(user.id);
      return { commit: true, value: undefined };
    });
  }
  return { ok: true, user };
}
