import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import { AppError, MessagingErrorCode, validationError } from '../../../shared/errors.js';
import type { AttachmentsService, ReceivedFile } from '../../attachments/attachments.service.js';
import type { AuditService } from '../../audit/audit.service.js';
import { requireAccess, type Actor } from '../../auth/permissions.js';
import type { CommentsService } from '../../comments/comments.service.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { DomainEvent } from '../../events/events.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { JobContext, JobDefinition } from '../../jobs/jobs.definitions.js';
import type { JobQueue } from '../../jobs/jobs.queue.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { DataKeyService } from '../../workspaces/data-keys.service.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { BotService } from '../../bot/bot.service.js';
import type { ChatService } from '../chat/chat.service.js';
import { defineSendMessagingJob, SEND_MESSAGING_RETRIES, type TSendMessagingPayload } from './messaging.jobs.js';
import type { MessagingChannelRow, MessagingContactRow, MessagingConversationRow, MessagingMessageRow, MessagingRepository } from './messaging.repository.js';
import { MESSAGING_MESSAGE_UPDATED, type TCreateMessagingChannelRequest, type TMessagingChannel, type TTicketMessaging, type TUpdateMessagingChannelRequest } from './messaging.schema.js';
import type { MessagingProvider } from './messaging.tables.js';
import { ProviderError, type FetchedMedia, type InboundEvent, type MessagingAdapter, type WebhookRequest } from './messaging-provider.js';

/** What each provider's tickets are called where a subject is needed and the message gives none. */
const PROVIDER_LABEL: Record<MessagingProvider, string> = { whatsapp: 'WhatsApp', messenger: 'Messenger', telegram: 'Telegram', sms: 'SMS' };
const SUBJECT_CHARACTERS = 120;
/** A customer writing on a ticket that waits on them, or was solved, needs an agent again. */
const REOPENED_CATEGORIES = new Set(['pending', 'on_hold', 'resolved']);
/** A closed ticket is history: the contact's next message starts a new conversation. */
const ENDED_CATEGORIES = new Set(['closed']);
const ZCommentCreatedEvent = z.object({
  ticketId: z.string(),
  comment: z.object({
    id: z.string(),
    isPublic: z.boolean(),
    authorType: z.string(),
    body: z.string(),
    attachments: z.array(z.object({ id: z.string(), filename: z.string() })).default([]),
  }),
});

/** A webhook's own retry of a message already stored: the transaction is rolled back and nothing is written. */
class AlreadyReceived extends Error {}

export interface MessagingOptions {
  retryBaseSeconds: number;
  maxFileBytes: number;
}

/**
 * Messaging apps (WhatsApp, Messenger, Telegram, SMS through Twilio): each connected account is a channel.
 * A verified webhook's messages become customer comments on the contact's open ticket of that channel (a
 * new ticket when there is none), stored once per provider message id before the webhook is answered.
 * Agents' public replies on those tickets are queued in the dispatch transaction of their `comment.created`
 * and sent by a durable job; the provider's receipts move each message's state forward.
 */
export class MessagingService {
  readonly sendJob: JobDefinition<TSendMessagingPayload>;
  /** The bot that answers first when the workspace has it on (set once the services are built). */
  private bot: BotService | undefined;
  private readonly adapters: ReadonlyMap<MessagingProvider, MessagingAdapter>;

  constructor(
    private readonly db: Database,
    private readonly repository: MessagingRepository,
    adapters: MessagingAdapter[],
    private readonly dataKeys: DataKeyService,
    private readonly workspaces: WorkspacesService,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly attachments: AttachmentsService,
    private readonly chat: ChatService,
    private readonly jobs: JobQueue,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly options: MessagingOptions,
  ) {
    this.adapters = new Map(adapters.map((adapter) => [adapter.provider, adapter]));
    this.sendJob = defineSendMessagingJob(options.retryBaseSeconds, (payload, context) => this.send(payload, context));
  }

  // ── Channels, for admins ───────────────────────────────────────────────────────────────────────────

  useBot(bot: BotService): void {
    this.bot = bot;
  }

  async listChannels(actor: Actor): Promise<TMessagingChannel[]> {
    requireAccess(actor, 'settings.manage');
    const rows = await this.repository.listChannels(this.db, actor.workspaceId);
    return Promise.all(rows.map((row) => this.presentChannel(row)));
  }

  async getChannel(actor: Actor, channelId: string): Promise<TMessagingChannel> {
    requireAccess(actor, 'settings.manage');
    return this.presentChannel(await this.requireChannel(actor.workspaceId, channelId));
  }

  /**
   * Connects an account. The provider is asked first where it can check the credentials (Telegram's bot
   * token, and its webhook is registered); `publicBaseUrl` is the address providers will call.
   */
  async createChannel(actor: Actor, input: TCreateMessagingChannelRequest, publicBaseUrl: string): Promise<TMessagingChannel> {
    requireAccess(actor, 'settings.manage');
    const adapter = this.adapterOf(input.provider);
    const id = randomUUID();
    const base = publicBaseUrl.replace(/\/+$/, '');
    let account;
    try {
      account = await adapter.connect(input.settings, webhookUrlOf(base, id), AbortSignal.timeout(30_000));
    } catch (error) {
      if (error instanceof ProviderError) throw new AppError(MessagingErrorCode.ProviderRefused, error.message, [{ path: 'settings', message: error.message }]);
      throw error;
    }
    const row = await this.db.transaction(async (tx) => {
      const inserted = await this.repository.insertChannel(tx, {
        id,
        workspaceId: actor.workspaceId,
        provider: input.provider,
        name: input.name ?? account.defaultName,
        externalId: account.externalId,
        credentialsSealed: await this.dataKeys.seal(actor.workspaceId, JSON.stringify(account.credentials), tx),
        publicBaseUrl: base,
      });
      if (!inserted) throw new AppError(MessagingErrorCode.ChannelTaken, 'This account is connected already.', [{ path: 'settings', message: `${PROVIDER_LABEL[input.provider]} ${account.externalId} is a channel of this workspace already` }]);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'messaging_channel.created', targetType: 'messaging_channel', targetId: id, details: { provider: input.provider, externalId: account.externalId } });
      return inserted;
    });
    return this.presentChannel(row);
  }

  async updateChannel(actor: Actor, channelId: string, changes: TUpdateMessagingChannelRequest): Promise<TMessagingChannel> {
    requireAccess(actor, 'settings.manage');
    await this.requireChannel(actor.workspaceId, channelId);
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repository.updateChannel(tx, actor.workspaceId, channelId, changes);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'messaging_channel.updated', targetType: 'messaging_channel', targetId: channelId, details: { ...changes } });
      return updated!;
    });
    return this.presentChannel(row);
  }

  /** Disconnects an account: its conversations' records go, their tickets and comments stay. */
  async deleteChannel(actor: Actor, channelId: string): Promise<void> {
    requireAccess(actor, 'settings.manage');
    await this.db.transaction(async (tx) => {
      if (!(await this.repository.deleteChannel(tx, actor.workspaceId, channelId))) throw new AppError(MessagingErrorCode.ChannelNotFound, 'No such messaging channel.');
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'messaging_channel.deleted', targetType: 'messaging_channel', targetId: channelId, details: {} });
    });
  }

  /** A ticket's messaging conversation, for agents: the account, the contact, and each message's delivery state. */
  async getForTicket(actor: Actor, ticketIdOrNumber: string): Promise<TTicketMessaging> {
    requireAccess(actor, 'tickets.read');
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const conversation = await this.repository.findConversationOfTicket(this.db, actor.workspaceId, ticket.id);
    if (!conversation) throw new AppError(MessagingErrorCode.ConversationNotFound, 'This ticket did not come from a messaging app.');
    const [channel, contact, messages] = await Promise.all([
      this.repository.findChannel(this.db, actor.workspaceId, conversation.channelId),
      this.repository.findContactById(this.db, actor.workspaceId, conversation.contactId),
      this.repository.listMessages(this.db, actor.workspaceId, conversation.id),
    ]);
    return {
      channel: { id: channel!.id, provider: channel!.provider, name: channel!.name },
      contact: { externalUserId: contact!.externalUserId, displayName: contact!.displayName, lastInboundAt: contact!.lastInboundAt?.toISOString() ?? null },
      messages: messages.map(presentMessage),
    };
  }

  // ── Webhooks, from the providers ───────────────────────────────────────────────────────────────────

  /** Meta's subscription check (GET): the challenge echoed when the verify token is the channel's. */
  async answerChallenge(channelId: string, query: Record<string, unknown>): Promise<string> {
    const { channel, adapter, credentials } = await this.openChannel(channelId);
    const challenge = adapter.answerChallenge?.(credentials, query);
    if (challenge === undefined) throw new AppError(MessagingErrorCode.VerifyTokenMismatch, 'The verify token is not this channel’s.', [{ path: 'hub.verify_token', message: `does not match channel ${channel.id}` }]);
    return challenge;
  }

  /**
   * A provider's webhook: refused unless its signature (or secret token) is the channel's; then every
   * message is stored (once, however often the provider resends it) before the answer.
   */
  async receiveWebhook(channelId: string, request: WebhookRequest): Promise<{ contentType: string; body: string }> {
    const { channel, adapter, credentials } = await this.openChannel(channelId);
    if (!adapter.isAuthentic(credentials, request)) throw new AppError(MessagingErrorCode.SignatureInvalid, 'The webhook signature is not valid for this channel.');
    const events = adapter.parse(credentials, channel.externalId, request);
    let isChanged = false;
    for (const event of events) {
      if (event.kind === 'message') isChanged = (await this.receiveMessage(channel, adapter, credentials, event)) || isChanged;
      else isChanged = (await this.receiveReceipt(channel, event)) || isChanged;
    }
    if (isChanged) this.outbox.nudge();
    return adapter.acknowledgement;
  }

  private async receiveMessage(channel: MessagingChannelRow, adapter: MessagingAdapter, credentials: unknown, event: Extract<InboundEvent, { kind: 'message' }>): Promise<boolean> {
    const { workspaceId } = channel;
    if (await this.repository.findInbound(this.db, channel.id, event.externalMessageId)) return false;
    const known = await this.repository.findContact(this.db, channel.id, event.contact.externalUserId);
    const name = event.contact.name ?? (known?.displayName ? undefined : await adapter.describeContact?.(credentials, event.contact.externalUserId, AbortSignal.timeout(10_000)).catch(() => undefined));
    // Files are fetched and stored before the transaction; they go again if it does not commit.
    const { files, notes } = await this.fetchFiles(workspaceId, adapter, credentials, event);
    // The bot answers first (text only: a file goes to a person), while no ticket is open for the contact.
    const isBotOn = files.length === 0 && this.bot !== undefined && (await this.bot.getPublicPersona(workspaceId)).isEnabled;
    let botTurn: { conversation: MessagingConversationRow; contact: MessagingContactRow; text: string } | undefined;
    try {
      await this.db.transaction(async (tx) => {
        const contact = known ?? (await this.findOrCreateContact(tx, channel, { ...event.contact, name }));
        await this.repository.touchContact(tx, contact.id, { lastInboundAt: event.sentAt, displayName: name });
        const text = [event.text, ...notes].filter(Boolean).join('\n') || files.map((file) => file.filename).join(', ');
        const conversation = await this.conversationFor(tx, channel, contact, text, isBotOn);
        const message = await this.repository.insertMessage(tx, { workspaceId, channelId: channel.id, conversationId: conversation.id, direction: 'inbound', externalMessageId: event.externalMessageId, status: 'received' });
        if (!message) throw new AlreadyReceived();
        if (conversation.ticketId === null) {
          botTurn = { conversation, contact, text };
          return;
        }
        let ticket = await this.tickets.require(tx, workspaceId, conversation.ticketId, true);
        if (files.length > 0) await this.attachments.recordReceivedFiles(tx, workspaceId, files, { ticketId: null, commentId: null }, { type: 'customer', id: contact.customerId });
        const comment = await this.comments.createInTransaction(tx, { workspaceId, type: 'customer', customerId: contact.customerId }, ticket.id, {
          body: text,
          isPublic: true,
          attachmentIds: files.map((file) => file.id),
          mentionUserIds: [],
        });
        if (REOPENED_CATEGORIES.has(ticket.statusCategory)) ticket = await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { status: 'open' });
        await this.repository.updateMessage(tx, workspaceId, message.id, { commentId: comment.id });
      });
    } catch (error) {
      await this.attachments.discardReceivedFiles(files);
      if (error instanceof AlreadyReceived) return false;
      throw error;
    }
    if (botTurn) await this.answerWithBot(channel, botTurn.conversation, botTurn.contact, botTurn.text);
    return true;
  }

  /**
   * The bot's turn, once the customer's message is stored: its answer goes out like a reply (queued, retried);
   * when it hands over, the conversation gets its ticket, with the bot's note (fields and transcript) for the team.
   */
  private async answerWithBot(channel: MessagingChannelRow, conversation: MessagingConversationRow, contact: MessagingContactRow, text: string): Promise<void> {
    const { workspaceId } = channel;
    const customer = await this.customers.require(this.db, workspaceId, contact.customerId);
    const answer = await this.bot!.ask(
      workspaceId,
      { question: text.slice(0, 2000), ...(conversation.botConversationId && { conversationId: conversation.botConversationId }) },
      // Messaging is asynchronous: a handoff is a ticket the team answers when it can, in or out of hours.
      { channel: 'messaging', owner: `messaging-contact:${contact.id}`, known: { name: contact.displayName, email: customer.email }, isTeamAvailable: true },
    );
    await this.db.transaction(async (tx) => {
      await this.repository.setConversationBot(tx, workspaceId, conversation.id, answer.conversationId);
      const message = await this.repository.insertMessage(tx, { workspaceId, channelId: channel.id, conversationId: conversation.id, direction: 'outbound', body: answer.answer, status: 'queued' });
      if (message) {
        const job = await this.jobs.enqueue(this.sendJob, { messageId: message.id }, { workspaceId, idempotencyKey: `messaging-bot:${message.id}`, executor: tx });
        await this.repository.updateMessage(tx, workspaceId, message.id, { jobId: job.jobId });
      }
      if (answer.handoffReady) await this.handOver(tx, channel, { ...conversation, botConversationId: answer.conversationId }, contact);
    });
    this.outbox.nudge();
  }

  /** The bot's conversation becomes the team's: a ticket from the contact's first question, with the bot's note. */
  private async handOver(tx: Executor, channel: MessagingChannelRow, conversation: MessagingConversationRow, contact: MessagingContactRow): Promise<MessagingConversationRow> {
    const { workspaceId } = channel;
    const handoff = conversation.botConversationId ? await this.bot!.handoffNoteOf(workspaceId, conversation.botConversationId, tx) : undefined;
    const customer = await this.customers.require(tx, workspaceId, contact.customerId);
    const text = handoff?.firstQuestion || `${PROVIDER_LABEL[channel.provider]}: ${contact.displayName ?? customer.name}`;
    const ticket = await this.tickets.createInTransaction(
      tx,
      { workspaceId, userId: null },
      { subject: oneLine(text).slice(0, SUBJECT_CHARACTERS), description: text, customerId: contact.customerId, channel: channel.provider, language: handoff?.language ?? (customer.language === 'fr' ? 'fr' : 'en'), tags: ['bot-handoff'] },
      channel.provider,
    );
    if (handoff) {
      await this.comments.createInTransaction(tx, { workspaceId, type: 'system' }, ticket.id, { body: handoff.note, isPublic: false, attachmentIds: [], mentionUserIds: [] });
      await this.bot!.recordTicket(tx, workspaceId, conversation.botConversationId!, ticket.id);
    }
    return this.repository.setConversationTicket(tx, workspaceId, conversation.id, ticket.id);
  }

  /** The contact's conversation this message joins: the latest one unless its ticket is closed; else a new ticket. */
  private async conversationFor(tx: Executor, channel: MessagingChannelRow, contact: MessagingContactRow, text: string, isBotOn: boolean): Promise<MessagingConversationRow> {
    const latest = await this.repository.findLatestConversation(tx, contact.id);
    // With the bot still answering: its conversation goes on, or (a file, the bot turned off) goes to the team now.
    if (latest && latest.ticketId === null) return isBotOn ? latest : this.handOver(tx, channel, latest, contact);
    if (latest?.ticketId) {
      const ticket = await this.tickets.require(tx, channel.workspaceId, latest.ticketId).catch(() => undefined);
      if (ticket && !ENDED_CATEGORIES.has(ticket.statusCategory) && ticket.mergedIntoId === null) return latest;
    }
    if (isBotOn) return this.repository.insertConversation(tx, { workspaceId: channel.workspaceId, channelId: channel.id, contactId: contact.id, ticketId: null });
    const customer = await this.customers.require(tx, channel.workspaceId, contact.customerId);
    const subject = oneLine(text).slice(0, SUBJECT_CHARACTERS) || `${PROVIDER_LABEL[channel.provider]}: ${contact.displayName ?? customer.name}`;
    const ticket = await this.tickets.createInTransaction(
      tx,
      { workspaceId: channel.workspaceId, userId: null },
      { subject, description: text, customerId: contact.customerId, channel: channel.provider, language: customer.language === 'fr' ? 'fr' : 'en' },
      channel.provider,
    );
    return this.repository.insertConversation(tx, { workspaceId: channel.workspaceId, channelId: channel.id, contactId: contact.id, ticketId: ticket.id });
  }

  /** A new contact's customer: the one with their phone number when the provider gives one, else a new customer. */
  private async findOrCreateContact(tx: Executor, channel: MessagingChannelRow, person: { externalUserId: string; name?: string | undefined; phone?: string | undefined; language?: 'en' | 'fr' | undefined }): Promise<MessagingContactRow> {
    // Two first messages of one person at once: the second waits here, then finds the contact the first made.
    await this.repository.lockChannel(tx, channel.id);
    const existing = await this.repository.findContact(tx, channel.id, person.externalUserId);
    if (existing) return existing;
    const workspace = await this.workspaces.get(channel.workspaceId, tx);
    const byPhone = person.phone ? await this.customers.findByPhone(tx, channel.workspaceId, person.phone) : undefined;
    const customer =
      byPhone ??
      (await this.customers.createInTransaction(tx, channel.workspaceId, {
        name: person.name ?? person.phone ?? `${PROVIDER_LABEL[channel.provider]} ${person.externalUserId}`,
        ...(person.phone ? { phone: person.phone } : {}),
        language: person.language ?? (workspace.defaultLanguage === 'fr' ? 'fr' : 'en'),
      }));
    return this.repository.insertContact(tx, { workspaceId: channel.workspaceId, channelId: channel.id, externalUserId: person.externalUserId, customerId: customer.id, displayName: person.name ?? null });
  }

  /** The message's files, stored; a file the provider would not give, or too large, becomes a note in the text. */
  private async fetchFiles(workspaceId: string, adapter: MessagingAdapter, credentials: unknown, event: Extract<InboundEvent, { kind: 'message' }>): Promise<{ files: ReceivedFile[]; notes: string[] }> {
    const files: ReceivedFile[] = [];
    const notes: string[] = [];
    for (const media of event.media) {
      let fetched: FetchedMedia;
      try {
        fetched = await adapter.fetchMedia(credentials, media, AbortSignal.timeout(30_000));
      } catch (error) {
        notes.push(`[${media.filename ?? 'file'}: ${(error as Error).message}]`);
        continue;
      }
      if (fetched.content.length > this.options.maxFileBytes) {
        notes.push(`[${fetched.filename ?? media.filename ?? 'file'}: over the ${Math.round(this.options.maxFileBytes / 1024 / 1024)} MB limit, not kept]`);
        continue;
      }
      files.push(await this.attachments.storeReceivedFile(workspaceId, { filename: fetched.filename ?? media.filename ?? defaultFilename(fetched.contentType), contentType: fetched.contentType, content: fetched.content }));
    }
    return { files, notes };
  }

  private async receiveReceipt(channel: MessagingChannelRow, event: Exclude<InboundEvent, { kind: 'message' }>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      let changed: MessagingMessageRow[] = [];
      if (event.kind === 'status') {
        const row = await this.repository.advanceOutbound(tx, channel.id, event.externalMessageId, event.status, event.status === 'failed' ? (event.error ?? 'The provider could not deliver the message.') : null, event.details ?? {});
        changed = row ? [row] : [];
      } else {
        const contact = await this.repository.findContact(tx, channel.id, event.externalUserId);
        if (contact) changed = await this.repository.advanceOutboundUpTo(tx, contact.id, event.status, event.upTo);
      }
      for (const row of changed) await this.announce(tx, row);
      return changed.length > 0;
    });
  }

  // ── Replies, out to the providers ──────────────────────────────────────────────────────────────────

  /**
   * Durable listener of dispatched events: a public reply (staff, or a rule) on a messaging ticket is queued
   * for its channel, in the dispatch transaction (so it is queued exactly once). Notes never leave.
   */
  async queueReplies(events: DomainEvent[], tx: Executor): Promise<void> {
    for (const event of events) {
      if (event.type !== 'comment.created') continue;
      const parsed = ZCommentCreatedEvent.safeParse(event.data);
      if (!parsed.success || !parsed.data.comment.isPublic || parsed.data.comment.authorType === 'customer') continue;
      const { comment } = parsed.data;
      const conversation = await this.repository.findConversationOfTicket(tx, event.workspaceId, parsed.data.ticketId);
      if (!conversation || (await this.repository.findByComment(tx, event.workspaceId, comment.id))) continue;
      const channel = await this.repository.findChannel(tx, event.workspaceId, conversation.channelId);
      if (!channel) continue;
      const body = await this.composeReply(tx, channel, comment);
      const message = await this.repository.insertMessage(tx, { workspaceId: event.workspaceId, channelId: channel.id, conversationId: conversation.id, direction: 'outbound', commentId: comment.id, body, status: 'queued' });
      if (!message) continue;
      const job = await this.jobs.enqueue(this.sendJob, { messageId: message.id }, { workspaceId: event.workspaceId, idempotencyKey: `messaging-reply:${comment.id}`, executor: tx });
      await this.announce(tx, await this.repository.updateMessage(tx, event.workspaceId, message.id, { jobId: job.jobId }));
    }
  }

  /** The reply's text, then a link to each of its files (messaging apps get text; the link opens the file). */
  private async composeReply(tx: Executor, channel: MessagingChannelRow, comment: z.infer<typeof ZCommentCreatedEvent>['comment']): Promise<string> {
    if (comment.attachments.length === 0) return comment.body;
    const workspace = await this.workspaces.get(channel.workspaceId, tx);
    const links = comment.attachments.map((file) => `${file.filename}: ${this.chat.signedFileUrl(channel.publicBaseUrl, workspace, file.id)}`);
    return [comment.body, ...links].join('\n');
  }

  private async send({ messageId }: TSendMessagingPayload, context: JobContext): Promise<void> {
    const { workspaceId } = context;
    const message = await this.repository.findMessage(this.db, workspaceId, messageId);
    // Sent already (an attempt whose answer was lost after it was stored), or settled: never twice.
    if (!message || message.status !== 'queued' || message.direction !== 'outbound') return;
    const conversation = await this.repository.findConversation(this.db, workspaceId, message.conversationId);
    const channel = conversation ? await this.repository.findChannel(this.db, workspaceId, conversation.channelId) : undefined;
    const contact = conversation ? await this.repository.findContactById(this.db, workspaceId, conversation.contactId) : undefined;
    if (!channel || !contact) return this.settle(message, { status: 'failed', error: 'The channel or the contact no longer exists.' });
    if (!channel.isActive) return this.settle(message, { status: 'failed', error: 'The channel is inactive.' });
    const adapter = this.adapterOf(channel.provider);
    const credentials = await this.credentialsOf(channel);
    const parts = splitText(message.body ?? '', adapter.maxTextLength);
    // Long replies go in parts; the parts already sent are remembered, so a retry sends only the rest.
    const sentIds = ((message.details as { parts?: string[] }).parts ?? []).slice();
    try {
      for (let index = sentIds.length; index < parts.length; index += 1) {
        const sent = await adapter.send(credentials, { externalUserId: contact.externalUserId, lastInboundAt: contact.lastInboundAt }, parts[index]!, { signal: context.signal, idempotencyKey: `${message.id}:${index}`, now: this.clock.now() });
        sentIds.push(sent.externalMessageId);
        await this.repository.updateMessage(this.db, workspaceId, message.id, { externalMessageId: sentIds[0]!, details: { ...message.details, ...sent.details, parts: sentIds } });
      }
    } catch (error) {
      const failure = error instanceof ProviderError ? error : new ProviderError((error as Error).message, false);
      const isLastAttempt = context.attempt > SEND_MESSAGING_RETRIES;
      await this.settle({ ...message, details: { ...message.details, parts: sentIds } }, { status: failure.isPermanent || isLastAttempt ? 'failed' : 'queued', error: failure.message, details: failure.details });
      if (failure.isPermanent) return;
      throw error;
    }
    await this.settle({ ...message, details: { ...message.details, parts: sentIds } }, { status: 'sent', error: null, sentAt: this.clock.now(), externalMessageId: sentIds[0] ?? null });
  }

  private async settle(message: MessagingMessageRow, changes: { status: MessagingMessageRow['status']; error: string | null; sentAt?: Date; externalMessageId?: string | null; details?: Record<string, unknown> }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await this.repository.updateMessage(tx, message.workspaceId, message.id, { ...changes, details: { ...message.details, ...changes.details } });
      await this.announce(tx, row);
    });
    this.outbox.nudge();
  }

  /** `messaging.message_updated`: the ticket's timeline (and webhooks) learn each change of a message's state. */
  private async announce(tx: Executor, row: MessagingMessageRow): Promise<void> {
    const conversation = await this.repository.findConversation(tx, row.workspaceId, row.conversationId);
    await this.outbox.record(tx, row.workspaceId, MESSAGING_MESSAGE_UPDATED, { ticketId: conversation?.ticketId ?? null, commentId: row.commentId, message: presentMessage(row) });
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────────────────

  private adapterOf(provider: MessagingProvider): MessagingAdapter {
    const adapter = this.adapters.get(provider);
    if (!adapter) throw validationError('provider', `unknown provider ${provider}`);
    return adapter;
  }

  private async requireChannel(workspaceId: string, channelId: string): Promise<MessagingChannelRow> {
    const row = await this.repository.findChannel(this.db, workspaceId, channelId);
    if (!row) throw new AppError(MessagingErrorCode.ChannelNotFound, 'No such messaging channel.');
    return row;
  }

  /** An active channel named by a webhook, with its adapter and opened credentials. */
  private async openChannel(channelId: string) {
    const channel = z.uuid().safeParse(channelId).success ? await this.repository.findChannelById(this.db, channelId) : undefined;
    if (!channel || !channel.isActive) throw new AppError(MessagingErrorCode.ChannelNotFound, 'No such messaging channel.');
    const adapter = this.adapterOf(channel.provider);
    const credentials = await this.credentialsOf(channel);
    return { channel, adapter, credentials };
  }

  /** The channel's sealed credentials, opened with its workspace's data key (their shape is its adapter's). */
  private async credentialsOf(channel: MessagingChannelRow): Promise<unknown> {
    return JSON.parse(await this.dataKeys.open(channel.workspaceId, channel.credentialsSealed)) as unknown;
  }

  private async presentChannel(row: MessagingChannelRow): Promise<TMessagingChannel> {
    const credentials = await this.credentialsOf(row);
    return {
      id: row.id,
      provider: row.provider,
      name: row.name,
      externalId: row.externalId,
      isActive: row.isActive,
      webhookUrl: webhookUrlOf(row.publicBaseUrl, row.id),
      settings: this.adapterOf(row.provider).describe(credentials),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export function webhookUrlOf(publicBaseUrl: string, channelId: string): string {
  return `${publicBaseUrl}/api/v1/messaging/webhooks/${channelId}`;
}

function presentMessage(row: MessagingMessageRow): TTicketMessaging['messages'][number] {
  return {
    id: row.id,
    commentId: row.commentId,
    direction: row.direction,
    status: row.status,
    error: row.error,
    externalMessageId: row.externalMessageId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Parts of at most `limit` characters (code points), cut at a line break or a space when one is near the end. */
export function splitText(text: string, limit: number): string[] {
  const characters = Array.from(text);
  if (characters.length <= limit) return [text];
  const parts: string[] = [];
  let start = 0;
  while (start < characters.length) {
    let end = Math.min(start + limit, characters.length);
    if (end < characters.length) {
      const window = characters.slice(start, end);
      const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
      if (breakAt > limit * 0.6) end = start + breakAt + 1;
    }
    const part = characters.slice(start, end).join('').trim();
    if (part) parts.push(part);
    start = end;
  }
  return parts;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function defaultFilename(contentType: string): string {
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf', 'audio/ogg': 'ogg', 'video/mp4': 'mp4' }[contentType];
  return extension ? `file.${extension}` : 'file';
}
