import { hash, verify } from '@node-rs/argon2';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { randomSecret, sha256Hex } from '../../shared/crypto.js';
import { AppError, CommonErrorCode, PortalErrorCode, TicketErrorCode, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import type { TAttachment } from '../attachments/attachments.schema.js';
import type { AttachmentsService, UploadInput } from '../attachments/attachments.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { requireAccess, type Actor } from '../auth/permissions.js';
import type { CommentsService } from '../comments/comments.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import { helpCenterPath } from '../help-center/help-center.service.js';
import type { SatisfactionService } from '../satisfaction/satisfaction.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersService } from '../users/users.service.js';
import type { StatusCategory } from '../workspaces/workspaces.schema.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { PortalEmails } from './portal.emails.js';
import type { PortalAccountRow, PortalDeletionRequestRow, PortalRepository } from './portal.repository.js';
import {
  MAX_REPLY_LENGTH,
  PORTAL_SESSION_COOKIE,
  type DeletionRequestStatus,
  type PortalLanguage,
  type PortalViewer,
  type TDeletionRequest,
  type TListDeletionRequestsQuery,
  type TPortalPasswordForm,
  type TPortalProfileForm,
  type TPortalSignInForm,
  type TPortalSignUpForm,
} from './portal.schema.js';

export type { PortalViewer } from './portal.schema.js';

/** A magic link works once, within this time. */
export const SIGN_IN_LINK_TTL_MINUTES = 20;
const TICKETS_PER_PAGE = 25;
/** The most tickets a copy of one's data holds (far beyond any one customer's history). */
const MAX_EXPORTED_TICKETS = 10_000;
/** Categories a customer's reply brings back to the team, as a reply by email does. */
const REOPENED_CATEGORIES = new Set<StatusCategory>(['pending', 'on_hold', 'resolved']);

export interface PortalOptions {
  /** How long a portal session lasts. */
  sessionTtlMs: number;
  /** The server's public address, for the links sent by email. */
  publicBaseUrl: string;
}

/** Where a request came from, kept on the session (as staff sessions keep it). */
export interface RequestOrigin {
  ipAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** A new session: the secret goes in the cookie, only its hash is stored. */
export interface IssuedSession {
  secret: string;
  expiresAt: Date;
  /** The account's language: where to go after signing in. */
  language: PortalLanguage;
}

export interface PortalTicketSummary {
  number: number;
  subject: string;
  statusCategory: StatusCategory;
  updatedAt: string;
}

export interface PortalTimelineEntry {
  id: string;
  /** `you`: this customer; `team`: staff or the team's rules; `other`: another person on the thread. */
  author: 'you' | 'team' | 'other';
  authorName: string;
  body: string;
  createdAt: string;
  attachments: Array<{ id: string; filename: string; contentType: string; sizeBytes: number }>;
}

export interface PortalTicketView {
  number: number;
  subject: string;
  statusCategory: StatusCategory;
  createdAt: string;
  updatedAt: string;
  /** A closed ticket takes no reply (the customer opens a new request). */
  isClosed: boolean;
  entries: PortalTimelineEntry[];
}

export interface PortalProfile {
  name: string;
  email: string;
  language: PortalLanguage;
  isReplyEmailEnabled: boolean;
  isSolvedEmailEnabled: boolean;
  hasPassword: boolean;
}

export interface PortalDeletionStatus {
  status: DeletionRequestStatus;
  requestedAt: string;
  decidedAt: string | null;
  rejectionReason: string | null;
}

/** What another module keeps of a customer's own words, for their data export (JSON-ready). */
export interface PortalExportSource {
  exportOfCustomer(workspaceId: string, customerId: string): Promise<unknown>;
}

/**
 * The customer portal: customers' own accounts (a password, or a magic link by email), their sessions, the public
 * side of the tickets they asked for, their preferences, and their privacy rights (a copy of their data, and
 * erasure, which an admin confirms). Customers only ever reach their own tickets, in the workspace they signed in to.
 */
export class PortalService {
  /** Verified against when there is no password to check, so a miss costs the same time as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  private readonly exportSources = new Map<string, PortalExportSource>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: PortalRepository,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly attachments: AttachmentsService,
    private readonly users: UsersService,
    private readonly workspaces: WorkspacesService,
    private readonly satisfaction: SatisfactionService,
    private readonly emails: PortalEmails,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly options: PortalOptions,
  ) {}

  // ── Who is signed in ────────────────────────────────────────────────────────────────────────────────────

  /**
   * The customer signed in to this workspace's portal on this request (its `sb_portal` cookie), or null: no
   * cookie, an unknown, expired or revoked session, a closed account, or a session of another workspace.
   */
  async viewerOf(request: FastifyRequest, workspaceId: string): Promise<PortalViewer | null> {
    const found = await this.sessionOf(request);
    if (!found || found.account.workspaceId !== workspaceId) return null;
    const customer = await this.customers.require(this.db, workspaceId, found.account.customerId).catch(() => undefined);
    return customer ? viewerFrom(found.account, customer.name) : null;
  }

  /** The signed-in customer, or `portal_sign_in_required`. */
  async requireViewer(request: FastifyRequest, workspaceId: string): Promise<PortalViewer> {
    const viewer = await this.viewerOf(request, workspaceId);
    if (!viewer) throw new AppError(PortalErrorCode.SignInRequired, 'Sign in to see this page.');
    return viewer;
  }

  private async sessionOf(request: FastifyRequest) {
    const secret = request.cookies[PORTAL_SESSION_COOKIE];
    if (!secret || secret.length > 200) return undefined;
    return this.repository.findLiveSession(this.db, sha256Hex(secret), this.clock.now());
  }

  // ── Signing up and in ───────────────────────────────────────────────────────────────────────────────────

  /**
   * A sign-up sends a link to the address; the account exists once the link is used, with the name and password
   * chosen here. When the address already has an account, the email says so (with a sign-in link) and nothing
   * changes: the page answers the same either way, so nobody learns whether an address is registered.
   */
  async signUp(workspaceId: string, language: PortalLanguage, form: TPortalSignUpForm): Promise<void> {
    const existing = await this.repository.findOpenAccountByEmail(this.db, workspaceId, form.email);
    // Hashed in both cases, so the answer takes as long whether or not the address is registered.
    const passwordHash = await hash(form.password);
    await this.db.transaction(async (tx) => {
      if (existing) {
        await this.createLink(tx, workspaceId, { email: form.email, purpose: 'sign_in', language: languageOf(existing.language) }, 'already_registered');
      } else {
        await this.createLink(tx, workspaceId, { email: form.email, purpose: 'sign_up', language, pendingName: form.name, pendingPasswordHash: passwordHash }, 'sign_up');
      }
    });
  }

  /** "Email me a link": sent when the address has an account, silently skipped otherwise (the page says "if"). */
  async requestSignInLink(workspaceId: string, email: string): Promise<void> {
    const account = await this.repository.findOpenAccountByEmail(this.db, workspaceId, email);
    if (!account) return;
    await this.db.transaction((tx) => this.createLink(tx, workspaceId, { email, purpose: 'sign_in', language: languageOf(account.language) }, 'sign_in'));
  }

  private async createLink(
    tx: Executor,
    workspaceId: string,
    link: { email: string; purpose: 'sign_in' | 'sign_up'; language: PortalLanguage; pendingName?: string; pendingPasswordHash?: string },
    kind: 'sign_in' | 'sign_up' | 'already_registered',
  ): Promise<void> {
    const token = randomSecret();
    const now = this.clock.now();
    const row = await this.repository.insertLink(tx, {
      workspaceId,
      tokenHash: sha256Hex(token),
      email: link.email,
      purpose: link.purpose,
      pendingName: link.pendingName ?? null,
      pendingPasswordHash: link.pendingPasswordHash ?? null,
      language: link.language,
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MINUTES * 60_000),
    });
    const workspace = await this.workspaces.get(workspaceId, tx);
    const url = `${this.options.publicBaseUrl}${helpCenterPath(workspace.slug, link.language, 'magic-link')}?token=${token}`;
    await this.emails.queueSignInLink(tx, workspaceId, row.id, { recipient: link.email, url, language: link.language, kind, expiresInMinutes: SIGN_IN_LINK_TTL_MINUTES });
  }

  /**
   * Uses a magic link, once: a sign-up's creates the account (and finds or creates its customer by the address),
   * a sign-in's signs the account in. Either way the address is proven, and a session starts.
   */
  async useSignInLink(workspaceId: string, token: string, origin: RequestOrigin): Promise<IssuedSession> {
    const tokenHash = sha256Hex(token);
    const now = this.clock.now();
    const issued = await this.db.transaction(async (tx) => {
      const link = await this.repository.claimLink(tx, tokenHash, now);
      if (!link || link.workspaceId !== workspaceId) {
        throw new AppError(PortalErrorCode.LinkInvalid, 'This link has already been used, or it is not one we sent.');
      }
      if (link.expiresAt <= now) throw new AppError(PortalErrorCode.LinkExpired, 'This link has expired.');
      let account = await this.repository.findOpenAccountByEmail(tx, workspaceId, link.email);
      if (!account && link.purpose === 'sign_up') {
        const language = languageOf(link.language);
        const customer = await this.customers.findOrCreateByEmail(tx, workspaceId, link.email, link.pendingName ?? undefined, language);
        // The address is one of a customer who already has an account under another of their addresses: that one.
        account =
          (await this.repository.findOpenAccountByCustomer(tx, workspaceId, customer.id)) ??
          (await this.repository.insertAccount(tx, { workspaceId, customerId: customer.id, email: link.email, passwordHash: link.pendingPasswordHash, language, emailVerifiedAt: now }));
        await this.audit.record(tx, { workspaceId, actorType: 'customer', actorId: customer.id, action: 'portal.account_created', targetType: 'portal_account', targetId: account.id });
      }
      if (!account) throw new AppError(PortalErrorCode.LinkInvalid, 'This link has already been used, or it is not one we sent.');
      return this.startSession(tx, account, origin, 'magic_link');
    });
    this.outbox.nudge();
    return issued;
  }

  /**
   * An account made by the workspace itself for one of its customers (the demo's), its address taken as proven, in
   * the caller's transaction. The address becomes one of the customer's if it is not yet.
   */
  async createAccountInTransaction(tx: Executor, workspaceId: string, account: { customerId: string; email: string; password: string; language: PortalLanguage }): Promise<PortalViewer> {
    const email = account.email.toLowerCase();
    const customer = await this.customers.addEmailInTransaction(tx, workspaceId, account.customerId, email);
    const row = await this.repository.insertAccount(tx, {
      workspaceId,
      customerId: customer.id,
      email,
      passwordHash: await hash(account.password),
      language: account.language,
      emailVerifiedAt: this.clock.now(),
    });
    return viewerFrom(row, customer.name);
  }

  /** Email and password; any mismatch (unknown address, no password, wrong password) is the same answer. */
  async signInWithPassword(workspaceId: string, form: TPortalSignInForm, origin: RequestOrigin): Promise<IssuedSession> {
    const invalid = () => new AppError(PortalErrorCode.InvalidCredentials, 'The email or password is not right.');
    const account = await this.repository.findOpenAccountByEmail(this.db, workspaceId, form.email);
    if (!account?.passwordHash) {
      this.decoyHash ??= hash(randomSecret());
      await verify(await this.decoyHash, form.password).catch(() => false);
      throw invalid();
    }
    if (!(await verify(account.passwordHash, form.password).catch(() => false))) {
      await this.audit.record(this.db, { workspaceId, actorType: 'customer', actorId: account.customerId, action: 'portal.sign_in_failed', targetType: 'portal_account', targetId: account.id, details: { ip: origin.ipAddress ?? null } });
      throw invalid();
    }
    return this.db.transaction((tx) => this.startSession(tx, account, origin, 'password'));
  }

  private async startSession(tx: Executor, account: PortalAccountRow, origin: RequestOrigin, method: 'password' | 'magic_link'): Promise<IssuedSession> {
    const secret = randomSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMs);
    await this.repository.insertSession(tx, {
      tokenHash: sha256Hex(secret),
      workspaceId: account.workspaceId,
      accountId: account.id,
      expiresAt,
      ipAddress: origin.ipAddress ?? null,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
    });
    await this.repository.updateAccount(tx, account.workspaceId, account.id, { lastSignInAt: now });
    await this.audit.record(tx, { workspaceId: account.workspaceId, actorType: 'customer', actorId: account.customerId, action: 'portal.signed_in', targetType: 'portal_account', targetId: account.id, details: { method, ip: origin.ipAddress ?? null } });
    return { secret, expiresAt, language: languageOf(account.language) };
  }

  /** Ends the request's session, if any. */
  async signOut(request: FastifyRequest): Promise<void> {
    const found = await this.sessionOf(request);
    if (found) await this.repository.revokeSession(this.db, found.sessionId);
  }

  /** Forgets sessions and magic links a day after they stopped working (the maintenance sweep). */
  async purgeExpired(): Promise<void> {
    await this.repository.deleteExpired(this.db, new Date(this.clock.now().getTime() - 24 * 3_600_000));
  }

  // ── Tickets ─────────────────────────────────────────────────────────────────────────────────────────────

  async listTickets(viewer: PortalViewer, cursor: string | undefined): Promise<Page<PortalTicketSummary>> {
    const page = await this.tickets.listOfRequester(viewer.workspaceId, viewer.customerId, { limit: TICKETS_PER_PAGE, cursor });
    return {
      data: page.data.map((ticket) => ({ number: ticket.number, subject: ticket.subject, statusCategory: ticket.statusCategory, updatedAt: ticket.updatedAt })),
      nextCursor: page.nextCursor,
    };
  }

  /** A ticket the customer asked for, with its public timeline; any other ticket does not exist for them. */
  async getTicket(viewer: PortalViewer, ticketNumber: number): Promise<PortalTicketView> {
    const ticket = await this.requireOwnTicket(this.db, viewer, ticketNumber);
    const comments = await this.comments.listPublicOfTicket(viewer.workspaceId, ticket.id);
    const staffNames = await this.users.findNames(this.db, viewer.workspaceId, comments.flatMap((comment) => (comment.authorUserId ? [comment.authorUserId] : [])));
    const otherIds = [...new Set(comments.flatMap((comment) => (comment.authorCustomerId && comment.authorCustomerId !== viewer.customerId ? [comment.authorCustomerId] : [])))];
    const others = new Map((await this.customers.findRows(viewer.workspaceId, otherIds)).map((row) => [row.id, row.name]));
    const workspace = await this.workspaces.get(viewer.workspaceId);
    const entries: PortalTimelineEntry[] = [];
    if (ticket.description.trim()) {
      entries.push({ id: ticket.id, author: 'you', authorName: viewer.name, body: ticket.description, createdAt: ticket.createdAt.toISOString(), attachments: [] });
    }
    for (const comment of comments) {
      const isOwn = comment.authorType === 'customer' && comment.authorCustomerId === viewer.customerId;
      const author = isOwn ? 'you' : comment.authorType === 'customer' ? 'other' : 'team';
      const authorName = isOwn
        ? viewer.name
        : comment.authorType === 'customer'
          ? (others.get(comment.authorCustomerId ?? '') ?? '')
          : (staffNames.get(comment.authorUserId ?? '') ?? workspace.name);
      entries.push({
        id: comment.id,
        author,
        authorName,
        body: comment.body,
        createdAt: comment.createdAt,
        attachments: comment.attachments.map((file) => ({ id: file.id, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes })),
      });
    }
    return {
      number: ticket.number,
      subject: ticket.subject,
      statusCategory: ticket.statusCategory as StatusCategory,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      isClosed: ticket.statusCategory === 'closed',
      entries,
    };
  }

  /** A file for a reply, stored under the attachments module's checks (size and type) before the reply is written. */
  uploadFile(viewer: PortalViewer, input: UploadInput): Promise<TAttachment> {
    return this.attachments.uploadFromCustomer(viewer.workspaceId, viewer.customerId, input);
  }

  /**
   * The customer's reply: a public comment by the customer on their ticket, as a reply by email would be (the
   * team sees it in the inbox, rules and webhooks get `comment.created`), bringing a waiting or solved ticket back.
   */
  async reply(viewer: PortalViewer, ticketNumber: number, body: string, attachmentIds: string[]): Promise<void> {
    const text = body.trim();
    if (!text) throw validationError('body', 'Write a message.');
    if (text.length > MAX_REPLY_LENGTH) throw validationError('body', `Keep it under ${MAX_REPLY_LENGTH} characters.`);
    await this.db.transaction(async (tx) => {
      const current = await this.requireOwnTicket(tx, viewer, ticketNumber, true);
      if (current.statusCategory === 'closed') throw new AppError(CommonErrorCode.Conflict, 'This request is closed.');
      await this.comments.createInTransaction(tx, { workspaceId: viewer.workspaceId, type: 'customer', customerId: viewer.customerId }, current.id, {
        body: text,
        isPublic: true,
        attachmentIds,
        mentionUserIds: [],
      });
      if (REOPENED_CATEGORIES.has(current.statusCategory as StatusCategory)) {
        await this.tickets.applyChanges(tx, { workspaceId: viewer.workspaceId, userId: null }, current, { status: 'open' });
      }
    });
    this.outbox.nudge();
  }

  /** A file on the public timeline of the customer's ticket; anything else is not found. */
  async openAttachment(viewer: PortalViewer, ticketNumber: number, attachmentId: string): Promise<{ attachment: TAttachment; content: Readable }> {
    const ticket = await this.requireOwnTicket(this.db, viewer, ticketNumber);
    const [attachment] = await this.attachments.listByIds(viewer.workspaceId, [attachmentId]);
    const comments = attachment?.commentId && attachment.ticketId === ticket.id ? await this.comments.listPublicOfTicket(viewer.workspaceId, ticket.id) : [];
    if (!attachment || !comments.some((comment) => comment.id === attachment.commentId)) {
      throw new AppError(CommonErrorCode.NotFound, 'No such file on this request.');
    }
    return this.attachments.openContentOfWorkspace(viewer.workspaceId, attachment.id);
  }

  private async requireOwnTicket(executor: Executor, viewer: PortalViewer, ticketNumber: number, lock = false) {
    const ticket = await this.tickets.require(executor, viewer.workspaceId, String(ticketNumber), lock).catch((error: unknown) => {
      if (error instanceof AppError && error.code === TicketErrorCode.TicketNotFound) return undefined;
      throw error;
    });
    if (!ticket || ticket.customerId !== viewer.customerId) throw new AppError(TicketErrorCode.TicketNotFound, 'No such request.');
    return ticket;
  }

  // ── Profile ─────────────────────────────────────────────────────────────────────────────────────────────

  async getProfile(viewer: PortalViewer): Promise<PortalProfile> {
    const account = await this.requireAccount(this.db, viewer);
    return {
      name: viewer.name,
      email: viewer.email,
      language: languageOf(account.language),
      isReplyEmailEnabled: account.isReplyEmailEnabled,
      isSolvedEmailEnabled: account.isSolvedEmailEnabled,
      hasPassword: account.passwordHash !== null,
    };
  }

  /** Name and language go to the customer (the team sees them), email preferences to the account. */
  async updateProfile(viewer: PortalViewer, form: TPortalProfileForm): Promise<PortalLanguage> {
    await this.db.transaction(async (tx) => {
      await this.requireAccount(tx, viewer);
      await this.customers.updateOwnProfileInTransaction(tx, viewer.workspaceId, viewer.customerId, { name: form.name, language: form.language });
      await this.repository.updateAccount(tx, viewer.workspaceId, viewer.accountId, {
        language: form.language,
        isReplyEmailEnabled: form.notifyOnReply === 'on',
        isSolvedEmailEnabled: form.notifyOnSolved === 'on',
      });
    });
    this.outbox.nudge();
    return form.language;
  }

  /**
   * A new password. The current one is asked for when there is one (a session left open elsewhere is not enough
   * to take the account); the account's other sessions end.
   */
  async changePassword(viewer: PortalViewer, request: FastifyRequest, form: TPortalPasswordForm): Promise<void> {
    const account = await this.requireAccount(this.db, viewer);
    if (account.passwordHash && !(await verify(account.passwordHash, form.currentPassword).catch(() => false))) {
      throw validationError('currentPassword', 'The current password is not right.');
    }
    const passwordHash = await hash(form.newPassword);
    const current = await this.sessionOf(request);
    await this.db.transaction(async (tx) => {
      await this.repository.updateAccount(tx, viewer.workspaceId, viewer.accountId, { passwordHash });
      await this.repository.revokeSessionsOfAccount(tx, viewer.workspaceId, viewer.accountId, current?.sessionId);
      await this.audit.record(tx, { workspaceId: viewer.workspaceId, actorType: 'customer', actorId: viewer.customerId, action: 'portal.password_changed', targetType: 'portal_account', targetId: viewer.accountId });
    });
  }

  /** The customer-notification emails (agents' replies, solved tickets) respect the account's choices. */
  async isEmailWanted(executor: Executor, workspaceId: string, customerId: string, kind: 'reply' | 'resolved'): Promise<boolean> {
    const preferences = await this.repository.findPreferencesOfCustomer(executor, workspaceId, customerId);
    if (!preferences) return true;
    return kind === 'reply' ? preferences.isReplyEmailEnabled : preferences.isSolvedEmailEnabled;
  }

  private async requireAccount(executor: Executor, viewer: PortalViewer): Promise<PortalAccountRow> {
    const account = await this.repository.findAccount(executor, viewer.workspaceId, viewer.accountId);
    if (!account || account.closedAt) throw new AppError(PortalErrorCode.SignInRequired, 'Sign in to see this page.');
    return account;
  }

  // ── Privacy ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Another module that keeps what a customer wrote (the forums): its part of the data export. */
  useExportSource(name: string, source: PortalExportSource): void {
    this.exportSources.set(name, source);
  }

  /** Everything the workspace keeps about the customer that is theirs to see: a JSON document. */
  async exportData(viewer: PortalViewer): Promise<Record<string, unknown>> {
    const account = await this.requireAccount(this.db, viewer);
    const customer = await this.customers.present(await this.customers.require(this.db, viewer.workspaceId, viewer.customerId));
    const summaries: PortalTicketSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.tickets.listOfRequester(viewer.workspaceId, viewer.customerId, { limit: 200, cursor });
      summaries.push(...page.data.map((ticket) => ({ number: ticket.number, subject: ticket.subject, statusCategory: ticket.statusCategory, updatedAt: ticket.updatedAt })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && summaries.length < MAX_EXPORTED_TICKETS);
    const tickets = [];
    const numbersById = new Map<string, number>();
    for (const summary of summaries) {
      const view = await this.getTicket(viewer, summary.number);
      const row = await this.tickets.require(this.db, viewer.workspaceId, String(summary.number));
      numbersById.set(row.id, row.number);
      tickets.push({
        number: view.number,
        subject: view.subject,
        status: view.statusCategory,
        channel: row.channel,
        createdAt: view.createdAt,
        updatedAt: view.updatedAt,
        messages: view.entries.map((entry) => ({ from: entry.author, name: entry.authorName, body: entry.body, createdAt: entry.createdAt, attachments: entry.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes })) })),
      });
    }
    const answers = await this.satisfaction.listAnswersOfCustomer(viewer.workspaceId, viewer.customerId);
    const deletion = await this.repository.findLatestDeletionRequestOfAccount(this.db, viewer.workspaceId, viewer.accountId);
    return {
      exportedAt: this.clock.now().toISOString(),
      account: {
        email: account.email,
        language: account.language,
        notifications: { agentReplies: account.isReplyEmailEnabled, ticketSolved: account.isSolvedEmailEnabled },
        hasPassword: account.passwordHash !== null,
        emailVerifiedAt: account.emailVerifiedAt.toISOString(),
        lastSignInAt: account.lastSignInAt?.toISOString() ?? null,
        createdAt: account.createdAt.toISOString(),
      },
      customer: {
        name: customer.name,
        email: customer.email,
        emails: customer.emails,
        phone: customer.phone,
        language: customer.language,
        organization: customer.organization,
        customFields: customer.customFields,
        createdAt: customer.createdAt,
        updatedAt: customer.updatedAt,
      },
      tickets,
      satisfactionAnswers: answers.flatMap((answer) => {
        const number = numbersById.get(answer.ticketId);
        return number === undefined ? [] : [{ ticketNumber: number, rating: answer.rating, comment: answer.comment, ratedAt: answer.ratedAt }];
      }),
      deletionRequest: deletion ? presentDeletionStatus(deletion) : null,
      ...Object.fromEntries(await Promise.all([...this.exportSources].map(async ([name, source]) => [name, await source.exportOfCustomer(viewer.workspaceId, viewer.customerId)] as const))),
    };
  }

  /** The customer's latest erasure request, if any. */
  async getDeletionStatus(viewer: PortalViewer): Promise<PortalDeletionStatus | null> {
    const row = await this.repository.findLatestDeletionRequestOfAccount(this.db, viewer.workspaceId, viewer.accountId);
    return row ? presentDeletionStatus(row) : null;
  }

  /** Asks for erasure; asked again while one is pending, it is the same request. */
  async requestDeletion(viewer: PortalViewer): Promise<PortalDeletionStatus> {
    const row = await this.db.transaction(async (tx) => {
      await this.requireAccount(tx, viewer);
      const created = await this.repository.insertDeletionRequest(tx, {
        workspaceId: viewer.workspaceId,
        accountId: viewer.accountId,
        customerId: viewer.customerId,
        customerName: viewer.name,
        customerEmail: viewer.email || null,
      });
      if (created) {
        await this.audit.record(tx, { workspaceId: viewer.workspaceId, actorType: 'customer', actorId: viewer.customerId, action: 'privacy.deletion_requested', targetType: 'portal_deletion_request', targetId: created.id });
        return created;
      }
      return (await this.repository.findLatestDeletionRequestOfAccount(tx, viewer.workspaceId, viewer.accountId))!;
    });
    return presentDeletionStatus(row);
  }

  // ── Staff: erasure requests ─────────────────────────────────────────────────────────────────────────────

  async listDeletionRequests(actor: Actor, query: TListDeletionRequestsQuery): Promise<Page<TDeletionRequest>> {
    requireAccess(actor, 'privacy.manage');
    const before = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listDeletionRequests(this.db, actor.workspaceId, {
      status: query.status,
      limit: query.limit + 1,
      before: before ? { createdAt: new Date(before[0]!), id: String(before[1]) } : undefined,
    });
    const hasMore = rows.length > query.limit;
    const page = hasMore ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return { data: page.map(presentDeletionRequest), nextCursor: hasMore && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
  }

  async getDeletionRequest(actor: Actor, requestId: string): Promise<TDeletionRequest> {
    requireAccess(actor, 'privacy.manage');
    return presentDeletionRequest(await this.requireDeletionRequest(this.db, actor.workspaceId, requestId));
  }

  /**
   * Confirms an erasure, in one transaction: the customer's personal data is erased (the customers module
   * anonymises the profile and frees its addresses), the portal account is closed and its sessions and links end,
   * and the decision is audited. Tickets stay, under the anonymised customer.
   */
  async confirmDeletion(actor: Actor, requestId: string): Promise<TDeletionRequest> {
    requireAccess(actor, 'privacy.manage');
    const row = await this.db.transaction(async (tx) => {
      const request = await this.requirePendingDeletionRequest(tx, actor.workspaceId, requestId);
      const now = this.clock.now();
      const erased = await this.customers.eraseInTransaction(tx, actor.workspaceId, request.customerId);
      const account = await this.repository.findAccount(tx, actor.workspaceId, request.accountId, true);
      if (account && !account.closedAt) {
        await this.repository.updateAccount(tx, actor.workspaceId, account.id, { closedAt: now, email: null, passwordHash: null });
        await this.repository.revokeSessionsOfAccount(tx, actor.workspaceId, account.id);
        if (account.email) await this.repository.deleteLinksOfEmail(tx, actor.workspaceId, account.email);
      }
      const decided = await this.repository.updateDeletionRequest(tx, actor.workspaceId, request.id, {
        status: 'confirmed',
        decidedByUserId: actor.userId,
        decidedAt: now,
        customerName: erased.name,
        customerEmail: null,
      });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'privacy.deletion_confirmed',
        targetType: 'customer',
        targetId: request.customerId,
        details: { requestId: request.id },
      });
      return decided;
    });
    this.outbox.nudge();
    return presentDeletionRequest(row);
  }

  async rejectDeletion(actor: Actor, requestId: string, reason: string): Promise<TDeletionRequest> {
    requireAccess(actor, 'privacy.manage');
    const row = await this.db.transaction(async (tx) => {
      const request = await this.requirePendingDeletionRequest(tx, actor.workspaceId, requestId);
      const decided = await this.repository.updateDeletionRequest(tx, actor.workspaceId, request.id, {
        status: 'rejected',
        rejectionReason: reason,
        decidedByUserId: actor.userId,
        decidedAt: this.clock.now(),
      });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'privacy.deletion_rejected',
        targetType: 'customer',
        targetId: request.customerId,
        details: { requestId: request.id, reason },
      });
      return decided;
    });
    return presentDeletionRequest(row);
  }

  private async requireDeletionRequest(executor: Executor, workspaceId: string, requestId: string, lock = false): Promise<PortalDeletionRequestRow> {
    const row = await this.repository.findDeletionRequest(executor, workspaceId, requestId, lock);
    if (!row) throw new AppError(PortalErrorCode.DeletionRequestNotFound, 'No such deletion request in this workspace.');
    return row;
  }

  private async requirePendingDeletionRequest(tx: Executor, workspaceId: string, requestId: string): Promise<PortalDeletionRequestRow> {
    const row = await this.requireDeletionRequest(tx, workspaceId, requestId, true);
    if (row.status !== 'pending') throw new AppError(PortalErrorCode.DeletionRequestDecided, `This request was already ${row.status}.`);
    return row;
  }
}

function viewerFrom(account: PortalAccountRow, name: string): PortalViewer {
  return {
    accountId: account.id,
    customerId: account.customerId,
    workspaceId: account.workspaceId,
    name,
    email: account.email ?? '',
    language: languageOf(account.language),
  };
}

function presentDeletionStatus(row: PortalDeletionRequestRow): PortalDeletionStatus {
  return {
    status: row.status as DeletionRequestStatus,
    requestedAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    rejectionReason: row.rejectionReason,
  };
}

function presentDeletionRequest(row: PortalDeletionRequestRow): TDeletionRequest {
  return {
    id: row.id,
    customerId: row.customerId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    status: row.status as DeletionRequestStatus,
    rejectionReason: row.rejectionReason,
    decidedByUserId: row.decidedByUserId,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function languageOf(value: string | null | undefined): PortalLanguage {
  return value === 'fr' ? 'fr' : 'en';
}
