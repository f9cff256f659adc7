import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZAlert, ZAuditEntry, ZListAlertsQuery, ZListAuditLogQuery } from './audit.schema.js';

const ZAlertParams = z.object({ alertId: z.uuid() });

export function registerAuditRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/audit-log',
    { schema: { tags: ['audit'], summary: 'The workspace audit log, newest first (hash-chained, append-only)', querystring: ZListAuditLogQuery, response: { 200: z.object({ data: z.array(ZAuditEntry), nextCursor: z.string().nullable() }) } }, config: { permission: 'audit.read' } },
    async (request) => services.audit.list(requireAccess(request.actor, 'audit.read'), request.query),
  );

  app.get(
    '/api/v1/alerts',
    { schema: { tags: ['audit'], summary: 'Security and delivery alerts for admins, newest first', querystring: ZListAlertsQuery, response: { 200: z.object({ data: z.array(ZAlert), nextCursor: z.string().nullable() }) } }, config: { permission: 'alerts.read' } },
    async (request) => services.audit.listAlerts(requireAccess(request.actor, 'alerts.read'), request.query),
  );

  app.post(
    '/api/v1/alerts/:alertId/acknowledge',
    { schema: { tags: ['audit'], summary: 'Mark an alert as seen', params: ZAlertParams, response: { 200: ZAlert } }, config: { permission: 'alerts.read' } },
    async (request) => services.audit.acknowledgeAlert(requireAccess(request.actor, 'alerts.read'), request.params.alertId),
  );
}
