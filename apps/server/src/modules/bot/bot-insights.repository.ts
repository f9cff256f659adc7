import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import { botConversations, botQuestions } from './bot.tables.js';

export interface BotInsightsFilter {
  from: Date;
  to: Date;
  language?: KbLanguage | undefined;
  channel?: string | undefined;
  /** The workspace's IANA time zone: days are its days. */
  timeZone: string;
}

export interface ConversationDay {
  date: string;
  conversations: number;
  resolvedWithoutHandoff: number;
  confirmedResolved: number;
  handoffs: number;
}

export interface QuestionDay {
  date: string;
  questions: number;
  answered: number;
}

/**
 * The bot's analytics, aggregated by the database: each query reads one workspace's rows of the period through the
 * (workspace, created_at) indexes and answers a few grouped rows, never the rows themselves.
 */
export class BotInsightsRepository {
  /** Conversations started each day: how many, resolved without a person (and confirmed by the customer), handed off. */
  async listConversationDays(executor: Executor, workspaceId: string, filter: BotInsightsFilter): Promise<ConversationDay[]> {
    const rows = await queryRows<{ date: string; conversations: number; resolved: number; confirmed: number; handoffs: number }>(
      executor,
      sql`SELECT s.day AS date, count(*)::int AS conversations,
            count(*) FILTER (WHERE s.handed_off_at IS NULL AND s.has_answer)::int AS resolved,
            count(*) FILTER (WHERE s.handed_off_at IS NULL AND s.has_answer AND s.resolved_at IS NOT NULL)::int AS confirmed,
            count(*) FILTER (WHERE s.handed_off_at IS NOT NULL)::int AS handoffs
          FROM (
            SELECT to_char(c.created_at AT TIME ZONE ${filter.timeZone}, 'YYYY-MM-DD') AS day, c.handed_off_at, c.resolved_at,
              EXISTS (SELECT 1 FROM ${botQuestions} q WHERE q.conversation_id = c.id AND q.outcome = 'answer') AS has_answer
            FROM ${botConversations} c
            WHERE ${sql.join(conversationConditions(workspaceId, filter), sql` AND `)}
          ) s
          GROUP BY s.day`,
    );
    return rows.map((row) => ({ date: row.date, conversations: Number(row.conversations), resolvedWithoutHandoff: Number(row.resolved), confirmedResolved: Number(row.confirmed), handoffs: Number(row.handoffs) }));
  }

  /** Conversations of the period handed to a person, by why. */
  async countHandoffsByReason(executor: Executor, workspaceId: string, filter: BotInsightsFilter): Promise<Array<{ reason: string; count: number }>> {
    const rows = await queryRows<{ reason: string; count: number }>(
      executor,
      sql`SELECT c.handoff_reason AS reason, count(*)::int AS count
          FROM ${botConversations} c
          WHERE ${sql.join([...conversationConditions(workspaceId, filter), sql`c.handed_off_at IS NOT NULL`, sql`c.handoff_reason IS NOT NULL`], sql` AND `)}
          GROUP BY c.handoff_reason`,
    );
    return rows.map((row) => ({ reason: row.reason, count: Number(row.count) }));
  }

  /** Questions asked each day, and how many the bot answered with an article. */
  async listQuestionDays(executor: Executor, workspaceId: string, filter: BotInsightsFilter): Promise<QuestionDay[]> {
    const rows = await queryRows<{ date: string; questions: number; answered: number }>(
      executor,
      sql`SELECT to_char(q.created_at AT TIME ZONE ${filter.timeZone}, 'YYYY-MM-DD') AS date, count(*)::int AS questions,
            count(*) FILTER (WHERE q.outcome = 'answer')::int AS answered
          FROM ${questionSource(filter)}
          WHERE ${sql.join(questionConditions(workspaceId, filter), sql` AND `)}
          GROUP BY 1`,
    );
    return rows.map((row) => ({ date: row.date, questions: Number(row.questions), answered: Number(row.answered) }));
  }

  /** The articles the bot answered with most in the period. */
  async listTopAnsweredArticles(executor: Executor, workspaceId: string, filter: BotInsightsFilter, limit: number): Promise<Array<{ articleId: string; count: number }>> {
    const rows = await queryRows<{ article_id: string; count: number }>(
      executor,
      sql`SELECT q.article_id, count(*)::int AS count
          FROM ${questionSource(filter)}
          WHERE ${sql.join([...questionConditions(workspaceId, filter), sql`q.outcome = 'answer'`, sql`q.article_id IS NOT NULL`], sql` AND `)}
          GROUP BY q.article_id
          ORDER BY count DESC, q.article_id
          LIMIT ${limit}`,
    );
    return rows.map((row) => ({ articleId: row.article_id, count: Number(row.count) }));
  }
}

function conversationConditions(workspaceId: string, filter: BotInsightsFilter): SQL[] {
  const conditions = [sql`c.workspace_id = ${workspaceId}`, sql`c.created_at >= ${filter.from.toISOString()}`, sql`c.created_at < ${filter.to.toISOString()}`];
  if (filter.language) conditions.push(sql`c.language = ${filter.language}`);
  if (filter.channel) conditions.push(sql`c.channel = ${filter.channel}`);
  return conditions;
}

/** The questions, with their conversation only when the channel (the conversation's) is asked for. */
function questionSource(filter: BotInsightsFilter): SQL {
  return filter.channel ? sql`${botQuestions} q JOIN ${botConversations} c ON c.id = q.conversation_id` : sql`${botQuestions} q`;
}

function questionConditions(workspaceId: string, filter: BotInsightsFilter): SQL[] {
  const conditions = [sql`q.workspace_id = ${workspaceId}`, sql`q.created_at >= ${filter.from.toISOString()}`, sql`q.created_at < ${filter.to.toISOString()}`];
  if (filter.language) conditions.push(sql`q.language = ${filter.language}`);
  if (filter.channel) conditions.push(sql`c.channel = ${filter.channel}`);
  return conditions;
}
