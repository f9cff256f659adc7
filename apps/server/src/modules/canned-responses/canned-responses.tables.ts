import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { teams, users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';
import type { CannedResponseChanges } from './canned-responses.schema.js';

/**
 * A canned response (macro): a reply an agent inserts with one choice, in English and in French, with the ticket
 * changes that go with it. Personal ones belong to their owner; shared ones are for the whole workspace, or for
 * one team's members when `team_id` is set.
 */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category'),
    bodyEn: text('body_en').notNull().default(''),
    bodyFr: text('body_fr').notNull().default(''),
    /** `personal` or `shared`. */
    visibility: text('visibility').notNull(),
    /** The owner of a personal one; null for a shared one. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    /** A shared one limited to this team's members; null: the whole workspace. Gone with its team. */
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    changes: jsonb('changes').$type<CannedResponseChanges>().notNull(),
    usageCount: integer('usage_count').notNull().default(0),
    lastUsedAt: timestampColumn('last_used_at'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [index('canned_responses_workspace').on(table.workspaceId, table.visibility), index('canned_responses_owner').on(table.ownerId)],
);
