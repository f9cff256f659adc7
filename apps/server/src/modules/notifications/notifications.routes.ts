import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { NOTIFICATION_KINDS } from './notifications.service.js';

const ZNotification = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  ticketId: z.uuid().nullable(),
  commentId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function registerNotificationRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your mentions and assignments, newest first',
        querystring: z.object({ cursor: z.string().max(512).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), unread: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ data: z.array(ZNotification), nextCursor: z.string().nullable() }) },
      },
      config: { permission: 'account.own' },
    },
    async (request) =>
      services.notifications.list(requireAccess(request.actor, 'account.own'), { limit: request.query.limit, cursor: request.query.cursor, isUnreadOnly: request.query.unread === 'true' }),
  );

  app.post(
    '/api/v1/notifications/read',
    { schema: { tags: ['notifications'], summary: 'Mark notifications as read', body: z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict(), response: { 204: z.null() } }, config: { permission: 'account.own' } },
    async (request, reply) => {
      await services.notifications.markRead(requireAccess(request.actor, 'account.own'), request.body.ids);
      return reply.status(204).send(null);
    },
  );
}
