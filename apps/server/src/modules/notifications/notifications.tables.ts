import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn } from '../../db/columns.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

export const notifications = pgTable(
  'notifications',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    ticketId: uuid('ticket_id'),
    commentId: uuid('comment_id'),
    actorUserId: uuid('actor_user_id'),
    createdAt: createdAtColumn(),
    readAt: timestampColumn('read_at'),
  },
  (table) => [index('notifications_user').on(table.userId, table.createdAt)],
);
