import { z } from 'zod';
import type { ErrorCode } from '../../shared/errors.js';
import type { EventEnvelope } from '../events/events.js';
import type { NotificationKind } from '../notifications/notifications.service.js';
import type { TPresence } from '../presence/presence.service.js';
import { ZTicketParams } from '../tickets/tickets.schema.js';

/** Socket.IO is served at this path of the API's own address. */
export const REALTIME_PATH = '/socket.io';

/** Rooms a socket is in: its workspace and its user always, a ticket while it watches it. */
export const workspaceRoom = (workspaceId: string) => `workspace:${workspaceId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const ticketRoom = (ticketId: string) => `ticket:${ticketId}`;

/** `ticket:watch` and `ticket:unwatch` take the ticket's id, or its number, as the REST paths do. */
export const ZWatchTicketRequest = z.object({ ticketId: ZTicketParams.shape.ticketId }).strict();

/** The answer to `ticket:watch` / `ticket:unwatch`, given to the client's acknowledgement callback. */
export type TWatchAnswer = { ok: true } | { ok: false; error: { code: ErrorCode; message: string } };

/** Someone's new notification row, so their screen can refresh `GET /notifications` without polling. */
export interface TRealtimeNotification {
  kind: NotificationKind;
  ticketId: string;
}

export interface TPresenceMessage {
  ticketId: string;
  viewers: TPresence[];
}

/** What the server sends. Payloads are untrusted on the way in, so client messages are typed `unknown`. */
export interface ServerToClientEvents {
  event: (event: EventEnvelope) => void;
  notification: (notification: TRealtimeNotification) => void;
  presence: (presence: TPresenceMessage) => void;
  /** Live chat (channels/chat): the visitor of a chat ticket is typing, or has read up to `seq`. */
  'chat:typing': (typing: { ticketId: string; conversationId: string; isTyping: boolean }) => void;
  'chat:read': (read: { ticketId: string; conversationId: string; reader: 'visitor' | 'agent'; seq: number }) => void;
}

export interface ClientToServerEvents {
  'ticket:watch': (request: unknown, acknowledge?: (answer: TWatchAnswer) => void) => void;
  'ticket:unwatch': (request: unknown, acknowledge?: (answer: TWatchAnswer) => void) => void;
}
