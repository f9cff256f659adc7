import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { AvailabilityPicker } from './availability';
import { NotificationsCentre } from './notifications';
import { api, unwrap } from '../api/client';
import { formatNumber } from '../format';
import i18n, { profileLanguageOf, UI_LANGUAGES } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { useInboxViews } from '../views';
import { useLiveEvents } from '../live';
import { ChatAlert } from './chat-alert';
import { useSlaAtRisk } from '../pages/sla-at-risk';
import { canReadKb } from '../pages/knowledge-base/kb-kit';
import { canReadCommunity } from '../pages/community/community-kit';
import { canReadAnalytics } from '../pages/analytics/analytics-permissions';

type Theme = 'system' | 'light' | 'dark';

function applyTheme(theme: Theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  localStorage.setItem('switchboard.theme', theme);
}

export function Layout() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('switchboard.theme') as Theme | null) ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);

  const { builtIn: views, saved: savedViews } = useInboxViews(session.user.id);
  const [counts, reloadCounts] = useAsync(
    () => Promise.all(views.map((view) => unwrap(api.GET('/api/v1/tickets/count', { params: { query: view.filters } })))),
    [views.map((view) => view.key).join()],
  );
  const [savedCounts, reloadSavedCounts] = useAsync(
    () => Promise.all(savedViews.map((view) => unwrap(api.GET('/api/v1/tickets/count', { params: { query: view.filters } })).catch(() => undefined))),
    [savedViews.map((view) => view.id).join()],
  );
  const [atRisk] = useSlaAtRisk({ isPolling: false });
  useLiveEvents((event) => {
    if (!event.type.startsWith('ticket.')) return;
    reloadCounts();
    reloadSavedCounts();
  });

  const changeLanguage = async (language: string) => {
    await i18n.changeLanguage(language);
    await unwrap(api.PATCH('/api/v1/account', { body: { language: profileLanguageOf(language) } })).catch(() => undefined);
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        <span className="workspace-name">{session.workspace.name}</span>
        <SearchBox />
        <div className="top-bar-tools">
          <NotificationsCentre />
          <AvailabilityPicker />
          <label className="inline-field">
            <span>{t('nav.language')}</span>
            <select value={i18n.language} onChange={(event) => void changeLanguage(event.target.value)} data-testid="language-picker">
              <option value={UI_LANGUAGES.en}>{t('languages.en')}</option>
              <option value={UI_LANGUAGES.fr}>{t('languages.fr')}</option>
            </select>
          </label>
          <label className="inline-field">
            <span>{t('nav.theme')}</span>
            <select value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
              <option value="system">{t('nav.themeSystem')}</option>
              <option value="light">{t('nav.themeLight')}</option>
              <option value="dark">{t('nav.themeDark')}</option>
            </select>
          </label>
          <span className="who" title={session.user.email}>{t('nav.profile', { name: session.user.name })}</span>
          <button type="button" onClick={() => void signOut()}>{t('nav.signOut')}</button>
        </div>
      </header>
      <nav className="side-nav" aria-label={t('nav.views')}>
        <ul>
          {views.map((view, index) => {
            const count = counts.status === 'ready' ? counts.value[index] : undefined;
            return (
              <li key={view.key}>
                <NavLink to={`/views/${view.key}`}>
                  <span>{t(`views.${view.key}`)}</span>
                  {count && (
                    <span className="count" aria-label={count.isCapped ? t('views.countCapped', { count: count.count }) : t('views.count', { count: count.count })}>
                      {formatNumber(count.count, i18n.language)}
                      {count.isCapped ? '+' : ''}
                    </span>
                  )}
                </NavLink>
              </li>
            );
          })}
          <li>
            <NavLink to="/views/sla-at-risk">
              <span>{t('atRisk.nav')}</span>
              {atRisk.status === 'ready' && (
                <span className={`count${atRisk.value.length > 0 ? ' count-alert' : ''}`} aria-label={t('atRisk.count', { count: atRisk.value.length })} data-testid="at-risk-count">
                  {formatNumber(atRisk.value.length, i18n.language)}
                </span>
              )}
            </NavLink>
          </li>
        </ul>
        {savedViews.length > 0 && (
          <ul className="nav-section" aria-label={t('nav.savedViews')}>
            {savedViews.map((view, index) => {
              const count = savedCounts.status === 'ready' ? savedCounts.value[index] : undefined;
              return (
                <li key={view.id}>
                  <NavLink to={`/saved/${view.id}`}>
                    <span>{view.name}</span>
                    {count && <span className="count">{formatNumber(count.count, i18n.language)}{count.isCapped ? '+' : ''}</span>}
                  </NavLink>
                </li>
              );
            })}
          </ul>
        )}
        <ul className="nav-section">
          <li>
            <NavLink to="/customers">{t('nav.customers')}</NavLink>
          </li>
          {session.user.role !== 'reviewer' && session.user.role !== 'viewer' && (
            <li>
              <NavLink to="/canned-responses">{t('nav.cannedResponses')}</NavLink>
            </li>
          )}
          {canReadKb(session.user.role) && (
            <li>
              <NavLink to="/kb">{t('nav.knowledgeBase')}</NavLink>
            </li>
          )}
          {canReadCommunity(session.user.role) && (
            <li>
              <NavLink to="/community">{t('nav.community')}</NavLink>
            </li>
          )}
          {canReadAnalytics(session.user.role) && (
            <li>
              <NavLink to="/analytics">{t('nav.analytics')}</NavLink>
            </li>
          )}
          {(session.user.role === 'admin' || session.user.role === 'manager') && (
            <li>
              <NavLink to="/bot">{t('nav.botInsights')}</NavLink>
            </li>
          )}
        </ul>
        {session.user.role === 'admin' && (
          <ul className="nav-section">
            <li>
              <NavLink to="/admin">{t('admin.title')}</NavLink>
            </li>
          </ul>
        )}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <ChatAlert userId={session.user.id} />
        <Outlet />
      </main>
    </div>
  );
}

function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <label className="visually-hidden" htmlFor="global-search">{t('search.label')}</label>
      <input id="global-search" type="search" placeholder={t('search.placeholder')} value={q} onChange={(event) => setQ(event.target.value)} />
      <button type="submit">{t('search.submit')}</button>
    </form>
  );
}
