import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';
import type { OpeningInterval } from './business-calendar.js';

/** A business-hours calendar: weekly opening hours on one wall clock, a public-holiday set and other days closed. */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    intervals: jsonb('intervals').$type<OpeningInterval[]>().notNull(),
    /** A key of `HOLIDAY_SET_KEYS`: its holidays are computed for every year. */
    holidaySet: text('holiday_set'),
    holidays: jsonb('holidays').$type<Array<{ date: string; name: string }>>().notNull().default([]),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('business_calendars_name_unique').on(table.workspaceId, sql`lower(${table.name})`),
    uniqueIndex('business_calendars_one_default').on(table.workspaceId).where(sql`${table.isDefault}`),
  ],
);
