import { boolean, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../../db/columns.js';
import { customers } from '../../customers/customers.tables.js';
import { tickets } from '../../tickets/tickets.tables.js';
import { workspaces } from '../../workspaces/workspaces.tables.js';

/** A workspace's NPS survey schedule; a workspace without a row sends none (the survey is off by default). */
export const npsSettings = pgTable('nps_settings', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  isEnabled: boolean('is_enabled').notNull(),
  /** A customer is asked at most once in this many days. */
  intervalDays: integer('interval_days').notNull(),
  /** Only customers with a ticket resolved within this many days are asked. */
  recentResolutionDays: integer('recent_resolution_days').notNull(),
  /** Surveys go out only during the business hours of outgoing mail (in their time zone). */
  isBusinessHoursOnly: boolean('is_business_hours_only').notNull(),
  updatedAt: updatedAtColumn(),
});

/**
 * One NPS survey sent to a customer: "how likely are you to recommend us?", 0 to 10, answered through a signed link
 * without signing in. The email goes out about the customer's latest resolved ticket (its thread holds the message);
 * the answer may be changed until the link expires.
 */
export const npsSurveys = pgTable(
  'nps_surveys',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    /** The resolved ticket that made the customer eligible. */
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** The link's language: the page opens in it. */
    language: text('language').notNull(),
    sentAt: timestampColumn('sent_at').notNull(),
    /** Part of the signed token, so changing it here does not extend a link. */
    expiresAt: timestampColumn('expires_at').notNull(),
    /** 0 (not at all likely) to 10 (extremely likely); null until the customer answers. */
    score: integer('score'),
    comment: text('comment'),
    answeredAt: timestampColumn('answered_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index('nps_surveys_customer_sent').on(table.workspaceId, table.customerId, table.sentAt),
    index('nps_surveys_workspace_sent').on(table.workspaceId, table.sentAt),
  ],
);
