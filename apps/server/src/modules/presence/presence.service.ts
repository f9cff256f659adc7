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

/**
 * Collision detection: who is viewing or replying to a ticket. Kept in the database (not process memory)
 * so every node behind a load balancer sees the same answer.
 */
export class PresenceService {
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
    return this.listFor(actor.workspaceId, ticket.id);
  }

  async leave(actor: Actor, ticketIdOrNumber: string): Promise<void> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    await this.repository.delete(this.db, actor.workspaceId, ticket.id, actor.userId);
  }

  async list(actor: Actor, ticketIdOrNumber: string): Promise<TPresence[]> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    return this.listFor(actor.workspaceId, ticket.id);
  }

  async purgeExpired(): Promise<void> {
    await this.repository.deleteExpired(this.db);
  }

  private async listFor(workspaceId: string, ticketId: string): Promise<TPresence[]> {
    const rows = await this.repository.listLive(this.db, workspaceId, ticketId, this.clock.now());
    return rows.map((row) => ({ ...row, state: row.state as TPresence['state'], expiresAt: row.expiresAt.toISOString() }));
  }
}
