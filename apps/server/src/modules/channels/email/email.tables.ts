import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../../db/columns.js';
import { comments } from '../../comments/comments.tables.js';
import { customers } from '../../customers/customers.tables.js';
import { tickets } from '../../tickets/tickets.tables.js';
import { workspaces } from '../../workspaces/workspaces.tables.js';

/**
 * Support addresses a workspace adds beside its default `<slug>@<MAIL_DOMAIN>` (which is derived, never stored).
 * Unique across workspaces: the address alone decides which workspace a message is for.
 */
export const emailAddresses = pgTable(
  'email_addresses',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('email_addresses_address_unique').on(table.address), index('email_addresses_workspace').on(table.workspaceId)],
);

/** A workspace's mail limits; a workspace without a row has the defaults. */
export const emailSettings = pgTable('email_settings', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  senderHourlyLimit: integer('sender_hourly_limit').notNull(),
  maxMessageBytes: integer('max_message_bytes').notNull(),
  updatedAt: updatedAtColumn(),
});

export interface StoredAddress {
  address: string;
  name: string | null;
}

/**
 * Every message in and out of a workspace's mailboxes. The Message-ID is unique per workspace: a message
 * delivered twice is recognised, and replies find their ticket through In-Reply-To and References. Outbound
 * mail records its Message-ID here too (direction `outbound`), with the comment it carried.
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    direction: text('direction').notNull(),
    /** Without angle brackets, as written by the sender. */
    messageId: text('message_id').notNull(),
    inReplyTo: text('in_reply_to'),
    references: text('references').array().notNull().default([]),
    /** What became of it: a new ticket, a comment, a bounce, or why it was set aside. */
    disposition: text('disposition').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'set null' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name'),
    /** The To and Cc headers; Bcc is never kept. */
    toAddresses: jsonb('to_addresses').$type<StoredAddress[]>().notNull().default([]),
    ccAddresses: jsonb('cc_addresses').$type<StoredAddress[]>().notNull().default([]),
    subject: text('subject').notNull().default(''),
    textBody: text('text_body').notNull().default(''),
    /** Sanitised: only safe formatting, inline images pointing at their stored attachments. */
    htmlBody: text('html_body'),
    attachmentIds: uuid('attachment_ids').array().notNull().default([]),
    /** The message exactly as received, in file storage. */
    rawStorageKey: text('raw_storage_key'),
    rawSizeBytes: integer('raw_size_bytes').notNull().default(0),
    isMalformed: boolean('is_malformed').notNull().default(false),
    /** Outbound only: `bounced` once a delivery status notification names it. */
    deliveryStatus: text('delivery_status'),
    sentAt: timestampColumn('sent_at'),
    receivedAt: timestampColumn('received_at').notNull().defaultNow(),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('email_messages_message_id_unique').on(table.workspaceId, table.messageId),
    index('email_messages_sender_received').on(table.workspaceId, table.fromAddress, table.receivedAt),
    index('email_messages_workspace_received').on(table.workspaceId, table.receivedAt.desc(), table.id.desc()),
    index('email_messages_ticket').on(table.ticketId),
  ],
);

/** People on a ticket's mail thread on the customer side (Cc), besides its requester. */
export const emailCollaborators = pgTable(
  'email_collaborators',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.customerId] }), index('email_collaborators_customer').on(table.customerId)],
);

/** Delivery failures reported back by mail servers, on the customer and, when known, the comment that failed. */
export const emailBounces = pgTable(
  'email_bounces',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** `failed` (permanent) or `delayed` (the server keeps trying), from the report. */
    action: text('action').notNull(),
    status: text('status'),
    diagnostic: text('diagnostic'),
    /** The report itself, as received. */
    reportMessageId: uuid('report_message_id').references(() => emailMessages.id, { onDelete: 'cascade' }),
    /** The outgoing message it reports on, when the report names one we sent. */
    originalMessageId: uuid('original_message_id').references(() => emailMessages.id, { onDelete: 'set null' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index('email_bounces_customer').on(table.workspaceId, table.customerId, table.createdAt),
    index('email_bounces_comment').on(table.commentId),
  ],
);
