/**
 * Issue 9: importing 1,000,000 actual amounts from one CSV file, on each engine, with the built
 * `armslength import actuals` command as a user runs it. Peak resident memory is the kernel's
 * high-water mark (VmHWM) of the command and its child, read while it runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Store } from '../src/app/ports.js';
import { openStore } from '../src/store/index.js';
import { SERVER_ENTRY } from './server-memory.js';
import { databaseUrl, gateWorld, pgAdmin, tempDir, uniqueName, type Engine } from './support.js';

export interface ImportBenchResult {
  readonly engine: Engine;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb: number;
  readonly fileMb: number;
  readonly status: string;
  readonly capActualMinor: bigint;
  readonly expectedMinor: bigint;
  /** The command's summary line. */
  readonly summary: string;
}

/** A CSV of `rows` invoices in the generic preset's columns: RMB 0.01 to 99.99, in date order through 2026. */
export function writeImportFile(rows: number, agreementToken: string): { file: string; totalMinor: bigint } {
  const dir = tempDir('armslength-bench-import');
  const file = path.join(dir, `actuals-${rows}.csv`);
  const fd = fs.openSync(file, 'w');
  let total = 0n;
  let chunk = 'agreement,category,date,amount,currency,reference\n';
  for (let i = 0; i < rows; i += 1) {
    const minor = ((i * 7919) % 9999) + 1;
    total += BigInt(minor);
    // In posting-date order through 2026, as an ERP writes a year's invoices: 336 days (12 × 28).
    const d = Math.floor((i * 336) / rows);
    const month = String(Math.floor(d / 28) + 1).padStart(2, '0');
    const day = String((d % 28) + 1).padStart(2, '0');
    chunk += `${agreementToken},services,2026-${month}-${day},${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')},RMB,INV-${String(i).padStart(7, '0')}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return { file, totalMinor: total };
}

function vmHwmKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process and its descendants (`armslength import` runs its work in a child with a sized heap). */
function tree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '')
      .map(Number);
  } catch {
    // Gone already.
  }
  return [pid, ...children.flatMap(tree)];
}

/** Runs the built `armslength` command; resolves with its output, wall time and the tree's peak RSS. */
function runCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ out: string; seconds: number; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      if (child.pid !== undefined) for (const p of tree(child.pid)) peakKb = Math.max(peakKb, vmHwmKb(p));
    }, 25);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ out, seconds, peakKb });
      else
        reject(
          new Error(
            `armslength ${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`,
          ),
        );
    });
  });
}

/**
 * The bench issuer and agreement are recorded through the use cases (bench/support.ts), the store
 * closed, then `armslength import actuals FILE` runs as a user runs it. The file names the agreement
 * by its English name (the generic preset takes an id or a unique name).
 */
export async function importBench(
  engine: Engine,
  file: string,
  totalMinor: bigint,
): Promise<ImportBenchResult> {
  const key = 'b'.repeat(64);
  process.env['ARMSLENGTH_AUDIT_KEY'] = key;
  const env = { ...process.env, ARMSLENGTH_AUDIT_KEY: key, ARMSLENGTH_DEMO: '0', NODE_ENV: 'production' };
  let where: string[];
  let cleanup: () => Promise<void>;
  let store: Store;
  if (engine === 'sqlite') {
    const dir = tempDir('armslength-bench-import-db');
    store = await openStore({ engine: 'sqlite', dataDir: dir });
    where = ['--data', dir];
    cleanup = () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true }));
  } else {
    const url = databaseUrl();
    const schema = uniqueName('bench_import');
    store = await openStore({ engine: 'postgres', databaseUrl: url, schema });
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    where = ['--database-url', u.toString()];
    cleanup = () =>
      pgAdmin(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)).then(
        () => undefined,
      );
  }
  try {
    const w = await gateWorld(store, '1000000000.00');
    await store.close();
    const run = await runCommand(['import', 'actuals', file, '--issuer', w.actor.issuerId, ...where], env);
    const check =
      engine === 'sqlite'
        ? await openStore({ engine: 'sqlite', dataDir: where[1] as string })
        : await openStore({
            engine: 'postgres',
            databaseUrl: databaseUrl(),
            schema: new URL(where[1] as string).searchParams.get('options')?.split('=')[1] as string,
          });
    let actual: bigint;
    let written: number;
    try {
      actual = (await check.getUsage(w.capId)).actualMinor;
      written = (await check.listActuals(w.actor.issuerId, { limit: 10_000_000 })).length;
    } finally {
      await check.close();
    }
    return {
      engine,
      rows: written,
      seconds: run.seconds,
      rowsPerSecond: written / run.seconds,
      peakRssMb: run.peakKb / 1024,
      fileMb: fs.statSync(file).size / 1024 / 1024,
      status: /actuals written/.test(run.out) ? 'imported' : run.out.trim(),
      capActualMinor: actual,
      expectedMinor: totalMinor,
      summary: run.out.trim(),
    };
  } finally {
    await cleanup();
  }
}
