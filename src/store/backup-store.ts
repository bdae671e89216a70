/**
 * Backup and restore on both engines (issue 9, item 3; decision 0018): the tables, their keys and
 * foreign keys are read from the database's own catalogue, rows are read a page at a time in
 * primary-key order from one snapshot, and a backup is loaded into an empty database in one
 * transaction.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  BackupCounter,
  BackupLoad,
  BackupRow,
  BackupSnapshot,
  BackupTable,
  BackupValue,
} from '../app/backup-ports.js';
import { AppError } from '../app/errors.js';
import { MIGRATIONS } from './migrations.js';
import type { Database } from './schema.js';

type Engine = 'sqlite' | 'postgres';

/** Rows per page when reading a table; a page of evidence files is kept small (each up to 20 MB). */
const PAGE_ROWS = 2000;
const PAGE_ROWS_WITH_BYTES = 4;
/** Bound parameters per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_ROWS = 500;
/** An INSERT is sent once its values reach this many bytes (evidence files). */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

interface ForeignKey {
  readonly columns: readonly string[];
  readonly references: string;
}

interface TableInfo extends BackupTable {
  readonly nullable: ReadonlySet<string>;
  readonly hasBytes: boolean;
  readonly foreignKeys: readonly ForeignKey[];
  /** The column an id counter feeds, if any (`bigserial`, AUTOINCREMENT). */
  readonly counterColumn: string | null;
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

async function sqliteTables(db: Kysely<Database>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master
     where type = 'table' and name not like 'sqlite_%' and name <> 'schema_migrations'`.execute(db);
  const infos: TableInfo[] = [];
  for (const t of tables.rows) {
    const columns = await sql<{ name: string; type: string; notnull: bigint | number; pk: bigint | number }>`
      select name, type, "notnull", pk from pragma_table_info(${t.name}) order by cid`.execute(db);
    const fks = await sql<{ id: bigint | number; seq: bigint | number; table: string; from: string }>`
      select id, seq, "table", "from" from pragma_foreign_key_list(${t.name}) order by id, seq`.execute(db);
    const primaryKey = columns.rows
      .filter((c) => Number(c.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((c) => c.name);
    const foreignKeys = new Map<number, { columns: string[]; references: string }>();
    for (const fk of fks.rows) {
      const id = Number(fk.id);
      const known = foreignKeys.get(id) ?? { columns: [], references: fk.table };
      known.columns.push(fk.from);
      foreignKeys.set(id, known);
    }
    infos.push({
      name: t.name,
      columns: columns.rows.map((c) => c.name),
      primaryKey,
      nullable: new Set(columns.rows.filter((c) => Number(c.notnull) === 0).map((c) => c.name)),
      hasBytes: columns.rows.some((c) => /blob/i.test(c.type)),
      foreignKeys: [...foreignKeys.values()],
      counterColumn:
        /\bautoincrement\b/i.test(t.sql) && primaryKey.length === 1 ? (primaryKey[0] ?? null) : null,
    });
  }
  return infos;
}

async function postgresTables(db: Kysely<Database>): Promise<TableInfo[]> {
  const columns = await sql<{
    table_name: string;
    column_name: string;
    is_nullable: string;
    data_type: string;
    column_default: string | null;
  }>`
    select c.table_name, c.column_name, c.is_nullable, c.data_type, c.column_default
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
       and c.table_name <> 'schema_migrations'
     order by c.table_name, c.ordinal_position`.execute(db);
  const keys = await sql<{ table_name: string; column_name: string }>`
    select c.relname as table_name, a.attname as column_name
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
     where n.nspname = current_schema() and i.indisprimary
     order by c.relname, k.ord`.execute(db);
  const fks = await sql<{ name: string; table_name: string; references: string; column_name: string }>`
    select con.conname as name, c.relname as table_name, rc.relname as references, a.attname as column_name
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_class rc on rc.oid = con.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
     where n.nspname = current_schema() and con.contype = 'f'
     order by c.relname, con.conname, k.ord`.execute(db);
  const names = [...new Set(columns.rows.map((c) => c.table_name))];
  return names.map((name) => {
    const cols = columns.rows.filter((c) => c.table_name === name);
    const foreignKeys = new Map<string, { columns: string[]; references: string }>();
    for (const fk of fks.rows.filter((f) => f.table_name === name)) {
      const known = foreignKeys.get(fk.name) ?? { columns: [], references: fk.references };
      known.columns.push(fk.column_name);
      foreignKeys.set(fk.name, known);
    }
    return {
      name,
      columns: cols.map((c) => c.column_name),
      primaryKey: keys.rows.filter((k) => k.table_name === name).map((k) => k.column_name),
      nullable: new Set(cols.filter((c) => c.is_nullable === 'YES').map((c) => c.column_name)),
      hasBytes: cols.some((c) => c.data_type === 'bytea'),
      foreignKeys: [...foreignKeys.values()],
      counterColumn: cols.find((c) => c.column_default?.startsWith('nextval(') === true)?.column_name ?? null,
    };
  });
}

/**
 * Every table, a referenced table before the tables referencing it (alphabetical among equals, so
 * that two backups of one database list them alike). A table referencing itself, or a cycle, does not
 * stop the order: the restore loads such references last (see `loadBackupIn`).
 */
export function dependencyOrder<
  T extends { readonly name: string; readonly foreignKeys: readonly ForeignKey[] },
>(tables: readonly T[]): T[] {
  const remaining = [...tables].sort(byName);
  const placed = new Set<string>();
  const order: T[] = [];
  while (remaining.length > 0) {
    const ready = (t: T): boolean =>
      t.foreignKeys.every(
        (fk) =>
          fk.references === t.name ||
          placed.has(fk.references) ||
          !remaining.some((r) => r.name === fk.references),
      );
    const index = Math.max(0, remaining.findIndex(ready));
    const [next] = remaining.splice(index, 1);
    if (next === undefined) break;
    placed.add(next.name);
    order.push(next);
  }
  return order;
}

async function introspect(db: Kysely<Database>, engine: Engine): Promise<TableInfo[]> {
  const tables = engine === 'sqlite' ? await sqliteTables(db) : await postgresTables(db);
  const keyless = tables.filter((t) => t.primaryKey.length === 0).map((t) => t.name);
  // Rows are paged by primary key; a table without one cannot be read a page at a time.
  if (keyless.length > 0)
    throw new Error(`tables without a primary key cannot be backed up: ${keyless.join(', ')}`);
  return dependencyOrder(tables);
}

async function counters(
  db: Kysely<Database>,
  engine: Engine,
  tables: readonly TableInfo[],
): Promise<BackupCounter[]> {
  const out: BackupCounter[] = [];
  if (!tables.some((t) => t.counterColumn !== null)) return out;
  if (engine === 'sqlite') {
    const rows = await sql<{
      name: string;
      seq: bigint | number | null;
    }>`select name, seq from sqlite_sequence`.execute(db);
    for (const t of tables) {
      const found = rows.rows.find((r) => r.name === t.name);
      if (t.counterColumn !== null)
        out.push({ table: t.name, column: t.counterColumn, value: BigInt(found?.seq ?? 0) });
    }
    return out;
  }
  for (const t of tables) {
    if (t.counterColumn === null) continue;
    const r = await sql<{ value: bigint | null }>`
      select pg_sequence_last_value(pg_get_serial_sequence(${t.name}, ${t.counterColumn})::regclass) as value`.execute(
      db,
    );
    out.push({ table: t.name, column: t.counterColumn, value: BigInt(r.rows[0]?.value ?? 0) });
  }
  return out;
}

const columnList = (columns: readonly string[]): RawBuilder<unknown> =>
  sql.join(columns.map((c) => sql.ref(c)));

async function* tableRows(db: Kysely<Database>, table: TableInfo): AsyncGenerator<BackupRow> {
  const pageRows = table.hasBytes ? PAGE_ROWS_WITH_BYTES : PAGE_ROWS;
  const key = columnList(table.primaryKey);
  let after: readonly BackupValue[] | null = null;
  for (;;) {
    const where: RawBuilder<unknown> =
      after === null ? sql`` : sql`where (${key}) > (${sql.join([...after])})`;
    const page = await sql<Record<string, BackupValue>>`
      select ${columnList(table.columns)} from ${sql.table(table.name)} ${where}
       order by ${key} limit ${pageRows}`.execute(db);
    for (const row of page.rows) yield row;
    const last = page.rows[page.rows.length - 1];
    if (last === undefined || page.rows.length < pageRows) return;
    after = table.primaryKey.map((c) => last[c] ?? null);
  }
}

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('schema_migrations').select('name').orderBy('name').execute()).map(
    (r) => r.name,
  );
}

export const knownMigrations = (): string[] => MIGRATIONS.map((m) => m.name);

function snapshotOn(db: Kysely<Database>, engine: Engine) {
  return async (): Promise<BackupSnapshot> => {
    const tables = await introspect(db, engine);
    return {
      migrations: await appliedMigrations(db),
      tables: tables.map((t) => ({ name: t.name, columns: t.columns, primaryKey: t.primaryKey })),
      counters: await counters(db, engine, tables),
      rows(name: string) {
        const table = tables.find((t) => t.name === name);
        if (!table) throw new Error(`no table ${name}`);
        return tableRows(db, table);
      },
    };
  };
}

/** Runs `fn` on one consistent snapshot of the database, in a read-only transaction. */
export async function readBackupSnapshot<T>(
  db: Kysely<Database>,
  engine: Engine,
  fn: (snapshot: BackupSnapshot) => Promise<T>,
): Promise<T> {
  if (engine === 'postgres') {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => fn(await snapshotOn(trx, engine)()));
  }
  // WAL: a read transaction sees the database as of its first read, while writers go on.
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      return await fn(await snapshotOn(conn, engine)());
    } finally {
      await sql`rollback`.execute(conn);
    }
  });
}

async function nonEmptyTables(
  db: Kysely<Database>,
  tables: readonly { readonly name: string }[],
): Promise<string[]> {
  const found: string[] = [];
  for (const t of tables) {
    const r = await sql<{ one: unknown }>`select 1 as one from ${sql.table(t.name)} limit 1`.execute(db);
    if (r.rows.length > 0) found.push(t.name);
  }
  return found;
}

export async function tablesWithRows(db: Kysely<Database>, engine: Engine): Promise<string[]> {
  return nonEmptyTables(db, await introspect(db, engine));
}

const listed = (names: readonly string[]): string =>
  names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');

/** The backup's tables must be this database's, column for column: the migrations are the same. */
function checkTables(target: readonly TableInfo[], backup: readonly BackupTable[]): void {
  const problems: string[] = [];
  for (const b of backup) {
    const t = target.find((x) => x.name === b.name);
    if (!t) problems.push(`table ${b.name} does not exist here`);
    else if ([...b.columns].sort().join(',') !== [...t.columns].sort().join(','))
      problems.push(
        `table ${b.name} has columns ${b.columns.join(', ')} in the backup and ${t.columns.join(', ')} here`,
      );
  }
  for (const t of target)
    if (!backup.some((b) => b.name === t.name)) problems.push(`table ${t.name} is not in the backup`);
  if (problems.length > 0)
    throw AppError.conflict(
      'BACKUP_SCHEMA_MISMATCH',
      `the backup's tables are not this database's: ${problems.slice(0, 5).join('; ')}`,
    );
}

/** A reference to fill in after every table is loaded: the row's key, the column and its value. */
interface Deferred {
  readonly table: TableInfo;
  readonly key: readonly BackupValue[];
  readonly column: string;
  readonly value: BackupValue;
}

/**
 * For each table, the columns of its foreign keys to itself or to a table loaded after it: they are
 * loaded null and set once every row is in (one nullable column is enough to exempt a composite key).
 */
function deferredColumns(order: readonly TableInfo[]): Map<string, Set<string>> {
  const deferred = new Map<string, Set<string>>();
  order.forEach((table, i) => {
    const later = new Set(order.slice(i).map((t) => t.name));
    const columns = new Set<string>();
    for (const fk of table.foreignKeys) {
      if (!later.has(fk.references)) continue;
      const nullable = fk.columns.filter((c) => table.nullable.has(c));
      if (nullable.length === 0)
        throw new Error(
          `table ${table.name} references ${fk.references}, loaded after it, through columns that cannot be null (${fk.columns.join(', ')})`,
        );
      for (const c of nullable) columns.add(c);
    }
    deferred.set(table.name, columns);
  });
  return deferred;
}

const valueBytes = (v: BackupValue): number =>
  v instanceof Uint8Array ? v.byteLength : typeof v === 'string' ? v.length : 8;

async function insertRows(db: Kysely<Database>, table: TableInfo, rows: readonly BackupRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => sql`(${sql.join(table.columns.map((c) => r[c] ?? null))})`);
  await sql`insert into ${sql.table(table.name)} (${columnList(table.columns)}) values ${sql.join(values)}`.execute(
    db,
  );
}

async function setCounter(
  db: Kysely<Database>,
  engine: Engine,
  table: TableInfo,
  column: string,
  value: bigint,
) {
  const max = await sql<{ value: bigint | number | null }>`
    select max(${sql.ref(column)}) as value from ${sql.table(table.name)}`.execute(db);
  const highest = BigInt(max.rows[0]?.value ?? 0);
  const target = value > highest ? value : highest;
  if (engine === 'postgres') {
    // setval(…, n, true): the next id is n + 1; with nothing handed out yet the next is 1.
    await sql`select setval(pg_get_serial_sequence(${table.name}, ${column})::regclass, ${target > 0n ? target : 1n}, ${target > 0n})`.execute(
      db,
    );
    return;
  }
  const updated = await sql`update sqlite_sequence set seq = ${target} where name = ${table.name}`.execute(
    db,
  );
  if ((updated.numAffectedRows ?? 0n) === 0n)
    await sql`insert into sqlite_sequence (name, seq) values (${table.name}, ${target})`.execute(db);
}

async function loadIn(
  db: Kysely<Database>,
  engine: Engine,
  load: BackupLoad,
): Promise<Record<string, number>> {
  const target = await introspect(db, engine);
  checkTables(target, load.tables);
  if (engine === 'postgres') {
    // Nobody writes to the target while it is restored; readers may still read it.
    await sql`lock table ${sql.join(target.map((t) => sql.table(t.name)))} in exclusive mode`.execute(db);
  }
  const holding = await nonEmptyTables(db, target);
  if (holding.length > 0)
    throw AppError.conflict(
      'RESTORE_TARGET_NOT_EMPTY',
      `the target database already holds data (rows in ${listed(holding)}): restore only into an empty database; nothing was written`,
    );
  const order = load.tables.map((b) => target.find((t) => t.name === b.name) as TableInfo);
  const batches = new Batches(order);
  for await (const { table, row } of load.rows)
    for (const batch of batches.add(table, row)) await insertRows(db, batch.table, batch.rows);
  for (const batch of batches.finish()) await insertRows(db, batch.table, batch.rows);
  const { counts, deferred } = batches;
  for (const d of deferred) {
    const where = sql.join(
      d.table.primaryKey.map((c, i) => sql`${sql.ref(c)} = ${d.key[i] ?? null}`),
      sql` and `,
    );
    await sql`update ${sql.table(d.table.name)} set ${sql.ref(d.column)} = ${d.value} where ${where}`.execute(
      db,
    );
  }
  for (const c of load.counters()) {
    const table = target.find((t) => t.name === c.table);
    if (table?.counterColumn !== c.column)
      throw AppError.conflict(
        'BACKUP_SCHEMA_MISMATCH',
        `the backup has an id counter for ${c.table}.${c.column}, which this database does not have`,
      );
    await setCounter(db, engine, table, c.column, c.value);
  }
  return counts;
}

interface Batch {
  readonly table: TableInfo;
  readonly rows: BackupRow[];
}

/**
 * Groups the incoming rows into INSERTs of one table each, within the parameter and byte limits, and
 * takes out the references to rows not loaded yet (see `deferredColumns`).
 */
class Batches {
  readonly counts: Record<string, number>;
  readonly deferred: Deferred[] = [];
  private readonly later: Map<string, Set<string>>;
  private position = 0;
  private current: TableInfo | undefined;
  private rows: BackupRow[] = [];
  private bytes = 0;

  constructor(private readonly order: readonly TableInfo[]) {
    this.later = deferredColumns(order);
    this.counts = Object.fromEntries(order.map((t) => [t.name, 0]));
  }

  /** Adds a row; returns the batches now full. */
  add(name: string, row: BackupRow): Batch[] {
    const full: Batch[] = [];
    if (this.current?.name !== name) {
      full.push(...this.finish());
      const at = this.order.findIndex((t, i) => i >= this.position && t.name === name);
      if (at < 0) throw new Error(`rows of ${name} come after rows of the tables that follow it`);
      this.position = at;
      this.current = this.order[at];
    }
    const table = this.current as TableInfo;
    const later = this.later.get(table.name) ?? new Set<string>();
    let loaded = row;
    if (later.size > 0) {
      const copy: Record<string, BackupValue> = { ...row };
      for (const column of later) {
        const value = row[column] ?? null;
        if (value === null) continue;
        this.deferred.push({ table, key: table.primaryKey.map((c) => row[c] ?? null), column, value });
        copy[column] = null;
      }
      loaded = copy;
    }
    this.rows.push(loaded);
    this.bytes += table.columns.reduce((n, c) => n + valueBytes(loaded[c] ?? null), 0);
    this.counts[table.name] = (this.counts[table.name] ?? 0) + 1;
    const maxRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
    if (this.rows.length >= maxRows || this.bytes >= MAX_BATCH_BYTES) full.push(...this.finish());
    return full;
  }

  /** The batch being filled, if any. */
  finish(): Batch[] {
    const rows = this.rows;
    this.rows = [];
    this.bytes = 0;
    return this.current && rows.length > 0 ? [{ table: this.current, rows }] : [];
  }
}

/** Loads a backup in one transaction: everything or, on any error, nothing. */
export async function loadBackup(
  db: Kysely<Database>,
  engine: Engine,
  load: BackupLoad,
): Promise<Record<string, number>> {
  if (engine === 'postgres') return db.transaction().execute((trx) => loadIn(trx, engine, load));
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const counts = await loadIn(conn, engine, load);
      await sql`commit`.execute(conn);
      return counts;
    } catch (e) {
      await sql`rollback`.execute(conn);
      throw e;
    }
  });
}
