import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { attachments } from './attachments.tables.js';

export type AttachmentRow = typeof attachments.$inferSelect;

export class AttachmentsRepository {
  async insert(executor: Executor, values: typeof attachments.$inferInsert): Promise<AttachmentRow> {
    const [row] = await executor.insert(attachments).values(values).returning();
    return row!;
  }

  async insertMany(executor: Executor, values: Array<typeof attachments.$inferInsert>): Promise<AttachmentRow[]> {
    if (values.length === 0) return [];
    return executor.insert(attachments).values(values).returning();
  }

  async findManyByIds(executor: Executor, workspaceId: string, ids: string[]): Promise<AttachmentRow[]> {
    if (ids.length === 0) return [];
    return executor.select().from(attachments).where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.id, ids)));
  }

  async findById(executor: Executor, workspaceId: string, id: string): Promise<AttachmentRow | undefined> {
    const [row] = await executor.select().from(attachments).where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, id)));
    return row;
  }

  /** Locks the rows so two comments cannot claim the same attachment at once. */
  async findManyByIdsForUpdate(executor: Executor, workspaceId: string, ids: string[]): Promise<AttachmentRow[]> {
    if (ids.length === 0) return [];
    return executor
      .select()
      .from(attachments)
      .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.id, ids)))
      .for('update');
  }

  /** Links only rows still unlinked; the caller compares the count to what it asked for. */
  async linkUnlinked(executor: Executor, workspaceId: string, ids: string[], ticketId: string, commentId: string): Promise<AttachmentRow[]> {
    if (ids.length === 0) return [];
    return executor
      .update(attachments)
      .set({ ticketId, commentId })
      .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.id, ids), isNull(attachments.commentId), isNull(attachments.ticketId)))
      .returning();
  }

  async listByCommentIds(executor: Executor, workspaceId: string, commentIds: string[]): Promise<AttachmentRow[]> {
    if (commentIds.length === 0) return [];
    return executor
      .select()
      .from(attachments)
      .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.commentId, commentIds)))
      .orderBy(asc(attachments.createdAt), asc(attachments.id));
  }
}
