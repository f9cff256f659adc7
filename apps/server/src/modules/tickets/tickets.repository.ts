import { and, arrayContains, asc, eq, getTableColumns, gt, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import type { CursorField } from '../../shared/pagination.js';
import type { StatusCategory } from '../workspaces/workspaces.schema.js';
import type { TicketSort, TTicketFilters } from './tickets.schema.js';
import { ticketActivities, ticketCollaborators, ticketLinks, tickets } from './tickets.tables.js';

export type TicketRow = typeof tickets.$inferSelect;
/** A ticket as lists and searches read it: with its collaborators, so a page needs no second query. */
export type ListedTicketRow = TicketRow & { collaboratorIds: string[] };
export type TicketActivityRow = typeof ticketActivities.$inferSelect;
export type TicketChange = { field: string; from: unknown; to: unknown };

/** Columns read for the API: everything but the search vector, which can be large. */
const { searchVector: _searchVector, ...ticketColumns } = getTableColumns(tickets);

/**
 * A ticket's search document: subject (weighted highest), description and every comment, internal notes
 * included. Staff search only; anything shown to customers must not search this vector.
 */
export const ticketDocumentVector = sql`setweight(switchboard_search_vector(${tickets.subject}), 'A') || switchboard_search_vector(${tickets.description})`;

/** A ticket's collaborators as a column: PostgreSQL evaluates it only for the rows a page reads, after any sort. */
const collaboratorIdsColumn = sql<string[]>`coalesce((SELECT array_agg(${ticketCollaborators.userId}::text) FROM ${ticketCollaborators} WHERE ${ticketCollaborators.ticketId} = ${tickets.id} AND ${ticketCollaborators.workspaceId} = ${tickets.workspaceId}), '{}')`;

const priorityRank = sql<number>`(CASE ${tickets.priority} WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)`;
const dueRank = sql`coalesce(${tickets.dueAt}, 'infinity'::timestamptz)`;

interface SortPlan {
  keys: SQL[];
  direction: 'asc' | 'desc';
  /** What each cursor position holds, checked before a cursor reaches the query. */
  cursorFields: readonly CursorField[];
  cursorOf(row: TicketRow): Array<string | number>;
  cursorParams(values: Array<string | number>): SQL[];
}

/** Each sort is a keyset over (keys…, id), all in one direction, so a row comparison finds the next page. */
const sortPlans: Record<TicketSort, SortPlan> = {
  '-createdAt': {
    keys: [sql`${tickets.createdAt}`, sql`${tickets.id}`],
    direction: 'desc',
    cursorFields: ['timestamp', 'uuid'],
    cursorOf: (row) => [row.createdAt.toISOString(), row.id],
    cursorParams: ([at, id]) => [sql`${at}::timestamptz`, sql`${id}::uuid`],
  },
  createdAt: {
    keys: [sql`${tickets.createdAt}`, sql`${tickets.id}`],
    direction: 'asc',
    cursorFields: ['timestamp', 'uuid'],
    cursorOf: (row) => [row.createdAt.toISOString(), row.id],
    cursorParams: ([at, id]) => [sql`${at}::timestamptz`, sql`${id}::uuid`],
  },
  '-updatedAt': {
    keys: [sql`${tickets.updatedAt}`, sql`${tickets.id}`],
    direction: 'desc',
    cursorFields: ['timestamp', 'uuid'],
    cursorOf: (row) => [row.updatedAt.toISOString(), row.id],
    cursorParams: ([at, id]) => [sql`${at}::timestamptz`, sql`${id}::uuid`],
  },
  '-priority': {
    keys: [priorityRank, sql`${tickets.createdAt}`, sql`${tickets.id}`],
    direction: 'desc',
    cursorFields: ['priority-rank', 'timestamp', 'uuid'],
    cursorOf: (row) => [{ urgent: 3, high: 2, normal: 1, low: 0 }[row.priority] ?? 0, row.createdAt.toISOString(), row.id],
    cursorParams: ([rank, at, id]) => [sql`${rank}::int`, sql`${at}::timestamptz`, sql`${id}::uuid`],
  },
  dueAt: {
    keys: [dueRank, sql`${tickets.id}`],
    direction: 'asc',
    cursorFields: ['timestamp-or-infinity', 'uuid'],
    cursorOf: (row) => [row.dueAt ? row.dueAt.toISOString() : 'infinity', row.id],
    cursorParams: ([at, id]) => [sql`${at}::timestamptz`, sql`${id}::uuid`],
  },
};

/**
 * The ticket indexes store `created_at DESC NULLS LAST`; PostgreSQL only walks an index for an ORDER BY whose
 * null placement matches (a plain `DESC` means NULLS FIRST), whatever the NOT NULL constraints say. Without the
 * match every list and search sorts all its matching rows instead of reading the newest few from the index.
 * Sort keys are never null, so the placement changes no result.
 */
function orderKey(key: SQL, direction: 'asc' | 'desc'): SQL {
  return direction === 'desc' ? sql`${key} desc nulls last` : sql`${key} asc nulls first`;
}

/** How many of the newest tickets a search reads before it turns to the full-text index (see `search`). */
const RECENT_SEARCH_WINDOW = 2000;
/** Up to this many matches, a search collects and sorts them all rather than walking tickets newest first. */
const FEW_SEARCH_MATCHES = 2000;

export function sortPlanFor(sort: TicketSort): SortPlan {
  return sortPlans[sort];
}

export interface ResolvedFilters extends Omit<TTicketFilters, 'assigneeId'> {
  assigneeId?: string | 'none' | undefined;
  /** Statuses expanded from category filters and custom statuses, resolved by the service. */
  statusCategories?: StatusCategory[] | undefined;
}

export class TicketsRepository {
  /** Inserts tickets with their search documents in one statement; answers the rows in the order given. */
  async insertMany(executor: Executor, values: Array<Omit<typeof tickets.$inferInsert, 'searchVector'>>): Promise<TicketRow[]> {
    if (values.length === 0) return [];
    const rows = await executor
      .insert(tickets)
      .values(values.map((value) => {
        const searchVector = sql`setweight(switchboard_search_vector(${value.subject}), 'A') || switchboard_search_vector(${value.description ?? ''})`;
        return { ...value, searchVector: searchVector as unknown as string };
      }))
      .returning(ticketColumns);
    const byNumber = new Map((rows as TicketRow[]).map((row) => [row.number, row]));
    return values.map((value) => byNumber.get(value.number)!);
  }

  async findById(executor: Executor, workspaceId: string, id: string, lock = false): Promise<TicketRow | undefined> {
    const query = executor.select(ticketColumns).from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)));
    // `no key update`: writers of one ticket still queue behind each other, but rows that merely reference the
    // ticket (comments, mail records: a key-share lock) are not blocked, and cannot deadlock with them.
    const [row] = lock ? await query.for('no key update') : await query;
    return row as TicketRow | undefined;
  }

  /**
   * Several tickets of a workspace, locked as `findById` locks one. Locked in id order, so two transactions that
   * lock overlapping sets queue behind each other instead of deadlocking.
   */
  async findManyByIdsForUpdate(executor: Executor, workspaceId: string, ids: string[]): Promise<TicketRow[]> {
    if (ids.length === 0) return [];
    const rows = await executor
      .select(ticketColumns)
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, [...new Set(ids)])))
      .orderBy(asc(tickets.id))
      .for('no key update');
    return rows as TicketRow[];
  }

  async findByNumber(executor: Executor, workspaceId: string, number: number): Promise<TicketRow | undefined> {
    const [row] = await executor.select(ticketColumns).from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
    return row as TicketRow | undefined;
  }

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof tickets.$inferInsert>): Promise<TicketRow> {
    const [row] = await executor
      .update(tickets)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)))
      .returning(ticketColumns);
    return row as TicketRow;
  }

  /**
   * Moves every ticket in a custom status to the status's new category, with resolved and closed times set as a
   * status change would set them. Answers how many tickets moved.
   */
  async moveStatusToCategory(executor: Executor, workspaceId: string, statusKey: string, category: StatusCategory): Promise<number> {
    const isDone = category === 'resolved' || category === 'closed';
    const moved = await executor
      .update(tickets)
      .set({
        statusCategory: category,
        resolvedAt: isDone ? sql`coalesce(${tickets.resolvedAt}, now())` : null,
        closedAt: category === 'closed' ? sql`coalesce(${tickets.closedAt}, now())` : null,
      })
      .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.status, statusKey), ne(tickets.statusCategory, category)))
      .returning({ id: tickets.id });
    return moved.length;
  }

  /** Re-derives the search document from the subject, description and every comment of the ticket. */
  async refreshSearchVector(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.execute(sql`
      UPDATE tickets SET search_vector = ${ticketDocumentVector}
        || switchboard_search_vector(coalesce((SELECT string_agg(body, ' ') FROM comments WHERE comments.ticket_id = tickets.id), ''))
      WHERE id = ${id} AND workspace_id = ${workspaceId}`);
  }

  /**
   * Appends comments' words to their tickets' search documents (cheaper than a full refresh), and marks those
   * tickets as just updated: one statement, each ticket once, its texts in the order given.
   */
  async appendManyToSearchVectors(executor: Executor, workspaceId: string, entries: Array<{ ticketId: string; text: string }>): Promise<void> {
    const textByTicket = new Map<string, string[]>();
    for (const { ticketId, text } of entries) textByTicket.set(ticketId, [...(textByTicket.get(ticketId) ?? []), text]);
    if (textByTicket.size === 0) return;
    const values = [...textByTicket].map(([ticketId, texts]) => sql`(${ticketId}::uuid, ${texts.join(' ')}::text)`);
    await executor.execute(sql`
      UPDATE tickets SET search_vector = coalesce(tickets.search_vector, ''::tsvector) || switchboard_search_vector(appended.text), updated_at = now()
      FROM (VALUES ${sql.join(values, sql`, `)}) AS appended (ticket_id, text)
      WHERE tickets.id = appended.ticket_id AND tickets.workspace_id = ${workspaceId}`);
  }

  /**
   * Merges the pending entries of the tickets' GIN indexes (search document, subject trigrams, tags) into the
   * indexes proper, as VACUUM would. Answers how many pending pages were merged.
   */
  async cleanPendingIndexEntries(executor: Executor): Promise<number> {
    const [row] = await queryRows<{ pages: number | string }>(
      executor,
      sql`SELECT gin_clean_pending_list('tickets_search'::regclass) + gin_clean_pending_list('tickets_subject_trgm'::regclass) + gin_clean_pending_list('tickets_tags'::regclass) AS pages`,
    );
    return Number(row?.pages ?? 0);
  }

  async delete(executor: Executor, workspaceId: string, id: string): Promise<boolean> {
    const rows = await executor.delete(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id))).returning({ id: tickets.id });
    return rows.length > 0;
  }

  async list(executor: Executor, workspaceId: string, filters: ResolvedFilters, sort: TicketSort, limit: number, after?: Array<string | number>): Promise<ListedTicketRow[]> {
    const plan = sortPlans[sort];
    const conditions = this.filterConditions(workspaceId, filters);
    if (after) {
      const operator = plan.direction === 'desc' ? sql`<` : sql`>`;
      conditions.push(sql`(${sql.join(plan.keys, sql`, `)}) ${operator} (${sql.join(plan.cursorParams(after), sql`, `)})`);
    }
    const order = plan.keys.map((key) => orderKey(key, plan.direction));
    const rows = await executor.select({ ...ticketColumns, collaboratorIds: collaboratorIdsColumn }).from(tickets).where(and(...conditions)).orderBy(...order).limit(limit);
    return rows as ListedTicketRow[];
  }

  /**
   * Tickets changed after `after` (their last change and id), oldest change first, leaving out the changes of the
   * last `settleSeconds` (by the database's clock, which stamps them): a transaction still open then could yet
   * commit a change stamped before the cursor.
   */
  async listChangedSince(executor: Executor, workspaceId: string, after: { updatedAt: string; id: string } | undefined, settleSeconds: number, limit: number): Promise<ListedTicketRow[]> {
    const conditions = [eq(tickets.workspaceId, workspaceId), sql`${tickets.updatedAt} <= now() - make_interval(secs => ${settleSeconds})`];
    if (after) conditions.push(sql`(${tickets.updatedAt}, ${tickets.id}) > (${after.updatedAt}::timestamptz, ${after.id}::uuid)`);
    const rows = await executor
      .select({ ...ticketColumns, collaboratorIds: collaboratorIdsColumn })
      .from(tickets)
      .where(and(...conditions))
      .orderBy(asc(tickets.updatedAt), asc(tickets.id))
      .limit(limit);
    return rows as ListedTicketRow[];
  }

  /** How many tickets match, counting no further than `cap` (a count must stay cheap at millions of tickets). */
  async count(executor: Executor, workspaceId: string, filters: ResolvedFilters, cap: number): Promise<number> {
    const matching = executor.select({ one: sql`1` }).from(tickets).where(and(...this.filterConditions(workspaceId, filters))).limit(cap).as('matching');
    const [row] = await executor.select({ count: sql<number>`count(*)::int` }).from(matching);
    return Number(row?.count ?? 0);
  }

  /**
   * Full-text matches, newest first, each with its relevance (`ts_rank`, computed for the page only).
   *
   * Two shapes, because PostgreSQL cannot tell a common word from a rare one well enough to choose: a word
   * missing from the column statistics is guessed at 1% of the rows, so walking the newest-first index until a
   * page is found looks cheap, and for an order number that walk reads every ticket. So the newest tickets are
   * searched first, a bounded read that fills the page whenever the words are common; only when they are not
   * are all matches collected from the full-text index and sorted, which is cheap precisely because they are few.
   */
  async search(executor: Executor, workspaceId: string, query: string, filters: ResolvedFilters, limit: number, offset: number): Promise<Array<ListedTicketRow & { rank: number }>> {
    const tsQuery = sql`switchboard_search_query(${query})`;
    const conditions = this.filterConditions(workspaceId, { ...filters, q: undefined });
    conditions.push(sql`${tickets.searchVector} @@ ${tsQuery}`);
    const columns = { ...ticketColumns, collaboratorIds: collaboratorIdsColumn, rank: sql<number>`ts_rank(${tickets.searchVector}, ${tsQuery})` };
    const newestFirst = [orderKey(sql`${tickets.createdAt}`, 'desc'), orderKey(sql`${tickets.id}`, 'desc')];

    // The newest tickets of the workspace as a CTE named like the table, which it shadows in the query that
    // follows: the usual conditions and columns then apply to the window unchanged. PostgreSQL inlines the
    // CTE, so the window is read lazily from the newest-first index and the read stops once the page is full.
    const newest = executor
      .$with('tickets')
      .as(executor.select().from(tickets).where(eq(tickets.workspaceId, workspaceId)).orderBy(...newestFirst).limit(RECENT_SEARCH_WINDOW));
    const recent = await executor.with(newest).select(columns).from(tickets).where(and(...conditions)).orderBy(...newestFirst).limit(limit).offset(offset);
    // A full page from the window is the right page: every ticket outside it is older than all of the window.
    if (recent.length === limit) return recent as Array<ListedTicketRow & { rank: number }>;

    // Few matches for the words alone (counted from the full-text index, and only up to the threshold): collect
    // them all, filter and sort. The CTE is materialized so the planner cannot turn back to the index walk.
    const [probe] = await queryRows<{ count: number }>(
      executor,
      sql`SELECT count(*)::int AS count FROM (SELECT 1 FROM ${tickets} WHERE ${tickets.workspaceId} = ${workspaceId} AND ${tickets.searchVector} @@ ${tsQuery} LIMIT ${FEW_SEARCH_MATCHES + 1}) AS matches`,
    );
    if (Number(probe!.count) <= FEW_SEARCH_MATCHES) {
      const page = sql`WITH matches AS MATERIALIZED (SELECT ${tickets.id} AS id, ${tickets.createdAt} AS created_at FROM ${tickets} WHERE ${and(...conditions)})
        SELECT id FROM matches ORDER BY created_at DESC NULLS LAST, id DESC NULLS LAST LIMIT ${limit} OFFSET ${offset}`;
      const rows = await executor
        .select(columns)
        .from(tickets)
        .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.id} IN (${page})`))
        .orderBy(...newestFirst);
      return rows as Array<ListedTicketRow & { rank: number }>;
    }
    // Common words that the filters make scarce among the newest tickets: the statistics know such words well,
    // so the planner's own choice (an index for a filter, or the newest-first walk) is a good one.
    const rows = await executor.select(columns).from(tickets).where(and(...conditions)).orderBy(...newestFirst).limit(limit).offset(offset);
    return rows as Array<ListedTicketRow & { rank: number }>;
  }

  private filterConditions(workspaceId: string, filters: ResolvedFilters): Array<SQL | undefined> {
    const conditions: Array<SQL | undefined> = [eq(tickets.workspaceId, workspaceId)];
    if (filters.status?.length) conditions.push(inArray(tickets.status, filters.status));
    if (filters.statusCategories?.length) conditions.push(inArray(tickets.statusCategory, filters.statusCategories));
    if (filters.priority?.length) conditions.push(inArray(tickets.priority, filters.priority));
    if (filters.assigneeId === 'none') conditions.push(isNull(tickets.assigneeId));
    else if (filters.assigneeId) conditions.push(eq(tickets.assigneeId, filters.assigneeId));
    if (filters.teamId === 'none') conditions.push(isNull(tickets.teamId));
    else if (filters.teamId) conditions.push(eq(tickets.teamId, filters.teamId));
    if (filters.tag) conditions.push(arrayContains(tickets.tags, [filters.tag]));
    if (filters.channel?.length) conditions.push(inArray(tickets.channel, filters.channel));
    if (filters.customerId) conditions.push(eq(tickets.customerId, filters.customerId));
    if (filters.type?.length) conditions.push(inArray(tickets.type, filters.type));
    if (filters.category) conditions.push(eq(tickets.category, filters.category));
    if (filters.language) conditions.push(eq(tickets.language, filters.language));
    if (filters.createdFrom) conditions.push(gte(tickets.createdAt, new Date(filters.createdFrom)));
    if (filters.createdTo) conditions.push(lte(tickets.createdAt, new Date(filters.createdTo)));
    if (filters.q) conditions.push(sql`${tickets.searchVector} @@ switchboard_search_query(${filters.q})`);
    return conditions;
  }

  async insertActivity(executor: Executor, values: typeof ticketActivities.$inferInsert): Promise<void> {
    await this.insertActivities(executor, [values]);
  }

  async insertActivities(executor: Executor, values: Array<typeof ticketActivities.$inferInsert>): Promise<void> {
    if (values.length > 0) await executor.insert(ticketActivities).values(values);
  }

  async listActivities(executor: Executor, workspaceId: string, ticketId: string): Promise<TicketActivityRow[]> {
    return executor
      .select()
      .from(ticketActivities)
      .where(and(eq(ticketActivities.workspaceId, workspaceId), eq(ticketActivities.ticketId, ticketId)))
      .orderBy(asc(ticketActivities.createdAt), asc(ticketActivities.id));
  }

  async listCollaborators(executor: Executor, workspaceId: string, ticketIds: string[]): Promise<Array<{ ticketId: string; userId: string }>> {
    if (ticketIds.length === 0) return [];
    return executor
      .select({ ticketId: ticketCollaborators.ticketId, userId: ticketCollaborators.userId })
      .from(ticketCollaborators)
      .where(and(eq(ticketCollaborators.workspaceId, workspaceId), inArray(ticketCollaborators.ticketId, ticketIds)));
  }

  async replaceCollaborators(executor: Executor, workspaceId: string, ticketId: string, userIds: string[]): Promise<void> {
    await executor.delete(ticketCollaborators).where(and(eq(ticketCollaborators.workspaceId, workspaceId), eq(ticketCollaborators.ticketId, ticketId)));
    await this.insertCollaborators(executor, workspaceId, ticketId, userIds);
  }

  /** For a new ticket, which has none to replace. */
  async insertCollaborators(executor: Executor, workspaceId: string, ticketId: string, userIds: string[]): Promise<void> {
    await this.insertCollaboratorRows(executor, userIds.map((userId) => ({ workspaceId, ticketId, userId })));
  }

  async insertCollaboratorRows(executor: Executor, rows: Array<{ workspaceId: string; ticketId: string; userId: string }>): Promise<void> {
    if (rows.length > 0) await executor.insert(ticketCollaborators).values(rows);
  }

  /** Links are stored in both directions so either side lists them with one indexed lookup. */
  async insertLink(executor: Executor, workspaceId: string, ticketId: string, linkedTicketId: string, kind: string): Promise<void> {
    await executor
      .insert(ticketLinks)
      .values([
        { workspaceId, ticketId, linkedTicketId, kind },
        { workspaceId, ticketId: linkedTicketId, linkedTicketId: ticketId, kind },
      ])
      .onConflictDoNothing();
  }

  async deleteLink(executor: Executor, workspaceId: string, ticketId: string, linkedTicketId: string): Promise<boolean> {
    const rows = await executor
      .delete(ticketLinks)
      .where(
        and(
          eq(ticketLinks.workspaceId, workspaceId),
          or(
            and(eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.linkedTicketId, linkedTicketId)),
            and(eq(ticketLinks.ticketId, linkedTicketId), eq(ticketLinks.linkedTicketId, ticketId)),
          ),
        ),
      )
      .returning({ ticketId: ticketLinks.ticketId });
    return rows.length > 0;
  }

  async listLinks(executor: Executor, workspaceId: string, ticketId: string): Promise<Array<{ linkedTicketId: string; kind: string; createdAt: Date }>> {
    return executor
      .select({ linkedTicketId: ticketLinks.linkedTicketId, kind: ticketLinks.kind, createdAt: ticketLinks.createdAt })
      .from(ticketLinks)
      .where(and(eq(ticketLinks.workspaceId, workspaceId), eq(ticketLinks.ticketId, ticketId)))
      .orderBy(asc(ticketLinks.createdAt));
  }

  async findManyByIds(executor: Executor, workspaceId: string, ids: string[]): Promise<TicketRow[]> {
    if (ids.length === 0) return [];
    const rows = await executor.select(ticketColumns).from(tickets).where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, ids)));
    return rows as TicketRow[];
  }

  /** A page of the workspace's tickets in number order, after `afterNumber` (a walk through all of them). */
  async listIdsAfter(executor: Executor, workspaceId: string, afterNumber: number, limit: number): Promise<Array<{ id: string; number: number }>> {
    return executor
      .select({ id: tickets.id, number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), gt(tickets.number, afterNumber)))
      .orderBy(asc(tickets.number))
      .limit(limit);
  }

  /** Subjects and the start of descriptions of the tickets created in [from, to), newest first (not merged ones). */
  async listTextsCreatedBetween(executor: Executor, workspaceId: string, from: Date, to: Date, limit: number, filter: TicketTextFilter): Promise<TicketText[]> {
    const conditions: SQL[] = [eq(tickets.workspaceId, workspaceId), gte(tickets.createdAt, from), sql`${tickets.createdAt} < ${to.toISOString()}::timestamptz`, isNull(tickets.mergedIntoId)];
    if (filter.assigneeId) conditions.push(eq(tickets.assigneeId, filter.assigneeId));
    if (filter.teamIds) conditions.push(filter.teamIds.length ? inArray(tickets.teamId, filter.teamIds) : sql`false`);
    const lists = { channel: tickets.channel, priority: tickets.priority, type: tickets.type, category: tickets.category, language: tickets.language, teamId: tickets.teamId, agentId: tickets.assigneeId } as const;
    for (const [key, column] of Object.entries(lists) as Array<[keyof typeof lists, (typeof lists)[keyof typeof lists]]>) {
      const values = filter[key];
      if (values?.length) conditions.push(inArray(column, values));
    }
    return executor
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, description: sql<string>`left(${tickets.description}, ${TICKET_TEXT_CHARACTERS})`, language: tickets.language, createdAt: tickets.createdAt })
      .from(tickets)
      .where(and(...conditions))
      .orderBy(sql`${tickets.createdAt} DESC`, sql`${tickets.id} DESC`)
      .limit(limit);
  }
}

const TICKET_TEXT_CHARACTERS = 2000;

/** Which tickets' texts: a scope (an agent's, some teams') and the filters of a report. */
export interface TicketTextFilter {
  assigneeId?: string;
  teamIds?: string[];
  channel?: string[];
  priority?: string[];
  type?: string[];
  category?: string[];
  language?: string[];
  teamId?: string[];
  agentId?: string[];
}

export interface TicketText {
  id: string;
  number: number;
  subject: string;
  description: string;
  language: string;
  createdAt: Date;
}
