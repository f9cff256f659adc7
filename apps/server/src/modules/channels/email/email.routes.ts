import { z } from 'zod';
import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { attachmentContentDisposition } from '../../attachments/filenames.js';
import { requireAccess } from '../../auth/permissions.js';
import { ZTicketParams } from '../../tickets/tickets.schema.js';
import {
  ZCreateSupportAddressRequest,
  ZEmailBounce,
  ZEmailMessage,
  ZEmailMessageParams,
  ZEmailSettings,
  ZListEmailBouncesQuery,
  ZListEmailMessagesQuery,
  ZSupportAddress,
  ZSupportAddressParams,
  ZTicketEmailThread,
  ZUpdateEmailSettingsRequest,
} from './email.schema.js';

const tags = ['email'];

export function registerEmailRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/email/settings',
    { schema: { tags, summary: 'The workspace’s mail settings: default address, per-sender hourly limit, message size limit', response: { 200: ZEmailSettings } }, config: { permission: 'settings.read' } },
    async (request) => services.email.getSettings(requireAccess(request.actor, 'settings.read')),
  );

  app.patch(
    '/api/v1/email/settings',
    { schema: { tags, summary: 'Change the per-sender hourly limit or the message size limit', body: ZUpdateEmailSettingsRequest, response: { 200: ZEmailSettings } }, config: { permission: 'settings.manage' } },
    async (request) => services.email.updateSettings(requireAccess(request.actor, 'settings.manage'), request.body),
  );

  app.get(
    '/api/v1/email/addresses',
    { schema: { tags, summary: 'Support addresses: the default `<slug>@<MAIL_DOMAIN>` first, then the aliases', response: { 200: z.object({ data: z.array(ZSupportAddress) }) } }, config: { permission: 'settings.read' } },
    async (request) => ({ data: await services.email.listAddresses(requireAccess(request.actor, 'settings.read')) }),
  );

  app.post(
    '/api/v1/email/addresses',
    { schema: { tags, summary: 'Add a support address (an alias at the workspace’s own domain); 409 when a workspace already has it', body: ZCreateSupportAddressRequest, response: { 201: ZSupportAddress } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await services.email.addAddress(requireAccess(request.actor, 'settings.manage'), request.body.address)),
  );

  app.delete(
    '/api/v1/email/addresses/:address',
    { schema: { tags, summary: 'Remove an alias; the default address cannot be removed (409)', params: ZSupportAddressParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await services.email.removeAddress(requireAccess(request.actor, 'settings.manage'), request.params.address);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/email/messages',
    { schema: { tags, summary: 'Mail received and sent, newest first; filter by ticket or by what became of it (e.g. `throttled`)', querystring: ZListEmailMessagesQuery, response: { 200: z.object({ data: z.array(ZEmailMessage), nextCursor: z.string().nullable() }) } }, config: { permission: 'tickets.read' } },
    async (request) => services.email.listMessages(requireAccess(request.actor, 'tickets.read'), request.query),
  );

  app.get(
    '/api/v1/email/messages/:messageId',
    { schema: { tags, summary: 'One email message: headers, full text, sanitised HTML, attachments', params: ZEmailMessageParams, response: { 200: ZEmailMessage } }, config: { permission: 'tickets.read' } },
    async (request) => services.email.getMessage(requireAccess(request.actor, 'tickets.read'), request.params.messageId),
  );

  app.get(
    '/api/v1/email/messages/:messageId/raw',
    {
      schema: { tags, summary: 'The original message as received (.eml), always as a download', params: ZEmailMessageParams, produces: ['message/rfc822'] },
      config: { permission: 'attachments.read' },
    },
    async (request, reply) => {
      const raw = await services.email.openRawMessage(requireAccess(request.actor, 'attachments.read'), request.params.messageId);
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-length', raw.sizeBytes)
        .header('content-disposition', attachmentContentDisposition(raw.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(raw.content);
    },
  );

  app.get(
    '/api/v1/email/tickets/:ticketId',
    { schema: { tags, summary: 'A ticket’s mail thread: the reply address that leads back to it, the people in copy, and its messages with their attachments and the comment each became', params: ZTicketParams, response: { 200: ZTicketEmailThread } }, config: { permission: 'tickets.read' } },
    async (request) => services.email.getTicketThread(requireAccess(request.actor, 'tickets.read'), request.params.ticketId),
  );

  app.get(
    '/api/v1/email/bounces',
    { schema: { tags, summary: 'Delivery failures reported by mail servers, newest first, by customer, ticket or comment', querystring: ZListEmailBouncesQuery, response: { 200: z.object({ data: z.array(ZEmailBounce), nextCursor: z.string().nullable() }) } }, config: { permission: 'customers.read' } },
    async (request) => services.email.listBounces(requireAccess(request.actor, 'customers.read'), request.query),
  );
}
