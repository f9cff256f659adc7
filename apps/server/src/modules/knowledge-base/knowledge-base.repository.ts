import { and, arrayContains, asc, desc, eq, getTableColumns, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { SNIPPET_START, SNIPPET_STOP } from '../../shared/snippets.js';
import { queryRows, type Executor } from '../../db/database.js';
import type { KbLanguage } from './knowledge-base.schema.js';
import { kbArticles, kbArticleVersions, kbCategories, kbSections, kbSynonymGroups } from './knowledge-base.tables.js';

export type KbCategoryRow = typeof kbCategories.$inferSelect;
export type KbSectionRow = typeof kbSections.$inferSelect;
export type KbArticleVersionRow = typeof kbArticleVersions.$inferSelect;
export type KbSynonymGroupRow = typeof kbSynonymGroups.$inferSelect;

// The search vector is the database's business: never read back, never written.
const { searchVector: _searchVector, ...articleColumns } = getTableColumns(kbArticles);
const { body: _body, ...articleSummaryColumns } = articleColumns;
export type KbArticleRow = Omit<typeof kbArticles.$inferSelect, 'searchVector'>;
export type KbArticleSummaryRow = Omit<KbArticleRow, 'body'>;

export interface KbArticleFilters {
  sectionId?: string | undefined;
  language?: KbLanguage | undefined;
  status?: string | undefined;
  visibility?: string | undefined;
  tag?: string | undefined;
  /** Keyset: the last row of the previous page (newest change first). */
  before?: { updatedAt: Date; id: string } | undefined;
}

/** A synonym group one of whose terms the query contains (by stem, accents and case ignored). */
export interface MatchedSynonyms {
  language: KbLanguage;
  terms: string[];
  matchedTerm: string;
}

export interface KbSearchOptions {
  /** What was typed, in web search syntax ("quoted phrase", -excluded, or). */
  query: string;
  /** Groups whose terms the query contains: each such term also matches the group's other terms. */
  synonyms: MatchedSynonyms[];
  /** The query's words for the title's trigram similarity (typos). */
  fuzzyWords: string[];
  /** Whether the articles whose title is close to those words are looked up too (when the words alone find too few). */
  isLookingUpCloseTitles: boolean;
  /** Words the query excludes (`-word`): they rule out a title match too. */
  excludedWords: string[];
  language?: KbLanguage | undefined;
  includeInternal: boolean;
  limit: number;
}

export interface KbSearchRow {
  id: string;
  title: string;
  language: KbLanguage;
  slug: string;
  sectionId: string;
  visibility: 'public' | 'internal';
  score: number;
  snippet: string;
}

/** The text search configuration of each article language, for highlighting. */
const SEARCH_CONFIG: Record<KbLanguage, string> = { en: 'english', fr: 'french' };
/** The same stemmers with accents folded first (a migration makes them): a snippet marks "Réinitialiser" for "reinitialiser". */
const HEADLINE_CONFIG: Record<KbLanguage, string> = { en: 'switchboard_english', fr: 'switchboard_french' };

/**
 * How close, on average, the query's words must be to a title for it to count as a misspelt match: as close as
 * one word must be to be looked at (pg_trgm's default word similarity threshold), so one exact word beside an
 * unrelated one is not enough.
 */
const FUZZY_TITLE_THRESHOLD = 0.6;
/** How much a title's similarity counts beside the full-text rank (which is scaled to 0–1). */
const FUZZY_TITLE_WEIGHT = 0.5;
/**
 * How many matches of each kind (words, a close title) the exact ranking reads: the best by title first. Every match
 * of a knowledge base of a few hundred articles per language; in a larger one, the articles matching only in their
 * body beyond this many are ordered by the title's match and then left out.
 */
const FIRST_CUT = 100;

/** Private-use characters marking the words found in a snippet, swapped for markup once the text is escaped. */

/** An article as the bot reads it: its words and where the help center shows it. */
export interface BotArticleText {
  id: string;
  title: string;
  slug: string;
  body: string;
}

/** An article's title and place, for lists that name articles (the bot's analytics and learning list). */
export interface KbArticleTitle {
  id: string;
  title: string;
  language: KbLanguage;
  slug: string;
  status: 'draft' | 'published';
  visibility: 'public' | 'internal';
  sectionId: string;
  categoryId: string;
  categoryNameEn: string;
  categoryNameFr: string;
}

export class KnowledgeBaseRepository {
  // ── Categories ────────────────────────────────────────────────────────────────────────────────────────

  async listCategories(executor: Executor, workspaceId: string): Promise<KbCategoryRow[]> {
    return executor.select().from(kbCategories).where(eq(kbCategories.workspaceId, workspaceId)).orderBy(asc(kbCategories.position), asc(kbCategories.createdAt), asc(kbCategories.id));
  }

  async findCategory(executor: Executor, workspaceId: string, id: string): Promise<KbCategoryRow | undefined> {
    const [row] = await executor.select().from(kbCategories).where(and(eq(kbCategories.workspaceId, workspaceId), eq(kbCategories.id, id)));
    return row;
  }

  async insertCategory(executor: Executor, values: typeof kbCategories.$inferInsert): Promise<KbCategoryRow> {
    const [row] = await executor.insert(kbCategories).values(values).returning();
    return row!;
  }

  async updateCategory(executor: Executor, workspaceId: string, id: string, values: Partial<typeof kbCategories.$inferInsert>): Promise<KbCategoryRow> {
    const [row] = await executor
      .update(kbCategories)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(kbCategories.workspaceId, workspaceId), eq(kbCategories.id, id)))
      .returning();
    return row!;
  }

  async deleteCategory(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(kbCategories).where(and(eq(kbCategories.workspaceId, workspaceId), eq(kbCategories.id, id)));
  }

  async nextCategoryPosition(executor: Executor, workspaceId: string): Promise<number> {
    const [row] = await executor.select({ next: sql<number>`coalesce(max(${kbCategories.position}) + 1, 0)::int` }).from(kbCategories).where(eq(kbCategories.workspaceId, workspaceId));
    return Number(row?.next ?? 0);
  }

  // ── Sections ──────────────────────────────────────────────────────────────────────────────────────────

  async listSections(executor: Executor, workspaceId: string, categoryId: string | undefined): Promise<KbSectionRow[]> {
    return executor
      .select()
      .from(kbSections)
      .where(and(eq(kbSections.workspaceId, workspaceId), categoryId ? eq(kbSections.categoryId, categoryId) : undefined))
      .orderBy(asc(kbSections.categoryId), asc(kbSections.position), asc(kbSections.createdAt), asc(kbSections.id));
  }

  async findSection(executor: Executor, workspaceId: string, id: string): Promise<KbSectionRow | undefined> {
    const [row] = await executor.select().from(kbSections).where(and(eq(kbSections.workspaceId, workspaceId), eq(kbSections.id, id)));
    return row;
  }

  async insertSection(executor: Executor, values: typeof kbSections.$inferInsert): Promise<KbSectionRow> {
    const [row] = await executor.insert(kbSections).values(values).returning();
    return row!;
  }

  async updateSection(executor: Executor, workspaceId: string, id: string, values: Partial<typeof kbSections.$inferInsert>): Promise<KbSectionRow> {
    const [row] = await executor
      .update(kbSections)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(kbSections.workspaceId, workspaceId), eq(kbSections.id, id)))
      .returning();
    return row!;
  }

  async deleteSection(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(kbSections).where(and(eq(kbSections.workspaceId, workspaceId), eq(kbSections.id, id)));
  }

  async nextSectionPosition(executor: Executor, workspaceId: string, categoryId: string): Promise<number> {
    const [row] = await executor
      .select({ next: sql<number>`coalesce(max(${kbSections.position}) + 1, 0)::int` })
      .from(kbSections)
      .where(and(eq(kbSections.workspaceId, workspaceId), eq(kbSections.categoryId, categoryId)));
    return Number(row?.next ?? 0);
  }

  async hasSections(executor: Executor, workspaceId: string, categoryId: string): Promise<boolean> {
    const [row] = await executor.select({ id: kbSections.id }).from(kbSections).where(and(eq(kbSections.workspaceId, workspaceId), eq(kbSections.categoryId, categoryId))).limit(1);
    return row !== undefined;
  }

  async hasArticles(executor: Executor, workspaceId: string, sectionId: string): Promise<boolean> {
    const [row] = await executor.select({ id: kbArticles.id }).from(kbArticles).where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.sectionId, sectionId))).limit(1);
    return row !== undefined;
  }

  // ── Slugs ─────────────────────────────────────────────────────────────────────────────────────────────

  /** The slugs in use among `base` and `base-<n>`, to pick a free one; articles per language, the rest per workspace. */
  async slugsLike(executor: Executor, kind: 'category' | 'section' | 'article', workspaceId: string, base: string, language?: KbLanguage): Promise<Set<string>> {
    const pattern = `${base.replace(/[\\%_]/g, (character) => `\\${character}`)}-%`;
    const table = kind === 'category' ? kbCategories : kind === 'section' ? kbSections : kbArticles;
    const rows = await executor
      .select({ slug: table.slug })
      .from(table)
      .where(
        and(
          eq(table.workspaceId, workspaceId),
          kind === 'article' && language ? eq(kbArticles.language, language) : undefined,
          or(eq(table.slug, base), sql`${table.slug} like ${pattern}`),
        ),
      );
    return new Set(rows.map((row) => row.slug));
  }

  // ── Articles ──────────────────────────────────────────────────────────────────────────────────────────

  async listArticles(executor: Executor, workspaceId: string, filters: KbArticleFilters, limit: number): Promise<KbArticleSummaryRow[]> {
    const conditions: Array<SQL | undefined> = [eq(kbArticles.workspaceId, workspaceId)];
    if (filters.sectionId) conditions.push(eq(kbArticles.sectionId, filters.sectionId));
    if (filters.language) conditions.push(eq(kbArticles.language, filters.language));
    if (filters.status) conditions.push(eq(kbArticles.status, filters.status));
    if (filters.visibility) conditions.push(eq(kbArticles.visibility, filters.visibility));
    if (filters.tag) conditions.push(arrayContains(kbArticles.tags, [filters.tag]));
    if (filters.before) {
      const { updatedAt, id } = filters.before;
      conditions.push(or(lt(kbArticles.updatedAt, updatedAt), and(eq(kbArticles.updatedAt, updatedAt), lt(kbArticles.id, id))));
    }
    return executor
      .select(articleSummaryColumns)
      .from(kbArticles)
      .where(and(...conditions))
      .orderBy(desc(kbArticles.updatedAt), desc(kbArticles.id))
      .limit(limit);
  }

  async findArticle(executor: Executor, workspaceId: string, id: string, options: { isLocked?: boolean } = {}): Promise<KbArticleRow | undefined> {
    const query = executor.select(articleColumns).from(kbArticles).where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)));
    const [row] = options.isLocked ? await query.for('update') : await query;
    return row;
  }

  /** The other articles of a translation group (each in another language). */
  async listTranslations(executor: Executor, workspaceId: string, translationGroupId: string, exceptId: string): Promise<KbArticleSummaryRow[]> {
    return executor
      .select(articleSummaryColumns)
      .from(kbArticles)
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.translationGroupId, translationGroupId), ne(kbArticles.id, exceptId)))
      .orderBy(asc(kbArticles.language));
  }

  async hasTranslationIn(executor: Executor, workspaceId: string, translationGroupId: string, language: KbLanguage): Promise<boolean> {
    const [row] = await executor
      .select({ id: kbArticles.id })
      .from(kbArticles)
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.translationGroupId, translationGroupId), eq(kbArticles.language, language)))
      .limit(1);
    return row !== undefined;
  }

  async insertArticle(executor: Executor, values: typeof kbArticles.$inferInsert): Promise<KbArticleRow> {
    const [row] = await executor.insert(kbArticles).values(values).returning(articleColumns);
    return row!;
  }

  /** Many articles in one statement, for content written in bulk (the demo's help center), ids given by the caller. */
  async insertArticles(executor: Executor, values: Array<typeof kbArticles.$inferInsert>): Promise<void> {
    if (values.length > 0) await executor.insert(kbArticles).values(values);
  }

  async updateArticle(executor: Executor, workspaceId: string, id: string, values: Partial<typeof kbArticles.$inferInsert>): Promise<KbArticleRow> {
    const [row] = await executor
      .update(kbArticles)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)))
      .returning(articleColumns);
    return row!;
  }

  async deleteArticle(executor: Executor, workspaceId: string, id: string): Promise<void> {
    await executor.delete(kbArticles).where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)));
  }

  /** One view, counted in one statement so that readers at once all count. */
  async incrementViews(executor: Executor, workspaceId: string, id: string): Promise<boolean> {
    const rows = await executor
      .update(kbArticles)
      .set({ viewCount: sql`${kbArticles.viewCount} + 1` })
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)))
      .returning({ id: kbArticles.id });
    return rows.length > 0;
  }

  async incrementFeedback(executor: Executor, workspaceId: string, id: string, isHelpful: boolean): Promise<boolean> {
    const rows = await executor
      .update(kbArticles)
      .set(isHelpful ? { helpfulYes: sql`${kbArticles.helpfulYes} + 1` } : { helpfulNo: sql`${kbArticles.helpfulNo} + 1` })
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)))
      .returning({ id: kbArticles.id });
    return rows.length > 0;
  }

  // ── What the public help center shows ─────────────────────────────────────────────────────────────────

  /** The public, published articles of a language, by title: what the help center lists. */
  async listPublishedArticles(executor: Executor, workspaceId: string, language: KbLanguage): Promise<Array<Pick<KbArticleRow, 'id' | 'sectionId' | 'title' | 'slug'>>> {
    return executor
      .select({ id: kbArticles.id, sectionId: kbArticles.sectionId, title: kbArticles.title, slug: kbArticles.slug })
      .from(kbArticles)
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.language, language), eq(kbArticles.status, 'published'), eq(kbArticles.visibility, 'public')))
      .orderBy(asc(kbArticles.title), asc(kbArticles.id));
  }

  async findPublishedArticleBySlug(executor: Executor, workspaceId: string, language: KbLanguage, slug: string): Promise<KbArticleRow | undefined> {
    const [row] = await executor
      .select(articleColumns)
      .from(kbArticles)
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.language, language), eq(kbArticles.slug, slug), eq(kbArticles.status, 'published'), eq(kbArticles.visibility, 'public')));
    return row;
  }

  // ── Versions ──────────────────────────────────────────────────────────────────────────────────────────

  async insertVersion(executor: Executor, values: typeof kbArticleVersions.$inferInsert): Promise<void> {
    await executor.insert(kbArticleVersions).values(values);
  }

  async insertVersions(executor: Executor, values: Array<typeof kbArticleVersions.$inferInsert>): Promise<void> {
    if (values.length > 0) await executor.insert(kbArticleVersions).values(values);
  }

  async listVersions(executor: Executor, workspaceId: string, articleId: string): Promise<Array<Omit<KbArticleVersionRow, 'body'>>> {
    const { body: _versionBody, ...columns } = getTableColumns(kbArticleVersions);
    return executor
      .select(columns)
      .from(kbArticleVersions)
      .where(and(eq(kbArticleVersions.workspaceId, workspaceId), eq(kbArticleVersions.articleId, articleId)))
      .orderBy(desc(kbArticleVersions.number));
  }

  async findVersion(executor: Executor, workspaceId: string, articleId: string, number: number): Promise<KbArticleVersionRow | undefined> {
    const [row] = await executor
      .select()
      .from(kbArticleVersions)
      .where(and(eq(kbArticleVersions.workspaceId, workspaceId), eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.number, number)));
    return row;
  }

  /** The version just before `number` (numbers have no gaps, but nothing here depends on it). */
  async findPreviousVersion(executor: Executor, workspaceId: string, articleId: string, number: number): Promise<KbArticleVersionRow | undefined> {
    const [row] = await executor
      .select()
      .from(kbArticleVersions)
      .where(and(eq(kbArticleVersions.workspaceId, workspaceId), eq(kbArticleVersions.articleId, articleId), lt(kbArticleVersions.number, number)))
      .orderBy(desc(kbArticleVersions.number))
      .limit(1);
    return row;
  }

  // ── Synonyms ──────────────────────────────────────────────────────────────────────────────────────────

  async listSynonymGroups(executor: Executor, workspaceId: string): Promise<KbSynonymGroupRow[]> {
    return executor.select().from(kbSynonymGroups).where(eq(kbSynonymGroups.workspaceId, workspaceId)).orderBy(asc(kbSynonymGroups.language), asc(kbSynonymGroups.position));
  }

  async replaceSynonymGroups(executor: Executor, workspaceId: string, groups: Array<{ language: KbLanguage; terms: string[] }>): Promise<void> {
    await executor.delete(kbSynonymGroups).where(eq(kbSynonymGroups.workspaceId, workspaceId));
    if (groups.length > 0) await executor.insert(kbSynonymGroups).values(groups.map((group, position) => ({ workspaceId, language: group.language, terms: group.terms, position })));
  }

  /**
   * The groups one of whose terms the query contains, compared as the search compares words: stemmed by the
   * group's language, accents and case folded, so "refunds" finds the group of "refund". A phrase term matches
   * when the query has all its words.
   */
  async findMatchingSynonyms(executor: Executor, workspaceId: string, query: string, languages: readonly KbLanguage[]): Promise<MatchedSynonyms[]> {
    if (languages.length === 0) return [];
    const rows = await queryRows<{ language: KbLanguage; terms: string[]; matched_term: string }>(
      executor,
      sql`SELECT DISTINCT ON (g.id) g.language, g.terms, t.term AS matched_term
          FROM ${kbSynonymGroups} g CROSS JOIN LATERAL unnest(g.terms) WITH ORDINALITY AS t(term, ordinal)
          WHERE g.workspace_id = ${workspaceId} AND g.language IN (${sql.join(
            languages.map((language) => sql`${language}`),
            sql`, `,
          )})
            AND switchboard_search_vector(${query}) @@ websearch_to_tsquery((CASE g.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, switchboard_unaccent(t.term))
          ORDER BY g.id, t.ordinal
          LIMIT 20`,
    );
    return rows.map((row) => ({ language: row.language, terms: row.terms, matchedTerm: row.matched_term }));
  }

  // ── Search ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Published articles matching the full-text query, or whose title is close to the query's words (typos), best
   * first. Both conditions are served by GIN indexes (the search vector, the folded title's trigrams), so only the
   * matches are ranked; snippets are made for the returned page alone.
   */
  /**
   * The best articles for a query, in two cuts. First, from the index: the articles that match the words (full text),
   * ordered by how well their title alone matches (a small vector kept in the row), and, with `fuzzyWords`, those whose
   * title is close to them (trigrams), each at most `FIRST_CUT` — so the costly ranking never reads thousands of
   * article vectors. Then the exact score (cover density over title and body, plus the title's closeness) orders that cut.
   */
  async search(executor: Executor, workspaceId: string, options: KbSearchOptions): Promise<KbSearchRow[]> {
    const { fuzzyWords } = options;
    const tsQuery = expandedTsQuery(options.query, options.synonyms);
    const foldedTitle = sql`a.title_folded`;
    const conditions = [sql`a.workspace_id = ${workspaceId}`, sql`a.status = 'published'`];
    if (!options.includeInternal) conditions.push(sql`a.visibility = 'public'`);
    if (options.language) conditions.push(sql`a.language = ${options.language}`);
    const scope = sql.join(conditions, sql` AND `);

    const textCut = sql`SELECT a.id FROM ${kbArticles} a WHERE ${scope} AND a.search_vector @@ ${tsQuery}
          ORDER BY ts_rank(a.title_vector, ${tsQuery}) DESC, a.id LIMIT ${FIRST_CUT}`;
    let cut = textCut;
    let closeTitles = sql``;
    let fuzzyScore = sql`0`;
    if (fuzzyWords.length > 0) {
      const folded = fuzzyWords.map((word) => sql`switchboard_unaccent(lower(${word}))`);
      const similarity = sql`((${sql.join(folded.map((word) => sql`word_similarity(${word}, ${foldedTitle})`), sql` + `)}) / ${fuzzyWords.length}::real)`;
      fuzzyScore = sql`(CASE WHEN ${similarity} >= ${FUZZY_TITLE_THRESHOLD} THEN ${similarity} ELSE 0 END)`;
      if (options.isLookingUpCloseTitles) {
        // `word <% title`: the word is close to some part of the title (pg_trgm's word similarity, from its index).
        const anyClose = sql.join(folded.map((word) => sql`${word} <% c.title_folded`), sql` OR `);
        closeTitles = sql`WITH close_titles AS MATERIALIZED (SELECT c.id FROM ${kbArticles} c WHERE ${anyClose}) `;
        const excluded = options.excludedWords.length > 0 ? sql` AND NOT (a.search_vector @@ switchboard_search_query(${options.excludedWords.map((word) => `"${word.replaceAll('"', ' ')}"`).join(' or ')}))` : sql``;
        const fuzzyCut = sql`SELECT a.id FROM ${kbArticles} a WHERE a.id IN (SELECT id FROM close_titles) AND ${scope} AND ${similarity} >= ${FUZZY_TITLE_THRESHOLD}${excluded}
          ORDER BY ${similarity} DESC, a.id LIMIT ${FIRST_CUT}`;
        cut = sql`(${textCut}) UNION (${fuzzyCut})`;
      }
    }

    // Normalisation 32 scales the cover-density rank to 0–1 (rank / (rank + 1)); the title's weight A puts a
    // match there well above one in the body.
    const score = sql`(ts_rank_cd(a.search_vector, ${tsQuery}, 32) + ${FUZZY_TITLE_WEIGHT}::real * ${fuzzyScore})`;
    const plainBody = sql`regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(m.body,
        ${'!\\[([^\\]]*)\\]\\([^)]*\\)'}, ${'\\1'}, 'g'),
        ${'\\[([^\\]]*)\\]\\([^)]*\\)'}, ${'\\1'}, 'g'),
        ${'<[^>]*>'}, ' ', 'g'),
        ${`[*_\`#>|~${SNIPPET_START}${SNIPPET_STOP}]+`}, '', 'g'),
        ${'\\s+'}, ' ', 'g')`;
    const configOf = sql`(CASE m.language ${sql.join(
      Object.entries(HEADLINE_CONFIG).map(([language, config]) => sql`WHEN ${language} THEN ${sql.raw(`'${config}'::regconfig`)}`),
      sql` `,
    )} END)`;
    const headlineOptions = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    type Row = { id: string; title: string; language: KbLanguage; slug: string; section_id: string; visibility: 'public' | 'internal'; score: number | string; snippet: string };
    const read = (reader: Executor) => queryRows<Row>(
      reader,
      sql`${closeTitles}SELECT m.id, m.title, m.language, m.slug, m.section_id, m.visibility, m.score,
            ts_headline(${configOf}, ${plainBody}, ${tsQuery}, ${headlineOptions}) AS snippet
          FROM (
            SELECT a.id, a.title, a.language, a.slug, a.section_id, a.visibility, a.body, ${score}::float8 AS score
            FROM ${kbArticles} a
            WHERE a.id IN (${cut})
            ORDER BY score DESC, a.id
            LIMIT ${options.limit}
          ) m
          ORDER BY m.score DESC, m.id`,
    );
    // The close titles come from the trigram index: the planner, which counts each similarity as cheap, would rather
    // read every title of the table, many times slower.
    const rows = options.isLookingUpCloseTitles && fuzzyWords.length > 0
      ? await executor.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL enable_seqscan = off`);
          return read(tx);
        })
      : await read(executor);
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      language: row.language,
      slug: row.slug,
      sectionId: row.section_id,
      visibility: row.visibility,
      score: Number(row.score),
      snippet: row.snippet,
    }));
  }

  /**
   * A value that changes whenever the public, published articles of a language (their number and latest change) or its
   * synonym groups (replaced as a whole, so with new ids) change.
   */
  async findPublicKnowledgeVersion(executor: Executor, workspaceId: string, language: KbLanguage): Promise<string> {
    const [row] = await queryRows<{ version: string }>(
      executor,
      sql`SELECT (SELECT count(*) || ':' || coalesce(floor(extract(epoch FROM max(a.updated_at)) * 1000)::text, '0')
                  FROM ${kbArticles} a
                  WHERE a.workspace_id = ${workspaceId} AND a.language = ${language} AND a.status = 'published' AND a.visibility = 'public')
              || '/' ||
              (SELECT count(*) || ':' || coalesce(max(g.id::text), '')
                  FROM ${kbSynonymGroups} g WHERE g.workspace_id = ${workspaceId} AND g.language = ${language}) AS version`,
    );
    return row?.version ?? '';
  }

  async listSynonymTerms(executor: Executor, workspaceId: string, language: KbLanguage): Promise<string[][]> {
    const rows = await executor.select({ terms: kbSynonymGroups.terms }).from(kbSynonymGroups).where(and(eq(kbSynonymGroups.workspaceId, workspaceId), eq(kbSynonymGroups.language, language)));
    return rows.map((row) => row.terms);
  }

  /** Some articles' titles, where they are and whether customers may read them, with their category's names. */
  async listArticleTitles(executor: Executor, workspaceId: string, ids: readonly string[]): Promise<KbArticleTitle[]> {
    if (ids.length === 0) return [];
    return executor
      .select({
        id: kbArticles.id,
        title: kbArticles.title,
        language: kbArticles.language,
        slug: kbArticles.slug,
        status: kbArticles.status,
        visibility: kbArticles.visibility,
        sectionId: kbArticles.sectionId,
        categoryId: kbSections.categoryId,
        categoryNameEn: kbCategories.nameEn,
        categoryNameFr: kbCategories.nameFr,
      })
      .from(kbArticles)
      .innerJoin(kbSections, eq(kbSections.id, kbArticles.sectionId))
      .innerJoin(kbCategories, eq(kbCategories.id, kbSections.categoryId))
      .where(and(eq(kbArticles.workspaceId, workspaceId), inArray(kbArticles.id, [...ids]))) as Promise<KbArticleTitle[]>;
  }

  /** The published, public articles of a language, in full. */
  async listPublicArticleTexts(executor: Executor, workspaceId: string, language: KbLanguage): Promise<BotArticleText[]> {
    return executor
      .select({ id: kbArticles.id, title: kbArticles.title, slug: kbArticles.slug, body: kbArticles.body })
      .from(kbArticles)
      .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.language, language), eq(kbArticles.status, 'published'), eq(kbArticles.visibility, 'public')));
  }

}

/**
 * The query as `switchboard_search_query` reads it (English and French stemming over folded accents), with each
 * matched synonym term rewritten, inside that language's half, into "any term of its group": "refund policy"
 * becomes (refund | reimbursement | "money back") & policy.
 */
function expandedTsQuery(query: string, synonyms: MatchedSynonyms[]): SQL {
  const half = (language: KbLanguage) => {
    // A constant of our own, written inline so the planner folds the whole query into one value.
    const config = sql.raw(`'${SEARCH_CONFIG[language]}'::regconfig`);
    const toQuery = (text: string) => sql`websearch_to_tsquery(${config}, switchboard_unaccent(${text}))`;
    return synonyms
      .filter((group) => group.language === language)
      .reduce(
        (current, group) => sql`ts_rewrite(${current}, ${toQuery(group.matchedTerm)}, ${sql.join(group.terms.map((term) => toQuery(`"${term.replaceAll('"', ' ')}"`)), sql` || `)})`,
        toQuery(query),
      );
  };
  return sql`(${half('en')} || ${half('fr')})`;
}
