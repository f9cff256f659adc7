import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap, type Ticket } from '../../api/client';
import { labelIn } from '../../components/chart-format';
import { useDirectory } from '../../directory';
import { liveSocket, useLiveEvents } from '../../live';
import { useAsync } from '../../use-async';
import { canReadAnalytics } from './analytics-permissions';
import { addDays, calendarDayIn, formatDay, isDay, PERIOD_PRESETS, type PeriodChoice, type ReportChoices } from './analytics-query';
import type { DataFlag } from './live-flags';

/** Pieces the analytics screens share: answer types, the catalog, the period and filters as a query, flags, the live snapshot. */

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Answer<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends { responses: infer R }
  ? JsonOf<R[Status & keyof R]>
  : never;

export type LiveSnapshot = Answer<'/api/v1/analytics/live', 'get', 200>;
export type ReportResult = Answer<'/api/v1/analytics/reports/{key}', 'get', 200>;
export type ReportSummary = Answer<'/api/v1/analytics/reports', 'get', 200>['data'][number];
export type ReportKey = ReportSummary['key'];
export type ReportDefinition = ReportResult['definition'];
export type Metric = ReportDefinition['metrics'][number];
export type Dimension = ReportDefinition['groupBy'][number];
export type ChartType = ReportDefinition['chart'];
export type AnalyticsCatalog = Answer<'/api/v1/analytics/catalog', 'get', 200>;
export type CatalogMetric = AnalyticsCatalog['metrics'][number];
export type SavedReport = Answer<'/api/v1/analytics/saved-reports/{reportId}', 'get', 200>;
export type Schedule = Answer<'/api/v1/analytics/schedules', 'get', 200>['data'][number];
export type ScheduleRun = Answer<'/api/v1/analytics/schedules/{scheduleId}/send', 'post', 200>;
type FilterLanguage = NonNullable<ReportDefinition['filters']['language']>[number];

export { canManageAnalytics, canReadAnalytics } from './analytics-permissions';
export * from './analytics-query';
export * from './live-flags';

export const CHART_TYPES = ['line', 'bar', 'pie', 'table'] as const satisfies readonly ChartType[];

export const CHANNELS = ['email', 'chat', 'phone', 'web', 'api', 'messaging', 'social', 'whatsapp', 'messenger', 'telegram', 'sms'] as const satisfies readonly Ticket['channel'][];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Ticket['priority'][];
export const FILTER_LANGUAGES = ['en', 'fr'] as const satisfies readonly FilterLanguage[];

let catalog: Promise<AnalyticsCatalog> | undefined;

/**
 * What a report can be made of, as the server words it (metric and dimension labels, units), and the workspace's
 * time zone, whose midnights start a report's days: read once per page load.
 */
export function useAnalyticsCatalog() {
  return useAsync(
    () =>
      (catalog ??= unwrap(api.GET('/api/v1/analytics/catalog')).catch((error: unknown) => {
        catalog = undefined;
        throw error;
      })),
    [],
  );
}

/** A metric's label in the interface language (its key when the catalog does not know it). */
export function metricLabel(catalog: AnalyticsCatalog, metric: string, language: string): string {
  const found = catalog.metrics.find((item) => item.key === metric);
  return found ? labelIn(found.label, language) : metric;
}

/** A dimension's label in the interface language (its key when the catalog does not know it). */
export function dimensionLabel(catalog: AnalyticsCatalog, dimension: string, language: string): string {
  const found = catalog.dimensions.find((item) => item.key === dimension);
  return found ? labelIn(found.label, language) : dimension;
}

/** "Tickets created, Tickets resolved, by Day": what a definition measures, in the catalog's words. */
export function useDescribeDefinition(): (catalog: AnalyticsCatalog, definition: Pick<ReportDefinition, 'metrics' | 'groupBy'>) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (catalog, definition) =>
      t('analytics.reports.measures', {
        metrics: definition.metrics.map((metric) => metricLabel(catalog, metric, i18n.language)).join(', '),
        dimensions: definition.groupBy.length > 0 ? definition.groupBy.map((dimension) => dimensionLabel(catalog, dimension, i18n.language)).join(', ') : t('analytics.reports.overall'),
      }),
    [t, i18n.language],
  );
}

/** A page's wait for the catalog, or its failure with a retry. */
export function CatalogState({ state, onRetry }: { state: { status: 'loading' } | { status: 'error'; error: Error }; onRetry(): void }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <p role="status">{t('app.loading')}</p>;
  return (
    <p role="alert" className="error">
      {t('app.error', { message: state.error.message })} <button type="button" onClick={onRetry}>{t('app.retry')}</button>
    </p>
  );
}

// ── Filters ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The period, hours and filter pickers of a report or the builder (days in the workspace's time zone). Agents see only
 * their own tickets: no agent filter.
 */
export function ReportFilters({ choices, onChange, role, timeZone }: { choices: ReportChoices; onChange(changes: Partial<ReportChoices>): void; role: string; timeZone: string }) {
  const { t } = useTranslation();
  const [directory] = useDirectory();
  const teams = directory.status === 'ready' ? directory.value.teams : [];
  const agents = directory.status === 'ready' ? directory.value.users.filter((user) => user.isActive !== false && canReadAnalytics(user.role)) : [];
  const [custom, setCustom] = useState({ fromDay: choices.fromDay, toDay: choices.toDay });
  useEffect(() => setCustom({ fromDay: choices.fromDay, toDay: choices.toDay }), [choices.fromDay, choices.toDay]);
  const isCustomValid = isDay(custom.fromDay) && isDay(custom.toDay) && custom.fromDay <= custom.toDay;
  return (
    <div className="analytics-filters" role="group" aria-label={t('analytics.filters.label')}>
      <label className="analytics-field">
        <span>{t('analytics.filters.period')}</span>
        <select
          name="period"
          value={choices.period}
          onChange={(event) => {
            const period = event.target.value as PeriodChoice;
            if (period !== 'custom') return onChange({ period });
            // A custom period starts as the last 30 days, to be narrowed.
            const today = calendarDayIn(Date.now(), timeZone);
            const days = { fromDay: custom.fromDay || formatDay(addDays(today, -29)), toDay: custom.toDay || formatDay(today) };
            setCustom(days);
            onChange({ period, ...days });
          }}
        >
          {PERIOD_PRESETS.map((days) => (
            <option key={days} value={days}>
              {t('analytics.filters.lastDays', { count: Number(days) })}
            </option>
          ))}
          <option value="custom">{t('analytics.filters.custom')}</option>
        </select>
      </label>
      {choices.period === 'custom' && (
        <form
          className="analytics-custom-period"
          onSubmit={(event) => {
            event.preventDefault();
            if (isCustomValid) onChange({ fromDay: custom.fromDay, toDay: custom.toDay });
          }}
        >
          <label className="analytics-field">
            <span>{t('analytics.filters.from')}</span>
            <input type="date" name="from" value={custom.fromDay} max={custom.toDay || undefined} onChange={(event) => setCustom({ ...custom, fromDay: event.target.value })} required />
          </label>
          <label className="analytics-field">
            <span>{t('analytics.filters.to')}</span>
            <input type="date" name="to" value={custom.toDay} min={custom.fromDay || undefined} onChange={(event) => setCustom({ ...custom, toDay: event.target.value })} required />
          </label>
          <button type="submit" disabled={!isCustomValid}>
            {t('analytics.filters.apply')}
          </button>
        </form>
      )}
      <label className="analytics-field">
        <span>{t('analytics.filters.hours')}</span>
        <select name="hours" value={choices.hours} onChange={(event) => onChange({ hours: event.target.value as ReportChoices['hours'] })}>
          <option value="business">{t('analytics.filters.businessHours')}</option>
          <option value="calendar">{t('analytics.filters.calendarHours')}</option>
        </select>
      </label>
      <FilterSelect name="channel" label={t('analytics.filters.channel')} all={t('analytics.filters.allChannels')} value={choices.channel} onChange={(channel) => onChange({ channel })}
        options={CHANNELS.map((channel) => [channel, t(`channels.${channel}`)])} />
      <FilterSelect name="priority" label={t('analytics.filters.priority')} all={t('analytics.filters.allPriorities')} value={choices.priority} onChange={(priority) => onChange({ priority })}
        options={PRIORITIES.map((priority) => [priority, t(`priority.${priority}`)])} />
      <FilterSelect name="language" label={t('analytics.filters.language')} all={t('analytics.filters.allLanguages')} value={choices.language} onChange={(language) => onChange({ language })}
        options={FILTER_LANGUAGES.map((language) => [language, t(`languages.${language}`)])} />
      {role !== 'agent' && (
        <FilterSelect name="teamId" label={t('analytics.filters.team')} all={t('analytics.filters.allTeams')} value={choices.teamId} onChange={(teamId) => onChange({ teamId })}
          options={teams.map((team) => [team.id, team.name])} />
      )}
      {role !== 'agent' && (
        <FilterSelect name="agentId" label={t('analytics.filters.agent')} all={t('analytics.filters.allAgents')} value={choices.agentId} onChange={(agentId) => onChange({ agentId })}
          options={agents.map((agent) => [agent.id, agent.name])} />
      )}
    </div>
  );
}

function FilterSelect({ name, label, all, value, options, onChange }: { name: string; label: string; all: string; value: string; options: Array<[string, string]>; onChange(value: string): void }) {
  return (
    <label className="analytics-field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{all}</option>
        {/* A chosen value the list does not hold (a team since deleted) still shows. */}
        {value && !options.some(([key]) => key === value) && <option value={value}>{value}</option>}
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

// ── Data-integrity flags ──────────────────────────────────────────────────────────────────────────────────────

export function FlagIcon() {
  return (
    <svg className="analytics-flag-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M8 1.2 15.2 14H.8L8 1.2Z" fill="currentColor" />
      <path d="M7.2 5.5h1.6v4.6H7.2zM7.2 11.2h1.6v1.6H7.2z" fill="var(--flag-mark, #fff)" />
    </svg>
  );
}

/** What is incomplete and why, each flag with its icon and its words (never a number that looks whole). */
export function FlagList({ flags, testId }: { flags: DataFlag[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (flags.length === 0) return null;
  return (
    <ul className="analytics-flags" aria-label={t('analytics.flags.label')} data-testid={testId}>
      {flags.map((flag, index) => (
        <li key={`${flag.code}-${index}`} className="analytics-flag" data-flag={flag.code}>
          <FlagIcon />
          <span>{labelIn(flag.message, i18n.language)}</span>
        </li>
      ))}
    </ul>
  );
}

// ── The live snapshot ─────────────────────────────────────────────────────────────────────────────────────────

/** Never read more often than this, however busy the workspace. */
const MIN_FETCH_GAP_MS = 500;
/** Read again this often without any event: agents go away, chats wait longer, the day turns. */
const REFRESH_MS = 30_000;
/** When the snapshot says events are still being counted, read it again this soon. */
const PENDING_RETRY_MS = 1_000;
/**
 * One more read this long after the last event: some events (a visitor's chat message) are pushed as soon as their
 * write commits, before the dispatch has counted them into the figures.
 */
const SETTLE_MS = 1_500;

const isLiveRelevant = (type: string) =>
  type.startsWith('ticket.') || type.startsWith('sla.') || type === 'comment.created' || type === 'agent.availability_changed' || type.startsWith('chat.') || type.startsWith('conversation.');

export interface LiveState {
  snapshot: LiveSnapshot | undefined;
  /** When the shown snapshot arrived. */
  updatedAt: Date | undefined;
  /** The last read failed: the figures shown are older than they look. */
  error: Error | undefined;
}

/**
 * The live dashboard's figures, read again when a domain event may change them (at most one read per 500 ms, one
 * more after a burst, never two at once) and every 30 seconds, and after the realtime connection comes back.
 */
export function useLiveSnapshot(): [LiveState, () => void] {
  const [state, setState] = useState<LiveState>({ snapshot: undefined, updatedAt: undefined, error: undefined });
  const isMounted = useRef(true);
  const isInFlight = useRef(false);
  const isDirty = useRef(false);
  const lastStart = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const request = useRef<() => void>(() => undefined);
  const fetchNow = useCallback(async () => {
    isInFlight.current = true;
    isDirty.current = false;
    lastStart.current = Date.now();
    try {
      const snapshot = await unwrap(api.GET('/api/v1/analytics/live'));
      if (!isMounted.current) return;
      setState({ snapshot, updatedAt: new Date(), error: undefined });
      clearTimeout(retry.current);
      if (snapshot.flags.some((flag) => flag.code === 'events_pending')) retry.current = setTimeout(() => request.current(), PENDING_RETRY_MS);
    } catch (error) {
      if (isMounted.current) setState((current) => ({ ...current, error: error as Error }));
    } finally {
      isInFlight.current = false;
      // An event came while reading: what was read may predate it.
      if (isDirty.current && isMounted.current) request.current();
    }
  }, []);
  request.current = () => {
    if (isInFlight.current) {
      isDirty.current = true;
      return;
    }
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void fetchNow();
    }, Math.max(0, lastStart.current + MIN_FETCH_GAP_MS - Date.now()));
  };
  const reload = useCallback(() => request.current(), []);

  useEffect(() => {
    isMounted.current = true;
    void fetchNow();
    const interval = setInterval(reload, REFRESH_MS);
    // Events missed while the connection was down: read again once it is back.
    const manager = liveSocket().io;
    manager.on('reconnect', reload);
    return () => {
      isMounted.current = false;
      clearInterval(interval);
      clearTimeout(timer.current);
      clearTimeout(retry.current);
      clearTimeout(settle.current);
      timer.current = undefined;
      manager.off('reconnect', reload);
    };
  }, [fetchNow, reload]);

  useLiveEvents((event) => {
    if (!isLiveRelevant(event.type)) return;
    reload();
    clearTimeout(settle.current);
    settle.current = setTimeout(reload, SETTLE_MS);
  });
  return [state, reload];
}
