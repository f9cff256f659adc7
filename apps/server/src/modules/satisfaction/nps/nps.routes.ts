import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { AppError, SatisfactionErrorCode, httpStatusFor } from '../../../shared/errors.js';
import { requireAccess } from '../../auth/permissions.js';
import { SURVEY_PAGE_HEADERS } from '../satisfaction.page.js';
import { ZSatisfactionPageQuery, ZSatisfactionToken } from '../satisfaction.schema.js';
import { renderNpsLinkProblemPage, renderNpsPage, type NpsLinkProblem } from './nps.page.js';
import { MAX_NPS_COMMENT, ZNpsForm, ZNpsResults, ZNpsResultsQuery, ZNpsSettings, ZUpdateNpsSettingsRequest } from './nps.schema.js';

const tags = ['satisfaction'];
const FORM_BODY_LIMIT_BYTES = 16 * 1024;

const PROBLEM_OF_CODE: Record<string, NpsLinkProblem> = {
  [SatisfactionErrorCode.LinkInvalid]: 'invalid',
  [SatisfactionErrorCode.LinkExpired]: 'expired',
  [SatisfactionErrorCode.SurveyNotFound]: 'missing',
};

export function registerNpsRoutes(app: AppInstance, services: Services): void {
  const { nps } = services;

  app.get(
    '/api/v1/satisfaction/nps/settings',
    { schema: { tags, summary: 'The NPS survey schedule: on or off (off by default), how often a customer is asked, which customers, and when', response: { 200: ZNpsSettings } }, config: { permission: 'settings.read' } },
    async (request) => nps.getSettings(requireAccess(request.actor, 'settings.read')),
  );

  app.patch(
    '/api/v1/satisfaction/nps/settings',
    {
      schema: {
        tags,
        summary: 'Change the NPS survey schedule',
        description:
          'When enabled, a sweep (every `NPS_SWEEP_INTERVAL_MS`, default one hour) emails each customer with an address and a ticket resolved within `recentResolutionDays`, ' +
          'not surveyed within `intervalDays`, the `nps_survey` template (Administration → Email) with a signed link valid 30 days.',
        body: ZUpdateNpsSettingsRequest,
        response: { 200: ZNpsSettings },
      },
      config: { permission: 'settings.manage' },
    },
    async (request) => nps.updateSettings(requireAccess(request.actor, 'settings.manage'), request.body),
  );

  app.get(
    '/api/v1/satisfaction/nps',
    {
      schema: {
        tags,
        summary: 'NPS results of the surveys sent in a period: promoters (9–10), passives (7–8), detractors (0–6), score, response rate, and the answers with their comments',
        description: 'The score is % promoters − % detractors among the answers (−100 to 100). The answers are paged (`cursor`, `limit`), latest first.',
        querystring: ZNpsResultsQuery,
        response: { 200: ZNpsResults },
      },
      config: { permission: 'satisfaction.read' },
    },
    async (request) => nps.getResults(requireAccess(request.actor, 'satisfaction.read'), request.query),
  );

  // The customer's pages: server-rendered HTML that works without JavaScript, reached through the signed link of the
  // survey email. Not part of the API (no sign-in; the token is the credential).
  void app.register(async (pages) => {
    pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    pages.get('/nps/:token', { schema: { hide: true } }, async (request, reply) => {
      const token = readToken(request.params);
      const query = ZSatisfactionPageQuery.safeParse(request.query);
      const requested = query.success ? query.data.lang : undefined;
      if (!token) return sendProblem(reply, SatisfactionErrorCode.LinkInvalid, requested);
      try {
        const view = await nps.open(token);
        return sendPage(reply, 200, renderNpsPage(view, { language: requested ?? view.language, isSaved: query.success && query.data.saved === '1' }));
      } catch (error) {
        return sendProblemOrThrow(reply, error, requested ?? nps.languageOf(token));
      }
    });

    pages.post('/nps/:token', { schema: { hide: true } }, async (request, reply) => {
      const token = readToken(request.params);
      const fields = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const requested = fields.lang === 'fr' || fields.lang === 'en' ? fields.lang : undefined;
      if (!token) return sendProblem(reply, SatisfactionErrorCode.LinkInvalid, requested);
      const form = ZNpsForm.safeParse(fields);
      try {
        if (!form.success) {
          // The form again, with what was typed and the reason, rather than an error the customer cannot act on.
          const view = await nps.open(token);
          const comment = typeof fields.comment === 'string' ? fields.comment.slice(0, MAX_NPS_COMMENT * 2) : null;
          const isCommentTooLong = form.error.issues.some((issue) => issue.path[0] === 'comment');
          const score = fields.score === '' || fields.score === undefined ? Number.NaN : Number(fields.score);
          return sendPage(reply, 400, renderNpsPage(view, {
            language: requested ?? view.language,
            isSaved: false,
            error: isCommentTooLong ? 'comment_too_long' : 'score_required',
            draft: { score: Number.isInteger(score) && score >= 0 && score <= 10 ? score : null, comment },
          }));
        }
        const view = await nps.answer(token, form.data);
        // Post/redirect/get: reloading the thank-you page does not send the form again.
        return reply.status(303).header('cache-control', 'no-store').redirect(`/nps/${encodeURIComponent(token)}?lang=${requested ?? view.language}&saved=1`);
      } catch (error) {
        return sendProblemOrThrow(reply, error, requested ?? nps.languageOf(token));
      }
    });
  });
}

function readToken(params: unknown): string | undefined {
  const parsed = z.object({ token: ZSatisfactionToken }).safeParse(params);
  return parsed.success ? parsed.data.token : undefined;
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).headers(SURVEY_PAGE_HEADERS).send(html);
}

function sendProblem(reply: FastifyReply, code: keyof typeof PROBLEM_OF_CODE, language: 'en' | 'fr' | undefined): FastifyReply {
  return sendPage(reply, httpStatusFor(code as (typeof SatisfactionErrorCode)[keyof typeof SatisfactionErrorCode]), renderNpsLinkProblemPage(PROBLEM_OF_CODE[code]!, language));
}

function sendProblemOrThrow(reply: FastifyReply, error: unknown, language: 'en' | 'fr' | undefined): FastifyReply {
  if (error instanceof AppError && PROBLEM_OF_CODE[error.code]) return sendProblem(reply, error.code, language);
  throw error;
}
