/**
 * The ports of issue 5 (monitoring and escalation): what the store keeps for alerts, the inbox, the
 * notification outbox, escalations and schedule runs. `StoreReader` / `StoreTx` / `Store` in
 * ports.ts extend these interfaces. Each section belongs to one part of the feature.
 */
import type { CalendarDate, CurrencyCode } from '../domain/index.js';
import type { MonitoringAlertKind, MonitoringRole } from '../domain/monitoring/policy.js';
import type { ScheduleName } from '../domain/monitoring/schedules.js';

// ---- alerts (raised in the transaction that causes them) ----

/**
 * THRESHOLD: actual amounts reached a threshold (default 80%) of the cap in force. EARLY_WARNING:
 * actual + committed reached an early-warning threshold (none by default). BREACH: an actual exceeded
 * a cap, lay outside the term, or had no covering cap (issue 2's breach). CAP_INSUFFICIENT: the
 * forecast exceeds the cap (escalated). TERM_EXPIRY: a category's term ends within the notice
 * period. REVIEW_DEADLINE: an annual review is due within the notice period.
 */
export type AlertKind = MonitoringAlertKind;

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Who is told: roles until accounts exist (issue 6). */
export type RecipientRole = MonitoringRole;

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

/** An amount on a day, in the cap's currency. */
export interface DayAmount {
  readonly date: CalendarDate;
  readonly minor: bigint;
}

/** One day's net movements of a cap's actual and committed amounts (ledger entries by effective date). */
export interface LedgerDay {
  readonly date: CalendarDate;
  readonly actualDelta: bigint;
  readonly committedDelta: bigint;
}

export interface ForecastReader {
  /**
   * The actual amounts of the cap's categories in the issuer's other caps of the same currency,
   * dated before the cap's period starts, net by day (one query): the history a forecast extrapolates.
   */
  categoryActualsBefore(capId: string, knownAt?: string): Promise<DayAmount[]>;
  /**
   * What accepted orders hold on the cap as of `asOf` (their ledger entries dated on or before it),
   * by scheduled date: each order's open amount sits on its latest schedule lines for the cap
   * (`allocateOpenAmount`). One query; in date order.
   */
  openCommitmentsByDate(capId: string, asOf: CalendarDate, knownAt?: string): Promise<DayAmount[]>;
  /** The cap's ledger movements of every kind, net by effective date, in date order (one query). */
  /** With `knownAt`: only the entries recorded by that instant (a report's knowledge date). */
  ledgerByDate(capId: string, knownAt?: string): Promise<LedgerDay[]>;
}

// ---- escalations (cap insufficiency: raised → reviewed → decided) ----

export type EscalationStatus = 'raised' | 'reviewed' | 'decided';
export type EscalationDecision = 'revise-cap' | 'no-action';

export interface EscalationRecord {
  readonly id: string;
  readonly issuerId: string;
  /** One escalation per cap amount: CAP_INSUFFICIENT:capId:capMinor. */
  readonly dedupeKey: string;
  readonly agreementId: string;
  readonly capId: string;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly status: EscalationStatus;
  readonly alertId: string | null;
  /** The forecast that raised it, as shown by GET /api/v1/forecasts. */
  readonly forecast: { readonly [key: string]: unknown };
  readonly raisedAt: string;
}

export interface EscalationStepRecord {
  readonly id: string;
  readonly escalationId: string;
  /** From 1, in recording order. */
  readonly seq: number;
  readonly step: EscalationStatus;
  readonly decision: EscalationDecision | null;
  /** For a revise-cap decision: the cap revision it led to (issue 3's re-classification is on it). */
  readonly revisionId: string | null;
  readonly reason: string | null;
  readonly notes: string | null;
  readonly at: string;
  readonly by: string;
}

export interface EscalationsReader {
  /** Newest first. */
  listEscalations(issuerId: string, status?: EscalationStatus): Promise<EscalationRecord[]>;
  getEscalation(issuerId: string, id: string): Promise<EscalationRecord | null>;
  /** In order, for the given escalations. */
  listEscalationSteps(escalationIds: readonly string[]): Promise<EscalationStepRecord[]>;
}

export interface EscalationsTx {
  /** With its first step ('raised'); false (nothing written) when the dedupe key exists. */
  insertEscalation(escalation: EscalationRecord, raised: EscalationStepRecord): Promise<boolean>;
  /**
   * Moves the escalation from `from` to the step's status and appends the step, only if it is still
   * at `from` (false, nothing written, otherwise: someone else moved it first).
   */
  advanceEscalation(from: EscalationStatus, step: EscalationStepRecord): Promise<boolean>;
}

// ---- the notification outbox (the dispatcher, outside any request's transaction) ----

/** An outbox row leased to one dispatcher, with what it needs to send it. */
export interface ClaimedDelivery extends OutboxRecord {
  /** The subscription's webhook secret (null for e-mail, or a row with no subscription). */
  readonly secret: string | null;
  /** False when the row's subscription has been deactivated since the row was written. */
  readonly subscriptionActive: boolean;
}

/** One attempt at a delivery, as the dispatcher decided it. */
export interface DeliveryAttempt {
  readonly outboxId: string;
  /** The lease holder: the outbox row is updated only while this owner holds its lease. */
  readonly owner: string;
  readonly logId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'error';
  /** What the receiver answered (status line, SMTP response), or why it failed. Never a secret. */
  readonly detail: string;
  /** After an error: when to try again, or null to give up (status 'failed'). */
  readonly nextAttemptAt: string | null;
}

export interface DeliveryLogRecord {
  readonly id: string;
  readonly outboxId: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'error';
  readonly detail: string;
}

export interface OutboxFilter {
  readonly alertId?: string;
  readonly status?: OutboxStatus;
  /** At most this many rows (newest first); all when not given. */
  readonly limit?: number;
}

export interface OutboxStore {
  /**
   * Leases up to `limit` due rows (status pending, next attempt at or before `now`, no lease or an
   * expired one) to `owner` until `leaseUntil`, atomically: on PostgreSQL one UPDATE over a
   * `FOR UPDATE SKIP LOCKED` selection, so concurrent dispatchers never lease the same row at once.
   * Oldest due first.
   */
  claimDueOutbox(owner: string, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]>;
  /**
   * In one transaction: appends the attempt to the delivery log and, if `owner` still holds the
   * row's lease, records the outcome on the row (delivered; pending again at `nextAttemptAt`; or
   * failed) and releases the lease. False when the lease had been lost (the log entry is kept: the
   * attempt happened).
   */
  recordDeliveryAttempt(attempt: DeliveryAttempt): Promise<boolean>;
  /** The issuer's outbox rows, newest first. */
  listOutbox(issuerId: string, filter?: OutboxFilter): Promise<OutboxRecord[]>;
  /** The attempts of the given rows, in order per row. */
  listDeliveryLog(outboxIds: readonly string[]): Promise<DeliveryLogRecord[]>;
  /** Writes outbox rows outside an alert (re-sending, tests); the lease is empty. */
  enqueueOutbox(rows: readonly OutboxRecord[]): Promise<void>;
}

// ---- schedules (monthly, semi-annual, daily forecast) and the scheduler lease ----

/** One run of a schedule for one period ('running' while its job runs, 'done' once recorded). */
export interface ScheduleRunRecord {
  readonly issuerId: string;
  readonly schedule: ScheduleName;
  /** '2026-10', 'FY2026-H1' or '2026-11-24' (src/domain/monitoring/schedules.ts). */
  readonly period: string;
  readonly status: 'running' | 'done';
  /** The scheduler (lease owner) that claimed it last. */
  readonly runBy: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** What the job recorded (its figures until issue 7's reports exist); null while running. */
  readonly result: { readonly [key: string]: unknown } | null;
}

/** Names one claimed run: only the claim that matches `runBy` and `startedAt` may finish it. */
export interface ScheduleRunClaim {
  readonly issuerId: string;
  readonly schedule: ScheduleName;
  readonly period: string;
  readonly runBy: string;
  readonly startedAt: string;
}

/**
 * The scheduler's store. Each call is its own transaction (one statement), outside any use case's
 * transaction, and safe with several processes on one database. Instants are ISO-8601 UTC strings
 * (`Clock.now()`), compared as text.
 */
export interface SchedulerStore {
  /**
   * Takes the lease `name` for `owner` until `untilIso`: when nobody holds it, when its holder's
   * lease expired before `nowIso`, or when `owner` holds it already (then it is extended). One
   * statement (INSERT … ON CONFLICT DO UPDATE … WHERE), so two processes cannot both take it.
   */
  acquireLease(name: string, owner: string, nowIso: string, untilIso: string): Promise<boolean>;
  /** Gives the lease up, if `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Claims a run: records it as 'running' by `claim.runBy` — only while `runBy` holds the lease
   * `lease` (unexpired at `startedAt`), and only when the run does not exist yet or is 'running' but
   * started at or before `staleBefore` (its runner crashed or lost the lease; it is taken over). False, with
   * nothing written, when the run is done, is running elsewhere, or the lease is not held. One statement.
   */
  claimScheduleRun(claim: ScheduleRunClaim, lease: string, staleBefore: string): Promise<boolean>;
  /** Marks the claimed run done with its result; false when the claim was taken over meanwhile. */
  finishScheduleRun(
    claim: ScheduleRunClaim,
    finishedAt: string,
    result: { readonly [key: string]: unknown },
  ): Promise<boolean>;
  /** Forgets a claimed run whose job failed, so that the next pass runs it again. */
  abandonScheduleRun(claim: ScheduleRunClaim): Promise<void>;
  /** The issuer's runs (of one schedule), by schedule, then period. */
  listScheduleRuns(issuerId: string, schedule?: ScheduleName): Promise<ScheduleRunRecord[]>;
}
