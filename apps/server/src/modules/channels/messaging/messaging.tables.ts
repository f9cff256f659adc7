import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../../db/columns.js';
import { comments } from '../../comments/comments.tables.js';
import { customers } from '../../customers/customers.tables.js';
import { tickets } from '../../tickets/tickets.tables.js';
import { workspaces } from '../../workspaces/workspaces.tables.js';

/** The messaging apps a workspace can connect; each is also the channel of the tickets it brings. */
export const MESSAGING_PROVIDERS = ['whatsapp', 'messenger', 'telegram', 'sms'] as const;
export type MessagingProvider = (typeof MESSAGING_PROVIDERS)[number];

/**
 * A connected account of a messaging app: a WhatsApp business number, a Facebook page, a Telegram bot or a
 * Twilio number. `externalId` is the provider's id of it (phone number id, page id, bot id, E.164 number);
 * the credentials (tokens, app secret, webhook secrets) are one envelope sealed with the workspace's data key.
 */
export const messagingChannels = pgTable(
  'messaging_channels',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<MessagingProvider>().notNull(),
    name: text('name').notNull(),
    externalId: text('external_id').notNull(),
    credentialsSealed: text('credentials_sealed').notNull(),
    /** The address the provider reaches us at, as the admin who connected it used it: webhook URL and file links start there. */
    publicBaseUrl: text('public_base_url').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('messaging_channels_external').on(table.workspaceId, table.provider, table.externalId),
    index('messaging_channels_workspace').on(table.workspaceId, table.createdAt),
  ],
);

/** A person writing through a channel (a WhatsApp number, a page-scoped id, a Telegram chat, a phone), and their customer. */
export const messagingContacts = pgTable(
  'messaging_contacts',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => messagingChannels.id, { onDelete: 'cascade' }),
    externalUserId: text('external_user_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    displayName: text('display_name'),
    /** The contact's last message: providers only let a business write freely for a while after it. */
    lastInboundAt: timestampColumn('last_inbound_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('messaging_contacts_external').on(table.channelId, table.externalUserId)],
);

/** One ticket of a messaging channel = one conversation with one contact (first with the bot, when it answers); a contact's next one starts after it closes. */
export const messagingConversations = pgTable(
  'messaging_conversations',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => messagingChannels.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => messagingContacts.id, { onDelete: 'cascade' }),
    /** None while the bot answers (nothing for the team yet); the ticket once it hands over, or from the start without a bot. */
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    /** The bot's conversation with the contact, when the bot answered first. */
    botConversationId: uuid('bot_conversation_id'),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('messaging_conversations_ticket').on(table.ticketId), index('messaging_conversations_contact').on(table.contactId, table.createdAt)],
);

export type MessagingMessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * Every message of a conversation, both ways, with the provider's id: an inbound one is stored once however
 * often the provider retries its webhook; an outbound one (an agent's public reply) carries its delivery state.
 */
export const messagingMessages = pgTable(
  'messaging_messages',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => messagingChannels.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => messagingConversations.id, { onDelete: 'cascade' }),
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
    externalMessageId: text('external_message_id'),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'set null' }),
    /** An outbound message's text as composed when it was queued (the reply, then links to its files). */
    body: text('body'),
    status: text('status').$type<MessagingMessageStatus>().notNull(),
    /** The provider's words when it refused or failed the message. */
    error: text('error'),
    /** What the provider said about the message beyond its state (error code, segments). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    jobId: text('job_id'),
    sentAt: timestampColumn('sent_at'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('messaging_messages_external').on(table.channelId, table.direction, table.externalMessageId),
    uniqueIndex('messaging_messages_comment').on(table.commentId),
    index('messaging_messages_conversation').on(table.conversationId, table.createdAt),
  ],
);
