/**
 * The store's side of backup and restore (issue 9, item 3; decision 0018): every table read as raw
 * rows from one consistent snapshot, and raw rows loaded into an empty database in one transaction.
 * The tables are found in the database itself, so a table added by a later migration is backed up
 * without any change here.
 */

/**
 * A column's value as the database driver returns it: text, an integer (a JS number for PostgreSQL
 * `integer`, a bigint for `bigint` and for every SQLite integer), bytes, or null.
 */
export type BackupValue = string | number | bigint | boolean | Uint8Array | null;

export type BackupRow = Readonly<Record<string, BackupValue>>;

export interface BackupTable {
  readonly name: string;
  /** In the table's column order. */
  readonly columns: readonly string[];
  /** The primary key's columns, in key order: rows are read in this order. */
  readonly primaryKey: readonly string[];
}

/**
 * An id counter (PostgreSQL `bigserial` sequence, SQLite AUTOINCREMENT): the last value handed out,
 * which may be above every id still in the table (sealed audit events leave audit_events, and their
 * ids stay taken in audit_log.event_id).
 */
export interface BackupCounter {
  readonly table: string;
  readonly column: string;
  readonly value: bigint;
}

/** One consistent view of the whole database (PostgreSQL: REPEATABLE READ; SQLite: one read transaction). */
export interface BackupSnapshot {
  /** The migrations applied, in order: the last is the schema version. */
  readonly migrations: readonly string[];
  /** Every table but schema_migrations, ordered so that a table comes after the tables it references. */
  readonly tables: readonly BackupTable[];
  readonly counters: readonly BackupCounter[];
  /** The table's rows in primary-key order, read a page at a time (never the whole table at once). */
  rows(table: string): AsyncIterable<BackupRow>;
}

export interface BackupLoad {
  /** The tables in the order their rows come (a backup's header). */
  readonly tables: readonly BackupTable[];
  readonly rows: AsyncIterable<{ readonly table: string; readonly row: BackupRow }>;
  /** Asked for once `rows` has ended, so only after the backup's trailer has been checked. */
  counters(): readonly BackupCounter[];
}

export interface BackupStore {
  /** The migrations applied to this database and the ones this build knows, each in order. */
  schemaMigrations(): Promise<{ readonly applied: readonly string[]; readonly known: readonly string[] }>;
  /** Runs `fn` on one snapshot; nothing is written. */
  readBackupSnapshot<T>(fn: (snapshot: BackupSnapshot) => Promise<T>): Promise<T>;
  /** The tables (schema_migrations aside) holding at least one row. */
  tablesWithRows(): Promise<string[]>;
  /**
   * Loads the rows into this database in one transaction that first checks that every table is
   * still empty (a conflict, with nothing written, if not) and that the tables and columns are the
   * backup's. Rows referencing a row not loaded yet (a reversal's original later in key order) are
   * loaded with that reference null and get it before the commit. Then sets every id counter to at
   * least the backup's. Anything thrown, by the store or by `rows`, rolls everything back.
   * Returns the rows loaded per table.
   */
  loadBackup(load: BackupLoad): Promise<Record<string, number>>;
}
