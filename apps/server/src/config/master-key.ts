import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type AppConfig } from './config.js';

/**
 * The key that wraps every workspace's data keys. In production it must come from `MASTER_KEY`; for the
 * embedded set-up one is generated once into `DATA_DIR/master.key` (readable by the owner only).
 */
export function resolveMasterKey(config: AppConfig): Buffer {
  if (config.masterKey) return Buffer.from(config.masterKey, 'base64');
  if (config.environment === 'production') {
    throw new ConfigError('MASTER_KEY is required in production (32 random bytes, base64: `openssl rand -base64 32`).');
  }
  const path = join(config.dataDir, 'master.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64'), { mode: 0o600 });
  return key;
}
