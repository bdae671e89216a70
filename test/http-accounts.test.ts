import type { FastifyInstance } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import { createIssuer } from '../src/app/issuers.js';
import { buildServer } from '../src/http/server.js';
import { world, type TestWorld } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { TEST_PASSWORD, tokenFor } from './support/http.js';

type Json = Record<string, unknown>;

let emails = 0;
const nextEmail = () => `acct-${process.pid}-${++emails}@test.invalid`;

async function server(w: TestWorld): Promise<FastifyInstance> {
  const app = await buildServer({ ctx: w.ctx });
  onTestFinished(() => app.close());
  return app;
}

/** The status of GET /api/v1/agreements with a bearer token: whether the token still acts. */
const agreementsStatus = async (app: FastifyInstance, token: string): Promise<number> =>
  (
    await app.inject({
      method: 'GET',
      url: '/api/v1/agreements',
      headers: { authorization: `Bearer ${token}` },
    })
  ).statusCode;

async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(201);
  return {
    cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
    csrf: String(res.json<Json>()['csrfToken']),
  };
}

describeEachEngine('issuer members (admin)', (open) => {
  it('an admin grants a new user a role at their issuer; the user signs in with it; the grant is attributed', async () => {
    const w = await world(await open());
    const app = await server(w);
    const adminEmail = nextEmail();
    const admin = await tokenFor(w.ctx, w.actor.issuerId, ['admin'], adminEmail);
    const auth = { authorization: `Bearer ${admin}` };
    const email = nextEmail();
    const granted = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth,
      payload: {
        email,
        role: 'auditor',
        password: TEST_PASSWORD,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      },
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const adminUser = await w.ctx.store.getUserByEmail(adminEmail);
    expect(granted.json<Json>()).toMatchObject({
      createdUser: true,
      member: {
        email,
        roles: [
          {
            role: 'auditor',
            validFrom: '2026-01-01',
            validTo: '2026-12-31',
            inForce: true,
            grantedBy: adminUser?.id,
          },
        ],
      },
    });
    expect(granted.body).not.toMatch(/argon2|passwordHash/);
    // The same role again: refused, naming the field.
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth,
      payload: { email, role: 'auditor' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('role');

    const list = await app.inject({ method: 'GET', url: '/api/v1/users', headers: auth });
    expect(
      list
        .json<{ items: { email: string }[] }>()
        .items.map((m) => m.email)
        .sort(),
    ).toEqual([adminEmail, email].sort());

    // The auditor can sign in and read, and cannot grant.
    const { cookie, csrf } = await signIn(app, email);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/agreements', headers: { cookie } })).statusCode,
    ).toBe(200);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { email: nextEmail(), role: 'admin', password: TEST_PASSWORD },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('removes a role at once (the token stops acting with it), but never the issuer’s last admin', async () => {
    const w = await world(await open());
    const app = await server(w);
    const adminEmail = nextEmail();
    const admin = await tokenFor(w.ctx, w.actor.issuerId, ['admin'], adminEmail);
    const auth = { authorization: `Bearer ${admin}` };
    const financeEmail = nextEmail();
    const finance = await tokenFor(w.ctx, w.actor.issuerId, ['finance'], financeEmail);
    const financeUser = await w.ctx.store.getUserByEmail(financeEmail);
    expect(await agreementsStatus(app, finance)).toBe(200);
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${financeUser?.id}/roles/finance`,
      headers: auth,
    });
    expect(removed.statusCode).toBe(204);
    expect(await agreementsStatus(app, finance)).toBe(401);

    const adminUser = await w.ctx.store.getUserByEmail(adminEmail);
    const last = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${adminUser?.id}/roles/admin`,
      headers: auth,
    });
    expect(last.statusCode).toBe(409);
    expect(last.json<Json>()['code']).toBe('LAST_ADMIN');
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: auth })).statusCode).toBe(200);
  });

  it('an admin of one issuer cannot see or change the members of another', async () => {
    const w = await world(await open());
    const other = await createIssuer(w.ctx, { name: { en: 'Other Ltd', 'zh-Hant': null }, isDemo: false });
    const app = await server(w);
    const admin = await tokenFor(w.ctx, w.actor.issuerId, ['admin']);
    const theirsEmail = nextEmail();
    await tokenFor(w.ctx, other.id, ['finance'], theirsEmail);
    const theirs = await w.ctx.store.getUserByEmail(theirsEmail);
    const auth = { authorization: `Bearer ${admin}` };
    const list = await app.inject({ method: 'GET', url: '/api/v1/users', headers: auth });
    expect(list.body).not.toContain(theirsEmail);
    const remove = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${theirs?.id}/roles/finance`,
      headers: auth,
    });
    expect(remove.statusCode).toBe(404);
    expect(await w.ctx.store.listMemberships(theirs?.id ?? '', other.id)).toHaveLength(1);
    const named = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { ...auth, 'x-armslength-issuer': other.id },
    });
    expect(named.statusCode).toBe(404);
  });
});

describeEachEngine('own API tokens and password', (open) => {
  it('makes a token from a session (shown once), lists it by prefix, refuses minting with a token, and revokes it', async () => {
    const w = await world(await open());
    const app = await server(w);
    const email = nextEmail();
    const bearer = await tokenFor(w.ctx, w.actor.issuerId, ['finance', 'business'], email);
    const { cookie, csrf } = await signIn(app, email);
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { role: 'business', expiresInDays: 7 },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { token, record } = made.json<{
      token: string;
      record: { id: string; prefix: string; role: string };
    }>();
    expect(token).toMatch(/^alt_/);
    expect(record).toMatchObject({ prefix: token.slice(0, 8), role: 'business' });
    const list = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie } });
    expect(list.body).not.toContain(token);
    expect(list.json<{ items: { id: string }[] }>().items.map((t) => t.id)).toContain(record.id);

    // The business-only token cannot post an actual (finance), though its user could.
    const actual = await app.inject({
      method: 'POST',
      url: '/api/v1/actuals',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(actual.statusCode).toBe(403);

    const minted = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${bearer}` },
      payload: {},
    });
    expect(minted.statusCode).toBe(403);
    expect(minted.json<Json>()['code']).toBe('SESSION_REQUIRED');

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${record.id}`,
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(revoked.statusCode).toBe(204);
    expect(await agreementsStatus(app, token)).toBe(401);
  });

  it('keeps the language with the account: set from one session, read from another; anything else is refused', async () => {
    const w = await world(await open());
    const app = await server(w);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    const laptop = await signIn(app, email);
    const tablet = await signIn(app, email);
    const language = async (cookie: string) =>
      (await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).json<{
        user: { language: string | null };
      }>().user.language;
    expect(await language(tablet.cookie)).toBeNull();
    const put = (payload: object) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/session/preferences',
        headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf },
        payload,
      });
    const saved = await put({ language: 'zh-Hant' });
    expect(saved.statusCode).toBe(200);
    expect(await language(tablet.cookie)).toBe('zh-Hant');
    const bad = await put({ language: 'fr', theme: 'dark' });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['language', 'theme']);
    expect(await language(tablet.cookie)).toBe('zh-Hant');
  });

  it('changes the password: the old one stops working, other sessions end, this one stays', async () => {
    const w = await world(await open());
    const app = await server(w);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    const here = await signIn(app, email);
    const elsewhere = await signIn(app, email);
    const change = (currentPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session/password',
        headers: { cookie: here.cookie, 'x-csrf-token': here.csrf },
        payload: { currentPassword, newPassword: 'a new and longer passphrase' },
      });
    const wrong = await change('not the password');
    expect(wrong.statusCode).toBe(403);
    expect((await change(TEST_PASSWORD)).statusCode).toBe(204);
    const get = (cookie: string) =>
      app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect((await get(here.cookie)).statusCode).toBe(200);
    expect((await get(elsewhere.cookie)).statusCode).toBe(401);
    const old = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    await signIn(app, email, 'a new and longer passphrase');
  });
});

describeEachEngine('an account of another issuer', (open) => {
  it('gets a role here by e-mail, but a password or name given for it is refused, not ignored', async () => {
    const w = await world(await open());
    const other = await createIssuer(w.ctx, { name: { en: 'Other Ltd', 'zh-Hant': null }, isDemo: false });
    const app = await server(w);
    const admin = await tokenFor(w.ctx, w.actor.issuerId, ['admin']);
    const email = nextEmail();
    await tokenFor(w.ctx, other.id, ['finance'], email);
    const auth = { authorization: `Bearer ${admin}` };
    const withPassword = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth,
      payload: { email, role: 'finance', password: 'another password entirely', name: 'New Name' },
    });
    expect(withPassword.statusCode).toBe(422);
    expect(withPassword.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'password',
      'name',
    ]);
    const user = await w.ctx.store.getUserByEmail(email);
    expect(await w.ctx.store.listMemberships(user?.id ?? '', w.actor.issuerId)).toEqual([]);
    const granted = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth,
      payload: { email, role: 'finance' },
    });
    expect(granted.statusCode).toBe(201);
    expect(granted.json<{ createdUser: boolean; member: { roles: { role: string }[] } }>()).toMatchObject({
      createdUser: false,
      member: { roles: [{ role: 'finance' }] },
    });
  });
});
