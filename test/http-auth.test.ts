import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixedClock } from '../src/adapters/system.js';
import { calendarDate } from '../src/domain/index.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { revokeToken } from '../src/app/tokens.js';
import { addUser } from '../src/app/users.js';
import { openApiDocument } from '../src/http/openapi.js';
import { buildServer, type ServerOptions } from '../src/http/server.js';
import { world, type TestWorld } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { registeredRoutes, TEST_PASSWORD, tokenFor } from './support/http.js';

type Json = Record<string, unknown>;

async function server(w: TestWorld, options: Partial<Omit<ServerOptions, 'ctx'>> = {}) {
  const app = await buildServer({ ctx: w.ctx, ...options });
  onTestFinished(() => app.close());
  return app;
}

let emails = 0;
const nextEmail = () => `auth-${process.pid}-${++emails}@test.invalid`;

/** Signs in over HTTP; the cookie to send back and the CSRF token. */
async function signIn(
  app: Awaited<ReturnType<typeof server>>,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ res: LightMyRequestResponse; cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  const cookie = setCookie.split(';')[0] ?? '';
  const body = res.statusCode === 201 ? res.json<Json>() : {};
  const csrf = body['csrfToken'];
  return { res, cookie, csrf: typeof csrf === 'string' ? csrf : '' };
}

const ISSUE_AGREEMENT_BODY = { not: 'an agreement' };

describe('without credentials', () => {
  describeEachEngine('every /api/v1 route but health', (open) => {
    it('answers 401 with a JSON body and a WWW-Authenticate challenge on every documented route', async () => {
      const w = await world(await open());
      const app = await server(w, { setupCode: 'the-setup-code' });
      await app.ready();
      const routes = registeredRoutes(app).filter((r) => r.split(' ')[1]?.startsWith('/api/v1/'));
      // Every documented route is registered (http-api.test.ts checks the converse).
      for (const [path, ops] of Object.entries(openApiDocument().paths))
        for (const method of Object.keys(ops))
          if (path.startsWith('/api/v1/')) expect(routes).toContain(`${method.toUpperCase()} ${path}`);
      let checked = 0;
      for (const route of routes) {
        const [upper = '', path = ''] = route.split(' ');
        const method = upper.toLowerCase();
        {
          const url = path.replace(/\{(\w+)\}/g, 'x_$1');
          const res = await app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            ...(method === 'get' ? {} : { payload: {} }),
          });
          if (path === '/api/v1/health') {
            expect(res.statusCode).toBe(200);
            continue;
          }
          expect(res.statusCode, `${method} ${path}`).toBe(401);
          expect(res.headers['www-authenticate']).toBe('Bearer realm="armslength"');
          expect(res.json<Json>()['code'], `${method} ${path}`).toMatch(
            /^(UNAUTHENTICATED|INVALID_CREDENTIALS|SETUP_CODE_INVALID)$/,
          );
          checked++;
        }
      }
      expect(checked).toBe(routes.length - 1);
      expect(checked).toBeGreaterThanOrEqual(55);
      // An unknown route under /api/v1 does not tell what exists either.
      expect((await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(401);
    });

    it('refuses a malformed, unknown, revoked or expired token, and a bad token is not rescued by a cookie', async () => {
      const w = await world(await open());
      const app = await server(w);
      const email = nextEmail();
      const token = await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
      const get = (authorization: string, cookie?: string) =>
        app.inject({
          method: 'GET',
          url: '/api/v1/agreements',
          headers: { authorization, ...(cookie ? { cookie } : {}) },
        });
      expect((await get(`Bearer ${token}`)).statusCode).toBe(200);
      expect((await get(`Basic ${token}`)).statusCode).toBe(401);
      expect((await get(`Bearer ${token}x`)).statusCode).toBe(401);
      expect((await get('Bearer alt_unknown')).statusCode).toBe(401);
      const { cookie } = await signIn(app, email);
      expect((await get('Bearer alt_unknown', cookie)).statusCode).toBe(401);

      // Expired: the same token 91 days later (the default lifetime is 90 days).
      const later = await server({ ...w, ctx: { ...w.ctx, clock: fixedClock('2026-06-15') } });
      expect(
        (
          await later.inject({
            method: 'GET',
            url: '/api/v1/agreements',
            headers: { authorization: `Bearer ${token}` },
          })
        ).statusCode,
      ).toBe(401);

      const user = await w.ctx.store.getUserByEmail(email);
      const [record] = await w.ctx.store.listApiTokens(user?.id ?? '');
      await revokeToken(w.ctx, user?.id ?? '', record?.id ?? '');
      expect((await get(`Bearer ${token}`)).statusCode).toBe(401);
    });
  });
});

describeEachEngine('sessions', (open) => {
  it('signs in with a cookie that is HttpOnly, SameSite=Strict, Secure only over TLS, and never shows a hash', async () => {
    const w = await world(await open());
    const app = await server(w);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance', 'business'], email);
    const { res, cookie, csrf } = await signIn(app, email);
    expect(res.statusCode).toBe(201);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^armslength_session=als_[\w-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    const body = res.json<Json>();
    expect(body).toMatchObject({
      via: 'session',
      user: { email, mustChangePassword: false },
      issuers: [{ id: w.actor.issuerId, roles: ['business', 'finance'] }],
    });
    expect(csrf).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash|tokenHash/);

    const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json<Json>()['csrfToken']).toBe(csrf);

    // Behind a trusted TLS proxy the cookie is Secure and HSTS is sent.
    const proxied = await server(w, { trustProxy: true });
    const tls = await proxied.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email, password: TEST_PASSWORD },
    });
    expect(String(tls.headers['set-cookie'])).toMatch(/; Secure$/);
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    // Not trusted: the header is ignored.
    const direct = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email, password: TEST_PASSWORD },
    });
    expect(String(direct.headers['set-cookie'])).not.toContain('Secure');
  });

  it('needs the CSRF token on a write with a session cookie, not on a read, and not with a bearer token', async () => {
    const w = await world(await open());
    const app = await server(w);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    const { cookie, csrf } = await signIn(app, email);
    const rate = { from: 'USD', to: 'CNY', date: '2026-03-01', rate: '7.1', source: 'HKAB fixing' };
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/fx-rates', headers, payload: rate });
    const without = await post({ cookie });
    expect(without.statusCode).toBe(403);
    expect(without.json<Json>()['code']).toBe('CSRF_TOKEN_INVALID');
    // One character changed (to another character: the token may end in "A" already).
    const wrong = await post({
      cookie,
      'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`,
    });
    expect(wrong.statusCode).toBe(403);
    expect(
      await w.ctx.store.findFxRate(w.actor.issuerId, 'USD', 'CNY', calendarDate('2026-03-01')),
    ).toBeNull();
    const ok = await post({ cookie, 'x-csrf-token': csrf });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/agreements', headers: { cookie } })).statusCode,
    ).toBe(200);
  });

  it('signs out: the cookie stops working at once, and is cleared', async () => {
    const w = await world(await open());
    const app = await server(w);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    const { cookie, csrf } = await signIn(app, email);
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^armslength_session=; .*Max-Age=0/);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('ends a session after 30 idle minutes and after 12 hours however busy', async () => {
    const store = await open();
    const w = await world(store);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    let now = Date.parse('2026-03-15T01:00:00.000Z');
    const clock = { today: () => w.ctx.clock.today(), now: () => new Date(now).toISOString() };
    const app = await server({ ...w, ctx: { ...w.ctx, clock } });
    const { cookie } = await signIn(app, email);
    const me = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode;
    // Busy every 29 minutes: alive until the 12th hour.
    for (let minutes = 29; minutes < 12 * 60; minutes += 29) {
      now += 29 * 60_000;
      expect(await me(), `after ${minutes} minutes`).toBe(200);
    }
    now = Date.parse('2026-03-15T13:00:00.000Z');
    expect(await me()).toBe(401);

    const second = await signIn(app, email);
    now += 31 * 60_000;
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: second.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('locks an account after five wrong passwords, saying so, and the right password does not unlock it', async () => {
    const w = await world(await open());
    const app = await server(w, { signInLimit: 100 });
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    for (let i = 0; i < 4; i++) {
      const res = (await signIn(app, email, 'wrong password, again')).res;
      expect(res.statusCode).toBe(401);
      expect(res.json<Json>()['code']).toBe('INVALID_CREDENTIALS');
    }
    const fifth = (await signIn(app, email, 'wrong password, again')).res;
    expect(fifth.json<Json>()['code']).toBe('ACCOUNT_LOCKED');
    const right = (await signIn(app, email)).res;
    expect(right.statusCode).toBe(401);
    expect(right.json<Json>()['code']).toBe('ACCOUNT_LOCKED');
    // An unknown address answers like a wrong password.
    const unknown = (await signIn(app, 'nobody@test.invalid')).res;
    expect(unknown.json<Json>()).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: expect.any(String) as unknown,
    });
  });

  it('limits sign-in attempts per address with 429 and Retry-After', async () => {
    const w = await world(await open());
    const app = await server(w, { signInLimit: 3 });
    for (let i = 0; i < 3; i++) expect((await signIn(app, 'nobody@test.invalid')).res.statusCode).toBe(401);
    const limited = (await signIn(app, 'nobody@test.invalid')).res;
    expect(limited.statusCode).toBe(429);
    expect(limited.json<Json>()['code']).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describeEachEngine('which issuer a request acts for', (open) => {
  it('a token acts only for its issuer: naming another answers 404, naming none acts for its own', async () => {
    const w = await world(await open());
    const other = await createIssuer(w.ctx, { name: { en: 'Other Ltd', 'zh-Hant': null }, isDemo: false });
    const app = await server(w);
    const token = await tokenFor(w.ctx, w.actor.issuerId, ['finance']);
    await tokenFor(w.ctx, other.id, ['finance']);
    const get = (headers: Record<string, string>) =>
      app.inject({
        method: 'GET',
        url: '/api/v1/register',
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    const own = await get({});
    expect(own.statusCode).toBe(200);
    const named = await get({ 'x-armslength-issuer': other.id });
    expect(named.statusCode).toBe(404);
    expect(named.json<Json>()['code']).toBe('NOT_FOUND');
    expect((await get({ 'x-armslength-issuer': 'iss_does_not_exist' })).statusCode).toBe(404);
    // The issuer list shows only the token's issuer.
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/issuers',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([w.actor.issuerId]);
  });

  it('a user of several issuers must name one; naming one they hold no role at answers 404', async () => {
    const w = await world(await open());
    const second = await createIssuer(w.ctx, { name: { en: 'Second Ltd', 'zh-Hant': null }, isDemo: false });
    const third = await createIssuer(w.ctx, { name: { en: 'Third Ltd', 'zh-Hant': null }, isDemo: false });
    const app = await server(w);
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    await addUser(w.ctx, 'test', { email, issuerId: second.id, role: 'auditor' });
    const { cookie, res } = await signIn(app, email);
    expect(res.json<{ issuers: { id: string; roles: string[] }[] }>().issuers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: w.actor.issuerId, roles: ['finance'] }),
        expect.objectContaining({ id: second.id, roles: ['auditor'] }),
      ]),
    );
    const get = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: '/api/v1/register', headers: { cookie, ...headers } });
    const unnamed = await get({});
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.json<Json>()).toEqual({
      errors: [{ path: 'X-Armslength-Issuer', message: expect.stringContaining('name one') as unknown }],
    });
    expect((await get({ 'x-armslength-issuer': second.id })).statusCode).toBe(200);
    expect((await get({ 'x-armslength-issuer': third.id })).statusCode).toBe(404);
  });

  it('answers 403 naming the roles when a role may not do what is asked, and writes nothing', async () => {
    const w = await world(await open());
    const app = await server(w);
    const token = await tokenFor(w.ctx, w.actor.issuerId, ['auditor']);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: { authorization: `Bearer ${token}` },
      payload: ISSUE_AGREEMENT_BODY,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<Json>()).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringContaining('the role auditor may not agreement.create') as unknown,
    });
    expect(await w.ctx.store.listAgreements(w.actor.issuerId)).toEqual([]);
  });
});

describeEachEngine('first-run setup', (open) => {
  it('makes the first admin with the one-time code, once; a wrong or missing code is 401', async () => {
    const store: Store = await open();
    const w = await world(store);
    const app = await server(w, { setupCode: 'code-1234' });
    const body = { email: 'first@test.invalid', password: TEST_PASSWORD, issuerName: 'First Client Ltd' };
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...body, setupCode: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<Json>()['code']).toBe('SETUP_CODE_INVALID');
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...body, password: 'short', setupCode: 'code-1234' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(await store.countUsers()).toBe(0);
    const done = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...body, setupCode: 'code-1234' },
    });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json<Json>()).toMatchObject({ user: { email: 'first@test.invalid' }, roles: ['admin'] });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...body, setupCode: 'code-1234' },
    });
    expect(again.statusCode).toBe(401);
    expect(await store.countUsers()).toBe(1);
    // The admin signs in and sees the new issuer.
    const { res } = await signIn(app, 'first@test.invalid');
    expect(res.json<{ issuers: { name: { en: string }; roles: string[] }[] }>().issuers).toEqual([
      expect.objectContaining({
        name: expect.objectContaining({ en: 'First Client Ltd' }) as unknown,
        roles: ['admin'],
      }),
    ]);
  });
});

describeEachEngine('security headers', (open) => {
  it('sends nosniff, frame denial, no referrer, a CSP and no-store on API answers', async () => {
    const w = await world(await open());
    const app = await server(w);
    for (const url of ['/api/v1/health', '/api/v1/agreements', '/login']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'none'/);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).headers['cache-control']).toBe(
      'no-store',
    );
  });
});
