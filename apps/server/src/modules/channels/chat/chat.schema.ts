import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors.js';

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

export const ZChatMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  seq: z.number().int().describe('Position in the conversation, from 1, without gaps'),
  sender: z.enum(['visitor', 'agent']),
  clientMessageId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export type TChatMessage = z.infer<typeof ZChatMessage>;

export const ZChatSettings = z.object({
  preChatForm: ZPreChatForm,
  identitySecret: z.string().describe('Key of the identity-verification HMAC; keep it on your server, never in a page'),
  updatedAt: z.string(),
});
export const ZUpdateChatSettingsRequest = z.object({ preChatForm: ZPreChatForm }).strict();

export const ZMarkChatReadRequest = z.object({ seq: z.number().int().min(0).max(2_147_483_647) }).strict();

// What the widget sends over its socket. Parsed here; the gateway passes them on as `unknown`.
const ZClientMessageId = z.string().trim().min(1).max(100);
const ZMessageBody = z.string().trim().min(1).max(10_000);
export const ZStartConversationRequest = z
  .object({ clientMessageId: ZClientMessageId, body: ZMessageBody, name: ZVisitorName.optional(), email: ZVisitorEmail.optional(), description: z.string().trim().min(1).max(500).optional() })
  .strict();
export type TStartConversationRequest = z.infer<typeof ZStartConversationRequest>;
export const ZSendMessageRequest = z.object({ conversationId: z.uuid(), clientMessageId: ZClientMessageId, body: ZMessageBody }).strict();
export type TSendMessageRequest = z.infer<typeof ZSendMessageRequest>;
export const ZSyncRequest = z.object({ conversationId: z.uuid(), afterSeq: z.number().int().min(0).default(0) }).strict();
export const ZVisitorTypingRequest = z.object({ conversationId: z.uuid(), isTyping: z.boolean() }).strict();
export const ZVisitorReadRequest = z.object({ conversationId: z.uuid(), seq: z.number().int().min(0).max(2_147_483_647) }).strict();

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
}

type Acknowledge<T> = (answer: TWidgetAnswer<T>) => void;
export interface WidgetClientToServerEvents {
  'conversation:start': (request: unknown, acknowledge?: Acknowledge<{ conversation: TChatConversation; message: TChatMessage }>) => void;
  'message:send': (request: unknown, acknowledge?: Acknowledge<{ message: TChatMessage }>) => void;
  sync: (request: unknown, acknowledge?: Acknowledge<{ messages: TChatMessage[] }>) => void;
  typing: (request: unknown, acknowledge?: Acknowledge<object>) => void;
  read: (request: unknown, acknowledge?: Acknowledge<object>) => void;
}
