/**
 * A scheduler in a process of its own, for the acceptance tests of issue 5: it opens the store the
 * way the server does (the built dist/), pins "today" with ARMSLENGTH_TODAY (systemClock), and runs
 * `runDueSchedules` in a loop. Its jobs append one line per execution to a log file (O_APPEND, so
 * lines from two processes never interleave) and return their process id as the run's result.
 *
 * The child is plain JavaScript in a string, run with `node --input-type=module`: a file under test/
 * would be linted as TypeScript and is not part of the build.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import type { StoreOptions } from '../../src/store/index.js';
import { childEnv, root } from './server-process.js';

const CHILD = `
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const env = process.env;
const load = (file) => import(pathToFileURL(path.join(env.SCHED_DIST, file)).href);
const { openStore } = await load('src/store/index.js');
const { runDueSchedules, SCHEDULER_LEASE } = await load('src/app/scheduler.js');
const { systemClock, randomIds } = await load('src/adapters/system.js');

const owner = env.SCHED_OWNER;
const leaseMs = Number(env.SCHED_LEASE_MS);
const jobMs = Number(env.SCHED_JOB_MS);
const passMs = Number(env.SCHED_PASS_MS);
const yieldMs = Number(env.SCHED_YIELD_MS);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const store = await openStore(JSON.parse(env.SCHED_STORE));
const ctx = { store, clock: systemClock(env), ids: randomIds };
const job = (schedule) => async (_ctx, issuer, p) => {
  const period = typeof p === 'string' ? p : p.period;
  fs.appendFileSync(env.SCHED_LOG, JSON.stringify({ owner, pid: process.pid, issuerId: issuer.id, schedule, period }) + '\\n');
  await sleep(jobMs);
  return { owner, pid: process.pid, period };
};
const jobs = { monthly: job('monthly'), semiAnnual: job('semi-annual'), dailyForecast: job('daily-forecast') };

const deadline = Date.now() + Number(env.SCHED_RUN_MS);
let passes = 0;
let led = 0;
let ran = 0;
while (Date.now() < deadline) {
  // A pass cut short after SCHED_PASS_MS (the run under way is finished), then the lease is given
  // up and, after SCHED_YIELD_MS, tried again: the schedulers take turns in the middle of a catch-up.
  const signal = passMs > 0 ? AbortSignal.timeout(passMs) : undefined;
  const report = await runDueSchedules(ctx, { owner, leaseMs, jobs, ...(signal ? { signal } : {}) });
  passes += 1;
  if (report.leaseHeld) led += 1;
  ran += report.runs.filter((r) => r.outcome === 'done').length;
  for (const r of report.runs) if (r.outcome !== 'done') throw new Error(owner + ': ' + JSON.stringify(r) + ' ' + String(r.error));
  if (!report.leaseHeld) await sleep(10);
  else if (yieldMs > 0) {
    await store.releaseLease(SCHEDULER_LEASE, owner);
    await sleep(yieldMs);
  }
}
await store.releaseLease(SCHEDULER_LEASE, owner);
await store.close();
process.stdout.write(JSON.stringify({ owner, pid: process.pid, passes, led, ran }) + '\\n');
`;

export interface SchedulerChildOptions {
  readonly store: StoreOptions;
  readonly today: string;
  readonly owner: string;
  readonly log: string;
  /** How long the child loops. */
  readonly runMs: number;
  readonly leaseMs: number;
  /** How long each job takes. */
  readonly jobMs: number;
  /** Cut each pass short after this long (0: passes run to the end). */
  readonly passMs?: number;
  /** After a pass that held the lease, give it up and wait this long (0: keep it). */
  readonly yieldMs?: number;
}

export interface SchedulerChild {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the child exits, with what it printed. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

export function spawnSchedulerChild(o: SchedulerChildOptions): SchedulerChild {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: root,
    env: childEnv({
      TZ: 'UTC',
      ARMSLENGTH_TODAY: o.today,
      SCHED_DIST: path.join(root, 'dist'),
      SCHED_STORE: JSON.stringify(o.store),
      SCHED_OWNER: o.owner,
      SCHED_LOG: o.log,
      SCHED_RUN_MS: String(o.runMs),
      SCHED_LEASE_MS: String(o.leaseMs),
      SCHED_JOB_MS: String(o.jobMs),
      SCHED_PASS_MS: String(o.passMs ?? 0),
      SCHED_YIELD_MS: String(o.yieldMs ?? 0),
    }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}
