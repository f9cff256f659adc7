import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';

/** A domain event as the server pushes it (the same body webhooks receive). */
export interface LiveEvent {
  id: string;
  type: string;
  workspaceId: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface PresenceViewer {
  userId: string;
  name?: string;
  state?: 'viewing' | 'replying';
  [key: string]: unknown;
}

let socket: Socket | undefined;

/** One realtime connection per tab, authenticated by the session cookie; opened on first use. */
export function liveSocket(): Socket {
  socket ??= io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
  return socket;
}

export function closeLiveSocket(): void {
  socket?.disconnect();
  socket = undefined;
}

/** Calls `onEvent` for every domain event of the workspace while the component is mounted. */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const live = liveSocket();
    const listener = (event: LiveEvent) => handler.current(event);
    live.on('event', listener);
    return () => {
      live.off('event', listener);
    };
  }, []);
}

/** Joins a ticket's room while mounted; `onPresence` hears who else is viewing or replying. */
export function useTicketRoom(ticketId: string | undefined, onPresence: (viewers: PresenceViewer[]) => void): void {
  const handler = useRef(onPresence);
  handler.current = onPresence;
  useEffect(() => {
    if (!ticketId) return;
    const live = liveSocket();
    const watch = () => live.emit('ticket:watch', { ticketId }, () => undefined);
    const listener = (message: { ticketId: string; viewers: PresenceViewer[] }) => {
      if (message.ticketId === ticketId) handler.current(message.viewers);
    };
    watch();
    live.on('connect', watch);
    live.on('presence', listener);
    return () => {
      live.emit('ticket:unwatch', { ticketId });
      live.off('connect', watch);
      live.off('presence', listener);
    };
  }, [ticketId]);
}
