import { z } from 'zod';
import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { requireAccess } from '../../auth/permissions.js';
import { ZTicketParams } from '../../tickets/tickets.schema.js';
import {
  ZEmailDelivery,
  ZEmailOutboundSettings,
  ZEmailTemplate,
  ZEmailTemplateKindParams,
  ZEmailTemplatePreview,
  ZPreviewEmailTemplateRequest,
  ZPutEmailTemplateRequest,
  ZUpdateEmailOutboundSettingsRequest,
} from './email-outbound.schema.js';

const tags = ['email'];

export function registerEmailOutboundRoutes(app: AppInstance, services: Services): void {
  const { emailOutbound } = services;

  app.get(
    '/api/v1/email/outbound-settings',
    { schema: { tags, summary: 'How outgoing mail looks and when it goes out: colour, footers, auto-acknowledgements, business hours', response: { 200: ZEmailOutboundSettings } }, config: { permission: 'settings.read' } },
    async (request) => emailOutbound.getSettings(requireAccess(request.actor, 'settings.read')),
  );

  app.patch(
    '/api/v1/email/outbound-settings',
    { schema: { tags, summary: 'Change some outgoing mail settings', body: ZUpdateEmailOutboundSettingsRequest, response: { 200: ZEmailOutboundSettings } }, config: { permission: 'settings.manage' } },
    async (request) => emailOutbound.updateSettings(requireAccess(request.actor, 'settings.manage'), request.body),
  );

  app.get(
    '/api/v1/email/templates',
    { schema: { tags, summary: 'Every email template, in English and French', response: { 200: z.object({ data: z.array(ZEmailTemplate) }) } }, config: { permission: 'settings.read' } },
    async (request) => ({ data: await emailOutbound.listTemplates(requireAccess(request.actor, 'settings.read')) }),
  );

  app.get(
    '/api/v1/email/templates/:kind',
    { schema: { tags, summary: 'One email template (reply, auto-acknowledgement inside or outside business hours, resolved, chat transcript), both languages', params: ZEmailTemplateKindParams, response: { 200: ZEmailTemplate } }, config: { permission: 'settings.read' } },
    async (request) => emailOutbound.getTemplate(requireAccess(request.actor, 'settings.read'), request.params.kind),
  );

  app.put(
    '/api/v1/email/templates/:kind',
    {
      schema: {
        tags,
        summary: 'Save a template\'s subject and body per language; `{{ticket.number}}`, `{{ticket.subject}}`, `{{customer.name}}`, `{{agent.name}}`, `{{workspace.name}}`, `{{satisfaction.url}}`, `{{nps.url}}`, `{{reply.body}}` as the kind allows; null restores the built-in wording',
        params: ZEmailTemplateKindParams,
        body: ZPutEmailTemplateRequest,
        response: { 200: ZEmailTemplate },
      },
      config: { permission: 'settings.manage' },
    },
    async (request) => emailOutbound.putTemplate(requireAccess(request.actor, 'settings.manage'), request.params.kind, request.body),
  );

  app.post(
    '/api/v1/email/templates/:kind/preview',
    { schema: { tags, summary: 'Render a template (saved, or drafts in the body) in both languages with sample values; nothing is saved or sent', params: ZEmailTemplateKindParams, body: ZPreviewEmailTemplateRequest.optional(), response: { 200: ZEmailTemplatePreview } }, config: { permission: 'settings.manage' } },
    async (request) => emailOutbound.previewTemplate(requireAccess(request.actor, 'settings.manage'), request.params.kind, request.body ?? {}),
  );

  app.get(
    '/api/v1/tickets/:ticketId/email-deliveries',
    { schema: { tags, summary: 'Every email sent (or to be sent) about a ticket and what became of it: replies, acknowledgements, notifications', params: ZTicketParams, response: { 200: z.object({ data: z.array(ZEmailDelivery) }) } }, config: { permission: 'tickets.read' } },
    async (request) => ({ data: await emailOutbound.listForTicket(requireAccess(request.actor, 'tickets.read'), request.params.ticketId) }),
  );
}
