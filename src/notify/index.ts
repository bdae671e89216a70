/**
 * Notifications (issue 5): the Notifier adapters and the dispatcher loop the server runs.
 *
 * Configuration (environment):
 * - `SMTP_URL`: smtp://user:pass@host:port (or smtps://…). Without it, e-mail deliveries are not
 *   sent: each attempt is logged as "e-mail is not configured" and retried with backoff, so setting
 *   it soon enough still delivers them.
 * - `ARMSLENGTH_MAIL_FROM`: the sender, default "Arm's Length <no-reply@localhost>".
 * - `ARMSLENGTH_DISPATCH_INTERVAL_MS`: the pause between dispatcher passes when nothing is due
 *   (default 5000).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import type { Delivery, Notifier, SendResult } from '../app/notifier.js';
import {
  startDispatcher,
  type DispatchReport,
  type Dispatcher,
  type DispatcherOptions,
} from '../app/outbox-dispatch.js';
import { DEFAULT_MAIL_FROM, smtpNotifier } from './smtp.js';
import { webhookNotifier, type WebhookOptions } from './webhook.js';

export { DEFAULT_MAIL_FROM, emailBody, smtpNotifier, type SmtpNotifier, type SmtpOptions } from './smtp.js';
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signArmslengthPayload,
  verifyArmslengthSignature,
  webhookNotifier,
  type WebhookOptions,
} from './webhook.js';

/** Sends each delivery through the notifier for its channel. */
export function channelNotifier(channels: {
  readonly email?: Notifier | null;
  readonly webhook?: Notifier | null;
}): Notifier {
  return {
    send(delivery: Delivery): Promise<SendResult> {
      const notifier = channels[delivery.channel];
      if (!notifier) {
        const detail =
          delivery.channel === 'email'
            ? 'not sent: e-mail is not configured (set SMTP_URL)'
            : 'not sent: webhooks are not configured';
        return Promise.resolve({ ok: false, detail, retryable: true });
      }
      return notifier.send(delivery);
    },
  };
}

export const DEFAULT_DISPATCH_INTERVAL_MS = 5_000;

export interface NotificationsConfig {
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly intervalMs: number;
}

/** Reads the configuration; a malformed value is refused at start-up, naming the variable. */
export function notificationsConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): NotificationsConfig {
  const smtpUrl = env['SMTP_URL']?.trim() || null;
  if (smtpUrl !== null) {
    let protocol: string | undefined;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') {
      // The value itself is not repeated: it may hold a password.
      throw AppError.invalid([
        { path: 'SMTP_URL', message: 'must be a URL such as smtp://user:password@host:587 or smtps://…' },
      ]);
    }
  }
  const mailFrom = env['ARMSLENGTH_MAIL_FROM']?.trim() || DEFAULT_MAIL_FROM;
  const rawInterval = env['ARMSLENGTH_DISPATCH_INTERVAL_MS']?.trim() || undefined;
  const intervalMs = rawInterval === undefined ? DEFAULT_DISPATCH_INTERVAL_MS : Number(rawInterval);
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 100) {
    throw AppError.invalid([
      {
        path: 'ARMSLENGTH_DISPATCH_INTERVAL_MS',
        message: 'must be a whole number of milliseconds, at least 100',
      },
    ]);
  }
  return { smtpUrl, mailFrom, intervalMs };
}

/** Unique per dispatcher, readable in the outbox's lease_owner column. */
export function dispatcherOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface Notifications {
  readonly notifier: Notifier;
  readonly dispatcher: Dispatcher;
  /** Stops the dispatcher (after its pass under way) and closes the SMTP connection. */
  stop(): Promise<void>;
}

export interface StartNotificationsOptions {
  readonly config?: NotificationsConfig;
  readonly webhook?: WebhookOptions;
  readonly onError?: (error: unknown) => void;
  readonly onPass?: (report: DispatchReport) => void;
  readonly dispatch?: Partial<Omit<DispatcherOptions, 'onError' | 'onPass'>>;
}

/**
 * The server's notification loop: builds the notifiers from the environment and starts the
 * dispatcher. Call `stop()` on shutdown, before closing the store.
 */
export function startNotifications(
  ctx: AppContext,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: StartNotificationsOptions = {},
): Notifications {
  const config = options.config ?? notificationsConfig(env);
  const email = config.smtpUrl === null ? null : smtpNotifier({ url: config.smtpUrl, from: config.mailFrom });
  const notifier = channelNotifier({ email, webhook: webhookNotifier(options.webhook) });
  const dispatcher = startDispatcher(ctx, notifier, {
    owner: dispatcherOwner(),
    intervalMs: config.intervalMs,
    ...options.dispatch,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onPass ? { onPass: options.onPass } : {}),
  });
  return {
    notifier,
    dispatcher,
    async stop() {
      await dispatcher.stop();
      email?.close();
    },
  };
}
