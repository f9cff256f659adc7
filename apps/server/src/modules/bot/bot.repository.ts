import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { botConversations, botQuestions, botSettings } from './bot.tables.js';

export type BotConversationRow = typeof botConversations.$inferSelect;
export type NewBotQuestionRow = typeof botQuestions.$inferInsert;
export type BotSettingsRow = typeof botSettings.$inferSelect;

export type { BotArticleText } from '../knowledge-base/knowledge-base.repository.js';

export class BotRepository {
  async findConversation(executor: Executor, workspaceId: string, id: string, options: { isLocked?: boolean } = {}): Promise<BotConversationRow | undefined> {
    const query = executor.select().from(botConversations).where(and(eq(botConversations.workspaceId, workspaceId), eq(botConversations.id, id)));
    const [row] = options.isLocked ? await query.for('update') : await query;
    return row;
  }

  async insertConversation(executor: Executor, row: typeof botConversations.$inferInsert): Promise<BotConversationRow> {
    const [inserted] = await executor.insert(botConversations).values(row).returning();
    return inserted!;
  }

  async updateConversation(
    executor: Executor,
    workspaceId: string,
    id: string,
    changes: Partial<Pick<BotConversationRow, 'language' | 'consecutiveMisses' | 'transcript' | 'customerEmail' | 'state' | 'resolvedAt' | 'ticketId' | 'handedOffAt' | 'handoffReason' | 'updatedAt'>>,
  ): Promise<void> {
    await executor.update(botConversations).set(changes).where(and(eq(botConversations.workspaceId, workspaceId), eq(botConversations.id, id)));
  }

  async insertQuestion(executor: Executor, row: NewBotQuestionRow): Promise<void> {
    await executor.insert(botQuestions).values(row);
  }

  /** The customer's "did this help?" answer, on the conversation's last answered question. */
  async setLastAnswerFeedback(executor: Executor, workspaceId: string, conversationId: string, feedback: 'helpful' | 'not_helpful'): Promise<void> {
    const [last] = await executor
      .select({ id: botQuestions.id })
      .from(botQuestions)
      .where(and(eq(botQuestions.workspaceId, workspaceId), eq(botQuestions.conversationId, conversationId), eq(botQuestions.outcome, 'answer'), isNotNull(botQuestions.articleId), ne(botQuestions.question, '')))
      .orderBy(desc(botQuestions.createdAt))
      .limit(1);
    if (last) await executor.update(botQuestions).set({ feedback }).where(eq(botQuestions.id, last.id));
  }

  async listQuestions(executor: Executor, workspaceId: string, conversationId: string) {
    return executor.select().from(botQuestions).where(and(eq(botQuestions.workspaceId, workspaceId), eq(botQuestions.conversationId, conversationId))).orderBy(botQuestions.createdAt);
  }

  async findSettings(executor: Executor, workspaceId: string): Promise<BotSettingsRow | undefined> {
    const [row] = await executor.select().from(botSettings).where(eq(botSettings.workspaceId, workspaceId));
    return row;
  }

  /** The settings a workspace has before anyone saves them (the columns' defaults). */
  defaultSettings(workspaceId: string): BotSettingsRow {
    return {
      workspaceId,
      isEnabled: false,
      greeting: { en: '', fr: '' },
      tone: 'friendly',
      fallback: { en: '', fr: '' },
      afterHours: 'take_message',
      afterHoursMessage: { en: '', fr: '' },
      handoffFields: ['name', 'email'],
      sensitiveTopics: ['billing_dispute', 'legal', 'account_security'],
      updatedAt: new Date(0),
    };
  }

  async upsertSettings(executor: Executor, workspaceId: string, changes: Partial<Omit<BotSettingsRow, 'workspaceId'>>): Promise<BotSettingsRow> {
    const [row] = await executor
      .insert(botSettings)
      .values({ workspaceId, ...changes })
      .onConflictDoUpdate({ target: botSettings.workspaceId, set: changes })
      .returning();
    return row!;
  }
}
