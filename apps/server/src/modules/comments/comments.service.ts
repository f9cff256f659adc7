import type { Database, Executor } from '../../db/database.js';
import { AppError, AuthErrorCode, TicketErrorCode } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import { can, requireAccess, type Actor } from '../auth/permissions.js';
import type { DomainEvent } from '../events/events.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersService } from '../users/users.service.js';
import type { CommentRow, CommentsRepository, CustomerText } from './comments.repository.js';
import type { TComment, TCommentEmailDelivery, TCreateCommentRequest } from './comments.schema.js';
import { findMentionHandles } from './mentions.js';

export type TAttachmentSummary = TComment['attachments'][number];

/** What comments need from the attachments module. */
export interface CommentAttachmentStore {
  linkToComment(tx: Executor, workspaceId: string, attachmentIds: string[], ticketId: string, commentId: string): Promise<unknown>;
  listForComments(workspaceId: string, commentIds: string[], executor?: Executor): Promise<Map<string, TAttachmentSummary[]>>;
}

/** What became of the emails carrying public replies (the email channel answers it). */
export interface CommentEmailDeliveryLookup {
  findForComments(workspaceId: string, commentIds: string[], executor?: Executor): Promise<Map<string, TCommentEmailDelivery>>;
}

export interface CommentAuthor {
  workspaceId: string;
  type: 'user' | 'customer' | 'system';
  userId?: string | null;
  customerId?: string | null;
}

/** One comment to write: who writes it, on which (locked) ticket, and what. */
export interface CommentDraft {
  author: CommentAuthor;
  ticketId: string;
  input: TCreateCommentRequest;
}

/** A comment just written, with the `comment.created` event recorded beside it (dispatched once the transaction commits). */
export interface CreatedComment {
  row: CommentRow;
  event: DomainEvent;
}

export class CommentsService {
  private emailDeliveries: CommentEmailDeliveryLookup | undefined;

  constructor(
    private readonly db: Database,
    private readonly repository: CommentsRepository,
    private readonly tickets: TicketsService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    private readonly attachments: CommentAttachmentStore,
  ) {}

  async create(actor: Actor, ticketIdOrNumber: string, input: TCreateCommentRequest): Promise<TComment> {
    requireAccess(actor, input.isPublic ? 'comments.public' : 'comments.internal');
    const row = await this.db.transaction(async (tx) => {
      const ticket = await this.tickets.require(tx, actor.workspaceId, ticketIdOrNumber, true);
      return this.createInTransaction(tx, { workspaceId: actor.workspaceId, type: 'user', userId: actor.userId }, ticket.id, input);
    });
    this.outbox.nudge();
    return this.present(row);
  }

  /** A comment on a locked ticket, in the caller's transaction: mentions, attachments, search and events. */
  async createInTransaction(tx: Executor, author: CommentAuthor, ticketId: string, input: TCreateCommentRequest): Promise<CommentRow> {
    const [created] = await this.createManyInTransaction(tx, author.workspaceId, [{ author, ticketId, input }]);
    return created!.row;
  }

  /**
   * Comments of one workspace on locked tickets, in the caller's transaction, with a handful of statements
   * whatever their number (one insert of the comments, one search update of their tickets, one insert of their
   * `comment.created` events): the same rules as one comment, each in the order given. Answers the rows, each with
   * its event, in that order.
   */
  async createManyInTransaction(tx: Executor, workspaceId: string, drafts: CommentDraft[]): Promise<CreatedComment[]> {
    if (drafts.length === 0) return [];
    // Only staff mention staff: an @name in a customer's mail notifies nobody.
    const mentionedByDraft: string[][] = [];
    for (const { author, input } of drafts) mentionedByDraft.push(author.type === 'user' ? await this.resolveMentions(tx, workspaceId, input.body, input.mentionUserIds) : []);
    const rows = await this.repository.insertMany(
      tx,
      drafts.map(({ author, ticketId, input }, index) => ({
        workspaceId,
        ticketId,
        authorType: author.type,
        authorUserId: author.userId ?? null,
        authorCustomerId: author.customerId ?? null,
        body: input.body,
        isPublic: input.isPublic,
        mentionedUserIds: mentionedByDraft[index]!,
      })),
    );
    for (const [index, { ticketId, input }] of drafts.entries()) {
      if (input.attachmentIds.length > 0) await this.attachments.linkToComment(tx, workspaceId, input.attachmentIds, ticketId, rows[index]!.id);
    }
    await this.tickets.indexComments(tx, workspaceId, drafts.map(({ ticketId, input }) => ({ ticketId, text: input.body })));
    await this.notifications.notifyMany(
      tx,
      drafts.flatMap(({ author, ticketId }, index) =>
        mentionedByDraft[index]!
          .filter((userId) => userId !== author.userId)
          .map((userId) => ({ workspaceId, userId, kind: 'mention' as const, ticketId, commentId: rows[index]!.id, actorUserId: author.userId ?? null })),
      ),
    );
    // Just written: only the files linked above can be on them, and no email carries them yet.
    const attachments = drafts.some(({ input }) => input.attachmentIds.length > 0) ? await this.attachments.listForComments(workspaceId, rows.map((row) => row.id), tx) : new Map<string, TAttachmentSummary[]>();
    const comments = rows.map((row) => presentComment(row, attachments.get(row.id) ?? [], null));
    const events = await this.outbox.recordMany(
      tx,
      drafts.map(({ author, ticketId }, index) => ({ workspaceId, type: 'comment.created' as const, data: { comment: comments[index]!, ticketId, actorId: author.userId ?? null } })),
    );
    return rows.map((row, index) => ({ row, event: events[index]! }));
  }

  /** The customers' messages on these tickets written since `since`: what analytics rescore. */
  async listCustomerTextsOfTickets(workspaceId: string, ticketIds: string[], since: Date, executor: Executor = this.db): Promise<CustomerText[]> {
    return this.repository.listCustomerTextsOfTickets(executor, workspaceId, ticketIds, since);
  }

  async list(actor: Actor, ticketIdOrNumber: string, query: { limit: number; cursor?: string | undefined; visibility: 'all' | 'public' | 'internal' }): Promise<Page<TComment>> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listForTicket(this.db, actor.workspaceId, ticket.id, {
      limit: query.limit + 1,
      visibility: query.visibility,
      after: after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined,
    });
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { data: await this.presentMany(actor.workspaceId, page.data), nextCursor: page.nextCursor };
  }

  /** A ticket's public comments, oldest first (what its customer sees): internal notes never. */
  async listPublicOfTicket(workspaceId: string, ticketId: string, executor: Executor = this.db): Promise<TComment[]> {
    const rows: CommentRow[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await this.repository.listForTicket(executor, workspaceId, ticketId, { limit: 500, visibility: 'public', after });
      rows.push(...batch);
      if (batch.length < 500) break;
      const last = batch[batch.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const attachments = await this.attachments.listForComments(workspaceId, rows.map((row) => row.id), executor);
    return rows.map((row) => presentComment(row, attachments.get(row.id) ?? [], null));
  }

  /** Authors edit their own comments; managers and admins may edit any. The previous text is kept. */
  async update(actor: Actor, ticketIdOrNumber: string, commentId: string, body: string): Promise<TComment> {
    const row = await this.db.transaction(async (tx) => {
      const ticket = await this.tickets.require(tx, actor.workspaceId, ticketIdOrNumber);
      const comment = await this.repository.findById(tx, actor.workspaceId, ticket.id, commentId);
      if (!comment) throw new AppError(TicketErrorCode.CommentNotFound, 'No such comment on this ticket.');
      const isAuthor = comment.authorType === 'user' && comment.authorUserId === actor.userId;
      if (!isAuthor && !can(actor, 'tickets.delete')) throw new AppError(AuthErrorCode.Forbidden, 'Only the author, a manager or an admin may edit this comment.');
      requireAccess(actor, comment.isPublic ? 'comments.public' : 'comments.internal');
      if (comment.body === body) return comment;
      const mentioned = await this.resolveMentions(tx, actor.workspaceId, body, []);
      await this.repository.insertRevision(tx, { workspaceId: actor.workspaceId, commentId, previousBody: comment.body, editedByUserId: actor.userId });
      const updated = await this.repository.updateBody(tx, actor.workspaceId, commentId, body, [...new Set([...comment.mentionedUserIds, ...mentioned])]);
      const newlyMentioned = mentioned.filter((userId) => !comment.mentionedUserIds.includes(userId) && userId !== actor.userId);
      await this.notifications.notifyMany(tx, newlyMentioned.map((userId) => ({ workspaceId: actor.workspaceId, userId, kind: 'mention' as const, ticketId: ticket.id, commentId, actorUserId: actor.userId })));
      await this.tickets.reindex(tx, actor.workspaceId, ticket.id);
      const edited = await this.present(updated, tx);
      await this.outbox.record(tx, actor.workspaceId, 'comment.updated', { comment: edited, ticketId: ticket.id, actorId: actor.userId, newlyMentionedUserIds: newlyMentioned });
      return updated;
    });
    this.outbox.nudge();
    return this.present(row);
  }

  async listRevisions(actor: Actor, ticketIdOrNumber: string, commentId: string) {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const comment = await this.db.transaction((tx) => this.repository.findById(tx, actor.workspaceId, ticket.id, commentId));
    if (!comment) throw new AppError(TicketErrorCode.CommentNotFound, 'No such comment on this ticket.');
    const rows = await this.repository.listRevisions(this.db, actor.workspaceId, commentId);
    return rows.map((row) => ({ id: row.id, previousBody: row.previousBody, editedByUserId: row.editedByUserId, createdAt: row.createdAt.toISOString() }));
  }

  moveToTicket(tx: Executor, workspaceId: string, fromTicketId: string, toTicketId: string): Promise<number> {
    return this.repository.moveToTicket(tx, workspaceId, fromTicketId, toTicketId);
  }

  /** Public replies show the state of the email carrying them to the customer, from this lookup. */
  useEmailDeliveries(lookup: CommentEmailDeliveryLookup): void {
    this.emailDeliveries = lookup;
  }

  async present(row: CommentRow, executor: Executor = this.db): Promise<TComment> {
    const attachments = await this.attachments.listForComments(row.workspaceId, [row.id], executor);
    const deliveries = await this.emailDeliveries?.findForComments(row.workspaceId, [row.id], executor);
    return presentComment(row, attachments.get(row.id) ?? [], deliveries?.get(row.id) ?? null);
  }

  private async presentMany(workspaceId: string, rows: CommentRow[]): Promise<TComment[]> {
    const attachments = await this.attachments.listForComments(workspaceId, rows.map((row) => row.id));
    const deliveries = await this.emailDeliveries?.findForComments(workspaceId, rows.map((row) => row.id));
    return rows.map((row) => presentComment(row, attachments.get(row.id) ?? [], deliveries?.get(row.id) ?? null));
  }

  private async resolveMentions(tx: Executor, workspaceId: string, body: string, explicitIds: string[]): Promise<string[]> {
    const byHandle = await this.users.findByHandles(tx, workspaceId, findMentionHandles(body));
    for (const [index, userId] of explicitIds.entries()) await this.users.requireActiveUser(tx, workspaceId, userId, `mentionUserIds.${index}`);
    return [...new Set([...byHandle.map((user) => user.id), ...explicitIds])];
  }
}

function presentComment(row: CommentRow, attachments: TAttachmentSummary[], emailDelivery: TCommentEmailDelivery | null): TComment {
  return {
    id: row.id,
    ticketId: row.ticketId,
    body: row.body,
    isPublic: row.isPublic,
    authorType: row.authorType as TComment['authorType'],
    authorUserId: row.authorUserId,
    authorCustomerId: row.authorCustomerId,
    mentionedUserIds: row.mentionedUserIds,
    attachments,
    emailDelivery,
    isEdited: row.updatedAt.getTime() !== row.createdAt.getTime(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
