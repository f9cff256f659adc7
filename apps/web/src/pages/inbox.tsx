import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap, type Ticket, type TicketFilters } from '../api/client';
import { useDirectory } from '../directory';
import { formatRelative } from '../format';
import { useLiveEvents } from '../live';
import { useSession } from '../session';
import { useInboxViews } from '../views';
import { ShortcutsDialog } from '../components/shortcuts-dialog';
import { BulkStatusOptions } from '../components/status-options';
import { SlaBadge, useNow, useSlaBadges } from '../components/ticket-sla';

const SORTS = ['-createdAt', '-updatedAt', '-priority', 'createdAt', 'dueAt'] as const;
type Sort = (typeof SORTS)[number];
const PAGE_SIZE = 50;
/** Up to this many loaded rows are all in the page; beyond it only those near the viewport are (long scrolls stay fast). */
const RENDER_ALL_UP_TO = 100;
const ROW_HEIGHT_ESTIMATE = 44;

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { viewKey = 'mine', savedViewId } = useParams();
  const { session } = useSession();
  const navigate = useNavigate();
  const [directory] = useDirectory();
  const views = useInboxViews(session.user.id);
  const savedView = savedViewId ? views.saved.find((item) => item.id === savedViewId) : undefined;
  const builtIn = views.builtIn.find((item) => item.key === viewKey) ?? views.builtIn[0]!;
  const view = savedViewId
    ? { key: `saved-${savedViewId}`, title: savedView?.name ?? '…', filters: savedView?.filters ?? { limit: 1 } }
    : { key: builtIn.key, title: t(`views.${builtIn.key}`), filters: builtIn.filters };
  const [sort, setSort] = useState<Sort>('-createdAt');
  useEffect(() => {
    if (savedView) setSort(savedView.sort);
  }, [savedView]);
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadState, setLoadState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [focusIndex, setFocusIndex] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | undefined>();
  const [isHelpOpen, setHelpOpen] = useState(false);
  const rowRefs = useRef<Array<HTMLTableRowElement | null>>([]);

  const isLoadingMore = useRef(false);
  // Answers can arrive out of order (a view left while its read was in flight, a live refresh overtaken by a
  // newer one): only the newest first page of the view on screen, and pages of that view, are applied.
  const latestFirstPage = useRef(0);
  const currentLoad = useRef<unknown>(undefined);
  const load = useCallback(
    async function loadPage(cursor?: string) {
      if (savedViewId && !savedView) return;
      const request = cursor ? 0 : ++latestFirstPage.current;
      const filters: TicketFilters = { ...view.filters, sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
      const page = await unwrap(api.GET('/api/v1/tickets', { params: { query: filters } }));
      if (currentLoad.current !== loadPage || (!cursor && request !== latestFirstPage.current)) return;
      setTickets((current) => (cursor ? [...current, ...page.data] : page.data));
      setNextCursor(page.nextCursor);
      setLoadState('ready');
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view.key, sort, JSON.stringify(view.filters), savedView],
  );

  currentLoad.current = load;
  useEffect(() => {
    setLoadState('loading');
    setSelected(new Set());
    setFocusIndex(0);
    load().catch(() => setLoadState('error'));
  }, [load]);

  const loadMore = useCallback(async () => {
    if (!nextCursor || isLoadingMore.current) return;
    isLoadingMore.current = true;
    try {
      await load(nextCursor);
    } finally {
      isLoadingMore.current = false;
    }
  }, [load, nextCursor]);

  // A change re-reads the first page; rows further down that were already loaded stay, updated in place when
  // the event carries the ticket, so an agent deep in a long list is not thrown back to the top.
  useLiveEvents((event) => {
    if (!event.type.startsWith('ticket.')) return;
    if (tickets.length <= PAGE_SIZE) {
      load().catch(() => undefined);
      return;
    }
    const changed = event.data.ticket as Ticket | undefined;
    const filters: TicketFilters = { ...view.filters, sort, limit: PAGE_SIZE };
    const request = ++latestFirstPage.current;
    const loadOfView = load;
    unwrap(api.GET('/api/v1/tickets', { params: { query: filters } }))
      .then((page) => {
        if (currentLoad.current !== loadOfView || request !== latestFirstPage.current) return;
        const firstIds = new Set(page.data.map((ticket) => ticket.id));
        setTickets((current) => [
          ...page.data,
          ...current
            .slice(PAGE_SIZE)
            .filter((ticket) => !firstIds.has(ticket.id) && !(event.type === 'ticket.deleted' && ticket.id === changed?.id))
            .map((ticket) => (changed && ticket.id === changed.id ? { ...ticket, ...changed } : ticket)),
        ]);
      })
      .catch(() => undefined);
  });

  const tableBody = useRef<HTMLTableSectionElement | null>(null);
  const [listTop, setListTop] = useState(0);
  const isWindowed = tickets.length > RENDER_ALL_UP_TO;
  useLayoutEffect(() => {
    if (tableBody.current) setListTop(tableBody.current.getBoundingClientRect().top + window.scrollY);
  }, [isWindowed, loadState, selected.size > 0, message]);
  const rows = useWindowVirtualizer({
    count: tickets.length,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    overscan: 12,
    scrollMargin: listTop,
    enabled: isWindowed,
  });
  const windowItems = isWindowed ? rows.getVirtualItems() : [];
  const shownIndexes = isWindowed ? windowItems.map((item) => item.index) : tickets.map((_, index) => index);
  const spaceAbove = isWindowed && windowItems.length > 0 ? windowItems[0]!.start - listTop : 0;
  const spaceBelow = isWindowed && windowItems.length > 0 ? rows.getTotalSize() - (windowItems.at(-1)!.end - listTop) : 0;

  // Reaching the end of what is loaded loads the next page (the button stays for keyboards and screen readers).
  const loadMoreButton = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    const button = loadMoreButton.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void loadMore().catch(() => undefined);
    }, { rootMargin: '400px' });
    observer.observe(button);
    return () => observer.disconnect();
  }, [loadMore, loadState]);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const bulk = async (changes: { assigneeId?: string; status?: string }) => {
    if (selected.size === 0) return;
    const result = await unwrap(api.POST('/api/v1/tickets/bulk', { body: { ticketIds: [...selected], changes } }));
    const ok = result.results.filter((item) => item.ok).length;
    setMessage(t('inbox.bulkDone', { ok, failed: result.results.length - ok }));
    setSelected(new Set());
    await load();
  };

  // j/k move, Enter opens, x selects, a assigns the selection to me, ? lists the shortcuts.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === '?') {
        setHelpOpen(true);
        return;
      }
      if (isHelpOpen || tickets.length === 0) return;
      const current = tickets[focusIndex];
      if (event.key === 'j') setFocusIndex((index) => Math.min(index + 1, tickets.length - 1));
      else if (event.key === 'k') setFocusIndex((index) => Math.max(index - 1, 0));
      else if (event.key === 'Enter' && current && target.tagName !== 'BUTTON' && target.tagName !== 'A') navigate(`/tickets/${current.number}`);
      else if (event.key === 'x' && current) toggle(current.id);
      else if (event.key === 'a') void bulk({ assigneeId: session.user.id });
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    if (loadState !== 'ready' || !document.activeElement?.closest('.ticket-table')) return;
    if (focusIndex >= tickets.length - 5) void loadMore().catch(() => undefined);
    if (!isWindowed) {
      rowRefs.current[focusIndex]?.focus();
      return;
    }
    // The row may be outside the rendered window: bring it in, then focus it once drawn.
    rows.scrollToIndex(focusIndex, { align: 'auto' });
    const frame = requestAnimationFrame(() => rowRefs.current[focusIndex]?.focus({ preventScroll: true }));
    return () => cancelAnimationFrame(frame);
    // Only a move of the focus (or a new list) should scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusIndex, loadState]);

  const names = directory.status === 'ready' ? directory.value : undefined;
  const title = view.title;
  const slaBadges = useSlaBadges(tickets.map((ticket) => ticket.id));
  const now = useNow();
  return (
    <section aria-labelledby="inbox-title">
      <div className="page-header">
        <h1 id="inbox-title">{t('inbox.title', { view: title })}</h1>
        <label className="inline-field">
          <span>{t('inbox.sort')}</span>
          <select value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            {SORTS.map((value) => (
              <option key={value} value={value}>{t(`sorts.${value}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{t('inbox.shortcutsHint')}</p>
      {selected.size > 0 && (
        <div className="bulk-bar" role="region" aria-label={t('inbox.selected', { count: selected.size })}>
          <span>{t('inbox.selected', { count: selected.size })}</span>
          <button type="button" onClick={() => void bulk({ assigneeId: session.user.id })}>{t('inbox.assignToMe')}</button>
          <label className="inline-field">
            <span>{t('inbox.setStatus')}</span>
            <select value="" onChange={(event) => event.target.value && void bulk({ status: event.target.value })}>
              <option value="">—</option>
              <BulkStatusOptions />
            </select>
          </label>
        </div>
      )}
      {message && <p role="status" className="notice">{message}</p>}
      {loadState === 'loading' && <p role="status">{t('app.loading')}</p>}
      {loadState === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: '' })} <button type="button" onClick={() => void load()}>{t('app.retry')}</button>
        </p>
      )}
      {loadState === 'ready' && tickets.length === 0 && <p className="empty">{t('inbox.empty')}</p>}
      {loadState === 'ready' && tickets.length > 0 && (
        <div className="table-scroll">
        <table className="ticket-table" aria-rowcount={isWindowed ? tickets.length + 1 : undefined}>
          <thead>
            <tr aria-rowindex={isWindowed ? 1 : undefined}>
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label={t('inbox.selectAll')}
                  checked={selected.size > 0 && selected.size === tickets.length}
                  onChange={(event) => setSelected(event.target.checked ? new Set(tickets.map((ticket) => ticket.id)) : new Set())}
                />
              </th>
              <th scope="col">{t('inbox.columns.number')}</th>
              <th scope="col">{t('inbox.columns.subject')}</th>
              <th scope="col">{t('inbox.columns.status')}</th>
              <th scope="col" className="narrow-hide">{t('inbox.columns.priority')}</th>
              <th scope="col" className="narrow-hide">{t('inbox.columns.sla')}</th>
              <th scope="col" className="wide-only">{t('inbox.columns.assignee')}</th>
              <th scope="col" className="wide-only">{t('inbox.columns.updated')}</th>
            </tr>
          </thead>
          <tbody ref={tableBody}>
            {spaceAbove > 0 && <SpacerRow height={spaceAbove} />}
            {shownIndexes.map((index) => {
              const ticket = tickets[index]!;
              return (
              <tr
                key={ticket.id}
                ref={(element) => {
                  rowRefs.current[index] = element;
                  if (isWindowed && element) rows.measureElement(element);
                }}
                data-index={index}
                aria-rowindex={isWindowed ? index + 2 : undefined}
                tabIndex={index === focusIndex ? 0 : -1}
                className={index === focusIndex ? 'focused' : undefined}
                aria-selected={selected.has(ticket.id)}
                onFocus={() => setFocusIndex(index)}
                data-ticket-number={ticket.number}
              >
                <td className="select-cell">
                  <input type="checkbox" aria-label={t('inbox.select', { number: ticket.number })} checked={selected.has(ticket.id)} onChange={() => toggle(ticket.id)} tabIndex={-1} />
                </td>
                <td>#{ticket.number}</td>
                <td>
                  <a href={`/tickets/${ticket.number}`} onClick={(event) => { event.preventDefault(); navigate(`/tickets/${ticket.number}`); }} tabIndex={-1}>
                    {ticket.subject}
                  </a>
                </td>
                <td><span className={`badge status-${ticket.statusCategory}`}>{t(`status.${ticket.statusCategory}`)}</span></td>
                <td className="narrow-hide"><span className={`badge priority-${ticket.priority}`}>{t(`priority.${ticket.priority}`)}</span></td>
                <td className="narrow-hide"><SlaBadge target={slaBadges.get(ticket.id)} now={now} /></td>
                <td className="wide-only">{names?.userName(ticket.assigneeId) ?? '—'}</td>
                <td className="wide-only"><time dateTime={ticket.updatedAt}>{formatRelative(ticket.updatedAt, i18n.language)}</time></td>
              </tr>
              );
            })}
            {spaceBelow > 0 && <SpacerRow height={spaceBelow} />}
          </tbody>
        </table>
        </div>
      )}
      {nextCursor && (
        <button type="button" className="load-more" ref={loadMoreButton} onClick={() => void loadMore().catch(() => undefined)}>{t('inbox.loadMore')}</button>
      )}
      {isHelpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
    </section>
  );
}

/** Stands for the rows above or below the rendered window, so the scrollbar and positions stay true. */
function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="row-spacer">
      <td colSpan={8} style={{ height }} />
    </tr>
  );
}
