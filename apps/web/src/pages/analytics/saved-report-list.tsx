import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useDirectory } from '../../directory';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import '../admin/admin.css';
import { useDescribeDefinition, type AnalyticsCatalog, type SavedReport } from './analytics-kit';

const PAGE_SIZE = 50;

/** Whose a saved report is and who else sees it: "Yours · Shared with Billing". */
export function useDescribeOwnership(): (report: Pick<SavedReport, 'ownerId' | 'sharedTeamId'>) => string {
  const { t } = useTranslation();
  const { session } = useSession();
  const [directory] = useDirectory();
  return (report) => {
    const names = directory.status === 'ready' ? directory.value : undefined;
    const owner = report.ownerId === session.user.id ? t('analytics.saved.yours') : t('analytics.saved.by', { name: names?.userName(report.ownerId) ?? t('analytics.saved.formerMember') });
    const team = report.sharedTeamId ? (names?.teams.find((item) => item.id === report.sharedTeamId)?.name ?? t('analytics.saved.deletedTeam')) : undefined;
    return `${owner} · ${team ? t('analytics.saved.sharedWith', { team }) : t('analytics.saved.notShared')}`;
  };
}

/** The saved custom reports the reader sees (their own, and those shared with their teams), a page at a time. */
export function SavedReportList({ catalog }: { catalog: AnalyticsCatalog }) {
  const { t } = useTranslation();
  const describe = useDescribeDefinition();
  const describeOwnership = useDescribeOwnership();
  const [more, setMore] = useState<{ items: SavedReport[]; nextCursor: string | null } | undefined>();
  const [moreError, setMoreError] = useState<string | undefined>();
  const [first, reload] = useAsync(async () => {
    setMore(undefined);
    return unwrap(api.GET('/api/v1/analytics/saved-reports', { params: { query: { limit: PAGE_SIZE } } }));
  }, []);
  const items = first.status === 'ready' ? [...first.value.data, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : first.status === 'ready' ? first.value.nextCursor : null;
  const loadMore = async () => {
    if (!nextCursor) return;
    setMoreError(undefined);
    try {
      const page = await unwrap(api.GET('/api/v1/analytics/saved-reports', { params: { query: { limit: PAGE_SIZE, cursor: nextCursor } } }));
      setMore((current) => ({ items: [...(current?.items ?? []), ...page.data], nextCursor: page.nextCursor }));
    } catch (error) {
      setMoreError((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="analytics-saved-title" className="analytics-saved">
      <h3 id="analytics-saved-title">{t('analytics.saved.title')}</h3>
      <p className="hint">{t('analytics.saved.description')}</p>
      {first.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {first.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: first.error.message })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {first.status === 'ready' && items.length === 0 && (
        <p className="empty">
          {t('analytics.saved.empty')} <Link to="/analytics/builder">{t('analytics.saved.openBuilder')}</Link>
        </p>
      )}
      {items.length > 0 && (
        <ul className="analytics-report-list" data-testid="saved-report-list">
          {items.map((report) => (
            <li key={report.id} data-saved-report={report.id}>
              <Link to={`/analytics/saved/${report.id}`}>{report.name}</Link>
              <span className="meta" data-testid="saved-report-ownership">
                {describeOwnership(report)}
              </span>
              <span className="meta">{describe(catalog, report.definition)}</span>
            </li>
          ))}
        </ul>
      )}
      {moreError && (
        <p role="alert" className="error">
          {t('app.error', { message: moreError })}
        </p>
      )}
      {nextCursor && (
        <button type="button" className="admin-load-more" onClick={() => void loadMore()}>
          {t('analytics.saved.more')}
        </button>
      )}
    </section>
  );
}

/** The team picker of a saved report: nobody else, or one team whose members see it and run it. */
export function ShareSelect({ value, onChange }: { value: string; onChange(teamId: string): void }) {
  const { t } = useTranslation();
  const [directory] = useDirectory();
  const teams = directory.status === 'ready' ? directory.value.teams : [];
  return (
    <>
      <label>
        {t('analytics.saved.share')}
        <select name="sharedTeamId" value={value} onChange={(event) => onChange(event.target.value)} aria-describedby="analytics-share-hint">
          <option value="">{t('analytics.saved.shareNobody')}</option>
          {value && !teams.some((team) => team.id === value) && <option value={value}>{t('analytics.saved.deletedTeam')}</option>}
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <p id="analytics-share-hint" className="hint">
        {t('analytics.saved.shareHint')}
      </p>
    </>
  );
}
