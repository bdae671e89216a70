import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { OrderPlacement, PlacementResult, Store, StoreTx, TxOutcome } from '../app/ports.js';
import type { StoreOptions } from './index.js';
import { runMigrations } from './migrate.js';
// ---- notification outbox (issue 5) ----
import type {
  ClaimedDelivery,
  DeliveryAttempt,
  DeliveryLogRecord,
  OutboxFilter,
  OutboxRecord,
} from '../app/monitoring-ports.js';
import * as outboxStore from './outbox-store.js';
// ---- end notification outbox ----
// ---- schedules (issue 5) ----
import type { ScheduleRunClaim, ScheduleRunRecord } from '../app/monitoring-ports.js';
import type { ScheduleName } from '../domain/monitoring/index.js';
import * as schedulerStore from './scheduler-store.js';
// ---- end schedules ----
import { Repository } from './repository.js';
import type { Database } from './schema.js';
// ---- audit log (issue 6) ----
import type { AuditEventRecord, AuditHead, AuditKeyring, AuditLogEntry } from '../app/audit-ports.js';
import * as auditStore from './audit-store.js';
import { currentAudit, SYSTEM_AUDIT } from '../app/audit-context.js';
import { loadAuditKeyring } from './audit-keyring.js';
// ---- end audit log ----
// ---- backup and restore (issue 9) ----
import type { BackupLoad, BackupSnapshot } from '../app/backup-ports.js';
import { AppError } from '../app/errors.js';
import * as backupStore from './backup-store.js';
import { knownMigrations } from './backup-store.js';
// ---- end backup and restore ----

/** Thrown inside a PostgreSQL transaction to roll it back when the use case decided not to commit. */
class Rollback extends Error {}
interface Waiting {
  /** Runs on the transaction's connection. */
  readonly fn: (db: Kysely<Database>) => Promise<TxOutcome<unknown>>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** At most this many transactions share one SQLite commit, so readers are not kept waiting long. */
const GROUP_LIMIT = 32;

/** PostgreSQL errors that a retry of the whole transaction resolves. */
const RETRYABLE = new Set(['40001', '40P01']);

class KyselyStore extends Repository implements Store {
  constructor(
    db: Kysely<Database>,
    readonly engine: 'sqlite' | 'postgres',
    private readonly onClose: () => Promise<void>,
    private readonly pool: pg.Pool | null = null,
    /** The SQLite data directory (where the audit key and anchor live by default); null for PostgreSQL. */
    private readonly dataDir: string | null = null,
  ) {
    super(db, engine, new Map(), true);
  }

  /** Every write through the transaction's `StoreTx` also records its audit event (audit-store.ts). */
  async transaction<T>(fn: (tx: StoreTx) => Promise<TxOutcome<T>>): Promise<T> {
    // Captured here, in the caller's context: SQLite runs the transaction later, within a group
    // started by whichever caller came first (see `drain`).
    const audit = currentAudit() ?? SYSTEM_AUDIT;
    return this.rawTransaction((db) =>
      fn(auditStore.auditedTx(new Repository(db, this.engine, this.cache), db, this.engine, audit)),
    );
  }

  /** A transaction on the bare connection: no audit capture (the caller records what it must). */
  private rawTransaction<T>(fn: (db: Kysely<Database>) => Promise<TxOutcome<T>>): Promise<T> {
    return this.engine === 'sqlite' ? this.sqliteTransaction(fn) : this.postgresTransaction(fn);
  }

  /** Write transactions waiting for the SQLite connection; see `drain`. */
  private readonly waiting: Waiting[] = [];
  private draining = false;
  /**
   * While a group runs: the audit events of its committed order placements, written by one insert
   * just before the group's COMMIT (the gate's hot path: one statement per group, not per order).
   */
  private groupAudit: ReturnType<typeof auditStore.auditRow>[] | null = null;

  private sqliteTransaction<T>(fn: (db: Kysely<Database>) => Promise<TxOutcome<T>>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Group commit. SQLite has one writer and each COMMIT waits for an fsync (synchronous=FULL), so the
   * transactions that queue up meanwhile run one after another inside one BEGIN IMMEDIATE … COMMIT,
   * each in its own savepoint: one that decides not to commit, or throws, is rolled back to its
   * savepoint alone. Nobody is answered before the COMMIT that made their writes durable; if that
   * COMMIT fails, everyone in the group gets the error. Serial semantics are unchanged: each
   * transaction sees the ones before it, and the gate's guarded update is still one statement.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        await this.db.connection().execute(async (conn) => {
          const group: { item: Waiting; settle: () => void }[] = [];
          this.groupAudit = [];
          // A failure here (another process holds the lock beyond the busy timeout) reaches the outer catch.
          await sql`begin immediate`.execute(conn);
          try {
            while (this.waiting.length > 0 && group.length < GROUP_LIMIT) {
              const item = this.waiting.shift() as Waiting;
              await sql`savepoint tx`.execute(conn);
              try {
                const outcome = await item.fn(conn);
                if (!outcome.commit) await sql`rollback to tx`.execute(conn);
                group.push({ item, settle: () => item.resolve(outcome.value) });
              } catch (e) {
                await sql`rollback to tx`.execute(conn);
                group.push({ item, settle: () => item.reject(e) });
              }
              await sql`release tx`.execute(conn);
            }
            const events = this.groupAudit;
            this.groupAudit = null;
            if (events.length > 0) await conn.insertInto('audit_events').values(events).execute();
            await sql`commit`.execute(conn);
          } catch (e) {
            this.groupAudit = null;
            await sql`rollback`.execute(conn).catch(() => undefined);
            for (const g of group) g.item.reject(e);
            return;
          }
          for (const g of group) g.settle();
        });
      }
    } catch (e) {
      // The connection itself failed (BEGIN IMMEDIATE timed out on another process's lock, …).
      for (const item of this.waiting.splice(0)) item.reject(e);
    } finally {
      this.draining = false;
    }
  }

  async placeOrder(p: OrderPlacement): Promise<PlacementResult> {
    // Built in the caller's context (who, which request), before SQLite queues the transaction.
    const event = auditStore.auditRow(auditStore.placeOrderAuditEvent(p));
    if (this.engine === 'postgres') {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.placeOrderInOneStatement(
            p,
            async (name, text, values) => {
              await (this.pool as pg.Pool).query({ name, text, values: [...values] });
            },
            event,
          );
        } catch (e) {
          const code = (e as { code?: unknown }).code;
          if (typeof code === 'string' && RETRYABLE.has(code) && attempt < 5) continue;
          throw e;
        }
      }
    }
    return this.rawTransaction<PlacementResult>(async (db) => {
      const repo = new Repository(db, 'sqlite', this.cache);
      if (
        p.registerGuard &&
        (await repo.registerVersion(p.registerGuard.issuerId)) !== p.registerGuard.version
      ) {
        return { commit: false, value: 'refused' };
      }
      await repo.insertOrderWithLedger(p.order, p.entries, p.evidence);
      for (const g of p.guards) {
        if (!(await repo.tryReserve(g.capId, g.addMinor, g.capMinor, p.agreementVersion))) {
          return { commit: false, value: 'refused' };
        }
      }
      const key = p.idempotency;
      if (key && !(await repo.putIdempotency(p.order.issuerId, key.key, key.record, key.createdAt))) {
        return { commit: false, value: 'key-taken' };
      }
      if (this.groupAudit) this.groupAudit.push(event);
      else await db.insertInto('audit_events').values(event).execute();
      return { commit: true, value: 'placed' };
    });
  }

  private async postgresTransaction<T>(fn: (db: Kysely<Database>) => Promise<TxOutcome<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let outcome: TxOutcome<T> | undefined;
      try {
        // READ COMMITTED is PostgreSQL's default; the guarded UPDATE re-checks its condition on the
        // latest row version after waiting for a concurrent writer's lock.
        await this.db.transaction().execute(async (trx) => {
          outcome = await fn(trx);
          if (!outcome.commit) throw new Rollback('rollback');
        });
      } catch (e) {
        if (e instanceof Rollback && outcome) return outcome.value;
        const code = (e as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < 5) continue;
        throw e;
      }
      if (!outcome) throw new Error('transaction produced no outcome');
      return outcome.value;
    }
  }

  close(): Promise<void> {
    return this.onClose();
  }

  // ---- notification outbox (issue 5) ----
  claimDueOutbox(owner: string, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return outboxStore.claimDueOutbox(this.db, this.engine, owner, now, leaseUntil, limit);
  }
  recordDeliveryAttempt(attempt: DeliveryAttempt): Promise<boolean> {
    return outboxStore.recordDeliveryAttempt(this.db, this.engine, attempt);
  }
  listOutbox(issuerId: string, filter?: OutboxFilter): Promise<OutboxRecord[]> {
    return outboxStore.listOutbox(this.db, issuerId, filter);
  }
  listDeliveryLog(outboxIds: readonly string[]): Promise<DeliveryLogRecord[]> {
    return outboxStore.listDeliveryLog(this.db, outboxIds);
  }
  enqueueOutbox(rows: readonly OutboxRecord[]): Promise<void> {
    return outboxStore.enqueueOutbox(this.db, rows);
  }
  // ---- end notification outbox ----

  // ---- schedules (issue 5) ----
  acquireLease(name: string, owner: string, nowIso: string, untilIso: string): Promise<boolean> {
    return schedulerStore.acquireLease(this.db, name, owner, nowIso, untilIso);
  }
  releaseLease(name: string, owner: string): Promise<void> {
    return schedulerStore.releaseLease(this.db, name, owner);
  }
  claimScheduleRun(claim: ScheduleRunClaim, lease: string, staleBefore: string): Promise<boolean> {
    return schedulerStore.claimScheduleRun(this.db, claim, lease, staleBefore);
  }
  finishScheduleRun(
    claim: ScheduleRunClaim,
    finishedAt: string,
    result: { readonly [key: string]: unknown },
  ): Promise<boolean> {
    return schedulerStore.finishScheduleRun(this.db, claim, finishedAt, result);
  }
  abandonScheduleRun(claim: ScheduleRunClaim): Promise<void> {
    return schedulerStore.abandonScheduleRun(this.db, claim);
  }
  listScheduleRuns(issuerId: string, schedule?: ScheduleName): Promise<ScheduleRunRecord[]> {
    return schedulerStore.listScheduleRuns(this.db, issuerId, schedule);
  }
  // ---- end schedules ----

  // ---- audit log (issue 6) ----
  auditIssuersPending(): Promise<string[]> {
    return auditStore.auditIssuersPending(this.db);
  }
  sealAuditEvents(
    issuerId: string,
    limit: number,
    chain: (head: AuditHead, events: readonly AuditEventRecord[]) => AuditLogEntry[],
  ): Promise<AuditHead | null> {
    return this.rawTransaction(async (db) => ({
      commit: true,
      value: await auditStore.sealAuditEventsIn(db, this.engine, issuerId, limit, chain),
    }));
  }
  listAuditLog(issuerId?: string): Promise<AuditLogEntry[]> {
    return auditStore.listAuditLog(this.db, issuerId);
  }
  listAuditEvents(issuerId?: string): Promise<AuditEventRecord[]> {
    return auditStore.listAuditEvents(this.db, issuerId);
  }
  listAuditHeads(): Promise<AuditHead[]> {
    return auditStore.listAuditHeads(this.db);
  }
  private keyring: AuditKeyring | undefined;
  auditKeyring(): Promise<AuditKeyring> {
    this.keyring ??= loadAuditKeyring({ engine: this.engine, dataDir: this.dataDir });
    return Promise.resolve(this.keyring);
  }
  // ---- end audit log ----

  // ---- backup and restore (issue 9) ----
  async schemaMigrations(): Promise<{ applied: string[]; known: string[] }> {
    return { applied: await backupStore.appliedMigrations(this.db), known: knownMigrations() };
  }
  readBackupSnapshot<T>(fn: (snapshot: BackupSnapshot) => Promise<T>): Promise<T> {
    return backupStore.readBackupSnapshot(this.db, this.engine, fn);
  }
  tablesWithRows(): Promise<string[]> {
    return backupStore.tablesWithRows(this.db, this.engine);
  }
  loadBackup(load: BackupLoad): Promise<Record<string, number>> {
    return backupStore.loadBackup(this.db, this.engine, load);
  }
  // ---- end backup and restore ----
}

/**
 * better-sqlite3 behind Kysely prepares every statement anew; preparing costs more than running most
 * of ours. Statements are reusable (Kysely never iterates one while running another), so keep them.
 */
function cachingStatements(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = statements.get(text);
      if (!stmt) {
        if (statements.size >= 500) statements.clear();
        stmt = sqlite.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
  };
}

export async function openKyselyStore(options: StoreOptions): Promise<Store> {
  // Before anything is created: a restore names the schema version of its backup (decision 0018).
  if (options.migrateUpTo !== undefined && !knownMigrations().includes(options.migrateUpTo))
    throw AppError.conflict(
      'SCHEMA_VERSION_UNKNOWN',
      `schema version ${options.migrateUpTo} is newer than this version of Arm's Length (its latest is ${knownMigrations().at(-1) ?? 'none'}), or from another build`,
    );
  if (options.engine === 'sqlite') {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, 'armslength.sqlite');
    const sqlite = new BetterSqlite3(file, { timeout: 30_000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('wal_autocheckpoint = 10000');
    sqlite.defaultSafeIntegers(true);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
    await runMigrations(db, 'sqlite', options.migrateUpTo);
    return new KyselyStore(db, 'sqlite', () => db.destroy(), null, options.dataDir);
  }
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name ${schema}`);
  if (schema) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      // IF NOT EXISTS is not safe against a concurrent creator: the loser gets a unique violation.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((e: { code?: string }) => {
        if (e.code !== '23505' && e.code !== '42P06') throw e;
      });
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        // int8 and numeric (SUM of int8) arrive as text: read them as exact bigints.
        if (oid === 20 || oid === 1700) return (value: string) => BigInt(value);
        const standard = (
          format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text')
        ) as (value: string) => unknown;
        return standard;
      }) as pg.CustomTypesConfig['getTypeParser'],
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await runMigrations(db, 'postgres', options.migrateUpTo);
  return new KyselyStore(db, 'postgres', () => db.destroy(), pool);
}
