import { z } from 'zod';
import { ZPageQuery } from '../../shared/pagination.js';
import { EVENT_TYPES } from '../events/events.js';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Only http(s): a receiver is a web server, and other schemes (file:, javascript:) have no place here. */
const ZWebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'an http:// or https:// address' }));

const ZEventTypes = z
  .array(z.enum(EVENT_TYPES))
  .min(1, 'choose at least one event')
  .max(EVENT_TYPES.length * 2)
  .transform((types) => [...new Set(types)]);

export const ZWebhook = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.enum(EVENT_TYPES)),
  isEnabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWebhook = z.infer<typeof ZWebhook>;

/** The creation answer is the only place the signing secret is ever shown. */
export const ZCreatedWebhook = ZWebhook.extend({
  secret: z.string().describe('`whsec_…` signing secret; shown once, store it now'),
});
export type TCreatedWebhook = z.infer<typeof ZCreatedWebhook>;

export const ZCreateWebhookRequest = z
  .object({
    url: ZWebhookUrl,
    description: z.string().trim().max(500).default(''),
    eventTypes: ZEventTypes,
  })
  .strict();
export type TCreateWebhookRequest = z.infer<typeof ZCreateWebhookRequest>;

export const ZUpdateWebhookRequest = z
  .object({
    url: ZWebhookUrl,
    description: z.string().trim().max(500),
    eventTypes: ZEventTypes,
    isEnabled: z.boolean(),
  })
  .partial()
  .strict();
export type TUpdateWebhookRequest = z.infer<typeof ZUpdateWebhookRequest>;

export const ZWebhookAttempt = z.object({
  id: z.uuid(),
  attemptNumber: z.number().int(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable().describe('the first 2 KB of what the receiver answered'),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  createdAt: z.string(),
});
export type TWebhookAttempt = z.infer<typeof ZWebhookAttempt>;

export const ZWebhookDelivery = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  eventId: z.uuid().describe('sent as `webhook-id`: the same on every attempt, so receivers can deduplicate'),
  eventType: z.enum(EVENT_TYPES),
  status: z.enum(DELIVERY_STATUSES),
  attemptCount: z.number().int().describe('attempts since the delivery was queued (or last re-queued)'),
  nextAttemptAt: z.string().nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  attempts: z.array(ZWebhookAttempt),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZListDeliveriesQuery = ZPageQuery;
export type TListDeliveriesQuery = z.infer<typeof ZListDeliveriesQuery>;

/** The JSON body every receiver gets (Standard Webhooks); stored with the delivery so every retry sends the same content. */
export interface WebhookPayload extends Record<string, unknown> {
  id: string;
  type: string;
  workspaceId: string;
  timestamp: string;
  data: Record<string, unknown>;
}
