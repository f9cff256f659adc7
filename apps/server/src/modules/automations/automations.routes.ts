import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZAutomationRule, ZCreateRuleRequest, ZDryRunRequest, ZDryRunResult, ZRuleRun, ZUpdateRuleRequest } from './automations.schema.js';

const tags = ['automations'];
const ZRuleParams = z.object({ ruleId: z.uuid() });

export function registerAutomationRoutes(app: AppInstance, { automations }: Services): void {
  app.get(
    '/api/v1/automations/rules',
    { schema: { tags, summary: 'Automation rules in the order they are tried (the built-in escalation rules included)', response: { 200: z.object({ data: z.array(ZAutomationRule) }) } }, config: { permission: 'settings.read' } },
    async (request) => ({ data: await automations.listRules(requireAccess(request.actor, 'settings.read')) }),
  );

  app.post(
    '/api/v1/automations/rules',
    { schema: { tags, summary: 'Create a rule: triggers, AND/OR conditions, actions (active rules per plan: basic 10, pro 50, enterprise unlimited)', body: ZCreateRuleRequest, response: { 201: ZAutomationRule } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await automations.createRule(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.get(
    '/api/v1/automations/rules/:ruleId',
    { schema: { tags, summary: 'One rule', params: ZRuleParams, response: { 200: ZAutomationRule } }, config: { permission: 'settings.read' } },
    async (request) => automations.getRule(requireAccess(request.actor, 'settings.read'), request.params.ruleId),
  );

  app.patch(
    '/api/v1/automations/rules/:ruleId',
    { schema: { tags, summary: 'Change a rule (turning one on counts against the plan’s limit)', params: ZRuleParams, body: ZUpdateRuleRequest, response: { 200: ZAutomationRule } }, config: { permission: 'settings.manage' } },
    async (request) => automations.updateRule(requireAccess(request.actor, 'settings.manage'), request.params.ruleId, request.body),
  );

  app.delete(
    '/api/v1/automations/rules/:ruleId',
    { schema: { tags, summary: 'Delete a rule (built-in rules are turned off instead)', params: ZRuleParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await automations.deleteRule(requireAccess(request.actor, 'settings.manage'), request.params.ruleId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/automations/rules/:ruleId/dry-run',
    { schema: { tags, summary: 'What the rule would do to a ticket now: each condition with the value it saw, and the actions (nothing is changed)', params: ZRuleParams, body: ZDryRunRequest, response: { 200: ZDryRunResult } }, config: { permission: 'settings.manage' } },
    async (request) => automations.dryRun(requireAccess(request.actor, 'settings.manage'), request.params.ruleId, request.body.ticketId),
  );

  app.get(
    '/api/v1/automations/runs',
    {
      schema: {
        tags,
        summary: 'Rule runs, newest first: what applied, what the loop guard stopped, what failed and why',
        querystring: z.object({ ruleId: z.uuid().optional(), ticketId: z.string().min(1).max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ data: z.array(ZRuleRun) }) },
      },
      config: { permission: 'settings.read' },
    },
    async (request) => ({ data: await automations.listRuns(requireAccess(request.actor, 'settings.read'), request.query) }),
  );
}
