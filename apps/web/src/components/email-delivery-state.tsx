import { useTranslation } from 'react-i18next';
import type { Comment } from '../api/client';
import { formatDateTime } from '../format';

type EmailDelivery = NonNullable<Comment['emailDelivery']>;

/**
 * Under a public reply: what became of the email carrying it to the customer (sending, sent, failed with the
 * mail server's reason, bounced, or not sent because the server has no outgoing mail). Updated live.
 */
export function EmailDeliveryState({ delivery }: { delivery: EmailDelivery | null }) {
  const { t, i18n } = useTranslation();
  if (!delivery) return null;
  const reason = delivery.lastError ?? t('emailDelivery.noReason');
  const text = (() => {
    switch (delivery.status) {
      case 'sent':
        return t('emailDelivery.sent', { recipient: delivery.recipient, time: formatDateTime(delivery.sentAt ?? delivery.updatedAt, i18n.language) });
      case 'failed':
        return t('emailDelivery.failed', { recipient: delivery.recipient, reason });
      case 'bounced':
        return t('emailDelivery.bounced', { recipient: delivery.recipient, reason: delivery.lastError ?? '' });
      case 'disabled':
        return t('emailDelivery.disabled');
      case 'queued':
        return delivery.attempts > 0 && delivery.lastError
          ? t('emailDelivery.retrying', { recipient: delivery.recipient, attempts: delivery.attempts, reason })
          : t('emailDelivery.queued', { recipient: delivery.recipient });
    }
  })();
  const isProblem = delivery.status === 'failed' || delivery.status === 'bounced' || delivery.status === 'disabled';
  return (
    <p className={`email-delivery email-delivery-${delivery.status}${isProblem ? ' is-problem' : ''}`} data-testid="email-delivery" data-status={delivery.status}>
      <span className="visually-hidden">{t('emailDelivery.label')}: </span>
      {text}
    </p>
  );
}
