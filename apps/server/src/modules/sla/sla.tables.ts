import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { businessCalendars } from '../business-hours/business-hours.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';
import type { SlaBreachActions, SlaConditions, SlaTargetsByPriority } from './sla-policies.js';

/**
 * An SLA policy: which tickets it covers (conditions), its targets per priority, the calendar its clocks run on,
 * when to warn, and what to do on a breach. The first active policy by position whose conditions match applies;
 * the default policy (one per workspace, no conditions) covers the rest.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    isDefault: boolean('is_default').notNull().default(false),
    conditions: jsonb('conditions').$type<SlaConditions>().notNull(),
    targets: jsonb('targets').$type<SlaTargetsByPriority>().notNull(),
    /** Null: the clock runs round the clock. */
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
    warningPercent: integer('warning_percent').notNull().default(75),
    breachActions: jsonb('breach_actions').$type<SlaBreachActions>().notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('sla_policies_name_unique').on(table.workspaceId, sql`lower(${table.name})`),
    uniqueIndex('sla_policies_one_default').on(table.workspaceId).where(sql`${table.isDefault}`),
  ],
);

/**
 * One SLA clock of a ticket: first response, next response or resolution. It runs while `running_since` is set,
 * stops counting while the ticket waits on the customer (`elapsed_minutes` keeps what was counted), and ends
 * fulfilled or cancelled. `due_at` and `warn_at` are the moments the running clock reaches its target and its
 * warning share; the SLA sweep fires each once (`warned_at`, `breached_at`).
 */
export const ticketSlaTargets = pgTable(
  'ticket_sla_targets',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    metric: text('metric').notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'set null' }),
    warningPercent: integer('warning_percent').notNull(),
    startedAt: timestampColumn('started_at').notNull(),
    elapsedMinutes: doublePrecision('elapsed_minutes').notNull().default(0),
    runningSince: timestampColumn('running_since'),
    dueAt: timestampColumn('due_at'),
    warnAt: timestampColumn('warn_at'),
    warnedAt: timestampColumn('warned_at'),
    breachedAt: timestampColumn('breached_at'),
    fulfilledAt: timestampColumn('fulfilled_at'),
    cancelledAt: timestampColumn('cancelled_at'),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index('ticket_sla_targets_ticket').on(table.ticketId),
    // One live clock per metric and ticket.
    uniqueIndex('ticket_sla_targets_one_live').on(table.ticketId, table.metric).where(sql`${table.fulfilledAt} is null and ${table.cancelledAt} is null`),
    // The sweep and the "at risk" list read running clocks by due time (the migration `analytics_covering_indexes`
    // adds warn_at and ticket_id to it, so the live dashboard counts from the index alone).
    index('ticket_sla_targets_running_due').on(table.workspaceId, table.dueAt).where(sql`${table.runningSince} is not null and ${table.fulfilledAt} is null and ${table.cancelledAt} is null`),
    index('ticket_sla_targets_pending_breach').on(table.dueAt).where(sql`${table.runningSince} is not null and ${table.breachedAt} is null and ${table.fulfilledAt} is null and ${table.cancelledAt} is null`),
    index('ticket_sla_targets_pending_warning').on(table.warnAt).where(sql`${table.runningSince} is not null and ${table.warnedAt} is null and ${table.fulfilledAt} is null and ${table.cancelledAt} is null`),
  ],
);
