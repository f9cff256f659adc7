import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZTicketParams } from '../tickets/tickets.schema.js';
import { ZComment, ZCommentRevision, ZCreateCommentRequest, ZListCommentsQuery, ZUpdateCommentRequest } from './comments.schema.js';

const tags = ['comments'];
const ZCommentParams = ZTicketParams.extend({ commentId: z.uuid() });

export function registerCommentRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/tickets/:ticketId/comments',
    { schema: { tags, summary: 'The conversation: public replies and internal notes, oldest first', params: ZTicketParams, querystring: ZListCommentsQuery, response: { 200: z.object({ data: z.array(ZComment), nextCursor: z.string().nullable() }) } }, config: { permission: 'tickets.read' } },
    async (request) => services.comments.list(requireAccess(request.actor, 'tickets.read'), request.params.ticketId, request.query),
  );

  app.post(
    '/api/v1/tickets/:ticketId/comments',
    {
      schema: { tags, summary: 'Add a public reply or an internal note (`isPublic: false`); `@name` mentions notify staff', params: ZTicketParams, body: ZCreateCommentRequest, response: { 201: ZComment } },
      // Reviewers may write internal notes; the service also requires comments.public for public replies.
      config: { permission: 'comments.internal' },
    },
    async (request, reply) => reply.status(201).send(await services.comments.create(requireAccess(request.actor, 'comments.internal'), request.params.ticketId, request.body)),
  );

  app.patch(
    '/api/v1/tickets/:ticketId/comments/:commentId',
    { schema: { tags, summary: 'Edit a comment; the previous text is kept in its history', params: ZCommentParams, body: ZUpdateCommentRequest, response: { 200: ZComment } }, config: { permission: 'comments.internal' } },
    async (request) => services.comments.update(requireAccess(request.actor, 'comments.internal'), request.params.ticketId, request.params.commentId, request.body.body),
  );

  app.get(
    '/api/v1/tickets/:ticketId/comments/:commentId/revisions',
    { schema: { tags, summary: 'Edit history of a comment', params: ZCommentParams, response: { 200: z.object({ data: z.array(ZCommentRevision) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await services.comments.listRevisions(requireAccess(request.actor, 'tickets.read'), request.params.ticketId, request.params.commentId) }),
  );
}
