import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useSession } from '../../session';

// Agents never open these screens: keep them out of the app's first download.
const AdminRoutes = lazy(() => import('./admin-routes'));

export const ADMIN_SECTIONS = ['users', 'teams', 'tokens', 'webhooks', 'workspace', 'customization', 'email', 'chat', 'bot', 'messaging', 'business-hours', 'sla', 'automations', 'routing', 'canned-responses', 'privacy'] as const;

/** A section's path as its label key: `business-hours` → `admin.nav.businessHours`. */
const navLabelKey = (section: string) => `admin.nav.${section.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}`;

/** The admin screens, under `/admin/*`. Only admins get the link; the server refuses everyone else anyway. */
export function AdminArea() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (session.user.role !== 'admin') {
    return (
      <section aria-labelledby="admin-title">
        <h1 id="admin-title">{t('admin.title')}</h1>
        <p role="alert" className="error">{t('admin.onlyAdmins')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="admin-title" className="admin-area">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <nav className="admin-nav" aria-label={t('admin.sections')}>
        <ul>
          {ADMIN_SECTIONS.map((section) => (
            <li key={section}>
              <NavLink to={`/admin/${section}`}>{t(navLabelKey(section))}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<p role="status">{t('admin.loading')}</p>}>
        <AdminRoutes />
      </Suspense>
    </section>
  );
}
