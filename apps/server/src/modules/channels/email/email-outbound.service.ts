import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import { AppError, CommonErrorCode } from '../../../shared/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { requireAccess, type Actor } from '../../auth/permissions.js';
import type { TCommentEmailDelivery } from '../../comments/comments.schema.js';
import type { CommentsRepository } from '../../comments/comments.repository.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { CustomerRow } from '../../customers/customers.repository.js';
import type { DomainEvent } from '../../events/events.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { JobContext, JobDefinition } from '../../jobs/jobs.definitions.js';
import type { JobQueue } from '../../jobs/jobs.queue.js';
import type { SatisfactionService } from '../../satisfaction/satisfaction.service.js';
import type { TicketRow } from '../../tickets/tickets.repository.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { UsersRepository } from '../../users/users.repository.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import { DEFAULT_BUSINESS_HOURS, isWithinBusinessHours } from './email-outbound.business-hours.js';
import { defineSendEmailJob, SEND_EMAIL_RETRIES, type TSendEmailPayload } from './email-outbound.jobs.js';
import { describeSendFailure, type Mailer, type OutgoingMail } from './email-outbound.mailer.js';
import type { DeliveryWithBounce, EmailDeliveryRow, EmailOutboundRepository, EmailOutboundSettingsRow, RecordedEmailMessage } from './email-outbound.repository.js';
import {
  NOT_SENT_NO_SMTP,
  type DeliveryStatus,
  type TEmailDelivery,
  type TEmailOutboundSettings,
  type TEmailTemplate,
  type TEmailTemplatePreview,
  type TPreviewEmailTemplateRequest,
  type TPutEmailTemplateRequest,
  type TUpdateEmailOutboundSettingsRequest,
} from './email-outbound.schema.js';
import {
  DEFAULT_ACCENT_COLOR,
  DEFAULT_FOOTERS,
  DEFAULT_TEMPLATES,
  EMAIL_LANGUAGES,
  EMAIL_TEMPLATE_KINDS,
  PREVIEW_SAMPLES,
  VARIABLES_OF_KIND,
  type EmailLanguage,
  type EmailTemplateKind,
  type EmailTemplateText,
} from './email-templates.defaults.js';
import { checkTemplate, renderEmail, type TemplateValues } from './email-templates.render.js';
import type { EmailService } from './email.service.js';

/**
 * Channels whose replies go back through the channel itself (a chat window, a messaging app) rather than by
 * email. Every other ticket whose requester has an address gets each public agent reply by email, as help desks
 * usually do: email, web form, API and phone tickets alike.
 */
const CHANNELS_REPLYING_ELSEWHERE = new Set(['chat', 'messaging', 'social', 'whatsapp', 'messenger', 'telegram', 'sms']);

/** A transcript lists at most this many messages (a chat of a few hours, not a year of history). */
const TRANSCRIPT_MAX_MESSAGES = 500;

/** The most Message-IDs a References header lists: the first of the thread and the latest ones. */
const MAX_REFERENCES = 20;

/** States an attempt never changes again. */
const FINAL_STATUSES = new Set<string>(['sent', 'failed', 'bounced', 'disabled']);

const ZCommentCreatedEvent = z.object({
  ticketId: z.string(),
  comment: z.object({ id: z.string(), isPublic: z.boolean(), authorType: z.string(), authorUserId: z.string().nullable() }),
});
const ZTicketEvent = z.object({ ticket: z.object({ id: z.string(), channel: z.string(), customerId: z.string().nullable(), resolvedAt: z.string().nullable().optional() }) });

export interface EmailOutboundOptions {
  mailDomain: string;
  retryBaseSeconds: number;
}

/** Where an NPS survey's link comes from (the survey module, which queues its email through this service). */
export interface NpsSurveyLinks {
  findLink(executor: Executor, workspaceId: string, surveyId: string): Promise<string | undefined>;
  urlOf(link: { workspaceId: string; surveyId: string; expiresAt: Date; language: EmailLanguage }): string;
}

/** Whether a customer wants an email of this kind (the customer portal's preferences; without an account, yes). */
export interface CustomerEmailPreferences {
  isEmailWanted(executor: Executor, workspaceId: string, customerId: string, kind: 'reply' | 'resolved'): Promise<boolean>;
}

/** The delivery of an NPS survey says which survey it carries: `nps:<survey id>`. */
const NPS_SOURCE_PREFIX = 'nps:';

interface Settings {
  accentColor: string;
  footers: Record<EmailLanguage, string>;
  isAutoAcknowledgementEnabled: boolean;
  isResolvedNotificationEnabled: boolean;
  businessHours: EmailOutboundSettingsRow['businessHours'];
  timeZone: string | null;
}

/**
 * The outbound half of the email channel: agent replies, auto-acknowledgements and resolved notifications go to
 * the customer by email. Events queue a delivery and its send job in the transaction that dispatches them; the
 * job renders the workspace's template in the customer's language, records the message in the ticket's thread
 * (its Message-ID fixed before the first attempt), and hands it to the SMTP server, retrying temporary failures.
 * Every state is stored on the delivery and announced (`email.delivery_updated`), so nothing fails silently.
 */
export class EmailOutboundService {
  readonly sendJob: JobDefinition<TSendEmailPayload>;
  private npsLinks: NpsSurveyLinks | undefined;
  private customerPreferences: CustomerEmailPreferences | undefined;

  constructor(
    private readonly db: Database,
    private readonly repository: EmailOutboundRepository,
    private readonly email: EmailService,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly workspaces: WorkspacesService,
    private readonly usersRepository: UsersRepository,
    private readonly commentsRepository: CommentsRepository,
    private readonly satisfaction: SatisfactionService,
    private readonly jobs: JobQueue,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Undefined without SMTP_URL: nothing is sent, and deliveries say so. */
    private readonly mailer: Mailer | undefined,
    private readonly options: EmailOutboundOptions,
  ) {
    this.sendJob = defineSendEmailJob(options.retryBaseSeconds, (payload, context) => this.send(payload, context));
  }

  /** The survey module, once built: it fills `{{nps.url}}` of the survey emails it queues here. */
  useNpsLinks(links: NpsSurveyLinks): void {
    this.npsLinks = links;
  }

  /** The customer portal, once built: customers who turned off reply or solved emails get none. */
  useCustomerPreferences(preferences: CustomerEmailPreferences): void {
    this.customerPreferences = preferences;
  }

  get isSendingEnabled(): boolean {
    return this.mailer !== undefined;
  }

  // ─── Queueing, in the dispatch transaction ──────────────────────────────────────────────────────────────

  /**
   * A durable listener of dispatched events: queues the emails they call for. Runs in the dispatch
   * transaction, so a delivery and its job exist exactly when the event is marked dispatched. Internal notes,
   * customers' own messages and tickets without an address queue nothing.
   */
  async queueForEvents(events: DomainEvent[], tx: Executor): Promise<void> {
    for (const event of events) {
      if (event.type === 'comment.created') await this.queueReply(tx, event);
      else if (event.type === 'ticket.created') await this.queueAcknowledgement(tx, event);
      else if (event.type === 'ticket.resolved') await this.queueResolvedNotification(tx, event);
    }
  }

  private async queueReply(tx: Executor, event: DomainEvent): Promise<void> {
    const parsed = ZCommentCreatedEvent.safeParse(event.data);
    if (!parsed.success) return;
    const { comment } = parsed.data;
    // Never an internal note, and never the customer's own message back to them; staff and rules' replies go out.
    if (!comment.isPublic || comment.authorType === 'customer') return;
    const target = await this.findRecipient(tx, event.workspaceId, parsed.data.ticketId);
    if (!target || CHANNELS_REPLYING_ELSEWHERE.has(target.ticket.channel)) return;
    if (this.customerPreferences && !(await this.customerPreferences.isEmailWanted(tx, event.workspaceId, target.customer.id, 'reply'))) return;
    await this.queueDelivery(tx, { workspaceId: event.workspaceId, kind: 'reply', sourceKey: comment.id, commentId: comment.id, ...target });
  }

  private async queueAcknowledgement(tx: Executor, event: DomainEvent): Promise<void> {
    const parsed = ZTicketEvent.safeParse(event.data);
    if (!parsed.success || parsed.data.ticket.channel !== 'email') return;
    const settings = await this.settingsOf(tx, event.workspaceId);
    if (!settings.isAutoAcknowledgementEnabled) return;
    const target = await this.findRecipient(tx, event.workspaceId, parsed.data.ticket.id);
    if (!target) return;
    const timeZone = settings.timeZone ?? (await this.workspaces.get(event.workspaceId, tx)).timeZone;
    const isOpen = isWithinBusinessHours(event.createdAt, settings.businessHours, timeZone);
    await this.queueDelivery(tx, {
      workspaceId: event.workspaceId,
      kind: isOpen ? 'auto_acknowledgement' : 'auto_acknowledgement_outside_hours',
      sourceKey: `acknowledgement:${target.ticket.id}`,
      commentId: null,
      ...target,
    });
  }

  private async queueResolvedNotification(tx: Executor, event: DomainEvent): Promise<void> {
    const parsed = ZTicketEvent.safeParse(event.data);
    if (!parsed.success) return;
    const settings = await this.settingsOf(tx, event.workspaceId);
    if (!settings.isResolvedNotificationEnabled) return;
    const target = await this.findRecipient(tx, event.workspaceId, parsed.data.ticket.id);
    if (!target || CHANNELS_REPLYING_ELSEWHERE.has(target.ticket.channel)) return;
    if (this.customerPreferences && !(await this.customerPreferences.isEmailWanted(tx, event.workspaceId, target.customer.id, 'resolved'))) return;
    await this.satisfaction.offer(tx, { workspaceId: event.workspaceId, ticketId: target.ticket.id, customerId: target.customer.id, language: target.language, offeredAt: event.createdAt });
    await this.queueDelivery(tx, {
      workspaceId: event.workspaceId,
      kind: 'resolved',
      sourceKey: `resolved:${target.ticket.id}:${parsed.data.ticket.resolvedAt ?? event.id}`,
      commentId: null,
      ...target,
    });
  }

  /**
   * A chat's transcript, asked for by the visitor, to the address they gave (or their customer's), queued in
   * the caller's transaction. Asked again with nothing new said, it is the same email, queued once.
   */
  async queueChatTranscript(tx: Executor, request: { workspaceId: string; ticketId: string; recipient: string; sourceKey: string }): Promise<{ status: 'queued' | 'disabled' }> {
    const ticket = await this.tickets.require(tx, request.workspaceId, request.ticketId);
    const customer = ticket.customerId ? await this.customers.require(tx, request.workspaceId, ticket.customerId) : undefined;
    if (!customer) throw new AppError(CommonErrorCode.ValidationFailed, 'The request is not valid.', [{ path: 'conversationId', message: 'the chat has no customer to send it to' }]);
    await this.queueDelivery(tx, { workspaceId: request.workspaceId, kind: 'chat_transcript', sourceKey: request.sourceKey, commentId: null, ticket, customer, language: languageOf(customer.language ?? ticket.language), recipient: request.recipient });
    return { status: this.mailer ? 'queued' : 'disabled' };
  }

  /**
   * An NPS survey's email to the requester of the resolved ticket that made them eligible, queued in the caller's
   * transaction; it is recorded in that ticket's thread, so a reply to it reaches the team there.
   */
  async queueNpsSurvey(tx: Executor, survey: { workspaceId: string; ticketId: string; surveyId: string }): Promise<void> {
    const target = await this.findRecipient(tx, survey.workspaceId, survey.ticketId);
    if (!target) return;
    await this.queueDelivery(tx, { workspaceId: survey.workspaceId, kind: 'nps_survey', sourceKey: `${NPS_SOURCE_PREFIX}${survey.surveyId}`, commentId: null, ...target });
  }

  /** Whether the business hours of outgoing mail (in their time zone, else the workspace's) hold this instant. */
  async isWithinBusinessHours(executor: Executor, workspaceId: string, at: Date): Promise<boolean> {
    const settings = await this.settingsOf(executor, workspaceId);
    const timeZone = settings.timeZone ?? (await this.workspaces.get(workspaceId, executor)).timeZone;
    return isWithinBusinessHours(at, settings.businessHours, timeZone);
  }

  /** The ticket and its requester's address, when it still exists and the requester has one. */
  private async findRecipient(tx: Executor, workspaceId: string, ticketId: string): Promise<{ ticket: TicketRow; customer: CustomerRow; language: EmailLanguage } | undefined> {
    const ticket = await this.tickets.require(tx, workspaceId, ticketId).catch(ignoreNotFound);
    if (!ticket?.customerId) return undefined;
    const customer = await this.customers.require(tx, workspaceId, ticket.customerId).catch(ignoreNotFound);
    if (!customer?.email) return undefined;
    return { ticket, customer, language: languageOf(customer.language ?? ticket.language) };
  }

  private async queueDelivery(
    tx: Executor,
    delivery: { workspaceId: string; kind: EmailTemplateKind; sourceKey: string; commentId: string | null; ticket: TicketRow; customer: CustomerRow; language: EmailLanguage; recipient?: string },
  ): Promise<void> {
    const isEnabled = this.mailer !== undefined;
    const row = await this.repository.insertDelivery(tx, {
      workspaceId: delivery.workspaceId,
      ticketId: delivery.ticket.id,
      commentId: delivery.commentId,
      kind: delivery.kind,
      sourceKey: delivery.sourceKey,
      // Chosen now and never again: every attempt, and the thread record, carry this one.
      messageId: `${randomUUID()}@${this.options.mailDomain}`,
      recipient: delivery.recipient ?? delivery.customer.email!,
      language: delivery.language,
      status: isEnabled ? 'queued' : 'disabled',
      lastError: isEnabled ? null : NOT_SENT_NO_SMTP,
    });
    if (!row) return;
    let updated = row;
    if (isEnabled) {
      const job = await this.jobs.enqueue(this.sendJob, { deliveryId: row.id }, { workspaceId: delivery.workspaceId, idempotencyKey: delivery.sourceKey, executor: tx });
      updated = await this.repository.updateDelivery(tx, delivery.workspaceId, row.id, { jobId: job.jobId });
    }
    await this.announce(tx, { ...updated, isBounced: false, bounceDiagnostic: null });
  }

  // ─── Sending, in the job ────────────────────────────────────────────────────────────────────────────────

  private async send({ deliveryId }: TSendEmailPayload, context: JobContext): Promise<void> {
    const { workspaceId } = context;
    const delivery = await this.repository.findDelivery(this.db, workspaceId, deliveryId);
    // Sent already (an attempt that ended after the server took it), or settled otherwise: never twice.
    if (!delivery || FINAL_STATUSES.has(delivery.status)) return;
    if (!this.mailer) {
      await this.settle(delivery, { status: 'disabled', lastError: NOT_SENT_NO_SMTP });
      return;
    }
    const attempted = await this.repository.updateDelivery(this.db, workspaceId, delivery.id, { attempts: context.attempt });
    let message: RecordedEmailMessage | undefined;
    try {
      message = await this.recordedMessageOf(delivery);
      if (!message) {
        await this.settle(attempted, { status: 'failed', lastError: 'Nothing to send: the reply or its ticket no longer exists.' });
        return;
      }
      await this.mailer.send(await this.outgoingMailOf(delivery, message), context.signal);
    } catch (error) {
      // Whatever stopped this attempt (the server's answer, the network, rendering) is stored on the delivery.
      const failure = describeSendFailure(error);
      const isLastAttempt = context.attempt > SEND_EMAIL_RETRIES;
      if (failure.isPermanent || isLastAttempt) {
        await this.settle(attempted, { status: 'failed', lastError: failure.message }, message?.id);
        // A refusal for good is final: retrying would only be refused again.
        if (failure.isPermanent) return;
      } else {
        await this.settle(attempted, { status: 'queued', lastError: failure.message });
      }
      throw error;
    }
    await this.settle(attempted, { status: 'sent', lastError: null, sentAt: this.clock.now() }, message.id);
  }

  /**
   * The message as recorded in the ticket's thread. The first attempt renders and records it (with the
   * delivery's Message-ID) before anything is sent; later attempts send exactly that record again.
   */
  private async recordedMessageOf(delivery: EmailDeliveryRow): Promise<RecordedEmailMessage | undefined> {
    if (delivery.emailMessageId) {
      const recorded = await this.repository.findEmailMessage(this.db, delivery.workspaceId, delivery.emailMessageId);
      if (recorded) return recorded;
    }
    const composed = await this.compose(delivery);
    if (!composed) return undefined;
    return this.db.transaction(async (tx) => {
      const id = await this.email.recordOutboundMessage(tx, composed);
      await this.repository.updateDelivery(tx, delivery.workspaceId, delivery.id, { emailMessageId: id });
      return this.repository.findEmailMessage(tx, delivery.workspaceId, id);
    });
  }

  private async compose(delivery: EmailDeliveryRow) {
    const { workspaceId } = delivery;
    const ticket = await this.tickets.require(this.db, workspaceId, delivery.ticketId).catch(ignoreNotFound);
    if (!ticket) return undefined;
    const customer = ticket.customerId ? await this.customers.require(this.db, workspaceId, ticket.customerId).catch(ignoreNotFound) : undefined;
    const workspace = await this.workspaces.get(workspaceId);
    const kind = delivery.kind as EmailTemplateKind;
    const language = languageOf(delivery.language);
    const values: TemplateValues = {
      'ticket.number': String(ticket.number),
      'ticket.subject': ticket.subject,
      'customer.name': customer?.name ?? '',
      'workspace.name': workspace.name,
    };
    let senderName = workspace.name;
    if (kind === 'reply') {
      const comment = delivery.commentId
        ? await this.db.transaction((tx) => this.commentsRepository.findById(tx, workspaceId, ticket.id, delivery.commentId!))
        : undefined;
      if (!comment) return undefined;
      const agent = comment.authorUserId ? await this.usersRepository.findById(this.db, workspaceId, comment.authorUserId) : undefined;
      values['reply.body'] = comment.body;
      values['agent.name'] = agent?.name ?? '';
      if (agent) senderName = `${agent.name} (${workspace.name})`;
    }
    if (kind === 'resolved') {
      const assignee = ticket.assigneeId ? await this.usersRepository.findById(this.db, workspaceId, ticket.assigneeId) : undefined;
      values['agent.name'] = assignee?.name ?? '';
      values['satisfaction.url'] = (await this.satisfaction.findLink(this.db, workspaceId, ticket.id)) ?? '';
    }
    if (kind === 'chat_transcript') values['transcript.body'] = await this.transcriptOf(workspaceId, ticket, customer, workspace.timeZone, language);
    if (kind === 'nps_survey') {
      const link = delivery.sourceKey.startsWith(NPS_SOURCE_PREFIX) ? await this.npsLinks?.findLink(this.db, workspaceId, delivery.sourceKey.slice(NPS_SOURCE_PREFIX.length)) : undefined;
      // A survey removed since (its customer deleted): nothing worth sending.
      if (!link) return undefined;
      values['nps.url'] = link;
    }
    const settings = await this.settingsOf(this.db, workspaceId);
    const template = await this.templateOf(this.db, workspaceId, kind, language);
    const rendered = renderEmail({ template, footer: settings.footers[language], language, accentColor: settings.accentColor, workspaceName: workspace.name, ticketNumber: ticket.number, values });

    const ownAddresses = new Set(await this.email.listAddressesOf(workspaceId));
    // A transcript is the visitor's own copy, a survey asks the customer alone: nobody else is in copy.
    const isForCustomerAlone = kind === 'chat_transcript' || kind === 'nps_survey';
    const collaborators = isForCustomerAlone ? [] : await this.repository.listCollaboratorEmails(this.db, workspaceId, ticket.id);
    const cc = collaborators.filter(
      (address, index, all) => address !== delivery.recipient && !ownAddresses.has(address) && all.indexOf(address) === index,
    );
    // A survey is a message of its own, not one more in the ticket's conversation.
    const thread = kind === 'nps_survey' ? { inReplyTo: null, references: [] } : await this.threadOf(workspaceId, ticket.id, delivery.messageId);
    return {
      workspaceId,
      ticketId: ticket.id,
      commentId: delivery.commentId,
      messageId: delivery.messageId,
      from: { address: this.email.defaultAddressOf(workspace.slug), name: senderName },
      to: [{ address: delivery.recipient, name: customer?.email === delivery.recipient ? customer.name : null }],
      cc: cc.map((address) => ({ address, name: null })),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
    };
  }

  /** The chat's public messages, oldest first, one line each: time (the workspace's zone), who, what; files named. */
  private async transcriptOf(workspaceId: string, ticket: TicketRow, customer: CustomerRow | undefined, timeZone: string, language: EmailLanguage): Promise<string> {
    const messages = await this.commentsRepository.listForTicket(this.db, workspaceId, ticket.id, { limit: TRANSCRIPT_MAX_MESSAGES, visibility: 'public' });
    const names = new Map<string, string>();
    for (const authorId of new Set(messages.flatMap((message) => (message.authorUserId ? [message.authorUserId] : [])))) {
      const agent = await this.usersRepository.findById(this.db, workspaceId, authorId);
      names.set(authorId, agent?.name ?? '');
    }
    const time = new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const separator = language === 'fr' ? ' : ' : ': ';
    return messages
      .map((message) => {
        const who = message.authorUserId ? (names.get(message.authorUserId) ?? '') : message.authorCustomerId ? (customer?.name ?? '') : '';
        return `${time.format(message.createdAt)} ${who}${separator}${message.body}`;
      })
      .join('\n');
  }

  /**
   * In-Reply-To: the customer's latest message (or, on a ticket that never had one, our previous email).
   * References: that message's own chain, then the ticket's thread oldest first, so every mail program files
   * the email with the conversation.
   */
  private async threadOf(workspaceId: string, ticketId: string, ownMessageId: string): Promise<{ inReplyTo: string | null; references: string[] }> {
    const lastInbound = await this.repository.findLastInbound(this.db, workspaceId, ticketId);
    const thread = await this.email.threadMessageIds(workspaceId, ticketId);
    const chain = [...new Set([...(lastInbound?.references ?? []), ...(lastInbound?.inReplyTo ? [lastInbound.inReplyTo] : []), ...thread])].filter((id) => id !== ownMessageId);
    const references = chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
    return { inReplyTo: lastInbound?.messageId ?? references.at(-1) ?? null, references };
  }

  private async outgoingMailOf(delivery: EmailDeliveryRow, message: RecordedEmailMessage): Promise<OutgoingMail> {
    const ticket = await this.tickets.require(this.db, delivery.workspaceId, delivery.ticketId);
    const isAutomatic = delivery.kind !== 'reply';
    return {
      from: { address: message.fromAddress, name: message.fromName },
      to: message.toAddresses,
      cc: message.ccAddresses,
      replyTo: await this.email.replyAddressFor(delivery.workspaceId, ticket.id, ticket.number),
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody ?? '',
      messageId: message.messageId,
      inReplyTo: message.inReplyTo,
      references: message.references,
      // Machine-made mail says so (RFC 3834), so that other systems' auto-responders do not answer it and loop.
      headers: {
        'X-Switchboard-Ticket': String(ticket.number),
        ...(isAutomatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {}),
      },
      returnPath: message.fromAddress,
    };
  }

  /** Stores a new state of the delivery (and of its thread record) and announces it, in one transaction. */
  private async settle(delivery: EmailDeliveryRow, change: { status: DeliveryStatus; lastError: string | null; sentAt?: Date }, emailMessageId?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const updated = await this.repository.updateDelivery(tx, delivery.workspaceId, delivery.id, change);
      if (emailMessageId && change.status === 'sent') await this.repository.markMessageSent(tx, delivery.workspaceId, emailMessageId, change.sentAt!);
      if (emailMessageId && change.status === 'failed') await this.repository.markMessageFailed(tx, delivery.workspaceId, emailMessageId);
      await this.announce(tx, { ...updated, isBounced: false, bounceDiagnostic: null });
    });
    this.outbox.nudge();
  }

  /** `email.delivery_updated`: the ticket's timeline (and webhooks) learn each change of state. */
  private async announce(tx: Executor, delivery: DeliveryWithBounce): Promise<void> {
    await this.outbox.record(tx, delivery.workspaceId, 'email.delivery_updated', {
      ticketId: delivery.ticketId,
      commentId: delivery.commentId,
      delivery: presentDelivery(delivery),
    });
  }

  // ─── Reading deliveries ─────────────────────────────────────────────────────────────────────────────────

  /** For the comments presenter: the state of the email carrying each public reply. */
  async findForComments(workspaceId: string, commentIds: string[], executor: Executor = this.db): Promise<Map<string, TCommentEmailDelivery>> {
    const rows = await this.repository.listForComments(executor, workspaceId, commentIds);
    return new Map(
      rows.map((row) => {
        const delivery = presentDelivery(row);
        return [row.commentId!, { status: delivery.status, recipient: delivery.recipient, attempts: delivery.attempts, lastError: delivery.lastError, sentAt: delivery.sentAt, updatedAt: delivery.updatedAt }];
      }),
    );
  }

  async listForTicket(actor: Actor, ticketIdOrNumber: string): Promise<TEmailDelivery[]> {
    requireAccess(actor, 'tickets.read');
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    return (await this.repository.listForTicket(this.db, actor.workspaceId, ticket.id)).map(presentDelivery);
  }

  // ─── Settings and templates ─────────────────────────────────────────────────────────────────────────────

  async getSettings(actor: Actor): Promise<TEmailOutboundSettings> {
    requireAccess(actor, 'settings.read');
    const settings = await this.settingsOf(this.db, actor.workspaceId);
    const workspace = await this.workspaces.get(actor.workspaceId);
    return {
      isSendingEnabled: this.mailer !== undefined,
      fromAddress: this.email.defaultAddressOf(workspace.slug),
      ...settings,
      effectiveTimeZone: settings.timeZone ?? workspace.timeZone,
    };
  }

  async updateSettings(actor: Actor, changes: TUpdateEmailOutboundSettingsRequest): Promise<TEmailOutboundSettings> {
    requireAccess(actor, 'settings.manage');
    await this.db.transaction(async (tx) => {
      const current = await this.settingsOf(tx, actor.workspaceId);
      const next: Settings = { ...current, ...changes, footers: { ...current.footers, ...changes.footers } };
      for (const language of EMAIL_LANGUAGES) {
        const problems = checkTemplate('auto_acknowledgement', { subject: '-', body: next.footers[language] }, `footers.${language}`)
          .map((problem) => ({ ...problem, path: `footers.${language}` }));
        if (problems.length > 0) throw new AppError(CommonErrorCode.ValidationFailed, 'The request is not valid.', problems);
      }
      await this.repository.upsertSettings(tx, { workspaceId: actor.workspaceId, ...next });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'email.outbound_settings_updated', targetType: 'workspace', targetId: actor.workspaceId, details: { changed: Object.keys(changes) } });
    });
    return this.getSettings(actor);
  }

  async listTemplates(actor: Actor): Promise<TEmailTemplate[]> {
    requireAccess(actor, 'settings.read');
    const rows = await this.repository.listTemplates(this.db, actor.workspaceId);
    return EMAIL_TEMPLATE_KINDS.map((kind) => presentTemplate(kind, rows));
  }

  async getTemplate(actor: Actor, kind: EmailTemplateKind): Promise<TEmailTemplate> {
    return (await this.listTemplates(actor)).find((template) => template.kind === kind)!;
  }

  /** Saves both languages of a template (null: back to the built-in wording), after checking its variables. */
  async putTemplate(actor: Actor, kind: EmailTemplateKind, request: TPutEmailTemplateRequest): Promise<TEmailTemplate> {
    requireAccess(actor, 'settings.manage');
    const problems = EMAIL_LANGUAGES.flatMap((language) => {
      const text = request[language];
      return text ? checkTemplate(kind, text, language) : [];
    });
    if (problems.length > 0) throw new AppError(CommonErrorCode.ValidationFailed, 'The request is not valid.', problems);
    await this.db.transaction(async (tx) => {
      for (const language of EMAIL_LANGUAGES) {
        const text = request[language];
        if (text) await this.repository.upsertTemplate(tx, { workspaceId: actor.workspaceId, kind, language, subject: text.subject, body: text.body, updatedByUserId: actor.userId });
        else await this.repository.deleteTemplate(tx, actor.workspaceId, kind, language);
      }
      const restored = EMAIL_LANGUAGES.filter((language) => request[language] === null);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'email.template_updated', targetType: 'email_template', targetId: null, details: { kind, restored } });
    });
    return this.getTemplate(actor, kind);
  }

  /** The template (saved, or the drafts given) rendered in both languages with sample values, as HTML and text. */
  async previewTemplate(actor: Actor, kind: EmailTemplateKind, drafts: TPreviewEmailTemplateRequest): Promise<TEmailTemplatePreview> {
    // A tool for those who edit templates (and a POST, which viewers never get).
    requireAccess(actor, 'settings.manage');
    const problems = EMAIL_LANGUAGES.flatMap((language) => {
      const draft = drafts[language];
      return draft ? checkTemplate(kind, draft, language) : [];
    });
    if (problems.length > 0) throw new AppError(CommonErrorCode.ValidationFailed, 'The request is not valid.', problems);
    const workspace = await this.workspaces.get(actor.workspaceId);
    const settings = await this.settingsOf(this.db, actor.workspaceId);
    const agent = await this.usersRepository.findById(this.db, actor.workspaceId, actor.userId);
    const ticketNumber = 1234;
    const preview = { kind } as TEmailTemplatePreview;
    for (const language of EMAIL_LANGUAGES) {
      const sample = PREVIEW_SAMPLES[language];
      const template = drafts[language] ?? (await this.templateOf(this.db, actor.workspaceId, kind, language));
      preview[language] = renderEmail({
        template,
        footer: settings.footers[language],
        language,
        accentColor: settings.accentColor,
        workspaceName: workspace.name,
        ticketNumber,
        values: {
          'ticket.number': String(ticketNumber),
          'ticket.subject': sample.ticketSubject,
          'customer.name': sample.customerName,
          'agent.name': agent?.name ?? '',
          'workspace.name': workspace.name,
          'satisfaction.url': this.satisfaction.urlOf({ workspaceId: actor.workspaceId, ticketId: '00000000-0000-4000-8000-000000000000', expiresAt: new Date(0), language }),
          'nps.url': this.npsLinks?.urlOf({ workspaceId: actor.workspaceId, surveyId: '00000000-0000-4000-8000-000000000000', expiresAt: new Date(0), language }) ?? '',
          'reply.body': sample.replyBody,
          'transcript.body': sample.transcriptBody,
        },
      });
    }
    return preview;
  }

  private async settingsOf(executor: Executor, workspaceId: string): Promise<Settings> {
    const row = await this.repository.findSettings(executor, workspaceId);
    return {
      accentColor: row?.accentColor ?? DEFAULT_ACCENT_COLOR,
      footers: { en: row?.footers.en ?? DEFAULT_FOOTERS.en, fr: row?.footers.fr ?? DEFAULT_FOOTERS.fr },
      isAutoAcknowledgementEnabled: row?.isAutoAcknowledgementEnabled ?? true,
      isResolvedNotificationEnabled: row?.isResolvedNotificationEnabled ?? true,
      businessHours: row?.businessHours ?? DEFAULT_BUSINESS_HOURS,
      timeZone: row?.timeZone ?? null,
    };
  }

  private async templateOf(executor: Executor, workspaceId: string, kind: EmailTemplateKind, language: EmailLanguage): Promise<EmailTemplateText> {
    const row = await this.repository.findTemplate(executor, workspaceId, kind, language);
    return row ? { subject: row.subject, body: row.body } : DEFAULT_TEMPLATES[kind][language];
  }
}

function presentTemplate(kind: EmailTemplateKind, rows: Array<{ kind: string; language: string; subject: string; body: string; updatedAt: Date }>): TEmailTemplate {
  const languageOf = (language: EmailLanguage) => {
    const row = rows.find((item) => item.kind === kind && item.language === language);
    const text = row ?? DEFAULT_TEMPLATES[kind][language];
    return { subject: text.subject, body: text.body, isCustomised: row !== undefined, updatedAt: row?.updatedAt.toISOString() ?? null };
  };
  return { kind, variables: [...VARIABLES_OF_KIND[kind]], en: languageOf('en'), fr: languageOf('fr') };
}

function presentDelivery(row: DeliveryWithBounce): TEmailDelivery {
  const status: DeliveryStatus = row.isBounced ? 'bounced' : (row.status as DeliveryStatus);
  return {
    id: row.id,
    ticketId: row.ticketId,
    commentId: row.commentId,
    kind: row.kind as EmailTemplateKind,
    recipient: row.recipient,
    language: languageOf(row.language),
    status,
    attempts: row.attempts,
    lastError: row.isBounced ? (row.bounceDiagnostic ?? row.lastError) : row.lastError,
    messageId: row.messageId,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function languageOf(language: string | null | undefined): EmailLanguage {
  return language === 'fr' ? 'fr' : 'en';
}

/** A ticket or customer removed since the event: nothing to send (anything else is a real failure). */
function ignoreNotFound(error: unknown): undefined {
  if (error instanceof AppError && (error.code === 'ticket_not_found' || error.code === 'customer_not_found')) return undefined;
  throw error;
}
