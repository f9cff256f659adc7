import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import type { Scope } from './analytics-query.js';
import type { TAnalyticsFilters } from './analytics.schema.js';
import { analyticsSentimentDaily, analyticsSentimentMessages } from './analytics-sentiment.tables.js';
import { analyticsTicketFacts } from './analytics.tables.js';

export type SentimentMessageRow = typeof analyticsSentimentMessages.$inferInsert;

/** A change of one row of `analytics_sentiment_daily`. */
export interface SentimentDelta {
  workspaceId: string;
  day: string;
  language: string;
  channel: string;
  messages: number;
  scoreSum: number;
  negativeCount: number;
}

/** Messages of one day and language, as the reads add them up. */
export interface SentimentDayRow {
  day: string;
  language: string;
  messages: number;
  scoreSum: number;
  negative: number;
}

/** The sentiment tables: each customer message's score, and their daily sums. */
export class AnalyticsSentimentRepository {
  /** The channel and language of tickets, as their facts hold them now. */
  async findTicketDimensions(executor: Executor, workspaceId: string, ticketIds: string[]): Promise<Map<string, { channel: string; language: string }>> {
    if (ticketIds.length === 0) return new Map();
    const rows = await executor
      .select({ ticketId: analyticsTicketFacts.ticketId, channel: analyticsTicketFacts.channel, language: analyticsTicketFacts.language })
      .from(analyticsTicketFacts)
      .where(and(eq(analyticsTicketFacts.workspaceId, workspaceId), inArray(analyticsTicketFacts.ticketId, ticketIds)));
    return new Map(rows.map((row) => [row.ticketId, { channel: row.channel, language: row.language }]));
  }

  /** Inserts the messages not recorded yet; answers those it inserted (a replayed comment is not among them). */
  async insertMessages(executor: Executor, rows: SentimentMessageRow[]): Promise<SentimentMessageRow[]> {
    if (rows.length === 0) return [];
    // One JSON parameter rather than eight a row: building a statement of thousands of parameters cost more than
    // scoring the messages (a rebuild writes millions).
    const records = rows.map((row) => ({ comment_id: row.commentId, workspace_id: row.workspaceId, ticket_id: row.ticketId, written_at: new Date(row.writtenAt).toISOString(), day: row.day, language: row.language, channel: row.channel, score: row.score }));
    return queryRows<SentimentMessageRow>(
      executor,
      sql`INSERT INTO analytics_sentiment_messages (comment_id, workspace_id, ticket_id, written_at, day, language, channel, score)
          SELECT comment_id, workspace_id, ticket_id, written_at, day, language, channel, score
          FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS m(comment_id uuid, workspace_id uuid, ticket_id uuid, written_at timestamptz, day date, language text, channel text, score float8)
          ON CONFLICT (comment_id) DO NOTHING
          RETURNING comment_id AS "commentId", workspace_id AS "workspaceId", ticket_id AS "ticketId", written_at AS "writtenAt", to_char(day, 'YYYY-MM-DD') AS day, language, channel, score`,
    );
  }

  /** Removes the messages of deleted tickets; answers them, to take them out of the daily sums. */
  async deleteMessagesOfTickets(executor: Executor, workspaceId: string, ticketIds: string[]): Promise<SentimentMessageRow[]> {
    if (ticketIds.length === 0) return [];
    return executor
      .delete(analyticsSentimentMessages)
      .where(and(eq(analyticsSentimentMessages.workspaceId, workspaceId), inArray(analyticsSentimentMessages.ticketId, ticketIds)))
      .returning();
  }

  async clearWorkspace(executor: Executor, workspaceId: string): Promise<void> {
    await executor.delete(analyticsSentimentMessages).where(eq(analyticsSentimentMessages.workspaceId, workspaceId));
    await executor.delete(analyticsSentimentDaily).where(eq(analyticsSentimentDaily.workspaceId, workspaceId));
  }

  /** Adds each delta to its row (made at zero when new). */
  async applyDailyDeltas(executor: Executor, deltas: SentimentDelta[]): Promise<void> {
    for (let start = 0; start < deltas.length; start += 500) {
      await executor
        .insert(analyticsSentimentDaily)
        .values(deltas.slice(start, start + 500))
        .onConflictDoUpdate({
          target: [analyticsSentimentDaily.workspaceId, analyticsSentimentDaily.day, analyticsSentimentDaily.language, analyticsSentimentDaily.channel],
          set: {
            messages: sql`${analyticsSentimentDaily.messages} + excluded.messages`,
            scoreSum: sql`${analyticsSentimentDaily.scoreSum} + excluded.score_sum`,
            negativeCount: sql`${analyticsSentimentDaily.negativeCount} + excluded.negative_count`,
          },
        });
    }
  }

  /** Daily sums by language over whole local days [fromDay, toDay), from the daily table (the workspace's scope). */
  async listDaily(executor: Executor, workspaceId: string, fromDay: string, toDay: string, filters: Pick<TAnalyticsFilters, 'channel' | 'language'>): Promise<SentimentDayRow[]> {
    const conditions = [sql`workspace_id = ${workspaceId}`, sql`day >= ${fromDay}::date`, sql`day < ${toDay}::date`, ...listConditions('', filters)];
    return queryRows(
      executor,
      sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, language, sum(messages)::int AS messages, sum(score_sum)::float8 AS "scoreSum", sum(negative_count)::int AS negative
          FROM analytics_sentiment_daily WHERE ${sql.join(conditions, sql` AND `)}
          GROUP BY 1, 2 HAVING sum(messages) > 0 ORDER BY 1, 2`,
    );
  }

  /**
   * Daily sums by language from the messages themselves, joined to their tickets' facts: for a scope (teams, one
   * agent) or filters the daily table does not hold, days in `timeZone`.
   */
  async listDailyOfTickets(
    executor: Executor,
    workspaceId: string,
    from: Date,
    to: Date,
    timeZone: string,
    filters: TAnalyticsFilters,
    scope: Scope,
    negativeAtOrBelow: number,
  ): Promise<SentimentDayRow[]> {
    const conditions: SQL[] = [
      sql`m.workspace_id = ${workspaceId}`,
      sql`m.written_at >= ${from.toISOString()}::timestamptz`,
      sql`m.written_at < ${to.toISOString()}::timestamptz`,
      ...listConditions('m.', { channel: filters.channel, language: filters.language }),
      ...listConditions('f.', { priority: filters.priority, type: filters.type, category: filters.category }),
    ];
    const ids = (column: string, values: string[] | undefined) => {
      if (values?.length) conditions.push(sql`${sql.raw(column)} IN (${sql.join(values.map((value) => sql`${value}::uuid`), sql`, `)})`);
    };
    ids('f.team_id', filters.teamId);
    ids('f.assignee_id', filters.agentId);
    if (scope.kind === 'self') conditions.push(sql`f.assignee_id = ${scope.agentId}::uuid`);
    if (scope.kind === 'teams') conditions.push(scope.teamIds.length ? sql`f.team_id IN (${sql.join(scope.teamIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`);
    return queryRows(
      executor,
      sql`SELECT to_char((m.written_at AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day, m.language, count(*)::int AS messages, sum(m.score)::float8 AS "scoreSum",
            (count(*) FILTER (WHERE m.score <= ${negativeAtOrBelow}))::int AS negative
          FROM analytics_sentiment_messages m JOIN analytics_ticket_facts f ON f.ticket_id = m.ticket_id AND f.workspace_id = m.workspace_id
          WHERE ${sql.join(conditions, sql` AND `)}
          GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }
}

function listConditions(prefix: string, lists: Record<string, string[] | undefined>): SQL[] {
  return Object.entries(lists)
    .filter((entry): entry is [string, string[]] => Boolean(entry[1]?.length))
    .map(([column, values]) => sql`${sql.raw(`${prefix}${column}`)} IN (${sql.join(values.map((value) => sql`${value}`), sql`, `)})`);
}
