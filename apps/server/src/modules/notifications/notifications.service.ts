import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import type { Actor } from '../auth/permissions.js';
import { notifications } from './notifications.tables.js';

export type NotificationKind = 'mention' | 'assignment';

export interface TNotification {
  id: string;
  kind: NotificationKind;
  ticketId: string | null;
  commentId: string | null;
  actorUserId: string | null;
  createdAt: string;
  readAt: string | null;
}

export class NotificationsService {
  constructor(private readonly db: Database) {}

  async notify(
    tx: Executor,
    input: { workspaceId: string; userId: string; kind: NotificationKind; ticketId?: string; commentId?: string; actorUserId: string | null },
  ): Promise<void> {
    await tx.insert(notifications).values(input);
  }

  async notifyMany(tx: Executor, inputs: Array<Parameters<NotificationsService['notify']>[1]>): Promise<void> {
    if (inputs.length > 0) await tx.insert(notifications).values(inputs);
  }

  async list(actor: Actor, options: { limit: number; cursor?: string | undefined; isUnreadOnly: boolean }): Promise<Page<TNotification>> {
    const after = options.cursor ? decodeTypedCursor(options.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.workspaceId, actor.workspaceId),
          eq(notifications.userId, actor.userId),
          options.isUnreadOnly ? isNull(notifications.readAt) : undefined,
          after ? or(lt(notifications.createdAt, new Date(after[0]!)), and(eq(notifications.createdAt, new Date(after[0]!)), lt(notifications.id, String(after[1])))) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(options.limit + 1);
    const page = toPage(rows, options.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return {
      nextCursor: page.nextCursor,
      data: page.data.map((row) => ({
        id: row.id,
        kind: row.kind as NotificationKind,
        ticketId: row.ticketId,
        commentId: row.commentId,
        actorUserId: row.actorUserId,
        createdAt: row.createdAt.toISOString(),
        readAt: row.readAt?.toISOString() ?? null,
      })),
    };
  }

  async markRead(actor: Actor, ids: string[]): Promise<void> {
    const updated = await this.db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.workspaceId, actor.workspaceId), eq(notifications.userId, actor.userId), inArray(notifications.id, ids)))
      .returning({ id: notifications.id });
    if (updated.length !== ids.length) throw new AppError(CommonErrorCode.NotFound, 'No such notification.');
  }
}
