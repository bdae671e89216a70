/**
 * The composition root: the only place that picks the database engine and wires the ports
 * (clock, ids) and the adapters (store, HTTP server, demo data) into the CLI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomIds, systemClock } from './adapters/system.js';
import type { AppContext } from './app/context.js';
import { AppError } from './app/errors.js';
import { isWorkbook } from './app/import-sources.js';
import {
  runCli,
  type CliDeps,
  type DatabaseChoice,
  type OpenedContext,
  type RunningServer,
  type ServeOptions,
} from './cli/index.js';
import { loadDemo } from './demo/load-demo.js';
import { openStore, type StoreOptions } from './store/index.js';

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined =>
  value?.trim() ? value.trim() : undefined;

/** A database URL fit for messages: the password never reaches a terminal or a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * --database-url wins; an explicit --data chooses SQLite even when DATABASE_URL is set; otherwise
 * DATABASE_URL chooses PostgreSQL, and without it SQLite lives in ./data.
 */
export function storeOptionsFor(choice: DatabaseChoice, env: Env): StoreOptions {
  const fromFlag = nonEmpty(choice.databaseUrl);
  const url = fromFlag ?? (choice.data === undefined ? nonEmpty(env['DATABASE_URL']) : undefined);
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      const where = fromFlag !== undefined ? '--database-url' : 'DATABASE_URL';
      throw AppError.invalid([
        {
          path: where,
          message: `must be a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/armslength, not ${JSON.stringify(redactUrl(url))}`,
        },
      ]);
    }
    return { engine: 'postgres', databaseUrl: url };
  }
  return { engine: 'sqlite', dataDir: path.resolve(choice.data ?? './data') };
}

function causeOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(causeOf).join('; ');
  if (error instanceof Error)
    return error.message.split('\n')[0] || ((error as { code?: string }).code ?? error.name);
  return String(error);
}

async function openContext(choice: DatabaseChoice, env: Env): Promise<OpenedContext> {
  const options = storeOptionsFor(choice, env);
  const clock = systemClock(env);
  const where =
    options.engine === 'postgres'
      ? `PostgreSQL at ${redactUrl(options.databaseUrl)}`
      : `SQLite in ${options.dataDir}`;
  let store;
  try {
    store = await openStore(
      choice.migrateUpTo === undefined ? options : { ...options, migrateUpTo: choice.migrateUpTo },
    );
  } catch (error) {
    // The store's own refusals (a restore's unknown schema version) are already a sentence for the user.
    if (error instanceof AppError) throw error;
    throw new AppError('unavailable', `cannot open the database (${where}): ${causeOf(error)}`);
  }
  const ctx: AppContext = { store, clock, ids: randomIds };
  return {
    ctx,
    close: () => store.close(),
    location:
      options.engine === 'postgres'
        ? { dataDir: null, databaseUrl: options.databaseUrl }
        : { dataDir: options.dataDir, databaseUrl: null },
  };
}

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** A whole number of milliseconds from the environment, at least `min`; a malformed value is refused. */
function envMs(env: Env, name: string, fallback: number, min: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) {
    throw AppError.invalid([
      { path: name, message: `must be a whole number of milliseconds, at least ${min}` },
    ]);
  }
  return n;
}

/**
 * The background work of a server process (issue 5): the notification dispatcher and the scheduler
 * (monthly and semi-annual report runs, the daily forecast and escalation run). Several processes on
 * one database share the work safely: outbox rows are leased, and one process at a time holds the
 * scheduler's lease. ARMSLENGTH_SCHEDULER=off leaves the scheduler to other processes.
 */
async function startBackground(ctx: AppContext, env: Env): Promise<() => Promise<void>> {
  const { startNotifications } = await import('./notify/index.js');
  const { startScheduler } = await import('./app/scheduler.js');
  const { monitoringScheduleJobs } = await import('./app/daily-monitoring.js');
  const log = (what: string) => (error: unknown) =>
    void process.stderr.write(
      `armslength: ${what}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  const { startAuditSealer } = await import('./app/audit.js');
  // Issue 6: the audit events of every write are chained per issuer by the sealer (decision 0013).
  const auditSealer = startAuditSealer(ctx, await ctx.store.auditKeyring(), {
    intervalMs: envMs(env, 'ARMSLENGTH_AUDIT_SEAL_INTERVAL_MS', 1_000, 50),
    onError: log('audit sealer'),
  });
  const notifications = startNotifications(ctx, env, { onError: log('notification dispatch') });
  const scheduler =
    nonEmpty(env['ARMSLENGTH_SCHEDULER'])?.toLowerCase() === 'off'
      ? null
      : startScheduler(ctx, {
          owner: `${process.pid}:${randomIds.next('sch')}`,
          intervalMs: envMs(env, 'ARMSLENGTH_SCHEDULER_INTERVAL_MS', 60_000, 100),
          leaseMs: envMs(env, 'ARMSLENGTH_SCHEDULER_LEASE_MS', 5 * 60_000, 1_000),
          jobs: monitoringScheduleJobs,
          onError: log('scheduler'),
        });
  return async () => {
    await scheduler?.stop();
    await notifications.stop();
    await auditSealer.stop();
  };
}

async function serve(options: ServeOptions, env: Env): Promise<RunningServer> {
  // Loaded here so that `utilization` and `demo` do not pay for Fastify.
  const { buildServer } = await import('./http/server.js');
  const trustProxy = nonEmpty(env['ARMSLENGTH_TRUST_PROXY']);
  const app = await buildServer({
    ctx: options.ctx,
    setupCode: options.setupCode,
    trustProxy:
      trustProxy === undefined ? false : trustProxy === 'true' || trustProxy === '1' ? true : trustProxy,
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    throw new AppError(
      'unavailable',
      `cannot listen on ${urlHost(options.host)}:${options.port}: ${causeOf(error)}`,
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let stopBackground: () => Promise<void>;
  try {
    stopBackground = await startBackground(options.ctx, env);
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    url: `http://${urlHost(options.host)}:${port}`,
    close: async () => {
      await stopBackground();
      await app.close();
    },
  };
}

function untilShutdown(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The package's version, read from the nearest package.json (dist/src/main.js or src/main.ts). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'armslength') return pkg.version ?? '0.0.0';
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

export function cliDeps(env: Env = process.env): CliDeps {
  return {
    openContext: (choice) => openContext(choice, env),
    serve: (options) => serve(options, env),
    loadDemo,
    untilShutdown,
    env,
    version: packageVersion(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTerminal: process.stderr.isTTY === true,
  };
}

/**
 * The old-generation heap (MB) `armslength import` runs with, or null to run as it is. V8 lets an
 * unbounded heap grow to several times the live data before it collects; an import's live data is
 * about 100 bytes a row (the rows kept between its two passes), so a heap sized to the file keeps
 * the process near what it needs: 128 MB plus 2 MB per MB of CSV (20 per MB of XLSX, which is
 * compressed). Not when a heap size was given (NODE_OPTIONS or node's own flags).
 */
export function importHeapMb(argv: readonly string[], env: Env, execArgv: readonly string[]): number | null {
  if (argv[2] !== 'import' || env['ARMSLENGTH_IMPORT_CHILD'] === '1') return null;
  if ([...execArgv, env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('max-old-space-size'))) return null;
  // The file: the first argument after the command that names one (options may come first).
  const file = argv.slice(3).find((a) => fs.existsSync(a) && fs.statSync(a).isFile());
  if (file === undefined) return null;
  const mb = fs.statSync(file).size / (1024 * 1024);
  const perMb = isWorkbook(file) ? 20 : 2;
  return Math.min(16_384, Math.ceil(128 + mb * perMb));
}

/** The same command in a child process with `--max-old-space-size`; resolves to its exit status. */
function withHeap(argv: readonly string[], env: Env, heapMb: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${heapMb}`, ...argv.slice(1)],
      { stdio: 'inherit', env: { ...env, ARMSLENGTH_IMPORT_CHILD: '1' } },
    );
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 70));
    });
    child.on('error', () => resolve(70));
  });
}

/** Runs `armslength` with a `process.argv`-shaped argument list; resolves to the exit status. */
export function main(argv: readonly string[] = process.argv, env: Env = process.env): Promise<number> {
  const heapMb = importHeapMb(argv, env, process.execArgv);
  if (heapMb !== null) return withHeap(argv, env, heapMb);
  return runCli(cliDeps(env), argv);
}
