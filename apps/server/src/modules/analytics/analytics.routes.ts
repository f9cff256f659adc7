import type { FastifyReply } from 'fastify';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { ZPageQuery } from '../../shared/pagination.js';
import { requireAccess } from '../auth/permissions.js';
import { attachmentContentDisposition } from '../attachments/filenames.js';
import {
  ZAnalyticsCatalog,
  ZAnalyticsQuery,
  ZCreateSavedReportRequest,
  ZCreateScheduleRequest,
  ZExportFormat,
  ZLiveSnapshot,
  ZReportDefinition,
  ZReportKeyParams,
  ZReportResult,
  ZSavedReport,
  ZSavedReportList,
  ZSavedReportParams,
  ZSchedule,
  ZScheduleList,
  ZScheduleParams,
  ZScheduleRun,
  ZStandardReportList,
  ZUpdateSavedReportRequest,
  ZUpdateScheduleRequest,
} from './analytics.schema.js';

const tags = ['analytics'];
const read = { permission: 'analytics.read' } as const;
const manage = { permission: 'analytics.manage' } as const;
const ZExportQuery = ZAnalyticsQuery.extend({ format: ZExportFormat });
const QUERY_HELP =
  'Period `from`/`to` (default: the 30 days before tomorrow, in the workspace’s time zone), `hours` business or calendar, and filters (comma-separated lists): channel, priority, type, category, language, teamId, agentId. Agents get their own tickets’ numbers, managers their teams’ (the workspace when in no team), admins the workspace’s.';

/** Dashboards and reports: live figures, the standard reports, custom definitions, and their CSV/XLSX files. */
export function registerAnalyticsRoutes(app: AppInstance, { analyticsReports, analyticsLibrary }: Services): void {
  app.get(
    '/api/v1/analytics/live',
    {
      schema: {
        tags,
        summary:
          'The live dashboard now: open tickets by status, chats waiting and the longest wait, agents online and away, tickets with an SLA at risk (past the warning share, or late), today’s created, resolved and CSAT. Refetch when a domain event arrives over the realtime connection.',
        response: { 200: ZLiveSnapshot },
      },
      config: read,
    },
    async (request) => analyticsReports.getLive(requireAccess(request.actor, 'analytics.read')),
  );

  app.get(
    '/api/v1/analytics/catalog',
    { schema: { tags, summary: 'What a report can be made of: the metrics (labels, units, what each counts by), the dimensions, and the workspace’s time zone', response: { 200: ZAnalyticsCatalog } }, config: read },
    async (request) => analyticsReports.getCatalog(requireAccess(request.actor, 'analytics.read')),
  );

  app.get(
    '/api/v1/analytics/reports',
    { schema: { tags, summary: 'The standard reports and their definitions', response: { 200: ZStandardReportList } }, config: read },
    async (request) => {
      requireAccess(request.actor, 'analytics.read');
      return analyticsReports.listStandardReports();
    },
  );

  app.get(
    '/api/v1/analytics/reports/:key',
    { schema: { tags, summary: `A standard report. ${QUERY_HELP}`, params: ZReportKeyParams, querystring: ZAnalyticsQuery, response: { 200: ZReportResult } }, config: read },
    async (request) => analyticsReports.runStandardReport(requireAccess(request.actor, 'analytics.read'), request.params.key, request.query),
  );

  app.get(
    '/api/v1/analytics/reports/:key/export',
    {
      schema: { tags, summary: `A standard report as a CSV, XLSX or PDF file with its chart (\`format\`), labelled in \`lang\` or the user’s language. ${QUERY_HELP}`, params: ZReportKeyParams, querystring: ZExportQuery, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'] },
      config: read,
    },
    async (request, reply) => {
      const file = await analyticsReports.exportReport(requireAccess(request.actor, 'analytics.read'), request.params.key, request.query, request.query.format);
      return sendReportFile(reply, file);
    },
  );

  app.post(
    '/api/v1/analytics/reports/run',
    {
      schema: {
        tags,
        summary: `A custom report: up to 8 metrics, up to two group-by dimensions (a time dimension first), filters and a chart type. ${QUERY_HELP}`,
        querystring: ZAnalyticsQuery,
        body: ZReportDefinition,
        response: { 200: ZReportResult },
      },
      config: read,
    },
    async (request) => analyticsReports.runCustomReport(requireAccess(request.actor, 'analytics.read'), request.body, request.query),
  );

  app.post(
    '/api/v1/analytics/reports/run/export',
    {
      schema: { tags, summary: `A custom report as a CSV, XLSX or PDF file (\`format\`). ${QUERY_HELP}`, querystring: ZExportQuery, body: ZReportDefinition, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'] },
      config: read,
    },
    async (request, reply) => {
      const file = await analyticsReports.exportReport(requireAccess(request.actor, 'analytics.read'), request.body, request.query, request.query.format);
      return sendReportFile(reply, file);
    },
  );

  // ── Saved reports ───────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/analytics/saved-reports',
    { schema: { tags, summary: 'Saved custom reports the caller sees, by name: their own and those shared with their teams (admins: all)', querystring: ZPageQuery, response: { 200: ZSavedReportList } }, config: read },
    async (request) => analyticsLibrary.listSavedReports(requireAccess(request.actor, 'analytics.read'), request.query),
  );
  app.post(
    '/api/v1/analytics/saved-reports',
    { schema: { tags, summary: 'Save a custom report; admins and managers may share it with a team', body: ZCreateSavedReportRequest, response: { 201: ZSavedReport } }, config: read },
    async (request, reply) => reply.code(201).send(await analyticsLibrary.createSavedReport(requireAccess(request.actor, 'analytics.read'), request.body)),
  );
  app.get(
    '/api/v1/analytics/saved-reports/:reportId',
    { schema: { tags, summary: 'A saved report', params: ZSavedReportParams, response: { 200: ZSavedReport } }, config: read },
    async (request) => analyticsLibrary.getSavedReport(requireAccess(request.actor, 'analytics.read'), request.params.reportId),
  );
  app.patch(
    '/api/v1/analytics/saved-reports/:reportId',
    { schema: { tags, summary: 'Rename, redefine or (re)share a saved report: its owner or an admin', params: ZSavedReportParams, body: ZUpdateSavedReportRequest, response: { 200: ZSavedReport } }, config: read },
    async (request) => analyticsLibrary.updateSavedReport(requireAccess(request.actor, 'analytics.read'), request.params.reportId, request.body),
  );
  app.delete(
    '/api/v1/analytics/saved-reports/:reportId',
    { schema: { tags, summary: 'Delete a saved report (and its schedules): its owner or an admin', params: ZSavedReportParams }, config: read },
    async (request, reply) => {
      await analyticsLibrary.deleteSavedReport(requireAccess(request.actor, 'analytics.read'), request.params.reportId);
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/analytics/saved-reports/:reportId/run',
    { schema: { tags, summary: `Run a saved report. ${QUERY_HELP}`, params: ZSavedReportParams, querystring: ZAnalyticsQuery, response: { 200: ZReportResult } }, config: read },
    async (request) => analyticsLibrary.runSavedReport(requireAccess(request.actor, 'analytics.read'), request.params.reportId, request.query),
  );
  app.get(
    '/api/v1/analytics/saved-reports/:reportId/export',
    {
      schema: { tags, summary: `A saved report as a CSV, XLSX or PDF file. ${QUERY_HELP}`, params: ZSavedReportParams, querystring: ZExportQuery, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'] },
      config: read,
    },
    async (request, reply) => {
      const file = await analyticsLibrary.exportSavedReport(requireAccess(request.actor, 'analytics.read'), request.params.reportId, request.query, request.query.format);
      return sendReportFile(reply, file);
    },
  );

  // ── Schedules and alerts ────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/analytics/schedules',
    { schema: { tags, summary: 'Report emails and alerts, by name: the caller’s own (admins: all)', querystring: ZPageQuery, response: { 200: ZScheduleList } }, config: manage },
    async (request) => analyticsLibrary.listSchedules(requireAccess(request.actor, 'analytics.manage'), request.query),
  );
  app.post(
    '/api/v1/analytics/schedules',
    {
      schema: {
        tags,
        summary:
          'Email a report daily, weekly or monthly (the last whole period, at 07:00 in the workspace’s time zone) to staff of the workspace, with the numbers its owner sees; with a `condition` it is an alert, sent only when the metric’s total meets it',
        body: ZCreateScheduleRequest,
        response: { 201: ZSchedule },
      },
      config: manage,
    },
    async (request, reply) => reply.code(201).send(await analyticsLibrary.createSchedule(requireAccess(request.actor, 'analytics.manage'), request.body)),
  );
  app.patch(
    '/api/v1/analytics/schedules/:scheduleId',
    { schema: { tags, summary: 'Change a report schedule', params: ZScheduleParams, body: ZUpdateScheduleRequest, response: { 200: ZSchedule } }, config: manage },
    async (request) => analyticsLibrary.updateSchedule(requireAccess(request.actor, 'analytics.manage'), request.params.scheduleId, request.body),
  );
  app.delete(
    '/api/v1/analytics/schedules/:scheduleId',
    { schema: { tags, summary: 'Stop and delete a report schedule', params: ZScheduleParams }, config: manage },
    async (request, reply) => {
      await analyticsLibrary.deleteSchedule(requireAccess(request.actor, 'analytics.manage'), request.params.scheduleId);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/analytics/schedules/:scheduleId/send',
    { schema: { tags, summary: 'Send the schedule’s last whole period now (its condition still applies); the next run stays as it was', params: ZScheduleParams, response: { 200: ZScheduleRun } }, config: manage },
    async (request) => analyticsLibrary.sendNow(requireAccess(request.actor, 'analytics.manage'), request.params.scheduleId),
  );
}

/** A report's file as a download, never cached by a shared cache. */
function sendReportFile(reply: FastifyReply, file: { fileName: string; contentType: string; body: string | Buffer }) {
  return reply.header('content-type', file.contentType).header('content-disposition', attachmentContentDisposition(file.fileName)).header('cache-control', 'private, no-cache').send(file.body);
}
