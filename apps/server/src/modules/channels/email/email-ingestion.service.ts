import { createHash, randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import { Batcher, type Settled } from '../../../shared/batcher.js';
import { AppError, CustomerErrorCode } from '../../../shared/errors.js';
import { detectLanguage } from '../../../shared/language.js';
import type { AttachmentsService, ReceivedFile } from '../../attachments/attachments.service.js';
import type { FileStorage } from '../../attachments/storage.js';
import type { CommentsService } from '../../comments/comments.service.js';
import type { CustomerRow } from '../../customers/customers.repository.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { TicketRow } from '../../tickets/tickets.repository.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import { ZEmail } from '../../users/users.schema.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import { classifyEmail } from './email-classifier.js';
import { htmlToText, sanitizeEmailHtml, visibleReplyText } from './email-content.js';
import { parseEmail, type EmailAddress, type ParsedEmail } from './email-parser.js';
import type { EmailRepository } from './email.repository.js';
import type { Disposition } from './email.schema.js';
import type { EmailService, ResolvedRecipient } from './email.service.js';
import type { ReplyTokens } from './reply-token.js';

/** How a message reached us. SMTP gives the envelope; an IMAP poller gives its mailbox as the recipient. */
export interface EmailEnvelope {
  /** MAIL FROM: `''` is the null sender of bounces and reports; undefined when not known. */
  mailFrom: string | undefined;
  /** The support addresses the message was delivered to (Bcc included: that is how a Bcc reaches us). */
  recipients: string[];
}

export type IngestOutcome =
  | { workspaceId: string; outcome: 'duplicate' }
  | { workspaceId: string; outcome: Disposition; emailMessageId: string; ticketId: string | null; commentId: string | null };

/** Why a message is refused as a whole; the SMTP receiver answers 550 and 552 for these. */
export class IngestRefusal extends Error {
  constructor(
    readonly reason: 'unknown_recipient' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'IngestRefusal';
  }
}

const REOPENED_CATEGORIES = new Set(['pending', 'on_hold', 'resolved']);
const MAX_DESCRIPTION_CHARACTERS = 100_000;
const MAX_COMMENT_CHARACTERS = 65_000;
const MAX_STORED_TEXT_CHARACTERS = 1_000_000;
const MAX_SUBJECT_CHARACTERS = 500;
const MAX_COLLABORATORS_PER_MESSAGE = 20;
const MAX_FILES_PER_MESSAGE = 100;
const MERGE_HOPS = 5;
const ATTEMPTS = 3;
const NO_SUBJECT = { en: '(no subject)', fr: '(sans objet)' } as const;
const FOLLOW_UP = { en: 'Follow-up to ticket #', fr: 'Suite du billet #' } as const;

/** Everything about one message that does not depend on the database, worked out once for all its workspaces. */
interface PreparedMessage {
  raw: Buffer;
  email: ParsedEmail;
  messageId: string;
  sender: EmailAddress | null;
  envelope: EmailEnvelope;
}

/** What a message says, ready to be written: its files stored, its HTML sanitised, its new part found. */
interface MessageContent {
  files: Array<{ contentId: string | null; file: ReceivedFile }>;
  html: string | null;
  text: string;
  visibleText: string;
}

/** One workspace's copy of a message, prepared before it joins a transaction. */
interface Delivery {
  message: PreparedMessage;
  workspaceId: string;
  slug: string;
  recipients: ResolvedRecipient[];
  rawStorageKey: string;
  content: MessageContent;
}

/** What the workspace's rows say about a batch's messages, read once for all of them. */
interface BatchContext {
  workspaceId: string;
  ownAddresses: Set<string>;
  /** The ticket of each Message-ID the batch refers to that the workspace already has. */
  ticketsByMessageId: Map<string, string>;
  knownSenders: Map<string, CustomerRow>;
}

/** What a message became, before its row is written. */
interface Decision {
  id: string;
  disposition: Disposition;
  ticketId: string | null;
  commentId: string | null;
  customerId: string | null;
  html: string | null;
  text: string;
  attachmentIds: string[];
}

/** Another transaction recorded one of the batch's Message-IDs first: that message was delivered twice at once. */
class MessageAlreadyRecorded extends Error {}

/**
 * Turns received mail into tickets and replies. `ingest(raw, envelope)` is the one entry point: the SMTP
 * receiver calls it today, an IMAP poller can call it the same way. It parses the message and stores the raw
 * bytes, then the message joins the messages arriving at the same time in one transaction per workspace (group
 * commit: one read of the workspace's settings, one ticket-number reservation, one insert per table), which
 * records each Message-ID once: the same message delivered twice, even at the same moment, makes one ticket
 * or one comment. A batch that fails is tried again one message at a time, so one bad message fails alone.
 */
export class EmailIngestionService {
  private readonly batcher = new Batcher<Delivery, IngestOutcome>((deliveries) => this.deliverBatch(deliveries), { maxBatchSize: 64, maxConcurrentBatches: 1 });

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: EmailRepository,
    private readonly email: EmailService,
    private readonly workspaces: WorkspacesService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly customers: CustomersService,
    private readonly attachments: AttachmentsService,
    private readonly storage: FileStorage,
    private readonly outbox: OutboxService,
    private readonly replyTokens: ReplyTokens,
  ) {}

  async ingest(raw: Buffer, envelope: EmailEnvelope): Promise<IngestOutcome[]> {
    const byWorkspace = new Map<string, ResolvedRecipient[]>();
    for (const recipient of envelope.recipients) {
      const resolved = await this.email.resolveRecipient(recipient);
      if (resolved) byWorkspace.set(resolved.workspaceId, [...(byWorkspace.get(resolved.workspaceId) ?? []), resolved]);
    }
    if (byWorkspace.size === 0) throw new IngestRefusal('unknown_recipient', 'No support address among the recipients.');
    const limit = Math.min(...[...byWorkspace.values()].map((recipients) => recipients[0]!.maxMessageBytes));
    if (raw.length > limit) throw new IngestRefusal('too_large', `The message is larger than ${limit} bytes.`);

    const email = await parseEmail(raw);
    const sender = email.from ?? (envelope.mailFrom ? { address: envelope.mailFrom.toLowerCase(), name: null } : null);
    const message: PreparedMessage = {
      raw,
      email,
      // A message without a Message-ID is known by its content: delivered again, it is the same message.
      messageId: email.messageId ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@switchboard.invalid`,
      sender: sender && ZEmail.safeParse(sender.address).success ? sender : null,
      envelope,
    };
    const outcomes = await Promise.all([...byWorkspace].map(([workspaceId, recipients]) => this.receive(message, workspaceId, recipients)));
    this.outbox.nudge();
    return outcomes;
  }

  /**
   * Stores the raw message and its files and prepares its text (outside any transaction, so the shared one holds
   * its locks only for writing rows), has it delivered, then removes what was stored for nothing.
   */
  private async receive(message: PreparedMessage, workspaceId: string, recipients: ResolvedRecipient[]): Promise<IngestOutcome> {
    const now = this.clock.now();
    const rawStorageKey = [workspaceId, 'email', String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), randomUUID()].join('/');
    await this.storage.put(rawStorageKey, message.raw);
    let files: MessageContent['files'] = [];
    let outcome: IngestOutcome | undefined;
    try {
      files = await this.storeFiles(workspaceId, message);
      const delivery: Delivery = { message, workspaceId, slug: recipients[0]!.slug, recipients, rawStorageKey, content: prepareContent(message.email, files) };
      outcome = await this.batcher.submit(delivery);
      return outcome;
    } finally {
      if (outcome === undefined || outcome.outcome === 'duplicate') await this.storage.delete(rawStorageKey);
      if (outcome?.outcome !== 'ticket_created' && outcome?.outcome !== 'comment_added') await this.attachments.discardReceivedFiles(files.map(({ file }) => file));
    }
  }

  private async deliverBatch(deliveries: Delivery[]): Promise<Array<Settled<IngestOutcome>>> {
    const results: Array<Settled<IngestOutcome>> = new Array(deliveries.length);
    const byWorkspace = new Map<string, number[]>();
    deliveries.forEach((delivery, index) => byWorkspace.set(delivery.workspaceId, [...(byWorkspace.get(delivery.workspaceId) ?? []), index]));
    for (const [workspaceId, indexes] of byWorkspace) {
      const group = indexes.map((index) => deliveries[index]!);
      let settled: Array<Settled<IngestOutcome>> | undefined;
      // A conflict with another transaction (a deadlock, a customer created meanwhile) is tried again as a
      // batch; anything else, or a conflict that persists, makes each message go alone.
      for (let attempt = 1; !settled && attempt <= ATTEMPTS; attempt += 1) {
        try {
          settled = (await this.db.transaction((tx) => this.deliverMany(tx, workspaceId, group))).map((value) => ({ ok: true as const, value }));
        } catch (error) {
          if (!isRetryable(error)) break;
        }
      }
      if (!settled) {
        settled = [];
        for (const delivery of group) settled.push(await this.deliverAlone(delivery));
      }
      indexes.forEach((index, position) => {
        results[index] = settled[position]!;
      });
    }
    return results;
  }

  private async deliverAlone(delivery: Delivery): Promise<Settled<IngestOutcome>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [outcome] = await this.db.transaction((tx) => this.deliverMany(tx, delivery.workspaceId, [delivery]));
        return { ok: true, value: outcome! };
      } catch (error) {
        if (error instanceof MessageAlreadyRecorded) return { ok: true, value: { workspaceId: delivery.workspaceId, outcome: 'duplicate' } };
        // Two messages creating the same new customer at once: the second finds it on its next attempt.
        if (attempt >= ATTEMPTS || !isRetryable(error)) return { ok: false, error };
      }
    }
  }

  /** One transaction for messages of one workspace: decide what each becomes, write it, then record the messages. */
  private async deliverMany(tx: Executor, workspaceId: string, deliveries: Delivery[]): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = new Array(deliveries.length);
    const known = await this.repository.findKnownMessageIds(tx, workspaceId, [...new Set(deliveries.map((delivery) => delivery.message.messageId))]);
    const fresh: number[] = [];
    for (const [index, delivery] of deliveries.entries()) {
      if (known.has(delivery.message.messageId)) outcomes[index] = { workspaceId, outcome: 'duplicate' };
      else {
        known.add(delivery.message.messageId);
        fresh.push(index);
      }
    }
    if (fresh.length === 0) return outcomes;

    const { addresses, limits } = await this.email.mailSetupOf(workspaceId, deliveries[0]!.slug, tx);
    const ownAddresses = new Set(addresses);
    const kinds = new Map(
      fresh.map((index) => [index, classifyEmail(deliveries[index]!.message.email, { mailFrom: deliveries[index]!.message.envelope.mailFrom, isOwnAddress: (address) => this.isSupportAddress(address, ownAddresses) })]),
    );
    const decisions = new Map<number, Decision>();
    const decide = (index: number, values: Partial<Decision> & Pick<Decision, 'disposition'>) =>
      decisions.set(index, { id: randomUUID(), ticketId: null, commentId: null, customerId: null, html: null, text: deliveries[index]!.content.text, attachmentIds: [], ...values });

    // The hourly limit per sender: counted under a lock per sender, and within the batch in arrival order.
    const conversations = fresh.filter((index) => kinds.get(index)!.kind === 'conversation' && deliveries[index]!.message.sender);
    const senders = conversations.map((index) => deliveries[index]!.message.sender!.address);
    await this.repository.lockSenders(tx, workspaceId, senders);
    const counts = await this.repository.countTicketedFrom(tx, workspaceId, senders, new Date(this.clock.now().getTime() - 3600_000));
    const accepted: number[] = [];
    for (const index of conversations) {
      const sender = deliveries[index]!.message.sender!.address;
      const count = counts.get(sender) ?? 0;
      if (count >= limits.senderHourlyLimit) decide(index, { disposition: 'throttled' });
      else {
        counts.set(sender, count + 1);
        accepted.push(index);
      }
    }

    const references = fresh.flatMap((index) => [...deliveries[index]!.message.email.inReplyTo, ...deliveries[index]!.message.email.references]);
    const ticketsByMessageId = new Map<string, string>();
    for (const row of await this.repository.findThreadedMessages(tx, workspaceId, [...new Set(references)])) {
      if (row.ticketId && !ticketsByMessageId.has(row.messageId)) ticketsByMessageId.set(row.messageId, row.ticketId);
    }
    const context: BatchContext = {
      workspaceId,
      ownAddresses,
      ticketsByMessageId,
      knownSenders: await this.customers.findByEmails(tx, workspaceId, accepted.map((index) => deliveries[index]!.message.sender!.address)),
    };

    // Machine-made mail is kept, and shown on the ticket it refers to, but never answered nor allowed to reopen anything.
    const bounces: Array<Parameters<EmailRepository['insertBounces']>[1][number]> = [];
    for (const index of fresh.filter((candidate) => !conversations.includes(candidate))) {
      const delivery = deliveries[index]!;
      if (kinds.get(index)!.kind === 'bounce') {
        const id = randomUUID();
        const bounce = await this.recordBounce(tx, delivery, id);
        bounces.push(...bounce.rows);
        decide(index, { id, disposition: 'bounce', ticketId: bounce.ticketId, customerId: bounce.customerId });
      } else {
        const ticket = await this.findThread(tx, delivery, context, undefined);
        decide(index, { disposition: 'ignored_automated', ticketId: ticket?.id ?? null });
      }
    }

    // The ticket each accepted message continues; replies to closed tickets start follow-ups (helpdesks do).
    const threads = new Map<number, TicketRow | undefined>();
    for (const index of accepted) {
      const delivery = deliveries[index]!;
      threads.set(index, await this.findThread(tx, delivery, context, context.knownSenders.get(delivery.message.sender!.address)));
    }

    const opening = accepted.filter((index) => !isOpenThread(threads.get(index)));
    // Only a message without a subject, or a follow-up, needs the workspace's language.
    const language = opening.some((index) => !deliveries[index]!.message.email.subject || threads.get(index))
      ? ((await this.workspaces.get(workspaceId, tx)).defaultLanguage === 'fr' ? 'fr' : 'en')
      : 'en';
    const created = await this.tickets.createManyInTransaction(
      tx,
      { workspaceId, userId: null },
      opening.map((index) => {
        const { message } = deliveries[index]!;
        const thread = threads.get(index);
        const { visibleText } = deliveries[index]!.content;
        const known = context.knownSenders.get(message.sender!.address);
        const followUp = thread ? `${FOLLOW_UP[language]}${thread.number}\n\n` : '';
        return {
          subject: (message.email.subject || NO_SUBJECT[language]).slice(0, MAX_SUBJECT_CHARACTERS),
          description: `${followUp}${visibleText}`.slice(0, MAX_DESCRIPTION_CHARACTERS),
          channel: 'email',
          ...(known ? { customerId: known.id } : { customerEmail: message.sender!.address, customerName: nameOf(message.sender!) }),
        };
      }),
      'email',
    );
    for (const [position, index] of opening.entries()) {
      const ticket = created[position]!;
      const { files, html, text } = deliveries[index]!.content;
      if (files.length > 0) await this.attachments.recordReceivedFiles(tx, workspaceId, files.map(({ file }) => file), { ticketId: ticket.id, commentId: null }, { type: 'customer', id: ticket.customerId });
      decide(index, { disposition: 'ticket_created', ticketId: ticket.id, customerId: ticket.customerId, html, text, attachmentIds: files.map(({ file }) => file.id) });
      await this.addCollaborators(tx, deliveries[index]!, context, ticket, ticket.customerId);
    }

    for (const index of accepted.filter((candidate) => isOpenThread(threads.get(candidate)))) {
      const delivery = deliveries[index]!;
      const sender = delivery.message.sender!;
      const thread = threads.get(index)!;
      const { files, html, text, visibleText } = delivery.content;
      let ticket = await this.tickets.require(tx, workspaceId, thread.id, true);
      const language = detectLanguage(`${delivery.message.email.subject} ${visibleText}`);
      const customer = context.knownSenders.get(sender.address) ?? (await this.customers.findOrCreateByEmail(tx, workspaceId, sender.address, nameOf(sender), language));
      context.knownSenders.set(sender.address, customer);
      await this.attachments.recordReceivedFiles(tx, workspaceId, files.map(({ file }) => file), { ticketId: null, commentId: null }, { type: 'customer', id: customer.id });
      const comment = await this.comments.createInTransaction(tx, { workspaceId, type: 'customer', customerId: customer.id }, ticket.id, {
        body: visibleText.slice(0, MAX_COMMENT_CHARACTERS),
        isPublic: true,
        attachmentIds: files.map(({ file }) => file.id),
        mentionUserIds: [],
      });
      // The customer wrote back: whatever the ticket was waiting for, it needs an agent again.
      if (REOPENED_CATEGORIES.has(ticket.statusCategory)) ticket = await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { status: 'open' });
      decide(index, { disposition: 'comment_added', ticketId: ticket.id, commentId: comment.id, customerId: customer.id, html, text, attachmentIds: files.map(({ file }) => file.id) });
      await this.addCollaborators(tx, delivery, context, ticket, customer.id);
    }

    const now = this.clock.now();
    const rows = fresh.map((index) => {
      const { message, rawStorageKey } = deliveries[index]!;
      const decision = decisions.get(index)!;
      return {
        id: decision.id,
        workspaceId,
        direction: 'inbound',
        messageId: message.messageId,
        inReplyTo: message.email.inReplyTo[0] ?? null,
        references: message.email.references,
        disposition: decision.disposition,
        ticketId: decision.ticketId,
        commentId: decision.commentId,
        customerId: decision.customerId,
        fromAddress: message.sender?.address ?? '',
        fromName: message.sender?.name ?? null,
        toAddresses: message.email.to,
        ccAddresses: message.email.cc,
        subject: message.email.subject.slice(0, 2000),
        textBody: decision.text.slice(0, MAX_STORED_TEXT_CHARACTERS),
        htmlBody: decision.html,
        attachmentIds: decision.attachmentIds,
        rawStorageKey,
        rawSizeBytes: message.raw.length,
        isMalformed: message.email.isMalformed,
        sentAt: message.email.sentAt,
        receivedAt: now,
      };
    });
    const recorded = await this.repository.insertMessages(tx, rows);
    if (recorded.size < rows.length) throw new MessageAlreadyRecorded();
    await this.repository.insertBounces(tx, bounces);
    for (const index of fresh) {
      const decision = decisions.get(index)!;
      outcomes[index] = { workspaceId, outcome: decision.disposition, emailMessageId: decision.id, ticketId: decision.ticketId, commentId: decision.commentId };
    }
    return outcomes;
  }

  /**
   * The ticket a message continues: through In-Reply-To and References (Message-IDs we received or sent),
   * then `[#number]` in the subject (only from the ticket's requester or a collaborator, as numbers are easy to
   * guess), then a reply token in the address it was sent to. A merged ticket leads to the one it was merged into.
   */
  private async findThread(tx: Executor, delivery: Delivery, context: BatchContext, sender: CustomerRow | undefined): Promise<TicketRow | undefined> {
    const { workspaceId } = delivery;
    const { email } = delivery.message;
    const referencedTicketId = [...email.inReplyTo, ...[...email.references].reverse()].map((id) => context.ticketsByMessageId.get(id)).find(Boolean);
    let ticket = referencedTicketId ? await this.findTicket(tx, workspaceId, referencedTicketId) : undefined;

    const numberInSubject = /\[#(\d{1,9})\]/.exec(email.subject)?.[1];
    if (!ticket && numberInSubject && sender) {
      const candidate = await this.findTicket(tx, workspaceId, numberInSubject);
      if (candidate && (candidate.customerId === sender.id || (await this.repository.isCollaborator(tx, workspaceId, candidate.id, sender.id)))) ticket = candidate;
    }

    if (!ticket) {
      const headerTags = [...email.to, ...email.cc].flatMap(({ address }) => {
        const match = /^([^+@]+)\+([^@]+)@(.+)$/.exec(address);
        return match && match[1] === delivery.slug && match[3] === this.email.mailDomain ? [match[2]!] : [];
      });
      for (const token of new Set([...delivery.recipients.flatMap((recipient) => (recipient.tag ? [recipient.tag] : [])), ...headerTags])) {
        const claim = this.replyTokens.parse(token);
        const candidate = claim ? await this.findTicket(tx, workspaceId, String(claim.ticketNumber)) : undefined;
        if (candidate && this.replyTokens.isValid(token, workspaceId, candidate.id, candidate.number)) {
          ticket = candidate;
          break;
        }
      }
    }

    for (let hop = 0; ticket?.mergedIntoId && hop < MERGE_HOPS; hop += 1) ticket = (await this.findTicket(tx, workspaceId, ticket.mergedIntoId)) ?? ticket;
    return ticket;
  }

  private async findTicket(tx: Executor, workspaceId: string, idOrNumber: string): Promise<TicketRow | undefined> {
    try {
      return await this.tickets.require(tx, workspaceId, idOrNumber);
    } catch (error) {
      if (error instanceof AppError) return undefined;
      throw error;
    }
  }

  /**
   * People in To and Cc besides the support address, the sender and the requester join the ticket as
   * collaborators (customers, created when unknown). Not when the support address was only in Bcc: the
   * others never wrote to support, and replies must not reveal that it was copied. Bcc is never read.
   */
  private async addCollaborators(tx: Executor, delivery: Delivery, context: BatchContext, ticket: TicketRow, authorId: string | null): Promise<void> {
    const { workspaceId } = delivery;
    const { email, sender } = delivery.message;
    const listed = [...email.to, ...email.cc];
    const isSupportVisible = listed.some(({ address }) => this.isSupportAddress(address, context.ownAddresses));
    const people = (isSupportVisible ? listed : []).filter(
      ({ address }) => address !== sender?.address && !this.isSupportAddress(address, context.ownAddresses) && ZEmail.safeParse(address).success,
    );
    // Someone other than the requester replied: they are on the thread too.
    const isAuthorRequester = authorId === ticket.customerId;
    if (people.length === 0 && isAuthorRequester) return;

    const requester = ticket.customerId ? (await this.customers.findRows(workspaceId, [ticket.customerId], tx))[0] : undefined;
    const others = people.filter(({ address }) => !requester?.emails.includes(address)).slice(0, MAX_COLLABORATORS_PER_MESSAGE);
    if (!isAuthorRequester && sender) others.unshift(sender);
    if (others.length === 0) return;
    const known = await this.customers.findByEmails(tx, workspaceId, others.map(({ address }) => address));
    const unknown = others.filter(({ address }) => !known.has(address));
    const created = await this.customers.createManyInTransaction(tx, workspaceId, unknown.map((person) => ({ email: person.address, name: nameOf(person) })));
    for (const customer of created) known.set(customer.email!, customer);
    await this.repository.addCollaborators(
      tx,
      others.flatMap(({ address }) => {
        const customer = known.get(address);
        return customer && customer.id !== ticket.customerId ? [{ workspaceId, ticketId: ticket.id, customerId: customer.id, email: address }] : [];
      }),
    );
  }

  /** A delivery report: on the customer whose address failed and, when it names a message we sent, on its comment. */
  private async recordBounce(tx: Executor, delivery: Delivery, reportId: string) {
    const { workspaceId } = delivery;
    const { email } = delivery.message;
    const original = await this.repository.findOutboundByMessageIds(tx, workspaceId, [...(email.deliveryReport?.originalMessageIds ?? []), ...email.inReplyTo, ...email.references]);
    const reported = email.deliveryReport?.recipients ?? [];
    const recipients = reported.length > 0 ? reported : (original?.toAddresses ?? []).map(({ address }) => ({ recipient: address, action: 'failed', status: null, diagnostic: null }));
    const customersByEmail = await this.customers.findByEmails(tx, workspaceId, recipients.map((item) => item.recipient));
    if (original && recipients.some((item) => item.action === 'failed')) await this.repository.updateMessage(tx, workspaceId, original.id, { deliveryStatus: 'bounced' });
    return {
      ticketId: original?.ticketId ?? null,
      customerId: recipients.map((item) => customersByEmail.get(item.recipient)?.id).find(Boolean) ?? null,
      rows: recipients.map((item) => ({
        workspaceId,
        recipient: item.recipient.slice(0, 320),
        customerId: customersByEmail.get(item.recipient)?.id ?? null,
        action: item.action.slice(0, 40),
        status: item.status?.slice(0, 40) ?? null,
        diagnostic: item.diagnostic?.slice(0, 2000) ?? null,
        reportMessageId: reportId,
        originalMessageId: original?.id ?? null,
        ticketId: original?.ticketId ?? null,
        commentId: original?.commentId ?? null,
      })),
    };
  }

  /** Writes the message's files to storage; if one fails, those already written are removed. */
  private async storeFiles(workspaceId: string, message: PreparedMessage): Promise<MessageContent['files']> {
    const parts = message.email.files.filter((part) => part.content.length > 0).slice(0, MAX_FILES_PER_MESSAGE);
    const stored: ReceivedFile[] = [];
    try {
      for (const part of parts) stored.push(await this.attachments.storeReceivedFile(workspaceId, part));
    } catch (error) {
      await this.attachments.discardReceivedFiles(stored);
      throw error;
    }
    return stored.map((file, index) => ({ contentId: parts[index]!.contentId, file }));
  }

  private isSupportAddress(address: string, ownAddresses: Set<string>): boolean {
    const base = address.replace(/\+[^@]*@/, '@');
    return ownAddresses.has(base) || base.endsWith(`@${this.email.mailDomain}`);
  }
}

/** The sanitised HTML (inline images pointing at their stored files), the whole text and its new part. */
function prepareContent(email: ParsedEmail, files: MessageContent['files']): MessageContent {
  const html = email.html ? sanitizeEmailHtml(email.html, new Map(files.flatMap(({ contentId, file }) => (contentId ? [[contentId, `/api/v1/attachments/${file.id}/content`] as const] : [])))) : null;
  const text = (email.text.trim() !== '' ? email.text : html ? htmlToText(html) : '').slice(0, MAX_STORED_TEXT_CHARACTERS);
  return { files, html, text, visibleText: visibleReplyText(text) };
}

function isOpenThread(thread: TicketRow | undefined): thread is TicketRow {
  return thread !== undefined && thread.statusCategory !== 'closed';
}

function nameOf(address: EmailAddress): string | undefined {
  const name = address.name?.replace(/\s+/g, ' ').trim().slice(0, 200);
  return name || undefined;
}

/** Conflicts another transaction caused; trying again sees what it committed. */
function isRetryable(error: unknown): boolean {
  if (error instanceof AppError) return error.code === CustomerErrorCode.CustomerEmailTaken;
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}
