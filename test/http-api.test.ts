import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect, it, onTestFinished, vi } from 'vitest';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { openApiDocument } from '../src/http/openapi.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { registeredRoutes, testServer, type TestServer } from './support/http.js';
import { withQuotes } from './support/pricing.js';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST';

interface Api {
  readonly w: TestWorld;
  readonly app: FastifyInstance;
  /** `app.inject` with an API token for the issuer the request names (else the world's). */
  readonly inject: TestServer['inject'];
  call(
    method: Method,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

async function serve(store: Store, mutateWorld?: (w: TestWorld) => TestWorld): Promise<Api> {
  const base = await world(store);
  const w = mutateWorld ? mutateWorld(base) : base;
  const { app, inject } = await testServer(w.ctx, w.actor.issuerId);
  const call = (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const opts: InjectOptions = { method, url, headers };
    if (body !== undefined) opts.payload = body as NonNullable<InjectOptions['payload']>;
    return inject(opts);
  };
  return {
    w,
    app,
    inject,
    call,
    post: (url, body, headers) => call('POST', url, body, headers),
    get: (url, headers) => call('GET', url, undefined, headers),
  };
}

const json = (res: LightMyRequestResponse): Json => res.json<Json>();

interface CreatedAgreement {
  id: string;
  categories: { id: string; key: string }[];
  caps: {
    id: string;
    categoryKeys: string[];
    periodStart: string;
    periodEnd: string;
    amount: string;
    currency: string;
  }[];
}

async function seed(api: Api): Promise<CreatedAgreement & { cap: (key: string, start: string) => string }> {
  const res = await api.post('/api/v1/agreements', seedAgreementInput());
  expect(res.statusCode).toBe(201);
  const created = res.json<CreatedAgreement>();
  const cap = (key: string, start: string) => {
    const found = created.caps.find((c) => c.categoryKeys.includes(key) && c.periodStart === start);
    if (!found) throw new Error(`no cap ${key} ${start}`);
    return found.id;
  };
  return { ...created, cap };
}

/** An order body with compliant quotes for its (possibly overridden) schedule: the default policy asks two. */
const order = (agreementId: string, over: Json = {}): Json =>
  withQuotes({
    agreementId,
    categoryKey: 'network-hardware',
    reference: 'PO-1',
    signedOn: '2026-02-01',
    schedule: [{ date: '2026-02-10', amount: '6000000.00', currency: 'CNY' }],
    ...over,
  });

const actual = (agreementId: string, over: Json = {}): Json => ({
  agreementId,
  categoryKey: 'idc-services',
  date: '2026-03-01',
  amount: '1000000.00',
  currency: 'CNY',
  reference: 'INV-1',
  ...over,
});

async function utilisationOf(api: Api, capId: string, asOf = '2026-03-15'): Promise<Json> {
  const res = await api.get(`/api/v1/utilization?asOf=${asOf}`);
  expect(res.statusCode).toBe(200);
  const item = res.json<{ items: Json[] }>().items.find((i) => i['capId'] === capId);
  if (!item) throw new Error(`cap ${capId} is not in the utilisation`);
  return item;
}

type Seed = ReturnType<typeof seedAgreementInput>;
const invalidAgreements: { what: string; mutate: (x: Seed) => void; path: string; message: RegExp }[] = [
  {
    what: 'overlapping caps on one category',
    mutate: (x) => {
      x.caps[1]!.periodStart = '2025-12-01';
    },
    path: 'caps[1].periodStart',
    message: /overlaps caps\[0\]/,
  },
  {
    what: 'a cap wholly outside the term',
    mutate: (x) => {
      x.caps[3]!.periodStart = '2029-01-01';
      x.caps[3]!.periodEnd = '2029-12-31';
    },
    path: 'caps[3].periodStart',
    message: /wholly outside the term/,
  },
  {
    what: 'a negative amount',
    mutate: (x) => {
      x.caps[0]!.amount = '-41000000.00';
    },
    path: 'caps[0].amount',
    message: /greater than zero/,
  },
  {
    what: 'a malformed amount',
    mutate: (x) => {
      x.caps[1]!.amount = '82,000,000';
    },
    path: 'caps[1].amount',
    message: /not a decimal amount/,
  },
  {
    what: "a term over three years without an adviser's opinion",
    mutate: (x) => {
      x.categories[0]!.termEnd = '2028-07-29';
    },
    path: 'categories[0].termEnd',
    message: /longer than three years.*14A\.52/,
  },
  {
    what: 'an unknown currency',
    mutate: (x) => {
      x.caps[4]!.currency = 'XYZ';
    },
    path: 'caps[4].currency',
    message: /ISO 4217|currency/i,
  },
  {
    what: 'a malformed date',
    mutate: (x) => {
      x.signedOn = '2025-02-30';
    },
    path: 'signedOn',
    message: /.+/,
  },
  {
    what: 'a malformed term date',
    mutate: (x) => {
      x.categories[1]!.termStart = '29/07/2025';
    },
    path: 'categories[1].termStart',
    message: /.+/,
  },
];

describeEachEngine('HTTP API', (open) => {
  it('creates an agreement: 201 with ids for it, its categories and caps', async () => {
    const api = await serve(await open());
    const res = await api.post('/api/v1/agreements', seedAgreementInput());
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.json<CreatedAgreement>();
    expect(body.id).toMatch(/^agr_/);
    expect(body.categories.map((c) => c.key)).toEqual(['idc-services', 'network-hardware']);
    expect(body.categories.every((c) => c.id.startsWith('cat_'))).toBe(true);
    expect(body.caps).toHaveLength(6);
    expect(body.caps[0]).toMatchObject({
      categoryKeys: ['idc-services'],
      periodStart: '2025-07-29',
      periodEnd: '2025-12-31',
      amount: '41000000.00',
      currency: 'CNY',
    });
    expect(body.caps.every((c) => c.id.startsWith('cap_'))).toBe(true);

    const list = await api.get('/api/v1/agreements');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { id: string }[] }>().items.map((a) => a.id)).toEqual([body.id]);
    const one = await api.get(`/api/v1/agreements/${body.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json<{ caps: { history: unknown[] }[] }>().caps[0]?.history).toHaveLength(1);
  });

  it.each(invalidAgreements)(
    'refuses an agreement with $what: 422 naming $path, nothing written',
    async ({ mutate, path, message }) => {
      const api = await serve(await open());
      const input = seedAgreementInput();
      mutate(input);
      const res = await api.post('/api/v1/agreements', input);
      expect(res.statusCode).toBe(422);
      const body = res.json<{ errors: { path: string; message: string }[] }>();
      expect(body.errors).toContainEqual({ path, message: expect.stringMatching(message) as unknown });
      const list = await api.get('/api/v1/agreements');
      expect(list.json()).toEqual({ items: [] });
    },
  );

  it("accepts a term over three years when an adviser's opinion is recorded", async () => {
    const api = await serve(await open());
    const input = seedAgreementInput();
    Object.assign(input.categories[0]!, {
      termEnd: '2028-07-29',
      ifaOpinion: { adviser: 'Somerley Capital', date: '2025-07-01', reference: 'IFA-1' },
    });
    const res = await api.post('/api/v1/agreements', input);
    expect(res.statusCode).toBe(201);
  });

  it('answers 422 with path "" for a body that is not JSON or is malformed JSON, and writes nothing', async () => {
    const api = await serve(await open());
    const malformed = await api.post('/api/v1/agreements', '{"name": ', {
      'content-type': 'application/json',
    });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json()).toEqual({
      errors: [{ path: '', message: expect.stringMatching(/not valid JSON/) as unknown }],
    });
    const text = await api.post('/api/v1/agreements', 'name=x', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(422);
    expect(text.json()).toEqual({
      errors: [{ path: '', message: expect.stringMatching(/must be JSON/) as unknown }],
    });
    const array = await api.post('/api/v1/agreements', []);
    expect(array.statusCode).toBe(422);
    expect(array.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('');
    expect((await api.get('/api/v1/agreements')).json()).toEqual({ items: [] });
  });

  it('accepts an order (201 with reservations) and refuses one cent over the headroom (409 REFUSED with reasons)', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    const accepted = await api.post('/api/v1/orders', order(a.id));
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      id: expect.stringMatching(/^ord_/) as unknown,
      status: 'accepted',
      reservations: [
        {
          capId: hw,
          amount: '6000000.00',
          currency: 'CNY',
          cap: '6700000.00',
        },
      ],
    });
    expect(await utilisationOf(api, hw)).toMatchObject({ committed: '6000000.00', headroom: '700000.00' });
    const refused = await api.post(
      '/api/v1/orders',
      order(a.id, {
        reference: 'PO-2',
        schedule: [{ date: '2026-03-10', amount: '700000.01', currency: 'CNY' }],
      }),
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'REFUSED',
      reasons: [
        { code: 'CAP_EXCEEDED', capId: hw, cap: '6700000.00', utilised: '6000000.00', headroom: '700000.00' },
      ],
    });
    const exact = await api.post(
      '/api/v1/orders',
      order(a.id, {
        reference: 'PO-3',
        schedule: [{ date: '2026-03-10', amount: '700000.00', currency: 'CNY' }],
      }),
    );
    expect(exact.statusCode).toBe(201);
  });

  it('lists every refusal reason together: AGREEMENT_NOT_EFFECTIVE and OUTSIDE_TERM', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const res = await api.post(
      '/api/v1/orders',
      order(a.id, {
        signedOn: '2025-07-01',
        schedule: [{ date: '2026-08-01', amount: '1.00', currency: 'CNY' }],
      }),
    );
    expect(res.statusCode).toBe(409);
    const reasons = res.json<{ code: string; reasons: { code: string; path?: string }[] }>().reasons;
    expect(reasons.map((r) => r.code).sort()).toEqual(['AGREEMENT_NOT_EFFECTIVE', 'OUTSIDE_TERM']);
    expect(reasons.find((r) => r.code === 'OUTSIDE_TERM')?.path).toBe('schedule[0].date');
  });

  it('refuses an order whose date no cap covers with NO_COVERING_CAP', async () => {
    const api = await serve(await open());
    const input = seedAgreementInput();
    input.caps = input.caps.filter((c) => c.periodStart !== '2027-01-01');
    const created = await api.post('/api/v1/agreements', input);
    const id = created.json<CreatedAgreement>().id;
    const res = await api.post(
      '/api/v1/orders',
      order(id, {
        categoryKey: 'idc-services',
        schedule: [{ date: '2027-05-01', amount: '1.00', currency: 'CNY' }],
      }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'REFUSED',
      reasons: [{ code: 'NO_COVERING_CAP', date: '2027-05-01' }],
    });
  });

  it('422 for an order naming an unknown agreement or category', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const unknownAgreement = await api.post('/api/v1/orders', order('agr_nope'));
    expect(unknownAgreement.statusCode).toBe(422);
    expect(unknownAgreement.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('agreementId');
    const unknownCategory = await api.post('/api/v1/orders', order(a.id, { categoryKey: 'catering' }));
    expect(unknownCategory.statusCode).toBe(422);
    expect(unknownCategory.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('categoryKey');
  });

  it('records an actual over the cap (201) with a breach, and lists the breach', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    const res = await api.post(
      '/api/v1/actuals',
      actual(a.id, { categoryKey: 'network-hardware', amount: '6700000.01', reference: 'INV-9' }),
    );
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^act_/) as unknown,
      capId: hw,
      breach: {
        code: 'CAP_EXCEEDED',
        capId: hw,
        cap: '6700000.00',
        actual: '6700000.01',
        excess: '0.01',
        occurredOn: '2026-03-01',
      },
    });
    const breaches = await api.get(`/api/v1/breaches?agreementId=${a.id}`);
    expect(breaches.statusCode).toBe(200);
    expect(breaches.json()).toEqual({
      items: [
        expect.objectContaining({
          code: 'CAP_EXCEEDED',
          agreementId: a.id,
          capId: hw,
          actualId: body['id'],
          revisionId: null,
          occurredOn: '2026-03-01',
          currency: 'CNY',
          cap: '6700000.00',
          actual: '6700000.01',
          excess: '0.01',
        }) as unknown,
      ],
    });
    expect((await api.get('/api/v1/breaches')).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await api.get('/api/v1/breaches?agreementId=agr_nope')).statusCode).toBe(404);
  });

  it('an actual with no covering cap is recorded and flagged', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const res = await api.post(
      '/api/v1/actuals',
      actual(a.id, { categoryKey: 'network-hardware', date: '2026-08-01' }),
    );
    expect(res.statusCode).toBe(201);
    const codes = res
      .json<{ breaches: { code: string }[] }>()
      .breaches.map((b) => b.code)
      .sort();
    expect(codes).toEqual(['NO_COVERING_CAP', 'OUTSIDE_TERM']);
  });

  it('replays an actual for a repeated Idempotency-Key and writes nothing; another body under the key gets 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const idc = a.cap('idc-services', '2026-01-01');
    const key = { 'idempotency-key': 'inv-1-2026-03' };
    const first = await api.post('/api/v1/actuals', actual(a.id), key);
    expect(first.statusCode).toBe(201);
    const again = await api.post('/api/v1/actuals', actual(a.id), key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await utilisationOf(api, idc)).toMatchObject({ actual: '1000000.00' });

    const reused = await api.post('/api/v1/actuals', actual(a.id, { amount: '2000000.00' }), key);
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) as unknown });
    expect(await utilisationOf(api, idc)).toMatchObject({ actual: '1000000.00' });

    const tooLong = await api.post('/api/v1/actuals', actual(a.id), { 'idempotency-key': 'k'.repeat(201) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('Idempotency-Key');
  });

  it('replays an accepted order for a repeated Idempotency-Key: same id, nothing reserved twice', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    const key = { 'idempotency-key': 'po-1' };
    const first = await api.post(
      '/api/v1/orders',
      order(a.id, { schedule: [{ date: '2026-02-10', amount: '1000000.00', currency: 'CNY' }] }),
      key,
    );
    const again = await api.post(
      '/api/v1/orders',
      order(a.id, { schedule: [{ date: '2026-02-10', amount: '1000000.00', currency: 'CNY' }] }),
      key,
    );
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await utilisationOf(api, hw)).toMatchObject({ committed: '1000000.00' });
  });

  it('does not remember a refused order: the retry with the same key is evaluated again once headroom frees', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    const big = await api.post('/api/v1/orders', order(a.id));
    expect(big.statusCode).toBe(201);
    const key = { 'idempotency-key': 'po-2' };
    const small = order(a.id, {
      reference: 'PO-2',
      schedule: [{ date: '2026-03-10', amount: '1000000.00', currency: 'CNY' }],
    });
    const refused = await api.post('/api/v1/orders', small, key);
    expect(refused.statusCode).toBe(409);
    expect(json(refused)['code']).toBe('REFUSED');

    const cancelled = await api.post(`/api/v1/orders/${String(json(big)['id'])}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(json(cancelled)['status']).toBe('cancelled');

    const retried = await api.post('/api/v1/orders', small, key);
    expect(retried.statusCode).toBe(201);
    expect(await utilisationOf(api, hw)).toMatchObject({ committed: '1000000.00', headroom: '5700000.00' });
    const replayed = await api.post('/api/v1/orders', small, key);
    expect(replayed.json()).toEqual(retried.json());
  });

  it('scopes Idempotency-Keys and data to the issuer named by X-Armslength-Issuer', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const other = await createIssuer(api.w.ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const key = { 'idempotency-key': 'shared-key' };
    expect((await api.post('/api/v1/actuals', actual(a.id), key)).statusCode).toBe(201);
    // Under the other issuer the key is new and the agreement is not theirs: evaluated, not replayed.
    const elsewhere = await api.post('/api/v1/actuals', actual(a.id), {
      ...key,
      'x-armslength-issuer': other.id,
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(json(elsewhere)).toEqual({
      errors: [expect.objectContaining({ path: 'agreementId' }) as unknown],
    });
    expect((await api.get('/api/v1/agreements', { 'x-armslength-issuer': other.id })).json()).toEqual({
      items: [],
    });

    // An issuer the credentials do not act for, existing or not, is not found (issue 6).
    const unknown = await api.get('/api/v1/agreements', { 'x-armslength-issuer': 'iss_nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/iss_nope/) as unknown,
    });
  });

  it('reports utilisation with every field, as decimal strings', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    await api.post('/api/v1/orders', order(a.id));
    await api.post(
      '/api/v1/actuals',
      actual(a.id, { categoryKey: 'network-hardware', date: '2026-02-15', amount: '100000.00' }),
    );
    const res = await api.get('/api/v1/utilization?asOf=2026-03-15');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ asOf: string; items: Json[] }>();
    expect(body.asOf).toBe('2026-03-15');
    expect(body.items.map((i) => [i['categoryKeys'], i['periodStart'], i['cap']])).toEqual([
      [['idc-services'], '2025-07-29', '41000000.00'],
      [['idc-services'], '2026-01-01', '82000000.00'],
      [['idc-services'], '2027-01-01', '82000000.00'],
      [['idc-services'], '2028-01-01', '41000000.00'],
      [['network-hardware'], '2025-07-29', '33500000.00'],
      [['network-hardware'], '2026-01-01', '6700000.00'],
    ]);
    for (const item of body.items) {
      for (const field of [
        'capId',
        'categoryKeys',
        'periodStart',
        'periodEnd',
        'effectiveStart',
        'effectiveEnd',
        'currency',
        'cap',
        'actual',
        'committed',
        'headroom',
        'percentUsed',
      ]) {
        expect(item).toHaveProperty(field);
      }
    }
    expect(body.items.find((i) => i['capId'] === hw)).toMatchObject({
      capId: hw,
      categoryKeys: ['network-hardware'],
      periodStart: '2026-01-01',
      periodEnd: '2026-07-28',
      effectiveStart: '2026-01-01',
      effectiveEnd: '2026-07-28',
      currency: 'CNY',
      cap: '6700000.00',
      actual: '100000.00',
      committed: '6000000.00',
      headroom: '600000.00',
      percentUsed: '91.04',
    });
    // Default asOf: today in Hong Kong (the test clock); before anything was signed nothing counts.
    expect(json(await api.get('/api/v1/utilization'))['asOf']).toBe('2026-03-15');
    expect(await utilisationOf(api, hw, '2026-01-31')).toMatchObject({
      actual: '0.00',
      committed: '0.00',
      percentUsed: '0.00',
    });
    const filtered = await api.get(`/api/v1/utilization?agreementId=${a.id}&asOf=2026-03-15`);
    expect(filtered.json<{ items: unknown[] }>().items).toHaveLength(6);
    expect((await api.get('/api/v1/utilization?agreementId=agr_nope')).statusCode).toBe(404);
    const badDate = await api.get('/api/v1/utilization?asOf=2026-13-01');
    expect(badDate.statusCode).toBe(422);
    expect(badDate.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('asOf');
  });

  it('revises a cap (201, history kept) and returns a breach when actual amounts exceed the new amount', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    await api.post(
      '/api/v1/actuals',
      actual(a.id, { categoryKey: 'network-hardware', date: '2026-02-01', amount: '5000000.00' }),
    );
    const revision = {
      amount: '4000000.00',
      effectiveFrom: '2026-03-01',
      approvedOn: '2026-03-01',
      reason: 'lower demand',
      approvalReference: 'Board 2026-03-01',
    };
    const res = await api.post(`/api/v1/caps/${hw}/revisions`, revision);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      revisionId: expect.stringMatching(/^rev_/) as unknown,
      cap: {
        id: hw,
        amount: '6700000.00',
        history: [{ amount: '6700000.00' }, { amount: '4000000.00', effectiveFrom: '2026-03-01' }],
      },
      breach: {
        code: 'CAP_EXCEEDED',
        capId: hw,
        cap: '4000000.00',
        actual: '5000000.00',
        excess: '1000000.00',
      },
    });
    expect(await utilisationOf(api, hw)).toMatchObject({
      cap: '4000000.00',
      statedCap: '6700000.00',
      headroom: '-1000000.00',
    });
    const agreement = await api.get(`/api/v1/agreements/${a.id}`);
    const capView = agreement
      .json<{ caps: { id: string; history: unknown[] }[] }>()
      .caps.find((c) => c.id === hw);
    expect(capView?.history).toHaveLength(2);

    const future = await api.post(`/api/v1/caps/${hw}/revisions`, {
      ...revision,
      approvedOn: '2026-04-01',
      effectiveFrom: '2026-04-01',
    });
    expect(future.statusCode).toBe(422);
    expect(json(future)).toEqual({ errors: [expect.objectContaining({ path: 'approvedOn' }) as unknown] });
    expect((await api.post('/api/v1/caps/cap_nope/revisions', revision)).statusCode).toBe(404);
  });

  it('terminates a category (201): later reservations are released and later orders refused', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const idc2027 = a.cap('idc-services', '2027-01-01');
    const placed = await api.post(
      '/api/v1/orders',
      order(a.id, {
        categoryKey: 'idc-services',
        schedule: [
          { date: '2026-06-01', amount: '3000000.00', currency: 'CNY' },
          { date: '2027-02-01', amount: '2000000.00', currency: 'CNY' },
        ],
      }),
    );
    expect(placed.statusCode).toBe(201);
    const res = await api.post(`/api/v1/agreements/${a.id}/terminations`, {
      categoryKey: 'idc-services',
      effectiveOn: '2027-01-01',
      reason: 'mutual agreement',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      released: [{ orderId: json(placed)['id'], capId: idc2027, amount: '2000000.00' }],
      agreement: {
        categories: [
          { key: 'idc-services', termination: { effectiveOn: '2027-01-01', reason: 'mutual agreement' } },
          { key: 'network-hardware', termination: null },
        ],
      },
    });
    const later = await api.post(
      '/api/v1/orders',
      order(a.id, {
        categoryKey: 'idc-services',
        schedule: [{ date: '2027-03-01', amount: '1.00', currency: 'CNY' }],
      }),
    );
    expect(later.statusCode).toBe(409);
    expect(later.json()).toMatchObject({ reasons: [{ code: 'OUTSIDE_TERM' }] });
    const twice = await api.post(`/api/v1/agreements/${a.id}/terminations`, {
      categoryKey: 'idc-services',
      effectiveOn: '2027-06-01',
      reason: 'again',
    });
    expect(twice.statusCode).toBe(409);
    expect(json(twice)['code']).toBe('ALREADY_TERMINATED');
    expect(
      (
        await api.post('/api/v1/agreements/agr_nope/terminations', {
          categoryKey: 'x',
          effectiveOn: '2027-01-01',
          reason: 'r',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('records an FX rate (201) and converts a USD order at it into the RMB cap', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    const usdOrder = order(a.id, {
      schedule: [{ date: '2026-02-10', amount: '100000.00', currency: 'USD' }],
    });
    const missing = await api.post('/api/v1/orders', usdOrder);
    expect(missing.statusCode).toBe(422);
    expect(json(missing)).toEqual({
      errors: [{ path: 'schedule[0].currency', message: expect.stringMatching(/USD→CNY/) as unknown }],
    });

    const rate = await api.post('/api/v1/fx-rates', {
      from: 'USD',
      to: 'CNY',
      date: '2026-02-01',
      rate: '7.1',
      source: 'HKAB fixing',
    });
    expect(rate.statusCode).toBe(201);
    expect(rate.json()).toMatchObject({
      id: expect.any(String) as unknown,
      from: 'USD',
      to: 'CNY',
      date: '2026-02-01',
      rate: '7.1',
      source: 'HKAB fixing',
    });
    const duplicate = await api.post('/api/v1/fx-rates', {
      from: 'USD',
      to: 'CNY',
      date: '2026-02-01',
      rate: '7.2',
      source: 'other',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(json(duplicate)['code']).toBe('FX_RATE_EXISTS');
    const badRate = await api.post('/api/v1/fx-rates', {
      from: 'USD',
      to: 'USD',
      date: '2026-02-01',
      rate: 7.1,
      source: 's',
    });
    expect(badRate.statusCode).toBe(422);
    expect(
      badRate
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['rate', 'to']);

    const accepted = await api.post('/api/v1/orders', usdOrder);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      reservations: [{ capId: hw, currency: 'CNY', amount: '710000.00' }],
    });
    const view = await api.get(`/api/v1/orders/${String(json(accepted)['id'])}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      currency: 'USD',
      schedule: [{ amount: '100000.00', currency: 'USD', capId: hw, capAmount: '710000.00' }],
    });
    expect(await utilisationOf(api, hw)).toMatchObject({ committed: '710000.00' });
  });

  it('reduces, closes and cancels orders (200 with the order view) and reverses actuals (201)', async () => {
    const api = await serve(await open());
    const a = await seed(api);
    const hw = a.cap('network-hardware', '2026-01-01');
    const placed = await api.post(
      '/api/v1/orders',
      order(a.id, { schedule: [{ date: '2026-02-10', amount: '3000000.00', currency: 'CNY' }] }),
    );
    const id = String(json(placed)['id']);
    const reduced = await api.post(`/api/v1/orders/${id}/reduce`, {
      schedule: [{ date: '2026-02-10', amount: '1000000.00', currency: 'CNY' }],
    });
    expect(reduced.statusCode).toBe(200);
    expect(reduced.json()).toMatchObject({
      id,
      status: 'accepted',
      balances: [{ capId: hw, open: '1000000.00' }],
    });
    const raised = await api.post(`/api/v1/orders/${id}/reduce`, {
      schedule: [{ date: '2026-02-10', amount: '2000000.00', currency: 'CNY' }],
    });
    expect(raised.statusCode).toBe(422);

    const invoiced = await api.post(
      '/api/v1/actuals',
      actual(a.id, { categoryKey: 'network-hardware', orderId: id, date: '2026-02-20', amount: '400000.00' }),
    );
    expect(invoiced.statusCode).toBe(201);
    expect(json(invoiced)['consumedFromOrder']).toBe('400000.00');
    const cancel = await api.post(`/api/v1/orders/${id}/cancel`);
    expect(cancel.statusCode).toBe(409);
    expect(json(cancel)['code']).toBe('ORDER_HAS_ACTUALS');
    const closed = await api.post(`/api/v1/orders/${id}/close`, undefined, {
      'content-type': 'application/json',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      id,
      status: 'closed',
      balances: [{ capId: hw, consumed: '400000.00', open: '0.00' }],
    });
    expect(await utilisationOf(api, hw)).toMatchObject({ actual: '400000.00', committed: '0.00' });
    const closedAgain = await api.post(`/api/v1/orders/${id}/close`);
    expect(closedAgain.statusCode).toBe(409);
    expect(json(closedAgain)['code']).toBe('ORDER_NOT_OPEN');

    const actualId = String(json(invoiced)['id']);
    const noReason = await api.post(`/api/v1/actuals/${actualId}/reversal`, {});
    expect(noReason.statusCode).toBe(422);
    expect(json(noReason)).toEqual({ errors: [expect.objectContaining({ path: 'reason' }) as unknown] });
    const reversal = await api.post(`/api/v1/actuals/${actualId}/reversal`, {
      reason: 'invoice issued in error',
    });
    expect(reversal.statusCode).toBe(201);
    expect(reversal.json()).toMatchObject({
      reverses: actualId,
      amount: '-400000.00',
      currency: 'CNY',
      reason: 'invoice issued in error',
    });
    expect(await utilisationOf(api, hw)).toMatchObject({ actual: '0.00' });
    const twice = await api.post(`/api/v1/actuals/${actualId}/reversal`, { reason: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(json(twice)['code']).toBe('ALREADY_REVERSED');
    expect((await api.post('/api/v1/actuals/act_nope/reversal', { reason: 'x' })).statusCode).toBe(404);
  });

  it('answers 404 JSON for an unknown order, agreement, order action or route', async () => {
    const api = await serve(await open());
    for (const [method, url] of [
      ['GET', '/api/v1/orders/ord_nope'],
      ['GET', '/api/v1/agreements/agr_nope'],
      ['POST', '/api/v1/orders/ord_nope/cancel'],
      ['POST', '/api/v1/orders/ord_nope/close'],
      ['GET', '/api/v1/nothing-here'],
      ['DELETE', '/api/v1/agreements'],
    ] as const) {
      const res = await api.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String) as unknown });
    }
  });

  it('reports health with the engine', async () => {
    const store = await open();
    const api = await serve(store);
    const res = await api.get('/api/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', engine: store.engine });
  });

  it('answers 503 when the database does not answer the health check', async () => {
    const api = await serve(await open(), (w) => ({
      ...w,
      ctx: { ...w.ctx, store: failing(w.ctx.store, 'listIssuers') },
    }));
    const res = await api.get('/api/v1/health');
    expect(res.statusCode).toBe(503);
    expect(json(res)['code']).toBe('UNAVAILABLE');
  });

  it('answers an unexpected error with 500 "internal error" and the request id, logging the detail but never sending it', async () => {
    const api = await serve(await open(), (w) => ({
      ...w,
      ctx: { ...w.ctx, store: failing(w.ctx.store, 'listAgreements') },
    }));
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    onTestFinished(() => spy.mockRestore());
    const res = await api.get('/api/v1/agreements');
    expect(res.statusCode).toBe(500);
    const requestId = res.headers['x-request-id'];
    expect(typeof requestId).toBe('string');
    expect(res.json()).toEqual({ code: 'INTERNAL', message: 'internal error', requestId });
    expect(res.body).not.toMatch(/secret connection detail|at .*\.ts/);
    expect(written.join('')).toMatch(new RegExp(`${String(requestId)}.*secret connection detail`, 's'));
  });

  it('serves an OpenAPI 3.1 document describing every registered route, and no route that does not exist', async () => {
    const api = await serve(await open());
    const res = await api.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<ReturnType<typeof openApiDocument>>();
    expect(doc.openapi).toBe('3.1.0');
    await api.app.ready();
    const registered = registeredRoutes(api.app);
    // The parser must see the routes, or the comparison below would prove nothing.
    expect(registered).toContain('GET /api/v1/health');
    expect(registered).toContain('POST /api/v1/orders/{id}/reduce');
    expect(registered.length).toBeGreaterThanOrEqual(18);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...documented].sort()).toEqual([...registered].sort());
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string];
      expect(api.app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }), route).toBe(true);
    }
  });

  it('the OpenAPI document resolves every $ref and states the contract shapes', () => {
    const doc = openApiDocument();
    const text = JSON.stringify(doc);
    for (const [, kind, name] of text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)) {
      const section = (doc.components as Record<string, Record<string, unknown>>)[kind ?? ''];
      expect(section?.[name ?? ''], `${kind}/${name}`).toBeDefined();
    }
    const schemas = doc.components.schemas;
    expect(schemas['RefusalCode']).toMatchObject({
      enum: ['CAP_EXCEEDED', 'OUTSIDE_TERM', 'AGREEMENT_NOT_EFFECTIVE', 'NO_COVERING_CAP'],
    });
    expect(schemas['FieldErrors']).toMatchObject({ required: ['errors'] });
    expect(schemas['Conflict']).toMatchObject({
      properties: { code: { enum: expect.arrayContaining(['IDEMPOTENCY_KEY_REUSED']) as unknown } },
    });
    expect(schemas['Breach']).toMatchObject({
      properties: {
        code: { $ref: '#/components/schemas/BreachCode' },
        excess: expect.any(Object) as unknown,
      },
    });
    expect(doc.components.parameters.IdempotencyKey.name).toBe('Idempotency-Key');
    expect(doc.components.parameters.IssuerHeader.name).toBe('X-Armslength-Issuer');
  });
});

/** A store whose `method` fails, as a database that went away would. */
function failing(store: Store, method: 'listIssuers' | 'listAgreements'): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === method)
        return () => Promise.reject(new Error('secret connection detail: password=hunter2'));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
