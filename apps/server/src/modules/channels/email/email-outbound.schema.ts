import { z } from 'zod';
import { ZOpeningInterval, ZTimeZone } from '../../business-hours/business-hours.schema.js';
import { EMAIL_TEMPLATE_KINDS, TEMPLATE_VARIABLES } from './email-templates.defaults.js';

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed', 'bounced', 'disabled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Said on a reply that could not go out because the server has no outgoing mail server. */
export const NOT_SENT_NO_SMTP = 'not sent: no SMTP_URL (outgoing mail is not configured on the server)';

export const ZEmailDelivery = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  commentId: z.uuid().nullable(),
  kind: z.enum(EMAIL_TEMPLATE_KINDS),
  recipient: z.string(),
  language: z.enum(['en', 'fr']),
  status: z.enum(DELIVERY_STATUSES).describe('`queued` (waiting or retrying), `sent`, `failed` (see lastError), `bounced` (reported back by the recipient\'s server), `disabled` (no SMTP_URL)'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  messageId: z.string().describe('The Message-ID it carries (every attempt the same)'),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TEmailDelivery = z.infer<typeof ZEmailDelivery>;

export const ZBusinessHoursInterval = ZOpeningInterval;

const ZFooters = z.object({ en: z.string().max(2000), fr: z.string().max(2000) });

export const ZEmailOutboundSettings = z.object({
  isSendingEnabled: z.boolean().describe('Whether the server has an outgoing mail server (SMTP_URL); without one nothing is sent'),
  fromAddress: z.string().describe('Mail goes out from the workspace\'s default address; replies come back to a per-ticket reply address'),
  accentColor: z.string(),
  footers: ZFooters.describe('The footer under every message, per language; variables allowed'),
  isAutoAcknowledgementEnabled: z.boolean().describe('Acknowledge each new email ticket (a different text outside business hours)'),
  isResolvedNotificationEnabled: z.boolean().describe('Tell the customer when their ticket is resolved, with a satisfaction link'),
  businessHours: z.array(ZBusinessHoursInterval).describe('Interim weekly schedule (until business-hours calendars arrive with SLAs)'),
  timeZone: z.string().nullable().describe('The schedule\'s time zone; null: the workspace\'s'),
  effectiveTimeZone: z.string(),
});
export type TEmailOutboundSettings = z.infer<typeof ZEmailOutboundSettings>;

export const ZUpdateEmailOutboundSettingsRequest = z
  .object({
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb'),
    footers: ZFooters.partial(),
    isAutoAcknowledgementEnabled: z.boolean(),
    isResolvedNotificationEnabled: z.boolean(),
    businessHours: z.array(ZBusinessHoursInterval).max(28),
    timeZone: ZTimeZone.nullable(),
  })
  .partial()
  .strict();
export type TUpdateEmailOutboundSettingsRequest = z.infer<typeof ZUpdateEmailOutboundSettingsRequest>;

export const ZEmailTemplateKindParams = z.object({ kind: z.enum(EMAIL_TEMPLATE_KINDS) });

const ZTemplateText = z.object({ subject: z.string().trim().min(1).max(500), body: z.string().trim().min(1).max(20_000) }).strict();

export const ZEmailTemplateLanguage = z.object({
  subject: z.string(),
  body: z.string(),
  isCustomised: z.boolean().describe('false: the built-in wording'),
  updatedAt: z.string().nullable(),
});

export const ZEmailTemplate = z.object({
  kind: z.enum(EMAIL_TEMPLATE_KINDS),
  variables: z.array(z.enum(TEMPLATE_VARIABLES)).describe('What `{{…}}` this kind of email can use'),
  en: ZEmailTemplateLanguage,
  fr: ZEmailTemplateLanguage,
});
export type TEmailTemplate = z.infer<typeof ZEmailTemplate>;

export const ZPutEmailTemplateRequest = z
  .object({
    en: ZTemplateText.nullable().describe('null: back to the built-in wording'),
    fr: ZTemplateText.nullable().describe('null: back to the built-in wording'),
  })
  .strict();
export type TPutEmailTemplateRequest = z.infer<typeof ZPutEmailTemplateRequest>;

export const ZPreviewEmailTemplateRequest = z
  .object({
    en: ZTemplateText.optional().describe('A draft to preview instead of the saved English template'),
    fr: ZTemplateText.optional().describe('A draft to preview instead of the saved French template'),
  })
  .strict();
export type TPreviewEmailTemplateRequest = z.infer<typeof ZPreviewEmailTemplateRequest>;

const ZRenderedEmail = z.object({ subject: z.string(), text: z.string(), html: z.string() });
export const ZEmailTemplatePreview = z.object({ kind: z.enum(EMAIL_TEMPLATE_KINDS), en: ZRenderedEmail, fr: ZRenderedEmail });
export type TEmailTemplatePreview = z.infer<typeof ZEmailTemplatePreview>;
