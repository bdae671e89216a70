import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomIds, systemClock } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { createIssuer } from '../src/app/issuers.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { openStore, type StoreOptions } from '../src/store/index.js';
import { dropSchema, engineList, uniqueSchemaName } from './support/engines.js';
import { tokenFor } from './support/http.js';
import { childEnv, cliPath, root, startServer, type ServerProcess } from './support/server-process.js';
import { withQuotes } from './support/pricing.js';

interface Capped {
  capId: string;
  categoryKeys: string[];
  periodStart: string;
  utilised: string;
  headroom: string;
}

/**
 * Issue 6: every request needs credentials. Before the servers start, the database gets an issuer
 * and a user holding every role there, and the token the requests send as `Authorization: Bearer`.
 */
async function issuerToken(options: StoreOptions): Promise<string> {
  const store = await openStore(options);
  try {
    const ctx: AppContext = { store, clock: systemClock({}), ids: randomIds };
    const issuer = await createIssuer(ctx, {
      name: { en: 'Race Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    return await tokenFor(ctx, issuer.id);
  } finally {
    await store.close();
  }
}

let authorization = '';

const post = async (url: string, route: string, body: unknown) => {
  const r = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const minor = (s: string) => BigInt(s.replace('.', ''));
const decimal = (m: bigint) => `${m / 100n}.${String(m % 100n).padStart(2, '0')}`;

/** Two server processes on one database; orders alternate between them and race for the last headroom. */
async function raceAcrossTwoServers(a: ServerProcess, b: ServerProcess) {
  const created = await post(a.url, '/api/v1/agreements', seedAgreementInput());
  expect(created.status).toBe(201);
  const agreementId = created.body['id'] as string;
  const order = (server: ServerProcess, reference: string, amount: bigint) =>
    post(
      server.url,
      '/api/v1/orders',
      withQuotes({
        agreementId,
        categoryKey: 'network-hardware',
        reference,
        signedOn: '2026-02-01',
        schedule: [{ date: '2026-03-01', amount: decimal(amount), currency: 'CNY' }],
      }),
    );
  expect((await order(a, 'base', 600_000_000n)).status).toBe(201);
  let x = 777n;
  const asked = Array.from({ length: 64 }, () => {
    x = (x * 1103515245n + 12345n) % 2147483648n;
    return 1_000_000n + (x % 8_999_999n);
  });
  const results = await Promise.all(
    asked.map((amount, i) => order(i % 2 === 0 ? a : b, `race-${i}`, amount)),
  );
  const accepted: bigint[] = [];
  const refused: bigint[] = [];
  results.forEach((r, i) => {
    if (r.status === 201) accepted.push(asked[i] ?? 0n);
    else {
      expect(r.status).toBe(409);
      expect((r.body['reasons'] as { code: string }[]).map((reason) => reason.code)).toEqual([
        'CAP_EXCEEDED',
      ]);
      refused.push(asked[i] ?? 0n);
    }
  });
  expect(accepted.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
  const util = (await (
    await fetch(`${b.url}/api/v1/utilization?asOf=2026-03-31`, { headers: { authorization } })
  ).json()) as {
    items: Capped[];
  };
  const row = util.items.find(
    (i) => i.categoryKeys.includes('network-hardware') && i.periodStart === '2026-01-01',
  );
  const utilised = minor(row?.utilised ?? '0');
  const headroom = minor(row?.headroom ?? '0');
  expect(utilised).toBeLessThanOrEqual(670_000_000n);
  expect(utilised).toBe(600_000_000n + accepted.reduce((s, v) => s + v, 0n));
  for (const r of refused) expect(r).toBeGreaterThan(headroom);
  if (headroom > 0n) {
    expect((await order(b, 'one cent more', headroom + 1n)).status).toBe(409);
    expect((await order(a, 'exact', headroom)).status).toBe(201);
  }
  return { accepted: accepted.length, refused: refused.length };
}

describe('the order gate across server processes', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('holds with two servers on one embedded SQLite data directory, and the CLI reads while they run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-2proc-'));
    dirs.push(dir);
    authorization = `Bearer ${await issuerToken({ engine: 'sqlite', dataDir: dir })}`;
    const a = await startServer(['--data', dir, '--no-demo']);
    const b = await startServer(['--data', dir, '--no-demo']);
    try {
      const outcome = await raceAcrossTwoServers(a, b);
      expect(outcome.accepted + outcome.refused).toBe(64);
      const cli = spawnSync(
        process.execPath,
        [cliPath, 'utilization', '--data', dir, '--as-of', '2026-03-31', '--json'],
        { cwd: root, env: childEnv(), encoding: 'utf8' },
      );
      expect(cli.status).toBe(0);
      const items = (JSON.parse(cli.stdout) as { items: Capped[] }).items;
      expect(
        items.find((i) => i.categoryKeys.includes('network-hardware') && i.periodStart === '2026-01-01')
          ?.headroom,
      ).toBe('0.00');
    } finally {
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    }
  });

  const postgres = engineList().some((e) => e.name === 'postgres');
  const databaseUrl = process.env['TEST_DATABASE_URL'] ?? '';
  it.runIf(postgres)('holds with two servers sharing one PostgreSQL database', async () => {
    const schema = uniqueSchemaName();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    try {
      authorization = `Bearer ${await issuerToken({ engine: 'postgres', databaseUrl, schema })}`;
      const a = await startServer(['--database-url', url.toString(), '--no-demo']);
      const b = await startServer(['--database-url', url.toString(), '--no-demo']).catch(
        async (e: unknown) => {
          await a.stop();
          throw e;
        },
      );
      try {
        const outcome = await raceAcrossTwoServers(a, b);
        expect(outcome.accepted + outcome.refused).toBe(64);
      } finally {
        expect(await a.stop()).toBe(0);
        expect(await b.stop()).toBe(0);
      }
    } finally {
      await dropSchema(databaseUrl, schema);
    }
  });
});
