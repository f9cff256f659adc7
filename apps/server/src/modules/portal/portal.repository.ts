import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { portalAccounts, portalDeletionRequests, portalSessions, portalSignInLinks } from './portal.tables.js';

export type PortalAccountRow = typeof portalAccounts.$inferSelect;
export type PortalSignInLinkRow = typeof portalSignInLinks.$inferSelect;
export type PortalDeletionRequestRow = typeof portalDeletionRequests.$inferSelect;

/** The portal's queries; every one is scoped by workspace. */
export class PortalRepository {
  // ── Accounts ──

  async insertAccount(executor: Executor, values: typeof portalAccounts.$inferInsert): Promise<PortalAccountRow> {
    const [row] = await executor.insert(portalAccounts).values(values).returning();
    return row!;
  }

  async findOpenAccountByEmail(executor: Executor, workspaceId: string, email: string): Promise<PortalAccountRow | undefined> {
    const [row] = await executor
      .select()
      .from(portalAccounts)
      .where(and(eq(portalAccounts.workspaceId, workspaceId), eq(portalAccounts.email, email), isNull(portalAccounts.closedAt)));
    return row;
  }

  async findOpenAccountByCustomer(executor: Executor, workspaceId: string, customerId: string): Promise<PortalAccountRow | undefined> {
    const [row] = await executor
      .select()
      .from(portalAccounts)
      .where(and(eq(portalAccounts.workspaceId, workspaceId), eq(portalAccounts.customerId, customerId), isNull(portalAccounts.closedAt)));
    return row;
  }

  async findAccount(executor: Executor, workspaceId: string, accountId: string, lock = false): Promise<PortalAccountRow | undefined> {
    const query = executor.select().from(portalAccounts).where(and(eq(portalAccounts.workspaceId, workspaceId), eq(portalAccounts.id, accountId)));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  }

  async updateAccount(executor: Executor, workspaceId: string, accountId: string, values: Partial<typeof portalAccounts.$inferInsert>): Promise<PortalAccountRow> {
    const [row] = await executor
      .update(portalAccounts)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(portalAccounts.workspaceId, workspaceId), eq(portalAccounts.id, accountId)))
      .returning();
    return row!;
  }

  /** Notification preferences of these customers' open accounts (customers without one are absent). */
  async findPreferencesOfCustomer(executor: Executor, workspaceId: string, customerId: string) {
    const [row] = await executor
      .select({ isReplyEmailEnabled: portalAccounts.isReplyEmailEnabled, isSolvedEmailEnabled: portalAccounts.isSolvedEmailEnabled })
      .from(portalAccounts)
      .where(and(eq(portalAccounts.workspaceId, workspaceId), eq(portalAccounts.customerId, customerId), isNull(portalAccounts.closedAt)));
    return row;
  }

  // ── Sessions ──

  async insertSession(executor: Executor, values: typeof portalSessions.$inferInsert): Promise<void> {
    await executor.insert(portalSessions).values(values);
  }

  /** The live session of this secret's hash, with its open account. */
  async findLiveSession(executor: Executor, tokenHash: string, now: Date) {
    const [row] = await executor
      .select({ sessionId: portalSessions.id, account: portalAccounts })
      .from(portalSessions)
      .innerJoin(portalAccounts, eq(portalAccounts.id, portalSessions.accountId))
      .where(and(eq(portalSessions.tokenHash, tokenHash), isNull(portalSessions.revokedAt), gt(portalSessions.expiresAt, now), isNull(portalAccounts.closedAt)));
    return row;
  }

  async revokeSession(executor: Executor, sessionId: string): Promise<void> {
    await executor.update(portalSessions).set({ revokedAt: sql`now()` }).where(and(eq(portalSessions.id, sessionId), isNull(portalSessions.revokedAt)));
  }

  async revokeSessionsOfAccount(executor: Executor, workspaceId: string, accountId: string, exceptSessionId?: string): Promise<void> {
    await executor
      .update(portalSessions)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(portalSessions.workspaceId, workspaceId),
          eq(portalSessions.accountId, accountId),
          isNull(portalSessions.revokedAt),
          exceptSessionId ? sql`${portalSessions.id} <> ${exceptSessionId}` : undefined,
        ),
      );
  }

  // ── Magic links ──

  async insertLink(executor: Executor, values: typeof portalSignInLinks.$inferInsert): Promise<PortalSignInLinkRow> {
    const [row] = await executor.insert(portalSignInLinks).values(values).returning();
    return row!;
  }

  /** Claims an unused link by its hash, once: a second claim (or a concurrent one) finds nothing. */
  async claimLink(executor: Executor, tokenHash: string, now: Date): Promise<PortalSignInLinkRow | undefined> {
    const [row] = await executor
      .update(portalSignInLinks)
      .set({ usedAt: now })
      .where(and(eq(portalSignInLinks.tokenHash, tokenHash), isNull(portalSignInLinks.usedAt)))
      .returning();
    return row;
  }

  async findLink(executor: Executor, tokenHash: string): Promise<PortalSignInLinkRow | undefined> {
    const [row] = await executor.select().from(portalSignInLinks).where(eq(portalSignInLinks.tokenHash, tokenHash));
    return row;
  }

  /** The links no longer usable for this address (used or not): a closed account's leave nothing behind. */
  async deleteLinksOfEmail(executor: Executor, workspaceId: string, email: string): Promise<void> {
    await executor.delete(portalSignInLinks).where(and(eq(portalSignInLinks.workspaceId, workspaceId), eq(portalSignInLinks.email, email)));
  }

  /** Sessions and links that can no longer be used, for the maintenance sweep. */
  async deleteExpired(executor: Executor, before: Date): Promise<void> {
    await executor.delete(portalSessions).where(or(lt(portalSessions.expiresAt, before), lt(portalSessions.revokedAt, before)));
    await executor.delete(portalSignInLinks).where(lt(portalSignInLinks.expiresAt, before));
  }

  // ── Deletion requests ──

  async insertDeletionRequest(executor: Executor, values: typeof portalDeletionRequests.$inferInsert): Promise<PortalDeletionRequestRow | undefined> {
    const [row] = await executor.insert(portalDeletionRequests).values(values).onConflictDoNothing().returning();
    return row;
  }

  async findDeletionRequest(executor: Executor, workspaceId: string, requestId: string, lock = false): Promise<PortalDeletionRequestRow | undefined> {
    const query = executor.select().from(portalDeletionRequests).where(and(eq(portalDeletionRequests.workspaceId, workspaceId), eq(portalDeletionRequests.id, requestId)));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  }

  async findLatestDeletionRequestOfAccount(executor: Executor, workspaceId: string, accountId: string): Promise<PortalDeletionRequestRow | undefined> {
    const [row] = await executor
      .select()
      .from(portalDeletionRequests)
      .where(and(eq(portalDeletionRequests.workspaceId, workspaceId), eq(portalDeletionRequests.accountId, accountId)))
      .orderBy(desc(portalDeletionRequests.createdAt), desc(portalDeletionRequests.id))
      .limit(1);
    return row;
  }

  async listDeletionRequests(
    executor: Executor,
    workspaceId: string,
    options: { status?: string | undefined; limit: number; before?: { createdAt: Date; id: string } | undefined },
  ): Promise<PortalDeletionRequestRow[]> {
    const { before } = options;
    return executor
      .select()
      .from(portalDeletionRequests)
      .where(
        and(
          eq(portalDeletionRequests.workspaceId, workspaceId),
          options.status ? eq(portalDeletionRequests.status, options.status) : undefined,
          before
            ? or(lt(portalDeletionRequests.createdAt, before.createdAt), and(eq(portalDeletionRequests.createdAt, before.createdAt), lt(portalDeletionRequests.id, before.id)))
            : undefined,
        ),
      )
      .orderBy(desc(portalDeletionRequests.createdAt), desc(portalDeletionRequests.id))
      .limit(options.limit);
  }

  async updateDeletionRequest(executor: Executor, workspaceId: string, requestId: string, values: Partial<typeof portalDeletionRequests.$inferInsert>): Promise<PortalDeletionRequestRow> {
    const [row] = await executor
      .update(portalDeletionRequests)
      .set(values)
      .where(and(eq(portalDeletionRequests.workspaceId, workspaceId), eq(portalDeletionRequests.id, requestId)))
      .returning();
    return row!;
  }
}
