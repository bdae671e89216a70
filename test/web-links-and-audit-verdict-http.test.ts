/**
 * What the web application relies on beyond the API's JSON: a plain download link names its issuer
 * in the query (it cannot set a header), and the audit log's JSON says whether the chain verifies.
 */
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { addUser } from '../src/app/users.js';
import { buildServer } from '../src/http/server.js';
import type { Database } from '../src/store/schema.js';
import { world } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { TEST_PASSWORD, testServer, tokenFor } from './support/http.js';

type Json = Record<string, unknown>;
const rawDb = (store: Store): Kysely<Database> => (store as unknown as { db: Kysely<Database> }).db;

let emails = 0;
const nextEmail = () => `links-${process.pid}-${++emails}@test.invalid`;

describeEachEngine('download links and the audit verdict', (open) => {
  it('a GET names the issuer with ?issuer= when it has no header; a write still needs the header', async () => {
    const w = await world(await open());
    const second = await createIssuer(w.ctx, { name: { en: 'Second Ltd', 'zh-Hant': null }, isDemo: false });
    const third = await createIssuer(w.ctx, { name: { en: 'Third Ltd', 'zh-Hant': null }, isDemo: false });
    const app = await buildServer({ ctx: w.ctx });
    onTestFinished(() => app.close());
    const email = nextEmail();
    await tokenFor(w.ctx, w.actor.issuerId, ['finance'], email);
    await addUser(w.ctx, 'test', { email, issuerId: second.id, role: 'company-secretary' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email, password: TEST_PASSWORD },
    });
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const csrf = String(login.json<Json>()['csrfToken']);
    const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'GET', url, headers: { cookie, ...headers } });

    // Without a header or a query, a user of two issuers must name one.
    expect((await get('/api/v1/monitoring-policy')).statusCode).toBe(422);
    // The query names it: the report download acts for that issuer.
    const named = await get(`/api/v1/monitoring-policy?issuer=${second.id}`);
    expect(named.statusCode).toBe(200);
    expect(named.json<Json>()).toMatchObject({ thresholds: ['80'] });
    // Only an issuer the user holds a role at.
    expect((await get(`/api/v1/monitoring-policy?issuer=${third.id}`)).statusCode).toBe(404);
    // The header, when given, wins over the query.
    expect(
      (await get(`/api/v1/monitoring-policy?issuer=${third.id}`, { 'x-armslength-issuer': second.id }))
        .statusCode,
    ).toBe(200);
    // A write does not take the issuer from the query: it still asks for the header.
    const write = await app.inject({
      method: 'PUT',
      url: `/api/v1/monitoring-policy?issuer=${second.id}`,
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { thresholds: ['75'] },
    });
    expect(write.statusCode).toBe(422);
    expect(JSON.stringify(write.json())).toContain('X-Armslength-Issuer');
    const policy = await get('/api/v1/monitoring-policy', { 'x-armslength-issuer': second.id });
    expect(policy.json<Json>()).toMatchObject({ thresholds: ['80'] });
  });

  it('GET /api/v1/audit?format=json says the chain verifies, and names the entry altered after sealing', async () => {
    const store = await open();
    const w = await world(store);
    const { inject } = await testServer(w.ctx, w.actor.issuerId);
    const put = await inject({
      method: 'PUT',
      url: '/api/v1/monitoring-policy',
      payload: { thresholds: ['75'] },
    });
    expect(put.statusCode).toBe(200);
    type Export = { entries: { seq: string }[]; verification: Json };
    const first = (await inject({ method: 'GET', url: '/api/v1/audit?format=json' })).json<Export>();
    expect(first.entries.length).toBeGreaterThan(0);
    expect(first.verification).toMatchObject({ ok: true, count: String(first.entries.length) });
    expect(first.verification['description']).toEqual(expect.stringContaining('entries'));

    await rawDb(store)
      .updateTable('audit_log')
      .where('issuer_id', '=', w.actor.issuerId)
      .where('seq', '=', 1n)
      .set({ after: '{"forged":true}' })
      .execute();
    const second = (await inject({ method: 'GET', url: '/api/v1/audit?format=json' })).json<Export>();
    expect(second.verification).toMatchObject({ ok: false, seq: '1', problem: 'altered' });
    // The CSV export is the auditor's file, unchanged: no verdict column.
    const csv = await inject({ method: 'GET', url: '/api/v1/audit?format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).not.toContain('verification');
  });
});
