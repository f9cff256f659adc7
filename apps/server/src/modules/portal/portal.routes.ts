import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { AppError, AttachmentErrorCode, CommonErrorCode, KnowledgeBaseErrorCode, PortalErrorCode, TicketErrorCode, WorkspaceErrorCode, httpStatusFor, type ErrorCode } from '../../shared/errors.js';
import { attachmentContentDisposition } from '../attachments/filenames.js';
import { requireAccess } from '../auth/permissions.js';
import { renderErrorPage, renderNotFoundPage, renderTooManyRequestsPage, type HelpCenterPage } from '../help-center/help-center.page.js';
import type { HelpCenter } from '../help-center/help-center.service.js';
import { fieldsOf, isSameOrigin, languageOf, parseOrNotFound, sendPage, workspaceSlugOf } from '../help-center/help-center.routes.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';
import {
  portalPath,
  renderCheckYourEmailPage,
  renderForbiddenFormPage,
  renderLinkProblemPage,
  renderPrivacyPage,
  renderProfilePage,
  renderSignInPage,
  renderSignUpPage,
  renderTicketPage,
  renderTicketsPage,
  wordsOf,
  type FieldProblem,
  type FormState,
  type PortalNoticeKey,
  type ReplyProblem,
} from './portal.page.js';
import {
  MAX_REPLY_FILES,
  PORTAL_COOKIE_PATH,
  PORTAL_SESSION_COOKIE,
  ZDeletionRequest,
  ZDeletionRequestParams,
  ZListDeletionRequestsQuery,
  ZPortalAttachmentParams,
  ZPortalMagicLinkQuery,
  ZPortalMagicLinkRequestForm,
  ZPortalPasswordForm,
  ZPortalProfileForm,
  ZPortalSignInForm,
  ZPortalSignUpForm,
  ZPortalTicketParams,
  ZRejectDeletionRequest,
  type PortalLanguage,
} from './portal.schema.js';
import type { IssuedSession, PortalViewer } from './portal.service.js';

const FORM_BODY_LIMIT_BYTES = 64 * 1024;

/** Per address: a person's few attempts, not a way to guess passwords or flood inboxes. */
const SIGN_IN_ATTEMPTS = { max: 10, timeWindow: '1 minute' };
/** Per email address, whoever asks: guessing one account's password from many addresses is limited too. */
const SIGN_IN_ATTEMPTS_PER_EMAIL = { max: 5, timeWindow: '15 minutes' };
const LINK_REQUESTS = { max: 5, timeWindow: '10 minutes' };
const LINK_REQUESTS_PER_EMAIL = { max: 3, timeWindow: '15 minutes' };
const LINK_USES = { max: 30, timeWindow: '10 minutes' };
const ACCOUNT_WRITES = { max: 30, timeWindow: '10 minutes' };
const REPLIES = { max: 20, timeWindow: '10 minutes' };

const NOT_FOUND_CODES = new Set<ErrorCode>([
  CommonErrorCode.NotFound,
  WorkspaceErrorCode.WorkspaceNotFound,
  KnowledgeBaseErrorCode.ArticleNotFound,
  TicketErrorCode.TicketNotFound,
  AttachmentErrorCode.AttachmentNotFound,
]);

const ZDeletionRequestPage = z.object({ data: z.array(ZDeletionRequest), nextCursor: z.string().nullable() });
const ZWorkspaceParams = z.object({ workspaceSlug: z.string().trim().toLowerCase().min(1).max(60) });
const ZCursorQuery = z.object({ cursor: z.string().max(512).optional() });
const ZNoticeQuery = z.object({ saved: z.enum(['profile', 'password', 'reply', 'deletion']).optional() });
const ZNextQuery = z.object({ next: z.string().max(2000).optional() });

function perAddress(name: string, limit: { max: number; timeWindow: string }) {
  return { ...limit, keyGenerator: (request: FastifyRequest) => `portal-${name}:${request.ip}`, allowList: () => false };
}

export function registerPortalRoutes(app: AppInstance, services: Services): void {
  const { portal, helpCenter } = services;

  // ── Staff: privacy requests (JSON API) ──────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/privacy/deletion-requests',
    {
      schema: { tags: ['privacy'], summary: 'Customers’ requests to erase their data (newest first)', querystring: ZListDeletionRequestsQuery, response: { 200: ZDeletionRequestPage } },
      config: { permission: 'privacy.manage' },
    },
    async (request) => portal.listDeletionRequests(requireAccess(request.actor, 'privacy.manage'), request.query),
  );

  app.get(
    '/api/v1/privacy/deletion-requests/:requestId',
    { schema: { tags: ['privacy'], summary: 'One erasure request', params: ZDeletionRequestParams, response: { 200: ZDeletionRequest } }, config: { permission: 'privacy.manage' } },
    async (request) => portal.getDeletionRequest(requireAccess(request.actor, 'privacy.manage'), request.params.requestId),
  );

  app.post(
    '/api/v1/privacy/deletion-requests/:requestId/confirm',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Confirm an erasure: the customer’s personal data is anonymised, their portal account closed and signed out (one transaction, audited)',
        params: ZDeletionRequestParams,
        response: { 200: ZDeletionRequest },
      },
      config: { permission: 'privacy.manage' },
    },
    async (request) => portal.confirmDeletion(requireAccess(request.actor, 'privacy.manage'), request.params.requestId),
  );

  app.post(
    '/api/v1/privacy/deletion-requests/:requestId/reject',
    {
      schema: { tags: ['privacy'], summary: 'Reject an erasure request, with the reason the customer will read', params: ZDeletionRequestParams, body: ZRejectDeletionRequest, response: { 200: ZDeletionRequest } },
      config: { permission: 'privacy.manage' },
    },
    async (request) => portal.rejectDeletion(requireAccess(request.actor, 'privacy.manage'), request.params.requestId, request.body.reason),
  );

  // ── The portal's pages: server-rendered, without JavaScript, in the help center's look ──────────────────

  void app.register(
    async (pages) => {
      pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
      // Multipart only for the reply form (files); parts are read by the route, under the attachments' limits.
      await pages.register(multipart, { throwFileSizeLimit: false });
      pages.setErrorHandler(async (error, request, reply) => sendErrorPage(services, request, reply, error));

      // Cross-site request forgery: the cookie is SameSite=Lax, and every form post must come from this site's
      // own pages (its Origin, or else its Referer). Checked before the body is read.
      pages.addHook('onRequest', async (request) => {
        if (request.method !== 'POST') return;
        if (!isSameOrigin(request, services.config.publicUrl)) throw new AppError(PortalErrorCode.CrossOriginForm, 'This form was not sent from this site.');
      });

      const perEmail = (name: string, limit: { max: number; timeWindow: string }) => {
        const check = pages.createRateLimit({ ...limit, keyGenerator: (request) => `portal-${name}:${emailOf(request.body)}`, allowList: () => false });
        return async (request: FastifyRequest) => {
          if (!emailOf(request.body)) return;
          const outcome = await check(request);
          if (!outcome.isAllowed && outcome.isExceeded) {
            throw new AppError(CommonErrorCode.RateLimited, 'Too many attempts for this email address.', [{ message: 'retry after', retryAfterSeconds: outcome.ttlInSeconds }]);
          }
        };
      };
      const signInPerEmail = perEmail('sign-in-email', SIGN_IN_ATTEMPTS_PER_EMAIL);
      const linkPerEmail = perEmail('link-email', LINK_REQUESTS_PER_EMAIL);

      for (const language of LANGUAGES) {
        const base = language === 'fr' ? '/:workspaceSlug/fr' : '/:workspaceSlug';
        const openCenter = async (request: FastifyRequest) => helpCenter.open(parseOrNotFound(ZWorkspaceParams, request.params).workspaceSlug);

        // Sign-up, sign-in, magic links, sign-out.

        pages.get(`${base}/sign-up`, { schema: { hide: true } }, async (request, reply) => {
          const center = await openCenter(request);
          if (await portal.viewerOf(request, center.workspaceId)) return redirect(reply, portalPath(center, language, 'tickets'));
          return sendPage(reply, 200, renderSignUpPage(center, language));
        });

        pages.post(`${base}/sign-up`, { schema: { hide: true }, config: { rateLimit: perAddress('sign-up', LINK_REQUESTS) }, preHandler: linkPerEmail }, async (request, reply) => {
          const center = await openCenter(request);
          const fields = fieldsOf(request.body);
          const form = ZPortalSignUpForm.safeParse(fields);
          if (!form.success) return sendPage(reply, 400, renderSignUpPage(center, language, formStateOf(fields, form.error, ['name', 'email'])));
          await portal.signUp(center.workspaceId, language, form.data);
          return sendPage(reply, 200, renderCheckYourEmailPage(center, language, 'sign-up', form.data.email));
        });

        pages.get(`${base}/sign-in`, { schema: { hide: true } }, async (request, reply) => {
          const center = await openCenter(request);
          const next = safeNextOf(center, ZNextQuery.safeParse(request.query).data?.next);
          if (await portal.viewerOf(request, center.workspaceId)) return redirect(reply, next ?? portalPath(center, language, 'tickets'));
          return sendPage(reply, 200, renderSignInPage(center, language, undefined, next));
        });

        pages.post(`${base}/sign-in`, { schema: { hide: true }, config: { rateLimit: perAddress('sign-in', SIGN_IN_ATTEMPTS) }, preHandler: signInPerEmail }, async (request, reply) => {
          const center = await openCenter(request);
          const fields = fieldsOf(request.body);
          const next = safeNextOf(center, typeof fields.next === 'string' ? fields.next : undefined);
          const form = ZPortalSignInForm.safeParse(fields);
          if (!form.success) return sendPage(reply, 400, renderSignInPage(center, language, formStateOf(fields, form.error, ['email']), next));
          let session: IssuedSession;
          try {
            session = await portal.signInWithPassword(center.workspaceId, form.data, originOf(request));
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== PortalErrorCode.InvalidCredentials) throw error;
            return sendPage(reply, 401, renderSignInPage(center, language, { values: { email: form.data.email }, problems: {}, error: wordsOf(language).wrongCredentials }, next));
          }
          setSessionCookie(request, reply, session);
          return redirect(reply, next ?? portalPath(center, session.language, 'tickets'));
        });

        pages.post(`${base}/sign-in/link`, { schema: { hide: true }, config: { rateLimit: perAddress('link', LINK_REQUESTS) }, preHandler: linkPerEmail }, async (request, reply) => {
          const center = await openCenter(request);
          const fields = fieldsOf(request.body);
          const form = ZPortalMagicLinkRequestForm.safeParse(fields);
          if (!form.success) return sendPage(reply, 400, renderSignInPage(center, language, formStateOf(fields, form.error, ['email'])));
          await portal.requestSignInLink(center.workspaceId, form.data.email);
          return sendPage(reply, 200, renderCheckYourEmailPage(center, language, 'link', form.data.email));
        });

        pages.get(`${base}/magic-link`, { schema: { hide: true }, config: { rateLimit: perAddress('magic-link', LINK_USES) } }, async (request, reply) => {
          const center = await openCenter(request);
          // A link checker's HEAD request must not use up the customer's link.
          if (request.method === 'HEAD') return reply.status(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send('');
          const query = ZPortalMagicLinkQuery.safeParse(request.query);
          if (!query.success) return sendPage(reply, 400, renderLinkProblemPage(center, language, 'invalid'));
          const session = await portal.useSignInLink(center.workspaceId, query.data.token, originOf(request));
          setSessionCookie(request, reply, session);
          return redirect(reply, portalPath(center, session.language, 'tickets'));
        });

        pages.post(`${base}/sign-out`, { schema: { hide: true } }, async (request, reply) => {
          const center = await openCenter(request);
          await portal.signOut(request);
          reply.clearCookie(PORTAL_SESSION_COOKIE, { path: PORTAL_COOKIE_PATH });
          return redirect(reply, portalPath(center, language));
        });

        // My tickets.

        pages.get(`${base}/tickets`, { schema: { hide: true } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const query = ZCursorQuery.safeParse(request.query);
          const page = await portal.listTickets(viewer, query.success ? query.data.cursor : undefined);
          return sendPage(reply, 200, renderTicketsPage(center, language, page.data, page.nextCursor));
        });

        pages.get(`${base}/tickets/:ticketNumber`, { schema: { hide: true } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const { ticketNumber } = parseOrNotFound(ZPortalTicketParams, request.params);
          const ticket = await portal.getTicket(viewer, ticketNumber);
          const notice = ZNoticeQuery.safeParse(request.query).data?.saved === 'reply' ? 'replySent' : undefined;
          return sendPage(reply, 200, renderTicketPage(center, language, ticket, { maxFileBytes: services.config.maxUploadBytes, notice }));
        });

        pages.post(`${base}/tickets/:ticketNumber/replies`, { schema: { hide: true }, config: { rateLimit: perAddress('reply', REPLIES) } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const { ticketNumber } = parseOrNotFound(ZPortalTicketParams, request.params);
          // Their own ticket, before a byte of the files is stored.
          const ticket = await portal.getTicket(viewer, ticketNumber);
          const render = (status: number, problem: ReplyProblem, draft?: string) =>
            sendPage(reply, status, renderTicketPage(center, language, ticket, { maxFileBytes: services.config.maxUploadBytes, problem, draft }));
          if (ticket.isClosed) {
            request.raw.resume();
            return render(409, 'closedNotice');
          }
          const outcome = await readReply(request, viewer, services);
          if ('problem' in outcome) return render(statusOfReplyProblem(outcome.problem), outcome.problem, outcome.draft);
          await portal.reply(viewer, ticketNumber, outcome.body, outcome.attachmentIds);
          return redirect(reply, `${portalPath(center, language, 'tickets', String(ticketNumber))}?saved=reply`);
        });

        pages.get(`${base}/tickets/:ticketNumber/attachments/:attachmentId`, { schema: { hide: true } }, async (request, reply) => {
          const { viewer } = await signedIn(request);
          const { ticketNumber, attachmentId } = parseOrNotFound(ZPortalAttachmentParams, request.params);
          const { attachment, content } = await portal.openAttachment(viewer, ticketNumber, attachmentId);
          // Served as a download the browser may neither sniff into HTML nor run scripts from, like the staff one.
          return reply
            .header('content-type', attachment.contentType)
            .header('content-length', attachment.sizeBytes)
            .header('content-disposition', attachmentContentDisposition(attachment.filename))
            .header('x-content-type-options', 'nosniff')
            .header('content-security-policy', "default-src 'none'; sandbox")
            .header('cache-control', 'private, no-store')
            .send(content);
        });

        // Profile.

        pages.get(`${base}/profile`, { schema: { hide: true } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const saved = ZNoticeQuery.safeParse(request.query).data?.saved;
          const notice: PortalNoticeKey | undefined = saved === 'profile' ? 'profileSaved' : saved === 'password' ? 'passwordChanged' : undefined;
          return sendPage(reply, 200, renderProfilePage(center, language, await portal.getProfile(viewer), { notice }));
        });

        pages.post(`${base}/profile`, { schema: { hide: true }, config: { rateLimit: perAddress('profile', ACCOUNT_WRITES) } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const fields = fieldsOf(request.body);
          const form = ZPortalProfileForm.safeParse(fields);
          if (!form.success) {
            return sendPage(reply, 400, renderProfilePage(center, language, await portal.getProfile(viewer), { profileState: formStateOf(fields, form.error, ['name']) }));
          }
          const chosen = await portal.updateProfile(viewer, form.data);
          // The page comes back in the language just chosen.
          return redirect(reply, `${portalPath(center, chosen, 'profile')}?saved=profile`);
        });

        pages.post(`${base}/profile/password`, { schema: { hide: true }, config: { rateLimit: perAddress('password', SIGN_IN_ATTEMPTS) } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const form = ZPortalPasswordForm.safeParse(fieldsOf(request.body));
          if (!form.success) return sendPage(reply, 400, renderProfilePage(center, language, await portal.getProfile(viewer), { passwordProblem: 'passwordTooShort' }));
          try {
            await portal.changePassword(viewer, request, form.data);
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== CommonErrorCode.ValidationFailed) throw error;
            return sendPage(reply, 400, renderProfilePage(center, language, await portal.getProfile(viewer), { passwordProblem: 'wrongCurrentPassword' }));
          }
          return redirect(reply, `${portalPath(center, language, 'profile')}?saved=password`);
        });

        // Privacy.

        pages.get(`${base}/privacy`, { schema: { hide: true } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const notice = ZNoticeQuery.safeParse(request.query).data?.saved === 'deletion' ? 'deletionRequested' : undefined;
          return sendPage(reply, 200, renderPrivacyPage(center, language, await portal.getDeletionStatus(viewer), notice));
        });

        pages.post(`${base}/privacy/export`, { schema: { hide: true }, config: { rateLimit: perAddress('export', ACCOUNT_WRITES) } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          const data = await portal.exportData(viewer);
          const filename = `${center.slug}-my-data-${new Date().toISOString().slice(0, 10)}.json`;
          return reply
            .header('content-type', 'application/json; charset=utf-8')
            .header('content-disposition', attachmentContentDisposition(filename))
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'no-store')
            .send(JSON.stringify(data, null, 2));
        });

        pages.post(`${base}/privacy/deletion`, { schema: { hide: true }, config: { rateLimit: perAddress('deletion', ACCOUNT_WRITES) } }, async (request, reply) => {
          const { center, viewer } = await signedIn(request);
          await portal.requestDeletion(viewer);
          return redirect(reply, `${portalPath(center, language, 'privacy')}?saved=deletion`);
        });
      }

      async function signedIn(request: FastifyRequest): Promise<{ center: HelpCenter; viewer: PortalViewer }> {
        const center = await helpCenter.open(parseOrNotFound(ZWorkspaceParams, request.params).workspaceSlug);
        return { center, viewer: await portal.requireViewer(request, center.workspaceId) };
      }
    },
    { prefix: '/help' },
  );
}

type ReplyOutcome = { body: string; attachmentIds: string[] } | { problem: ReplyProblem; draft: string };

/**
 * The reply form's parts: its text and its files, each file stored as it streams in (the attachments module's size
 * and type checks). A refused file ends the reading; the rest of the body is drained so the browser gets the page.
 */
async function readReply(request: FastifyRequest, viewer: PortalViewer, services: Services): Promise<ReplyOutcome> {
  const attachments: Array<{ id: string; filename: string }> = [];
  let body = '';
  try {
    const parts = request.parts({ limits: { fileSize: services.config.maxUploadBytes + 1, files: MAX_REPLY_FILES, fields: 10, parts: MAX_REPLY_FILES + 10, fieldSize: 64 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        // An empty file input still sends a part, without a name or content.
        if (!part.filename) {
          part.file.resume();
          continue;
        }
        const stored = await services.portal.uploadFile(viewer, { filename: part.filename, declaredContentType: part.mimetype, content: part.file });
        attachments.push({ id: stored.id, filename: stored.filename });
      } else if (part.fieldname === 'body' && typeof part.value === 'string') {
        body = part.value;
      }
    }
  } catch (error) {
    request.raw.resume();
    const problem = replyProblemOf(error);
    if (!problem) throw error;
    return { problem, draft: body };
  }
  const text = body.trim() || attachments.map((file) => file.filename).join(', ');
  if (!text) return { problem: 'writeAMessage', draft: body };
  return { body: text, attachmentIds: attachments.map((file) => file.id) };
}

function replyProblemOf(error: unknown): ReplyProblem | undefined {
  if (error instanceof AppError) {
    if (error.code === AttachmentErrorCode.AttachmentTooLarge) return 'fileTooLarge';
    if (error.code === AttachmentErrorCode.AttachmentTypeNotAllowed) return 'fileType';
    if (error.code === CommonErrorCode.ValidationFailed) return 'fileProblem';
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT') return 'tooManyFiles';
  if (typeof code === 'string' && (code.startsWith('FST_') || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')) return 'fileProblem';
  return undefined;
}

function statusOfReplyProblem(problem: ReplyProblem): number {
  if (problem === 'fileTooLarge') return 413;
  if (problem === 'fileType') return 415;
  return 400;
}

/** Post/redirect/get: reloading the next page sends nothing again. */
function redirect(reply: FastifyReply, path: string): FastifyReply {
  return reply.status(303).header('cache-control', 'no-store').redirect(path);
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(PORTAL_SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: PORTAL_COOKIE_PATH,
    expires: session.expiresAt,
  });
}

function originOf(request: FastifyRequest) {
  return { ipAddress: request.ip, userAgent: request.headers['user-agent'] };
}

/** Where to go after signing in: a page of this help center only (never another site). */
function safeNextOf(center: HelpCenter, next: string | undefined): string | undefined {
  if (!next) return undefined;
  const prefix = `/help/${encodeURIComponent(center.slug)}/`;
  if (!next.startsWith(prefix) || next.includes('//') || next.includes('\\') || /[\u0000-\u001f]/.test(next)) return undefined;
  return next;
}

function emailOf(body: unknown): string {
  const email = fieldsOf(body).email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
}

/** What was typed (strings only, bounded; never a password) and each field's problem, to show the form again. */
function formStateOf(fields: Record<string, unknown>, error: z.ZodError, keptFields: string[]): FormState {
  const values: Record<string, string> = {};
  for (const field of keptFields) {
    const value = fields[field];
    if (typeof value === 'string') values[field] = value.slice(0, 1000);
  }
  const problems: Record<string, FieldProblem> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || problems[field]) continue;
    const typed = typeof fields[field] === 'string' ? (fields[field] as string).trim() : '';
    problems[field] = issue.code === 'too_big' ? 'too_long' : issue.code === 'too_small' && typed !== '' ? 'too_short' : field === 'email' && typed !== '' ? 'invalid_email' : 'required';
  }
  return { values, problems };
}

/** Every failure of a portal page as a page in its language, or a redirect to sign in. */
async function sendErrorPage(services: Services, request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<FastifyReply> {
  const language = languageOf(request.url);
  const slug = workspaceSlugOf(request.url);
  const center = slug ? await services.helpCenter.open(slug).catch(() => undefined) : undefined;
  if (error instanceof AppError) {
    if (error.code === PortalErrorCode.SignInRequired && center) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return redirect(reply, `${portalPath(center, language, 'sign-in')}${next}`);
    }
    if ((error.code === PortalErrorCode.LinkInvalid || error.code === PortalErrorCode.LinkExpired) && center) {
      return sendPage(reply, error.code === PortalErrorCode.LinkExpired ? 410 : 400, renderLinkProblemPage(center, language, error.code === PortalErrorCode.LinkExpired ? 'expired' : 'invalid'));
    }
    if (error.code === PortalErrorCode.CrossOriginForm && center) return sendPage(reply, 403, renderForbiddenFormPage(center, language, false));
    if (NOT_FOUND_CODES.has(error.code) || !center) return sendPage(reply, 404, renderNotFoundPage(center, language));
    if (error.code === CommonErrorCode.RateLimited) {
      const retryAfter = Number(reply.getHeader('retry-after') ?? error.details[0]?.retryAfterSeconds ?? 60);
      return sendPage(reply, 429, renderTooManyRequestsPage(language, Number.isFinite(retryAfter) ? retryAfter : 60));
    }
    if (error.code === CommonErrorCode.ValidationFailed) return sendPage(reply, 400, renderErrorPage(language, 'unreadable'));
    if (error.code === CommonErrorCode.Conflict) return sendPage(reply, 409, renderErrorPage(language, 'unreadable'));
  }
  const status = error instanceof AppError ? httpStatusFor(error.code) : Number((error as { statusCode?: unknown }).statusCode);
  if (status >= 400 && status < 500) return sendPage(reply, status, renderErrorPage(language, 'unreadable'));
  request.log.error({ err: error }, 'customer portal page failed');
  return sendPage(reply, 500, renderErrorPage(language, 'failed'));
}

