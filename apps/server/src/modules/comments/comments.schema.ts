import { z } from 'zod';

export const ZAttachmentSummary = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  downloadUrl: z.string(),
});

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
