import { z } from 'zod';

/** The portal's languages: English, and French as written in Québec. */
export const PORTAL_LANGUAGES = ['en', 'fr'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

/** The signed-in customer of a portal page, as other modules (the community forums) see them. */
export interface PortalViewer {
  accountId: string;
  customerId: string;
  workspaceId: string;
  name: string;
  email: string;
  language: PortalLanguage;
}

export const PORTAL_SESSION_COOKIE = 'sb_portal';
/** Where the portal cookie is sent: the help center and the portal pages only, never the staff API. */
export const PORTAL_COOKIE_PATH = '/help';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_NAME_LENGTH = 200;
export const MAX_REPLY_LENGTH = 10_000;
/** Files one reply may carry. */
export const MAX_REPLY_FILES = 5;

const ZEmailField = z.string().trim().toLowerCase().min(1).max(254).pipe(z.email());
const ZPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const ZName = z.string().trim().min(1).max(MAX_NAME_LENGTH);

// ── Forms (application/x-www-form-urlencoded, every value a string) ──────────────────────────────────────────

export const ZPortalSignUpForm = z.object({ name: ZName, email: ZEmailField, password: ZPassword });
export type TPortalSignUpForm = z.infer<typeof ZPortalSignUpForm>;

export const ZPortalSignInForm = z.object({ email: ZEmailField, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
export type TPortalSignInForm = z.infer<typeof ZPortalSignInForm>;

export const ZPortalMagicLinkRequestForm = z.object({ email: ZEmailField });

export const ZPortalMagicLinkQuery = z.object({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/) });

export const ZPortalProfileForm = z.object({
  name: ZName,
  language: z.enum(PORTAL_LANGUAGES),
  // Checkboxes: present ("on") when ticked, absent otherwise.
  notifyOnReply: z.literal('on').optional(),
  notifyOnSolved: z.literal('on').optional(),
});
export type TPortalProfileForm = z.infer<typeof ZPortalProfileForm>;

export const ZPortalPasswordForm = z.object({
  currentPassword: z.string().max(MAX_PASSWORD_LENGTH).optional().default(''),
  newPassword: ZPassword,
});
export type TPortalPasswordForm = z.infer<typeof ZPortalPasswordForm>;

export const ZPortalTicketParams = z.object({
  workspaceSlug: z.string().trim().toLowerCase().min(1).max(60),
  ticketNumber: z.string().regex(/^\d{1,9}$/).transform(Number),
});

export const ZPortalAttachmentParams = ZPortalTicketParams.extend({ attachmentId: z.uuid() });

// ── Staff API ─────────────────────────────────────────────────────────────────────────────────────────────

export const DELETION_REQUEST_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type DeletionRequestStatus = (typeof DELETION_REQUEST_STATUSES)[number];

export const ZDeletionRequest = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string().describe('As the customer was named when asking; the anonymised name once confirmed'),
  customerEmail: z.string().nullable().describe('Null once the data is erased'),
  status: z.enum(DELETION_REQUEST_STATUSES),
  rejectionReason: z.string().nullable(),
  decidedByUserId: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TDeletionRequest = z.infer<typeof ZDeletionRequest>;

export const ZListDeletionRequestsQuery = z.object({
  status: z.enum(DELETION_REQUEST_STATUSES).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListDeletionRequestsQuery = z.infer<typeof ZListDeletionRequestsQuery>;

export const ZDeletionRequestParams = z.object({ requestId: z.uuid() });

export const ZRejectDeletionRequest = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();
