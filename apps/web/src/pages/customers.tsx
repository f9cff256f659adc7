import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { formatDateTime } from '../format';
import { useAsync } from '../use-async';

export function CustomersPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [customers] = useAsync(() => unwrap(api.GET('/api/v1/customers', { params: { query: { limit: 50, ...(filter.trim() ? { q: filter.trim() } : {}) } } })), [filter]);
  return (
    <section aria-labelledby="customers-title">
      <div className="page-header">
        <h1 id="customers-title">{t('customers.title')}</h1>
        <label className="inline-field">
          <span>{t('customers.filter')}</span>
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} name="customer-filter" />
        </label>
      </div>
      {customers.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {customers.status === 'error' && <p role="alert" className="error">{t('app.error', { message: customers.error.message })}</p>}
      {customers.status === 'ready' && customers.value.data.length === 0 && <p className="empty">{t('customers.empty')}</p>}
      {customers.status === 'ready' && customers.value.data.length > 0 && (
        <div className="table-scroll">
          <table className="ticket-table">
            <thead>
              <tr>
                <th scope="col">{t('customers.columns.name')}</th>
                <th scope="col">{t('customers.columns.email')}</th>
                <th scope="col" className="wide-only">{t('customers.columns.organization')}</th>
                <th scope="col" className="narrow-hide">{t('customers.columns.tier')}</th>
                <th scope="col" className="wide-only">{t('customers.columns.language')}</th>
              </tr>
            </thead>
            <tbody>
              {customers.value.data.map((customer) => (
                <tr key={customer.id}>
                  <td><Link to={`/customers/${customer.id}`}>{customer.name}</Link></td>
                  <td>{customer.email ?? '—'}</td>
                  <td className="wide-only">{customer.organization ?? '—'}</td>
                  <td className="narrow-hide">{customer.tier}</td>
                  <td className="wide-only">{t(`languages.${customer.language}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CustomerPage() {
  const { t, i18n } = useTranslation();
  const { customerId = '' } = useParams();
  const [customer] = useAsync(() => unwrap(api.GET('/api/v1/customers/{customerId}', { params: { path: { customerId } } })), [customerId]);
  const [tickets] = useAsync(() => unwrap(api.GET('/api/v1/tickets', { params: { query: { customerId, limit: 50 } } })), [customerId]);
  if (customer.status === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (customer.status === 'error') {
    const isMissing = customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.status === 400);
    return <p role="alert" className="error">{isMissing ? t('customers.notFound') : t('app.error', { message: customer.error.message })}</p>;
  }
  const profile = customer.value;
  return (
    <article aria-labelledby="customer-title" className="customer-page">
      <Link to="/customers">{t('customers.back')}</Link>
      <h1 id="customer-title">{profile.name}</h1>
      <p className="meta">{t('customers.since', { time: formatDateTime(profile.createdAt, i18n.language) })}</p>
      <dl className="facts card">
        <dt>{t('customers.columns.email')}</dt>
        <dd>{[profile.email, ...profile.emails.filter((email) => email !== profile.email)].filter(Boolean).join(', ') || '—'}</dd>
        <dt>{t('customers.phone')}</dt>
        <dd>{profile.phone ?? '—'}</dd>
        <dt>{t('customers.columns.organization')}</dt>
        <dd>{profile.organization ?? '—'}</dd>
        <dt>{t('customers.columns.tier')}</dt>
        <dd>{profile.tier}</dd>
        <dt>{t('customers.columns.language')}</dt>
        <dd>{t(`languages.${profile.language}`)}</dd>
      </dl>
      <h2>{t('customers.tickets')}</h2>
      {tickets.status === 'ready' && tickets.value.data.length === 0 && <p className="empty">{t('customers.noTickets')}</p>}
      {tickets.status === 'ready' && tickets.value.data.length > 0 && (
        <ul className="result-list">
          {tickets.value.data.map((ticket) => (
            <li key={ticket.id}>
              <Link to={`/tickets/${ticket.number}`}>
                <span className="ticket-number">#{ticket.number}</span> {ticket.subject}
              </Link>{' '}
              <span className={`badge status-${ticket.statusCategory}`}>{t(`status.${ticket.statusCategory}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
