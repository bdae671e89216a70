import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/app/ports.js';
import type { StoreOptions } from '../../src/store/index.js';
import { describeEachEngine, engineList, TestResources } from './engines.js';

// The helper's bookkeeping is tested against a fake store: what reaches openStore, and what is
// closed and removed afterwards. The real engines are exercised by every store test.
const opened = vi.hoisted(() => [] as { options: unknown; closes: number }[]);
vi.mock('../../src/store/index.js', () => ({
  openStore: (options: unknown) => {
    const record = { options, closes: 0 };
    opened.push(record);
    const engine = (options as { engine: string }).engine;
    return Promise.resolve({
      engine,
      close: () => {
        record.closes += 1;
        return Promise.resolve();
      },
    });
  },
}));

const URL = 'postgres://u:p@127.0.0.1:5432/db';
const names = (env: NodeJS.ProcessEnv): string[] => engineList(env, new TestResources()).map((e) => e.name);

describe('engineList: which engines run', () => {
  it.each([
    { label: 'nothing set', env: {}, expected: ['sqlite'] },
    { label: 'REQUIRE_POSTGRES=0', env: { REQUIRE_POSTGRES: '0' }, expected: ['sqlite'] },
    { label: 'TEST_DATABASE_URL', env: { TEST_DATABASE_URL: URL }, expected: ['sqlite', 'postgres'] },
    {
      label: 'TEST_DATABASE_URL and REQUIRE_POSTGRES=1',
      env: { TEST_DATABASE_URL: URL, REQUIRE_POSTGRES: '1' },
      expected: ['sqlite', 'postgres'],
    },
  ])('$label → $expected', ({ env, expected }) => {
    expect(names(env)).toEqual(expected);
  });

  it.each([
    { REQUIRE_POSTGRES: '1' },
    { REQUIRE_POSTGRES: '1', TEST_DATABASE_URL: '  ' },
    { REQUIRE_POSTGRES: 'true' },
  ])('fails instead of skipping PostgreSQL when it is required and no database is given: %o', (env) => {
    expect(() => names(env)).toThrow(/PostgreSQL is required.*TEST_DATABASE_URL is not set/);
  });
});

describe('engine.open and release', () => {
  it('gives each SQLite store a fresh temp directory and removes it afterwards', async () => {
    const resources = new TestResources();
    const sqlite = engineList({}, resources).find((e) => e.name === 'sqlite');
    opened.length = 0;
    await sqlite?.open();
    await sqlite?.open();
    const dirs = opened.map((o) => (o.options as Extract<StoreOptions, { engine: 'sqlite' }>).dataDir);
    expect(new Set(dirs).size).toBe(2);
    for (const dir of dirs) {
      expect(path.dirname(dir)).toBe(os.tmpdir());
      expect(path.basename(dir)).toMatch(/^armslength-test-/);
      expect(fs.existsSync(dir)).toBe(true);
    }
    await resources.release();
    expect(opened.map((o) => o.closes)).toEqual([1, 1]);
    for (const dir of dirs) expect(fs.existsSync(dir)).toBe(false);
  });

  it('gives each PostgreSQL store its own schema, closes it, then drops the schema', async () => {
    const events: string[] = [];
    const resources = new TestResources((url, schema) => {
      events.push(`drop ${schema} at ${url} after ${opened.filter((o) => o.closes > 0).length} close(s)`);
      return Promise.resolve();
    });
    const pg = engineList({ TEST_DATABASE_URL: URL }, resources).find((e) => e.name === 'postgres');
    opened.length = 0;
    const store: Store | undefined = await pg?.open();
    await pg?.open();
    const options = opened.map((o) => o.options as Extract<StoreOptions, { engine: 'postgres' }>);
    expect(options.map((o) => o.databaseUrl)).toEqual([URL, URL]);
    const schemas = options.map((o) => o.schema ?? '');
    expect(schemas[0]).toMatch(new RegExp(`^t_${process.pid}_\\d+_[0-9a-f]{8}$`));
    expect(new Set(schemas).size).toBe(2);
    expect(store?.engine).toBe('postgres');

    await store?.close(); // a test may close its own store: release must not close it twice
    await resources.release();
    expect(opened.map((o) => o.closes)).toEqual([1, 1]);
    expect(events).toEqual(schemas.map((s) => `drop ${s} at ${URL} after 2 close(s)`));
  });

  it('releases only the engine asked for, and reports a failed cleanup', async () => {
    const resources = new TestResources(() => Promise.reject(new Error('drop failed')));
    const list = engineList({ TEST_DATABASE_URL: URL }, resources);
    opened.length = 0;
    for (const e of list) await e.open();
    await resources.release('sqlite');
    expect(opened.map((o) => o.closes)).toEqual([1, 0]);
    await expect(resources.release('postgres')).rejects.toThrow(/test cleanup failed 1 time/);
    expect(opened.map((o) => o.closes)).toEqual([1, 1]);
  });
});

describeEachEngine('describeEachEngine', (open) => {
  it('names the test after its engine', async () => {
    const store = await open();
    expect(expect.getState().currentTestName).toContain(`describeEachEngine [${store.engine}]`);
  });
});
