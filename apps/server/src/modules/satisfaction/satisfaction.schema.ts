import { z } from 'zod';

export const SATISFACTION_LINK_DAYS = 30;
export const MAX_SATISFACTION_COMMENT = 2000;

export const ZTicketSatisfaction = z.object({
  ticketId: z.uuid(),
  state: z.enum(['not_offered', 'offered', 'rated']).describe('`offered`: the link was sent and not answered yet'),
  rating: z.number().int().min(1).max(5).nullable().describe('1 (very unhappy) to 5 (very happy)'),
  comment: z.string().nullable(),
  language: z.enum(['en', 'fr']).nullable(),
  offeredAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('Until then the customer may rate, or change the rating, through the link'),
  ratedAt: z.string().nullable(),
});
export type TTicketSatisfaction = z.infer<typeof ZTicketSatisfaction>;

/** The public page's path parameter, and the form it posts (`application/x-www-form-urlencoded`). */
export const ZSatisfactionToken = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/);
export const ZSatisfactionPageQuery = z.object({ lang: z.enum(['en', 'fr']).optional(), saved: z.literal('1').optional() });
export const ZSatisfactionForm = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(MAX_SATISFACTION_COMMENT).optional().transform((comment) => (comment ? comment : null)),
  lang: z.enum(['en', 'fr']).optional(),
});
export type TSatisfactionForm = z.infer<typeof ZSatisfactionForm>;
