import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';

export function registerHealthRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness', security: [], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        security: [],
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), database: z.string() }) },
      },
    },
    async (_request, reply) => {
      try {
        await services.db.execute(sql`SELECT 1`);
        return { status: 'ready' as const, database: services.database.kind };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: services.database.kind });
      }
    },
  );
}
