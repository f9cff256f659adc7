import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import { decryptAesGcm, encryptAesGcm } from '../../shared/crypto.js';
import { workspaceKeys } from './workspaces.tables.js';

/**
 * Envelope encryption: each workspace has data keys (AES-256), stored wrapped by the master key. A sealed
 * value is `v<version>.<iv>.<tag>.<ciphertext>`, so rotation adds a new active key and old values stay
 * readable until they are re-sealed.
 */
export class DataKeyService {
  private readonly unwrappedKeys = new Map<string, Buffer>();

  constructor(
    private readonly db: Database,
    private readonly masterKey: Buffer,
  ) {}

  async createInitialKey(executor: Executor, workspaceId: string): Promise<void> {
    await executor.insert(workspaceKeys).values({ workspaceId, version: 1, wrappedKey: this.wrap(randomBytes(32), workspaceId) });
  }

  async seal(workspaceId: string, plaintext: string, executor: Executor = this.db): Promise<string> {
    const { version, key } = await this.activeKey(executor, workspaceId);
    return `v${version}.${encryptAesGcm(key, Buffer.from(plaintext, 'utf8'), workspaceId)}`;
  }

  async open(workspaceId: string, sealed: string, executor: Executor = this.db): Promise<string> {
    const match = /^v(\d+)\.(.+)$/.exec(sealed);
    if (!match) throw new Error('Sealed value has no key version');
    const key = await this.keyByVersion(executor, workspaceId, Number(match[1]));
    return decryptAesGcm(key, match[2]!, workspaceId).toString('utf8');
  }

  /** Adds a new active key; returns its version. Callers re-seal values with `seal`. */
  async rotate(workspaceId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx
        .select({ version: workspaceKeys.version })
        .from(workspaceKeys)
        .where(eq(workspaceKeys.workspaceId, workspaceId))
        .orderBy(desc(workspaceKeys.version))
        .limit(1)
        .for('update');
      const version = (current?.version ?? 0) + 1;
      await tx
        .update(workspaceKeys)
        .set({ retiredAt: new Date() })
        .where(and(eq(workspaceKeys.workspaceId, workspaceId), isNull(workspaceKeys.retiredAt)));
      await tx.insert(workspaceKeys).values({ workspaceId, version, wrappedKey: this.wrap(randomBytes(32), workspaceId) });
      return version;
    });
  }

  sealedVersion(sealed: string): number {
    return Number(/^v(\d+)\./.exec(sealed)?.[1] ?? 0);
  }

  private async activeKey(executor: Executor, workspaceId: string): Promise<{ version: number; key: Buffer }> {
    const [row] = await executor
      .select()
      .from(workspaceKeys)
      .where(and(eq(workspaceKeys.workspaceId, workspaceId), isNull(workspaceKeys.retiredAt)))
      .orderBy(desc(workspaceKeys.version))
      .limit(1);
    if (!row) throw new Error(`Workspace ${workspaceId} has no active data key`);
    return { version: row.version, key: this.unwrapCached(workspaceId, row.version, row.wrappedKey) };
  }

  private async keyByVersion(executor: Executor, workspaceId: string, version: number): Promise<Buffer> {
    const cached = this.unwrappedKeys.get(`${workspaceId}:${version}`);
    if (cached) return cached;
    const [row] = await executor
      .select()
      .from(workspaceKeys)
      .where(and(eq(workspaceKeys.workspaceId, workspaceId), eq(workspaceKeys.version, version)));
    if (!row) throw new Error(`Workspace ${workspaceId} has no data key version ${version}`);
    return this.unwrapCached(workspaceId, version, row.wrappedKey);
  }

  private unwrapCached(workspaceId: string, version: number, wrapped: string): Buffer {
    const cacheKey = `${workspaceId}:${version}`;
    let key = this.unwrappedKeys.get(cacheKey);
    if (!key) {
      key = decryptAesGcm(this.masterKey, wrapped, `workspace-key:${workspaceId}`);
      this.unwrappedKeys.set(cacheKey, key);
    }
    return key;
  }

  private wrap(dataKey: Buffer, workspaceId: string): string {
    return encryptAesGcm(this.masterKey, dataKey, `workspace-key:${workspaceId}`);
  }
}
