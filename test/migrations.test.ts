import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { dropSchema, uniqueSchemaName } from './support/engines.js';

describe('migrations', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('are applied once, and a reopened SQLite database keeps its data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-mig-'));
    dirs.push(dir);
    // better-sqlite3 is synchronous: two connections in one process would wait on each other's lock
    // with the event loop blocked, so this opens in turn (several processes are tested in test/order-gate-across-processes.test.ts).
    await (await openStore({ engine: 'sqlite', dataDir: dir })).close();
    await (await openStore({ engine: 'sqlite', dataDir: dir })).close();
    const raw = new BetterSqlite3(path.join(dir, 'armslength.sqlite'));
    const names = raw.prepare('select name from schema_migrations order by name').all() as { name: string }[];
    // Each migration once, in order: the list in code, which starts with the first one.
    expect(names.map((n) => n.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(names[0]?.name).toBe('0001_cap_ledger');
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuse a SQLite database with a migration this version does not know', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-mig-'));
    dirs.push(dir);
    await (await openStore({ engine: 'sqlite', dataDir: dir })).close();
    const raw = new BetterSqlite3(path.join(dir, 'armslength.sqlite'));
    raw
      .prepare("insert into schema_migrations (name, applied_at) values ('0000_from_the_future', 'x')")
      .run();
    raw.close();
    await expect(openStore({ engine: 'sqlite', dataDir: dir })).rejects.toThrow(/refusing to start/);
  });

  const url = process.env['TEST_DATABASE_URL'];
  it.runIf(url !== undefined && url !== '')(
    'refuse a PostgreSQL schema with an unknown migration, and apply concurrently once',
    async () => {
      const databaseUrl = url ?? '';
      const schema = uniqueSchemaName();
      try {
        const stores = await Promise.all(
          [1, 2, 3].map(() => openStore({ engine: 'postgres', databaseUrl, schema, poolSize: 2 })),
        );
        await Promise.all(stores.map((s) => s.close()));
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        const applied = await client.query(`select name from ${schema}.schema_migrations order by name`);
        expect(applied.rows).toEqual(MIGRATIONS.map((m) => ({ name: m.name })));
        await client.query(
          `insert into ${schema}.schema_migrations (name, applied_at) values ('0000_unknown', 'x')`,
        );
        await client.end();
        await expect(openStore({ engine: 'postgres', databaseUrl, schema })).rejects.toThrow(
          /refusing to start/,
        );
      } finally {
        await dropSchema(databaseUrl, schema);
      }
    },
  );
});
