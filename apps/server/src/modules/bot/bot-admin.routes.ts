import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import {
  ZAddBotSynonymRequest,
  ZBotDismissAnswer,
  ZBotDraftAnswer,
  ZBotInsights,
  ZBotInsightsQuery,
  ZBotLearningPage,
  ZBotLinkAnswer,
  ZBotQuestionParams,
  ZBotSynonymAnswer,
  ZDraftBotArticleRequest,
  ZLinkBotArticleRequest,
  ZListBotLearningQuery,
} from './bot-admin.schema.js';

const tags = ['bot'];
const manage = { permission: 'bot.manage' } as const;

/** The bot's analytics and learning list, for admins and managers. */
export function registerBotAdminRoutes(app: AppInstance, { botInsights, botLearning }: Services): void {
  app.get(
    '/api/v1/bot/insights',
    {
      schema: {
        tags,
        summary:
          'Bot analytics for a period (default: the last 30 days) and, optionally, a language or channel: conversations, questions, answered, resolved without a person (and confirmed by the customer), handoffs by reason, a daily series in the workspace’s time zone, the articles answered with most, and the questions most often left unanswered',
        querystring: ZBotInsightsQuery,
        response: { 200: ZBotInsights },
      },
      config: manage,
    },
    async (request) => botInsights.getInsights(requireAccess(request.actor, 'bot.manage'), request.query),
  );

  app.get(
    '/api/v1/bot/learning/questions',
    {
      schema: {
        tags,
        summary:
          'The questions the bot did not answer well (nothing found, a clarifying question, a handoff for want of an answer, an answer under 0.7 confidence or one the customer said did not help), grouped by wording (case, accents and punctuation aside) and language, most asked first; a group fixed or dismissed since it was last asked is left out',
        querystring: ZListBotLearningQuery,
        response: { 200: ZBotLearningPage },
      },
      config: manage,
    },
    async (request) => botLearning.listGroups(requireAccess(request.actor, 'bot.manage'), request.query),
  );

  app.post(
    '/api/v1/bot/learning/questions/:questionId/link-article',
    {
      schema: {
        tags,
        summary: 'Answer the question’s group with an article from now on: the bot answers the same question, in that language, with this published, public article',
        params: ZBotQuestionParams,
        body: ZLinkBotArticleRequest,
        response: { 200: ZBotLinkAnswer },
      },
      config: manage,
    },
    async (request) => botLearning.linkArticle(requireAccess(request.actor, 'bot.manage'), request.params.questionId, request.body),
  );

  app.post(
    '/api/v1/bot/learning/questions/:questionId/draft-article',
    {
      schema: {
        tags,
        summary: 'Start a draft article for the question’s group, in its language: titled with the question, its body listing the customers’ wordings',
        params: ZBotQuestionParams,
        body: ZDraftBotArticleRequest,
        response: { 201: ZBotDraftAnswer },
      },
      config: manage,
    },
    async (request, reply) => reply.status(201).send(await botLearning.draftArticle(requireAccess(request.actor, 'bot.manage'), request.params.questionId, request.body)),
  );

  app.post(
    '/api/v1/bot/learning/questions/:questionId/add-synonym',
    {
      schema: {
        tags,
        summary: 'Add the customer’s words as synonyms of a term, in the question’s language (the term’s synonym group, or a new one)',
        params: ZBotQuestionParams,
        body: ZAddBotSynonymRequest,
        response: { 200: ZBotSynonymAnswer },
      },
      config: manage,
    },
    async (request) => botLearning.addSynonym(requireAccess(request.actor, 'bot.manage'), request.params.questionId, request.body),
  );

  app.post(
    '/api/v1/bot/learning/questions/:questionId/dismiss',
    {
      schema: { tags, summary: 'Nothing to fix: the question’s group leaves the list until it goes unanswered again', params: ZBotQuestionParams, response: { 200: ZBotDismissAnswer } },
      config: manage,
    },
    async (request) => botLearning.dismiss(requireAccess(request.actor, 'bot.manage'), request.params.questionId),
  );
}
