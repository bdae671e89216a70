import type { Store } from '../app/ports.js';

export type StoreOptions = (
  | { readonly engine: 'sqlite'; readonly dataDir: string }
  /** `schema`: a PostgreSQL schema to create and use (tests use one per run); default `public`. */
  | {
      readonly engine: 'postgres';
      readonly databaseUrl: string;
      readonly schema?: string;
      readonly poolSize?: number;
    }
) & {
  /** Migrate no further than this migration (a restore, decision 0018); default: every migration. */
  readonly migrateUpTo?: string;
};

/** Opens the database, applies the forward-only migrations, and returns the Store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const impl = await import('./kysely-store.js');
  return impl.openKyselyStore(options);
}
