import { DateTime } from 'luxon';
import { sql, type SQL } from 'drizzle-orm';
import { validationError } from '../../shared/errors.js';
import { METRICS, ROLLUP_DIMENSIONS, type MetricBasis } from './analytics-catalog.js';
import { TIME_DIMENSIONS, type AnalyticsDimension, type AnalyticsMetric, type TAnalyticsFilters, type TReportDefinition } from './analytics.schema.js';

/** Who the numbers are about: the whole workspace, some teams' tickets, or one agent's. */
export type Scope = { kind: 'workspace'; teamIds: string[]; agentId: null } | { kind: 'teams'; teamIds: string[]; agentId: null } | { kind: 'self'; teamIds: string[]; agentId: string };

export interface QueryContext {
  workspaceId: string;
  from: Date;
  to: Date;
  timeZone: string;
  hours: 'business' | 'calendar';
  scope: Scope;
}

export type ResultRow = Record<string, string | number | null>;

const MAX_PERIOD_DAYS = 400;
const MAX_HOUR_BUCKET_DAYS = 31;
const isTime = (dimension: AnalyticsDimension) => (TIME_DIMENSIONS as readonly string[]).includes(dimension);

/** Checks what SQL cannot: dimensions once each, a time dimension first, periods the buckets can hold. */
export function checkDefinition(definition: TReportDefinition, context: QueryContext): void {
  const { groupBy, metrics } = definition;
  if (new Set(groupBy).size !== groupBy.length) throw validationError('groupBy', 'a dimension may be used once');
  if (new Set(metrics).size !== metrics.length) throw validationError('metrics', 'a metric may be used once');
  if (groupBy.filter(isTime).length > 1) throw validationError('groupBy', 'at most one time dimension (hour, day, week or month)');
  if (groupBy[1] && isTime(groupBy[1])) throw validationError('groupBy', 'a time dimension comes first');
  const days = (context.to.getTime() - context.from.getTime()) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) throw validationError('from', `a period is at most ${MAX_PERIOD_DAYS} days`);
  if (groupBy.includes('hour') && days > MAX_HOUR_BUCKET_DAYS) throw validationError('groupBy', `hours are for periods of at most ${MAX_HOUR_BUCKET_DAYS} days`);
  if (groupBy.some(isTime) && metrics.some((metric) => METRICS[metric].basis === 'backlog')) {
    throw validationError('metrics', 'the backlog is counted at the end of the period: group it by something other than time');
  }
}

/** Whether the daily rollups can answer: their metrics, dimensions and filters only, whole days, no single-agent scope. */
export function canUseRollups(definition: TReportDefinition, context: QueryContext): boolean {
  if (context.scope.kind === 'self') return false;
  if (!definition.metrics.every((metric) => METRICS[metric].isInRollups)) return false;
  if (!definition.groupBy.every((dimension) => ROLLUP_DIMENSIONS.has(dimension))) return false;
  const { filters } = definition;
  if (filters.type?.length || filters.category?.length || filters.agentId?.length) return false;
  return isLocalMidnight(context.from, context.timeZone) && isLocalMidnight(context.to, context.timeZone);
}

function isLocalMidnight(at: Date, timeZone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return local.toMillis() === local.startOf('day').toMillis();
}

// ── Facts ─────────────────────────────────────────────────────────────────────────────────────────────────

const BASIS_COLUMN: Record<Exclude<MetricBasis, 'backlog'>, string> = {
  created: 'created_at',
  resolved: 'resolved_at',
  first_response: 'first_response_at',
  breached: 'first_breached_at',
  escalated: 'escalated_at',
  rated: 'rated_at',
  offered: 'survey_offered_at',
};

function factMetricSql(metric: AnalyticsMetric, context: QueryContext): SQL {
  const business = context.hours === 'business';
  const firstResponse = sql.raw(business ? 'first_response_business_seconds' : 'first_response_seconds');
  const resolution = sql.raw(business ? 'resolution_business_seconds' : 'resolution_seconds');
  const replyWait = sql.raw(business ? 'reply_wait_business_seconds' : 'reply_wait_seconds');
  switch (metric) {
    case 'created':
    case 'resolved':
    case 'backlog':
    case 'sla_breaches':
    case 'escalations':
    case 'csat_responses':
    case 'surveys_offered':
      return sql`count(*)::int`;
    case 'backlog_age_median':
      return sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (${context.to.toISOString()}::timestamptz - created_at)))`;
    case 'first_response_median':
      return sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${firstResponse})`;
    case 'first_response_p90':
      return sql`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${firstResponse})`;
    case 'response_average':
      return sql`sum(${replyWait})::float8 / nullif(sum(reply_count), 0)`;
    case 'resolution_median':
      return sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${resolution})`;
    case 'resolution_p90':
      return sql`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${resolution})`;
    case 'sla_achievement':
      return sql`1 - (count(*) FILTER (WHERE sla_breaches > 0))::float8 / nullif(count(*), 0)`;
    case 'csat_average':
      return sql`avg(csat_rating)::float8`;
    case 'csat_satisfied_rate':
      return sql`avg((csat_rating >= 4)::int)::float8`;
    case 'survey_response_rate':
      return sql`(count(rated_at))::float8 / nullif(count(*), 0)`;
    case 'escalation_rate':
      return sql`(count(escalated_at))::float8 / nullif(count(*), 0)`;
    case 'resolution_rate':
      return sql`(count(resolved_at))::float8 / nullif(count(*), 0)`;
    case 'chat_handle_average':
      return sql`(avg(handle_seconds) FILTER (WHERE channel = 'chat'))::float8`;
  }
}

function factDimensionSql(dimension: AnalyticsDimension, basisColumn: SQL, context: QueryContext): SQL {
  switch (dimension) {
    case 'hour':
    case 'day':
    case 'week':
    case 'month':
      return timeBucketSql(dimension, basisColumn, context);
    // Grouped as uuids (cheaper to compare than their text); they reach the caller as strings all the same.
    case 'team':
      return sql`team_id`;
    case 'agent':
      return sql`assignee_id`;
    case 'status':
      return sql`status`;
    case 'escalation_reason':
      return sql`escalation_reason`;
    case 'channel':
    case 'priority':
    case 'type':
    case 'category':
    case 'language':
      return sql.raw(dimension);
  }
}

function factFiltersSql(filters: TAnalyticsFilters, scope: Scope): SQL[] {
  const conditions: SQL[] = [];
  const list = (column: string, values: string[] | undefined, cast = '') => {
    if (values?.length) conditions.push(sql`${sql.raw(column)} IN (${sql.join(values.map((value) => sql`${value}${sql.raw(cast)}`), sql`, `)})`);
  };
  list('channel', filters.channel);
  list('priority', filters.priority);
  list('type', filters.type);
  list('category', filters.category);
  list('language', filters.language);
  list('team_id', filters.teamId, '::uuid');
  list('assignee_id', filters.agentId, '::uuid');
  if (scope.kind === 'self') conditions.push(sql`assignee_id = ${scope.agentId}::uuid`);
  if (scope.kind === 'teams') {
    conditions.push(scope.teamIds.length ? sql`team_id IN (${sql.join(scope.teamIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`);
  }
  return conditions;
}

/**
 * The statement over `source` (rows carrying their dimensions as d0, d1): grouped, and with the total of the whole
 * period in the same scan (GROUPING SETS), its row marked `is_total`.
 */
function groupedWithTotal(definition: TReportDefinition, source: SQL, values: SQL[]): SQL {
  if (definition.groupBy.length === 0) return sql`SELECT true AS is_total, ${sql.join(values, sql`, `)} FROM ${source}`;
  const keys = sql.raw(definition.groupBy.map((_, index) => `d${index}`).join(', '));
  return sql`SELECT ${keys}, GROUPING(${keys}) > 0 AS is_total, ${sql.join(values, sql`, `)} FROM ${source} GROUP BY GROUPING SETS ((${keys}), ())`;
}

/** The facts a basis counts in the period, each with its dimensions as d0, d1 (a FROM item aliased `f`). */
function periodFacts(basis: MetricBasis, definition: TReportDefinition, context: QueryContext): SQL {
  const basisColumn = sql.raw(basis === 'backlog' ? 'created_at' : BASIS_COLUMN[basis]);
  const filters = [sql`workspace_id = ${context.workspaceId}`, ...factFiltersSql(definition.filters, context.scope)];
  const dimensions = definition.groupBy.map((dimension, index) => sql`${factDimensionSql(dimension, basisColumn, context)} AS ${sql.raw(`d${index}`)}`);
  const select = (period: SQL) => sql`SELECT ${sql.join([...dimensions, sql.raw('analytics_ticket_facts.*')], sql`, `)} FROM analytics_ticket_facts WHERE ${sql.join([...filters, period], sql` AND `)}`;
  const to = context.to.toISOString();
  // The backlog at `to`: open now, or resolved only after it; two parts so each reads its own index.
  return basis === 'backlog'
    ? sql`(${select(sql`resolved_at IS NULL AND created_at < ${to}::timestamptz`)} UNION ALL ${select(sql`resolved_at >= ${to}::timestamptz AND created_at < ${to}::timestamptz`)}) AS f`
    : sql`(${select(sql`${basisColumn} >= ${context.from.toISOString()}::timestamptz AND ${basisColumn} < ${to}::timestamptz`)}) AS f`;
}

/** One query per basis: the metrics counted by that timestamp, grouped and in total, over the facts. */
export function factQueries(definition: TReportDefinition, context: QueryContext): Array<{ metrics: AnalyticsMetric[]; query: SQL }> {
  const bases = new Map<MetricBasis, AnalyticsMetric[]>();
  for (const metric of definition.metrics) bases.set(METRICS[metric].basis, [...(bases.get(METRICS[metric].basis) ?? []), metric]);
  return [...bases.entries()].map(([basis, metrics]) => {
    const values = metrics.map((metric) => sql`${factMetricSql(metric, context)} AS ${sql.raw(`"${metric}"`)}`);
    return { metrics, query: groupedWithTotal(definition, periodFacts(basis, definition, context), values) };
  });
}

// ── Estimated percentiles ─────────────────────────────────────────────────────────────────────────────────

/** The duration percentiles a histogram can estimate, by the duration they are of. */
const PERCENTILES: Partial<Record<AnalyticsMetric, { measure: 'first_response' | 'resolution'; share: number }>> = {
  first_response_median: { measure: 'first_response', share: 0.5 },
  first_response_p90: { measure: 'first_response', share: 0.9 },
  resolution_median: { measure: 'resolution', share: 0.5 },
  resolution_p90: { measure: 'resolution', share: 0.9 },
};
/** Buckets per unit of ln(1 + seconds): each spans 2.5% of its durations, so an estimate is within about 1.3%. */
export const HISTOGRAM_RESOLUTION = 40;

export interface HistogramQuery {
  measure: 'first_response' | 'resolution';
  metrics: AnalyticsMetric[];
  /** Rows: the dimensions (d0, d1), `is_total`, bucket `b` and its count `n`. */
  query: SQL;
}

/**
 * For each duration whose percentiles the definition asks, the period's durations counted in logarithmic buckets,
 * grouped and in total: a hash count with no sort, where percentile_cont sorts every duration of the period (twice,
 * with the total). The caller turns them into percentiles (`estimatePercentile`) when there are many.
 */
export function histogramQueries(definition: TReportDefinition, context: QueryContext): HistogramQuery[] {
  const measures = new Map<'first_response' | 'resolution', AnalyticsMetric[]>();
  for (const metric of definition.metrics) {
    const percentile = PERCENTILES[metric];
    if (percentile) measures.set(percentile.measure, [...(measures.get(percentile.measure) ?? []), metric]);
  }
  const business = context.hours === 'business';
  return [...measures.entries()].map(([measure, metrics]) => {
    const column = sql.raw(measure === 'first_response' ? (business ? 'first_response_business_seconds' : 'first_response_seconds') : business ? 'resolution_business_seconds' : 'resolution_seconds');
    const keys = definition.groupBy.map((_, index) => `d${index}`);
    const source = sql`(SELECT ${sql.raw([...keys, ''].join(', '))}floor(ln(1 + greatest(${column}, 0)) * ${sql.raw(String(HISTOGRAM_RESOLUTION))})::int AS b FROM ${periodFacts(METRICS[metrics[0]!].basis, definition, context)} WHERE ${column} IS NOT NULL) AS h`;
    const query =
      keys.length === 0
        ? sql`SELECT true AS is_total, b, count(*)::int AS n FROM ${source} GROUP BY b`
        : sql`SELECT ${sql.raw(keys.join(', '))}, GROUPING(${sql.raw(keys.join(', '))}) > 0 AS is_total, b, count(*)::int AS n FROM ${source} GROUP BY GROUPING SETS ((${sql.raw([...keys, 'b'].join(', '))}), (b))`;
    return { measure, metrics, query };
  });
}

/**
 * What a report runs: one statement over the rollups; or over the facts, one statement per basis for the metrics
 * other than duration percentiles and one histogram per duration whose percentiles are asked.
 */
export function reportStatements(definition: TReportDefinition, context: QueryContext, useRollups: boolean): { statements: SQL[]; histograms: HistogramQuery[] } {
  if (useRollups) return { statements: [rollupQuery(definition, context)], histograms: [] };
  const histograms = histogramQueries(definition, context);
  const metrics = definition.metrics.filter((metric) => !histograms.some((histogram) => histogram.metrics.includes(metric)));
  return { statements: metrics.length > 0 ? factQueries({ ...definition, metrics }, context).map(({ query }) => query) : [], histograms };
}

export function percentileShareOf(metric: AnalyticsMetric): number {
  return PERCENTILES[metric]!.share;
}

/**
 * A percentile as percentile_cont would give it, from bucket counts: the durations of the bucket holding its rank
 * are taken as spread evenly across the bucket.
 */
export function estimatePercentile(buckets: Array<{ b: number; n: number }>, share: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.b - b.b);
  const total = sorted.reduce((sum, bucket) => sum + bucket.n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let before = 0;
    for (const { b, n } of sorted) {
      if (rank < before + n) {
        const low = Math.expm1(b / HISTOGRAM_RESOLUTION);
        const high = Math.expm1((b + 1) / HISTOGRAM_RESOLUTION);
        return low + ((high - low) * (rank - before + 0.5)) / n;
      }
      before += n;
    }
    return Math.expm1((sorted[sorted.length - 1]!.b + 1) / HISTOGRAM_RESOLUTION);
  };
  const rank = share * (total - 1);
  const below = Math.floor(rank);
  return valueAt(below) + (valueAt(Math.ceil(rank)) - valueAt(below)) * (rank - below);
}

// ── Rollups ───────────────────────────────────────────────────────────────────────────────────────────────

function rollupMetricSql(metric: AnalyticsMetric): SQL {
  switch (metric) {
    case 'created':
      return sql`coalesce(sum(created), 0)::int`;
    case 'resolved':
      return sql`coalesce(sum(resolved), 0)::int`;
    case 'sla_achievement':
      return sql`1 - sum(resolved_breached)::float8 / nullif(sum(resolved), 0)`;
    case 'sla_breaches':
      return sql`coalesce(sum(sla_breaches), 0)::int`;
    case 'csat_average':
      return sql`sum(csat_sum)::float8 / nullif(sum(csat_responses), 0)`;
    case 'csat_satisfied_rate':
      return sql`sum(csat_satisfied)::float8 / nullif(sum(csat_responses), 0)`;
    case 'csat_responses':
      return sql`coalesce(sum(csat_responses), 0)::int`;
    case 'surveys_offered':
      return sql`coalesce(sum(surveys_offered), 0)::int`;
    case 'survey_response_rate':
      return sql`sum(surveys_answered)::float8 / nullif(sum(surveys_offered), 0)`;
    case 'escalations':
      return sql`coalesce(sum(escalations), 0)::int`;
    case 'escalation_rate':
      return sql`sum(created_escalated)::float8 / nullif(sum(created), 0)`;
    case 'resolution_rate':
      return sql`sum(created_resolved)::float8 / nullif(sum(created), 0)`;
    default:
      throw new Error(`${metric} is not in the rollups`);
  }
}

function rollupDimensionSql(dimension: AnalyticsDimension): SQL {
  switch (dimension) {
    case 'day':
      return sql`to_char(day, 'YYYY-MM-DD')`;
    case 'week':
      return sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')`;
    case 'month':
      return sql`to_char(day, 'YYYY-MM')`;
    case 'team':
      return sql`nullif(team_key, '')`;
    case 'channel':
    case 'priority':
    case 'language':
      return sql.raw(dimension);
    default:
      throw new Error(`${dimension} is not in the rollups`);
  }
}

/** One query over the daily rollups for every metric of the definition, grouped and in total (each counter already sits on its own day). */
export function rollupQuery(definition: TReportDefinition, context: QueryContext): SQL {
  const fromDay = DateTime.fromJSDate(context.from, { zone: context.timeZone }).toISODate()!;
  const toDay = DateTime.fromJSDate(context.to, { zone: context.timeZone }).toISODate()!;
  const conditions = [sql`workspace_id = ${context.workspaceId}`, sql`day >= ${fromDay}::date`, sql`day < ${toDay}::date`];
  const list = (column: string, values: string[] | undefined) => {
    if (values?.length) conditions.push(sql`${sql.raw(column)} IN (${sql.join(values.map((value) => sql`${value}`), sql`, `)})`);
  };
  const { filters, scope } = { filters: definition.filters, scope: context.scope };
  list('channel', filters.channel);
  list('priority', filters.priority);
  list('language', filters.language);
  list('team_key', filters.teamId);
  if (scope.kind === 'teams') conditions.push(scope.teamIds.length ? sql`team_key IN (${sql.join(scope.teamIds.map((id) => sql`${id}`), sql`, `)})` : sql`false`);
  const dimensions = definition.groupBy.map((dimension, index) => sql`${rollupDimensionSql(dimension)} AS ${sql.raw(`d${index}`)}`);
  const values = definition.metrics.map((metric) => sql`${rollupMetricSql(metric)} AS ${sql.raw(`"${metric}"`)}`);
  const rows = sql`(SELECT ${sql.join([...dimensions, sql.raw('analytics_daily_rollups.*')], sql`, `)} FROM analytics_daily_rollups WHERE ${sql.join(conditions, sql` AND `)}) AS r`;
  return groupedWithTotal(definition, rows, values);
}

// ── Time buckets ──────────────────────────────────────────────────────────────────────────────────────────

/** Every bucket of the period for a time dimension, as the queries write them, so a quiet day shows as zero. */
export function timeBuckets(dimension: AnalyticsDimension, context: Pick<QueryContext, 'from' | 'to' | 'timeZone'>): string[] {
  return bucketsOf(dimension, context).map((bucket) => bucket.label);
}

function bucketsOf(dimension: AnalyticsDimension, context: Pick<QueryContext, 'from' | 'to' | 'timeZone'>): Array<{ label: string; start: Date }> {
  const unit = dimension === 'hour' ? 'hour' : dimension === 'day' ? 'day' : dimension === 'week' ? 'week' : 'month';
  const format = dimension === 'hour' ? "yyyy-MM-dd'T'HH':00'" : dimension === 'month' ? 'yyyy-MM' : 'yyyy-MM-dd';
  const end = DateTime.fromJSDate(context.to, { zone: context.timeZone });
  const buckets: Array<{ label: string; start: Date }> = [];
  for (let at = DateTime.fromJSDate(context.from, { zone: context.timeZone }).startOf(unit); at < end; at = at.plus({ [unit]: 1 })) buckets.push({ label: at.toFormat(format), start: at.toJSDate() });
  return buckets;
}

/**
 * A fact's time bucket as its label: a binary search of the period's bucket starts (`width_bucket`), worked out here
 * in the workspace's time zone, instead of converting every fact's time to local time and formatting it (about half
 * of a long period's query). Every fact of the period falls in a bucket: the first starts at or before `from`.
 */
function timeBucketSql(dimension: AnalyticsDimension, basisColumn: SQL, context: QueryContext): SQL {
  const buckets = bucketsOf(dimension, context);
  const starts = `{${buckets.map((bucket) => bucket.start.toISOString()).join(',')}}`;
  const labels = `{${buckets.map((bucket) => bucket.label).join(',')}}`;
  return sql`(${labels}::text[])[width_bucket(${basisColumn}, ${starts}::timestamptz[])]`;
}
