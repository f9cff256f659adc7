import { z } from 'zod';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';
import { PRIORITIES, TICKET_TYPES } from '../tickets/tickets.schema.js';
import { CONDITION_FIELDS, CONDITION_OPERATORS, type ConditionNode } from './rule-conditions.js';

export const RULE_TRIGGERS = ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'comment.created', 'sla.warning', 'sla.breached', 'time'] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];

const MAX_DEPTH = 4;
const ZConditionLeaf = z.strictObject({
  field: z.enum(CONDITION_FIELDS),
  operator: z.enum(CONDITION_OPERATORS),
  value: z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(200), z.number()])).max(100)]).optional(),
  key: z.string().min(1).max(64).optional().describe('For ticket.customField: the field key'),
});

/** Nested AND/OR, at most `MAX_DEPTH` levels and 50 leaves. */
export const ZConditionNode: z.ZodType<ConditionNode> = z
  .lazy(() => z.union([z.strictObject({ all: z.array(ZConditionNode).max(50) }), z.strictObject({ any: z.array(ZConditionNode).max(50) }), ZConditionLeaf]))
  .meta({ id: 'AutomationConditionNode', description: 'AND (`all`) / OR (`any`) of conditions `{ field, operator, value, key? }`, nested' }) as z.ZodType<ConditionNode>;

const ZText = z.string().trim().min(1).max(10_000);
export const ZRuleAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set_status'), status: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('set_priority'), priority: z.enum(PRIORITIES) }),
  z.strictObject({ type: z.literal('set_category'), category: z.string().max(60).nullable() }),
  z.strictObject({ type: z.literal('set_type'), ticketType: z.enum(TICKET_TYPES).nullable() }),
  z.strictObject({ type: z.literal('set_language'), language: z.enum(LANGUAGES) }),
  z.strictObject({ type: z.literal('assign_team'), teamId: z.uuid().nullable() }),
  z.strictObject({ type: z.literal('assign_agent'), userId: z.uuid().nullable() }),
  z.strictObject({ type: z.literal('add_tags'), tags: z.array(z.string().trim().min(1).max(50)).min(1).max(20) }),
  z.strictObject({ type: z.literal('remove_tags'), tags: z.array(z.string().trim().min(1).max(50)).min(1).max(20) }),
  z.strictObject({ type: z.literal('add_note'), body: ZText.describe('Internal note; variables such as {{ticket.number}} allowed') }),
  z.strictObject({
    type: z.literal('reply'),
    body: ZText.describe('Public reply to the customer, sent by their channel; variables allowed'),
    bodyFr: ZText.optional().describe('The French text, used when the ticket is in French'),
  }),
  z.strictObject({
    type: z.literal('reply_template'),
    cannedResponseId: z.uuid().describe('A canned response shared with the whole workspace: its text in the ticket’s language (the other when that one is empty), variables filled, sent as a public reply by the ticket’s channel. Its own ticket changes are not applied; the rule’s actions say what changes.'),
  }),
  z.strictObject({
    type: z.literal('notify'),
    recipients: z.enum(['assignee', 'managers', 'team']).describe('In-app notification'),
    byEmail: z.boolean().default(false).describe('Also email each recipient, from the workspace address (needs SMTP_URL)'),
  }),
  z.strictObject({
    type: z.literal('notify_webhook'),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    format: z.enum(['json', 'slack', 'teams']).describe('json: the event envelope; slack / teams: an incoming-webhook message'),
    text: z.string().max(2000).default('{{rule.name}}: ticket #{{ticket.number}} {{ticket.subject}}'),
  }),
  z.strictObject({ type: z.literal('escalate'), teamId: z.uuid().nullable().default(null).describe('Raise the priority one step, tag `escalated`, notify the managers, and move to this team if given') }),
  z.strictObject({ type: z.literal('close') }),
]);
export type TRuleAction = z.infer<typeof ZRuleAction>;

export const ZAutomationRule = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  triggers: z.array(z.enum(RULE_TRIGGERS)).describe('The events the rule listens to; `time` is checked by the time sweep'),
  conditions: ZConditionNode,
  actions: z.array(ZRuleAction),
  position: z.number().int(),
  isActive: z.boolean(),
  isStopProcessing: z.boolean().describe('When it applies, later rules are not tried for the same event'),
  builtIn: z.string().nullable().describe('Which rule it was shipped as (escalation rules); null for rules an admin made'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TAutomationRule = z.infer<typeof ZAutomationRule>;

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000),
  triggers: z.array(z.enum(RULE_TRIGGERS)).min(1).max(RULE_TRIGGERS.length),
  conditions: ZConditionNode,
  actions: z.array(ZRuleAction).min(1).max(20),
  position: z.number().int().min(0).max(100_000),
  isActive: z.boolean(),
  isStopProcessing: z.boolean(),
};
export const ZCreateRuleRequest = z.strictObject({
  ...ruleFields,
  description: ruleFields.description.default(''),
  conditions: ruleFields.conditions.default({ all: [] }),
  position: ruleFields.position.optional(),
  isActive: ruleFields.isActive.default(true),
  isStopProcessing: ruleFields.isStopProcessing.default(false),
});
export type TCreateRuleRequest = z.infer<typeof ZCreateRuleRequest>;
export const ZUpdateRuleRequest = z.strictObject(ruleFields).partial();
export type TUpdateRuleRequest = z.infer<typeof ZUpdateRuleRequest>;

export const ZDryRunRequest = z.strictObject({ ticketId: z.string().min(1).max(64).describe('Ticket id or number') });
export const ZDryRunResult = z.object({
  ruleId: z.uuid(),
  ticketId: z.uuid(),
  isMatched: z.boolean(),
  conditions: z.array(z.object({ path: z.string(), field: z.string(), operator: z.string(), expected: z.unknown(), actual: z.unknown(), isMet: z.boolean() })),
  actions: z.array(z.object({ type: z.string(), description: z.string() })).describe('What the rule would do (nothing is changed by a dry run)'),
});

export const ZRuleRun = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ticketId: z.uuid().nullable(),
  transactionId: z.string().describe('The rule and the event (or time) it ran for; unique, so a redelivery never applies it twice'),
  actions: z.array(z.string()),
  outcome: z
    .enum(['applied', 'loop_guard', 'failed', 'history'])
    .describe('loop_guard: not applied, the rule ran too often on this ticket; failed: an action could not be applied (the reason is in `error`); history: not applied, the moment predates the data (imported or demo history)'),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export { MAX_DEPTH as MAX_CONDITION_DEPTH };
