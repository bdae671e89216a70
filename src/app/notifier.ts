/**
 * The Notifier port (issue 5): sends one outbox row over its channel. Adapters live in src/notify/
 * (SMTP e-mail, signed webhooks); the dispatcher (outbox-dispatch.ts) decides what an outcome means
 * for the row (delivered, try again later, give up).
 */
import type { OutboxRecord } from './monitoring-ports.js';

/**
 * What a notifier is given: the row exactly as stored, and the webhook's signing secret, read from
 * the row's subscription when it was leased (never stored on the row, never logged).
 */
export type Delivery = OutboxRecord & { readonly secret: string | null };

/**
 * `ok`: the receiver took it (2xx, SMTP 250). Otherwise `retryable` says whether another attempt
 * could succeed (a timeout, a 5xx, a 4xx SMTP reply) or not (a 410, a rejected address). `detail` is
 * kept in the delivery log, so it never contains a secret.
 */
export type SendResult =
  | { readonly ok: true; readonly detail: string }
  | { readonly ok: false; readonly detail: string; readonly retryable: boolean };

export interface Notifier {
  send(delivery: Delivery): Promise<SendResult>;
}
