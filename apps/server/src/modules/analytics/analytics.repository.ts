import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import { ROLLUP_COUNTERS, type RollupDelta, type TicketFact } from './analytics-facts.js';
import { analyticsDailyRollups, analyticsState, analyticsTicketFacts } from './analytics.tables.js';

export type AnalyticsStateRow = typeof analyticsState.$inferSelect;

/** The analytics tables' reads and writes: facts per ticket, daily rollups, the workspace's analytics state. */
export class AnalyticsRepository {
  async findFactsForUpdate(executor: Executor, workspaceId: string, ticketIds: string[]): Promise<TicketFact[]> {
    if (ticketIds.length === 0) return [];
    return executor
      .select()
      .from(analyticsTicketFacts)
      .where(and(eq(analyticsTicketFacts.workspaceId, workspaceId), inArray(analyticsTicketFacts.ticketId, ticketIds)))
      .for('update');
  }

  async upsertFacts(executor: Executor, facts: TicketFact[]): Promise<void> {
    for (let start = 0; start < facts.length; start += 500) {
      const chunk = facts.slice(start, start + 500);
      const columns = Object.keys(chunk[0]!).filter((key) => key !== 'ticketId') as Array<keyof TicketFact>;
      await executor
        .insert(analyticsTicketFacts)
        .values(chunk)
        .onConflictDoUpdate({
          target: analyticsTicketFacts.ticketId,
          set: Object.fromEntries(columns.map((column) => [column, sql.raw(`excluded.${snake(column)}`)])),
        });
    }
  }

  async deleteFacts(executor: Executor, workspaceId: string, ticketIds: string[]): Promise<void> {
    if (ticketIds.length === 0) return;
    await executor.delete(analyticsTicketFacts).where(and(eq(analyticsTicketFacts.workspaceId, workspaceId), inArray(analyticsTicketFacts.ticketId, ticketIds)));
  }

  /** Adds each delta to its row (made at zero when new). */
  async applyRollupDeltas(executor: Executor, workspaceId: string, deltas: RollupDelta[]): Promise<void> {
    for (let start = 0; start < deltas.length; start += 500) {
      const chunk = deltas.slice(start, start + 500).map((delta) => ({ workspaceId, ...delta }));
      await executor
        .insert(analyticsDailyRollups)
        .values(chunk)
        .onConflictDoUpdate({
          target: [analyticsDailyRollups.workspaceId, analyticsDailyRollups.day, analyticsDailyRollups.channel, analyticsDailyRollups.priority, analyticsDailyRollups.language, analyticsDailyRollups.teamKey],
          set: Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, sql.raw(`analytics_daily_rollups.${snake(counter)} + excluded.${snake(counter)}`)])),
        });
    }
  }

  async findState(executor: Executor, workspaceId: string): Promise<AnalyticsStateRow | undefined> {
    const [row] = await executor.select().from(analyticsState).where(eq(analyticsState.workspaceId, workspaceId));
    return row;
  }

  /** The workspace's state row, locked: the dispatch and a rebuild of one workspace take turns. */
  async lockState(executor: Executor, workspaceId: string, timeZone: string): Promise<AnalyticsStateRow> {
    await executor.insert(analyticsState).values({ workspaceId, timeZone }).onConflictDoNothing();
    const [row] = await executor.select().from(analyticsState).where(eq(analyticsState.workspaceId, workspaceId)).for('update');
    return row!;
  }

  async listPendingWorkspaceIds(executor: Executor): Promise<string[]> {
    return (await executor.select({ workspaceId: analyticsState.workspaceId }).from(analyticsState).where(eq(analyticsState.rebuildStatus, 'pending'))).map((row) => row.workspaceId);
  }

  async updateState(executor: Executor, workspaceId: string, values: Partial<typeof analyticsState.$inferInsert>): Promise<void> {
    await executor.update(analyticsState).set(values).where(eq(analyticsState.workspaceId, workspaceId));
  }

  async clearWorkspace(executor: Executor, workspaceId: string): Promise<void> {
    await executor.delete(analyticsTicketFacts).where(eq(analyticsTicketFacts.workspaceId, workspaceId));
    await executor.delete(analyticsDailyRollups).where(eq(analyticsDailyRollups.workspaceId, workspaceId));
  }

  /** The daily rollups as the facts add up, computed in SQL (a rebuild writes them this way, in one statement). */
  async insertRollupsFromFacts(executor: Executor, workspaceId: string, timeZone: string): Promise<void> {
    const dayOf = (column: string) => sql`(${sql.raw(column)} AT TIME ZONE ${timeZone})::date`;
    await executor.execute(sql`
      INSERT INTO analytics_daily_rollups (workspace_id, day, channel, priority, language, team_key, created, resolved, resolved_breached, created_resolved, created_escalated, sla_breaches, escalations, csat_responses, csat_sum, csat_satisfied, surveys_offered, surveys_answered)
      SELECT ${workspaceId}, day, channel, priority, language, team_key, sum(created), sum(resolved), sum(resolved_breached), sum(created_resolved), sum(created_escalated), sum(sla_breaches), sum(escalations), sum(csat_responses), sum(csat_sum), sum(csat_satisfied), sum(surveys_offered), sum(surveys_answered)
      FROM (
        SELECT ${dayOf('created_at')} AS day, channel, priority, language, coalesce(team_id::text, '') AS team_key, 1 AS created, 0 AS resolved, 0 AS resolved_breached,
               (resolved_at IS NOT NULL)::int AS created_resolved, (escalated_at IS NOT NULL)::int AS created_escalated, 0 AS sla_breaches, 0 AS escalations, 0 AS csat_responses, 0 AS csat_sum, 0 AS csat_satisfied,
               0 AS surveys_offered, 0 AS surveys_answered
          FROM analytics_ticket_facts WHERE workspace_id = ${workspaceId}
        UNION ALL
        SELECT ${dayOf('resolved_at')}, channel, priority, language, coalesce(team_id::text, ''), 0, 1, (sla_breaches > 0)::int, 0, 0, 0, 0, 0, 0, 0, 0, 0
          FROM analytics_ticket_facts WHERE workspace_id = ${workspaceId} AND resolved_at IS NOT NULL
        UNION ALL
        SELECT ${dayOf('first_breached_at')}, channel, priority, language, coalesce(team_id::text, ''), 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0
          FROM analytics_ticket_facts WHERE workspace_id = ${workspaceId} AND first_breached_at IS NOT NULL
        UNION ALL
        SELECT ${dayOf('escalated_at')}, channel, priority, language, coalesce(team_id::text, ''), 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0
          FROM analytics_ticket_facts WHERE workspace_id = ${workspaceId} AND escalated_at IS NOT NULL
        UNION ALL
        SELECT ${dayOf('rated_at')}, channel, priority, language, coalesce(team_id::text, ''), 0, 0, 0, 0, 0, 0, 0, 1, csat_rating, (csat_rating >= 4)::int, 0, 0
          FROM analytics_ticket_facts WHERE workspace_id = ${workspaceId} AND rated_at IS NOT NULL AND csat_rating IS NOT NULL
        UNION ALL
        SELECT ${dayOf('survey_offered_at')}, channel, priority, language, coalesce(team_id::text, ''), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (rated_at IS NOT NULL)::int
          FROM analytics_ticket_facts WHERE workspace_id = ${workspaceId} AND survey_offered_at IS NOT NULL
      ) AS contributions
      GROUP BY day, channel, priority, language, team_key`);
  }

  /** Open tickets (not resolved or closed) by status, within a scope. */
  async countOpenByStatus(executor: Executor, workspaceId: string, scope: SQL | undefined): Promise<Array<{ status: string; statusCategory: string; count: number }>> {
    return queryRows(
      executor,
      sql`SELECT status, status_category AS "statusCategory", count(*)::int AS count FROM analytics_ticket_facts
          WHERE workspace_id = ${workspaceId} AND resolved_at IS NULL AND status_category NOT IN ('resolved', 'closed') ${scope ? sql`AND ${scope}` : sql``}
          GROUP BY status, status_category ORDER BY count DESC, status`,
    );
  }

  /**
   * The past of up to `limit` tickets after `afterTicketId`, ticket by ticket and oldest step first, read from the
   * system of record (tickets, comments, timeline, satisfaction ratings, SLA clocks) as the live events would have
   * told it: what a rebuild folds. Read-only, like the SLA clocks' own replay.
   */
  async listHistory(executor: Executor, workspaceId: string, afterTicketId: string | null, limit: number): Promise<HistoryStep[]> {
    const rows = await queryRows<Omit<HistoryStep, 'at'> & { at: Date | string }>(
      executor,
      sql`WITH batch AS (
            SELECT t.*, (SELECT a.actor_id FROM ticket_activities a WHERE a.ticket_id = t.id AND a.action = 'created' LIMIT 1) AS creator_id
            FROM tickets t
            WHERE t.workspace_id = ${workspaceId} AND t.merged_into_id IS NULL ${afterTicketId ? sql`AND t.id > ${afterTicketId}::uuid` : sql``}
            ORDER BY t.id LIMIT ${limit}
          ), snapshots AS (
            SELECT b.id, b.created_at, b.updated_at, b.creator_id, jsonb_build_object(
              'id', b.id, 'number', b.number, 'channel', b.channel, 'priority', b.priority, 'type', b.type, 'category', b.category,
              'language', b.language, 'teamId', b.team_id, 'assigneeId', b.assignee_id, 'status', b.status, 'statusCategory', b.status_category,
              'createdAt', to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'resolvedAt', CASE WHEN b.resolved_at IS NULL THEN NULL ELSE to_char(b.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END
            ) AS ticket FROM batch b
          )
          SELECT * FROM (
            SELECT s.id AS "ticketId", 'created' AS kind, s.created_at AS at, s.ticket, NULL::text AS "authorType", NULL::boolean AS "isPublic", NULL::jsonb AS changes, NULL::int AS rating, s.creator_id AS "actorId", 0 AS rank FROM snapshots s
            UNION ALL
            SELECT c.ticket_id, 'comment', c.created_at, NULL, c.author_type, c.is_public, NULL, NULL, NULL, 1 FROM comments c JOIN batch b ON b.id = c.ticket_id WHERE c.workspace_id = ${workspaceId}
            UNION ALL
            SELECT a.ticket_id, 'change', a.created_at, NULL, NULL, NULL, a.changes, NULL, NULL, 2 FROM ticket_activities a JOIN batch b ON b.id = a.ticket_id
              WHERE a.workspace_id = ${workspaceId} AND (a.changes @> '[{"field": "priority"}]'::jsonb OR a.changes @> '[{"field": "teamId"}]'::jsonb)
            UNION ALL
            SELECT r.ticket_id, 'rated', r.rated_at, NULL, NULL, NULL, NULL, r.rating, NULL, 3 FROM satisfaction_ratings r JOIN batch b ON b.id = r.ticket_id
              WHERE r.workspace_id = ${workspaceId} AND r.rating IS NOT NULL AND r.rated_at IS NOT NULL
            UNION ALL
            -- Links are emailed for every channel but chat, whose rating is asked in its window (not an offer).
            SELECT r.ticket_id, 'offered', r.offered_at, NULL, NULL, NULL, NULL, NULL, NULL, 3 FROM satisfaction_ratings r JOIN batch b ON b.id = r.ticket_id
              WHERE r.workspace_id = ${workspaceId} AND b.channel <> 'chat'
            UNION ALL
            SELECT g.ticket_id, 'breached', g.breached_at, NULL, NULL, NULL, NULL, NULL, NULL, 4 FROM ticket_sla_targets g JOIN batch b ON b.id = g.ticket_id
              WHERE g.workspace_id = ${workspaceId} AND g.breached_at IS NOT NULL
            UNION ALL
            SELECT s.id, 'final', greatest(s.updated_at, s.created_at), s.ticket, NULL, NULL, NULL, NULL, NULL, 5 FROM snapshots s
          ) AS history
          ORDER BY "ticketId", CASE WHEN kind = 'final' THEN 1 ELSE 0 END, at, rank`,
    );
    return rows.map((row) => ({ ...row, at: new Date(row.at) }));
  }

  run<T>(executor: Executor, query: SQL): Promise<T[]> {
    return queryRows<T>(executor, query);
  }
}

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** One step of a ticket's past, as the system of record keeps it (see `listHistory`). */
export interface HistoryStep {
  ticketId: string;
  kind: 'created' | 'comment' | 'change' | 'rated' | 'offered' | 'breached' | 'final';
  at: Date;
  ticket: Record<string, unknown> | null;
  authorType: string | null;
  isPublic: boolean | null;
  changes: Array<{ field: string; from: unknown; to: unknown }> | null;
  rating: number | null;
  actorId: string | null;
}
