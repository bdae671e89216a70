/**
 * The SQLite ceiling: raw better-sqlite3, no ORM, no reads, no order rows — just the guarded update
 * and one ledger row per transaction, with the store's durability settings (WAL, synchronous=FULL),
 * on a file of its own. The ledger-like table has ledger_entries' columns and indexes.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drive, tempDir, type RunResult } from './support.js';

export async function bareSqlite(clients: number, seconds: number): Promise<RunResult & { file: string }> {
  const dir = tempDir('armslength-bare');
  const file = path.join(dir, 'bare.sqlite');
  const db = new BetterSqlite3(file, { timeout: 30_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.defaultSafeIntegers(true);
    db.exec(`
      CREATE TABLE cap_usage (cap_id TEXT PRIMARY KEY, actual_minor BIGINT NOT NULL, committed_minor BIGINT NOT NULL CHECK (committed_minor >= 0));
      CREATE TABLE ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT, issuer_id TEXT NOT NULL, cap_id TEXT, category_id TEXT NOT NULL, order_id TEXT, actual_id TEXT,
        kind TEXT NOT NULL, effective_on TEXT NOT NULL, actual_delta BIGINT NOT NULL, committed_delta BIGINT NOT NULL, created_at TEXT NOT NULL);
      CREATE INDEX ledger_cap_date ON ledger (cap_id, effective_on);
      CREATE INDEX ledger_order ON ledger (order_id, cap_id);
      CREATE INDEX ledger_actual ON ledger (actual_id);
      INSERT INTO cap_usage VALUES ('cap_1', 0, 0);
    `);
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const rollback = db.prepare('ROLLBACK');
    const reserve = db.prepare(
      'UPDATE cap_usage SET committed_minor = committed_minor + ? WHERE cap_id = ? AND actual_minor + committed_minor + ? <= ? RETURNING actual_minor, committed_minor',
    );
    const insert = db.prepare(
      `INSERT INTO ledger (issuer_id, cap_id, category_id, order_id, actual_id, kind, effective_on, actual_delta, committed_delta, created_at)
       VALUES ('iss_1', 'cap_1', 'cat_1', ?, NULL, 'reserve', '2026-03-01', 0, ?, ?)`,
    );
    const cap = 900_000_000_000_000n;
    const add = 10_000n;
    // Async like the use case's callers, so that the driver measures the same way; the work is synchronous.
    const r = await drive(clients, seconds, async (c, i) => {
      await Promise.resolve();
      begin.run();
      const usage = reserve.get(add, 'cap_1', add, cap);
      if (!usage) {
        rollback.run();
        return 'refused';
      }
      insert.run(`ord_${c}_${i}`, add, new Date().toISOString());
      commit.run();
      return 'accepted';
    });
    return { ...r, file };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
