import { useTranslation } from 'react-i18next';
import type { MessagingMessage } from './ticket-messaging';

/**
 * Under an agent's public reply on a messaging ticket: what became of the message carrying it (sending, sent,
 * delivered, read, or not delivered with the provider's reason). Updated live.
 */
export function MessagingDeliveryState({ message, channel }: { message: MessagingMessage | undefined; channel: string }) {
  const { t } = useTranslation();
  if (!message || message.status === 'received') return null;
  const text = (() => {
    switch (message.status) {
      case 'queued':
        return t('messagingDelivery.queued');
      case 'sent':
        return t('messagingDelivery.sent');
      case 'delivered':
        return t('messagingDelivery.delivered');
      case 'read':
        return t('messagingDelivery.read');
      case 'failed':
        return t('messagingDelivery.failed', { reason: message.error ?? t('messagingDelivery.noReason') });
    }
  })();
  return (
    <p className={`messaging-delivery messaging-delivery-${message.status}${message.status === 'failed' ? ' is-problem' : ''}`} data-testid="messaging-delivery" data-status={message.status}>
      <span className="visually-hidden">{t('messagingDelivery.label', { channel: t(`channels.${channel}`) })}: </span>
      {text}
    </p>
  );
}
