/**
 * Issue 5: cap-insufficiency escalations walked through every step (raised → reviewed by senior
 * management → decided by the board: revise the cap, linked to its revision and re-classification, or
 * no action with a reason), and the daily run's TERM_EXPIRY and REVIEW_DEADLINE alerts.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { runDailyMonitoring } from '../src/app/daily-monitoring.js';
import { escalateAll, type CapOutlook } from '../src/app/escalations.js';
import type { Store } from '../src/app/ports.js';
import { calendarDate } from '../src/domain/index.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { testServer } from './support/http.js';

type Json = Record<string, unknown>;

async function serve(store: Store, today: string) {
  const w: TestWorld = await world(store, today);
  const app = await testServer(w.ctx, w.actor.issuerId);
  const post = (url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'POST', url, payload: body ?? {} });
  const get = (url: string) => app.inject({ method: 'GET', url });
  const created = await post('/api/v1/agreements', seedAgreementInput());
  expect(created.statusCode).toBe(201);
  const agreementId = created.json<{ id: string }>().id;
  const agreement = await store.getAgreement(w.actor.issuerId, agreementId);
  if (!agreement) throw new Error('no agreement');
  return { w, app, post, get, agreement };
}

describeEachEngine('cap-insufficiency escalations (issue 5)', (open) => {
  it('walks an escalation through every step, each recorded, and refuses steps out of order', async () => {
    const { w, app, post, get, agreement } = await serve(await open(), '2026-10-02');
    const cap = agreement.caps.find((c) => c.periodStart === '2026-01-01' && c.currency === 'CNY');
    if (!cap) throw new Error('no 2026 cap');
    const outlook = (projectedMinor: bigint): CapOutlook => ({
      agreement,
      cap,
      capMinor: cap.amountMinor,
      projectedMinor,
      asOf: calendarDate('2026-10-02'),
      forecast: { projected: String(projectedMinor), method: 'synthetic' },
    });
    // Within the cap: nothing. One cent over: an escalation and its CAP_INSUFFICIENT alert.
    expect(await escalateAll(w.ctx, w.actor.issuerId, [outlook(cap.amountMinor)])).toEqual([]);
    const [raised] = await escalateAll(w.ctx, w.actor.issuerId, [outlook(cap.amountMinor + 1n)]);
    expect(raised).toBeDefined();
    // A second run with the same cap raises nothing new.
    expect(await escalateAll(w.ctx, w.actor.issuerId, [outlook(cap.amountMinor + 5n)])).toEqual([]);

    const list = (await get('/api/v1/escalations')).json<{ items: Json[] }>().items;
    expect(list).toHaveLength(1);
    const id = String(list[0]?.['id']);
    expect(list[0]).toMatchObject({ status: 'raised', capId: cap.id, steps: [{ seq: 1, step: 'raised' }] });
    const alerts = (await get('/api/v1/alerts?kind=CAP_INSUFFICIENT')).json<{ items: Json[] }>().items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', recipients: ['senior-management', 'directors'] });
    // The Chinese sentence writes the amounts as Chinese documents do, never "RMB" (presentation.md).
    const zhMessage = String((alerts[0]?.['message'] as Json | undefined)?.['zh-Hant']);
    expect(zhMessage).toContain('人民幣');
    expect(zhMessage).not.toContain('RMB');

    // The board cannot decide before senior management has reviewed.
    const early = await post(`/api/v1/escalations/${id}/decision`, { decision: 'no-action', reason: 'x' });
    expect(early.statusCode).toBe(409);
    expect((await post(`/api/v1/escalations/${id}/review`, {})).statusCode).toBe(422);
    const reviewed = await post(`/api/v1/escalations/${id}/review`, {
      notes: 'Run-rate confirmed with the business; report to the board on 15 October.',
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'reviewed' });
    expect((await post(`/api/v1/escalations/${id}/review`, { notes: 'again' })).statusCode).toBe(409);

    // revise-cap names the revision recorded for it; an unknown one is refused.
    const unknown = await post(`/api/v1/escalations/${id}/decision`, {
      decision: 'revise-cap',
      revisionId: 'rev_nope',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('revisionId');
    const revision = await post(`/api/v1/caps/${cap.id}/revisions`, {
      amount: '90000000.00',
      effectiveFrom: '2026-10-02',
      approvedOn: '2026-10-02',
      reason: 'demand above forecast',
      approvalReference: 'Board resolution 2026/10',
    });
    expect(revision.statusCode).toBe(201);
    const revisionId = revision.json<{ revisionId: string }>().revisionId;
    const decided = await post(`/api/v1/escalations/${id}/decision`, {
      decision: 'revise-cap',
      revisionId,
      notes: 'Advised by the IFA; announcement to follow.',
    });
    expect(decided.statusCode).toBe(200);
    const view = decided.json<Json>();
    const operator = await app.userId();
    expect(view).toMatchObject({
      status: 'decided',
      steps: [
        { seq: 1, step: 'raised', by: 'system: daily forecast' },
        { seq: 2, step: 'reviewed', by: operator },
        { seq: 3, step: 'decided', decision: 'revise-cap', revisionId, by: operator },
      ],
      revision: { id: revisionId, amount: '90000000.00' },
    });
    expect((view['revision'] as Json)['reclassification']).toBeDefined();
  });

  it('a no-action decision needs its reason', async () => {
    const { w, post, agreement } = await serve(await open(), '2026-10-02');
    const cap = agreement.caps[0];
    if (!cap) throw new Error('no cap');
    const [e] = await escalateAll(w.ctx, w.actor.issuerId, [
      {
        agreement,
        cap,
        capMinor: cap.amountMinor,
        projectedMinor: cap.amountMinor * 2n,
        asOf: calendarDate('2026-10-02'),
        forecast: {},
      },
    ]);
    const id = e?.id ?? '';
    await post(`/api/v1/escalations/${id}/review`, { notes: 'reviewed' });
    const missing = await post(`/api/v1/escalations/${id}/decision`, { decision: 'no-action' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ errors: { path: string }[] }>().errors.map((x) => x.path)).toEqual(['reason']);
    const ok = await post(`/api/v1/escalations/${id}/decision`, {
      decision: 'no-action',
      reason: 'Orders for December are being deferred to January; the cap suffices.',
    });
    expect(ok.json()).toMatchObject({ status: 'decided', steps: [{}, {}, { decision: 'no-action' }] });
  });

  it('the daily run warns of terms ending within 90 days and of annual reviews coming due, once each', async () => {
    const { w, get } = await serve(await open(), '2026-05-01');
    const none = () => Promise.resolve([]);
    // The hardware term ends on 28 July 2026: 88 days after 1 May.
    const first = await runDailyMonitoring(w.ctx, w.actor.issuerId, calendarDate('2026-05-01'), none);
    expect(first.termExpiries).toHaveLength(1);
    const again = await runDailyMonitoring(w.ctx, w.actor.issuerId, calendarDate('2026-05-02'), none);
    expect(again.termExpiries).toEqual([]);
    const terms = (await get('/api/v1/alerts?kind=TERM_EXPIRY')).json<{ items: Json[] }>().items;
    expect(terms).toHaveLength(1);
    expect(terms[0]).toMatchObject({ occurredOn: '2026-07-28', details: { termEnd: '2026-07-28' } });
    expect((terms[0]?.['message'] as { en: string }).en).toMatch(/ends on 28 July 2026/);

    // FY2025 ended 31 December 2025; its review is due 31 March 2026, warned from 1 March.
    const feb = await runDailyMonitoring(w.ctx, w.actor.issuerId, calendarDate('2026-02-27'), none);
    expect(feb.reviewDeadlines).toEqual([]);
    const mar = await runDailyMonitoring(w.ctx, w.actor.issuerId, calendarDate('2026-03-02'), none);
    expect(mar.reviewDeadlines).toHaveLength(1);
    const reviews = (await get('/api/v1/alerts?kind=REVIEW_DEADLINE')).json<{ items: Json[] }>().items;
    expect(reviews[0]).toMatchObject({
      occurredOn: '2026-03-31',
      recipients: ['company-secretary', 'ineds'],
    });
  });
});
