/**
 * `npm run bench`: the order gate's throughput, its ceilings (a bare SQLite transaction, pgbench -N),
 * the ledger-size and overshoot comparison with the naive check, and the server's peak memory.
 * Prints each table and writes them, with the machine, into docs/performance.md between the
 * `bench:begin` / `bench:end` markers (text outside the markers is kept).
 * Never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { bareSqlite } from './bare.js';
import { gateThroughput, type GateResult } from './gate.js';
import {
  ledgerSize,
  RACE_ATTEMPTS,
  RACE_CLIENTS,
  RACE_HEADROOM_ORDERS,
  THROUGHPUT_CLIENTS,
  type LedgerSizeResult,
  type RaceResult,
} from './ledger-size.js';
import { importBench, writeImportFile, type ImportBenchResult } from './import.js';
import { pgbench, type PgbenchResult } from './pgbench.js';
import { serverMemory, type ServerMemoryResult } from './server-memory.js';
import {
  databaseUrl,
  fmt,
  log,
  pct,
  pgAdmin,
  postgresReachable,
  SECONDS,
  WARMUP_SECONDS,
  type Engine,
  type RunResult,
} from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC = path.join(ROOT, 'docs', 'performance.md');
const CLIENTS = [1, 8, 32] as const;
const LEDGER_ROWS = (process.env['BENCH_LEDGER_ROWS'] ?? '10000,100000,1000000').split(',').map(Number);
const PGBENCH_SECONDS = Number(process.env['BENCH_PGBENCH_SECONDS'] ?? '10');
const SERVER_SECONDS = Number(process.env['BENCH_SERVER_SECONDS'] ?? '10');
const RATIO_ROUNDS = 3;
const IMPORT_ROWS = Number(process.env['BENCH_IMPORT_ROWS'] ?? '1000000');
/** BENCH_ONLY=import runs the import section alone (it still rewrites the document). */
const ONLY = process.env['BENCH_ONLY'];

interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly pass: boolean | null;
}

const sections: string[] = [];
const targets: Target[] = [];

function emit(title: string, body: string): void {
  const text = `### ${title}\n\n${body.trim()}\n`;
  sections.push(text);
  log(`\n${text}`);
}

const table = (head: string[], rows: (string | number)[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const rateCell = (r: RunResult): string =>
  fmt(r.rate) + (r.errors ? ` (${r.errors} errors: ${r.firstError ?? ''})` : '');
const mb = (bytes: number): string => `${fmt(bytes / 1024 / 1024 / 1024, 1)} GiB`;

function machine(pgVersion: string): string {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  const nproc = execFileSync('nproc').toString().trim();
  const sqlite = new BetterSqlite3(':memory:');
  const sqliteVersion = String((sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v);
  sqlite.close();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  return table(
    ['', ''],
    [
      ['date', new Date().toISOString()],
      ['CPU', `${model}, nproc = ${nproc}`],
      ['memory', mb(os.totalmem())],
      ['OS', `${os.type()} ${os.release()}`],
      ['Node', process.version],
      ['PostgreSQL', pgVersion],
      ['SQLite', `${sqliteVersion} (better-sqlite3; WAL, synchronous=FULL)`],
      ['load average at start (1/5/15 min)', load],
      ['window per measurement', `${SECONDS} s after a ${WARMUP_SECONDS} s warm-up (BENCH_SECONDS)`],
    ],
  );
}

async function gateSection(engines: Engine[]): Promise<Map<string, GateResult>> {
  const results = new Map<string, GateResult>();
  const rows: (string | number)[][] = [];
  for (const engine of engines) {
    for (const clients of CLIENTS) {
      for (const caps of clients === 1 ? [1] : [1, clients]) {
        const r = await gateThroughput(engine, clients, SECONDS, clients, caps);
        results.set(`${engine}/${clients}/${caps}`, r);
        log(`  ${engine} ${clients} clients on ${caps} cap(s): ${fmt(r.rate)} orders/s`);
        rows.push([
          engine,
          clients,
          caps === 1 ? '1 (hot row)' : caps,
          engine === 'postgres' ? r.poolSize : '1 connection',
          rateCell(r),
          fmt(r.accepted + r.refused),
          fmt(r.cpuMicrosPerOp),
        ]);
      }
    }
  }
  emit(
    '1. Order gate: the real use case `recordOrder`',
    `Caps of 9,000,000,000,000.00 CNY (never reached), one-line orders of 100.00 CNY, each with the two independent ` +
      `quotes the default pricing policy asks for (issue 4); N async clients in one Node ` +
      `process call the use case back to back. "1 (hot row)": every client orders against one cap, so each order ` +
      `waits for the previous one's lock on that cap's row (the worst case). "N": client c orders against cap c mod N, ` +
      `each cap its own agreement — like pgbench's random accounts. Every order was accepted.\n\n` +
      table(
        ['engine', 'clients', 'caps', 'pool size', 'orders/s', 'orders in window', 'Node CPU µs / order'],
        rows,
      ),
  );
  return results;
}

async function sqliteRatioSection(): Promise<void> {
  const useCase: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < RATIO_ROUNDS; round++) {
    useCase.push((await gateThroughput('sqlite', THROUGHPUT_CLIENTS, SECONDS)).rate);
    bare.push((await bareSqlite(THROUGHPUT_CLIENTS, SECONDS)).rate);
    log(`  round ${round + 1}: use case ${fmt(useCase[round] ?? 0)}, bare ${fmt(bare[round] ?? 0)}`);
  }
  const ratio = median(useCase) / median(bare);
  // One client: nothing queues, so group commit cannot help; shown so that the ratio above is read right.
  const single = (await gateThroughput('sqlite', 1, SECONDS)).rate;
  const singleBare = (await bareSqlite(1, SECONDS)).rate;
  targets.push({
    name: 'SQLite: use case / bare guarded update + insert',
    goal: '≥ 70%',
    measured: pct(ratio),
    pass: ratio >= 0.7,
  });
  emit(
    '2. SQLite: the use case against a bare guarded transaction',
    `Bare: raw better-sqlite3 on its own file, same pragmas, \`BEGIN IMMEDIATE; UPDATE cap_usage … guarded … RETURNING; ` +
      `INSERT INTO ledger (ledger_entries' columns and indexes); COMMIT\`, prepared statements. ` +
      `${RATIO_ROUNDS} alternating rounds at ${THROUGHPUT_CLIENTS} clients; the ratio is of the medians. ` +
      `The use case group-commits (transactions queued meanwhile share one COMMIT and its fsync, each in its own ` +
      `savepoint, none answered before that COMMIT); the bare loop commits each transaction, as a naive gate would. ` +
      `With one client nothing queues: use case ${fmt(single)} orders/s against bare ${fmt(singleBare)} tx/s ` +
      `(${pct(single / singleBare)}).\n\n` +
      table(
        ['round', 'use case orders/s', 'bare tx/s', 'ratio'],
        [
          ...useCase.map((u, i) => [i + 1, fmt(u), fmt(bare[i] ?? 0), pct(u / (bare[i] ?? 1))]),
          [
            '**median**',
            `**${fmt(median(useCase))}**`,
            `**${fmt(median(bare))}**`,
            `**${pct(ratio)}** (target ≥ 70%)`,
          ],
        ],
      ),
  );
}

async function pgbenchSection(): Promise<void> {
  const C = THROUGHPUT_CLIENTS;
  // The target compares like with like: pgbench -N updates random rows of 1,000,000 accounts, so the
  // use case spreads its clients over as many caps; the hot row (one cap for everyone) is shown beside.
  const spreadBefore = await gateThroughput('postgres', C, SECONDS, C, C);
  const hotBefore = await gateThroughput('postgres', C, SECONDS, C, 1);
  let pb: PgbenchResult;
  try {
    pb = await pgbench(C, 2, PGBENCH_SECONDS, 10);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    targets.push({
      name: 'PostgreSQL: use case at 8 clients / pgbench -N',
      goal: '≥ 50%',
      measured: `pgbench failed: ${message}`,
      pass: null,
    });
    emit('3. PostgreSQL: the use case against pgbench -N', `pgbench could not run: ${message}`);
    return;
  }
  const spreadAfter = await gateThroughput('postgres', C, SECONDS, C, C);
  const hotAfter = await gateThroughput('postgres', C, SECONDS, C, 1);
  const spread = (spreadBefore.rate + spreadAfter.rate) / 2;
  const hot = (hotBefore.rate + hotAfter.rate) / 2;
  const ratio = spread / pb.tps;
  targets.push({
    name: `PostgreSQL: use case at ${C} clients on ${C} caps / pgbench -N`,
    goal: '≥ 50%',
    measured: `${pct(ratio)} (one hot cap: ${pct(hot / pb.tps)})`,
    pass: ratio >= 0.5,
  });
  const run = (label: string, r: GateResult) => [
    label,
    `${fmt(r.rate)} orders/s`,
    `Node CPU ${fmt(r.cpuMicrosPerOp)} µs/order`,
  ];
  emit(
    '3. PostgreSQL: the use case against pgbench -N',
    `\`${pb.command}\` on the same server, database \`armslength_bench\`; the use case ran just before and just after it ` +
      `(${C} clients, pool ${C}), on ${C} caps (client c on cap c mod ${C}, like pgbench's random rows) and on one hot cap.\n\n` +
      table(
        ['', 'rate', 'note'],
        [
          run(`use case, ${C} caps, before pgbench`, spreadBefore),
          run('use case, one hot cap, before pgbench', hotBefore),
          ['pgbench -N', `${fmt(pb.tps)} tps`, `latency ${pb.latencyMs ?? '?'} ms`],
          run(`use case, ${C} caps, after pgbench`, spreadAfter),
          run('use case, one hot cap, after pgbench', hotAfter),
          [`**ratio, ${C} caps** (mean of the use case runs / pgbench)`, `**${pct(ratio)}**`, 'target ≥ 50%'],
          ['ratio, one hot cap', pct(hot / pb.tps), 'every order waits for the previous commit on one row'],
        ],
      ),
  );
}

const raceCell = (r: RaceResult): string =>
  `${r.accepted} of ${r.attempts} accepted; overshoot ${fmt(Number(r.overshootMinor) / 100, 2)} CNY (${r.excessOrders} orders)`;

async function ledgerSection(engines: Engine[]): Promise<void> {
  const all: LedgerSizeResult[] = [];
  for (const engine of engines) {
    for (const rows of LEDGER_ROWS) {
      log(`  ${engine}, ${fmt(rows)} rows`);
      all.push(await ledgerSize(engine, rows, SECONDS, log));
    }
  }
  const rows = all.map((r) => [
    r.engine,
    fmt(r.rows),
    fmt(r.prefillSeconds, 1),
    rateCell(r.guarded),
    raceCell(r.guardedRace),
    r.usageMatchesLedger ? 'yes' : '**NO**',
    rateCell(r.naive),
    raceCell(r.naiveRace),
  ]);
  const keep: string[] = [];
  for (const engine of engines) {
    const mine = all.filter((r) => r.engine === engine);
    const small = mine.find((r) => r.rows === Math.min(...LEDGER_ROWS));
    const large = mine.find((r) => r.rows === Math.max(...LEDGER_ROWS));
    if (!small || !large || small === large) continue;
    const g = large.guarded.rate / small.guarded.rate;
    const n = large.naive.rate / small.naive.rate;
    targets.push({
      name: `${engine}: use case at ${fmt(large.rows)} rows vs ${fmt(small.rows)}`,
      goal: '≥ 80%',
      measured: pct(g),
      pass: g >= 0.8,
    });
    targets.push({
      name: `${engine}: naive check at ${fmt(large.rows)} rows vs ${fmt(small.rows)}`,
      goal: '< 80% (collapses)',
      measured: pct(n),
      pass: n < 0.8,
    });
    keep.push(
      `- ${engine}: the use case keeps **${pct(g)}** of its ${fmt(small.rows)}-row rate at ${fmt(large.rows)} rows; the naive check keeps **${pct(n)}**.`,
    );
  }
  const overshoot = all.filter(
    (r) => r.guardedRace.overshootMinor > 0n || r.guardedRace.errors > 0 || !r.usageMatchesLedger,
  );
  targets.push({
    name: `use case: overshoot under ${RACE_CLIENTS} racing clients`,
    goal: '0 at every size, cap_usage = ledger sum',
    measured: overshoot.length === 0 ? '0 everywhere' : `${overshoot.length} runs overshot or disagreed`,
    pass: overshoot.length === 0,
  });
  const naiveOver = all.filter((r) => r.naiveRace.overshootMinor > 0n).length;
  targets.push({
    name: 'naive check: overshoot under 32 racing clients',
    goal: '> 0 (expected)',
    measured: `${naiveOver} of ${all.length} runs overshot`,
    pass: null,
  });
  emit(
    '4. Ledger size: the use case against the naive "SELECT SUM then INSERT" check',
    `ledger_entries pre-filled with N rows for the cap under test (PostgreSQL: one \`INSERT … SELECT generate_series\`, then VACUUM ANALYZE; ` +
      `SQLite: one prepared statement in one transaction, then ANALYZE), cap_usage raised by their sum. ` +
      `Throughput at ${THROUGHPUT_CLIENTS} clients under a cap never reached. Race: the cap is revised (a real revision) so that ` +
      `${RACE_HEADROOM_ORDERS} more orders of 100.00 fit; ${RACE_CLIENTS} clients start at once, each placing up to ${RACE_ATTEMPTS} ` +
      `orders until its first refusal; overshoot = final utilisation − cap. The naive check runs in a READ COMMITTED transaction on ` +
      `PostgreSQL; SQLite has no READ COMMITTED (its transactions are serializable), so there it is two autocommit statements through the ` +
      `async Kysely driver, as a naive server would issue them.\n\n` +
      table(
        [
          'engine',
          'ledger rows',
          'prefill s',
          'use case orders/s',
          'use case race',
          'cap_usage = Σ ledger',
          'naive orders/s',
          'naive race',
        ],
        rows,
      ) +
      `\n\n${keep.join('\n')}`,
  );
}

async function serverSection(): Promise<void> {
  let r: ServerMemoryResult;
  try {
    r = await serverMemory(32, SERVER_SECONDS);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    targets.push({
      name: 'server peak RSS',
      goal: '< 300 MB',
      measured: `not measured: ${message.split('\n')[0] ?? ''}`,
      pass: null,
    });
    emit('5. Server peak memory', `Not measured: ${message}`);
    return;
  }
  targets.push({
    name: 'server peak RSS (VmHWM)',
    goal: '< 300 MB',
    measured: `${fmt(r.peakRssMb)} MB`,
    pass: r.peakRssMb < 300,
  });
  emit(
    '5. Server peak memory',
    `\`node bin/armslength.js serve --port 0 --data <tmp> --no-demo\` (embedded SQLite) as a child process; POST /api/v1/agreements, then ` +
      `32 concurrent clients (Node fetch) posting one-line orders to 127.0.0.1 for ${SERVER_SECONDS} s.\n\n` +
      table(
        ['RSS after start and one agreement', 'peak RSS (VmHWM)', 'orders/s over HTTP', 'responses'],
        [
          [
            `${fmt(r.idleRssMb)} MB`,
            `**${fmt(r.peakRssMb)} MB**`,
            rateCell(r.http),
            Object.entries(r.statusCounts)
              .map(([s, n]) => `${s}: ${fmt(n)}`)
              .join(', '),
          ],
        ],
      ),
  );
}

async function importSection(engines: readonly Engine[]): Promise<void> {
  const { file, totalMinor } = writeImportFile(IMPORT_ROWS, 'Bench master services agreement');
  const results: ImportBenchResult[] = [];
  try {
    for (const engine of engines) {
      log(`  ${engine}: importing ${fmt(IMPORT_ROWS)} rows`);
      results.push(await importBench(engine, file, totalMinor));
    }
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  for (const r of results) {
    const exact = r.status === 'imported' && r.rows === IMPORT_ROWS && r.capActualMinor === r.expectedMinor;
    if (r.engine === 'sqlite') {
      targets.push({
        name: `import of ${fmt(IMPORT_ROWS)} rows, SQLite`,
        goal: '≥ 50,000 rows/s',
        measured: `${fmt(r.rowsPerSecond)} rows/s`,
        pass: exact && r.rowsPerSecond >= 50_000,
      });
      targets.push({
        name: 'import peak RSS, SQLite',
        goal: '< 500 MB',
        measured: `${fmt(r.peakRssMb)} MB`,
        pass: exact && r.peakRssMb < 500,
      });
    } else
      targets.push({
        name: `import of ${fmt(IMPORT_ROWS)} rows, PostgreSQL`,
        goal: '(no target) < 500 MB',
        measured: `${fmt(r.rowsPerSecond)} rows/s, ${fmt(r.peakRssMb)} MB`,
        pass: exact ? r.peakRssMb < 500 : false,
      });
  }
  emit(
    '6. Import of actual amounts (issue 9)',
    `One CSV file of ${fmt(IMPORT_ROWS)} invoices (${fmt(results[0]?.fileMb ?? 0, 1)} MB) in the generic preset's columns, in posting-date order through 2026, ` +
      'imported by the built command `armslength import actuals FILE --issuer ID` (every row validated, then written in batches of 10,000 through the threshold and breach logic). ' +
      "Seconds are the command's wall time, start-up included; peak RSS is the kernel's high-water mark (VmHWM) of the command and the child it runs the import in (with a heap sized to the file). " +
      '"exact": every row written and the cap\'s actual amount equal to the file\'s total, to the cent.\n\n' +
      table(
        ['engine', 'rows', 'seconds', 'rows/s', 'peak RSS', 'exact'],
        results.map((r) => [
          r.engine,
          fmt(r.rows),
          fmt(r.seconds, 1),
          `**${fmt(r.rowsPerSecond)}**`,
          `${fmt(r.peakRssMb)} MB`,
          r.status === 'imported' && r.capActualMinor === r.expectedMinor ? 'yes' : `NO (${r.status})`,
        ]),
      ),
  );
}

function writeDoc(machineTable: string, summary: string): void {
  const generated = [
    '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->',
    '## Latest run',
    '',
    machineTable,
    '',
    summary,
    '',
    ...sections,
    '<!-- bench:end -->',
  ].join('\n');
  let doc = fs.existsSync(DOC)
    ? fs.readFileSync(DOC, 'utf8')
    : '# Performance\n\n`npm run bench` measures the order gate; see bench/.\n\n';
  const begin = doc.indexOf('<!-- bench:begin');
  const endMarker = '<!-- bench:end -->';
  const end = doc.indexOf(endMarker);
  doc =
    begin >= 0 && end > begin
      ? doc.slice(0, begin) + generated + doc.slice(end + endMarker.length)
      : `${doc.trimEnd()}\n\n${generated}\n`;
  fs.writeFileSync(DOC, doc);
}

async function main(): Promise<void> {
  const started = performance.now();
  const unreachable = await postgresReachable(databaseUrl());
  let pgVersion = 'unreachable';
  if (unreachable === null) {
    pgVersion = await pgAdmin(databaseUrl(), async (c) =>
      String(
        (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?',
      ),
    );
  } else {
    log(`PostgreSQL is unreachable (${unreachable}): running the SQLite part only.`);
  }
  const engines: Engine[] = unreachable === null ? ['sqlite', 'postgres'] : ['sqlite'];
  const machineTable = machine(pgVersion);
  log(machineTable);

  if (ONLY !== 'import') {
    log('\n1. order gate throughput');
    await gateSection(engines);
    log('\n2. SQLite: use case vs bare');
    await sqliteRatioSection();
  }
  if (ONLY === 'import') {
    // Only the import section.
  } else if (unreachable === null) {
    log('\n3. PostgreSQL: use case vs pgbench -N');
    await pgbenchSection();
  } else {
    targets.push({
      name: 'PostgreSQL: use case at 8 clients / pgbench -N',
      goal: '≥ 50%',
      measured: `NOT RUN: PostgreSQL unreachable (${unreachable})`,
      pass: null,
    });
  }
  if (ONLY !== 'import') {
    log('\n4. ledger size');
    await ledgerSection(engines);
    log('\n5. server memory');
    await serverSection();
  }
  log('\n6. import');
  await importSection(engines);

  const verdict = (p: boolean | null) => (p === null ? 'n/a' : p ? 'PASS' : '**FAIL**');
  const summary =
    `### Summary\n\n` +
    (unreachable === null
      ? ''
      : `**PostgreSQL was unreachable (${unreachable}); only the SQLite part ran.**\n\n`) +
    table(
      ['target', 'goal', 'measured', 'verdict'],
      targets.map((t) => [t.name, t.goal, t.measured, verdict(t.pass)]),
    ) +
    `\n\nWhole run: ${fmt((performance.now() - started) / 1000)} s; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}.`;
  log(`\n${summary}`);
  if (ONLY !== undefined) {
    log(
      `\nBENCH_ONLY=${ONLY}: ${path.relative(process.cwd(), DOC)} was left as it is (it holds the whole run).`,
    );
    return;
  }
  writeDoc(machineTable, summary);
  log(`\nwritten to ${path.relative(process.cwd(), DOC)}`);
}

await main();
