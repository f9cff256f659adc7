import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn } from '../../db/columns.js';
import { kbArticles } from '../knowledge-base/knowledge-base.tables.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * A question an admin answered with an article: the next time a customer asks it (the same words once folded), in
 * that language, the bot answers with the article. One per question and language; linking again replaces it.
 */
export const botLearnedAnswers = pgTable(
  'bot_learned_answers',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    /** `en` or `fr`. */
    language: text('language').notNull(),
    /** The question as `foldText` folds it: lowercase, accents and punctuation removed (at most 500 characters). */
    foldedQuestion: text('folded_question').notNull(),
    articleId: uuid('article_id').notNull().references(() => kbArticles.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('bot_learned_answers_question_unique').on(table.workspaceId, table.language, table.foldedQuestion)],
);

/** What an admin did about a group of unanswered questions; a group is listed again once it fails after its last fix. */
export type BotLearningFixKind = 'link_article' | 'draft_article' | 'add_synonym' | 'dismiss';

/** Every fix of the learning list, kept as history (the list hides a group fixed since it was last asked). */
export const botLearningFixes = pgTable(
  'bot_learning_fixes',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    foldedQuestion: text('folded_question').notNull(),
    /** `link_article`, `draft_article`, `add_synonym` or `dismiss`. */
    kind: text('kind').$type<BotLearningFixKind>().notNull(),
    /** The article linked or drafted. */
    articleId: uuid('article_id').references(() => kbArticles.id, { onDelete: 'set null' }),
    /** What the fix changed: the synonym group's term and the words added. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  // By time only: the list reads the fixes since its period began, and a folded question may be too long for a key.
  (table) => [index('bot_learning_fixes_workspace_created').on(table.workspaceId, table.createdAt)],
);
