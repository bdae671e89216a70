import { sql, type Kysely } from 'kysely';
import { MIGRATIONS, type Dialect } from './migrations.js';
import type { Database } from './schema.js';

/**
 * Applies the pending migrations in one transaction under a lock, so that several processes starting
 * on one database apply each migration once. Refuses a database that has migrations this build does
 * not know, or that were applied out of order. `upTo` (a restore, decision 0018) stops after that
 * migration, so that a backup is loaded into the schema it was taken from and later migrations then
 * apply to its rows as they would have to the original database.
 */
export async function runMigrations(db: Kysely<Database>, dialect: Dialect, upTo?: string): Promise<void> {
  const last = upTo === undefined ? MIGRATIONS.length : MIGRATIONS.findIndex((m) => m.name === upTo) + 1;
  if (last === 0) throw new Error(`this version does not know the migration ${upTo}`);
  const apply = async (conn: Kysely<Database>) => {
    await conn.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const applied = (await conn.selectFrom('schema_migrations').select('name').orderBy('name').execute()).map(
      (r) => r.name,
    );
    applied.forEach((name, i) => {
      if (MIGRATIONS[i]?.name !== name) {
        throw new Error(
          `the database has migration ${name}, which this version does not know at position ${i + 1}: refusing to start`,
        );
      }
    });
    for (const m of MIGRATIONS.slice(applied.length, Math.max(applied.length, last))) {
      await m.up(conn as unknown as Kysely<unknown>, dialect);
      await conn
        .insertInto('schema_migrations')
        .values({ name: m.name, applied_at: new Date().toISOString() })
        .execute();
    }
  };
  if (dialect === 'sqlite') {
    await db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        await apply(conn);
        await sql`commit`.execute(conn);
      } catch (e) {
        await sql`rollback`.execute(conn);
        throw e;
      }
    });
    return;
  }
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7215019)`.execute(trx);
    await apply(trx);
  });
}
