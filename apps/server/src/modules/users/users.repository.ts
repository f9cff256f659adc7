import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
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

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
    const [row] = await executor
      .update(users)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
      .returning();
    return row;
  }

  async countActiveAdmins(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), isNull(users.deactivatedAt)));
    return row?.count ?? 0;
  }

  async insertTeam(executor: Executor, values: typeof teams.$inferInsert): Promise<TeamRow | undefined> {
    const [row] = await executor.insert(teams).values(values).onConflictDoNothing().returning();
    return row;
  }

  async findTeam(executor: Executor, workspaceId: string, id: string): Promise<TeamRow | undefined> {
    const [row] = await executor.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
    return row;
  }

  async listTeams(executor: Executor, workspaceId: string): Promise<TeamRow[]> {
    return executor.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name));
  }

  async updateTeam(executor: Executor, workspaceId: string, id: string, name: string): Promise<TeamRow | undefined> {
    const [row] = await executor.update(teams).set({ name }).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id))).returning();
    return row;
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
