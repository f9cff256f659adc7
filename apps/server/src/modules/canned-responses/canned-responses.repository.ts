import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { cannedResponses } from './canned-responses.tables.js';

export type CannedResponseRow = typeof cannedResponses.$inferSelect;

export interface CannedResponseFilters {
  /** Words looked for in the name and both texts, ignoring case and accents. */
  text?: string | undefined;
  category?: string | undefined;
}

/** What one person may use: their personal ones, the workspace's shared ones, and those of their teams. */
export interface UsableBy {
  userId: string;
  teamIds: string[];
}

export class CannedResponsesRepository {
  async listUsable(executor: Executor, workspaceId: string, user: UsableBy, filters: CannedResponseFilters): Promise<CannedResponseRow[]> {
    const shared = and(eq(cannedResponses.visibility, 'shared'), user.teamIds.length > 0 ? or(isNull(cannedResponses.teamId), inArray(cannedResponses.teamId, user.teamIds)) : isNull(cannedResponses.teamId));
    const usable = or(and(eq(cannedResponses.visibility, 'personal'), eq(cannedResponses.ownerId, user.userId)), shared);
    return this.list(executor, workspaceId, usable!, filters);
  }

  async listShared(executor: Executor, workspaceId: string, filters: CannedResponseFilters): Promise<CannedResponseRow[]> {
    return this.list(executor, workspaceId, eq(cannedResponses.visibility, 'shared'), filters);
  }

  async findById(executor: Executor, workspaceId: string, id: string): Promise<CannedResponseRow | undefined> {
    const [row] = await executor.select().from(cannedResponses).where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)));
    return row;
  }

  async insert(executor: Executor, values: typeof cannedResponses.$inferInsert): Promise<CannedResponseRow> {
    const [row] = await executor.insert(cannedResponses).values(values).returning();
    return row!;
  }

  async insertMany(executor: Executor, values: Array<typeof cannedResponses.$inferInsert>): Promise<void> {
    if (values.length > 0) await executor.insert(cannedResponses).values(values);
  }

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof cannedResponses.$inferInsert>): Promise<CannedResponseRow> {
    const [row] = await executor
      .update(cannedResponses)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)))
      .returning();
    return row!;
  }

  async delete(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(cannedResponses).where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)));
  }

  /** Counts one use, in one statement, so two agents using it at once both count. */
  async recordUse(executor: Executor, workspaceId: string, id: string, at: Date): Promise<void> {
    await executor
      .update(cannedResponses)
      .set({ usageCount: sql`${cannedResponses.usageCount} + 1`, lastUsedAt: at })
      .where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)));
  }

  private async list(executor: Executor, workspaceId: string, visible: SQL, filters: CannedResponseFilters): Promise<CannedResponseRow[]> {
    const conditions: SQL[] = [eq(cannedResponses.workspaceId, workspaceId), visible];
    if (filters.category) conditions.push(sql`lower(${cannedResponses.category}) = lower(${filters.category})`);
    for (const word of (filters.text ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
      const pattern = `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      conditions.push(
        sql`switchboard_unaccent(lower(${cannedResponses.name} || ' ' || ${cannedResponses.bodyEn} || ' ' || ${cannedResponses.bodyFr})) like switchboard_unaccent(lower(${pattern}))`,
      );
    }
    return executor
      .select()
      .from(cannedResponses)
      .where(and(...conditions))
      .orderBy(sql`lower(coalesce(${cannedResponses.category}, ''))`, sql`lower(${cannedResponses.name})`, asc(cannedResponses.id))
      .limit(500);
  }
}
