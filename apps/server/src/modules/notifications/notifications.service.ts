import type { Database, Executor } from '../../db/database.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import type { Actor } from '../auth/permissions.js';
import type { NotificationsRepository } from './notifications.repository.js';

export const NOTIFICATION_KINDS = ['mention', 'assignment', 'sla_warning', 'sla_breach', 'automation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

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
  constructor(
    private readonly db: Database,
    private readonly repository: NotificationsRepository,
  ) {}

  async notify(
    tx: Executor,
    input: { workspaceId: string; userId: string; kind: NotificationKind; ticketId?: string; commentId?: string; actorUserId: string | null },
  ): Promise<void> {
    await this.repository.insertMany(tx, [input]);
  }

  async notifyMany(tx: Executor, inputs: Array<Parameters<NotificationsService['notify']>[1]>): Promise<void> {
    await this.repository.insertMany(tx, inputs);
  }

  async list(actor: Actor, options: { limit: number; cursor?: string | undefined; isUnreadOnly: boolean }): Promise<Page<TNotification>> {
    const after = options.cursor ? decodeTypedCursor(options.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listForUser(this.db, actor.workspaceId, actor.userId, {
      limit: options.limit + 1,
      isUnreadOnly: options.isUnreadOnly,
      after: after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined,
    });
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
    const updatedCount = await this.repository.markRead(this.db, actor.workspaceId, actor.userId, ids);
    if (updatedCount !== ids.length) throw new AppError(CommonErrorCode.NotFound, 'No such notification.');
  }
}
