import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/database.js';
import { chatConversations, chatMessages, chatSettings, chatVisitors } from './chat.tables.js';

export type ChatSettingsRow = typeof chatSettings.$inferSelect;
export type ChatVisitorRow = typeof chatVisitors.$inferSelect;
export type ChatConversationRow = typeof chatConversations.$inferSelect;
export type ChatMessageRow = typeof chatMessages.$inferSelect;

/** Most messages a `sync` answers at once; the widget asks again after the last seq it got. */
export const SYNC_PAGE_SIZE = 200;

export class ChatRepository {
  async findSettings(executor: Executor, workspaceId: string): Promise<ChatSettingsRow | undefined> {
    const [row] = await executor.select().from(chatSettings).where(eq(chatSettings.workspaceId, workspaceId));
    return row;
  }

  /** Inserts the settings unless another request did first; answers the stored row either way. */
  async insertSettingsIfMissing(executor: Executor, values: typeof chatSettings.$inferInsert): Promise<ChatSettingsRow> {
    await executor.insert(chatSettings).values(values).onConflictDoNothing();
    return (await this.findSettings(executor, values.workspaceId))!;
  }

  async updateSettings(executor: Executor, workspaceId: string, values: Partial<typeof chatSettings.$inferInsert>): Promise<ChatSettingsRow> {
    const [row] = await executor.update(chatSettings).set({ ...values, updatedAt: sql`now()` }).where(eq(chatSettings.workspaceId, workspaceId)).returning();
    return row!;
  }

  async findVisitor(executor: Executor, workspaceId: string, visitorId: string): Promise<ChatVisitorRow | undefined> {
    const [row] = await executor.select().from(chatVisitors).where(and(eq(chatVisitors.workspaceId, workspaceId), eq(chatVisitors.id, visitorId)));
    return row;
  }

  async insertVisitor(executor: Executor, workspaceId: string): Promise<ChatVisitorRow> {
    const [row] = await executor.insert(chatVisitors).values({ workspaceId }).returning();
    return row!;
  }

  /** The one visitor of a verified product user, created on their first session (concurrent firsts agree). */
  async findOrInsertIdentifiedVisitor(executor: Executor, workspaceId: string, externalUserId: string): Promise<ChatVisitorRow> {
    await executor.insert(chatVisitors).values({ workspaceId, externalUserId }).onConflictDoNothing();
    const [row] = await executor.select().from(chatVisitors).where(and(eq(chatVisitors.workspaceId, workspaceId), eq(chatVisitors.externalUserId, externalUserId)));
    return row!;
  }

  async findVisitorForUpdate(executor: Executor, workspaceId: string, visitorId: string): Promise<ChatVisitorRow | undefined> {
    const [row] = await executor.select().from(chatVisitors).where(and(eq(chatVisitors.workspaceId, workspaceId), eq(chatVisitors.id, visitorId))).for('update');
    return row;
  }

  async setVisitorCustomer(executor: Executor, workspaceId: string, visitorId: string, customerId: string): Promise<void> {
    await executor.update(chatVisitors).set({ customerId, updatedAt: sql`now()` }).where(and(eq(chatVisitors.workspaceId, workspaceId), eq(chatVisitors.id, visitorId)));
  }

  listConversations(executor: Executor, workspaceId: string, visitorId: string): Promise<ChatConversationRow[]> {
    return executor
      .select()
      .from(chatConversations)
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.visitorId, visitorId)))
      .orderBy(desc(chatConversations.createdAt), desc(chatConversations.id))
      .limit(100);
  }

  async findConversationByStart(executor: Executor, workspaceId: string, visitorId: string, startClientMessageId: string): Promise<ChatConversationRow | undefined> {
    const [row] = await executor
      .select()
      .from(chatConversations)
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.visitorId, visitorId), eq(chatConversations.startClientMessageId, startClientMessageId)));
    return row;
  }

  /** A visitor's own conversation; another visitor's (or workspace's) is not found. */
  async findVisitorConversation(executor: Executor, workspaceId: string, visitorId: string, conversationId: string, forUpdate = false): Promise<ChatConversationRow | undefined> {
    const query = executor
      .select()
      .from(chatConversations)
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.visitorId, visitorId), eq(chatConversations.id, conversationId)));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  /**
   * Conversations of the workspace, locked (the row lock that orders a conversation's messages) in id order, so
   * that transactions locking overlapping sets queue rather than deadlock; each with its visitor's customer, if any.
   */
  async findConversationsForUpdate(executor: Executor, workspaceId: string, conversationIds: string[]): Promise<Array<{ conversation: ChatConversationRow; visitorCustomerId: string | null }>> {
    if (conversationIds.length === 0) return [];
    return executor
      .select({ conversation: chatConversations, visitorCustomerId: chatVisitors.customerId })
      .from(chatConversations)
      .innerJoin(chatVisitors, eq(chatVisitors.id, chatConversations.visitorId))
      .where(and(eq(chatConversations.workspaceId, workspaceId), inArray(chatConversations.id, [...new Set(conversationIds)])))
      .orderBy(asc(chatConversations.id))
      .for('update', { of: chatConversations });
  }

  async findConversationOfTicket(executor: Executor, workspaceId: string, ticketId: string, forUpdate = false): Promise<ChatConversationRow | undefined> {
    const query = executor.select().from(chatConversations).where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.ticketId, ticketId)));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async insertConversation(executor: Executor, values: typeof chatConversations.$inferInsert): Promise<ChatConversationRow> {
    const [row] = await executor.insert(chatConversations).values(values).returning();
    return row!;
  }

  /** Takes the conversation's next sequence number (a new message: the idle clock starts again); the caller holds the conversation's row lock. */
  async takeNextSeq(executor: Executor, conversationId: string): Promise<number> {
    const [row] = await executor
      .update(chatConversations)
      .set({ lastSeq: sql`${chatConversations.lastSeq} + 1`, updatedAt: sql`now()`, lastMessageAt: sql`now()`, inactivityWarnedAt: null })
      .where(eq(chatConversations.id, conversationId))
      .returning({ lastSeq: chatConversations.lastSeq });
    return row!.lastSeq;
  }

  /**
   * Takes `count` sequence numbers in each (locked) conversation at once, and opens an ended chat again (a new
   * message: the idle clock starts again too). Answers each conversation's last number after the update.
   */
  async takeSeqsAndReopen(executor: Executor, workspaceId: string, counts: Array<{ conversationId: string; count: number }>): Promise<Map<string, number>> {
    if (counts.length === 0) return new Map();
    const values = counts.map(({ conversationId, count }) => sql`(${conversationId}::uuid, ${count}::integer)`);
    const rows = await queryRows<{ id: string; lastSeq: number }>(
      executor,
      sql`UPDATE chat_conversations
          SET last_seq = chat_conversations.last_seq + taken.count, updated_at = now(), last_message_at = now(), inactivity_warned_at = NULL, closed_at = NULL
          FROM (VALUES ${sql.join(values, sql`, `)}) AS taken (id, count)
          WHERE chat_conversations.id = taken.id AND chat_conversations.workspace_id = ${workspaceId}
          RETURNING chat_conversations.id, chat_conversations.last_seq AS "lastSeq"`,
    );
    return new Map(rows.map((row) => [row.id, Number(row.lastSeq)]));
  }

  async setClosed(executor: Executor, workspaceId: string, conversationId: string, closedAt: Date | null): Promise<ChatConversationRow> {
    const [row] = await executor
      .update(chatConversations)
      .set({ closedAt, updatedAt: sql`now()` })
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.id, conversationId)))
      .returning();
    return row!;
  }

  async markInactivityWarned(executor: Executor, conversationId: string, warnedAt: Date): Promise<void> {
    await executor.update(chatConversations).set({ inactivityWarnedAt: warnedAt }).where(eq(chatConversations.id, conversationId));
  }

  /**
   * Open chats, in every workspace, where an agent spoke last and the visitor has said nothing for the
   * workspace's inactivity time (as of `now`): the ones to warn, and the ones warned `graceMinutes` ago or more.
   */
  listIdle(executor: Executor, now: Date, graceMinutes: number, limit = 500): Promise<Array<{ id: string; workspaceId: string; visitorId: string; ticketId: string; inactivityWarnedAt: Date | null }>> {
    const nowText = now.toISOString();
    return queryRows(
      executor,
      sql`SELECT c.id, c.workspace_id AS "workspaceId", c.visitor_id AS "visitorId", c.ticket_id AS "ticketId", c.inactivity_warned_at AS "inactivityWarnedAt"
          FROM chat_conversations c
          JOIN chat_settings s ON s.workspace_id = c.workspace_id
          WHERE c.closed_at IS NULL AND s.inactivity_minutes > 0
            AND c.last_message_at <= ${nowText}::timestamptz - make_interval(mins => s.inactivity_minutes)
            AND (c.inactivity_warned_at IS NULL OR c.inactivity_warned_at <= ${nowText}::timestamptz - make_interval(mins => ${graceMinutes}::integer))
            AND EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND m.seq = c.last_seq AND m.sender = 'agent')
          ORDER BY c.last_message_at
          LIMIT ${limit}`,
    );
  }

  /** Moves a side's read position forward (never back, never past the last message); answers the position. */
  async markRead(executor: Executor, workspaceId: string, conversationId: string, reader: 'visitor' | 'agent', seq: number): Promise<number> {
    const column = reader === 'visitor' ? chatConversations.visitorReadSeq : chatConversations.agentReadSeq;
    const [row] = await executor
      .update(chatConversations)
      .set({ [reader === 'visitor' ? 'visitorReadSeq' : 'agentReadSeq']: sql`greatest(${column}, least(${seq}::integer, ${chatConversations.lastSeq}))` })
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.id, conversationId)))
      .returning({ seq: column });
    return row!.seq;
  }

  async insertMessage(executor: Executor, values: typeof chatMessages.$inferInsert): Promise<ChatMessageRow> {
    const [row] = await executor.insert(chatMessages).values(values).returning();
    return row!;
  }

  /** Inserts messages in one statement; answers the rows in the order given. */
  async insertMessages(executor: Executor, values: Array<typeof chatMessages.$inferInsert>): Promise<ChatMessageRow[]> {
    if (values.length === 0) return [];
    const rows = await executor.insert(chatMessages).values(values).returning();
    const bySeq = new Map(rows.map((row) => [`${row.conversationId} ${row.seq}`, row]));
    return values.map((value) => bySeq.get(`${value.conversationId} ${value.seq}`)!);
  }

  /** The stored messages among these (conversation, client message id) pairs: one index probe per pair. */
  async findMessagesByClientIds(executor: Executor, keys: Array<{ conversationId: string; clientMessageId: string }>): Promise<ChatMessageRow[]> {
    if (keys.length === 0) return [];
    // Pairs, not two lists: `conversation_id IN (…) AND client_message_id IN (…)` reads every message of the conversations.
    const pairs = keys.map((key) => sql`(${key.conversationId}::uuid, ${key.clientMessageId}::text)`);
    return executor
      .select()
      .from(chatMessages)
      .where(sql`(${chatMessages.conversationId}, ${chatMessages.clientMessageId}) IN (VALUES ${sql.join(pairs, sql`, `)})`);
  }

  async findMessageByClientId(executor: Executor, conversationId: string, clientMessageId: string): Promise<ChatMessageRow | undefined> {
    const [row] = await executor.select().from(chatMessages).where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.clientMessageId, clientMessageId)));
    return row;
  }

  async findMessageByComment(executor: Executor, workspaceId: string, commentId: string): Promise<ChatMessageRow | undefined> {
    const [row] = await executor.select().from(chatMessages).where(and(eq(chatMessages.workspaceId, workspaceId), eq(chatMessages.commentId, commentId)));
    return row;
  }

  /** The messages carrying these comments, with the visitor each one goes to. */
  listMessagesOfComments(executor: Executor, commentIds: string[]): Promise<Array<{ message: ChatMessageRow; visitorId: string }>> {
    if (commentIds.length === 0) return Promise.resolve([]);
    return executor
      .select({ message: chatMessages, visitorId: chatConversations.visitorId })
      .from(chatMessages)
      .innerJoin(chatConversations, eq(chatConversations.id, chatMessages.conversationId))
      .where(inArray(chatMessages.commentId, commentIds))
      .orderBy(asc(chatMessages.conversationId), asc(chatMessages.seq));
  }

  listMessagesAfter(executor: Executor, workspaceId: string, conversationId: string, afterSeq: number): Promise<ChatMessageRow[]> {
    return executor
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.workspaceId, workspaceId), eq(chatMessages.conversationId, conversationId), gt(chatMessages.seq, afterSeq)))
      .orderBy(asc(chatMessages.seq))
      .limit(SYNC_PAGE_SIZE);
  }
}
