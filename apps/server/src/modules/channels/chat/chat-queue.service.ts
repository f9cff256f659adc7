import type { Database } from '../../../db/database.js';
import type { DomainEvent } from '../../events/events.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { UsersService } from '../../users/users.service.js';
import type { ChatQueueRepository, WaitingChat } from './chat-queue.repository.js';
import type { ChatRepository } from './chat.repository.js';
import type { ChatService } from './chat.service.js';

/** Events after which the queue may move: a chat arrives, is assigned, transferred or solved, or an agent comes and goes. */
const QUEUE_EVENTS = new Set(['ticket.created', 'ticket.updated', 'ticket.resolved', 'agent.availability_changed']);

interface TicketEventData {
  ticket?: { id?: string; channel?: string; assigneeId?: string | null };
  changes?: Array<{ field: string }>;
}

/**
 * The live-chat queue. Waiting chats (open, nobody assigned) are ordered by the customer's tier (enterprise and VIP,
 * then paid, then free) and then by wait; each goes to the least-loaded online staff member with room under their
 * chat capacity (a chat sent to a team waits for one of its members). Visitors hear their place in line, and the
 * name of the agent who takes (or is transferred) their chat.
 */
export class ChatQueueService {
  constructor(
    private readonly db: Database,
    private readonly repository: ChatQueueRepository,
    private readonly chatRepository: ChatRepository,
    private readonly chat: ChatService,
    private readonly tickets: TicketsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
  ) {}

  /** How many chats wait for a person (of some teams, when given), and since when the longest has waited. */
  summarizeWaiting(workspaceId: string, teamIds?: string[]): Promise<{ count: number; oldestSince: Date | null }> {
    return this.repository.summarizeWaiting(this.db, workspaceId, teamIds);
  }

  /** Assigns what can be assigned now, then tells the visitors still waiting their place. */
  async dispatch(workspaceId: string): Promise<number> {
    const assigned = await this.db.transaction(async (tx) => {
      await this.repository.lockWorkspaceQueue(tx, workspaceId);
      const waiting = await this.repository.listWaiting(tx, workspaceId);
      if (waiting.length === 0) return 0;
      const responders = await this.repository.listResponders(tx, workspaceId);
      let count = 0;
      for (const chat of waiting) {
        const candidates = responders.filter((responder) => responder.load < responder.capacity && (chat.teamId === null || responder.teamIds.includes(chat.teamId)));
        if (candidates.length === 0) continue;
        const chosen = candidates.reduce((best, responder) => (responder.load < best.load ? responder : best));
        const ticket = await this.tickets.require(tx, workspaceId, chat.ticketId, true);
        if (ticket.assigneeId) continue;
        await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { assigneeId: chosen.userId });
        chosen.load += 1;
        count += 1;
      }
      return count;
    });
    if (assigned > 0) this.outbox.nudge();
    await this.publishPositions(workspaceId);
    return assigned;
  }

  /** Every waiting visitor of the workspace hears their place in line (1 = next). */
  async publishPositions(workspaceId: string, waiting?: WaitingChat[]): Promise<void> {
    const inLine = waiting ?? (await this.repository.listWaiting(this.db, workspaceId));
    inLine.forEach((chat, index) => this.chat.pushToVisitor(chat.visitorId, 'queue', { conversationId: chat.conversationId, position: index + 1 }));
  }

  /**
   * Listener of dispatched events: a chat ticket (re)assigned tells its visitor who is answering; any event that
   * can move the queue runs it for its workspace.
   */
  async onDispatched(events: DomainEvent[]): Promise<void> {
    const workspaces = new Set<string>();
    for (const event of events) {
      if (!QUEUE_EVENTS.has(event.type)) continue;
      const data = event.data as TicketEventData;
      if (event.type !== 'agent.availability_changed' && data.ticket?.channel !== 'chat') continue;
      workspaces.add(event.workspaceId);
      const assigneeId = data.ticket?.assigneeId;
      if (event.type === 'ticket.updated' && assigneeId && data.changes?.some((change) => change.field === 'assigneeId')) {
        await this.announceAgent(event.workspaceId, data.ticket!.id!, assigneeId);
      }
    }
    for (const workspaceId of workspaces) await this.dispatch(workspaceId);
  }

  private async announceAgent(workspaceId: string, ticketId: string, userId: string): Promise<void> {
    const conversation = await this.chatRepository.findConversationOfTicket(this.db, workspaceId, ticketId);
    if (!conversation || conversation.closedAt) return;
    const agent = await this.users.requireActiveUser(this.db, workspaceId, userId, 'assigneeId').catch(() => undefined);
    if (!agent) return;
    this.chat.pushToVisitor(conversation.visitorId, 'agent', { conversationId: conversation.id, name: agent.name });
  }
}
