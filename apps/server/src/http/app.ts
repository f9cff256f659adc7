import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { requireAccess, type Permission } from '../modules/auth/permissions.js';
import { registerChatGateway } from '../modules/channels/chat/chat.gateway.js';
import { registerRealtime } from '../modules/realtime/realtime.gateway.js';
import type { Services } from '../services.js';
import { AppError, AuthErrorCode, CommonErrorCode, validationError } from '../shared/errors.js';
import { errorBody, handleError } from './error-handler.js';
import type { AppInstance } from './http-types.js';
import { registerIdempotency } from './idempotency.js';
import { registerMetrics } from './metrics.js';
import { registerRoutes } from './routes.js';
import { isAppPage, registerWebApp } from './web-app.js';
import { registerWidgetScript } from './widget-script.js';

export const SESSION_COOKIE = 'sb_session';
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Requests per hour per workspace, by plan; enterprise is not limited. */
export const PLAN_RATE_LIMITS = { basic: 1000, pro: 5000, enterprise: Number.POSITIVE_INFINITY } as const;

export interface AppOptions {
  services: Services;
  redis?: Redis | undefined;
  logger?: boolean;
  /** Prefix of the rate-limit counters in Redis; servers that must share a budget use the same one. */
  rateLimitNamespace?: string;
  /** Redis pub/sub channel prefix of the realtime adapter; the nodes of one deployment use the same one. */
  realtimeChannel?: string;
}

/** An `/api` route as registered, with what it requires (read by the role × route test). */
export interface RegisteredApiRoute {
  method: string;
  url: string;
  permission: Permission | undefined;
  isPublic: boolean;
}

const apiRoutesByApp = new WeakMap<object, RegisteredApiRoute[]>();

/** Every `/api` route of a built app, in registration order. */
export function listApiRoutes(app: AppInstance): RegisteredApiRoute[] {
  return [...(apiRoutesByApp.get(app) ?? [])];
}

export async function buildApp({ services, redis, logger = true, rateLimitNamespace = 'switchboard-rate:', realtimeChannel = 'switchboard-realtime' }: AppOptions): Promise<AppInstance> {
  const app = Fastify({
    logger: logger ? { level: services.config.logLevel } : false,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: services.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProviderAlias>() as unknown as AppInstance;

  // The API speaks JSON (and multipart for uploads); plain text bodies get 415 rather than a confusing 400.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  let isWebAppServed = false;
  app.setNotFoundHandler((request, reply) => {
    if (isWebAppServed && isAppPage(request)) return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
    return reply.status(404).send(errorBody(CommonErrorCode.NotFound, `No route ${request.method} ${request.url.split('?')[0]}.`));
  });

  // Every API route must say what permission it needs (or that it is public): a route that forgets fails at start.
  const apiRoutes: RegisteredApiRoute[] = [];
  apiRoutesByApp.set(app, apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const config = route.config as { permission?: Permission; isPublic?: boolean } | undefined;
    if (!config?.permission && !config?.isPublic) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
    for (const method of [route.method].flat()) apiRoutes.push({ method, url: route.url, permission: config.permission, isPublic: config.isPublic === true });
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // A refusal sent before the body has arrived (401, 403, 429 are decided before reading it) closes the
  // connection, rather than leaving the client mid-upload on a socket nobody reads, which would also hold a
  // graceful shutdown until the keep-alive timeout.
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode >= 400 && !request.raw.complete) reply.header('connection', 'close');
  });

  await app.register(cookie);
  // The chat widget runs on customers' own sites: its public routes answer any origin (no cookies are involved,
  // the visitor token travels in the body). Every other route stays same-origin.
  await app.register(cors, {
    hideOptionsRoute: true,
    delegator: (request, callback) =>
      callback(null, isWidgetApi(request.url) ? { origin: '*', methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'x-visitor-token'], maxAge: 600 } : { origin: false }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version: '1.0.0',
        description:
          'Omnichannel customer support. Authenticate with `Authorization: Bearer <token>` (create tokens with the CLI or `POST /api/v1/tokens`). Errors are `{ "error": { "code", "message", "details" } }`. Lists answer `{ data, nextCursor }`; pass `cursor` to continue. Writes accept an `Idempotency-Key` header.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (the recursive rule conditions) go to `components.schemas`, referenced by `$ref`.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Authentication: resolve the credential early; each route then checks its permission.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    const bearerToken = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const sessionSecret = request.cookies[SESSION_COOKIE];
    if (!bearerToken && !sessionSecret) return;
    const actor = await services.auth.authenticate({ bearerToken, sessionSecret });
    if (!actor && bearerToken) throw new AppError(AuthErrorCode.Unauthenticated, 'The API token is unknown or revoked.');
    request.actor = actor;
  });

  // Per-workspace request budget by plan (shared across nodes through Redis when configured). Counted as soon
  // as the caller is known, so a refused request (403, 400) still spends budget and nothing runs past the limit.
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    enableDraftSpec: true,
    timeWindow: '1 hour',
    redis,
    nameSpace: rateLimitNamespace,
    keyGenerator: (request) => (request.actor ? `workspace:${request.actor.workspaceId}` : `ip:${request.ip}`),
    max: (request) => (request.actor ? PLAN_RATE_LIMITS[request.actor.plan] : PLAN_RATE_LIMITS.basic),
    // The widget's public routes (and preflights) are limited per address by their own route limits.
    allowList: (request) => !request.url.startsWith('/api/') || request.method === 'OPTIONS' || isWidgetApi(request.url) || request.actor?.plan === 'enterprise',
    errorResponseBuilder: (_request, context) =>
      new AppError(CommonErrorCode.RateLimited, `Rate limit reached: ${context.max} requests per window. Retry in ${context.after}.`, [
        { message: 'retry after', retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      ]),
  });

  // Before the body is read or validated: a caller without the permission learns nothing about the input
  // rules (401/403, never 400 or 404), and a forbidden upload is not read at all.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const { permission } = request.routeOptions.config;
    if (permission) requireAccess(request.actor, permission);
    return payload;
  });

  // PostgreSQL text and JSON cannot hold U+0000: such input is refused as invalid, not left to fail in a query.
  app.addHook('preValidation', async (request) => {
    const path = findNulCharacter({ body: request.body, query: request.query, params: request.params });
    if (path) throw validationError(path, 'text may not contain the NUL character (U+0000)');
  });

  registerIdempotency(app, services);
  registerMetrics(app);
  await app.register(async (api) => registerRoutes(api as AppInstance, services));
  // Socket.IO on the same HTTP server (`/socket.io`), sharing broadcasts between nodes through Redis when set.
  const io = registerRealtime(app, services, { redis, channel: realtimeChannel });
  // The chat widget's namespace on the same Socket.IO server (and Redis adapter).
  registerChatGateway(app, io, services);
  registerWidgetScript(app, services.config.widgetDistDir);
  isWebAppServed = await registerWebApp(app, services.config.webDistDir);
  return app;
}

function isWidgetApi(url: string): boolean {
  return url.startsWith('/api/v1/widget/');
}

type ZodTypeProviderAlias = import('fastify-type-provider-zod').ZodTypeProvider;

/** The path of a string (or key) holding U+0000, if any; walked without recursion so deep nesting cannot overflow. */
function findNulCharacter(input: Record<string, unknown>): string | undefined {
  const pending: Array<[path: string, value: unknown]> = Object.entries(input);
  while (pending.length > 0) {
    const [path, value] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return path;
        pending.push([`${path}.${key}`, item]);
      }
    }
  }
  return undefined;
}
