import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { requireAccess } from '../../auth/permissions.js';
import { ZTicketParams } from '../../tickets/tickets.schema.js';
import { ZChatConversation, ZChatSettings, ZMarkChatReadRequest, ZStartSessionRequest, ZUpdateChatSettingsRequest, ZVisitorSession, ZWidgetParams } from './chat.schema.js';

/** Session starts per address and minute: room for many visitors behind one office address, not for minting visitors in bulk. */
const WIDGET_SESSIONS_PER_MINUTE = 60;

export function registerChatRoutes(app: AppInstance, services: Services): void {
  app.post(
    '/api/v1/widget/:workspaceSlug/sessions',
    {
      schema: {
        tags: ['chat'],
        summary: 'Start or resume a chat visitor (public, for the widget); answers the visitor token for the `/widget` socket',
        security: [],
        params: ZWidgetParams,
        body: ZStartSessionRequest,
        response: { 200: ZVisitorSession },
      },
      config: {
        isPublic: true,
        // Counted per address for every caller, like sign-in: the global allow list must not lift it.
        rateLimit: { max: WIDGET_SESSIONS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => `widget-session:${request.ip}`, allowList: () => false },
      },
    },
    async (request) => services.chat.startSession(request.params.workspaceSlug, request.body),
  );

  app.get(
    '/api/v1/tickets/:ticketId/chat',
    { schema: { tags: ['chat'], summary: 'The live chat behind a chat ticket: last sequence number and both sides’ read positions', params: ZTicketParams, response: { 200: ZChatConversation } }, config: { permission: 'tickets.read' } },
    async (request) => services.chat.getForTicket(requireAccess(request.actor, 'tickets.read'), request.params.ticketId),
  );

  app.post(
    '/api/v1/tickets/:ticketId/chat/read',
    {
      schema: { tags: ['chat'], summary: 'Mark the chat read up to a sequence number (the visitor sees the receipt)', params: ZTicketParams, body: ZMarkChatReadRequest, response: { 200: ZChatConversation } },
      config: { permission: 'comments.public' },
    },
    async (request) => services.chat.agentRead(requireAccess(request.actor, 'comments.public'), request.params.ticketId, request.body.seq),
  );

  app.get(
    '/api/v1/chat/settings',
    { schema: { tags: ['chat'], summary: 'Live chat settings: pre-chat form and identity-verification secret', response: { 200: ZChatSettings } }, config: { permission: 'settings.manage' } },
    async (request) => services.chat.getSettings(requireAccess(request.actor, 'settings.manage')),
  );

  app.patch(
    '/api/v1/chat/settings',
    { schema: { tags: ['chat'], summary: 'Change the pre-chat form', body: ZUpdateChatSettingsRequest, response: { 200: ZChatSettings } }, config: { permission: 'settings.manage' } },
    async (request) => services.chat.updateSettings(requireAccess(request.actor, 'settings.manage'), request.body.preChatForm),
  );

  app.post(
    '/api/v1/chat/settings/identity-secret/rotate',
    { schema: { tags: ['chat'], summary: 'Replace the identity-verification secret (hashes made with the old one stop verifying)', response: { 200: ZChatSettings } }, config: { permission: 'settings.manage' } },
    async (request) => services.chat.rotateIdentitySecret(requireAccess(request.actor, 'settings.manage')),
  );
}
