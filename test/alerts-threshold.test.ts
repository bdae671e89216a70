/**
 * Issue 5: the 80% alert. Actual amounts only, once per threshold per cap period (also under 50
 * concurrent postings), re-armed by a revision of the cap, never by an order's committed amount;
 * breaches raise critical alerts with a remediation record; acknowledgements are kept.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { testServer, type TestServer } from './support/http.js';
import { withQuotes } from './support/pricing.js';

type Json = Record<string, unknown>;

interface Api {
  readonly w: TestWorld;
  readonly app: TestServer;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
}

async function serve(store: Store): Promise<Api> {
  const w = await world(store, '2026-11-30');
  const app = await testServer(w.ctx, w.actor.issuerId);
  return {
    w,
    app,
    post: (url, body) => app.inject({ method: 'POST', url, payload: body ?? {} }),
    get: (url) => app.inject({ method: 'GET', url }),
  };
}

interface Seeded {
  agreementId: string;
  idc2026: string;
}

async function seed(api: Api): Promise<Seeded> {
  const res = await api.post('/api/v1/agreements', seedAgreementInput());
  expect(res.statusCode).toBe(201);
  const a = res.json<{ id: string; caps: { id: string; categoryKeys: string[]; periodStart: string }[] }>();
  const idc2026 = a.caps.find(
    (c) => c.categoryKeys.includes('idc-services') && c.periodStart === '2026-01-01',
  );
  if (!idc2026) throw new Error('no IDC cap for 2026');
  return { agreementId: a.id, idc2026: idc2026.id };
}

const actual = (
  agreementId: string,
  amount: string,
  date = '2026-06-25',
  reference = `INV-${amount}-${date}`,
) => ({
  agreementId,
  categoryKey: 'idc-services',
  date,
  amount,
  currency: 'CNY',
  reference,
});

const alerts = async (api: Api, query = ''): Promise<Json[]> => {
  const res = await api.get(`/api/v1/alerts${query}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Json[] }>().items;
};

describeEachEngine('the 80% alert (issue 5)', (open) => {
  it('fires exactly once when actual amounts reach 80% of the cap, and not at 79.99%', async () => {
    const api = await serve(await open());
    const { agreementId, idc2026 } = await seed(api);
    // 80% of RMB82,000,000.00 is RMB65,600,000.00: one cent short of it, no alert.
    expect((await api.post('/api/v1/actuals', actual(agreementId, '65599999.99'))).statusCode).toBe(201);
    expect(await alerts(api)).toEqual([]);

    const crossing = await api.post('/api/v1/actuals', actual(agreementId, '0.01', '2026-07-25'));
    expect(crossing.statusCode).toBe(201);
    const crossingId = crossing.json<{ id: string }>().id;
    const after = await alerts(api);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      kind: 'THRESHOLD',
      threshold: '80',
      severity: 'warning',
      agreementId,
      capId: idc2026,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      currency: 'CNY',
      cap: '82000000.00',
      actualAtCrossing: '65600000.00',
      actualId: crossingId,
      occurredOn: '2026-07-25',
      recipients: ['senior-management', 'finance'],
      acknowledged: false,
    });
    expect((after[0]?.['message'] as { en: string }).en).toBe(
      'Actual amounts of RMB65,600,000.00 for IDC services (1 January 2026 to 31 December 2026) have reached 80% of the cap of RMB82,000,000.00 (80.0% used): report to senior management at once.',
    );

    // Further postings past 80% raise nothing new.
    expect(
      (await api.post('/api/v1/actuals', actual(agreementId, '1000000.00', '2026-08-25'))).statusCode,
    ).toBe(201);
    expect(await alerts(api)).toHaveLength(1);
    // Each senior manager's and finance's inbox has it.
    const inbox = (await api.get('/api/v1/inbox?recipient=senior-management')).json<{ items: Json[] }>()
      .items;
    expect(inbox.map((i) => i['id'])).toEqual([after[0]?.['id']]);
  });

  it('50 concurrent postings crossing the threshold raise exactly one alert', async () => {
    const api = await serve(await open());
    const { agreementId, idc2026 } = await seed(api);
    expect((await api.post('/api/v1/actuals', actual(agreementId, '65000000.00'))).statusCode).toBe(201);
    // Each posting is RMB20,000.00: the 30th crosses RMB65,600,000.00 whatever the order they land in.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.post('/api/v1/actuals', actual(agreementId, '20000.00', '2026-07-25', `INV-RACE-${i}`)),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const raised = await alerts(api, `?capId=${idc2026}`);
    expect(raised).toHaveLength(1);
    // The posting that crossed saw exactly RMB65,600,000.00.
    expect(raised[0]).toMatchObject({ kind: 'THRESHOLD', actualAtCrossing: '65600000.00' });
  });

  it("an order's committed amount never raises a THRESHOLD alert", async () => {
    const api = await serve(await open());
    const { agreementId } = await seed(api);
    const order = withQuotes({
      agreementId,
      categoryKey: 'idc-services',
      reference: 'PO-BIG',
      signedOn: '2026-06-01',
      schedule: [{ date: '2026-09-25', amount: '80000000.00', currency: 'CNY' }],
    });
    expect((await api.post('/api/v1/orders', order)).statusCode).toBe(201);
    // 97.6% committed, nothing actual: no alert.
    expect(await alerts(api)).toEqual([]);
    // The invoice against the order is actual: now it fires.
    expect(
      (await api.post('/api/v1/actuals', actual(agreementId, '66000000.00', '2026-09-25'))).statusCode,
    ).toBe(201);
    expect((await alerts(api)).map((a) => a['kind'])).toEqual(['THRESHOLD']);
  });

  it('a reversal below the threshold does not re-fire it; an upward revision of the cap re-arms it', async () => {
    const api = await serve(await open());
    const { agreementId, idc2026 } = await seed(api);
    const first = await api.post('/api/v1/actuals', actual(agreementId, '70000000.00'));
    expect((await alerts(api)).length).toBe(1);
    const reversal = await api.post(`/api/v1/actuals/${first.json<{ id: string }>().id}/reversal`, {
      reason: 'invoice cancelled',
      date: '2026-07-01',
    });
    expect(reversal.statusCode).toBe(201);
    expect(
      (await api.post('/api/v1/actuals', actual(agreementId, '70000000.00', '2026-07-25'))).statusCode,
    ).toBe(201);
    expect(await alerts(api)).toHaveLength(1);

    // The board raises the cap to RMB100m: 80% of it is RMB80m; RMB70m is below, RMB81m is above.
    const revision = await api.post(`/api/v1/caps/${idc2026}/revisions`, {
      amount: '100000000.00',
      effectiveFrom: '2026-08-01',
      approvedOn: '2026-07-30',
      reason: 'higher demand',
      approvalReference: 'Board resolution 2026/7',
    });
    expect(revision.statusCode).toBe(201);
    expect(await alerts(api)).toHaveLength(1);
    expect(
      (await api.post('/api/v1/actuals', actual(agreementId, '11000000.00', '2026-08-25'))).statusCode,
    ).toBe(201);
    const all = await alerts(api);
    // (Both were raised at the same instant of the test clock: compared in cap order.)
    expect(all.map((a) => [a['kind'], a['cap'], a['actualAtCrossing']]).sort()).toEqual([
      ['THRESHOLD', '100000000.00', '81000000.00'],
      ['THRESHOLD', '82000000.00', '70000000.00'],
    ]);
  });

  it('a breach raises a critical alert to compliance, senior management and the directors, with a remediation record', async () => {
    const api = await serve(await open());
    const { agreementId } = await seed(api);
    const over = await api.post('/api/v1/actuals', actual(agreementId, '82000000.01'));
    expect(over.statusCode).toBe(201);
    const breach = (await alerts(api, '?kind=BREACH'))[0];
    expect(breach).toMatchObject({
      kind: 'BREACH',
      severity: 'critical',
      recipients: ['compliance', 'senior-management', 'directors'],
      details: { code: 'CAP_EXCEEDED', excess: '0.01' },
    });
    const id = String(breach?.['id']);
    const notBreach = (await alerts(api, '?kind=THRESHOLD'))[0];
    expect(
      (await api.post(`/api/v1/alerts/${String(notBreach?.['id'])}/remediation`, { notes: 'x' })).statusCode,
    ).toBe(409);
    expect((await api.post(`/api/v1/alerts/${id}/remediation`, {})).statusCode).toBe(422);
    const remediation = await api.post(`/api/v1/alerts/${id}/remediation`, {
      reference: 'Announcement 2026-08-01: revision of annual caps',
      notes: 'Cap revised and re-complied under Rule 14A.54; invoice held until then.',
    });
    expect(remediation.statusCode).toBe(201);
    expect(remediation.json()).toMatchObject({
      remediations: [
        {
          reference: 'Announcement 2026-08-01: revision of annual caps',
          recordedBy: await api.app.userId(),
        },
      ],
    });
  });

  it('acknowledgements are kept as a history; unacknowledged filters them out', async () => {
    const api = await serve(await open());
    const { agreementId } = await seed(api);
    await api.post('/api/v1/actuals', actual(agreementId, '70000000.00'));
    const [alert] = await alerts(api);
    const id = String(alert?.['id']);
    expect((await alerts(api, '?unacknowledged=true')).length).toBe(1);
    const ack = await api.post(`/api/v1/alerts/${id}/acknowledge`, { comment: 'CFO informed by phone' });
    expect(ack.statusCode).toBe(201);
    await api.post(`/api/v1/alerts/${id}/acknowledge`, { comment: 'Reported to the board' });
    const shown = (await api.get(`/api/v1/alerts/${id}`)).json<{
      acknowledgements: Json[];
      acknowledged: boolean;
    }>();
    expect(shown.acknowledged).toBe(true);
    // (The test clock gives both the same instant: compared in comment order.)
    const operator = await api.app.userId();
    expect(shown.acknowledgements.map((a) => [a['by'], a['comment']]).sort()).toEqual([
      [operator, 'CFO informed by phone'],
      [operator, 'Reported to the board'],
    ]);
    expect(await alerts(api, '?unacknowledged=true')).toEqual([]);
    expect((await api.get('/api/v1/alerts?kind=NOPE')).statusCode).toBe(422);
    expect((await api.post('/api/v1/alerts/alr_nope/acknowledge', {})).statusCode).toBe(404);
  });

  it('the policy is configurable: other thresholds and early warnings on actual + committed', async () => {
    const api = await serve(await open());
    const { agreementId } = await seed(api);
    const bad = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/monitoring-policy',
      payload: { thresholds: ['80', '120'], recipients: { THRESHOLD: ['ceo'] } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'thresholds[1]',
      'recipients.THRESHOLD[0]',
    ]);
    const put = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/monitoring-policy',
      payload: { thresholds: ['90', '80'], earlyWarningThresholds: ['70'] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ thresholds: ['80', '90'], earlyWarningThresholds: ['70'] });
    const order = withQuotes({
      agreementId,
      categoryKey: 'idc-services',
      reference: 'PO-1',
      signedOn: '2026-06-01',
      schedule: [{ date: '2026-09-25', amount: '50000000.00', currency: 'CNY' }],
    });
    expect((await api.post('/api/v1/orders', order)).statusCode).toBe(201);
    // RMB8.0m actual + RMB50.0m committed = 70.7%: an early warning, no threshold alert.
    await api.post('/api/v1/actuals', actual(agreementId, '8000000.00'));
    expect((await alerts(api)).map((a) => [a['kind'], a['threshold']])).toEqual([['EARLY_WARNING', '70']]);
    // RMB66.0m actual = 80.5%: the 80% alert only.
    await api.post('/api/v1/actuals', actual(agreementId, '58000000.00', '2026-07-25'));
    expect((await alerts(api, '?kind=THRESHOLD')).map((a) => a['threshold'])).toEqual(['80']);
    // RMB73.9m = 90.1%: the 90% alert.
    await api.post('/api/v1/actuals', actual(agreementId, '7900000.00', '2026-08-25'));
    expect((await alerts(api, '?kind=THRESHOLD')).map((a) => a['threshold']).sort()).toEqual(['80', '90']);
  });
});
