import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, unwrap } from '../../api/client';
import { labelIn } from '../../components/chart-format';
import { useSession } from '../../session';
import '../admin/admin.css';
import { Feedback, useAction } from '../admin/admin-kit';
import {
  canManageAnalytics,
  CatalogState,
  CHART_TYPES,
  choicesFromSearch,
  choicesWithFilters,
  EXPORT_FORMATS,
  filtersOf,
  queryOf,
  ReportFilters,
  useAnalyticsCatalog,
  type AnalyticsCatalog,
  type AnalyticsQuery,
  type ChartType,
  type Dimension,
  type ExportFormat,
  type Metric,
  type ReportChoices,
  type ReportDefinition,
  type ReportResult,
} from './analytics-kit';
import { ReportBody } from './reports-page';
import { ShareSelect } from './saved-report-list';
import type { SavedReportHandOver } from './saved-report-page';

const MAX_METRICS = 8;

interface Draft {
  metrics: Metric[];
  groupBy: [Dimension | '', Dimension | ''];
  chart: ChartType;
}

type RunState = { status: 'idle' } | { status: 'running' } | { status: 'error'; message: string } | { status: 'ready'; result: ReportResult; definition: ReportDefinition; query: AnalyticsQuery };

/** Where a report's "Change in the builder" sends its definition and choices (and which saved report it was). */
interface BuilderLocationState {
  definition?: ReportDefinition;
  search?: string;
  savedReport?: SavedReportHandOver;
}

/**
 * The custom report builder (`/analytics/builder`): metrics, up to two groupings, the period and filters, a chart
 * type, in the words of the server's catalog; Run asks the server, the answer exports like a standard report, and
 * Save keeps the definition (with its filters) as a saved report.
 */
export function ReportBuilderPage() {
  const { t } = useTranslation();
  const [catalog, reloadCatalog] = useAnalyticsCatalog();
  if (catalog.status !== 'ready') {
    return (
      <section aria-labelledby="analytics-builder-title" className="analytics-page">
        <h2 id="analytics-builder-title">{t('analytics.builder.title')}</h2>
        <CatalogState state={catalog} onRetry={reloadCatalog} />
      </section>
    );
  }
  return <ReportBuilder catalog={catalog.value} />;
}

function ReportBuilder({ catalog }: { catalog: AnalyticsCatalog }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const location = useLocation();
  const handed = (location.state ?? {}) as BuilderLocationState;
  const [draft, setDraft] = useState<Draft>(() => ({
    metrics: handed.definition?.metrics ?? ['created', 'resolved'],
    groupBy: [handed.definition?.groupBy[0] ?? 'day', handed.definition?.groupBy[1] ?? ''],
    chart: handed.definition?.chart ?? 'line',
  }));
  // A saved report's own filters become the builder's, so that saving again keeps them.
  const [choices, setChoices] = useState<ReportChoices>(() => choicesWithFilters(choicesFromSearch(new URLSearchParams(handed.search ?? '')), handed.definition?.filters ?? {}));
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const [exportError, setExportError] = useState<string | undefined>();
  const [isSaveOpen, setSaveOpen] = useState(false);
  const saveButtonRef = useRef<HTMLButtonElement>(null);
  const timeZone = catalog.timeZone;

  const definition: ReportDefinition = { metrics: draft.metrics, groupBy: draft.groupBy.filter((dimension): dimension is Dimension => dimension !== ''), filters: {}, chart: draft.chart };
  const isValid = draft.metrics.length > 0 && draft.metrics.length <= MAX_METRICS;
  const metricKeys = catalog.metrics.map((metric) => metric.key);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isValid) return;
    const query = queryOf(choices, Date.now(), timeZone);
    setRun({ status: 'running' });
    setExportError(undefined);
    try {
      const result = await unwrap(api.POST('/api/v1/analytics/reports/run', { params: { query }, body: definition }));
      setRun({ status: 'ready', result, definition, query });
    } catch (error) {
      setRun({ status: 'error', message: (error as Error).message });
    }
  };

  const download = async (format: ExportFormat) => {
    if (run.status !== 'ready') return;
    setExportError(undefined);
    try {
      const { data, error, response } = await api.POST('/api/v1/analytics/reports/run/export', {
        params: { query: { ...run.query, format, lang: i18n.language.startsWith('fr') ? 'fr' : 'en' } },
        body: run.definition,
        parseAs: 'blob',
      });
      if (!response.ok || !(data instanceof Blob)) await unwrap(Promise.resolve({ error, response }));
      const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '')?.[1];
      const link = document.createElement('a');
      link.href = URL.createObjectURL(data as Blob);
      link.download = name ? decodeURIComponent(name) : `report.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      setExportError(t('analytics.export.failed', { message: (error as Error).message }));
    }
  };

  const toggleMetric = (metric: Metric, isChecked: boolean) =>
    setDraft((current) => ({ ...current, metrics: isChecked ? metricKeys.filter((item) => item === metric || current.metrics.includes(item)) : current.metrics.filter((item) => item !== metric) }));

  return (
    <section aria-labelledby="analytics-builder-title" className="analytics-page">
      <h2 id="analytics-builder-title">{t('analytics.builder.title')}</h2>
      <p className="hint">{t('analytics.builder.description')}</p>
      <form className="analytics-builder" onSubmit={(event) => void submit(event)} aria-describedby="analytics-builder-limit">
        <fieldset className="analytics-metrics">
          <legend>{t('analytics.builder.metrics')}</legend>
          <p id="analytics-builder-limit" className="hint">
            {t('analytics.builder.metricsHint', { max: MAX_METRICS, count: draft.metrics.length })}
          </p>
          <div className="analytics-metric-grid">
            {catalog.metrics.map(({ key, label }) => (
              <label key={key} className="analytics-check">
                <input
                  type="checkbox"
                  name="metric"
                  value={key}
                  checked={draft.metrics.includes(key)}
                  disabled={!draft.metrics.includes(key) && draft.metrics.length >= MAX_METRICS}
                  onChange={(event) => toggleMetric(key, event.target.checked)}
                />
                {labelIn(label, i18n.language)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="analytics-filters">
          <label className="analytics-field">
            <span>{t('analytics.builder.groupBy')}</span>
            <select name="groupBy1" value={draft.groupBy[0]} onChange={(event) => setDraft({ ...draft, groupBy: event.target.value === '' ? ['', ''] : [event.target.value as Dimension, draft.groupBy[1] === event.target.value ? '' : draft.groupBy[1]] })}>
              <option value="">{t('analytics.builder.noGrouping')}</option>
              {catalog.dimensions.map(({ key, label }) => (
                <option key={key} value={key}>
                  {labelIn(label, i18n.language)}
                </option>
              ))}
            </select>
          </label>
          <label className="analytics-field">
            <span>{t('analytics.builder.thenBy')}</span>
            <select name="groupBy2" value={draft.groupBy[1]} disabled={draft.groupBy[0] === ''} onChange={(event) => setDraft({ ...draft, groupBy: [draft.groupBy[0], event.target.value as Dimension | ''] })}>
              <option value="">{t('analytics.builder.noGrouping')}</option>
              {catalog.dimensions
                .filter(({ key }) => key !== draft.groupBy[0])
                .map(({ key, label }) => (
                  <option key={key} value={key}>
                    {labelIn(label, i18n.language)}
                  </option>
                ))}
            </select>
          </label>
          <label className="analytics-field">
            <span>{t('analytics.builder.chart')}</span>
            <select name="chart" value={draft.chart} onChange={(event) => setDraft({ ...draft, chart: event.target.value as ChartType })}>
              {CHART_TYPES.map((chart) => (
                <option key={chart} value={chart}>
                  {t(`analytics.builder.charts.${chart}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ReportFilters choices={choices} onChange={(changes) => setChoices({ ...choices, ...changes })} role={session.user.role} timeZone={timeZone} />
        <div className="analytics-actions">
          <button type="submit" className="primary" disabled={!isValid || run.status === 'running'}>
            {run.status === 'running' ? t('analytics.builder.running') : t('analytics.builder.run')}
          </button>
          {EXPORT_FORMATS.map((format) => (
            <button key={format} type="button" disabled={run.status !== 'ready'} onClick={() => void download(format)} data-testid={`builder-export-${format}`}>
              {t(`analytics.export.${format}`)}
            </button>
          ))}
          <button type="button" ref={saveButtonRef} disabled={!isValid} aria-expanded={isSaveOpen} aria-controls="analytics-save-report" onClick={() => setSaveOpen((isOpen) => !isOpen)}>
            {t('analytics.builder.save')}
          </button>
        </div>
      </form>
      <SaveReport id="analytics-save-report" isOpen={isSaveOpen} onClose={() => {
          setSaveOpen(false);
          saveButtonRef.current?.focus();
        }} definition={{ ...definition, filters: filtersOf(choices) }} savedReport={handed.savedReport?.isOwn ? handed.savedReport : undefined} />
      {exportError && (
        <p role="alert" className="error">
          {exportError}
        </p>
      )}
      {run.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: run.message })}
        </p>
      )}
      <div role="status" className="visually-hidden">
        {run.status === 'ready' ? t('analytics.builder.ready', { count: run.result.rows.length }) : ''}
      </div>
      {run.status === 'ready' && <ReportBody result={run.result} />}
    </section>
  );
}

/**
 * Keeps the builder's definition and filters as a saved report (the period is chosen each time it is opened). Admins
 * and managers may share it with a team; a report opened from its owner's saved report can also be updated in place.
 */
function SaveReport({ id, isOpen, onClose, definition, savedReport }: { id: string; isOpen: boolean; onClose(): void; definition: ReportDefinition; savedReport: SavedReportHandOver | undefined }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const action = useAction();
  const [name, setName] = useState('');
  const [sharedTeamId, setSharedTeamId] = useState('');
  const [saved, setSaved] = useState<{ id: string; name: string } | undefined>();
  const canShare = canManageAnalytics(session.user.role);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), definition, sharedTeamId: canShare && sharedTeamId ? sharedTeamId : null };
    let created: { id: string; name: string } | undefined;
    const isDone = await action.run(async () => {
      created = await unwrap(api.POST('/api/v1/analytics/saved-reports', { body }));
    }, t('analytics.builder.savedAs', { name: body.name }));
    if (!isDone || !created) return;
    setSaved({ id: created.id, name: created.name });
    setName('');
    onClose();
  };
  const update = async (report: SavedReportHandOver) => {
    const isDone = await action.run(
      () => unwrap(api.PATCH('/api/v1/analytics/saved-reports/{reportId}', { params: { path: { reportId: report.id } }, body: { definition } })),
      t('analytics.builder.updated', { name: report.name }),
    );
    if (isDone) setSaved({ id: report.id, name: report.name });
  };

  return (
    <div className="analytics-save" id={id}>
      <Feedback action={action} />
      {saved && action.success && (
        <p className="meta">
          <Link to={`/analytics/saved/${saved.id}`}>{t('analytics.builder.openSaved', { name: saved.name })}</Link>
        </p>
      )}
      {savedReport && (
        <div className="analytics-actions">
          <button type="button" disabled={action.isBusy || definition.metrics.length === 0} onClick={() => void update(savedReport)}>
            {t('analytics.builder.update', { name: savedReport.name })}
          </button>
        </div>
      )}
      {isOpen && (
        <form className="admin-form analytics-save-form" onSubmit={(event) => void create(event)} aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`}>{t('analytics.builder.saveTitle')}</h3>
          <p className="hint">{t('analytics.builder.saveHint')}</p>
          <label>
            {t('analytics.saved.name')}
            <input name="reportName" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="off" autoFocus />
          </label>
          {canShare && <ShareSelect value={sharedTeamId} onChange={setSharedTeamId} />}
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={action.isBusy || !name.trim()}>
              {t('analytics.builder.saveSubmit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('admin.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
