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
const eventListeners = new Set<(event: LiveEvent) => void>();

/**
 * How many event ids a tab remembers (seconds of a busy workspace's events). Some events (a visitor's chat message)
 * are pushed as soon as they are stored and again by their dispatch when another server node dispatches them: the
 * repeat is dropped, so a screen does not reload twice for one change.
 */
const REMEMBERED_EVENT_IDS = 2_000;
const recentEventIds = new Set<string>();

function handOn(event: LiveEvent): void {
  if (recentEventIds.has(event.id)) return;
  recentEventIds.add(event.id);
  if (recentEventIds.size > REMEMBERED_EVENT_IDS) recentEventIds.delete(recentEventIds.values().next().value!);
  for (const listener of eventListeners) listener(event);
}

/** One realtime connection per tab, authenticated by the session cookie; opened on first use. */
export function liveSocket(): Socket {
  if (!socket) {
    socket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    socket.on('event', handOn);
  }
  return socket;
}

export function closeLiveSocket(): void {
  socket?.disconnect();
  socket = undefined;
}

/** Calls `onEvent` for every domain event of the workspace, once each, while the component is mounted. */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    liveSocket();
    const listener = (event: LiveEvent) => handler.current(event);
    eventListeners.add(listener);
    return () => {
      eventListeners.delete(listener);
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
