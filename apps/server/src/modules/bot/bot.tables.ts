import { boolean, index, integer, jsonb, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { kbArticles } from '../knowledge-base/knowledge-base.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/** One message of a bot conversation, as kept for the frustration trend and for the agent a handoff reaches. */
export interface BotTranscriptEntry {
  from: 'customer' | 'bot';
  text: string;
  at: string;
  /** The customer's message's count of words of discontent (customer messages only). */
  negativeWords?: number;
  outcome?: 'answer' | 'clarify' | 'no_answer' | 'handoff' | 'task';
}

/** What the team wants to know before a person takes over, and what the bot's tasks need. */
export type BotField = 'name' | 'email' | 'order_number';

/** A task under way: the fields it still waits for, and what the customer gave so far. */
export interface BotConversationState {
  /** `handoff` collects the handoff's fields; `create_ticket` opens a ticket; `ticket_status` looks one up. */
  task: 'handoff' | 'create_ticket' | 'ticket_status' | null;
  /** The field the bot's last message asked for. */
  awaiting: BotField | 'ticket_number' | 'description' | null;
  fields: Partial<Record<BotField | 'ticket_number' | 'description', string>>;
  /** Whether the last answer asked "did this help?" (a yes resolves the conversation). */
  askedIfHelped?: boolean;
  /** The customer said the last answer did not help: the next answer does not clear the misses in a row. */
  isRetrying?: boolean;
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
    /** Where the conversation takes place: `api`, `chat` or `messaging`. */
    channel: text('channel').notNull().default('api'),
    /** Who the conversation belongs to on its channel (`chat-visitor:<id>`): nobody else may continue it. */
    owner: text('owner'),
    state: jsonb('state').$type<BotConversationState>().notNull().default({ task: null, awaiting: null, fields: {} }),
    /** When the customer said the answer helped (resolved without a person). */
    resolvedAt: timestampColumn('resolved_at'),
    /** The ticket the conversation became: at a handoff, or by the create-ticket task. */
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
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
    /** The customer's answer to "did this help?" after this question's answer: `helpful` or `not_helpful`. */
    feedback: text('feedback'),
    createdAt: createdAtColumn(),
  },
  (table) => [index('bot_questions_workspace_created').on(table.workspaceId, table.createdAt), index('bot_questions_conversation').on(table.conversationId)],
);

/** Localised texts of the bot's persona: English and French. */
export interface BotTexts {
  en: string;
  fr: string;
}

/** The bot's persona and behaviour, per workspace (defaults apply until an admin saves). */
export const botSettings = pgTable('bot_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** Whether the chat widget opens with the bot: off until an admin turns it on (with a knowledge base to answer from). */
  isEnabled: boolean('is_enabled').notNull().default(false),
  /** Shown when the customer opens the chat; empty means the default for the tone. */
  greeting: jsonb('greeting').$type<BotTexts>().notNull().default({ en: '', fr: '' }),
  /** `friendly` or `formal`. */
  tone: text('tone').notNull().default('friendly'),
  /** Said when no article answers; empty means the default for the tone. */
  fallback: jsonb('fallback').$type<BotTexts>().notNull().default({ en: '', fr: '' }),
  /** Outside business hours, when nobody can chat: `take_message` (a ticket answered by email) or `queue` (wait for the team). */
  afterHours: text('after_hours').notNull().default('take_message'),
  /** Said instead of the handoff outside business hours; empty means the default. */
  afterHoursMessage: jsonb('after_hours_message').$type<BotTexts>().notNull().default({ en: '', fr: '' }),
  /** What is collected before a person takes over. */
  handoffFields: jsonb('handoff_fields').$type<BotField[]>().notNull().default(['name', 'email']),
  /** Sensitive topics always handed to a person (`billing_dispute`, `legal`, `account_security`). */
  sensitiveTopics: jsonb('sensitive_topics').$type<string[]>().notNull().default(['billing_dispute', 'legal', 'account_security']),
  updatedAt: updatedAtColumn(),
});
