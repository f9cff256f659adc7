import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { teams, users } from '../users/users.tables.js';
import type { TReportDefinition } from './analytics.schema.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * One row per ticket, kept current by the domain events (ticket, comment, satisfaction and SLA events) in the outbox
 * dispatch: what reports need of a ticket (its dimensions now, its milestones and durations). Applied in the dispatch
 * transaction, so an event changes it exactly once. No foreign key to `tickets`: a deleted ticket's row is removed
 * by its `ticket.deleted` event.
 */
export const analyticsTicketFacts = pgTable(
  'analytics_ticket_facts',
  {
    ticketId: uuid('ticket_id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    createdAt: timestampColumn('created_at').notNull(),
    channel: text('channel').notNull(),
    priority: text('priority').notNull(),
    type: text('type'),
    category: text('category'),
    language: text('language').notNull(),
    teamId: uuid('team_id'),
    assigneeId: uuid('assignee_id'),
    status: text('status').notNull(),
    statusCategory: text('status_category').notNull(),
    /** The first public reply by a person of the team. */
    firstResponseAt: timestampColumn('first_response_at'),
    firstResponseSeconds: integer('first_response_seconds'),
    firstResponseBusinessSeconds: integer('first_response_business_seconds'),
    /** Since when the customer waits for an answer (their message after the last public reply), or null. */
    awaitingSince: timestampColumn('awaiting_since'),
    /** Replies that answered a waiting customer, and the waits they ended (for the average response time). */
    replyCount: integer('reply_count').notNull().default(0),
    replyWaitSeconds: integer('reply_wait_seconds').notNull().default(0),
    replyWaitBusinessSeconds: integer('reply_wait_business_seconds').notNull().default(0),
    /** The latest resolution; cleared when the ticket is reopened. */
    resolvedAt: timestampColumn('resolved_at'),
    resolutionSeconds: integer('resolution_seconds'),
    resolutionBusinessSeconds: integer('resolution_business_seconds'),
    reopenCount: integer('reopen_count').notNull().default(0),
    firstBreachedAt: timestampColumn('first_breached_at'),
    slaBreaches: integer('sla_breaches').notNull().default(0),
    /** The first raise of priority or move to another team after the first assignment, and which it was. */
    escalatedAt: timestampColumn('escalated_at'),
    escalationReason: text('escalation_reason'),
    /** The latest satisfaction rating, 1 to 5. */
    csatRating: integer('csat_rating'),
    ratedAt: timestampColumn('rated_at'),
    /** When the latest satisfaction link was emailed (a chat's rating, asked in its window, is not an offer). */
    surveyOfferedAt: timestampColumn('survey_offered_at'),
    /** Live chats: from the first agent reply to the resolution. */
    handleSeconds: integer('handle_seconds'),
    /** The time of the latest event applied. */
    updatedAt: timestampColumn('updated_at').notNull(),
  },
  // The migration `analytics_covering_indexes` adds the dimensions and measures to these indexes (INCLUDE), so the
  // reports' reads are index-only scans.
  (table) => [
    index('analytics_facts_created').on(table.workspaceId, table.createdAt),
    index('analytics_facts_resolved').on(table.workspaceId, table.resolvedAt).where(sql`resolved_at IS NOT NULL`),
    index('analytics_facts_open').on(table.workspaceId, table.createdAt).where(sql`resolved_at IS NULL`),
    index('analytics_facts_first_response').on(table.workspaceId, table.firstResponseAt).where(sql`first_response_at IS NOT NULL`),
    index('analytics_facts_rated').on(table.workspaceId, table.ratedAt).where(sql`rated_at IS NOT NULL`),
    index('analytics_facts_breached').on(table.workspaceId, table.firstBreachedAt).where(sql`first_breached_at IS NOT NULL`),
    index('analytics_facts_escalated').on(table.workspaceId, table.escalatedAt).where(sql`escalated_at IS NOT NULL`),
    index('analytics_facts_survey_offered').on(table.workspaceId, table.surveyOfferedAt).where(sql`survey_offered_at IS NOT NULL`),
    // An agent's own numbers (and a report filtered by agent) read that agent's facts, not all of the period's.
    index('analytics_facts_assignee').on(table.workspaceId, table.assigneeId).where(sql`assignee_id IS NOT NULL`),
  ],
);

/**
 * Daily counters by channel, priority, language and team (`''` for none), days in the workspace's time zone: the sum
 * of what each ticket's facts contribute, kept by applying the difference a changed fact makes. Period totals and
 * daily series over these dimensions read here instead of the facts.
 */
export const analyticsDailyRollups = pgTable(
  'analytics_daily_rollups',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    priority: text('priority').notNull(),
    language: text('language').notNull(),
    teamKey: text('team_key').notNull(),
    created: integer('created').notNull().default(0),
    resolved: integer('resolved').notNull().default(0),
    resolvedBreached: integer('resolved_breached').notNull().default(0),
    /** Of the tickets created that day: how many are resolved now, and how many were escalated. */
    createdResolved: integer('created_resolved').notNull().default(0),
    createdEscalated: integer('created_escalated').notNull().default(0),
    slaBreaches: integer('sla_breaches').notNull().default(0),
    escalations: integer('escalations').notNull().default(0),
    csatResponses: integer('csat_responses').notNull().default(0),
    csatSum: integer('csat_sum').notNull().default(0),
    csatSatisfied: integer('csat_satisfied').notNull().default(0),
    /** Satisfaction links emailed that day (each ticket's latest), and how many of those are answered now. */
    surveysOffered: integer('surveys_offered').notNull().default(0),
    surveysAnswered: integer('surveys_answered').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.day, table.channel, table.priority, table.language, table.teamKey] })],
);

/** The state of a workspace's analytics: the time zone its days follow, and the last rebuild (dashboards flag one running or failed). */
export const analyticsState = pgTable('analytics_state', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull(),
  /** `idle`, `pending` (existed before analytics: built at the next start), `rebuilding` or `failed`. */
  rebuildStatus: text('rebuild_status').notNull().default('idle'),
  rebuildError: text('rebuild_error'),
  rebuildStartedAt: timestampColumn('rebuild_started_at'),
  rebuildFinishedAt: timestampColumn('rebuild_finished_at'),
});

/** A custom report someone saved: theirs, or shared with one team (its members see and run it). */
export const analyticsSavedReports = pgTable(
  'analytics_saved_reports',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    definition: jsonb('definition').$type<TReportDefinition>().notNull(),
    sharedTeamId: uuid('shared_team_id').references(() => teams.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [index('analytics_saved_reports_workspace').on(table.workspaceId, table.name)],
);

/**
 * A report emailed on a schedule (daily, weekly, monthly: the last whole period, at 07:00 in the workspace's time
 * zone) to staff of the workspace, as seen by its owner (their scope). With a condition it is an alert: sent only
 * when the total of one metric is below or above a threshold.
 */
export const analyticsReportSchedules = pgTable(
  'analytics_report_schedules',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** A standard report's key, or null with `savedReportId`. */
    reportKey: text('report_key'),
    savedReportId: uuid('saved_report_id').references(() => analyticsSavedReports.id, { onDelete: 'cascade' }),
    /** `daily`, `weekly` or `monthly`. */
    frequency: text('frequency').notNull(),
    recipientIds: uuid('recipient_ids').array().notNull(),
    /** `xlsx`, `csv` or `pdf`, attached to the email. */
    format: text('format').notNull(),
    language: text('language').notNull(),
    conditionMetric: text('condition_metric'),
    /** `below` or `above`. */
    conditionOperator: text('condition_operator'),
    conditionThreshold: real('condition_threshold'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    nextRunAt: timestampColumn('next_run_at').notNull(),
    lastRunAt: timestampColumn('last_run_at'),
    /** `sent`, `condition_not_met`, `no_data`, `no_mail_server` or `failed`. */
    lastStatus: text('last_status'),
    lastError: text('last_error'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [index('analytics_report_schedules_due').on(table.nextRunAt).where(sql`is_enabled`), index('analytics_report_schedules_workspace').on(table.workspaceId)],
);
