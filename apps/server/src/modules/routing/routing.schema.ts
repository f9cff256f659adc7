import { z } from 'zod';
import { ZConditionNode } from '../automations/automations.schema.js';
import { ROUTING_STRATEGIES } from './routing-decision.js';

const SKILL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.+#-]*$/u;
export const ZSkillLevel = z
  .strictObject({
    skill: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(50)
      .regex(SKILL_PATTERN, 'letters, digits, spaces and _ . + # -')
      .describe('A skill name, compared without case (e.g. `french`, `billing`, `api`)'),
    level: z.number().int().min(1).max(5).describe('1 (novice) to 5 (expert)'),
  })
  .meta({ id: 'RoutingSkillLevel' });

/** One entry per skill. */
const ZSkillList = z
  .array(ZSkillLevel)
  .max(50)
  .refine((skills) => new Set(skills.map((entry) => entry.skill)).size === skills.length, 'each skill at most once');

export const ZRoutingRule = z.object({
  id: z.uuid(),
  name: z.string(),
  conditions: ZConditionNode,
  teamId: z.uuid().describe('The team a matching ticket goes to'),
  requiredSkills: z.array(ZSkillLevel).describe('Skills the ticket then needs (the team’s skills strategy only gives it to agents who have them all)'),
  position: z.number().int().describe('Rules are tried in this order; the first active rule that matches wins'),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TRoutingRule = z.infer<typeof ZRoutingRule>;

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  conditions: ZConditionNode.describe('The same conditions as automation rules: channel, category, text or keywords, language, customer tier, priority, custom fields…'),
  teamId: z.uuid(),
  requiredSkills: ZSkillList,
  position: z.number().int().min(0).max(100_000),
  isActive: z.boolean(),
};
export const ZCreateRoutingRuleRequest = z.strictObject({
  ...ruleFields,
  conditions: ruleFields.conditions.default({ all: [] }),
  requiredSkills: ruleFields.requiredSkills.default([]),
  position: ruleFields.position.optional().describe('Defaults to after the last rule'),
  isActive: ruleFields.isActive.default(true),
});
export type TCreateRoutingRuleRequest = z.infer<typeof ZCreateRoutingRuleRequest>;
export const ZUpdateRoutingRuleRequest = z.strictObject(ruleFields).partial();
export type TUpdateRoutingRuleRequest = z.infer<typeof ZUpdateRoutingRuleRequest>;

const ZMinutes = z.number().int().min(1).max(10_080);
export const ZTeamRoutingSettings = z.object({
  teamId: z.uuid(),
  strategy: z.enum(ROUTING_STRATEGIES).describe('manual: nobody is picked (agents claim or are assigned); round_robin: members in turn; least_loaded: the fewest open tickets against capacity; skills: agents with every required skill, best match then least loaded'),
  backupTeamId: z.uuid().nullable().describe('Where waiting tickets go once they have waited `overflowAfterMinutes`'),
  overflowAfterMinutes: ZMinutes.nullable().describe('How long a ticket may wait unassigned in this team before it overflows to the backup team'),
  rerouteOfflineAfterMinutes: ZMinutes.nullable().describe('Tickets routing gave an agent go back to the queue once that agent has been offline this long'),
  updatedAt: z.iso.datetime().nullable().describe('null: never set (the defaults shown)'),
});
export type TTeamRoutingSettings = z.infer<typeof ZTeamRoutingSettings>;
export const ZPutTeamRoutingSettingsRequest = z
  .strictObject({
    strategy: z.enum(ROUTING_STRATEGIES),
    backupTeamId: z.uuid().nullable().default(null),
    overflowAfterMinutes: ZMinutes.nullable().default(null),
    rerouteOfflineAfterMinutes: ZMinutes.nullable().default(null),
  })
  .refine((settings) => (settings.backupTeamId === null) === (settings.overflowAfterMinutes === null), {
    message: 'a backup team and an overflow time go together',
    path: ['overflowAfterMinutes'],
  });
export type TPutTeamRoutingSettingsRequest = z.infer<typeof ZPutTeamRoutingSettingsRequest>;

export const ZAgentRoutingProfile = z.object({
  userId: z.uuid(),
  skills: z.array(ZSkillLevel),
  ticketCapacity: z.number().int().describe('Open tickets routing gives this agent at most'),
  shiftCalendarId: z.uuid().nullable().describe('A business-hours calendar: outside its hours the agent gets no new work; null: any time'),
  updatedAt: z.iso.datetime().nullable().describe('null: never set (the defaults shown)'),
});
export type TAgentRoutingProfile = z.infer<typeof ZAgentRoutingProfile>;
export const ZPutAgentRoutingProfileRequest = z.strictObject({
  skills: ZSkillList.default([]),
  ticketCapacity: z.number().int().min(0).max(1000),
  shiftCalendarId: z.uuid().nullable().default(null),
});
export type TPutAgentRoutingProfileRequest = z.infer<typeof ZPutAgentRoutingProfileRequest>;

export const ZQueueAgent = z.object({
  userId: z.uuid(),
  name: z.string(),
  availability: z.string().describe('online, away or offline'),
  isInShift: z.boolean(),
  isAvailable: z.boolean().describe('Gets new work now: online, inside the shift, under capacity'),
  load: z.number().int().describe('Open tickets assigned now'),
  capacity: z.number().int(),
});
export const ZQueueItem = z.object({
  ticketId: z.uuid(),
  number: z.number().int(),
  subject: z.string(),
  priority: z.string(),
  channel: z.string(),
  customerTier: z.string().nullable(),
  requiredSkills: z.array(ZSkillLevel),
  createdAt: z.iso.datetime(),
  queuedAt: z.iso.datetime().describe('When it entered this team’s queue (overflow measures from here)'),
  waitSeconds: z.number().int(),
});
export const ZTeamQueue = z.object({
  team: z.object({ id: z.uuid(), name: z.string() }),
  strategy: z.enum(ROUTING_STRATEGIES),
  backupTeamId: z.uuid().nullable(),
  waitingCount: z.number().int().describe('Open tickets of the team nobody is assigned'),
  oldestWaitSeconds: z.number().int().nullable().describe('How long the longest-waiting one has waited in this queue'),
  availableAgents: z.number().int(),
  agents: z.array(ZQueueAgent),
  waiting: z.array(ZQueueItem).describe('The first waiting tickets in serving order: urgent first, then customer tier (enterprise and VIP, paid, free), then age'),
});
export const ZQueuesQuery = z.object({ limit: z.coerce.number().int().min(0).max(100).default(10).describe('How many waiting tickets to list per team') });
