/**
 * The webhook adapter against a real HTTP receiver: what each answer means for the delivery.
 */
import { afterEach, expect, it } from 'vitest';
import type { Delivery } from '../src/app/notifier.js';
import { retryDelayMs, DEFAULT_BACKOFF } from '../src/app/outbox-dispatch.js';
import { verifyArmslengthSignature, webhookNotifier } from '../src/notify/index.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const open: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
async function receiver(...args: Parameters<typeof startWebhookReceiver>): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(...args);
  open.push(r);
  return r;
}

const delivery = (target: string, secret: string | null = 'whsec_0123456789abcdef'): Delivery => ({
  id: 'out_1',
  issuerId: 'iss_1',
  alertId: 'alr_1',
  subscriptionId: 'sub_1',
  channel: 'webhook',
  target,
  subject: 'BREACH',
  payload: '{"event":"alert.raised","alert":{"kind":"BREACH","message":{"zh-Hant":"違規"}}}',
  createdAt: '2026-03-15T04:00:00.000Z',
  status: 'pending',
  attempts: 0,
  nextAttemptAt: '2026-03-15T04:00:00.000Z',
  deliveredAt: null,
  lastError: null,
  secret,
});

it.each([
  [200, true, false],
  [204, true, false],
  [301, false, false],
  [400, false, false],
  [404, false, false],
  [408, false, true],
  [410, false, false],
  [429, false, true],
  [500, false, true],
  [503, false, true],
])('an answer %i: delivered %s, retryable %s', async (status, ok, retryable) => {
  const hook = await receiver([status]);
  const result = await webhookNotifier().send(delivery(hook.url));
  expect(result.ok).toBe(ok);
  if (!result.ok) expect(result.retryable).toBe(retryable);
  expect(result.detail).toMatch(new RegExp(`^HTTP ${status}`));
  expect(hook.requests).toHaveLength(1);
});

it('signs the exact bytes sent, non-ASCII included, with the signing clock', async () => {
  const hook = await receiver();
  const result = await webhookNotifier({ nowSeconds: () => 1_767_225_600 }).send(delivery(hook.url));
  expect(result.ok).toBe(true);
  const [request] = hook.requests;
  const header = request?.headers['armslength-signature'] as string;
  expect(header).toMatch(/^t=1767225600,v1=/);
  expect(request?.body).toBe(delivery(hook.url).payload);
  expect(
    verifyArmslengthSignature('whsec_0123456789abcdef', header, request?.body ?? '', 1_767_225_600),
  ).toBe(true);
  // Receivers far from the signing clock refuse it.
  expect(
    verifyArmslengthSignature(
      'whsec_0123456789abcdef',
      header,
      request?.body ?? '',
      request?.receivedAtSeconds ?? 0,
    ),
  ).toBe(false);
});

it('a receiver that does not answer in time, or cannot be reached, is retried', async () => {
  const slow = await receiver([], 200, 1_000);
  const late = await webhookNotifier({ timeoutMs: 200 }).send(delivery(slow.url));
  expect(late).toEqual({ ok: false, detail: 'no answer within 200 ms', retryable: true });

  const closed = await startWebhookReceiver();
  await closed.close();
  const refused = await webhookNotifier().send(delivery(closed.url));
  expect(refused).toMatchObject({ ok: false, retryable: true });
  expect(refused.detail).toMatch(/ECONNREFUSED/);
});

it('sends nothing without a secret or to a target that is not http(s)', async () => {
  const hook = await receiver();
  expect(await webhookNotifier().send(delivery(hook.url, null))).toEqual({
    ok: false,
    detail: 'not sent: the webhook has no signing secret',
    retryable: false,
  });
  expect(await webhookNotifier().send(delivery('ftp://example.com/x'))).toMatchObject({
    ok: false,
    retryable: false,
  });
  expect(hook.requests).toHaveLength(0);
});

it('waits 30 s after the first failure, doubling, at most 1 h, for 8 attempts', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((a) => retryDelayMs(a) / 1000)).toEqual([
    30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
  ]);
  expect(DEFAULT_BACKOFF.maxAttempts).toBe(8);
});
