/**
 * Ledger size: the guarded use case against the naive "SELECT SUM then INSERT" gate, with 10k, 100k
 * and 1M rows already in ledger_entries for the cap under test (cap_usage kept equal to their sum).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { reviseCap } from '../src/app/revise-cap.js';
import { big } from '../src/store/repository.js';
import type { Database } from '../src/store/schema.js';
import { BIG_CAP, ORDER_AMOUNT, placeOrder } from './gate.js';
import {
  databaseUrl,
  decimal,
  drive,
  gateWorld,
  openBenchStore,
  race,
  SIGNED_ON,
  type Engine,
  type GateWorld,
  type Outcome,
  type RunResult,
} from './support.js';

const ORDER_MINOR = 10_000n; // ORDER_AMOUNT in minor units
const PREFILL_UNIT = 100n;
/** The last headroom the racers compete for, in orders. */
export const RACE_HEADROOM_ORDERS = 20n;
/** Each racer tries this many orders one after another and stops at its first refusal. */
export const RACE_ATTEMPTS = 3;
export const RACE_CLIENTS = 32;
export const THROUGHPUT_CLIENTS = 8;

export interface RaceResult {
  readonly clients: number;
  readonly attempts: number;
  readonly accepted: number;
  readonly refused: number;
  readonly errors: number;
  readonly capMinor: bigint;
  readonly finalMinor: bigint;
  /** final − cap when positive, else 0. */
  readonly overshootMinor: bigint;
  /** Orders accepted beyond what fitted. */
  readonly excessOrders: number;
  readonly seconds: number;
}

export interface LedgerSizeResult {
  readonly engine: Engine;
  readonly rows: number;
  readonly prefillSeconds: number;
  readonly guarded: RunResult;
  readonly guardedRace: RaceResult;
  /** cap_usage still equals the ledger's sum after the guarded runs. */
  readonly usageMatchesLedger: boolean;
  readonly naive: RunResult;
  readonly naiveRace: RaceResult;
}

/** Raw access to the store's database, beside the Store (the bench fills and inspects tables directly). */
interface RawDb {
  readonly db: Kysely<Database>;
  prefill(w: GateWorld, rows: number): Promise<void>;
  close(): Promise<void>;
}

function rawSqlite(file: string): RawDb {
  const conn = new BetterSqlite3(file, { timeout: 30_000 });
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.defaultSafeIntegers(true);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  return {
    db,
    prefill: (w, rows) => {
      const insert = conn.prepare(
        `INSERT INTO ledger_entries (issuer_id, cap_id, category_id, order_id, actual_id, kind, effective_on, actual_delta, committed_delta, created_at)
         VALUES (?, ?, ?, ?, NULL, 'reserve', ?, 0, ?, ?)`,
      );
      const fill = conn.transaction(() => {
        for (let i = 1; i <= rows; i++)
          insert.run(
            w.actor.issuerId,
            w.capId,
            w.categoryId,
            `pre_${i}`,
            SIGNED_ON,
            PREFILL_UNIT,
            '2026-03-01T00:00:00.000Z',
          );
        conn
          .prepare('UPDATE cap_usage SET committed_minor = committed_minor + ? WHERE cap_id = ?')
          .run(BigInt(rows) * PREFILL_UNIT, w.capId);
      });
      fill.immediate();
      conn.exec('ANALYZE');
      return Promise.resolve();
    },
    close: () => db.destroy(),
  };
}

function rawPostgres(schema: string, poolSize: number): RawDb {
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: poolSize,
    options: `-c search_path=${schema}`,
    types: {
      // int8 and numeric (SUM of int8) as exact bigints, as the store reads them.
      getTypeParser: (oid: number, format?: 'text' | 'binary'): ((v: string) => unknown) =>
        oid === 20 || oid === 1700
          ? (v: string) => BigInt(v)
          : (pg.types.getTypeParser(oid, format ?? 'text') as (v: string) => unknown),
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    prefill: async (w, rows) => {
      await db.transaction().execute(async (trx) => {
        await sql`INSERT INTO ledger_entries (issuer_id, cap_id, category_id, order_id, actual_id, kind, effective_on, actual_delta, committed_delta, created_at)
          SELECT ${w.actor.issuerId}, ${w.capId}, ${w.categoryId}, 'pre_' || g, NULL, 'reserve', ${SIGNED_ON}, 0, ${PREFILL_UNIT}::bigint, '2026-03-01T00:00:00.000Z'
          FROM generate_series(1, ${rows}::int) AS g`.execute(trx);
        await sql`UPDATE cap_usage SET committed_minor = committed_minor + ${BigInt(rows) * PREFILL_UNIT} WHERE cap_id = ${w.capId}`.execute(
          trx,
        );
      });
      await sql`VACUUM ANALYZE ledger_entries`.execute(db);
    },
    close: () => db.destroy(),
  };
}

const ledgerSum = async (db: Kysely<Database>, capId: string): Promise<bigint> => {
  const r = await sql<{
    s: unknown;
  }>`SELECT COALESCE(SUM(actual_delta + committed_delta), 0) AS s FROM ledger_entries WHERE cap_id = ${capId}`.execute(
    db,
  );
  return big(r.rows[0]?.s);
};

/**
 * The naive gate an ERP budget check uses: read the sum, then insert if it fits. On PostgreSQL in a
 * READ COMMITTED transaction; SQLite has no READ COMMITTED (its transactions are serializable), so
 * there it runs as two autocommit statements through the async driver, as a naive server would.
 */
function naiveGate(engine: Engine, db: Kysely<Database>, w: GateWorld) {
  const attempt = async (q: Kysely<Database>, capMinor: bigint, reference: string): Promise<Outcome> => {
    const used = await ledgerSum(q, w.capId);
    if (used + ORDER_MINOR > capMinor) return 'refused';
    await sql`INSERT INTO ledger_entries (issuer_id, cap_id, category_id, order_id, actual_id, kind, effective_on, actual_delta, committed_delta, created_at)
      VALUES (${w.actor.issuerId}, ${w.capId}, ${w.categoryId}, ${reference}, NULL, 'reserve', ${SIGNED_ON}, 0, ${ORDER_MINOR}, ${new Date().toISOString()})`.execute(
      q,
    );
    return 'accepted';
  };
  return (capMinor: bigint, reference: string): Promise<Outcome> =>
    engine === 'postgres'
      ? db
          .transaction()
          .setIsolationLevel('read committed')
          .execute((trx) => attempt(trx, capMinor, reference))
      : attempt(db, capMinor, reference);
}

/** RACE_CLIENTS clients at once, each placing up to RACE_ATTEMPTS orders until its first refusal. */
async function raceFor(
  capMinor: bigint,
  place: (reference: string) => Promise<Outcome>,
  finalSum: () => Promise<bigint>,
): Promise<RaceResult> {
  let accepted = 0;
  let refused = 0;
  let errors = 0;
  const started = performance.now();
  await race(RACE_CLIENTS, async (c) => {
    for (let i = 0; i < RACE_ATTEMPTS; i++) {
      try {
        const outcome = await place(`RACE-${c}-${i}`);
        if (outcome === 'accepted') accepted++;
        else {
          refused++;
          return;
        }
      } catch {
        errors++;
        return;
      }
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const finalMinor = await finalSum();
  const over = finalMinor - capMinor;
  const overshootMinor = over > 0n ? over : 0n;
  return {
    clients: RACE_CLIENTS,
    attempts: accepted + refused + errors,
    accepted,
    refused,
    errors,
    capMinor,
    finalMinor,
    overshootMinor,
    excessOrders: Number((overshootMinor + ORDER_MINOR - 1n) / ORDER_MINOR),
    seconds,
  };
}

export async function ledgerSize(
  engine: Engine,
  rows: number,
  seconds: number,
  progress: (m: string) => void,
): Promise<LedgerSizeResult> {
  const poolSize = RACE_CLIENTS;
  const bs = await openBenchStore(engine, poolSize);
  const raw = engine === 'sqlite' ? rawSqlite(bs.where) : rawPostgres(bs.where, poolSize);
  try {
    const w = await gateWorld(bs.store, BIG_CAP);
    const t0 = performance.now();
    await raw.prefill(w, rows);
    const prefillSeconds = (performance.now() - t0) / 1000;
    progress(`  prefilled ${rows} rows in ${prefillSeconds.toFixed(1)} s`);

    // (a) the real use case at 8 clients
    const guarded = await drive(THROUGHPUT_CLIENTS, seconds, (c, i) => placeOrder(w, `G-${c}-${i}`));
    progress(`  use case: ${guarded.rate.toFixed(0)} orders/s`);

    // The guarded race: revise the cap (a real revision) so that only RACE_HEADROOM_ORDERS orders fit.
    const before = await bs.store.getUsage(w.capId);
    const raceCap = before.actualMinor + before.committedMinor + RACE_HEADROOM_ORDERS * ORDER_MINOR;
    await reviseCap(w.ctx, w.actor, w.capId, {
      amount: decimal(raceCap),
      currency: 'CNY',
      effectiveFrom: '2026-01-01',
      approvedOn: '2026-01-01',
      reason: 'bench: leave 20 orders of headroom',
      approvalReference: 'BENCH-1',
    });
    const guardedRace = await raceFor(
      raceCap,
      (ref) => placeOrder(w, ref, ORDER_AMOUNT),
      async () => {
        const u = await bs.store.getUsage(w.capId);
        return u.actualMinor + u.committedMinor;
      },
    );
    const usage = await bs.store.getUsage(w.capId);
    const usageMatchesLedger =
      usage.actualMinor + usage.committedMinor === (await ledgerSum(raw.db, w.capId));
    progress(`  use case race: ${guardedRace.accepted} accepted, overshoot ${guardedRace.overshootMinor}`);

    // (b) the naive gate: throughput under a cap it cannot reach, then the race for the last headroom.
    const naive = naiveGate(engine, raw.db, w);
    const huge = 900_000_000_000_000n;
    const naiveRun = await drive(THROUGHPUT_CLIENTS, seconds, (c, i) => naive(huge, `N-${c}-${i}`));
    progress(`  naive: ${naiveRun.rate.toFixed(1)} orders/s`);
    const naiveCap = (await ledgerSum(raw.db, w.capId)) + RACE_HEADROOM_ORDERS * ORDER_MINOR;
    const naiveRace = await raceFor(
      naiveCap,
      (ref) => naive(naiveCap, ref),
      () => ledgerSum(raw.db, w.capId),
    );
    progress(`  naive race: ${naiveRace.accepted} accepted, overshoot ${naiveRace.overshootMinor}`);
    return {
      engine,
      rows,
      prefillSeconds,
      guarded,
      guardedRace,
      usageMatchesLedger,
      naive: naiveRun,
      naiveRace,
    };
  } finally {
    await raw.close();
    await bs.dispose();
  }
}
