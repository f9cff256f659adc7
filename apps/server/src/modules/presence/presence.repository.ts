import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { users } from '../users/users.tables.js';
import { ticketPresence } from './presence.tables.js';

export class PresenceRepository {
  async upsert(executor: Executor, values: typeof ticketPresence.$inferInsert): Promise<void> {
    await executor
      .insert(ticketPresence)
      .values(values)
      .onConflictDoUpdate({ target: [ticketPresence.ticketId, ticketPresence.userId], set: { state: values.state, expiresAt: values.expiresAt } });
  }

  async delete(executor: Executor, workspaceId: string, ticketId: string, userId: string): Promise<void> {
    await executor
      .delete(ticketPresence)
      .where(and(eq(ticketPresence.workspaceId, workspaceId), eq(ticketPresence.ticketId, ticketId), eq(ticketPresence.userId, userId)));
  }

  async deleteExpired(executor: Executor): Promise<void> {
    await executor.delete(ticketPresence).where(lt(ticketPresence.expiresAt, sql`now()`));
  }

  /** Live entries with the user's name (joined from the users module's table for one read). */
  async listLive(executor: Executor, workspaceId: string, ticketId: string, now: Date) {
    return executor
      .select({ userId: ticketPresence.userId, name: users.name, state: ticketPresence.state, expiresAt: ticketPresence.expiresAt })
      .from(ticketPresence)
      .innerJoin(users, eq(users.id, ticketPresence.userId))
      .where(and(eq(ticketPresence.workspaceId, workspaceId), eq(ticketPresence.ticketId, ticketId), gt(ticketPresence.expiresAt, now)));
  }
}
