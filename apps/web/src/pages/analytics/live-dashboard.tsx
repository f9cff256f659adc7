import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDuration, formatValue, labelIn } from '../../components/chart-format';
import { formatNumber } from '../../format';
import { statusLabel, useWorkspaceVocabulary } from '../../workspace-vocabulary';
import { flagsFor, FlagIcon, LIVE_TILE_SOURCES, useLiveSnapshot, type DataFlag, type LiveSnapshot, type LiveState } from './analytics-kit';
import { InsightPanel } from './insight-panel';

/** The live dashboard (`/analytics`): what is happening now, kept current by the workspace's events. */
export function LiveDashboardPage() {
  const { t } = useTranslation();
  const [live, reload] = useLiveSnapshot();
  return (
    <section aria-labelledby="analytics-live-title" className="analytics-page">
      <div className="page-header">
        <h2 id="analytics-live-title">{t('analytics.live.title')}</h2>
        <Link className="button-link" to="/analytics/tv" data-testid="live-tv-mode">
          {t('analytics.live.tvMode')}
        </Link>
      </div>
      <LiveStatusLine live={live} onRetry={reload} />
      {live.snapshot ? <LiveTiles snapshot={live.snapshot} /> : !live.error && <p role="status">{t('app.loading')}</p>}
      <InsightPanel />
    </section>
  );
}

/** Whose figures these are, and when they were read (or that the last read failed). */
export function LiveStatusLine({ live, onRetry }: { live: LiveState; onRetry(): void }) {
  const { t, i18n } = useTranslation();
  const time = live.updatedAt ? new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(live.updatedAt) : undefined;
  return (
    <div className="analytics-live-status">
      {live.snapshot && <span className="meta">{t(`analytics.scope.${live.snapshot.scope.kind}`)}</span>}
      {live.snapshot && (
        <span className="meta" data-testid="live-time-zone">
          {t('analytics.live.timeZone', { timeZone: live.snapshot.timeZone })}
        </span>
      )}
      {time && (
        <span className="meta" data-testid="live-updated-at">
          {t('analytics.live.updatedAt', { time })}
        </span>
      )}
      {live.error && (
        <span role="alert" className="error">
          {live.snapshot ? t('analytics.live.stale') : t('app.error', { message: live.error.message })} <button type="button" onClick={onRetry}>{t('app.retry')}</button>
        </span>
      )}
    </div>
  );
}

interface TileProps {
  testId: string;
  label: string;
  value?: string;
  rawValue: number | null;
  detail?: string;
  flags: DataFlag[];
  tone?: 'alert';
  children?: ReactNode;
}

/** One figure: its name, its value, and a flag in words when the figure is not whole. */
function Tile({ testId, label, value, rawValue, detail, flags, tone, children }: TileProps) {
  const { i18n } = useTranslation();
  const isFlagged = flags.length > 0;
  return (
    <li className={`analytics-tile${isFlagged ? ' is-flagged' : ''}${tone === 'alert' ? ' is-alert' : ''}`} data-testid={testId} data-value={rawValue ?? ''} data-flagged={isFlagged || undefined}>
      <span className="analytics-tile-label">{label}</span>
      {value !== undefined && <span className="analytics-tile-value">{value}</span>}
      {detail && <span className="analytics-tile-detail">{detail}</span>}
      {children}
      {flags.map((flag, index) => (
        <span key={`${flag.code}-${index}`} className="analytics-tile-flag" data-flag={flag.code}>
          <FlagIcon />
          <span>{labelIn(flag.message, i18n.language)}</span>
        </span>
      ))}
    </li>
  );
}

/** The live figures as tiles (the dashboard's and, larger, the TV wallboard's). */
export function LiveTiles({ snapshot, isWallboard = false }: { snapshot: LiveSnapshot; isWallboard?: boolean }) {
  const { t, i18n } = useTranslation();
  const [vocabulary] = useWorkspaceVocabulary();
  const language = i18n.language;
  const number = (value: number) => formatNumber(value, language);
  const flags = (sources: readonly string[]) => flagsFor(snapshot.flags, sources);
  const nameOfStatus = (key: string) => {
    const status = vocabulary.status === 'ready' ? vocabulary.value.statuses.find((item) => item.key === key) : undefined;
    return status ? statusLabel(t, status) : t(`status.${key}`, { defaultValue: key });
  };
  const { today } = snapshot;
  return (
    <ul className={`analytics-tiles${isWallboard ? ' analytics-tiles-wallboard' : ''}`} aria-label={t('analytics.live.figures')}>
      <Tile testId="live-open-total" label={t('analytics.live.openTotal')} value={number(snapshot.openTotal)} rawValue={snapshot.openTotal} flags={flags(LIVE_TILE_SOURCES.open)} />
      <Tile testId="live-open-by-status" label={t('analytics.live.openByStatus')} rawValue={snapshot.openTotal} flags={flags(LIVE_TILE_SOURCES.open)}>
        {snapshot.openByStatus.length === 0 ? (
          <span className="analytics-tile-detail">{t('analytics.live.noOpen')}</span>
        ) : (
          <ul className="analytics-status-list">
            {snapshot.openByStatus.map((row) => (
              <li key={row.status} data-status={row.status} data-value={row.count}>
                <span>{nameOfStatus(row.status)}</span>
                <span className="analytics-status-count">{number(row.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </Tile>
      <Tile testId="live-chats-waiting" label={t('analytics.live.chatsWaiting')} value={number(snapshot.chatsWaiting)} rawValue={snapshot.chatsWaiting} tone={snapshot.chatsWaiting > 0 ? 'alert' : undefined} flags={flags(LIVE_TILE_SOURCES.chats)} />
      <Tile
        testId="live-longest-wait"
        label={t('analytics.live.longestWait')}
        value={snapshot.longestWaitSeconds === null ? t('analytics.value.none') : formatDuration(snapshot.longestWaitSeconds, t)}
        rawValue={snapshot.longestWaitSeconds}
        detail={snapshot.longestWaitSeconds === null ? t('analytics.live.nobodyWaiting') : undefined}
        flags={flags(LIVE_TILE_SOURCES.chats)}
      />
      <Tile testId="live-agents-online" label={t('analytics.live.agentsOnline')} value={number(snapshot.agentsOnline)} rawValue={snapshot.agentsOnline} flags={flags(LIVE_TILE_SOURCES.agents)} />
      <Tile testId="live-agents-away" label={t('analytics.live.agentsAway')} value={number(snapshot.agentsAway)} rawValue={snapshot.agentsAway} flags={flags(LIVE_TILE_SOURCES.agents)} />
      <Tile
        testId="live-sla-at-risk"
        label={t('analytics.live.slaAtRisk')}
        value={number(snapshot.slaAtRisk)}
        rawValue={snapshot.slaAtRisk}
        detail={t('analytics.live.slaAtRiskDetail')}
        tone={snapshot.slaAtRisk > 0 ? 'alert' : undefined}
        flags={flags(LIVE_TILE_SOURCES.sla)}
      >
        {!isWallboard && (
          <Link className="analytics-tile-link" to="/views/sla-at-risk">
            {t('analytics.live.openAtRiskView')}
          </Link>
        )}
      </Tile>
      <Tile testId="live-created-today" label={t('analytics.live.createdToday')} value={number(today.created)} rawValue={today.created} flags={flags(LIVE_TILE_SOURCES.today)} />
      <Tile testId="live-resolved-today" label={t('analytics.live.resolvedToday')} value={number(today.resolved)} rawValue={today.resolved} flags={flags(LIVE_TILE_SOURCES.today)} />
      <Tile
        testId="live-csat-today"
        label={t('analytics.live.csatToday')}
        value={formatValue(today.csatAverage, 'score', t, language)}
        rawValue={today.csatAverage}
        detail={t('analytics.live.csatResponses', { count: today.csatResponses, formatted: number(today.csatResponses) })}
        flags={flags(LIVE_TILE_SOURCES.today)}
      />
    </ul>
  );
}
