import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, tsvector, updatedAtColumn } from '../../db/columns.js';
import { users } from '../users/users.tables.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

/** The top level of the help center: a named group of sections, in English and French. */
export const kbCategories = pgTable(
  'kb_categories',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    nameEn: text('name_en').notNull().default(''),
    nameFr: text('name_fr').notNull().default(''),
    slug: text('slug').notNull(),
    position: integer('position').notNull().default(0),
    icon: text('icon'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('kb_categories_slug_unique').on(table.workspaceId, table.slug), index('kb_categories_workspace_position').on(table.workspaceId, table.position)],
);

/** A group of articles inside a category. A category with sections is not deleted (the sections would be lost). */
export const kbSections = pgTable(
  'kb_sections',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').notNull().references(() => kbCategories.id),
    nameEn: text('name_en').notNull().default(''),
    nameFr: text('name_fr').notNull().default(''),
    slug: text('slug').notNull(),
    position: integer('position').notNull().default(0),
    icon: text('icon'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('kb_sections_slug_unique').on(table.workspaceId, table.slug), index('kb_sections_category_position').on(table.categoryId, table.position)],
);

/**
 * An article in one language. Its translations share its `translation_group_id`, one article per language.
 * The search vector is computed by the database from the title (weight A) and the body, both languages'
 * stemmers over accent-folded text, so it can never disagree with the row.
 */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    sectionId: uuid('section_id').notNull().references(() => kbSections.id),
    /** `en` or `fr`. */
    language: text('language').notNull(),
    translationGroupId: uuid('translation_group_id').notNull(),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    /** Markdown. */
    body: text('body').notNull().default(''),
    /** `draft` or `published`. */
    status: text('status').notNull().default('draft'),
    publishedAt: timestampColumn('published_at'),
    /** `public` (the help center) or `internal` (staff only). */
    visibility: text('visibility').notNull().default('public'),
    tags: text('tags').array().notNull().default([]),
    /** The number of the latest version; each change of title, body, tags or status adds one. */
    version: integer('version').notNull().default(1),
    viewCount: integer('view_count').notNull().default(0),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql`setweight(switchboard_search_vector("title"), 'A') || switchboard_search_vector("body")`),
    /** The title's words alone: small enough to stay in the row, so a search orders its matches by it cheaply first. */
    titleVector: tsvector('title_vector').generatedAlwaysAs(sql`switchboard_search_vector("title")`),
    /** The title lowercased with accents folded, for the trigram comparisons of typo tolerance (computed once). */
    titleFolded: text('title_folded').generatedAlwaysAs(sql`switchboard_unaccent(lower("title"))`),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    uniqueIndex('kb_articles_slug_unique').on(table.workspaceId, table.language, table.slug),
    uniqueIndex('kb_articles_translation_unique').on(table.workspaceId, table.translationGroupId, table.language),
    index('kb_articles_workspace_updated').on(table.workspaceId, table.updatedAt.desc(), table.id.desc()),
    index('kb_articles_section').on(table.sectionId),
    index('kb_articles_tags').using('gin', table.tags),
    // The workspace and language with the vector (btree_gin): a search reads its own matches only.
    index('kb_articles_search_scoped').using('gin', table.workspaceId, table.language, table.searchVector),
    // Typo tolerance on titles: trigram similarity over the same folded text the search compares.
    index('kb_articles_title_folded_trgm').using('gin', sql`${table.titleFolded} gin_trgm_ops`),
  ],
);

/** What an article said at each change of its title, body, tags or status. */
export const kbArticleVersions = pgTable(
  'kb_article_versions',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    articleId: uuid('article_id').notNull().references(() => kbArticles.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default([]),
    status: text('status').notNull(),
    /** The version this one brought back, when it was made by a restore. */
    restoredFrom: integer('restored_from'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('kb_article_versions_number_unique').on(table.articleId, table.number)],
);

/** Words a search treats as the same, per language ("refund", "reimbursement", "money back"). */
export const kbSynonymGroups = pgTable(
  'kb_synonym_groups',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    terms: text('terms').array().notNull(),
    position: integer('position').notNull().default(0),
  },
  (table) => [index('kb_synonym_groups_workspace').on(table.workspaceId, table.language)],
);
