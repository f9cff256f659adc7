import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, unwrap, type Ticket } from '../api/client';
import { useAsync } from '../use-async';

/** Linked tickets, and the link and merge actions, in the ticket's side panel. */
export function RelatedTickets({ ticket, onChanged }: { ticket: Ticket; onChanged(): void }) {
  const { t } = useTranslation();
  const [links, reload] = useAsync(() => unwrap(api.GET('/api/v1/tickets/{ticketId}/links', { params: { path: { ticketId: ticket.id } } })), [ticket.id, ticket.updatedAt]);
  const [linkNumber, setLinkNumber] = useState('');
  const [mergeNumber, setMergeNumber] = useState('');
  const [mergeTarget, setMergeTarget] = useState<Ticket | undefined>();
  const [error, setError] = useState<string | undefined>();

  /** The ticket with this number in the workspace, or a clear message. */
  const find = async (number: string): Promise<Ticket | undefined> => {
    try {
      return await unwrap(api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: number.replace(/^#/, '') } } }));
    } catch (caught) {
      setError(caught instanceof ApiError && (caught.status === 404 || caught.status === 400) ? t('related.notFound', { number }) : String(caught));
      return undefined;
    }
  };

  const link = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const other = await find(linkNumber.trim());
    if (!other) return;
    try {
      await unwrap(api.POST('/api/v1/tickets/{ticketId}/links', { params: { path: { ticketId: ticket.id } }, body: { ticketId: other.id } }));
      setLinkNumber('');
      reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const askMerge = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setMergeTarget(await find(mergeNumber.trim()));
  };

  const merge = async () => {
    if (!mergeTarget) return;
    try {
      await unwrap(api.POST('/api/v1/tickets/{ticketId}/merge', { params: { path: { ticketId: ticket.id } }, body: { targetTicketId: mergeTarget.id } }));
      setMergeTarget(undefined);
      setMergeNumber('');
      onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <section aria-labelledby="related-title" className="related">
      <h2 id="related-title">{t('related.title')}</h2>
      {links.status === 'ready' && links.value.data.length === 0 && <p className="meta">{t('related.none')}</p>}
      {links.status === 'ready' && links.value.data.length > 0 && (
        <ul className="result-list">
          {links.value.data.map((item) => (
            <li key={`${item.kind}-${item.ticket.id}`}>
              <span className="badge">{t(`related.kinds.${item.kind}`, { defaultValue: item.kind })}</span>{' '}
              <Link to={`/tickets/${item.ticket.number}`}>#{item.ticket.number} {item.ticket.subject}</Link>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {!ticket.mergedIntoId && (
        <>
          <form onSubmit={link} className="inline-form">
            <label>
              {t('related.linkLabel')}
              <input inputMode="numeric" value={linkNumber} onChange={(event) => setLinkNumber(event.target.value)} name="link-number" required />
            </label>
            <button type="submit">{t('related.link')}</button>
          </form>
          <form onSubmit={askMerge} className="inline-form">
            <label>
              {t('related.mergeLabel')}
              <input inputMode="numeric" value={mergeNumber} onChange={(event) => setMergeNumber(event.target.value)} name="merge-number" required />
            </label>
            <button type="submit">{t('related.merge')}</button>
          </form>
          {mergeTarget && (
            <div role="alertdialog" aria-labelledby="merge-question" className="warning">
              <p id="merge-question">{t('related.mergeQuestion', { source: ticket.number, target: mergeTarget.number })}</p>
              <button type="button" className="primary" onClick={() => void merge()} autoFocus>{t('related.confirmMerge')}</button>{' '}
              <button type="button" onClick={() => setMergeTarget(undefined)}>{t('related.cancel')}</button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
