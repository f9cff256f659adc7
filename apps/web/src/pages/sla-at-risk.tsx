import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../api/client';
import { useDirectory } from '../directory';
import { useLiveEvents } from '../live';
import { useAsync } from '../use-async';
import { SlaBadge, slaBadgeOf, useNow } from '../components/ticket-sla';

type AtRiskItem = paths['/api/v1/sla/at-risk']['get']['responses'][200]['content']['application/json']['data'][number];

/** Read again this often even without an event: a clock crosses its warning share without anyone touching the ticket. */
const REFRESH_MS = 10_000;
const MAX_ITEMS = 200;

/**
 * The tickets whose SLA is at risk or overdue, soonest due first: each ticket once, with its most pressing clock.
 * Read from the server's at-risk list (running clocks past their warning share or their target).
 */
async function loadAtRisk(): Promise<AtRiskItem[]> {
  const answer = await unwrap(api.GET('/api/v1/sla/at-risk', { params: { query: { withinMinutes: 0, limit: MAX_ITEMS } } }));
  const seen = new Set<string>();
  const now = Date.now();
  return answer.data.filter((item) => {
    const badge = slaBadgeOf(item.target, now);
    if ((badge !== 'warning' && badge !== 'breached') || seen.has(item.ticket.id)) return false;
    seen.add(item.ticket.id);
    return true;
  });
}

/** The at-risk list, read again on each SLA, ticket or comment event (once it has committed) and every few seconds. */
export function useSlaAtRisk(options: { isPolling: boolean }) {
  const [state, reload] = useAsync(loadAtRisk, []);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents((event) => {
    if (!(event.type.startsWith('sla.') || event.type.startsWith('ticket.') || event.type === 'comment.created')) return;
    clearTimeout(pending.current);
    pending.current = setTimeout(reload, 250);
  });
  useEffect(() => {
    if (!options.isPolling) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [options.isPolling, reload]);
  useEffect(() => () => clearTimeout(pending.current), []);
  return [state, reload] as const;
}

/** "SLA at risk": what needs an answer first, for agents and managers. */
export function SlaAtRiskPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [directory] = useDirectory();
  const [state, reload] = useSlaAtRisk({ isPolling: true });
  const now = useNow(5_000);
  const names = directory.status === 'ready' ? directory.value : undefined;
  const teamName = (teamId: string | null) => (teamId ? names?.teams.find((team) => team.id === teamId)?.name : undefined);
  const items = state.status === 'ready' ? state.value : [];
  return (
    <section aria-labelledby="at-risk-title">
      <div className="page-header">
        <h1 id="at-risk-title">{t('atRisk.title')}</h1>
      </div>
      <p className="hint">{t('atRisk.hint')}</p>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: '' })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {state.status === 'ready' && items.length === 0 && <p className="empty">{t('atRisk.empty')}</p>}
      {state.status === 'ready' && items.length > 0 && (
        <div className="table-scroll">
          <table className="ticket-table at-risk-table" data-testid="at-risk-table">
            <caption className="visually-hidden">{t('atRisk.caption', { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.columns.number')}</th>
                <th scope="col">{t('inbox.columns.subject')}</th>
                <th scope="col">{t('inbox.columns.sla')}</th>
                <th scope="col">{t('atRisk.clock')}</th>
                <th scope="col" className="narrow-hide">{t('inbox.columns.priority')}</th>
                <th scope="col" className="wide-only">{t('inbox.columns.assignee')}</th>
                <th scope="col" className="wide-only">{t('atRisk.team')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ ticket, target }) => (
                <tr key={ticket.id} data-ticket-number={ticket.number}>
                  <td>#{ticket.number}</td>
                  <td>
                    <a
                      href={`/tickets/${ticket.number}`}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(`/tickets/${ticket.number}`);
                      }}
                    >
                      {ticket.subject}
                    </a>
                  </td>
                  <td>
                    <SlaBadge target={target} now={now} />
                  </td>
                  <td>{t(`sla.metrics.${target.metric}`)}</td>
                  <td className="narrow-hide">
                    <span className={`badge priority-${ticket.priority}`}>{t(`priority.${ticket.priority}`, { defaultValue: ticket.priority })}</span>
                  </td>
                  <td className="wide-only">{names?.userName(ticket.assigneeId) ?? '—'}</td>
                  <td className="wide-only">{teamName(ticket.teamId) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="meta at-risk-refresh" aria-hidden="true" lang={i18n.language}>
        {t('atRisk.refresh')}
      </p>
    </section>
  );
}
