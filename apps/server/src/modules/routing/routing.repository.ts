import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import { customers } from '../customers/customers.tables.js';
import { teams } from '../users/users.tables.js';
import { QUEUE_ORDER_SQL } from './routing-decision.js';
import { routingAgentProfiles, routingRules, routingTeamSettings, routingTickets, type SkillLevel } from './routing.tables.js';

export type RoutingRuleRow = typeof routingRules.$inferSelect;
export type TeamSettingsRow = typeof routingTeamSettings.$inferSelect;
export type AgentProfileRow = typeof routingAgentProfiles.$inferSelect;

/** Open tickets an agent holds count against their capacity: new or open, not merged away. */
const LOAD_CATEGORIES = sql`('new', 'open')`;
/** What waits in a queue: not solved, not merged, nobody assigned. */
const WAITING = sql`t.assignee_id IS NULL AND t.status_category NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL`;

export interface TeamMemberRow {
  teamId: string;
  userId: string;
  name: string;
  availability: string;
  /** null: no profile yet (the default capacity applies). */
  ticketCapacity: number | null;
  skills: SkillLevel[] | null;
  shiftCalendarId: string | null;
  load: number;
}

export interface WaitingTicketRow {
  ticketId: string;
  number: number;
  subject: string;
  priority: string;
  channel: string;
  customerTier: string | null;
  requiredSkills: SkillLevel[] | null;
  createdAt: Date;
  queuedAt: Date;
}

export class RoutingRepository {
  // ── Rules ───────────────────────────────────────────────────────────────────────────────────────────────

  listRules(executor: Executor, workspaceId: string): Promise<RoutingRuleRow[]> {
    return executor.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)).orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  }

  listActiveRules(executor: Executor, workspaceId: string): Promise<RoutingRuleRow[]> {
    return executor
      .select()
      .from(routingRules)
      .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.isActive, true)))
      .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  }

  async findRule(executor: Executor, workspaceId: string, id: string): Promise<RoutingRuleRow | undefined> {
    const [row] = await executor.select().from(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)));
    return row;
  }

  async insertRule(executor: Executor, values: typeof routingRules.$inferInsert): Promise<RoutingRuleRow> {
    const [row] = await executor.insert(routingRules).values(values).returning();
    return row!;
  }

  async updateRule(executor: Executor, workspaceId: string, id: string, values: Partial<typeof routingRules.$inferInsert>): Promise<RoutingRuleRow> {
    const [row] = await executor
      .update(routingRules)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)))
      .returning();
    return row!;
  }

  async deleteRule(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)));
  }

  async nextPosition(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor.select({ max: sql<number | null>`max(${routingRules.position})` }).from(routingRules).where(eq(routingRules.workspaceId, workspaceId));
    return (row?.max ?? -1) + 1;
  }

  // ── Team settings and agent profiles ────────────────────────────────────────────────────────────────────

  async findTeamSettings(executor: Executor, workspaceId: string, teamId: string, lock: 'none' | 'wait' | 'skip' = 'none'): Promise<TeamSettingsRow | undefined> {
    const query = executor.select().from(routingTeamSettings).where(and(eq(routingTeamSettings.workspaceId, workspaceId), eq(routingTeamSettings.teamId, teamId)));
    const [row] = lock === 'none' ? await query : await query.for('update', lock === 'skip' ? { skipLocked: true } : {});
    return row;
  }

  listTeamSettings(executor: Executor, workspaceId: string): Promise<TeamSettingsRow[]> {
    return executor.select().from(routingTeamSettings).where(eq(routingTeamSettings.workspaceId, workspaceId));
  }

  /** Across workspaces: the teams routing hands work out in, and those with an overflow or a reroute time. */
  listActiveTeamSettings(executor: Executor): Promise<TeamSettingsRow[]> {
    return executor
      .select()
      .from(routingTeamSettings)
      .where(sql`${routingTeamSettings.strategy} <> 'manual' OR ${routingTeamSettings.backupTeamId} IS NOT NULL OR ${routingTeamSettings.rerouteOfflineAfterMinutes} IS NOT NULL`);
  }

  async upsertTeamSettings(executor: Executor, values: typeof routingTeamSettings.$inferInsert): Promise<TeamSettingsRow> {
    const { teamId: _teamId, workspaceId: _workspaceId, ...changes } = values;
    const [row] = await executor
      .insert(routingTeamSettings)
      .values(values)
      .onConflictDoUpdate({ target: routingTeamSettings.teamId, set: { ...changes, updatedAt: sql`now()` } })
      .returning();
    return row!;
  }

  async setRoundRobinCursor(executor: Executor, teamId: string, userId: string): Promise<void> {
    await executor.update(routingTeamSettings).set({ roundRobinCursor: userId }).where(eq(routingTeamSettings.teamId, teamId));
  }

  async findAgentProfile(executor: Executor, workspaceId: string, userId: string): Promise<AgentProfileRow | undefined> {
    const [row] = await executor.select().from(routingAgentProfiles).where(and(eq(routingAgentProfiles.workspaceId, workspaceId), eq(routingAgentProfiles.userId, userId)));
    return row;
  }

  async upsertAgentProfile(executor: Executor, values: typeof routingAgentProfiles.$inferInsert): Promise<AgentProfileRow> {
    const { userId: _userId, workspaceId: _workspaceId, ...changes } = values;
    const [row] = await executor
      .insert(routingAgentProfiles)
      .values(values)
      .onConflictDoUpdate({ target: routingAgentProfiles.userId, set: { ...changes, updatedAt: sql`now()` } })
      .returning();
    return row!;
  }

  listTeams(executor: Executor, workspaceId: string) {
    return executor.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name));
  }

  async findTeamNames(executor: Executor, workspaceId: string, teamIds: string[]): Promise<Map<string, string>> {
    if (teamIds.length === 0) return new Map();
    const rows = await executor.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async listTeamIdsOfUser(executor: Executor, workspaceId: string, userId: string): Promise<string[]> {
    const rows = await queryRows<{ teamId: string }>(executor, sql`SELECT team_id AS "teamId" FROM team_members WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`);
    return rows.map((row) => row.teamId);
  }

  // ── Candidates and queues ───────────────────────────────────────────────────────────────────────────────

  /** Active staff who answer customers, in these teams, with their routing profile and open-ticket load. */
  async listTeamMembers(executor: Executor, workspaceId: string, teamIds: string[]): Promise<TeamMemberRow[]> {
    if (teamIds.length === 0) return [];
    return queryRows<TeamMemberRow>(
      executor,
      sql`SELECT m.team_id AS "teamId", u.id AS "userId", u.name, u.availability,
            p.ticket_capacity AS "ticketCapacity", p.skills, p.shift_calendar_id AS "shiftCalendarId",
            (SELECT count(*)::int FROM tickets t
              WHERE t.workspace_id = u.workspace_id AND t.assignee_id = u.id AND t.status_category IN ${LOAD_CATEGORIES} AND t.merged_into_id IS NULL) AS load
          FROM team_members m
          JOIN users u ON u.id = m.user_id AND u.workspace_id = m.workspace_id
          LEFT JOIN routing_agent_profiles p ON p.user_id = u.id AND p.workspace_id = u.workspace_id
          WHERE m.workspace_id = ${workspaceId} AND m.team_id IN (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)})
            AND u.deactivated_at IS NULL AND u.role IN ('admin', 'manager', 'agent')
          ORDER BY u.name, u.id`,
    );
  }

  /**
   * The team's waiting tickets in serving order. `lock`: locked for assignment, skipping tickets another transaction
   * holds (they are served next time); `withoutChannel`: leaves out a channel served by its own queue (live chat).
   */
  listWaiting(executor: Executor, workspaceId: string, teamId: string, options: { limit: number; lock?: boolean; withoutChannel?: string; queuedBefore?: Date }): Promise<WaitingTicketRow[]> {
    return queryRows<WaitingTicketRow>(
      executor,
      sql`SELECT t.id AS "ticketId", t.number, t.subject, t.priority, t.channel, cu.tier AS "customerTier", rt.required_skills AS "requiredSkills",
            t.created_at AS "createdAt", coalesce(rt.queued_at, t.created_at) AS "queuedAt"
          FROM tickets t
          LEFT JOIN customers cu ON cu.id = t.customer_id AND cu.workspace_id = t.workspace_id
          LEFT JOIN routing_tickets rt ON rt.ticket_id = t.id AND rt.team_id = t.team_id
          WHERE t.workspace_id = ${workspaceId} AND t.team_id = ${teamId} AND ${WAITING}
            ${options.withoutChannel ? sql`AND t.channel <> ${options.withoutChannel}` : sql``}
            ${options.queuedBefore ? sql`AND coalesce(rt.queued_at, t.created_at) <= ${options.queuedBefore.toISOString()}::timestamptz` : sql``}
          ORDER BY ${sql.raw(QUEUE_ORDER_SQL)}
          LIMIT ${options.limit}
          ${options.lock ? sql`FOR UPDATE OF t SKIP LOCKED` : sql``}`,
    ).then((rows) => rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), queuedAt: new Date(row.queuedAt) })));
  }

  /** Per team of the workspace: how many tickets wait, and since when the longest-waiting one has. */
  async summariseQueues(executor: Executor, workspaceId: string): Promise<Map<string, { waitingCount: number; oldestQueuedAt: Date | null }>> {
    const rows = await queryRows<{ teamId: string; waitingCount: number; oldestQueuedAt: string | null }>(
      executor,
      sql`SELECT t.team_id AS "teamId", count(*)::int AS "waitingCount", min(coalesce(rt.queued_at, t.created_at)) AS "oldestQueuedAt"
          FROM tickets t
          LEFT JOIN routing_tickets rt ON rt.ticket_id = t.id AND rt.team_id = t.team_id
          WHERE t.workspace_id = ${workspaceId} AND t.team_id IS NOT NULL AND ${WAITING}
          GROUP BY t.team_id`,
    );
    return new Map(rows.map((row) => [row.teamId, { waitingCount: row.waitingCount, oldestQueuedAt: row.oldestQueuedAt ? new Date(row.oldestQueuedAt) : null }]));
  }

  /**
   * Tickets routing gave an agent who has been offline since `offlineSince` or earlier, in teams that reroute the
   * work of offline agents after that long. An assignment made by a person is not listed.
   */
  listReroutable(executor: Executor, workspaceId: string, teamId: string, offlineSince: Date) {
    return queryRows<{ ticketId: string; assigneeId: string }>(
      executor,
      sql`SELECT t.id AS "ticketId", t.assignee_id AS "assigneeId"
          FROM routing_tickets rt
          JOIN tickets t ON t.id = rt.ticket_id AND t.workspace_id = rt.workspace_id
          JOIN users u ON u.id = t.assignee_id AND u.workspace_id = t.workspace_id
          WHERE rt.workspace_id = ${workspaceId} AND rt.team_id = ${teamId} AND t.team_id = ${teamId}
            AND rt.routed_assignee_id = t.assignee_id AND t.status_category IN ${LOAD_CATEGORIES} AND t.merged_into_id IS NULL
            AND u.availability = 'offline' AND (u.availability_changed_at IS NULL OR u.availability_changed_at <= ${offlineSince.toISOString()}::timestamptz)
          ORDER BY t.created_at, t.id
          LIMIT 500`,
    );
  }

  /** What routing conditions read of the ticket's customer. */
  async findCustomer(executor: Executor, workspaceId: string, customerId: string) {
    const [row] = await executor.select({ tier: customers.tier, email: customers.email, language: customers.language }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
    return row;
  }

  // ── A ticket's place in routing ─────────────────────────────────────────────────────────────────────────

  async findRoutingTicket(executor: Executor, ticketId: string) {
    const [row] = await executor.select().from(routingTickets).where(eq(routingTickets.ticketId, ticketId));
    return row;
  }

  /** The ticket now waits in `teamId` since `queuedAt`; skills and rule are replaced only when given. */
  async enqueue(executor: Executor, values: { workspaceId: string; ticketId: string; teamId: string; queuedAt: Date; requiredSkills?: SkillLevel[]; ruleId?: string | null }): Promise<void> {
    await executor
      .insert(routingTickets)
      .values({ ...values, requiredSkills: values.requiredSkills ?? [] })
      .onConflictDoUpdate({
        target: routingTickets.ticketId,
        set: {
          teamId: values.teamId,
          queuedAt: values.queuedAt,
          routedAssigneeId: null,
          ...(values.requiredSkills ? { requiredSkills: values.requiredSkills } : {}),
          ...(values.ruleId !== undefined ? { ruleId: values.ruleId } : {}),
        },
      });
  }

  /** Enqueues the ticket in its team unless it is already known to wait there (keeps its time in the queue). */
  async enqueueIfNew(executor: Executor, values: { workspaceId: string; ticketId: string; teamId: string; queuedAt: Date }): Promise<void> {
    await executor
      .insert(routingTickets)
      .values({ ...values, requiredSkills: [] })
      .onConflictDoUpdate({ target: routingTickets.ticketId, set: { teamId: values.teamId, queuedAt: values.queuedAt }, where: sql`${routingTickets.teamId} IS DISTINCT FROM ${values.teamId}::uuid` });
  }

  /** Routing gave the ticket to this agent (null: took it back); known even for a ticket that never had a rule. */
  async setRoutedAssignee(executor: Executor, values: { workspaceId: string; ticketId: string; teamId: string; queuedAt: Date; userId: string | null }): Promise<void> {
    await executor
      .insert(routingTickets)
      .values({ workspaceId: values.workspaceId, ticketId: values.ticketId, teamId: values.teamId, queuedAt: values.queuedAt, routedAssigneeId: values.userId })
      .onConflictDoUpdate({ target: routingTickets.ticketId, set: { routedAssigneeId: values.userId, teamId: values.teamId, queuedAt: values.queuedAt } });
  }
}
