import { z } from 'zod';
import { ZCustomFieldValues } from '../customers/customers.schema.js';
import { ZEmail } from '../users/users.schema.js';
import { LANGUAGES, STATUS_CATEGORIES } from '../workspaces/workspaces.schema.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task', 'complaint', 'request', 'compliment'] as const;
export const CHANNELS = ['email', 'chat', 'phone', 'web', 'api', 'messaging', 'social', 'whatsapp', 'messenger', 'telegram', 'sms'] as const;
export const SORTS = ['-createdAt', 'createdAt', '-updatedAt', '-priority', 'dueAt'] as const;
export type TicketSort = (typeof SORTS)[number];

export const ZTag = z.string().trim().toLowerCase().min(1).max(50).regex(/^[^\s,]+$/u, 'no spaces or commas');
export const ZStatusKey = z.string().trim().min(1).max(40);

export const ZTicket = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: z.string(),
  description: z.string(),
  status: z.string(),
  statusCategory: z.enum(STATUS_CATEGORIES),
  priority: z.enum(PRIORITIES),
  type: z.enum(TICKET_TYPES).nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  dueAt: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  channel: z.enum(CHANNELS),
  language: z.enum(LANGUAGES),
  customFields: z.record(z.string(), z.unknown()),
  collaboratorIds: z.array(z.uuid()),
  mergedIntoId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type TTicket = z.infer<typeof ZTicket>;

const editableFields = {
  subject: z.string().trim().min(1).max(500),
  description: z.string().max(100_000),
  status: ZStatusKey,
  priority: z.enum(PRIORITIES),
  type: z.enum(TICKET_TYPES).nullable(),
  category: z.string().trim().max(60).nullable(),
  tags: z.array(ZTag).max(50),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  assigneeId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  language: z.enum(LANGUAGES),
  customFields: ZCustomFieldValues,
  collaboratorIds: z.array(z.uuid()).max(50),
};

/** Accepts the seed's shape `{subject, description, priority, customer_email}` as well as camelCase. */
export const ZCreateTicketRequest = z
  .object({
    ...editableFields,
    channel: z.enum(CHANNELS),
    customerEmail: ZEmail,
    customer_email: ZEmail,
    customerName: z.string().trim().min(1).max(200),
    customer_name: z.string().trim().min(1).max(200),
  })
  .partial()
  .required({ subject: true })
  .strict();
export type TCreateTicketRequest = z.infer<typeof ZCreateTicketRequest>;

export const ZUpdateTicketRequest = z.object(editableFields).partial().strict();
export type TUpdateTicketRequest = z.infer<typeof ZUpdateTicketRequest>;

/** PUT replaces the editable fields: subject is required, omitted ones return to their defaults. */
export const ZReplaceTicketRequest = z.object(editableFields).partial().required({ subject: true }).strict();

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(item).max(20));

export const ZTicketFilters = z.object({
  status: csv(ZStatusKey).optional(),
  statusCategory: csv(z.enum(STATUS_CATEGORIES)).optional(),
  priority: csv(z.enum(PRIORITIES)).optional(),
  assigneeId: z.union([z.uuid(), z.literal('none'), z.literal('me')]).optional(),
  teamId: z.union([z.uuid(), z.literal('none')]).optional(),
  tag: z.string().trim().toLowerCase().max(50).optional(),
  channel: csv(z.enum(CHANNELS)).optional(),
  customerId: z.uuid().optional(),
  type: csv(z.enum(TICKET_TYPES)).optional(),
  category: z.string().max(60).optional(),
  language: z.enum(LANGUAGES).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(500).optional(),
});
export type TTicketFilters = z.infer<typeof ZTicketFilters>;

export const ZListTicketsQuery = ZTicketFilters.extend({
  sort: z.enum(SORTS).default('-createdAt'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListTicketsQuery = z.infer<typeof ZListTicketsQuery>;

export const ZTicketCount = z.object({
  count: z.number().int().describe('Matching tickets, at most 10,000'),
  isCapped: z.boolean().describe('true when more than 10,000 match'),
});

export const ZTicketPage = z.object({ data: z.array(ZTicket), nextCursor: z.string().nullable() });

export const ZTicketParams = z.object({
  ticketId: z.union([z.uuid(), z.string().regex(/^\d{1,9}$/)]).describe('The ticket id, or its number'),
});

export const ZMergeTicketRequest = z.object({ targetTicketId: z.uuid() }).strict();
export const ZLinkTicketRequest = z.object({ ticketId: z.uuid() }).strict();

export const ZTicketActivity = z.object({
  id: z.uuid(),
  action: z.string(),
  actorType: z.string(),
  actorId: z.uuid().nullable(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  createdAt: z.string(),
});

export const ZBulkUpdateRequest = z
  .object({
    ticketIds: z.array(z.uuid()).min(1).max(100),
    changes: z
      .object({
        assigneeId: z.uuid().nullable(),
        teamId: z.uuid().nullable(),
        status: ZStatusKey,
        priority: z.enum(PRIORITIES),
        addTags: z.array(ZTag).max(20),
        removeTags: z.array(ZTag).max(20),
      })
      .partial()
      .strict()
      .refine((changes) => Object.keys(changes).length > 0, 'give at least one change'),
  })
  .strict();
export type TBulkUpdateRequest = z.infer<typeof ZBulkUpdateRequest>;

export const ZBulkUpdateResult = z.object({
  results: z.array(
    z.object({
      ticketId: z.uuid(),
      ok: z.boolean(),
      ticket: ZTicket.optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
