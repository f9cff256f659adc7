import { integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, timestampColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/** First result of a write made with an `Idempotency-Key`; the same key replays it. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestFingerprint: text('request_fingerprint').notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAtColumn(),
    completedAt: timestampColumn('completed_at'),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.key] })],
);
