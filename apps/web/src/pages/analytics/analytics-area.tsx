import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useSession } from '../../session';
import { canManageAnalytics, canReadAnalytics } from './analytics-kit';
import { ReportBuilderPage } from './builder-page';
import { LiveDashboardPage } from './live-dashboard';
import { ReportListPage, ReportPage } from './reports-page';
import { SavedReportPage } from './saved-report-page';
import { SchedulesPage } from './schedules-page';
import './analytics.css';

/** The analytics screens under `/analytics/*` (the TV wallboard lives outside the app's frame, at `/analytics/tv`). */
export function AnalyticsArea() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!canReadAnalytics(session.user.role)) {
    return (
      <section aria-labelledby="analytics-title">
        <h1 id="analytics-title">{t('analytics.title')}</h1>
        <p role="alert" className="error">{t('analytics.onlyStaff')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="analytics-title" className="analytics-area">
      <h1 id="analytics-title">{t('analytics.title')}</h1>
      <nav className="analytics-nav" aria-label={t('analytics.sections')}>
        <ul>
          <li>
            <NavLink to="/analytics" end>{t('analytics.nav.live')}</NavLink>
          </li>
          <li>
            <NavLink to="/analytics/reports">{t('analytics.nav.reports')}</NavLink>
          </li>
          <li>
            <NavLink to="/analytics/builder">{t('analytics.nav.builder')}</NavLink>
          </li>
          {canManageAnalytics(session.user.role) && (
            <li>
              <NavLink to="/analytics/schedules">{t('analytics.nav.schedules')}</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Routes>
        <Route index element={<LiveDashboardPage />} />
        <Route path="live" element={<Navigate to="/analytics" replace />} />
        <Route path="reports" element={<ReportListPage />} />
        <Route path="reports/:key" element={<ReportPage />} />
        <Route path="saved/:reportId" element={<SavedReportPage />} />
        <Route path="builder" element={<ReportBuilderPage />} />
        <Route path="schedules" element={<SchedulesPage />} />
        <Route path="*" element={<Navigate to="/analytics" replace />} />
      </Routes>
    </section>
  );
}

export default AnalyticsArea;
