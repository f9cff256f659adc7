import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../../db/columns.js';
import { comments } from '../../comments/comments.tables.js';
import { tickets } from '../../tickets/tickets.tables.js';
import { users } from '../../users/users.tables.js';
import { workspaces } from '../../workspaces/workspaces.tables.js';
import { emailMessages } from './email.tables.js';

/** One opening interval of a weekday (0 Sunday … 6 Saturday), in the schedule's time zone, `HH:MM`. */
export interface BusinessHoursInterval {
  day: number;
  start: string;
  end: string;
}

/**
 * How a workspace's outgoing mail looks and when it goes out; a workspace without a row has the defaults.
 * The weekly schedule is interim: business-hours calendars (holidays, several schedules) come with SLAs.
 */
export const emailOutboundSettings = pgTable('email_outbound_settings', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  /** `#rrggbb`: the band at the top of HTML mail and its links. */
  accentColor: text('accent_color').notNull(),
  /** The footer under every message, per language (`en`, `fr`). */
  footers: jsonb('footers').$type<Record<string, string>>().notNull().default({}),
  isAutoAcknowledgementEnabled: boolean('is_auto_acknowledgement_enabled').notNull(),
  isResolvedNotificationEnabled: boolean('is_resolved_notification_enabled').notNull(),
  businessHours: jsonb('business_hours').$type<BusinessHoursInterval[]>().notNull(),
  /** IANA time zone of the schedule; null: the workspace's own. */
  timeZone: text('time_zone'),
  updatedAt: updatedAtColumn(),
});

/** A template an admin changed, per kind and language; the others are the built-in wording. */
export const emailTemplates = pgTable(
  'email_templates',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    language: text('language').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAtColumn(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.kind, table.language] })],
);

/**
 * Every email the workspace sends or was to send, and what became of it. The row, its Message-ID and the job
 * that sends it are written in one transaction, so every attempt of that job sends the same Message-ID, and the
 * message is recorded in `email_messages` before it is first handed to the mail server.
 */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    /** The public reply it carries (kind `reply`). */
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    /** `reply`, `auto_acknowledgement`, `auto_acknowledgement_outside_hours`, `resolved`, `chat_transcript`, `nps_survey`. */
    kind: text('kind').notNull(),
    /** What the email is for, once per workspace: the comment id, `acknowledgement:<ticket>`, `resolved:<ticket>:<time>`. */
    sourceKey: text('source_key').notNull(),
    /** Without angle brackets; generated when the email is queued and never changed. */
    messageId: text('message_id').notNull(),
    /** The email as recorded in the thread, once rendered (before the first attempt to send it). */
    emailMessageId: uuid('email_message_id').references(() => emailMessages.id, { onDelete: 'set null' }),
    recipient: text('recipient').notNull(),
    language: text('language').notNull(),
    /** `queued`, `sent`, `failed` or `disabled` (no SMTP_URL); `bounced` is read from the bounce reports. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    jobId: uuid('job_id'),
    sentAt: timestampColumn('sent_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('email_deliveries_source_unique').on(table.workspaceId, table.sourceKey),
    index('email_deliveries_comment').on(table.commentId),
    index('email_deliveries_ticket').on(table.ticketId, table.createdAt),
  ],
);
