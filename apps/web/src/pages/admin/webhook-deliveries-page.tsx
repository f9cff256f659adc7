import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, ListTable, LoadState, useAction, useDescribeError, type WebhookDelivery } from './admin-kit';
import { eventLabelKey } from './webhooks-page';

const PAGE_SIZE = 50;
/** While a delivery is still pending (queued, or waiting for a retry), the log is re-read this often. */
const PENDING_REFRESH_MS = 2_000;

export function WebhookDeliveriesPage() {
  const { t } = useTranslation();
  const { webhookId = '' } = useParams();
  const describe = useDescribeError();
  const action = useAction();
  const [webhook, reloadWebhook] = useAsync(() => unwrap(api.GET('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId } } })), [webhookId]);
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadState, setLoadState] = useState<{ status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready' }>({ status: 'loading' });

  /** Re-reads from the newest, as many as are shown (a refresh), or the page after `cursor` (load more). */
  const load = useCallback(
    async (options: { cursor?: string; limit?: number } = {}) => {
      try {
        const page = await unwrap(
          api.GET('/api/v1/webhooks/{webhookId}/deliveries', {
            params: { path: { webhookId }, query: { limit: options.limit ?? PAGE_SIZE, ...(options.cursor ? { cursor: options.cursor } : {}) } },
          }),
        );
        setDeliveries((current) => (options.cursor ? [...current, ...page.data] : page.data));
        setNextCursor(page.nextCursor);
        setLoadState({ status: 'ready' });
      } catch (caught) {
        setLoadState({ status: 'error', error: caught instanceof Error ? caught : new Error(String(caught)) });
      }
    },
    [webhookId],
  );

  useEffect(() => {
    setLoadState({ status: 'loading' });
    void load();
  }, [load]);

  const shownCount = deliveries.length;
  const refresh = useCallback(() => load({ limit: Math.min(200, Math.max(PAGE_SIZE, shownCount)) }), [load, shownCount]);
  const hasPending = deliveries.some((delivery) => delivery.status === 'pending');
  useEffect(() => {
    if (!hasPending) return;
    const timer = setTimeout(() => void refresh(), PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [hasPending, deliveries, refresh]);

  const redeliver = async (delivery: WebhookDelivery) => {
    let requeued: WebhookDelivery | undefined;
    const isDone = await action.run(async () => {
      requeued = await unwrap(api.POST('/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', { params: { path: { webhookId, deliveryId: delivery.id } } }));
    }, t('admin.deliveries.requeued', { event: t(eventLabelKey(delivery.eventType)) }));
    if (isDone && requeued) {
      const answer = requeued;
      setDeliveries((current) => current.map((item) => (item.id === answer.id ? answer : item)));
    }
  };

  if (webhook.status === 'error') {
    return (
      <AdminSection id="deliveries" title={t('admin.deliveries.title')}>
        <p role="alert" className="error">
          {describe(webhook.error)} <button type="button" onClick={reloadWebhook}>{t('admin.retry')}</button>
        </p>
        <p>
          <Link to="/admin/webhooks">{t('admin.deliveries.back')}</Link>
        </p>
      </AdminSection>
    );
  }

  return (
    <AdminSection id="deliveries" title={t('admin.deliveries.title')}>
      <p>
        <Link to="/admin/webhooks">{t('admin.deliveries.back')}</Link>
      </p>
      {webhook.status === 'ready' && (
        <dl className="admin-facts">
          <dt>{t('admin.deliveries.endpoint')}</dt>
          <dd>
            <code>{webhook.value.url}</code>
          </dd>
          <dt>{t('admin.webhooks.columns.state')}</dt>
          <dd>{webhook.value.isEnabled ? t('admin.webhooks.enabled') : t('admin.webhooks.disabled')}</dd>
        </dl>
      )}
      <div className="admin-actions">
        <button type="button" onClick={() => void refresh()}>
          {t('admin.deliveries.refresh')}
        </button>
      </div>
      <LoadState state={loadState} onRetry={() => void load()} />
      <Feedback action={action} />
      {loadState.status === 'ready' && deliveries.length === 0 && <p className="empty">{t('admin.deliveries.empty')}</p>}
      {deliveries.length > 0 && (
        <ListTable
          label={t('admin.deliveries.title')}
          testId="delivery-table"
          columns={[t('admin.deliveries.columns.event'), t('admin.deliveries.columns.status'), t('admin.deliveries.columns.attempts'), t('admin.deliveries.columns.response'), t('admin.deliveries.columns.time'), t('admin.deliveries.columns.actions')]}
        >
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} onRedeliver={() => void redeliver(delivery)} isBusy={action.isBusy} />
          ))}
        </ListTable>
      )}
      {nextCursor && (
        <button type="button" className="admin-load-more" onClick={() => void load({ cursor: nextCursor })}>
          {t('admin.deliveries.loadMore')}
        </button>
      )}
    </AdminSection>
  );
}

function DeliveryRow({ delivery, onRedeliver, isBusy }: { delivery: WebhookDelivery; onRedeliver(): void; isBusy: boolean }) {
  const { t, i18n } = useTranslation();
  const statusLabel = t(`admin.deliveries.status.${delivery.status}`);
  const statusClass = delivery.status === 'succeeded' ? 'admin-on' : delivery.status === 'failed' ? 'admin-off' : '';
  const time = delivery.deliveredAt ?? delivery.createdAt;
  return (
    <tr data-delivery-id={delivery.id} data-event-id={delivery.eventId}>
      <th scope="row">
        {t(eventLabelKey(delivery.eventType))}
        <span className="admin-person-email">
          <code>{delivery.eventId}</code>
        </span>
      </th>
      <td>
        <span className={`badge ${statusClass}`} data-testid="delivery-status">
          {statusLabel}
        </span>
        {delivery.status === 'pending' && delivery.nextAttemptAt && delivery.attemptCount > 0 && (
          <span className="admin-person-email">{t('admin.deliveries.nextAttempt', { time: formatDateTime(delivery.nextAttemptAt, i18n.language) })}</span>
        )}
      </td>
      <td>
        <span data-testid="delivery-attempts">{delivery.attemptCount}</span>
        {delivery.attempts.length > 0 && (
          <details className="admin-attempts">
            <summary>{t('admin.deliveries.history', { count: delivery.attempts.length })}</summary>
            <ol>
              {delivery.attempts.map((attempt) => (
                <li key={attempt.id}>
                  {t('admin.deliveries.attempt', {
                    number: attempt.attemptNumber,
                    time: formatDateTime(attempt.createdAt, i18n.language),
                    duration: attempt.durationMs,
                  })}{' '}
                  {attempt.responseStatus !== null ? <code>{attempt.responseStatus}</code> : null}
                  {attempt.error && <span className="error"> {attempt.error}</span>}
                </li>
              ))}
            </ol>
          </details>
        )}
      </td>
      <td>
        {delivery.lastResponseStatus !== null ? <code data-testid="delivery-response">{delivery.lastResponseStatus}</code> : <span data-testid="delivery-response">—</span>}
        {delivery.lastError && <span className="admin-person-email error">{delivery.lastError}</span>}
      </td>
      <td>
        <time dateTime={time}>{formatDateTime(time, i18n.language)}</time>
      </td>
      <td>
        <button type="button" onClick={onRedeliver} disabled={isBusy} aria-label={t('admin.deliveries.redeliverNamed', { event: t(eventLabelKey(delivery.eventType)), time: formatDateTime(delivery.createdAt, i18n.language) })}>
          {t('admin.deliveries.redeliver')}
        </button>
      </td>
    </tr>
  );
}
