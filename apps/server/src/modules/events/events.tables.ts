import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * The outbox: a domain event is written in the same transaction as the change it describes, then
 * dispatched to listeners (webhooks, realtime, analytics). `dispatchedAt` is set once fan-out is durable.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAtColumn(),
    dispatchedAt: timestampColumn('dispatched_at'),
  },
  (table) => [index('outbox_events_pending').on(table.createdAt).where(sql`dispatched_at IS NULL`)],
);
