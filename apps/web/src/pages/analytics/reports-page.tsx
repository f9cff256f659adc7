import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Chart } from '../../components/chart';
import { labelIn } from '../../components/chart-format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import {
  CatalogState,
  choicesFromSearch,
  EXPORT_FORMATS,
  exportHref,
  FlagList,
  queryOf,
  ReportFilters,
  searchFromChoices,
  useAnalyticsCatalog,
  useDescribeDefinition,
  type ReportChoices,
  type ReportKey,
  type ReportResult,
} from './analytics-kit';
import { ExperiencePanel } from './experience-panel';
import { ReportTotals } from './report-totals';
import { SavedReportList } from './saved-report-list';

/** What the reports page says after a saved report was deleted from its own page. */
export interface ReportListLocationState {
  notice?: string;
}

/**
 * The reports (`/analytics/reports`): the customer experience of a period first, then the standard reports, each with
 * what it measures, then the saved custom ones.
 */
export function ReportListPage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const notice = ((location.state ?? {}) as ReportListLocationState).notice;
  const [catalog, reloadCatalog] = useAnalyticsCatalog();
  const [reports, reload] = useAsync(() => unwrap(api.GET('/api/v1/analytics/reports')), []);
  const describe = useDescribeDefinition();
  return (
    <section aria-labelledby="analytics-reports-title" className="analytics-page">
      <h2 id="analytics-reports-title">{t('analytics.reports.title')}</h2>
      <p className="hint">{t('analytics.reports.description')}</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {catalog.status !== 'ready' && <CatalogState state={catalog} onRetry={reloadCatalog} />}
      {/* Its other periods start at a midnight of the workspace's time zone, which the catalog gives. */}
      {catalog.status === 'ready' && <ExperiencePanel timeZone={catalog.value.timeZone} />}
      <h3>{t('analytics.reports.standardTitle')}</h3>
      {reports.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {reports.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: reports.error.message })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {reports.status === 'ready' && catalog.status === 'ready' && (
        <ul className="analytics-report-list" data-testid="report-list">
          {reports.value.data.map((report) => (
            <li key={report.key} data-report={report.key}>
              <Link to={`/analytics/reports/${report.key}`}>{labelIn(report.title, i18n.language)}</Link>
              <span className="meta">{describe(catalog.value, report.definition)}</span>
            </li>
          ))}
        </ul>
      )}
      {catalog.status === 'ready' && <SavedReportList catalog={catalog.value} />}
    </section>
  );
}

/** One standard report (`/analytics/reports/:key`), once the workspace's time zone is known. */
export function ReportPage() {
  const [catalog, reloadCatalog] = useAnalyticsCatalog();
  if (catalog.status !== 'ready') return <CatalogState state={catalog} onRetry={reloadCatalog} />;
  return <StandardReport timeZone={catalog.value.timeZone} />;
}

/** A standard report: its period and filters in the address, chart, table, totals, exports. */
function StandardReport({ timeZone }: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const key = useParams().key as ReportKey;
  const [search, setSearch] = useSearchParams();
  const choices = useMemo(() => choicesFromSearch(search), [search]);
  // The period ends when the choices were made: every reload and export of the page reads the same figures.
  const [now, setNow] = useState(() => Date.now());
  const query = useMemo(() => queryOf(choices, now, timeZone), [choices, now, timeZone]);
  const [report, reload] = useAsync(() => unwrap(api.GET('/api/v1/analytics/reports/{key}', { params: { path: { key }, query } })), [key, JSON.stringify(query)]);

  const choose = (changes: Partial<ReportChoices>) => {
    setNow(Date.now());
    setSearch(searchFromChoices({ ...choices, ...changes }), { replace: true });
  };
  const result = report.status === 'ready' ? report.value : undefined;
  const title = result ? labelIn(result.title, i18n.language) : t('analytics.reports.loadingTitle');
  const exportPath = `/api/v1/analytics/reports/${encodeURIComponent(key)}/export`;

  return (
    <section aria-labelledby="analytics-report-title" className="analytics-page" data-report={key}>
      <p className="analytics-back">
        <Link to="/analytics/reports">{t('analytics.reports.back')}</Link>
      </p>
      <div className="page-header">
        <h2 id="analytics-report-title">{title}</h2>
        <div className="analytics-actions">
          {EXPORT_FORMATS.map((format) => (
            <a key={format} className="button-link" href={exportHref(exportPath, query, format, i18n.language)} download data-testid={`report-export-${format}`}>
              {t(`analytics.export.${format}`)}
            </a>
          ))}
          {result && (
            <button type="button" onClick={() => navigate('/analytics/builder', { state: { definition: result.definition, search: searchFromChoices(choices).toString() } })}>
              {t('analytics.reports.customize')}
            </button>
          )}
        </div>
      </div>
      <ReportFilters choices={choices} onChange={choose} role={session.user.role} timeZone={timeZone} />
      {report.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {report.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: report.error.message })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {result && <ReportBody result={result} />}
    </section>
  );
}

/** A report's answer: whose figures and which period, its flags, its totals, and its chart with its table. */
export function ReportBody({ result }: { result: ReportResult }) {
  const { t, i18n } = useTranslation();
  const title = labelIn(result.title, i18n.language);
  const format = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: result.period.timeZone }).format(new Date(iso));
  return (
    <div className="analytics-report-body" data-testid="report-body">
      <p className="meta" data-testid="report-period">
        {t('analytics.reports.period', { from: format(result.period.from), to: format(result.period.to), timeZone: result.period.timeZone })} · {t(`analytics.filters.${result.period.hours === 'business' ? 'businessHours' : 'calendarHours'}`)} ·{' '}
        {t(`analytics.scope.${result.scope.kind}`)}
      </p>
      <FlagList flags={result.flags} testId="report-flags" />
      <ReportTotals result={result} />
      <Chart table={result} kind={result.definition.chart} title={title} testId="report-chart" />
      <p className="meta">{t('analytics.reports.sources', { sources: result.sources.map((source) => t(`analytics.sources.${source}`, { defaultValue: source })).join(', ') })}</p>
    </div>
  );
}
