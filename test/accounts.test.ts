/**
 * Issue 6: local accounts, memberships and API tokens on both engines — argon2id passwords, lockout
 * after five failures, tokens scoped to one issuer that expire and can be revoked.
 */
import { expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { authenticateToken, createToken, revokeToken, tokenHash } from '../src/app/tokens.js';
import { addMembership, addUser, rolesAt, verifyPassword } from '../src/app/users.js';
import { describeEachEngine } from './support/engines.js';

const PASSWORD = 'correct horse battery';

function contextAt(store: Store, now: string): AppContext {
  return { store, clock: fixedClock(now.slice(0, 10), now), ids: randomIds };
}

async function setUp(store: Store) {
  const ctx = contextAt(store, '2026-03-15T04:00:00.000Z');
  const a = await createIssuer(ctx, { name: { en: 'Issuer A Ltd', 'zh-Hant': null }, isDemo: false });
  const b = await createIssuer(ctx, { name: { en: 'Issuer B Ltd', 'zh-Hant': null }, isDemo: false });
  return { ctx, a, b };
}

async function invalidPaths(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'invalid_input')
      return (error.details.errors ?? []).map((e) => e.path);
    throw error;
  }
  throw new Error('expected invalid input');
}

describeEachEngine('accounts and API tokens (issue 6)', (open) => {
  it('adds a user with an argon2id hash and a membership, and roles add up', async () => {
    const { ctx, a } = await setUp(await open());
    const added = await addUser(ctx, 'tester', {
      email: 'Finance.Lead@Example.com',
      issuerId: a.id,
      role: 'finance',
      name: 'Finance Lead',
      password: PASSWORD,
    });
    expect(added.createdUser).toBe(true);
    expect(added.user.email).toBe('finance.lead@example.com');
    expect(added.user.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(added.user.passwordHash).not.toContain(PASSWORD);
    await addMembership(ctx, 'tester', {
      email: 'finance.lead@example.com',
      issuerId: a.id,
      role: 'auditor',
    });
    expect((await rolesAt(ctx, added.user.id, a.id)).sort()).toEqual(['auditor', 'finance']);
    expect((await verifyPassword(ctx, 'FINANCE.lead@example.com', PASSWORD)).ok).toBe(true);
  });

  it('refuses a malformed e-mail, an unknown issuer or role, a short password and a duplicate membership', async () => {
    const { ctx, a } = await setUp(await open());
    expect(
      await invalidPaths(
        addUser(ctx, 't', { email: 'not-an-address', issuerId: 'iss_nope', role: 'boss', password: 'short' }),
      ),
    ).toEqual(['email', 'issuer', 'role', 'password']);
    expect(
      await invalidPaths(
        addUser(ctx, 't', { email: 'x@example.com', issuerId: a.id, role: 'ined', password: 'short' }),
      ),
    ).toEqual(['password']);
    await addUser(ctx, 't', { email: 'x@example.com', issuerId: a.id, role: 'ined', password: PASSWORD });
    expect(
      await invalidPaths(
        addUser(ctx, 't', { email: 'X@Example.COM', issuerId: a.id, role: 'ined', password: PASSWORD }),
      ),
    ).toEqual(['role']);
  });

  it('keeps e-mail addresses unique case-insensitively', async () => {
    const store = await open();
    const { ctx, a } = await setUp(store);
    const first = await addUser(ctx, 't', {
      email: 'Ann@Example.com',
      issuerId: a.id,
      role: 'ined',
      password: PASSWORD,
    });
    const second = await addUser(ctx, 't', {
      email: 'ANN@example.COM',
      issuerId: a.id,
      role: 'director',
      password: 'a different password',
    });
    expect(second.createdUser).toBe(false);
    expect(second.user.id).toBe(first.user.id);
    // The store refuses a second row even when asked directly with other capitals.
    const inserted = await store.transaction(async (tx) => ({
      commit: true,
      value: await tx.insertUser({ ...first.user, id: 'usr_other', email: 'aNN@EXAMPLE.com' }),
    }));
    expect(inserted).toBe(false);
    // The existing password stands.
    expect((await verifyPassword(ctx, 'ann@example.com', 'a different password')).ok).toBe(false);
    expect((await verifyPassword(ctx, 'ann@example.com', PASSWORD)).ok).toBe(true);
  });

  it('counts wrong passwords and locks the account for 15 minutes at the fifth', async () => {
    const store = await open();
    const { ctx, a } = await setUp(store);
    await addUser(ctx, 't', {
      email: 'bob@example.com',
      issuerId: a.id,
      role: 'business',
      password: PASSWORD,
    });
    for (let i = 1; i <= 4; i++) {
      expect(await verifyPassword(ctx, 'bob@example.com', `wrong password ${i}`)).toEqual({
        ok: false,
        reason: 'INVALID_CREDENTIALS',
      });
      expect((await store.getUserByEmail('bob@example.com'))?.failedLogins).toBe(i);
    }
    expect(await verifyPassword(ctx, 'bob@example.com', 'wrong password 5')).toEqual({
      ok: false,
      reason: 'LOCKED',
      lockedUntil: '2026-03-15T04:15:00.000Z',
    });
    // Locked: even the right password is refused, until the lock ends.
    const later = contextAt(store, '2026-03-15T04:14:59.000Z');
    expect((await verifyPassword(later, 'bob@example.com', PASSWORD)).ok).toBe(false);
    const after = contextAt(store, '2026-03-15T04:15:01.000Z');
    expect((await verifyPassword(after, 'bob@example.com', PASSWORD)).ok).toBe(true);
    const user = await store.getUserByEmail('bob@example.com');
    expect(user?.failedLogins).toBe(0);
    expect(user?.lockedUntil).toBeNull();
  });

  it('an unknown e-mail is refused like a wrong password', async () => {
    const { ctx } = await setUp(await open());
    expect(await verifyPassword(ctx, 'nobody@example.com', PASSWORD)).toEqual({
      ok: false,
      reason: 'INVALID_CREDENTIALS',
    });
  });

  it('creates a token shown once and stored as its SHA-256, which authenticates until it expires', async () => {
    const store = await open();
    const { ctx, a } = await setUp(store);
    const { user } = await addUser(ctx, 't', {
      email: 'cosec@example.com',
      issuerId: a.id,
      role: 'company-secretary',
      password: PASSWORD,
    });
    await addMembership(ctx, 't', { email: 'cosec@example.com', issuerId: a.id, role: 'finance' });
    const created = await createToken(ctx, { email: 'cosec@example.com', issuerId: a.id, expiresInDays: 30 });
    expect(created.token).toMatch(/^alt_[A-Za-z0-9_-]{43}$/);
    expect(created.record.prefix).toBe(created.token.slice(0, 8));
    expect(created.record.expiresAt).toBe('2026-04-14T04:00:00.000Z');
    const stored = await store.getApiTokenByHash(tokenHash(created.token));
    expect(stored?.id).toBe(created.record.id);
    expect(JSON.stringify(await store.listApiTokens(user.id))).not.toContain(created.token);

    const identity = await authenticateToken(ctx, `Bearer ${created.token}`);
    expect(identity).toEqual({ userId: user.id, issuerId: a.id, roles: ['company-secretary', 'finance'] });
    expect((await store.getApiTokenByHash(tokenHash(created.token)))?.lastUsedAt).toBe(ctx.clock.now());

    const justBefore = contextAt(store, '2026-04-14T03:59:59.000Z');
    expect(await authenticateToken(justBefore, created.token)).not.toBeNull();
    const expired = contextAt(store, '2026-04-14T04:00:00.000Z');
    expect(await authenticateToken(expired, created.token)).toBeNull();
    expect(await authenticateToken(ctx, `Bearer ${created.token}x`)).toBeNull();
    expect(await authenticateToken(ctx, 'Bearer nonsense')).toBeNull();
  });

  it('a token scoped to a role acts with that role only, and needs the user to hold it', async () => {
    const { ctx, a } = await setUp(await open());
    await addUser(ctx, 't', {
      email: 'dee@example.com',
      issuerId: a.id,
      role: 'director',
      password: PASSWORD,
    });
    await addMembership(ctx, 't', { email: 'dee@example.com', issuerId: a.id, role: 'ined' });
    const created = await createToken(ctx, { email: 'dee@example.com', issuerId: a.id, role: 'ined' });
    expect((await authenticateToken(ctx, created.token))?.roles).toEqual(['ined']);
    expect(
      await invalidPaths(createToken(ctx, { email: 'dee@example.com', issuerId: a.id, role: 'finance' })),
    ).toEqual(['role']);
  });

  it('a revoked token no longer authenticates', async () => {
    const { ctx, a } = await setUp(await open());
    const { user } = await addUser(ctx, 't', {
      email: 'eve@example.com',
      issuerId: a.id,
      role: 'auditor',
      password: PASSWORD,
    });
    const created = await createToken(ctx, { email: 'eve@example.com', issuerId: a.id });
    expect(await authenticateToken(ctx, created.token)).not.toBeNull();
    await revokeToken(ctx, user.id, created.record.id);
    expect(await authenticateToken(ctx, created.token)).toBeNull();
    await expect(revokeToken(ctx, user.id, created.record.id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it("a token of issuer A does not authenticate for issuer B, and needs a membership at the token's issuer", async () => {
    const { ctx, a, b } = await setUp(await open());
    await addUser(ctx, 't', {
      email: 'fay@example.com',
      issuerId: a.id,
      role: 'business',
      password: PASSWORD,
    });
    const created = await createToken(ctx, { email: 'fay@example.com', issuerId: a.id });
    const identity = await authenticateToken(ctx, created.token);
    expect(identity?.issuerId).toBe(a.id);
    expect(identity?.issuerId).not.toBe(b.id);
    expect(await invalidPaths(createToken(ctx, { email: 'fay@example.com', issuerId: b.id }))).toEqual([
      'issuer',
    ]);
  });

  it("an auditor's membership is in force only within its window, and so are its tokens", async () => {
    const store = await open();
    const { ctx, a } = await setUp(store);
    const { user } = await addUser(ctx, 't', {
      email: 'gus@example.com',
      issuerId: a.id,
      role: 'auditor',
      password: PASSWORD,
      validFrom: '2026-03-01',
      validTo: '2026-03-31',
    });
    const created = await createToken(ctx, { email: 'gus@example.com', issuerId: a.id });
    expect(await rolesAt(ctx, user.id, a.id)).toEqual(['auditor']);
    const lastDay = contextAt(store, '2026-03-31T15:00:00.000Z');
    expect(await authenticateToken(lastDay, created.token)).not.toBeNull();
    const afterWindow = contextAt(store, '2026-04-01T04:00:00.000Z');
    expect(await rolesAt(afterWindow, user.id, a.id)).toEqual([]);
    expect(await authenticateToken(afterWindow, created.token)).toBeNull();
  });
});
