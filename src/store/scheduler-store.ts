/**
 * Issue 5: the scheduler's lease and its schedule runs. KyselyStore delegates here. Every function
 * is one statement, outside any use case's transaction, so that it is atomic on both engines: on
 * PostgreSQL an INSERT … ON CONFLICT DO UPDATE locks the conflicting row and re-checks its WHERE on
 * the committed version, so two processes cannot both take the lease or claim a run; SQLite has one
 * writer. Instants are ISO-8601 UTC strings of one format (`toISOString`), compared as text.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ScheduleRunClaim, ScheduleRunRecord } from '../app/monitoring-ports.js';
import { isScheduleName, type ScheduleName } from '../domain/monitoring/index.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
type Json = { readonly [key: string]: unknown };

/**
 * Inserts the lease, takes it over when it expired (at or before `nowIso`), or extends it when
 * `owner` holds it already (keeping when it was first acquired).
 */
export async function acquireLease(
  db: Db,
  name: string,
  owner: string,
  nowIso: string,
  untilIso: string,
): Promise<boolean> {
  const row = await db
    .insertInto('scheduler_leases')
    .values({ name, owner, expires_at: untilIso, acquired_at: nowIso })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({
          owner: eb.ref('excluded.owner'),
          expires_at: eb.ref('excluded.expires_at'),
          acquired_at: eb
            .case()
            .when('scheduler_leases.owner', '=', eb.ref('excluded.owner'))
            .then(eb.ref('scheduler_leases.acquired_at'))
            .else(eb.ref('excluded.acquired_at'))
            .end(),
        }))
        .where((eb) =>
          eb.or([
            eb('scheduler_leases.expires_at', '<=', eb.ref('excluded.acquired_at')),
            eb('scheduler_leases.owner', '=', eb.ref('excluded.owner')),
          ]),
        ),
    )
    .returning('name')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.deleteFrom('scheduler_leases').where('name', '=', name).where('owner', '=', owner).execute();
}

/**
 * INSERT … SELECT … WHERE <the lease is held> ON CONFLICT DO UPDATE … WHERE <the run is running and
 * stale>: a new run, or the take-over of an abandoned one, and only by the lease holder. (SQLite needs
 * the SELECT's WHERE to parse the upsert; it has one.)
 */
export async function claimScheduleRun(
  db: Db,
  c: ScheduleRunClaim,
  lease: string,
  staleBefore: string,
): Promise<boolean> {
  const result = await sql<{ period: string }>`
    INSERT INTO schedule_runs (issuer_id, schedule, period, status, run_by, started_at, finished_at, result)
    SELECT ${c.issuerId}, ${c.schedule}, ${c.period}, 'running', ${c.runBy}, ${c.startedAt}, NULL, NULL
     WHERE EXISTS (SELECT 1 FROM scheduler_leases
                    WHERE name = ${lease} AND owner = ${c.runBy} AND expires_at > ${c.startedAt})
    ON CONFLICT (issuer_id, schedule, period) DO UPDATE
       SET run_by = excluded.run_by, started_at = excluded.started_at
     WHERE schedule_runs.status = 'running' AND schedule_runs.started_at <= ${staleBefore}
    RETURNING period`.execute(db);
  return result.rows.length > 0;
}

const ofClaim = (db: Db, c: ScheduleRunClaim) => ({
  update: db
    .updateTable('schedule_runs')
    .where('issuer_id', '=', c.issuerId)
    .where('schedule', '=', c.schedule)
    .where('period', '=', c.period)
    .where('status', '=', 'running')
    .where('run_by', '=', c.runBy)
    .where('started_at', '=', c.startedAt),
  delete: db
    .deleteFrom('schedule_runs')
    .where('issuer_id', '=', c.issuerId)
    .where('schedule', '=', c.schedule)
    .where('period', '=', c.period)
    .where('status', '=', 'running')
    .where('run_by', '=', c.runBy)
    .where('started_at', '=', c.startedAt),
});

export async function finishScheduleRun(
  db: Db,
  c: ScheduleRunClaim,
  finishedAt: string,
  result: Json,
): Promise<boolean> {
  const r = await ofClaim(db, c)
    .update.set({ status: 'done', finished_at: finishedAt, result: JSON.stringify(result) })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function abandonScheduleRun(db: Db, c: ScheduleRunClaim): Promise<void> {
  await ofClaim(db, c).delete.execute();
}

function scheduleRun(r: Selectable<Database['schedule_runs']>): ScheduleRunRecord {
  if (!isScheduleName(r.schedule)) throw new TypeError(`unknown schedule ${r.schedule}`);
  return {
    issuerId: r.issuer_id,
    schedule: r.schedule,
    period: r.period,
    status: r.status === 'done' ? 'done' : 'running',
    runBy: r.run_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    result: r.result === null ? null : (JSON.parse(r.result) as Json),
  };
}

export async function listScheduleRuns(
  db: Db,
  issuerId: string,
  schedule?: ScheduleName,
): Promise<ScheduleRunRecord[]> {
  let q = db.selectFrom('schedule_runs').selectAll().where('issuer_id', '=', issuerId);
  if (schedule !== undefined) q = q.where('schedule', '=', schedule);
  const rows = await q.orderBy('schedule').orderBy('period').execute();
  return rows.map(scheduleRun);
}
