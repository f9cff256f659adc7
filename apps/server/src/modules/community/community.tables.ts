import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, tsvector, updatedAtColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/** A forum of the community: a named place for topics, in English and French. */
export const communityCategories = pgTable(
  'community_categories',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    nameEn: text('name_en').notNull().default(''),
    nameFr: text('name_fr').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    descriptionFr: text('description_fr').notNull().default(''),
    slug: text('slug').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('community_categories_slug_unique').on(table.workspaceId, table.slug),
    index('community_categories_workspace_position').on(table.workspaceId, table.position),
  ],
);

/**
 * A question or discussion started by a customer, in one language. Its counters (votes, visible replies, last
 * activity) are kept with it so lists sort without counting. The search vector is computed by the database from
 * the title (weight A) and the body, both languages' stemmers over accent-folded text.
 */
export const communityTopics = pgTable(
  'community_topics',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Per workspace, from 1: the topic's address in the help center. */
    number: integer('number').notNull(),
    categoryId: uuid('category_id').notNull().references(() => communityCategories.id),
    /** Null once the customer has been deleted: the topic stays, by a former member. */
    authorCustomerId: uuid('author_customer_id').references(() => customers.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    /** `en` or `fr`. */
    language: text('language').notNull(),
    /** `open` or `locked` (no new replies). */
    status: text('status').notNull().default('open'),
    isHidden: boolean('is_hidden').notNull().default(false),
    hiddenReason: text('hidden_reason'),
    hiddenByUserId: uuid('hidden_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    hiddenAt: timestampColumn('hidden_at'),
    lockedByUserId: uuid('locked_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    lockedAt: timestampColumn('locked_at'),
    acceptedReplyId: uuid('accepted_reply_id').references((): AnyPgColumn => communityReplies.id, { onDelete: 'set null' }),
    voteScore: integer('vote_score').notNull().default(0),
    /** Replies the public sees (hidden ones are not counted). */
    replyCount: integer('reply_count').notNull().default(0),
    lastActivityAt: timestampColumn('last_activity_at').notNull().defaultNow(),
    convertedTicketId: uuid('converted_ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    convertedTicketNumber: integer('converted_ticket_number'),
    convertedAt: timestampColumn('converted_at'),
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql`setweight(switchboard_search_vector("title"), 'A') || switchboard_search_vector("body")`),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('community_topics_number_unique').on(table.workspaceId, table.number),
    index('community_topics_category_activity').on(table.categoryId, table.lastActivityAt.desc(), table.id.desc()),
    index('community_topics_workspace_activity').on(table.workspaceId, table.lastActivityAt.desc(), table.id.desc()),
    index('community_topics_author').on(table.authorCustomerId),
    index('community_topics_search').using('gin', table.searchVector),
    check('community_topics_status_check', sql`${table.status} IN ('open', 'locked')`),
  ],
);

/** An answer in a topic, by a customer or by staff (shown with a staff badge). */
export const communityReplies = pgTable(
  'community_replies',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id').notNull().references(() => communityTopics.id, { onDelete: 'cascade' }),
    authorCustomerId: uuid('author_customer_id').references(() => customers.id, { onDelete: 'set null' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Markdown. */
    body: text('body').notNull(),
    isHidden: boolean('is_hidden').notNull().default(false),
    hiddenReason: text('hidden_reason'),
    hiddenByUserId: uuid('hidden_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    hiddenAt: timestampColumn('hidden_at'),
    voteScore: integer('vote_score').notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index('community_replies_topic_created').on(table.topicId, table.createdAt, table.id),
    check('community_replies_one_author', sql`${table.authorCustomerId} IS NULL OR ${table.authorUserId} IS NULL`),
  ],
);

/** One customer's up-vote of a topic or of a reply; voting again changes nothing. */
export const communityVotes = pgTable(
  'community_votes',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id').references(() => communityTopics.id, { onDelete: 'cascade' }),
    replyId: uuid('reply_id').references(() => communityReplies.id, { onDelete: 'cascade' }),
    voterCustomerId: uuid('voter_customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('community_votes_topic_voter_unique').on(table.topicId, table.voterCustomerId),
    uniqueIndex('community_votes_reply_voter_unique').on(table.replyId, table.voterCustomerId),
    check('community_votes_one_target', sql`(${table.topicId} IS NULL) <> (${table.replyId} IS NULL)`),
  ],
);
