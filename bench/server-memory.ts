/**
 * The server's peak memory: the real server as a child process (embedded SQLite in a temp directory),
 * one agreement, then 32 concurrent clients posting orders over HTTP to 127.0.0.1. Peak RSS is the
 * kernel's high-water mark, VmHWM in /proc/<pid>/status.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORY, orderBody, tempDir, type RunResult } from './support.js';

/** The package root: dist/bench/ → ../../ */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The package's `armslength` command (dist/src/main.js exports `main`; bin/armslength.js runs it). */
export const SERVER_ENTRY = path.join(ROOT, 'bin', 'armslength.js');

export interface ServerMemoryResult {
  readonly peakRssMb: number;
  readonly idleRssMb: number;
  readonly http: RunResult;
  readonly statusCounts: Record<string, number>;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m?.[1]) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

export async function serverMemory(clients: number, seconds: number): Promise<ServerMemoryResult> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'main.js')))
    throw new Error('dist/src/main.js is missing: build the server first (npm run build)');
  const dataDir = tempDir('armslength-bench-server');
  // Issue 6: every API call needs credentials — an issuer, a user with the roles the bench uses, a token.
  const cli = (args: string[], input = '') =>
    execFileSync(process.execPath, [SERVER_ENTRY, ...args, '--data', dataDir], {
      cwd: ROOT,
      input,
      env: { ...process.env, ARMSLENGTH_DEMO: '0' },
    }).toString();
  const issuerId = cli(['issuers', 'add', '--name', 'Bench Issuer Ltd']).trim().split('\n').at(-1) ?? '';
  for (const role of ['company-secretary', 'business'])
    cli(
      [
        'users',
        'add',
        '--email',
        'bench@bench.invalid',
        '--issuer',
        issuerId,
        '--role',
        role,
        '--password-stdin',
      ],
      'bench password, not a real one\n',
    );
  const token =
    cli(['tokens', 'create', '--email', 'bench@bench.invalid', '--issuer', issuerId])
      .trim()
      .split('\n')
      .at(-1) ?? '';
  const child = spawn(
    process.execPath,
    [SERVER_ENTRY, 'serve', '--port', '0', '--data', dataDir, '--no-demo'],
    {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', ARMSLENGTH_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`the server did not start within 30 s\n${out}\n${stderr}`)),
        30_000,
      );
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1].replace(/\/$/, ''));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before listening\n${out}\n${stderr}`));
      });
    });
    const url = new URL(base);
    if (url.hostname !== '127.0.0.1')
      throw new Error(`the server listens on ${url.hostname}; the bench only talks to 127.0.0.1`);
    const pid = child.pid;
    if (pid === undefined) throw new Error('no child pid');
    const post = async (p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    };
    const agreement = await post('/api/v1/agreements', {
      name: 'Bench master services agreement',
      counterparty: { name: 'Bench Connected Person Ltd' },
      signedOn: '2025-12-15',
      categories: [
        {
          key: CATEGORY,
          name: 'Services',
          direction: 'issuer-purchases',
          termStart: '2026-01-01',
          termEnd: '2028-12-31',
        },
      ],
      caps: [
        {
          categoryKeys: [CATEGORY],
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          amount: '9000000000000.00',
          currency: 'CNY',
        },
      ],
    });
    const agreementId = (agreement.json as { id?: unknown }).id;
    if (agreement.status !== 201 || typeof agreementId !== 'string') {
      throw new Error(
        `POST /api/v1/agreements answered ${agreement.status}: ${JSON.stringify(agreement.json)}`,
      );
    }
    const idleRssMb = statusKb(pid, 'VmRSS') / 1024;
    const statusCounts: Record<string, number> = {};
    let accepted = 0;
    let refused = 0;
    let errors = 0;
    let firstError: string | undefined;
    const stopAt = performance.now() + seconds * 1000;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; performance.now() < stopAt; i++) {
          try {
            const r = await post('/api/v1/orders', orderBody(agreementId, `HTTP-${c}-${i}`, '100.00'));
            statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
            if (r.status === 201) accepted++;
            else if (r.status === 409) refused++;
            else {
              errors++;
              firstError ??= `${r.status} ${JSON.stringify(r.json)}`;
            }
          } catch (e) {
            errors++;
            firstError ??= e instanceof Error ? e.message : String(e);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const peakRssMb = statusKb(pid, 'VmHWM') / 1024;
    return {
      peakRssMb,
      idleRssMb,
      statusCounts,
      http: {
        clients,
        seconds: elapsed,
        accepted,
        refused,
        errors,
        rate: (accepted + refused) / elapsed,
        cpuMicrosPerOp: (used.user + used.system) / Math.max(1, accepted + refused + errors),
        ...(firstError !== undefined ? { firstError } : {}),
      },
    };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
