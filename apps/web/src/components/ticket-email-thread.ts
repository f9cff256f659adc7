import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../api/client';
import { useAsync } from '../use-async';

export type TicketEmailThread = paths['/api/v1/email/tickets/{ticketId}']['get']['responses'][200]['content']['application/json'];
export type TicketEmailMessage = TicketEmailThread['messages'][number];

export interface TicketEmail {
  thread: TicketEmailThread | undefined;
  /** The customer's message that opened the ticket: its new part is the ticket's description. */
  openingMessage: TicketEmailMessage | undefined;
  /** The customer's email a comment came from, if it came by email. */
  messageOfComment(commentId: string): TicketEmailMessage | undefined;
}

/**
 * The email side of a ticket (its reply address, the people in copy, the messages behind its description and
 * comments), read again whenever `commentIds` changes, since a reply by email arrives as a new comment.
 */
export function useTicketEmail(ticketId: string | undefined, commentIds: string): TicketEmail {
  const [state] = useAsync(
    async () => (ticketId ? unwrap(api.GET('/api/v1/email/tickets/{ticketId}', { params: { path: { ticketId } } })) : undefined),
    [ticketId, commentIds],
  );
  const thread = state.status === 'ready' ? state.value : undefined;
  // Only what customers sent: an agent's reply is written here and has no original to show.
  const received = thread?.messages.filter((message) => message.direction === 'inbound') ?? [];
  return {
    thread,
    openingMessage: received.find((message) => message.disposition === 'ticket_created'),
    messageOfComment: (commentId) => received.find((message) => message.commentId === commentId),
  };
}
