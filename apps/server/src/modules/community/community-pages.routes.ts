import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { AppError, CommonErrorCode, CommunityErrorCode, httpStatusFor } from '../../shared/errors.js';
import { FORM_BODY_LIMIT_BYTES, fieldsOf, isSameOrigin, parseOrNotFound, perAddress, sendErrorPage, sendPage } from '../help-center/help-center.routes.js';
import { helpCenterPath, type HelpCenter } from '../help-center/help-center.service.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';
import {
  renderCommunityCategoryPage,
  renderCommunityHomePage,
  renderCommunitySearchPage,
  renderNewTopicPage,
  renderTopicPage,
  type PostProblem,
  type ReplyFormState,
  type TopicFormState,
} from './community.page.js';
import {
  MAX_POST_BODY,
  ZCommunityAcceptForm,
  ZCommunityCategoryPageParams,
  ZCommunityCategoryPageQuery,
  ZCommunityNewTopicPageQuery,
  ZCommunityPageParams,
  ZCommunityReplyForm,
  ZCommunitySearchPageQuery,
  ZCommunityTopicForm,
  ZCommunityTopicPageParams,
  ZCommunityVoteForm,
  type CommunityLanguage,
  type TopicFormField,
} from './community.schema.js';
import { communityPath, type CommunityMember } from './community.service.js';

/** New topics and replies per address: a person's conversation, not a way to flood the forums. */
const POSTS_PER_ADDRESS = { max: 20, timeWindow: '10 minutes' };
/** Votes and accepted answers per address. */
const VOTES_PER_ADDRESS = { max: 60, timeWindow: '10 minutes' };
const SEARCHES_PER_MINUTE = 120;
const TOPIC_FIELDS: TopicFormField[] = ['category', 'title', 'body'];

/**
 * The public forums, pages of the help center built on the server: they read without JavaScript and without
 * signing in; posting, voting and accepting an answer take a customer signed in to the portal (its `sb_portal`
 * cookie), and a form posted from another site is refused.
 */
export function registerCommunityPages(app: AppInstance, services: Services): void {
  const { community, portal } = services;

  const memberOf = async (request: FastifyRequest, center: HelpCenter): Promise<CommunityMember | null> => {
    const viewer = await portal.viewerOf(request, center.workspaceId);
    return viewer ? { workspaceId: viewer.workspaceId, customerId: viewer.customerId, name: viewer.name } : null;
  };

  void app.register(
    async (pages) => {
      pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
      pages.setErrorHandler(async (error, request, reply) => sendErrorPage(services, request, reply, asPageError(error)));
      // Cross-site request forgery: the portal's cookie is SameSite=Lax, and every form must come from this site's own
      // pages (its Origin, or else its Referer). Checked before the body is read.
      pages.addHook('onRequest', async (request) => {
        if (request.method !== 'POST') return;
        if (!isSameOrigin(request, services.config.publicUrl)) throw new AppError(CommonErrorCode.ValidationFailed, 'This form was not sent from this site.');
      });

      for (const language of LANGUAGES) {
        const base = language === 'fr' ? '/:workspaceSlug/fr/community' : '/:workspaceSlug/community';

        pages.get(base, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZCommunityPageParams, request.params);
          const center = await community.open(workspaceSlug);
          const [categories, member] = await Promise.all([community.getHome(center, language), memberOf(request, center)]);
          return sendPage(reply, 200, renderCommunityHomePage(center, language, categories, { isSignedIn: member !== null }));
        });

        pages.get(`${base}/search`, { schema: { hide: true }, config: { rateLimit: perAddress('community-search', { max: SEARCHES_PER_MINUTE, timeWindow: '1 minute' }) } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZCommunityPageParams, request.params);
          const query = ZCommunitySearchPageQuery.safeParse(request.query);
          const center = await community.open(workspaceSlug);
          const [found, member] = await Promise.all([community.searchTopics(center, language, query.success ? (query.data.q ?? '') : ''), memberOf(request, center)]);
          return sendPage(reply, 200, renderCommunitySearchPage(center, language, found.query, found.results, { isSignedIn: member !== null }));
        });

        pages.get(`${base}/categories/:categorySlug`, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug, categorySlug } = parseOrNotFound(ZCommunityCategoryPageParams, request.params);
          const { sort, page } = ZCommunityCategoryPageQuery.parse(request.query ?? {});
          const center = await community.open(workspaceSlug);
          const [view, member] = await Promise.all([community.getCategoryPage(center, language, categorySlug, sort, page), memberOf(request, center)]);
          return sendPage(reply, 200, renderCommunityCategoryPage(center, language, { ...view, sort }, { isSignedIn: member !== null }));
        });

        pages.get(`${base}/new`, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZCommunityPageParams, request.params);
          const query = ZCommunityNewTopicPageQuery.safeParse(request.query);
          const center = await community.open(workspaceSlug);
          const [categories, member] = await Promise.all([community.listCategoryChoices(center, language), memberOf(request, center)]);
          const wanted = query.success ? query.data.category : undefined;
          const state: TopicFormState = { values: { category: categories.some((category) => category.slug === wanted) ? wanted : categories[0]?.slug }, problems: {} };
          return sendPage(reply, 200, renderNewTopicPage(center, language, categories, state, { isSignedIn: member !== null }));
        });

        pages.post(`${base}/topics`, { schema: { hide: true }, config: { rateLimit: perAddress('community-post', POSTS_PER_ADDRESS) } }, async (request, reply) => {
          const { workspaceSlug } = parseOrNotFound(ZCommunityPageParams, request.params);
          const center = await community.open(workspaceSlug);
          const member = await memberOf(request, center);
          if (!member) return redirectToSignIn(reply, center, language, communityPath(center.slug, language, 'new'));
          const fields = fieldsOf(request.body);
          const form = ZCommunityTopicForm.safeParse(fields);
          const showForm = async (state: TopicFormState) => sendPage(reply, 400, renderNewTopicPage(center, language, await community.listCategoryChoices(center, language), state, { isSignedIn: true }));
          if (!form.success) return showForm(topicFormStateOf(fields, form.error));
          try {
            return redirect(reply, await community.createTopic(center, language, member, form.data));
          } catch (error) {
            if (!isValidationError(error)) throw error;
            const path = (error as AppError).details[0]?.path;
            return showForm({ values: typedValuesOf(fields), problems: path === 'category' ? { category: 'required' } : {}, isWrongForm: path === 'workspace' });
          }
        });

        pages.get(`${base}/topics/:topicRef`, { schema: { hide: true } }, async (request, reply) => {
          const { workspaceSlug, topicRef } = parseOrNotFound(ZCommunityTopicPageParams, request.params);
          const center = await community.open(workspaceSlug);
          const member = await memberOf(request, center);
          const topic = await community.getTopicPage(center, language, topicRef, member);
          return sendPage(reply, 200, renderTopicPage(center, language, topic, { isSignedIn: member !== null }));
        });

        pages.post(`${base}/topics/:topicRef/replies`, { schema: { hide: true }, config: { rateLimit: perAddress('community-post', POSTS_PER_ADDRESS) } }, async (request, reply) => {
          const { workspaceSlug, topicRef } = parseOrNotFound(ZCommunityTopicPageParams, request.params);
          const center = await community.open(workspaceSlug);
          const member = await memberOf(request, center);
          const fields = fieldsOf(request.body);
          const typed = typeof fields.body === 'string' ? fields.body.slice(0, MAX_POST_BODY * 2) : '';
          const showTopic = async (status: number, form: ReplyFormState) =>
            sendPage(reply, status, renderTopicPage(center, language, await community.getTopicPage(center, language, topicRef, member), { isSignedIn: member !== null }, form));
          if (!member) return redirectToSignIn(reply, center, language, (await community.getTopicPage(center, language, topicRef, null)).path);
          const form = ZCommunityReplyForm.safeParse(fields);
          if (!form.success) {
            const issue = form.error.issues.find((candidate) => candidate.path[0] === 'body');
            if (!issue) return showTopic(400, { body: typed, notice: 'wrong_form' });
            return showTopic(400, { body: typed, problem: issue.code === 'too_big' ? 'too_long' : 'required' });
          }
          try {
            return redirect(reply, await community.replyAsMember(center, language, topicRef, member, form.data));
          } catch (error) {
            // Locked while the reply was being written: the page says so, and keeps the words.
            if (error instanceof AppError && error.code === CommunityErrorCode.TopicLocked) return showTopic(409, { body: typed, notice: 'locked' });
            if (isValidationError(error)) return showTopic(400, { body: typed, notice: 'wrong_form' });
            throw error;
          }
        });

        pages.post(`${base}/topics/:topicRef/vote`, { schema: { hide: true }, config: { rateLimit: perAddress('community-vote', VOTES_PER_ADDRESS) } }, async (request, reply) => {
          const { workspaceSlug, topicRef } = parseOrNotFound(ZCommunityTopicPageParams, request.params);
          const center = await community.open(workspaceSlug);
          const member = await memberOf(request, center);
          if (!member) return redirectToSignIn(reply, center, language, (await community.getTopicPage(center, language, topicRef, null)).path);
          const form = ZCommunityVoteForm.safeParse(fieldsOf(request.body));
          if (!form.success) throw new AppError(CommonErrorCode.ValidationFailed, 'Vote up, or take the vote back.');
          try {
            return redirect(reply, await community.vote(center, language, topicRef, member, form.data));
          } catch (error) {
            if (!isValidationError(error)) throw error;
            const notice = (error as AppError).details[0]?.path === 'workspace' ? 'wrong_form' : 'own_vote';
            return sendPage(reply, 400, renderTopicPage(center, language, await community.getTopicPage(center, language, topicRef, member), { isSignedIn: true }, { body: '', notice }));
          }
        });

        pages.post(`${base}/topics/:topicRef/accept`, { schema: { hide: true }, config: { rateLimit: perAddress('community-vote', VOTES_PER_ADDRESS) } }, async (request, reply) => {
          const { workspaceSlug, topicRef } = parseOrNotFound(ZCommunityTopicPageParams, request.params);
          const center = await community.open(workspaceSlug);
          const member = await memberOf(request, center);
          if (!member) return redirectToSignIn(reply, center, language, (await community.getTopicPage(center, language, topicRef, null)).path);
          const form = ZCommunityAcceptForm.safeParse(fieldsOf(request.body));
          if (!form.success) throw new AppError(CommonErrorCode.ValidationFailed, 'Choose the reply that answered the question.');
          try {
            return redirect(reply, await community.acceptAsAuthor(center, language, topicRef, member, form.data));
          } catch (error) {
            const isRefused = error instanceof AppError && error.code === CommunityErrorCode.NotTopicAuthor;
            if (!isRefused && !isValidationError(error)) throw error;
            const notice = isRefused ? 'not_author' : 'wrong_form';
            return sendPage(reply, isRefused ? 403 : 400, renderTopicPage(center, language, await community.getTopicPage(center, language, topicRef, member), { isSignedIn: true }, { body: '', notice }));
          }
        });
      }
    },
    { prefix: '/help' },
  );
}

/** Post/redirect/get: reloading the page that follows does not post again. */
function redirect(reply: FastifyReply, path: string): FastifyReply {
  return reply.status(303).header('cache-control', 'no-store').redirect(path);
}

/** To the portal's sign-in page, which brings the customer back to where they were. */
function redirectToSignIn(reply: FastifyReply, center: HelpCenter, language: CommunityLanguage, returnTo: string): FastifyReply {
  return redirect(reply, `${helpCenterPath(center.slug, language, 'sign-in')}?next=${encodeURIComponent(returnTo)}`);
}

/**
 * The forums' missing things are missing pages, and any other refusal a request that cannot be served as sent; rate
 * limits and faults are the help center's to show as they are.
 */
function asPageError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code === CommonErrorCode.RateLimited) return error;
  const status = httpStatusFor(error.code);
  if (status === 404) return new AppError(CommonErrorCode.NotFound, error.message);
  if (status >= 400 && status < 500) return new AppError(CommonErrorCode.ValidationFailed, error.message);
  return error;
}

function isValidationError(error: unknown): boolean {
  return error instanceof AppError && error.code === CommonErrorCode.ValidationFailed;
}

function typedValuesOf(fields: Record<string, unknown>): TopicFormState['values'] {
  const values: TopicFormState['values'] = {};
  for (const field of TOPIC_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') values[field] = value.slice(0, MAX_POST_BODY * 2);
  }
  return values;
}

function topicFormStateOf(fields: Record<string, unknown>, error: z.ZodError): TopicFormState {
  const values = typedValuesOf(fields);
  const problems: TopicFormState['problems'] = {};
  let isWrongForm = false;
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (field === 'workspace') isWrongForm = true;
    if (typeof field !== 'string' || !TOPIC_FIELDS.includes(field as TopicFormField) || problems[field as TopicFormField]) continue;
    const typed = (values[field as TopicFormField] ?? '').trim();
    const problem: PostProblem = issue.code === 'too_big' ? 'too_long' : issue.code === 'too_small' && typed !== '' ? 'too_short' : 'required';
    problems[field as TopicFormField] = problem;
  }
  return { values, problems, isWrongForm };
}
