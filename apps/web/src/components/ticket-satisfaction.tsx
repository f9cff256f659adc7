import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useLiveEvents } from '../live';
import { useAsync } from '../use-async';

/** The customer's satisfaction rating of the ticket (from the survey email or the end of a chat), once given. */
export function TicketSatisfaction({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const [state, reload] = useAsync(() => unwrap(api.GET('/api/v1/tickets/{ticketId}/satisfaction', { params: { path: { ticketId } } })), [ticketId]);
  useLiveEvents((event) => {
    if (event.type === 'ticket.satisfaction_rated' && (event.data as { ticketId?: string }).ticketId === ticketId) reload();
  });
  if (state.status !== 'ready' || state.value.rating === null) return null;
  const { rating, comment } = state.value;
  return (
    <section className="satisfaction" aria-label={t('satisfaction.title')} data-testid="satisfaction">
      <h3>{t('satisfaction.title')}</h3>
      <p>
        <span aria-hidden="true" className="stars">{'★'.repeat(rating)}{'☆'.repeat(5 - rating)}</span> {t('satisfaction.rating', { rating })}
      </p>
      {comment && <blockquote>{comment}</blockquote>}
    </section>
  );
}
