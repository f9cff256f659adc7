import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config/config.js';
import { queryRows } from '../apps/server/src/db/database.js';
import { buildApp } from '../apps/server/src/http/app.js';
import type { AppInstance } from '../apps/server/src/http/http-types.js';
import { openRuntime, type Runtime } from '../apps/server/src/runtime.js';
import type { Services } from '../apps/server/src/services.js';
import { startWorkers } from '../apps/server/src/workers.js';
import type { SqlRunner } from './ticket-seed.js';
import { createThrowawayDatabase } from '../apps/server/src/db/throwaway-database.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface BenchServer {
  kind: DatabaseKind;
  url: string;
  app: AppInstance;
  services: Services;
  /** Where the data lives: the throwaway database's URL, or PGlite's data directory. */
  location: string;
  /** Runs seeding SQL: two connections of its own on PostgreSQL, the server's one connection on PGlite. */
  seedRunner: SqlRunner;
  close(options: { keep: boolean }): Promise<void>;
}

/**
 * The real server, in this process, the way `npm start` builds it (migrations, services, Fastify app,
 * background workers), listening on a loopback port, over a throwaway PostgreSQL database or a fresh
 * PGlite data directory. Logs are silenced so they cost nothing.
 */
export async function startBenchServer(kind: DatabaseKind, postgresUrl: string, options: { masterKey?: Buffer } = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const throwaway = kind === 'postgres' ? await createThrowawayDatabase(postgresUrl, 'switchboard_bench') : undefined;
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WORKERS: 'on',
    MASTER_KEY: (options.masterKey ?? randomBytes(32)).toString('base64'),
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
  });
  const runtime: Runtime = await openRuntime(config);
  const app = await buildApp({ services: runtime.services, redis: runtime.redis });
  const stopWorkers = new AbortController();
  const workers = config.runWorkers ? startWorkers(runtime.services, app.log, stopWorkers.signal) : Promise.resolve([]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // Index builds after the bulk load sort in memory rather than on disk.
  const seedPool = throwaway ? new pg.Pool({ connectionString: throwaway.url, max: 2, options: '-c maintenance_work_mem=1GB' }) : undefined;
  const seedRunner: SqlRunner = seedPool
    ? { parallelism: 2, query: async <T>(text: string) => (await seedPool.query(text)).rows as T[] }
    : { parallelism: 1, query: <T>(text: string) => queryRows<T>(runtime.services.db, sql.raw(text)) };

  return {
    kind,
    url,
    app,
    services: runtime.services,
    location: throwaway?.url ?? join(dataDir, 'pglite'),
    seedRunner,
    async close({ keep }) {
      stopWorkers.abort();
      await app.close();
      await workers;
      await seedPool?.end();
      await runtime.close();
      if (!keep) {
        await throwaway?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

