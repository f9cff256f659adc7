import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';

/** When each step of one demo ticket's story happened. */
export interface TicketTimeline {
  ticketId: string;
  createdAt: Date;
  /** When an agent took it (null when it was created already assigned, or never assigned). */
  assignedAt: Date | null;
  /** When it moved to its final status, for pending and on-hold tickets. */
  statusChangedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
}

export interface CustomerTimeline {
  customerId: string;
  createdAt: Date;
}

export interface CommentTimeline {
  commentId: string;
  createdAt: Date;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The one place that writes other modules' tables directly, and only their timestamps. The services stamp
 * every row with the time it is written, which is right for real work; a demo, though, needs 90 days of
 * history, and no service may accept a made-up past date from a caller. So the seed creates everything
 * through the services (rules, search documents, events, notifications) and then moves the clock back here,
 * in the same transaction, scoped to the demo workspace. Each statement is one set-based UPDATE so the
 * seed stays fast on embedded PGlite.
 */
export class DemoRepository {
  async backdateCustomers(executor: Executor, workspaceId: string, rows: CustomerTimeline[]): Promise<void> {
    const values = JSON.stringify(rows.map((row) => ({ id: row.customerId, at: iso(row.createdAt) })));
    await executor.execute(sql`
      UPDATE customers SET created_at = v.at, updated_at = v.at
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, at timestamptz)
      WHERE customers.id = v.id AND customers.workspace_id = ${workspaceId}`);
  }

  async backdateTickets(executor: Executor, workspaceId: string, rows: TicketTimeline[]): Promise<void> {
    const values = JSON.stringify(
      rows.map((row) => ({ id: row.ticketId, created: iso(row.createdAt), updated: iso(row.updatedAt), resolved: iso(row.resolvedAt), closed: iso(row.closedAt) })),
    );
    await executor.execute(sql`
      UPDATE tickets SET created_at = v.created, updated_at = v.updated, resolved_at = v.resolved, closed_at = v.closed
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, created timestamptz, updated timestamptz, resolved timestamptz, closed timestamptz)
      WHERE tickets.id = v.id AND tickets.workspace_id = ${workspaceId}`);
  }

  /**
   * The timeline entries carry no step number, and every row written in one transaction has the same
   * `now()`, so each entry is matched to its step by what it changed: the creation, the assignment, the
   * move to resolved or to closed, or the move to the final status.
   */
  async backdateActivities(executor: Executor, workspaceId: string, rows: TicketTimeline[]): Promise<void> {
    const values = JSON.stringify(
      rows.map((row) => ({
        id: row.ticketId,
        created: iso(row.createdAt),
        assigned: iso(row.assignedAt ?? row.createdAt),
        changed: iso(row.statusChangedAt ?? row.resolvedAt ?? row.updatedAt),
        resolved: iso(row.resolvedAt),
        closed: iso(row.closedAt),
      })),
    );
    await executor.execute(sql`
      UPDATE ticket_activities AS activity SET created_at = CASE
          WHEN activity.action = 'created' THEN v.created
          WHEN activity.changes @> '[{"field": "status", "to": "closed"}]'::jsonb THEN coalesce(v.closed, v.changed)
          WHEN activity.changes @> '[{"field": "status", "to": "resolved"}]'::jsonb THEN coalesce(v.resolved, v.changed)
          WHEN activity.changes @> '[{"field": "assigneeId"}]'::jsonb THEN v.assigned
          ELSE v.changed
        END
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, created timestamptz, assigned timestamptz, changed timestamptz, resolved timestamptz, closed timestamptz)
      WHERE activity.ticket_id = v.id AND activity.workspace_id = ${workspaceId}`);
  }

  /** Surveys as the 90 days left them: sent at the resolution, answered (the rating set here) or not. */
  async backdateSatisfactionSurveys(executor: Executor, workspaceId: string, rows: Array<{ ticketId: string; offeredAt: Date; rating: number | null; ratedAt: Date | null }>): Promise<void> {
    if (rows.length === 0) return;
    const values = JSON.stringify(rows.map((row) => ({ id: row.ticketId, offered: iso(row.offeredAt), rating: row.rating, rated: row.ratedAt ? iso(row.ratedAt) : null })));
    await executor.execute(sql`
      UPDATE satisfaction_ratings SET offered_at = v.offered, rating = v.rating, rated_at = v.rated, expires_at = v.offered + interval '30 days', created_at = v.offered, updated_at = coalesce(v.rated, v.offered)
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, offered timestamptz, rating int, rated timestamptz)
      WHERE satisfaction_ratings.ticket_id = v.id AND satisfaction_ratings.workspace_id = ${workspaceId}`);
  }

  async backdateComments(executor: Executor, workspaceId: string, rows: CommentTimeline[]): Promise<void> {
    const values = JSON.stringify(rows.map((row) => ({ id: row.commentId, at: iso(row.createdAt) })));
    await executor.execute(sql`
      UPDATE comments SET created_at = v.at, updated_at = v.at
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, at timestamptz)
      WHERE comments.id = v.id AND comments.workspace_id = ${workspaceId}`);
  }

  /**
   * Notifications follow what caused them (the mention's comment, the assignment's timeline entry); those
   * older than `readBefore` are marked read, as the agents would have seen them by now.
   */
  async backdateNotifications(executor: Executor, workspaceId: string, readBefore: Date): Promise<void> {
    await executor.execute(sql`
      UPDATE notifications SET created_at = comments.created_at
      FROM comments
      WHERE notifications.workspace_id = ${workspaceId} AND comments.id = notifications.comment_id`);
    await executor.execute(sql`
      UPDATE notifications SET created_at = coalesce((
          SELECT max(activity.created_at) FROM ticket_activities AS activity
          WHERE activity.ticket_id = notifications.ticket_id AND activity.workspace_id = notifications.workspace_id
            AND (activity.action = 'created' OR activity.changes @> '[{"field": "assigneeId"}]'::jsonb)
        ), notifications.created_at)
      WHERE notifications.workspace_id = ${workspaceId} AND notifications.kind = 'assignment'`);
    await executor.execute(sql`
      UPDATE notifications SET read_at = created_at + interval '25 minutes'
      WHERE workspace_id = ${workspaceId} AND read_at IS NULL AND created_at < ${readBefore.toISOString()}::timestamptz`);
  }

  /**
   * A bot conversation and its questions moved back as one: every timestamp of it (started, updated, handed off,
   * resolved, each question) by the same amount, so the conversation starts at `createdAt` and keeps its pace.
   */
  async backdateBotConversations(executor: Executor, workspaceId: string, rows: Array<{ conversationId: string; createdAt: Date }>): Promise<void> {
    const values = JSON.stringify(rows.map((row) => ({ id: row.conversationId, at: iso(row.createdAt) })));
    await executor.execute(sql`
      UPDATE bot_questions SET created_at = bot_questions.created_at - (c.created_at - v.at)
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, at timestamptz), bot_conversations c
      WHERE c.id = v.id AND c.workspace_id = ${workspaceId} AND bot_questions.conversation_id = c.id AND bot_questions.workspace_id = ${workspaceId}`);
    await executor.execute(sql`
      UPDATE bot_conversations SET
        updated_at = bot_conversations.updated_at - (bot_conversations.created_at - v.at),
        handed_off_at = bot_conversations.handed_off_at - (bot_conversations.created_at - v.at),
        resolved_at = bot_conversations.resolved_at - (bot_conversations.created_at - v.at),
        created_at = v.at
      FROM jsonb_to_recordset(${values}::jsonb) AS v(id uuid, at timestamptz)
      WHERE bot_conversations.id = v.id AND bot_conversations.workspace_id = ${workspaceId}`);
  }

  /** The seed's events describe history, not news: nothing downstream should act on them. */
  async markEventsDispatched(executor: Executor, workspaceId: string): Promise<void> {
    await executor.execute(sql`UPDATE outbox_events SET dispatched_at = now() WHERE workspace_id = ${workspaceId} AND dispatched_at IS NULL`);
  }
}
