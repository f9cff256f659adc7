import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/**
 * A customer's sign-in to the portal of one workspace. Created only once its address is proven (the first magic
 * link used), so an account always belongs to whoever reads that inbox. Closed (not deleted) after an erasure.
 */
export const portalAccounts = pgTable(
  'portal_accounts',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    /** Lower-case; the address the magic links go to. Cleared when the account is closed. */
    email: text('email'),
    /** argon2id; null for an account that signs in by magic link only. */
    passwordHash: text('password_hash'),
    /** `en` or `fr`: the portal's pages and emails. */
    language: text('language').notNull().default('en'),
    isReplyEmailEnabled: boolean('is_reply_email_enabled').notNull().default(true),
    isSolvedEmailEnabled: boolean('is_solved_email_enabled').notNull().default(true),
    emailVerifiedAt: timestampColumn('email_verified_at').notNull(),
    lastSignInAt: timestampColumn('last_sign_in_at'),
    closedAt: timestampColumn('closed_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('portal_accounts_email').on(table.workspaceId, table.email).where(sql`${table.closedAt} is null`),
    uniqueIndex('portal_accounts_customer').on(table.workspaceId, table.customerId).where(sql`${table.closedAt} is null`),
  ],
);

/** Portal sessions; the `sb_portal` cookie carries a random secret whose SHA-256 is the key here. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    id: idColumn(),
    tokenHash: text('token_hash').notNull().unique(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull().references(() => portalAccounts.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
    expiresAt: timestampColumn('expires_at').notNull(),
    revokedAt: timestampColumn('revoked_at'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (table) => [index('portal_sessions_account').on(table.accountId)],
);

/**
 * Magic links: single use, stored as SHA-256, short-lived. A sign-up's link carries the name and the password
 * chosen (hashed), applied only when the link is used, so nobody can set the password of an address they cannot read.
 */
export const portalSignInLinks = pgTable(
  'portal_sign_in_links',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    /** `sign_in` (an account exists) or `sign_up` (the account is created when the link is used). */
    purpose: text('purpose').notNull(),
    pendingName: text('pending_name'),
    pendingPasswordHash: text('pending_password_hash'),
    language: text('language').notNull(),
    createdAt: createdAtColumn(),
    expiresAt: timestampColumn('expires_at').notNull(),
    usedAt: timestampColumn('used_at'),
  },
  (table) => [index('portal_sign_in_links_email').on(table.workspaceId, table.email, table.createdAt)],
);

/** A customer's request to erase their data; an admin confirms (the data is erased) or rejects it with a reason. */
export const portalDeletionRequests = pgTable(
  'portal_deletion_requests',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull().references(() => portalAccounts.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    /** `pending`, `confirmed` or `rejected`. */
    status: text('status').notNull().default('pending'),
    /** Who asked, as shown to the admins until the erasure (then the customer's anonymised name). */
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email'),
    rejectionReason: text('rejection_reason'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestampColumn('decided_at'),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index('portal_deletion_requests_workspace').on(table.workspaceId, table.createdAt, table.id),
    uniqueIndex('portal_deletion_requests_pending').on(table.workspaceId, table.accountId).where(sql`${table.status} = 'pending'`),
  ],
);
