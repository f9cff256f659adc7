import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, tsvector, updatedAtColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

export const comments = pgTable(
  'comments',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    authorType: text('author_type').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorCustomerId: uuid('author_customer_id').references(() => customers.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    isPublic: boolean('is_public').notNull(),
    mentionedUserIds: uuid('mentioned_user_ids').array().notNull().default([]),
    searchVector: tsvector('search_vector'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index('comments_ticket').on(table.ticketId, table.createdAt),
    index('comments_search').using('gin', table.searchVector),
  ],
);

export const commentRevisions = pgTable(
  'comment_revisions',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').notNull().references(() => comments.id, { onDelete: 'cascade' }),
    previousBody: text('previous_body').notNull(),
    editedByUserId: uuid('edited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (table) => [index('comment_revisions_comment').on(table.commentId, table.createdAt)],
);
