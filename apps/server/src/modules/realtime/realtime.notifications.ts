import { z } from 'zod';
import type { DomainEvent } from '../events/events.js';
import type { TRealtimeNotification } from './realtime.schema.js';

const ZTicketCreated = z.object({ ticket: z.object({ id: z.string(), assigneeId: z.string().nullable() }), actorId: z.string().nullable() });
const ZTicketUpdated = z.object({
  ticket: z.object({ id: z.string() }),
  changes: z.array(z.object({ field: z.string(), to: z.unknown() })),
  actorId: z.string().nullable(),
});
const ZCommentCreated = z.object({ ticketId: z.string(), comment: z.object({ mentionedUserIds: z.array(z.string()) }), actorId: z.string().nullable() });
const ZCommentUpdated = z.object({ ticketId: z.string(), newlyMentionedUserIds: z.array(z.string()) });

export interface AddressedNotification {
  userId: string;
  notification: TRealtimeNotification;
}

/**
 * The notification rows an event's write created, told from the event itself (no read per event). It follows
 * the rules where the rows are written: a ticket created or reassigned notifies its new assignee unless they
 * assigned it to themselves (tickets), and a new comment notifies each mentioned user but its author
 * (comments), and an edit notifies those it newly mentions.
 */
export function notificationsOf(event: DomainEvent): AddressedNotification[] {
  switch (event.type) {
    case 'ticket.created': {
      const parsed = ZTicketCreated.safeParse(event.data);
      if (!parsed.success) return [];
      const { ticket, actorId } = parsed.data;
      return ticket.assigneeId && ticket.assigneeId !== actorId ? [assignment(ticket.assigneeId, ticket.id)] : [];
    }
    case 'ticket.updated': {
      const parsed = ZTicketUpdated.safeParse(event.data);
      if (!parsed.success) return [];
      const { ticket, changes, actorId } = parsed.data;
      const assignee = changes.find((change) => change.field === 'assigneeId')?.to;
      return typeof assignee === 'string' && assignee !== actorId ? [assignment(assignee, ticket.id)] : [];
    }
    case 'comment.created': {
      const parsed = ZCommentCreated.safeParse(event.data);
      if (!parsed.success) return [];
      const { ticketId, comment, actorId } = parsed.data;
      return comment.mentionedUserIds
        .filter((userId) => userId !== actorId)
        .map((userId) => ({ userId, notification: { kind: 'mention' as const, ticketId } }));
    }
    case 'comment.updated': {
      const parsed = ZCommentUpdated.safeParse(event.data);
      if (!parsed.success) return [];
      const { ticketId, newlyMentionedUserIds } = parsed.data;
      return newlyMentionedUserIds.map((userId) => ({ userId, notification: { kind: 'mention' as const, ticketId } }));
    }
    default:
      return [];
  }
}

function assignment(userId: string, ticketId: string): AddressedNotification {
  return { userId, notification: { kind: 'assignment', ticketId } };
}
