/**
 * Issue 6's commands, run as the built `armslength` on an SQLite data directory: `issuers add` prints
 * the new id, `issuers list --json` lists it, `users add --password-stdin` takes a piped password,
 * and `tokens create` prints the token once, as its last line, which then authenticates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, randomIds } from '../src/adapters/system.js';
import { authenticateToken } from '../src/app/tokens.js';
import { verifyPassword } from '../src/app/users.js';
import { openStore } from '../src/store/index.js';
import { runArmslength, type CliRun } from './support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Run = CliRun;

/** Runs the command; `input` is piped to its stdin (which is then not a terminal either way). */
function armslength(args: readonly string[], input = ''): Promise<Run> {
  return runArmslength(args, { input });
}

let data = '';
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-accounts-'));
});
afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

async function withCtx<T>(fn: (ctx: Parameters<typeof verifyPassword>[0]) => Promise<T>): Promise<T> {
  const store = await openStore({ engine: 'sqlite', dataDir: data });
  try {
    return await fn({ store, clock: systemClock({}), ids: randomIds });
  } finally {
    await store.close();
  }
}

describe('armslength issuers, users and tokens (issue 6)', () => {
  let issuerId = '';

  it('issuers add prints the new id as its only line; issuers list --json lists it', async () => {
    const added = await armslength([
      'issuers',
      'add',
      '--data',
      data,
      '--name',
      'Example Holdings Ltd',
      '--name-zh',
      '例子控股有限公司',
      '--financial-year-end',
      '03-31',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^iss_[0-9a-f]+\n$/);
    issuerId = added.stdout.trim();

    const listed = await armslength(['issuers', 'list', '--json', '--data', data]);
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as {
      items: { id: string; name: unknown; financialYearEnd: string }[];
    };
    expect(json.items).toEqual([
      expect.objectContaining({
        id: issuerId,
        name: { en: 'Example Holdings Ltd', 'zh-Hant': '例子控股有限公司' },
        financialYearEnd: '03-31',
      }),
    ]);
    const table = await armslength(['issuers', 'list', '--data', data]);
    expect(table.stdout).toContain(`${issuerId}  Example Holdings Ltd / 例子控股有限公司  FY ends 03-31`);
  });

  it('issuers add refuses a malformed financial year end with exit 2', async () => {
    const run = await armslength([
      'issuers',
      'add',
      '--data',
      data,
      '--name',
      'X',
      '--financial-year-end',
      '02-30',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--financial-year-end must be a month and day');
  });

  it('users add takes the password from stdin with --password-stdin', async () => {
    const run = await armslength(
      [
        'users',
        'add',
        '--data',
        data,
        '--email',
        'CoSec@Example.com',
        '--issuer',
        issuerId,
        '--role',
        'company-secretary',
      ],
      'a long enough password\n',
    );
    // Without the flag, a piped stdin is not read: the command refuses instead.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--password-stdin is needed when stdin is not a terminal');

    const added = await armslength(
      [
        'users',
        'add',
        '--data',
        data,
        '--email',
        'CoSec@Example.com',
        '--issuer',
        issuerId,
        '--role',
        'company-secretary',
        '--name',
        'Company Secretary',
        '--password-stdin',
      ],
      'a long enough password\n',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      new RegExp(`^Added user cosec@example\\.com \\(usr_[0-9a-f]+\\): company-secretary at ${issuerId}\\n$`),
    );
    // The trailing line break is not part of the password.
    await withCtx(async (ctx) => {
      expect((await verifyPassword(ctx, 'cosec@example.com', 'a long enough password')).ok).toBe(true);
    });
  });

  it('users add refuses with exit 2: an unknown issuer, an unknown role, a weak password, a role already held', async () => {
    const base = ['users', 'add', '--data', data, '--password-stdin'];
    const unknownIssuer = await armslength(
      [...base, '--email', 'a@example.com', '--issuer', 'iss_nope', '--role', 'finance'],
      'a long enough password',
    );
    expect(unknownIssuer.code).toBe(2);
    expect(unknownIssuer.stderr).toContain('issuer "iss_nope" is not a recorded issuer');
    const unknownRole = await armslength(
      [...base, '--email', 'a@example.com', '--issuer', issuerId, '--role', 'cfo'],
      'a long enough password',
    );
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.stderr).toContain('role "cfo" is not a role');
    const weak = await armslength(
      [...base, '--email', 'a@example.com', '--issuer', issuerId, '--role', 'finance'],
      'short',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('password must be at least 12 characters');
    const again = await armslength(
      [...base, '--email', 'COSEC@example.com', '--issuer', issuerId, '--role', 'company-secretary'],
      'whatever it is now',
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds the role company-secretary');
  });

  it('tokens create prints what the token is scoped to, then the token as the last line; it authenticates', async () => {
    const run = await armslength([
      'tokens',
      'create',
      '--data',
      data,
      '--email',
      'cosec@example.com',
      '--issuer',
      issuerId,
      '--expires-in-days',
      '30',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const token = lines.at(-1) ?? '';
    expect(token).toMatch(/^alt_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join('\n')).toContain(`Issuer: Example Holdings Ltd (${issuerId})`);
    expect(lines.slice(0, -1).join('\n')).toMatch(/Expires: \d{4}-\d{2}-\d{2}T/);
    expect(run.stdout.split(token)).toHaveLength(2); // printed once
    await withCtx(async (ctx) => {
      const identity = await authenticateToken(ctx, `Bearer ${token}`);
      expect(identity).toMatchObject({ issuerId, roles: ['company-secretary'] });
    });

    const refused = await armslength([
      'tokens',
      'create',
      '--data',
      data,
      '--email',
      'cosec@example.com',
      '--issuer',
      issuerId,
      '--role',
      'finance',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
  });
});
