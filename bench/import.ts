/**
 * Issue 9: importing 1,000,000 actual amounts from one CSV file, on each engine. The file is written
 * once; each engine's import runs in a child process (bench/import-child.ts) whose peak resident
 * memory (VmHWM, the kernel's high-water mark) is read while it runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { databaseUrl, pgAdmin, tempDir, uniqueName, type Engine } from './support.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'import-child.js');

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
}

/** A CSV of `rows` invoices in the generic preset's columns: RMB 0.01 to 99.99, spread over 2026. */
export function writeImportFile(rows: number, agreementToken: string): { file: string; totalMinor: bigint } {
  const dir = tempDir('armslength-bench-import');
  const file = path.join(dir, `actuals-${rows}.csv`);
  const fd = fs.openSync(file, 'w');
  let total = 0n;
  let chunk = 'agreement,category,date,amount,currency,reference\n';
  for (let i = 0; i < rows; i += 1) {
    const minor = ((i * 7919) % 9999) + 1;
    total += BigInt(minor);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
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

function runChild(args: string[]): Promise<{ out: string; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], {
      env: { ...process.env, NODE_ENV: 'production', ARMSLENGTH_AUDIT_KEY: 'b'.repeat(64) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      if (child.pid !== undefined) peakKb = Math.max(peakKb, vmHwmKb(child.pid));
    }, 50);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code === 0) resolve({ out, peakKb });
      else reject(new Error(`import child exited ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

/**
 * The agreement id is random per store, so the file names the bench agreement by its English name
 * (the generic preset accepts an id or a unique name).
 */
export async function importBench(
  engine: Engine,
  rows: number,
  file: string,
  totalMinor: bigint,
): Promise<ImportBenchResult> {
  let where: string;
  let schema = '-';
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    where = tempDir('armslength-bench-import-db');
    cleanup = () => Promise.resolve(fs.rmSync(where, { recursive: true, force: true }));
  } else {
    where = databaseUrl();
    schema = uniqueName('bench_import');
    cleanup = () =>
      pgAdmin(where, (c) => c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)).then(
        () => undefined,
      );
  }
  try {
    const { out, peakKb } = await runChild([where, schema, file]);
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      seconds: number;
      status: string;
      rowsWritten: number;
      capActual: string;
    };
    return {
      engine,
      rows: r.rowsWritten,
      seconds: r.seconds,
      rowsPerSecond: r.rowsWritten / r.seconds,
      peakRssMb: peakKb / 1024,
      fileMb: fs.statSync(file).size / 1024 / 1024,
      status: r.status,
      capActualMinor: BigInt(r.capActual),
      expectedMinor: totalMinor,
    };
  } finally {
    await cleanup();
  }
}
