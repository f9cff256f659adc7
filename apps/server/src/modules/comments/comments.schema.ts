import { z } from 'zod';

export const ZAttachmentSummary = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  downloadUrl: z.string(),
});

/** What became of the email that carries a public reply to the customer (null: the reply is not emailed). */
export const ZCommentEmailDelivery = z
  .object({
    status: z.enum(['queued', 'sent', 'failed', 'bounced', 'disabled']).describe('`queued` while waiting or retrying; `disabled`: not sent, the server has no SMTP_URL'),
    recipient: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable().describe('Why the last attempt failed, or why it was not sent'),
    sentAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .describe('The email to the customer carrying this reply');
export type TCommentEmailDelivery = z.infer<typeof ZCommentEmailDelivery>;

export const ZComment = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  body: z.string(),
  isPublic: z.boolean(),
  authorType: z.enum(['user', 'customer', 'system']),
  authorUserId: z.uuid().nullable(),
  authorCustomerId: z.uuid().nullable(),
  mentionedUserIds: z.array(z.uuid()),
  attachments: z.array(ZAttachmentSummary),
  emailDelivery: ZCommentEmailDelivery.nullable(),
  isEdited: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TComment = z.infer<typeof ZComment>;

export const ZCreateCommentRequest = z
  .object({
    body: z.string().trim().min(1).max(65_000),
    isPublic: z.boolean().default(true).describe('false for an internal note, never shown to the customer'),
    attachmentIds: z.array(z.uuid()).max(20).default([]),
    mentionUserIds: z.array(z.uuid()).max(50).default([]),
  })
  .strict();
export type TCreateCommentRequest = z.infer<typeof ZCreateCommentRequest>;

export const ZUpdateCommentRequest = z.object({ body: z.string().trim().min(1).max(65_000) }).strict();

export const ZCommentRevision = z.object({ id: z.uuid(), previousBody: z.string(), editedByUserId: z.uuid().nullable(), createdAt: z.string() });

export const ZListCommentsQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  visibility: z.enum(['all', 'public', 'internal']).default('all'),
});
