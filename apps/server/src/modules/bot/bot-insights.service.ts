import { DateTime } from 'luxon';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Actor } from '../auth/permissions.js';
import type { KnowledgeBaseService } from '../knowledge-base/knowledge-base.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { TBotInsights, TBotInsightsQuery } from './bot-admin.schema.js';
import type { BotInsightsFilter, BotInsightsRepository } from './bot-insights.repository.js';
import type { BotLearningRepository } from './bot-learning.repository.js';
import { groupFailedQuestions, periodOf } from './bot-learning.service.js';
import { BOT_HANDOFF_REASONS, type BotHandoffReason } from './bot.schema.js';

const TOP_TOPICS = 10;
const TOP_FAILED = 10;
/** Distinct wordings of unanswered questions read to rank the failed queries. */
const FAILED_WORDINGS = 2000;

/**
 * The bot's analytics for a period: how many conversations and questions, how many answered, resolved without a
 * person, handed off (and why), day by day in the workspace's time zone, the articles it answers with most, and the
 * questions it most often finds nothing for.
 */
export class BotInsightsService {
  constructor(
    private readonly db: Database,
    private readonly repository: BotInsightsRepository,
    private readonly learning: BotLearningRepository,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly workspaces: WorkspacesService,
    private readonly clock: Clock,
  ) {}

  /** The workspace's time zone, whose days the daily counts follow (UTC if it is not one this runtime knows). */
  private async timeZoneOf(workspaceId: string): Promise<string> {
    const workspace = await this.workspaces.get(workspaceId);
    return DateTime.local().setZone(workspace.timeZone).isValid ? workspace.timeZone : 'UTC';
  }

  /** The totals of a period only: the two daily counts, without the articles and the unanswered questions. */
  async summarize(workspaceId: string, period: { from: Date; to: Date; language?: 'en' | 'fr' }): Promise<BotSummary> {
    const filter: BotInsightsFilter = { ...period, timeZone: await this.timeZoneOf(workspaceId) };
    const conversationDays = await this.repository.listConversationDays(this.db, workspaceId, filter);
    const questionDays = await this.repository.listQuestionDays(this.db, workspaceId, filter);
    const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);
    const conversations = sum(conversationDays, (day) => day.conversations);
    const questions = sum(questionDays, (day) => day.questions);
    const handoffs = sum(conversationDays, (day) => day.handoffs);
    const resolvedWithoutHandoff = sum(conversationDays, (day) => day.resolvedWithoutHandoff);
    const share = (count: number, total: number) => (total > 0 ? count / total : null);
    return {
      conversations,
      questions,
      answerRate: share(sum(questionDays, (day) => day.answered), questions),
      resolvedWithoutHandoff,
      resolvedRate: share(resolvedWithoutHandoff, conversations),
      handoffs,
      handoffRate: share(handoffs, conversations),
    };
  }

  async getInsights(actor: Actor, query: TBotInsightsQuery): Promise<TBotInsights> {
    const period = periodOf(query, this.clock.now());
    const timeZone = await this.timeZoneOf(actor.workspaceId);
    const filter: BotInsightsFilter = { ...period, language: query.language, channel: query.channel, timeZone };
    const workspaceId = actor.workspaceId;
    // One after the other: on PGlite the queries share one connection anyway, and on PostgreSQL they are short.
    const conversationDays = await this.repository.listConversationDays(this.db, workspaceId, filter);
    const questionDays = await this.repository.listQuestionDays(this.db, workspaceId, filter);
    const reasons = await this.repository.countHandoffsByReason(this.db, workspaceId, filter);
    const topArticles = await this.repository.listTopAnsweredArticles(this.db, workspaceId, filter, TOP_TOPICS);
    const unanswered = await this.learning.listFailedQuestionTexts(this.db, workspaceId, { ...period, language: query.language, channel: query.channel, isUnansweredOnly: true }, FAILED_WORDINGS);
    const articles = new Map((await this.knowledgeBase.listArticleTitles(workspaceId, topArticles.map((topic) => topic.articleId))).map((article) => [article.id, article]));

    const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);
    const conversations = sum(conversationDays, (day) => day.conversations);
    const questions = sum(questionDays, (day) => day.questions);
    const answered = sum(questionDays, (day) => day.answered);
    const resolvedWithoutHandoff = sum(conversationDays, (day) => day.resolvedWithoutHandoff);
    const handoffs = sum(conversationDays, (day) => day.handoffs);
    const rate = (count: number, total: number) => (total > 0 ? Math.round((count / total) * 10_000) / 10_000 : 0);
    const countByReason = new Map(reasons.map((row) => [row.reason, row.count]));

    const byConversationDay = new Map(conversationDays.map((day) => [day.date, day]));
    const byQuestionDay = new Map(questionDays.map((day) => [day.date, day]));
    return {
      period: { from: period.from.toISOString(), to: period.to.toISOString(), timeZone },
      totals: {
        conversations,
        questions,
        answered,
        answerRate: rate(answered, questions),
        resolvedWithoutHandoff,
        resolvedRate: rate(resolvedWithoutHandoff, conversations),
        confirmedResolved: sum(conversationDays, (day) => day.confirmedResolved),
        handoffs,
        handoffRate: rate(handoffs, conversations),
      },
      handoffsByReason: BOT_HANDOFF_REASONS.map((reason: BotHandoffReason) => ({ reason, count: countByReason.get(reason) ?? 0, rate: rate(countByReason.get(reason) ?? 0, conversations) })).sort(
        (a, b) => b.count - a.count,
      ),
      daily: daysOf(period.from, period.to, timeZone).map((date) => ({
        date,
        conversations: byConversationDay.get(date)?.conversations ?? 0,
        questions: byQuestionDay.get(date)?.questions ?? 0,
        answered: byQuestionDay.get(date)?.answered ?? 0,
        handoffs: byConversationDay.get(date)?.handoffs ?? 0,
      })),
      popularTopics: topArticles.flatMap((topic) => {
        const article = articles.get(topic.articleId);
        if (!article) return [];
        return [{ articleId: article.id, title: article.title, language: article.language, category: { id: article.categoryId, nameEn: article.categoryNameEn, nameFr: article.categoryNameFr }, count: topic.count }];
      }),
      failedQueries: groupFailedQuestions(unanswered)
        .slice(0, TOP_FAILED)
        .map((group) => ({ question: group.question, language: group.language, count: group.count, lastAskedAt: group.lastAskedAt.toISOString() })),
    };
  }
}

/** A period's headline figures (analytics shows them beside satisfaction and NPS): a share is null when nothing was counted. */
export interface BotSummary {
  conversations: number;
  questions: number;
  answerRate: number | null;
  resolvedWithoutHandoff: number;
  resolvedRate: number | null;
  handoffs: number;
  handoffRate: number | null;
}

/** Every day of the time zone the period touches, first to last, as YYYY-MM-DD. */
export function daysOf(from: Date, to: Date, timeZone: string): string[] {
  const first = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
  const last = DateTime.fromJSDate(new Date(to.getTime() - 1), { zone: timeZone }).startOf('day');
  const days: string[] = [];
  for (let day = first; day <= last; day = day.plus({ days: 1 })) days.push(day.toISODate()!);
  return days;
}
