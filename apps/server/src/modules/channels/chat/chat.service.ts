import { randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../../db/database.js';
import { constantTimeEqual } from '../../../shared/crypto.js';
import { AppError, ChatErrorCode, WorkspaceErrorCode, validationError } from '../../../shared/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { requireAccess, type Actor } from '../../auth/permissions.js';
import type { CommentsService } from '../../comments/comments.service.js';
import type { TComment } from '../../comments/comments.schema.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { DomainEvent } from '../../events/events.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { TPresenceChange } from '../../presence/presence.service.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { UsersService } from '../../users/users.service.js';
import type { DataKeyService } from '../../workspaces/data-keys.service.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { ChatConversationRow, ChatMessageRow, ChatRepository, ChatVisitorRow } from './chat.repository.js';
import type {
  TChatConversation,
  TChatMessage,
  TPreChatForm,
  TSendMessageRequest,
  TStartConversationRequest,
  TStartSessionRequest,
  TVisitorSession,
} from './chat.schema.js';
import { identityHashOf, type VisitorTokens } from './chat-visitor-token.js';

const DEFAULT_PRE_CHAT_FORM: TPreChatForm = { name: 'optional', email: 'optional', description: 'hidden' };
const SUBJECT_CHARACTERS = 120;
/** A visitor writing on a ticket that waits on them, or was solved, needs an agent again. */
const REOPENED_CATEGORIES = new Set(['pending', 'on_hold', 'resolved']);

/** Who a widget socket is: the token's visitor, checked against the database at the handshake. */
export interface VisitorActor {
  workspaceId: string;
  visitorId: string;
}

/** Pushes to visitors' sockets (widget namespace) and to agents watching a ticket (agents' namespace), on every node. */
export interface ChatBroadcaster {
  toVisitor(visitorId: string, name: 'message', payload: TChatMessage): void;
  toVisitor(visitorId: string, name: 'typing', payload: { conversationId: string; isTyping: boolean }): void;
  toVisitor(visitorId: string, name: 'read', payload: { conversationId: string; seq: number }): void;
  toTicket(ticketId: string, name: 'chat:typing', payload: { ticketId: string; conversationId: string; isTyping: boolean }): void;
  toTicket(ticketId: string, name: 'chat:read', payload: { ticketId: string; conversationId: string; reader: 'visitor' | 'agent'; seq: number }): void;
}

/**
 * Live chat: a chat is a ticket of channel `chat`, and each public message of it is a ticket comment and a
 * numbered chat message. A visitor's message is committed before it is acknowledged; its client message id
 * makes a resend return the stored message. Agents reply through the comments API: the dispatch of that
 * `comment.created` numbers the reply (durable listener) and, once committed, pushes it to the visitor.
 * Internal notes are never numbered, so they never reach a visitor.
 */
export class ChatService {
  private readonly broadcasters = new Set<ChatBroadcaster>();

  constructor(
    private readonly db: Database,
    private readonly repository: ChatRepository,
    private readonly tokens: VisitorTokens,
    private readonly workspaces: WorkspacesService,
    private readonly dataKeys: DataKeyService,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

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
    const workspace = await this.workspaces.findBySlug(workspaceSlug);
    if (!workspace) throw new AppError(WorkspaceErrorCode.WorkspaceNotFound, 'No such workspace.');
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

  // ── Conversations ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a chat: a ticket of channel `chat` for the visitor's customer, and its first message, in one
   * transaction. Sent again with the same client message id, it answers the chat already started.
   */
  async startConversation(visitor: VisitorActor, input: TStartConversationRequest): Promise<{ conversation: TChatConversation; message: TChatMessage }> {
    const { workspaceId, visitorId } = visitor;
    const settings = await this.settingsOf(workspaceId);
    let isNew = false;
    const result = await this.db.transaction(async (tx) => {
      const visitorRow = await this.repository.findVisitorForUpdate(tx, workspaceId, visitorId);
      if (!visitorRow) throw new AppError(ChatErrorCode.VisitorTokenInvalid, 'The visitor no longer exists.');
      const started = await this.repository.findConversationByStart(tx, workspaceId, visitorId, input.clientMessageId);
      if (started) {
        const first = await this.repository.findMessageByClientId(tx, started.id, input.clientMessageId);
        return { conversation: started, message: first! };
      }
      // A visitor who is a customer already (named at the session, or an earlier chat) is not asked again.
      checkPreChatForm(settings.preChatForm, input, visitorRow.customerId !== null);
      isNew = true;
      const withCustomer = await this.ensureCustomer(tx, workspaceId, visitorId, input, visitorRow);
      const description = input.description ?? input.body;
      const ticket = await this.tickets.createInTransaction(
        tx,
        { workspaceId, userId: null },
        { subject: oneLine(description).slice(0, SUBJECT_CHARACTERS) || 'Chat', description, customerId: withCustomer.customerId, channel: 'chat' },
        'chat',
      );
      const conversation = await this.repository.insertConversation(tx, { workspaceId, visitorId, ticketId: ticket.id, startClientMessageId: input.clientMessageId });
      const message = await this.appendVisitorMessage(tx, conversation, withCustomer.customerId!, input);
      return { conversation: { ...conversation, lastSeq: message.seq }, message };
    });
    if (isNew) this.afterVisitorMessage(visitorId, result.message);
    return { conversation: presentConversation(result.conversation), message: presentMessage(result.message) };
  }

  /** A visitor's message: stored (comment + numbered message) before the answer; a resend answers the stored one. */
  async sendMessage(visitor: VisitorActor, input: TSendMessageRequest): Promise<TChatMessage> {
    const { workspaceId, visitorId } = visitor;
    let isNew = false;
    const message = await this.db.transaction(async (tx) => {
      // The conversation's row lock orders its messages: one sequence number at a time, in commit order.
      const conversation = await this.requireVisitorConversation(tx, visitor, input.conversationId, true);
      const existing = await this.repository.findMessageByClientId(tx, conversation.id, input.clientMessageId);
      if (existing) return existing;
      isNew = true;
      const visitorRow = await this.repository.findVisitor(tx, workspaceId, visitorId);
      const withCustomer = visitorRow?.customerId ? visitorRow : await this.ensureCustomer(tx, workspaceId, visitorId, {});
      return this.appendVisitorMessage(tx, conversation, withCustomer.customerId!, input);
    });
    if (isNew) this.afterVisitorMessage(visitorId, message);
    return presentMessage(message);
  }

  /** The messages after `afterSeq`, in order (at most a page; ask again from the last one). */
  async listMessagesAfter(visitor: VisitorActor, conversationId: string, afterSeq: number): Promise<TChatMessage[]> {
    const conversation = await this.requireVisitorConversation(this.db, visitor, conversationId);
    return (await this.repository.listMessagesAfter(this.db, visitor.workspaceId, conversation.id, afterSeq)).map(presentMessage);
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
      });
    }
  }

  /** Once the dispatch has committed: the agents' replies it numbered go to their visitors' sockets. */
  async publishAgentReplies(events: DomainEvent[]): Promise<void> {
    const commentIds = events.flatMap((event) => agentPublicCommentOf(event)?.id ?? []);
    for (const { message, visitorId } of await this.repository.listMessagesOfComments(this.db, commentIds)) {
      if (message.sender !== 'agent') continue;
      this.broadcast((broadcaster) => broadcaster.toVisitor(visitorId, 'message', presentMessage(message)));
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

  async updateSettings(actor: Actor, preChatForm: TPreChatForm) {
    requireAccess(actor, 'settings.manage');
    await this.settingsOf(actor.workspaceId);
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repository.updateSettings(tx, actor.workspaceId, { preChatForm });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'chat.settings_updated', targetType: 'chat_settings', targetId: actor.workspaceId, details: { preChatForm } });
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

  private async presentSettings(workspaceId: string, row: { preChatForm: TPreChatForm; identitySecretSealed: string; updatedAt: Date }) {
    return { preChatForm: row.preChatForm, identitySecret: await this.dataKeys.open(workspaceId, row.identitySecretSealed), updatedAt: row.updatedAt.toISOString() };
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

  /** The visitor's public comment on the (locked) ticket and its numbered chat message. */
  private async appendVisitorMessage(tx: Executor, conversation: ChatConversationRow, customerId: string, input: { clientMessageId: string; body: string }): Promise<ChatMessageRow> {
    const { workspaceId } = conversation;
    let ticket = await this.tickets.require(tx, workspaceId, conversation.ticketId, true);
    const comment = await this.comments.createInTransaction(tx, { workspaceId, type: 'customer', customerId }, ticket.id, { body: input.body, isPublic: true, attachmentIds: [], mentionUserIds: [] });
    if (REOPENED_CATEGORIES.has(ticket.statusCategory)) ticket = await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { status: 'open' });
    const seq = await this.repository.takeNextSeq(tx, conversation.id);
    return this.repository.insertMessage(tx, { workspaceId, conversationId: conversation.id, seq, commentId: comment.id, sender: 'visitor', clientMessageId: input.clientMessageId, authorName: null, body: input.body });
  }

  /** After the commit: agents hear `comment.created` through the outbox; the visitor's other tabs get the message. */
  private afterVisitorMessage(visitorId: string, message: ChatMessageRow): void {
    this.outbox.nudge();
    this.broadcast((broadcaster) => broadcaster.toVisitor(visitorId, 'message', presentMessage(message)));
  }

  private async requireVisitorConversation(executor: Executor, visitor: VisitorActor, conversationId: string, forUpdate = false): Promise<ChatConversationRow> {
    const conversation = await this.repository.findVisitorConversation(executor, visitor.workspaceId, visitor.visitorId, conversationId, forUpdate);
    if (!conversation) throw new AppError(ChatErrorCode.ConversationNotFound, 'No such conversation.');
    return conversation;
  }

  private broadcast(send: (broadcaster: ChatBroadcaster) => void): void {
    for (const broadcaster of this.broadcasters) send(broadcaster);
  }
}

function agentPublicCommentOf(event: DomainEvent): (TComment & { ticketId: string }) | undefined {
  if (event.type !== 'comment.created') return undefined;
  const comment = (event.data as { comment?: TComment }).comment;
  if (!comment || !comment.isPublic || comment.authorType !== 'user') return undefined;
  return comment;
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
  return { id: row.id, ticketId: row.ticketId, lastSeq: row.lastSeq, visitorReadSeq: row.visitorReadSeq, agentReadSeq: row.agentReadSeq, createdAt: row.createdAt.toISOString() };
}

export function presentMessage(row: ChatMessageRow): TChatMessage {
  return { id: row.id, conversationId: row.conversationId, seq: row.seq, sender: row.sender, clientMessageId: row.clientMessageId, authorName: row.authorName, body: row.body, createdAt: row.createdAt.toISOString() };
}
