import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import { customers } from '../customers/customers.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { slaPolicies, ticketSlaTargets } from './sla.tables.js';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type SlaTargetRow = typeof ticketSlaTargets.$inferSelect;

/** What SLA rules read of a ticket: its policy conditions' facts and its status category. */
export interface SlaTicketFacts {
  id: string;
  workspaceId: string;
  priority: string;
  channel: string;
  category: string | null;
  statusCategory: string;
  tier: string | null;
}

const isLive = and(isNull(ticketSlaTargets.fulfilledAt), isNull(ticketSlaTargets.cancelledAt));

/** One moment of a ticket's past that moves its clocks. */
export interface HistoryItem {
  kind: 'created' | 'comment' | 'status';
  ticketId: string;
  at: Date;
  authorType: string | null;
  changes: Array<{ field: string; from: unknown; to: unknown }> | null;
}

export class SlaRepository {
  async listPolicies(executor: Executor, workspaceId: string): Promise<SlaPolicyRow[]> {
    return executor.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId)).orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));
  }

  async findPolicy(executor: Executor, workspaceId: string, id: string): Promise<SlaPolicyRow | undefined> {
    const [row] = await executor.select().from(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
    return row;
  }

  async isPolicyNameTaken(executor: Executor, workspaceId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await executor.select({ id: slaPolicies.id }).from(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), sql`lower(${slaPolicies.name}) = lower(${name})`));
    return rows.some((row) => row.id !== exceptId);
  }

  /** Inserts the policy unless it would be a second default (another node made it first): then nothing. */
  async insertPolicyIfAbsent(executor: Executor, values: typeof slaPolicies.$inferInsert): Promise<void> {
    await executor.insert(slaPolicies).values(values).onConflictDoNothing();
  }

  async insertPolicy(executor: Executor, values: typeof slaPolicies.$inferInsert): Promise<SlaPolicyRow> {
    const [row] = await executor.insert(slaPolicies).values(values).returning();
    return row!;
  }

  async updatePolicy(executor: Executor, workspaceId: string, id: string, values: Partial<typeof slaPolicies.$inferInsert>): Promise<SlaPolicyRow> {
    const [row] = await executor
      .update(slaPolicies)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)))
      .returning();
    return row!;
  }

  async deletePolicy(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
  }

  async nextPosition(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor.select({ max: sql<number | null>`max(${slaPolicies.position}) filter (where not ${slaPolicies.isDefault})` }).from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId));
    return (row?.max ?? -1) + 1;
  }

  /** The tickets' facts, in one query (the customer's tier comes from the customer). */
  async listTicketFacts(executor: Executor, ticketIds: string[]): Promise<SlaTicketFacts[]> {
    if (ticketIds.length === 0) return [];
    return executor
      .select({ id: tickets.id, workspaceId: tickets.workspaceId, priority: tickets.priority, channel: tickets.channel, category: tickets.category, statusCategory: tickets.statusCategory, tier: customers.tier })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .where(inArray(tickets.id, ticketIds));
  }

  /** The live clocks of these tickets, locked: the dispatch and the sweep change them one at a time. */
  async listLiveForUpdate(executor: Executor, ticketIds: string[]): Promise<SlaTargetRow[]> {
    if (ticketIds.length === 0) return [];
    return executor.select().from(ticketSlaTargets).where(and(inArray(ticketSlaTargets.ticketId, ticketIds), isLive)).orderBy(asc(ticketSlaTargets.id)).for('update');
  }

  /** The live clocks of these tickets of the workspace (for list badges). */
  async listLiveOfTickets(executor: Executor, workspaceId: string, ticketIds: string[]): Promise<SlaTargetRow[]> {
    if (ticketIds.length === 0) return [];
    return executor.select().from(ticketSlaTargets).where(and(eq(ticketSlaTargets.workspaceId, workspaceId), inArray(ticketSlaTargets.ticketId, ticketIds), isLive));
  }

  /** Tickets among these that have had a first-response clock (so a customer's message starts a next-response one). */
  async listTicketsWithFirstResponse(executor: Executor, ticketIds: string[]): Promise<Set<string>> {
    if (ticketIds.length === 0) return new Set();
    const rows = await executor
      .selectDistinct({ ticketId: ticketSlaTargets.ticketId })
      .from(ticketSlaTargets)
      .where(and(inArray(ticketSlaTargets.ticketId, ticketIds), eq(ticketSlaTargets.metric, 'first_response')));
    return new Set(rows.map((row) => row.ticketId));
  }

  /** The latest fulfilled resolution clock of a ticket (a reopened ticket's clock goes on from it). */
  async findLastResolution(executor: Executor, ticketId: string): Promise<SlaTargetRow | undefined> {
    const [row] = await executor
      .select()
      .from(ticketSlaTargets)
      .where(and(eq(ticketSlaTargets.ticketId, ticketId), eq(ticketSlaTargets.metric, 'resolution'), isNotNull(ticketSlaTargets.fulfilledAt)))
      .orderBy(desc(ticketSlaTargets.fulfilledAt))
      .limit(1)
      .for('update');
    return row;
  }

  async insertTarget(executor: Executor, values: typeof ticketSlaTargets.$inferInsert): Promise<SlaTargetRow> {
    const [row] = await executor.insert(ticketSlaTargets).values(values).returning();
    return row!;
  }

  async updateTarget(executor: Executor, id: string, values: Partial<typeof ticketSlaTargets.$inferInsert>): Promise<SlaTargetRow> {
    const [row] = await executor.update(ticketSlaTargets).set(values).where(eq(ticketSlaTargets.id, id)).returning();
    return row!;
  }

  async listForTicket(executor: Executor, workspaceId: string, ticketId: string): Promise<SlaTargetRow[]> {
    return executor
      .select()
      .from(ticketSlaTargets)
      .where(and(eq(ticketSlaTargets.workspaceId, workspaceId), eq(ticketSlaTargets.ticketId, ticketId)))
      .orderBy(desc(ticketSlaTargets.startedAt), desc(ticketSlaTargets.id));
  }

  /** Running clocks of the workspace due by `before` (overdue ones included), soonest first, with their ticket. */
  /** Running clocks due before `before`, or whose warning share is used up by `now`, soonest due first. */
  async listRunningDueBy(executor: Executor, workspaceId: string, before: Date, limit: number, now: Date = before) {
    return executor
      .select({ target: ticketSlaTargets, ticket: { id: tickets.id, number: tickets.number, subject: tickets.subject, priority: tickets.priority, status: tickets.status, assigneeId: tickets.assigneeId, teamId: tickets.teamId } })
      .from(ticketSlaTargets)
      .innerJoin(tickets, eq(tickets.id, ticketSlaTargets.ticketId))
      .where(and(eq(ticketSlaTargets.workspaceId, workspaceId), isNotNull(ticketSlaTargets.runningSince), isLive, or(lte(ticketSlaTargets.dueAt, before), lte(ticketSlaTargets.warnAt, now))))
      .orderBy(asc(ticketSlaTargets.dueAt))
      .limit(limit);
  }

  /** How many running clocks are due by `before` or past their warning share, of tickets within a scope (an assignee, some teams). */
  async countRunningDueBy(executor: Executor, workspaceId: string, before: Date, now: Date, scope: { assigneeId?: string; teamIds?: string[] }): Promise<number> {
    const conditions = [eq(ticketSlaTargets.workspaceId, workspaceId), isNotNull(ticketSlaTargets.runningSince), isLive, or(lte(ticketSlaTargets.dueAt, before), lte(ticketSlaTargets.warnAt, now))];
    if (scope.assigneeId) conditions.push(eq(tickets.assigneeId, scope.assigneeId));
    if (scope.teamIds) conditions.push(scope.teamIds.length ? inArray(tickets.teamId, scope.teamIds) : sql`false`);
    const count = sql<number>`count(DISTINCT ${ticketSlaTargets.ticketId})::int`;
    // The whole workspace's count reads the running-clocks index alone; a scope needs the tickets' assignee and team.
    const [row] =
      scope.assigneeId || scope.teamIds
        ? await executor.select({ count }).from(ticketSlaTargets).innerJoin(tickets, eq(tickets.id, ticketSlaTargets.ticketId)).where(and(...conditions))
        : await executor.select({ count }).from(ticketSlaTargets).where(and(...conditions));
    return Number(row?.count ?? 0);
  }

  /** Running clocks past their warning share or their target that the sweep has not yet fired, locked, skipping ones another node holds. */
  /**
   * A workspace's past as the clocks would have heard it, oldest first: ticket creations, public comments and
   * status-category moves (from the timeline).
   */
  async listHistory(executor: Executor, workspaceId: string): Promise<HistoryItem[]> {
    const rows = await queryRows<{ kind: HistoryItem['kind']; ticketId: string; at: Date | string; authorType: string | null; changes: HistoryItem['changes'] }>(
      executor,
      sql`SELECT * FROM (
            SELECT 'created' AS kind, id AS "ticketId", created_at AS at, NULL::text AS "authorType", NULL::jsonb AS changes, 0 AS rank FROM tickets WHERE workspace_id = ${workspaceId}
            UNION ALL
            SELECT 'comment', ticket_id, created_at, author_type, NULL, 1 FROM comments WHERE workspace_id = ${workspaceId} AND is_public
            UNION ALL
            SELECT 'status', ticket_id, created_at, NULL, changes, 2 FROM ticket_activities WHERE workspace_id = ${workspaceId} AND changes @> '[{"field": "statusCategory"}]'::jsonb
          ) AS history ORDER BY at, rank`,
    );
    return rows.map((row) => ({ ...row, at: new Date(row.at) }));
  }

  /** Live clocks of tickets solved by now (a replayed story without its resolution), cancelled at the resolution. */
  async cancelLiveOfSolvedTickets(executor: Executor, workspaceId: string): Promise<void> {
    await executor.execute(sql`
      UPDATE ticket_sla_targets g SET cancelled_at = coalesce(t.resolved_at, t.closed_at, t.updated_at), running_since = NULL, due_at = NULL, warn_at = NULL
      FROM tickets t
      WHERE g.workspace_id = ${workspaceId} AND t.id = g.ticket_id AND t.status_category IN ('resolved', 'closed')
        AND g.fulfilled_at IS NULL AND g.cancelled_at IS NULL`);
  }

  /** Running clocks of the workspace whose warning or due time is already past, marked as warned / breached then (no event). */
  async markPastDue(executor: Executor, workspaceId: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await executor.execute(sql`
      UPDATE ticket_sla_targets SET
        warned_at = CASE WHEN warned_at IS NULL AND warn_at <= ${at}::timestamptz THEN warn_at ELSE warned_at END,
        breached_at = CASE WHEN breached_at IS NULL AND due_at <= ${at}::timestamptz THEN due_at ELSE breached_at END
      WHERE workspace_id = ${workspaceId} AND running_since IS NOT NULL AND fulfilled_at IS NULL AND cancelled_at IS NULL
        AND ((warned_at IS NULL AND warn_at <= ${at}::timestamptz) OR (breached_at IS NULL AND due_at <= ${at}::timestamptz))`);
  }

  async listToFireForUpdate(executor: Executor, now: Date, limit: number): Promise<SlaTargetRow[]> {
    return executor
      .select()
      .from(ticketSlaTargets)
      .where(
        and(
          isNotNull(ticketSlaTargets.runningSince),
          isLive,
          sql`((${ticketSlaTargets.breachedAt} is null and ${ticketSlaTargets.dueAt} <= ${now.toISOString()}::timestamptz) or (${ticketSlaTargets.warnedAt} is null and ${ticketSlaTargets.warnAt} <= ${now.toISOString()}::timestamptz))`,
        ),
      )
      .orderBy(asc(ticketSlaTargets.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  }
}
