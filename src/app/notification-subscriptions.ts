/**
 * Notification subscriptions and the delivery log (issue 5): who is told of an issuer's alerts by
 * e-mail or webhook, and what became of each delivery. A webhook's signing secret is shown once,
 * when the subscription is created; afterwards only its last four characters.
 */
import { randomBytes } from 'node:crypto';
import { ErrorSink, parseText } from '../domain/index.js';
import { RECIPIENT_ROLES } from '../domain/monitoring/policy.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  DeliveryLogRecord,
  NotificationChannel,
  OutboxRecord,
  OutboxStatus,
  RecipientRole,
  SubscriptionRecord,
} from './monitoring-ports.js';
import type { Actor } from './ports.js';

const CHANNELS: readonly NotificationChannel[] = ['email', 'webhook'];
const STATUSES: readonly OutboxStatus[] = ['pending', 'delivered', 'failed'];

export const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 256;

/** Letters, digits and the usual punctuation of an address; one @; a dot in the domain. */
const EMAIL = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\.]+(\.[^\s@<>()[\],;:"\\.]+)+$/;

export interface SubscriptionView {
  readonly id: string;
  readonly role: RecipientRole;
  readonly channel: NotificationChannel;
  readonly target: string;
  readonly active: boolean;
  /** The webhook secret's last four characters ("…3f9a"); null for e-mail. */
  readonly secretHint: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export function subscriptionView(s: SubscriptionRecord): SubscriptionView {
  return {
    id: s.id,
    role: s.role,
    channel: s.channel,
    target: s.target,
    active: s.active,
    secretHint: s.secret === null ? null : `…${s.secret.slice(-4)}`,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
  };
}

/** A fresh secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function parseTarget(channel: NotificationChannel, value: unknown, sink: ErrorSink): string | undefined {
  const text = sink.take(parseText(value, 'target', { required: true, max: 2000 }))?.trim();
  if (text === undefined) return undefined;
  if (channel === 'email') {
    if (text.length > 254 || !EMAIL.test(text)) {
      sink.add('target', 'must be an e-mail address (name@example.com)');
      return undefined;
    }
    return text;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    sink.add('target', 'must be an http:// or https:// URL');
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    sink.add('target', 'must be an http:// or https:// URL');
    return undefined;
  }
  return url.href;
}

/**
 * Subscribes an e-mail address or a webhook to the alerts sent to `role`. A webhook's `secret` may
 * be given (at least 16 characters) or left out, in which case one is generated; either way the
 * answer carries it this once.
 */
export async function createSubscription(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<SubscriptionView & { readonly secret: string | null }> {
  requireAction(actor, 'subscription.manage');
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const sink = new ErrorSink();
  const role = body['role'];
  if (typeof role !== 'string' || !(RECIPIENT_ROLES as readonly string[]).includes(role)) {
    sink.add('role', `must be one of ${RECIPIENT_ROLES.join(', ')}`);
  }
  const channel = body['channel'];
  const channelOk = typeof channel === 'string' && (CHANNELS as readonly string[]).includes(channel);
  if (!channelOk) sink.add('channel', `must be one of ${CHANNELS.join(', ')}`);
  const target = channelOk ? parseTarget(channel as NotificationChannel, body['target'], sink) : undefined;
  const rawSecret = body['secret'];
  let secret: string | null = null;
  if (channelOk && channel === 'email') {
    if (rawSecret !== undefined && rawSecret !== null) sink.add('secret', 'applies to webhooks only');
  } else if (channelOk) {
    if (rawSecret === undefined || rawSecret === null) {
      secret = generateWebhookSecret();
    } else if (typeof rawSecret !== 'string') {
      sink.add('secret', 'must be a string');
    } else if (rawSecret.length < MIN_SECRET_LENGTH || rawSecret.length > MAX_SECRET_LENGTH) {
      sink.add(
        'secret',
        `must be ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters (leave it out to have one generated)`,
      );
    } else if (rawSecret.trim() !== rawSecret) {
      sink.add('secret', 'must not begin or end with white space');
    } else {
      secret = rawSecret;
    }
  }
  if (sink.errors.length > 0 || target === undefined) throw AppError.invalid(sink.errors);
  const record: SubscriptionRecord = {
    id: ctx.ids.next('sub'),
    issuerId: actor.issuerId,
    role: role as RecipientRole,
    channel: channel as NotificationChannel,
    target,
    secret,
    active: true,
    createdAt: ctx.clock.now(),
    createdBy: actor.userId,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertSubscription(record);
    return { commit: true, value: undefined };
  });
  return { ...subscriptionView(record), secret };
}

export async function listSubscriptionViews(
  ctx: AppContext,
  actor: Actor,
): Promise<{ items: SubscriptionView[] }> {
  requireAction(actor, 'subscription.manage');
  const all = await ctx.store.listSubscriptions(actor.issuerId, true);
  return { items: all.map(subscriptionView) };
}

/** Stops the subscription: no new deliveries, and those still pending are not sent. */
export async function deactivateSubscription(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<SubscriptionView> {
  requireAction(actor, 'subscription.manage');
  const found = await ctx.store.transaction(async (tx) => ({
    commit: true,
    value: await tx.setSubscriptionActive(actor.issuerId, id, false),
  }));
  if (!found) throw AppError.notFound(`notification subscription ${id}`);
  const all = await ctx.store.listSubscriptions(actor.issuerId, true);
  const record = all.find((s) => s.id === id);
  if (!record) throw AppError.notFound(`notification subscription ${id}`);
  return subscriptionView(record);
}

export interface DeliveryView {
  readonly id: string;
  readonly alertId: string | null;
  readonly subscriptionId: string | null;
  readonly channel: NotificationChannel;
  readonly target: string;
  readonly subject: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  /** When the next attempt is due (pending rows); null once delivered or given up. */
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly lastError: string | null;
  readonly log: readonly Omit<DeliveryLogRecord, 'id' | 'outboxId'>[];
}

function deliveryView(o: OutboxRecord, log: readonly DeliveryLogRecord[]): DeliveryView {
  return {
    id: o.id,
    alertId: o.alertId,
    subscriptionId: o.subscriptionId,
    channel: o.channel,
    target: o.target,
    subject: o.subject,
    status: o.status,
    attempts: o.attempts,
    nextAttemptAt: o.status === 'pending' ? o.nextAttemptAt : null,
    createdAt: o.createdAt,
    deliveredAt: o.deliveredAt,
    lastError: o.lastError,
    log: log.map((l) => ({ attempt: l.attempt, at: l.at, outcome: l.outcome, detail: l.detail })),
  };
}

export const DEFAULT_DELIVERY_LIMIT = 200;
const MAX_DELIVERY_LIMIT = 1000;

/** The issuer's deliveries, newest first, each with its attempts. */
export async function listDeliveries(
  ctx: AppContext,
  actor: Actor,
  query: {
    readonly alertId?: string | undefined;
    readonly status?: string | undefined;
    readonly limit?: string | undefined;
  },
): Promise<{ items: DeliveryView[] }> {
  requireAction(actor, 'delivery.read');
  const sink = new ErrorSink();
  if (query.status !== undefined && !(STATUSES as readonly string[]).includes(query.status))
    sink.add('status', `must be one of ${STATUSES.join(', ')}`);
  let limit = DEFAULT_DELIVERY_LIMIT;
  if (query.limit !== undefined) {
    limit = /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : 0;
    if (limit < 1 || limit > MAX_DELIVERY_LIMIT)
      sink.add('limit', `must be a whole number from 1 to ${MAX_DELIVERY_LIMIT}`);
  }
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  const rows = await ctx.store.listOutbox(actor.issuerId, {
    ...(query.alertId === undefined ? {} : { alertId: query.alertId }),
    ...(query.status === undefined ? {} : { status: query.status as OutboxStatus }),
    limit,
  });
  const log = await ctx.store.listDeliveryLog(rows.map((r) => r.id));
  const byRow = new Map<string, DeliveryLogRecord[]>();
  for (const entry of log) {
    const list = byRow.get(entry.outboxId);
    if (list) list.push(entry);
    else byRow.set(entry.outboxId, [entry]);
  }
  return { items: rows.map((r) => deliveryView(r, byRow.get(r.id) ?? [])) };
}
