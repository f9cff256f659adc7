import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { notifications } from './notifications.tables.js';

export type NotificationRow = typeof notifications.$inferSelect;

export class NotificationsRepository {
  async insertMany(executor: Executor, values: Array<typeof notifications.$inferInsert>): Promise<void> {
    if (values.length > 0) await executor.insert(notifications).values(values);
  }

  async listForUser(
    executor: Executor,
    workspaceId: string,
    userId: string,
    options: { limit: number; isUnreadOnly: boolean; after?: { createdAt: Date; id: string } | undefined },
  ): Promise<NotificationRow[]> {
    const { after } = options;
    return executor
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.workspaceId, workspaceId),
          eq(notifications.userId, userId),
          options.isUnreadOnly ? isNull(notifications.readAt) : undefined,
          after ? or(lt(notifications.createdAt, after.createdAt), and(eq(notifications.createdAt, after.createdAt), lt(notifications.id, after.id))) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(options.limit);
  }

  /** Marks the user's own notifications read; returns how many of the ids were theirs. */
  async markRead(executor: Executor, workspaceId: string, userId: string, ids: string[]): Promise<number> {
    const updated = await executor
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), inArray(notifications.id, ids)))
      .returning({ id: notifications.id });
    return updated.length;
  }
}
