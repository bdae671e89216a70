/**
 * Use cases "back up the installation" and "restore a backup" (issue 9, item 3; decision 0018).
 *
 * A backup is JSON Lines: a header, one line per row of every table (evidence files' bytes are a
 * column of theirs), and a trailer with the row count of each table and the SHA-256 of every line
 * before it. Values keep their exact type: `{"$bigint":"…"}` for 64-bit integers (money never goes
 * through a JS number), `{"$bytes":"<base64>"}` for bytes. The audit chain's key is never in it: only
 * the key's fingerprint, so that a restore can say whether it has the key the chain was sealed with.
 *
 * Installation-level: no issuer and no role; only the local operator runs them, through the CLI
 * (whoever can open the database, as for `users` and `audit verify`). There is no HTTP route.
 */
import { createHash } from 'node:crypto';
import type { FieldError } from '../domain/index.js';
import { verifyAudit, type ChainVerdict } from './audit.js';
import type { AuditAnchor, AuditHead, AuditKeyring } from './audit-ports.js';
import type { BackupCounter, BackupRow, BackupTable, BackupValue } from './backup-ports.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Store } from './ports.js';

export const BACKUP_FORMAT = 'armslength-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: typeof BACKUP_FORMAT_VERSION;
  /** The last migration applied to the database backed up. */
  readonly schemaVersion: string;
  /** Every migration applied, in order. */
  readonly migrations: readonly string[];
  readonly createdAt: string;
  /** What wrote it: "armslength 0.1.0". */
  readonly producer: string;
  readonly engine: 'sqlite' | 'postgres';
  /** The audit key's fingerprint (never the key); null when the source had no key configured. */
  readonly auditKeyFingerprint: string | null;
  /** The heads the source had anchored outside its database when the backup began. */
  readonly anchoredHeads: readonly AuditHead[];
  readonly counters: readonly BackupCounter[];
  /** In the order their rows follow: a table after the tables it references. */
  readonly tables: readonly BackupTable[];
}

export interface BackupSummary {
  readonly header: BackupHeader;
  readonly rows: Readonly<Record<string, number>>;
  /** Of the lines before the trailer, as the trailer records it. */
  readonly sha256: string;
}

// ---- values ----

const BIGINT = '$bigint';
const BYTES = '$bytes';

/** A value as JSON: integers beyond a column's `integer` and bytes are tagged, so they come back exactly. */
export function encodeValue(value: unknown, where: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return { [BIGINT]: value.toString() };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${where} holds ${value}, which JSON cannot keep`);
    return value;
  }
  if (value instanceof Uint8Array)
    return { [BYTES]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  throw new Error(
    `${where} holds a value of a type a backup cannot keep (${Object.prototype.toString.call(value)})`,
  );
}

/** The inverse of `encodeValue`; undefined for anything it cannot have written. */
export function decodeValue(json: unknown): BackupValue | undefined {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') return Number.isFinite(json) ? json : undefined;
  if (typeof json !== 'object' || Array.isArray(json)) return undefined;
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [tag, text] = entries[0] as [string, unknown];
  if (typeof text !== 'string') return undefined;
  if (tag === BIGINT) return /^-?(0|[1-9][0-9]*)$/.test(text) ? BigInt(text) : undefined;
  if (tag === BYTES) {
    const bytes = Buffer.from(text, 'base64');
    // Only canonical base64 is what `encodeValue` writes; anything else was edited.
    return bytes.toString('base64') === text ? bytes : undefined;
  }
  return undefined;
}

// ---- writing ----

const headerJson = (h: BackupHeader) => ({
  ...h,
  anchoredHeads: h.anchoredHeads.map((a) => ({ issuerId: a.issuerId, seq: a.seq.toString(), hash: a.hash })),
  counters: h.counters.map((c) => ({ table: c.table, column: c.column, value: c.value.toString() })),
});

/** The source's key fingerprint and anchored heads; none when no key is configured (PostgreSQL). */
async function keyFacts(store: Store): Promise<{ fingerprint: string | null; anchored: AuditHead[] }> {
  let keyring: AuditKeyring;
  try {
    keyring = await store.auditKeyring();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'unavailable') return { fingerprint: null, anchored: [] };
    throw error;
  }
  const anchored = keyring.anchor ? [...(await keyring.anchor.read()).values()] : [];
  return {
    fingerprint: keyring.fingerprint,
    anchored: anchored.sort((a, b) => (a.issuerId < b.issuerId ? -1 : 1)),
  };
}

/** Lines are handed to `write` in chunks of about this many characters. */
const CHUNK = 256 * 1024;

/**
 * Writes the whole database as a backup to `write` (which should wait while its destination is
 * busy), from one snapshot, a page of rows at a time: memory stays flat however many rows there are.
 * Nothing is written to the database. Unsealed audit events are backed up as they are, unsealed.
 */
export async function exportBackup(
  ctx: AppContext,
  write: (text: string) => Promise<void>,
  options: { readonly producer?: string } = {},
): Promise<BackupSummary> {
  // The anchor first: heads only grow, so the snapshot taken next holds at least what it names.
  const key = await keyFacts(ctx.store);
  return ctx.store.readBackupSnapshot(async (snapshot) => {
    const hash = createHash('sha256');
    let pending: string[] = [];
    let pendingLength = 0;
    const line = async (value: unknown): Promise<void> => {
      const text = `${JSON.stringify(value)}\n`;
      hash.update(text);
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= CHUNK) {
        const chunk = pending.join('');
        pending = [];
        pendingLength = 0;
        await write(chunk);
      }
    };
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      schemaVersion: snapshot.migrations.at(-1) ?? '',
      migrations: snapshot.migrations,
      createdAt: ctx.clock.now(),
      producer: options.producer ?? 'armslength',
      engine: ctx.store.engine,
      auditKeyFingerprint: key.fingerprint,
      anchoredHeads: key.anchored,
      counters: snapshot.counters,
      tables: snapshot.tables,
    };
    await line(headerJson(header));
    const rows: Record<string, number> = {};
    for (const table of snapshot.tables) {
      let count = 0;
      for await (const row of snapshot.rows(table.name)) {
        const r: Record<string, unknown> = {};
        for (const c of table.columns) r[c] = encodeValue(row[c] ?? null, `${table.name}.${c}`);
        await line({ t: table.name, r });
        count += 1;
      }
      rows[table.name] = count;
    }
    const sha256 = hash.digest('hex');
    pending.push(`${JSON.stringify({ end: { rows, sha256 } })}\n`);
    await write(pending.join(''));
    return { header, rows, sha256 };
  });
}

// ---- reading ----

type Item =
  | { readonly kind: 'row'; readonly table: string; readonly row: BackupRow }
  | { readonly kind: 'end'; readonly summary: BackupSummary };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const SHA256 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** A backup that is not one, or is damaged: invalid input (exit status 2), naming the line. */
const damaged = (label: string, line: number, message: string): AppError =>
  AppError.invalid([
    { path: label, message: line > 0 ? `line ${line}: ${message}` : message } satisfies FieldError,
  ]);

function parseHeader(json: unknown, fail: (message: string) => AppError): BackupHeader {
  if (!isObject(json) || json['format'] !== BACKUP_FORMAT)
    throw fail(`is not an Arm's Length backup (its first line has no "format": "${BACKUP_FORMAT}")`);
  if (json['version'] !== BACKUP_FORMAT_VERSION)
    throw fail(
      `is in backup format version ${JSON.stringify(json['version'])}; this version of Arm's Length reads version ${BACKUP_FORMAT_VERSION}`,
    );
  const migrations = json['migrations'];
  const tables = json['tables'];
  const counters = json['counters'];
  const heads = json['anchoredHeads'];
  const fingerprint = json['auditKeyFingerprint'];
  const engine = json['engine'];
  if (
    !isStrings(migrations) ||
    migrations.length === 0 ||
    json['schemaVersion'] !== migrations.at(-1) ||
    typeof json['createdAt'] !== 'string' ||
    typeof json['producer'] !== 'string' ||
    (engine !== 'sqlite' && engine !== 'postgres') ||
    !(fingerprint === null || typeof fingerprint === 'string') ||
    !Array.isArray(tables) ||
    !tables.every(
      (t) =>
        isObject(t) && typeof t['name'] === 'string' && isStrings(t['columns']) && isStrings(t['primaryKey']),
    ) ||
    !Array.isArray(counters) ||
    !counters.every(
      (c) =>
        isObject(c) &&
        typeof c['table'] === 'string' &&
        typeof c['column'] === 'string' &&
        typeof c['value'] === 'string' &&
        DECIMAL.test(c['value']),
    ) ||
    !Array.isArray(heads) ||
    !heads.every(
      (h) =>
        isObject(h) &&
        typeof h['issuerId'] === 'string' &&
        typeof h['seq'] === 'string' &&
        DECIMAL.test(h['seq']) &&
        typeof h['hash'] === 'string',
    )
  )
    throw fail('its header is incomplete or malformed');
  const parsedTables = (tables as Record<string, unknown>[]).map((t) => ({
    name: t['name'] as string,
    columns: t['columns'] as string[],
    primaryKey: t['primaryKey'] as string[],
  }));
  if (new Set(parsedTables.map((t) => t.name)).size !== parsedTables.length)
    throw fail('its header lists a table twice');
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    schemaVersion: migrations.at(-1) as string,
    migrations,
    createdAt: json['createdAt'],
    producer: json['producer'],
    engine,
    auditKeyFingerprint: fingerprint,
    anchoredHeads: (heads as Record<string, string>[]).map((h) => ({
      issuerId: h['issuerId'] as string,
      seq: BigInt(h['seq'] as string),
      hash: h['hash'] as string,
    })),
    counters: (counters as Record<string, string>[]).map((c) => ({
      table: c['table'] as string,
      column: c['column'] as string,
      value: BigInt(c['value'] as string),
    })),
    tables: parsedTables,
  };
}

/**
 * Reads a backup line by line and checks everything it can without a database: the header, that
 * each row belongs to a listed table, in the listed order, with exactly its columns and values
 * `encodeValue` writes, and at the end the trailer: every table's row count and the SHA-256 of the
 * lines before it. Yields the header's tables' rows, then the summary; throws at the first problem.
 */
async function* readBackup(
  lines: AsyncIterable<string>,
  label: string,
): AsyncGenerator<Item, void, undefined> {
  const hash = createHash('sha256');
  let n = 0;
  let header: BackupHeader | undefined;
  let tableIndex = 0;
  const rows: Record<string, number> = {};
  let summary: BackupSummary | undefined;
  for await (const text of lines) {
    n += 1;
    const fail = (message: string) => damaged(label, n, message);
    if (summary) throw fail('there is more after the trailer, which ends a backup');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw fail('is not JSON: the backup is damaged or truncated');
    }
    if (!header) {
      header = parseHeader(json, (m) => damaged(label, n, m));
      for (const t of header.tables) rows[t.name] = 0;
      hash.update(`${text}\n`);
      continue;
    }
    if (isObject(json) && 'end' in json) {
      const end = json['end'];
      if (
        !isObject(end) ||
        typeof end['sha256'] !== 'string' ||
        !SHA256.test(end['sha256']) ||
        !isObject(end['rows'])
      )
        throw fail('its trailer is malformed');
      const digest = hash.digest('hex');
      if (digest !== end['sha256'])
        throw fail(
          'the SHA-256 in the trailer does not match the lines before it: the backup was changed or damaged after it was written',
        );
      const counted = end['rows'];
      const names = new Set([...Object.keys(counted), ...Object.keys(rows)]);
      for (const name of names)
        if (counted[name] !== rows[name])
          throw fail(
            `the trailer counts ${JSON.stringify(counted[name] ?? null)} rows of ${name}, and the backup holds ${rows[name] ?? 0}`,
          );
      summary = { header, rows, sha256: digest };
      continue;
    }
    if (
      !isObject(json) ||
      typeof json['t'] !== 'string' ||
      !isObject(json['r']) ||
      Object.keys(json).length !== 2
    )
      throw fail('is neither a row ({"t": table, "r": values}) nor the trailer');
    const name = json['t'];
    const at = header.tables.findIndex((t, i) => i >= tableIndex && t.name === name);
    if (at < 0)
      throw fail(
        header.tables.some((t) => t.name === name)
          ? `a row of ${name} comes after rows of a table listed after it`
          : `a row of ${name}, a table the header does not list`,
      );
    tableIndex = at;
    const table = header.tables[at] as BackupTable;
    const values = json['r'];
    const keys = Object.keys(values);
    if (keys.length !== table.columns.length || !table.columns.every((c) => c in values))
      throw fail(`a row of ${name} with the columns ${keys.join(', ')}, not ${table.columns.join(', ')}`);
    const row: Record<string, BackupValue> = {};
    for (const c of table.columns) {
      const value = decodeValue(values[c]);
      if (value === undefined)
        throw fail(`${name}.${c} holds a value no backup has: ${JSON.stringify(values[c]).slice(0, 80)}`);
      row[c] = value;
    }
    rows[name] = (rows[name] ?? 0) + 1;
    hash.update(`${text}\n`);
    yield { kind: 'row', table: name, row };
  }
  if (!header) throw damaged(label, 0, 'is empty');
  if (!summary) throw damaged(label, n, 'the backup ends before its trailer: it is truncated');
  yield { kind: 'end', summary };
}

/** Where a backup's lines come from; called once per pass (a restore reads the file twice). */
export type BackupSource = () => AsyncIterable<string>;

/** Reads the whole backup and checks it (see `readBackup`) without touching any database. */
export async function checkBackup(source: BackupSource, label = 'the backup'): Promise<BackupSummary> {
  for await (const item of readBackup(source(), label)) if (item.kind === 'end') return item.summary;
  throw damaged(label, 0, 'has no trailer');
}

// ---- restoring ----

/**
 * The schema the backup was taken from must be one this build knows, and the target must be at it:
 * a new database is migrated only up to it (`migrateUpTo`), loaded, then migrated the rest of the way.
 */
function checkMigrations(
  backup: readonly string[],
  schema: { readonly applied: readonly string[]; readonly known: readonly string[] },
): void {
  const { applied, known } = schema;
  const latest = known.at(-1) ?? 'none';
  const unknown = backup.findIndex((m, i) => known[i] !== m);
  if (unknown >= 0)
    throw AppError.conflict(
      'BACKUP_SCHEMA_NEWER',
      backup.length > known.length && backup.slice(0, known.length).every((m, i) => known[i] === m)
        ? `the backup's schema version ${backup.at(-1) ?? ''} is newer than this version of Arm's Length (its latest is ${latest}): restore it with the version that made it, or a later one; nothing was written`
        : `the backup has the migration ${backup[unknown] ?? ''}, which this version of Arm's Length does not know at position ${unknown + 1} (it is from another build); nothing was written`,
    );
  if (applied.length !== backup.length || applied.some((m, i) => backup[i] !== m))
    throw AppError.conflict(
      'RESTORE_TARGET_SCHEMA',
      `the target database is at schema version ${applied.at(-1) ?? '(none)'} and the backup at ${backup.at(-1) ?? ''}: restore into a new database (a new --data directory, or an empty PostgreSQL database), which restore migrates to the backup's version before loading it; nothing was written`,
    );
}

/**
 * Loads a checked backup (`checkBackup`) into `store`, which must be empty and at the backup's
 * schema version, in one transaction: nothing is written if the target holds any row, or if the
 * file no longer matches what was checked (its trailer is checked again before the commit).
 * Returns the rows loaded per table.
 */
export async function loadBackup(
  store: Store,
  source: BackupSource,
  checked: BackupSummary,
  label = 'the backup',
): Promise<Record<string, number>> {
  const holding = await store.tablesWithRows();
  if (holding.length > 0)
    throw AppError.conflict(
      'RESTORE_TARGET_NOT_EMPTY',
      `the target database already holds data (rows in ${holding.slice(0, 6).join(', ')}${holding.length > 6 ? ', …' : ''}): restore only into an empty database; nothing was written`,
    );
  checkMigrations(checked.header.migrations, await store.schemaMigrations());
  async function* rows() {
    for await (const item of readBackup(source(), label)) {
      if (item.kind === 'row') yield { table: item.table, row: item.row };
      else if (item.summary.sha256 !== checked.sha256)
        throw damaged(label, 0, 'changed while it was being restored; nothing was written');
    }
  }
  return store.loadBackup({
    tables: checked.header.tables,
    rows: rows(),
    counters: () => checked.header.counters,
  });
}

/** The target's anchor, with the heads the source had anchored: the longest head of each issuer stands. */
function withAnchoredHeads(anchor: AuditAnchor | null, heads: readonly AuditHead[]): AuditAnchor {
  return {
    location: anchor?.location ?? 'the backup',
    append: (more) => (anchor ? anchor.append(more) : Promise.resolve()),
    async read() {
      const merged = anchor ? await anchor.read() : new Map<string, AuditHead>();
      for (const h of heads) {
        const known = merged.get(h.issuerId);
        if (!known || h.seq > known.seq) merged.set(h.issuerId, h);
      }
      return merged;
    },
  };
}

export interface RestoredAudit {
  /** The key the chain was sealed with (the backup's header) and this installation's. */
  readonly backupFingerprint: string | null;
  readonly targetFingerprint: string | null;
  /** Where this installation's key comes from (ARMSLENGTH_AUDIT_KEY, a key file), or why there is none. */
  readonly keySource: string;
  /**
   * null: the chain verifies under this installation's key. `key-differs`: it has another key, so the
   * chain cannot be verified here. `no-key`: no key is configured. `chain`: a verdict is not ok.
   */
  readonly problem: null | 'key-differs' | 'no-key' | 'chain';
  /** The anchor the restored heads were appended to, and how many; null when none is configured. */
  readonly anchor: { readonly location: string; readonly heads: number } | null;
  /** Null when the chain could not be verified (no key, or another key). */
  readonly verdicts: readonly ChainVerdict[] | null;
}

/**
 * After a restore, at this build's schema: anchors the restored chain heads outside the database
 * (with the heads the source had anchored, so that entries it had sealed and the backup lacks are
 * reported missing), then verifies every chain — if this installation has the key the chain was
 * sealed with. Pending (unsealed) events are left to the sealer.
 */
export async function finishRestore(store: Store, header: BackupHeader): Promise<RestoredAudit> {
  let keyring: AuditKeyring | null = null;
  let keySource: string;
  try {
    keyring = await store.auditKeyring();
    keySource = keyring.source;
  } catch (error) {
    if (!(error instanceof AppError && error.kind === 'unavailable')) throw error;
    keySource = error.message;
  }
  const restoredHeads = (await store.listAuditHeads()).filter((h) => h.seq > 0n);
  let anchor: RestoredAudit['anchor'] = null;
  if (keyring?.anchor) {
    // The source's heads first: where it anchored the same seq with another hash, its line stands
    // (an anchor keeps the first of equal heads), and verification reports the difference.
    const heads = [...header.anchoredHeads.filter((h) => h.seq > 0n), ...restoredHeads];
    await keyring.anchor.append(heads);
    anchor = { location: keyring.anchor.location, heads: new Set(heads.map((h) => h.issuerId)).size };
  }
  const base = {
    backupFingerprint: header.auditKeyFingerprint,
    targetFingerprint: keyring?.fingerprint ?? null,
    keySource,
    anchor,
  };
  if (!keyring) return { ...base, problem: 'no-key', verdicts: null };
  if (header.auditKeyFingerprint !== null && header.auditKeyFingerprint !== keyring.fingerprint)
    return { ...base, problem: 'key-differs', verdicts: null };
  const verdicts = await verifyAudit(store, {
    ...keyring,
    anchor: withAnchoredHeads(keyring.anchor, header.anchoredHeads),
  });
  return { ...base, problem: verdicts.every((v) => v.ok) ? null : 'chain', verdicts };
}

export interface RestoreOutcome {
  readonly summary: BackupSummary;
  readonly rows: Record<string, number>;
  readonly audit: RestoredAudit;
}

/**
 * Checks, loads and verifies a backup on a store already at the backup's schema version (the CLI
 * opens the target at that version for the load and at this build's for `finishRestore`).
 */
export async function restoreBackup(
  store: Store,
  source: BackupSource,
  label?: string,
): Promise<RestoreOutcome> {
  const summary = await checkBackup(source, label);
  const rows = await loadBackup(store, source, summary, label);
  return { summary, rows, audit: await finishRestore(store, summary.header) };
}
