import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../db/columns.js';
import { tickets } from '../tickets/tickets.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';
import type { ConditionNode } from './rule-conditions.js';
import type { TRuleAction } from './automations.schema.js';

/** An automation rule: on a trigger, when its conditions hold, its actions run, in `position` order with the others. */
export const automationRules = pgTable(
  'automation_rules',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    triggers: text('triggers').array().notNull(),
    conditions: jsonb('conditions').$type<ConditionNode>().notNull(),
    actions: jsonb('actions').$type<TRuleAction[]>().notNull(),
    position: integer('position').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    isStopProcessing: boolean('is_stop_processing').notNull().default(false),
    /** The shipped rule this row is (`escalation.keywords`, …); null for an admin's own. */
    builtIn: text('built_in'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index('automation_rules_workspace').on(table.workspaceId, table.position),
    uniqueIndex('automation_rules_built_in_unique').on(table.workspaceId, table.builtIn).where(sql`${table.builtIn} is not null`),
  ],
);

/**
 * Each time a rule ran: `transaction_id` names the rule and what it ran for (an event id, or a ticket and the moment
 * a time condition measures from) and is unique, so a redelivered event or a retried sweep never applies it twice.
 */
export const automationRuns = pgTable(
  'automation_runs',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ruleId: uuid('rule_id').notNull().references(() => automationRules.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    transactionId: text('transaction_id').notNull(),
    actions: jsonb('actions').$type<string[]>().notNull(),
    outcome: text('outcome').notNull(),
    error: text('error'),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('automation_runs_transaction_unique').on(table.transactionId), index('automation_runs_ticket_created').on(table.ticketId, table.createdAt)],
);
