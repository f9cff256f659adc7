import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { commentRevisions, comments } from './comments.tables.js';

export type CommentRow = typeof comments.$inferSelect;

export class CommentsRepository {
  async insert(executor: Executor, values: typeof comments.$inferInsert): Promise<CommentRow> {
    const [row] = await executor.insert(comments).values(values).returning();
    return row!;
  }

  async findById(executor: Executor, workspaceId: string, ticketId: string, id: string): Promise<CommentRow | undefined> {
    const [row] = await executor
      .select()
      .from(comments)
      .where(and(eq(comments.workspaceId, workspaceId), eq(comments.ticketId, ticketId), eq(comments.id, id)))
      .for('update');
    return row;
  }

  async listForTicket(
    executor: Executor,
    workspaceId: string,
    ticketId: string,
    options: { limit: number; visibility: 'all' | 'public' | 'internal'; after?: { createdAt: Date; id: string } | undefined },
  ): Promise<CommentRow[]> {
    const { after } = options;
    return executor
      .select()
      .from(comments)
      .where(
        and(
          eq(comments.workspaceId, workspaceId),
          eq(comments.ticketId, ticketId),
          options.visibility === 'all' ? undefined : eq(comments.isPublic, options.visibility === 'public'),
          after ? or(gt(comments.createdAt, after.createdAt), and(eq(comments.createdAt, after.createdAt), gt(comments.id, after.id))) : undefined,
        ),
      )
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(options.limit);
  }

  async updateBody(executor: Executor, workspaceId: string, id: string, body: string, mentionedUserIds: string[]): Promise<CommentRow> {
    const [row] = await executor
      .update(comments)
      .set({ body, mentionedUserIds, updatedAt: new Date() })
      .where(and(eq(comments.workspaceId, workspaceId), eq(comments.id, id)))
      .returning();
    return row!;
  }

  async insertRevision(executor: Executor, values: typeof commentRevisions.$inferInsert): Promise<void> {
    await executor.insert(commentRevisions).values(values);
  }

  async listRevisions(executor: Executor, workspaceId: string, commentId: string) {
    return executor
      .select()
      .from(commentRevisions)
      .where(and(eq(commentRevisions.workspaceId, workspaceId), eq(commentRevisions.commentId, commentId)))
      .orderBy(asc(commentRevisions.createdAt));
  }

  /** Moves every comment of one ticket to another (ticket merge). */
  async moveToTicket(executor: Executor, workspaceId: string, fromTicketId: string, toTicketId: string): Promise<number> {
    const moved = await executor
      .update(comments)
      .set({ ticketId: toTicketId })
      .where(and(eq(comments.workspaceId, workspaceId), eq(comments.ticketId, fromTicketId)))
      .returning({ id: comments.id });
    return moved.length;
  }
}
