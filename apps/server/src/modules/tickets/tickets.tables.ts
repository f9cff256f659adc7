import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, tsvector, updatedAtColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { teams, users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

export const tickets = pgTable(
  'tickets',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').notNull(),
    statusCategory: text('status_category').notNull(),
    priority: text('priority').notNull(),
    type: text('type'),
    category: text('category'),
    tags: text('tags').array().notNull().default([]),
    dueAt: timestampColumn('due_at'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    channel: text('channel').notNull(),
    language: text('language').notNull().default('en'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    mergedIntoId: uuid('merged_into_id'),
    searchVector: tsvector('search_vector'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    resolvedAt: timestampColumn('resolved_at'),
    closedAt: timestampColumn('closed_at'),
  },
  (table) => [
    uniqueIndex('tickets_number_unique').on(table.workspaceId, table.number),
    index('tickets_workspace_created').on(table.workspaceId, table.createdAt.desc(), table.id.desc()),
    // The incremental export reads changes in order.
    index('tickets_workspace_updated').on(table.workspaceId, table.updatedAt, table.id),
    index('tickets_workspace_status_created').on(
      table.workspaceId,
      table.statusCategory,
      table.createdAt.desc(),
      table.id.desc(),
    ),
    index('tickets_workspace_assignee_created').on(table.workspaceId, table.assigneeId, table.createdAt.desc()),
    index('tickets_workspace_team_created').on(table.workspaceId, table.teamId, table.createdAt.desc()),
    index('tickets_customer').on(table.customerId),
    index('tickets_tags').using('gin', table.tags),
    index('tickets_search').using('gin', table.searchVector),
    index('tickets_subject_trgm').using('gin', sql`${table.subject} gin_trgm_ops`),
  ],
);

export const ticketCollaborators = pgTable(
  'ticket_collaborators',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.userId] })],
);

export const ticketLinks = pgTable(
  'ticket_links',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    linkedTicketId: uuid('linked_ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().default('related'),
    createdAt: createdAtColumn(),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.linkedTicketId] }), index('ticket_links_linked').on(table.linkedTicketId)],
);

/** The activity timeline: every change to a ticket, who made it and the old and new values. */
export const ticketActivities = pgTable(
  'ticket_activities',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<Array<{ field: string; from: unknown; to: unknown }>>().notNull().default([]),
    createdAt: createdAtColumn(),
  },
  (table) => [index('ticket_activities_ticket').on(table.ticketId, table.createdAt)],
);
