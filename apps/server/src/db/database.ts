import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories accept both so services decide the boundary. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs SQL text that a library brings with it (the job queue's), outside any open transaction. Without
   * values the text may hold several statements; a script that fails midway is rolled back, so it never
   * leaves the connection inside a failed transaction.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface DatabaseOptions {
  /** A PostgreSQL server; without it, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory; `memory://` keeps everything in memory. */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Idle connections are kept a minute (pg's default is 10 s): a burst after a lull then finds its connections open
    // instead of paying for new ones (TLS, authentication, backend start) in the middle of the load.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20, idleTimeoutMillis: 60_000 });
    const db = drizzleNodePostgres(pool, { schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      migrate: () => migrateNodePostgres(db as never, { migrationsFolder }),
      close: () => pool.end(),
      executeSql: async (text, values) => {
        const connection = await pool.connect();
        try {
          const result = await connection.query(text, values);
          connection.release();
          return result;
        } catch (error) {
          // The connection may be left inside the script's failed transaction: drop it rather than reuse it.
          connection.release(true);
          throw error;
        }
      },
    };
  }
  const location = options.dataDir === 'memory://' ? undefined : `${options.dataDir}/pglite`;
  if (location) mkdirSync(location, { recursive: true });
  const client = await PGlite.create(location, { extensions: { unaccent, pg_trgm, btree_gin } });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
    // PGlite has one connection: a script runs inside its transaction() so that, should it fail, the
    // rollback happens before anyone else's query (a bare exec would leave every later query failing).
    executeSql: async (text, values) => {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.transaction((transaction) => transaction.exec(text));
      return results.at(-1) ?? { rows: [] };
    },
  };
}

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
