/**
 * Issue 6, item 6: `armslength doctor` reports an insecure configuration — no TLS in front, the
 * demo's printed credentials still active, a weak secret — and exits 1 while there is one; and the
 * operator's account commands (`users list|disable|enable|password`, `tokens list|revoke`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIds, systemClock } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { checkConfig, type ConfigFacts } from '../src/app/doctor.js';
import { DEMO_ADMIN_EMAIL } from '../src/app/setup.js';
import { authenticateToken } from '../src/app/tokens.js';
import { verifyPassword } from '../src/app/users.js';
import { openStore } from '../src/store/index.js';
import { requireBuild, runArmslength } from './support/cli.js';

const random32 = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));
const base: ConfigFacts = {
  publicUrl: 'https://cct.example.com',
  trustProxy: true,
  host: '127.0.0.1',
  engine: 'postgres',
  auditKey: { source: 'env', bytes: random32 },
  anchorConfigured: true,
  databasePassword: 'a-long-and-random-password',
  smtpScheme: 'smtps',
};
const insecure = (facts: ConfigFacts) =>
  checkConfig(facts)
    .filter((f) => f.severity === 'insecure')
    .map((f) => f.check);

describe('the configuration checks', () => {
  it('passes a configuration behind TLS with a random key from the environment', () => {
    expect(insecure(base)).toEqual([]);
    expect(checkConfig(base).every((f) => f.severity === 'ok')).toBe(true);
  });

  it.each<[string, Partial<ConfigFacts>, string]>([
    ['no TLS, listening on every interface', { publicUrl: undefined, host: '0.0.0.0' }, 'tls'],
    [
      'a plain http public address on a public interface',
      { publicUrl: 'http://cct.example.com', host: '10.0.0.5' },
      'tls',
    ],
    ['a key of one repeated byte', { auditKey: { source: 'env', bytes: Buffer.alloc(32, 7) } }, 'audit-key'],
    [
      'a key file others can read',
      { auditKey: { source: 'file', bytes: random32, fileMode: 0o100644 } },
      'audit-key',
    ],
    ['a malformed key', { auditKey: { source: 'invalid', where: 'ARMSLENGTH_AUDIT_KEY' } }, 'audit-key'],
    ['no key for PostgreSQL', { auditKey: { source: 'none' } }, 'audit-key'],
    ['a well-known database password', { databasePassword: 'postgres' }, 'database'],
    ['a short database password', { databasePassword: 'Xy7!q' }, 'database'],
  ])('reports %s as insecure', (_what, change, check) => {
    expect(insecure({ ...base, ...change })).toEqual([check]);
  });

  it('only warns about no TLS on loopback, an https address without a trusted proxy, and plain SMTP', () => {
    const facts = { ...base, publicUrl: undefined, smtpScheme: 'smtp' };
    expect(insecure(facts)).toEqual([]);
    expect(
      checkConfig(facts)
        .filter((f) => f.severity === 'warning')
        .map((f) => f.check),
    ).toEqual(['tls', 'smtp']);
    expect(checkConfig({ ...base, trustProxy: false }).find((f) => f.check === 'tls')?.severity).toBe(
      'warning',
    );
  });
});

describe('armslength doctor and the account commands on a demo database', () => {
  let data = '';
  beforeAll(() => {
    requireBuild();
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-doctor-'));
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  async function withCtx<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
    const store = await openStore({ engine: 'sqlite', dataDir: data });
    try {
      return await fn({ store, clock: systemClock({}), ids: randomIds });
    } finally {
      await store.close();
    }
  }

  it('prints the demo admin once, reports it until its password changes, and judges the key file', async () => {
    const demo = await runArmslength(['demo', '--data', data]);
    expect(demo.code, demo.stderr).toBe(0);
    const m = new RegExp(`${DEMO_ADMIN_EMAIL.replace(/\./g, '\\.')} / (\\S+)`).exec(demo.stdout);
    expect(m, demo.stdout).not.toBeNull();
    const printed = m?.[1] ?? '';
    expect((await withCtx((ctx) => verifyPassword(ctx, DEMO_ADMIN_EMAIL, printed))).ok).toBe(true);
    // Loading again prints no credentials.
    const again = await runArmslength(['demo', '--data', data]);
    expect(again.stdout).not.toContain(DEMO_ADMIN_EMAIL);

    const before = await runArmslength(['doctor', '--data', data, '--json']);
    expect(before.code).toBe(1);
    const report = JSON.parse(before.stdout) as {
      ok: boolean;
      findings: { check: string; severity: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'default-credentials', severity: 'insecure' }),
    );
    const text = await runArmslength(['doctor', '--data', data]);
    expect(text.stdout).toMatch(/INSECURE default-credentials: admin@demo\.armslength\.invalid/);

    const changed = await runArmslength(
      ['users', 'password', '--email', DEMO_ADMIN_EMAIL, '--password-stdin', '--data', data],
      {
        input: 'a brand new demo passphrase\n',
      },
    );
    expect(changed.code, changed.stderr).toBe(0);
    expect((await withCtx((ctx) => verifyPassword(ctx, DEMO_ADMIN_EMAIL, printed))).ok).toBe(false);
    const after = await runArmslength(['doctor', '--data', data]);
    expect(after.code, after.stdout).toBe(0);

    // Sealing the log generates the key file, 0600; loosened, the doctor says so.
    expect((await runArmslength(['audit', 'verify', '--data', data])).code).toBe(0);
    expect(fs.statSync(path.join(data, 'audit.key')).mode & 0o777).toBe(0o600);
    fs.chmodSync(path.join(data, 'audit.key'), 0o644);
    const loose = await runArmslength(['doctor', '--data', data]);
    expect(loose.code).toBe(1);
    expect(loose.stdout).toMatch(/INSECURE audit-key: the audit key file can be read by others \(mode 644\)/);
    fs.chmodSync(path.join(data, 'audit.key'), 0o600);

    // A weak key in the environment, and a public interface without TLS.
    const weak = await runArmslength(['doctor', '--data', data], {
      env: { ARMSLENGTH_AUDIT_KEY: '00'.repeat(32), HOST: '0.0.0.0' },
    });
    expect(weak.code).toBe(1);
    expect(weak.stdout).toMatch(/INSECURE audit-key: the audit key \(ARMSLENGTH_AUDIT_KEY\) is weak/);
    expect(weak.stdout).toMatch(/INSECURE tls: no TLS in front, and listening on 0\.0\.0\.0/);
  });

  it('lists users, disables and enables an account, lists and revokes tokens', async () => {
    const listed = await runArmslength(['users', 'list', '--data', data, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const users = JSON.parse(listed.stdout) as { items: { email: string; roles: { role: string }[] }[] };
    expect(users.items.find((u) => u.email === DEMO_ADMIN_EMAIL)?.roles.map((r) => r.role)).toContain(
      'admin',
    );

    const created = await runArmslength([
      'tokens',
      'create',
      '--email',
      DEMO_ADMIN_EMAIL,
      '--issuer',
      'iss_demo',
      '--data',
      data,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(await withCtx((ctx) => authenticateToken(ctx, token))).not.toBeNull();

    const tokens = await runArmslength(['tokens', 'list', '--email', DEMO_ADMIN_EMAIL, '--data', data]);
    expect(tokens.stdout).toContain(`${token.slice(0, 8)}…`);
    expect(tokens.stdout).not.toContain(token);
    const id = /^(tok_\S+)/m.exec(tokens.stdout)?.[1] ?? '';

    const disabled = await runArmslength(['users', 'disable', '--email', DEMO_ADMIN_EMAIL, '--data', data]);
    expect(disabled.code).toBe(0);
    expect(await withCtx((ctx) => authenticateToken(ctx, token))).toBeNull();
    expect(
      (await withCtx((ctx) => verifyPassword(ctx, DEMO_ADMIN_EMAIL, 'a brand new demo passphrase'))).ok,
    ).toBe(false);
    await runArmslength(['users', 'enable', '--email', DEMO_ADMIN_EMAIL, '--data', data]);
    expect(await withCtx((ctx) => authenticateToken(ctx, token))).not.toBeNull();

    const revoked = await runArmslength([
      'tokens',
      'revoke',
      '--email',
      DEMO_ADMIN_EMAIL,
      '--id',
      id,
      '--data',
      data,
    ]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await withCtx((ctx) => authenticateToken(ctx, token))).toBeNull();
    const unknown = await runArmslength([
      'users',
      'disable',
      '--email',
      'nobody@test.invalid',
      '--data',
      data,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/email/);
  });
});
