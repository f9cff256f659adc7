import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../session';
import { canReadAnalytics, useLiveSnapshot } from './analytics-kit';
import { LiveStatusLine, LiveTiles } from './live-dashboard';
import './analytics.css';

/**
 * The wallboard (`/analytics/tv`): the live figures in large type on a dark, high-contrast screen with no navigation,
 * for a screen across the room. It keeps itself current like the dashboard, and says when it last read the figures.
 */
export function AnalyticsTvPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [live, reload] = useLiveSnapshot();
  const [isFullScreen, setFullScreen] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setFullScreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  useEffect(() => {
    const title = document.title;
    document.title = t('analytics.tv.documentTitle', { workspace: session.workspace.name });
    return () => {
      document.title = title;
    };
  }, [t, session.workspace.name]);

  if (!canReadAnalytics(session.user.role)) {
    return (
      <main className="analytics-tv" id="main">
        <h1>{t('analytics.title')}</h1>
        <p role="alert">{t('analytics.onlyStaff')}</p>
        <Link to="/">{t('analytics.tv.exit')}</Link>
      </main>
    );
  }

  return (
    <main className="analytics-tv" id="main" data-testid="analytics-tv">
      <header className="analytics-tv-header">
        <h1>
          {session.workspace.name} <span className="analytics-tv-subtitle">{t('analytics.tv.title')}</span>
        </h1>
        <div className="analytics-tv-tools">
          {!isFullScreen && document.fullscreenEnabled && (
            <button type="button" onClick={() => void document.documentElement.requestFullscreen().catch(() => undefined)}>
              {t('analytics.tv.fullScreen')}
            </button>
          )}
          {isFullScreen && (
            <button type="button" onClick={() => void document.exitFullscreen().catch(() => undefined)}>
              {t('analytics.tv.leaveFullScreen')}
            </button>
          )}
          {!isFullScreen && <Link to="/analytics">{t('analytics.tv.exit')}</Link>}
        </div>
      </header>
      <LiveStatusLine live={live} onRetry={reload} />
      {live.snapshot ? <LiveTiles snapshot={live.snapshot} isWallboard /> : !live.error && <p role="status">{t('app.loading')}</p>}
    </main>
  );
}

export default AnalyticsTvPage;
