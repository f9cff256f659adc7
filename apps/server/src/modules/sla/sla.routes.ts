import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZAtRiskItem, ZAtRiskQuery, ZCreateSlaPolicyRequest, ZSlaPolicy, ZTicketNextSla, ZTicketSla, ZTicketsSlaQuery, ZUpdateSlaPolicyRequest } from './sla.schema.js';

const tags = ['sla'];
const ZPolicyParams = z.object({ policyId: z.uuid() });

export function registerSlaRoutes(app: AppInstance, { sla }: Services): void {
  app.get(
    '/api/v1/sla/policies',
    { schema: { tags, summary: 'SLA policies in the order they are tried (the default one, which covers the rest, last)', response: { 200: z.object({ data: z.array(ZSlaPolicy) }) } }, config: { permission: 'settings.read' } },
    async (request) => ({ data: await sla.listPolicies(requireAccess(request.actor, 'settings.read')) }),
  );

  app.post(
    '/api/v1/sla/policies',
    { schema: { tags, summary: 'Create an SLA policy (conditions, targets per priority, calendar, warning share, breach actions)', body: ZCreateSlaPolicyRequest, response: { 201: ZSlaPolicy } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await sla.createPolicy(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.get(
    '/api/v1/sla/policies/:policyId',
    { schema: { tags, summary: 'One SLA policy', params: ZPolicyParams, response: { 200: ZSlaPolicy } }, config: { permission: 'settings.read' } },
    async (request) => sla.getPolicy(requireAccess(request.actor, 'settings.read'), request.params.policyId),
  );

  app.patch(
    '/api/v1/sla/policies/:policyId',
    { schema: { tags, summary: 'Change an SLA policy; clocks started afterwards, and tickets whose priority or category changes, follow it', params: ZPolicyParams, body: ZUpdateSlaPolicyRequest, response: { 200: ZSlaPolicy } }, config: { permission: 'settings.manage' } },
    async (request) => sla.updatePolicy(requireAccess(request.actor, 'settings.manage'), request.params.policyId, request.body),
  );

  app.delete(
    '/api/v1/sla/policies/:policyId',
    { schema: { tags, summary: 'Delete an SLA policy (not the default one); running clocks keep their targets', params: ZPolicyParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await sla.deletePolicy(requireAccess(request.actor, 'settings.manage'), request.params.policyId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tickets/:ticketId/sla',
    { schema: { tags, summary: 'A ticket’s SLA clocks: targets, due times, time left and state', params: z.object({ ticketId: z.string().min(1).max(64) }), response: { 200: ZTicketSla } }, config: { permission: 'tickets.read' } },
    async (request) => sla.getTicketSla(requireAccess(request.actor, 'tickets.read'), request.params.ticketId),
  );

  app.get(
    '/api/v1/sla/tickets',
    { schema: { tags, summary: 'For list badges: each ticket’s most pressing live clock (the running one due first, else a paused one)', querystring: ZTicketsSlaQuery, response: { 200: z.object({ data: z.array(ZTicketNextSla) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await sla.listNextOfTickets(requireAccess(request.actor, 'tickets.read'), request.query.ticketIds) }),
  );

  app.get(
    '/api/v1/sla/at-risk',
    { schema: { tags, summary: 'SLA at risk: running clocks due soon or overdue, soonest first', querystring: ZAtRiskQuery, response: { 200: z.object({ data: z.array(ZAtRiskItem) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await sla.listAtRisk(requireAccess(request.actor, 'tickets.read'), request.query) }),
  );
}
