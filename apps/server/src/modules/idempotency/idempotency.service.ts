import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { idempotencyKeys } from './idempotency.tables.js';

/** A claim left unfinished this long (a crash mid-request) may be taken over by a retry. */
const STALE_CLAIM_MS = 60_000;

export type IdempotencyOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown };

export class IdempotencyService {
  constructor(private readonly db: Database) {}

  async claim(workspaceId: string, key: string, fingerprint: string): Promise<IdempotencyOutcome> {
    const [claimed] = await this.db
      .insert(idempotencyKeys)
      .values({ workspaceId, key, requestFingerprint: fingerprint })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed) return { kind: 'claimed' };

    const [existing] = await this.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
    if (!existing) return this.claim(workspaceId, key, fingerprint);
    if (existing.requestFingerprint !== fingerprint) {
      throw new AppError(CommonErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was already used for a different request.');
    }
    if (existing.completedAt && existing.responseStatus !== null) {
      return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
    }
    const [retaken] = await this.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now()` })
      .where(
        and(
          eq(idempotencyKeys.workspaceId, workspaceId),
          eq(idempotencyKeys.key, key),
          isNull(idempotencyKeys.completedAt),
          lt(idempotencyKeys.createdAt, new Date(Date.now() - STALE_CLAIM_MS)),
        ),
      )
      .returning({ key: idempotencyKeys.key });
    if (retaken) return { kind: 'claimed' };
    throw new AppError(CommonErrorCode.IdempotencyKeyInProgress, 'A request with this Idempotency-Key is still being processed.');
  }

  async complete(workspaceId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db
      .update(idempotencyKeys)
      .set({ responseStatus: status, responseBody: body, completedAt: sql`now()` })
      .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
  }

  /** A failed attempt (server error) releases the key so the client can retry. */
  async release(workspaceId: string, key: string): Promise<void> {
    await this.db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.completedAt)));
  }

  async purgeOlderThan(cutoff: Date): Promise<void> {
    await this.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff));
  }
}
