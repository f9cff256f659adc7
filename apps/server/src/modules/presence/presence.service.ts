import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Actor } from '../auth/permissions.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { PresenceRepository } from './presence.repository.js';

/** A heartbeat keeps presence alive this long; clients beat every ~10 s. */
export const PRESENCE_TTL_MS = 30_000;

export interface TPresence {
  userId: string;
  name: string;
  state: 'viewing' | 'replying';
  expiresAt: string;
}

/** Who is on a ticket after someone arrived, beat or left: the same list `GET …/presence` answers. */
export interface TPresenceChange {
  workspaceId: string;
  ticketId: string;
  viewers: TPresence[];
}

/**
 * Collision detection: who is viewing or replying to a ticket. Kept in the database (not process memory)
 * so every node behind a load balancer sees the same answer.
 */
export class PresenceService {
  private readonly changeListeners: Array<(change: TPresenceChange) => void> = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: PresenceRepository,
    private readonly tickets: TicketsService,
  ) {}

  async beat(actor: Actor, ticketIdOrNumber: string, state: TPresence['state']): Promise<TPresence[]> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const expiresAt = new Date(this.clock.now().getTime() + PRESENCE_TTL_MS);
    await this.repository.upsert(this.db, { workspaceId: actor.workspaceId, ticketId: ticket.id, userId: actor.userId, state, expiresAt });
    const viewers = await this.listFor(actor.workspaceId, ticket.id);
    this.tellChange({ workspaceId: actor.workspaceId, ticketId: ticket.id, viewers });
    return viewers;
  }

  async leave(actor: Actor, ticketIdOrNumber: string): Promise<void> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    await this.repository.delete(this.db, actor.workspaceId, ticket.id, actor.userId);
    if (this.changeListeners.length > 0) this.tellChange({ workspaceId: actor.workspaceId, ticketId: ticket.id, viewers: await this.listFor(actor.workspaceId, ticket.id) });
  }

  /**
   * Best-effort listeners (realtime pushes), told after a heartbeat or a departure is stored. Entries that
   * simply expire are not announced: each carries its `expiresAt`, so a screen drops it on time by itself.
   */
  onChange(listener: (change: TPresenceChange) => void): void {
    this.changeListeners.push(listener);
  }

  async list(actor: Actor, ticketIdOrNumber: string): Promise<TPresence[]> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    return this.listFor(actor.workspaceId, ticket.id);
  }

  async purgeExpired(): Promise<void> {
    await this.repository.deleteExpired(this.db);
  }

  private tellChange(change: TPresenceChange): void {
    for (const listener of this.changeListeners) listener(change);
  }

  private async listFor(workspaceId: string, ticketId: string): Promise<TPresence[]> {
    const rows = await this.repository.listLive(this.db, workspaceId, ticketId, this.clock.now());
    return rows.map((row) => ({ ...row, state: row.state as TPresence['state'], expiresAt: row.expiresAt.toISOString() }));
  }
}
