import multipart from '@fastify/multipart';
import type { AppInstance } from '../../../http/http-types.js';
import { receiveUpload } from '../../attachments/attachments.routes.js';
import { attachmentContentDisposition } from '../../attachments/filenames.js';
import type { Services } from '../../../services.js';
import { requireAccess } from '../../auth/permissions.js';
import { ZTicketParams } from '../../tickets/tickets.schema.js';
import {
  ZChatConversation,
  ZChatFile,
  ZChatFileParams,
  ZChatFileQuery,
  ZChatSettings,
  ZMarkChatReadRequest,
  ZCallbackRequest,
  ZOfflineMessage,
  ZOfflineMessageRequest,
  ZStartSessionRequest,
  ZUpdateChatSettingsRequest,
  ZVisitorSession,
  ZWidgetBotRequest,
  ZWidgetConfig,
  ZWidgetParams,
} from './chat.schema.js';
import { ZBotAnswer } from '../../bot/bot.schema.js';

/** Session starts per address and minute: room for many visitors behind one office address, not for minting visitors in bulk. */
const WIDGET_SESSIONS_PER_MINUTE = 60;
/** Widget loads per address and minute (each page view of a site reads the configuration once). */
const WIDGET_CONFIG_READS_PER_MINUTE = 300;
/** Files a visitor may upload per address and minute. */
const VISITOR_UPLOADS_PER_MINUTE = 30;
/** Chat file reads per address and minute (each open widget shows its chat's images). */
const VISITOR_FILE_READS_PER_MINUTE = 600;
/** Messages to the bot per address and minute: a conversation's pace, not a way to read the knowledge base in bulk. */
const BOT_MESSAGES_PER_MINUTE = 30;
/** Offline messages per address and hour: a visitor's few messages, not a way to flood the inbox. */
const OFFLINE_MESSAGES_PER_HOUR = 20;

export function registerChatRoutes(app: AppInstance, services: Services): void {
  app.post(
    '/api/v1/widget/:workspaceSlug/bot',
    {
      schema: {
        tags: ['chat'],
        summary:
          'A visitor’s message to the bot (public, with the visitor token): an answer from the knowledge base, a task, or a handoff. Once the handoff’s fields are collected, `chat` is the live chat it became (its ticket carries the bot’s note with the fields and the transcript); `chat_bot_disabled` (409) when the workspace turned the bot off',
        security: [],
        params: ZWidgetParams,
        body: ZWidgetBotRequest,
        response: { 200: ZBotAnswer.extend({ chat: ZChatConversation.nullable() }) },
      },
      config: {
        isPublic: true,
        rateLimit: { max: BOT_MESSAGES_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => `widget-bot:${request.ip}`, allowList: () => false },
      },
    },
    async (request) => services.chatBot.ask(request.params.workspaceSlug, request.body),
  );

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
    '/api/v1/widget/:workspaceSlug/config',
    {
      schema: {
        tags: ['chat'],
        summary: 'The widget’s configuration (public): colours, logo, pre-chat form, and whether an agent can answer now',
        security: [],
        params: ZWidgetParams,
        response: { 200: ZWidgetConfig },
      },
      config: {
        isPublic: true,
        rateLimit: { max: WIDGET_CONFIG_READS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => `widget-config:${request.ip}`, allowList: () => false },
      },
    },
    async (request) => services.chatBot.widgetConfig(request.params.workspaceSlug),
  );

  app.post(
    '/api/v1/widget/:workspaceSlug/offline-messages',
    {
      schema: {
        tags: ['chat'],
        summary: 'Leave a message while chat is offline (public): it becomes a ticket and the answer goes to the email given',
        security: [],
        params: ZWidgetParams,
        body: ZOfflineMessageRequest,
        response: { 201: ZOfflineMessage },
      },
      config: {
        isPublic: true,
        rateLimit: { max: OFFLINE_MESSAGES_PER_HOUR, timeWindow: '1 hour', keyGenerator: (request) => `widget-offline:${request.ip}`, allowList: () => false },
      },
    },
    async (request, reply) => reply.status(201).send(await services.chat.leaveOfflineMessage(request.params.workspaceSlug, request.body)),
  );

  app.post(
    '/api/v1/widget/:workspaceSlug/callback-requests',
    {
      schema: {
        tags: ['chat'],
        summary: '“Call me instead” (public): a phone ticket for the phone team to call the visitor back',
        security: [],
        params: ZWidgetParams,
        body: ZCallbackRequest,
        response: { 201: ZOfflineMessage },
      },
      config: {
        isPublic: true,
        rateLimit: { max: OFFLINE_MESSAGES_PER_HOUR, timeWindow: '1 hour', keyGenerator: (request) => `widget-callback:${request.ip}`, allowList: () => false },
      },
    },
    async (request, reply) => reply.status(201).send(await services.chat.requestCallback(request.params.workspaceSlug, request.body)),
  );

  // Multipart only in this scope, as for staff uploads: every other route keeps refusing anything but JSON.
  app.register(async (plugin) => {
    const scope = plugin as unknown as AppInstance;
    await scope.register(multipart, { throwFileSizeLimit: false });
    scope.post(
      '/api/v1/widget/:workspaceSlug/attachments',
      {
        schema: {
          tags: ['chat'],
          summary: 'Upload a file from the widget (public; the visitor token in `X-Visitor-Token`), to share it with the next message',
          description:
            'multipart/form-data with one part named `file`: images (PNG, JPEG, GIF, WebP), PDF, plain text, CSV and Office documents, 10 MB at most (413 beyond, 415 for another type or content that does not match it).',
          security: [],
          consumes: ['multipart/form-data'],
          params: ZWidgetParams,
          response: { 201: ZChatFile },
        },
        config: {
          isPublic: true,
          rateLimit: { max: VISITOR_UPLOADS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => `widget-upload:${request.ip}`, allowList: () => false },
        },
      },
      async (request, reply) => {
        const token = request.headers['x-visitor-token'];
        const file = await receiveUpload(request, services.config.maxUploadBytes, (input) =>
          services.chat.uploadVisitorFile(request.params.workspaceSlug, typeof token === 'string' ? token : undefined, input),
        );
        return reply.status(201).send(file);
      },
    );
  });

  app.get(
    '/api/v1/widget/:workspaceSlug/files/:attachmentId',
    {
      schema: {
        tags: ['chat'],
        summary: 'A file shared in a chat, through the signed link its message carries (public)',
        security: [],
        params: ZChatFileParams,
        querystring: ZChatFileQuery,
        produces: ['application/octet-stream'],
      },
      config: {
        isPublic: true,
        rateLimit: { max: VISITOR_FILE_READS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => `widget-file:${request.ip}`, allowList: () => false },
      },
    },
    async (request, reply) => {
      const { attachment, content } = await services.chat.openVisitorFile(request.params.workspaceSlug, request.params.attachmentId, request.query.signature);
      // Images show inline in the widget; anything else downloads. Nothing may be sniffed into a page or run.
      const isImage = /^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', attachment.sizeBytes)
        .header('content-disposition', isImage ? 'inline' : attachmentContentDisposition(attachment.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', 'private, max-age=3600')
        .send(content);
    },
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
    { schema: { tags: ['chat'], summary: 'Change the pre-chat form, the widget’s colour and logo, or the opening hours', body: ZUpdateChatSettingsRequest, response: { 200: ZChatSettings } }, config: { permission: 'settings.manage' } },
    async (request) => services.chat.updateSettings(requireAccess(request.actor, 'settings.manage'), request.body),
  );

  app.post(
    '/api/v1/chat/settings/identity-secret/rotate',
    { schema: { tags: ['chat'], summary: 'Replace the identity-verification secret (hashes made with the old one stop verifying)', response: { 200: ZChatSettings } }, config: { permission: 'settings.manage' } },
    async (request) => services.chat.rotateIdentitySecret(requireAccess(request.actor, 'settings.manage')),
  );
}
