import { Redis } from 'ioredis';
import type { AppConfig } from './config/config.js';
import { resolveMasterKey } from './config/master-key.js';
import { openDatabase } from './db/database.js';
import { createServices, type Services } from './services.js';

export interface Runtime {
  services: Services;
  redis: Redis | undefined;
  close(): Promise<void>;
}

/** Opens the database (migrated), Redis when configured, and builds the services. Shared by server and CLI. */
export async function openRuntime(config: AppConfig, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) await database.migrate();
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : undefined;
  const services = createServices({ config, database, masterKey: resolveMasterKey(config) });
  // The job queue's tables (and each registered job's queue) exist before anything can enqueue.
  await services.jobs.install();
  return {
    services,
    redis,
    close: async () => {
      redis?.disconnect();
      await database.close();
    },
  };
}
