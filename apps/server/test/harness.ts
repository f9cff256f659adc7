import { randomBytes, randomUUID } from 'node:crypto';
import { createClient, type SwitchboardClient } from '@switchboard/sdk';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';
import type { AppInstance } from '../src/http/http-types.js';
import type { Plan } from '../src/modules/workspaces/workspaces.schema.js';
import { createServices, type Services } from '../src/services.js';
import type { Clock } from '../src/shared/clock.js';
import { startWorkers } from '../src/workers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../src/modules/channels/email/smtp-receiver.js';
import { createThrowawayDatabase } from '../src/db/throwaway-database.js';

/**
 * A real server for a test file: its own database (in-memory PGlite by default, or a throwaway database on
 * the PostgreSQL server named by DATABASE_URL), real HTTP on a loopback port, and the real services.
 */
export interface TestServer {
  url: string;
  app: AppInstance;
  services: Services;
  client: SwitchboardClient;
  databaseUrl: string | undefined;
  /** The Redis connection holding the rate-limit counters when REDIS_URL is set (in-memory counters otherwise). */
  redis: Redis | undefined;
  /** The database and master key; `startTestServer({ reuse })` opens a second server over them. */
  storage: TestStorage;
  /** The SMTP receiver's port on 127.0.0.1, when started with `{ smtp: true }`. */
  smtpPort: number | undefined;
  /** Creates a workspace with an admin; returns a client acting as that admin. */
  createWorkspace(options?: { slug?: string; plan?: Plan }): Promise<TestWorkspace>;
  close(): Promise<void>;
}

/** Shared by every server started over it; the last one to close closes (and drops) the database. */
export interface TestStorage {
  database: DatabaseHandle;
  masterKey: Buffer;
  throwaway: { url: string; drop: () => Promise<void> } | undefined;
  /** Rate-limit key prefix in Redis: shared by servers over the same storage, apart from other test files. */
  rateLimitNamespace: string;
  openServers: number;
}

export interface TestWorkspace {
  workspaceId: string;
  slug: string;
  adminId: string;
  adminEmail: string;
  password: string;
  admin: SwitchboardClient;
  /** Adds a staff member with that role and returns a client acting with their API token. */
  addUser(role: 'admin' | 'manager' | 'agent' | 'reviewer' | 'viewer', name?: string): Promise<{ userId: string; email: string; client: SwitchboardClient }>;
}


export async function startTestServer(
  options: { env?: Record<string, string>; workers?: boolean; clock?: Clock; reuse?: TestServer; smtp?: boolean } = {},
): Promise<TestServer> {
  const serverUrl = process.env.DATABASE_URL;
  const throwaway = options.reuse ? options.reuse.storage.throwaway : serverUrl ? await createThrowawayDatabase(serverUrl, 'switchboard_test') : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    WEBHOOK_RETRY_BASE_MS: '100',
    AGENT_OFFLINE_AFTER_MS: '300',
    // The receivers of the tests (webhooks, Slack, Teams) listen on loopback.
    ALLOW_PRIVATE_NETWORK_TARGETS: 'true',
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    ...options.env,
  });
  // Reusing a server's storage stands for a new process over the same database, e.g. after a crash.
  const storage: TestStorage = options.reuse?.storage ?? {
    database: await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 10 }),
    masterKey: randomBytes(32),
    throwaway,
    rateLimitNamespace: `switchboard-test-rate:${randomUUID()}:`,
    openServers: 0,
  };
  storage.openServers += 1;
  const { database } = storage;
  await database.migrate();
  const services = createServices({ config, database, masterKey: storage.masterKey, clock: options.clock });
  await services.jobs.install();
  // With REDIS_URL (CI's second run), counters live in Redis as on a multi-node deployment.
  const redisUrl = process.env.REDIS_URL;
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  // Servers over the same storage share realtime broadcasts through Redis, apart from other test files.
  const app = await buildApp({ services, logger: false, redis, rateLimitNamespace: storage.rateLimitNamespace, realtimeChannel: `${storage.rateLimitNamespace}realtime` });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The mail receiver on a port the system picks, as `npm start` runs it on SMTP_PORT.
  const smtp: SmtpReceiver | undefined = options.smtp ? await startSmtpReceiver(services.email, services.emailIngestion, { host: '127.0.0.1', port: 0 }) : undefined;
  const stopWorkers = new AbortController();
  const workers = options.workers ? startWorkers(services, app.log, stopWorkers.signal) : Promise.resolve([]);
  const client = createClient({ baseUrl: url });
  let workspaceCount = 0;

  return {
    url,
    app,
    services,
    client,
    databaseUrl: throwaway?.url,
    smtpPort: smtp?.port,
    redis,
    storage,
    async createWorkspace({ slug, plan = 'enterprise' } = {}) {
      workspaceCount += 1;
      const workspaceSlug = slug ?? `ws${workspaceCount}-${randomUUID().slice(0, 6)}`;
      const adminEmail = `admin@${workspaceSlug}.test`;
      const password = 'correct horse battery';
      const result = await services.bootstrap.bootstrap({ slug: workspaceSlug, email: adminEmail, password, plan });
      const admin = client.withToken(result.apiToken);
      let userCount = 0;
      return {
        workspaceId: result.workspaceId,
        slug: workspaceSlug,
        adminId: result.userId,
        adminEmail,
        password,
        admin,
        async addUser(role, name) {
          userCount += 1;
          const email = `${role}${userCount}@${workspaceSlug}.test`;
          const created = await admin.post<{ id: string }>('/api/v1/users', { email, name: name ?? `${role} ${userCount}`, role, password });
          if (created.status !== 201) throw new Error(`could not add user: ${JSON.stringify(created.body)}`);
          const token = await services.db.transaction((tx) =>
            services.auth.createToken(tx, { workspaceId: result.workspaceId, userId: created.body.id, role }, 'test'),
          );
          return { userId: created.body.id, email, client: client.withToken(token.secret) };
        },
      };
    },
    async close() {
      stopWorkers.abort();
      await smtp?.close();
      await app.close();
      await workers;
      storage.openServers -= 1;
      if (storage.openServers === 0 && redis) await deleteKeys(redis, `${storage.rateLimitNamespace}*`);
      redis?.disconnect();
      if (storage.openServers > 0) return;
      await database.close();
      await throwaway?.drop();
    },
  };
}

/** A test's counters go when its last server closes, so repeated runs do not leave them to expire in Redis. */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
