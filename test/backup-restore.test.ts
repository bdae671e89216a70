/**
 * Backup and restore (issue 9, item 3; decision 0018). The demo data set plus an order, an invoice
 * against it, a binary evidence file and a reversal goes SQLite → backup → PostgreSQL → backup →
 * SQLite: every table's rows, the app's reads, the evidence bytes and the audit chain come back
 * identical, and the restored installation keeps working (new writes, sealing, id counters). A
 * non-empty target, a damaged or edited backup and a backup from a newer schema are refused with
 * nothing written. Then the same through the `armslength export` / `restore` commands.
 */
import { putImportMapping } from '../src/app/import-mappings.js';
import { importPath, writeFile } from './support/imports.js';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import { sealAudit, verifyAudit } from '../src/app/audit.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import {
  checkBackup,
  exportBackup,
  restoreBackup,
  type BackupSource,
  type RestoreOutcome,
} from '../src/app/backup.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import { getEvidenceContent, uploadEvidence } from '../src/app/evidence.js';
import { listAgreements } from '../src/app/get-agreements.js';
import { getUtilization } from '../src/app/get-utilization.js';
import type { Actor, IdGenerator, Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { recordOrder } from '../src/app/record-order.js';
import { reverseActual } from '../src/app/reverse-actual.js';
import { runCli } from '../src/cli/index.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { cliDeps } from '../src/main.js';
import { openStore } from '../src/store/index.js';
import { TestResources, engineList, uniqueSchemaName } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { withQuotes } from './support/pricing.js';

const TODAY = '2026-11-23';
const KEY = randomBytes(32).toString('hex');
const OTHER_KEY = randomBytes(32).toString('hex');
// engineList throws here when REQUIRE_POSTGRES=1 and no TEST_DATABASE_URL: a skip would then be a failure.
const PG_URL = engineList().some((e) => e.name === 'postgres')
  ? (process.env['TEST_DATABASE_URL'] ?? '').trim()
  : '';

const resources = new TestResources();
let savedKey: string | undefined;

beforeAll(() => {
  // The chain's key lives outside the database; every installation of this test shares it.
  savedKey = process.env['ARMSLENGTH_AUDIT_KEY'];
  process.env['ARMSLENGTH_AUDIT_KEY'] = KEY;
});
afterAll(async () => {
  if (savedKey === undefined) delete process.env['ARMSLENGTH_AUDIT_KEY'];
  else process.env['ARMSLENGTH_AUDIT_KEY'] = savedKey;
  await resources.release();
});

// ---- places ----

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `armslength-${prefix}-`));
  resources.trackDir('sqlite', dir);
  return dir;
}

async function sqliteStore(dir = tempDir('bk')): Promise<{ store: Store; dir: string }> {
  return { store: resources.trackStore('sqlite', await openStore({ engine: 'sqlite', dataDir: dir })), dir };
}

async function pgStore(): Promise<{ store: Store; schema: string }> {
  const schema = uniqueSchemaName();
  resources.trackSchema('postgres', PG_URL, schema);
  const store = await openStore({ engine: 'postgres', databaseUrl: PG_URL, schema });
  return { store: resources.trackStore('postgres', store), schema };
}

const context = (store: Store, ids: IdGenerator = randomIds): AppContext => ({
  store,
  clock: fixedClock(TODAY),
  ids,
});

// ---- backups in memory ----

async function backupText(store: Store): Promise<string> {
  const chunks: string[] = [];
  await exportBackup(context(store), (text) => {
    chunks.push(text);
    return Promise.resolve();
  });
  return chunks.join('');
}

function textSource(text: string): BackupSource {
  return async function* lines() {
    const all = text.split('\n');
    if (all.at(-1) === '') all.pop();
    for (const line of all) yield await Promise.resolve(line);
  };
}

// ---- raw table contents, read past the application ----

type Dump = Record<string, string[]>;

const normal = (v: unknown): unknown =>
  v === null
    ? null
    : typeof v === 'bigint' || typeof v === 'number'
      ? `#${v.toString()}`
      : Buffer.isBuffer(v)
        ? `bytes:${v.toString('base64')}`
        : v;

const rowText = (row: Record<string, unknown>): string =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, normal(row[k])]),
  );

/** Every table's rows (schema_migrations aside: each database records when it migrated), sorted. */
function sqliteDump(dir: string): Dump {
  const db = new BetterSqlite3(path.join(dir, 'armslength.sqlite'), { readonly: true });
  db.defaultSafeIntegers(true);
  try {
    const names = (
      db
        .prepare(
          "select name from sqlite_master where type = 'table' and name <> 'schema_migrations' and name <> 'sqlite_sequence'",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    const dump: Dump = {};
    for (const name of names)
      dump[name] = (db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[])
        .map(rowText)
        .sort();
    return dump;
  } finally {
    db.close();
  }
}

function sqliteCounters(dir: string): Record<string, string> {
  const db = new BetterSqlite3(path.join(dir, 'armslength.sqlite'), { readonly: true });
  db.defaultSafeIntegers(true);
  try {
    const rows = db.prepare('select name, seq from sqlite_sequence').all() as { name: string; seq: bigint }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.seq.toString()]));
  } finally {
    db.close();
  }
}

async function pgDump(schema: string): Promise<Dump> {
  const client = new pg.Client({
    connectionString: PG_URL,
    options: `-c search_path=${schema}`,
    types: {
      // int8 as an exact bigint, as the store reads it; everything else as node-postgres does.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === 20) return (v: string) => BigInt(v);
        const standard = (
          format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text')
        ) as (value: string) => unknown;
        return standard;
      }) as pg.CustomTypesConfig['getTypeParser'],
    },
  });
  await client.connect();
  try {
    const names = (
      await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'",
        [schema],
      )
    ).rows.map((r) => r.table_name);
    const dump: Dump = {};
    for (const name of names)
      dump[name] = (await client.query<Record<string, unknown>>(`select * from "${name}"`)).rows
        .map(rowText)
        .sort();
    return dump;
  } finally {
    await client.end();
  }
}

// ---- the data set ----

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]);

interface Source {
  readonly store: Store;
  readonly dir: string;
  readonly actor: Actor;
  readonly pdfSha256: string;
  readonly reversalId: string;
  /** An ERP file imported before the backup (issue 9): importing it again must add nothing. */
  readonly importedFile: string;
}

/**
 * The demo, sealed, then an order, an invoice against it, a PDF and the invoice's reversal, left
 * unsealed (pending audit events are backed up as they are). The invoice's id sorts after its
 * reversal's, so the reversal's reference to it must be restored after both rows are in.
 */
async function sourceInstallation(): Promise<Source> {
  const { store, dir } = await sqliteStore(tempDir('source'));
  const demo = await loadDemo(context(store));
  if (!demo.loaded) throw new Error('the demo was not loaded');
  await sealAudit(store, await store.auditKeyring());
  // The id the next actual gets, when set.
  let actId: string | null = 'act_zzzz0000original';
  const ids: IdGenerator = {
    next: (prefix) => {
      const given = prefix === 'act' ? actId : null;
      if (given === null) return randomIds.next(prefix);
      actId = null;
      return given;
    },
  };
  const ctx = context(store, ids);
  const actor: Actor = { userId: 'tester', issuerId: demo.issuer.id, roles: OPERATOR_ROLES };
  const pdf = await uploadEvidence(ctx, actor, {
    bytes: PDF,
    mediaType: 'application/pdf',
    filename: 'signed-quotation.pdf',
    issuedOn: '2026-11-18',
    description: 'A binary file: every byte value must come back',
  });
  const order = await recordOrder(
    ctx,
    actor,
    withQuotes({
      agreementId: demo.agreementId,
      categoryKey: 'idc-services',
      reference: 'PO-BACKUP-1',
      signedOn: '2026-11-20',
      schedule: [{ date: '2026-11-21', amount: '123456.78', currency: 'CNY' }],
    }),
  );
  if (!('id' in order.body)) throw new Error(`the order was refused: ${order.body.message}`);
  const actual = await postActual(ctx, actor, {
    agreementId: demo.agreementId,
    categoryKey: 'idc-services',
    orderId: order.body.id,
    date: '2026-11-21',
    amount: '100000.01',
    currency: 'CNY',
    reference: 'INV-BACKUP-1',
  });
  expect(actual.body.id).toBe('act_zzzz0000original');
  // More invoices than one INSERT of the restore takes (500 rows), with ids sorting between the
  // reversal's and the original's: the reversal is loaded in an INSERT before the original's.
  for (let i = 0; i < 520; i++)
    await postActual(ctx, actor, {
      agreementId: demo.agreementId,
      categoryKey: 'idc-services',
      date: '2026-11-22',
      amount: '1.00',
      currency: 'CNY',
      reference: `INV-SMALL-${i}`,
    });
  actId = 'act_00000000reversal';
  const reversal = await reverseActual(ctx, actor, actual.body.id, { reason: 'invoiced twice' });
  const reversalId = JSON.stringify(reversal).includes('act_00000000reversal') ? 'act_00000000reversal' : '';
  expect(reversalId).toBe('act_00000000reversal');
  // An import (issue 9): its run, its saved mapping and its rows' references are backed up too.
  await putImportMapping(ctx, actor, 'erp', {
    columns: { agreement: 'K', category: 'C', date: 'D', amount: 'A', currency: 'Y', reference: 'R' },
    dateFormat: 'dmy',
  });
  const importedFile = writeFile(
    'erp.csv',
    `K,C,D,A,Y,R\n${demo.agreementId},idc-services,21/11/2026,7.00,RMB,ERP-1\n${demo.agreementId},idc-services,22/11/2026,8.00,RMB,ERP-2\n`,
  );
  const imported = await importPath({ ctx, actor }, 'actuals', importedFile, { mapping: 'erp' });
  expect(imported).toMatchObject({ status: 'imported', rowsWritten: 2 });
  return { store, dir, actor, pdfSha256: pdf.sha256, reversalId, importedFile };
}

/** What a user sees: utilisation, the agreements, the evidence file's bytes. */
async function reads(store: Store, s: Source) {
  const ctx = context(store);
  return {
    utilization: await getUtilization(ctx, s.actor, { asOf: TODAY }),
    agreements: await listAgreements(ctx, s.actor),
    pdf: Buffer.from((await getEvidenceContent(ctx, s.actor, s.pdfSha256)).content).toString('base64'),
  };
}

/** After a restore, the installation keeps working: a new order, sealed, and every chain verifies. */
async function keepsWorking(store: Store, s: Source): Promise<void> {
  const agreementId = (await listAgreements(context(store), s.actor)).items[0]?.id ?? '';
  const before = await store.listAuditLog();
  const order = await recordOrder(
    context(store),
    s.actor,
    withQuotes({
      agreementId,
      categoryKey: 'idc-services',
      reference: 'PO-AFTER-RESTORE',
      signedOn: '2026-11-23',
      schedule: [{ date: '2026-11-30', amount: '10.00', currency: 'CNY' }],
    }),
  );
  expect('id' in order.body).toBe(true);
  // The imported rows' references came back: the same file again adds nothing.
  const again = await importPath({ ctx: context(store), actor: s.actor }, 'actuals', s.importedFile, {
    mapping: 'erp',
  });
  expect(again).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: 2 });
  const keyring = await store.auditKeyring();
  const sealed = await sealAudit(store, keyring);
  expect(sealed.sealed).toBeGreaterThan(0);
  const verdicts = await verifyAudit(store, keyring);
  expect(verdicts.every((v) => v.ok)).toBe(true);
  // The id counters came back: no new event reuses the id of one sealed before the backup.
  const usedBefore = new Set(before.map((e) => e.eventId));
  const added = (await store.listAuditLog()).filter(
    (e) => !before.some((b) => b.issuerId === e.issuerId && b.seq === e.seq),
  );
  expect(added.length).toBeGreaterThan(0);
  expect(added.filter((e) => usedBefore.has(e.eventId))).toEqual([]);
}

function expectVerified(outcome: RestoreOutcome, expectedEntries: bigint): void {
  expect(outcome.audit.problem).toBeNull();
  expect(outcome.audit.verdicts?.every((v) => v.ok)).toBe(true);
  const entries = (outcome.audit.verdicts ?? []).reduce((n, v) => n + v.count, 0n);
  expect(entries).toBe(expectedEntries);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A well-formed backup (checksum recomputed) of a database one migration ahead of this build. */
function futureBackup(text: string): string {
  const lines = text.trimEnd().split('\n');
  const header = JSON.parse(lines[0] ?? '') as { migrations: string[]; schemaVersion: string };
  header.migrations.push('9999_from_the_future');
  header.schemaVersion = '9999_from_the_future';
  const body = [JSON.stringify(header), ...lines.slice(1, -1)].map((l) => `${l}\n`).join('');
  const trailer = JSON.parse(lines.at(-1) ?? '') as { end: { sha256: string } };
  trailer.end.sha256 = createHash('sha256').update(body).digest('hex');
  return `${body}${JSON.stringify(trailer)}\n`;
}

describe('backup and restore', () => {
  let source: Source;
  let backup: string;
  let sourceEntries: bigint;

  beforeAll(async () => {
    source = await sourceInstallation();
    backup = await backupText(source.store);
    sourceEntries = BigInt((await source.store.listAuditLog()).length);
  });

  it('backs up every table: a header naming the schema and the key by fingerprint only, a line per row, a trailer', async () => {
    const lines = backup.trimEnd().split('\n');
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    const keyring = await source.store.auditKeyring();
    expect(header).toMatchObject({
      format: 'armslength-backup',
      version: 1,
      engine: 'sqlite',
      auditKeyFingerprint: keyring.fingerprint,
    });
    expect(header['schemaVersion']).toBe((await source.store.schemaMigrations()).known.at(-1));
    expect(backup).not.toContain(KEY);
    expect(backup).not.toContain(Buffer.from(KEY, 'hex').toString('base64'));
    const dump = sqliteDump(source.dir);
    const trailer = JSON.parse(lines.at(-1) ?? '') as { end: { rows: Record<string, number> } };
    expect(trailer.end.rows).toEqual(
      Object.fromEntries(Object.entries(dump).map(([t, rows]) => [t, rows.length])),
    );
    // The demo fills most tables: the comparisons below are about real rows.
    expect(Object.values(dump).filter((rows) => rows.length > 0).length).toBeGreaterThan(25);
    // Money keeps every digit as a tagged decimal string, never a JS number.
    expect(backup).toContain('"amount_minor":{"$bigint":"12345678"}');
  });

  it('SQLite → SQLite: every table, the reads, the evidence bytes and the audit chain come back identical', async () => {
    const target = await sqliteStore();
    const outcome = await restoreBackup(target.store, textSource(backup));
    expectVerified(outcome, sourceEntries);
    expect(sqliteDump(target.dir)).toEqual(sqliteDump(source.dir));
    expect(sqliteCounters(target.dir)).toEqual(sqliteCounters(source.dir));
    expect(await reads(target.store, source)).toEqual(await reads(source.store, source));
    expect(
      Buffer.from(
        (await getEvidenceContent(context(target.store), source.actor, source.pdfSha256)).content,
      ).equals(PDF),
    ).toBe(true);
    // The restored heads are anchored outside the database.
    expect(outcome.audit.anchor?.location).toBe(path.join(target.dir, 'audit-anchor.jsonl'));
    expect(fs.readFileSync(path.join(target.dir, 'audit-anchor.jsonl'), 'utf8')).toContain(
      source.actor.issuerId,
    );
    await keepsWorking(target.store, source);
  });

  describe.skipIf(PG_URL === '')('across engines', () => {
    it('SQLite → PostgreSQL → SQLite: identical tables, reads, evidence bytes; the chain verifies on both; id sequences continue', async () => {
      const intermediate = await pgStore();
      const onPg = await restoreBackup(intermediate.store, textSource(backup));
      expectVerified(onPg, sourceEntries);
      expect(await pgDump(intermediate.schema)).toEqual(sqliteDump(source.dir));
      expect(await reads(intermediate.store, source)).toEqual(await reads(source.store, source));

      const fromPg = await backupText(intermediate.store);
      expect(JSON.parse(fromPg.split('\n')[0] ?? '')).toMatchObject({ engine: 'postgres' });
      const final = await sqliteStore();
      const onSqlite = await restoreBackup(final.store, textSource(fromPg));
      expectVerified(onSqlite, sourceEntries);
      expect(sqliteDump(final.dir)).toEqual(sqliteDump(source.dir));
      expect(sqliteCounters(final.dir)).toEqual(sqliteCounters(source.dir));
      expect(await reads(final.store, source)).toEqual(await reads(source.store, source));

      await keepsWorking(intermediate.store, source);
      await keepsWorking(final.store, source);
    });

    it('refuses a PostgreSQL database that holds data, and writes nothing', async () => {
      const target = await pgStore();
      await restoreBackup(target.store, textSource(backup));
      const before = await pgDump(target.schema);
      const error = await refusal(restoreBackup(target.store, textSource(backup)));
      expect(error.details.code).toBe('RESTORE_TARGET_NOT_EMPTY');
      expect(await pgDump(target.schema)).toEqual(before);
    });
  });

  it('reports entries deleted from the chain before the backup: the heads the source anchored travel with it', async () => {
    const { store, dir } = await sqliteStore(tempDir('cut'));
    const w = await world(store, TODAY);
    await seedAgreement(w);
    await sealAudit(store, await store.auditKeyring());
    const head = (await store.listAuditHeads()).find((h) => h.issuerId === w.actor.issuerId);
    expect(head?.seq).toBeGreaterThan(1n);
    // Someone with write access to the database drops the newest entry and winds its head back.
    const db = new BetterSqlite3(path.join(dir, 'armslength.sqlite'));
    try {
      const seq = head?.seq ?? 0n;
      db.prepare('delete from audit_log where issuer_id = ? and seq = ?').run(w.actor.issuerId, seq);
      const previous = db
        .prepare('select hash from audit_log where issuer_id = ? and seq = ?')
        .get(w.actor.issuerId, seq - 1n) as { hash: string };
      db.prepare('update audit_heads set seq = ?, hash = ? where issuer_id = ?').run(
        seq - 1n,
        previous.hash,
        w.actor.issuerId,
      );
    } finally {
      db.close();
    }
    const target = await sqliteStore();
    const outcome = await restoreBackup(target.store, textSource(await backupText(store)));
    expect(outcome.audit.problem).toBe('chain');
    expect(outcome.audit.verdicts?.find((v) => v.issuerId === w.actor.issuerId)).toMatchObject({
      ok: false,
      problem: 'missing',
      seq: head?.seq,
    });
    // The target's own anchor now holds that head too: `audit verify` there says the same.
    const again = await verifyAudit(target.store, await target.store.auditKeyring(), w.actor.issuerId);
    expect(again[0]).toMatchObject({ ok: false, problem: 'missing' });
  });

  it('refuses a target that holds data, and writes nothing', async () => {
    const before = sqliteDump(source.dir);
    const error = await refusal(restoreBackup(source.store, textSource(backup)));
    expect(error.kind).toBe('conflict');
    expect(error.details.code).toBe('RESTORE_TARGET_NOT_EMPTY');
    expect(error.message).toContain('nothing was written');
    expect(sqliteDump(source.dir)).toEqual(before);
  });

  it.each([
    [
      'an edited amount',
      (text: string) =>
        text.replace('"amount_minor":{"$bigint":"12345678"}', '"amount_minor":{"$bigint":"12345679"}'),
      /SHA-256 in the trailer does not match/,
    ],
    [
      'a deleted row',
      (text: string) =>
        text
          .split('\n')
          .filter((_, i) => i !== 5)
          .join('\n'),
      /SHA-256|rows of/,
    ],
    ['the last lines cut off', (text: string) => text.split('\n').slice(0, -40).join('\n'), /truncated/],
    [
      'a line cut in half',
      (text: string) => text.slice(0, Math.floor(text.length / 2)),
      /not JSON|truncated/,
    ],
    ['an empty file', () => '', /is empty/],
  ])('refuses a backup with %s, before touching the target', async (_, damage, message) => {
    const damaged = damage(backup);
    expect(damaged).not.toBe(backup);
    const target = await sqliteStore();
    const error = await refusal(restoreBackup(target.store, textSource(damaged)));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toMatch(message);
    expect(await target.store.tablesWithRows()).toEqual([]);
  });

  it('refuses a backup from a newer schema version, and writes nothing', async () => {
    const future = futureBackup(backup);
    expect((await checkBackup(textSource(future))).header.schemaVersion).toBe('9999_from_the_future');
    const target = await sqliteStore();
    const error = await refusal(restoreBackup(target.store, textSource(future)));
    expect(error.details.code).toBe('BACKUP_SCHEMA_NEWER');
    expect(error.message).toContain('newer than this version');
    expect(await target.store.tablesWithRows()).toEqual([]);
  });
});

// ---- the commands ----

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function armslength(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    ...cliDeps({ NODE_ENV: 'test', ARMSLENGTH_TODAY: TODAY, ...env }),
    stdout: (text: string) => void out.push(text),
    stderr: (text: string) => void err.push(text),
  };
  const code = await runCli(deps, ['node', 'armslength', ...args]);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const pgUrlFor = (schema: string): string =>
  `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

async function emptyPgSchema(): Promise<string> {
  const schema = uniqueSchemaName();
  resources.trackSchema('postgres', PG_URL, schema);
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

describe('armslength export and restore', () => {
  let sourceDir: string;
  let file: string;
  let utilization: string;

  beforeAll(async () => {
    sourceDir = tempDir('cli-source');
    const demo = await armslength(['demo', '--data', sourceDir]);
    expect(demo.code).toBe(0);
    // `audit verify` seals the demo's events into the chain first.
    expect((await armslength(['audit', 'verify', '--data', sourceDir])).code).toBe(0);
    file = path.join(tempDir('cli-files'), 'installation.jsonl.gz');
    utilization = (await armslength(['utilization', '--json', '--data', sourceDir])).stdout;
  });

  it('export writes one gzip’d file, readable only by its owner, and says what is in it', async () => {
    const run = await armslength(['export', '--data', sourceDir, '--out', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Wrote .*installation\.jsonl\.gz: [\d,]+ rows of \d+ tables \([\d,]+ evidence files with their bytes\), schema version \d{4}_/,
    );
    expect(run.stdout).toContain('the key itself is not in the backup');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ format: 'armslength-backup' });
    expect(text).not.toContain(KEY);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['installation.jsonl.gz']);

    const again = await armslength(['export', '--data', sourceDir, '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists: choose another file, or give --force');
    const nowhere = await armslength([
      'export',
      '--data',
      sourceDir,
      '--out',
      path.join(file, 'no', 'such.gz'),
    ]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/--out .* cannot be written \((ENOTDIR|ENOENT)\)/);
  });

  it('restore loads it into a new data directory, verifies the chain and anchors it; utilisation reads the same', async () => {
    const target = path.join(tempDir('cli-target'), 'data');
    const run = await armslength(['restore', file, '--data', target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Restored .* on sqlite, schema version \d{4}_\w+\): [\d,]+ rows of \d+ tables, [\d,]+ evidence files\./,
    );
    expect(run.stdout).toMatch(/Audit log verified: iss_demo: [\d,]+ entries, head [0-9a-f]{64}/);
    expect(run.stdout).toContain(`Anchored the restored chain heads of`);
    expect((await armslength(['utilization', '--json', '--data', target])).stdout).toBe(utilization);
    expect((await armslength(['audit', 'verify', '--data', target])).code).toBe(0);
    expect(sqliteDump(target)).toEqual(sqliteDump(sourceDir));

    const before = sqliteDump(target);
    const twice = await armslength(['restore', file, '--data', target]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/Refused: the target database already holds data .*nothing was written/);
    expect(sqliteDump(target)).toEqual(before);
  });

  it('restores an uncompressed copy too (zcat FILE > FILE.jsonl), and refuses a file that is not a backup', async () => {
    const plain = path.join(path.dirname(file), 'plain.jsonl');
    fs.writeFileSync(plain, zlib.gunzipSync(fs.readFileSync(file)));
    const target = path.join(tempDir('cli-plain'), 'data');
    const run = await armslength(['restore', plain, '--data', target]);
    expect(run.code).toBe(0);
    expect((await armslength(['utilization', '--json', '--data', target])).stdout).toBe(utilization);

    const notBackup = path.join(path.dirname(file), 'scenario.json');
    fs.writeFileSync(notBackup, '{"parties": []}\n');
    const refused = await armslength(['restore', notBackup, '--data', path.join(tempDir('cli-not'), 'data')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("line 1: is not an Arm's Length backup");
  });

  it('refuses a truncated or edited file with exit status 2, before creating the database', async () => {
    const bytes = fs.readFileSync(file);
    const truncated = path.join(path.dirname(file), 'truncated.jsonl.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const text = zlib.gunzipSync(bytes).toString('utf8');
    const edited = path.join(path.dirname(file), 'edited.jsonl.gz');
    fs.writeFileSync(
      edited,
      zlib.gzipSync(
        text.replace(/"actual_delta":\{"\$bigint":"(\d+)"\}/, '"actual_delta":{"$bigint":"1$1"}'),
      ),
    );
    for (const [damaged, message] of [
      [truncated, /truncated/],
      [edited, /SHA-256 in the trailer does not match/],
    ] as const) {
      const target = path.join(tempDir('cli-damaged'), 'data');
      const run = await armslength(['restore', damaged, '--data', target]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(fs.existsSync(target)).toBe(false);
    }
  });

  it('refuses a backup of a newer schema version with exit status 1, before creating the database', async () => {
    const future = path.join(path.dirname(file), 'future.jsonl.gz');
    fs.writeFileSync(
      future,
      zlib.gzipSync(futureBackup(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'))),
    );
    const target = path.join(tempDir('cli-future'), 'data');
    const run = await armslength(['restore', future, '--data', target]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Refused: the backup's schema version 9999_from_the_future is newer than this version/,
    );
    expect(run.stderr).toContain('nothing was written');
    expect(fs.existsSync(target)).toBe(false);
  });

  it('restores with another audit key: the data comes back, and it exits 1 naming both key fingerprints', async () => {
    const target = path.join(tempDir('cli-otherkey'), 'data');
    process.env['ARMSLENGTH_AUDIT_KEY'] = OTHER_KEY;
    let run: Run;
    try {
      run = await armslength(['restore', file, '--data', target]);
    } finally {
      process.env['ARMSLENGTH_AUDIT_KEY'] = KEY;
    }
    const { keyFingerprint } = await import('../src/store/audit-keyring.js');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Restored /);
    expect(run.stderr).toContain(`the key of fingerprint ${keyFingerprint(Buffer.from(KEY, 'hex'))}`);
    expect(run.stderr).toContain(`has fingerprint ${keyFingerprint(Buffer.from(OTHER_KEY, 'hex'))}`);
    expect(run.stderr).toContain('before starting the server');
    // With the original key, the same data verifies.
    expect((await armslength(['utilization', '--json', '--data', target])).stdout).toBe(utilization);
    expect((await armslength(['audit', 'verify', '--data', target])).code).toBe(0);
  });

  it('restores a backup of an older schema version, then migrates it to this build’s', async () => {
    const { createIssuer } = await import('../src/app/issuers.js');
    const olderFile = path.join(path.dirname(file), 'older.jsonl.gz');
    // `armslength export` would migrate the database first: the backup is made from a store kept at 0012.
    const olderDir = tempDir('cli-older2');
    const still = await openStore({ engine: 'sqlite', dataDir: olderDir, migrateUpTo: '0012_annual_review' });
    try {
      await createIssuer(context(still), {
        name: { en: 'Older Schema Ltd', 'zh-Hant': null },
        isDemo: false,
      });
      const text = await backupText(still);
      expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({
        schemaVersion: '0012_annual_review',
      });
      fs.writeFileSync(olderFile, zlib.gzipSync(text));
    } finally {
      await still.close();
    }
    const target = path.join(tempDir('cli-older-target'), 'data');
    const run = await armslength(['restore', olderFile, '--data', target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('schema version 0012_annual_review');
    const restored = await openStore({ engine: 'sqlite', dataDir: target });
    try {
      const { applied, known } = await restored.schemaMigrations();
      expect(applied).toEqual(known);
      expect((await restored.listIssuers()).map((i) => i.name.en)).toEqual(['Older Schema Ltd']);
    } finally {
      await restored.close();
    }
  });

  describe.skipIf(PG_URL === '')('with PostgreSQL', () => {
    it('restore --database-url into an empty PostgreSQL database, export it again, restore that into SQLite: the same utilisation and tables', async () => {
      const schema = await emptyPgSchema();
      const url = pgUrlFor(schema);
      const run = await armslength(['restore', file, '--database-url', url]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('No audit anchor is configured');
      expect(run.stdout).toMatch(/Audit log verified: iss_demo/);
      expect((await armslength(['utilization', '--json', '--database-url', url])).stdout).toBe(utilization);
      expect(await pgDump(schema)).toEqual(sqliteDump(sourceDir));

      const fromPg = path.join(path.dirname(file), 'from-pg.jsonl.gz');
      expect((await armslength(['export', '--database-url', url, '--out', fromPg])).code).toBe(0);
      const final = path.join(tempDir('cli-final'), 'data');
      const back = await armslength(['restore', fromPg, '--data', final]);
      expect(back.stderr).toBe('');
      expect(back.code).toBe(0);
      expect(back.stdout).toContain('on postgres');
      expect(sqliteDump(final)).toEqual(sqliteDump(sourceDir));
      expect((await armslength(['utilization', '--json', '--data', final])).stdout).toBe(utilization);

      const again = await armslength(['restore', fromPg, '--database-url', url]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already holds data');
    });
  });
});
