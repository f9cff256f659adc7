import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { teamMembers, teams, users } from './users.tables.js';

export type UserRow = typeof users.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;

export class UsersRepository {
  async insert(executor: Executor, values: typeof users.$inferInsert): Promise<UserRow | undefined> {
    const [row] = await executor.insert(users).values(values).onConflictDoNothing().returning();
    return row;
  }

  async findById(executor: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
    const [row] = await executor.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
    return row;
  }

  async findByIdForUpdate(executor: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
    const [row] = await executor.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).for('update');
    return row;
  }

  async findByEmail(executor: Executor, workspaceId: string, email: string): Promise<UserRow | undefined> {
    const [row] = await executor.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.email, email)));
    return row;
  }

  async findManyByIds(executor: Executor, workspaceId: string, ids: string[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return executor.select().from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  }

  /** Active staff whose email or email local part matches one of the handles (for @mentions). */
  async findByHandles(executor: Executor, workspaceId: string, handles: string[]): Promise<UserRow[]> {
    if (handles.length === 0) return [];
    const lowered = handles.map((handle) => handle.toLowerCase());
    return executor
      .select()
      .from(users)
      .where(
        and(
          eq(users.workspaceId, workspaceId),
          isNull(users.deactivatedAt),
          or(inArray(users.email, lowered), inArray(sql`split_part(${users.email}, '@', 1)`, lowered)),
        ),
      );
  }

  async list(executor: Executor, workspaceId: string, limit: number, afterEmail?: string): Promise<UserRow[]> {
    return executor
      .select()
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), afterEmail ? gt(users.email, afterEmail) : undefined))
      .orderBy(asc(users.email))
      .limit(limit);
  }

  async listNotOffline(executor: Executor): Promise<Array<{ workspaceId: string; userId: string; availabilityChangedAt: Date | null }>> {
    return executor
      .select({ workspaceId: users.workspaceId, userId: users.id, availabilityChangedAt: users.availabilityChangedAt })
      .from(users)
      .where(ne(users.availability, 'offline'));
  }

  /** Whether an active staff member who answers customers (admin, manager or agent) is online now. */
  async hasOnlineResponder(executor: Executor, workspaceId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), eq(users.availability, 'online'), isNull(users.deactivatedAt), inArray(users.role, ['admin', 'manager', 'agent'])))
      .limit(1);
    return row !== undefined;
  }

  async countByAvailability(executor: Executor, workspaceId: string): Promise<{ online: number; away: number }> {
    const rows = await executor
      .select({ availability: users.availability, count: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), isNull(users.deactivatedAt), inArray(users.role, ['admin', 'manager', 'agent']), inArray(users.availability, ['online', 'away'])))
      .groupBy(users.availability);
    const countOf = (availability: string) => Number(rows.find((row) => row.availability === availability)?.count ?? 0);
    return { online: countOf('online'), away: countOf('away') };
  }

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
    const [row] = await executor
      .update(users)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
      .returning();
    return row;
  }

  /**
   * Locks the workspace's active admins and returns their ids. Two admins demoting each other at once then
   * run one after the other, and the second sees the first's change, so the last admin cannot be lost.
   */
  /** Active staff with one of these roles (e.g. who hears of an SLA breach). */
  async listActiveByRoles(executor: Executor, workspaceId: string, roles: string[]): Promise<Array<{ id: string }>> {
    return executor.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.role, roles), isNull(users.deactivatedAt)));
  }

  async lockActiveAdminIds(executor: Executor, workspaceId: string): Promise<string[]> {
    const rows = await executor
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), isNull(users.deactivatedAt)))
      .for('update');
    return rows.map((row) => row.id);
  }

  async insertTeam(executor: Executor, values: typeof teams.$inferInsert): Promise<TeamRow | undefined> {
    const [row] = await executor.insert(teams).values(values).onConflictDoNothing().returning();
    return row;
  }

  async findTeamsByIds(executor: Executor, workspaceId: string, ids: string[]): Promise<TeamRow[]> {
    if (ids.length === 0) return [];
    return executor.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, ids)));
  }

  async findTeam(executor: Executor, workspaceId: string, id: string): Promise<TeamRow | undefined> {
    const [row] = await executor.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
    return row;
  }

  /** Teams by name (unique within a workspace, so the name alone is the cursor). */
  async listTeams(executor: Executor, workspaceId: string, limit: number, afterName?: string): Promise<TeamRow[]> {
    return executor
      .select()
      .from(teams)
      .where(and(eq(teams.workspaceId, workspaceId), afterName !== undefined ? gt(teams.name, afterName) : undefined))
      .orderBy(asc(teams.name))
      .limit(limit);
  }

  async findTeamByName(executor: Executor, workspaceId: string, name: string): Promise<TeamRow | undefined> {
    const [row] = await executor.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, name)));
    return row;
  }

  /** Renames a team; undefined when another team already has the name (checked by the caller, enforced by the index). */
  async renameTeam(executor: Executor, workspaceId: string, id: string, name: string): Promise<TeamRow | undefined> {
    try {
      const [row] = await executor.update(teams).set({ name }).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id))).returning();
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  async deleteTeam(executor: Executor, workspaceId: string, id: string): Promise<boolean> {
    const rows = await executor.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id))).returning({ id: teams.id });
    return rows.length > 0;
  }

  async listMemberIds(executor: Executor, workspaceId: string, teamIds: string[]): Promise<Array<{ teamId: string; userId: string }>> {
    if (teamIds.length === 0) return [];
    return executor
      .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
      .from(teamMembers)
      .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.teamId, teamIds)));
  }

  async listTeamIdsOfUsers(executor: Executor, workspaceId: string, userIds: string[]): Promise<Array<{ teamId: string; userId: string }>> {
    if (userIds.length === 0) return [];
    return executor
      .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
      .from(teamMembers)
      .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.userId, userIds)));
  }

  async replaceMembers(executor: Executor, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
    await executor.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
    if (userIds.length > 0) {
      await executor.insert(teamMembers).values(userIds.map((userId) => ({ workspaceId, teamId, userId })));
    }
  }
}

/** PostgreSQL's unique_violation, whether the driver error arrives bare or wrapped by the query builder. */
function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | undefined)?.code === '23505');
}
