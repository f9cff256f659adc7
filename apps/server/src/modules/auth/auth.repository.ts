import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';
import { apiTokens, sessions } from './auth.tables.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

const credentialOwner = {
  userId: users.id,
  workspaceId: users.workspaceId,
  userRole: users.role,
  deactivatedAt: users.deactivatedAt,
  plan: workspaces.plan,
};

/**
 * Every API request looks its credential up, so these two queries are prepared once per database handle:
 * the SQL is built once and PostgreSQL parses and plans it once per connection.
 */
function prepareCredentialLookups(executor: Executor) {
  return {
    token: executor
      .select({ ...credentialOwner, credentialId: apiTokens.id, credentialRole: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
      .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt)))
      .prepare('switchboard_find_live_token'),
    session: executor
      .select({ ...credentialOwner, credentialId: sessions.id, credentialRole: sessions.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
      .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
      .prepare('switchboard_find_live_session'),
  };
}

export class AuthRepository {
  private readonly prepared = new WeakMap<Executor, ReturnType<typeof prepareCredentialLookups>>();

  private lookups(executor: Executor): ReturnType<typeof prepareCredentialLookups> {
    let lookups = this.prepared.get(executor);
    if (!lookups) {
      lookups = prepareCredentialLookups(executor);
      this.prepared.set(executor, lookups);
    }
    return lookups;
  }

  async insertSession(executor: Executor, values: typeof sessions.$inferInsert): Promise<void> {
    await executor.insert(sessions).values(values);
  }

  async findLiveSession(executor: Executor, tokenHash: string, now: Date) {
    const [row] = await this.lookups(executor).session.execute({ tokenHash, now: now.toISOString() });
    return row;
  }

  async revokeSession(executor: Executor, sessionId: string): Promise<void> {
    await executor.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.id, sessionId));
  }

  async revokeSessionsOfUser(executor: Executor, workspaceId: string, userId: string): Promise<void> {
    await executor
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  }

  async insertToken(executor: Executor, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
    const [row] = await executor.insert(apiTokens).values(values).returning();
    return row!;
  }

  async findLiveToken(executor: Executor, tokenHash: string) {
    const [row] = await this.lookups(executor).token.execute({ tokenHash });
    return row;
  }

  async touchToken(executor: Executor, tokenId: string): Promise<void> {
    await executor.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, tokenId));
  }

  async listTokens(executor: Executor, workspaceId: string, userId?: string): Promise<ApiTokenRow[]> {
    return executor
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.workspaceId, workspaceId), userId ? eq(apiTokens.userId, userId) : undefined))
      .orderBy(desc(apiTokens.createdAt));
  }

  async findToken(executor: Executor, workspaceId: string, id: string): Promise<ApiTokenRow | undefined> {
    const [row] = await executor.select().from(apiTokens).where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
    return row;
  }

  async revokeToken(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  }
}
