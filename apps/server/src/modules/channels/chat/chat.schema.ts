import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors.js';
import { ZBusinessHoursInterval } from '../email/email-outbound.schema.js';

/** The widget's Socket.IO namespace, on the same server and path as the agents' connections. */
export const WIDGET_NAMESPACE = '/widget';
/** Each visitor's sockets (all their tabs and devices) share one room in the widget namespace. */
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;

const ZPreChatFieldRule = z.enum(['required', 'optional', 'hidden']);
export const ZPreChatForm = z
  .object({
    name: ZPreChatFieldRule.describe('Whether the widget asks the visitor’s name'),
    email: ZPreChatFieldRule.describe('Whether the widget asks the visitor’s email'),
    description: ZPreChatFieldRule.describe('Whether the widget asks a short description before the chat starts'),
  })
  .strict();
export type TPreChatForm = z.infer<typeof ZPreChatForm>;

const ZVisitorName = z.string().trim().min(1).max(200);
const ZVisitorEmail = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));

export const ZWidgetParams = z.object({ workspaceSlug: z.string().trim().min(1).max(60) });

export const ZStartSessionRequest = z
  .object({
    visitorToken: z.string().max(300).optional().describe('The token of an earlier session, to resume it (anonymous visitors)'),
    identity: z
      .object({
        userId: z.string().trim().min(1).max(200).describe('The signed-in user’s id in your product'),
        userHash: z.string().trim().regex(/^[0-9a-fA-F]{64}$/).describe('Hex HMAC-SHA256 of userId under the workspace’s identity secret, computed on your server'),
      })
      .strict()
      .optional(),
    name: ZVisitorName.optional(),
    email: ZVisitorEmail.optional(),
    language: z.enum(['en', 'fr']).optional(),
  })
  .strict();
export type TStartSessionRequest = z.infer<typeof ZStartSessionRequest>;

export const ZChatConversation = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  lastSeq: z.number().int(),
  visitorReadSeq: z.number().int(),
  agentReadSeq: z.number().int(),
  closedAt: z.string().nullable().describe('When the chat was closed; a new message opens it again'),
  createdAt: z.string(),
});
export type TChatConversation = z.infer<typeof ZChatConversation>;

export const ZVisitorSession = z.object({
  visitorToken: z.string().describe('Send as `auth: { token }` when connecting to the `/widget` namespace; keep it to resume'),
  visitorId: z.uuid(),
  customerId: z.uuid().nullable(),
  isIdentified: z.boolean().describe('true when the session was opened with a verified identity'),
  preChatForm: ZPreChatForm,
  conversations: z.array(ZChatConversation).describe('The visitor’s chats, newest first (history of a returning visitor)'),
});
export type TVisitorSession = z.infer<typeof ZVisitorSession>;

export const ZChatFile = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  signature: z.string().describe('Fetch the file at `/api/v1/widget/{workspaceSlug}/files/{id}?signature=…`'),
});
export type TChatFile = z.infer<typeof ZChatFile>;
export const ZChatFileParams = z.object({ workspaceSlug: z.string().trim().min(1).max(60), attachmentId: z.uuid() });
export const ZChatFileQuery = z.object({ signature: z.string().min(1).max(100) }).strict();

export const ZChatMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  seq: z.number().int().describe('Position in the conversation, from 1, without gaps'),
  sender: z.enum(['visitor', 'agent']),
  clientMessageId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  attachments: z.array(ZChatFile),
  createdAt: z.string(),
});
export type TChatMessage = z.infer<typeof ZChatMessage>;

const ZAccentColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB').describe('The widget’s main colour, #RRGGBB');
const ZLogoUrl = z.url({ protocol: /^https?$/ }).max(2000).nullable().describe('An image shown in the widget’s header (https or http address), or null');
const ZChatBusinessHours = z.array(ZBusinessHoursInterval).max(28).nullable().describe('Weekly opening hours in the workspace’s time zone; null: open at any hour');

const ZInactivityMinutes = z.number().int().min(0).max(1440).describe('Minutes a chat may wait on its visitor after an agent’s message before a warning, then closing 2 minutes later; 0: never');

export const ZChatSettings = z.object({
  preChatForm: ZPreChatForm,
  identitySecret: z.string().describe('Key of the identity-verification HMAC; keep it on your server, never in a page'),
  accentColor: ZAccentColor,
  logoUrl: ZLogoUrl,
  businessHours: ZChatBusinessHours,
  inactivityMinutes: ZInactivityMinutes,
  updatedAt: z.string(),
});
export const ZUpdateChatSettingsRequest = z
  .object({
    preChatForm: ZPreChatForm.optional(),
    accentColor: ZAccentColor.optional(),
    logoUrl: ZLogoUrl.optional(),
    businessHours: ZChatBusinessHours.optional(),
    inactivityMinutes: ZInactivityMinutes.optional(),
  })
  .strict();
export type TUpdateChatSettingsRequest = z.infer<typeof ZUpdateChatSettingsRequest>;

/** Why the widget offers to leave a message instead of a live chat. */
export const OFFLINE_REASONS = ['outside_business_hours', 'no_agent_online'] as const;

export const ZWidgetConfig = z.object({
  workspaceName: z.string(),
  defaultLanguage: z.enum(['en', 'fr']),
  accentColor: ZAccentColor,
  logoUrl: ZLogoUrl,
  preChatForm: ZPreChatForm,
  isOnline: z.boolean().describe('Whether an agent can answer now: within opening hours and at least one agent online'),
  offlineReason: z.enum(OFFLINE_REASONS).nullable(),
  bot: z
    .object({ isEnabled: z.boolean().describe('Whether the bot answers first'), greeting: z.object({ en: z.string(), fr: z.string() }) })
    .describe('The bot that answers before a person: its greeting in both languages'),
});
export type TWidgetConfig = z.infer<typeof ZWidgetConfig>;

export const ZWidgetBotRequest = z
  .object({
    visitorToken: z.string().min(1).max(300).describe('The visitor’s token (from a session)'),
    question: z.string().trim().min(1).max(2000),
    conversationId: z.uuid().optional().describe('The bot conversation this message continues'),
    language: z.enum(['en', 'fr']).optional().describe('The widget’s language; detected from the message when not given'),
  })
  .strict();
export type TWidgetBotRequest = z.infer<typeof ZWidgetBotRequest>;

export const ZOfflineMessageRequest = z
  .object({
    visitorToken: z.string().max(300).optional().describe('The visitor’s token, when they have one: the message joins their history'),
    name: ZVisitorName.optional(),
    email: ZVisitorEmail.describe('Where the answer is sent'),
    body: z.string().trim().min(1).max(10_000),
    language: z.enum(['en', 'fr']).optional(),
  })
  .strict();
export type TOfflineMessageRequest = z.infer<typeof ZOfflineMessageRequest>;
export const ZOfflineMessage = z.object({ ticketId: z.uuid(), ticketNumber: z.number().int() });

export const ZCallbackRequest = z
  .object({
    visitorToken: z.string().max(300).optional().describe('The visitor’s token: the request is theirs, and names their chat'),
    conversationId: z.uuid().optional().describe('The chat the visitor was in, if any'),
    name: ZVisitorName.optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ().-]{7,30}$/, 'a phone number').refine((phone) => phone.replace(/\D/g, '').length >= 7, 'a phone number'),
    preferredTime: z.string().trim().max(200).optional().describe('When to call, in the visitor’s words'),
    note: z.string().trim().max(2000).optional(),
    language: z.enum(['en', 'fr']).optional(),
  })
  .strict();
export type TCallbackRequest = z.infer<typeof ZCallbackRequest>;

export const ZMarkChatReadRequest = z.object({ seq: z.number().int().min(0).max(2_147_483_647) }).strict();

// What the widget sends over its socket. Parsed here; the gateway passes them on as `unknown`.
const ZClientMessageId = z.string().trim().min(1).max(100);
const ZMessageBody = z.string().trim().min(1).max(10_000);
export const ZStartConversationRequest = z
  .object({ clientMessageId: ZClientMessageId, body: ZMessageBody, name: ZVisitorName.optional(), email: ZVisitorEmail.optional(), description: z.string().trim().min(1).max(500).optional() })
  .strict();
export type TStartConversationRequest = z.infer<typeof ZStartConversationRequest>;
/** At most this many files in one message. */
export const MAX_FILES_PER_MESSAGE = 5;
export const ZSendMessageRequest = z
  .object({
    conversationId: z.uuid(),
    clientMessageId: ZClientMessageId,
    body: z.string().trim().max(10_000).default(''),
    attachmentIds: z.array(z.uuid()).max(MAX_FILES_PER_MESSAGE).default([]).describe('Files uploaded with POST /widget/{slug}/attachments'),
  })
  .strict()
  .refine((message) => message.body.length > 0 || message.attachmentIds.length > 0, { path: ['body'], message: 'a message needs text or a file' });
export type TSendMessageRequest = z.infer<typeof ZSendMessageRequest>;
export const ZSyncRequest = z.object({ conversationId: z.uuid(), afterSeq: z.number().int().min(0).default(0) }).strict();
export const ZVisitorTypingRequest = z.object({ conversationId: z.uuid(), isTyping: z.boolean() }).strict();
export const ZVisitorReadRequest = z.object({ conversationId: z.uuid(), seq: z.number().int().min(0).max(2_147_483_647) }).strict();
export const ZCloseConversationRequest = z.object({ conversationId: z.uuid() }).strict();
export const ZRateConversationRequest = z.object({ conversationId: z.uuid(), rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() }).strict();
export type TRateConversationRequest = z.infer<typeof ZRateConversationRequest>;

/** The visitor asks for the chat's transcript by email: to the address given, or to their customer's. */
export const ZEmailTranscriptRequest = z.object({ conversationId: z.uuid(), email: ZVisitorEmail.optional() }).strict();
export type TEmailTranscriptRequest = z.infer<typeof ZEmailTranscriptRequest>;

/** Why a chat ended: the visitor ended it, an agent solved its ticket, or it stayed idle. */
export type ChatClosedReason = 'visitor' | 'resolved' | 'inactivity';

export type TWidgetAnswer<T> = ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export interface TTypingMessage {
  conversationId: string;
  isTyping: boolean;
}
export interface TReadMessage {
  conversationId: string;
  seq: number;
}

/** What the server sends to a visitor's sockets. */
export interface WidgetServerToClientEvents {
  message: (message: TChatMessage) => void;
  typing: (typing: TTypingMessage) => void;
  read: (read: TReadMessage) => void;
  closed: (closed: { conversationId: string; reason: ChatClosedReason }) => void;
  inactivity: (warning: { conversationId: string; closesInMinutes: number }) => void;
  queue: (place: { conversationId: string; position: number }) => void;
  agent: (agent: { conversationId: string; name: string }) => void;
}

type Acknowledge<T> = (answer: TWidgetAnswer<T>) => void;
export interface WidgetClientToServerEvents {
  'conversation:start': (request: unknown, acknowledge?: Acknowledge<{ conversation: TChatConversation; message: TChatMessage }>) => void;
  'message:send': (request: unknown, acknowledge?: Acknowledge<{ message: TChatMessage }>) => void;
  sync: (request: unknown, acknowledge?: Acknowledge<{ messages: TChatMessage[] }>) => void;
  typing: (request: unknown, acknowledge?: Acknowledge<object>) => void;
  read: (request: unknown, acknowledge?: Acknowledge<object>) => void;
  'conversation:close': (request: unknown, acknowledge?: Acknowledge<{ conversation: TChatConversation }>) => void;
  rate: (request: unknown, acknowledge?: Acknowledge<object>) => void;
  'transcript:email': (request: unknown, acknowledge?: Acknowledge<{ recipient: string; status: 'queued' | 'disabled' }>) => void;
}
