import { sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { validationError } from '../../shared/errors.js';
import type { Actor } from '../auth/permissions.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { UsersService } from '../users/users.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { DIMENSION_LABELS, METRICS, STANDARD_REPORT_DEFINITIONS } from './analytics-catalog.js';
import { canUseRollups, checkDefinition, estimatePercentile, factQueries, percentileShareOf, reportStatements, timeBuckets, type HistogramQuery, type QueryContext, type ResultRow, type Scope } from './analytics-query.js';
import { exportFileName, reportToCsv, reportToXlsx } from './analytics-export.js';
import { reportToPdf } from './analytics-pdf.js';
import type { AnalyticsRepository } from './analytics.repository.js';
import {
  TIME_DIMENSIONS,
  type AnalyticsDimension,
  type StandardReportKey,
  type TAnalyticsFilters,
  type TAnalyticsQuery,
  type TDataFlag,
  type TLiveSnapshot,
  type TReportDefinition,
  type TReportResult,
} from './analytics.schema.js';

const DEFAULT_PERIOD_DAYS = 30;
/** Sorting this many durations stays well inside a report's time budget; a 90-day period of a large team holds 20 times more. */
const EXACT_PERCENTILE_LIMIT = 20_000;
/** Events waiting longer than this for their dispatch mean the numbers lag behind: the widgets say so. */
const PENDING_EVENTS_GRACE_MS = 10_000;
/** As the “SLA at risk” view counts them: clocks past their warning share, or late. */
const AT_RISK_WITHIN_MINUTES = 0;

/** What the live dashboard reads of other modules, through their services. */
export interface LiveSources {
  summarizeWaitingChats(workspaceId: string, scope: Scope): Promise<{ count: number; oldestSince: Date | null }>;
  countAgentsByAvailability(workspaceId: string): Promise<{ online: number; away: number }>;
  countSlaAtRisk(workspaceId: string, withinMinutes: number, scope: Scope): Promise<number>;
  listDisconnectedIntegrations(workspaceId: string): Promise<Array<{ source: string; reason: string }>>;
}

/**
 * Reports and dashboards: a definition (metrics, dimensions, filters) is answered over the daily rollups when they
 * hold everything it asks, else over the ticket facts, always within the caller's scope (admins the workspace,
 * managers their teams, agents their own tickets), with the sources it read and a flag for anything incomplete.
 */
export class AnalyticsReportsService {
  private liveSources: LiveSources | undefined;

  constructor(
    private readonly db: Database,
    private readonly repository: AnalyticsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly users: UsersService,
    private readonly outbox: Pick<OutboxService, 'summarizePending'>,
    private readonly clock: Clock,
    /** Up to how many durations a percentile is computed exactly; beyond, it is estimated from a histogram (and flagged). */
    private readonly exactPercentileLimit = EXACT_PERCENTILE_LIMIT,
  ) {}

  useLiveSources(sources: LiveSources): void {
    this.liveSources = sources;
  }

  async getCatalog(actor: Actor) {
    const workspace = await this.workspaces.get(actor.workspaceId);
    return {
      metrics: Object.entries(METRICS).map(([key, spec]) => ({ key: key as keyof typeof METRICS, label: spec.label, unit: spec.unit, basis: spec.basis })),
      dimensions: Object.entries(DIMENSION_LABELS).map(([key, label]) => ({ key: key as AnalyticsDimension, label, isTime: (TIME_DIMENSIONS as readonly string[]).includes(key) })),
      timeZone: workspace.timeZone,
    };
  }

  listStandardReports() {
    return { data: Object.entries(STANDARD_REPORT_DEFINITIONS).map(([key, report]) => ({ key: key as StandardReportKey, ...report })) };
  }

  async runStandardReport(actor: Actor, key: StandardReportKey, query: TAnalyticsQuery): Promise<TReportResult> {
    const report = STANDARD_REPORT_DEFINITIONS[key];
    return this.run(actor, report.definition, query, { key, title: report.title });
  }

  async runCustomReport(actor: Actor, definition: TReportDefinition, query: TAnalyticsQuery): Promise<TReportResult> {
    return this.run(actor, definition, query, { key: null, title: { en: 'Custom report', fr: 'Rapport personnalisé' } });
  }

  /** A report as a file: CSV, XLSX or PDF (with its chart), labelled in `lang` or else the user's language. */
  async exportReport(actor: Actor, report: StandardReportKey | TReportDefinition, query: TAnalyticsQuery, format: 'csv' | 'xlsx' | 'pdf', name?: string): Promise<{ fileName: string; contentType: string; body: string | Buffer }> {
    const run = typeof report === 'string' ? await this.runStandardReport(actor, report, query) : await this.runCustomReport(actor, report, query);
    const result = name ? { ...run, title: { en: name, fr: name } } : run;
    const language = query.lang ?? (await this.users.get(actor, actor.userId)).language;
    if (format === 'csv') return { fileName: exportFileName(result, 'csv'), contentType: 'text/csv; charset=utf-8', body: reportToCsv(result, language) };
    if (format === 'pdf') return { fileName: exportFileName(result, 'pdf'), contentType: 'application/pdf', body: await reportToPdf(result, language) };
    return { fileName: exportFileName(result, 'xlsx'), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await reportToXlsx(result, language) };
  }

  private async run(actor: Actor, baseDefinition: TReportDefinition, query: TAnalyticsQuery, meta: { key: string | null; title: { en: string; fr: string } }): Promise<TReportResult> {
    const workspace = await this.workspaces.get(actor.workspaceId);
    const timeZone = workspace.timeZone;
    const { from, to } = this.periodOf(query, timeZone);
    const scope = await this.scopeOf(actor);
    const definition: TReportDefinition = { ...baseDefinition, filters: mergeFilters(baseDefinition.filters, query) };
    const context: QueryContext = { workspaceId: actor.workspaceId, from, to, timeZone, hours: query.hours, scope };
    checkDefinition(definition, context);
    const useRollups = canUseRollups(definition, context);
    const [{ rows: grouped, totals, estimatedFrom }, workspaceFlags] = await Promise.all([this.query(definition, context, useRollups), this.flagsOf(actor.workspaceId, timeZone)]);
    const rows = fillTimeBuckets(definition, context, grouped);
    const flags = estimatedFrom > 0 ? [...workspaceFlags, estimatedPercentilesFlag(estimatedFrom)] : workspaceFlags;
    return {
      key: meta.key,
      title: meta.title,
      definition,
      period: { from: from.toISOString(), to: to.toISOString(), timeZone, hours: query.hours },
      scope,
      columns: [
        ...definition.groupBy.map((dimension) => ({ key: dimension, kind: 'dimension' as const, unit: null, label: DIMENSION_LABELS[dimension] })),
        ...definition.metrics.map((metric) => ({ key: metric, kind: 'metric' as const, unit: METRICS[metric].unit, label: METRICS[metric].label })),
      ],
      rows,
      totals: Object.fromEntries(definition.metrics.map((metric) => [metric, numberOrNull(totals[metric])])),
      labels: await this.labelsOf(actor.workspaceId, definition.groupBy, rows),
      sources: useRollups ? ['daily_rollups'] : ['ticket_facts'],
      flags,
    };
  }

  /**
   * The grouped rows and the period's totals; each statement answers both in one scan. Duration percentiles over more
   * than `exactPercentileLimit` durations are estimated from histograms (`estimatedFrom`: how many durations).
   */
  private async query(definition: TReportDefinition, context: QueryContext, useRollups: boolean): Promise<{ rows: ResultRow[]; totals: ResultRow; estimatedFrom: number }> {
    const { statements, histograms } = reportStatements(definition, context, useRollups);
    // Side by side, each in its own transaction with room to sort a period's durations in memory: on PostgreSQL they
    // run on connections of their own (a report over the facts is as slow as its slowest statement, not their sum).
    // That is the report's parallelism: parallel workers on top of it only queue for the same cores (a 90-day report
    // of a million tickets took half as long again with them).
    const run = <T>(statement: SQL) =>
      this.db.transaction(async (tx) => {
        await this.repository.run(tx, sql`SET LOCAL work_mem = '32MB'`);
        await this.repository.run(tx, sql`SET LOCAL max_parallel_workers_per_gather = 0`);
        return this.repository.run<T>(tx, statement);
      });
    type Answer = Array<ResultRow & { is_total: boolean }>;
    const [answers, counted] = await Promise.all([Promise.all(statements.map((statement) => run<Answer[number]>(statement))), Promise.all(histograms.map((histogram) => run<HistogramRow>(histogram.query)))]);
    // A few durations are sorted exactly (what a small team's report reads); many are estimated.
    let estimatedFrom = 0;
    const exact: SQL[] = [];
    histograms.forEach((histogram, index) => {
      const rows = counted[index]!;
      const durations = rows.filter((row) => row.is_total).reduce((sum, row) => sum + Number(row.n), 0);
      if (durations <= this.exactPercentileLimit) exact.push(factQueries({ ...definition, metrics: histogram.metrics }, context)[0]!.query);
      else {
        answers.push(estimatedAnswer(definition, histogram, rows));
        estimatedFrom = Math.max(estimatedFrom, durations);
      }
    });
    answers.push(...(await Promise.all(exact.map((statement) => run<Answer[number]>(statement)))));

    // One answer per basis (the timestamp each metric counts by), merged by their dimensions' values.
    const merged = new Map<string, ResultRow>();
    let totals: ResultRow = {};
    for (const answer of answers) {
      const totalRows = answer.filter((row) => row.is_total);
      for (const row of totalRows) totals = { ...totals, ...normalise({ ...definition, groupBy: [] }, [row])[0] };
      if (definition.groupBy.length === 0) continue;
      for (const row of normalise(definition, answer.filter((row) => !row.is_total))) {
        const key = JSON.stringify(definition.groupBy.map((dimension) => row[dimension]));
        merged.set(key, { ...merged.get(key), ...row });
      }
    }
    return { rows: [...merged.values()], totals, estimatedFrom };
  }

  /** Period of the query: by default the 30 days before today ends, whole days in the workspace's time zone. */
  private periodOf(query: TAnalyticsQuery, timeZone: string): { from: Date; to: Date } {
    const now = DateTime.fromJSDate(this.clock.now(), { zone: timeZone });
    const to = query.to ? new Date(query.to) : now.startOf('day').plus({ days: 1 }).toJSDate();
    const from = query.from ? new Date(query.from) : DateTime.fromJSDate(to, { zone: timeZone }).minus({ days: DEFAULT_PERIOD_DAYS }).toJSDate();
    if (from.getTime() >= to.getTime()) throw validationError('from', 'must be before `to`');
    return { from, to };
  }

  /** Admins (and anyone else with a workspace-wide role) see everything, managers their teams (all without one), agents their own tickets. */
  async scopeOf(actor: Actor): Promise<Scope> {
    if (actor.role === 'agent') return { kind: 'self', teamIds: [], agentId: actor.userId };
    if (actor.role === 'manager') {
      const teamIds = await this.users.findTeamIdsOfUser(this.db, actor.workspaceId, actor.userId);
      if (teamIds.length > 0) return { kind: 'teams', teamIds, agentId: null };
    }
    return { kind: 'workspace', teamIds: [], agentId: null };
  }

  private async flagsOf(workspaceId: string, timeZone: string): Promise<TDataFlag[]> {
    const flags: TDataFlag[] = [];
    const now = this.clock.now();
    const pending = await this.outbox.summarizePending(workspaceId);
    if (pending.oldest && now.getTime() - pending.oldest.getTime() > PENDING_EVENTS_GRACE_MS) {
      const minutes = Math.max(1, Math.round((now.getTime() - pending.oldest.getTime()) / 60_000));
      flags.push({
        code: 'events_pending',
        message: {
          en:
            pending.count === 1
              ? `1 event from the last ${minutes} min is not counted yet: the event dispatch is behind.`
              : `${pending.count} events from the last ${minutes} min are not counted yet: the event dispatch is behind.`,
          fr:
            pending.count === 1
              ? `1 événement des ${minutes} dernières minutes n’est pas encore compté : la distribution des événements a du retard.`
              : `${pending.count} événements des ${minutes} dernières minutes ne sont pas encore comptés : la distribution des événements a du retard.`,
        },
        sources: ['events'],
      });
    }
    const state = await this.repository.findState(this.db, workspaceId);
    if (state?.rebuildStatus === 'rebuilding' || state?.rebuildStatus === 'pending') {
      flags.push({ code: 'rollup_rebuilding', message: { en: 'The figures are being built from the ticket history: they are incomplete until it ends.', fr: 'Les chiffres sont en cours de calcul à partir de l’historique des billets : ils sont incomplets jusqu’à la fin.' }, sources: ['ticket_facts', 'daily_rollups'] });
    } else if (state?.rebuildStatus === 'failed') {
      flags.push({
        code: 'rollup_failed',
        message: { en: `The last rebuild of the figures failed (${state.rebuildError ?? 'unknown error'}): they may be incomplete.`, fr: `La dernière reconstruction des chiffres a échoué (${state.rebuildError ?? 'erreur inconnue'}) : ils peuvent être incomplets.` },
        sources: ['ticket_facts', 'daily_rollups'],
      });
    }
    if (state && state.timeZone !== timeZone) {
      flags.push({
        code: 'rollup_stale',
        message: {
          en: `Daily totals still follow the former time zone (${state.timeZone}) until they are rebuilt.`,
          fr: `Les totaux quotidiens suivent encore l’ancien fuseau horaire (${state.timeZone}) jusqu’à leur reconstruction.`,
        },
        sources: ['daily_rollups'],
      });
    }
    for (const integration of (await this.liveSources?.listDisconnectedIntegrations(workspaceId)) ?? []) {
      flags.push({
        code: 'integration_disconnected',
        message: { en: `${integration.source} is disconnected (${integration.reason}): its messages may be missing.`, fr: `${integration.source} est déconnecté (${integration.reason}) : ses messages peuvent manquer.` },
        sources: [integration.source],
      });
    }
    return flags;
  }

  private async labelsOf(workspaceId: string, groupBy: AnalyticsDimension[], rows: ResultRow[]): Promise<Record<string, string>> {
    const ids = (dimension: AnalyticsDimension) => [...new Set(rows.map((row) => row[dimension]).filter((value): value is string => typeof value === 'string'))];
    const labels: Record<string, string> = {};
    if (groupBy.includes('agent')) for (const [id, name] of await this.users.findNames(this.db, workspaceId, ids('agent'))) labels[id] = name;
    if (groupBy.includes('team')) for (const [id, name] of await this.users.findTeamNames(this.db, workspaceId, ids('team'))) labels[id] = name;
    return labels;
  }

  // ── Live ──────────────────────────────────────────────────────────────────────────────────────────────

  async getLive(actor: Actor): Promise<TLiveSnapshot> {
    const sources = this.liveSources;
    if (!sources) throw new Error('the live sources are not wired');
    const workspace = await this.workspaces.get(actor.workspaceId);
    const scope = await this.scopeOf(actor);
    const now = this.clock.now();
    const startOfDay = DateTime.fromJSDate(now, { zone: workspace.timeZone }).startOf('day').toJSDate();
    // Today so far: up to the end of the local day (DST days are 23 to 25 hours long).
    const endOfDay = DateTime.fromJSDate(now, { zone: workspace.timeZone }).startOf('day').plus({ days: 1 }).toJSDate();
    const context: QueryContext = { workspaceId: actor.workspaceId, from: startOfDay, to: endOfDay, timeZone: workspace.timeZone, hours: 'calendar', scope };
    const open = await this.repository.countOpenByStatus(this.db, actor.workspaceId, scopeSql(scope));
    const waiting = await sources.summarizeWaitingChats(actor.workspaceId, scope);
    const agents = await sources.countAgentsByAvailability(actor.workspaceId);
    const slaAtRisk = await sources.countSlaAtRisk(actor.workspaceId, AT_RISK_WITHIN_MINUTES, scope);
    const todayDefinition: TReportDefinition = { metrics: ['created', 'resolved', 'csat_average', 'csat_responses'], groupBy: [], filters: {}, chart: 'table' };
    const { totals: today } = await this.query(todayDefinition, context, canUseRollups(todayDefinition, context));
    const flags = await this.flagsOf(actor.workspaceId, workspace.timeZone);
    return {
      at: now.toISOString(),
      timeZone: workspace.timeZone,
      scope,
      openByStatus: open,
      openTotal: open.reduce((total, row) => total + row.count, 0),
      chatsWaiting: waiting.count,
      longestWaitSeconds: waiting.oldestSince ? Math.max(0, Math.round((now.getTime() - waiting.oldestSince.getTime()) / 1000)) : null,
      agentsOnline: agents.online,
      agentsAway: agents.away,
      slaAtRisk,
      today: { created: Number(today?.created ?? 0), resolved: Number(today?.resolved ?? 0), csatAverage: numberOrNull(today?.csat_average), csatResponses: Number(today?.csat_responses ?? 0) },
      sources: ['ticket_facts', 'daily_rollups', 'chat_queue', 'agent_presence', 'sla_clocks'],
      flags,
    };
  }
}


function scopeSql(scope: Scope): SQL | undefined {
  if (scope.kind === 'self') return sql`assignee_id = ${scope.agentId}::uuid`;
  if (scope.kind === 'teams') return sql`team_id IN (${sql.join(scope.teamIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  return undefined;
}

function mergeFilters(base: TAnalyticsFilters, query: TAnalyticsQuery): TAnalyticsFilters {
  const filters: TAnalyticsFilters = { ...base };
  for (const key of ['channel', 'priority', 'type', 'category', 'language', 'teamId', 'agentId'] as const) {
    const values = query[key];
    if (values?.length) (filters as Record<string, string[]>)[key] = values;
  }
  return filters;
}

const numberOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? Math.round(number * 10_000) / 10_000 : null;
};

/** Rows as the API gives them: dimension values under their names, metrics as numbers (null when undefined). */
type HistogramRow = Record<string, string | number | null> & { is_total: boolean; b: number; n: number };

/** A histogram statement's rows as a statement's answer: one row per group (and the total) with its percentiles. */
function estimatedAnswer(definition: TReportDefinition, histogram: HistogramQuery, rows: HistogramRow[]): Array<ResultRow & { is_total: boolean }> {
  const keys = definition.groupBy.map((_, index) => `d${index}`);
  const groups = new Map<string, { dimensions: ResultRow; isTotal: boolean; buckets: Array<{ b: number; n: number }> }>();
  for (const row of rows) {
    const id = row.is_total ? 'total' : JSON.stringify(keys.map((key) => row[key]));
    const group = groups.get(id) ?? { dimensions: Object.fromEntries(keys.map((key) => [key, row[key] ?? null])), isTotal: row.is_total, buckets: [] };
    group.buckets.push({ b: Number(row.b), n: Number(row.n) });
    groups.set(id, group);
  }
  return [...groups.values()].map(({ dimensions, isTotal, buckets }) => {
    const values: ResultRow = { ...dimensions };
    for (const metric of histogram.metrics) values[metric] = estimatePercentile(buckets, percentileShareOf(metric));
    return Object.assign(values, { is_total: isTotal }) as ResultRow & { is_total: boolean };
  });
}

function estimatedPercentilesFlag(durations: number): TDataFlag {
  return {
    code: 'percentiles_estimated',
    message: {
      en: `Medians and 90th percentiles are estimated from the ${durations.toLocaleString('en-US')} durations of the period, to within about 3%.`,
      fr: `Les médianes et les 90e centiles sont estimés à partir des ${durations.toLocaleString('fr-CA')} durées de la période, à environ 3 % près.`,
    },
    sources: ['ticket_facts'],
  };
}

function normalise(definition: TReportDefinition, rows: ResultRow[]): ResultRow[] {
  return rows.map((row) => {
    const result: ResultRow = {};
    definition.groupBy.forEach((dimension, index) => {
      const value = row[`d${index}`];
      result[dimension] = value === null || value === undefined ? null : String(value);
    });
    for (const metric of definition.metrics) if (metric in row) result[metric] = numberOrNull(row[metric]);
    return result;
  });
}

const COUNT_DEFAULTS = (definition: TReportDefinition) =>
  Object.fromEntries(definition.metrics.map((metric) => [metric, METRICS[metric].unit === 'count' ? 0 : null])) as ResultRow;

/** Rows in order: a series by time with every bucket (quiet ones at zero), else the largest first. */
function fillTimeBuckets(definition: TReportDefinition, context: QueryContext, rows: ResultRow[]): ResultRow[] {
  const [first] = definition.groupBy;
  const withDefaults = rows.map((row) => ({ ...COUNT_DEFAULTS(definition), ...row }));
  if (first && (TIME_DIMENSIONS as readonly string[]).includes(first)) {
    if (definition.groupBy.length === 1) {
      const byBucket = new Map(withDefaults.map((row) => [row[first], row]));
      return timeBuckets(first, context).map((bucket) => byBucket.get(bucket) ?? { [first]: bucket, ...COUNT_DEFAULTS(definition) });
    }
    return withDefaults.sort((a, b) => String(a[first]).localeCompare(String(b[first])) || String(a[definition.groupBy[1]!]).localeCompare(String(b[definition.groupBy[1]!])));
  }
  const [metric] = definition.metrics;
  return withDefaults.sort((a, b) => Number(b[metric!] ?? -Infinity) - Number(a[metric!] ?? -Infinity) || String(a[first ?? ''] ?? '').localeCompare(String(b[first ?? ''] ?? '')));
}
