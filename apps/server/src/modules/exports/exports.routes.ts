import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZExportQuery, ZTicketExportPage } from './exports.schema.js';

/**
 * Incremental exports for analysts' own tools: everything that changed since the last call, in pages, so a tool
 * keeps a copy current by polling with the cursor it was given last.
 */
export function registerExportRoutes(app: AppInstance, { tickets, config }: Services): void {
  app.get(
    '/api/v1/exports/tickets',
    {
      schema: {
        tags: ['exports'],
        summary:
          'Tickets changed since the cursor, oldest change first, with `nextCursor` and `endOfStream`. Start without a cursor; call again with `nextCursor` until `endOfStream`, then poll later with it. Changes of the last few seconds (EXPORTS_SETTLE_SECONDS, 5 by default) come on the next call, so none is skipped by a transaction still committing. Deleted tickets are not reported.',
        querystring: ZExportQuery,
        response: { 200: ZTicketExportPage },
      },
      config: { permission: 'exports.read' },
    },
    async (request) => tickets.listChangedSince(requireAccess(request.actor, 'exports.read').workspaceId, request.query.cursor, config.exportsSettleSeconds, request.query.limit),
  );
}
