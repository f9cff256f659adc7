import { z } from 'zod';
import { ZPageQuery } from '../../shared/pagination.js';
import { ZTag } from '../tickets/tickets.schema.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';

export const KB_ARTICLE_STATUSES = ['draft', 'published'] as const;
export const KB_ARTICLE_VISIBILITIES = ['public', 'internal'] as const;

const MAX_BODY = 100_000;

export const ZKbLanguage = z.enum(LANGUAGES);
export type KbLanguage = z.infer<typeof ZKbLanguage>;

export const ZKbSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens, e.g. reset-your-password')
  .describe('The address part in the help center; made from the name or title when not given');

// ── Categories and sections ─────────────────────────────────────────────────────────────────────────────

export const ZKbCategory = z.object({
  id: z.uuid(),
  nameEn: z.string().describe('English name; may be empty when the French one is not'),
  nameFr: z.string().describe('French name; may be empty when the English one is not'),
  slug: z.string(),
  position: z.number().int().describe('Order among the categories, smallest first'),
  icon: z.string().nullable().describe('An icon name or emoji shown beside the name'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TKbCategory = z.infer<typeof ZKbCategory>;

export const ZKbSection = ZKbCategory.extend({ categoryId: z.uuid() });
export type TKbSection = z.infer<typeof ZKbSection>;

const groupFields = {
  nameEn: z.string().trim().max(120),
  nameFr: z.string().trim().max(120),
  slug: ZKbSlug,
  position: z.number().int().min(0).max(100_000),
  icon: z.string().trim().max(60).nullable().transform((value) => (value ? value : null)),
};

const hasText = (value: string | undefined) => (value ?? '').trim().length > 0;

function requireAName(value: { nameEn?: string | undefined; nameFr?: string | undefined }, context: z.RefinementCtx): void {
  if (!hasText(value.nameEn) && !hasText(value.nameFr)) context.addIssue({ code: 'custom', path: ['nameEn'], message: 'write the English or the French name (or both)' });
}

export const ZCreateKbCategoryRequest = z
  .strictObject({
    ...groupFields,
    nameEn: groupFields.nameEn.default(''),
    nameFr: groupFields.nameFr.default(''),
    slug: groupFields.slug.optional(),
    position: groupFields.position.optional().describe('Defaults to after the last one'),
    icon: groupFields.icon.default(null),
  })
  .superRefine(requireAName);
export type TCreateKbCategoryRequest = z.infer<typeof ZCreateKbCategoryRequest>;

export const ZUpdateKbCategoryRequest = z.strictObject(groupFields).partial();
export type TUpdateKbCategoryRequest = z.infer<typeof ZUpdateKbCategoryRequest>;

export const ZCreateKbSectionRequest = z
  .strictObject({
    ...groupFields,
    categoryId: z.uuid(),
    nameEn: groupFields.nameEn.default(''),
    nameFr: groupFields.nameFr.default(''),
    slug: groupFields.slug.optional(),
    position: groupFields.position.optional().describe('Defaults to after the last one of its category'),
    icon: groupFields.icon.default(null),
  })
  .superRefine(requireAName);
export type TCreateKbSectionRequest = z.infer<typeof ZCreateKbSectionRequest>;

export const ZUpdateKbSectionRequest = z.strictObject({ ...groupFields, categoryId: z.uuid().describe('Move the section to this category') }).partial();
export type TUpdateKbSectionRequest = z.infer<typeof ZUpdateKbSectionRequest>;

export const ZListKbSectionsQuery = z.object({ categoryId: z.uuid().optional() });
export type TListKbSectionsQuery = z.infer<typeof ZListKbSectionsQuery>;

// ── Articles ────────────────────────────────────────────────────────────────────────────────────────────

export const ZKbArticleSummary = z.object({
  id: z.uuid(),
  sectionId: z.uuid(),
  language: ZKbLanguage,
  translationGroupId: z.uuid().describe('Shared by an article and its translations (one article per language)'),
  title: z.string(),
  slug: z.string(),
  status: z.enum(KB_ARTICLE_STATUSES),
  publishedAt: z.string().nullable(),
  visibility: z.enum(KB_ARTICLE_VISIBILITIES).describe('public: the help center and staff; internal: staff only'),
  tags: z.array(z.string()),
  version: z.number().int().describe('The number of the latest version'),
  viewCount: z.number().int(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
  authorId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TKbArticleSummary = z.infer<typeof ZKbArticleSummary>;

export const ZKbArticle = ZKbArticleSummary.extend({ body: z.string().describe('Markdown') });
export type TKbArticle = z.infer<typeof ZKbArticle>;

const articleFields = {
  sectionId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  slug: ZKbSlug,
  body: z.string().max(MAX_BODY).describe('Markdown: headings, numbered steps, images and video links as Markdown'),
  status: z.enum(KB_ARTICLE_STATUSES),
  visibility: z.enum(KB_ARTICLE_VISIBILITIES),
  tags: z
    .array(ZTag)
    .max(20)
    .transform((tags) => [...new Set(tags)]),
};

export const ZCreateKbArticleRequest = z.strictObject({
  ...articleFields,
  language: ZKbLanguage,
  slug: articleFields.slug.optional(),
  body: articleFields.body.default(''),
  status: articleFields.status.default('draft'),
  visibility: articleFields.visibility.default('public'),
  tags: articleFields.tags.default([]),
  translationOf: z.uuid().optional().describe('An article this one translates: both are then linked (one article per language)'),
});
export type TCreateKbArticleRequest = z.infer<typeof ZCreateKbArticleRequest>;

export const ZUpdateKbArticleRequest = z.strictObject(articleFields).partial();
export type TUpdateKbArticleRequest = z.infer<typeof ZUpdateKbArticleRequest>;

export const ZListKbArticlesQuery = ZPageQuery.extend({
  sectionId: z.uuid().optional(),
  language: ZKbLanguage.optional(),
  status: z.enum(KB_ARTICLE_STATUSES).optional(),
  visibility: z.enum(KB_ARTICLE_VISIBILITIES).optional(),
  tag: ZTag.optional(),
});
export type TListKbArticlesQuery = z.infer<typeof ZListKbArticlesQuery>;

export const ZKbArticleParams = z.object({ articleId: z.uuid() });
export const ZKbVersionParams = ZKbArticleParams.extend({ number: z.coerce.number().int().min(1).max(2_147_483_647) });

// ── Versions ────────────────────────────────────────────────────────────────────────────────────────────

export const ZKbArticleVersionSummary = z.object({
  number: z.number().int(),
  title: z.string(),
  tags: z.array(z.string()),
  status: z.enum(KB_ARTICLE_STATUSES),
  restoredFrom: z.number().int().nullable().describe('The version this one brought back, when made by a restore'),
  authorId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type TKbArticleVersionSummary = z.infer<typeof ZKbArticleVersionSummary>;

export const ZKbDiffLine = z.object({
  kind: z.enum(['added', 'removed', 'unchanged']),
  text: z.string(),
});
export type TKbDiffLine = z.infer<typeof ZKbDiffLine>;

export const ZKbVersionDiff = z.object({
  previousNumber: z.number().int().nullable().describe('The version compared against; null for the first (everything is added)'),
  previousTitle: z.string().nullable(),
  previousStatus: z.enum(KB_ARTICLE_STATUSES).nullable(),
  tagsAdded: z.array(z.string()),
  tagsRemoved: z.array(z.string()),
  lines: z.array(ZKbDiffLine).describe('The body, line by line, against the previous version'),
});
export type TKbVersionDiff = z.infer<typeof ZKbVersionDiff>;

export const ZKbArticleVersion = ZKbArticleVersionSummary.extend({ body: z.string(), diff: ZKbVersionDiff });
export type TKbArticleVersion = z.infer<typeof ZKbArticleVersion>;

// ── Search ──────────────────────────────────────────────────────────────────────────────────────────────

export const ZKbSearchQuery = z.object({
  q: z.string().trim().min(1).max(200).describe('Words to look for; stemmed in English and French, accents ignored, typos in titles forgiven'),
  language: ZKbLanguage.optional().describe('Only articles in this language'),
  includeInternal: z.enum(['true', 'false']).default('true').describe('false: only what the public help center shows (no internal articles)'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type TKbSearchQuery = z.infer<typeof ZKbSearchQuery>;

export const ZKbSearchResult = z.object({
  id: z.uuid(),
  title: z.string(),
  language: ZKbLanguage,
  slug: z.string(),
  sectionId: z.uuid(),
  visibility: z.enum(KB_ARTICLE_VISIBILITIES),
  snippet: z.string().describe('An excerpt of the body as HTML-escaped text, the words found wrapped in <mark></mark>'),
  score: z.number().describe('Relevance, higher first: full-text rank plus title similarity'),
});
export type TKbSearchResult = z.infer<typeof ZKbSearchResult>;

// ── Synonyms ────────────────────────────────────────────────────────────────────────────────────────────

export const ZKbSynonymGroup = z.object({
  language: ZKbLanguage,
  terms: z.array(z.string()).describe('Words or phrases a search treats as the same, e.g. refund, reimbursement, money back'),
});
export type TKbSynonymGroup = z.infer<typeof ZKbSynonymGroup>;

export const ZKbSynonyms = z.object({ groups: z.array(ZKbSynonymGroup) });
export type TKbSynonyms = z.infer<typeof ZKbSynonyms>;

const ZKbSynonymGroupInput = z.strictObject({
  language: ZKbLanguage,
  terms: z
    .array(z.string().trim().toLowerCase().min(1).max(60))
    .max(20)
    .transform((terms) => [...new Set(terms)])
    .refine((terms) => terms.length >= 2, 'a group needs at least two different terms')
    .describe(ZKbSynonymGroup.shape.terms.description!),
});

export const ZReplaceKbSynonymsRequest = z.strictObject({ groups: z.array(ZKbSynonymGroupInput).max(500) }).superRefine((value, context) => {
  // A term in two groups of one language would make the groups one: say so rather than guess.
  const seen = new Map<string, number>();
  value.groups.forEach((group, groupIndex) =>
    group.terms.forEach((term, termIndex) => {
      const key = `${group.language}:${term}`;
      const earlier = seen.get(key);
      if (earlier !== undefined && earlier !== groupIndex) context.addIssue({ code: 'custom', path: ['groups', groupIndex, 'terms', termIndex], message: `"${term}" is already in group ${earlier + 1}` });
      else seen.set(key, groupIndex);
    }),
  );
});
export type TReplaceKbSynonymsRequest = z.infer<typeof ZReplaceKbSynonymsRequest>;
