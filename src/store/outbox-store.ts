/**
 * Issue 5: the notification outbox as the dispatcher sees it, outside any request's transaction.
 * Rows are written with their alert (alerts-store.ts `insertAlert`) or by `enqueueOutbox`; a
 * dispatcher leases due rows, sends them and records each attempt. A lease that expires (its holder
 * crashed mid-send) makes the row due again, so nothing committed is lost; a receiver may then see a
 * delivery twice and can tell by its id (at-least-once).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ClaimedDelivery,
  DeliveryAttempt,
  DeliveryLogRecord,
  NotificationChannel,
  OutboxFilter,
  OutboxRecord,
  OutboxStatus,
} from '../app/monitoring-ports.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
type Engine = 'sqlite' | 'postgres';

function outboxRecord(r: Selectable<Database['outbox']>): OutboxRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    alertId: r.alert_id,
    subscriptionId: r.subscription_id,
    channel: r.channel as NotificationChannel,
    target: r.target,
    subject: r.subject,
    payload: r.payload,
    createdAt: r.created_at,
    status: r.status as OutboxStatus,
    // better-sqlite3 reads every integer as bigint (safeIntegers).
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    lastError: r.last_error,
  };
}

/** One write transaction on its own: SQLite takes the write lock first (BEGIN IMMEDIATE). */
async function inTransaction<T>(db: Db, engine: Engine, fn: (db: Db) => Promise<T>): Promise<T> {
  if (engine === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const value = await fn(conn);
      await sql`commit`.execute(conn);
      return value;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}

export async function claimDueOutbox(
  db: Db,
  engine: Engine,
  owner: string,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  let due = db
    .selectFrom('outbox')
    .select('outbox.id')
    .where('outbox.status', '=', 'pending')
    .where('outbox.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('outbox.lease_until', 'is', null), eb('outbox.lease_until', '<=', now)]))
    .orderBy('outbox.next_attempt_at')
    .orderBy('outbox.id')
    .limit(limit);
  let claimed: Selectable<Database['outbox']>[];
  if (engine === 'postgres') {
    // One statement. SKIP LOCKED passes over rows another dispatcher is leasing right now; a row
    // whose lease committed meanwhile is re-checked against the WHERE after the lock and dropped.
    // MATERIALIZED: the locking selection runs exactly once.
    due = due.forUpdate().skipLocked();
    claimed = await db
      .with(
        (w) => w('due').materialized(),
        () => due,
      )
      .updateTable('outbox')
      .from('due')
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .whereRef('outbox.id', '=', 'due.id')
      .returningAll('outbox')
      .execute();
  } else {
    // SQLite has one writer: the statement runs under the write lock, so nobody leases in between.
    claimed = await db
      .updateTable('outbox')
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }
  if (claimed.length === 0) return [];
  const subscriptionIds = [
    ...new Set(claimed.flatMap((r) => (r.subscription_id === null ? [] : [r.subscription_id]))),
  ];
  const subscriptions =
    subscriptionIds.length === 0
      ? []
      : await db
          .selectFrom('notification_subscriptions')
          .select(['id', 'secret', 'active'])
          .where('id', 'in', subscriptionIds)
          .execute();
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  return claimed
    .map((r): ClaimedDelivery => {
      const subscription = r.subscription_id === null ? undefined : byId.get(r.subscription_id);
      return {
        ...outboxRecord(r),
        secret: subscription?.secret ?? null,
        subscriptionActive: r.subscription_id === null || Number(subscription?.active ?? 0) !== 0,
      };
    })
    .sort((a, b) =>
      a.nextAttemptAt === b.nextAttemptAt
        ? a.id < b.id
          ? -1
          : 1
        : a.nextAttemptAt < b.nextAttemptAt
          ? -1
          : 1,
    );
}

export function recordDeliveryAttempt(db: Db, engine: Engine, a: DeliveryAttempt): Promise<boolean> {
  return inTransaction(db, engine, async (trx) => {
    await trx
      .insertInto('delivery_log')
      .values({
        id: a.logId,
        outbox_id: a.outboxId,
        attempt: a.attempt,
        at: a.at,
        outcome: a.outcome,
        detail: a.detail,
      })
      .execute();
    const status: OutboxStatus =
      a.outcome === 'delivered' ? 'delivered' : a.nextAttemptAt === null ? 'failed' : 'pending';
    const updated = await trx
      .updateTable('outbox')
      .set({
        status,
        attempts: a.attempt,
        lease_owner: null,
        lease_until: null,
        ...(a.outcome === 'delivered' ? { delivered_at: a.at } : { last_error: a.detail }),
        ...(status === 'pending' && a.nextAttemptAt !== null ? { next_attempt_at: a.nextAttemptAt } : {}),
      })
      .where('id', '=', a.outboxId)
      .where('status', '=', 'pending')
      .where('lease_owner', '=', a.owner)
      .executeTakeFirst();
    return BigInt(updated.numUpdatedRows) > 0n;
  });
}

export async function listOutbox(
  db: Db,
  issuerId: string,
  filter: OutboxFilter = {},
): Promise<OutboxRecord[]> {
  let q = db.selectFrom('outbox').selectAll().where('issuer_id', '=', issuerId);
  if (filter.alertId !== undefined) q = q.where('alert_id', '=', filter.alertId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  q = q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return (await q.execute()).map(outboxRecord);
}

export async function listDeliveryLog(db: Db, outboxIds: readonly string[]): Promise<DeliveryLogRecord[]> {
  if (outboxIds.length === 0) return [];
  const rows = await db
    .selectFrom('delivery_log')
    .selectAll()
    .where('outbox_id', 'in', [...outboxIds])
    .orderBy('outbox_id')
    .orderBy('attempt')
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    outboxId: r.outbox_id,
    attempt: Number(r.attempt),
    at: r.at,
    outcome: r.outcome as DeliveryLogRecord['outcome'],
    detail: r.detail,
  }));
}

export async function enqueueOutbox(db: Db, rows: readonly OutboxRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      rows.map((o) => ({
        id: o.id,
        issuer_id: o.issuerId,
        alert_id: o.alertId,
        subscription_id: o.subscriptionId,
        channel: o.channel,
        target: o.target,
        subject: o.subject,
        payload: o.payload,
        created_at: o.createdAt,
        status: o.status,
        attempts: o.attempts,
        next_attempt_at: o.nextAttemptAt,
        lease_owner: null,
        lease_until: null,
        delivered_at: o.deliveredAt,
        last_error: o.lastError,
      })),
    )
    .execute();
}
