import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZTicket, ZTicketParams } from '../tickets/tickets.schema.js';
import {
  ZAgentRoutingProfile,
  ZCreateRoutingRuleRequest,
  ZPutAgentRoutingProfileRequest,
  ZPutTeamRoutingSettingsRequest,
  ZQueuesQuery,
  ZRoutingRule,
  ZTeamQueue,
  ZTeamRoutingSettings,
  ZUpdateRoutingRuleRequest,
} from './routing.schema.js';

const tags = ['routing'];
const ZRuleParams = z.object({ ruleId: z.uuid() });
const ZTeamParams = z.object({ teamId: z.uuid() });
const ZUserParams = z.object({ userId: z.uuid() });

export function registerRoutingRoutes(app: AppInstance, { routing }: Services): void {
  app.get(
    '/api/v1/routing/rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the order they are tried',
        description: 'A new ticket without a team (or one reopened without a team or assignee) goes to the team of the first active rule whose conditions hold; the ticket’s timeline records the rule’s name.',
        response: { 200: z.object({ data: z.array(ZRoutingRule) }) },
      },
      config: { permission: 'settings.read' },
    },
    async (request) => ({ data: await routing.listRules(requireAccess(request.actor, 'settings.read')) }),
  );

  app.post(
    '/api/v1/routing/rules',
    { schema: { tags, summary: 'Create a routing rule: AND/OR conditions (as automation rules), a target team, optional required skills', body: ZCreateRoutingRuleRequest, response: { 201: ZRoutingRule } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await routing.createRule(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.get(
    '/api/v1/routing/rules/:ruleId',
    { schema: { tags, summary: 'One routing rule', params: ZRuleParams, response: { 200: ZRoutingRule } }, config: { permission: 'settings.read' } },
    async (request) => routing.getRule(requireAccess(request.actor, 'settings.read'), request.params.ruleId),
  );

  app.patch(
    '/api/v1/routing/rules/:ruleId',
    { schema: { tags, summary: 'Change a routing rule (its order, conditions, team, skills, or turn it off)', params: ZRuleParams, body: ZUpdateRoutingRuleRequest, response: { 200: ZRoutingRule } }, config: { permission: 'settings.manage' } },
    async (request) => routing.updateRule(requireAccess(request.actor, 'settings.manage'), request.params.ruleId, request.body),
  );

  app.delete(
    '/api/v1/routing/rules/:ruleId',
    { schema: { tags, summary: 'Delete a routing rule (tickets it routed keep their team)', params: ZRuleParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await routing.deleteRule(requireAccess(request.actor, 'settings.manage'), request.params.ruleId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/routing/teams/:teamId',
    { schema: { tags, summary: 'How a team hands out its work (a team never set up is manual)', params: ZTeamParams, response: { 200: ZTeamRoutingSettings } }, config: { permission: 'settings.read' } },
    async (request) => routing.getTeamSettings(requireAccess(request.actor, 'settings.read'), request.params.teamId),
  );

  app.put(
    '/api/v1/routing/teams/:teamId',
    {
      schema: {
        tags,
        summary: 'Set a team’s strategy, backup team with its overflow time, and the reroute time for offline agents',
        description: 'A strategy other than manual serves the team’s queue at once.',
        params: ZTeamParams,
        body: ZPutTeamRoutingSettingsRequest,
        response: { 200: ZTeamRoutingSettings },
      },
      config: { permission: 'settings.manage' },
    },
    async (request) => routing.putTeamSettings(requireAccess(request.actor, 'settings.manage'), request.params.teamId, request.body),
  );

  app.get(
    '/api/v1/routing/agents/:userId',
    { schema: { tags, summary: 'A staff member’s skills, ticket capacity and shift calendar (defaults until set: no skills, 10 tickets, any time)', params: ZUserParams, response: { 200: ZAgentRoutingProfile } }, config: { permission: 'settings.read' } },
    async (request) => routing.getAgentProfile(requireAccess(request.actor, 'settings.read'), request.params.userId),
  );

  app.put(
    '/api/v1/routing/agents/:userId',
    { schema: { tags, summary: 'Set a staff member’s skills (levels 1–5), ticket capacity and shift calendar', params: ZUserParams, body: ZPutAgentRoutingProfileRequest, response: { 200: ZAgentRoutingProfile } }, config: { permission: 'settings.manage' } },
    async (request) => routing.putAgentProfile(requireAccess(request.actor, 'settings.manage'), request.params.userId, request.body),
  );

  app.get(
    '/api/v1/routing/queues',
    {
      schema: {
        tags,
        summary: 'Queue state per team, for dashboards (managers and admins)',
        description: 'Per team: how many tickets wait unassigned and the longest wait, the agents with availability, shift, load and capacity, and the first waiting tickets in serving order.',
        querystring: ZQueuesQuery,
        response: { 200: z.object({ data: z.array(ZTeamQueue) }) },
      },
      config: { permission: 'teams.manage' },
    },
    async (request) => ({ data: await routing.listQueues(requireAccess(request.actor, 'teams.manage'), request.query.limit) }),
  );

  app.post(
    '/api/v1/tickets/:ticketId/claim',
    {
      schema: {
        tags: ['tickets', ...tags],
        summary: 'Take a ticket nobody holds (409 ticket_already_assigned if someone else does; claiming your own changes nothing)',
        params: ZTicketParams,
        response: { 200: ZTicket },
      },
      config: { permission: 'tickets.write' },
    },
    async (request) => routing.claim(requireAccess(request.actor, 'tickets.write'), request.params.ticketId),
  );
}
