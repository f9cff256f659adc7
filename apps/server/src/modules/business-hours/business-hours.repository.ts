import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { businessCalendars } from './business-hours.tables.js';

export type CalendarRow = typeof businessCalendars.$inferSelect;

export class BusinessHoursRepository {
  async list(executor: Executor, workspaceId: string): Promise<CalendarRow[]> {
    return executor.select().from(businessCalendars).where(eq(businessCalendars.workspaceId, workspaceId)).orderBy(asc(businessCalendars.name));
  }

  async findById(executor: Executor, workspaceId: string, id: string): Promise<CalendarRow | undefined> {
    const [row] = await executor.select().from(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
    return row;
  }

  async findDefault(executor: Executor, workspaceId: string): Promise<CalendarRow | undefined> {
    const [row] = await executor.select().from(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.isDefault, true)));
    return row;
  }

  async isNameTaken(executor: Executor, workspaceId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await executor
      .select({ id: businessCalendars.id })
      .from(businessCalendars)
      .where(and(eq(businessCalendars.workspaceId, workspaceId), sql`lower(${businessCalendars.name}) = lower(${name})`));
    return rows.some((row) => row.id !== exceptId);
  }

  async insert(executor: Executor, values: typeof businessCalendars.$inferInsert): Promise<CalendarRow> {
    const [row] = await executor.insert(businessCalendars).values(values).returning();
    return row!;
  }

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof businessCalendars.$inferInsert>): Promise<CalendarRow> {
    const [row] = await executor
      .update(businessCalendars)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)))
      .returning();
    return row!;
  }

  /** The workspace's default calendar is no longer the default (before another becomes it). */
  async clearDefault(executor: Executor, workspaceId: string): Promise<void> {
    await executor.update(businessCalendars).set({ isDefault: false }).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.isDefault, true)));
  }

  async delete(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
  }
}
