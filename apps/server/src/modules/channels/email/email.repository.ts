import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/database.js';
import { emailAddresses, emailBounces, emailCollaborators, emailMessages, emailSettings } from './email.tables.js';
import type { TListEmailBouncesQuery, TListEmailMessagesQuery } from './email.schema.js';

export type EmailAddressRow = typeof emailAddresses.$inferSelect;
export type EmailSettingsRow = typeof emailSettings.$inferSelect;
export type EmailMessageRow = typeof emailMessages.$inferSelect;
export type EmailBounceRow = typeof emailBounces.$inferSelect;
export type EmailCollaboratorRow = typeof emailCollaborators.$inferSelect;
export type TicketMessageRow = Pick<
  EmailMessageRow,
  'id' | 'direction' | 'disposition' | 'commentId' | 'fromAddress' | 'fromName' | 'toAddresses' | 'ccAddresses' | 'subject' | 'attachmentIds' | 'rawSizeBytes' | 'isMalformed' | 'receivedAt'
> & { hasHtml: boolean; hasRaw: boolean };

interface Keyset {
  createdAt: Date;
  id: string;
}

export class EmailRepository {
  async findAddress(executor: Executor, address: string): Promise<EmailAddressRow | undefined> {
    const [row] = await executor.select().from(emailAddresses).where(eq(emailAddresses.address, address));
    return row;
  }

  async listAddresses(executor: Executor, workspaceId: string): Promise<EmailAddressRow[]> {
    return executor.select().from(emailAddresses).where(eq(emailAddresses.workspaceId, workspaceId)).orderBy(asc(emailAddresses.createdAt), asc(emailAddresses.address));
  }

  /** Undefined when another workspace (or this one) already holds the address. */
  async insertAddress(executor: Executor, workspaceId: string, address: string): Promise<EmailAddressRow | undefined> {
    const [row] = await executor.insert(emailAddresses).values({ workspaceId, address }).onConflictDoNothing().returning();
    return row;
  }

  async deleteAddress(executor: Executor, workspaceId: string, address: string): Promise<boolean> {
    const deleted = await executor
      .delete(emailAddresses)
      .where(and(eq(emailAddresses.workspaceId, workspaceId), eq(emailAddresses.address, address)))
      .returning({ id: emailAddresses.id });
    return deleted.length > 0;
  }

  /** The workspace's aliases and limits in one read (a batch of received mail needs both). */
  async findMailSetup(executor: Executor, workspaceId: string): Promise<{ aliases: string[]; settings: EmailSettingsRow | undefined }> {
    const [row] = await executor
      .select({
        aliases: sql<string[]>`coalesce((SELECT array_agg(${emailAddresses.address}) FROM ${emailAddresses} WHERE ${emailAddresses.workspaceId} = ${workspaceId}), '{}')`,
        settings: emailSettings,
      })
      .from(sql`(SELECT 1) AS one`)
      .leftJoin(emailSettings, eq(emailSettings.workspaceId, workspaceId));
    return { aliases: row?.aliases ?? [], settings: row?.settings ?? undefined };
  }

  async findSettings(executor: Executor, workspaceId: string): Promise<EmailSettingsRow | undefined> {
    const [row] = await executor.select().from(emailSettings).where(eq(emailSettings.workspaceId, workspaceId));
    return row;
  }

  async upsertSettings(executor: Executor, values: Omit<EmailSettingsRow, 'updatedAt'>): Promise<EmailSettingsRow> {
    const [row] = await executor
      .insert(emailSettings)
      .values(values)
      .onConflictDoUpdate({
        target: emailSettings.workspaceId,
        set: { senderHourlyLimit: values.senderHourlyLimit, maxMessageBytes: values.maxMessageBytes, updatedAt: sql`now()` },
      })
      .returning();
    return row!;
  }

  /**
   * Claims a Message-ID for the workspace. Undefined when it is taken: the message was already received. A
   * second delivery running at the same time waits here until the first commits, then finds it taken.
   */
  async claimMessage(executor: Executor, values: typeof emailMessages.$inferInsert): Promise<EmailMessageRow | undefined> {
    const [row] = await executor.insert(emailMessages).values(values).onConflictDoNothing().returning();
    return row;
  }

  async updateMessage(executor: Executor, workspaceId: string, id: string, values: Partial<typeof emailMessages.$inferInsert>): Promise<void> {
    await executor.update(emailMessages).set(values).where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.id, id)));
  }

  /** Which of these Message-IDs the workspace already has. */
  async findKnownMessageIds(executor: Executor, workspaceId: string, messageIds: string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows = await executor
      .select({ messageId: emailMessages.messageId })
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), inArray(emailMessages.messageId, messageIds)));
    return new Set(rows.map((row) => row.messageId));
  }

  /**
   * Records received messages in one statement and answers the Message-IDs it recorded: one missing was recorded
   * meanwhile by another transaction (the same message delivered twice at once), which waits here until that
   * one commits.
   */
  async insertMessages(executor: Executor, rows: Array<typeof emailMessages.$inferInsert>): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await executor.insert(emailMessages).values(rows).onConflictDoNothing().returning({ messageId: emailMessages.messageId });
    return new Set(inserted.map((row) => row.messageId));
  }

  /** Messages with these Message-IDs that belong to a ticket, newest first. */
  async findThreadedMessages(executor: Executor, workspaceId: string, messageIds: string[]): Promise<EmailMessageRow[]> {
    if (messageIds.length === 0) return [];
    return executor
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), inArray(emailMessages.messageId, messageIds), isNotNull(emailMessages.ticketId)))
      .orderBy(desc(emailMessages.receivedAt));
  }

  async findOutboundByMessageIds(executor: Executor, workspaceId: string, messageIds: string[]): Promise<EmailMessageRow | undefined> {
    if (messageIds.length === 0) return undefined;
    const [row] = await executor
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.direction, 'outbound'), inArray(emailMessages.messageId, messageIds)))
      .orderBy(desc(emailMessages.receivedAt))
      .limit(1);
    return row;
  }

  /**
   * Serialises the mail of these senders within the workspace until the transaction ends, so their hourly counts
   * cannot be overtaken; always in the same order, so two transactions never wait for each other.
   */
  async lockSenders(executor: Executor, workspaceId: string, senders: string[]): Promise<void> {
    const keys = [...new Set(senders)].sort().map((sender) => `${workspaceId}:${sender}`);
    if (keys.length === 0) return;
    const array = sql`ARRAY[${sql.join(keys.map((key) => sql`${key}`), sql`, `)}]::text[]`;
    await executor.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(sorted.key, 42)) FROM (SELECT unnest(${array}) AS key ORDER BY 1) AS sorted`);
  }

  /** Per sender, the messages turned into tickets or replies since `since`. */
  async countTicketedFrom(executor: Executor, workspaceId: string, senders: string[], since: Date): Promise<Map<string, number>> {
    if (senders.length === 0) return new Map();
    const rows = await executor
      .select({ sender: emailMessages.fromAddress, count: sql<number>`count(*)::int` })
      .from(emailMessages)
      .where(
        and(
          eq(emailMessages.workspaceId, workspaceId),
          inArray(emailMessages.fromAddress, [...new Set(senders)]),
          gte(emailMessages.receivedAt, since),
          inArray(emailMessages.disposition, ['ticket_created', 'comment_added']),
        ),
      )
      .groupBy(emailMessages.fromAddress);
    return new Map(rows.map((row) => [row.sender, Number(row.count)]));
  }

  async findMessage(executor: Executor, workspaceId: string, id: string): Promise<EmailMessageRow | undefined> {
    const [row] = await executor.select().from(emailMessages).where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.id, id)));
    return row;
  }

  async listMessages(executor: Executor, workspaceId: string, query: TListEmailMessagesQuery, after: Keyset | undefined): Promise<EmailMessageRow[]> {
    const conditions: Array<SQL | undefined> = [eq(emailMessages.workspaceId, workspaceId)];
    if (query.ticketId) conditions.push(eq(emailMessages.ticketId, query.ticketId));
    if (query.disposition) conditions.push(eq(emailMessages.disposition, query.disposition));
    if (after) {
      conditions.push(or(lt(emailMessages.receivedAt, after.createdAt), and(eq(emailMessages.receivedAt, after.createdAt), lt(emailMessages.id, after.id))));
    }
    return executor
      .select()
      .from(emailMessages)
      .where(and(...conditions))
      .orderBy(desc(emailMessages.receivedAt), desc(emailMessages.id))
      .limit(query.limit + 1);
  }

  /** The Message-IDs of a ticket's thread, oldest first (what a reply lists in References). */
  async listThreadMessageIds(executor: Executor, workspaceId: string, ticketId: string): Promise<string[]> {
    const rows = await executor
      .select({ messageId: emailMessages.messageId })
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.ticketId, ticketId)))
      .orderBy(asc(emailMessages.receivedAt), asc(emailMessages.id));
    return rows.map((row) => row.messageId);
  }

  /** The newest `limit` messages of a ticket, oldest first, without their bodies (they can be large). */
  async listTicketMessages(executor: Executor, workspaceId: string, ticketId: string, limit: number): Promise<TicketMessageRow[]> {
    const rows = await executor
      .select({
        id: emailMessages.id,
        direction: emailMessages.direction,
        disposition: emailMessages.disposition,
        commentId: emailMessages.commentId,
        fromAddress: emailMessages.fromAddress,
        fromName: emailMessages.fromName,
        toAddresses: emailMessages.toAddresses,
        ccAddresses: emailMessages.ccAddresses,
        subject: emailMessages.subject,
        hasHtml: sql<boolean>`${emailMessages.htmlBody} IS NOT NULL`,
        attachmentIds: emailMessages.attachmentIds,
        hasRaw: sql<boolean>`${emailMessages.rawStorageKey} IS NOT NULL`,
        rawSizeBytes: emailMessages.rawSizeBytes,
        isMalformed: emailMessages.isMalformed,
        receivedAt: emailMessages.receivedAt,
      })
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.ticketId, ticketId)))
      .orderBy(desc(emailMessages.receivedAt), desc(emailMessages.id))
      .limit(limit);
    return rows.reverse();
  }

  async addCollaborators(executor: Executor, rows: Array<typeof emailCollaborators.$inferInsert>): Promise<void> {
    if (rows.length === 0) return;
    await executor.insert(emailCollaborators).values(rows).onConflictDoNothing();
  }

  async listCollaborators(executor: Executor, workspaceId: string, ticketId: string): Promise<EmailCollaboratorRow[]> {
    return executor
      .select()
      .from(emailCollaborators)
      .where(and(eq(emailCollaborators.workspaceId, workspaceId), eq(emailCollaborators.ticketId, ticketId)))
      .orderBy(asc(emailCollaborators.createdAt), asc(emailCollaborators.email));
  }

  async isCollaborator(executor: Executor, workspaceId: string, ticketId: string, customerId: string): Promise<boolean> {
    const [row] = await executor
      .select({ customerId: emailCollaborators.customerId })
      .from(emailCollaborators)
      .where(and(eq(emailCollaborators.workspaceId, workspaceId), eq(emailCollaborators.ticketId, ticketId), eq(emailCollaborators.customerId, customerId)));
    return row !== undefined;
  }

  async insertBounces(executor: Executor, rows: Array<typeof emailBounces.$inferInsert>): Promise<void> {
    if (rows.length === 0) return;
    await executor.insert(emailBounces).values(rows);
  }

  async listBounces(executor: Executor, workspaceId: string, query: TListEmailBouncesQuery, after: Keyset | undefined): Promise<EmailBounceRow[]> {
    const conditions: Array<SQL | undefined> = [eq(emailBounces.workspaceId, workspaceId)];
    if (query.customerId) conditions.push(eq(emailBounces.customerId, query.customerId));
    if (query.ticketId) conditions.push(eq(emailBounces.ticketId, query.ticketId));
    if (query.commentId) conditions.push(eq(emailBounces.commentId, query.commentId));
    if (after) conditions.push(or(lt(emailBounces.createdAt, after.createdAt), and(eq(emailBounces.createdAt, after.createdAt), lt(emailBounces.id, after.id))));
    return executor
      .select()
      .from(emailBounces)
      .where(and(...conditions))
      .orderBy(desc(emailBounces.createdAt), desc(emailBounces.id))
      .limit(query.limit + 1);
  }
}
