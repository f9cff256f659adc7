import { z } from 'zod';
import { ROLES } from '../auth/permissions.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';

export const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const ZPassword = z.string().min(10, 'at least 10 characters').max(200);

/** An agent's availability: routing gives work to online agents only; away keeps the chats and tickets they have. */
export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const ZUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  language: z.enum(LANGUAGES),
  isTotpEnabled: z.boolean(),
  isActive: z.boolean(),
  teamIds: z.array(z.uuid()),
  availability: z.enum(AVAILABILITIES).describe('online or away while connected to the app, as the agent chose; offline otherwise'),
  availabilityChangedAt: z.string().nullable(),
  chosenAvailability: z.enum(AVAILABILITIES).describe('what the user last chose; others see it while the user is connected'),
  chatCapacity: z.number().int().describe('Live chats the queue assigns to this person at once (0: none)'),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZCreateUserRequest = z
  .object({
    email: ZEmail,
    name: z.string().trim().min(1).max(120),
    role: z.enum(ROLES),
    password: ZPassword,
    language: z.enum(LANGUAGES).default('en'),
  })
  .strict();
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: z.enum(ROLES),
    language: z.enum(LANGUAGES),
    isActive: z.boolean(),
    chatCapacity: z.number().int().min(0).max(20),
  })
  .partial()
  .strict();
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZTeam = z.object({
  id: z.uuid(),
  name: z.string(),
  memberIds: z.array(z.uuid()),
  createdAt: z.string(),
});
export type TTeam = z.infer<typeof ZTeam>;

export const ZCreateTeamRequest = z
  .object({ name: z.string().trim().min(1).max(80), memberIds: z.array(z.uuid()).max(500).default([]) })
  .strict();
export const ZUpdateTeamRequest = z
  .object({ name: z.string().trim().min(1).max(80), memberIds: z.array(z.uuid()).max(500) })
  .partial()
  .strict();

export const ZUpdateAvailabilityRequest = z.object({ availability: z.enum(AVAILABILITIES) }).strict();
