import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useAsync } from '../use-async';

/** Results of the top bar's search box: tickets (subject, messages; English and French stemming) and customers. */
export function SearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [results] = useAsync(
    async () =>
      q
        ? Promise.all([
            unwrap(api.GET('/api/v1/search', { params: { query: { q, type: 'ticket', limit: 25 } } })),
            unwrap(api.GET('/api/v1/search', { params: { query: { q, type: 'customer', limit: 25 } } })),
          ])
        : undefined,
    [q],
  );
  if (!q) return <p>{t('search.prompt')}</p>;
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title', { q })}</h1>
      {results.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {results.status === 'error' && <p role="alert" className="error">{t('app.error', { message: results.error.message })}</p>}
      {results.status === 'ready' && results.value && (
        <div className="search-results">
          <section aria-labelledby="search-tickets">
            <h2 id="search-tickets">{t('search.tickets')}</h2>
            {results.value[0].data.length === 0 ? (
              <p className="empty">{t('search.noTickets')}</p>
            ) : (
              <ul className="result-list">
                {results.value[0].data.map((item) =>
                  item.resultType === 'ticket' ? (
                    <li key={item.id}>
                      <Link to={`/tickets/${item.number}`}>
                        <span className="ticket-number">#{item.number}</span> {item.subject}
                      </Link>{' '}
                      <span className={`badge status-${item.statusCategory}`}>{t(`status.${item.statusCategory}`)}</span>
                    </li>
                  ) : null,
                )}
              </ul>
            )}
          </section>
          <section aria-labelledby="search-customers">
            <h2 id="search-customers">{t('search.customers')}</h2>
            {results.value[1].data.length === 0 ? (
              <p className="empty">{t('search.noCustomers')}</p>
            ) : (
              <ul className="result-list">
                {results.value[1].data.map((item) =>
                  item.resultType === 'customer' ? (
                    <li key={item.id}>
                      <Link to={`/customers/${item.id}`}>{item.name}</Link> <span className="meta">{item.email ?? ''}</span>
                    </li>
                  ) : null,
                )}
              </ul>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
