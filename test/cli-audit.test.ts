/**
 * `armslength audit verify` and `audit export` (issue 6, item 4) through the built command, on an
 * SQLite data directory: exit 0 with a line per issuer, then exit 1 naming the entry once a row of
 * the log is edited or the newest one deleted directly in the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateWorld, orderBody } from '../bench/support.js';
import { recordOrder } from '../src/app/record-order.js';
import { openStore } from '../src/store/index.js';
import { runArmslength, type CliRun } from './support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Run = CliRun;

function armslength(args: readonly string[]): Promise<Run> {
  return runArmslength(args);
}

let data = '';
let issuerId = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-cli-audit-'));
  const store = await openStore({ engine: 'sqlite', dataDir: data });
  try {
    const w = await gateWorld(store, '9000000.00');
    issuerId = w.actor.issuerId;
    for (let i = 0; i < 3; i++)
      await recordOrder(w.ctx, w.actor, orderBody(w.agreementId, `PO-${i}`, '10.00'));
  } finally {
    await store.close();
  }
});

afterAll(() => {
  if (data) fs.rmSync(data, { recursive: true, force: true });
});

const sqlite = (fn: (db: BetterSqlite3.Database) => void): void => {
  const db = new BetterSqlite3(path.join(data, 'armslength.sqlite'));
  try {
    fn(db);
  } finally {
    db.close();
  }
};

describe('armslength audit', () => {
  it('verify seals the pending entries with a key kept beside (not in) the database, and exits 0', async () => {
    const run = await armslength(['audit', 'verify', '--data', data]);
    expect(run.stderr).toContain('generated the audit log key');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${issuerId}: \\d+ entries, head [0-9a-f]{64}`));
    expect(fs.statSync(path.join(data, 'audit.key')).mode & 0o077).toBe(0);
    expect(fs.readFileSync(path.join(data, 'audit-anchor.jsonl'), 'utf8')).toContain(issuerId);
  });

  it('export writes every entry with its links and the key’s fingerprint', async () => {
    const out = path.join(data, 'chain.csv');
    const run = await armslength([
      'audit',
      'export',
      '--issuer',
      issuerId,
      '--format',
      'csv',
      '--out',
      out,
      '--data',
      data,
    ]);
    expect(run.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      'issuer_id,seq,event_id,recorded_at,actor,via,request_id,action,entity,entity_id,before,after,prev_hash,hash,key_fingerprint',
    );
    expect(lines.length).toBeGreaterThan(5);
    const json = await armslength([
      'audit',
      'export',
      '--issuer',
      issuerId,
      '--format',
      'json',
      '--data',
      data,
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({ issuerId, algorithm: 'HMAC-SHA256' });
  });

  it('deleting the newest entry (and rolling the head back) exits 1 naming it', async () => {
    let count = 0;
    sqlite((db) => {
      count = Number(
        db.prepare('select count(*) as n from audit_log where issuer_id = ?').pluck().get(issuerId),
      );
      db.prepare('delete from audit_log where issuer_id = ? and seq = ?').run(issuerId, count);
      const prev = db
        .prepare('select hash from audit_log where issuer_id = ? and seq = ?')
        .pluck()
        .get(issuerId, count - 1);
      db.prepare('update audit_heads set seq = ?, hash = ? where issuer_id = ?').run(
        count - 1,
        prev,
        issuerId,
      );
    });
    const run = await armslength(['audit', 'verify', '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`issuer ${issuerId}: entry ${count} is missing`);
  });

  it('editing an older entry exits 1 naming that entry first', async () => {
    sqlite((db) => {
      db.prepare(`update audit_log set after = '{}' where issuer_id = ? and seq = 2`).run(issuerId);
    });
    const run = await armslength(['audit', 'verify', '--issuer', issuerId, '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`issuer ${issuerId}: entry 2 was altered`);
  });
});
