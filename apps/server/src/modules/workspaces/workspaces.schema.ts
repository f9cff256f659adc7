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
  key: z.string(),
  label: z.string(),
  category: z.enum(STATUS_CATEGORIES),
  isBuiltIn: z.boolean(),
});

export const ZCreateTicketStatusRequest = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lowercase letters, digits and underscores'),
    label: z.string().trim().min(1).max(60),
    category: z.enum(STATUS_CATEGORIES),
  })
  .strict();

export const ZCustomFieldDefinition = z.object({
  id: z.uuid(),
  entity: z.enum(FIELD_ENTITIES),
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()),
  isRequired: z.boolean(),
  isSensitive: z.boolean(),
});
export type TCustomFieldDefinition = z.infer<typeof ZCustomFieldDefinition>;

export const ZCreateCustomFieldRequest = z
  .object({
    entity: z.enum(FIELD_ENTITIES),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and underscores'),
    label: z.string().trim().min(1).max(80),
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
