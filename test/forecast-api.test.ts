/**
 * Issue 5: GET /api/v1/forecasts and GET /api/v1/utilization/history on both engines, with a known
 * series of actuals and orders whose forecast is worked out by hand below.
 */
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { forecastsFor } from '../src/app/get-forecasts.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { calendarDate } from '../src/domain/index.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { testServer, type TestServer } from './support/http.js';
import { withQuotes } from './support/pricing.js';

type Json = Record<string, unknown>;

interface Api {
  readonly w: TestWorld;
  readonly app: TestServer;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown): Promise<LightMyRequestResponse>;
}

async function serve(store: Store): Promise<Api> {
  const w = await world(store, '2026-03-15');
  const app = await testServer(w.ctx, w.actor.issuerId);
  return {
    w,
    app,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers }),
    post: (url, body) => app.inject({ method: 'POST', url, payload: body as Record<string, unknown> }),
  };
}

interface Seeded {
  readonly agreementId: string;
  readonly cap: (key: string, start: string) => string;
  readonly orderId: string;
}

/**
 * The series (RMB, IDC services unless said):
 * - 10 Oct 2025 5,000,000.00 and 10 Dec 2025 8,100,000.00 in the 2025 stub period (history);
 * - 20 Dec 2025 network hardware 1,000,000.00 (another category: not IDC's history);
 * - an order signed 1 Feb 2026: 1,000,000.00 on 15 Feb and 20,000,000.00 on 10 Jun 2026;
 * - 20 Jan 2026 10,800,000.00; 20 Feb 2026 7,400,000.00, and 700,000.00 invoiced against the order.
 *
 * As of 28 February 2026 the 90-day window is 1 December 2025 – 28 February 2026: 8.1 + 10.8 + 7.4 +
 * 0.7 = 27,000,000.00, so 300,000.00 a day (less than a year of history: no seasonality).
 */
async function seedSeries(api: Api): Promise<Seeded> {
  const created = await api.post('/api/v1/agreements', seedAgreementInput());
  expect(created.statusCode).toBe(201);
  const agreement = created.json<{
    id: string;
    caps: { id: string; categoryKeys: string[]; periodStart: string }[];
  }>();
  const cap = (key: string, start: string) => {
    const found = agreement.caps.find((c) => c.categoryKeys.includes(key) && c.periodStart === start);
    if (!found) throw new Error(`no cap ${key} ${start}`);
    return found.id;
  };
  const actual = async (date: string, amount: string, over: Json = {}) => {
    const res = await api.post('/api/v1/actuals', {
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      date,
      amount,
      currency: 'CNY',
      reference: `INV-${date}-${amount}`,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  await actual('2025-10-10', '5000000.00');
  await actual('2025-12-10', '8100000.00');
  await actual('2025-12-20', '1000000.00', { categoryKey: 'network-hardware' });
  const order = await api.post(
    '/api/v1/orders',
    withQuotes({
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      reference: 'PO-IDC-2026-1',
      signedOn: '2026-02-01',
      schedule: [
        { date: '2026-02-15', amount: '1000000.00', currency: 'CNY' },
        { date: '2026-06-10', amount: '20000000.00', currency: 'CNY' },
      ],
    }),
  );
  expect(order.statusCode, order.body).toBe(201);
  const orderId = order.json<{ id: string }>().id;
  await actual('2026-01-20', '10800000.00');
  await actual('2026-02-20', '7400000.00');
  await actual('2026-02-20', '700000.00', { orderId });
  return { agreementId: agreement.id, cap, orderId };
}

const items = (res: LightMyRequestResponse) => res.json<{ asOf: string; items: Json[] }>().items;

describeEachEngine('forecast API', (open) => {
  it('forecasts every active cap period with the hand-worked figures', async () => {
    const api = await serve(await open());
    const s = await seedSeries(api);
    const res = await api.get('/api/v1/forecasts?asOf=2026-02-28');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Json>()['asOf']).toBe('2026-02-28');
    const list = items(res);
    // The 2025 stub periods have ended; the current FY2026 and hardware periods, and the IDC periods to come.
    expect(list.map((i) => [i['capId'], i['periodStatus']])).toEqual([
      [s.cap('idc-services', '2026-01-01'), 'current'],
      [s.cap('idc-services', '2027-01-01'), 'upcoming'],
      [s.cap('idc-services', '2028-01-01'), 'upcoming'],
      [s.cap('network-hardware', '2026-01-01'), 'current'],
    ]);

    // IDC FY2026: A = 18,900,000.00; the order holds 21,000,000.00 − 700,000.00 consumed, the open
    // amount on its latest lines: 20,000,000.00 on 10 June and 300,000.00 on 15 February (due).
    // 306 days remain (1 March – 31 December): E = 91,800,000.00.
    // Projected = 18.9 + 20.3 + (91.8 − 20.0) = 111,000,000.00 million, 135.4% of 82,000,000.00.
    expect(list[0]).toMatchObject({
      agreementId: s.agreementId,
      categoryKeys: ['idc-services'],
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      horizonEnd: '2026-12-31',
      currency: 'CNY',
      cap: '82000000.00',
      actual: '18900000.00',
      committed: '20300000.00',
      committedDue: '300000.00',
      committedScheduled: '20000000.00',
      expectedFuture: '91800000.00',
      projected: '111000000.00',
      projectedPercent: '135.4',
      projectedHeadroom: '-29000000.00',
      exceedsCap: true,
      remainingDays: 306,
      remainingFrom: '2026-03-01',
      // path(t) = 18.9 + 0.3 (due) + 0.3 × t million: 80% (65.6) on day 155, 100% (82.0) on day 210.
      thresholds: [
        { threshold: '80', amount: '65600000.00', reachedOn: '2026-08-02', basis: 'projected' },
        { threshold: '100', amount: '82000000.00', reachedOn: '2026-09-26', basis: 'projected' },
      ],
      method: {
        kind: 'trailing-average',
        windowStart: '2025-12-01',
        windowEnd: '2026-02-28',
        windowDays: 90,
        windowActual: '27000000.00',
        dailyRate: '300000.00',
        growth: null,
      },
    });
    const method = list[0]?.['method'] as { description: { en: string; 'zh-Hant': string } };
    expect(method.description.en).toMatch(
      /^Trailing average: the actual amounts of the 90 days from 1 December 2025/,
    );
    expect(method.description['zh-Hant']).toMatch(/^按過往平均/);

    // IDC FY2027, not started: 365 days at 300,000.00, nothing ordered yet.
    expect(list[1]).toMatchObject({
      actual: '0.00',
      committed: '0.00',
      projected: '109500000.00',
      projectedPercent: '133.5',
      remainingDays: 365,
      remainingFrom: '2027-01-01',
    });

    // Hardware 2026 stub: only its own category's history, 1,000,000.00 over 90 days, for the 150
    // days 1 March – 28 July: 1,666,666.666… rounded half-up once.
    expect(list[3]).toMatchObject({
      cap: '6700000.00',
      actual: '0.00',
      expectedFuture: '1666666.67',
      projected: '1666666.67',
      projectedPercent: '24.9',
      remainingDays: 150,
      exceedsCap: false,
      method: { kind: 'trailing-average', windowActual: '1000000.00', dailyRate: '11111.11' },
    });
  });

  it('filters by agreement, defaults asOf to today, and names bad input', async () => {
    const api = await serve(await open());
    const s = await seedSeries(api);
    const byAgreement = await api.get(`/api/v1/forecasts?asOf=2026-02-28&agreementId=${s.agreementId}`);
    expect(items(byAgreement)).toHaveLength(4);
    const today = await api.get('/api/v1/forecasts');
    expect(today.json<Json>()['asOf']).toBe('2026-03-15');
    expect(items(today)[0]).toMatchObject({ remainingFrom: '2026-03-16', remainingDays: 291 });

    const bad = await api.get('/api/v1/forecasts?asOf=2026-02-30');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('asOf');
    const unknown = await api.get('/api/v1/forecasts?agreementId=agr_nope');
    expect(unknown.statusCode).toBe(404);
  });

  it('the projection follows the ledger: an invoice against the order moves committed into actual', async () => {
    const api = await serve(await open());
    const s = await seedSeries(api);
    const res = await api.post('/api/v1/actuals', {
      agreementId: s.agreementId,
      categoryKey: 'idc-services',
      orderId: s.orderId,
      date: '2026-02-27',
      amount: '500000.00',
      currency: 'CNY',
      reference: 'INV-late',
    });
    expect(res.statusCode, res.body).toBe(201);
    const item = items(await api.get('/api/v1/forecasts?asOf=2026-02-28'))[0];
    // The 500,000.00 consumes the order's earliest open line first: 300,000.00 due on 15 February,
    // then 200,000.00 of 10 June. Window 27,500,000.00 → 305,555.555… a day.
    expect(item).toMatchObject({
      actual: '19400000.00',
      committed: '19800000.00',
      committedDue: '0.00',
      committedScheduled: '19800000.00',
      method: { windowActual: '27500000.00', dailyRate: '305555.56' },
    });
    // E = 27,500,000 × 306 / 90 = 93,500,000.00; projected = 19.4 + 19.8 + (93.5 − 19.8).
    expect(item).toMatchObject({ expectedFuture: '93500000.00', projected: '112900000.00' });
  });

  it('forecastsFor gives the domain forecasts with their cap context, upcoming periods optional', async () => {
    const api = await serve(await open());
    await seedSeries(api);
    const all = await forecastsFor(api.w.ctx, api.w.actor.issuerId, calendarDate('2026-02-28'));
    expect(all).toHaveLength(4);
    expect(all[0]?.forecast).toMatchObject({
      projectedMinor: 11_100_000_000n,
      capMinor: 8_200_000_000n,
      exceedsCap: true,
    });
    expect(all[0]?.cap.periodStart).toBe('2026-01-01');
    const current = await forecastsFor(api.w.ctx, api.w.actor.issuerId, calendarDate('2026-02-28'), {
      includeUpcoming: false,
    });
    expect(current.map((f) => f.periodStatus)).toEqual(['current', 'current']);
  });

  it('gives the utilisation history of a cap period, point by point', async () => {
    const api = await serve(await open());
    const s = await seedSeries(api);
    const capId = s.cap('idc-services', '2026-01-01');
    const res = await api.get(`/api/v1/utilization/history?capId=${capId}&to=2026-02-28`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Json>();
    expect(body).toMatchObject({
      capId,
      agreementId: s.agreementId,
      categoryKeys: ['idc-services'],
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      from: '2026-01-01',
      to: '2026-02-28',
      currency: 'CNY',
      cap: '82000000.00',
    });
    const points = (body['points'] as Json[]).map((p) => [
      p['date'],
      p['actual'],
      p['committed'],
      p['utilised'],
      p['percentUsed'],
    ]);
    expect(points).toEqual([
      ['2026-01-01', '0.00', '0.00', '0.00', '0.00'],
      ['2026-01-20', '10800000.00', '0.00', '10800000.00', '13.17'],
      ['2026-02-01', '10800000.00', '21000000.00', '31800000.00', '38.78'],
      ['2026-02-20', '18900000.00', '20300000.00', '39200000.00', '47.80'],
      ['2026-02-28', '18900000.00', '20300000.00', '39200000.00', '47.80'],
    ]);
    // Defaults: from the period start to today (15 March 2026); `from` folds in everything before it.
    const byDefault = (await api.get(`/api/v1/utilization/history?capId=${capId}`)).json<Json>();
    expect(byDefault).toMatchObject({ from: '2026-01-01', to: '2026-03-15' });
    const later = (await api.get(`/api/v1/utilization/history?capId=${capId}&from=2026-02-10`)).json<Json>();
    expect((later['points'] as Json[]).map((p) => [p['date'], p['utilised']])).toEqual([
      ['2026-02-10', '31800000.00'],
      ['2026-02-20', '39200000.00'],
      ['2026-03-15', '39200000.00'],
    ]);
  });

  it.each([
    ['', 'capId'],
    ['?capId=', 'capId'],
    ['?capId=CAP&from=2026-1-1', 'from'],
    ['?capId=CAP&to=yesterday', 'to'],
    ['?capId=CAP&from=2026-03-01&to=2026-02-01', 'to'],
  ])('utilization/history%s is 422 naming %s', async (query, path) => {
    const api = await serve(await open());
    const s = await seedSeries(api);
    const res = await api.get(
      `/api/v1/utilization/history${query.replace('CAP', s.cap('idc-services', '2026-01-01'))}`,
    );
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
  });

  it("another issuer's cap is 404, and its forecasts are not shown", async () => {
    const api = await serve(await open());
    const s = await seedSeries(api);
    const other = await createIssuer(api.w.ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    await createAgreement(
      api.w.ctx,
      { userId: 'tester', issuerId: other.id, roles: OPERATOR_ROLES },
      seedAgreementInput(),
    );
    const headers = { 'X-Armslength-Issuer': other.id };
    const res = await api.get(
      `/api/v1/utilization/history?capId=${s.cap('idc-services', '2026-01-01')}`,
      headers,
    );
    expect(res.statusCode).toBe(404);
    expect((await api.get('/api/v1/utilization/history?capId=cap_nope')).statusCode).toBe(404);
    const theirs = items(await api.get('/api/v1/forecasts?asOf=2026-02-28', headers));
    expect(theirs).toHaveLength(4);
    expect(theirs.every((i) => i['agreementId'] !== s.agreementId)).toBe(true);
    // Nothing recorded for them: no history, the projection is zero.
    expect(theirs[0]).toMatchObject({ projected: '0.00', method: { kind: 'no-history' } });
  });

  it('is documented in the OpenAPI document', async () => {
    const api = await serve(await open());
    const doc = (await api.get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/forecasts', '/api/v1/utilization/history']),
    );
  });
});
