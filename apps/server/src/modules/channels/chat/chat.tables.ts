import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { BusinessHoursInterval } from '../email/email-outbound.tables.js';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../../db/columns.js';
import { comments } from '../../comments/comments.tables.js';
import { customers } from '../../customers/customers.tables.js';
import { tickets } from '../../tickets/tickets.tables.js';
import { workspaces } from '../../workspaces/workspaces.tables.js';

/** Which pre-chat form fields the widget shows: asked and required, asked, or not asked. */
export type PreChatFieldRule = 'required' | 'optional' | 'hidden';
export interface PreChatForm {
  name: PreChatFieldRule;
  email: PreChatFieldRule;
  description: PreChatFieldRule;
}

/**
 * A workspace's live chat settings: the pre-chat form, the identity-verification secret (sealed with its data
 * key), the widget's look, and when chat is open.
 */
export const chatSettings = pgTable('chat_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  preChatForm: jsonb('pre_chat_form').$type<PreChatForm>().notNull(),
  identitySecretSealed: text('identity_secret_sealed').notNull(),
  accentColor: text('accent_color').notNull().default('#1d4ed8'),
  logoUrl: text('logo_url'),
  /** Weekly opening hours in the workspace's time zone; null means chat is open at any hour. */
  businessHours: jsonb('business_hours').$type<BusinessHoursInterval[]>(),
  /** Minutes a chat may wait on its visitor (an agent spoke last) before a warning, then closing; 0 never closes one. */
  inactivityMinutes: integer('inactivity_minutes').notNull().default(10),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

/**
 * A person chatting through the widget. Anonymous visitors are one per browser (resumed with their token);
 * a verified product user is one visitor per external user id, so their history follows them across devices.
 */
export const chatVisitors = pgTable(
  'chat_visitors',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    externalUserId: text('external_user_id'),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('chat_visitors_external_user').on(table.workspaceId, table.externalUserId)],
);

/** One chat = one ticket of channel `chat`; the sequence counter and each side's last-read position live here. */
export const chatConversations = pgTable(
  'chat_conversations',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => chatVisitors.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The client message id of the message that opened it: a resent start finds this conversation again. */
    startClientMessageId: text('start_client_message_id').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    visitorReadSeq: integer('visitor_read_seq').notNull().default(0),
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    /** When the chat ended (the visitor or an agent closed it); a message after that opens it again. */
    closedAt: timestampColumn('closed_at'),
    /** The last message's time, and whether the visitor was warned since that the idle chat will close. */
    lastMessageAt: timestampColumn('last_message_at').notNull().defaultNow(),
    inactivityWarnedAt: timestampColumn('inactivity_warned_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('chat_conversations_ticket').on(table.ticketId),
    uniqueIndex('chat_conversations_start').on(table.visitorId, table.startClientMessageId),
    index('chat_conversations_visitor').on(table.workspaceId, table.visitorId, table.createdAt),
  ],
);

export interface ChatMessageAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** Every public message of a chat, numbered per conversation; each one is also a ticket comment. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => chatConversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'set null' }),
    sender: text('sender').$type<'visitor' | 'agent'>().notNull(),
    /** Set on visitor messages: the widget's own id, so a resend after a reconnect is not stored twice. */
    clientMessageId: text('client_message_id'),
    authorName: text('author_name'),
    body: text('body').notNull(),
    /** The files shared with the message, as the widget shows them. */
    attachments: jsonb('attachments').$type<ChatMessageAttachment[]>().notNull().default([]),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('chat_messages_conversation_seq').on(table.conversationId, table.seq),
    uniqueIndex('chat_messages_client_message').on(table.conversationId, table.clientMessageId),
    uniqueIndex('chat_messages_comment').on(table.commentId),
  ],
);
