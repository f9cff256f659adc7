import { and, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import { botLearnedAnswers, botLearningFixes } from './bot-learning.tables.js';
import { botConversations, botQuestions } from './bot.tables.js';

export type BotLearnedAnswerRow = typeof botLearnedAnswers.$inferSelect;
export type BotLearningFixRow = typeof botLearningFixes.$inferSelect;

/** Below this confidence an answer is listed for review, even though the bot gave it. */
export const LOW_CONFIDENCE = 0.7;

/** One wording of a question the bot did not answer well, with how often and how it failed. */
export interface FailedQuestionText {
  language: KbLanguage;
  question: string;
  count: number;
  lastAskedAt: Date;
  /** The latest question of this wording: it names the group in the API. */
  latestQuestionId: string;
  /**
   * The article the bot last proposed (in a clarifying question) or answered with; a search's best guess for a question
   * it found nothing for is too weak to offer.
   */
  candidateArticleId: string | null;
  noAnswerCount: number;
  clarifyCount: number;
  lowConfidenceCount: number;
  notHelpfulCount: number;
}

export interface FailedQuestionFilter {
  from: Date;
  to: Date;
  language?: KbLanguage | undefined;
  channel?: string | undefined;
  /** Only questions the bot found nothing for (no answer, or the handoff it led to): not clarifications nor weak answers. */
  isUnansweredOnly?: boolean;
}

/** A handoff for want of an answer counts as unanswered only for the question that caused it, not for the messages after. */
const UNANSWERED = sql`(q.outcome = 'no_answer' OR (q.outcome = 'handoff' AND q.reason = 'no_answer' AND c.handed_off_at IS NOT NULL AND q.created_at <= c.handed_off_at))`;
const WEAK_ANSWER = sql`(q.outcome = 'answer' AND (q.confidence < ${LOW_CONFIDENCE} OR q.feedback = 'not_helpful'))`;

/** The bot's records read for the learning list, and the learned answers and fixes it writes. */
export class BotLearningRepository {
  /**
   * The questions the bot did not answer well in a period, one row per exact wording and language, most asked first:
   * found nothing, asked which article was meant, handed off for want of an answer, answered with low confidence, or
   * answered and told it did not help. Wordings that fold alike are merged by the caller (with the bot's own fold).
   */
  async listFailedQuestionTexts(executor: Executor, workspaceId: string, filter: FailedQuestionFilter, limit: number): Promise<FailedQuestionText[]> {
    const conditions: SQL[] = [sql`q.workspace_id = ${workspaceId}`, sql`q.created_at >= ${filter.from.toISOString()}`, sql`q.created_at < ${filter.to.toISOString()}`];
    if (filter.language) conditions.push(sql`q.language = ${filter.language}`);
    if (filter.channel) conditions.push(sql`c.channel = ${filter.channel}`);
    conditions.push(filter.isUnansweredOnly ? UNANSWERED : sql`(q.outcome = 'clarify' OR ${UNANSWERED} OR ${WEAK_ANSWER})`);
    const rows = await queryRows<{
      language: KbLanguage;
      question: string;
      count: number;
      last_asked_at: Date | string;
      latest_question_id: string;
      candidate_article_id: string | null;
      no_answer_count: number;
      clarify_count: number;
      low_confidence_count: number;
      not_helpful_count: number;
    }>(
      executor,
      sql`SELECT q.language, q.question, count(*)::int AS count, max(q.created_at) AS last_asked_at,
            (array_agg(q.id ORDER BY q.created_at DESC, q.id DESC))[1] AS latest_question_id,
            (array_agg(q.article_id ORDER BY q.created_at DESC) FILTER (WHERE q.article_id IS NOT NULL AND q.outcome IN ('clarify', 'answer')))[1] AS candidate_article_id,
            count(*) FILTER (WHERE ${UNANSWERED})::int AS no_answer_count,
            count(*) FILTER (WHERE q.outcome = 'clarify')::int AS clarify_count,
            count(*) FILTER (WHERE q.outcome = 'answer' AND q.confidence < ${LOW_CONFIDENCE})::int AS low_confidence_count,
            count(*) FILTER (WHERE q.outcome = 'answer' AND q.feedback = 'not_helpful')::int AS not_helpful_count
          FROM ${botQuestions} q
          JOIN ${botConversations} c ON c.id = q.conversation_id AND c.workspace_id = q.workspace_id
          WHERE ${sql.join(conditions, sql` AND `)}
          GROUP BY q.language, q.question
          ORDER BY count DESC, last_asked_at DESC
          LIMIT ${limit}`,
    );
    return rows.map((row) => ({
      language: row.language,
      question: row.question,
      count: Number(row.count),
      lastAskedAt: new Date(row.last_asked_at),
      latestQuestionId: row.latest_question_id,
      candidateArticleId: row.candidate_article_id,
      noAnswerCount: Number(row.no_answer_count),
      clarifyCount: Number(row.clarify_count),
      lowConfidenceCount: Number(row.low_confidence_count),
      notHelpfulCount: Number(row.not_helpful_count),
    }));
  }

  async findQuestion(executor: Executor, workspaceId: string, id: string) {
    const [row] = await executor
      .select({ id: botQuestions.id, question: botQuestions.question, language: botQuestions.language, createdAt: botQuestions.createdAt })
      .from(botQuestions)
      .where(and(eq(botQuestions.workspaceId, workspaceId), eq(botQuestions.id, id)));
    return row;
  }

  /** The latest fix of each group fixed since `since`: a group asked again after it is listed again. */
  async listLatestFixesSince(executor: Executor, workspaceId: string, since: Date): Promise<Array<Pick<BotLearningFixRow, 'language' | 'foldedQuestion' | 'kind' | 'createdAt'>>> {
    return executor
      .selectDistinctOn([botLearningFixes.language, botLearningFixes.foldedQuestion], {
        language: botLearningFixes.language,
        foldedQuestion: botLearningFixes.foldedQuestion,
        kind: botLearningFixes.kind,
        createdAt: botLearningFixes.createdAt,
      })
      .from(botLearningFixes)
      .where(and(eq(botLearningFixes.workspaceId, workspaceId), gte(botLearningFixes.createdAt, since)))
      .orderBy(botLearningFixes.language, botLearningFixes.foldedQuestion, desc(botLearningFixes.createdAt));
  }

  async insertFix(executor: Executor, row: typeof botLearningFixes.$inferInsert): Promise<BotLearningFixRow> {
    const [inserted] = await executor.insert(botLearningFixes).values(row).returning();
    return inserted!;
  }

  /** Links a question to an article, replacing the article it was linked to before. */
  async upsertLearnedAnswer(executor: Executor, row: typeof botLearnedAnswers.$inferInsert): Promise<BotLearnedAnswerRow> {
    const [saved] = await executor
      .insert(botLearnedAnswers)
      .values(row)
      .onConflictDoUpdate({
        target: [botLearnedAnswers.workspaceId, botLearnedAnswers.language, botLearnedAnswers.foldedQuestion],
        set: { articleId: row.articleId, createdBy: row.createdBy ?? null, createdAt: row.createdAt ?? sql`now()` },
      })
      .returning();
    return saved!;
  }

  async findLearnedAnswer(executor: Executor, workspaceId: string, language: KbLanguage, foldedQuestion: string): Promise<BotLearnedAnswerRow | undefined> {
    const [row] = await executor
      .select()
      .from(botLearnedAnswers)
      .where(and(eq(botLearnedAnswers.workspaceId, workspaceId), eq(botLearnedAnswers.language, language), eq(botLearnedAnswers.foldedQuestion, foldedQuestion)));
    return row;
  }
}
