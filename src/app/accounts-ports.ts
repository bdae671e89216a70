/**
 * Issue 6: the store's part of accounts — users, their memberships (a role at an issuer) and API
 * tokens. `StoreReader` and `StoreTx` in ports.ts extend these.
 */
import type { CalendarDate } from '../domain/index.js';
import type { Role } from '../domain/authz/index.js';

export interface UserRecord {
  readonly id: string;
  /** Lower-cased: unique case-insensitively. */
  readonly email: string;
  readonly name: string | null;
  /** An argon2id PHC string ($argon2id$v=19$m=…). */
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly disabled: boolean;
  /** Failed logins since the last success or lockout. */
  readonly failedLogins: number;
  /** An instant; logins are refused until then. */
  readonly lockedUntil: string | null;
  /** Set for the demo admin, whose password was printed: `armslength doctor` reports it. */
  readonly mustChangePassword: boolean;
  /** The web application's language the user chose ('en' or 'zh-Hant'); null until they choose. */
  readonly language?: string | null;
}

/** A role at an issuer, valid on calendar dates from `validFrom` to `validTo` inclusive (null: open). */
export interface MembershipRecord {
  readonly userId: string;
  readonly issuerId: string;
  readonly role: Role;
  readonly validFrom: CalendarDate | null;
  readonly validTo: CalendarDate | null;
  readonly createdAt: string;
  readonly createdBy: string;
  /**
   * The register party the user is at the issuer (a director or INED), so that Rule 13.44 applies to
   * what they read (issue 6, item 5); null when the user is no one in the register.
   */
  readonly personId: string | null;
}

/**
 * A user who must abstain on an agreement (13.44, issue 6 item 5), recorded the first time it took
 * effect: from then on the agreement's quotes, evidence and board papers are withheld from them.
 */
export interface RecusalRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly agreementId: string;
  readonly userId: string;
  readonly personId: string;
  /** Why the person must abstain, as the 13.44 reasons read when it was recorded. */
  readonly reasons: readonly string[];
  readonly recordedAt: string;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly issuerId: string;
  /** Null: the token acts with every role the user holds at the issuer. */
  readonly role: Role | null;
  /** Lower-case hex SHA-256 of the token; the token itself is never stored. */
  readonly tokenHash: string;
  /** The token's first 8 characters, to tell tokens apart in lists. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** A signed-in browser (issue 6): the cookie's value is stored only as its SHA-256. */
export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly tokenHash: string;
  readonly createdAt: string;
  /** Written at most once a minute: the idle timeout counts from here. */
  readonly lastSeenAt: string;
  /** The absolute end of the session, however active. */
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  /** The client's User-Agent, for the user's list of sessions (at most 200 characters). */
  readonly client: string | null;
}

/** What a failed login left behind. */
export interface LoginFailure {
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
}

export interface AccountsReader {
  /** By e-mail, compared lower-cased. */
  getUserByEmail(email: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  /** The user's memberships, at one issuer when given, whatever their validity. */
  listMemberships(userId: string, issuerId?: string): Promise<MembershipRecord[]>;
  getApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  getSessionByHash(tokenHash: string): Promise<SessionRecord | null>;
  /** How many users exist (first-run setup is open while there are none). */
  countUsers(): Promise<number>;
  /** Every user who holds or held a membership at the issuer, with those memberships. */
  listIssuerMembers(issuerId: string): Promise<{ user: UserRecord; memberships: MembershipRecord[] }[]>;
  /** The user's recusal on the agreement, if one was recorded. */
  getRecusal(issuerId: string, agreementId: string, userId: string): Promise<RecusalRecord | null>;
  /** The recusals recorded on the agreement, in recording order. */
  listRecusals(issuerId: string, agreementId: string): Promise<RecusalRecord[]>;
}

export interface AccountsTx extends AccountsReader {
  /** False when a user with that e-mail (case-insensitively) already exists: nothing is written then. */
  insertUser(user: UserRecord): Promise<boolean>;
  /** False when the user already holds that role at that issuer: nothing is written then. */
  insertMembership(membership: MembershipRecord): Promise<boolean>;
  /**
   * Counts a failed login in one statement (so concurrent failures all count). At the `lockAfter`th
   * failure the account is locked until `lockUntil` and the count starts again.
   */
  recordLoginFailure(userId: string, lockAfter: number, lockUntil: string): Promise<LoginFailure>;
  /** A successful login clears the count and any lock. */
  recordLoginSuccess(userId: string): Promise<void>;
  insertApiToken(token: ApiTokenRecord): Promise<void>;
  /** False when there is no such unrevoked token of that user. */
  revokeApiToken(userId: string, tokenId: string, revokedAt: string): Promise<boolean>;
  touchApiToken(tokenId: string, usedAt: string): Promise<void>;
  insertSession(session: SessionRecord): Promise<void>;
  /** False when there is no such unrevoked session. */
  revokeSession(sessionId: string, revokedAt: string): Promise<boolean>;
  /** Ends every session of the user but `except` (password change, disabling): how many ended. */
  revokeUserSessions(userId: string, revokedAt: string, except?: string | null): Promise<number>;
  touchSession(sessionId: string, seenAt: string): Promise<void>;
  /** False when there is no such user. A disabled user cannot sign in or use tokens. */
  setUserDisabled(userId: string, disabled: boolean): Promise<boolean>;
  /** False when the user does not hold that role there. */
  deleteMembership(userId: string, issuerId: string, role: Role): Promise<boolean>;
  setPassword(userId: string, passwordHash: string, mustChange: boolean): Promise<void>;
  /** The user's language for the web application. */
  setUserLanguage(userId: string, language: string): Promise<void>;
  /** False when the user's recusal on that agreement is already recorded: nothing is written then. */
  insertRecusal(recusal: RecusalRecord): Promise<boolean>;
}
