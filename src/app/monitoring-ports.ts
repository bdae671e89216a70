/**
 * The ports of issue 5 (monitoring and escalation): what the store keeps for alerts, the inbox, the
 * notification outbox, escalations and schedule runs. `StoreReader` / `StoreTx` / `Store` in
 * ports.ts extend these interfaces. Each section belongs to one part of the feature.
 */
import type { CalendarDate, CurrencyCode } from '../domain/index.js';

// ---- alerts (raised in the transaction that causes them) ----

export type AlertKind =
  /** Actual amounts reached a threshold (default 80%) of the cap in force. */
  | 'THRESHOLD'
  /** Actual + committed reached an early-warning threshold (optional, none by default). */
  | 'EARLY_WARNING'
  /** An actual exceeded a cap, lay outside the term, or had no covering cap (issue 2's breach). */
  | 'BREACH'
  /** The forecast for a cap period exceeds the cap (with the policy's margin): escalated. */
  | 'CAP_INSUFFICIENT'
  /** A category's term ends within the notice period (default 90 days). */
  | 'TERM_EXPIRY'
  /** An annual review (INED / auditor confirmation) is due within the notice period. */
  | 'REVIEW_DEADLINE';

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Who is told: roles until accounts exist (issue 6). */
export type RecipientRole =
  | 'finance'
  | 'senior-management'
  | 'compliance'
  | 'company-secretary'
  | 'directors'
  | 'ineds';

export interface AlertRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** Unique per issuer: the alert is raised at most once for it (e.g. THRESHOLD:cap:80:capMinor). */
  readonly dedupeKey: string;
  readonly agreementId: string | null;
  readonly categoryId: string | null;
  readonly capId: string | null;
  readonly periodStart: CalendarDate | null;
  readonly periodEnd: CalendarDate | null;
  /** A percentage as a decimal string ("80"), for THRESHOLD and EARLY_WARNING. */
  readonly threshold: string | null;
  readonly currency: CurrencyCode | null;
  /** The cap in force when it was raised. */
  readonly capMinor: bigint | null;
  /** Actual amounts of the period at the crossing (actualAtCrossing). */
  readonly actualMinor: bigint | null;
  readonly committedMinor: bigint | null;
  /** The posting that raised it. */
  readonly actualId: string | null;
  readonly breachId: string | null;
  /** The business date it is about (the actual's date, the term end, the review deadline). */
  readonly occurredOn: CalendarDate;
  readonly raisedAt: string;
  /** The roles told. */
  readonly recipients: readonly RecipientRole[];
  /** One sentence with the figures, in English and Traditional Chinese. */
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
  /** Kind-specific details (the forecast of a CAP_INSUFFICIENT, the term end of a TERM_EXPIRY, …). */
  readonly details: { readonly [key: string]: unknown };
}

export interface AcknowledgementRecord {
  readonly id: string;
  readonly alertId: string;
  readonly acknowledgedBy: string;
  readonly acknowledgedAt: string;
  readonly comment: string | null;
}

/** What was done about a breach: the re-compliance announcement and notes. Append-only. */
export interface RemediationRecord {
  readonly id: string;
  readonly alertId: string;
  readonly reference: string | null;
  readonly notes: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface InboxItemRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly recipient: string;
  readonly alertId: string;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly readBy: string | null;
}

export type NotificationChannel = 'email' | 'webhook';

export interface SubscriptionRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly role: RecipientRole;
  readonly channel: NotificationChannel;
  /** An e-mail address or a URL. */
  readonly target: string;
  /** The webhook's HMAC-SHA256 secret; null for e-mail. */
  readonly secret: string | null;
  readonly active: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** One delivery to make: written with the alert, sent later by the dispatcher. */
export interface OutboxRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly alertId: string | null;
  readonly subscriptionId: string | null;
  readonly channel: NotificationChannel;
  readonly target: string;
  readonly subject: string;
  /** The e-mail text, or the webhook's JSON body, exactly as it will be sent. */
  readonly payload: string;
  readonly createdAt: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly deliveredAt: string | null;
  readonly lastError: string | null;
}

export interface AlertFilter {
  readonly kind?: AlertKind;
  readonly capId?: string;
  readonly agreementId?: string;
  /** Only alerts with no acknowledgement. */
  readonly unacknowledged?: boolean;
}

export interface AlertsReader {
  /** Newest first. */
  listAlerts(issuerId: string, filter?: AlertFilter): Promise<AlertRecord[]>;
  getAlert(issuerId: string, id: string): Promise<AlertRecord | null>;
  /** For the given alerts, in recording order. */
  listAcknowledgements(alertIds: readonly string[]): Promise<AcknowledgementRecord[]>;
  listRemediations(alertIds: readonly string[]): Promise<RemediationRecord[]>;
  /** Newest first; all recipients when `recipient` is not given. */
  listInbox(issuerId: string, recipient?: string): Promise<InboxItemRecord[]>;
  /** The issuer's active subscriptions (all, with `includeInactive`). */
  listSubscriptions(issuerId: string, includeInactive?: boolean): Promise<SubscriptionRecord[]>;
  /** The monitoring policy as recorded (JSON), or null for the defaults. */
  getMonitoringPolicy(issuerId: string): Promise<{ readonly [key: string]: unknown } | null>;
}

export interface AlertsTx {
  /**
   * Raises an alert with its inbox items and outbox rows, all or nothing. False (and nothing
   * written) when the issuer already has an alert with that dedupe key — also when a concurrent
   * transaction raised it first.
   */
  insertAlert(
    alert: AlertRecord,
    inbox: readonly InboxItemRecord[],
    outbox: readonly OutboxRecord[],
  ): Promise<boolean>;
  insertAcknowledgement(ack: AcknowledgementRecord): Promise<void>;
  insertRemediation(remediation: RemediationRecord): Promise<void>;
  markInboxRead(issuerId: string, itemId: string, readAt: string, readBy: string): Promise<boolean>;
  insertSubscription(subscription: SubscriptionRecord): Promise<void>;
  setSubscriptionActive(issuerId: string, id: string, active: boolean): Promise<boolean>;
  putMonitoringPolicy(
    issuerId: string,
    body: { readonly [key: string]: unknown },
    at: string,
    by: string,
  ): Promise<void>;
}

// ---- forecasts (reading the ledger for the projection) ----

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the forecast part
export interface ForecastReader {}

// ---- escalations (cap insufficiency: raised → reviewed → decided) ----

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the escalation part
export interface EscalationsReader {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the escalation part
export interface EscalationsTx {}

// ---- the notification outbox (the dispatcher, outside any request's transaction) ----

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the notification part
export interface OutboxStore {}

// ---- schedules (monthly, semi-annual, daily forecast) and the scheduler lease ----

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the scheduler part
export interface SchedulerStore {}
