import { index, integer, jsonb, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { kbArticles } from '../knowledge-base/knowledge-base.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/** One message of a bot conversation, as kept for the frustration trend and for the agent a handoff reaches. */
export interface BotTranscriptEntry {
  from: 'customer' | 'bot';
  text: string;
  at: string;
  /** The customer's message's count of words of discontent (customer messages only). */
  negativeWords?: number;
  outcome?: 'answer' | 'clarify' | 'no_answer' | 'handoff';
}

/** A conversation with the bot: what it needs to remember between two questions. */
export const botConversations = pgTable(
  'bot_conversations',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    /** `en` or `fr`: the language of the last question. */
    language: text('language').notNull(),
    /** Questions in a row the bot found no answer to; the second one hands off. */
    consecutiveMisses: integer('consecutive_misses').notNull().default(0),
    /** The last messages, oldest first (bounded). */
    transcript: jsonb('transcript').$type<BotTranscriptEntry[]>().notNull().default([]),
    customerEmail: text('customer_email'),
    handedOffAt: timestampColumn('handed_off_at'),
    /** Why it was handed to a person: `asked_for_human`, `frustration`, `sensitive_topic`, `vip` or `no_answer`. */
    handoffReason: text('handoff_reason'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [index('bot_conversations_workspace_created').on(table.workspaceId, table.createdAt)],
);

/** Every question the bot was asked and what it did, for analytics and for improving the knowledge base. */
export const botQuestions = pgTable(
  'bot_questions',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull().references(() => botConversations.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    language: text('language').notNull(),
    /** The article answered with (or the best candidate of a clarifying question). */
    articleId: uuid('article_id').references(() => kbArticles.id, { onDelete: 'set null' }),
    confidence: real('confidence').notNull(),
    /** `answer`, `clarify`, `no_answer` or `handoff`. */
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    createdAt: createdAtColumn(),
  },
  (table) => [index('bot_questions_workspace_created').on(table.workspaceId, table.createdAt), index('bot_questions_conversation').on(table.conversationId)],
);
