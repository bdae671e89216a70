/**
 * Issue 5: alerts, their acknowledgements and remediations, the inbox, notification subscriptions
 * and the monitoring policy. The Repository delegates here. An alert is raised at most once per
 * (issuer, dedupe key): the unique index decides, also between concurrent transactions, and the
 * inbox and outbox rows are written only by the transaction whose insert won.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { calendarDate, type CurrencyCode } from '../domain/index.js';
import type {
  AcknowledgementRecord,
  AlertFilter,
  AlertKind,
  AlertRecord,
  AlertSeverity,
  EscalationDecision,
  EscalationRecord,
  EscalationStatus,
  EscalationStepRecord,
  InboxItemRecord,
  NotificationChannel,
  OutboxRecord,
  RecipientRole,
  RemediationRecord,
  SubscriptionRecord,
} from '../app/monitoring-ports.js';
import { enqueueOutbox } from './outbox-store.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
type Json = { readonly [key: string]: unknown };

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number | string));
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : big(v));
const dateOrNull = (v: string | null) => (v === null ? null : calendarDate(v));

interface AlertBody {
  readonly recipients: readonly RecipientRole[];
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
  readonly details: Json;
}

function alertRecord(r: Selectable<Database['alerts']>): AlertRecord {
  const body = JSON.parse(r.body) as AlertBody;
  return {
    id: r.id,
    issuerId: r.issuer_id,
    kind: r.kind as AlertKind,
    severity: r.severity as AlertSeverity,
    dedupeKey: r.dedupe_key,
    agreementId: r.agreement_id,
    categoryId: r.category_id,
    capId: r.cap_id,
    periodStart: dateOrNull(r.period_start),
    periodEnd: dateOrNull(r.period_end),
    threshold: r.threshold,
    currency: r.currency as CurrencyCode | null,
    capMinor: bigOrNull(r.cap_minor),
    actualMinor: bigOrNull(r.actual_minor),
    committedMinor: bigOrNull(r.committed_minor),
    actualId: r.actual_id,
    breachId: r.breach_id,
    occurredOn: calendarDate(r.occurred_on),
    raisedAt: r.raised_at,
    recipients: body.recipients,
    message: body.message,
    details: body.details,
  };
}

export async function listAlerts(db: Db, issuerId: string, filter: AlertFilter = {}): Promise<AlertRecord[]> {
  let q = db.selectFrom('alerts').selectAll().where('issuer_id', '=', issuerId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.capId !== undefined) q = q.where('cap_id', '=', filter.capId);
  if (filter.agreementId !== undefined) q = q.where('agreement_id', '=', filter.agreementId);
  if (filter.unacknowledged) {
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('alert_acknowledgements')
            .select('alert_acknowledgements.id')
            .whereRef('alert_acknowledgements.alert_id', '=', 'alerts.id'),
        ),
      ),
    );
  }
  const rows = await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(alertRecord);
}

export async function getAlert(db: Db, issuerId: string, id: string): Promise<AlertRecord | null> {
  const r = await db
    .selectFrom('alerts')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? alertRecord(r) : null;
}

export async function listAcknowledgements(
  db: Db,
  alertIds: readonly string[],
): Promise<AcknowledgementRecord[]> {
  if (alertIds.length === 0) return [];
  const rows = await db
    .selectFrom('alert_acknowledgements')
    .selectAll()
    .where('alert_id', 'in', [...alertIds])
    .orderBy('acknowledged_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alert_id,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    comment: r.comment,
  }));
}

export async function listRemediations(db: Db, alertIds: readonly string[]): Promise<RemediationRecord[]> {
  if (alertIds.length === 0) return [];
  const rows = await db
    .selectFrom('alert_remediations')
    .selectAll()
    .where('alert_id', 'in', [...alertIds])
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alert_id,
    reference: r.reference,
    notes: r.notes,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  }));
}

export async function listInbox(db: Db, issuerId: string, recipient?: string): Promise<InboxItemRecord[]> {
  let q = db.selectFrom('inbox_items').selectAll().where('issuer_id', '=', issuerId);
  if (recipient !== undefined) q = q.where('recipient', '=', recipient);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    issuerId: r.issuer_id,
    recipient: r.recipient,
    alertId: r.alert_id,
    createdAt: r.created_at,
    readAt: r.read_at,
    readBy: r.read_by,
  }));
}

export async function listSubscriptions(
  db: Db,
  issuerId: string,
  includeInactive = false,
): Promise<SubscriptionRecord[]> {
  let q = db.selectFrom('notification_subscriptions').selectAll().where('issuer_id', '=', issuerId);
  if (!includeInactive) q = q.where('active', '=', 1);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    issuerId: r.issuer_id,
    role: r.role as RecipientRole,
    channel: r.channel as NotificationChannel,
    target: r.target,
    secret: r.secret,
    active: Number(r.active) !== 0,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

export async function getMonitoringPolicy(db: Db, issuerId: string): Promise<Json | null> {
  const r = await db
    .selectFrom('monitoring_settings')
    .select('body')
    .where('issuer_id', '=', issuerId)
    .executeTakeFirst();
  return r ? (JSON.parse(r.body) as Json) : null;
}

export async function insertAlert(
  db: Db,
  alert: AlertRecord,
  inbox: readonly InboxItemRecord[],
  outbox: readonly OutboxRecord[],
): Promise<boolean> {
  const body: AlertBody = { recipients: alert.recipients, message: alert.message, details: alert.details };
  const inserted = await db
    .insertInto('alerts')
    .values({
      id: alert.id,
      issuer_id: alert.issuerId,
      kind: alert.kind,
      severity: alert.severity,
      dedupe_key: alert.dedupeKey,
      agreement_id: alert.agreementId,
      category_id: alert.categoryId,
      cap_id: alert.capId,
      period_start: alert.periodStart,
      period_end: alert.periodEnd,
      threshold: alert.threshold,
      currency: alert.currency,
      cap_minor: alert.capMinor,
      actual_minor: alert.actualMinor,
      committed_minor: alert.committedMinor,
      actual_id: alert.actualId,
      breach_id: alert.breachId,
      occurred_on: alert.occurredOn,
      raised_at: alert.raisedAt,
      body: JSON.stringify(body),
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  if (inbox.length > 0) {
    await db
      .insertInto('inbox_items')
      .values(
        inbox.map((i) => ({
          id: i.id,
          issuer_id: i.issuerId,
          recipient: i.recipient,
          alert_id: i.alertId,
          created_at: i.createdAt,
          read_at: i.readAt,
          read_by: i.readBy,
        })),
      )
      .execute();
  }
  await enqueueOutbox(db, outbox);
  return true;
}

export async function insertAcknowledgement(db: Db, a: AcknowledgementRecord): Promise<void> {
  await db
    .insertInto('alert_acknowledgements')
    .values({
      id: a.id,
      alert_id: a.alertId,
      acknowledged_by: a.acknowledgedBy,
      acknowledged_at: a.acknowledgedAt,
      comment: a.comment,
    })
    .execute();
}

export async function insertRemediation(db: Db, r: RemediationRecord): Promise<void> {
  await db
    .insertInto('alert_remediations')
    .values({
      id: r.id,
      alert_id: r.alertId,
      reference: r.reference,
      notes: r.notes,
      recorded_at: r.recordedAt,
      recorded_by: r.recordedBy,
    })
    .execute();
}

export async function markInboxRead(
  db: Db,
  issuerId: string,
  itemId: string,
  readAt: string,
  readBy: string,
): Promise<boolean> {
  const r = await db
    .updateTable('inbox_items')
    .set({ read_at: readAt, read_by: readBy })
    .where('issuer_id', '=', issuerId)
    .where('id', '=', itemId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return big(r.numUpdatedRows) > 0n;
}

export async function insertSubscription(db: Db, s: SubscriptionRecord): Promise<void> {
  await db
    .insertInto('notification_subscriptions')
    .values({
      id: s.id,
      issuer_id: s.issuerId,
      role: s.role,
      channel: s.channel,
      target: s.target,
      secret: s.secret,
      active: s.active ? 1 : 0,
      created_at: s.createdAt,
      created_by: s.createdBy,
    })
    .execute();
}

export async function setSubscriptionActive(
  db: Db,
  issuerId: string,
  id: string,
  active: boolean,
): Promise<boolean> {
  const r = await db
    .updateTable('notification_subscriptions')
    .set({ active: active ? 1 : 0 })
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return big(r.numUpdatedRows) > 0n;
}

export async function putMonitoringPolicy(
  db: Db,
  issuerId: string,
  body: Json,
  at: string,
  by: string,
): Promise<void> {
  await db
    .insertInto('monitoring_settings')
    .values({ issuer_id: issuerId, body: JSON.stringify(body), updated_at: at, updated_by: by })
    .onConflict((oc) =>
      oc.column('issuer_id').doUpdateSet({
        body: sql`excluded.body`,
        updated_at: sql`excluded.updated_at`,
        updated_by: sql`excluded.updated_by`,
      }),
    )
    .execute();
}

// ---- escalations ----

function escalationRecord(r: Selectable<Database['escalations']>): EscalationRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    dedupeKey: r.dedupe_key,
    agreementId: r.agreement_id,
    capId: r.cap_id,
    periodStart: calendarDate(r.period_start),
    periodEnd: calendarDate(r.period_end),
    status: r.status as EscalationStatus,
    alertId: r.alert_id,
    forecast: JSON.parse(r.forecast) as Json,
    raisedAt: r.raised_at,
  };
}

export async function listEscalations(
  db: Db,
  issuerId: string,
  status?: EscalationStatus,
): Promise<EscalationRecord[]> {
  let q = db.selectFrom('escalations').selectAll().where('issuer_id', '=', issuerId);
  if (status !== undefined) q = q.where('status', '=', status);
  const rows = await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(escalationRecord);
}

export async function getEscalation(db: Db, issuerId: string, id: string): Promise<EscalationRecord | null> {
  const r = await db
    .selectFrom('escalations')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? escalationRecord(r) : null;
}

export async function listEscalationSteps(db: Db, ids: readonly string[]): Promise<EscalationStepRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('escalation_steps')
    .selectAll()
    .where('escalation_id', 'in', [...ids])
    .orderBy('escalation_id')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    escalationId: r.escalation_id,
    seq: Number(r.seq),
    step: r.step as EscalationStatus,
    decision: r.decision as EscalationDecision | null,
    revisionId: r.revision_id,
    reason: r.reason,
    notes: r.notes,
    at: r.at,
    by: r.by,
  }));
}

const stepRow = (s: EscalationStepRecord) => ({
  id: s.id,
  escalation_id: s.escalationId,
  seq: s.seq,
  step: s.step,
  decision: s.decision,
  revision_id: s.revisionId,
  reason: s.reason,
  notes: s.notes,
  at: s.at,
  by: s.by,
});

export async function insertEscalation(
  db: Db,
  e: EscalationRecord,
  raised: EscalationStepRecord,
): Promise<boolean> {
  const inserted = await db
    .insertInto('escalations')
    .values({
      id: e.id,
      issuer_id: e.issuerId,
      dedupe_key: e.dedupeKey,
      agreement_id: e.agreementId,
      cap_id: e.capId,
      period_start: e.periodStart,
      period_end: e.periodEnd,
      status: e.status,
      alert_id: e.alertId,
      forecast: JSON.stringify(e.forecast),
      raised_at: e.raisedAt,
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db.insertInto('escalation_steps').values(stepRow(raised)).execute();
  return true;
}

export async function advanceEscalation(
  db: Db,
  from: EscalationStatus,
  step: EscalationStepRecord,
): Promise<boolean> {
  const moved = await db
    .updateTable('escalations')
    .set({ status: step.step })
    .where('id', '=', step.escalationId)
    .where('status', '=', from)
    .executeTakeFirst();
  if (big(moved.numUpdatedRows) === 0n) return false;
  await db.insertInto('escalation_steps').values(stepRow(step)).execute();
  return true;
}
