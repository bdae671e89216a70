/**
 * Issue 5 acceptance, end to end: actuals crossing 80% of a cap raise one THRESHOLD alert whose
 * e-mail reaches a real SMTP server (a child process) and whose signed webhook reaches a real HTTP
 * receiver, where the signature verifies — through the outbox written with the posting.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubscription } from '../src/app/notification-subscriptions.js';
import { dispatchDue } from '../src/app/outbox-dispatch.js';
import type { Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import {
  SIGNATURE_HEADER,
  channelNotifier,
  smtpNotifier,
  verifyArmslengthSignature,
  webhookNotifier,
  type SmtpNotifier,
} from '../src/notify/index.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let sink: SmtpSink;
let mailer: SmtpNotifier;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = smtpNotifier({ url: sink.url, from: 'Arm’s Length <alerts@issuer.test>', timeoutMs: 5_000 });
});
afterAll(async () => {
  mailer.close();
  await Promise.all(receivers.map((r) => r.close()));
  await sink.stop();
});

describeEachEngine(
  'the 80% alert reaches senior management by e-mail and webhook',
  (open: () => Promise<Store>) => {
    it('crossing 80% sends one e-mail and one signed webhook; a posting at 79.99% sends nothing', async () => {
      const receiver = await startWebhookReceiver();
      receivers.push(receiver);
      const w = await world(await open(), '2026-08-01');
      const { agreement } = await seedAgreement(w);
      const address = `cfo-${Math.random().toString(36).slice(2)}@issuer.test`;
      await createSubscription(w.ctx, w.actor, {
        role: 'senior-management',
        channel: 'email',
        target: address,
      });
      const hook = await createSubscription(w.ctx, w.actor, {
        role: 'senior-management',
        channel: 'webhook',
        target: `${receiver.url}/armslength`,
        secret: 'whsec_end-to-end-0123456789',
      });
      // A subscription of another role is not told of a THRESHOLD alert.
      await createSubscription(w.ctx, w.actor, {
        role: 'ineds',
        channel: 'email',
        target: 'ined@issuer.test',
      });

      const notifier = channelNotifier({ email: mailer, webhook: webhookNotifier({ timeoutMs: 5_000 }) });
      const post = (amount: string, date: string) =>
        postActual(w.ctx, w.actor, {
          agreementId: agreement.id,
          categoryKey: 'idc-services',
          date,
          amount,
          currency: 'CNY',
          reference: `INV-${date}`,
        });
      await post('65599999.99', '2026-06-25');
      const quiet = await dispatchDue(w.ctx, notifier, { owner: 'test' });
      expect(quiet.claimed).toBe(0);

      await post('0.01', '2026-07-25');
      const before = sink.messages.length;
      const report = await dispatchDue(w.ctx, notifier, { owner: 'test' });
      expect(report).toMatchObject({ claimed: 2, delivered: 2 });

      const mails = (await sink.waitForMessages(before + 1)).filter((m) => m.envelopeTo.includes(address));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe(
        '80% of the IDC services cap for 1 January 2026 to 31 December 2026 reached',
      );
      expect(mails[0]?.text).toContain('have reached 80% of the cap of RMB82,000,000.00');
      expect(mails[0]?.text).toContain('須即時向高級管理層匯報');
      expect(sink.messages.some((m) => m.envelopeTo.includes('ined@issuer.test'))).toBe(false);

      expect(receiver.requests).toHaveLength(1);
      const request = receiver.requests[0];
      if (!request) throw new Error('no webhook request');
      const header = String(request.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(
        verifyArmslengthSignature(hook.secret ?? '', header, request.body, request.receivedAtSeconds),
      ).toBe(true);
      expect(
        verifyArmslengthSignature(
          'whsec_someone-else-000000',
          header,
          request.body,
          request.receivedAtSeconds,
        ),
      ).toBe(false);
      const body = JSON.parse(request.body) as { event: string; alert: Record<string, unknown> };
      expect(body.event).toBe('alert.raised');
      expect(body.alert).toMatchObject({
        kind: 'THRESHOLD',
        threshold: '80',
        actualAtCrossing: '65600000.00',
      });

      // Nothing more to send.
      expect((await dispatchDue(w.ctx, notifier, { owner: 'test' })).claimed).toBe(0);
    });
  },
);
