import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZTicketParams } from '../tickets/tickets.schema.js';

const tags = ['presence'];
const ZPresence = z.object({ userId: z.uuid(), name: z.string(), state: z.enum(['viewing', 'replying']), expiresAt: z.string() });

export function registerPresenceRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/tickets/:ticketId/presence',
    { schema: { tags, summary: 'Who is viewing or replying to this ticket now', params: ZTicketParams, response: { 200: z.object({ data: z.array(ZPresence) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await services.presence.list(requireAccess(request.actor, 'tickets.read'), request.params.ticketId) }),
  );

  app.put(
    '/api/v1/tickets/:ticketId/presence',
    { schema: { tags, summary: 'Heartbeat: I am viewing or replying (expires after 30 s)', params: ZTicketParams, body: z.object({ state: z.enum(['viewing', 'replying']) }).strict(), response: { 200: z.object({ data: z.array(ZPresence) }) } }, config: { permission: 'presence.write' } },
    async (request) => ({ data: await services.presence.beat(requireAccess(request.actor, 'presence.write'), request.params.ticketId, request.body.state) }),
  );

  app.delete(
    '/api/v1/tickets/:ticketId/presence',
    { schema: { tags, summary: 'I left the ticket', params: ZTicketParams, response: { 204: z.null() } }, config: { permission: 'presence.write' } },
    async (request, reply) => {
      await services.presence.leave(requireAccess(request.actor, 'presence.write'), request.params.ticketId);
      return reply.status(204).send(null);
    },
  );
}
