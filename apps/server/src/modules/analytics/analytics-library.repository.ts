import { and, asc, eq, gt, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { analyticsReportSchedules, analyticsSavedReports } from './analytics.tables.js';

export type SavedReportRow = typeof analyticsSavedReports.$inferSelect;
export type ScheduleRow = typeof analyticsReportSchedules.$inferSelect;

/** Saved reports and report schedules. */
export class AnalyticsLibraryRepository {
  /** Every saved report, or (when `visibleTo` is given) a person's own and those shared with their teams. */
  listSavedReports(executor: Executor, workspaceId: string, visibleTo: { ownerId: string; teamIds: string[] } | undefined, page: { after?: { name: string; id: string }; limit: number }): Promise<SavedReportRow[]> {
    const visible = visibleTo
      ? visibleTo.teamIds.length
        ? or(eq(analyticsSavedReports.ownerId, visibleTo.ownerId), inArray(analyticsSavedReports.sharedTeamId, visibleTo.teamIds))
        : eq(analyticsSavedReports.ownerId, visibleTo.ownerId)
      : undefined;
    return executor
      .select()
      .from(analyticsSavedReports)
      .where(and(eq(analyticsSavedReports.workspaceId, workspaceId), visible, afterNameAndId(analyticsSavedReports, page.after)))
      .orderBy(asc(analyticsSavedReports.name), asc(analyticsSavedReports.id))
      .limit(page.limit);
  }

  async findSavedReport(executor: Executor, workspaceId: string, id: string): Promise<SavedReportRow | undefined> {
    const [row] = await executor.select().from(analyticsSavedReports).where(and(eq(analyticsSavedReports.workspaceId, workspaceId), eq(analyticsSavedReports.id, id)));
    return row;
  }

  async insertSavedReport(executor: Executor, values: typeof analyticsSavedReports.$inferInsert): Promise<SavedReportRow> {
    const [row] = await executor.insert(analyticsSavedReports).values(values).returning();
    return row!;
  }

  async updateSavedReport(executor: Executor, workspaceId: string, id: string, values: Partial<typeof analyticsSavedReports.$inferInsert>): Promise<SavedReportRow | undefined> {
    const [row] = await executor.update(analyticsSavedReports).set(values).where(and(eq(analyticsSavedReports.workspaceId, workspaceId), eq(analyticsSavedReports.id, id))).returning();
    return row;
  }

  async deleteSavedReport(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(analyticsSavedReports).where(and(eq(analyticsSavedReports.workspaceId, workspaceId), eq(analyticsSavedReports.id, id)));
  }

  listSchedules(executor: Executor, workspaceId: string, ownerId: string | undefined, page: { after?: { name: string; id: string }; limit: number }): Promise<ScheduleRow[]> {
    return executor
      .select()
      .from(analyticsReportSchedules)
      .where(and(eq(analyticsReportSchedules.workspaceId, workspaceId), ownerId ? eq(analyticsReportSchedules.ownerId, ownerId) : undefined, afterNameAndId(analyticsReportSchedules, page.after)))
      .orderBy(asc(analyticsReportSchedules.name), asc(analyticsReportSchedules.id))
      .limit(page.limit);
  }

  async findSchedule(executor: Executor, workspaceId: string, id: string): Promise<ScheduleRow | undefined> {
    const [row] = await executor.select().from(analyticsReportSchedules).where(and(eq(analyticsReportSchedules.workspaceId, workspaceId), eq(analyticsReportSchedules.id, id)));
    return row;
  }

  async insertSchedule(executor: Executor, values: typeof analyticsReportSchedules.$inferInsert): Promise<ScheduleRow> {
    const [row] = await executor.insert(analyticsReportSchedules).values(values).returning();
    return row!;
  }

  async updateSchedule(executor: Executor, workspaceId: string, id: string, values: Partial<typeof analyticsReportSchedules.$inferInsert>): Promise<ScheduleRow | undefined> {
    const [row] = await executor.update(analyticsReportSchedules).set(values).where(and(eq(analyticsReportSchedules.workspaceId, workspaceId), eq(analyticsReportSchedules.id, id))).returning();
    return row;
  }

  async deleteSchedule(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(analyticsReportSchedules).where(and(eq(analyticsReportSchedules.workspaceId, workspaceId), eq(analyticsReportSchedules.id, id)));
  }

  /** Enabled schedules due by `now`, locked; ones another node holds are skipped. */
  lockDueSchedules(executor: Executor, now: Date, limit: number): Promise<ScheduleRow[]> {
    return executor
      .select()
      .from(analyticsReportSchedules)
      .where(and(eq(analyticsReportSchedules.isEnabled, true), lte(analyticsReportSchedules.nextRunAt, now)))
      .orderBy(asc(analyticsReportSchedules.nextRunAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  }
}


/** Rows after a (name, id) keyset position. */
function afterNameAndId(table: typeof analyticsSavedReports | typeof analyticsReportSchedules, after: { name: string; id: string } | undefined): SQL | undefined {
  if (!after) return undefined;
  return or(gt(table.name, after.name), and(eq(table.name, after.name), gt(table.id, after.id)));
}

