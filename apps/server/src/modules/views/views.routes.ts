import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZTicketPage } from '../tickets/tickets.schema.js';
import { ZCreateViewRequest, ZSavedView, ZUpdateViewRequest } from './views.schema.js';

const tags = ['views'];
const ZViewParams = z.object({ viewId: z.uuid() });

export function registerViewRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/views',
    { schema: { tags, summary: 'Your personal views and the shared ones', response: { 200: z.object({ data: z.array(ZSavedView) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await services.views.list(requireAccess(request.actor, 'tickets.read')) }),
  );

  app.post(
    '/api/v1/views',
    { schema: { tags, summary: 'Save a view (shared views need a manager or admin)', body: ZCreateViewRequest, response: { 201: ZSavedView } }, config: { permission: 'views.write' } },
    async (request, reply) => reply.status(201).send(await services.views.create(requireAccess(request.actor, 'views.write'), request.body)),
  );

  app.patch(
    '/api/v1/views/:viewId',
    { schema: { tags, summary: 'Change a view', params: ZViewParams, body: ZUpdateViewRequest, response: { 200: ZSavedView } }, config: { permission: 'views.write' } },
    async (request) => services.views.update(requireAccess(request.actor, 'views.write'), request.params.viewId, request.body),
  );

  app.delete(
    '/api/v1/views/:viewId',
    { schema: { tags, summary: 'Delete a view', params: ZViewParams, response: { 204: z.null() } }, config: { permission: 'views.write' } },
    async (request, reply) => {
      await services.views.delete(requireAccess(request.actor, 'views.write'), request.params.viewId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/views/:viewId/tickets',
    { schema: { tags, summary: 'The tickets a view shows', params: ZViewParams, querystring: z.object({ cursor: z.string().max(512).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: ZTicketPage } }, config: { permission: 'tickets.read' } },
    async (request) => services.views.listTickets(requireAccess(request.actor, 'tickets.read'), request.params.viewId, request.query),
  );
}
