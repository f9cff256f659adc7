import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * Append-only and hash-chained per workspace: each row's hash covers its content and the previous row's
 * hash, so editing or deleting a row breaks the chain from that point on.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAtColumn(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [index('audit_log_workspace').on(table.workspaceId, table.sequence)],
);

/** Alerts shown to a workspace's admins (unknown roles, failed webhooks, lockouts). */
export const alerts = pgTable(
  'alerts',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAtColumn(),
    acknowledgedAt: timestampColumn('acknowledged_at'),
  },
  (table) => [index('alerts_workspace').on(table.workspaceId, table.createdAt)],
);
