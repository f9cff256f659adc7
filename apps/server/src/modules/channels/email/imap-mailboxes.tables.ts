import { bigint, boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../../db/columns.js';
import { workspaces } from '../../workspaces/workspaces.tables.js';

/**
 * Mailboxes at another mail server (a hosted inbox, an on-premises Exchange) that the workers poll over IMAP,
 * each message going the way mail received over SMTP goes. The password is sealed with the workspace's data key.
 */
export const imapMailboxes = pgTable(
  'imap_mailboxes',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    /** `tls` (implicit, port 993), `starttls` (upgrade required) or `none` (cleartext, for a server on the same network). */
    security: text('security').notNull(),
    username: text('username').notNull(),
    /** Sealed with the workspace's data key (`v<version>.…`); never answered through the API. */
    passwordEncrypted: text('password_encrypted').notNull(),
    folder: text('folder').notNull().default('INBOX'),
    pollIntervalSeconds: integer('poll_interval_seconds').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    /** The folder's UIDVALIDITY when `last_uid` was read; another value means its UIDs were renumbered. */
    uidValidity: bigint('uid_validity', { mode: 'number' }),
    /** The highest UID handed to ingestion: later polls only read messages above it. */
    lastUid: bigint('last_uid', { mode: 'number' }),
    nextPollAt: timestampColumn('next_poll_at').notNull().defaultNow(),
    /** A poll in progress holds the mailbox until then (a node that dies lets it go when it passes). */
    lockedUntil: timestampColumn('locked_until'),
    /** Which poll holds the mailbox: only that poll may record its outcome. */
    claimToken: uuid('claim_token'),
    lastPollAt: timestampColumn('last_poll_at'),
    /** `ok` or `error`; null before the first poll. */
    lastPollStatus: text('last_poll_status'),
    lastPollErrorCode: text('last_poll_error_code'),
    lastPollMessage: text('last_poll_message'),
    lastPollFetchedCount: integer('last_poll_fetched_count'),
    /** Messages left in the mailbox because they were larger than the workspace takes. */
    lastPollSkippedCount: integer('last_poll_skipped_count'),
    /** Failed polls in a row: each waits longer before the next, so a wrong password does not hammer the server. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('imap_mailboxes_account_unique').on(table.workspaceId, table.host, table.port, table.username, table.folder),
    index('imap_mailboxes_due').on(table.nextPollAt),
  ],
);
