import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, gte, inArray, or, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { commentRevisions, comments } from './comments.tables.js';

export type CommentRow = typeof comments.$inferSelect;

export class CommentsRepository {
  /**
   * Inserts comments in one statement; answers the rows in the order given. Rows of one statement share the
   * transaction's time, so each later comment of the same ticket is stamped a millisecond after the one before:
   * a ticket's comments (listed by time) keep the order they were given in.
   */
  async insertMany(executor: Executor, values: Array<typeof comments.$inferInsert>): Promise<CommentRow[]> {
    if (values.length === 0) return [];
    const earlierOfTicket = new Map<string, number>();
    const stamped = values.map((value): PgInsertValue<typeof comments> => {
      const id = value.id ?? randomUUID();
      const offset = earlierOfTicket.get(value.ticketId) ?? 0;
      earlierOfTicket.set(value.ticketId, offset + 1);
      if (offset === 0 || value.createdAt) return { ...value, id };
      const at = sql`now() + ${offset}::integer * interval '1 millisecond'`;
      return { ...value, id, createdAt: at, updatedAt: at };
    });
    const rows = await executor.insert(comments).values(stamped).returning();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return stamped.map((value) => byId.get(value.id as string)!);
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

  /** Customers' messages on these tickets written since `since` (in no particular order), through the ticket index. */
  async listCustomerTextsOfTickets(executor: Executor, workspaceId: string, ticketIds: string[], since: Date): Promise<CustomerText[]> {
    if (ticketIds.length === 0) return [];
    return executor
      .select({ id: comments.id, ticketId: comments.ticketId, body: sql<string>`left(${comments.body}, ${CUSTOMER_TEXT_CHARACTERS})`, createdAt: comments.createdAt })
      .from(comments)
      .where(and(inArray(comments.ticketId, ticketIds), eq(comments.workspaceId, workspaceId), eq(comments.authorType, 'customer'), gte(comments.createdAt, since)));
  }
}

const CUSTOMER_TEXT_CHARACTERS = 20_000;

export interface CustomerText {
  id: string;
  ticketId: string;
  body: string;
  createdAt: Date;
}
