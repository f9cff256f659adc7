import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, TicketErrorCode, validationError, type ErrorCode } from '../../shared/errors.js';
import { decodeTypedCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/permissions.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { UsersService } from '../users/users.service.js';
import { validateCustomFields } from '../workspaces/custom-fields.js';
import type { StatusCategory } from '../workspaces/workspaces.schema.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { TicketCreation, type ChangeAuthor } from './ticket-creation.js';
import { presentTicket } from './tickets.presenter.js';
import { sortPlanFor, type ResolvedFilters, type TicketChange, type TicketRow, type TicketsRepository, type TicketText, type TicketTextFilter } from './tickets.repository.js';
import type {
  TBulkUpdateRequest,
  TCreateTicketRequest,
  TListTicketsQuery,
  TTicket,
  TTicketFilters,
  TUpdateTicketRequest,
} from './tickets.schema.js';

const TRACKED_FIELDS = [
  'subject', 'description', 'status', 'priority', 'type', 'category', 'tags', 'dueAt', 'assigneeId', 'teamId', 'customerId', 'language', 'customFields', 'collaboratorIds',
] as const;

function comparable(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify([...value].sort());
  return JSON.stringify(value ?? null);
}

const COUNT_CAP = 10_000;

/**
 * After this many search-document appends, the tickets' GIN indexes get their pending entries merged, away from
 * any write (see `cleanSearchIndexes`). Half a second of chat at 500 messages per second: 0.3 to 2 MB of pending
 * entries in `bench:chat` (more as chats grow), under PostgreSQL's default `gin_pending_list_limit` (4 MB).
 */
const APPENDS_PER_INDEX_CLEANUP = 250;

export class TicketsService {
  private readonly creation: TicketCreation;
  private appendsSinceIndexCleanup = 0;
  private isCleaningIndexes = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: TicketsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {
    this.creation = new TicketCreation(db, clock, repository, workspaces, customers, users, notifications, outbox);
  }

  /** Creates a ticket; concurrent creates share a transaction (see `TicketCreation`). */
  async create(actor: Actor, input: TCreateTicketRequest, channel: TTicket['channel'] = 'api'): Promise<TTicket> {
    const created = await this.creation.submit({ author: { workspaceId: actor.workspaceId, userId: actor.userId }, input, defaultChannel: channel });
    this.outbox.nudge();
    return this.presentRow(created.row, created.collaboratorIds);
  }

  /** The rules of a new ticket, inside the caller's transaction (mail and chat channels, demo data). */
  async createInTransaction(tx: Executor, author: ChangeAuthor, input: TCreateTicketRequest, defaultChannel: TTicket['channel']): Promise<TicketRow> {
    const [result] = await this.creation.createMany(tx, author.workspaceId, [{ author, input, defaultChannel }]);
    if (!result!.ok) throw result!.error;
    return result!.value.row;
  }

  /** Several new tickets of one workspace in the caller's transaction (mail that arrives together); the first broken rule throws. */
  async createManyInTransaction(tx: Executor, author: ChangeAuthor, inputs: TCreateTicketRequest[], defaultChannel: TTicket['channel']): Promise<TicketRow[]> {
    if (inputs.length === 0) return [];
    const results = await this.creation.createMany(tx, author.workspaceId, inputs.map((input) => ({ author, input, defaultChannel })));
    return results.map((result) => {
      if (!result.ok) throw result.error;
      return result.value.row;
    });
  }

  async get(actor: Actor, ticketIdOrNumber: string): Promise<TTicket> {
    return this.present(await this.require(this.db, actor.workspaceId, ticketIdOrNumber));
  }

  async update(actor: Actor, ticketIdOrNumber: string, changes: TUpdateTicketRequest, replace = false): Promise<TTicket> {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.require(tx, actor.workspaceId, ticketIdOrNumber, true);
      const complete = replace ? this.replacement(changes) : changes;
      return this.applyChanges(tx, { workspaceId: actor.workspaceId, userId: actor.userId }, current, complete);
    });
    this.outbox.nudge();
    return this.present(row);
  }

  /** A custom status now maps to another category: tickets in it follow (views, reports and SLA clocks go by category). */
  moveStatusToCategory(tx: Executor, change: { workspaceId: string; statusKey: string; category: StatusCategory }): Promise<number> {
    return this.repository.moveStatusToCategory(tx, change.workspaceId, change.statusKey, change.category);
  }

  /** Applies validated changes to a locked ticket, records the timeline and events. Returns the new row. */
  async applyChanges(tx: Executor, author: ChangeAuthor, current: TicketRow, changes: TUpdateTicketRequest): Promise<TicketRow> {
    const { workspaceId } = author;
    const workspace = await this.workspaces.get(workspaceId, tx);
    await this.checkReferences(tx, workspaceId, changes, workspace.ticketCategories);
    if (changes.customerId) {
      await this.customers.require(tx, workspaceId, changes.customerId).catch(() => {
        throw validationError('customerId', 'no such customer in this workspace');
      });
    }
    const values: Record<string, unknown> = {};
    const now = this.clock.now();
    if (changes.status !== undefined) {
      const status = await this.resolveStatus(tx, workspaceId, changes.status, current.status);
      values.status = status.key;
      values.statusCategory = status.category;
      const wasDone = current.statusCategory === 'resolved' || current.statusCategory === 'closed';
      const isDone = status.category === 'resolved' || status.category === 'closed';
      if (isDone && !wasDone) values.resolvedAt = now;
      if (!isDone) values.resolvedAt = null;
      values.closedAt = status.category === 'closed' ? (current.closedAt ?? now) : null;
    }
    for (const field of ['subject', 'description', 'priority', 'type', 'category', 'assigneeId', 'teamId', 'customerId', 'language'] as const) {
      if (changes[field] !== undefined) values[field] = changes[field];
    }
    if (changes.tags !== undefined) values.tags = [...new Set(changes.tags)];
    if (changes.dueAt !== undefined) values.dueAt = changes.dueAt ? new Date(changes.dueAt) : null;
    if (changes.customFields !== undefined) {
      const definitions = await this.workspaces.listFieldDefinitions(workspaceId, 'ticket', tx);
      const fields = validateCustomFields(definitions, changes.customFields, current.customFields);
      values.customFields = { ...current.customFields, ...fields.clear, ...fields.sensitive };
    }
    if (values.assigneeId && current.statusCategory === 'new' && changes.status === undefined) {
      values.status = 'open';
      values.statusCategory = 'open';
    }

    const previousCollaborators = (await this.repository.listCollaborators(tx, workspaceId, [current.id])).map((row) => row.userId);
    const before: Record<string, unknown> = { ...current, collaboratorIds: previousCollaborators };
    const after: Record<string, unknown> = { ...current, ...values, collaboratorIds: changes.collaboratorIds ? [...new Set(changes.collaboratorIds)] : previousCollaborators };
    const changeList: TicketChange[] = [...TRACKED_FIELDS, 'statusCategory']
      .filter((field) => comparable(before[field]) !== comparable(after[field]))
      .map((field) => ({ field, from: normalise(before[field]), to: normalise(after[field]) }));
    if (changeList.length === 0) return current;

    let row = current;
    if (Object.keys(values).length > 0) row = await this.repository.update(tx, workspaceId, current.id, values);
    if (changes.collaboratorIds) await this.repository.replaceCollaborators(tx, workspaceId, current.id, after.collaboratorIds as string[]);
    if (values.subject !== undefined || values.description !== undefined) await this.repository.refreshSearchVector(tx, workspaceId, current.id);

    await this.repository.insertActivity(tx, { workspaceId, ticketId: current.id, actorType: author.userId ? 'user' : 'system', actorId: author.userId, action: 'updated', changes: changeList });
    const ticket = this.presentRow(row, after.collaboratorIds as string[]);
    await this.outbox.record(tx, workspaceId, 'ticket.updated', { ticket, changes: changeList, actorId: author.userId });
    if (values.resolvedAt) await this.outbox.record(tx, workspaceId, 'ticket.resolved', { ticket, actorId: author.userId });
    if (values.assigneeId && values.assigneeId !== current.assigneeId && values.assigneeId !== author.userId) {
      await this.notifications.notify(tx, { workspaceId, userId: values.assigneeId as string, kind: 'assignment', ticketId: current.id, actorUserId: author.userId });
    }
    return row;
  }

  async delete(actor: Actor, ticketIdOrNumber: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const ticket = await this.require(tx, actor.workspaceId, ticketIdOrNumber, true);
      await this.repository.delete(tx, actor.workspaceId, ticket.id);
      await this.outbox.record(tx, actor.workspaceId, 'ticket.deleted', { ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject }, actorId: actor.userId });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'ticket.deleted',
        targetType: 'ticket',
        targetId: ticket.id,
        details: { number: ticket.number, subject: ticket.subject },
      });
    });
    this.outbox.nudge();
  }

  async list(actor: Actor, query: TListTicketsQuery): Promise<Page<TTicket>> {
    const filters = await this.resolveFilters(actor, query);
    const plan = sortPlanFor(query.sort);
    const after = query.cursor ? decodeTypedCursor(query.cursor, plan.cursorFields) : undefined;
    const rows = await this.repository.list(this.db, actor.workspaceId, filters, query.sort, query.limit + 1, after);
    const hasMore = rows.length > query.limit;
    const page = hasMore ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return { data: page.map((row) => this.presentRow(row, row.collaboratorIds)), nextCursor: hasMore && last ? encodeCursor(plan.cursorOf(last)) : null };
  }

  /** The tickets a customer asked for (the customer portal): latest activity first. */
  async listOfRequester(workspaceId: string, customerId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<TTicket>> {
    const plan = sortPlanFor('-updatedAt');
    const after = query.cursor ? decodeTypedCursor(query.cursor, plan.cursorFields) : undefined;
    const rows = await this.repository.list(this.db, workspaceId, { customerId }, '-updatedAt', query.limit + 1, after);
    const hasMore = rows.length > query.limit;
    const page = hasMore ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return { data: page.map((row) => this.presentRow(row, row.collaboratorIds)), nextCursor: hasMore && last ? encodeCursor(plan.cursorOf(last)) : null };
  }

  /**
   * The workspace's tickets changed since a cursor (`GET /api/v1/exports/tickets`), oldest change first; the changes
   * of the last `settleSeconds` wait for the next call. `endOfStream` once every settled change has been given.
   */
  async listChangedSince(workspaceId: string, cursor: string | undefined, settleSeconds: number, limit: number): Promise<{ data: TTicket[]; nextCursor: string | null; endOfStream: boolean }> {
    const after = cursor ? decodeTypedCursor(cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listChangedSince(this.db, workspaceId, after ? { updatedAt: String(after[0]), id: String(after[1]) } : undefined, settleSeconds, limit);
    const last = rows.at(-1);
    return {
      data: rows.map((row) => this.presentRow(row, row.collaboratorIds)),
      // Caught up, the same cursor serves the next poll; with nothing exported yet, the next poll starts over.
      nextCursor: last ? encodeCursor([last.updatedAt.toISOString(), last.id]) : (cursor ?? null),
      endOfStream: rows.length < limit,
    };
  }

  /**
   * The texts (subject, start of the description) of up to `limit` tickets created in [from, to), newest first, within
   * a scope and filters: what the analytics read to find the topics of recent tickets.
   */
  async listTextsCreatedBetween(workspaceId: string, from: Date, to: Date, limit: number, scope: TicketTextFilter = {}): Promise<TicketText[]> {
    return this.repository.listTextsCreatedBetween(this.db, workspaceId, from, to, limit, scope);
  }

  /** A page of the workspace's tickets, by number after `afterNumber`: for walking all of them (analytics rebuilds). */
  async listIdsAfter(workspaceId: string, afterNumber: number, limit: number, executor: Executor = this.db): Promise<Array<{ id: string; number: number }>> {
    return this.repository.listIdsAfter(executor, workspaceId, afterNumber, limit);
  }

  /** How many tickets match the filters, up to 10,000 (inbox counters show "10,000+" beyond). */
  async count(actor: Actor, filters: TTicketFilters): Promise<{ count: number; isCapped: boolean }> {
    const found = await this.repository.count(this.db, actor.workspaceId, await this.resolveFilters(actor, filters), COUNT_CAP + 1);
    return { count: Math.min(found, COUNT_CAP), isCapped: found > COUNT_CAP };
  }

  /** Full-text search: newest matches first; the cursor is an offset into the matches. */
  async search(actor: Actor, query: string, filters: TTicketFilters, limit: number, cursor?: string): Promise<Page<TTicket & { rank: number }>> {
    const offset = cursor ? Number(decodeTypedCursor(cursor, ['integer'])[0]) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) throw validationError('cursor', 'The cursor is not one this API issued.');
    const resolved = await this.resolveFilters(actor, filters);
    const rows = await this.repository.search(this.db, actor.workspaceId, query, resolved, limit + 1, offset);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return { data: page.map((row) => ({ ...this.presentRow(row, row.collaboratorIds), rank: row.rank })), nextCursor: hasMore ? encodeCursor([offset + limit]) : null };
  }

  async bulkUpdate(actor: Actor, request: TBulkUpdateRequest) {
    const results = [];
    for (const ticketId of [...new Set(request.ticketIds)]) {
      try {
        const row = await this.db.transaction(async (tx) => {
          const current = await this.require(tx, actor.workspaceId, ticketId, true);
          const { addTags, removeTags, ...rest } = request.changes;
          const tags = addTags || removeTags
            ? [...new Set([...current.tags, ...(addTags ?? [])])].filter((tag) => !(removeTags ?? []).includes(tag))
            : undefined;
          return this.applyChanges(tx, { workspaceId: actor.workspaceId, userId: actor.userId }, current, { ...rest, ...(tags ? { tags } : {}) });
        });
        results.push({ ticketId, ok: true, ticket: await this.present(row) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ ticketId, ok: false, error: { code: error.code as ErrorCode, message: error.details[0]?.message ? `${error.message} ${error.details[0].path ?? ''}: ${error.details[0].message}` : error.message } });
      }
    }
    this.outbox.nudge();
    return { results };
  }

  /**
   * Adds comments' words to their tickets' search documents and marks those tickets as just updated: one
   * statement, each ticket once (its comments' words in the order given).
   */
  async indexComments(tx: Executor, workspaceId: string, entries: Array<{ ticketId: string; text: string }>): Promise<void> {
    await this.repository.appendManyToSearchVectors(tx, workspaceId, entries);
    this.appendsSinceIndexCleanup += new Set(entries.map((entry) => entry.ticketId)).size;
    if (this.appendsSinceIndexCleanup >= APPENDS_PER_INDEX_CLEANUP) void this.cleanSearchIndexes();
  }

  /**
   * Every ticket update adds all of its search words (and subject trigrams) to the GIN indexes' pending list,
   * which PostgreSQL merges into the index once it outgrows `gin_pending_list_limit`, inside whichever write
   * crosses the limit: a stall of a few hundred milliseconds, holding that write's row locks, every few seconds
   * under a stream of chat messages. Comment appends count here, and every `APPENDS_PER_INDEX_CLEANUP` of them
   * the merge runs on a connection of its own (one at a time; writes carry on meanwhile), so that writes rarely
   * reach the limit themselves. Best effort: a failure leaves the merge to the writes and to autovacuum.
   * Answers how many pending pages were merged (undefined: one was already running, or it failed).
   */
  async cleanSearchIndexes(): Promise<number | undefined> {
    if (this.isCleaningIndexes) return undefined;
    this.isCleaningIndexes = true;
    this.appendsSinceIndexCleanup = 0;
    try {
      return await this.repository.cleanPendingIndexEntries(this.db);
    } catch {
      // Not the index owner, or a read-only replica: PostgreSQL's own merge still happens.
      return undefined;
    } finally {
      this.isCleaningIndexes = false;
    }
  }

  /** Rebuilds the search document (after a comment is edited or comments move). */
  reindex(tx: Executor, workspaceId: string, ticketId: string): Promise<void> {
    return this.repository.refreshSearchVector(tx, workspaceId, ticketId);
  }

  async listActivity(actor: Actor, ticketIdOrNumber: string) {
    const ticket = await this.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const rows = await this.repository.listActivities(this.db, actor.workspaceId, ticket.id);
    return rows.map((row) => ({ id: row.id, action: row.action, actorType: row.actorType, actorId: row.actorId, changes: row.changes, createdAt: row.createdAt.toISOString() }));
  }

  async link(actor: Actor, ticketIdOrNumber: string, otherTicketId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const ticket = await this.require(tx, actor.workspaceId, ticketIdOrNumber);
      const other = await this.require(tx, actor.workspaceId, otherTicketId);
      if (ticket.id === other.id) throw validationError('ticketId', 'a ticket cannot be linked to itself');
      await this.repository.insertLink(tx, actor.workspaceId, ticket.id, other.id, 'related');
      for (const [from, to] of [[ticket, other], [other, ticket]] as const) {
        await this.repository.insertActivity(tx, { workspaceId: actor.workspaceId, ticketId: from.id, actorType: 'user', actorId: actor.userId, action: 'linked', changes: [{ field: 'links', from: null, to: to.number }] });
      }
    });
  }

  async unlink(actor: Actor, ticketIdOrNumber: string, otherTicketId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const ticket = await this.require(tx, actor.workspaceId, ticketIdOrNumber);
      if (!(await this.repository.deleteLink(tx, actor.workspaceId, ticket.id, otherTicketId))) {
        throw new AppError(TicketErrorCode.TicketNotFound, 'These tickets are not linked.');
      }
      await this.repository.insertActivity(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, actorType: 'user', actorId: actor.userId, action: 'unlinked', changes: [{ field: 'links', from: otherTicketId, to: null }] });
    });
  }

  async listLinks(actor: Actor, ticketIdOrNumber: string) {
    const ticket = await this.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const links = await this.repository.listLinks(this.db, actor.workspaceId, ticket.id);
    const linked = await this.repository.findManyByIds(this.db, actor.workspaceId, links.map((link) => link.linkedTicketId));
    return links.flatMap((link) => {
      const other = linked.find((row) => row.id === link.linkedTicketId);
      return other ? [{ kind: link.kind, ticket: { id: other.id, number: other.number, subject: other.subject, status: other.status }, createdAt: link.createdAt.toISOString() }] : [];
    });
  }

  /** Resolves an id or a ticket number within the workspace; another workspace's ticket is simply not found. */
  async require(executor: Executor, workspaceId: string, ticketIdOrNumber: string, lock = false): Promise<TicketRow> {
    const row = /^\d{1,9}$/.test(ticketIdOrNumber)
      ? await this.repository.findByNumber(executor, workspaceId, Number(ticketIdOrNumber))
      : await this.repository.findById(executor, workspaceId, ticketIdOrNumber, lock);
    if (!row) throw new AppError(TicketErrorCode.TicketNotFound, 'No such ticket in this workspace.');
    if (lock && /^\d{1,9}$/.test(ticketIdOrNumber)) return (await this.repository.findById(executor, workspaceId, row.id, true))!;
    return row;
  }

  /** Locks several tickets of the workspace at once (in id order); a missing one is not in the map. */
  async lockMany(tx: Executor, workspaceId: string, ticketIds: string[]): Promise<Map<string, TicketRow>> {
    const rows = await this.repository.findManyByIdsForUpdate(tx, workspaceId, ticketIds);
    return new Map(rows.map((row) => [row.id, row]));
  }

  async present(row: TicketRow): Promise<TTicket> {
    const collaborators = await this.repository.listCollaborators(this.db, row.workspaceId, [row.id]);
    return this.presentRow(row, collaborators.map((collaborator) => collaborator.userId));
  }

  async presentMany(workspaceId: string, rows: TicketRow[]): Promise<TTicket[]> {
    const collaborators = await this.repository.listCollaborators(this.db, workspaceId, rows.map((row) => row.id));
    return rows.map((row) => this.presentRow(row, collaborators.filter((item) => item.ticketId === row.id).map((item) => item.userId)));
  }

  presentRow(row: TicketRow, collaboratorIds: string[]): TTicket {
    return presentTicket(row, collaboratorIds);
  }

  private replacement(changes: TUpdateTicketRequest): TUpdateTicketRequest {
    return {
      subject: changes.subject,
      description: changes.description ?? '',
      status: changes.status ?? 'open',
      priority: changes.priority ?? 'normal',
      type: changes.type ?? null,
      category: changes.category ?? null,
      tags: changes.tags ?? [],
      dueAt: changes.dueAt ?? null,
      assigneeId: changes.assigneeId ?? null,
      teamId: changes.teamId ?? null,
      customerId: changes.customerId,
      language: changes.language,
      customFields: changes.customFields ?? {},
      collaboratorIds: changes.collaboratorIds ?? [],
    };
  }

  /** An archived status is no longer given to a ticket, but one already in it may keep it. */
  private async resolveStatus(executor: Executor, workspaceId: string, key: string, currentKey: string): Promise<{ key: string; category: StatusCategory }> {
    const statuses = await this.workspaces.listStatuses(workspaceId, executor);
    const status = statuses.find((item) => item.key === key && (!item.isArchived || item.key === currentKey));
    if (!status) throw validationError('status', `unknown or archived status; one of: ${statuses.filter((item) => !item.isArchived).map((item) => item.key).join(', ')}`);
    return { key: status.key, category: status.category };
  }

  private async resolveFilters(actor: Actor, filters: TTicketFilters): Promise<ResolvedFilters> {
    return { ...filters, assigneeId: filters.assigneeId === 'me' ? actor.userId : filters.assigneeId, statusCategories: filters.statusCategory };
  }

  private async checkReferences(executor: Executor, workspaceId: string, input: TUpdateTicketRequest, categories: string[]): Promise<void> {
    if (input.assigneeId) await this.users.requireActiveUser(executor, workspaceId, input.assigneeId, 'assigneeId');
    if (input.teamId) await this.users.requireTeam(executor, workspaceId, input.teamId);
    for (const [index, userId] of (input.collaboratorIds ?? []).entries()) {
      await this.users.requireActiveUser(executor, workspaceId, userId, `collaboratorIds.${index}`);
    }
    if (input.category && !categories.includes(input.category)) {
      throw validationError('category', `unknown category; one of: ${categories.join(', ')}`);
    }
  }
}

function normalise(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}
