/**
 * Issue 5, notifications: deliveries leave through the outbox, to a real SMTP server (a child
 * process) and a real HTTP receiver, both started here. The dispatcher is driven pass by pass with
 * an explicit `now`, so the backoff between attempts is visible in the delivery log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../src/app/context.js';
import type { OutboxRecord } from '../src/app/monitoring-ports.js';
import { createSubscription } from '../src/app/notification-subscriptions.js';
import type { Notifier } from '../src/app/notifier.js';
import { dispatchDue, startDispatcher, type BackoffPolicy } from '../src/app/outbox-dispatch.js';
import type { Actor, Store } from '../src/app/ports.js';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  channelNotifier,
  notificationsConfig,
  smtpNotifier,
  startNotifications,
  verifyArmslengthSignature,
  webhookNotifier,
  type SmtpNotifier,
} from '../src/notify/index.js';
import { describeEachEngine } from './support/engines.js';
import { world } from './support/context.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const T0 = '2026-03-15T04:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const SECRET = 'whsec_test-secret-0123456789abcdef';

let sink: SmtpSink;
let mailer: SmtpNotifier;
let notifier: Notifier;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = smtpNotifier({
    url: sink.url,
    from: 'Arm’s Length Alerts <alerts@issuer.test>',
    timeoutMs: 5_000,
  });
  notifier = channelNotifier({ email: mailer, webhook: webhookNotifier({ timeoutMs: 5_000 }) });
});
afterAll(async () => {
  mailer.close();
  await Promise.all(receivers.map((r) => r.close()));
  await sink.stop();
});

async function receiver(...args: Parameters<typeof startWebhookReceiver>): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(...args);
  receivers.push(r);
  return r;
}

interface Setup {
  readonly ctx: AppContext;
  readonly actor: Actor;
  readonly store: Store;
  subscribe(channel: 'email' | 'webhook', target: string, secret?: string): Promise<string>;
  enqueue(
    subscriptionId: string,
    fields: Partial<OutboxRecord> & Pick<OutboxRecord, 'channel' | 'target'>,
  ): Promise<OutboxRecord>;
}

async function setup(store: Store): Promise<Setup> {
  const w = await world(store);
  let n = 0;
  return {
    ...w,
    store,
    async subscribe(channel, target, secret) {
      const created = await createSubscription(w.ctx, w.actor, {
        role: 'compliance',
        channel,
        target,
        ...(secret === undefined ? {} : { secret }),
      });
      return created.id;
    },
    async enqueue(subscriptionId, fields) {
      n += 1;
      const row: OutboxRecord = {
        id: `out_test_${n}_${Math.random().toString(16).slice(2, 10)}`,
        issuerId: w.actor.issuerId,
        alertId: null,
        subscriptionId,
        subject: 'THRESHOLD: 80% of the Purchases cap for FY2026 reached',
        payload:
          fields.channel === 'webhook'
            ? JSON.stringify({ event: 'alert.raised', role: 'compliance', alert: { kind: 'THRESHOLD', n } })
            : 'Actual purchases reached 80% of the FY2026 cap (RMB 41,000,000.00).\n\n實際採購已達 2026 財政年度上限的 80%。',
        createdAt: T0,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0,
        deliveredAt: null,
        lastError: null,
        ...fields,
      };
      await store.enqueueOutbox([row]);
      return row;
    },
  };
}

describeEachEngine('notifications', (open) => {
  it('an e-mail reaches the SMTP server, sent with the SMTP_URL credentials, with its subject and text', async () => {
    const s = await setup(await open());
    const sub = await s.subscribe('email', 'cosec@issuer.test');
    const row = await s.enqueue(sub, { channel: 'email', target: 'cosec@issuer.test' });

    const report = await dispatchDue(s.ctx, notifier, { owner: 'dispatcher-a', now: T0 });
    expect(report).toMatchObject({ claimed: 1, delivered: 1, retrying: 0, failed: 0 });

    await sink.waitForMessages(1);
    const mail = sink.messages.find((m) => m.delivery === row.id);
    expect(mail).toBeDefined();
    expect(mail?.user).toBe(sink.user);
    expect(mail?.envelopeTo).toEqual(['cosec@issuer.test']);
    expect(mail?.from).toContain('alerts@issuer.test');
    expect(mail?.subject).toBe(row.subject);
    expect(mail?.text).toContain('Actual purchases reached 80% of the FY2026 cap (RMB 41,000,000.00).');
    expect(mail?.text).toContain('實際採購已達 2026 財政年度上限的 80%。');
    expect(mail?.text).toContain(`Delivery: ${row.id}`);

    const [stored] = await s.store.listOutbox(s.actor.issuerId);
    expect(stored).toMatchObject({ id: row.id, status: 'delivered', attempts: 1, deliveredAt: T0 });
    const log = await s.store.listDeliveryLog([row.id]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ attempt: 1, at: T0, outcome: 'delivered' });
    expect(log[0]?.detail).toMatch(/^250 /);
  });

  it('a signed webhook is delivered after its receiver failed twice, with 30 s then 60 s between attempts; each signature verifies', async () => {
    const s = await setup(await open());
    const hook = await receiver([500, 500]);
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const row = await s.enqueue(sub, { channel: 'webhook', target: hook.url });

    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: T0 })).toMatchObject({ retrying: 1 });
    let [stored] = await s.store.listOutbox(s.actor.issuerId);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(30) });
    expect(stored?.lastError).toMatch(/^HTTP 500/);

    // Not due yet: nothing is sent.
    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(29) })).toMatchObject({ claimed: 0 });
    expect(hook.requests).toHaveLength(1);

    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(30) })).toMatchObject({ retrying: 1 });
    [stored] = await s.store.listOutbox(s.actor.issuerId);
    expect(stored).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: at(90) });

    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(89) })).toMatchObject({ claimed: 0 });
    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(90) })).toMatchObject({ delivered: 1 });
    [stored] = await s.store.listOutbox(s.actor.issuerId);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 3, deliveredAt: at(90) });

    const log = await s.store.listDeliveryLog([row.id]);
    expect(log.map((l) => [l.attempt, l.at, l.outcome])).toEqual([
      [1, T0, 'error'],
      [2, at(30), 'error'],
      [3, at(90), 'delivered'],
    ]);
    expect(log[0]?.detail).toBe('HTTP 500 Internal Server Error: receiver says 500');
    expect(log[2]?.detail).toMatch(/^HTTP 204/);

    expect(hook.requests.map((r) => r.answered)).toEqual([500, 500, 204]);
    for (const request of hook.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers[DELIVERY_HEADER.toLowerCase()]).toBe(row.id);
      expect(request.body).toBe(row.payload);
      const signature = request.headers[SIGNATURE_HEADER.toLowerCase()];
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(
        verifyArmslengthSignature(SECRET, signature as string, request.body, request.receivedAtSeconds),
      ).toBe(true);
      // A changed body, another secret, or the same request replayed later all fail.
      expect(
        verifyArmslengthSignature(SECRET, signature as string, `${request.body} `, request.receivedAtSeconds),
      ).toBe(false);
      expect(
        verifyArmslengthSignature(`${SECRET}x`, signature as string, request.body, request.receivedAtSeconds),
      ).toBe(false);
      expect(
        verifyArmslengthSignature(SECRET, signature as string, request.body, request.receivedAtSeconds + 301),
      ).toBe(false);
    }
    expect(JSON.parse(hook.requests[2]?.body ?? '')).toMatchObject({ event: 'alert.raised' });
  });

  it('a 410 from the receiver is not retried: failed after one attempt', async () => {
    const s = await setup(await open());
    const hook = await receiver([410]);
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const row = await s.enqueue(sub, { channel: 'webhook', target: hook.url });

    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: T0 })).toMatchObject({ failed: 1 });
    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(86_400) })).toMatchObject({ claimed: 0 });
    expect(hook.requests).toHaveLength(1);
    const [stored] = await s.store.listOutbox(s.actor.issuerId, { status: 'failed' });
    expect(stored).toMatchObject({ id: row.id, status: 'failed', attempts: 1, deliveredAt: null });
    expect(stored?.lastError).toMatch(/^HTTP 410/);
  });

  it('408 and 429 are retried; after the last attempt the row is failed', async () => {
    const s = await setup(await open());
    const hook = await receiver([408, 429], 503);
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const row = await s.enqueue(sub, { channel: 'webhook', target: hook.url });
    const backoff: BackoffPolicy = { baseMs: 1_000, maxMs: 3_000, maxAttempts: 4 };

    const statuses: string[] = [];
    for (const t of [0, 1, 3, 6]) {
      await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(t), backoff });
      const [stored] = await s.store.listOutbox(s.actor.issuerId);
      statuses.push(
        `${stored?.status}:${stored?.attempts}:${stored?.status === 'pending' ? stored.nextAttemptAt : '-'}`,
      );
    }
    // 1 s, 2 s, then capped at 3 s; the fourth failure gives up.
    expect(statuses).toEqual([
      `pending:1:${at(1)}`,
      `pending:2:${at(3)}`,
      `pending:3:${at(6)}`,
      'failed:4:-',
    ]);
    expect(hook.requests.map((r) => r.answered)).toEqual([408, 429, 503, 503]);
    expect((await s.store.listDeliveryLog([row.id])).map((l) => l.outcome)).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
  });

  it('a mailbox the SMTP server refuses permanently (550) is failed at once; one it cannot reach is retried', async () => {
    const s = await setup(await open());
    const sub = await s.subscribe('email', 'nobody@reject.test');
    const refused = await s.enqueue(sub, { channel: 'email', target: 'nobody@reject.test' });
    const unreachable = smtpNotifier({ url: 'smtp://u:p@127.0.0.1:1', timeoutMs: 2_000 });
    try {
      expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: T0 })).toMatchObject({ failed: 1 });
      const [failed] = await s.store.listOutbox(s.actor.issuerId, { status: 'failed' });
      expect(failed?.id).toBe(refused.id);
      expect(failed?.lastError).toMatch(/550/);

      const sub2 = await s.subscribe('email', 'cfo@issuer.test');
      const later = await s.enqueue(sub2, { channel: 'email', target: 'cfo@issuer.test' });
      const report = await dispatchDue(s.ctx, channelNotifier({ email: unreachable }), {
        owner: 'd',
        now: T0,
      });
      expect(report).toMatchObject({ retrying: 1 });
      const [pending] = await s.store.listOutbox(s.actor.issuerId, { status: 'pending' });
      expect(pending).toMatchObject({ id: later.id, attempts: 1, nextAttemptAt: at(30) });
      expect(pending?.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    } finally {
      unreachable.close();
    }
  });

  it('a delivery whose subscription was deactivated is not sent; without SMTP_URL e-mail waits and is retried', async () => {
    const s = await setup(await open());
    const hook = await receiver();
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const row = await s.enqueue(sub, { channel: 'webhook', target: hook.url });
    await s.store.transaction(async (tx) => ({
      commit: true,
      value: await tx.setSubscriptionActive(s.actor.issuerId, sub, false),
    }));
    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: T0 })).toMatchObject({ failed: 1 });
    expect(hook.requests).toHaveLength(0);
    expect(await s.store.listDeliveryLog([row.id])).toMatchObject([
      { outcome: 'error', detail: 'not sent: the subscription was deactivated' },
    ]);

    const mailSub = await s.subscribe('email', 'cosec@issuer.test');
    await s.enqueue(mailSub, { channel: 'email', target: 'cosec@issuer.test' });
    const noSmtp = channelNotifier({ webhook: webhookNotifier() });
    expect(await dispatchDue(s.ctx, noSmtp, { owner: 'd', now: T0 })).toMatchObject({ retrying: 1 });
    const [pending] = await s.store.listOutbox(s.actor.issuerId, { status: 'pending' });
    expect(pending?.lastError).toBe('not sent: e-mail is not configured (set SMTP_URL)');
  });

  it('a leased row is not sent by a second dispatcher; when its holder dies the lease expires and the row is sent (nothing lost)', async () => {
    const s = await setup(await open());
    const hook = await receiver();
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const row = await s.enqueue(sub, { channel: 'webhook', target: hook.url });

    // Dispatcher A leases the row for 5 minutes, then "crashes" before sending.
    const leased = await s.store.claimDueOutbox('dispatcher-a', T0, at(300), 10);
    expect(leased.map((d) => [d.id, d.secret, d.subscriptionActive])).toEqual([[row.id, SECRET, true]]);

    expect(
      await dispatchDue(s.ctx, notifier, { owner: 'dispatcher-b', now: at(299), leaseMs: 60_000 }),
    ).toMatchObject({ claimed: 0 });
    expect(hook.requests).toHaveLength(0);

    expect(
      await dispatchDue(s.ctx, notifier, { owner: 'dispatcher-b', now: at(300), leaseMs: 60_000 }),
    ).toMatchObject({ claimed: 1, delivered: 1 });
    expect(hook.requests).toHaveLength(1);

    // A's late report changes nothing on the row: its lease is gone. Its attempt is still logged.
    const late = await s.store.recordDeliveryAttempt({
      outboxId: row.id,
      owner: 'dispatcher-a',
      logId: 'dlv_late',
      attempt: 1,
      at: at(301),
      outcome: 'error',
      detail: 'late',
      nextAttemptAt: at(331),
    });
    expect(late).toBe(false);
    const [stored] = await s.store.listOutbox(s.actor.issuerId);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: at(300) });
  });

  it('two dispatchers running at once send each row exactly once', async () => {
    const s = await setup(await open());
    const hook = await receiver([], 200, 50);
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const rows: OutboxRecord[] = [];
    for (let i = 0; i < 12; i++) rows.push(await s.enqueue(sub, { channel: 'webhook', target: hook.url }));

    const reports = await Promise.all(
      ['a', 'b', 'c'].map((owner) => dispatchDue(s.ctx, notifier, { owner, now: T0, limit: 5 })),
    );
    const second = await Promise.all(
      ['a', 'b', 'c'].map((owner) => dispatchDue(s.ctx, notifier, { owner, now: T0, limit: 5 })),
    );
    const claimed = [...reports, ...second].reduce((sum, r) => sum + r.claimed, 0);
    expect(claimed).toBe(12);
    const sent = hook.requests.map((r) => r.headers[DELIVERY_HEADER.toLowerCase()] as string);
    expect(sent).toHaveLength(12);
    expect(new Set(sent)).toEqual(new Set(rows.map((r) => r.id)));
    const delivered = await s.store.listOutbox(s.actor.issuerId, { status: 'delivered' });
    expect(delivered).toHaveLength(12);
    expect(await s.store.listDeliveryLog(rows.map((r) => r.id))).toHaveLength(12);
  });

  it('concurrent claims never lease one row to two dispatchers', async () => {
    const s = await setup(await open());
    const sub = await s.subscribe('webhook', 'https://hooks.example.com/x', SECRET);
    for (let round = 0; round < 8; round++) {
      const now = at(round * 1_000);
      const rows: OutboxRecord[] = [];
      for (let i = 0; i < 40; i++)
        rows.push(
          await s.enqueue(sub, {
            channel: 'webhook',
            target: 'https://hooks.example.com/x',
            nextAttemptAt: now,
          }),
        );
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, k) => s.store.claimDueOutbox(`owner-${k}`, now, at(100_000), 10)),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size, `round ${round}`).toBe(ids.length);
      expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
    }
  });

  it('an outbox row written in a transaction that rolls back is never sent', async () => {
    const s = await setup(await open());
    const hook = await receiver();
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    const alertId = 'alr_rolled_back';
    await s.store.transaction(async (tx) => {
      await tx.insertAlert(
        {
          id: alertId,
          issuerId: s.actor.issuerId,
          kind: 'BREACH',
          severity: 'critical',
          dedupeKey: 'BREACH:test',
          agreementId: null,
          categoryId: null,
          capId: null,
          periodStart: null,
          periodEnd: null,
          threshold: null,
          currency: null,
          capMinor: null,
          actualMinor: null,
          committedMinor: null,
          actualId: null,
          breachId: null,
          occurredOn: s.ctx.clock.today(),
          raisedAt: T0,
          recipients: ['compliance'],
          message: { en: 'A breach', 'zh-Hant': '違規' },
          details: {},
        },
        [],
        [
          {
            id: 'out_rolled_back',
            issuerId: s.actor.issuerId,
            alertId,
            subscriptionId: sub,
            channel: 'webhook',
            target: hook.url,
            subject: 'BREACH',
            payload: '{}',
            createdAt: T0,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: T0,
            deliveredAt: null,
            lastError: null,
          },
        ],
      );
      return { commit: false, value: undefined };
    });
    expect(await s.store.listOutbox(s.actor.issuerId)).toEqual([]);
    expect(await dispatchDue(s.ctx, notifier, { owner: 'd', now: at(60) })).toMatchObject({ claimed: 0 });
    expect(hook.requests).toHaveLength(0);
  });

  it('startNotifications (what the server runs) sends e-mail and webhooks configured from the environment', async () => {
    const s = await setup(await open());
    const hook = await receiver();
    const mailSub = await s.subscribe('email', 'ops@issuer.test');
    const hookSub = await s.subscribe('webhook', hook.url, SECRET);
    const mail = await s.enqueue(mailSub, {
      channel: 'email',
      target: 'ops@issuer.test',
      subject: 'from the loop',
    });
    const post = await s.enqueue(hookSub, { channel: 'webhook', target: hook.url });
    const errors: unknown[] = [];
    const running = startNotifications(
      s.ctx,
      {
        SMTP_URL: sink.url,
        ARMSLENGTH_MAIL_FROM: 'Issuer Compliance <compliance@issuer.test>',
        ARMSLENGTH_DISPATCH_INTERVAL_MS: '100',
      },
      { onError: (e) => errors.push(e) },
    );
    try {
      const deadline = Date.now() + 10_000;
      while (
        (await s.store.listOutbox(s.actor.issuerId, { status: 'delivered' })).length < 2 &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await running.stop();
    }
    expect(errors).toEqual([]);
    expect(hook.requests.map((r) => r.headers[DELIVERY_HEADER.toLowerCase()])).toEqual([post.id]);
    const received = sink.messages.find((m) => m.delivery === mail.id);
    expect(received).toMatchObject({ subject: 'from the loop', envelopeFrom: 'compliance@issuer.test' });
  });

  it('the dispatcher loop sends what is due, never overlaps its passes, and stops cleanly', async () => {
    const s = await setup(await open());
    const hook = await receiver([], 200, 30);
    const sub = await s.subscribe('webhook', hook.url, SECRET);
    for (let i = 0; i < 5; i++) await s.enqueue(sub, { channel: 'webhook', target: hook.url });

    let running = 0;
    let overlapped = false;
    const counting: Notifier = {
      async send(delivery) {
        running += 1;
        if (running > 2) overlapped = true; // a pass sends at most `limit` (2) at a time
        try {
          return await notifier.send(delivery);
        } finally {
          running -= 1;
        }
      },
    };
    const errors: unknown[] = [];
    const dispatcher = startDispatcher(s.ctx, counting, {
      owner: 'loop',
      intervalMs: 20,
      limit: 2,
      onError: (e) => errors.push(e),
    });
    const deadline = Date.now() + 10_000;
    while (hook.requests.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await dispatcher.stop();
    expect(errors).toEqual([]);
    expect(overlapped).toBe(false);
    expect(hook.requests).toHaveLength(5);
    expect(await s.store.listOutbox(s.actor.issuerId, { status: 'delivered' })).toHaveLength(5);
    // Stopped: a row enqueued now stays pending.
    await s.enqueue(sub, { channel: 'webhook', target: hook.url });
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.requests).toHaveLength(5);
  });
});

it('the notification settings are read from the environment; a bad one is refused without echoing it', () => {
  expect(notificationsConfig({})).toEqual({
    smtpUrl: null,
    mailFrom: "Arm's Length <no-reply@localhost>",
    intervalMs: 5_000,
  });
  expect(
    notificationsConfig({
      SMTP_URL: 'smtps://u:p@mail.example.com:465',
      ARMSLENGTH_DISPATCH_INTERVAL_MS: '250',
    }),
  ).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example.com:465', intervalMs: 250 });
  let refused: unknown;
  try {
    notificationsConfig({ SMTP_URL: 'mail.example.com:25 hunter2' });
  } catch (e) {
    refused = e;
  }
  expect(refused).toMatchObject({ kind: 'invalid_input', details: { errors: [{ path: 'SMTP_URL' }] } });
  expect(String((refused as Error).message)).not.toContain('hunter2');
  expect(() => notificationsConfig({ ARMSLENGTH_DISPATCH_INTERVAL_MS: 'soon' })).toThrow(
    /ARMSLENGTH_DISPATCH_INTERVAL_MS/,
  );
});
