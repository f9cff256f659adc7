import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn } from '../../db/columns.js';
import { comments } from '../comments/comments.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

export const attachments = pgTable(
  'attachments',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedByType: text('uploaded_by_type').notNull(),
    uploadedById: uuid('uploaded_by_id'),
    createdAt: createdAtColumn(),
  },
  (table) => [index('attachments_comment').on(table.commentId), index('attachments_ticket').on(table.ticketId)],
);
