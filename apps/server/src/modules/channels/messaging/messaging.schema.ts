import { z } from 'zod';
import { MESSAGING_PROVIDERS } from './messaging.tables.js';
import { ZWhatsAppInput } from './providers/whatsapp.adapter.js';
import { ZMessengerInput } from './providers/messenger.adapter.js';
import { ZTelegramInput } from './providers/telegram.adapter.js';
import { ZTwilioSmsInput } from './providers/twilio-sms.adapter.js';

export const ZMessagingProvider = z.enum(MESSAGING_PROVIDERS);

const ZChannelName = z.string().trim().min(1).max(120);

/** Connecting an account: the provider, then what that provider needs (secrets are sealed and never shown again). */
export const ZCreateMessagingChannelRequest = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('whatsapp'), name: ZChannelName.optional(), settings: ZWhatsAppInput.strict() }).strict(),
  z.object({ provider: z.literal('messenger'), name: ZChannelName.optional(), settings: ZMessengerInput.strict() }).strict(),
  z.object({ provider: z.literal('telegram'), name: ZChannelName.optional(), settings: ZTelegramInput.strict() }).strict(),
  z.object({ provider: z.literal('sms'), name: ZChannelName.optional(), settings: ZTwilioSmsInput.strict() }).strict(),
]);
export type TCreateMessagingChannelRequest = z.infer<typeof ZCreateMessagingChannelRequest>;

export const ZUpdateMessagingChannelRequest = z
  .object({
    name: ZChannelName.optional(),
    isActive: z.boolean().optional().describe('An inactive channel answers its webhooks with 404 and sends nothing'),
  })
  .strict();
export type TUpdateMessagingChannelRequest = z.infer<typeof ZUpdateMessagingChannelRequest>;

export const ZMessagingChannel = z.object({
  id: z.uuid(),
  provider: ZMessagingProvider,
  name: z.string(),
  externalId: z.string().describe('The provider’s id of the account: phone number id, page id, bot id or phone number'),
  isActive: z.boolean(),
  webhookUrl: z.string().describe('The callback URL to enter at the provider (Telegram’s is registered already)'),
  settings: z.record(z.string(), z.string()).describe('What was configured, secrets left out; `verifyToken` is the one to enter at Meta'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TMessagingChannel = z.infer<typeof ZMessagingChannel>;

export const ZMessagingChannelList = z.object({ data: z.array(ZMessagingChannel) });
export const ZMessagingChannelParams = z.object({ channelId: z.uuid() });

export const ZMessagingMessageStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);

/** A ticket's conversation on a messaging app, for agents: who, through which account, and each message's delivery. */
export const ZTicketMessaging = z.object({
  channel: z.object({ id: z.uuid(), provider: ZMessagingProvider, name: z.string() }),
  contact: z.object({ externalUserId: z.string(), displayName: z.string().nullable(), lastInboundAt: z.string().nullable() }),
  messages: z.array(
    z.object({
      id: z.uuid(),
      commentId: z.uuid().nullable(),
      direction: z.enum(['inbound', 'outbound']),
      status: ZMessagingMessageStatus,
      error: z.string().nullable(),
      externalMessageId: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
});
export type TTicketMessaging = z.infer<typeof ZTicketMessaging>;

/** The event agents' screens hear when a message's delivery state changes. */
export const MESSAGING_MESSAGE_UPDATED = 'messaging.message_updated';
