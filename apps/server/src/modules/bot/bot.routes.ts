import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZBotAnswer, ZBotAskRequest, ZBotSettings, ZUpdateBotSettingsRequest } from './bot.schema.js';

const tags = ['bot'];

export function registerBotRoutes(app: AppInstance, { bot }: Services): void {
  app.post(
    '/api/v1/bot/ask',
    {
      schema: {
        tags,
        summary:
          'Ask the bot a customer’s question: an answer from a public article of the knowledge base (with its confidence), a clarifying question naming two articles, or a handoff to a person with its reason (asked_for_human, frustration, sensitive_topic, vip, no_answer). Pass the answer’s conversationId to continue the conversation.',
        body: ZBotAskRequest,
        response: { 200: ZBotAnswer },
      },
      config: { permission: 'bot.ask' },
    },
    async (request) => bot.ask(requireAccess(request.actor, 'bot.ask').workspaceId, request.body),
  );

  app.get(
    '/api/v1/bot/settings',
    { schema: { tags, summary: 'The bot’s persona: greeting, tone, fallback and after-hours messages in both languages, what it collects before a handoff, and the topics it always hands off', response: { 200: ZBotSettings } }, config: { permission: 'bot.manage' } },
    async (request) => bot.getSettings(requireAccess(request.actor, 'bot.manage')),
  );

  app.patch(
    '/api/v1/bot/settings',
    { schema: { tags, summary: 'Change the bot’s persona (only the fields given); an empty text returns to the default for the tone', body: ZUpdateBotSettingsRequest, response: { 200: ZBotSettings } }, config: { permission: 'bot.manage' } },
    async (request) => bot.updateSettings(requireAccess(request.actor, 'bot.manage'), request.body),
  );
}
