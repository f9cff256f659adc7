import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketEmailThread } from './ticket-email-thread';

/**
 * The ticket's mail facts in the side panel: the address whose mail lands on this ticket (to give to someone
 * who should write in, or to forward a message to) and the people the customer copied, who receive the replies
 * in Cc. Shown for email tickets and for any ticket that has mail.
 */
export function EmailThreadFacts({ thread, channel }: { thread: TicketEmailThread | undefined; channel: string }) {
  const { t } = useTranslation();
  const [copyState, setCopyState] = useState<'copied' | 'failed' | undefined>();
  if (!thread || (channel !== 'email' && thread.messages.length === 0 && thread.collaborators.length === 0)) return null;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(thread.replyAddress);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  return (
    <section aria-labelledby="email-facts-title" className="email-facts" data-testid="email-facts">
      <h2 id="email-facts-title">{t('emailThread.title')}</h2>
      <dl className="facts">
        <dt>{t('emailThread.replyAddress')}</dt>
        <dd>
          <code className="email-reply-address" data-testid="email-reply-address">{thread.replyAddress}</code>
          <button type="button" onClick={() => void copy()} aria-label={t('emailThread.copyReplyAddress')}>
            {t('emailThread.copy')}
          </button>
          <span role="status" className={copyState === 'failed' ? 'error' : 'notice'}>
            {copyState === 'copied' ? t('emailThread.copied') : copyState === 'failed' ? t('emailThread.copyFailed') : ''}
          </span>
        </dd>
        <dt>{t('emailThread.inCopy')}</dt>
        <dd>
          {thread.collaborators.length === 0 ? (
            <span className="meta">{t('emailThread.nobodyInCopy')}</span>
          ) : (
            <ul className="email-collaborators" data-testid="email-collaborators">
              {thread.collaborators.map((person) => (
                <li key={person.customerId}>
                  {person.name !== person.email && <span className="email-collaborator-name">{person.name} </span>}
                  <span className="meta">{person.name !== person.email ? `<${person.email}>` : person.email}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
