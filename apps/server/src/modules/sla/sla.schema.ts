import { z } from 'zod';
import { TIERS } from '../customers/customers.schema.js';
import { CHANNELS, PRIORITIES } from '../tickets/tickets.schema.js';
import { SLA_METRICS } from './sla-policies.js';

const MAX_TARGET_MINUTES = 365 * 24 * 60;
const ZMinutes = z.number().int().min(1).max(MAX_TARGET_MINUTES).nullable();

export const ZSlaTargets = z.strictObject({
  firstResponseMinutes: ZMinutes.describe('From the ticket’s creation to the first public reply by an agent'),
  nextResponseMinutes: ZMinutes.describe('From a customer’s message (after the first reply) to the next public reply'),
  resolutionMinutes: ZMinutes.describe('From creation to resolved, not counting time pending on the customer'),
});
export const ZSlaTargetsByPriority = z.strictObject({ urgent: ZSlaTargets, high: ZSlaTargets, normal: ZSlaTargets, low: ZSlaTargets });

export const ZSlaConditions = z.strictObject({
  priorities: z.array(z.enum(PRIORITIES)).max(4).default([]),
  tiers: z.array(z.enum(TIERS)).max(TIERS.length).default([]).describe('The customer’s tier'),
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
  categories: z.array(z.string().min(1).max(100)).max(100).default([]),
});

export const ZSlaBreachActions = z.strictObject({
  isPriorityRaised: z.boolean().default(false).describe('Raise the priority one step on a breach'),
  reassignTeamId: z.uuid().nullable().default(null).describe('Move the ticket to this team’s queue on a breach'),
  isNotified: z.boolean().default(true).describe('Notify the assignee and the managers in the app'),
});

export const ZSlaPolicy = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  isActive: z.boolean(),
  isDefault: z.boolean().describe('Covers every ticket no other policy matches; it has no conditions and cannot be deleted'),
  conditions: ZSlaConditions.describe('Each list accepts any of its values; an empty list accepts anything; all must hold'),
  targets: ZSlaTargetsByPriority,
  calendarId: z.uuid().nullable().describe('Business-hours calendar the clocks run on; null: round the clock'),
  warningPercent: z.number().int(),
  breachActions: ZSlaBreachActions,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;

const policyFields = {
  name: z.string().trim().min(1).max(100),
  isActive: z.boolean(),
  conditions: ZSlaConditions,
  targets: ZSlaTargetsByPriority,
  calendarId: z.uuid().nullable(),
  warningPercent: z.number().int().min(1).max(99).describe('Warn when this share of a target has been used'),
  breachActions: ZSlaBreachActions,
  position: z.number().int().min(0).max(10_000).describe('Lower comes first'),
};
export const ZCreateSlaPolicyRequest = z.strictObject({
  ...policyFields,
  isActive: policyFields.isActive.default(true),
  conditions: policyFields.conditions.default({ priorities: [], tiers: [], channels: [], categories: [] }),
  calendarId: policyFields.calendarId.default(null),
  warningPercent: policyFields.warningPercent.default(75),
  breachActions: policyFields.breachActions.default({ isPriorityRaised: false, reassignTeamId: null, isNotified: true }),
  position: policyFields.position.optional(),
});
export type TCreateSlaPolicyRequest = z.infer<typeof ZCreateSlaPolicyRequest>;
export const ZUpdateSlaPolicyRequest = z.strictObject(policyFields).partial();
export type TUpdateSlaPolicyRequest = z.infer<typeof ZUpdateSlaPolicyRequest>;

export const SLA_TARGET_STATES = ['running', 'paused', 'fulfilled', 'cancelled'] as const;
export const ZSlaTarget = z.object({
  id: z.uuid(),
  metric: z.enum(SLA_METRICS),
  state: z.enum(SLA_TARGET_STATES).describe('paused: pending on the customer; cancelled: ended without being needed (e.g. solved before a reply)'),
  targetMinutes: z.number().int(),
  startedAt: z.iso.datetime(),
  dueAt: z.iso.datetime().nullable().describe('When the running clock reaches its target (null while paused or ended)'),
  remainingMinutes: z.number().describe('Business minutes left now; negative once overdue'),
  isWarning: z.boolean().describe('The warning share of the target is used up'),
  isBreached: z.boolean().describe('The target was missed (fulfilled late, or still open past due)'),
  warnedAt: z.iso.datetime().nullable(),
  breachedAt: z.iso.datetime().nullable(),
  fulfilledAt: z.iso.datetime().nullable(),
  policyId: z.uuid().nullable(),
  calendarId: z.uuid().nullable(),
});
export type TSlaTarget = z.infer<typeof ZSlaTarget>;

export const ZTicketSla = z.object({
  ticketId: z.uuid(),
  policy: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('The policy of the latest clock; null: no policy covers the ticket'),
  targets: z.array(ZSlaTarget).describe('Live clocks first, then ended ones, newest first'),
  nextDueAt: z.iso.datetime().nullable().describe('The earliest due time of a running clock'),
});
export type TTicketSla = z.infer<typeof ZTicketSla>;

export const ZAtRiskQuery = z.object({
  withinMinutes: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60).describe('Running clocks due within this many minutes, and those past their warning share or overdue (0: only those)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZAtRiskItem = z.object({
  ticket: z.object({ id: z.uuid(), number: z.number().int(), subject: z.string(), priority: z.string(), status: z.string(), assigneeId: z.uuid().nullable(), teamId: z.uuid().nullable() }),
  target: ZSlaTarget,
});

export const ZTicketsSlaQuery = z.object({
  ticketIds: z
    .preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(z.uuid()).min(1).max(100))
    .describe('Comma-separated ticket ids, up to 100'),
});
export const ZTicketNextSla = z.object({ ticketId: z.uuid(), target: ZSlaTarget });
