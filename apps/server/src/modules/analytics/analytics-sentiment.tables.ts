import { date, doublePrecision, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * The sentiment score of each customer message (a `comment.created` by a customer), written once per comment by the
 * dispatch listener: the key that makes a replayed event count once, and what scoped reads (a team's, an agent's
 * tickets, joined to the ticket facts) add up. No foreign key to `comments` or `tickets`: a deleted ticket's rows go
 * with its `ticket.deleted` event, like its facts.
 */
export const analyticsSentimentMessages = pgTable(
  'analytics_sentiment_messages',
  {
    commentId: uuid('comment_id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull(),
    writtenAt: timestampColumn('written_at').notNull(),
    /** The local day it counts on in `analytics_sentiment_daily` (the workspace's time zone when it was written). */
    day: date('day', { mode: 'string' }).notNull(),
    language: text('language').notNull(),
    channel: text('channel').notNull(),
    /** −1 (very negative) to 1 (very positive). */
    score: doublePrecision('score').notNull(),
  },
  (table) => [index('analytics_sentiment_messages_written').on(table.workspaceId, table.writtenAt), index('analytics_sentiment_messages_ticket').on(table.workspaceId, table.ticketId)],
);

/** Customer messages by local day, language and channel: how many, the sum of their scores, how many read negative. */
export const analyticsSentimentDaily = pgTable(
  'analytics_sentiment_daily',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    language: text('language').notNull(),
    channel: text('channel').notNull(),
    messages: integer('messages').notNull().default(0),
    scoreSum: doublePrecision('score_sum').notNull().default(0),
    negativeCount: integer('negative_count').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.day, table.language, table.channel] })],
);
