import type { Database } from '../../db/database.js';
import { AppError, TicketErrorCode } from '../../shared/errors.js';
import type { Actor } from '../auth/permissions.js';
import type { CommentsService } from '../comments/comments.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { TicketsRepository } from './tickets.repository.js';
import type { TTicket } from './tickets.schema.js';
import type { TicketsService } from './tickets.service.js';

/**
 * Merging a duplicate: its comments move to the target, the source closes pointing at the target, and both
 * timelines say so (an internal note on each, and an activity entry).
 */
export class TicketMergeService {
  constructor(
    private readonly db: Database,
    private readonly tickets: TicketsService,
    private readonly repository: TicketsRepository,
    private readonly comments: CommentsService,
    private readonly outbox: OutboxService,
  ) {}

  async merge(actor: Actor, sourceIdOrNumber: string, targetTicketId: string): Promise<TTicket> {
    const target = await this.db.transaction(async (tx) => {
      const source = await this.tickets.require(tx, actor.workspaceId, sourceIdOrNumber, true);
      const target = await this.tickets.require(tx, actor.workspaceId, targetTicketId, true);
      if (source.id === target.id) throw new AppError(TicketErrorCode.CannotMergeIntoItself, 'A ticket cannot be merged into itself.');
      if (source.mergedIntoId) throw new AppError(TicketErrorCode.AlreadyMerged, `#${source.number} was already merged.`);
      if (target.mergedIntoId) throw new AppError(TicketErrorCode.AlreadyMerged, `#${target.number} was merged into another ticket; merge into that one.`);

      const moved = await this.comments.moveToTicket(tx, actor.workspaceId, source.id, target.id);
      const author = { workspaceId: actor.workspaceId, type: 'system' as const, userId: actor.userId };
      const note = { isPublic: false, attachmentIds: [], mentionUserIds: [] };
      await this.comments.createInTransaction(tx, author, target.id, { ...note, body: `Ticket #${source.number} "${source.subject}" was merged into this ticket (${moved} comments moved).` });
      await this.comments.createInTransaction(tx, author, source.id, { ...note, body: `This ticket was merged into #${target.number} "${target.subject}".` });

      await this.tickets.applyChanges(tx, { workspaceId: actor.workspaceId, userId: actor.userId }, source, { status: 'closed' });
      await this.repository.update(tx, actor.workspaceId, source.id, { mergedIntoId: target.id });
      await this.repository.insertLink(tx, actor.workspaceId, source.id, target.id, 'merged');
      await this.repository.insertActivity(tx, { workspaceId: actor.workspaceId, ticketId: source.id, actorType: 'user', actorId: actor.userId, action: 'merged_into', changes: [{ field: 'mergedIntoId', from: null, to: target.number }] });
      await this.repository.insertActivity(tx, { workspaceId: actor.workspaceId, ticketId: target.id, actorType: 'user', actorId: actor.userId, action: 'merged_from', changes: [{ field: 'mergedFrom', from: null, to: source.number }] });
      await this.tickets.reindex(tx, actor.workspaceId, target.id);
      await this.tickets.reindex(tx, actor.workspaceId, source.id);
      return this.repository.findById(tx, actor.workspaceId, target.id);
    });
    this.outbox.nudge();
    return this.tickets.present(target!);
  }
}
