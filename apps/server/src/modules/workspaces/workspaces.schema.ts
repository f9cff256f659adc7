import { z } from 'zod';

export const PLANS = ['basic', 'pro', 'enterprise'] as const;
export const LANGUAGES = ['en', 'fr'] as const;
export const STATUS_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export const FIELD_TYPES = ['text', 'number', 'date', 'select', 'checkbox'] as const;
export const FIELD_ENTITIES = ['ticket', 'customer'] as const;
export const DEFAULT_CATEGORIES = ['billing', 'technical', 'account', 'general'];

export type Plan = (typeof PLANS)[number];
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export const ZSlug = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and dashes');

export const ZWorkspace = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: z.enum(PLANS),
  defaultLanguage: z.enum(LANGUAGES),
  timeZone: z.string(),
  ticketCategories: z.array(z.string()),
  createdAt: z.string(),
});
export type TWorkspace = z.infer<typeof ZWorkspace>;

export const ZUpdateWorkspaceRequest = z
  .object({
    name: z.string().trim().min(1).max(120),
    plan: z.enum(PLANS),
    defaultLanguage: z.enum(LANGUAGES),
    timeZone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as America/Montreal'),
    ticketCategories: z
      .array(z.string().trim().min(1).max(60))
      .min(1)
      .max(100)
      .refine((categories) => new Set(categories).size === categories.length, 'each category once'),
  })
  .partial()
  .strict();
export type TUpdateWorkspaceRequest = z.infer<typeof ZUpdateWorkspaceRequest>;

export const ZTicketStatus = z.object({
  id: z.string().describe('what PATCH /ticket-statuses/{statusId} takes: a UUID for a custom status, the key for a built-in one'),
  key: z.string(),
  label: z.string(),
  category: z.enum(STATUS_CATEGORIES),
  isBuiltIn: z.boolean(),
  isArchived: z.boolean().describe('no longer set on tickets; tickets already in it keep it'),
});
export type TTicketStatus = z.infer<typeof ZTicketStatus>;

export const ZCreateTicketStatusRequest = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lowercase letters, digits and underscores'),
    label: z.string().trim().min(1).max(60),
    category: z.enum(STATUS_CATEGORIES),
  })
  .strict();

/** Changes to a custom status; its key stays (tickets and API clients refer to it). */
export const ZUpdateTicketStatusRequest = z
  .strictObject(
    {
      label: z.string().trim().min(1).max(60),
      category: z.enum(STATUS_CATEGORIES).describe('tickets in this status move to the new category'),
      isArchived: z.boolean(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' && issue.keys.includes('key') ? 'the key of a status cannot change' : undefined) },
  )
  .partial();
export type TUpdateTicketStatusRequest = z.infer<typeof ZUpdateTicketStatusRequest>;

export const ZStatusIdParams = z.object({ statusId: z.string().min(1).max(64) });

export const ZCustomFieldDefinition = z.object({
  id: z.uuid(),
  entity: z.enum(FIELD_ENTITIES),
  key: z.string(),
  label: z.string(),
  description: z.string().nullable().describe('help shown beside the field in forms'),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()),
  isRequired: z.boolean(),
  isSensitive: z.boolean(),
  isArchived: z.boolean().describe('left out of forms and refused in new writes; stored values are kept'),
});
export type TCustomFieldDefinition = z.infer<typeof ZCustomFieldDefinition>;

export const ZCreateCustomFieldRequest = z
  .object({
    entity: z.enum(FIELD_ENTITIES),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and underscores'),
    label: z.string().trim().min(1).max(80),
    description: z.string().trim().max(500).nullable().optional(),
    type: z.enum(FIELD_TYPES),
    options: z.array(z.string().trim().min(1).max(80)).max(200).default([]),
    isRequired: z.boolean().default(false),
    isSensitive: z.boolean().default(false),
  })
  .strict()
  .refine((field) => field.type !== 'select' || field.options.length > 0, {
    path: ['options'],
    message: 'a select field needs at least one option',
  });

/** What never changes once a field exists: values already stored depend on them. */
const FIXED_FIELD_PROPERTIES = ['entity', 'key', 'type', 'isSensitive'];

export const ZUpdateCustomFieldRequest = z
  .strictObject(
    {
      label: z.string().trim().min(1).max(80),
      description: z.string().trim().max(500).nullable(),
      isRequired: z.boolean(),
      options: z
        .array(z.string().trim().min(1).max(80))
        .min(1, 'a select field needs at least one option')
        .max(200)
        .refine((options) => new Set(options).size === options.length, 'each option once')
        .describe('the whole list of choices of a select field; values already stored that are no longer listed are kept and shown as they are'),
      isArchived: z.boolean(),
    },
    {
      error: (issue) => {
        if (issue.code !== 'unrecognized_keys') return undefined;
        const fixed = issue.keys.filter((key) => FIXED_FIELD_PROPERTIES.includes(key));
        return fixed.length > 0 ? `${fixed.join(', ')} cannot change once the field exists` : undefined;
      },
    },
  )
  .partial();
export type TUpdateCustomFieldRequest = z.infer<typeof ZUpdateCustomFieldRequest>;

export const ZFieldIdParams = z.object({ fieldId: z.uuid() });
