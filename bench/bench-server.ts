import { randomBytes, randomUUID } from 'node:crypto';
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
export async function startBenchServer(kind: DatabaseKind, postgresUrl: string): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const throwaway = kind === 'postgres' ? await createThrowawayDatabase(postgresUrl) : undefined;
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WORKERS: 'on',
    MASTER_KEY: randomBytes(32).toString('base64'),
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

async function createThrowawayDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `switchboard_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      // pool.end() resolves before its connections are gone; give them a moment before forcing the drop.
      for (let waited = 0; waited < 2000; waited += 50) {
        const open = await client.query('SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1', [name]);
        if (open.rows[0].count === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
