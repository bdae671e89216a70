import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These tests run the built command as a user would (`npm test` builds first; locally: npm run build).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'armslength.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a user with no database configured, on a pinned day. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'ARMSLENGTH_DEMO']) delete env[name];
  return { ...env, ARMSLENGTH_TODAY: '2026-11-23', ...extra };
}

function armslength(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-cli-'));
  dirs.push(dir);
  return dir;
};

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('armslength demo, then utilization', () => {
  let data = '';
  beforeAll(async () => {
    data = tempDir();
    const demo = await armslength(['demo', '--data', data]);
    expect(demo).toMatchObject({ code: 0, stderr: '' });
    expect(demo.stdout).toMatch(
      /Loaded the demo data set under the issuer "Kingsoft Cloud Holdings Limited \(demo data\)"/,
    );
  });

  it('prints the six seed cap periods with their exact caps in RMB', async () => {
    const run = await armslength(['utilization', '--data', data, '--as-of', '2026-03-15']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'Cap utilisation as of 15 March 2026 — Kingsoft Cloud Holdings Limited (demo data)',
    );
    const rows = run.stdout.split('\n').filter((l) => /^(IDC services|Network hardware equipment) /.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['IDC services', '29 Jul 2025 – 31 Dec 2025', 'RMB41,000,000.00'],
      ['IDC services', '1 Jan 2026 – 31 Dec 2026', 'RMB82,000,000.00'],
      ['IDC services', '1 Jan 2027 – 31 Dec 2027', 'RMB82,000,000.00'],
      ['IDC services', '1 Jan 2028 – 28 Jul 2028', 'RMB41,000,000.00'],
      ['Network hardware equipment', '29 Jul 2025 – 31 Dec 2025', 'RMB33,500,000.00'],
      ['Network hardware equipment', '1 Jan 2026 – 28 Jul 2026', 'RMB6,700,000.00'],
    ]);
    // The 2025 IDC stub as of 15 March 2026: five months invoiced, RMB30.1 million of RMB41.0 million.
    expect(rows[0]?.split(/\s{2,}/)).toEqual([
      'IDC services',
      '29 Jul 2025 – 31 Dec 2025',
      'RMB41,000,000.00',
      'RMB30,100,000.00',
      'RMB0.00',
      'RMB10,900,000.00',
      '73.4%',
    ]);
  });

  it('gives the items as JSON with --json', async () => {
    const run = await armslength(['utilization', '--data', data, '--as-of', '2026-03-15', '--json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      asOf: string;
      items: { categoryKeys: string[]; periodStart: string; cap: string; currency: string }[];
    };
    expect(body.asOf).toBe('2026-03-15');
    expect(body.items.map((i) => [i.categoryKeys.join(), i.periodStart, i.cap, i.currency])).toEqual([
      ['idc-services', '2025-07-29', '41000000.00', 'CNY'],
      ['idc-services', '2026-01-01', '82000000.00', 'CNY'],
      ['idc-services', '2027-01-01', '82000000.00', 'CNY'],
      ['idc-services', '2028-01-01', '41000000.00', 'CNY'],
      ['network-hardware', '2025-07-29', '33500000.00', 'CNY'],
      ['network-hardware', '2026-01-01', '6700000.00', 'CNY'],
    ]);
  });

  it('loads the demo once: a second `demo` says so and exits 0', async () => {
    const run = await armslength(['demo', '--data', data]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/already loaded.*nothing was changed/);
    const json = await armslength(['utilization', '--data', data, '--json']);
    expect((JSON.parse(json.stdout) as { items: unknown[] }).items).toHaveLength(6);
  });

  it('exits 2 naming asOf for an impossible date', async () => {
    const run = await armslength(['utilization', '--data', data, '--as-of', '2026-13-01']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^armslength: Invalid input: asOf "2026-13-01" is not a calendar date/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for an unknown agreement', async () => {
    const run = await armslength(['utilization', '--data', data, '--agreement', 'agr_nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('agr_nope');
  });
});

describe('exit statuses', () => {
  it.each([
    { label: 'an unknown option', args: ['utilization', '--bogus'], stderr: /unknown option '--bogus'/ },
    { label: 'an unknown command', args: ['frobnicate'], stderr: /unknown command 'frobnicate'/ },
    { label: 'no command at all', args: [], stderr: /Usage: armslength/ },
    {
      label: 'a port that is not a number',
      args: ['serve', '--port', 'eighty'],
      stderr: /--port must be a whole number/,
    },
    {
      label: 'a port out of range',
      args: ['serve', '--port', '70000'],
      stderr: /--port must be a whole number/,
    },
    {
      label: 'both --data and --database-url',
      args: ['demo', '--data', 'x', '--database-url', 'postgres://a@127.0.0.1:1/b'],
      stderr: /choose one database/,
    },
    {
      label: 'a --database-url that is not PostgreSQL',
      args: ['utilization', '--database-url', 'mysql://a@b/c'],
      stderr: /--database-url must be a PostgreSQL URL/,
    },
  ])('exits 2 for $label', async ({ args, stderr }) => {
    const run = await armslength(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
  });

  it('exits 2 for an invalid PORT in the environment', async () => {
    const run = await armslength(['serve', '--data', tempDir()], cleanEnv({ PORT: 'http' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PORT must be a whole number/);
  });

  it('exits 0 for --help and --version', async () => {
    const help = await armslength(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve[\s\S]*demo[\s\S]*utilization/);
    const version = await armslength(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) as unknown });
  });

  it.each([
    { label: '--database-url', args: ['--database-url', 'postgres://x:y@127.0.0.1:1/none'], env: cleanEnv() },
    { label: 'DATABASE_URL', args: [], env: cleanEnv({ DATABASE_URL: 'postgres://x:y@127.0.0.1:1/none' }) },
  ])(
    'exits 70 with a one-line error, no stack and no password, when the database ($label) is unreachable',
    async ({ args, env }) => {
      const run = await armslength(['utilization', ...args], env);
      expect(run.code).toBe(70);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^armslength: Unavailable: cannot open the database \(PostgreSQL at postgres:\/\/x:\*\*\*@127\.0\.0\.1:1\/none\): .*ECONNREFUSED/,
      );
      expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)|:y@/);
    },
  );

  it('exits 70 and says how to build when dist/ is missing', async () => {
    const copy = tempDir();
    fs.mkdirSync(path.join(copy, 'bin'));
    fs.copyFileSync(bin, path.join(copy, 'bin', 'armslength.js'));
    const run = await new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [path.join(copy, 'bin', 'armslength.js'), 'utilization'],
        { cwd: copy },
        (error, stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(70);
    expect(run.stderr).toContain('run npm install (it builds) or npm run build');
  });

  it('prefers an explicit --data over DATABASE_URL', async () => {
    const run = await armslength(
      ['utilization', '--data', tempDir(), '--json'],
      cleanEnv({ DATABASE_URL: 'postgres://x:y@127.0.0.1:1/none' }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ asOf: '2026-11-23', items: [] });
  });
});

describe('refusals and invalid settings', () => {
  it('refuses (exit 1) to load the demo into a database that already has records', async () => {
    const data = tempDir();
    const serve = await armslength(['utilization', '--data', data]); // a new, empty database
    expect(serve.code).toBe(0);
    const { openStore } = await import('../src/store/index.js');
    const { createIssuer } = await import('../src/app/issuers.js');
    const { fixedClock, randomIds } = await import('../src/adapters/system.js');
    const store = await openStore({ engine: 'sqlite', dataDir: data });
    await createIssuer(
      { store, clock: fixedClock('2026-11-23'), ids: randomIds },
      { name: { en: 'Real Issuer Ltd', 'zh-Hant': null }, isDemo: false },
    );
    await store.close();
    const run = await armslength(['demo', '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/only into a new database/);
  });

  it('exits 2 naming ARMSLENGTH_TODAY when it is not a date', async () => {
    const run = await armslength(
      ['utilization', '--data', tempDir()],
      cleanEnv({ ARMSLENGTH_TODAY: '2026-13-45' }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ARMSLENGTH_TODAY/);
  });
});
