/**
 * Signed webhooks (issue 5). Each delivery is POSTed as the stored JSON body with the header
 *
 *   Armslength-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * so a receiver can check that the body came from us (the HMAC) and is fresh (the signed timestamp):
 * a replayed request carries an old `t`, and changing `t` breaks the HMAC. `Armslength-Delivery`
 * names the outbox row, so a receiver can recognise a delivery sent twice (at-least-once).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Delivery, Notifier, SendResult } from '../app/notifier.js';

export const SIGNATURE_HEADER = 'Armslength-Signature';
export const DELIVERY_HEADER = 'Armslength-Delivery';

/** How far a receiver should let a signature's timestamp stray from its own clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmacHex = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The header value for `body` signed at `timestampSeconds`. */
export function signArmslengthPayload(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

/**
 * For receivers: true only when `header` carries a `v1` HMAC of exactly these body bytes under
 * `secret` and a timestamp within `toleranceSeconds` of `nowSeconds`. Pass the raw body as received,
 * before any JSON parsing. Compared in constant time.
 */
export function verifyArmslengthSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (typeof header !== 'string' || secret === '') return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,15}$/.test(value)) return false;
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) {
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Every candidate is compared (a receiver may see several v1 values while a secret is rotated).
  let matched = false;
  for (const s of signatures) {
    if (timingSafeEqual(Buffer.from(s, 'hex'), expected)) matched = true;
  }
  return matched;
}

export interface WebhookOptions {
  /** Per request, for the answer and its body together. */
  readonly timeoutMs?: number;
  /** The signing clock, in unix seconds (tests may pin it). */
  readonly nowSeconds?: () => number;
  readonly userAgent?: string;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** What the receiver said, briefly: kept in the delivery log. */
async function answerOf(response: Response): Promise<string> {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim();
  return text === '' ? status : `${status}: ${text.slice(0, 200)}`;
}

function errorDetail(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const why = cause instanceof Error ? ((cause as { code?: unknown }).code ?? cause.message) : undefined;
    return typeof why === 'string' && why !== '' ? `${e.message} (${why})` : e.message;
  }
  return String(e);
}

/**
 * 2xx: delivered. 408 and 429: try again. Any other 4xx, or a redirect (not followed: the
 * subscription should name the final URL): give up. 5xx and network failures: try again.
 */
export function webhookNotifier(options: WebhookOptions = {}): Notifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const userAgent = options.userAgent ?? 'ArmsLength-Webhook/1';
  return {
    async send(delivery: Delivery): Promise<SendResult> {
      if (delivery.channel !== 'webhook')
        return { ok: false, detail: `not a webhook delivery (${delivery.channel})`, retryable: false };
      if (delivery.secret === null || delivery.secret === '')
        return { ok: false, detail: 'not sent: the webhook has no signing secret', retryable: false };
      let url: URL;
      try {
        url = new URL(delivery.target);
      } catch {
        return { ok: false, detail: 'not sent: the target is not a URL', retryable: false };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return { ok: false, detail: `not sent: ${url.protocol} is not http(s)`, retryable: false };
      const body = delivery.payload;
      try {
        const response = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': userAgent,
            [SIGNATURE_HEADER]: signArmslengthPayload(delivery.secret, body, nowSeconds()),
            [DELIVERY_HEADER]: delivery.id,
          },
          body,
        });
        const detail = await answerOf(response);
        const status = response.status;
        if (status >= 200 && status < 300) return { ok: true, detail };
        if (status >= 300 && status < 400)
          return { ok: false, detail: `${detail} (redirects are not followed)`, retryable: false };
        if (status >= 400 && status < 500 && status !== 408 && status !== 429)
          return { ok: false, detail, retryable: false };
        return { ok: false, detail, retryable: true };
      } catch (e) {
        return { ok: false, detail: errorDetail(e, timeoutMs), retryable: true };
      }
    },
  };
}
