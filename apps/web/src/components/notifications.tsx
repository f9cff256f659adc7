import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useDirectory } from '../directory';
import { formatRelative } from '../format';
import { liveSocket } from '../live';
import { useAsync } from '../use-async';

/** The bell: unread mentions and assignments, pushed live, each opening its ticket. */
export function NotificationsCentre() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [directory] = useDirectory();
  const [isOpen, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const [unread, reload] = useAsync(async () => {
    const page = await unwrap(api.GET('/api/v1/notifications', { params: { query: { unread: 'true', limit: 50 } } }));
    const ticketIds = [...new Set(page.data.flatMap((item) => (item.ticketId ? [item.ticketId] : [])))];
    const tickets = await Promise.all(ticketIds.map((id) => unwrap(api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: id } } })).catch(() => undefined)));
    const numbers = new Map(tickets.flatMap((ticket) => (ticket ? [[ticket.id, ticket.number] as const] : [])));
    return page.data.map((item) => ({ ...item, number: item.ticketId ? numbers.get(item.ticketId) : undefined }));
  }, []);

  useEffect(() => {
    const live = liveSocket();
    live.on('notification', reload);
    return () => {
      live.off('notification', reload);
    };
  }, [reload]);

  useEffect(() => {
    if (!isOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    panel.current?.querySelector<HTMLElement>('button, a')?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [isOpen]);

  const items = unread.status === 'ready' ? unread.value : [];
  const markRead = async (ids: string[]) => {
    if (ids.length > 0) await unwrap(api.POST('/api/v1/notifications/read', { body: { ids } }));
    reload();
  };
  const name = (id: string | null) => (directory.status === 'ready' ? directory.value.userName(id) : undefined) ?? t('notifications.someone');

  return (
    <div className="notifications">
      <button
        type="button"
        aria-expanded={isOpen}
        aria-controls="notifications-panel"
        aria-label={items.length > 0 ? t('notifications.openWithCount', { count: items.length }) : t('notifications.open')}
        onClick={() => setOpen((value) => !value)}
        data-testid="notifications-button"
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="icon">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {items.length > 0 && <span className="unread-count">{items.length}</span>}
      </button>
      {isOpen && (
        <div id="notifications-panel" ref={panel} className="notifications-panel card" role="region" aria-label={t('notifications.title')}>
          <h2>{t('notifications.title')}</h2>
          {items.length === 0 ? (
            <p className="empty">{t('notifications.empty')}</p>
          ) : (
            <>
              <ul className="result-list">
                {items.map((item) => (
                  <li key={item.id}>
                    <a
                      href={item.number ? `/tickets/${item.number}` : '#'}
                      onClick={(event) => {
                        event.preventDefault();
                        void markRead([item.id]);
                        setOpen(false);
                        if (item.number) navigate(`/tickets/${item.number}`);
                      }}
                    >
                      {t(`notifications.${item.kind}`, { name: name(item.actorUserId), number: item.number ?? '?' })}
                    </a>{' '}
                    <time className="meta" dateTime={item.createdAt}>{formatRelative(item.createdAt, i18n.language)}</time>
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => void markRead(items.map((item) => item.id))}>{t('notifications.markAllRead')}</button>
            </>
          )}
          <button type="button" onClick={() => setOpen(false)}>{t('notifications.close')}</button>
        </div>
      )}
    </div>
  );
}
