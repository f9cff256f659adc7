import type { Database } from '../../db/database.js';
import { AppError, AuthErrorCode } from '../../shared/errors.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAccess, type Actor } from '../auth/permissions.js';
import { toEventEnvelope, type DomainEvent } from '../events/events.js';
import type { TPresenceChange } from '../presence/presence.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersService } from '../users/users.service.js';
import { notificationsOf } from './realtime.notifications.js';
import { ticketRoom, userRoom, workspaceRoom, type ServerToClientEvents } from './realtime.schema.js';

/**
 * How many events pushed at their commit are remembered until their dispatch: those dispatched by another node
 * are never seen again here, and the oldest are forgotten first (agents' apps drop a repeat by its id anyway).
 */
const REMEMBERED_COMMITTED_EVENTS = 10_000;

/** Sends a message to everyone in a room, on every node (the Socket.IO server behind its adapter). */
export interface RealtimeBroadcaster {
  emit<E extends keyof ServerToClientEvents>(room: string, name: E, ...payload: Parameters<ServerToClientEvents[E]>): void;
  /** Closes every connection in the room, on every node. */
  disconnect(room: string): void;
}

/**
 * The rules of live pushes: who may connect, which ticket a socket may watch, and which room hears what.
 * It listens to dispatched domain events, to the events some writes hand over as soon as they commit, and to
 * presence changes (wired in services.ts), and hands messages to the attached broadcaster; the Socket.IO
 * transport itself lives in realtime.gateway.ts.
 *
 * Every role that may connect (`tickets.read`) may also read every event type fanned out to its workspace
 * (tickets, comments including internal notes, customers without sensitive fields), so a workspace is one
 * room. A role that may connect but not read some of them would need a room of its own.
 */
export class RealtimeService {
  private readonly broadcasters = new Set<RealtimeBroadcaster>();
  /** Ids of the events pushed at their commit that this node has not dispatched yet, oldest first. */
  private readonly pushedAtCommit = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly tickets: TicketsService,
    private readonly users: UsersService,
  ) {}

  /** Connects a transport; returns the function that disconnects it (when its server closes). */
  attach(broadcaster: RealtimeBroadcaster): () => void {
    this.broadcasters.add(broadcaster);
    return () => this.broadcasters.delete(broadcaster);
  }

  /** The same credential resolution as HTTP requests: an API token first, else the session cookie. */
  async authenticate(credential: { bearerToken?: string | undefined; sessionSecret?: string | undefined }): Promise<Actor> {
    const { bearerToken, sessionSecret } = credential;
    if (!bearerToken && !sessionSecret) {
      throw new AppError(AuthErrorCode.Unauthenticated, 'Sign in, or send an API token as `auth: { token }` in the handshake.');
    }
    const actor = await this.auth.authenticate({ bearerToken, sessionSecret });
    if (!actor) {
      throw new AppError(
        AuthErrorCode.Unauthenticated,
        bearerToken ? 'The API token is unknown or revoked.' : 'The session has ended or expired. Sign in again.',
      );
    }
    return requireAccess(actor, 'tickets.read');
  }

  /** The id of a ticket the actor may watch: one of their workspace's (another workspace's is not found). */
  async findWatchableTicketId(actor: Actor, ticketIdOrNumber: string): Promise<string> {
    requireAccess(actor, 'tickets.read');
    return (await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber)).id;
  }

  /**
   * Dispatched events: each to its workspace, and a `notification` to each user the event's write notified; an
   * event this node pushed at its commit already is not pushed again.
   */
  publishEvents(events: DomainEvent[]): void {
    for (const event of events) if (!this.pushedAtCommit.delete(event.id)) this.push(event);
  }

  /**
   * Events pushed as soon as their write committed, ahead of their dispatch (a visitor's chat message). Clients
   * may still hear one twice, by the same id, when another node dispatches it.
   */
  publishCommitted(events: DomainEvent[]): void {
    for (const event of events) {
      this.push(event);
      this.pushedAtCommit.add(event.id);
    }
    for (const id of this.pushedAtCommit) {
      if (this.pushedAtCommit.size <= REMEMBERED_COMMITTED_EVENTS) break;
      this.pushedAtCommit.delete(id);
    }
  }

  /** A user's credentials were revoked: their open connections close now rather than at their next request. */
  disconnectUser(userId: string): void {
    for (const broadcaster of this.broadcasters) broadcaster.disconnect(userRoom(userId));
  }

  /** An agent's app connected: they show as they chose to be (online or away). */
  async userConnected(actor: Actor): Promise<void> {
    await this.users.markConnected(actor.workspaceId, actor.userId);
  }

  /** An agent has had no connection for the grace period (checked by the gateway across nodes): offline. */
  async userGone(workspaceId: string, userId: string): Promise<void> {
    await this.users.markDisconnected(workspaceId, userId);
  }

  /** Users shown online or away who changed state before `before`: the gateway checks each still has a connection. */
  async listShownConnectedSince(before: Date): Promise<Array<{ workspaceId: string; userId: string }>> {
    const rows = await this.users.listConnectedUsers();
    return rows.filter((row) => !row.availabilityChangedAt || row.availabilityChangedAt < before);
  }

  publishPresence(change: TPresenceChange): void {
    this.broadcast(ticketRoom(change.ticketId), 'presence', { ticketId: change.ticketId, viewers: change.viewers });
  }

  private push(event: DomainEvent): void {
    this.broadcast(workspaceRoom(event.workspaceId), 'event', toEventEnvelope(event));
    for (const { userId, notification } of notificationsOf(event)) this.broadcast(userRoom(userId), 'notification', notification);
  }

  private broadcast<E extends keyof ServerToClientEvents>(room: string, name: E, ...payload: Parameters<ServerToClientEvents[E]>): void {
    for (const broadcaster of this.broadcasters) broadcaster.emit(room, name, ...payload);
  }
}
