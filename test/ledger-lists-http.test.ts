/**
 * The lists behind the Orders and Actual amounts screens (GET /api/v1/orders, GET /api/v1/actuals)
 * and the live headroom of the order form (POST /api/v1/orders/check → periods), on both engines:
 * newest first, filtered, capped by `limit`, each bad query parameter named, another agreement or
 * order a 404, and only the roles that may read the ledger.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { world } from './support/context.js';
import { testServer } from './support/http.js';
import { withQuotes } from './support/pricing.js';
import type { Role } from '../src/domain/authz/index.js';

type Json = Record<string, unknown>;

async function serve(store: Store, roles?: readonly Role[]) {
  const w = await world(store);
  const { inject } = await testServer(w.ctx, w.actor.issuerId, roles ? { roles } : {});
  const post = (url: string, payload: Json, headers: Record<string, string> = {}) =>
    inject({ method: 'POST', url, payload, headers });
  const get = (url: string) => inject({ method: 'GET', url });
  return { w, post, get };
}

type Api = Awaited<ReturnType<typeof serve>>;

async function agreement(api: Api): Promise<string> {
  const res = await api.post('/api/v1/agreements', seedAgreementInput());
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

/** A hardware order in the 2026 stub period (cap RMB6.7 million), with compliant quotes. */
const order = (agreementId: string, reference: string, signedOn: string, amount: string): Json =>
  withQuotes({
    agreementId,
    categoryKey: 'network-hardware',
    reference,
    signedOn,
    schedule: [{ date: '2026-03-10', amount, currency: 'CNY' }],
  });

async function place(api: Api, body: Json): Promise<string> {
  const res = await api.post('/api/v1/orders', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const items = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Json[]; truncated: boolean; limit: number }>();
};
const pathsOf = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(422);
  return res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
};

describeEachEngine('the ledger lists and the live headroom (web screens)', (open) => {
  it('lists orders newest first with their total, category and pricing outcome, filtered and capped', async () => {
    const api = await serve(await open());
    expect(items(await api.get('/api/v1/orders'))).toEqual({ items: [], truncated: false, limit: 100 });
    const agreementId = await agreement(api);
    const first = await place(api, order(agreementId, 'PO-A', '2026-02-01', '1000000.00'));
    const second = await place(api, order(agreementId, 'PO-B', '2026-03-01', '2500000.50'));
    const third = await place(api, order(agreementId, 'PO-C', '2026-02-15', '100.00'));
    expect((await api.post(`/api/v1/orders/${third}/cancel`, {})).statusCode).toBe(200);

    const all = items(await api.get('/api/v1/orders'));
    expect(all.items.map((o) => o['reference'])).toEqual(['PO-B', 'PO-C', 'PO-A']);
    expect(all.items[0]).toMatchObject({
      id: second,
      agreementId,
      categoryKey: 'network-hardware',
      categoryName: { en: expect.stringMatching(/hardware/i) as unknown },
      signedOn: '2026-03-01',
      status: 'accepted',
      currency: 'CNY',
      amount: '2500000.50',
      pricing: { outcome: 'more-favourable', countedQuotes: 2, minIndependentQuotes: 2, flagged: false },
    });
    expect(all.items[1]).toMatchObject({ id: third, status: 'cancelled' });

    const february = items(await api.get('/api/v1/orders?from=2026-02-01&to=2026-02-28'));
    expect(february.items.map((o) => o['id'])).toEqual([third, first]);
    expect(items(await api.get('/api/v1/orders?status=cancelled')).items.map((o) => o['id'])).toEqual([
      third,
    ]);
    const capped = items(await api.get(`/api/v1/orders?agreementId=${agreementId}&limit=2`));
    expect(capped).toMatchObject({ truncated: true, limit: 2 });
    expect(capped.items.map((o) => o['id'])).toEqual([second, third]);
  });

  it('lists actuals with their order and reversal status, newest first', async () => {
    const api = await serve(await open());
    const agreementId = await agreement(api);
    const orderId = await place(api, order(agreementId, 'PO-1', '2026-02-01', '3000000.00'));
    const posted = await api.post('/api/v1/actuals', {
      agreementId,
      categoryKey: 'network-hardware',
      date: '2026-03-10',
      amount: '1200000.00',
      currency: 'RMB',
      reference: 'INV-1',
      orderId,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const actualId = posted.json<{ id: string }>().id;
    const other = await api.post('/api/v1/actuals', {
      agreementId,
      categoryKey: 'idc-services',
      date: '2026-01-31',
      amount: '500000.00',
      currency: 'CNY',
      reference: 'INV-IDC-1',
    });
    expect(other.statusCode).toBe(201);
    const reversal = await api.post(`/api/v1/actuals/${actualId}/reversal`, { reason: 'Invoice withdrawn' });
    expect(reversal.statusCode, reversal.body).toBe(201);
    const reversalId = reversal.json<{ id: string }>().id;

    const list = items(await api.get('/api/v1/actuals'));
    expect(list.items.map((a) => [a['reference'], a['reversal']])).toEqual([
      ['INV-1', 'reversal'],
      ['INV-1', 'reversed'],
      ['INV-IDC-1', 'standing'],
    ]);
    expect(list.items[0]).toMatchObject({
      id: reversalId,
      amount: '-1200000.00',
      reverses: actualId,
      reason: 'Invoice withdrawn',
      orderId,
      orderReference: 'PO-1',
    });
    expect(list.items[1]).toMatchObject({
      id: actualId,
      date: '2026-03-10',
      amount: '1200000.00',
      currency: 'CNY',
      categoryKey: 'network-hardware',
      reversedBy: reversalId,
      reverses: null,
    });
    expect(list.items[2]).toMatchObject({ orderId: null, orderReference: null, reversedBy: null });
    expect(items(await api.get(`/api/v1/actuals?orderId=${orderId}`)).items).toHaveLength(2);
    expect(items(await api.get('/api/v1/actuals?to=2026-02-28')).items.map((a) => a['reference'])).toEqual([
      'INV-IDC-1',
    ]);
    expect(items(await api.get('/api/v1/actuals?limit=1'))).toMatchObject({ truncated: true });
  });

  it('names every bad query parameter, and answers 404 for an agreement or order it does not hold', async () => {
    const api = await serve(await open());
    expect(pathsOf(await api.get('/api/v1/orders?from=2026-02-30&limit=0&status=open'))).toEqual([
      'from',
      'limit',
      'status',
    ]);
    expect(pathsOf(await api.get('/api/v1/actuals?from=2026-03-01&to=2026-02-01&limit=501'))).toEqual([
      'to',
      'limit',
    ]);
    expect(pathsOf(await api.get('/api/v1/actuals?limit=ten'))).toEqual(['limit']);
    expect((await api.get('/api/v1/orders?agreementId=agr_nope')).statusCode).toBe(404);
    expect((await api.get('/api/v1/actuals?agreementId=agr_nope')).statusCode).toBe(404);
    expect((await api.get('/api/v1/actuals?orderId=ord_nope')).statusCode).toBe(404);
  });

  it('lets every ledger reader list, and not the administrator, who keeps accounts, not the books', async () => {
    const store = await open();
    const auditor = await serve(store, ['auditor']);
    expect((await auditor.get('/api/v1/orders')).statusCode).toBe(200);
    expect((await auditor.get('/api/v1/actuals')).statusCode).toBe(200);
    const admin = await serve(await open(), ['admin']);
    expect((await admin.get('/api/v1/orders')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/actuals')).statusCode).toBe(403);
  });

  it('the check shows the headroom of each cap period the order touches, with the gate’s figures', async () => {
    const api = await serve(await open());
    const agreementId = await agreement(api);
    await place(api, order(agreementId, 'PO-1', '2026-02-01', '6000000.00'));
    const fits = await api.post(
      '/api/v1/orders/check',
      order(agreementId, 'PO-2', '2026-02-02', '700000.00'),
    );
    expect(fits.statusCode, fits.body).toBe(200);
    expect(fits.json()).toMatchObject({
      accepted: true,
      reasons: [],
      periods: [
        {
          periodStart: '2026-01-01',
          periodEnd: '2026-07-28',
          currency: 'CNY',
          cap: '6700000.00',
          utilised: '6000000.00',
          headroom: '700000.00',
          requested: '700000.00',
          fits: true,
        },
      ],
    });
    const over = await api.post(
      '/api/v1/orders/check',
      order(agreementId, 'PO-2', '2026-02-02', '700000.01'),
    );
    expect(over.json()).toMatchObject({
      accepted: false,
      reasons: [{ code: 'CAP_EXCEEDED', headroom: '700000.00', requested: '700000.01' }],
      periods: [{ headroom: '700000.00', requested: '700000.01', fits: false }],
    });
    // The check wrote nothing: the order it approved is still accepted.
    await place(api, order(agreementId, 'PO-2', '2026-02-02', '700000.00'));
  });
});
