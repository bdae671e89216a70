/**
 * Issue 5's acceptance: the scheduler in two processes on one database, across a restart and across
 * a crash — each period's run is recorded exactly once, and periods missed meanwhile are caught up.
 * The children run the built code (`npm test` builds first).
 */
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { calendarDate, duePeriods, SCHEDULE_NAMES } from '../src/domain/index.js';
import { openStore, type StoreOptions } from '../src/store/index.js';
import { dropSchema, engineList, uniqueSchemaName } from './support/engines.js';
import { spawnSchedulerChild, type SchedulerChildOptions } from './support/scheduler-child.js';

/** Two issuers with the seed agreement (terms from 29 July 2025): year ends 31 December and 31 March. */
const ISSUERS = [
  { id: 'iss_december', financialYearEnd: '12-31' },
  { id: 'iss_march', financialYearEnd: '03-31' },
] as const;
const SINCE = calendarDate('2025-07-29');

/** "issuer schedule period" of every run due on `today`. */
function dueKeys(today: string): string[] {
  return ISSUERS.flatMap((issuer) =>
    SCHEDULE_NAMES.flatMap((schedule) =>
      duePeriods(schedule, {
        financialYearEnd: issuer.financialYearEnd,
        since: SINCE,
        today: calendarDate(today),
      }).map((p) => `${issuer.id} ${schedule} ${p.period}`),
    ),
  );
}

interface LogLine {
  owner: string;
  pid: number;
  issuerId: string;
  schedule: string;
  period: string;
}
const readLog = (file: string): LogLine[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as LogLine)
    : [];
const keyOf = (l: { issuerId: string; schedule: string; period: string }) =>
  `${l.issuerId} ${l.schedule} ${l.period}`;
const counts = (keys: readonly string[]) => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

async function allRuns(store: Store) {
  const runs = (await Promise.all(ISSUERS.map((i) => store.listScheduleRuns(i.id)))).flat();
  return runs.map((r) => ({ key: keyOf(r), status: r.status, runBy: r.runBy, pid: r.result?.['pid'] }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

interface Place {
  readonly options: StoreOptions;
  readonly store: Store;
  readonly dir: string;
  readonly child: (
    o: Omit<SchedulerChildOptions, 'store' | 'log'> & { log: string },
  ) => ReturnType<typeof spawnSchedulerChild>;
}

const engines = engineList().map((e) => e.name);
const databaseUrl = process.env['TEST_DATABASE_URL'] ?? '';

for (const engine of engines) {
  describe(`the scheduler across processes [${engine}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    /** A fresh database (a data directory, or a PostgreSQL schema) with the two issuers. */
    async function place(): Promise<Place> {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-sched-'));
      cleanups.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
      let options: StoreOptions;
      if (engine === 'sqlite') {
        options = { engine: 'sqlite', dataDir: path.join(dir, 'data') };
      } else {
        const schema = uniqueSchemaName();
        cleanups.push(() => dropSchema(databaseUrl, schema));
        options = { engine: 'postgres', databaseUrl, schema, poolSize: 2 };
      }
      const store = await openStore(options);
      cleanups.push(() => store.close());
      const ctx: AppContext = { store, clock: fixedClock('2026-03-15'), ids: randomIds };
      for (const i of ISSUERS) {
        await createIssuer(ctx, { ...i, name: { en: i.id, 'zh-Hant': null }, isDemo: false });
        await createAgreement(
          ctx,
          { userId: 'tester', issuerId: i.id, roles: OPERATOR_ROLES },
          seedAgreementInput(),
        );
      }
      return {
        options,
        store,
        dir,
        child: (o) => spawnSchedulerChild({ ...o, store: options }),
      };
    }

    it('two schedulers racing on one database run each due period exactly once, taking turns', async () => {
      const p = await place();
      const log = path.join(p.dir, 'jobs.log');
      const common = { today: '2026-07-02', log, runMs: 3000, leaseMs: 2000, jobMs: 15, passMs: 150 };
      const a = p.child({ ...common, owner: 'a', yieldMs: 30 });
      const b = p.child({ ...common, owner: 'b', yieldMs: 30 });
      const [ea, eb] = await Promise.all([a.exited, b.exited]);
      expect(ea.stderr).toBe('');
      expect(eb.stderr).toBe('');
      expect([ea.code, eb.code]).toEqual([0, 0]);
      const summaries = [ea, eb].map((e) => JSON.parse(e.stdout) as { owner: string; ran: number });

      const expected = dueKeys('2026-07-02');
      expect(expected).toHaveLength(30);
      const lines = readLog(log);
      // Each job executed once, by one of the two, and both took part in the catch-up.
      expect([...counts(lines.map(keyOf)).entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(lines.map(keyOf).sort()).toEqual([...expected].sort());
      expect(summaries.every((s) => s.ran > 0)).toBe(true);
      expect(summaries.reduce((n, s) => n + s.ran, 0)).toBe(30);

      const runs = await allRuns(p.store);
      expect(runs.map((r) => r.key).sort()).toEqual([...expected].sort());
      expect(runs.filter((r) => r.status !== 'done')).toEqual([]);
      // Recorded by the process that executed it.
      const executedBy = new Map(lines.map((l) => [keyOf(l), l]));
      for (const r of runs) {
        expect(r.pid).toBe(executedBy.get(r.key)?.pid);
        expect(r.runBy).toBe(executedBy.get(r.key)?.owner);
      }
    });

    it('across a restart, the periods missed while no scheduler ran are caught up, exactly once', async () => {
      const p = await place();
      const log = path.join(p.dir, 'jobs.log');
      const common = { log, runMs: 1200, leaseMs: 2000, jobMs: 5 };
      const first = await p.child({ ...common, today: '2026-03-15', owner: 'before' }).exited;
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const before = readLog(log).map(keyOf);
      expect(before.sort()).toEqual(dueKeys('2026-03-15').sort());

      const second = await p.child({ ...common, today: '2026-07-02', owner: 'after' }).exited;
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const after = readLog(log)
        .filter((l) => l.owner === 'after')
        .map(keyOf);
      const missed = dueKeys('2026-07-02').filter((k) => !dueKeys('2026-03-15').includes(k));
      expect(after.sort()).toEqual(missed.sort());
      // March to June, FY2026-H1 for the December year end, FY2026-H2 for the March one, and today's forecast.
      expect(missed.filter((k) => k.startsWith('iss_december')).sort()).toEqual(
        [
          'monthly 2026-03',
          'monthly 2026-04',
          'monthly 2026-05',
          'monthly 2026-06',
          'semi-annual FY2026-H1',
          'daily-forecast 2026-07-02',
        ]
          .map((k) => `iss_december ${k}`)
          .sort(),
      );
      expect(missed).toContain('iss_march semi-annual FY2026-H2');
      expect([...counts(readLog(log).map(keyOf)).values()].every((n) => n === 1)).toBe(true);
      const runs = await allRuns(p.store);
      expect(runs.filter((r) => r.status !== 'done')).toEqual([]);
      expect(runs.map((r) => r.key).sort()).toEqual(
        [...new Set([...dueKeys('2026-03-15'), ...dueKeys('2026-07-02')])].sort(),
      );
    });

    it('after a scheduler dies mid-job, another takes over once the lease expires and the run is recorded once', async () => {
      const p = await place();
      const log = path.join(p.dir, 'jobs.log');
      const today = '2026-07-02';
      // "a" would take a minute per job: it is killed in its first one.
      const a = p.child({ today, log, owner: 'a', runMs: 120_000, leaseMs: 1500, jobMs: 60_000 });
      await until(() => readLog(log).length === 1);
      a.child.kill('SIGKILL');
      expect((await a.exited).signal).toBe('SIGKILL');
      const interrupted = keyOf(readLog(log)[0] as LogLine);
      expect(await allRuns(p.store)).toMatchObject([{ key: interrupted, status: 'running', runBy: 'a' }]);

      const b = await p.child({ today, log, owner: 'b', runMs: 4000, leaseMs: 1500, jobMs: 5 }).exited;
      expect(b.stderr).toBe('');
      expect(b.code).toBe(0);
      // The interrupted job ran again (jobs must be idempotent); every run is recorded once, by b.
      const executed = counts(readLog(log).map(keyOf));
      expect(executed.get(interrupted)).toBe(2);
      expect([...executed.entries()].filter(([k, n]) => k !== interrupted && n !== 1)).toEqual([]);
      const runs = await allRuns(p.store);
      expect(runs.map((r) => r.key).sort()).toEqual(dueKeys(today).sort());
      expect(runs.filter((r) => r.status !== 'done' || r.runBy !== 'b')).toEqual([]);
    });
  });
}
