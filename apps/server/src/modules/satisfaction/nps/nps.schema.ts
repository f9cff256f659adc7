import { z } from 'zod';
import { ZPageQuery } from '../../../shared/pagination.js';

/** How long an NPS link stays open: the customer may answer, or change the answer, until then. */
export const NPS_LINK_DAYS = 30;
export const MAX_NPS_COMMENT = 2000;

export const DEFAULT_NPS_SETTINGS = { isEnabled: false, intervalDays: 90, recentResolutionDays: 30, isBusinessHoursOnly: true } as const;

export const ZNpsSettings = z.object({
  isEnabled: z.boolean().describe('Off by default: no survey is sent until an admin turns it on'),
  intervalDays: z.number().int().min(1).max(3650).describe('A customer is asked at most once in this many days (default 90)'),
  recentResolutionDays: z.number().int().min(1).max(3650).describe('Only customers with a ticket resolved within this many days are asked (default 30)'),
  isBusinessHoursOnly: z
    .boolean()
    .describe('Send only during the business hours of outgoing mail, in their time zone (Administration → Email); default true'),
  isSendingEnabled: z.boolean().describe('False without SMTP_URL: surveys are recorded but their emails are not sent'),
});
export type TNpsSettings = z.infer<typeof ZNpsSettings>;

export const ZUpdateNpsSettingsRequest = ZNpsSettings.omit({ isSendingEnabled: true }).partial().strict();
export type TUpdateNpsSettingsRequest = z.infer<typeof ZUpdateNpsSettingsRequest>;

export const ZNpsResultsQuery = ZPageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional().describe('Surveys sent from this instant (default: 90 days before `to`)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Surveys sent before this instant (default: now)'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Answers per page'),
});
export type TNpsResultsQuery = z.infer<typeof ZNpsResultsQuery>;

export const ZNpsAnswer = z.object({
  surveyId: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  score: z.number().int().min(0).max(10),
  category: z.enum(['promoter', 'passive', 'detractor']),
  comment: z.string().nullable(),
  language: z.enum(['en', 'fr']),
  sentAt: z.string(),
  answeredAt: z.string(),
});
export type TNpsAnswer = z.infer<typeof ZNpsAnswer>;

export const ZNpsResults = z.object({
  from: z.string(),
  to: z.string(),
  sent: z.number().int().describe('Surveys sent in the period'),
  responses: z.number().int().describe('Of those, the ones answered'),
  responseRate: z.number().min(0).max(1).nullable().describe('responses / sent; null when none was sent'),
  promoters: z.number().int().describe('Answers of 9 or 10'),
  passives: z.number().int().describe('Answers of 7 or 8'),
  detractors: z.number().int().describe('Answers from 0 to 6'),
  score: z.number().min(-100).max(100).nullable().describe('% promoters − % detractors, rounded to one decimal; null without answers'),
  answers: z.object({ data: z.array(ZNpsAnswer), nextCursor: z.string().nullable() }).describe('Answers of the period, latest first'),
});
export type TNpsResults = z.infer<typeof ZNpsResults>;

/** The public page's form (`application/x-www-form-urlencoded`). */
export const ZNpsForm = z.object({
  // An empty field is no score (coercion alone would read it as 0).
  score: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(10)),
  comment: z.string().trim().max(MAX_NPS_COMMENT).optional().transform((comment) => (comment ? comment : null)),
  lang: z.enum(['en', 'fr']).optional(),
});
export type TNpsForm = z.infer<typeof ZNpsForm>;

export function categoryOf(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}
