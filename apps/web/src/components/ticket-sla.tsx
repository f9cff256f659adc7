import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../api/client';
import { formatDateTime, formatRelative } from '../format';
import { useLiveEvents } from '../live';
import { useAsync } from '../use-async';

type TicketSlaState = paths['/api/v1/tickets/{ticketId}/sla']['get']['responses'][200]['content']['application/json'];
export type SlaTarget = TicketSlaState['targets'][number];

/** What a badge says of a clock: on track, at risk, overdue, paused, met, missed or not needed. */
export function slaBadgeOf(target: Pick<SlaTarget, 'state' | 'isWarning' | 'isBreached' | 'dueAt'>, now = Date.now()): 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed' | 'cancelled' {
  if (target.state === 'fulfilled') return target.isBreached ? 'missed' : 'met';
  if (target.state === 'cancelled') return 'cancelled';
  if (target.isBreached || (target.state === 'running' && target.dueAt !== null && Date.parse(target.dueAt) <= now)) return 'breached';
  if (target.state === 'paused') return 'paused';
  return target.isWarning ? 'warning' : 'ok';
}

/** Re-renders every `intervalMs`, so countdowns move without a reload. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The ticket's SLA clocks in the side panel: each target, its due time and a countdown, live. */
export function TicketSla({ ticketId }: { ticketId: string }) {
  const { t, i18n } = useTranslation();
  const [state, reload] = useAsync(() => unwrap(api.GET('/api/v1/tickets/{ticketId}/sla', { params: { path: { ticketId } } })), [ticketId]);
  const now = useNow();
  useLiveEvents((event) => {
    const data = event.data as { ticket?: { id?: string }; ticketId?: string };
    if (data.ticket?.id === ticketId || data.ticketId === ticketId) reload();
  });
  if (state.status !== 'ready') return null;
  const { policy, targets } = state.value;
  const live = targets.filter((target) => target.state === 'running' || target.state === 'paused');
  const ended = targets.filter((target) => target.state === 'fulfilled').slice(0, 3);
  return (
    <section aria-labelledby="sla-title" className="ticket-sla" data-testid="ticket-sla">
      <h2 id="sla-title">{t('sla.title')}</h2>
      {targets.length === 0 ? (
        <p className="meta">{t('sla.none')}</p>
      ) : (
        <>
          {policy && <p className="meta">{t('sla.policy', { name: policy.name })}</p>}
          <ul className="sla-targets">
            {[...live, ...ended].map((target) => {
              const badge = slaBadgeOf(target, now);
              return (
                <li key={target.id} data-testid={`sla-${target.metric}`} data-state={badge}>
                  <span className="sla-metric">{t(`sla.metrics.${target.metric}`)}</span>{' '}
                  <span className={`badge sla-badge sla-${badge}`}>{t(`sla.badges.${badge}`)}</span>
                  {target.state === 'running' && target.dueAt && (
                    <span className="meta sla-due">
                      {' '}
                      <time dateTime={target.dueAt} title={formatDateTime(target.dueAt, i18n.language)}>
                        {t(Date.parse(target.dueAt) <= now ? 'sla.overdueSince' : 'sla.dueIn', { relative: formatRelative(target.dueAt, i18n.language, now) })}
                      </time>
                    </span>
                  )}
                  {target.state === 'paused' && <span className="meta"> {t('sla.remaining', { minutes: Math.max(0, Math.round(target.remainingMinutes)) })}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

const BADGE_CHUNK = 100;

/**
 * For a list of tickets: each one's most pressing live clock, read in chunks and read again when a clock may have
 * moved (a ticket changed, a comment arrived, a warning or breach fired).
 */
export function useSlaBadges(ticketIds: string[]): Map<string, SlaTarget> {
  const [badges, setBadges] = useState<Map<string, SlaTarget>>(new Map());
  const [version, setVersion] = useState(0);
  const key = ticketIds.join(',');
  useLiveEvents((event) => {
    if (event.type.startsWith('sla.') || event.type.startsWith('ticket.') || event.type === 'comment.created') setVersion((value) => value + 1);
  });
  useEffect(() => {
    let isCurrent = true;
    const ids = key ? key.split(',') : [];
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += BADGE_CHUNK) chunks.push(ids.slice(start, start + BADGE_CHUNK));
    // A clock moves in the dispatch of the event that announced the change: read once it has committed.
    const timer = setTimeout(() => {
      Promise.all(chunks.map((chunk) => unwrap(api.GET('/api/v1/sla/tickets', { params: { query: { ticketIds: chunk } } }))))
        .then((pages) => {
          if (isCurrent) setBadges(new Map(pages.flatMap((page) => page.data).map((item) => [item.ticketId, item.target])));
        })
        .catch(() => undefined);
    }, version === 0 ? 0 : 250);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [key, version]);
  return badges;
}

/** A list cell's SLA badge: the state in words and colour, and the due time as a countdown. */
export function SlaBadge({ target, now }: { target: SlaTarget | undefined; now: number }) {
  const { t, i18n } = useTranslation();
  if (!target) return <span className="meta">—</span>;
  const badge = slaBadgeOf(target, now);
  return (
    <span className="sla-cell" data-sla-state={badge}>
      <span className={`badge sla-badge sla-${badge}`}>{t(`sla.badges.${badge}`)}</span>
      {target.state === 'running' && target.dueAt && (
        <>
          {' '}
          <time className="meta" dateTime={target.dueAt} title={`${t(`sla.metrics.${target.metric}`)} · ${formatDateTime(target.dueAt, i18n.language)}`}>
            {formatRelative(target.dueAt, i18n.language, now)}
          </time>
        </>
      )}
    </span>
  );
}
