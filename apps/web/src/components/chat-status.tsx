import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { liveSocket } from '../live';

interface ChatTyping {
  ticketId: string;
  isTyping: boolean;
}
interface ChatRead {
  ticketId: string;
  reader: 'visitor' | 'agent';
  seq: number;
}

/**
 * The live side of a chat ticket, under its conversation: the visitor typing, whether they have seen the last
 * message, and our own read receipt (sent while the agent has the ticket open, whenever new messages arrive).
 */
export function ChatStatus({ ticketId, commentCount }: { ticketId: string; commentCount: number }) {
  const { t } = useTranslation();
  const [isVisitorTyping, setVisitorTyping] = useState(false);
  const [lastSeq, setLastSeq] = useState(0);
  const [visitorReadSeq, setVisitorReadSeq] = useState(0);

  // Each time the conversation grows: read its position and tell the visitor we have read up to it.
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const chat = await unwrap(api.GET('/api/v1/tickets/{ticketId}/chat', { params: { path: { ticketId } } }));
      if (!isCurrent) return;
      setLastSeq(chat.lastSeq);
      setVisitorReadSeq(chat.visitorReadSeq);
      if (chat.agentReadSeq < chat.lastSeq && !document.hidden) {
        await api.POST('/api/v1/tickets/{ticketId}/chat/read', { params: { path: { ticketId } }, body: { seq: chat.lastSeq } });
      }
    })().catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [ticketId, commentCount]);

  useEffect(() => {
    const live = liveSocket();
    const onTyping = (typing: ChatTyping) => {
      if (typing.ticketId === ticketId) setVisitorTyping(typing.isTyping);
    };
    const onRead = (read: ChatRead) => {
      if (read.ticketId === ticketId && read.reader === 'visitor') setVisitorReadSeq((seq) => Math.max(seq, read.seq));
    };
    live.on('chat:typing', onTyping);
    live.on('chat:read', onRead);
    return () => {
      live.off('chat:typing', onTyping);
      live.off('chat:read', onRead);
    };
  }, [ticketId]);

  // A new message from the visitor ends their typing.
  useEffect(() => setVisitorTyping(false), [commentCount]);

  return (
    <div className="chat-status" aria-live="polite" data-testid="chat-status">
      {isVisitorTyping && <span className="typing">{t('chat.visitorTyping')}</span>}
      {lastSeq > 0 && visitorReadSeq >= lastSeq && <span className="seen">{t('chat.seenByVisitor')}</span>}
    </div>
  );
}
