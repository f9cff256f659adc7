import { markSnippet } from '../../shared/snippets.js';
import { randomUUID } from 'node:crypto';
import { diffArrays } from 'diff';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, KnowledgeBaseErrorCode, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import type { Actor } from '../auth/permissions.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';
import {
  type BotArticleText,
  type KbArticleRow,
  type KbArticleTitle,
  type KbArticleSummaryRow,
  type KbArticleVersionRow,
  type KbCategoryRow,
  type KbSectionRow,
  type KnowledgeBaseRepository,
} from './knowledge-base.repository.js';
import type {
  KbLanguage,
  TCreateKbArticleRequest,
  TCreateKbCategoryRequest,
  TCreateKbSectionRequest,
  TKbArticle,
  TKbArticleSummary,
  TKbArticleVersion,
  TKbArticleVersionSummary,
  TKbCategory,
  TKbDiffLine,
  TKbSearchResult,
  TKbSection,
  TKbSynonyms,
  TListKbArticlesQuery,
  TListKbSectionsQuery,
  TReplaceKbSynonymsRequest,
  TUpdateKbArticleRequest,
  TUpdateKbCategoryRequest,
  TUpdateKbSectionRequest,
} from './knowledge-base.schema.js';

export interface KbSearchRequest {
  q: string;
  language?: KbLanguage | undefined;
  /** Internal articles are for staff: the public help center and the customers' bot leave them out. */
  includeInternal: boolean;
  limit: number;
}

/** The help center's index of a language: the articles as links, the rest in full. */
export interface KbPublicCatalog {
  categories: TKbCategory[];
  sections: TKbSection[];
  articles: Array<{ id: string; sectionId: string; title: string; slug: string }>;
}

export interface KbPublicArticle {
  article: TKbArticle;
  section: TKbSection;
  category: TKbCategory;
  /** Published, public translations only. */
  translations: TKbArticleSummary[];
}

type ArticleStatus = TKbArticle['status'];

/**
 * The knowledge base: categories, their sections, and articles in English and French, each article linked to its
 * translation. Staff read everything (drafts, internal articles); managers and admins write. Every change of an
 * article's title, body, tags or status keeps a version, which can be compared with the one before and restored.
 * `search` is the one way to find articles, for staff here and, later, for the help center and the bot.
 */
export class KnowledgeBaseService {
  constructor(
    private readonly db: Database,
    private readonly repository: KnowledgeBaseRepository,
    private readonly clock: Clock,
  ) {}

  // ── Categories ────────────────────────────────────────────────────────────────────────────────────────

  async listCategories(actor: Actor): Promise<TKbCategory[]> {
    return (await this.repository.listCategories(this.db, actor.workspaceId)).map(presentCategory);
  }

  async createCategory(actor: Actor, input: TCreateKbCategoryRequest): Promise<TKbCategory> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const slug = await this.chooseSlug(tx, 'category', actor.workspaceId, input.slug, input.nameEn || input.nameFr);
        const position = input.position ?? (await this.repository.nextCategoryPosition(tx, actor.workspaceId));
        const row = await this.repository.insertCategory(tx, { workspaceId: actor.workspaceId, nameEn: input.nameEn, nameFr: input.nameFr, slug, position, icon: input.icon });
        return presentCategory(row);
      }),
    );
  }

  async updateCategory(actor: Actor, id: string, changes: TUpdateKbCategoryRequest): Promise<TKbCategory> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const current = await this.requireCategory(tx, actor.workspaceId, id);
        requireAName({ nameEn: changes.nameEn ?? current.nameEn, nameFr: changes.nameFr ?? current.nameFr });
        if (changes.slug !== undefined && changes.slug !== current.slug) await this.requireFreeSlug(tx, 'category', actor.workspaceId, changes.slug);
        return presentCategory(await this.repository.updateCategory(tx, actor.workspaceId, id, changes));
      }),
    );
  }

  /** Only an empty category goes: its sections (and their articles) are moved or deleted first. */
  async deleteCategory(actor: Actor, id: string): Promise<void> {
    await withConflicts(() =>
      this.db.transaction(async (tx) => {
        await this.requireCategory(tx, actor.workspaceId, id);
        if (await this.repository.hasSections(tx, actor.workspaceId, id)) throw categoryNotEmpty();
        await this.repository.deleteCategory(tx, actor.workspaceId, id);
      }),
    );
  }

  // ── Sections ──────────────────────────────────────────────────────────────────────────────────────────

  async listSections(actor: Actor, query: TListKbSectionsQuery): Promise<TKbSection[]> {
    return (await this.repository.listSections(this.db, actor.workspaceId, query.categoryId)).map(presentSection);
  }

  async createSection(actor: Actor, input: TCreateKbSectionRequest): Promise<TKbSection> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        if (!(await this.repository.findCategory(tx, actor.workspaceId, input.categoryId))) throw validationError('categoryId', 'no such category in this workspace');
        const slug = await this.chooseSlug(tx, 'section', actor.workspaceId, input.slug, input.nameEn || input.nameFr);
        const position = input.position ?? (await this.repository.nextSectionPosition(tx, actor.workspaceId, input.categoryId));
        const row = await this.repository.insertSection(tx, {
          workspaceId: actor.workspaceId,
          categoryId: input.categoryId,
          nameEn: input.nameEn,
          nameFr: input.nameFr,
          slug,
          position,
          icon: input.icon,
        });
        return presentSection(row);
      }),
    );
  }

  async updateSection(actor: Actor, id: string, changes: TUpdateKbSectionRequest): Promise<TKbSection> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const current = await this.requireSection(tx, actor.workspaceId, id);
        requireAName({ nameEn: changes.nameEn ?? current.nameEn, nameFr: changes.nameFr ?? current.nameFr });
        if (changes.categoryId && !(await this.repository.findCategory(tx, actor.workspaceId, changes.categoryId))) throw validationError('categoryId', 'no such category in this workspace');
        if (changes.slug !== undefined && changes.slug !== current.slug) await this.requireFreeSlug(tx, 'section', actor.workspaceId, changes.slug);
        return presentSection(await this.repository.updateSection(tx, actor.workspaceId, id, changes));
      }),
    );
  }

  /** Only an empty section goes: its articles are moved or deleted first. */
  async deleteSection(actor: Actor, id: string): Promise<void> {
    await withConflicts(() =>
      this.db.transaction(async (tx) => {
        await this.requireSection(tx, actor.workspaceId, id);
        if (await this.repository.hasArticles(tx, actor.workspaceId, id)) throw sectionNotEmpty();
        await this.repository.deleteSection(tx, actor.workspaceId, id);
      }),
    );
  }

  // ── Articles ──────────────────────────────────────────────────────────────────────────────────────────

  /** Every article staff may read (drafts and internal ones included), the most recently changed first. */
  async listArticles(actor: Actor, query: TListKbArticlesQuery): Promise<Page<TKbArticleSummary>> {
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listArticles(
      this.db,
      actor.workspaceId,
      {
        sectionId: query.sectionId,
        language: query.language,
        status: query.status,
        visibility: query.visibility,
        tag: query.tag,
        before: after ? { updatedAt: new Date(String(after[0])), id: String(after[1]) } : undefined,
      },
      query.limit + 1,
    );
    const page = toPage(rows, query.limit, (row) => [row.updatedAt.toISOString(), row.id]);
    return { data: page.data.map(presentArticleSummary), nextCursor: page.nextCursor };
  }

  async getArticle(actor: Actor, id: string): Promise<TKbArticle> {
    return presentArticle(await this.requireArticle(this.db, actor.workspaceId, id));
  }

  async createArticle(actor: Actor, input: TCreateKbArticleRequest): Promise<TKbArticle> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const workspaceId = actor.workspaceId;
        if (!(await this.repository.findSection(tx, workspaceId, input.sectionId))) throw validationError('sectionId', 'no such section in this workspace');
        let translationGroupId: string = randomUUID();
        if (input.translationOf) {
          // Locked so that two translations into one language at once cannot both pass the check.
          const original = await this.repository.findArticle(tx, workspaceId, input.translationOf, { isLocked: true });
          if (!original) throw validationError('translationOf', 'no such article in this workspace');
          if (await this.repository.hasTranslationIn(tx, workspaceId, original.translationGroupId, input.language)) throw translationExists(input.language);
          translationGroupId = original.translationGroupId;
        }
        const slug = await this.chooseSlug(tx, 'article', workspaceId, input.slug, input.title, input.language);
        const row = await this.repository.insertArticle(tx, {
          workspaceId,
          sectionId: input.sectionId,
          language: input.language,
          translationGroupId,
          title: input.title,
          slug,
          body: input.body,
          status: input.status,
          publishedAt: input.status === 'published' ? this.clock.now() : null,
          visibility: input.visibility,
          tags: input.tags,
          version: 1,
          authorId: actor.userId,
        });
        await this.repository.insertVersion(tx, versionOf(row, actor.userId, null));
        return presentArticle(row);
      }),
    );
  }

  /** A change of title, body, tags or status adds a version; moving, renaming the slug or the visibility does not. */
  async updateArticle(actor: Actor, id: string, changes: TUpdateKbArticleRequest): Promise<TKbArticle> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const workspaceId = actor.workspaceId;
        const current = await this.requireArticle(tx, workspaceId, id, { isLocked: true });
        if (changes.sectionId && changes.sectionId !== current.sectionId && !(await this.repository.findSection(tx, workspaceId, changes.sectionId))) {
          throw validationError('sectionId', 'no such section in this workspace');
        }
        if (changes.slug !== undefined && changes.slug !== current.slug) await this.requireFreeSlug(tx, 'article', workspaceId, changes.slug, current.language as KbLanguage);
        const next = {
          title: changes.title ?? current.title,
          body: changes.body ?? current.body,
          tags: changes.tags ?? current.tags,
          status: changes.status ?? (current.status as ArticleStatus),
        };
        const isNewVersion = next.title !== current.title || next.body !== current.body || !sameTags(next.tags, current.tags) || next.status !== current.status;
        const row = await this.repository.updateArticle(tx, workspaceId, id, {
          ...(changes.sectionId !== undefined && { sectionId: changes.sectionId }),
          ...(changes.slug !== undefined && { slug: changes.slug }),
          ...(changes.visibility !== undefined && { visibility: changes.visibility }),
          ...next,
          publishedAt: next.status === 'published' ? (current.publishedAt ?? this.clock.now()) : null,
          version: isNewVersion ? current.version + 1 : current.version,
        });
        if (isNewVersion) await this.repository.insertVersion(tx, versionOf(row, actor.userId, null));
        return presentArticle(row);
      }),
    );
  }

  /** Deletes the article and its versions; its translations stay, unlinked from it. */
  async deleteArticle(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.requireArticle(tx, actor.workspaceId, id, { isLocked: true });
      await this.repository.deleteArticle(tx, actor.workspaceId, id);
    });
  }

  /** The article's translations: the other articles of its group, one per language. */
  async listTranslations(actor: Actor, id: string): Promise<TKbArticleSummary[]> {
    const article = await this.requireArticle(this.db, actor.workspaceId, id);
    return (await this.repository.listTranslations(this.db, actor.workspaceId, article.translationGroupId, article.id)).map(presentArticleSummary);
  }

  // ── Versions ──────────────────────────────────────────────────────────────────────────────────────────

  async listVersions(actor: Actor, articleId: string): Promise<TKbArticleVersionSummary[]> {
    await this.requireArticle(this.db, actor.workspaceId, articleId);
    return (await this.repository.listVersions(this.db, actor.workspaceId, articleId)).map(presentVersionSummary);
  }

  /** One version with what changed since the one before: title, status, tags, and the body line by line. */
  async getVersion(actor: Actor, articleId: string, number: number): Promise<TKbArticleVersion> {
    await this.requireArticle(this.db, actor.workspaceId, articleId);
    const version = await this.requireVersion(this.db, actor.workspaceId, articleId, number);
    const previous = await this.repository.findPreviousVersion(this.db, actor.workspaceId, articleId, number);
    return {
      ...presentVersionSummary(version),
      body: version.body,
      diff: {
        previousNumber: previous?.number ?? null,
        previousTitle: previous?.title ?? null,
        previousStatus: (previous?.status as ArticleStatus | undefined) ?? null,
        tagsAdded: version.tags.filter((tag) => !previous?.tags.includes(tag)),
        tagsRemoved: previous ? previous.tags.filter((tag) => !version.tags.includes(tag)) : [],
        lines: diffBodyLines(previous?.body ?? '', version.body),
      },
    };
  }

  /** Brings back a version's title, body and tags as a new version; the status stays as it is now. */
  async restoreVersion(actor: Actor, articleId: string, number: number): Promise<TKbArticle> {
    return this.db.transaction(async (tx) => {
      const current = await this.requireArticle(tx, actor.workspaceId, articleId, { isLocked: true });
      const version = await this.requireVersion(tx, actor.workspaceId, articleId, number);
      const row = await this.repository.updateArticle(tx, actor.workspaceId, articleId, { title: version.title, body: version.body, tags: version.tags, version: current.version + 1 });
      await this.repository.insertVersion(tx, versionOf(row, actor.userId, version.number));
      return presentArticle(row);
    });
  }

  // ── Search ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Published articles for a query, best first: full-text in English and French (stemmed, accents folded, the
   * workspace's synonyms expanded), plus titles close to the query's words so that a typo still finds them.
   * Takes a workspace rather than an actor: the help center and the bot search on a customer's behalf.
   */
  async search(workspaceId: string, request: KbSearchRequest): Promise<TKbSearchResult[]> {
    const query = request.q.trim();
    if (!query) return [];
    const languages = request.language ? [request.language] : LANGUAGES;
    const synonyms = await this.repository.findMatchingSynonyms(this.db, workspaceId, query, languages);
    const options = { query, synonyms, fuzzyWords: fuzzyWordsOf(query), excludedWords: excludedWordsOf(query), language: request.language, includeInternal: request.includeInternal, limit: request.limit };
    let rows = await this.repository.search(this.db, workspaceId, { ...options, isLookingUpCloseTitles: false });
    // Too few articles have all the words (a typo, or one word too many): the titles close to them join in.
    if (rows.length < request.limit && options.fuzzyWords.length > 0) rows = await this.repository.search(this.db, workspaceId, { ...options, isLookingUpCloseTitles: true });
    return rows.map((row) => ({ ...row, snippet: markSnippet(row.snippet) }));
  }

  // ── Synonyms ──────────────────────────────────────────────────────────────────────────────────────────

  async getSynonyms(actor: Actor): Promise<TKbSynonyms> {
    const rows = await this.repository.listSynonymGroups(this.db, actor.workspaceId);
    return { groups: rows.map((row) => ({ language: row.language as KbLanguage, terms: row.terms })) };
  }

  /** Replaces the whole set: what is not sent is gone. */
  async replaceSynonyms(actor: Actor, input: TReplaceKbSynonymsRequest): Promise<TKbSynonyms> {
    await this.db.transaction((tx) => this.repository.replaceSynonymGroups(tx, actor.workspaceId, input.groups));
    return this.getSynonyms(actor);
  }

  // ── The public help center ────────────────────────────────────────────────────────────────────────────

  /** What the help center lists in a language: every category and section, and the public, published articles. */
  async getPublicCatalog(workspaceId: string, language: KbLanguage): Promise<KbPublicCatalog> {
    const [categories, sections, articles] = await Promise.all([
      this.repository.listCategories(this.db, workspaceId),
      this.repository.listSections(this.db, workspaceId, undefined),
      this.repository.listPublishedArticles(this.db, workspaceId, language),
    ]);
    return { categories: categories.map(presentCategory), sections: sections.map(presentSection), articles };
  }

  /**
   * A public, published article by its slug in a language, with its section and category, and its translations a
   * visitor may also read. A draft or an internal article is no article here.
   */
  async getPublicArticle(workspaceId: string, language: KbLanguage, slug: string): Promise<KbPublicArticle> {
    const row = await this.repository.findPublishedArticleBySlug(this.db, workspaceId, language, slug);
    if (!row) throw articleNotFound();
    const [section, translations] = await Promise.all([
      this.repository.findSection(this.db, workspaceId, row.sectionId),
      this.repository.listTranslations(this.db, workspaceId, row.translationGroupId, row.id),
    ]);
    const category = section ? await this.repository.findCategory(this.db, workspaceId, section.categoryId) : undefined;
    if (!section || !category) throw articleNotFound();
    return {
      article: presentArticle(row),
      section: presentSection(section),
      category: presentCategory(category),
      translations: translations.filter((translation) => translation.status === 'published' && translation.visibility === 'public').map(presentArticleSummary),
    };
  }

  // ── Readers' counters (for the help center) ───────────────────────────────────────────────────────────

  /** Counts one reading of an article. */
  async recordView(workspaceId: string, articleId: string): Promise<void> {
    if (!(await this.repository.incrementViews(this.db, workspaceId, articleId))) throw articleNotFound();
  }

  /** Counts one "was this helpful?" answer. */
  async recordFeedback(workspaceId: string, articleId: string, isHelpful: boolean): Promise<void> {
    if (!(await this.repository.incrementFeedback(this.db, workspaceId, articleId, isHelpful))) throw articleNotFound();
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────

  private async requireCategory(executor: Executor, workspaceId: string, id: string): Promise<KbCategoryRow> {
    const row = await this.repository.findCategory(executor, workspaceId, id);
    if (!row) throw new AppError(KnowledgeBaseErrorCode.CategoryNotFound, 'No such knowledge base category.');
    return row;
  }

  private async requireSection(executor: Executor, workspaceId: string, id: string): Promise<KbSectionRow> {
    const row = await this.repository.findSection(executor, workspaceId, id);
    if (!row) throw new AppError(KnowledgeBaseErrorCode.SectionNotFound, 'No such knowledge base section.');
    return row;
  }

  private async requireArticle(executor: Executor, workspaceId: string, id: string, options: { isLocked?: boolean } = {}): Promise<KbArticleRow> {
    const row = await this.repository.findArticle(executor, workspaceId, id, options);
    if (!row) throw articleNotFound();
    return row;
  }

  private async requireVersion(executor: Executor, workspaceId: string, articleId: string, number: number): Promise<KbArticleVersionRow> {
    const row = await this.repository.findVersion(executor, workspaceId, articleId, number);
    if (!row) throw new AppError(KnowledgeBaseErrorCode.VersionNotFound, `The article has no version ${number}.`);
    return row;
  }

  /** The slug asked for, refused when taken; or one made from the name, with `-2`, `-3`… when that is taken. */
  private async chooseSlug(executor: Executor, kind: 'category' | 'section' | 'article', workspaceId: string, asked: string | undefined, name: string, language?: KbLanguage): Promise<string> {
    if (asked) {
      await this.requireFreeSlug(executor, kind, workspaceId, asked, language);
      return asked;
    }
    const base = slugify(name) || kind;
    const taken = await this.repository.slugsLike(executor, kind, workspaceId, base, language);
    if (!taken.has(base)) return base;
    for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }

  private async requireFreeSlug(executor: Executor, kind: 'category' | 'section' | 'article', workspaceId: string, slug: string, language?: KbLanguage): Promise<void> {
    if ((await this.repository.slugsLike(executor, kind, workspaceId, slug, language)).has(slug)) throw slugTaken(slug);
  }

  // ── For the bot: what customers may read, in full, and a version that says when it changed ────────────────

  findPublicKnowledgeVersion(workspaceId: string, language: KbLanguage): Promise<string> {
    return this.repository.findPublicKnowledgeVersion(this.db, workspaceId, language);
  }

  listPublicArticleTexts(workspaceId: string, language: KbLanguage): Promise<BotArticleText[]> {
    return this.repository.listPublicArticleTexts(this.db, workspaceId, language);
  }

  listSynonymTerms(workspaceId: string, language: KbLanguage): Promise<string[][]> {
    return this.repository.listSynonymTerms(this.db, workspaceId, language);
  }

  /** Articles by id (at most 200), with their category: unknown ids are left out, drafts and internal ones are not. */
  listArticleTitles(workspaceId: string, ids: readonly string[]): Promise<KbArticleTitle[]> {
    return this.repository.listArticleTitles(this.db, workspaceId, [...new Set(ids)].slice(0, 200));
  }
}

// ── Pure rules ────────────────────────────────────────────────────────────────────────────────────────────

/** An address-friendly form of a name: accents folded, lowercase, words joined by hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * The query's words compared with titles for typos: words of four letters or more (shorter ones are too alike),
 * or the three-letter ones when there is nothing longer; words excluded with `-` are left out.
 */
export function fuzzyWordsOf(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((token) => token && !token.startsWith('-'))
    .flatMap((token) => token.split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);
  const long = words.filter((word) => [...word].length >= 4);
  const chosen = long.length > 0 ? long : words.filter((word) => [...word].length === 3);
  return [...new Set(chosen)].slice(0, 8);
}

/** The words excluded with `-`: a title close to the other words is no match when the article has one of them. */
export function excludedWordsOf(query: string): string[] {
  return [...new Set(query.split(/\s+/).filter((token) => token.length > 1 && token.startsWith('-')).map((token) => token.slice(1).replace(/^"|"$/g, '')))].filter(Boolean).slice(0, 8);
}

/** The body's lines against the previous version's: removed ones before the added ones that replace them. */
export function diffBodyLines(previous: string, current: string): TKbDiffLine[] {
  const linesOf = (text: string) => (text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n'));
  return diffArrays(linesOf(previous), linesOf(current)).flatMap((change) =>
    change.value.map((text): TKbDiffLine => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'unchanged', text })),
  );
}

function sameTags(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

function requireAName(names: { nameEn: string; nameFr: string }): void {
  if (!names.nameEn.trim() && !names.nameFr.trim()) throw validationError('nameEn', 'write the English or the French name (or both)');
}

function versionOf(row: KbArticleRow, authorId: string, restoredFrom: number | null) {
  return { workspaceId: row.workspaceId, articleId: row.id, number: row.version, title: row.title, body: row.body, tags: row.tags, status: row.status, restoredFrom, authorId };
}

// ── Errors ────────────────────────────────────────────────────────────────────────────────────────────────

function articleNotFound(): AppError {
  return new AppError(KnowledgeBaseErrorCode.ArticleNotFound, 'No such knowledge base article.');
}

function slugTaken(slug?: string): AppError {
  return new AppError(KnowledgeBaseErrorCode.SlugTaken, slug ? `The slug "${slug}" is already used.` : 'The slug is already used.', [{ path: 'slug', message: 'already used; choose another' }]);
}

function translationExists(language?: string): AppError {
  const message = language ? `The article already has a translation in this language (${language}).` : 'The article already has a translation in this language.';
  return new AppError(KnowledgeBaseErrorCode.TranslationExists, message, [{ path: 'language', message: 'one article per language' }]);
}

function categoryNotEmpty(): AppError {
  return new AppError(KnowledgeBaseErrorCode.CategoryNotEmpty, 'The category still has sections: move or delete them first.');
}

function sectionNotEmpty(): AppError {
  return new AppError(KnowledgeBaseErrorCode.SectionNotEmpty, 'The section still has articles: move or delete them first.');
}

/**
 * The database's own guards, for writes that raced past the checks above: a unique slug or translation, or a
 * category or section emptied and refilled at once.
 */
async function withConflicts<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const failure = [error, (error as { cause?: unknown } | undefined)?.cause].find((candidate) => ['23505', '23503'].includes(String((candidate as { code?: unknown } | undefined)?.code)));
    const constraint = String((failure as { constraint?: unknown } | undefined)?.constraint ?? '');
    if (constraint === 'kb_articles_translation_unique') throw translationExists();
    if (constraint.endsWith('_slug_unique')) throw slugTaken();
    if (constraint === 'kb_sections_category_id_kb_categories_id_fk') throw categoryNotEmpty();
    if (constraint === 'kb_articles_section_id_kb_sections_id_fk') throw sectionNotEmpty();
    throw error;
  }
}

// ── Presenters ────────────────────────────────────────────────────────────────────────────────────────────

function presentCategory(row: KbCategoryRow): TKbCategory {
  return {
    id: row.id,
    nameEn: row.nameEn,
    nameFr: row.nameFr,
    slug: row.slug,
    position: row.position,
    icon: row.icon,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentSection(row: KbSectionRow): TKbSection {
  return { ...presentCategory(row), categoryId: row.categoryId };
}

function presentArticleSummary(row: KbArticleSummaryRow): TKbArticleSummary {
  return {
    id: row.id,
    sectionId: row.sectionId,
    language: row.language as KbLanguage,
    translationGroupId: row.translationGroupId,
    title: row.title,
    slug: row.slug,
    status: row.status as ArticleStatus,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    visibility: row.visibility as TKbArticle['visibility'],
    tags: row.tags,
    version: row.version,
    viewCount: row.viewCount,
    helpfulYes: row.helpfulYes,
    helpfulNo: row.helpfulNo,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentArticle(row: KbArticleRow): TKbArticle {
  return { ...presentArticleSummary(row), body: row.body };
}

function presentVersionSummary(row: Omit<KbArticleVersionRow, 'body'>): TKbArticleVersionSummary {
  return {
    number: row.number,
    title: row.title,
    tags: row.tags,
    status: row.status as ArticleStatus,
    restoredFrom: row.restoredFrom,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
  };
}
