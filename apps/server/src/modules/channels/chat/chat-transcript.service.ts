import type { Database } from '../../../db/database.js';
import { AppError, ChatErrorCode, validationError } from '../../../shared/errors.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { EmailOutboundService } from '../email/email-outbound.service.js';
import type { ChatRepository } from './chat.repository.js';
import type { TEmailTranscriptRequest } from './chat.schema.js';
import type { VisitorActor } from './chat.service.js';

/**
 * "Email me the transcript": the visitor's chat, as it stands, sent by the email channel to the address they
 * give (or their customer's). One email per address and point of the chat: asking twice without anything new
 * said queues it once.
 */
export class ChatTranscriptService {
  constructor(
    private readonly db: Database,
    private readonly repository: ChatRepository,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly emailOutbound: EmailOutboundService,
    private readonly outbox: OutboxService,
  ) {}

  async emailTranscript(visitor: VisitorActor, input: TEmailTranscriptRequest): Promise<{ recipient: string; status: 'queued' | 'disabled' }> {
    const answer = await this.db.transaction(async (tx) => {
      const conversation = await this.repository.findVisitorConversation(tx, visitor.workspaceId, visitor.visitorId, input.conversationId);
      if (!conversation) throw new AppError(ChatErrorCode.ConversationNotFound, 'No such conversation.');
      const ticket = await this.tickets.require(tx, visitor.workspaceId, conversation.ticketId);
      const customer = ticket.customerId ? await this.customers.require(tx, visitor.workspaceId, ticket.customerId) : undefined;
      const recipient = input.email ?? customer?.email ?? undefined;
      if (!recipient) throw validationError('email', 'an address to send the transcript to');
      const queued = await this.emailOutbound.queueChatTranscript(tx, {
        workspaceId: visitor.workspaceId,
        ticketId: ticket.id,
        recipient,
        sourceKey: `transcript:${conversation.id}:${conversation.lastSeq}:${recipient}`,
      });
      return { recipient, status: queued.status };
    });
    this.outbox.nudge();
    return answer;
  }
}
