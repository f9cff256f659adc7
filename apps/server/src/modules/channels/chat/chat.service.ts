import { randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../../db/database.js';
import { constantTimeEqual } from '../../../shared/crypto.js';
import { Batcher, type Settled } from '../../../shared/batcher.js';
import { AppError, ChatErrorCode, TicketErrorCode, WorkspaceErrorCode, validationError } from '../../../shared/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { requireAccess, type Actor } from '../../auth/permissions.js';
import type { AttachmentsService, UploadInput } from '../../attachments/attachments.service.js';
import type { TAttachment } from '../../attachments/attachments.schema.js';
import type { CommentsService } from '../../comments/comments.service.js';
import type { TComment } from '../../comments/comments.schema.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { SatisfactionService } from '../../satisfaction/satisfaction.service.js';
import type { DomainEvent } from '../../events/events.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { TPresenceChange } from '../../presence/presence.service.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { UsersService } from '../../users/users.service.js';
import type { DataKeyService } from '../../workspaces/data-keys.service.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { Clock } from '../../../shared/clock.js';
import { isWithinBusinessHours } from '../email/email-outbound.business-hours.js';
import { interruptibleSleep } from '../../../shared/sleep.js';
import type { ChatConversationRow, ChatMessageRow, ChatRepository, ChatSettingsRow, ChatVisitorRow } from './chat.repository.js';
import type { ChatMessageAttachment } from './chat.tables.js';
import type {
  TChatConversation,
  TChatFile,
  TChatMessage,
  ChatClosedReason,
  TRateConversationRequest,
  TOfflineMessageRequest,
  TCallbackRequest,
  TPreChatForm,
  TUpdateChatSettingsRequest,
  TWidgetConfig,
  TSendMessageRequest,
  TStartConversationRequest,
  TStartSessionRequest,
  TVisitorSession,
} from './chat.schema.js';
import { identityHashOf, type VisitorTokens } from './chat-visitor-token.js';

/** What a visitor may share: images, PDF, text and Office documents, 10 MB at most (the server's upload limit if lower). */
export const VISITOR_FILE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  allowedTypes: new Set([
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'text/plain',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ]),
};

/** The words of a callback ticket, for the staff who read it, in the workspace's language. */
const CALLBACK_WORDING = {
  en: { subject: 'Call back', phone: 'Phone', name: 'Name', preferredTime: 'Preferred time', fromChat: 'Asked during chat' },
  fr: { subject: 'Rappeler au', phone: 'Téléphone', name: 'Nom', preferredTime: 'Moment souhaité', fromChat: 'Demandé pendant le clavardage' },
};

/** How long a chat stays open after its inactivity warning, without a new message. */
export const INACTIVITY_GRACE_MINUTES = 2;
const SOLVED_CATEGORIES = new Set(['resolved', 'closed']);

const DEFAULT_PRE_CHAT_FORM: TPreChatForm = { name: 'optional', email: 'optional', description: 'hidden' };
const SUBJECT_CHARACTERS = 120;
/** A visitor writing on a ticket that waits on them, or was solved, needs an agent again. */
const REOPENED_CATEGORIES = new Set(['pending', 'on_hold', 'resolved']);

/**
 * Visitor messages that arrive together share a transaction (group commit). 128 at most in one: under a burst
 * (after a slow commit) the backlog goes out in one or two transactions rather than queueing behind many.
 */
const VISITOR_MESSAGE_BATCH = { maxBatchSize: 128, maxConcurrentBatches: 1 };
/** How many times a batch meeting a deadlock or serialization conflict is tried again before its messages go one by one. */
const CONFLICT_ATTEMPTS = 3;

/** Who a widget socket is: the token's visitor, checked against the database at the handshake. */
export interface VisitorActor {
  workspaceId: string;
  visitorId: string;
}

/** A chat the bot hands over: the note the agent reads (fields and transcript), the ticket's tags and language, and what the bot records in the same transaction. */
export interface ChatHandoff {
  note: string;
  tags: string[];
  language: 'en' | 'fr';
  onCreated(tx: Executor, ticketId: string): Promise<void>;
}

/** A visitor's message waiting for its batch. */
interface VisitorMessageDraft {
  visitor: VisitorActor;
  input: TSendMessageRequest;
}

/** The stored message a send answers; `isNew` unless the client message id was stored before (a resend). */
interface StoredVisitorMessage {
  message: ChatMessageRow;
  isNew: boolean;
}

/** What one transaction of visitor messages did: each message's outcome, and the events of those it wrote. */
interface StoredVisitorMessageGroup {
  settled: Array<Settled<StoredVisitorMessage>>;
  events: DomainEvent[];
}

/** A visitor's message just written, with the `comment.created` event its comment recorded. */
interface WrittenVisitorMessage {
  message: ChatMessageRow;
  event: DomainEvent;
}

/** A visitor's message that passed every check, to be written in its locked conversation. */
interface AcceptedVisitorMessage {
  conversation: ChatConversationRow;
  customerId: string;
  clientMessageId: string;
  body: string;
  files: TAttachment[];
}

/** Pushes to visitors' sockets (widget namespace) and to agents watching a ticket (agents' namespace), on every node. */
export interface ChatBroadcaster {
  toVisitor(visitorId: string, name: 'message', payload: TChatMessage): void;
  toVisitor(visitorId: string, name: 'typing', payload: { conversationId: string; isTyping: boolean }): void;
  toVisitor(visitorId: string, name: 'read', payload: { conversationId: string; seq: number }): void;
  toVisitor(visitorId: string, name: 'closed', payload: { conversationId: string; reason: ChatClosedReason }): void;
  toVisitor(visitorId: string, name: 'inactivity', payload: { conversationId: string; closesInMinutes: number }): void;
  toVisitor(visitorId: string, name: 'queue', payload: { conversationId: string; position: number }): void;
  toVisitor(visitorId: string, name: 'agent', payload: { conversationId: string; name: string }): void;
  toTicket(ticketId: string, name: 'chat:typing', payload: { ticketId: string; conversationId: string; isTyping: boolean }): void;
  toTicket(ticketId: string, name: 'chat:read', payload: { ticketId: string; conversationId: string; reader: 'visitor' | 'agent'; seq: number }): void;
}

/**
 * Live chat: a chat is a ticket of channel `chat`, and each public message of it is a ticket comment and a
 * numbered chat message. A visitor's message is committed before it is acknowledged; its client message id
 * makes a resend return the stored message. Its `comment.created` event goes to agents' screens as soon as it
 * has committed, ahead of its dispatch (webhooks, rules, SLA clocks), which follows as for every event. Agents
 * reply through the comments API: the dispatch of that `comment.created` numbers the reply (durable listener)
 * and, once committed, pushes it to the visitor. Internal notes are never numbered, so they never reach a visitor.
 */
export class ChatService {
  private readonly broadcasters = new Set<ChatBroadcaster>();
  private readonly visitorMessages = new Batcher<VisitorMessageDraft, StoredVisitorMessage>((drafts) => this.storeVisitorMessages(drafts), VISITOR_MESSAGE_BATCH);

  constructor(
    private readonly db: Database,
    private readonly repository: ChatRepository,
    private readonly tokens: VisitorTokens,
    private readonly workspaces: WorkspacesService,
    private readonly dataKeys: DataKeyService,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly attachments: AttachmentsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly satisfaction: SatisfactionService,
    private readonly clock: Clock,
  ) {}

  /** Tells a visitor's sockets (every node) their place in the queue, or who is answering. */
  pushToVisitor(visitorId: string, name: 'queue', payload: { conversationId: string; position: number }): void;
  pushToVisitor(visitorId: string, name: 'agent', payload: { conversationId: string; name: string }): void;
  pushToVisitor(visitorId: string, name: 'queue' | 'agent', payload: { conversationId: string; position: number } | { conversationId: string; name: string }): void {
    this.broadcast((broadcaster) => broadcaster.toVisitor(visitorId, name as 'queue', payload as { conversationId: string; position: number }));
  }

  attach(broadcaster: ChatBroadcaster): () => void {
    this.broadcasters.add(broadcaster);
    return () => this.broadcasters.delete(broadcaster);
  }

  // ── Visitors ───────────────────────────────────────────────────────────────────────────────────────

  /**
   * Opens or resumes a visitor of the workspace: a verified identity finds the product user's one visitor
   * (any device); else a valid earlier token resumes its visitor; else a new anonymous visitor. A name or
   * email given now becomes the visitor's customer, if they have none yet.
   */
  async startSession(workspaceSlug: string, input: TStartSessionRequest): Promise<TVisitorSession> {
    const workspace = await this.requireWorkspace(workspaceSlug);
    const workspaceId = workspace.id;
    const settings = await this.settingsOf(workspaceId);
    let visitor: ChatVisitorRow;
    if (input.identity) {
      const secret = await this.dataKeys.open(workspaceId, settings.identitySecretSealed);
      if (!constantTimeEqual(input.identity.userHash.toLowerCase(), identityHashOf(input.identity.userId, secret))) {
        throw new AppError(ChatErrorCode.IdentityInvalid, 'The identity hash does not match this user id.');
      }
      visitor = await this.repository.findOrInsertIdentifiedVisitor(this.db, workspaceId, input.identity.userId);
    } else if (input.visitorToken) {
      const claimed = this.tokens.verify(input.visitorToken);
      const found = claimed && claimed.workspaceId === workspaceId ? await this.repository.findVisitor(this.db, workspaceId, claimed.visitorId) : undefined;
      // An identified visitor is only reached through their identity, never through a token alone.
      if (!found || found.externalUserId !== null) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor token is not valid for this workspace.');
      visitor = found;
    } else {
      visitor = await this.repository.insertVisitor(this.db, workspaceId);
    }
    if (!visitor.customerId && (input.name || input.email)) {
      visitor = await this.db.transaction((tx) => this.ensureCustomer(tx, workspaceId, visitor.id, input));
      this.outbox.nudge();
    }
    const conversations = await this.repository.listConversations(this.db, workspaceId, visitor.id);
    return {
      visitorToken: this.tokens.tokenFor(workspaceId, visitor.id),
      visitorId: visitor.id,
      customerId: visitor.customerId,
      isIdentified: visitor.externalUserId !== null,
      preChatForm: settings.preChatForm,
      conversations: conversations.map(presentConversation),
    };
  }

  /** The visitor a widget socket's token names; an unknown, forged or foreign token is refused. */
  async authenticateVisitor(token: unknown): Promise<VisitorActor> {
    const claimed = typeof token === 'string' ? this.tokens.verify(token) : undefined;
    const visitor = claimed ? await this.repository.findVisitor(this.db, claimed.workspaceId, claimed.visitorId) : undefined;
    if (!visitor) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'Open a session first and send its visitor token as `auth: { token }`.');
    return { workspaceId: visitor.workspaceId, visitorId: visitor.id };
  }

  /** What the widget needs before anything else: the workspace's look, the pre-chat form, and whether anyone can answer now. */
  async getWidgetConfig(workspaceSlug: string): Promise<Omit<TWidgetConfig, 'bot'> & { workspaceId: string }> {
    const workspace = await this.requireWorkspace(workspaceSlug);
    const settings = await this.settingsOf(workspace.id);
    const isOpen = settings.businessHours === null || isWithinBusinessHours(this.clock.now(), settings.businessHours, workspace.timeZone);
    const offlineReason = !isOpen ? 'outside_business_hours' : (await this.users.hasOnlineResponder(workspace.id)) ? null : 'no_agent_online';
    return {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      defaultLanguage: workspace.defaultLanguage === 'fr' ? 'fr' : 'en',
      accentColor: settings.accentColor,
      logoUrl: settings.logoUrl,
      preChatForm: settings.preChatForm,
      isOnline: offlineReason === null,
      offlineReason,
    };
  }

  /**
   * A message left while nobody can chat: a web ticket from the given address, so each public agent reply is
   * emailed to the customer. With the visitor's token, the visitor becomes (or stays) that customer.
   */
  async leaveOfflineMessage(workspaceSlug: string, input: TOfflineMessageRequest): Promise<{ ticketId: string; ticketNumber: number }> {
    const workspace = await this.requireWorkspace(workspaceSlug);
    const workspaceId = workspace.id;
    const claimed = input.visitorToken ? this.tokens.verify(input.visitorToken) : undefined;
    if (input.visitorToken && claimed?.workspaceId !== workspaceId) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor token is not valid for this workspace.');
    const ticket = await this.db.transaction(async (tx) => {
      const customer = await this.customers.findOrCreateByEmail(tx, workspaceId, input.email, input.name, input.language);
      if (claimed) {
        const visitor = await this.repository.findVisitorForUpdate(tx, workspaceId, claimed.visitorId);
        if (!visitor) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor no longer exists.');
        if (!visitor.customerId) await this.repository.setVisitorCustomer(tx, workspaceId, visitor.id, customer.id);
      }
      return this.tickets.createInTransaction(
        tx,
        { workspaceId, userId: null },
        { subject: oneLine(input.body).slice(0, SUBJECT_CHARACTERS), description: input.body, customerId: customer.id, channel: 'web', tags: ['chat-offline'] },
        'web',
      );
    });
    this.outbox.nudge();
    return { ticketId: ticket.id, ticketNumber: ticket.number };
  }

  /**
   * "Call me instead": a ticket of channel `phone`, tagged `callback-request`, for the phone team's queue, from the
   * visitor's customer (or a new one with that number), naming the chat it came from. Written in the workspace's language.
   */
  async requestCallback(workspaceSlug: string, input: TCallbackRequest): Promise<{ ticketId: string; ticketNumber: number }> {
    const workspace = await this.requireWorkspace(workspaceSlug);
    const workspaceId = workspace.id;
    const claimed = input.visitorToken ? this.tokens.verify(input.visitorToken) : undefined;
    if (input.visitorToken && claimed?.workspaceId !== workspaceId) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor token is not valid for this workspace.');
    if (input.conversationId && !claimed) throw validationError('conversationId', 'a conversation is named with the visitor’s token');
    const wording = CALLBACK_WORDING[workspace.defaultLanguage === 'fr' ? 'fr' : 'en'];
    const ticket = await this.db.transaction(async (tx) => {
      const visitor = claimed ? await this.repository.findVisitorForUpdate(tx, workspaceId, claimed.visitorId) : undefined;
      if (claimed && !visitor) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor no longer exists.');
      const chat = input.conversationId ? await this.requireVisitorConversation(tx, { workspaceId, visitorId: claimed!.visitorId }, input.conversationId) : undefined;
      const chatTicket = chat ? await this.tickets.require(tx, workspaceId, chat.ticketId) : undefined;
      let customerId = visitor?.customerId ?? null;
      if (!customerId) {
        customerId = (await this.customers.createInTransaction(tx, workspaceId, { name: input.name, phone: input.phone, language: input.language })).id;
        if (visitor) await this.repository.setVisitorCustomer(tx, workspaceId, visitor.id, customerId);
      }
      const description = [
        `${wording.phone}: ${input.phone}`,
        input.name ? `${wording.name}: ${input.name}` : '',
        input.preferredTime ? `${wording.preferredTime}: ${input.preferredTime}` : '',
        chatTicket ? `${wording.fromChat} #${chatTicket.number}` : '',
        input.note ?? '',
      ].filter(Boolean);
      return this.tickets.createInTransaction(
        tx,
        { workspaceId, userId: null },
        { subject: `${wording.subject} ${input.phone}`, description: description.join('\n'), customerId, channel: 'phone', tags: ['callback-request'], language: input.language },
        'phone',
      );
    });
    this.outbox.nudge();
    return { ticketId: ticket.id, ticketNumber: ticket.number };
  }

  /** A file the visitor picked, checked like any upload (type by content, size) and kept until a message shares it. */
  async uploadVisitorFile(workspaceSlug: string, visitorToken: string | undefined, input: UploadInput): Promise<TChatFile> {
    const visitor = await this.visitorOfWorkspace(workspaceSlug, visitorToken).catch((error: unknown) => {
      input.content.resume();
      throw error;
    });
    const attachment = await this.attachments.uploadFromVisitor(visitor.workspaceId, visitor.visitorId, input, VISITOR_FILE_LIMITS);
    return this.presentFile(visitor.workspaceId, summaryOf(attachment));
  }

  /**
   * A link to one of the workspace's files that opens without signing in (the widget's signed file route),
   * for a customer on a channel that carries only text.
   */
  signedFileUrl(publicBaseUrl: string, workspace: { id: string; slug: string }, attachmentId: string): string {
    const signature = this.tokens.fileSignature(workspace.id, attachmentId);
    return `${publicBaseUrl}/api/v1/widget/${encodeURIComponent(workspace.slug)}/files/${attachmentId}?signature=${signature}`;
  }

  /** A chat file through its signed link (images show in the widget; the link is the visitor's and the agents'). */
  async openVisitorFile(workspaceSlug: string, attachmentId: string, signature: string) {
    const workspace = await this.workspaces.findBySlug(workspaceSlug);
    if (!workspace || !this.tokens.isFileSignature(workspace.id, attachmentId, signature)) throw new AppError(ChatErrorCode.FileLinkInvalid, 'This file link is not valid.');
    return this.attachments.openContentOfWorkspace(workspace.id, attachmentId);
  }

  // ── Conversations ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a chat: a ticket of channel `chat` for the visitor's customer, and its first message, in one
   * transaction. Sent again with the same client message id, it answers the chat already started.
   */
  async startConversation(visitor: VisitorActor, input: TStartConversationRequest, handoff?: ChatHandoff): Promise<{ conversation: TChatConversation; message: TChatMessage }> {
    const { workspaceId, visitorId } = visitor;
    const settings = await this.settingsOf(workspaceId);
    let isNew = false;
    const result = await this.db.transaction(async (tx) => {
      const visitorRow = await this.repository.findVisitorForUpdate(tx, workspaceId, visitorId);
      if (!visitorRow) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor no longer exists.');
      const started = await this.repository.findConversationByStart(tx, workspaceId, visitorId, input.clientMessageId);
      if (started) {
        const first = await this.repository.findMessageByClientId(tx, started.id, input.clientMessageId);
        return { conversation: started, message: first!, event: undefined };
      }
      // A visitor who is a customer already (named at the session, or an earlier chat) is not asked again; the bot
      // asked what the team wants before handing over.
      if (!handoff) checkPreChatForm(settings.preChatForm, input, visitorRow.customerId !== null);
      isNew = true;
      const withCustomer = await this.ensureCustomer(tx, workspaceId, visitorId, input, visitorRow);
      const description = input.description ?? input.body;
      const ticket = await this.tickets.createInTransaction(
        tx,
        { workspaceId, userId: null },
        { subject: oneLine(description).slice(0, SUBJECT_CHARACTERS) || 'Chat', description, customerId: withCustomer.customerId, channel: 'chat', ...(handoff && { tags: handoff.tags, language: handoff.language }) },
        'chat',
      );
      if (handoff) {
        await this.comments.createInTransaction(tx, { workspaceId, type: 'system' }, ticket.id, { body: handoff.note, isPublic: false, attachmentIds: [], mentionUserIds: [] });
        await handoff.onCreated(tx, ticket.id);
      }
      const conversation = await this.repository.insertConversation(tx, { workspaceId, visitorId, ticketId: ticket.id, startClientMessageId: input.clientMessageId });
      const [written] = await this.writeVisitorMessages(tx, workspaceId, [{ conversation, customerId: withCustomer.customerId!, clientMessageId: input.clientMessageId, body: input.body, files: [] }]);
      return { conversation: { ...conversation, lastSeq: written!.message.seq }, message: written!.message, event: written!.event };
    });
    if (result.event) this.outbox.publishCommitted([result.event]);
    const message = this.presentMessage(result.message);
    if (isNew) this.afterVisitorMessage(visitorId, message);
    return { conversation: presentConversation(result.conversation), message };
  }

  /**
   * A visitor's message: stored (comment + numbered message) before the answer; a resend answers the stored one.
   * Messages sent at the same moment, by any visitors, share one transaction (see `storeVisitorMessages`).
   */
  async sendMessage(visitor: VisitorActor, input: TSendMessageRequest): Promise<TChatMessage> {
    const stored = await this.visitorMessages.submit({ visitor, input });
    const message = this.presentMessage(stored.message);
    if (stored.isNew) this.afterVisitorMessage(visitor.visitorId, message);
    return message;
  }

  /** The visitor ends the chat: closed at once, and its ticket solved unless it already is. Ending it again changes nothing. */
  async closeConversation(visitor: VisitorActor, conversationId: string): Promise<TChatConversation> {
    const conversation = await this.db.transaction(async (tx) => {
      const found = await this.requireVisitorConversation(tx, visitor, conversationId, true);
      return found.closedAt ? found : this.close(tx, found);
    });
    this.outbox.nudge();
    this.broadcast((broadcaster) => broadcaster.toVisitor(visitor.visitorId, 'closed', { conversationId, reason: 'visitor' }));
    return presentConversation(conversation);
  }

  /** The visitor's rating of an ended chat: the ticket's satisfaction rating, as a survey answer would be. */
  async rateConversation(visitor: VisitorActor, input: TRateConversationRequest): Promise<void> {
    await this.db.transaction(async (tx) => {
      const conversation = await this.requireVisitorConversation(tx, visitor, input.conversationId);
      if (!conversation.closedAt) throw new AppError(ChatErrorCode.ConversationOpen, 'A chat is rated once it has ended.');
      const ticket = await this.tickets.require(tx, visitor.workspaceId, conversation.ticketId);
      await this.satisfaction.rateInChat(tx, {
        workspaceId: visitor.workspaceId,
        ticketId: ticket.id,
        customerId: ticket.customerId,
        language: ticket.language === 'fr' ? 'fr' : 'en',
        rating: input.rating,
        comment: input.comment || null,
      });
    });
    this.outbox.nudge();
  }

  /**
   * One pass over idle chats (an agent spoke last, the visitor has been silent for the workspace's inactivity
   * time): the visitor is warned first; still silent `INACTIVITY_GRACE_MINUTES` later, the chat closes.
   */
  async sweepInactiveConversations(): Promise<{ warned: number; closed: number }> {
    const now = this.clock.now();
    let warned = 0;
    let closed = 0;
    for (const idle of await this.repository.listIdle(this.db, now, INACTIVITY_GRACE_MINUTES)) {
      if (idle.inactivityWarnedAt === null) {
        await this.repository.markInactivityWarned(this.db, idle.id, now);
        this.broadcast((broadcaster) => broadcaster.toVisitor(idle.visitorId, 'inactivity', { conversationId: idle.id, closesInMinutes: INACTIVITY_GRACE_MINUTES }));
        warned += 1;
        continue;
      }
      const didClose = await this.db.transaction(async (tx) => {
        const conversation = await this.repository.findConversationOfTicket(tx, idle.workspaceId, idle.ticketId, true);
        // A message since the list was read started the idle clock again.
        if (!conversation || conversation.closedAt || conversation.inactivityWarnedAt === null) return false;
        await this.close(tx, conversation);
        return true;
      });
      if (!didClose) continue;
      this.broadcast((broadcaster) => broadcaster.toVisitor(idle.visitorId, 'closed', { conversationId: idle.id, reason: 'inactivity' }));
      closed += 1;
    }
    if (closed > 0) this.outbox.nudge();
    return { warned, closed };
  }

  /** The inactivity sweep, every `intervalMs`, until the signal aborts. */
  async runInactivitySweep(signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sweepInactiveConversations();
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(intervalMs, signal).done;
    }
  }

  /** The messages after `afterSeq`, in order (at most a page; ask again from the last one). */
  async listMessagesAfter(visitor: VisitorActor, conversationId: string, afterSeq: number): Promise<TChatMessage[]> {
    const conversation = await this.requireVisitorConversation(this.db, visitor, conversationId);
    return (await this.repository.listMessagesAfter(this.db, visitor.workspaceId, conversation.id, afterSeq)).map((row) => this.presentMessage(row));
  }

  /** The visitor is (or stopped) typing: agents watching the ticket see it. */
  async visitorTyping(visitor: VisitorActor, conversationId: string, isTyping: boolean): Promise<void> {
    const conversation = await this.requireVisitorConversation(this.db, visitor, conversationId);
    this.broadcast((broadcaster) => broadcaster.toTicket(conversation.ticketId, 'chat:typing', { ticketId: conversation.ticketId, conversationId, isTyping }));
  }

  /** The visitor has read up to `seq`: stored, and shown to agents watching the ticket. */
  async visitorRead(visitor: VisitorActor, conversationId: string, seq: number): Promise<void> {
    const conversation = await this.requireVisitorConversation(this.db, visitor, conversationId);
    const readSeq = await this.repository.markRead(this.db, visitor.workspaceId, conversation.id, 'visitor', seq);
    this.broadcast((broadcaster) => broadcaster.toTicket(conversation.ticketId, 'chat:read', { ticketId: conversation.ticketId, conversationId, reader: 'visitor', seq: readSeq }));
  }

  // ── Agents ─────────────────────────────────────────────────────────────────────────────────────────

  /** The chat behind a ticket, for agents: sequence and both read positions. */
  async getForTicket(actor: Actor, ticketIdOrNumber: string): Promise<TChatConversation> {
    requireAccess(actor, 'tickets.read');
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const conversation = await this.repository.findConversationOfTicket(this.db, actor.workspaceId, ticket.id);
    if (!conversation) throw new AppError(ChatErrorCode.ConversationNotFound, 'This ticket is not a chat.');
    return presentConversation(conversation);
  }

  /** An agent has read the chat up to `seq`: stored, and the visitor sees the receipt. */
  async agentRead(actor: Actor, ticketIdOrNumber: string, seq: number): Promise<TChatConversation> {
    requireAccess(actor, 'comments.public');
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const conversation = await this.repository.findConversationOfTicket(this.db, actor.workspaceId, ticket.id);
    if (!conversation) throw new AppError(ChatErrorCode.ConversationNotFound, 'This ticket is not a chat.');
    const readSeq = await this.repository.markRead(this.db, actor.workspaceId, conversation.id, 'agent', seq);
    this.broadcast((broadcaster) => broadcaster.toVisitor(conversation.visitorId, 'read', { conversationId: conversation.id, seq: readSeq }));
    return presentConversation({ ...conversation, agentReadSeq: readSeq });
  }

  /**
   * Durable listener of dispatched events: a staff member's public comment on a chat ticket becomes the
   * chat's next message, in the dispatch transaction (so a crash neither loses nor repeats it).
   */
  async recordAgentReplies(events: DomainEvent[], tx: Executor): Promise<void> {
    for (const event of events) {
      const comment = agentPublicCommentOf(event);
      if (!comment) continue;
      const conversation = await this.repository.findConversationOfTicket(tx, event.workspaceId, comment.ticketId, true);
      if (!conversation) continue;
      if (await this.repository.findMessageByComment(tx, event.workspaceId, comment.id)) continue;
      const author = comment.authorUserId ? await this.users.requireActiveUser(tx, event.workspaceId, comment.authorUserId, 'authorUserId').catch(() => undefined) : undefined;
      const seq = await this.repository.takeNextSeq(tx, conversation.id);
      await this.repository.insertMessage(tx, {
        workspaceId: event.workspaceId,
        conversationId: conversation.id,
        seq,
        commentId: comment.id,
        sender: 'agent',
        clientMessageId: null,
        authorName: author?.name ?? null,
        body: comment.body,
        attachments: comment.attachments.map((file) => ({ id: file.id, fileName: file.filename, contentType: file.contentType, size: file.sizeBytes })),
      });
    }
  }

  /** Durable listener: a chat ticket solved by an agent (or a rule) ends its chat, in the dispatch transaction. */
  async recordSolvedChats(events: DomainEvent[], tx: Executor): Promise<void> {
    for (const event of events) {
      const ticketId = solvedTicketIdOf(event);
      if (!ticketId) continue;
      const conversation = await this.repository.findConversationOfTicket(tx, event.workspaceId, ticketId, true);
      if (conversation && !conversation.closedAt) await this.repository.setClosed(tx, event.workspaceId, conversation.id, event.createdAt);
    }
  }

  /** Once the dispatch has committed: the visitors of solved chats see them end. */
  async publishSolvedChats(events: DomainEvent[]): Promise<void> {
    for (const event of events) {
      const ticketId = solvedTicketIdOf(event);
      const conversation = ticketId ? await this.repository.findConversationOfTicket(this.db, event.workspaceId, ticketId) : undefined;
      if (!conversation?.closedAt) continue;
      this.broadcast((broadcaster) => broadcaster.toVisitor(conversation.visitorId, 'closed', { conversationId: conversation.id, reason: 'resolved' }));
    }
  }

  /** Once the dispatch has committed: the agents' replies it numbered go to their visitors' sockets. */
  async publishAgentReplies(events: DomainEvent[]): Promise<void> {
    const commentIds = events.flatMap((event) => agentPublicCommentOf(event)?.id ?? []);
    for (const { message, visitorId } of await this.repository.listMessagesOfComments(this.db, commentIds)) {
      if (message.sender !== 'agent') continue;
      this.broadcast((broadcaster) => broadcaster.toVisitor(visitorId, 'message', this.presentMessage(message)));
    }
  }

  /** An agent replying (presence `replying`) shows as typing to the visitor of a chat ticket. */
  async publishAgentTyping(change: TPresenceChange): Promise<void> {
    const conversation = await this.repository.findConversationOfTicket(this.db, change.workspaceId, change.ticketId);
    if (!conversation) return;
    const isTyping = change.viewers.some((viewer) => viewer.state === 'replying');
    this.broadcast((broadcaster) => broadcaster.toVisitor(conversation.visitorId, 'typing', { conversationId: conversation.id, isTyping }));
  }

  // ── Settings ───────────────────────────────────────────────────────────────────────────────────────

  async getSettings(actor: Actor) {
    requireAccess(actor, 'settings.manage');
    return this.presentSettings(actor.workspaceId, await this.settingsOf(actor.workspaceId));
  }

  async updateSettings(actor: Actor, changes: TUpdateChatSettingsRequest) {
    requireAccess(actor, 'settings.manage');
    await this.settingsOf(actor.workspaceId);
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repository.updateSettings(tx, actor.workspaceId, changes);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'chat.settings_updated', targetType: 'chat_settings', targetId: actor.workspaceId, details: changes });
      return updated;
    });
    return this.presentSettings(actor.workspaceId, row);
  }

  /** A new identity secret: hashes made with the old one stop verifying at once. */
  async rotateIdentitySecret(actor: Actor) {
    requireAccess(actor, 'settings.manage');
    await this.settingsOf(actor.workspaceId);
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repository.updateSettings(tx, actor.workspaceId, { identitySecretSealed: await this.dataKeys.seal(actor.workspaceId, newIdentitySecret(), tx) });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'chat.identity_secret_rotated', targetType: 'chat_settings', targetId: actor.workspaceId });
      return updated;
    });
    return this.presentSettings(actor.workspaceId, row);
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────────────────

  /** The workspace's settings, created with defaults and a fresh identity secret on first use. */
  private async settingsOf(workspaceId: string) {
    const found = await this.repository.findSettings(this.db, workspaceId);
    if (found) return found;
    return this.repository.insertSettingsIfMissing(this.db, {
      workspaceId,
      preChatForm: DEFAULT_PRE_CHAT_FORM,
      identitySecretSealed: await this.dataKeys.seal(workspaceId, newIdentitySecret()),
    });
  }

  private async presentSettings(workspaceId: string, row: ChatSettingsRow) {
    return {
      preChatForm: row.preChatForm,
      identitySecret: await this.dataKeys.open(workspaceId, row.identitySecretSealed),
      accentColor: row.accentColor,
      logoUrl: row.logoUrl,
      businessHours: row.businessHours,
      inactivityMinutes: row.inactivityMinutes,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** The visitor's customer: theirs already, the one with the email given, or a new (possibly anonymous) one. */
  private async ensureCustomer(tx: Executor, workspaceId: string, visitorId: string, person: { name?: string | undefined; email?: string | undefined; language?: 'en' | 'fr' | undefined }, locked?: ChatVisitorRow): Promise<ChatVisitorRow> {
    const visitor = locked ?? (await this.repository.findVisitorForUpdate(tx, workspaceId, visitorId));
    if (!visitor) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor no longer exists.');
    if (visitor.customerId) return visitor;
    const customer = person.email
      ? await this.customers.findOrCreateByEmail(tx, workspaceId, person.email, person.name, person.language)
      : await this.customers.createInTransaction(tx, workspaceId, { name: person.name ?? `Visitor ${visitorId.slice(0, 8)}`, language: person.language });
    await this.repository.setVisitorCustomer(tx, workspaceId, visitorId, customer.id);
    return { ...visitor, customerId: customer.id };
  }

  /**
   * A batch of visitor messages, one transaction per workspace. A message that breaks a rule (not the visitor's
   * conversation, files that are not theirs to send) gets its own error and the others go on; a transaction that
   * meets a deadlock is tried again; one that fails otherwise is tried again one message at a time, so only the
   * message at fault fails.
   */
  private async storeVisitorMessages(drafts: VisitorMessageDraft[]): Promise<Array<Settled<StoredVisitorMessage>>> {
    const results: Array<Settled<StoredVisitorMessage>> = new Array(drafts.length);
    const byWorkspace = new Map<string, number[]>();
    drafts.forEach((draft, index) => byWorkspace.set(draft.visitor.workspaceId, [...(byWorkspace.get(draft.visitor.workspaceId) ?? []), index]));
    for (const [workspaceId, indexes] of byWorkspace) {
      const settled = await this.storeVisitorMessageGroup(workspaceId, indexes.map((index) => drafts[index]!));
      indexes.forEach((index, position) => {
        results[index] = settled[position]!;
      });
    }
    return results;
  }

  private async storeVisitorMessageGroup(workspaceId: string, drafts: VisitorMessageDraft[]): Promise<Array<Settled<StoredVisitorMessage>>> {
    let stored: StoredVisitorMessageGroup;
    try {
      stored = await this.withConflictRetries(() => this.db.transaction((tx) => this.storeVisitorMessagesIn(tx, workspaceId, drafts)));
    } catch (error) {
      if (drafts.length === 1) return [{ ok: false, error }];
      // A write that failed took the whole transaction with it: each message goes again on its own.
      const settled: Array<Settled<StoredVisitorMessage>> = [];
      for (const draft of drafts) settled.push(...(await this.storeVisitorMessageGroup(workspaceId, [draft])));
      return settled;
    }
    // Straight after the commit, before the batch's other workspaces are written: agents see the messages now,
    // and the dispatch of their events (which cannot have begun yet) does not push them again from this node.
    this.outbox.publishCommitted(stored.events);
    return stored.settled;
  }

  private async withConflictRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= CONFLICT_ATTEMPTS || !isConflict(error)) throw error;
      }
    }
  }

  /**
   * Visitor messages of one workspace in one transaction: their conversations locked at once (the lock that
   * numbers a conversation's messages, in arrival order), each checked as a lone message would be, then all of
   * them written together. A client message id stored before, or earlier in the same batch, answers that message.
   * Also answers the `comment.created` events of the messages written.
   */
  private async storeVisitorMessagesIn(tx: Executor, workspaceId: string, drafts: VisitorMessageDraft[]): Promise<StoredVisitorMessageGroup> {
    const results: Array<Settled<StoredVisitorMessage> | undefined> = new Array(drafts.length);
    const events: DomainEvent[] = [];
    const locked = await this.repository.findConversationsForUpdate(tx, workspaceId, drafts.map((draft) => draft.input.conversationId));
    const conversations = new Map(locked.map(({ conversation }) => [conversation.id, conversation]));
    const customerOfVisitor = new Map(locked.flatMap(({ conversation, visitorCustomerId }) => (visitorCustomerId ? [[conversation.visitorId, visitorCustomerId] as const] : [])));
    const isVisitorsOwn = (draft: VisitorMessageDraft) => conversations.get(draft.input.conversationId)?.visitorId === draft.visitor.visitorId;
    const keyOf = (conversationId: string | null, clientMessageId: string | null) => `${conversationId} ${clientMessageId}`;
    const stored = await this.repository.findMessagesByClientIds(
      tx,
      drafts.filter(isVisitorsOwn).map((draft) => ({ conversationId: draft.input.conversationId, clientMessageId: draft.input.clientMessageId })),
    );
    const storedByKey = new Map(stored.map((row) => [keyOf(row.conversationId, row.clientMessageId), row]));

    const accepted: Array<{ index: number; visitorId: string; conversation: ChatConversationRow; input: TSendMessageRequest; files: TAttachment[] }> = [];
    const acceptedByKey = new Map<string, number>();
    const resends: Array<{ index: number; key: string }> = [];
    const claimedFileIds = new Set<string>();
    for (const [index, draft] of drafts.entries()) {
      const { input, visitor } = draft;
      if (!isVisitorsOwn(draft)) {
        results[index] = { ok: false, error: new AppError(ChatErrorCode.ConversationNotFound, 'No such conversation.') };
        continue;
      }
      const key = keyOf(input.conversationId, input.clientMessageId);
      const earlier = storedByKey.get(key);
      if (earlier) {
        results[index] = { ok: true, value: { message: earlier, isNew: false } };
        continue;
      }
      if (acceptedByKey.has(key)) {
        resends.push({ index, key });
        continue;
      }
      const files = input.attachmentIds.length > 0 ? await this.attachments.listUnlinkedOfVisitor(tx, workspaceId, visitor.visitorId, input.attachmentIds) : [];
      // A file already claimed by an earlier message of the batch is as taken as one sent before.
      if (files.length !== new Set(input.attachmentIds).size || files.some((file) => claimedFileIds.has(file.id))) {
        results[index] = { ok: false, error: validationError('attachmentIds', 'each file must be one this visitor uploaded and has not sent yet') };
        continue;
      }
      for (const file of files) claimedFileIds.add(file.id);
      acceptedByKey.set(key, accepted.length);
      accepted.push({ index, visitorId: visitor.visitorId, conversation: conversations.get(input.conversationId)!, input, files });
    }

    if (accepted.length > 0) {
      // A visitor without a customer yet (anonymous, no earlier chat) gets one now, once.
      for (const visitorId of new Set(accepted.map((item) => item.visitorId))) {
        if (!customerOfVisitor.has(visitorId)) customerOfVisitor.set(visitorId, (await this.ensureCustomer(tx, workspaceId, visitorId, {})).customerId!);
      }
      const written = await this.writeVisitorMessages(
        tx,
        workspaceId,
        accepted.map((item) => ({ conversation: item.conversation, customerId: customerOfVisitor.get(item.visitorId)!, clientMessageId: item.input.clientMessageId, body: item.input.body, files: item.files })),
      );
      events.push(...written.map((item) => item.event));
      const messages = written.map((item) => item.message);
      accepted.forEach((item, position) => {
        results[item.index] = { ok: true, value: { message: messages[position]!, isNew: true } };
      });
      for (const { index, key } of resends) results[index] = { ok: true, value: { message: messages[acceptedByKey.get(key)!]!, isNew: false } };
    }
    return { settled: results as Array<Settled<StoredVisitorMessage>>, events };
  }

  /**
   * Visitors' public comments on their (now locked) tickets and their numbered chat messages, in the order given,
   * with the same few statements for one message or a hundred: the tickets locked at once, the comments through
   * `createManyInTransaction`, each conversation's numbers taken with one update.
   */
  private async writeVisitorMessages(tx: Executor, workspaceId: string, messages: AcceptedVisitorMessage[]): Promise<WrittenVisitorMessage[]> {
    const tickets = await this.tickets.lockMany(tx, workspaceId, messages.map((message) => message.conversation.ticketId));
    if (messages.some((message) => !tickets.has(message.conversation.ticketId))) throw new AppError(TicketErrorCode.TicketNotFound, 'No such ticket in this workspace.');
    const comments = await this.comments.createManyInTransaction(
      tx,
      workspaceId,
      messages.map((message) => ({
        author: { workspaceId, type: 'customer' as const, customerId: message.customerId },
        ticketId: message.conversation.ticketId,
        input: { body: message.body || message.files.map((file) => file.filename).join(', '), isPublic: true, attachmentIds: message.files.map((file) => file.id), mentionUserIds: [] },
      })),
    );
    // A visitor writing on a ticket that waits on them, or was solved, needs an agent again (once per ticket).
    for (const ticket of tickets.values()) {
      if (REOPENED_CATEGORIES.has(ticket.statusCategory)) await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { status: 'open' });
    }
    // Numbers in arrival order: each conversation takes as many as it has messages here, after its last one.
    const counts = new Map<string, number>();
    for (const message of messages) counts.set(message.conversation.id, (counts.get(message.conversation.id) ?? 0) + 1);
    const lastSeqs = await this.repository.takeSeqsAndReopen(tx, workspaceId, [...counts].map(([conversationId, count]) => ({ conversationId, count })));
    const nextSeq = new Map([...counts].map(([conversationId, count]) => [conversationId, lastSeqs.get(conversationId)! - count + 1]));
    const rows = await this.repository.insertMessages(
      tx,
      messages.map((message, index) => {
        const seq = nextSeq.get(message.conversation.id)!;
        nextSeq.set(message.conversation.id, seq + 1);
        return {
          workspaceId,
          conversationId: message.conversation.id,
          seq,
          commentId: comments[index]!.row.id,
          sender: 'visitor' as const,
          clientMessageId: message.clientMessageId,
          authorName: null,
          body: message.body,
          attachments: message.files.map(summaryOf),
        };
      }),
    );
    return rows.map((message, index) => ({ message, event: comments[index]!.event }));
  }

  /** After the commit (agents have the message already): its dispatch starts now, and the visitor's other tabs get it. */
  private afterVisitorMessage(visitorId: string, message: TChatMessage): void {
    this.outbox.nudge();
    this.broadcast((broadcaster) => broadcaster.toVisitor(visitorId, 'message', message));
  }

  private async requireVisitorConversation(executor: Executor, visitor: VisitorActor, conversationId: string, forUpdate = false): Promise<ChatConversationRow> {
    const conversation = await this.repository.findVisitorConversation(executor, visitor.workspaceId, visitor.visitorId, conversationId, forUpdate);
    if (!conversation) throw new AppError(ChatErrorCode.ConversationNotFound, 'No such conversation.');
    return conversation;
  }

  /** Ends a (locked) chat and solves its ticket, unless the ticket is solved already. */
  private async close(tx: Executor, conversation: ChatConversationRow): Promise<ChatConversationRow> {
    const closed = await this.repository.setClosed(tx, conversation.workspaceId, conversation.id, this.clock.now());
    const ticket = await this.tickets.require(tx, conversation.workspaceId, conversation.ticketId, true);
    if (!SOLVED_CATEGORIES.has(ticket.statusCategory)) await this.tickets.applyChanges(tx, { workspaceId: conversation.workspaceId, userId: null }, ticket, { status: 'resolved' });
    return closed;
  }

  /** The workspace a widget names by its slug (every public widget route starts there). */
  private async requireWorkspace(workspaceSlug: string) {
    const workspace = await this.workspaces.findBySlug(workspaceSlug);
    if (!workspace) throw new AppError(WorkspaceErrorCode.WorkspaceNotFound, 'No such workspace.');
    return workspace;
  }

  /** The visitor's customer, as far as the chat knows them: their name and email (not asked again by the bot). */
  async visitorProfile(visitor: VisitorActor): Promise<{ name: string | null; email: string | null }> {
    const row = await this.repository.findVisitor(this.db, visitor.workspaceId, visitor.visitorId);
    if (!row?.customerId) return { name: null, email: null };
    const customer = await this.customers.require(this.db, visitor.workspaceId, row.customerId);
    // A visitor named by default ("Visitor 1a2b3c4d") has not said their name.
    return { name: customer.name.startsWith('Visitor ') ? null : customer.name, email: customer.email ?? null };
  }

  /** The workspace and visitor a token names, when it belongs to the workspace of the slug. */
  async visitorOfWorkspace(workspaceSlug: string, visitorToken: string | undefined): Promise<VisitorActor> {
    const workspace = await this.requireWorkspace(workspaceSlug);
    const visitor = await this.authenticateVisitor(visitorToken);
    if (visitor.workspaceId !== workspace.id) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor token is not valid for this workspace.');
    return visitor;
  }

  private presentMessage(row: ChatMessageRow): TChatMessage {
    return {
      id: row.id,
      conversationId: row.conversationId,
      seq: row.seq,
      sender: row.sender,
      clientMessageId: row.clientMessageId,
      authorName: row.authorName,
      body: row.body,
      attachments: row.attachments.map((file) => this.presentFile(row.workspaceId, file)),
      createdAt: row.createdAt.toISOString(),
    };
  }

  private presentFile(workspaceId: string, file: ChatMessageAttachment): TChatFile {
    return { ...file, signature: this.tokens.fileSignature(workspaceId, file.id) };
  }

  private broadcast(send: (broadcaster: ChatBroadcaster) => void): void {
    for (const broadcaster of this.broadcasters) send(broadcaster);
  }
}

/** A deadlock or serialization failure: another transaction's doing, so trying again can succeed. */
function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return code === '40P01' || code === '40001';
}

/** A public comment written on the support side: by an agent, or by a rule (an automated reply). */
function agentPublicCommentOf(event: DomainEvent): (TComment & { ticketId: string }) | undefined {
  if (event.type !== 'comment.created') return undefined;
  const comment = (event.data as { comment?: TComment }).comment;
  if (!comment || !comment.isPublic || comment.authorType === 'customer') return undefined;
  return comment;
}

function solvedTicketIdOf(event: DomainEvent): string | undefined {
  if (event.type !== 'ticket.resolved') return undefined;
  return (event.data as { ticket?: { id?: string } }).ticket?.id;
}

function checkPreChatForm(form: TPreChatForm, input: TStartConversationRequest, isKnownCustomer: boolean): void {
  for (const field of isKnownCustomer ? (['description'] as const) : (['name', 'email', 'description'] as const)) {
    if (form[field] === 'required' && !input[field]) throw validationError(field, `the pre-chat form asks for ${field}`);
  }
}

function newIdentitySecret(): string {
  return randomBytes(32).toString('hex');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function presentConversation(row: ChatConversationRow): TChatConversation {
  return { id: row.id, ticketId: row.ticketId, lastSeq: row.lastSeq, visitorReadSeq: row.visitorReadSeq, agentReadSeq: row.agentReadSeq, closedAt: row.closedAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}


function summaryOf(attachment: TAttachment): ChatMessageAttachment {
  return { id: attachment.id, fileName: attachment.filename, contentType: attachment.contentType, size: attachment.sizeBytes };
}
