import { and, asc, desc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/database.js';
import { messagingChannels, messagingContacts, messagingConversations, messagingMessages, type MessagingMessageStatus } from './messaging.tables.js';

export type MessagingChannelRow = typeof messagingChannels.$inferSelect;
export type MessagingContactRow = typeof messagingContacts.$inferSelect;
export type MessagingConversationRow = typeof messagingConversations.$inferSelect;
export type MessagingMessageRow = typeof messagingMessages.$inferSelect;

/** How far a delivery state may move: a late "delivered" never takes a message back from "read". */
const STATUS_RANK: Record<MessagingMessageStatus, number> = { received: 0, queued: 1, sent: 2, delivered: 3, read: 4, failed: 5 };

export class MessagingRepository {
  async insertChannel(executor: Executor, values: typeof messagingChannels.$inferInsert): Promise<MessagingChannelRow | undefined> {
    const [row] = await executor.insert(messagingChannels).values(values).onConflictDoNothing().returning();
    return row;
  }

  /** A channel by its id alone: a webhook names only the channel, and the channel names its workspace. */
  async findChannelById(executor: Executor, channelId: string): Promise<MessagingChannelRow | undefined> {
    const [row] = await executor.select().from(messagingChannels).where(eq(messagingChannels.id, channelId));
    return row;
  }

  async findChannel(executor: Executor, workspaceId: string, channelId: string): Promise<MessagingChannelRow | undefined> {
    const [row] = await executor.select().from(messagingChannels).where(and(eq(messagingChannels.workspaceId, workspaceId), eq(messagingChannels.id, channelId)));
    return row;
  }

  /** Locks the channel: the first message of a new contact is handled once, even when the provider sends it twice at once. */
  async lockChannel(executor: Executor, channelId: string): Promise<void> {
    await executor.select({ id: messagingChannels.id }).from(messagingChannels).where(eq(messagingChannels.id, channelId)).for('update');
  }

  listChannels(executor: Executor, workspaceId: string): Promise<MessagingChannelRow[]> {
    return executor.select().from(messagingChannels).where(eq(messagingChannels.workspaceId, workspaceId)).orderBy(asc(messagingChannels.createdAt), asc(messagingChannels.id)).limit(200);
  }

  async updateChannel(executor: Executor, workspaceId: string, channelId: string, values: Partial<Pick<MessagingChannelRow, 'name' | 'isActive'>>): Promise<MessagingChannelRow | undefined> {
    const [row] = await executor
      .update(messagingChannels)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(messagingChannels.workspaceId, workspaceId), eq(messagingChannels.id, channelId)))
      .returning();
    return row;
  }

  async deleteChannel(executor: Executor, workspaceId: string, channelId: string): Promise<boolean> {
    const rows = await executor.delete(messagingChannels).where(and(eq(messagingChannels.workspaceId, workspaceId), eq(messagingChannels.id, channelId))).returning({ id: messagingChannels.id });
    return rows.length > 0;
  }

  async findContact(executor: Executor, channelId: string, externalUserId: string): Promise<MessagingContactRow | undefined> {
    const [row] = await executor.select().from(messagingContacts).where(and(eq(messagingContacts.channelId, channelId), eq(messagingContacts.externalUserId, externalUserId)));
    return row;
  }

  async findContactById(executor: Executor, workspaceId: string, contactId: string): Promise<MessagingContactRow | undefined> {
    const [row] = await executor.select().from(messagingContacts).where(and(eq(messagingContacts.workspaceId, workspaceId), eq(messagingContacts.id, contactId)));
    return row;
  }

  async insertContact(executor: Executor, values: typeof messagingContacts.$inferInsert): Promise<MessagingContactRow> {
    const [row] = await executor.insert(messagingContacts).values(values).returning();
    return row!;
  }

  async touchContact(executor: Executor, contactId: string, values: { lastInboundAt: Date; displayName?: string | undefined }): Promise<void> {
    await executor
      .update(messagingContacts)
      .set({ lastInboundAt: sql`greatest(${messagingContacts.lastInboundAt}, ${values.lastInboundAt.toISOString()}::timestamptz)`, ...(values.displayName ? { displayName: values.displayName } : {}), updatedAt: sql`now()` })
      .where(eq(messagingContacts.id, contactId));
  }

  /** The contact's latest conversation (its ticket decides whether the next message joins it). */
  async findLatestConversation(executor: Executor, contactId: string): Promise<MessagingConversationRow | undefined> {
    const [row] = await executor.select().from(messagingConversations).where(eq(messagingConversations.contactId, contactId)).orderBy(desc(messagingConversations.createdAt), desc(messagingConversations.id)).limit(1);
    return row;
  }

  async insertConversation(executor: Executor, values: typeof messagingConversations.$inferInsert): Promise<MessagingConversationRow> {
    const [row] = await executor.insert(messagingConversations).values(values).returning();
    return row!;
  }

  async setConversationBot(executor: Executor, workspaceId: string, id: string, botConversationId: string): Promise<void> {
    await executor.update(messagingConversations).set({ botConversationId }).where(and(eq(messagingConversations.workspaceId, workspaceId), eq(messagingConversations.id, id)));
  }

  async setConversationTicket(executor: Executor, workspaceId: string, id: string, ticketId: string): Promise<MessagingConversationRow> {
    const [row] = await executor.update(messagingConversations).set({ ticketId }).where(and(eq(messagingConversations.workspaceId, workspaceId), eq(messagingConversations.id, id))).returning();
    return row!;
  }

  async findConversationOfTicket(executor: Executor, workspaceId: string, ticketId: string): Promise<MessagingConversationRow | undefined> {
    const [row] = await executor.select().from(messagingConversations).where(and(eq(messagingConversations.workspaceId, workspaceId), eq(messagingConversations.ticketId, ticketId)));
    return row;
  }

  async findConversation(executor: Executor, workspaceId: string, conversationId: string): Promise<MessagingConversationRow | undefined> {
    const [row] = await executor.select().from(messagingConversations).where(and(eq(messagingConversations.workspaceId, workspaceId), eq(messagingConversations.id, conversationId)));
    return row;
  }

  async findInbound(executor: Executor, channelId: string, externalMessageId: string): Promise<MessagingMessageRow | undefined> {
    const [row] = await executor
      .select()
      .from(messagingMessages)
      .where(and(eq(messagingMessages.channelId, channelId), eq(messagingMessages.direction, 'inbound'), eq(messagingMessages.externalMessageId, externalMessageId)));
    return row;
  }

  async findByComment(executor: Executor, workspaceId: string, commentId: string): Promise<MessagingMessageRow | undefined> {
    const [row] = await executor.select().from(messagingMessages).where(and(eq(messagingMessages.workspaceId, workspaceId), eq(messagingMessages.commentId, commentId)));
    return row;
  }

  async findMessage(executor: Executor, workspaceId: string, messageId: string): Promise<MessagingMessageRow | undefined> {
    const [row] = await executor.select().from(messagingMessages).where(and(eq(messagingMessages.workspaceId, workspaceId), eq(messagingMessages.id, messageId)));
    return row;
  }

  /** Inserts a message unless the provider's id is stored already (a webhook delivered twice); answers the new row only. */
  async insertMessage(executor: Executor, values: typeof messagingMessages.$inferInsert): Promise<MessagingMessageRow | undefined> {
    const [row] = await executor.insert(messagingMessages).values(values).onConflictDoNothing().returning();
    return row;
  }

  async updateMessage(executor: Executor, workspaceId: string, messageId: string, values: Partial<Omit<typeof messagingMessages.$inferInsert, 'id' | 'workspaceId'>>): Promise<MessagingMessageRow> {
    const [row] = await executor
      .update(messagingMessages)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(messagingMessages.workspaceId, workspaceId), eq(messagingMessages.id, messageId)))
      .returning();
    return row!;
  }

  /** A provider's receipt for one outbound message, moving its state only forward; answers the changed row. */
  async advanceOutbound(executor: Executor, channelId: string, externalMessageId: string, status: MessagingMessageStatus, error: string | null, details: Record<string, unknown>): Promise<MessagingMessageRow | undefined> {
    const [row] = await executor
      .update(messagingMessages)
      .set({ status, error, details: sql`${messagingMessages.details} || ${JSON.stringify(details)}::jsonb`, updatedAt: sql`now()` })
      .where(
        and(
          eq(messagingMessages.channelId, channelId),
          eq(messagingMessages.direction, 'outbound'),
          eq(messagingMessages.externalMessageId, externalMessageId),
          sql`${rankOf(sql`${messagingMessages.status}`)} < ${STATUS_RANK[status]}`,
        ),
      )
      .returning();
    return row;
  }

  /** Receipts by time (Messenger): the contact's outbound messages sent up to then move to that state. */
  async advanceOutboundUpTo(executor: Executor, contactId: string, status: 'delivered' | 'read', upTo: Date): Promise<MessagingMessageRow[]> {
    const conversations = executor.select({ id: messagingConversations.id }).from(messagingConversations).where(eq(messagingConversations.contactId, contactId));
    return executor
      .update(messagingMessages)
      .set({ status, updatedAt: sql`now()` })
      .where(
        and(
          inArray(messagingMessages.conversationId, conversations),
          eq(messagingMessages.direction, 'outbound'),
          isNotNull(messagingMessages.sentAt),
          lte(messagingMessages.sentAt, upTo),
          sql`${rankOf(sql`${messagingMessages.status}`)} < ${STATUS_RANK[status]}`,
        ),
      )
      .returning();
  }

  listMessages(executor: Executor, workspaceId: string, conversationId: string): Promise<MessagingMessageRow[]> {
    return executor
      .select()
      .from(messagingMessages)
      .where(and(eq(messagingMessages.workspaceId, workspaceId), eq(messagingMessages.conversationId, conversationId)))
      .orderBy(asc(messagingMessages.createdAt), asc(messagingMessages.id))
      .limit(1000);
  }
}

function rankOf(status: ReturnType<typeof sql>) {
  return sql`(case ${status} ${sql.join(
    Object.entries(STATUS_RANK).map(([name, rank]) => sql`when ${name} then ${rank}`),
    sql` `,
  )} end)`;
}
