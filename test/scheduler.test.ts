import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { expect, it, onTestFinished } from 'vitest';
import type { AppContext } from '../src/app/context.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { createIssuer } from '../src/app/issuers.js';
import { createSubscription } from '../src/app/notification-subscriptions.js';
import type { Clock, IssuerRecord, JsonObject, Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import {
  defaultScheduleJobs,
  runDueSchedules,
  SCHEDULER_LEASE,
  startScheduler,
  type ScheduleJobs,
} from '../src/app/scheduler.js';
import { randomIds } from '../src/adapters/system.js';
import { calendarDate, type SchedulePeriod } from '../src/domain/index.js';
import { seedAgreement, world, type TestWorld } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';

const LEASE_MS = 30_000;

/** A clock whose day and instant the test moves. */
function movableClock(today: string) {
  let day = today;
  let t = Date.parse(`${today}T04:00:00.000Z`);
  const clock: Clock = { today: () => calendarDate(day), now: () => new Date(t).toISOString() };
  return {
    clock,
    setToday(d: string) {
      day = d;
      t = Math.max(t, Date.parse(`${d}T04:00:00.000Z`));
    },
    advance(ms: number) {
      t += ms;
    },
  };
}

/** Jobs that record every execution, and fail on demand. */
function countingJobs() {
  const executed: string[] = [];
  const failing = new Set<string>();
  const record = (issuer: IssuerRecord, schedule: string, period: string): Promise<JsonObject> => {
    const key = `${schedule} ${period}`;
    executed.push(key);
    if (failing.has(key)) return Promise.reject(new Error(`${key} failed`));
    return Promise.resolve({ issuerId: issuer.id, schedule, period });
  };
  const jobs: ScheduleJobs = {
    monthly: (_ctx, issuer, p: SchedulePeriod) => record(issuer, 'monthly', p.period),
    semiAnnual: (_ctx, issuer, p: SchedulePeriod) => record(issuer, 'semi-annual', p.period),
    dailyForecast: (_ctx, issuer, date) => record(issuer, 'daily-forecast', date),
  };
  return { jobs, executed, failing };
}

interface Setup {
  readonly w: TestWorld;
  readonly ctx: AppContext;
  readonly time: ReturnType<typeof movableClock>;
}

/** The seed agreement (terms from 29 July 2025) for an issuer, and a scheduler context on `today`. */
async function setup(store: Store, today: string): Promise<Setup> {
  const w = await world(store);
  await seedAgreement(w);
  const time = movableClock(today);
  return { w, ctx: { store, clock: time.clock, ids: randomIds }, time };
}

const periodsOf = async (store: Store, issuerId: string, schedule?: 'monthly' | 'semi-annual') =>
  (await store.listScheduleRuns(issuerId, schedule)).map((r) => `${r.schedule} ${r.period} ${r.status}`);

describeEachEngine('schedules', (open) => {
  it('one pass runs every period due since the first term start, oldest first, and records the figures as at its end', async () => {
    const store = await open();
    const { w, ctx } = await setup(store, '2026-03-15');
    const posted = await postActual(w.ctx, w.actor, {
      agreementId: (await store.listAgreements(w.actor.issuerId))[0]?.id,
      categoryKey: 'network-hardware',
      date: '2026-01-20',
      amount: '1000000.00',
      currency: 'CNY',
      reference: 'INV-1',
    });
    expect(posted.statusCode).toBe(201);

    const pass = await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS });
    expect(pass.leaseHeld).toBe(true);
    expect(pass.runs.map((r) => `${r.schedule} ${r.period} ${r.outcome}`)).toEqual([
      ...['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'].map(
        (m) => `monthly ${m} done`,
      ),
      'semi-annual FY2025-H2 done',
      'daily-forecast 2026-03-15 done',
    ]);

    const runs = await store.listScheduleRuns(w.actor.issuerId);
    expect(runs).toHaveLength(10);
    for (const r of runs) {
      expect(r).toMatchObject({ status: 'done', runBy: 'a', issuerId: w.actor.issuerId });
      expect(r.finishedAt).not.toBeNull();
    }
    // The January report has the actual of 20 January; December's has none; both as at the month end.
    const january = runs.find((r) => r.period === '2026-01')?.result;
    const december = runs.find((r) => r.period === '2025-12')?.result;
    const util = (asOf: string) => getUtilization(w.ctx, w.actor, { asOf });
    expect(january).toMatchObject({
      report: 'monthly',
      from: 'finance',
      to: ['senior-management'],
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      asOf: '2026-01-31',
    });
    expect(january?.['utilisation']).toEqual((await util('2026-01-31')).items);
    expect(december?.['utilisation']).toEqual((await util('2025-12-31')).items);
    expect(JSON.stringify(january)).toContain('"actual":"1000000.00"');
    expect(JSON.stringify(december)).not.toContain('"actual":"1000000.00"');
    const half = runs.find((r) => r.period === 'FY2025-H2')?.result;
    expect(half).toMatchObject({
      report: 'semi-annual',
      to: ['directors', 'ineds'],
      periodStart: '2025-07-01',
      periodEnd: '2025-12-31',
    });
    expect(half?.['utilisation']).toEqual((await util('2025-12-31')).items);

    // Issue 7: each run issued its reports (stored with their hash), recorded on the run.
    const issued = await store.listIssuedReports(w.actor.issuerId);
    expect(issued.map((r) => `${r.kind} ${r.period} v${r.version}`).sort()).toEqual(
      [
        ...['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'].flatMap(
          (m) => [`monthly-monitoring ${m} v1`, `monthly-management ${m} v1`],
        ),
        'semi-annual-directors 2025-H2 v1',
      ].sort(),
    );
    expect(january?.['issued']).toMatchObject([
      { kind: 'monthly-monitoring', version: 1, created: true, to: ['finance'] },
      { kind: 'monthly-management', version: 1, created: true, to: ['senior-management'] },
    ]);
    expect(half?.['issued']).toMatchObject([{ kind: 'semi-annual-directors', to: ['directors', 'ineds'] }]);
  });

  it('a scheduled run notifies the report readers subscribed, by e-mail and webhook, with the issued version', async () => {
    const store = await open();
    const { w, ctx } = await setup(store, '2026-01-05');
    await createSubscription(w.ctx, w.actor, {
      role: 'senior-management',
      channel: 'email',
      target: 'sm@issuer.test',
    });
    await createSubscription(w.ctx, w.actor, {
      role: 'directors',
      channel: 'webhook',
      target: 'https://hooks.issuer.test/board',
      secret: 'a-webhook-secret-of-enough-length',
    });
    await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS });
    const outbox = await store.listOutbox(w.actor.issuerId);
    const emails = outbox
      .filter((o) => o.channel === 'email')
      .map((o) => o.subject)
      .sort();
    // Senior management hears of the management reports only (July to December 2025).
    expect(emails).toEqual(
      ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'].map(
        (m) => `Monthly report to senior management on continuing connected transactions: ${m}`,
      ),
    );
    const july = outbox.find((o) => o.subject.endsWith('2025-07'));
    const reports = await store.listIssuedReports(w.actor.issuerId, {
      kind: 'monthly-management',
      period: '2025-07',
    });
    expect(july?.payload).toContain(`SHA-256 ${reports[0]?.sha256 ?? 'none'}`);
    expect(july?.payload).toContain('持續關連交易每月高級管理層報告');
    // The board hears of the half-year report by webhook, with the issued version.
    const hooks = outbox.filter((o) => o.channel === 'webhook');
    expect(hooks).toHaveLength(1);
    const [half] = await store.listIssuedReports(w.actor.issuerId, { kind: 'semi-annual-directors' });
    expect(JSON.parse(hooks[0]?.payload ?? '{}')).toMatchObject({
      event: 'report.issued',
      role: 'directors',
      report: {
        id: half?.id,
        kind: 'semi-annual-directors',
        period: '2025-H2',
        sha256: half?.sha256,
        version: 1,
      },
    });
  });

  it('names the halves by the financial year they belong to, for a 31 March year end', async () => {
    const store = await open();
    const { ctx, time } = await setup(store, '2026-06-02');
    const issuer = await createIssuer(ctx, {
      id: 'iss_march',
      name: { en: 'March Year End Ltd', 'zh-Hant': null },
      isDemo: false,
      financialYearEnd: '03-31',
    });
    await seedAgreement({ ctx, actor: { userId: 'tester', issuerId: issuer.id, roles: OPERATOR_ROLES } });
    const { jobs } = countingJobs();
    await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS, jobs });
    expect(await periodsOf(store, issuer.id, 'semi-annual')).toEqual([
      'semi-annual FY2026-H1 done',
      'semi-annual FY2026-H2 done',
    ]);
    // FY2027-H1 (April – September 2026) is due on 1 October.
    time.setToday('2026-10-01');
    await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS, jobs });
    expect(await periodsOf(store, issuer.id, 'semi-annual')).toEqual([
      'semi-annual FY2026-H1 done',
      'semi-annual FY2026-H2 done',
      'semi-annual FY2027-H1 done',
    ]);
  });

  it('is idempotent: a second pass, and a second scheduler racing the first, run nothing again', async () => {
    const store = await open();
    const { w, ctx, time } = await setup(store, '2026-03-15');
    const { jobs, executed } = countingJobs();
    const [a, b] = await Promise.all([
      runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS, jobs }),
      runDueSchedules(ctx, { owner: 'b', leaseMs: LEASE_MS, jobs }),
    ]);
    // Exactly one of them was the scheduler.
    expect([a.leaseHeld, b.leaseHeld].sort()).toEqual([false, true]);
    expect(executed).toHaveLength(10);
    expect(new Set(executed).size).toBe(10);
    time.advance(1000);
    const again = await runDueSchedules(ctx, { owner: a.leaseHeld ? 'a' : 'b', leaseMs: LEASE_MS, jobs });
    expect(again).toEqual({ leaseHeld: true, runs: [] });
    expect(executed).toHaveLength(10);
    expect(await store.listScheduleRuns(w.actor.issuerId)).toHaveLength(10);
  });

  it('catches up after downtime: the months missed run on the next pass, the daily forecast for today only', async () => {
    const store = await open();
    const { w, ctx, time } = await setup(store, '2026-03-15');
    const { jobs, executed } = countingJobs();
    await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS, jobs });
    executed.length = 0;
    time.setToday('2026-06-02');
    const pass = await runDueSchedules(ctx, { owner: 'b', leaseMs: LEASE_MS, jobs });
    expect(pass.leaseHeld).toBe(true);
    expect(executed).toEqual([
      'monthly 2026-03',
      'monthly 2026-04',
      'monthly 2026-05',
      'daily-forecast 2026-06-02',
    ]);
    const daily = (await store.listScheduleRuns(w.actor.issuerId, 'daily-forecast')).map((r) => r.period);
    expect(daily).toEqual(['2026-03-15', '2026-06-02']);
    time.setToday('2026-07-02');
    executed.length = 0;
    await runDueSchedules(ctx, { owner: 'b', leaseMs: LEASE_MS, jobs });
    expect(executed).toEqual(['monthly 2026-06', 'semi-annual FY2026-H1', 'daily-forecast 2026-07-02']);
  });

  it('a run whose job throws is not marked done and runs again on the next pass', async () => {
    const store = await open();
    const { w, ctx, time } = await setup(store, '2025-10-02');
    const { jobs, executed, failing } = countingJobs();
    failing.add('monthly 2025-08');
    const first = await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS, jobs });
    expect(first.runs.map((r) => `${r.period} ${r.outcome}`)).toEqual([
      '2025-07 done',
      '2025-08 failed',
      '2025-09 done',
      '2025-10-02 done',
    ]);
    expect(await periodsOf(store, w.actor.issuerId, 'monthly')).toEqual([
      'monthly 2025-07 done',
      'monthly 2025-09 done',
    ]);
    failing.clear();
    time.advance(60_000);
    executed.length = 0;
    const second = await runDueSchedules(ctx, { owner: 'a', leaseMs: LEASE_MS, jobs });
    expect(second.runs.map((r) => `${r.period} ${r.outcome}`)).toEqual(['2025-08 done']);
    expect(executed).toEqual(['monthly 2025-08']);
  });

  it('a run left running by a scheduler that died is taken over once its lease has expired, and not before', async () => {
    const store = await open();
    const { w, ctx, time } = await setup(store, '2025-09-02');
    const issuerId = w.actor.issuerId;
    // Scheduler "dead" claimed July and died in its job.
    const now = ctx.clock.now();
    expect(await store.acquireLease(SCHEDULER_LEASE, 'dead', now, plus(now, LEASE_MS))).toBe(true);
    const claim = {
      issuerId,
      schedule: 'monthly' as const,
      period: '2025-07',
      runBy: 'dead',
      startedAt: now,
    };
    expect(await store.claimScheduleRun(claim, SCHEDULER_LEASE, plus(now, -LEASE_MS))).toBe(true);

    const { jobs, executed } = countingJobs();
    time.advance(LEASE_MS - 1);
    expect(await runDueSchedules(ctx, { owner: 'b', leaseMs: LEASE_MS, jobs })).toEqual({
      leaseHeld: false,
      runs: [],
    });
    time.advance(1);
    const pass = await runDueSchedules(ctx, { owner: 'b', leaseMs: LEASE_MS, jobs });
    expect(pass.leaseHeld).toBe(true);
    expect(executed).toEqual(['monthly 2025-07', 'monthly 2025-08', 'daily-forecast 2025-09-02']);
    expect(await store.listScheduleRuns(issuerId, 'monthly')).toMatchObject([
      { period: '2025-07', status: 'done', runBy: 'b' },
      { period: '2025-08', status: 'done', runBy: 'b' },
    ]);
    // The dead scheduler's claim can no longer finish the run.
    expect(await store.finishScheduleRun(claim, ctx.clock.now(), { late: true })).toBe(false);
    expect((await store.listScheduleRuns(issuerId, 'monthly'))[0]?.result).toEqual({
      issuerId,
      schedule: 'monthly',
      period: '2025-07',
    });
  });

  it('the lease: taken when free or expired, extended by its holder, refused to others, released', async () => {
    const store = await open();
    const t0 = '2026-01-01T00:00:00.000Z';
    const t1 = '2026-01-01T00:00:10.000Z';
    const t2 = '2026-01-01T00:00:30.000Z';
    expect(await store.acquireLease('x', 'a', t0, t1)).toBe(true);
    expect(await store.acquireLease('x', 'b', t0, t2)).toBe(false);
    expect(await store.acquireLease('x', 'a', t0, t2)).toBe(true); // extended to t2
    expect(await store.acquireLease('x', 'b', t1, t2)).toBe(false);
    expect(await store.acquireLease('x', 'b', t2, plus(t2, 1000))).toBe(true); // a's expired at t2
    expect(await store.acquireLease('x', 'a', t2, plus(t2, 1000))).toBe(false);
    await store.releaseLease('x', 'a'); // not a's: nothing happens
    expect(await store.acquireLease('x', 'a', t2, plus(t2, 1000))).toBe(false);
    await store.releaseLease('x', 'b');
    expect(await store.acquireLease('x', 'a', t2, plus(t2, 1000))).toBe(true);
    // Many concurrent takers: exactly one wins.
    const t3 = plus(t2, 5000);
    const winners = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.acquireLease('y', `p${i}`, t3, plus(t3, 1000))),
    );
    expect(winners.filter(Boolean)).toHaveLength(1);
  });

  it('a run is claimed only by the lease holder, once, and finished only by its claim', async () => {
    const store = await open();
    const { w } = await setup(store, '2026-03-15');
    const at = '2026-03-15T04:00:00.000Z';
    const claim = {
      issuerId: w.actor.issuerId,
      schedule: 'monthly' as const,
      period: '2026-02',
      startedAt: at,
    };
    const stale = plus(at, -LEASE_MS);
    expect(await store.claimScheduleRun({ ...claim, runBy: 'a' }, SCHEDULER_LEASE, stale)).toBe(false);
    expect(await store.listScheduleRuns(w.actor.issuerId)).toEqual([]);
    await store.acquireLease(SCHEDULER_LEASE, 'a', at, plus(at, LEASE_MS));
    const claims = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.claimScheduleRun({ ...claim, runBy: 'a' }, SCHEDULER_LEASE, stale),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(
      await store.finishScheduleRun({ ...claim, runBy: 'a', startedAt: plus(at, 1) }, at, { wrong: true }),
    ).toBe(false);
    expect(await store.finishScheduleRun({ ...claim, runBy: 'a' }, plus(at, 5), { figures: [1, 2] })).toBe(
      true,
    );
    expect(await store.listScheduleRuns(w.actor.issuerId)).toEqual([
      {
        issuerId: w.actor.issuerId,
        schedule: 'monthly',
        period: '2026-02',
        status: 'done',
        runBy: 'a',
        startedAt: at,
        finishedAt: plus(at, 5),
        result: { figures: [1, 2] },
      },
    ]);
    // Done is done: not even a stale claim takes it again.
    expect(
      await store.claimScheduleRun(
        { ...claim, runBy: 'a', startedAt: plus(at, 1) },
        SCHEDULER_LEASE,
        plus(at, 10),
      ),
    ).toBe(false);
  });

  it('startScheduler runs passes without overlapping, renews the lease through a long job, and stops cleanly', async () => {
    const store = await open();
    const { w } = await setup(store, '2025-08-02');
    // The real clock for the lease, a pinned day for the periods.
    const ctx: AppContext = {
      store,
      clock: { today: () => calendarDate('2025-08-02'), now: () => new Date().toISOString() },
      ids: randomIds,
    };
    let running = 0;
    let overlapped = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const jobs: ScheduleJobs = {
      ...defaultScheduleJobs,
      monthly: async (_ctx, _issuer, p) => {
        running += 1;
        if (running > 1) overlapped = true;
        started.push(p.period);
        await gate; // longer than the lease
        running -= 1;
        return { period: p.period };
      },
      dailyForecast: (_ctx, _issuer, date) => Promise.resolve({ date }),
    };
    const errors: unknown[] = [];
    const scheduler = startScheduler(ctx, {
      owner: 'a',
      intervalMs: 20,
      leaseMs: 1000,
      jobs,
      onError: (e) => errors.push(e),
    });
    onTestFinished(() => scheduler.stop());
    await until(() => started.length === 1);
    // While the job runs beyond its lease, the renewals keep another scheduler out.
    await sleep(2500);
    const other = await runDueSchedules(ctx, { owner: 'b', leaseMs: 1000 });
    expect(other.leaseHeld).toBe(false);
    release();
    await until(async () =>
      (await store.listScheduleRuns(w.actor.issuerId)).every((r) => r.status === 'done'),
    );
    await sleep(100); // a few more passes: nothing runs twice
    const stopping = scheduler.stop();
    await stopping;
    expect(overlapped).toBe(false);
    expect(started).toEqual(['2025-07']);
    expect(errors).toEqual([]);
    expect(await periodsOf(store, w.actor.issuerId)).toEqual([
      'daily-forecast 2025-08-02 done',
      'monthly 2025-07 done',
    ]);
    // The lease was released: another scheduler takes it at once.
    expect((await runDueSchedules(ctx, { owner: 'b', leaseMs: 1000 })).leaseHeld).toBe(true);
  });

  it('GET /api/v1/schedule-runs lists the runs, of one schedule when asked', async () => {
    const store = await open();
    const { w, ctx } = await setup(store, '2025-09-02');
    await runDueSchedules(ctx, { owner: 'proc-1', leaseMs: LEASE_MS });
    const app = await testServer(w.ctx, w.actor.issuerId);
    const all = await app.inject({ method: 'GET', url: '/api/v1/schedule-runs' });
    expect(all.statusCode).toBe(200);
    const items = all.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.map((i) => `${String(i['schedule'])} ${String(i['period'])}`)).toEqual([
      'daily-forecast 2025-09-02',
      'monthly 2025-07',
      'monthly 2025-08',
    ]);
    expect(items[1]).toMatchObject({ status: 'done', runBy: 'proc-1', result: { periodEnd: '2025-07-31' } });
    expect(Object.keys(items[1] ?? {}).sort()).toEqual(
      ['finishedAt', 'period', 'result', 'runBy', 'schedule', 'startedAt', 'status'].sort(),
    );
    const monthly = await app.inject({ method: 'GET', url: '/api/v1/schedule-runs?schedule=monthly' });
    expect(monthly.json<{ items: unknown[] }>().items).toHaveLength(2);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/schedule-runs?schedule=weekly' });
    expect(bad.statusCode).toBe(422);
  });
});

function plus(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}
