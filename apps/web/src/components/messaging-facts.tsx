import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import type { TicketMessaging } from './ticket-messaging';

/** The contact's number as people write it: WhatsApp names a phone by its digits alone. */
function phoneOf(conversation: TicketMessaging): string | undefined {
  const id = conversation.contact.externalUserId;
  if (conversation.channel.provider === 'sms') return id;
  if (conversation.channel.provider === 'whatsapp') return /^\d+$/.test(id) ? `+${id}` : id;
  return undefined;
}

/** A messaging ticket's facts in the side panel: the account the conversation goes through, and who is on the other side. */
export function MessagingFacts({ conversation }: { conversation: TicketMessaging | undefined }) {
  const { t, i18n } = useTranslation();
  if (!conversation) return null;
  const phone = phoneOf(conversation);
  const contactName = conversation.contact.displayName ?? phone ?? conversation.contact.externalUserId;
  return (
    <section aria-labelledby="messaging-facts-title" className="messaging-facts" data-testid="messaging-facts">
      <h2 id="messaging-facts-title">{t('messagingThread.title', { channel: t(`channels.${conversation.channel.provider}`) })}</h2>
      <dl className="facts">
        <dt>{t('messagingThread.account')}</dt>
        <dd data-testid="messaging-account">{conversation.channel.name}</dd>
        <dt>{t('messagingThread.contact')}</dt>
        <dd data-testid="messaging-contact">
          {contactName}
          {phone && phone !== contactName && <span className="meta"> {phone}</span>}
        </dd>
        {conversation.contact.lastInboundAt && (
          <>
            <dt>{t('messagingThread.lastInbound')}</dt>
            <dd>
              <time dateTime={conversation.contact.lastInboundAt}>{formatDateTime(conversation.contact.lastInboundAt, i18n.language)}</time>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
