import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLiveEvents } from '../live';

interface ChatTicket {
  id: string;
  number: number;
  subject: string;
  channel: string;
  assigneeId: string | null;
}

const SHOWN_FOR_MS = 10_000;

/**
 * A live chat for this agent (a new chat nobody has yet, or one the queue or a colleague gives them): a short
 * tone and a notice with a link, for as long as it takes to notice it.
 */
export function ChatAlert({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<{ ticket: ChatTicket; isMine: boolean } | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  useLiveEvents((event) => {
    const data = event.data as { ticket?: ChatTicket; changes?: Array<{ field: string }> };
    const ticket = data.ticket;
    if (!ticket || ticket.channel !== 'chat') return;
    const isNewAndOpen = event.type === 'ticket.created' && ticket.assigneeId === null;
    const isGivenToMe = event.type === 'ticket.updated' && ticket.assigneeId === userId && (data.changes ?? []).some((change) => change.field === 'assigneeId');
    if (!isNewAndOpen && !isGivenToMe) return;
    playTone();
    setAlert({ ticket, isMine: isGivenToMe });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setAlert(undefined), SHOWN_FOR_MS);
  });

  if (!alert) return null;
  return (
    <div className="chat-alert" role="status" data-testid="chat-alert">
      <span>{t(alert.isMine ? 'chat.assignedToYou' : 'chat.newChat', { number: alert.ticket.number })}</span>{' '}
      <Link to={`/tickets/${alert.ticket.number}`} onClick={() => setAlert(undefined)}>
        {alert.ticket.subject}
      </Link>
    </div>
  );
}

/** Two short notes; browsers allow sound only after the person has interacted with the page, so it may stay silent. */
function playTone(): void {
  try {
    const context = new AudioContext();
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    [880, 1320].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start(context.currentTime + index * 0.15);
      oscillator.stop(context.currentTime + index * 0.15 + 0.12);
    });
    setTimeout(() => void context.close(), 600);
  } catch {
    // No audio here (or not allowed yet): the notice is enough.
  }
}
