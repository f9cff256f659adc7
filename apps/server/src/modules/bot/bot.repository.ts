import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { botConversations, botQuestions } from './bot.tables.js';

export type BotConversationRow = typeof botConversations.$inferSelect;
export type NewBotQuestionRow = typeof botQuestions.$inferInsert;

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

  async updateConversation(executor: Executor, workspaceId: string, id: string, changes: Partial<Pick<BotConversationRow, 'language' | 'consecutiveMisses' | 'transcript' | 'customerEmail' | 'handedOffAt' | 'handoffReason' | 'updatedAt'>>): Promise<void> {
    await executor.update(botConversations).set(changes).where(and(eq(botConversations.workspaceId, workspaceId), eq(botConversations.id, id)));
  }

  async insertQuestion(executor: Executor, row: NewBotQuestionRow): Promise<void> {
    await executor.insert(botQuestions).values(row);
  }

  async listQuestions(executor: Executor, workspaceId: string, conversationId: string) {
    return executor.select().from(botQuestions).where(and(eq(botQuestions.workspaceId, workspaceId), eq(botQuestions.conversationId, conversationId))).orderBy(botQuestions.createdAt);
  }
}
