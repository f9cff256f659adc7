import { z } from 'zod';

/**
 * Analytics contracts: the metrics and dimensions a report is made of, the standard reports, a report's answer
 * (columns, rows, totals, sources and data-integrity flags), and the live dashboard's snapshot.
 */

export const ANALYTICS_METRICS = [
  'created',
  'resolved',
  'backlog',
  'backlog_age_median',
  'first_response_median',
  'first_response_p90',
  'response_average',
  'resolution_median',
  'resolution_p90',
  'sla_achievement',
  'sla_breaches',
  'csat_average',
  'csat_satisfied_rate',
  'csat_responses',
  'surveys_offered',
  'survey_response_rate',
  'escalations',
  'escalation_rate',
  'resolution_rate',
  'chat_handle_average',
] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

/** How a metric's values read: a count, a duration in seconds, a share 0..1, or a score 1..5. */
export const METRIC_UNITS = ['count', 'seconds', 'ratio', 'score'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

export const TIME_DIMENSIONS = ['hour', 'day', 'week', 'month'] as const;
export const ANALYTICS_DIMENSIONS = [...TIME_DIMENSIONS, 'channel', 'priority', 'type', 'category', 'language', 'team', 'agent', 'status', 'escalation_reason'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

export const CHART_TYPES = ['line', 'bar', 'pie', 'table'] as const;

export const STANDARD_REPORTS = ['volume', 'backlog', 'response_times', 'sla', 'satisfaction', 'agents', 'teams', 'channels', 'languages', 'priorities', 'categories', 'escalations'] as const;
export type StandardReportKey = (typeof STANDARD_REPORTS)[number];

/** A list in a query string: repeated (`?channel=a&channel=b`) or comma-separated (`?channel=a,b`). */
const ZList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item).max(50));

export const ZAnalyticsFilters = z.strictObject({
  channel: z.array(z.string().max(40)).max(50).optional(),
  priority: z.array(z.string().max(40)).max(50).optional(),
  type: z.array(z.string().max(40)).max(50).optional(),
  category: z.array(z.string().max(200)).max(50).optional(),
  language: z.array(z.enum(['en', 'fr'])).max(2).optional(),
  teamId: z.array(z.uuid()).max(50).optional(),
  agentId: z.array(z.uuid()).max(50).optional(),
});
export type TAnalyticsFilters = z.infer<typeof ZAnalyticsFilters>;

export const ZReportDefinition = z.strictObject({
  metrics: z.array(z.enum(ANALYTICS_METRICS)).min(1).max(8),
  groupBy: z.array(z.enum(ANALYTICS_DIMENSIONS)).max(2).default([]).describe('At most two dimensions; a time dimension first draws a series'),
  filters: ZAnalyticsFilters.default({}),
  chart: z.enum(CHART_TYPES).default('table'),
});
export type TReportDefinition = z.infer<typeof ZReportDefinition>;

/** The period and filters of a dashboard or report, as query parameters (lists comma-separated or repeated). */
export const ZAnalyticsQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('Start of the period (included); 30 days before `to` when not given'),
  to: z.iso.datetime({ offset: true }).optional().describe('End of the period (excluded); now when not given'),
  hours: z.enum(['business', 'calendar']).default('business').describe('Durations counted in the default business-hours calendar, or around the clock'),
  channel: ZList(z.string().max(40)).optional(),
  priority: ZList(z.string().max(40)).optional(),
  type: ZList(z.string().max(40)).optional(),
  category: ZList(z.string().max(200)).optional(),
  language: ZList(z.enum(['en', 'fr'])).optional(),
  teamId: ZList(z.uuid()).optional(),
  agentId: ZList(z.uuid()).optional(),
  lang: z.enum(['en', 'fr']).optional().describe('Language of the labels (exports); the user’s own when not given'),
});
export type TAnalyticsQuery = z.infer<typeof ZAnalyticsQuery>;

export const ZExportFormat = z.enum(['csv', 'xlsx', 'pdf']);

export const ZLabel = z.object({ en: z.string(), fr: z.string() });

export const ZReportColumn = z.object({
  key: z.string().describe('A dimension or metric key; row values are under it'),
  kind: z.enum(['dimension', 'metric']),
  unit: z.enum(METRIC_UNITS).nullable().describe('Metrics only'),
  label: ZLabel,
});

export const ZDataFlag = z.object({
  code: z.enum(['events_pending', 'rollup_rebuilding', 'rollup_failed', 'rollup_stale', 'integration_disconnected', 'percentiles_estimated']),
  message: ZLabel.describe('What is incomplete and why, to show on the widget instead of a number that looks whole'),
  sources: z.array(z.string()).describe('The sources the flag concerns'),
});
export type TDataFlag = z.infer<typeof ZDataFlag>;

export const ZScope = z.object({
  kind: z.enum(['workspace', 'teams', 'self']).describe('Admins see the workspace, managers their teams, agents their own tickets'),
  teamIds: z.array(z.uuid()),
  agentId: z.uuid().nullable(),
});

export const ZReportResult = z.object({
  key: z.string().nullable().describe('The standard report’s key, or null for a custom definition'),
  title: ZLabel,
  definition: ZReportDefinition,
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), timeZone: z.string(), hours: z.enum(['business', 'calendar']) }),
  scope: ZScope,
  columns: z.array(ZReportColumn),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).describe('One row per group; dimension values are keys (team and agent ids, ISO dates for time buckets)'),
  totals: z.record(z.string(), z.number().nullable()).describe('Each metric over the whole period and filters'),
  labels: z.record(z.string(), z.string()).describe('Display names of team and agent ids found in the rows'),
  sources: z.array(z.string()).describe('Where the numbers come from: `ticket_facts`, `daily_rollups`, `events`'),
  flags: z.array(ZDataFlag),
});
export type TReportResult = z.infer<typeof ZReportResult>;

export const ZReportKeyParams = z.strictObject({ key: z.enum(STANDARD_REPORTS) });

export const ZStandardReportSummary = z.object({ key: z.enum(STANDARD_REPORTS), title: ZLabel, definition: ZReportDefinition });
export const ZStandardReportList = z.object({ data: z.array(ZStandardReportSummary) });

export const ZAnalyticsCatalog = z.object({
  metrics: z.array(z.object({ key: z.enum(ANALYTICS_METRICS), label: ZLabel, unit: z.enum(METRIC_UNITS), basis: z.string().describe('The timestamp it counts by: created, resolved, first_response, breached, escalated, rated, or backlog (the end of the period)') })),
  dimensions: z.array(z.object({ key: z.enum(ANALYTICS_DIMENSIONS), label: ZLabel, isTime: z.boolean() })),
  timeZone: z.string().describe('The workspace’s time zone: days, weeks and months follow it'),
});

export const ZLiveSnapshot = z.object({
  at: z.iso.datetime(),
  timeZone: z.string().describe('The workspace’s time zone, which “today” follows'),
  scope: ZScope,
  openByStatus: z.array(z.object({ status: z.string(), statusCategory: z.string(), count: z.number().int() })),
  openTotal: z.number().int(),
  chatsWaiting: z.number().int(),
  longestWaitSeconds: z.number().int().nullable(),
  agentsOnline: z.number().int(),
  agentsAway: z.number().int(),
  slaAtRisk: z.number().int().describe('Tickets with a running SLA clock past its warning share, or late (as the “SLA at risk” view)'),
  today: z.object({ created: z.number().int(), resolved: z.number().int(), csatAverage: z.number().nullable(), csatResponses: z.number().int() }),
  sources: z.array(z.string()),
  flags: z.array(ZDataFlag),
});
export type TLiveSnapshot = z.infer<typeof ZLiveSnapshot>;

// ── Saved reports and schedules ───────────────────────────────────────────────────────────────────────────

export const ZSavedReportParams = z.strictObject({ reportId: z.uuid() });

export const ZSavedReport = z.object({
  id: z.uuid(),
  name: z.string(),
  definition: ZReportDefinition,
  ownerId: z.uuid(),
  sharedTeamId: z.uuid().nullable().describe('The team whose members see and run it; null: only its owner (and admins)'),
  isOwn: z.boolean().describe('Whether the caller may change or delete it (its owner, or an admin)'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TSavedReport = z.infer<typeof ZSavedReport>;
export const ZSavedReportList = z.object({ data: z.array(ZSavedReport), nextCursor: z.string().nullable() });

export const ZCreateSavedReportRequest = z.strictObject({
  name: z.string().trim().min(1).max(120),
  definition: ZReportDefinition,
  sharedTeamId: z.uuid().nullable().default(null).describe('Share with a team (admins and managers only)'),
});
export type TCreateSavedReportRequest = z.infer<typeof ZCreateSavedReportRequest>;
export const ZUpdateSavedReportRequest = z
  .strictObject({ name: ZCreateSavedReportRequest.shape.name, definition: ZReportDefinition, sharedTeamId: z.uuid().nullable() })
  .partial();
export type TUpdateSavedReportRequest = z.infer<typeof ZUpdateSavedReportRequest>;

export const SCHEDULE_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;

export const ZScheduleCondition = z.strictObject({
  metric: z.enum(ANALYTICS_METRICS),
  operator: z.enum(['below', 'above']),
  threshold: z.number().finite().describe('Compared with the metric’s total over the period, in its unit (a share 0..1, seconds, a count, a score)'),
});

const scheduleFields = {
  name: z.string().trim().min(1).max(120),
  reportKey: z.enum(STANDARD_REPORTS).nullable().describe('A standard report, or null with `savedReportId`'),
  savedReportId: z.uuid().nullable(),
  frequency: z.enum(SCHEDULE_FREQUENCIES).describe('daily: yesterday, weekly: last Monday to Sunday, monthly: last month — sent at 07:00 in the workspace’s time zone'),
  recipientIds: z.array(z.uuid()).min(1).max(50).describe('Staff members of the workspace who receive it'),
  format: z.enum(['xlsx', 'csv', 'pdf']),
  language: z.enum(['en', 'fr']),
  condition: ZScheduleCondition.nullable().describe('An alert: sent only when the metric’s total meets it (e.g. sla_achievement below 0.95)'),
  isEnabled: z.boolean(),
};

export const ZCreateScheduleRequest = z.strictObject({
  ...scheduleFields,
  reportKey: scheduleFields.reportKey.default(null),
  savedReportId: scheduleFields.savedReportId.default(null),
  format: scheduleFields.format.default('xlsx'),
  language: scheduleFields.language.default('en'),
  condition: scheduleFields.condition.default(null),
  isEnabled: scheduleFields.isEnabled.default(true),
});
export type TCreateScheduleRequest = z.infer<typeof ZCreateScheduleRequest>;
export const ZUpdateScheduleRequest = z.strictObject(scheduleFields).partial();
export type TUpdateScheduleRequest = z.infer<typeof ZUpdateScheduleRequest>;

export const ZScheduleParams = z.strictObject({ scheduleId: z.uuid() });

export const ZSchedule = z.object({
  id: z.uuid(),
  name: z.string(),
  reportKey: z.enum(STANDARD_REPORTS).nullable(),
  savedReportId: z.uuid().nullable(),
  frequency: z.enum(SCHEDULE_FREQUENCIES),
  recipientIds: z.array(z.uuid()),
  format: z.enum(['xlsx', 'csv', 'pdf']),
  language: z.enum(['en', 'fr']),
  condition: ZScheduleCondition.nullable(),
  isEnabled: z.boolean(),
  ownerId: z.uuid(),
  nextRunAt: z.iso.datetime(),
  lastRunAt: z.iso.datetime().nullable(),
  lastStatus: z.enum(['sent', 'condition_not_met', 'no_data', 'no_mail_server', 'failed']).nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TSchedule = z.infer<typeof ZSchedule>;
export const ZScheduleList = z.object({ data: z.array(ZSchedule), nextCursor: z.string().nullable() });
export const ZScheduleRun = z.object({
  status: z.enum(['sent', 'condition_not_met', 'no_data', 'no_mail_server', 'failed']).describe('no_data: the alert’s metric has no value for the period (e.g. no ticket resolved)'),
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  total: z.number().nullable().describe('The condition metric’s total, when there is a condition'),
  recipients: z.number().int(),
});
export type TScheduleRun = z.infer<typeof ZScheduleRun>;
