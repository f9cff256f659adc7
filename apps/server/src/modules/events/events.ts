/** The domain events a workspace can subscribe to. Names are a public contract (webhooks). */
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'ticket.deleted',
  'comment.created',
  'customer.created',
  'customer.updated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  id: string;
  workspaceId: string;
  type: EventType;
  data: Record<string, unknown>;
  createdAt: Date;
}
