import { z } from 'zod';
import { ZKbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import { ZPageQuery } from '../../shared/pagination.js';
import { BOT_HANDOFF_REASONS } from './bot.schema.js';

/** Where a bot conversation takes place. */
export const BOT_CHANNELS = ['api', 'chat', 'messaging'] as const;
export type BotChannel = (typeof BOT_CHANNELS)[number];

const ZPeriod = {
  from: z.iso.datetime({ offset: true }).optional().describe('Start of the period (included); 30 days before `to` when not given'),
  to: z.iso.datetime({ offset: true }).optional().describe('End of the period (excluded); now when not given'),
};

// ── Analytics ───────────────────────────────────────────────────────────────────────────────────────────

export const ZBotInsightsQuery = z.object({
  ...ZPeriod,
  language: ZKbLanguage.optional().describe('Only conversations and questions in this language'),
  channel: z.enum(BOT_CHANNELS).optional().describe('Only conversations on this channel: api, chat or messaging'),
});
export type TBotInsightsQuery = z.infer<typeof ZBotInsightsQuery>;

const ZRate = z.number().min(0).max(1).describe('A share, 0 to 1');

export const ZBotInsights = z.object({
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), timeZone: z.string().describe('The workspace’s time zone, which the days of `daily` follow') }),
  totals: z.object({
    conversations: z.number().int().describe('Conversations started in the period'),
    questions: z.number().int().describe('Questions asked in the period'),
    answered: z.number().int().describe('Questions the bot answered with an article'),
    answerRate: ZRate.describe('answered / questions'),
    resolvedWithoutHandoff: z.number().int().describe('Conversations with an answer that never went to a person'),
    resolvedRate: ZRate.describe('resolvedWithoutHandoff / conversations'),
    confirmedResolved: z.number().int().describe('Of those, the ones where the customer said the answer helped'),
    handoffs: z.number().int().describe('Conversations handed to a person'),
    handoffRate: ZRate.describe('handoffs / conversations'),
  }),
  handoffsByReason: z.array(z.object({ reason: z.enum(BOT_HANDOFF_REASONS), count: z.number().int(), rate: ZRate.describe('Of all conversations') })).describe('Every reason, most frequent first'),
  daily: z.array(
    z.object({
      date: z.iso.date().describe('A day in the workspace’s time zone'),
      conversations: z.number().int(),
      questions: z.number().int(),
      answered: z.number().int(),
      handoffs: z.number().int(),
    }),
  ),
  popularTopics: z
    .array(
      z.object({
        articleId: z.uuid(),
        title: z.string(),
        language: ZKbLanguage,
        category: z.object({ id: z.uuid(), nameEn: z.string(), nameFr: z.string() }).nullable(),
        count: z.number().int().describe('Questions answered with it'),
      }),
    )
    .describe('The articles the bot answered with most (at most 10)'),
  failedQueries: z
    .array(z.object({ question: z.string().describe('Its latest wording'), language: ZKbLanguage, count: z.number().int(), lastAskedAt: z.iso.datetime() }))
    .describe('The questions the bot found nothing for most often, wordings that differ only by case, accents or punctuation counted together (at most 10)'),
});
export type TBotInsights = z.infer<typeof ZBotInsights>;

// ── The learning list ───────────────────────────────────────────────────────────────────────────────────

export const ZListBotLearningQuery = ZPageQuery.extend({
  ...ZPeriod,
  language: ZKbLanguage.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TListBotLearningQuery = z.infer<typeof ZListBotLearningQuery>;

export const ZBotLearningArticle = z.object({ id: z.uuid(), title: z.string(), language: ZKbLanguage });

export const ZBotLearningGroup = z.object({
  id: z.uuid().describe('The group’s latest question: the one to name in a fix'),
  question: z.string().describe('Its latest wording'),
  language: ZKbLanguage,
  phrasings: z.array(z.string()).describe('The group’s wordings, most asked first (at most 5)'),
  count: z.number().int().describe('Times asked in the period without a good answer'),
  lastAskedAt: z.iso.datetime(),
  reasons: z.object({
    noAnswer: z.number().int().describe('Nothing found (or handed off for it)'),
    clarify: z.number().int().describe('The bot asked which of two articles was meant'),
    lowConfidence: z.number().int().describe('Answered with a confidence under 0.7'),
    notHelpful: z.number().int().describe('Answered, and the customer said it did not help'),
  }),
  candidateArticle: ZBotLearningArticle.nullable().describe('The published, public article the bot proposed or answered with most often, to link in one click; null when it found nothing'),
});
export type TBotLearningGroup = z.infer<typeof ZBotLearningGroup>;

export const ZBotLearningPage = z.object({ data: z.array(ZBotLearningGroup), nextCursor: z.string().nullable() });

export const ZBotQuestionParams = z.object({ questionId: z.uuid() });

export const ZLinkBotArticleRequest = z.strictObject({
  articleId: z.uuid().describe('A published, public article in the question’s language'),
});
export type TLinkBotArticleRequest = z.infer<typeof ZLinkBotArticleRequest>;

export const ZDraftBotArticleRequest = z.strictObject({
  sectionId: z.uuid().optional().describe('Where the draft goes; the first section of the knowledge base when not given'),
});
export type TDraftBotArticleRequest = z.infer<typeof ZDraftBotArticleRequest>;

const ZSynonymTerm = z.string().trim().toLowerCase().min(1).max(60);

export const ZAddBotSynonymRequest = z.strictObject({
  term: ZSynonymTerm.describe('A word or phrase the articles use, e.g. refund; its synonym group in the question’s language gets the words, or a new group starts with it'),
  words: z
    .array(ZSynonymTerm)
    .min(1)
    .max(10)
    .transform((words) => [...new Set(words)])
    .describe('The customer’s words for it, e.g. money back'),
});
export type TAddBotSynonymRequest = z.infer<typeof ZAddBotSynonymRequest>;

export const ZBotLearningFix = z.object({
  id: z.uuid(),
  kind: z.enum(['link_article', 'draft_article', 'add_synonym', 'dismiss']),
  language: ZKbLanguage,
  foldedQuestion: z.string().describe('The question as compared: lowercase, accents and punctuation removed'),
  articleId: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type TBotLearningFix = z.infer<typeof ZBotLearningFix>;

export const ZBotLinkAnswer = z.object({ fix: ZBotLearningFix, article: ZBotLearningArticle });
export const ZBotDraftAnswer = z.object({ fix: ZBotLearningFix, article: ZBotLearningArticle.describe('The new draft, to open and complete') });
export const ZBotSynonymAnswer = z.object({ fix: ZBotLearningFix, group: z.object({ language: ZKbLanguage, terms: z.array(z.string()) }).describe('The synonym group as it is now') });
export const ZBotDismissAnswer = z.object({ fix: ZBotLearningFix });
