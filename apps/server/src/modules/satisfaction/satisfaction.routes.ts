import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { AppError, SatisfactionErrorCode, httpStatusFor } from '../../shared/errors.js';
import { requireAccess } from '../auth/permissions.js';
import { ZTicketParams } from '../tickets/tickets.schema.js';
import { renderLinkProblemPage, renderSurveyPage, SURVEY_PAGE_HEADERS, type LinkProblem } from './satisfaction.page.js';
import { MAX_SATISFACTION_COMMENT, ZSatisfactionForm, ZSatisfactionPageQuery, ZSatisfactionToken, ZTicketSatisfaction } from './satisfaction.schema.js';

const FORM_BODY_LIMIT_BYTES = 16 * 1024;

const PROBLEM_OF_CODE: Record<string, LinkProblem> = {
  [SatisfactionErrorCode.LinkInvalid]: 'invalid',
  [SatisfactionErrorCode.LinkExpired]: 'expired',
  [SatisfactionErrorCode.SurveyNotFound]: 'missing',
};

export function registerSatisfactionRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/tickets/:ticketId/satisfaction',
    { schema: { tags: ['satisfaction'], summary: "The customer's satisfaction rating of a ticket (offered when it is resolved)", params: ZTicketParams, response: { 200: ZTicketSatisfaction } }, config: { permission: 'tickets.read' } },
    async (request) => services.satisfaction.getForTicket(requireAccess(request.actor, 'tickets.read'), request.params.ticketId),
  );

  // The customer's pages: server-rendered HTML that works without JavaScript, reached through the signed link of
  // the resolved notification. Not part of the API (no sign-in; the token is the credential).
  void app.register(async (pages) => {
    pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    pages.get('/satisfaction/:token', { schema: { hide: true } }, async (request, reply) => {
      const token = readToken(request.params);
      const query = ZSatisfactionPageQuery.safeParse(request.query);
      const requested = query.success ? query.data.lang : undefined;
      if (!token) return sendProblem(reply, SatisfactionErrorCode.LinkInvalid, requested);
      try {
        const view = await services.satisfaction.open(token);
        return sendPage(reply, 200, renderSurveyPage(view, { language: requested ?? view.language, isSaved: query.success && query.data.saved === '1' }));
      } catch (error) {
        return sendProblemOrThrow(reply, error, requested ?? services.satisfaction.languageOf(token));
      }
    });

    pages.post('/satisfaction/:token', { schema: { hide: true } }, async (request, reply) => {
      const token = readToken(request.params);
      const fields = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const requested = fields.lang === 'fr' || fields.lang === 'en' ? fields.lang : undefined;
      if (!token) return sendProblem(reply, SatisfactionErrorCode.LinkInvalid, requested);
      const form = ZSatisfactionForm.safeParse(fields);
      try {
        if (!form.success) {
          // The form again, with what was typed and the reason, rather than an error the customer cannot act on.
          const view = await services.satisfaction.open(token);
          const comment = typeof fields.comment === 'string' ? fields.comment.slice(0, MAX_SATISFACTION_COMMENT * 2) : null;
          const isCommentTooLong = form.error.issues.some((issue) => issue.path[0] === 'comment');
          const rating = Number(fields.rating);
          return sendPage(reply, 400, renderSurveyPage(view, {
            language: requested ?? view.language,
            isSaved: false,
            error: isCommentTooLong ? 'comment_too_long' : 'rating_required',
            draft: { rating: Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : null, comment },
          }));
        }
        const view = await services.satisfaction.rate(token, form.data);
        // Post/redirect/get: reloading the thank-you page does not send the form again.
        return reply.status(303).header('cache-control', 'no-store').redirect(`/satisfaction/${encodeURIComponent(token)}?lang=${requested ?? view.language}&saved=1`);
      } catch (error) {
        return sendProblemOrThrow(reply, error, requested ?? services.satisfaction.languageOf(token));
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
  return sendPage(reply, httpStatusFor(code as (typeof SatisfactionErrorCode)[keyof typeof SatisfactionErrorCode]), renderLinkProblemPage(PROBLEM_OF_CODE[code]!, language));
}

function sendProblemOrThrow(reply: FastifyReply, error: unknown, language: 'en' | 'fr' | undefined): FastifyReply {
  if (error instanceof AppError && PROBLEM_OF_CODE[error.code]) return sendProblem(reply, error.code, language);
  throw error;
}
