import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { ZPageQuery } from '../../shared/pagination.js';
import { requireAccess } from '../auth/permissions.js';
import {
  ZCreatedWebhook,
  ZCreateWebhookRequest,
  ZListDeliveriesQuery,
  ZUpdateWebhookRequest,
  ZWebhook,
  ZWebhookDelivery,
} from './webhooks.schema.js';

const ZWebhookParams = z.object({ webhookId: z.uuid() });
const ZDeliveryParams = z.object({ webhookId: z.uuid(), deliveryId: z.uuid() });

export function registerWebhookRoutes(app: AppInstance, services: Services): void {
  app.post(
    '/api/v1/webhooks',
    {
      schema: { tags: ['webhooks'], summary: 'Register a webhook endpoint (the answer holds its signing secret, shown once)', body: ZCreateWebhookRequest, response: { 201: ZCreatedWebhook } },
      config: { permission: 'webhooks.manage' },
    },
    async (request, reply) => reply.status(201).send(await services.webhooks.create(requireAccess(request.actor, 'webhooks.manage'), request.body)),
  );

  app.get(
    '/api/v1/webhooks',
    { schema: { tags: ['webhooks'], summary: 'Webhook endpoints, newest first', querystring: ZPageQuery, response: { 200: z.object({ data: z.array(ZWebhook), nextCursor: z.string().nullable() }) } }, config: { permission: 'webhooks.manage' } },
    async (request) => services.webhooks.list(requireAccess(request.actor, 'webhooks.manage'), request.query),
  );

  app.get(
    '/api/v1/webhooks/:webhookId',
    { schema: { tags: ['webhooks'], summary: 'One webhook endpoint', params: ZWebhookParams, response: { 200: ZWebhook } }, config: { permission: 'webhooks.manage' } },
    async (request) => services.webhooks.get(requireAccess(request.actor, 'webhooks.manage'), request.params.webhookId),
  );

  app.patch(
    '/api/v1/webhooks/:webhookId',
    { schema: { tags: ['webhooks'], summary: 'Change the address, description or events of an endpoint, or turn it off', params: ZWebhookParams, body: ZUpdateWebhookRequest, response: { 200: ZWebhook } }, config: { permission: 'webhooks.manage' } },
    async (request) => services.webhooks.update(requireAccess(request.actor, 'webhooks.manage'), request.params.webhookId, request.body),
  );

  app.delete(
    '/api/v1/webhooks/:webhookId',
    { schema: { tags: ['webhooks'], summary: 'Delete an endpoint and its delivery log', params: ZWebhookParams, response: { 204: z.null() } }, config: { permission: 'webhooks.manage' } },
    async (request, reply) => {
      await services.webhooks.delete(requireAccess(request.actor, 'webhooks.manage'), request.params.webhookId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhooks/:webhookId/deliveries',
    {
      schema: { tags: ['webhooks'], summary: 'Delivery log of an endpoint, newest first, each with its attempts', params: ZWebhookParams, querystring: ZListDeliveriesQuery, response: { 200: z.object({ data: z.array(ZWebhookDelivery), nextCursor: z.string().nullable() }) } },
      config: { permission: 'webhooks.manage' },
    },
    async (request) => services.webhooks.listDeliveries(requireAccess(request.actor, 'webhooks.manage'), request.params.webhookId, request.query),
  );

  app.post(
    '/api/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    { schema: { tags: ['webhooks'], summary: 'Send a delivery again, now (same webhook-id, so receivers can deduplicate)', params: ZDeliveryParams, response: { 202: ZWebhookDelivery } }, config: { permission: 'webhooks.manage' } },
    async (request, reply) =>
      reply.status(202).send(await services.webhooks.redeliver(requireAccess(request.actor, 'webhooks.manage'), request.params.webhookId, request.params.deliveryId)),
  );
}
