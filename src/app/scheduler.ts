/**
 * Issue 5: the schedules — monthly reports (finance → senior management), semi-annual reports (→ the
 * directors, INEDs included) and the daily forecast run — run at most once per issuer, schedule and
 * period, whether one process or several share the database, and caught up after downtime.
 *
 * How "exactly once" is kept:
 * - One scheduler at a time: a pass runs only while its process holds the database lease
 *   `SCHEDULER_LEASE` (`acquireLease`, one statement). The holder renews it before every run (and
 *   `startScheduler` on a timer while a job runs); another process takes it over only after it expired.
 * - One claim per run: a run is first recorded as 'running' by its own statement (`claimScheduleRun`,
 *   only while the lease is held), then the job runs, then the run is marked 'done' with what the job
 *   returned — only by the claim that started it.
 * - Catch-up: each pass computes every period due since the earliest term start of the issuer's
 *   agreements (`duePeriods`) and runs those not yet done, oldest first. A daily forecast missed is not
 *   caught up: today's is run.
 *
 * Crash semantics: a job that throws is forgotten (its claim deleted) and runs again on the next
 * pass. A process that dies in the middle of a job leaves its run 'running'; once the run is older
 * than the lease duration (so that its runner's lease has certainly expired) the lease holder takes it
 * over and runs the job again. A job interrupted by a crash, or by a process that lost its lease while
 * stalled, can therefore run more than once, though its run is recorded done once: jobs must be
 * idempotent. The report jobs issue reports (the same content is not issued twice) and queue their
 * notices (which may then be sent twice, never lost).
 */
import { OPERATOR_ROLES } from './authorize.js';
import { duePeriods, SCHEDULE_NAMES, type CalendarDate, type ScheduleName } from '../domain/index.js';
import type { SchedulePeriod } from '../domain/index.js';
import type { AppContext } from './context.js';
import { getUtilization, type UtilizationItem } from './get-utilization.js';
import type { RecipientRole, ScheduleRunClaim } from './monitoring-ports.js';
import type { Actor, IssuerRecord, JsonObject } from './ports.js';
import { issueScheduledReports } from './reports/scheduled.js';

/** The lease the scheduler holds in the database (table scheduler_leases). */
export const SCHEDULER_LEASE = 'scheduler';

/** The user the scheduled jobs act as. */
export const SCHEDULER_USER = 'scheduler';

/**
 * What each schedule does for one issuer and period; the returned JSON object is recorded as the
 * run's result. Injectable: issue 7's reports and the forecast run replace the defaults.
 */
export interface ScheduleJobs {
  monthly(ctx: AppContext, issuer: IssuerRecord, period: SchedulePeriod): Promise<JsonObject>;
  semiAnnual(ctx: AppContext, issuer: IssuerRecord, period: SchedulePeriod): Promise<JsonObject>;
  dailyForecast(ctx: AppContext, issuer: IssuerRecord, date: CalendarDate): Promise<JsonObject>;
}

const schedulerActor = (issuer: IssuerRecord): Actor => ({
  userId: SCHEDULER_USER,
  issuerId: issuer.id,
  roles: OPERATOR_ROLES,
});

async function utilisationAt(
  ctx: AppContext,
  issuer: IssuerRecord,
  asOf: CalendarDate,
): Promise<UtilizationItem[]> {
  return (await getUtilization(ctx, schedulerActor(issuer), { asOf })).items;
}

/** The run's record: the utilisation of every cap period as at the period end, and the reports issued. */
async function reportFigures(
  ctx: AppContext,
  issuer: IssuerRecord,
  period: SchedulePeriod,
  from: RecipientRole,
  to: readonly RecipientRole[],
): Promise<JsonObject> {
  return {
    report: period.schedule,
    period: period.period,
    periodStart: period.start,
    periodEnd: period.end,
    from,
    to,
    asOf: period.end,
    utilisation: await utilisationAt(ctx, issuer, period.end),
    // Issue 7: the period's reports, issued (stored with their hash) and notified.
    issued: await issueScheduledReports(ctx, issuer, schedulerActor(issuer), period),
  };
}

export const defaultScheduleJobs: ScheduleJobs = {
  monthly: (ctx, issuer, period) => reportFigures(ctx, issuer, period, 'finance', ['senior-management']),
  semiAnnual: (ctx, issuer, period) => reportFigures(ctx, issuer, period, 'finance', ['directors', 'ineds']),
  // A placeholder until the forecast and escalation run is wired in: today's utilisation.
  dailyForecast: async (ctx, issuer, date) => ({
    report: 'daily-forecast',
    placeholder: true,
    asOf: date,
    utilisation: await utilisationAt(ctx, issuer, date),
  }),
};

function runJob(jobs: ScheduleJobs, ctx: AppContext, issuer: IssuerRecord, p: SchedulePeriod) {
  switch (p.schedule) {
    case 'monthly':
      return jobs.monthly(ctx, issuer, p);
    case 'semi-annual':
      return jobs.semiAnnual(ctx, issuer, p);
    case 'daily-forecast':
      return jobs.dailyForecast(ctx, issuer, p.end);
  }
}

export interface SchedulePassOptions {
  /** This process's name in the lease and on its runs: unique per process (e.g. host:pid:random). */
  readonly owner: string;
  /** How long the lease lasts unless renewed; also how old a 'running' run must be to be taken over. */
  readonly leaseMs: number;
  readonly jobs?: ScheduleJobs;
  /** Stop before the next run (the run under way is finished and recorded). */
  readonly signal?: AbortSignal;
}

export type ScheduleRunOutcome =
  | {
      readonly issuerId: string;
      readonly schedule: ScheduleName;
      readonly period: string;
      /** done: run and recorded. superseded: run, but its claim was taken over meanwhile (lease lost). */
      readonly outcome: 'done' | 'superseded';
    }
  | {
      readonly issuerId: string;
      readonly schedule: ScheduleName;
      /** Null when the issuer's due periods could not be worked out (e.g. an invalid year end). */
      readonly period: string | null;
      readonly outcome: 'failed';
      readonly error: unknown;
    };

export interface SchedulePassReport {
  /** False when another process holds the lease (nothing was run), or the lease was lost mid-pass. */
  readonly leaseHeld: boolean;
  /** The runs this pass made, in order. */
  readonly runs: readonly ScheduleRunOutcome[];
}

const plusMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/** The first day reported on: the earliest term start of the issuer's agreements; null without any. */
async function reportingStart(ctx: AppContext, issuerId: string): Promise<CalendarDate | null> {
  let first: CalendarDate | null = null;
  for (const a of await ctx.store.listAgreements(issuerId)) {
    for (const c of a.categories) if (first === null || c.termStart < first) first = c.termStart;
  }
  return first;
}

/**
 * One pass: with the lease, for every issuer and schedule, runs the due periods not yet done, in
 * period order. Without the lease (another process is the scheduler), does nothing.
 */
export async function runDueSchedules(
  ctx: AppContext,
  options: SchedulePassOptions,
): Promise<SchedulePassReport> {
  const { owner, leaseMs } = options;
  const jobs = options.jobs ?? defaultScheduleJobs;
  const runs: ScheduleRunOutcome[] = [];
  const holdLease = (at: string): Promise<boolean> =>
    ctx.store.acquireLease(SCHEDULER_LEASE, owner, at, plusMs(at, leaseMs));

  if (!(await holdLease(ctx.clock.now()))) return { leaseHeld: false, runs };
  const today = ctx.clock.today();
  for (const issuer of await ctx.store.listIssuers()) {
    const since = await reportingStart(ctx, issuer.id);
    if (since === null) continue;
    for (const schedule of SCHEDULE_NAMES) {
      let due: SchedulePeriod[];
      try {
        due = duePeriods(schedule, { financialYearEnd: issuer.financialYearEnd, since, today });
      } catch (error) {
        runs.push({ issuerId: issuer.id, schedule, period: null, outcome: 'failed', error });
        continue;
      }
      if (due.length === 0) continue;
      const done = new Set(
        (await ctx.store.listScheduleRuns(issuer.id, schedule))
          .filter((r) => r.status === 'done')
          .map((r) => r.period),
      );
      for (const period of due) {
        if (done.has(period.period)) continue;
        if (options.signal?.aborted) return { leaseHeld: true, runs };
        const startedAt = ctx.clock.now();
        if (!(await holdLease(startedAt))) return { leaseHeld: false, runs };
        const claim: ScheduleRunClaim = {
          issuerId: issuer.id,
          schedule,
          period: period.period,
          runBy: owner,
          startedAt,
        };
        // Not claimed: done meanwhile, or still running under a live claim.
        if (!(await ctx.store.claimScheduleRun(claim, SCHEDULER_LEASE, plusMs(startedAt, -leaseMs))))
          continue;
        let result: JsonObject;
        try {
          result = await runJob(jobs, ctx, issuer, period);
        } catch (error) {
          // Forgotten, so that the next pass runs it again (a claim left behind would wait out the lease).
          await ctx.store.abandonScheduleRun(claim).catch(() => undefined);
          runs.push({ issuerId: issuer.id, schedule, period: period.period, outcome: 'failed', error });
          continue;
        }
        const finished = await ctx.store.finishScheduleRun(claim, ctx.clock.now(), result);
        runs.push({
          issuerId: issuer.id,
          schedule,
          period: period.period,
          outcome: finished ? 'done' : 'superseded',
        });
      }
    }
  }
  return { leaseHeld: true, runs };
}

export interface SchedulerOptions extends Omit<SchedulePassOptions, 'signal'> {
  /** The pause between passes. Keep it below `leaseMs` so that one process stays the scheduler. */
  readonly intervalMs: number;
  /** A pass that failed (the database did not answer, …); the loop goes on. */
  readonly onError?: (error: unknown) => void;
  readonly onPass?: (report: SchedulePassReport) => void;
}

export interface Scheduler {
  /** Stops the loop: the job under way finishes and is recorded, then the lease is released. */
  stop(): Promise<void>;
}

/**
 * Runs `runDueSchedules` in a loop, one pass at a time (never overlapping itself), every
 * `intervalMs`. While a pass runs, the lease is renewed every third of `leaseMs`, so that a long job
 * does not let another process take over.
 */
export function startScheduler(ctx: AppContext, options: SchedulerOptions): Scheduler {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let interruptSleep: (() => void) | undefined;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      interruptSleep = resolve;
      timer = setTimeout(resolve, ms);
    });

  const renewEvery = Math.max(1, Math.floor(options.leaseMs / 3));
  /** The renewal in flight, awaited before the lease is released. */
  let renewing: Promise<unknown> = Promise.resolve();
  let inFlight = false;
  const renew = (): void => {
    // One at a time: on a slow disk, renewals queued behind each other would starve the pass.
    if (inFlight) return;
    inFlight = true;
    const now = ctx.clock.now();
    renewing = ctx.store
      .acquireLease(SCHEDULER_LEASE, options.owner, now, plusMs(now, options.leaseMs))
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => (inFlight = false));
  };

  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      const renewal = setInterval(renew, renewEvery);
      try {
        // Not `onPass?.(await runDueSchedules(…))`: without onPass, that would skip the pass itself.
        const report = await runDueSchedules(ctx, { ...options, signal: abort.signal });
        options.onPass?.(report);
      } catch (e) {
        options.onError?.(e);
      } finally {
        clearInterval(renewal);
        await renewing;
      }
      if (!abort.signal.aborted) await sleep(options.intervalMs);
    }
  };
  const running = loop();

  return {
    async stop() {
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
      interruptSleep?.();
      await running;
      await ctx.store
        .releaseLease(SCHEDULER_LEASE, options.owner)
        .catch((e: unknown) => options.onError?.(e));
    },
  };
}
