import type { Readable } from 'node:stream';
import type { Database, Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import { AppError, EmailErrorCode, validationError } from '../../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../../shared/pagination.js';
import type { AttachmentsService } from '../../attachments/attachments.service.js';
import type { FileStorage } from '../../attachments/storage.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/permissions.js';
import type { CustomersService } from '../../customers/customers.service.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { EmailBounceRow, EmailMessageRow, EmailRepository } from './email.repository.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_SENDER_HOURLY_LIMIT,
  MAX_TICKET_THREAD_MESSAGES,
  type Disposition,
  type TEmailBounce,
  type TEmailMessage,
  type TEmailSettings,
  type TListEmailBouncesQuery,
  type TListEmailMessagesQuery,
  type TSupportAddress,
  type TTicketEmailMessage,
  type TTicketEmailThread,
  type TUpdateEmailSettingsRequest,
} from './email.schema.js';
import type { StoredAddress } from './email.tables.js';
import type { ReplyTokens } from './reply-token.js';

const RECIPIENT_CACHE_MS = 5_000;
const RECIPIENT_CACHE_SIZE = 10_000;

/** A support address a message was sent to, and the workspace it belongs to. */
export interface ResolvedRecipient {
  workspaceId: string;
  slug: string;
  /** The support address itself, without any `+tag`. */
  address: string;
  /** What followed `+` in the local part: a reply token, when it is one. */
  tag: string | null;
  maxMessageBytes: number;
}

export interface EmailLimits {
  senderHourlyLimit: number;
  maxMessageBytes: number;
}

/** What outbound mail records of a message it sent, so replies and bounces find their way back. */
export interface OutboundMessage {
  workspaceId: string;
  ticketId: string;
  commentId: string | null;
  messageId: string;
  from: StoredAddress;
  to: StoredAddress[];
  cc: StoredAddress[];
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
}

/**
 * The email channel's settings and records: support addresses, limits, received and sent messages, bounces,
 * and the addresses replies come back to. Receiving mail is `EmailIngestionService`'s work.
 */
export class EmailService {
  /**
   * Recipients resolved in the last few seconds: each message is looked up at RCPT and again when ingested,
   * by every message of a busy mailbox. Changes made here clear it; another node sees them within seconds.
   */
  private readonly recipients = new Map<string, { recipient: ResolvedRecipient; expiresAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly repository: EmailRepository,
    private readonly workspaces: WorkspacesService,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly attachments: AttachmentsService,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly replyTokens: ReplyTokens,
    private readonly clock: Clock,
    readonly mailDomain: string,
  ) {}

  defaultAddressOf(slug: string): string {
    return `${slug}@${this.mailDomain}`;
  }

  /**
   * The workspace a recipient address belongs to: `<slug>[+tag]@MAIL_DOMAIN`, or one of the aliases a
   * workspace added (also with `+tag`). Undefined for any other address.
   */
  async resolveRecipient(recipient: string): Promise<ResolvedRecipient | undefined> {
    const address = recipient.trim().toLowerCase();
    const cached = this.recipients.get(address);
    if (cached && cached.expiresAt > Date.now()) return cached.recipient;
    const resolved = await this.lookUpRecipient(address);
    // Unknown addresses are not remembered: a workspace or alias created a moment later receives at once.
    if (resolved) {
      if (this.recipients.size >= RECIPIENT_CACHE_SIZE) this.recipients.clear();
      this.recipients.set(address, { recipient: resolved, expiresAt: Date.now() + RECIPIENT_CACHE_MS });
    }
    return resolved;
  }

  private async lookUpRecipient(address: string): Promise<ResolvedRecipient | undefined> {
    const at = address.lastIndexOf('@');
    if (at <= 0 || at === address.length - 1) return undefined;
    const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
    const plus = local.indexOf('+');
    const base = plus === -1 ? local : local.slice(0, plus);
    const tag = plus === -1 ? null : local.slice(plus + 1) || null;
    let workspaceId: string;
    let slug: string;
    if (domain === this.mailDomain) {
      const workspace = await this.workspaces.findBySlug(base);
      if (!workspace) return undefined;
      [workspaceId, slug] = [workspace.id, workspace.slug];
    } else {
      const alias = await this.repository.findAddress(this.db, `${base}@${domain}`);
      if (!alias) return undefined;
      workspaceId = alias.workspaceId;
      slug = (await this.workspaces.get(workspaceId)).slug;
    }
    const limits = await this.limitsOf(workspaceId);
    return { workspaceId, slug, address: `${base}@${domain}`, tag, maxMessageBytes: limits.maxMessageBytes };
  }

  /** A workspace's support addresses (lower-case, the default first) and limits, in one read. */
  async mailSetupOf(workspaceId: string, slug: string, executor: Executor = this.db): Promise<{ addresses: string[]; limits: EmailLimits }> {
    const { aliases, settings } = await this.repository.findMailSetup(executor, workspaceId);
    return {
      addresses: [this.defaultAddressOf(slug), ...aliases],
      limits: { senderHourlyLimit: settings?.senderHourlyLimit ?? DEFAULT_SENDER_HOURLY_LIMIT, maxMessageBytes: settings?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES },
    };
  }

  async limitsOf(workspaceId: string, executor: Executor = this.db): Promise<EmailLimits> {
    const row = await this.repository.findSettings(executor, workspaceId);
    return { senderHourlyLimit: row?.senderHourlyLimit ?? DEFAULT_SENDER_HOURLY_LIMIT, maxMessageBytes: row?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES };
  }

  /** Every support address of the workspace, lower-case: the default one first. */
  async listAddressesOf(workspaceId: string, executor: Executor = this.db): Promise<string[]> {
    const workspace = await this.workspaces.get(workspaceId, executor);
    const aliases = await this.repository.listAddresses(executor, workspaceId);
    return [this.defaultAddressOf(workspace.slug), ...aliases.map((row) => row.address)];
  }

  async getSettings(actor: Actor): Promise<TEmailSettings> {
    const workspace = await this.workspaces.get(actor.workspaceId);
    return { defaultAddress: this.defaultAddressOf(workspace.slug), mailDomain: this.mailDomain, ...(await this.limitsOf(actor.workspaceId)) };
  }

  async updateSettings(actor: Actor, changes: TUpdateEmailSettingsRequest): Promise<TEmailSettings> {
    await this.db.transaction(async (tx) => {
      const current = await this.limitsOf(actor.workspaceId, tx);
      const next = { ...current, ...changes };
      await this.repository.upsertSettings(tx, { workspaceId: actor.workspaceId, ...next });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'email.settings_updated', targetType: 'workspace', targetId: actor.workspaceId, details: { from: current, to: next } });
    });
    // The size limit travels with cached recipients.
    this.recipients.clear();
    return this.getSettings(actor);
  }

  async listAddresses(actor: Actor): Promise<TSupportAddress[]> {
    const workspace = await this.workspaces.get(actor.workspaceId);
    const aliases = await this.repository.listAddresses(this.db, actor.workspaceId);
    return [
      { address: this.defaultAddressOf(workspace.slug), isDefault: true, createdAt: null },
      ...aliases.map((row) => ({ address: row.address, isDefault: false, createdAt: row.createdAt.toISOString() })),
    ];
  }

  async addAddress(actor: Actor, address: string): Promise<TSupportAddress> {
    if (address.endsWith(`@${this.mailDomain}`)) {
      throw validationError('address', `addresses at ${this.mailDomain} come from workspace slugs; add an address at your own domain`);
    }
    const row = await this.db.transaction(async (tx) => {
      const inserted = await this.repository.insertAddress(tx, actor.workspaceId, address);
      if (!inserted) throw new AppError(EmailErrorCode.AddressTaken, 'This address already receives mail for a workspace.', [{ path: 'address', message: 'taken' }]);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'email.address_added', targetType: 'email_address', targetId: inserted.id, details: { address } });
      return inserted;
    });
    return { address: row.address, isDefault: false, createdAt: row.createdAt.toISOString() };
  }

  async removeAddress(actor: Actor, address: string): Promise<void> {
    const workspace = await this.workspaces.get(actor.workspaceId);
    if (address === this.defaultAddressOf(workspace.slug)) {
      throw new AppError(EmailErrorCode.DefaultAddressFixed, 'The default address of the workspace cannot be removed.');
    }
    await this.db.transaction(async (tx) => {
      if (!(await this.repository.deleteAddress(tx, actor.workspaceId, address))) {
        throw new AppError(EmailErrorCode.AddressNotFound, 'This workspace has no such support address.');
      }
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'email.address_removed', targetType: 'email_address', targetId: null, details: { address } });
    });
    this.recipients.clear();
  }

  async listMessages(actor: Actor, query: TListEmailMessagesQuery): Promise<Page<TEmailMessage>> {
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listMessages(this.db, actor.workspaceId, query, after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined);
    const page = toPage(rows, query.limit, (row) => [row.receivedAt.toISOString(), row.id]);
    return { data: await Promise.all(page.data.map((row) => this.presentMessage(row))), nextCursor: page.nextCursor };
  }

  async getMessage(actor: Actor, messageId: string): Promise<TEmailMessage> {
    return this.presentMessage(await this.requireMessage(actor.workspaceId, messageId));
  }

  /** The message exactly as received, for download. */
  async openRawMessage(actor: Actor, messageId: string): Promise<{ filename: string; sizeBytes: number; content: Readable }> {
    const row = await this.requireMessage(actor.workspaceId, messageId);
    if (!row.rawStorageKey) throw new AppError(EmailErrorCode.MessageNotFound, 'This message was not kept in its original form.');
    return { filename: `message-${row.receivedAt.toISOString().slice(0, 10)}-${row.id.slice(0, 8)}.eml`, sizeBytes: row.rawSizeBytes, content: await this.storage.get(row.rawStorageKey) };
  }

  async getTicketThread(actor: Actor, ticketIdOrNumber: string): Promise<TTicketEmailThread> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const collaborators = await this.repository.listCollaborators(this.db, actor.workspaceId, ticket.id);
    const people = await this.customers.findRows(actor.workspaceId, collaborators.map((row) => row.customerId));
    const messages = await this.repository.listTicketMessages(this.db, actor.workspaceId, ticket.id, MAX_TICKET_THREAD_MESSAGES);
    const attachments = new Map((await this.attachments.listByIds(actor.workspaceId, messages.flatMap((row) => row.attachmentIds))).map((attachment) => [attachment.id, attachment]));
    return {
      ticketId: ticket.id,
      replyAddress: await this.replyAddressFor(actor.workspaceId, ticket.id, ticket.number),
      collaborators: collaborators.map((row) => ({
        customerId: row.customerId,
        email: row.email,
        name: people.find((person) => person.id === row.customerId)?.name ?? row.email,
        addedAt: row.createdAt.toISOString(),
      })),
      messages: messages.map((row) => ({
        id: row.id,
        direction: row.direction as TTicketEmailMessage['direction'],
        disposition: row.disposition as Disposition,
        commentId: row.commentId,
        from: { address: row.fromAddress, name: row.fromName },
        to: row.toAddresses,
        cc: row.ccAddresses,
        subject: row.subject,
        hasHtml: row.hasHtml,
        attachments: row.attachmentIds.flatMap((id) => {
          const attachment = attachments.get(id);
          return attachment ? [{ id, filename: attachment.filename, contentType: attachment.contentType, sizeBytes: attachment.sizeBytes, downloadUrl: attachment.downloadUrl }] : [];
        }),
        rawDownloadUrl: row.hasRaw ? `/api/v1/email/messages/${row.id}/raw` : null,
        rawSizeBytes: row.rawSizeBytes,
        isMalformed: row.isMalformed,
        receivedAt: row.receivedAt.toISOString(),
      })),
    };
  }

  async listBounces(actor: Actor, query: TListEmailBouncesQuery): Promise<Page<TEmailBounce>> {
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listBounces(this.db, actor.workspaceId, query, after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined);
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { data: page.data.map(presentBounce), nextCursor: page.nextCursor };
  }

  /** `<slug>+<token>@MAIL_DOMAIN`: where replies to this ticket's outgoing mail should be sent. */
  async replyAddressFor(workspaceId: string, ticketId: string, ticketNumber: number, executor: Executor = this.db): Promise<string> {
    const workspace = await this.workspaces.get(workspaceId, executor);
    return `${workspace.slug}+${this.replyTokens.tokenFor(workspaceId, ticketId, ticketNumber)}@${this.mailDomain}`;
  }

  /** The Message-IDs of the ticket's thread, oldest first: what an outgoing reply lists in References. */
  threadMessageIds(workspaceId: string, ticketId: string, executor: Executor = this.db): Promise<string[]> {
    return this.repository.listThreadMessageIds(executor, workspaceId, ticketId);
  }

  /**
   * Records a message outbound mail sent (inside the transaction that sends or queues it), so a reply to it
   * threads through In-Reply-To and a bounce that names it lands on its comment.
   */
  async recordOutboundMessage(tx: Executor, message: OutboundMessage): Promise<string> {
    const row = await this.repository.claimMessage(tx, {
      workspaceId: message.workspaceId,
      direction: 'outbound',
      messageId: message.messageId,
      inReplyTo: message.inReplyTo,
      references: message.references,
      disposition: 'sent' satisfies Disposition,
      ticketId: message.ticketId,
      commentId: message.commentId,
      fromAddress: message.from.address,
      fromName: message.from.name,
      toAddresses: message.to,
      ccAddresses: message.cc,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
      receivedAt: this.clock.now(),
    });
    if (!row) throw validationError('messageId', 'this Message-ID is already recorded for the workspace');
    return row.id;
  }

  private async requireMessage(workspaceId: string, messageId: string): Promise<EmailMessageRow> {
    const row = await this.repository.findMessage(this.db, workspaceId, messageId);
    if (!row) throw new AppError(EmailErrorCode.MessageNotFound, 'No such email message in this workspace.');
    return row;
  }

  private async presentMessage(row: EmailMessageRow): Promise<TEmailMessage> {
    return {
      id: row.id,
      direction: row.direction as TEmailMessage['direction'],
      messageId: row.messageId,
      inReplyTo: row.inReplyTo,
      references: row.references,
      disposition: row.disposition as Disposition,
      ticketId: row.ticketId,
      commentId: row.commentId,
      customerId: row.customerId,
      from: { address: row.fromAddress, name: row.fromName },
      to: row.toAddresses,
      cc: row.ccAddresses,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      attachments: await this.attachments.listByIds(row.workspaceId, row.attachmentIds),
      rawDownloadUrl: row.rawStorageKey ? `/api/v1/email/messages/${row.id}/raw` : null,
      rawSizeBytes: row.rawSizeBytes,
      isMalformed: row.isMalformed,
      deliveryStatus: row.deliveryStatus,
      sentAt: row.sentAt?.toISOString() ?? null,
      receivedAt: row.receivedAt.toISOString(),
    };
  }
}

function presentBounce(row: EmailBounceRow): TEmailBounce {
  return {
    id: row.id,
    recipient: row.recipient,
    customerId: row.customerId,
    action: row.action,
    status: row.status,
    diagnostic: row.diagnostic,
    reportMessageId: row.reportMessageId,
    originalMessageId: row.originalMessageId,
    ticketId: row.ticketId,
    commentId: row.commentId,
    createdAt: row.createdAt.toISOString(),
  };
}
