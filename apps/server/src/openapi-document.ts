import { randomBytes } from 'node:crypto';
import { loadConfig } from './config/config.js';
import { openDatabase } from './db/database.js';
import { buildApp } from './http/app.js';
import { createServices } from './services.js';

/** The OpenAPI document as the server publishes it at /openapi.json, built without a real database. */
export async function buildOpenApiDocument(): Promise<unknown> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
  const database = await openDatabase({ dataDir: 'memory://' });
  const services = createServices({ config, database, masterKey: randomBytes(32) });
  const app = await buildApp({ services, logger: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  await database.close();
  return document;
}
