import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import {
  ZCreateKbArticleRequest,
  ZCreateKbCategoryRequest,
  ZCreateKbSectionRequest,
  ZKbArticle,
  ZKbArticleParams,
  ZKbArticleSummary,
  ZKbArticleVersion,
  ZKbArticleVersionSummary,
  ZKbCategory,
  ZKbSearchQuery,
  ZKbSearchResult,
  ZKbSection,
  ZKbSynonyms,
  ZKbVersionParams,
  ZListKbArticlesQuery,
  ZListKbSectionsQuery,
  ZReplaceKbSynonymsRequest,
  ZUpdateKbArticleRequest,
  ZUpdateKbCategoryRequest,
  ZUpdateKbSectionRequest,
} from './knowledge-base.schema.js';

const tags = ['knowledge-base'];
const ZCategoryParams = z.object({ categoryId: z.uuid() });
const ZSectionParams = z.object({ sectionId: z.uuid() });
const read = { permission: 'kb.read' } as const;
const manage = { permission: 'kb.manage' } as const;

export function registerKnowledgeBaseRoutes(app: AppInstance, { knowledgeBase }: Services): void {
  // ── Categories ────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/kb/categories',
    { schema: { tags, summary: 'Knowledge base categories, by position', response: { 200: z.object({ data: z.array(ZKbCategory) }) } }, config: read },
    async (request) => ({ data: await knowledgeBase.listCategories(requireAccess(request.actor, 'kb.read')) }),
  );

  app.post(
    '/api/v1/kb/categories',
    { schema: { tags, summary: 'Create a category (English and/or French name; the slug is made from the name when not given)', body: ZCreateKbCategoryRequest, response: { 201: ZKbCategory } }, config: manage },
    async (request, reply) => reply.status(201).send(await knowledgeBase.createCategory(requireAccess(request.actor, 'kb.manage'), request.body)),
  );

  app.patch(
    '/api/v1/kb/categories/:categoryId',
    { schema: { tags, summary: 'Change a category', params: ZCategoryParams, body: ZUpdateKbCategoryRequest, response: { 200: ZKbCategory } }, config: manage },
    async (request) => knowledgeBase.updateCategory(requireAccess(request.actor, 'kb.manage'), request.params.categoryId, request.body),
  );

  app.delete(
    '/api/v1/kb/categories/:categoryId',
    { schema: { tags, summary: 'Delete an empty category (409 kb_category_not_empty while it has sections)', params: ZCategoryParams, response: { 204: z.null() } }, config: manage },
    async (request, reply) => {
      await knowledgeBase.deleteCategory(requireAccess(request.actor, 'kb.manage'), request.params.categoryId);
      return reply.status(204).send(null);
    },
  );

  // ── Sections ──────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/kb/sections',
    { schema: { tags, summary: 'Sections, by category then position', querystring: ZListKbSectionsQuery, response: { 200: z.object({ data: z.array(ZKbSection) }) } }, config: read },
    async (request) => ({ data: await knowledgeBase.listSections(requireAccess(request.actor, 'kb.read'), request.query) }),
  );

  app.post(
    '/api/v1/kb/sections',
    { schema: { tags, summary: 'Create a section in a category', body: ZCreateKbSectionRequest, response: { 201: ZKbSection } }, config: manage },
    async (request, reply) => reply.status(201).send(await knowledgeBase.createSection(requireAccess(request.actor, 'kb.manage'), request.body)),
  );

  app.patch(
    '/api/v1/kb/sections/:sectionId',
    { schema: { tags, summary: 'Change a section, or move it to another category', params: ZSectionParams, body: ZUpdateKbSectionRequest, response: { 200: ZKbSection } }, config: manage },
    async (request) => knowledgeBase.updateSection(requireAccess(request.actor, 'kb.manage'), request.params.sectionId, request.body),
  );

  app.delete(
    '/api/v1/kb/sections/:sectionId',
    { schema: { tags, summary: 'Delete an empty section (409 kb_section_not_empty while it has articles)', params: ZSectionParams, response: { 204: z.null() } }, config: manage },
    async (request, reply) => {
      await knowledgeBase.deleteSection(requireAccess(request.actor, 'kb.manage'), request.params.sectionId);
      return reply.status(204).send(null);
    },
  );

  // ── Articles ──────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/kb/articles',
    {
      schema: {
        tags,
        summary: 'Articles, drafts and internal ones included, the most recently changed first (without their bodies)',
        querystring: ZListKbArticlesQuery,
        response: { 200: z.object({ data: z.array(ZKbArticleSummary), nextCursor: z.string().nullable() }) },
      },
      config: read,
    },
    async (request) => knowledgeBase.listArticles(requireAccess(request.actor, 'kb.read'), request.query),
  );

  app.post(
    '/api/v1/kb/articles',
    {
      schema: {
        tags,
        summary: 'Create an article (version 1). With `translationOf`, it is linked to that article as its translation: one article per language.',
        body: ZCreateKbArticleRequest,
        response: { 201: ZKbArticle },
      },
      config: manage,
    },
    async (request, reply) => reply.status(201).send(await knowledgeBase.createArticle(requireAccess(request.actor, 'kb.manage'), request.body)),
  );

  app.get(
    '/api/v1/kb/articles/:articleId',
    { schema: { tags, summary: 'One article with its Markdown body', params: ZKbArticleParams, response: { 200: ZKbArticle } }, config: read },
    async (request) => knowledgeBase.getArticle(requireAccess(request.actor, 'kb.read'), request.params.articleId),
  );

  app.patch(
    '/api/v1/kb/articles/:articleId',
    {
      schema: { tags, summary: 'Change an article; a change of title, body, tags or status adds a version', params: ZKbArticleParams, body: ZUpdateKbArticleRequest, response: { 200: ZKbArticle } },
      config: manage,
    },
    async (request) => knowledgeBase.updateArticle(requireAccess(request.actor, 'kb.manage'), request.params.articleId, request.body),
  );

  app.delete(
    '/api/v1/kb/articles/:articleId',
    { schema: { tags, summary: 'Delete an article and its versions (its translations stay)', params: ZKbArticleParams, response: { 204: z.null() } }, config: manage },
    async (request, reply) => {
      await knowledgeBase.deleteArticle(requireAccess(request.actor, 'kb.manage'), request.params.articleId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/kb/articles/:articleId/translations',
    { schema: { tags, summary: 'The article’s translations (the other languages of its group)', params: ZKbArticleParams, response: { 200: z.object({ data: z.array(ZKbArticleSummary) }) } }, config: read },
    async (request) => ({ data: await knowledgeBase.listTranslations(requireAccess(request.actor, 'kb.read'), request.params.articleId) }),
  );

  // ── Versions ──────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/kb/articles/:articleId/versions',
    { schema: { tags, summary: 'The article’s versions, newest first', params: ZKbArticleParams, response: { 200: z.object({ data: z.array(ZKbArticleVersionSummary) }) } }, config: read },
    async (request) => ({ data: await knowledgeBase.listVersions(requireAccess(request.actor, 'kb.read'), request.params.articleId) }),
  );

  app.get(
    '/api/v1/kb/articles/:articleId/versions/:number',
    { schema: { tags, summary: 'One version, with what changed since the one before (title, status, tags, body line by line)', params: ZKbVersionParams, response: { 200: ZKbArticleVersion } }, config: read },
    async (request) => knowledgeBase.getVersion(requireAccess(request.actor, 'kb.read'), request.params.articleId, request.params.number),
  );

  app.post(
    '/api/v1/kb/articles/:articleId/versions/:number/restore',
    { schema: { tags, summary: 'Bring back a version’s title, body and tags, as a new version (the status is kept)', params: ZKbVersionParams, response: { 200: ZKbArticle } }, config: manage },
    async (request) => knowledgeBase.restoreVersion(requireAccess(request.actor, 'kb.manage'), request.params.articleId, request.params.number),
  );

  // ── Search and synonyms ───────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/kb/search',
    {
      schema: {
        tags,
        summary:
          'Published articles for a query, best first: English and French stemming, accents and case ignored, the workspace’s synonyms expanded, and titles close to the words found despite typos. Internal articles are included unless `includeInternal=false`.',
        querystring: ZKbSearchQuery,
        response: { 200: z.object({ data: z.array(ZKbSearchResult) }) },
      },
      config: read,
    },
    async (request) => {
      const actor = requireAccess(request.actor, 'kb.read');
      const { q, language, includeInternal, limit } = request.query;
      return { data: await knowledgeBase.search(actor.workspaceId, { q, language, includeInternal: includeInternal === 'true', limit }) };
    },
  );

  app.get(
    '/api/v1/kb/synonyms',
    { schema: { tags, summary: 'The workspace’s synonym groups, per language', response: { 200: ZKbSynonyms } }, config: read },
    async (request) => knowledgeBase.getSynonyms(requireAccess(request.actor, 'kb.read')),
  );

  app.put(
    '/api/v1/kb/synonyms',
    {
      schema: { tags, summary: 'Replace the synonym groups: a search for any term of a group also finds the others (in that group’s language)', body: ZReplaceKbSynonymsRequest, response: { 200: ZKbSynonyms } },
      config: manage,
    },
    async (request) => knowledgeBase.replaceSynonyms(requireAccess(request.actor, 'kb.manage'), request.body),
  );
}
