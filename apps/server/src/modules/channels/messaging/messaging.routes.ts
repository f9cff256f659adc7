import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { requireAccess } from '../../auth/permissions.js';
import { ZTicketParams } from '../../tickets/tickets.schema.js';
import {
  ZCreateMessagingChannelRequest,
  ZMessagingChannel,
  ZMessagingChannelList,
  ZMessagingChannelParams,
  ZTicketMessaging,
  ZUpdateMessagingChannelRequest,
} from './messaging.schema.js';

const tags = ['messaging'];
/** Webhook calls per channel and minute: room for a busy account's bursts, not for a flood from a forged sender. */
const WEBHOOK_CALLS_PER_MINUTE = 6000;
const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/** WhatsApp, Messenger, Telegram and SMS accounts (admins), their conversations (agents), and the providers' webhooks. */
export function registerMessagingRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/messaging/channels',
    { schema: { tags, summary: 'Connected messaging accounts (WhatsApp, Messenger, Telegram, SMS), each with the webhook URL to give its provider; secrets are never answered', response: { 200: ZMessagingChannelList } }, config: { permission: 'settings.manage' } },
    async (request) => ({ data: await services.messaging.listChannels(requireAccess(request.actor, 'settings.manage')) }),
  );

  app.post(
    '/api/v1/messaging/channels',
    {
      schema: {
        tags,
        summary: 'Connect a messaging account; Telegram’s token is checked and its webhook registered at once; 409 when the account is connected already, 422 when the provider refuses',
        body: ZCreateMessagingChannelRequest,
        response: { 201: ZMessagingChannel },
      },
      config: { permission: 'settings.manage' },
    },
    async (request, reply) => reply.status(201).send(await services.messaging.createChannel(requireAccess(request.actor, 'settings.manage'), request.body, publicBaseUrlOf(services, request))),
  );

  app.get(
    '/api/v1/messaging/channels/:channelId',
    { schema: { tags, summary: 'One messaging account', params: ZMessagingChannelParams, response: { 200: ZMessagingChannel } }, config: { permission: 'settings.manage' } },
    async (request) => services.messaging.getChannel(requireAccess(request.actor, 'settings.manage'), request.params.channelId),
  );

  app.patch(
    '/api/v1/messaging/channels/:channelId',
    { schema: { tags, summary: 'Rename a messaging account, or turn it off (its webhooks answer 404 and replies are not sent)', params: ZMessagingChannelParams, body: ZUpdateMessagingChannelRequest, response: { 200: ZMessagingChannel } }, config: { permission: 'settings.manage' } },
    async (request) => services.messaging.updateChannel(requireAccess(request.actor, 'settings.manage'), request.params.channelId, request.body),
  );

  app.delete(
    '/api/v1/messaging/channels/:channelId',
    { schema: { tags, summary: 'Disconnect a messaging account (its tickets and their messages stay)', params: ZMessagingChannelParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await services.messaging.deleteChannel(requireAccess(request.actor, 'settings.manage'), request.params.channelId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tickets/:ticketId/messaging',
    { schema: { tags, summary: 'The messaging conversation behind a ticket: account, contact and each message’s delivery state (sent, delivered, read, failed)', params: ZTicketParams, response: { 200: ZTicketMessaging } }, config: { permission: 'tickets.read' } },
    async (request) => services.messaging.getForTicket(requireAccess(request.actor, 'tickets.read'), request.params.ticketId),
  );

  // The providers' calls: public (the signature or secret token is the credential), read as raw bytes because
  // the signatures cover the exact body.
  void app.register(async (scope) => {
    const webhooks = scope as unknown as AppInstance;
    webhooks.removeAllContentTypeParsers();
    webhooks.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    const rateLimit = { max: WEBHOOK_CALLS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `messaging-webhook:${(request.params as { channelId?: string }).channelId ?? request.ip}`, allowList: () => false };

    webhooks.get(
      '/api/v1/messaging/webhooks/:channelId',
      {
        schema: { tags, summary: 'Meta’s subscription check (WhatsApp, Messenger): echoes `hub.challenge` when `hub.verify_token` is the channel’s', security: [], params: ZMessagingChannelParams },
        config: { isPublic: true, rateLimit },
      },
      async (request, reply) => {
        const challenge = await services.messaging.answerChallenge(request.params.channelId, request.query as Record<string, unknown>);
        return reply.type('text/plain').send(challenge);
      },
    );

    webhooks.post(
      '/api/v1/messaging/webhooks/:channelId',
      {
        schema: { tags, summary: 'A provider’s webhook: messages become tickets and comments once its signature is checked (401 otherwise); receipts update replies', security: [], params: ZMessagingChannelParams },
        config: { isPublic: true, rateLimit },
      },
      async (request, reply) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const answer = await services.messaging.receiveWebhook(request.params.channelId, { rawBody, headers: request.headers, url: `${publicBaseUrlOf(services, request)}${request.url}` });
        return reply.type(answer.contentType).send(answer.body);
      },
    );
  });
}

/** The address callers reach us at: PUBLIC_URL when set, else the one this request came to. */
function publicBaseUrlOf(services: Services, request: FastifyRequest): string {
  return (services.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}
