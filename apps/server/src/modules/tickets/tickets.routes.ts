import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZCustomer } from '../customers/customers.schema.js';
import {
  ZBulkUpdateRequest,
  ZBulkUpdateResult,
  ZCreateTicketRequest,
  ZLinkTicketRequest,
  ZListTicketsQuery,
  ZMergeTicketRequest,
  ZReplaceTicketRequest,
  ZTicket,
  ZTicketActivity,
  ZTicketCount,
  ZTicketFilters,
  ZTicketPage,
  ZTicketParams,
  ZUpdateTicketRequest,
} from './tickets.schema.js';

const tags = ['tickets'];

export function registerTicketRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/tickets',
    { schema: { tags, summary: 'Tickets with filters, sort and full-text `q`', querystring: ZListTicketsQuery, response: { 200: ZTicketPage } }, config: { permission: 'tickets.read' } },
    async (request) => services.tickets.list(requireAccess(request.actor, 'tickets.read'), request.query),
  );

  app.get(
    '/api/v1/tickets/count',
    { schema: { tags, summary: 'How many tickets match the filters (inbox counters); counts up to 10,000', querystring: ZTicketFilters, response: { 200: ZTicketCount } }, config: { permission: 'tickets.read' } },
    async (request) => services.tickets.count(requireAccess(request.actor, 'tickets.read'), request.query),
  );

  app.post(
    '/api/v1/tickets',
    {
      schema: {
        tags,
        summary: 'Create a ticket; `customer_email` finds or creates the customer',
        body: ZCreateTicketRequest,
        response: { 201: ZTicket },
      },
      config: { permission: 'tickets.write' },
    },
    async (request, reply) => reply.status(201).send(await services.tickets.create(requireAccess(request.actor, 'tickets.write'), request.body)),
  );

  app.post(
    '/api/v1/tickets/bulk',
    { schema: { tags, summary: 'Assign, set status or priority, add or remove tags on up to 100 tickets; one result per ticket', body: ZBulkUpdateRequest, response: { 200: ZBulkUpdateResult } }, config: { permission: 'tickets.write' } },
    async (request) => services.tickets.bulkUpdate(requireAccess(request.actor, 'tickets.write'), request.body),
  );

  app.get(
    '/api/v1/tickets/:ticketId',
    { schema: { tags, summary: 'One ticket, by id or number', params: ZTicketParams, response: { 200: ZTicket } }, config: { permission: 'tickets.read' } },
    async (request) => services.tickets.get(requireAccess(request.actor, 'tickets.read'), request.params.ticketId),
  );

  app.patch(
    '/api/v1/tickets/:ticketId',
    { schema: { tags, summary: 'Change some fields of a ticket', params: ZTicketParams, body: ZUpdateTicketRequest, response: { 200: ZTicket } }, config: { permission: 'tickets.write' } },
    async (request) => services.tickets.update(requireAccess(request.actor, 'tickets.write'), request.params.ticketId, request.body),
  );

  app.put(
    '/api/v1/tickets/:ticketId',
    { schema: { tags, summary: 'Replace the editable fields of a ticket', params: ZTicketParams, body: ZReplaceTicketRequest, response: { 200: ZTicket } }, config: { permission: 'tickets.write' } },
    async (request) => services.tickets.update(requireAccess(request.actor, 'tickets.write'), request.params.ticketId, request.body, true),
  );

  app.delete(
    '/api/v1/tickets/:ticketId',
    { schema: { tags, summary: 'Delete a ticket (recorded in the audit log)', params: ZTicketParams, response: { 204: z.null() } }, config: { permission: 'tickets.delete' } },
    async (request, reply) => {
      await services.tickets.delete(requireAccess(request.actor, 'tickets.delete'), request.params.ticketId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tickets/:ticketId/activity',
    { schema: { tags, summary: 'Every change to the ticket: who, what, when, old and new values', params: ZTicketParams, response: { 200: z.object({ data: z.array(ZTicketActivity) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await services.tickets.listActivity(requireAccess(request.actor, 'tickets.read'), request.params.ticketId) }),
  );

  app.post(
    '/api/v1/tickets/:ticketId/merge',
    { schema: { tags, summary: 'Merge this ticket into another: comments move, this one closes', params: ZTicketParams, body: ZMergeTicketRequest, response: { 200: ZTicket } }, config: { permission: 'tickets.write' } },
    async (request) => services.ticketMerge.merge(requireAccess(request.actor, 'tickets.write'), request.params.ticketId, request.body.targetTicketId),
  );

  const ZLink = z.object({ kind: z.string(), ticket: z.object({ id: z.uuid(), number: z.number(), subject: z.string(), status: z.string() }), createdAt: z.string() });
  app.get(
    '/api/v1/tickets/:ticketId/links',
    { schema: { tags, summary: 'Related and merged tickets', params: ZTicketParams, response: { 200: z.object({ data: z.array(ZLink) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await services.tickets.listLinks(requireAccess(request.actor, 'tickets.read'), request.params.ticketId) }),
  );

  app.post(
    '/api/v1/tickets/:ticketId/links',
    { schema: { tags, summary: 'Link a related ticket (shown on both)', params: ZTicketParams, body: ZLinkTicketRequest, response: { 204: z.null() } }, config: { permission: 'tickets.write' } },
    async (request, reply) => {
      await services.tickets.link(requireAccess(request.actor, 'tickets.write'), request.params.ticketId, request.body.ticketId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/tickets/:ticketId/links/:linkedTicketId',
    { schema: { tags, summary: 'Remove a link', params: ZTicketParams.extend({ linkedTicketId: z.uuid() }), response: { 204: z.null() } }, config: { permission: 'tickets.write' } },
    async (request, reply) => {
      await services.tickets.unlink(requireAccess(request.actor, 'tickets.write'), request.params.ticketId, request.params.linkedTicketId);
      return reply.status(204).send(null);
    },
  );

  const ZSearchQuery = ZTicketFilters.omit({ q: true }).extend({
    q: z.string().trim().min(1).max(500),
    type: z.enum(['ticket', 'customer']).default('ticket'),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  });
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search in English and French over tickets (subject, description, comments) or customers',
        querystring: ZSearchQuery,
        response: {
          200: z.object({
            data: z.array(z.union([ZTicket.extend({ rank: z.number(), resultType: z.literal('ticket') }), ZCustomer.extend({ resultType: z.literal('customer') })])),
            nextCursor: z.string().nullable(),
          }),
        },
      },
      config: { permission: 'tickets.read' },
    },
    async (request) => {
      const actor = requireAccess(request.actor, 'tickets.read');
      const { q, type, cursor, limit, ...filters } = request.query;
      if (type === 'customer') {
        const page = await services.customers.list(requireAccess(actor, 'customers.read'), { q, cursor, limit });
        return { data: page.data.map((customer) => ({ ...customer, resultType: 'customer' as const })), nextCursor: page.nextCursor };
      }
      const page = await services.tickets.search(actor, q, filters, limit, cursor);
      return { data: page.data.map((ticket) => ({ ...ticket, resultType: 'ticket' as const })), nextCursor: page.nextCursor };
    },
  );
}
