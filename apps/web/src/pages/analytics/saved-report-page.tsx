import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useDirectory } from '../../directory';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import '../admin/admin.css';
import { ConfirmButton, Feedback, useAction, useDescribeError, useInlineEditor } from '../admin/admin-kit';
import {
  canManageAnalytics,
  CatalogState,
  choicesFromSearch,
  dimensionLabel,
  EXPORT_FORMATS,
  exportHref,
  FILTER_KEYS,
  queryOf,
  ReportFilters,
  searchFromChoices,
  useAnalyticsCatalog,
  type AnalyticsCatalog,
  type DefinitionFilters,
  type ReportChoices,
  type SavedReport,
} from './analytics-kit';
import { ReportBody, type ReportListLocationState } from './reports-page';
import { ShareSelect, useDescribeOwnership } from './saved-report-list';

/** What the builder receives from a saved report's "Change in the builder". */
export interface SavedReportHandOver {
  id: string;
  name: string;
  isOwn: boolean;
}

/** One saved report (`/analytics/saved/:reportId`), once the workspace's time zone is known. */
export function SavedReportPage() {
  const [catalog, reloadCatalog] = useAnalyticsCatalog();
  if (catalog.status !== 'ready') return <CatalogState state={catalog} onRetry={reloadCatalog} />;
  return <SavedReportView catalog={catalog.value} />;
}

/** A saved report run over the period and filters in the address: chart, table, totals, exports; its owner renames, re-shares or deletes it. */
function SavedReportView({ catalog }: { catalog: AnalyticsCatalog }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const describeError = useDescribeError();
  const reportId = useParams().reportId!;
  const [search, setSearch] = useSearchParams();
  const choices = useMemo(() => choicesFromSearch(search), [search]);
  const [now, setNow] = useState(() => Date.now());
  const query = useMemo(() => queryOf(choices, now, catalog.timeZone), [choices, now, catalog.timeZone]);
  const [saved, reloadSaved] = useAsync(() => unwrap(api.GET('/api/v1/analytics/saved-reports/{reportId}', { params: { path: { reportId } } })), [reportId]);
  const [report, reload] = useAsync(() => unwrap(api.GET('/api/v1/analytics/saved-reports/{reportId}/run', { params: { path: { reportId }, query } })), [reportId, JSON.stringify(query)]);
  const describeOwnership = useDescribeOwnership();
  const describeFilters = useDescribeFilters(catalog);

  const choose = (changes: Partial<ReportChoices>) => {
    setNow(Date.now());
    setSearch(searchFromChoices({ ...choices, ...changes }), { replace: true });
  };
  const item = saved.status === 'ready' ? saved.value : undefined;
  const result = report.status === 'ready' ? report.value : undefined;
  const exportPath = `/api/v1/analytics/saved-reports/${encodeURIComponent(reportId)}/export`;
  const savedFilters = item ? describeFilters(item.definition.filters) : '';

  return (
    <section aria-labelledby="analytics-saved-report-title" className="analytics-page" data-saved-report={reportId}>
      <p className="analytics-back">
        <Link to="/analytics/reports">{t('analytics.reports.back')}</Link>
      </p>
      <div className="page-header">
        <h2 id="analytics-saved-report-title">{item?.name ?? t('analytics.reports.loadingTitle')}</h2>
        <div className="analytics-actions">
          {EXPORT_FORMATS.map((format) => (
            <a key={format} className="button-link" href={exportHref(exportPath, query, format, i18n.language)} download data-testid={`report-export-${format}`}>
              {t(`analytics.export.${format}`)}
            </a>
          ))}
          {item && (
            <button
              type="button"
              onClick={() =>
                navigate('/analytics/builder', { state: { definition: item.definition, search: searchFromChoices(choices).toString(), savedReport: { id: item.id, name: item.name, isOwn: item.isOwn } satisfies SavedReportHandOver } })
              }
            >
              {t('analytics.reports.customize')}
            </button>
          )}
        </div>
      </div>
      {saved.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: describeError(saved.error) })} <button type="button" onClick={reloadSaved}>{t('app.retry')}</button>
        </p>
      )}
      {item && (
        <p className="meta" data-testid="saved-report-ownership">
          {describeOwnership(item)}
        </p>
      )}
      {item?.isOwn && (
        <SavedReportSettings
          report={item}
          onChanged={reloadSaved}
          onDeleted={() => navigate('/analytics/reports', { replace: true, state: { notice: t('analytics.saved.deleted', { name: item.name }) } satisfies ReportListLocationState })}
        />
      )}
      {savedFilters && (
        <p className="meta" data-testid="saved-report-filters">
          {t('analytics.saved.savedFilters', { filters: savedFilters })} {t('analytics.saved.filtersHint')}
        </p>
      )}
      <ReportFilters choices={choices} onChange={choose} role={session.user.role} timeZone={catalog.timeZone} />
      {report.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {report.status === 'error' && saved.status !== 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: describeError(report.error) })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {result && <ReportBody result={result} />}
    </section>
  );
}

/** A definition's saved filters in words: "Channel: Email; Team: Billing". */
function useDescribeFilters(catalog: AnalyticsCatalog): (filters: DefinitionFilters) => string {
  const { t, i18n } = useTranslation();
  const [directory] = useDirectory();
  const names = directory.status === 'ready' ? directory.value : undefined;
  const valueName = (key: keyof DefinitionFilters, value: string) => {
    switch (key) {
      case 'channel':
        return t(`channels.${value}`, { defaultValue: value });
      case 'priority':
        return t(`priority.${value}`, { defaultValue: value });
      case 'language':
        return t(`languages.${value}`, { defaultValue: value });
      case 'teamId':
        return names?.teams.find((team) => team.id === value)?.name ?? value;
      case 'agentId':
        return names?.userName(value) ?? value;
      case 'type':
        return t(`analytics.ticketTypes.${value}`, { defaultValue: value });
      default:
        return value;
    }
  };
  const keyName = (key: keyof DefinitionFilters) =>
    (FILTER_KEYS as readonly string[]).includes(key) ? t(`analytics.filters.${key === 'teamId' ? 'team' : key === 'agentId' ? 'agent' : key}`) : dimensionLabel(catalog, key, i18n.language);
  return (filters) =>
    (Object.entries(filters) as Array<[keyof DefinitionFilters, string[] | undefined]>)
      .filter(([, values]) => values && values.length > 0)
      .map(([key, values]) => t('analytics.saved.filterItem', { name: keyName(key), values: values!.map((value) => valueName(key, value)).join(', ') }))
      .join(' · ');
}

/** The owner's (or an admin's) tools: rename, share with a team or nobody (admins and managers), delete. */
function SavedReportSettings({ report, onChanged, onDeleted }: { report: SavedReport; onChanged(): void; onDeleted(): void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const editor = useInlineEditor();
  const action = useAction();
  const [name, setName] = useState(report.name);
  const [sharedTeamId, setSharedTeamId] = useState(report.sharedTeamId ?? '');
  const canShare = canManageAnalytics(session.user.role);

  const start = () => {
    setName(report.name);
    setSharedTeamId(report.sharedTeamId ?? '');
    action.clear();
    editor.open();
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...(name.trim() !== report.name ? { name: name.trim() } : {}),
      ...(canShare && (sharedTeamId || null) !== report.sharedTeamId ? { sharedTeamId: sharedTeamId || null } : {}),
    };
    const isDone = await action.run(
      () => (Object.keys(body).length > 0 ? unwrap(api.PATCH('/api/v1/analytics/saved-reports/{reportId}', { params: { path: { reportId: report.id } }, body })) : Promise.resolve()),
      t('analytics.saved.saved', { name: name.trim() }),
    );
    if (!isDone) return;
    editor.close();
    onChanged();
  };
  const remove = () =>
    void action.run(() => unwrap(api.DELETE('/api/v1/analytics/saved-reports/{reportId}', { params: { path: { reportId: report.id } } }))).then((isDone) => isDone && onDeleted());

  return (
    <div className="analytics-saved-settings">
      <Feedback action={action} />
      <div className="admin-actions">
        <button type="button" ref={editor.editButtonRef} aria-expanded={editor.isEditing} onClick={start}>
          {canShare ? t('analytics.saved.manage') : t('analytics.saved.rename')}
        </button>
        <ConfirmButton
          label={t('analytics.saved.delete')}
          confirmLabel={t('analytics.saved.confirmDelete')}
          question={t('analytics.saved.deleteQuestion', { name: report.name })}
          onConfirm={remove}
          disabled={action.isBusy}
        />
      </div>
      {editor.isEditing && (
        <form className="admin-form" onSubmit={(event) => void save(event)} aria-label={t('analytics.saved.manageNamed', { name: report.name })}>
          <label>
            {t('analytics.saved.name')}
            <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="off" autoFocus />
          </label>
          {canShare && <ShareSelect value={sharedTeamId} onChange={setSharedTeamId} />}
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={action.isBusy || !name.trim()}>
              {t('analytics.saved.save')}
            </button>
            <button type="button" onClick={editor.close}>
              {t('admin.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
