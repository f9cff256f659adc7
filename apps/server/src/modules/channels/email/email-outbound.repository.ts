import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/database.js';
import { emailDeliveries, emailOutboundSettings, emailTemplates } from './email-outbound.tables.js';
import { emailBounces, emailCollaborators, emailMessages } from './email.tables.js';

export type EmailDeliveryRow = typeof emailDeliveries.$inferSelect;
export type EmailOutboundSettingsRow = typeof emailOutboundSettings.$inferSelect;
export type EmailTemplateRow = typeof emailTemplates.$inferSelect;
export type RecordedEmailMessage = typeof emailMessages.$inferSelect;

/** A delivery with what the bounce reports said about its message, when they said anything. */
export interface DeliveryWithBounce extends EmailDeliveryRow {
  isBounced: boolean;
  bounceDiagnostic: string | null;
}

/**
 * Outgoing mail: deliveries, the workspace's look and templates, and (read-only, beside the inbound side's
 * own queries) the thread, collaborators and bounce reports of a ticket. Every query is scoped by workspace.
 */
export class EmailOutboundRepository {
  /** Undefined when the source already has a delivery (the event was seen before). */
  async insertDelivery(executor: Executor, values: typeof emailDeliveries.$inferInsert): Promise<EmailDeliveryRow | undefined> {
    const [row] = await executor.insert(emailDeliveries).values(values).onConflictDoNothing().returning();
    return row;
  }

  async findDelivery(executor: Executor, workspaceId: string, id: string): Promise<EmailDeliveryRow | undefined> {
    const [row] = await executor.select().from(emailDeliveries).where(and(eq(emailDeliveries.workspaceId, workspaceId), eq(emailDeliveries.id, id)));
    return row;
  }

  async updateDelivery(executor: Executor, workspaceId: string, id: string, values: Partial<Pick<EmailDeliveryRow, 'status' | 'attempts' | 'lastError' | 'sentAt' | 'jobId' | 'emailMessageId'>>): Promise<EmailDeliveryRow> {
    const [row] = await executor
      .update(emailDeliveries)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(emailDeliveries.workspaceId, workspaceId), eq(emailDeliveries.id, id)))
      .returning();
    return row!;
  }

  /** The deliveries of these comments (one each at most), with their bounce state. */
  async listForComments(executor: Executor, workspaceId: string, commentIds: string[]): Promise<DeliveryWithBounce[]> {
    if (commentIds.length === 0) return [];
    return this.withBounces(executor, workspaceId, await executor
      .select()
      .from(emailDeliveries)
      .where(and(eq(emailDeliveries.workspaceId, workspaceId), inArray(emailDeliveries.commentId, commentIds))));
  }

  async listForTicket(executor: Executor, workspaceId: string, ticketId: string): Promise<DeliveryWithBounce[]> {
    return this.withBounces(executor, workspaceId, await executor
      .select()
      .from(emailDeliveries)
      .where(and(eq(emailDeliveries.workspaceId, workspaceId), eq(emailDeliveries.ticketId, ticketId)))
      .orderBy(asc(emailDeliveries.createdAt), asc(emailDeliveries.id)));
  }

  /**
   * The inbound side marks an outgoing message `bounced` and keeps the report (with the server's diagnostic) when
   * a delivery status notification names it; a delivery reads its state from there.
   */
  private async withBounces(executor: Executor, workspaceId: string, rows: EmailDeliveryRow[]): Promise<DeliveryWithBounce[]> {
    const messageIds = rows.flatMap((row) => (row.emailMessageId ? [row.emailMessageId] : []));
    if (messageIds.length === 0) return rows.map((row) => ({ ...row, isBounced: false, bounceDiagnostic: null }));
    const bounced = await executor
      .select({ id: emailMessages.id })
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), inArray(emailMessages.id, messageIds), eq(emailMessages.deliveryStatus, 'bounced')));
    const reports = await executor
      .select({ originalMessageId: emailBounces.originalMessageId, action: emailBounces.action, status: emailBounces.status, diagnostic: emailBounces.diagnostic })
      .from(emailBounces)
      .where(and(eq(emailBounces.workspaceId, workspaceId), inArray(emailBounces.originalMessageId, messageIds)))
      .orderBy(desc(emailBounces.createdAt));
    const bouncedIds = new Set(bounced.map((row) => row.id));
    return rows.map((row) => {
      const failure = reports.find((report) => report.originalMessageId === row.emailMessageId && report.action === 'failed');
      const isBounced = row.emailMessageId !== null && (bouncedIds.has(row.emailMessageId) || failure !== undefined);
      const diagnostic = failure ? [failure.status, failure.diagnostic].filter(Boolean).join(' ') || null : null;
      return { ...row, isBounced, bounceDiagnostic: isBounced ? diagnostic : null };
    });
  }

  async findSettings(executor: Executor, workspaceId: string): Promise<EmailOutboundSettingsRow | undefined> {
    const [row] = await executor.select().from(emailOutboundSettings).where(eq(emailOutboundSettings.workspaceId, workspaceId));
    return row;
  }

  async upsertSettings(executor: Executor, values: Omit<EmailOutboundSettingsRow, 'updatedAt'>): Promise<void> {
    const { workspaceId, ...rest } = values;
    await executor
      .insert(emailOutboundSettings)
      .values(values)
      .onConflictDoUpdate({ target: emailOutboundSettings.workspaceId, set: { ...rest, updatedAt: sql`now()` }, setWhere: eq(emailOutboundSettings.workspaceId, workspaceId) });
  }

  async listTemplates(executor: Executor, workspaceId: string): Promise<EmailTemplateRow[]> {
    return executor.select().from(emailTemplates).where(eq(emailTemplates.workspaceId, workspaceId));
  }

  async findTemplate(executor: Executor, workspaceId: string, kind: string, language: string): Promise<EmailTemplateRow | undefined> {
    const [row] = await executor
      .select()
      .from(emailTemplates)
      .where(and(eq(emailTemplates.workspaceId, workspaceId), eq(emailTemplates.kind, kind), eq(emailTemplates.language, language)));
    return row;
  }

  async upsertTemplate(executor: Executor, values: Omit<EmailTemplateRow, 'updatedAt'>): Promise<void> {
    await executor
      .insert(emailTemplates)
      .values(values)
      .onConflictDoUpdate({
        target: [emailTemplates.workspaceId, emailTemplates.kind, emailTemplates.language],
        set: { subject: values.subject, body: values.body, updatedByUserId: values.updatedByUserId, updatedAt: sql`now()` },
      });
  }

  async deleteTemplate(executor: Executor, workspaceId: string, kind: string, language: string): Promise<void> {
    await executor.delete(emailTemplates).where(and(eq(emailTemplates.workspaceId, workspaceId), eq(emailTemplates.kind, kind), eq(emailTemplates.language, language)));
  }

  async findEmailMessage(executor: Executor, workspaceId: string, id: string): Promise<RecordedEmailMessage | undefined> {
    const [row] = await executor.select().from(emailMessages).where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.id, id)));
    return row;
  }

  /** The customer's latest message on the ticket: the one a reply answers (In-Reply-To). */
  async findLastInbound(executor: Executor, workspaceId: string, ticketId: string): Promise<RecordedEmailMessage | undefined> {
    const [row] = await executor
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.ticketId, ticketId), eq(emailMessages.direction, 'inbound')))
      .orderBy(desc(emailMessages.receivedAt), desc(emailMessages.id))
      .limit(1);
    return row;
  }

  async markMessageSent(executor: Executor, workspaceId: string, id: string, sentAt: Date): Promise<void> {
    await executor.update(emailMessages).set({ sentAt, deliveryStatus: 'sent' }).where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.id, id)));
  }

  async markMessageFailed(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.update(emailMessages).set({ deliveryStatus: 'failed' }).where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.id, id)));
  }

  /** The customer-side people copied on the ticket's mail (Cc). */
  async listCollaboratorEmails(executor: Executor, workspaceId: string, ticketId: string): Promise<string[]> {
    const rows = await executor
      .select({ email: emailCollaborators.email })
      .from(emailCollaborators)
      .where(and(eq(emailCollaborators.workspaceId, workspaceId), eq(emailCollaborators.ticketId, ticketId)))
      .orderBy(asc(emailCollaborators.createdAt), asc(emailCollaborators.email));
    return rows.map((row) => row.email);
  }
}
