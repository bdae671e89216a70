/**
 * The PostgreSQL ceiling: pgbench's simple-update script (-N) on the same server, in a database of its
 * own (`armslength_bench`, created through `su postgres` when missing).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { databaseUrl, pgAdmin } from './support.js';

const run = promisify(execFile);
export const PGBENCH = process.env['PGBENCH'] ?? '/usr/bin/pgbench';
export const BENCH_DB = 'armslength_bench';

export interface PgbenchResult {
  readonly tps: number;
  readonly latencyMs: number | null;
  readonly command: string;
  readonly initSeconds: number;
}

/** The bench URL with the database swapped for `armslength_bench`. */
function benchUrl(): URL {
  const url = new URL(databaseUrl());
  url.pathname = `/${BENCH_DB}`;
  return url;
}

async function ensureDatabase(url: URL): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const exists = await pgAdmin(databaseUrl(), (c) =>
    c.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB]),
  );
  if (exists.rowCount) return;
  const owner = decodeURIComponent(url.username);
  try {
    await pgAdmin(databaseUrl(), (c) => c.query(`CREATE DATABASE ${BENCH_DB}`));
  } catch {
    // The role may not have CREATEDB: as root, ask the postgres OS user.
    await run('su', [
      'postgres',
      '-c',
      `psql -v ON_ERROR_STOP=1 -c 'CREATE DATABASE ${BENCH_DB} OWNER "${owner}"'`,
    ]);
  }
}

export async function pgbench(
  clients: number,
  threads: number,
  seconds: number,
  scale: number,
): Promise<PgbenchResult> {
  const url = benchUrl();
  await ensureDatabase(url);
  const env = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: BENCH_DB,
  };
  const t0 = performance.now();
  await run(PGBENCH, ['-i', '-s', String(scale), '-q'], { env });
  const initSeconds = (performance.now() - t0) / 1000;
  const args = ['-N', '-c', String(clients), '-j', String(threads), '-T', String(seconds)];
  const { stdout } = await run(PGBENCH, args, { env });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  const latency = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
  if (!tps) throw new Error(`could not read pgbench's tps from:\n${stdout}`);
  return {
    tps: Number(tps),
    latencyMs: latency ? Number(latency) : null,
    command: `pgbench ${args.join(' ')} (after pgbench -i -s ${scale})`,
    initSeconds,
  };
}
