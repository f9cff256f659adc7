import { and, asc, count, desc, eq, getTableColumns, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { SNIPPET_START, SNIPPET_STOP } from '../../shared/snippets.js';
import { queryRows, type Executor } from '../../db/database.js';
import type { CommunityLanguage, CommunitySort, CommunityTopicStatus } from './community.schema.js';
import { communityCategories, communityReplies, communityTopics, communityVotes } from './community.tables.js';

export type CommunityCategoryRow = typeof communityCategories.$inferSelect;
export type CommunityReplyRow = typeof communityReplies.$inferSelect;

// The search vector is the database's business: never read back, never written.
const { searchVector: _searchVector, ...topicColumns } = getTableColumns(communityTopics);
export type CommunityTopicRow = Omit<typeof communityTopics.$inferSelect, 'searchVector'>;


export interface StaffTopicFilters {
  categoryId?: string | undefined;
  isHidden?: boolean | undefined;
  status?: CommunityTopicStatus | undefined;
  isUnanswered?: boolean | undefined;
  language?: CommunityLanguage | undefined;
  query?: string | undefined;
  /** Keyset: the last row of the previous page (latest activity first). */
  before?: { lastActivityAt: Date; id: string } | undefined;
}

export interface PublicCategoryStats {
  categoryId: string;
  topicCount: number;
  latestTopic: { number: number; slug: string; title: string; lastActivityAt: Date } | null;
}

export interface TopicSearchRow {
  id: string;
  number: number;
  slug: string;
  title: string;
  categoryId: string;
  replyCount: number;
  voteScore: number;
  isAnswered: boolean;
  /** Escaped text of the body's best part, the words found between SNIPPET_START and SNIPPET_STOP. */
  snippet: string;
}

/** Staff reply in a topic, visible: what "unanswered" waits for, besides an accepted answer. */
const hasVisibleStaffReply = sql`EXISTS (SELECT 1 FROM ${communityReplies} r WHERE r.topic_id = ${communityTopics.id} AND r.author_user_id IS NOT NULL AND NOT r.is_hidden)`;

export class CommunityRepository {
  // ── Categories ────────────────────────────────────────────────────────────────────────────────────────

  async listCategories(executor: Executor, workspaceId: string): Promise<Array<CommunityCategoryRow & { topicCount: number }>> {
    const topicCounts = executor
      .select({ categoryId: communityTopics.categoryId, topicCount: count().as('topic_count') })
      .from(communityTopics)
      .where(eq(communityTopics.workspaceId, workspaceId))
      .groupBy(communityTopics.categoryId)
      .as('topic_counts');
    const rows = await executor
      .select({ category: communityCategories, topicCount: topicCounts.topicCount })
      .from(communityCategories)
      .leftJoin(topicCounts, eq(topicCounts.categoryId, communityCategories.id))
      .where(eq(communityCategories.workspaceId, workspaceId))
      .orderBy(asc(communityCategories.position), asc(communityCategories.createdAt), asc(communityCategories.id));
    return rows.map((row) => ({ ...row.category, topicCount: Number(row.topicCount ?? 0) }));
  }

  async findCategory(executor: Executor, workspaceId: string, id: string): Promise<CommunityCategoryRow | undefined> {
    const [row] = await executor.select().from(communityCategories).where(and(eq(communityCategories.workspaceId, workspaceId), eq(communityCategories.id, id)));
    return row;
  }

  async findCategoryBySlug(executor: Executor, workspaceId: string, slug: string): Promise<CommunityCategoryRow | undefined> {
    const [row] = await executor.select().from(communityCategories).where(and(eq(communityCategories.workspaceId, workspaceId), eq(communityCategories.slug, slug)));
    return row;
  }

  async slugsLike(executor: Executor, workspaceId: string, base: string): Promise<Set<string>> {
    const pattern = `${base.replace(/[\\%_]/g, (character) => `\\${character}`)}-%`;
    const rows = await executor
      .select({ slug: communityCategories.slug })
      .from(communityCategories)
      .where(and(eq(communityCategories.workspaceId, workspaceId), or(eq(communityCategories.slug, base), sql`${communityCategories.slug} like ${pattern}`)));
    return new Set(rows.map((row) => row.slug));
  }

  async nextCategoryPosition(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor
      .select({ next: sql<number>`coalesce(max(${communityCategories.position}) + 1, 0)::int` })
      .from(communityCategories)
      .where(eq(communityCategories.workspaceId, workspaceId));
    return Number(row?.next ?? 0);
  }

  async insertCategory(executor: Executor, values: typeof communityCategories.$inferInsert): Promise<CommunityCategoryRow> {
    const [row] = await executor.insert(communityCategories).values(values).returning();
    return row!;
  }

  async updateCategory(executor: Executor, workspaceId: string, id: string, changes: Partial<typeof communityCategories.$inferInsert>): Promise<CommunityCategoryRow> {
    const [row] = await executor
      .update(communityCategories)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(communityCategories.workspaceId, workspaceId), eq(communityCategories.id, id)))
      .returning();
    return row!;
  }

  async deleteCategory(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(communityCategories).where(and(eq(communityCategories.workspaceId, workspaceId), eq(communityCategories.id, id)));
  }

  async hasTopics(executor: Executor, workspaceId: string, categoryId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: communityTopics.id })
      .from(communityTopics)
      .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.categoryId, categoryId)))
      .limit(1);
    return row !== undefined;
  }

  /** What the public sees of each category in a language: its visible topics and the one most recently active. */
  async publicCategoryStats(executor: Executor, workspaceId: string, language: CommunityLanguage): Promise<PublicCategoryStats[]> {
    const rows = await queryRows<{ category_id: string; topic_count: number | string; number: number | null; slug: string | null; title: string | null; last_activity_at: Date | string | null }>(
      executor,
      sql`SELECT c.id AS category_id,
                 (SELECT count(*) FROM ${communityTopics} t WHERE t.category_id = c.id AND t.language = ${language} AND NOT t.is_hidden) AS topic_count,
                 latest.number, latest.slug, latest.title, latest.last_activity_at
          FROM ${communityCategories} c
          LEFT JOIN LATERAL (
            SELECT t.number, t.slug, t.title, t.last_activity_at FROM ${communityTopics} t
            WHERE t.category_id = c.id AND t.language = ${language} AND NOT t.is_hidden
            ORDER BY t.last_activity_at DESC, t.id DESC LIMIT 1
          ) latest ON true
          WHERE c.workspace_id = ${workspaceId}`,
    );
    return rows.map((row) => ({
      categoryId: row.category_id,
      topicCount: Number(row.topic_count),
      latestTopic:
        row.number === null || row.slug === null || row.title === null || row.last_activity_at === null
          ? null
          : { number: Number(row.number), slug: row.slug, title: row.title, lastActivityAt: new Date(row.last_activity_at) },
    }));
  }

  // ── Topics ────────────────────────────────────────────────────────────────────────────────────────────

  /** The next topic number of the workspace; holds a lock until the transaction ends, so two new topics never share one. */
  async nextTopicNumber(tx: Executor, workspaceId: string): Promise<number> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${workspaceId}, 41))`);
    const [row] = await tx
      .select({ next: sql<number>`coalesce(max(${communityTopics.number}) + 1, 1)::int` })
      .from(communityTopics)
      .where(eq(communityTopics.workspaceId, workspaceId));
    return Number(row?.next ?? 1);
  }

  async insertTopic(executor: Executor, values: typeof communityTopics.$inferInsert): Promise<CommunityTopicRow> {
    const [row] = await executor.insert(communityTopics).values(values).returning(topicColumns);
    return row!;
  }

  async findTopic(executor: Executor, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CommunityTopicRow | undefined> {
    const query = executor.select(topicColumns).from(communityTopics).where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.id, id)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row;
  }

  async findTopicByNumber(executor: Executor, workspaceId: string, number: number, options: { forUpdate?: boolean } = {}): Promise<CommunityTopicRow | undefined> {
    const query = executor.select(topicColumns).from(communityTopics).where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.number, number)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row;
  }

  async updateTopic(executor: Executor, workspaceId: string, id: string, changes: Partial<typeof communityTopics.$inferInsert>): Promise<CommunityTopicRow> {
    const [row] = await executor
      .update(communityTopics)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.id, id)))
      .returning(topicColumns);
    return row!;
  }

  /** Moves a topic's counters by the given amounts (votes, visible replies); `touch` makes it the latest activity. */
  async adjustTopicCounters(executor: Executor, workspaceId: string, id: string, change: { votes?: number; replies?: number; touchedAt?: Date }): Promise<void> {
    await executor
      .update(communityTopics)
      .set({
        voteScore: sql`${communityTopics.voteScore} + ${change.votes ?? 0}`,
        replyCount: sql`greatest(${communityTopics.replyCount} + ${change.replies ?? 0}, 0)`,
        ...(change.touchedAt ? { lastActivityAt: change.touchedAt } : {}),
      })
      .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.id, id)));
  }

  /** Staff's list: every topic, hidden ones included, latest activity first. */
  async listTopics(executor: Executor, workspaceId: string, filters: StaffTopicFilters, limit: number): Promise<CommunityTopicRow[]> {
    const conditions: Array<SQL | undefined> = [
      eq(communityTopics.workspaceId, workspaceId),
      filters.categoryId ? eq(communityTopics.categoryId, filters.categoryId) : undefined,
      filters.isHidden === undefined ? undefined : eq(communityTopics.isHidden, filters.isHidden),
      filters.status ? eq(communityTopics.status, filters.status) : undefined,
      filters.language ? eq(communityTopics.language, filters.language) : undefined,
      filters.isUnanswered === true ? and(isNull(communityTopics.acceptedReplyId), sql`NOT ${hasVisibleStaffReply}`) : undefined,
      filters.isUnanswered === false ? or(isNotNull(communityTopics.acceptedReplyId), hasVisibleStaffReply) : undefined,
      filters.query ? sql`${communityTopics.searchVector} @@ switchboard_search_query(${filters.query})` : undefined,
      filters.before
        ? or(lt(communityTopics.lastActivityAt, filters.before.lastActivityAt), and(eq(communityTopics.lastActivityAt, filters.before.lastActivityAt), lt(communityTopics.id, filters.before.id)))
        : undefined,
    ];
    return executor
      .select(topicColumns)
      .from(communityTopics)
      .where(and(...conditions))
      .orderBy(desc(communityTopics.lastActivityAt), desc(communityTopics.id))
      .limit(limit);
  }

  /** A category's visible topics in a language, a page at a time: latest activity or most votes first. */
  async listPublicTopics(executor: Executor, workspaceId: string, categoryId: string, language: CommunityLanguage, sort: CommunitySort, offset: number, limit: number): Promise<CommunityTopicRow[]> {
    const order = sort === 'votes' ? [desc(communityTopics.voteScore), desc(communityTopics.lastActivityAt), desc(communityTopics.id)] : [desc(communityTopics.lastActivityAt), desc(communityTopics.id)];
    return executor
      .select(topicColumns)
      .from(communityTopics)
      .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.categoryId, categoryId), eq(communityTopics.language, language), eq(communityTopics.isHidden, false)))
      .orderBy(...order)
      .offset(offset)
      .limit(limit);
  }

  async countPublicTopics(executor: Executor, workspaceId: string, categoryId: string, language: CommunityLanguage): Promise<number> {
    const [row] = await executor
      .select({ total: count() })
      .from(communityTopics)
      .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.categoryId, categoryId), eq(communityTopics.language, language), eq(communityTopics.isHidden, false)));
    return Number(row?.total ?? 0);
  }

  /** Visible topics of a language matching the words (both stemmers, accents folded), best first; snippets for the page only. */
  async searchPublicTopics(executor: Executor, workspaceId: string, language: CommunityLanguage, query: string, limit: number): Promise<TopicSearchRow[]> {
    // Accents folded before stemming (the knowledge base's headline configurations), so the words found are marked however they were typed.
    const config = sql.raw(language === 'fr' ? "'switchboard_french'::regconfig" : "'switchboard_english'::regconfig");
    const tsQuery = sql`switchboard_search_query(${query})`;
    const headlineOptions = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    const plainBody = sql`regexp_replace(regexp_replace(m.body, ${`[*_\`#>|~\\[\\]()${SNIPPET_START}${SNIPPET_STOP}]+`}, ' ', 'g'), ${'\\s+'}, ' ', 'g')`;
    const rows = await queryRows<{ id: string; number: number; slug: string; title: string; category_id: string; reply_count: number; vote_score: number; accepted_reply_id: string | null; snippet: string }>(
      executor,
      sql`SELECT m.id, m.number, m.slug, m.title, m.category_id, m.reply_count, m.vote_score, m.accepted_reply_id,
                 ts_headline(${config}, ${plainBody}, ${tsQuery}, ${headlineOptions}) AS snippet
          FROM (
            SELECT t.id, t.number, t.slug, t.title, t.category_id, t.reply_count, t.vote_score, t.accepted_reply_id, t.body,
                   ts_rank_cd(t.search_vector, ${tsQuery}, 32) AS score
            FROM ${communityTopics} t
            WHERE t.workspace_id = ${workspaceId} AND t.language = ${language} AND NOT t.is_hidden AND t.search_vector @@ ${tsQuery}
            ORDER BY score DESC, t.last_activity_at DESC, t.id
            LIMIT ${limit}
          ) m
          ORDER BY m.score DESC, m.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      number: Number(row.number),
      slug: row.slug,
      title: row.title,
      categoryId: row.category_id,
      replyCount: Number(row.reply_count),
      voteScore: Number(row.vote_score),
      isAnswered: row.accepted_reply_id !== null,
      snippet: row.snippet,
    }));
  }

  /** Topics and replies a customer has written since a moment: the per-account posting limit counts them. */
  async countPostsSince(executor: Executor, workspaceId: string, customerId: string, since: Date): Promise<number> {
    const [row] = await queryRows<{ total: number | string }>(
      executor,
      sql`SELECT (SELECT count(*) FROM ${communityTopics} t WHERE t.workspace_id = ${workspaceId} AND t.author_customer_id = ${customerId} AND t.created_at >= ${since.toISOString()})
               + (SELECT count(*) FROM ${communityReplies} r WHERE r.workspace_id = ${workspaceId} AND r.author_customer_id = ${customerId} AND r.created_at >= ${since.toISOString()}) AS total`,
    );
    return Number(row?.total ?? 0);
  }

  // ── Replies ───────────────────────────────────────────────────────────────────────────────────────────

  async insertReply(executor: Executor, values: typeof communityReplies.$inferInsert): Promise<CommunityReplyRow> {
    const [row] = await executor.insert(communityReplies).values(values).returning();
    return row!;
  }

  async findReply(executor: Executor, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CommunityReplyRow | undefined> {
    const query = executor.select().from(communityReplies).where(and(eq(communityReplies.workspaceId, workspaceId), eq(communityReplies.id, id)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row;
  }

  async listReplies(executor: Executor, workspaceId: string, topicId: string, options: { visibleOnly?: boolean } = {}): Promise<CommunityReplyRow[]> {
    return executor
      .select()
      .from(communityReplies)
      .where(and(eq(communityReplies.workspaceId, workspaceId), eq(communityReplies.topicId, topicId), options.visibleOnly ? eq(communityReplies.isHidden, false) : undefined))
      .orderBy(asc(communityReplies.createdAt), asc(communityReplies.id));
  }

  async updateReply(executor: Executor, workspaceId: string, id: string, changes: Partial<typeof communityReplies.$inferInsert>): Promise<CommunityReplyRow> {
    const [row] = await executor
      .update(communityReplies)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(communityReplies.workspaceId, workspaceId), eq(communityReplies.id, id)))
      .returning();
    return row!;
  }

  async adjustReplyScore(executor: Executor, workspaceId: string, id: string, votes: number): Promise<void> {
    await executor
      .update(communityReplies)
      .set({ voteScore: sql`${communityReplies.voteScore} + ${votes}` })
      .where(and(eq(communityReplies.workspaceId, workspaceId), eq(communityReplies.id, id)));
  }

  // ── Votes ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Records the vote unless it is already there; answers whether it was new. */
  async addVote(executor: Executor, values: { workspaceId: string; voterCustomerId: string; topicId?: string | null; replyId?: string | null }): Promise<boolean> {
    const rows = await executor.insert(communityVotes).values(values).onConflictDoNothing().returning({ id: communityVotes.id });
    return rows.length > 0;
  }

  /** Removes the vote if it is there; answers whether there was one. */
  async removeVote(executor: Executor, workspaceId: string, voterCustomerId: string, target: { topicId: string } | { replyId: string }): Promise<boolean> {
    const rows = await executor
      .delete(communityVotes)
      .where(
        and(
          eq(communityVotes.workspaceId, workspaceId),
          eq(communityVotes.voterCustomerId, voterCustomerId),
          'topicId' in target ? eq(communityVotes.topicId, target.topicId) : eq(communityVotes.replyId, target.replyId),
        ),
      )
      .returning({ id: communityVotes.id });
    return rows.length > 0;
  }

  /** What a customer has voted for in a topic: the topic itself, and which of the replies. */
  async findVotesOf(executor: Executor, workspaceId: string, voterCustomerId: string, topicId: string, replyIds: string[]): Promise<{ topic: boolean; replyIds: Set<string> }> {
    const rows = await executor
      .select({ topicId: communityVotes.topicId, replyId: communityVotes.replyId })
      .from(communityVotes)
      .where(
        and(
          eq(communityVotes.workspaceId, workspaceId),
          eq(communityVotes.voterCustomerId, voterCustomerId),
          replyIds.length > 0 ? or(eq(communityVotes.topicId, topicId), inArray(communityVotes.replyId, replyIds)) : eq(communityVotes.topicId, topicId),
        ),
      );
    return { topic: rows.some((row) => row.topicId === topicId), replyIds: new Set(rows.flatMap((row) => (row.replyId ? [row.replyId] : []))) };
  }

  /** For the demo's past: topics and replies dated as they happened. */
  async backdate(executor: Executor, workspaceId: string, topics: Array<{ id: string; createdAt: Date; lastActivityAt: Date }>, replies: Array<{ id: string; createdAt: Date }>): Promise<void> {
    for (const topic of topics) {
      await executor
        .update(communityTopics)
        .set({ createdAt: topic.createdAt, updatedAt: topic.lastActivityAt, lastActivityAt: topic.lastActivityAt })
        .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.id, topic.id)));
    }
    for (const reply of replies) {
      await executor
        .update(communityReplies)
        .set({ createdAt: reply.createdAt, updatedAt: reply.createdAt })
        .where(and(eq(communityReplies.workspaceId, workspaceId), eq(communityReplies.id, reply.id)));
    }
  }

  /** What a customer wrote in the forums, oldest first: their topics and their replies (for their data export). */
  async listPostsOfCustomer(executor: Executor, workspaceId: string, customerId: string) {
    const topics = await executor
      .select({ number: communityTopics.number, title: communityTopics.title, body: communityTopics.body, language: communityTopics.language, isHidden: communityTopics.isHidden, createdAt: communityTopics.createdAt })
      .from(communityTopics)
      .where(and(eq(communityTopics.workspaceId, workspaceId), eq(communityTopics.authorCustomerId, customerId)))
      .orderBy(asc(communityTopics.createdAt));
    const replies = await executor
      .select({ topicNumber: communityTopics.number, topicTitle: communityTopics.title, body: communityReplies.body, isHidden: communityReplies.isHidden, createdAt: communityReplies.createdAt })
      .from(communityReplies)
      .innerJoin(communityTopics, eq(communityTopics.id, communityReplies.topicId))
      .where(and(eq(communityReplies.workspaceId, workspaceId), eq(communityReplies.authorCustomerId, customerId)))
      .orderBy(asc(communityReplies.createdAt));
    return { topics, replies };
  }
}
