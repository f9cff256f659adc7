import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/database.js';

export interface WaitingChat {
  conversationId: string;
  visitorId: string;
  ticketId: string;
  teamId: string | null;
}

export interface ChatResponder {
  userId: string;
  name: string;
  capacity: number;
  load: number;
  teamIds: string[];
}

/**
 * The live-chat queue's reads. They join the tickets, customers and staff tables read-only: the queue orders
 * chats by their customer's tier and hands them to online staff by load. (Routing rules and skills arrive with
 * the routing module, which will own these reads.)
 */
export class ChatQueueRepository {
  /** Serialises queue changes of one workspace across nodes: the workspace's chat settings row, locked. */
  async lockWorkspaceQueue(executor: Executor, workspaceId: string): Promise<void> {
    await queryRows(executor, sql`SELECT workspace_id FROM chat_settings WHERE workspace_id = ${workspaceId} FOR UPDATE`);
  }

  /** Open, unassigned chats: enterprise and VIP customers first, then paid, then free; within a tier, who waited longest. */
  listWaiting(executor: Executor, workspaceId: string, limit = 500): Promise<WaitingChat[]> {
    return queryRows<WaitingChat>(
      executor,
      sql`SELECT c.id AS "conversationId", c.visitor_id AS "visitorId", c.ticket_id AS "ticketId", t.team_id AS "teamId"
          FROM chat_conversations c
          JOIN tickets t ON t.id = c.ticket_id AND t.workspace_id = c.workspace_id
          LEFT JOIN customers cu ON cu.id = t.customer_id AND cu.workspace_id = c.workspace_id
          WHERE c.workspace_id = ${workspaceId} AND c.closed_at IS NULL AND t.assignee_id IS NULL
            AND t.status_category NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL
          ORDER BY CASE cu.tier WHEN 'enterprise' THEN 0 WHEN 'vip' THEN 0 WHEN 'paid' THEN 1 ELSE 2 END, c.created_at, c.id
          LIMIT ${limit}`,
    );
  }

  /** How many chats wait in the queue (of some teams, when given), and since when the longest has waited. */
  async summarizeWaiting(executor: Executor, workspaceId: string, teamIds?: string[]): Promise<{ count: number; oldestSince: Date | null }> {
    const [row] = await queryRows<{ count: number; oldest: Date | string | null }>(
      executor,
      sql`SELECT count(*)::int AS count, min(c.created_at) AS oldest
          FROM chat_conversations c
          JOIN tickets t ON t.id = c.ticket_id AND t.workspace_id = c.workspace_id
          WHERE c.workspace_id = ${workspaceId} AND c.closed_at IS NULL AND t.assignee_id IS NULL
            AND t.status_category NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL
            ${teamIds ? (teamIds.length ? sql`AND t.team_id IN (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`AND false`) : sql``}`,
    );
    return { count: row?.count ?? 0, oldestSince: row?.oldest ? new Date(row.oldest) : null };
  }

  /** Staff who can take a chat now (online, active, answering customers, with a capacity), least loaded first. */
  async listResponders(executor: Executor, workspaceId: string): Promise<ChatResponder[]> {
    const rows = await queryRows<Omit<ChatResponder, 'teamIds'> & { teamIds: string[] | null }>(
      executor,
      sql`SELECT u.id AS "userId", u.name, u.chat_capacity AS capacity,
            (SELECT count(*)::int FROM chat_conversations c JOIN tickets t ON t.id = c.ticket_id
              WHERE c.workspace_id = u.workspace_id AND t.assignee_id = u.id AND c.closed_at IS NULL
                AND t.status_category NOT IN ('resolved', 'closed')) AS load,
            (SELECT array_agg(m.team_id) FROM team_members m WHERE m.user_id = u.id AND m.workspace_id = u.workspace_id) AS "teamIds"
          FROM users u
          WHERE u.workspace_id = ${workspaceId} AND u.availability = 'online' AND u.deactivated_at IS NULL
            AND u.role IN ('admin', 'manager', 'agent') AND u.chat_capacity > 0
          ORDER BY u.availability_changed_at NULLS FIRST, u.id`,
    );
    return rows.map((row) => ({ ...row, teamIds: row.teamIds ?? [] }));
  }
}
