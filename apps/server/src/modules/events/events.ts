/** The domain events a workspace can subscribe to. Names are a public contract (webhooks). */
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'ticket.deleted',
  'comment.created',
  'comment.updated',
  'customer.created',
  'customer.updated',
  'agent.availability_changed',
  'ticket.satisfaction_offered',
  'ticket.satisfaction_rated',
  'nps.responded',
  'email.delivery_updated',
  'messaging.message_updated',
  'sla.warning',
  'sla.breached',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  id: string;
  workspaceId: string;
  type: EventType;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** How an event leaves the server, the same everywhere: the webhook body and the realtime `event` message. */
export type EventEnvelope = {
  id: string;
  type: EventType;
  workspaceId: string;
  timestamp: string;
  data: Record<string, unknown>;
};

export function toEventEnvelope(event: DomainEvent): EventEnvelope {
  return { id: event.id, type: event.type, workspaceId: event.workspaceId, timestamp: event.createdAt.toISOString(), data: event.data };
}
