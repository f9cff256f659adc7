import { z } from 'zod';
import { ZEmail } from '../users/users.schema.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';

export const TIERS = ['free', 'paid', 'enterprise', 'vip'] as const;

export const ZCustomFieldValues = z.record(z.string().max(40), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const ZCustomer = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  emails: z.array(z.string()),
  phone: z.string().nullable(),
  language: z.enum(LANGUAGES),
  tier: z.enum(TIERS),
  organization: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCustomer = z.infer<typeof ZCustomer>;

const customerFields = {
  name: z.string().trim().min(1).max(200),
  email: ZEmail.nullable(),
  emails: z.array(ZEmail).max(20),
  phone: z.string().trim().regex(/^\+?[0-9 ().-]{3,30}$/, 'a phone number').nullable(),
  language: z.enum(LANGUAGES),
  tier: z.enum(TIERS),
  organization: z.string().trim().max(200).nullable(),
  customFields: ZCustomFieldValues,
};

export const ZCreateCustomerRequest = z
  .object(customerFields)
  .partial()
  .strict()
  .refine((input) => input.name || input.email || input.phone, { message: 'give at least a name, an email or a phone' });
export type TCreateCustomerRequest = z.infer<typeof ZCreateCustomerRequest>;

export const ZUpdateCustomerRequest = z.object(customerFields).partial().strict();
export type TUpdateCustomerRequest = z.infer<typeof ZUpdateCustomerRequest>;

/** PUT replaces the customer: name is required, everything left out returns to its default. */
export const ZReplaceCustomerRequest = z.object(customerFields).partial().required({ name: true }).strict();

export const ZListCustomersQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(200).optional(),
  email: z.string().trim().toLowerCase().max(254).optional(),
  tier: z.enum(TIERS).optional(),
  language: z.enum(LANGUAGES).optional(),
  organization: z.string().max(200).optional(),
});
export type TListCustomersQuery = z.infer<typeof ZListCustomersQuery>;
