import { z } from 'zod';
import { SESSION_COOKIE } from '../../http/app.js';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import type { Availability } from '../users/users.schema.js';
import type { ApiTokenRow } from './auth.repository.js';
import { ZApiToken, ZCreatedToken, ZCreateTokenRequest, ZLoginRequest, ZSessionResponse, ZTotpCodeRequest } from './auth.schema.js';
import { can, requireAccess } from './permissions.js';

const LOGIN_ATTEMPTS_PER_MINUTE = 10;

function toApiToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.tokenPrefix,
    role: row.role,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function registerAuthRoutes(app: AppInstance, services: Services): void {
  app.post(
    '/api/v1/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in; sets an httpOnly session cookie', security: [], body: ZLoginRequest, response: { 200: ZSessionResponse } },
      config: {
        isPublic: true,
        // Counted per address for every caller: the global allow list (enterprise tokens) must not lift it.
        rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => `login:${request.ip}`, allowList: () => false },
      },
    },
    async (request, reply) => {
      const { sessionSecret, user, expiresAt } = await services.auth.login({
        ...request.body,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
      });
      const workspace = await services.workspaces.get(user.workspaceId);
      reply.setCookie(SESSION_COOKIE, sessionSecret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: services.config.publicUrl?.startsWith('https://') ?? false,
        path: '/',
        expires: expiresAt,
      });
      return {
        user: { id: user.id, email: user.email, name: user.name, role: user.role as z.infer<typeof ZSessionResponse>['user']['role'], language: user.language, chosenAvailability: user.chosenAvailability as Availability },
        workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
        expiresAt: expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: z.null() } }, config: { permission: 'tokens.own' } },
    async (request, reply) => {
      await services.auth.logout(requireAccess(request.actor, 'tokens.own'));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: ZSessionResponse.omit({ expiresAt: true }) } }, config: { permission: 'tokens.own' } },
    async (request) => {
      const actor = requireAccess(request.actor, 'tokens.own');
      const [user, workspace] = await Promise.all([services.users.get(actor, actor.userId), services.workspaces.get(actor.workspaceId)]);
      return {
        user: { id: user.id, email: user.email, name: user.name, role: actor.role, language: user.language, chosenAvailability: user.chosenAvailability },
        workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
      };
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    {
      schema: { tags: ['auth'], summary: 'Start two-factor enrolment; confirm with a code to enforce it', response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) } },
      config: { permission: 'tokens.own' },
    },
    async (request) => services.auth.beginTotpEnrolment(requireAccess(request.actor, 'tokens.own')),
  );

  app.post(
    '/api/v1/auth/totp/confirm',
    { schema: { tags: ['auth'], summary: 'Confirm two-factor enrolment', body: ZTotpCodeRequest, response: { 204: z.null() } }, config: { permission: 'tokens.own' } },
    async (request, reply) => {
      await services.auth.confirmTotpEnrolment(requireAccess(request.actor, 'tokens.own'), request.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/totp/disable',
    { schema: { tags: ['auth'], summary: 'Turn two-factor sign-in off', body: ZTotpCodeRequest, response: { 204: z.null() } }, config: { permission: 'tokens.own' } },
    async (request, reply) => {
      await services.auth.disableTotp(requireAccess(request.actor, 'tokens.own'), request.body.code);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tokens',
    { schema: { tags: ['auth'], summary: 'API tokens (admins see all, others their own)', response: { 200: z.object({ data: z.array(ZApiToken) }) } }, config: { permission: 'tokens.own' } },
    async (request) => {
      const actor = requireAccess(request.actor, 'tokens.own');
      const rows = await services.auth.listTokens(actor, can(actor, 'tokens.manage'));
      return { data: rows.map(toApiToken) };
    },
  );

  app.post(
    '/api/v1/tokens',
    { schema: { tags: ['auth'], summary: 'Create an API token (the secret is shown once)', body: ZCreateTokenRequest, response: { 201: ZCreatedToken } }, config: { permission: 'tokens.own' } },
    async (request, reply) => {
      const actor = requireAccess(request.actor, 'tokens.own');
      const { token, secret } = await services.auth.createTokenForActor(actor, request.body.name, request.body.role);
      return reply.status(201).send({ ...toApiToken(token), token: secret });
    },
  );

  app.delete(
    '/api/v1/tokens/:tokenId',
    { schema: { tags: ['auth'], summary: 'Revoke an API token', params: z.object({ tokenId: z.uuid() }), response: { 204: z.null() } }, config: { permission: 'tokens.own' } },
    async (request, reply) => {
      const actor = requireAccess(request.actor, 'tokens.own');
      await services.auth.revokeToken(actor, request.params.tokenId, can(actor, 'tokens.manage'));
      return reply.status(204).send(null);
    },
  );
}
