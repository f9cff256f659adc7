import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * The satisfaction survey of a ticket: offered when it is resolved (a signed link in the notification), rated
 * by the customer without signing in. One per ticket: a later resolution offers a fresh link, and a second
 * answer replaces the first until the link expires.
 */
export const satisfactionRatings = pgTable(
  'satisfaction_ratings',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** The link's language: the page opens in it. */
    language: text('language').notNull(),
    offeredAt: timestampColumn('offered_at').notNull(),
    /** The link's expiry; it is part of the signed token, so changing it here does not extend a link. */
    expiresAt: timestampColumn('expires_at').notNull(),
    /** 1 (very unhappy) to 5 (very happy); null until the customer answers. */
    rating: integer('rating'),
    comment: text('comment'),
    ratedAt: timestampColumn('rated_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('satisfaction_ratings_ticket_unique').on(table.ticketId), index('satisfaction_ratings_workspace_rated').on(table.workspaceId, table.ratedAt)],
);
