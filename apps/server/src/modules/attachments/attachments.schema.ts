import { z } from 'zod';

export const ZAttachment = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
  ticketId: z.uuid().nullable(),
  commentId: z.uuid().nullable(),
  /** Relative to the API's origin; answers the bytes to anyone allowed to read attachments. */
  downloadUrl: z.string(),
});
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZAttachmentParams = z.object({ attachmentId: z.uuid() });
