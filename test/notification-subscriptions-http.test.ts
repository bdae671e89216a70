/**
 * Issue 5: the notification API — subscriptions (secrets shown once, then only their last four
 * characters) and the delivery log.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import type { Store } from '../src/app/ports.js';
import { dispatchDue } from '../src/app/outbox-dispatch.js';
import { channelNotifier, webhookNotifier } from '../src/notify/index.js';
import { describeEachEngine } from './support/engines.js';
import { world } from './support/context.js';
import { testServer } from './support/http.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

type Json = Record<string, unknown>;

async function serve(store: Store) {
  const w = await world(store);
  const app = await testServer(w.ctx, w.actor.issuerId);
  return {
    w,
    app,
    post: (url: string, body?: unknown) =>
      app.inject({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as Json }) }),
    get: (url: string) => app.inject({ method: 'GET', url }),
  };
}

const errorsOf = (res: LightMyRequestResponse) =>
  res.json<{ errors: { path: string; message: string }[] }>().errors;

describeEachEngine('notification API', (open) => {
  it('subscribes an e-mail address and a webhook; a generated secret is answered once, then only its last four characters', async () => {
    const api = await serve(await open());
    const email = await api.post('/api/v1/notification-subscriptions', {
      role: 'company-secretary',
      channel: 'email',
      target: 'cosec@issuer.test',
    });
    expect(email.statusCode).toBe(201);
    expect(email.json()).toMatchObject({
      role: 'company-secretary',
      channel: 'email',
      target: 'cosec@issuer.test',
      active: true,
      secret: null,
      secretHint: null,
      createdBy: await api.app.userId(),
    });

    const hook = await api.post('/api/v1/notification-subscriptions', {
      role: 'compliance',
      channel: 'webhook',
      target: 'https://hooks.example.com/armslength',
    });
    expect(hook.statusCode).toBe(201);
    const created = hook.json<{ id: string; secret: string; secretHint: string }>();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.secretHint).toBe(`…${created.secret.slice(-4)}`);

    const given = await api.post('/api/v1/notification-subscriptions', {
      role: 'finance',
      channel: 'webhook',
      target: 'http://127.0.0.1:9/x',
      secret: 'sixteen-chars-ok',
    });
    expect(given.statusCode).toBe(201);
    expect(given.json()).toMatchObject({ secret: 'sixteen-chars-ok', secretHint: '…s-ok' });

    const list = await api.get('/api/v1/notification-subscriptions');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.secret);
    expect(list.body).not.toContain('sixteen-chars-ok');
    const items = list.json<{ items: Json[] }>().items;
    // One instant on the test clock: the order among them is the ids'.
    const rows = items.map((i) => [i['channel'], i['role'], i['secretHint']]);
    expect(rows.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ['email', 'company-secretary', null],
      ['webhook', 'compliance', created.secretHint],
      ['webhook', 'finance', '…s-ok'],
    ]);
    for (const item of items) expect(item).not.toHaveProperty('secret');
  });

  it.each([
    [{ role: 'auditor', channel: 'email', target: 'a@b.test' }, 'role'],
    [{ role: 'finance', channel: 'sms', target: '+85212345678' }, 'channel'],
    [{ role: 'finance', channel: 'email', target: 'not-an-address' }, 'target'],
    [{ role: 'finance', channel: 'email', target: 'a@localhost' }, 'target'],
    [{ role: 'finance', channel: 'email' }, 'target'],
    [{ role: 'finance', channel: 'email', target: 'a@b.test', secret: 'x'.repeat(20) }, 'secret'],
    [{ role: 'finance', channel: 'webhook', target: 'ftp://example.com/hook' }, 'target'],
    [{ role: 'finance', channel: 'webhook', target: 'hooks.example.com' }, 'target'],
    [
      { role: 'finance', channel: 'webhook', target: 'https://h.test/x', secret: 'fifteen-chars!!' },
      'secret',
    ],
    [{ role: 'finance', channel: 'webhook', target: 'https://h.test/x', secret: 1234567890123456 }, 'secret'],
  ])('refuses %j with 422 naming %s, and records nothing', async (body, path) => {
    const api = await serve(await open());
    const res = await api.post('/api/v1/notification-subscriptions', body);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res).map((e) => e.path)).toEqual([path]);
    expect((await api.get('/api/v1/notification-subscriptions')).json()).toEqual({ items: [] });
  });

  it('deactivates a subscription (twice is harmless); an unknown one is 404', async () => {
    const api = await serve(await open());
    const created = (
      await api.post('/api/v1/notification-subscriptions', {
        role: 'directors',
        channel: 'email',
        target: 'board@issuer.test',
      })
    ).json<{ id: string }>();
    for (let i = 0; i < 2; i++) {
      const res = await api.post(`/api/v1/notification-subscriptions/${created.id}/deactivate`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: created.id, active: false });
    }
    expect((await api.post('/api/v1/notification-subscriptions/sub_nope/deactivate')).statusCode).toBe(404);
    expect(await api.w.ctx.store.listSubscriptions(api.w.actor.issuerId)).toEqual([]);
  });

  it('lists deliveries with their delivery log, by alert and status', async () => {
    const api = await serve(await open());
    const hook = await startWebhookReceiver([500]);
    onTestFinished(() => hook.close());
    const sub = (
      await api.post('/api/v1/notification-subscriptions', {
        role: 'compliance',
        channel: 'webhook',
        target: hook.url,
      })
    ).json<{ id: string }>();
    const T0 = '2026-03-15T04:00:00.000Z';
    await api.w.ctx.store.enqueueOutbox([
      {
        id: 'out_a',
        issuerId: api.w.actor.issuerId,
        alertId: null,
        subscriptionId: sub.id,
        channel: 'webhook',
        target: hook.url,
        subject: 'THRESHOLD',
        payload: '{"event":"alert.raised"}',
        createdAt: T0,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0,
        deliveredAt: null,
        lastError: null,
      },
    ]);
    const notifier = channelNotifier({ webhook: webhookNotifier() });
    await dispatchDue(api.w.ctx, notifier, { owner: 'd', now: T0 });
    await dispatchDue(api.w.ctx, notifier, { owner: 'd', now: '2026-03-15T04:00:30.000Z' });

    const res = await api.get('/api/v1/deliveries');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          id: 'out_a',
          alertId: null,
          subscriptionId: sub.id,
          channel: 'webhook',
          target: hook.url,
          subject: 'THRESHOLD',
          status: 'delivered',
          attempts: 2,
          nextAttemptAt: null,
          createdAt: T0,
          deliveredAt: '2026-03-15T04:00:30.000Z',
          lastError: 'HTTP 500 Internal Server Error: receiver says 500',
          log: [
            {
              attempt: 1,
              at: T0,
              outcome: 'error',
              detail: 'HTTP 500 Internal Server Error: receiver says 500',
            },
            {
              attempt: 2,
              at: '2026-03-15T04:00:30.000Z',
              outcome: 'delivered',
              detail: 'HTTP 204 No Content',
            },
          ],
        },
      ],
    });
    expect((await api.get('/api/v1/deliveries?status=pending')).json()).toEqual({ items: [] });
    expect((await api.get('/api/v1/deliveries?alertId=alr_other')).json()).toEqual({ items: [] });
    const bad = await api.get('/api/v1/deliveries?status=sent');
    expect(bad.statusCode).toBe(422);
    expect(errorsOf(bad).map((e) => e.path)).toEqual(['status']);
    expect(errorsOf(await api.get('/api/v1/deliveries?limit=0')).map((e) => e.path)).toEqual(['limit']);
  });
});
