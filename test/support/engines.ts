/**
 * Runs store tests on both engines, as Kysely's own suite loops over its dialects.
 *
 * SQLite always runs. PostgreSQL runs when TEST_DATABASE_URL is set; CI also sets REQUIRE_POSTGRES=1
 * so that a missing database fails the suite instead of silently skipping half of it.
 * Every `open()` gets a fresh place (a temp directory, or a PostgreSQL schema of its own), so tests
 * never see each other's data and can run in parallel against one database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, escapeIdentifier } from 'pg';
import { afterAll, describe } from 'vitest';
import type { Store } from '../../src/app/ports.js';
import { openStore } from '../../src/store/index.js';

export type EngineName = 'sqlite' | 'postgres';

export interface Engine {
  readonly name: EngineName;
  /** A store in a fresh, empty place, migrated; closed and removed by `resources.release()`. */
  open(): Promise<Store>;
}

/** Drops one test schema; injectable so that the bookkeeping can be tested without a database. */
export type DropSchema = (databaseUrl: string, schema: string) => Promise<void>;

export const dropSchema: DropSchema = async (databaseUrl, schema) => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
};

interface Tracked {
  readonly engine: EngineName;
  readonly close: () => Promise<void>;
}

/**
 * What the tests opened: stores, temp directories, PostgreSQL schemas. `release()` closes the stores
 * first (a schema cannot be dropped while a pool holds locks in it), then drops schemas and removes
 * directories. It tries everything and reports every failure at the end: a store that cannot close
 * is a defect worth a red test.
 */
export class TestResources {
  private stores: Tracked[] = [];
  private dirs: { engine: EngineName; dir: string }[] = [];
  private schemas: { engine: EngineName; databaseUrl: string; schema: string }[] = [];

  constructor(private readonly drop: DropSchema = dropSchema) {}

  /** Wraps the store so that `close()` is idempotent: a test may close it itself. */
  trackStore(engine: EngineName, store: Store): Store {
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => (closing ??= store.close());
    this.stores.push({ engine, close });
    return new Proxy(store, {
      get(target, prop) {
        if (prop === 'close') return close;
        const value: unknown = Reflect.get(target, prop, target);
        // Methods keep their own `this` (the real store), not the proxy.
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  trackDir(engine: EngineName, dir: string): void {
    this.dirs.push({ engine, dir });
  }

  trackSchema(engine: EngineName, databaseUrl: string, schema: string): void {
    this.schemas.push({ engine, databaseUrl, schema });
  }

  /** Releases everything, or only what one engine opened. */
  async release(engine?: EngineName): Promise<void> {
    const mine = <T extends { engine: EngineName }>(x: T): boolean =>
      engine === undefined || x.engine === engine;
    const stores = this.stores.filter(mine).reverse();
    const schemas = this.schemas.filter(mine);
    const dirs = this.dirs.filter(mine);
    this.stores = this.stores.filter((x) => !mine(x));
    this.schemas = this.schemas.filter((x) => !mine(x));
    this.dirs = this.dirs.filter((x) => !mine(x));

    const failures: unknown[] = [];
    for (const s of stores) await s.close().catch((e: unknown) => failures.push(e));
    for (const s of schemas) await this.drop(s.databaseUrl, s.schema).catch((e: unknown) => failures.push(e));
    for (const d of dirs) {
      try {
        fs.rmSync(d.dir, { recursive: true, force: true });
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length > 0)
      throw new AggregateError(failures, `test cleanup failed ${failures.length} time(s)`);
  }
}

const sharedResources = new TestResources();
let counter = 0;

const isOn = (value: string | undefined): boolean =>
  value !== undefined && !['', '0', 'false', 'no'].includes(value.trim().toLowerCase());

/** Unique per process, per call and per machine: `t_<pid>_<n>_<random>`, a valid unquoted identifier. */
export function uniqueSchemaName(): string {
  counter += 1;
  return `t_${process.pid}_${counter}_${randomBytes(4).toString('hex')}`;
}

/**
 * The engines to test on, given an environment. Throws when REQUIRE_POSTGRES is on and
 * TEST_DATABASE_URL is not set. Opening nothing: no connection is made until `open()`.
 */
export function engineList(
  env: NodeJS.ProcessEnv = process.env,
  resources: TestResources = sharedResources,
): Engine[] {
  const databaseUrl = env['TEST_DATABASE_URL']?.trim() ?? '';
  if (databaseUrl === '' && isOn(env['REQUIRE_POSTGRES'])) {
    throw new Error(
      'PostgreSQL is required (REQUIRE_POSTGRES=1) but TEST_DATABASE_URL is not set: refusing to skip the PostgreSQL store tests. ' +
        'Set TEST_DATABASE_URL=postgres://user:password@127.0.0.1:5432/database (see .ci/run), or unset REQUIRE_POSTGRES.',
    );
  }
  const list: Engine[] = [
    {
      name: 'sqlite',
      async open() {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-test-'));
        resources.trackDir('sqlite', dataDir);
        return resources.trackStore('sqlite', await openStore({ engine: 'sqlite', dataDir }));
      },
    },
  ];
  if (databaseUrl !== '') {
    list.push({
      name: 'postgres',
      async open() {
        const schema = uniqueSchemaName();
        // Tracked before opening: a migration that fails halfway still leaves a schema to drop.
        resources.trackSchema('postgres', databaseUrl, schema);
        return resources.trackStore('postgres', await openStore({ engine: 'postgres', databaseUrl, schema }));
      },
    });
  }
  return list;
}

/** The engines for this process's environment. Call `releaseEngines()` in an `afterAll`. */
export function engines(): Engine[] {
  return engineList(process.env);
}

/** Closes and removes everything opened through `engines()`. */
export function releaseEngines(): Promise<void> {
  return sharedResources.release();
}

/**
 * `describe` once per engine; test names carry the engine: "order gate [sqlite] …", "order gate
 * [postgres] …". Whatever `open` returned is closed and removed after that engine's block.
 */
export function describeEachEngine(title: string, fn: (open: () => Promise<Store>) => void): void {
  const resources = new TestResources();
  // A loop rather than describe.each: its "$name" would print the name quoted ("['sqlite']").
  for (const engine of engineList(process.env, resources)) {
    describe(`${title} [${engine.name}]`, () => {
      afterAll(() => resources.release(engine.name));
      fn(() => engine.open());
    });
  }
}
