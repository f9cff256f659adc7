import { z } from 'zod';
import { AVAILABILITIES, ZEmail } from '../users/users.schema.js';
import { ROLES } from './permissions.js';

export const ZLoginRequest = z
  .object({
    workspace: z.string().min(1).max(48),
    email: ZEmail,
    password: z.string().min(1).max(200),
    totpCode: z.string().regex(/^\d{6}$/, 'six digits').optional(),
  })
  .strict();

export const ZSessionResponse = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    language: z.string(),
    chosenAvailability: z.enum(AVAILABILITIES).describe('online, away or offline as the user last chose (PUT /api/v1/account/availability)'),
  }),
  workspace: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  expiresAt: z.string(),
});

export const ZApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  // Not an enum: a token whose stored role was tampered with must still be listable so admins can see it.
  role: z.string().describe(`One of ${ROLES.join(', ')}; anything else marks a tampered token, refused and revoked.`),
  userId: z.uuid(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZCreateTokenRequest = z
  .object({ name: z.string().trim().min(1).max(80), role: z.enum(ROLES).optional() })
  .strict();

export const ZCreatedToken = ZApiToken.extend({ token: z.string().describe('Shown once; store it now.') });

export const ZTotpCodeRequest = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
