import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { AppError, CommonErrorCode, KnowledgeBaseErrorCode, WorkspaceErrorCode } from '../../shared/errors.js';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';
import {
  renderArticlePage,
  renderContactPage,
  renderContactSentPage,
  renderErrorPage,
  renderHomePage,
  renderNotFoundPage,
  renderSearchPage,
  renderSectionPage,
  renderTooManyRequestsPage,
  type ContactFormState,
  type HelpCenterPage,
} from './help-center.page.js';
import {
  MAX_CONTACT_MESSAGE,
  ZHelpCenterArticleParams,
  ZHelpCenterArticleQuery,
  ZHelpCenterContactForm,
  ZHelpCenterFeedbackForm,
  ZHelpCenterParams,
  ZHelpCenterSearchQuery,
  ZHelpCenterSectionParams,
  ZHelpCenterSuggestQuery,
  ZHelpCenterSuggestions,
  type ContactField,
  type ContactProblem,
} from './help-center.schema.js';

export const FORM_BODY_LIMIT_BYTES = 64 * 1024;
/** Contact messages per address: a person's few messages, not a way to flood the inbox. */
const CONTACT_MESSAGES = { max: 5, timeWindow: '10 minutes' };
/** "Was this helpful?" answers per address. */
const FEEDBACK_VOTES = { max: 30, timeWindow: '10 minutes' };
/** Searches (pages and suggestions while typing) per address and minute. */
const SEARCHES_PER_MINUTE = 120;

const NOT_FOUND_CODES = new Set<string>([WorkspaceErrorCode.WorkspaceNotFound, KnowledgeBaseErrorCode.ArticleNotFound, KnowledgeBaseErrorCode.SectionNotFound]);
const CONTACT_FIELDS: ContactField[] = ['name', 'email', 'subject', 'message'];

/** Counted per address for every caller, like sign-in: the global allow list (which lets pages through) must not lift it. */
export function perAddress(name: string, limit: { max: number; timeWindow: string }) {
  return { ...limit, keyGenerator: (request: FastifyRequest) => `help-center-${name}:${request.ip}`, allowList: () => false };
}

export function registerHelpCenterRoutes(app: AppInstance, services: Services): void {
  const { helpCenter } = services;

  app.get(
    '/help/:workspaceSlug/suggest',
    {
      schema: {
        tags: ['help-center'],
        summary: 'Articles for what a visitor is typing in the help center’s search box (public): the best five titles and their pages',
        security: [],
        params: ZHelpCenterParams,
        querystring: ZHelpCenterSuggestQuery,
        response: { 200: ZHelpCenterSuggestions },
      },
      config: { rateLimit: perAddress('suggest', { max: SEARCHES_PER_MINUTE, timeWindow: '1 minute' }) },
    },
    async (request) => ({ data: await helpCenter.suggest(request.params.workspaceSlug, request.query.lang, request.query.q) }),
  );

  // The public help center: server-rendered pages that work without JavaScript and that search engines can read.
  // English at /help/<workspace>/…, French at /help/<workspace>/fr/…. Not part of the API (no sign-in).
  void app.register(
    async (pages) => {
      pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
      pages.setErrorHandler(async (error, request, reply) => sendErrorPage(services, request, reply, error));
      pages.setNotFoundHandler(async (request, reply) => sendNotFound(services, reply, workspaceSlugOf(request.url), languageOf(request.url)));

      for (const language of LANGUAGES) {
        const base = language === 'fr' ? '/:workspaceSlug/fr' : '/:workspaceSlug';

        pages.get(base, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZHelpCenterParams, request.params);
          const { center, categories } = await helpCenter.getHome(workspaceSlug, language);
          return sendPage(reply, 200, renderHomePage(center, language, categories));
        });

        pages.get(`${base}/search`, { schema: { hide: true }, config: { rateLimit: perAddress('search', { max: SEARCHES_PER_MINUTE, timeWindow: '1 minute' }) } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZHelpCenterParams, request.params);
          const query = ZHelpCenterSearchQuery.safeParse(request.query);
          const { center, query: searched, results } = await helpCenter.search(workspaceSlug, language, query.success ? (query.data.q ?? '') : '');
          return sendPage(reply, 200, renderSearchPage(center, language, searched, results));
        });

        pages.get(`${base}/sections/:sectionSlug`, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug, sectionSlug } = parseOrNotFound(ZHelpCenterSectionParams, request.params);
          const { center, ...view } = await helpCenter.getSection(workspaceSlug, language, sectionSlug);
          return sendPage(reply, 200, renderSectionPage(center, language, view));
        });

        pages.get(`${base}/articles/:articleSlug`, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug, articleSlug } = parseOrNotFound(ZHelpCenterArticleParams, request.params);
          const query = ZHelpCenterArticleQuery.safeParse(request.query);
          const hasVoted = query.success && query.data.voted === '1';
          // The thank-you page after a vote is the same reading; a HEAD request reads nothing.
          const isViewCounted = request.method === 'GET' && !hasVoted;
          const { center, article } = await helpCenter.readArticle(workspaceSlug, language, articleSlug, { isViewCounted });
          return sendPage(reply, 200, renderArticlePage(center, language, article, { hasVoted }));
        });

        pages.post(`${base}/articles/:articleSlug/feedback`, { schema: { hide: true }, config: { rateLimit: perAddress('feedback', FEEDBACK_VOTES) } }, async (request, reply) => {
          const { workspaceSlug, articleSlug } = parseOrNotFound(ZHelpCenterArticleParams, request.params);
          const form = ZHelpCenterFeedbackForm.safeParse(fieldsOf(request.body));
          if (!form.success) throw new AppError(CommonErrorCode.ValidationFailed, 'Answer yes or no.');
          const path = await helpCenter.recordFeedback(workspaceSlug, language, articleSlug, form.data);
          // Post/redirect/get: reloading the thank-you notice does not vote again.
          return reply.status(303).header('cache-control', 'no-store').redirect(`${path}?voted=1#feedback`);
        });

        pages.get(`${base}/contact`, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZHelpCenterParams, request.params);
          const center = await helpCenter.open(workspaceSlug);
          return sendPage(reply, 200, renderContactPage(center, language, { values: {}, problems: {} }));
        });

        pages.post(`${base}/contact`, { schema: { hide: true }, config: { rateLimit: perAddress('contact', CONTACT_MESSAGES) } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZHelpCenterParams, request.params);
          const fields = fieldsOf(request.body);
          const form = ZHelpCenterContactForm.safeParse(fields);
          if (!form.success) {
            // The form again, with what was typed and each field's problem, rather than an error nobody can act on.
            const center = await helpCenter.open(workspaceSlug);
            return sendPage(reply, 400, renderContactPage(center, language, contactStateOf(fields, form.error)));
          }
          try {
            const { center, ticketNumber } = await helpCenter.submitContactForm(workspaceSlug, language, form.data);
            return sendPage(reply, 200, renderContactSentPage(center, language, ticketNumber));
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== CommonErrorCode.ValidationFailed) throw error;
            const center = await helpCenter.open(workspaceSlug);
            return sendPage(reply, 400, renderContactPage(center, language, { values: typedValuesOf(fields), problems: {}, isWrongForm: true }));
          }
        });
      }
    },
    { prefix: '/help' },
  );
}

export function sendPage(reply: FastifyReply, status: number, page: HelpCenterPage): FastifyReply {
  return reply.status(status).headers(page.headers).send(page.html);
}

/** A path that cannot name a page (too long, say) names no page. */
export function parseOrNotFound<T extends z.ZodType>(schema: T, params: unknown): z.infer<T> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError(CommonErrorCode.NotFound, 'No such page.');
  return parsed.data;
}

export function fieldsOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** What the visitor typed (strings only, bounded), to fill the form again. */
function typedValuesOf(fields: Record<string, unknown>): ContactFormState['values'] {
  const values: ContactFormState['values'] = {};
  for (const field of CONTACT_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') values[field] = value.slice(0, MAX_CONTACT_MESSAGE * 2);
  }
  return values;
}

function contactStateOf(fields: Record<string, unknown>, error: z.ZodError): ContactFormState {
  const values = typedValuesOf(fields);
  const problems: ContactFormState['problems'] = {};
  let isWrongForm = false;
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (field === 'workspace') isWrongForm = true;
    if (typeof field !== 'string' || !CONTACT_FIELDS.includes(field as ContactField) || problems[field as ContactField]) continue;
    const typed = (values[field as ContactField] ?? '').trim();
    const problem: ContactProblem = issue.code === 'too_big' ? 'too_long' : field === 'email' && typed !== '' ? 'invalid_email' : 'required';
    problems[field as ContactField] = problem;
  }
  return { values, problems, isWrongForm };
}

async function sendNotFound(services: Services, reply: FastifyReply, workspaceSlug: string | undefined, language: KbLanguage): Promise<FastifyReply> {
  const center = workspaceSlug ? await services.helpCenter.open(workspaceSlug).catch(() => undefined) : undefined;
  return sendPage(reply, 404, renderNotFoundPage(center, language));
}

/** Every failure of a page as a page in its language: missing (404), refused for its rate (429), unreadable (4xx), or ours (500). */
export async function sendErrorPage(services: Services, request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<FastifyReply> {
  const language = languageOf(request.url);
  if (error instanceof AppError && (NOT_FOUND_CODES.has(error.code) || error.code === CommonErrorCode.NotFound)) {
    return sendNotFound(services, reply, workspaceSlugOf(request.url), language);
  }
  if (error instanceof AppError && error.code === CommonErrorCode.RateLimited) {
    const retryAfter = Number(reply.getHeader('retry-after') ?? error.details[0]?.retryAfterSeconds ?? 60);
    return sendPage(reply, 429, renderTooManyRequestsPage(language, Number.isFinite(retryAfter) ? retryAfter : 60));
  }
  const status = error instanceof AppError ? (error.code === CommonErrorCode.ValidationFailed ? 400 : 500) : Number((error as { statusCode?: unknown }).statusCode);
  if (status >= 400 && status < 500) return sendPage(reply, status, renderErrorPage(language, 'unreadable'));
  request.log.error({ err: error }, 'help center page failed');
  return sendPage(reply, 500, renderErrorPage(language, 'failed'));
}

/** The page's language from its address: `/help/<workspace>/fr/…` is French (the help center's, the portal's, the forums'). */
export function languageOf(url: string): KbLanguage {
  return url.split('?')[0]!.split('/')[3] === 'fr' ? 'fr' : 'en';
}

/** The workspace a help center page's address names (`/help/<workspace>/…`), if it can be one. */
export function workspaceSlugOf(url: string): string | undefined {
  const segment = url.split('?')[0]!.split('/')[2];
  if (!segment) return undefined;
  try {
    const slug = decodeURIComponent(segment).toLowerCase();
    return slug.length <= 60 ? slug : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A form was posted from one of this server's own pages: its Origin header (or, without one, its Referer) is this
 * server's address or the configured public one. The portal's and the forums' forms check it (with SameSite cookies).
 */
export function isSameOrigin(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const claimed = request.headers.origin ?? originOfUrl(request.headers.referer);
  if (!claimed || claimed === 'null') return false;
  return claimed === `${request.protocol}://${request.host}` || claimed === originOfUrl(publicUrl);
}

function originOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
