import { z } from 'zod';
import { PRIORITIES, ZStatusKey, ZTag } from '../tickets/tickets.schema.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';

export const CANNED_VISIBILITIES = ['personal', 'shared'] as const;

/** The variables a canned response may use; any other `{{name}}` is left out when it is rendered. */
export const CANNED_VARIABLES = [
  'customer.first_name',
  'customer.name',
  'customer.email',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'agent.first_name',
  'workspace.name',
] as const;

const MAX_BODY = 20_000;

export const ZCannedResponseChanges = z
  .strictObject({
    status: ZStatusKey.optional().describe('Status key the ticket moves to (one of the workspace’s statuses)'),
    priority: z.enum(PRIORITIES).optional(),
    addTags: z.array(ZTag).max(20).default([]),
    removeTags: z.array(ZTag).max(20).default([]),
    teamId: z.uuid().optional().describe('Team the ticket is assigned to'),
  })
  .describe('Ticket changes applied when the reply is sent; each is optional');
export type CannedResponseChanges = z.infer<typeof ZCannedResponseChanges>;

export const ZCannedResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  category: z.string().nullable(),
  bodyEn: z.string().describe('English text; may be empty when the French one is not'),
  bodyFr: z.string().describe('French text; may be empty when the English one is not'),
  visibility: z.enum(CANNED_VISIBILITIES).describe('personal: only its owner sees it; shared: the workspace, or one team'),
  ownerId: z.uuid().nullable().describe('Owner of a personal one; null when shared'),
  teamId: z.uuid().nullable().describe('A shared one limited to this team’s members; null: the whole workspace'),
  changes: ZCannedResponseChanges,
  usageCount: z.number().int().describe('How many times it was rendered for a ticket'),
  lastUsedAt: z.string().nullable(),
  isEditable: z.boolean().describe('Whether the caller may change or delete it'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCannedResponse = z.infer<typeof ZCannedResponse>;

const fields = {
  name: z.string().trim().min(1).max(120),
  category: z.string().trim().max(60).nullable().transform((value) => (value ? value : null)),
  bodyEn: z.string().max(MAX_BODY),
  bodyFr: z.string().max(MAX_BODY),
  visibility: z.enum(CANNED_VISIBILITIES),
  teamId: z.uuid().nullable(),
  changes: ZCannedResponseChanges,
};

const hasText = (value: string | undefined) => (value ?? '').trim().length > 0;

export const ZCreateCannedResponseRequest = z
  .strictObject({
    ...fields,
    category: fields.category.default(null),
    bodyEn: fields.bodyEn.default(''),
    bodyFr: fields.bodyFr.default(''),
    visibility: fields.visibility.default('personal'),
    teamId: fields.teamId.default(null).describe('Only for a shared one: limit it to this team'),
    changes: fields.changes.default({ addTags: [], removeTags: [] }),
  })
  .superRefine((value, context) => {
    if (!hasText(value.bodyEn) && !hasText(value.bodyFr)) context.addIssue({ code: 'custom', path: ['bodyEn'], message: 'write the English or the French text (or both)' });
    if (value.teamId && value.visibility !== 'shared') context.addIssue({ code: 'custom', path: ['teamId'], message: 'only a shared canned response can be limited to a team' });
  });
export type TCreateCannedResponseRequest = z.infer<typeof ZCreateCannedResponseRequest>;

export const ZUpdateCannedResponseRequest = z.strictObject(fields).partial();
export type TUpdateCannedResponseRequest = z.infer<typeof ZUpdateCannedResponseRequest>;

export const ZListCannedResponsesQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Words found in the name or the texts, ignoring case and accents'),
  category: z.string().trim().max(60).optional(),
  scope: z
    .enum(['usable', 'shared'])
    .default('usable')
    .describe('usable: what the caller may insert (their personal ones, the workspace’s shared ones and their teams’); shared: every shared one of the workspace, to manage them (managers and admins)'),
});
export type TListCannedResponsesQuery = z.infer<typeof ZListCannedResponsesQuery>;

export const ZRenderedCannedResponse = z.object({
  body: z.string().describe('Plain text with the variables filled in for this ticket and the calling agent'),
  language: z.enum(LANGUAGES).describe('The language of the text used: the ticket’s, or the other one when it has no text in that language'),
  changes: ZCannedResponseChanges,
});
export type TRenderedCannedResponse = z.infer<typeof ZRenderedCannedResponse>;
