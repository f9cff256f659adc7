import { boolean, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';

export const workspaces = pgTable('workspaces', {
  id: idColumn(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  plan: text('plan').notNull().default('basic'),
  defaultLanguage: text('default_language').notNull().default('en'),
  timeZone: text('time_zone').notNull().default('UTC'),
  ticketCategories: jsonb('ticket_categories').$type<string[]>().notNull(),
  nextTicketNumber: integer('next_ticket_number').notNull().default(1001),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

/** Per-workspace data keys, wrapped by the master key. One is active; older ones stay to decrypt old rows. */
export const workspaceKeys = pgTable(
  'workspace_keys',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    createdAt: createdAtColumn(),
    retiredAt: timestampColumn('retired_at'),
  },
  (table) => [uniqueIndex('workspace_keys_version_unique').on(table.workspaceId, table.version)],
);

/** Workspace-defined statuses; each maps to one built-in category that every rule and report uses. */
export const ticketStatuses = pgTable(
  'ticket_statuses',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    category: text('category').notNull(),
    /** Archived: no longer set on tickets; tickets already in it keep it. */
    isArchived: boolean('is_archived').notNull().default(false),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('ticket_statuses_key_unique').on(table.workspaceId, table.key)],
);

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    entity: text('entity').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    /** Help shown beside the field in forms. */
    description: text('description'),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    isRequired: boolean('is_required').notNull().default(false),
    isSensitive: boolean('is_sensitive').notNull().default(false),
    /** Archived: left out of forms and refused in new writes; values already stored are kept. */
    isArchived: boolean('is_archived').notNull().default(false),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('custom_field_definitions_key_unique').on(table.workspaceId, table.entity, table.key)],
);
