import { z } from 'zod';
import { ZAttachmentSummary } from '../../comments/comments.schema.js';
import { ZEmail } from '../../users/users.schema.js';

export const DEFAULT_SENDER_HOURLY_LIMIT = 20;
export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** The largest message any workspace may accept; the receiver advertises it (SMTP SIZE). */
export const MAX_MESSAGE_BYTES_CEILING = 50 * 1024 * 1024;

export const DISPOSITIONS = ['ticket_created', 'comment_added', 'bounce', 'ignored_automated', 'throttled', 'sent'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const ZEmailSettings = z.object({
  defaultAddress: z.string().describe('`<workspace slug>@<MAIL_DOMAIN>`: always a support address of the workspace'),
  mailDomain: z.string(),
  senderHourlyLimit: z.number().int().describe('Messages one sender may turn into tickets or replies per hour; beyond it mail is kept but not ticketed'),
  maxMessageBytes: z.number().int().describe('Larger messages are refused during the SMTP transaction (552)'),
});
export type TEmailSettings = z.infer<typeof ZEmailSettings>;

export const ZUpdateEmailSettingsRequest = z
  .object({
    senderHourlyLimit: z.number().int().min(1).max(100_000),
    maxMessageBytes: z.number().int().min(1024).max(MAX_MESSAGE_BYTES_CEILING),
  })
  .partial()
  .strict();
export type TUpdateEmailSettingsRequest = z.infer<typeof ZUpdateEmailSettingsRequest>;

export const ZSupportAddress = z.object({
  address: z.string(),
  isDefault: z.boolean().describe('The `<slug>@<MAIL_DOMAIN>` address: listed always, never deleted'),
  createdAt: z.string().nullable(),
});
export type TSupportAddress = z.infer<typeof ZSupportAddress>;

export const ZCreateSupportAddressRequest = z
  .object({
    address: ZEmail.refine((address) => !address.split('@')[0]!.includes('+'), 'no "+" in the address: the part after it is a reply token'),
  })
  .strict();

/** Any address shape: the default address is at MAIL_DOMAIN, which may be `localhost`. */
export const ZSupportAddressParams = z.object({ address: z.string().trim().toLowerCase().max(254).regex(/^[^@\s]+@[^@\s]+$/, 'an email address') });

const ZMailbox = z.object({ address: z.string(), name: z.string().nullable() });

export const ZEmailMessage = z.object({
  id: z.uuid(),
  direction: z.enum(['inbound', 'outbound']),
  messageId: z.string().describe('The Message-ID header, without angle brackets'),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  disposition: z.enum(DISPOSITIONS).describe('What became of the message'),
  ticketId: z.uuid().nullable(),
  commentId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  from: ZMailbox,
  to: z.array(ZMailbox),
  cc: z.array(ZMailbox),
  subject: z.string(),
  text: z.string().describe('The whole plain-text body, quoted history included'),
  html: z.string().nullable().describe('The HTML body, sanitised'),
  attachments: z.array(ZAttachmentSummary),
  rawDownloadUrl: z.string().nullable().describe('The original message (.eml), as received'),
  rawSizeBytes: z.number().int(),
  isMalformed: z.boolean().describe('The MIME structure was broken; the text is what could be read'),
  deliveryStatus: z.string().nullable(),
  sentAt: z.string().nullable(),
  receivedAt: z.string(),
});
export type TEmailMessage = z.infer<typeof ZEmailMessage>;

export const ZListEmailMessagesQuery = z.object({
  ticketId: z.uuid().optional(),
  disposition: z.enum(DISPOSITIONS).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListEmailMessagesQuery = z.infer<typeof ZListEmailMessagesQuery>;

export const ZEmailMessageParams = z.object({ messageId: z.uuid() });

/** A message of a ticket's thread, without its bodies: what the ticket page shows beside the text it became. */
export const ZTicketEmailMessage = z.object({
  id: z.uuid().describe('The email message; `GET /api/v1/email/messages/{id}` answers its whole text and sanitised HTML'),
  direction: z.enum(['inbound', 'outbound']),
  disposition: z.enum(DISPOSITIONS).describe('`ticket_created`: the message that opened the ticket (its new part is the description)'),
  commentId: z.uuid().nullable().describe('The comment the message became (inbound) or carried (outbound); null for the opening message'),
  from: ZMailbox,
  to: z.array(ZMailbox),
  cc: z.array(ZMailbox),
  subject: z.string(),
  hasHtml: z.boolean().describe('The message has an HTML body (sanitised), shown as its formatted version'),
  attachments: z.array(ZAttachmentSummary).describe('Files and inline images of the message'),
  rawDownloadUrl: z.string().nullable().describe('The original message (.eml), as received'),
  rawSizeBytes: z.number().int(),
  isMalformed: z.boolean(),
  receivedAt: z.string(),
});
export type TTicketEmailMessage = z.infer<typeof ZTicketEmailMessage>;

/** A ticket's thread lists at most this many messages, the newest. */
export const MAX_TICKET_THREAD_MESSAGES = 1000;

export const ZTicketEmailThread = z.object({
  ticketId: z.uuid(),
  replyAddress: z.string().describe('`<slug>+<token>@<MAIL_DOMAIN>`: mail to it lands on this ticket'),
  collaborators: z.array(z.object({ customerId: z.uuid(), email: z.string(), name: z.string(), addedAt: z.string() })),
  messages: z.array(ZTicketEmailMessage).describe(`The ticket's messages in and out, oldest first (the newest ${MAX_TICKET_THREAD_MESSAGES} at most), each with the comment it belongs to`),
});
export type TTicketEmailThread = z.infer<typeof ZTicketEmailThread>;

export const ZEmailBounce = z.object({
  id: z.uuid(),
  recipient: z.string(),
  customerId: z.uuid().nullable(),
  action: z.string().describe('`failed` or `delayed`'),
  status: z.string().nullable().describe('The enhanced status code, e.g. 5.1.1'),
  diagnostic: z.string().nullable(),
  reportMessageId: z.uuid().nullable().describe('The email message holding the report'),
  originalMessageId: z.uuid().nullable().describe('The outgoing email message that bounced, when the report names one'),
  ticketId: z.uuid().nullable(),
  commentId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type TEmailBounce = z.infer<typeof ZEmailBounce>;

export const ZListEmailBouncesQuery = z.object({
  customerId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  commentId: z.uuid().optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListEmailBouncesQuery = z.infer<typeof ZListEmailBouncesQuery>;
