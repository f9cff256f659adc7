import { z } from 'zod';
import { SORTS, ZTicketFilters } from '../tickets/tickets.schema.js';

export const ZSavedView = z.object({
  id: z.uuid(),
  name: z.string(),
  visibility: z.enum(['personal', 'shared']),
  ownerId: z.uuid(),
  filters: z.record(z.string(), z.unknown()),
  sort: z.enum(SORTS),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSavedView = z.infer<typeof ZSavedView>;

export const ZCreateViewRequest = z
  .object({
    name: z.string().trim().min(1).max(80),
    visibility: z.enum(['personal', 'shared']).default('personal'),
    filters: ZTicketFilters.strict(),
    sort: z.enum(SORTS).default('-createdAt'),
  })
  .strict();
export type TCreateViewRequest = z.infer<typeof ZCreateViewRequest>;

export const ZUpdateViewRequest = z
  .object({ name: z.string().trim().min(1).max(80), visibility: z.enum(['personal', 'shared']), filters: ZTicketFilters.strict(), sort: z.enum(SORTS) })
  .partial()
  .strict();
export type TUpdateViewRequest = z.infer<typeof ZUpdateViewRequest>;
