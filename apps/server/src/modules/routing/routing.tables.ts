import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import type { ConditionNode } from '../automations/rule-conditions.js';
import { businessCalendars } from '../business-hours/business-hours.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { teams, users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/** A skill and a level (1 novice … 5 expert): what an agent has, or what a ticket needs. */
export interface SkillLevel {
  skill: string;
  level: number;
}

/** A routing rule: when its conditions hold for a new ticket, the ticket goes to its team (first active rule in `position` order wins). */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    conditions: jsonb('conditions').$type<ConditionNode>().notNull(),
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    requiredSkills: jsonb('required_skills').$type<SkillLevel[]>().notNull().default([]),
    position: integer('position').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [index('routing_rules_workspace').on(table.workspaceId, table.position)],
);

/**
 * How a team hands out its work. One row per team that has settings (a team without one is `manual`); the
 * round-robin cursor is the member who got the team's last ticket, kept here so that it survives restarts.
 */
export const routingTeamSettings = pgTable('routing_team_settings', {
  teamId: uuid('team_id').primaryKey().references(() => teams.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  strategy: text('strategy').notNull().default('manual'),
  backupTeamId: uuid('backup_team_id').references(() => teams.id, { onDelete: 'set null' }),
  overflowAfterMinutes: integer('overflow_after_minutes'),
  rerouteOfflineAfterMinutes: integer('reroute_offline_after_minutes'),
  roundRobinCursor: uuid('round_robin_cursor'),
  updatedAt: updatedAtColumn(),
});

/** What routing knows of a staff member: skills, how many open tickets they take at once, and the shift they work. */
export const routingAgentProfiles = pgTable('routing_agent_profiles', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  skills: jsonb('skills').$type<SkillLevel[]>().notNull().default([]),
  ticketCapacity: integer('ticket_capacity').notNull(),
  /** A business-hours calendar: outside it the agent gets no new work. */
  shiftCalendarId: uuid('shift_calendar_id').references(() => businessCalendars.id, { onDelete: 'set null' }),
  updatedAt: updatedAtColumn(),
});

/**
 * A ticket's place in routing: the team queue it waits in since when (overflow measures from there), the skills it
 * needs (from its routing rule), and the agent routing gave it (only that assignment may be taken back by a reroute;
 * an assignment by a person is never overridden).
 */
export const routingTickets = pgTable(
  'routing_tickets',
  {
    ticketId: uuid('ticket_id').primaryKey().references(() => tickets.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    queuedAt: timestampColumn('queued_at').notNull(),
    requiredSkills: jsonb('required_skills').$type<SkillLevel[]>().notNull().default([]),
    ruleId: uuid('rule_id').references(() => routingRules.id, { onDelete: 'set null' }),
    routedAssigneeId: uuid('routed_assignee_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (table) => [index('routing_tickets_team').on(table.teamId)],
);
