import type { paths } from '@switchboard/sdk';
import { api, unwrap, type Ticket } from '../api/client';
import { useAsync } from '../use-async';

export type TicketMessaging = paths['/api/v1/tickets/{ticketId}/messaging']['get']['responses'][200]['content']['application/json'];
export type MessagingMessage = TicketMessaging['messages'][number];
type MessagingChannel = TicketMessaging['channel']['provider'];

/** The ticket channels that are conversations on a messaging app (one connected account each). */
export const MESSAGING_CHANNELS = ['whatsapp', 'messenger', 'telegram', 'sms'] as const satisfies readonly (MessagingChannel & Ticket['channel'])[];

export function isMessagingChannel(channel: string | undefined): channel is MessagingChannel {
  return MESSAGING_CHANNELS.some((item) => item === channel);
}

export interface TicketMessagingState {
  conversation: TicketMessaging | undefined;
  /** The message that carries an agent's reply to the contact, once it is queued. */
  outboundMessageOf(commentId: string): MessagingMessage | undefined;
  /** Reads the conversation again: a message's delivery state moved (`messaging.message_updated`). */
  reload(): void;
}

/**
 * The messaging side of a WhatsApp, Messenger, Telegram or SMS ticket: the account, the contact and each message's
 * delivery state; read again whenever `commentIds` changes, since a new reply is a new message to follow.
 */
export function useTicketMessaging(ticket: Pick<Ticket, 'id' | 'channel'> | undefined, commentIds: string): TicketMessagingState {
  const ticketId = ticket && isMessagingChannel(ticket.channel) ? ticket.id : undefined;
  const [state, reload] = useAsync(async () => (ticketId ? unwrap(api.GET('/api/v1/tickets/{ticketId}/messaging', { params: { path: { ticketId } } })) : undefined), [ticketId, commentIds]);
  const conversation = state.status === 'ready' ? state.value : undefined;
  return {
    conversation,
    outboundMessageOf: (commentId) => conversation?.messages.find((message) => message.direction === 'outbound' && message.commentId === commentId),
    reload,
  };
}
