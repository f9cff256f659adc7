import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { customers } from '../customers/customers.tables.js';
import { tickets, ticketActivities } from '../tickets/tickets.tables.js';
import { automationRules, automationRuns } from './automations.tables.js';

export type RuleRow = typeof automationRules.$inferSelect;
export type RunRow = typeof automationRuns.$inferSelect;

export class AutomationsRepository {
  async listRules(executor: Executor, workspaceId: string): Promise<RuleRow[]> {
    return executor.select().from(automationRules).where(eq(automationRules.workspaceId, workspaceId)).orderBy(asc(automationRules.position), asc(automationRules.createdAt));
  }

  async listActiveRulesOf(executor: Executor, workspaceIds: string[]): Promise<RuleRow[]> {
    if (workspaceIds.length === 0) return [];
    return executor
      .select()
      .from(automationRules)
      .where(and(inArray(automationRules.workspaceId, workspaceIds), eq(automationRules.isActive, true)))
      .orderBy(asc(automationRules.position), asc(automationRules.createdAt));
  }

  async listActiveTimeRules(executor: Executor): Promise<RuleRow[]> {
    return executor.select().from(automationRules).where(and(sql`'time' = any(${automationRules.triggers})`, eq(automationRules.isActive, true))).orderBy(asc(automationRules.position));
  }

  async findRule(executor: Executor, workspaceId: string, id: string): Promise<RuleRow | undefined> {
    const [row] = await executor.select().from(automationRules).where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)));
    return row;
  }

  async countActive(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor.select({ value: count() }).from(automationRules).where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.isActive, true)));
    return Number(row?.value ?? 0);
  }

  async hasBuiltIns(executor: Executor, workspaceId: string): Promise<boolean> {
    const rows = await executor.select({ id: automationRules.id }).from(automationRules).where(and(eq(automationRules.workspaceId, workspaceId), sql`${automationRules.builtIn} is not null`)).limit(1);
    return rows.length > 0;
  }

  async insertRulesIfAbsent(executor: Executor, values: Array<typeof automationRules.$inferInsert>): Promise<void> {
    if (values.length > 0) await executor.insert(automationRules).values(values).onConflictDoNothing();
  }

  async insertRule(executor: Executor, values: typeof automationRules.$inferInsert): Promise<RuleRow> {
    const [row] = await executor.insert(automationRules).values(values).returning();
    return row!;
  }

  async updateRule(executor: Executor, workspaceId: string, id: string, values: Partial<typeof automationRules.$inferInsert>): Promise<RuleRow> {
    const [row] = await executor
      .update(automationRules)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)))
      .returning();
    return row!;
  }

  async deleteRule(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(automationRules).where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)));
  }

  async nextPosition(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor.select({ max: sql<number | null>`max(${automationRules.position})` }).from(automationRules).where(eq(automationRules.workspaceId, workspaceId));
    return (row?.max ?? -1) + 1;
  }

  /** Records a run unless one with this transaction id exists: false means it already ran (redelivery, retry). */
  async claimRun(executor: Executor, values: typeof automationRuns.$inferInsert): Promise<RunRow | undefined> {
    const [row] = await executor.insert(automationRuns).values(values).onConflictDoNothing().returning();
    return row;
  }

  /** Runs of a rule on a ticket since a moment (the loop guard's count). */
  async countRecentRuns(executor: Executor, ticketId: string, since: Date, ruleId?: string): Promise<number> {
    const [row] = await executor
      .select({ value: count() })
      .from(automationRuns)
      .where(and(eq(automationRuns.ticketId, ticketId), gte(automationRuns.createdAt, since), eq(automationRuns.outcome, 'applied'), ...(ruleId ? [eq(automationRuns.ruleId, ruleId)] : [])));
    return Number(row?.value ?? 0);
  }

  async listRuns(executor: Executor, workspaceId: string, filter: { ruleId?: string; ticketId?: string; limit: number }): Promise<RunRow[]> {
    return executor
      .select()
      .from(automationRuns)
      .where(and(eq(automationRuns.workspaceId, workspaceId), ...(filter.ruleId ? [eq(automationRuns.ruleId, filter.ruleId)] : []), ...(filter.ticketId ? [eq(automationRuns.ticketId, filter.ticketId)] : [])))
      .orderBy(desc(automationRuns.createdAt))
      .limit(filter.limit);
  }

  async findCustomer(executor: Executor, workspaceId: string, customerId: string) {
    const [row] = await executor.select({ tier: customers.tier, email: customers.email, language: customers.language, name: customers.name }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
    return row;
  }

  /** When each ticket's status last changed (its creation if never), from the timeline. */
  async statusChangedAt(executor: Executor, ticketIds: string[]): Promise<Map<string, Date>> {
    if (ticketIds.length === 0) return new Map();
    const rows = await executor
      .select({ ticketId: ticketActivities.ticketId, at: sql<string>`max(${ticketActivities.createdAt})` })
      .from(ticketActivities)
      .where(and(inArray(ticketActivities.ticketId, ticketIds), sql`(${ticketActivities.action} = 'created' or ${ticketActivities.changes} @> '[{"field": "status"}]'::jsonb)`))
      .groupBy(ticketActivities.ticketId);
    return new Map(rows.map((row) => [row.ticketId, new Date(row.at)]));
  }

  /** Open tickets of a workspace a time rule looks at, oldest change first, a page at a time. */
  async listOpenTicketIds(executor: Executor, workspaceId: string, limit: number, afterId?: string): Promise<string[]> {
    const rows = await executor
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), isNull(tickets.mergedIntoId), sql`${tickets.statusCategory} <> 'closed'`, ...(afterId ? [sql`${tickets.id} > ${afterId}`] : [])))
      .orderBy(asc(tickets.id))
      .limit(limit);
    return rows.map((row) => row.id);
  }
}
