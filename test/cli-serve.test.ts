import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import { createIssuer, defaultIssuerFor, listIssuers } from '../src/app/issuers.js';
import type { AppContext } from '../src/app/context.js';
import { runCli, type CliDeps, type ServeOptions } from '../src/cli/index.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { openStore } from '../src/store/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-serve-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('armslength serve (the built command)', () => {
  it('listens on a free port, prints the demo sign-in then the URL, answers /api/v1/health, and stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'ARMSLENGTH_DEMO']) delete env[name];
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'armslength.js'), 'serve', '--port', '0', '--data', tempDir()],
      {
        cwd: root,
        env: { ...env, ARMSLENGTH_TODAY: '2026-11-23' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 20 s; stderr: ${stderr}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const m = /^Arm's Length listening on (http:\/\/127\.0\.0\.1:(\d+))\n/m.exec(stdout);
          if (m?.[1]) {
            clearTimeout(timer);
            expect(Number(m[2])).toBeGreaterThan(0);
            resolve(m[1]);
          }
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}; stderr: ${stderr}`)));
      });
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      // Anything else needs credentials (issue 6).
      expect((await fetch(`${url}/api/v1/utilization`)).status).toBe(401);
      // A new data directory gets the demo, and its sign-in is printed once, before the URL.
      const demo = /^Demo sign-in \(shown once; [^)]*\): (\S+) \/ (\S+)\n/m.exec(stdout);
      expect(demo?.[1]).toBe('admin@demo.armslength.invalid');
      const session = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: demo?.[1], password: demo?.[2] }),
      });
      expect(session.status).toBe(201);
      const cookie = /armslength_session=[^;]+/.exec(session.headers.get('set-cookie') ?? '')?.[0] ?? '';
      // The demo's six cap periods are served to the demo's administrator.
      const utilisation = (await (
        await fetch(`${url}/api/v1/utilization`, { headers: { cookie } })
      ).json()) as {
        items: { cap: string }[];
      };
      expect(utilisation.items.map((i) => i.cap)).toEqual([
        '41000000.00',
        '82000000.00',
        '82000000.00',
        '41000000.00',
        '33500000.00',
        '6700000.00',
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The demo sign-in (and how to retire it), then the URL: nothing else.
    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Demo sign-in /);
    expect(lines[1]).toMatch(/^Change it or disable the account/);
    expect(lines[2]).toMatch(/^Arm's Length listening on /);
  });
});

/** The commands in-process, with the server and the signal replaced: what `serve` decides before listening. */
function fakeDeps(dataDir: string, env: Record<string, string> = {}) {
  /** What serve was given, and the issuer a command naming none would read then (decision 0005). */
  const served: (Omit<ServeOptions, 'ctx'> & { readIssuer: string | undefined })[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    async openContext() {
      const store = await openStore({ engine: 'sqlite', dataDir });
      const ctx: AppContext = { store, clock: fixedClock('2026-11-23'), ids: randomIds };
      return { ctx, close: () => store.close() };
    },
    async serve({ ctx, ...options }) {
      served.push({ ...options, readIssuer: (await defaultIssuerFor(ctx, 'read'))?.id });
      return {
        url: `http://${options.host}:${options.port || 43210}`,
        close: () => Promise.resolve(),
      };
    },
    loadDemo,
    untilShutdown: () => Promise.resolve('SIGTERM'),
    env,
    version: '0.0.0-test',
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
  };
  const issuers = async () => {
    const store = await openStore({ engine: 'sqlite', dataDir });
    try {
      return await listIssuers({ store, clock: fixedClock('2026-11-23'), ids: randomIds });
    } finally {
      await store.close();
    }
  };
  return { deps, served, out, err, issuers };
}

describe('serve: which issuer, and when the demo is loaded', () => {
  it('loads the demo into a new database and serves the demo issuer', async () => {
    const f = fakeDeps(tempDir());
    expect(await runCli(f.deps, ['node', 'armslength', 'serve'])).toBe(0);
    const [demo, ...others] = await f.issuers();
    expect(demo).toMatchObject({ isDemo: true });
    expect(others).toEqual([]);
    // The demo's administrator is the first account: no setup code is needed.
    expect(f.served).toEqual([{ host: '127.0.0.1', port: 8080, setupCode: undefined, readIssuer: demo?.id }]);
    expect(f.out).toHaveLength(2);
    expect(f.out[0]).toMatch(
      /^Demo sign-in \(shown once; [^)]*\): admin@demo\.armslength\.invalid \/ [A-Za-z0-9_-]{24}\n/,
    );
    expect(f.out[1]).toBe("Arm's Length listening on http://127.0.0.1:8080\n");
  });

  it.each([
    { label: '--no-demo', args: ['--no-demo'], env: {} },
    { label: 'ARMSLENGTH_DEMO=0', args: [], env: { ARMSLENGTH_DEMO: '0' } },
  ])('with $label, creates a non-demo "Default issuer" instead', async ({ args, env }) => {
    const f = fakeDeps(tempDir(), env);
    expect(await runCli(f.deps, ['node', 'armslength', 'serve', ...args])).toBe(0);
    const list = await f.issuers();
    expect(list.map((i) => [i.name.en, i.isDemo])).toEqual([['Default issuer', false]]);
    expect(f.served[0]?.readIssuer).toBe(list[0]?.id);
    // No account and no demo: a one-time setup code is printed before the URL.
    const setupCode = f.served[0]?.setupCode;
    expect(setupCode).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(f.out).toHaveLength(2);
    expect(f.out[0]).toContain(`one-time setup code ${String(setupCode)}`);
    expect(f.out[1]).toBe("Arm's Length listening on http://127.0.0.1:8080\n");
  });

  it('never loads the demo into a database that has issuers, and serves the first issuer', async () => {
    const dataDir = tempDir();
    const store = await openStore({ engine: 'sqlite', dataDir });
    const first = await createIssuer(
      { store, clock: fixedClock('2026-11-23'), ids: randomIds },
      { name: { en: 'Real Issuer Ltd', 'zh-Hant': null }, isDemo: false },
    );
    await store.close();
    const f = fakeDeps(dataDir);
    expect(await runCli(f.deps, ['node', 'armslength', 'serve'])).toBe(0);
    expect((await f.issuers()).map((i) => i.id)).toEqual([first.id]);
    expect(f.served[0]?.readIssuer).toBe(first.id);
  });

  it('takes the port and host from --port/--host first, then PORT/HOST', async () => {
    const fromEnv = fakeDeps(tempDir(), { PORT: '9090', HOST: '0.0.0.0' });
    expect(await runCli(fromEnv.deps, ['node', 'armslength', 'serve', '--no-demo'])).toBe(0);
    expect(fromEnv.served[0]).toMatchObject({ host: '0.0.0.0', port: 9090 });
    const fromFlags = fakeDeps(tempDir(), { PORT: '9090', HOST: '0.0.0.0' });
    expect(
      await runCli(fromFlags.deps, [
        'node',
        'armslength',
        'serve',
        '--no-demo',
        '--port',
        '0',
        '--host',
        '::1',
      ]),
    ).toBe(0);
    expect(fromFlags.served[0]).toMatchObject({ host: '::1', port: 0 });
  });
});
