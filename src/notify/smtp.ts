/**
 * E-mail over SMTP (issue 5), with nodemailer. `SMTP_URL` names the server and its credentials
 * (smtp://user:pass@host:587, or smtps://… for implicit TLS); the sender is `ARMSLENGTH_MAIL_FROM`.
 * The subject and text are the outbox row's, as written with the alert; a short footer says where
 * the message came from. The URL (it may hold a password) is never logged or kept in a detail.
 */
import { createTransport } from 'nodemailer';
import type { Delivery, Notifier, SendResult } from '../app/notifier.js';

export const DEFAULT_MAIL_FROM = "Arm's Length <no-reply@localhost>";
export const DEFAULT_SMTP_TIMEOUT_MS = 15_000;

export interface SmtpOptions {
  /** smtp://user:pass@host:port or smtps://… */
  readonly url: string;
  readonly from?: string;
  /** For connecting, the greeting and each socket read. */
  readonly timeoutMs?: number;
}

export interface SmtpNotifier extends Notifier {
  close(): void;
}

/** The text as sent: the row's text, then where it came from. */
export function emailBody(delivery: Delivery): string {
  const footer = [
    '--',
    "Sent by Arm's Length, which keeps the issuer's continuing connected transactions within",
    'Chapter 14A of the Listing Rules.',
    ...(delivery.alertId === null ? [] : [`Alert: ${delivery.alertId}`]),
    `Delivery: ${delivery.id}`,
    'You receive this because this address is subscribed to these alerts; ask an administrator to',
    'deactivate the subscription to stop them.',
  ];
  const text = delivery.payload.replace(/\s+$/, '');
  return `${text}\n\n${footer.join('\n')}\n`;
}

interface SmtpError {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
}

/**
 * A permanent SMTP reply (5xx: unknown mailbox, message refused) will not change on a retry. Anything
 * else — a 4xx reply, no connection, a timeout, or credentials the operator has yet to fix — may.
 */
function failure(e: unknown): SendResult {
  const err = (typeof e === 'object' && e !== null ? e : {}) as SmtpError;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const responseCode = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const response = typeof err.response === 'string' ? err.response.trim() : undefined;
  const message = typeof err.message === 'string' ? err.message : String(e);
  const detail = [code, response ?? message].filter((x) => x !== undefined && x !== '').join(': ');
  const permanent =
    responseCode !== undefined && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH';
  return {
    ok: false,
    detail: detail === '' ? 'the SMTP server refused the message' : detail,
    retryable: !permanent,
  };
}

export function smtpNotifier(options: SmtpOptions): SmtpNotifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  const transport = createTransport({
    url: options.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const from = options.from ?? DEFAULT_MAIL_FROM;
  return {
    async send(delivery: Delivery): Promise<SendResult> {
      if (delivery.channel !== 'email')
        return { ok: false, detail: `not an e-mail delivery (${delivery.channel})`, retryable: false };
      try {
        const info = await transport.sendMail({
          from,
          to: delivery.target,
          subject: delivery.subject,
          text: emailBody(delivery),
          headers: {
            'X-Armslength-Delivery': delivery.id,
            ...(delivery.alertId === null ? {} : { 'X-Armslength-Alert': delivery.alertId }),
          },
        });
        return { ok: true, detail: `${info.response} (${info.messageId})` };
      } catch (e) {
        return failure(e);
      }
    },
    close() {
      transport.close();
    },
  };
}
