import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, timestampColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * The idempotency key of every background job, written in the transaction that enqueues it: a second
 * enqueue with the same key finds the row and creates nothing. `completed_at` is set in the same
 * transaction as the handler's effect (`context.runOnce`), so a retry after that commit skips the effect.
 * The jobs themselves live in the queue's own schema (`pgboss`).
 */
export const jobIdempotencyKeys = pgTable(
  'job_idempotency_keys',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The definition's name, whatever its version: a new version never repeats what an older one did. */
    jobName: text('job_name').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** The queue (name and version) holding the job, to find it there. */
    queueName: text('queue_name').notNull(),
    jobId: uuid('job_id').notNull(),
    createdAt: createdAtColumn(),
    completedAt: timestampColumn('completed_at'),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.jobName, table.idempotencyKey] }),
    index('job_idempotency_keys_created_at').on(table.createdAt),
  ],
);
