import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, SatisfactionErrorCode, TicketErrorCode } from '../../shared/errors.js';
import { requireAccess, type Actor } from '../auth/permissions.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { SatisfactionRepository, SatisfactionRow } from './satisfaction.repository.js';
import { SATISFACTION_LINK_DAYS, type TSatisfactionForm, type TTicketSatisfaction } from './satisfaction.schema.js';
import type { SatisfactionLink, SatisfactionTokens } from './satisfaction.tokens.js';

/** What the public page shows: whose ticket, and the answer given so far. */
export interface SurveyView {
  token: string;
  language: 'en' | 'fr';
  workspaceName: string;
  ticketNumber: number;
  ticketSubject: string;
  rating: number | null;
  comment: string | null;
  expiresAt: Date;
}

/**
 * Customer satisfaction: a survey offered when a ticket is resolved (its link goes out in the resolved
 * notification), answered on a public page without signing in, and read by staff on the ticket.
 */
/** A survey link to send: the ticket, who answers, in which language, and when. */
export interface SurveyOffer {
  workspaceId: string;
  ticketId: string;
  customerId: string | null;
  language: 'en' | 'fr';
  offeredAt: Date;
}

export class SatisfactionService {
  constructor(
    private readonly db: Database,
    private readonly repository: SatisfactionRepository,
    private readonly tokens: SatisfactionTokens,
    private readonly tickets: TicketsService,
    private readonly workspaces: WorkspacesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    /** Where customers reach the server (PUBLIC_URL), without a trailing slash. */
    private readonly publicBaseUrl: string,
  ) {}

  /**
   * Offers the survey of a ticket, in the caller's transaction, and returns its link (event
   * `ticket.satisfaction_offered`). The link expires after 30 days; a later offer (the ticket resolved again) makes
   * a new link and keeps the answer given so far.
   */
  async offer(tx: Executor, offer: SurveyOffer): Promise<{ url: string; expiresAt: Date }> {
    const link = await this.saveOffer(tx, offer);
    // The survey response rate counts the links sent; a chat's rating, asked in its window, is not one.
    await this.outbox.record(tx, offer.workspaceId, 'ticket.satisfaction_offered', {
      ticketId: offer.ticketId,
      customerId: offer.customerId,
      language: offer.language,
      offeredAt: offer.offeredAt.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
    });
    return link;
  }

  private async saveOffer(tx: Executor, offer: SurveyOffer): Promise<{ url: string; expiresAt: Date }> {
    // Whole seconds: the token carries the expiry to the second, and the stored one must be the same instant.
    const expiresAt = new Date(Math.floor(offer.offeredAt.getTime() / 1000) * 1000 + SATISFACTION_LINK_DAYS * 24 * 3600_000);
    await this.repository.upsertOffer(tx, { ...offer, expiresAt });
    return { url: this.urlOf({ workspaceId: offer.workspaceId, ticketId: offer.ticketId, expiresAt, language: offer.language }), expiresAt };
  }

  /** The link of an offer already made (to render its email again, identically, on a retry). */
  async findLink(executor: Executor, workspaceId: string, ticketId: string): Promise<string | undefined> {
    const row = await this.repository.findByTicket(executor, workspaceId, ticketId);
    return row ? this.urlOf({ workspaceId, ticketId, expiresAt: row.expiresAt, language: row.language === 'fr' ? 'fr' : 'en' }) : undefined;
  }

  urlOf(link: SatisfactionLink): string {
    return `${this.publicBaseUrl}/satisfaction/${this.tokens.issue(link)}`;
  }

  /** The survey a link opens. Refused when the token is forged or altered, expired, or its ticket is gone. */
  async open(token: string): Promise<SurveyView> {
    const { link, row } = await this.requireOpenSurvey(this.db, token);
    return this.viewOf(token, link, row);
  }

  /** Stores the customer's answer; a second answer through a valid link replaces the first. */
  async rate(token: string, form: TSatisfactionForm): Promise<SurveyView> {
    const view = await this.db.transaction(async (tx) => {
      const { link, row } = await this.requireOpenSurvey(tx, token);
      const saved = await this.repository.saveRating(tx, link.workspaceId, link.ticketId, { rating: form.rating, comment: form.comment, ratedAt: this.clock.now() });
      await this.recordRated(tx, { workspaceId: link.workspaceId, ticketId: link.ticketId, customerId: row.customerId, rating: form.rating, comment: form.comment, isChange: row.rating !== null });
      return this.viewOf(token, link, saved!, tx);
    });
    this.outbox.nudge();
    return view;
  }

  /**
   * A rating given in the chat window at the end of a chat, by its visitor: the survey is offered and answered at
   * once, in the caller's transaction; a second rating of the same chat replaces the first.
   */
  async rateInChat(tx: Executor, rating: { workspaceId: string; ticketId: string; customerId: string | null; language: 'en' | 'fr'; rating: number; comment: string | null }): Promise<void> {
    const now = this.clock.now();
    const before = await this.repository.findByTicket(tx, rating.workspaceId, rating.ticketId);
    await this.saveOffer(tx, { workspaceId: rating.workspaceId, ticketId: rating.ticketId, customerId: rating.customerId, language: rating.language, offeredAt: now });
    await this.repository.saveRating(tx, rating.workspaceId, rating.ticketId, { rating: rating.rating, comment: rating.comment, ratedAt: now });
    await this.recordRated(tx, { ...rating, isChange: before?.rating !== null && before?.rating !== undefined });
  }

  /** The `ticket.satisfaction_rated` event of an answer just saved. */
  private async recordRated(tx: Executor, rated: { workspaceId: string; ticketId: string; customerId: string | null; rating: number; comment: string | null; isChange: boolean }): Promise<void> {
    const ticket = await this.tickets.require(tx, rated.workspaceId, rated.ticketId);
    await this.outbox.record(tx, rated.workspaceId, 'ticket.satisfaction_rated', {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: rated.customerId,
      rating: rated.rating,
      comment: rated.comment,
      isChange: rated.isChange,
    });
  }

  async getForTicket(actor: Actor, ticketIdOrNumber: string): Promise<TTicketSatisfaction> {
    requireAccess(actor, 'tickets.read');
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const row = await this.repository.findByTicket(this.db, actor.workspaceId, ticket.id);
    return {
      ticketId: ticket.id,
      state: !row ? 'not_offered' : row.rating === null ? 'offered' : 'rated',
      rating: row?.rating ?? null,
      comment: row?.comment ?? null,
      language: row ? (row.language === 'fr' ? 'fr' : 'en') : null,
      offeredAt: row?.offeredAt.toISOString() ?? null,
      expiresAt: row?.expiresAt.toISOString() ?? null,
      ratedAt: row?.ratedAt?.toISOString() ?? null,
    };
  }

  /** The satisfaction answers a customer gave, by ticket (their copy of their data). */
  async listAnswersOfCustomer(workspaceId: string, customerId: string): Promise<Array<{ ticketId: string; rating: number; comment: string | null; ratedAt: string }>> {
    const rows = await this.repository.listRatedOfCustomer(this.db, workspaceId, customerId);
    return rows.map((row) => ({ ticketId: row.ticketId, rating: row.rating!, comment: row.comment, ratedAt: row.ratedAt!.toISOString() }));
  }

  /** The language a token's page opens in, when the token can be read at all (for its error page). */
  languageOf(token: string): 'en' | 'fr' | undefined {
    const reading = this.tokens.read(token);
    return reading.isValid ? reading.link.language : undefined;
  }

  private async requireOpenSurvey(executor: Executor, token: string): Promise<{ link: SatisfactionLink; row: SatisfactionRow }> {
    const reading = this.tokens.read(token);
    if (!reading.isValid) throw new AppError(SatisfactionErrorCode.LinkInvalid, 'This satisfaction link is not valid.');
    const { link } = reading;
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) throw new AppError(SatisfactionErrorCode.LinkExpired, 'This satisfaction link has expired.');
    const row = await this.repository.findByTicket(executor, link.workspaceId, link.ticketId);
    if (!row) throw new AppError(SatisfactionErrorCode.SurveyNotFound, 'This survey no longer exists.');
    return { link, row };
  }

  private async viewOf(token: string, link: SatisfactionLink, row: SatisfactionRow, executor: Executor = this.db): Promise<SurveyView> {
    const ticket = await this.tickets.require(executor, link.workspaceId, link.ticketId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === TicketErrorCode.TicketNotFound) throw new AppError(SatisfactionErrorCode.SurveyNotFound, 'This survey no longer exists.');
      throw error;
    });
    const workspace = await this.workspaces.get(link.workspaceId, executor);
    return {
      token,
      language: link.language,
      workspaceName: workspace.name,
      ticketNumber: ticket.number,
      ticketSubject: ticket.subject,
      rating: row.rating,
      comment: row.comment,
      expiresAt: link.expiresAt,
    };
  }
}
