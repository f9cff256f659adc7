import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { savedViews } from './views.tables.js';

export type ViewRow = typeof savedViews.$inferSelect;

export class ViewsRepository {
  /** The user's personal views and every shared one. */
  async listVisible(executor: Executor, workspaceId: string, userId: string): Promise<ViewRow[]> {
    return executor
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.workspaceId, workspaceId), or(eq(savedViews.visibility, 'shared'), eq(savedViews.ownerId, userId))))
      .orderBy(asc(savedViews.name));
  }

  async findById(executor: Executor, workspaceId: string, id: string): Promise<ViewRow | undefined> {
    const [row] = await executor.select().from(savedViews).where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)));
    return row;
  }

  async insert(executor: Executor, values: typeof savedViews.$inferInsert): Promise<ViewRow> {
    const [row] = await executor.insert(savedViews).values(values).returning();
    return row!;
  }

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof savedViews.$inferInsert>): Promise<ViewRow> {
    const [row] = await executor
      .update(savedViews)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)))
      .returning();
    return row!;
  }

  async delete(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(savedViews).where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)));
  }
}
