import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, Permission } from '../modules/auth/permissions.js';
import type { Plan } from '../modules/workspaces/workspaces.schema.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do; every `/api` route declares it or says it is public. */
    permission?: Permission;
    isPublic?: boolean;
  }
  interface FastifyRequest {
    actor?: AuthenticatedActor;
    idempotency?: { workspaceId: string; key: string };
  }
}

export interface AuthenticatedActor extends Actor {
  plan: Plan;
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
