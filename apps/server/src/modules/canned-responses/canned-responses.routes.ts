import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZTicketParams } from '../tickets/tickets.schema.js';
import { CANNED_VARIABLES, ZCannedResponse, ZCreateCannedResponseRequest, ZListCannedResponsesQuery, ZRenderedCannedResponse, ZUpdateCannedResponseRequest } from './canned-responses.schema.js';

const tags = ['canned-responses'];
const ZCannedParams = z.object({ cannedResponseId: z.uuid() });
const variables = CANNED_VARIABLES.map((name) => `\`{{${name}}}\``).join(', ');

export function registerCannedResponseRoutes(app: AppInstance, { cannedResponses }: Services): void {
  app.get(
    '/api/v1/canned-responses',
    {
      schema: {
        tags,
        summary: 'Canned responses the caller may use (their personal ones, the workspace’s shared ones and their teams’), by category then name',
        querystring: ZListCannedResponsesQuery,
        response: { 200: z.object({ data: z.array(ZCannedResponse) }) },
      },
      config: { permission: 'canned_responses.use' },
    },
    async (request) => ({ data: await cannedResponses.list(requireAccess(request.actor, 'canned_responses.use'), request.query) }),
  );

  app.post(
    '/api/v1/canned-responses',
    {
      schema: {
        tags,
        summary: `Create a canned response: personal (yours), or shared with the workspace or one team (managers and admins). Texts may use ${variables}.`,
        body: ZCreateCannedResponseRequest,
        response: { 201: ZCannedResponse },
      },
      config: { permission: 'canned_responses.use' },
    },
    async (request, reply) => reply.status(201).send(await cannedResponses.create(requireAccess(request.actor, 'canned_responses.use'), request.body)),
  );

  app.get(
    '/api/v1/canned-responses/:cannedResponseId',
    { schema: { tags, summary: 'One canned response the caller may use', params: ZCannedParams, response: { 200: ZCannedResponse } }, config: { permission: 'canned_responses.use' } },
    async (request) => cannedResponses.get(requireAccess(request.actor, 'canned_responses.use'), request.params.cannedResponseId),
  );

  app.patch(
    '/api/v1/canned-responses/:cannedResponseId',
    { schema: { tags, summary: 'Change a canned response: your personal ones, or a shared one (managers and admins)', params: ZCannedParams, body: ZUpdateCannedResponseRequest, response: { 200: ZCannedResponse } }, config: { permission: 'canned_responses.use' } },
    async (request) => cannedResponses.update(requireAccess(request.actor, 'canned_responses.use'), request.params.cannedResponseId, request.body),
  );

  app.delete(
    '/api/v1/canned-responses/:cannedResponseId',
    { schema: { tags, summary: 'Delete a canned response: your personal ones, or a shared one (managers and admins)', params: ZCannedParams, response: { 204: z.null() } }, config: { permission: 'canned_responses.use' } },
    async (request, reply) => {
      await cannedResponses.delete(requireAccess(request.actor, 'canned_responses.use'), request.params.cannedResponseId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/tickets/:ticketId/canned-responses/:cannedResponseId/render',
    {
      schema: {
        tags,
        summary:
          'The canned response filled in for this ticket and the calling agent, in the ticket’s language (the other one when it has no text in it), with the ticket changes to apply when the reply is sent; counts a use. Unknown variables are left out. Nothing is posted: send the text as a comment, then apply the changes with PATCH /tickets/{id}.',
        params: ZTicketParams.extend(ZCannedParams.shape),
        response: { 200: ZRenderedCannedResponse },
      },
      config: { permission: 'canned_responses.use' },
    },
    async (request) => cannedResponses.render(requireAccess(request.actor, 'canned_responses.use'), request.params.ticketId, request.params.cannedResponseId),
  );
}
