import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

export const customers = pgTable(
  'customers',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    emails: text('emails').array().notNull().default([]),
    phone: text('phone'),
    language: text('language').notNull().default('en'),
    tier: text('tier').notNull().default('free'),
    organization: text('organization'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    /** Values of fields marked sensitive, as one AES-256-GCM envelope; never stored in clear. */
    sensitiveFieldsEncrypted: text('sensitive_fields_encrypted'),
    sensitiveKeyVersion: integer('sensitive_key_version'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index('customers_workspace_created').on(table.workspaceId, table.createdAt, table.id),
    index('customers_phone_digits').on(table.workspaceId, sql`regexp_replace(coalesce(${table.phone}, ''), '[^0-9]', '', 'g')`),
  ],
);

/** A customer's phone as its digits alone; the same expression as the `customers_phone_digits` index. */
export const PHONE_DIGITS = sql`regexp_replace(coalesce(${customers.phone}, ''), '[^0-9]', '', 'g')`;

/** Every address of every customer, unique per workspace: how mail and the API find a customer. */
export const customerEmails = pgTable(
  'customer_emails',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.email] }), index('customer_emails_customer').on(table.customerId)],
);
