import type { Database, Executor } from '../../../db/database.js';
import type { Clock } from '../../../shared/clock.js';
import { interruptibleSleep } from '../../../shared/sleep.js';
import { AppError, SatisfactionErrorCode, validationError } from '../../../shared/errors.js';
import { decodeTypedCursor, toPage } from '../../../shared/pagination.js';
import type { AuditService } from '../../audit/audit.service.js';
import { requireAccess, type Actor } from '../../auth/permissions.js';
import type { OutboxService } from '../../events/outbox.service.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { NpsCounts, NpsRepository, NpsSettingsRow, NpsSurveyRow } from './nps.repository.js';
import {
  categoryOf,
  DEFAULT_NPS_SETTINGS,
  NPS_LINK_DAYS,
  type TNpsForm,
  type TNpsResults,
  type TNpsResultsQuery,
  type TNpsSettings,
  type TUpdateNpsSettingsRequest,
} from './nps.schema.js';
import type { NpsLink, NpsTokens } from './nps.tokens.js';

const DAY_MS = 24 * 3600_000;
/** Surveys one sweep sends per workspace at most; the rest go out on the next sweeps. */
const SWEEP_BATCH = 200;
const DEFAULT_RESULTS_DAYS = 90;

/** How the survey email leaves: through outgoing mail, as a durable delivery of the `nps_survey` template. */
/** A period's NPS: the counts, the share answered (null when none was sent), the score (null without answers). */
export type NpsSummary = NpsCounts & { responseRate: number | null; score: number | null };

export interface NpsSurveyMailer {
  readonly isSendingEnabled: boolean;
  /** Queues the survey's email to the customer of that resolved ticket, in the caller's transaction. */
  queueNpsSurvey(tx: Executor, survey: { workspaceId: string; ticketId: string; surveyId: string }): Promise<void>;
  /** Whether outgoing mail's business hours (in their time zone) hold this instant. */
  isWithinBusinessHours(executor: Executor, workspaceId: string, at: Date): Promise<boolean>;
}

/** What the public page shows: whose survey, and the answer given so far. */
export interface NpsSurveyView {
  token: string;
  language: 'en' | 'fr';
  workspaceName: string;
  score: number | null;
  comment: string | null;
  expiresAt: Date;
}

/**
 * Net Promoter Score surveys: on a schedule, customers whose ticket was resolved recently (and who were not asked
 * within the interval) get one email asking how likely they are to recommend the workspace, 0 to 10. They answer on
 * a public page through a signed link; managers read the score, the response rate and the comments.
 */
export class NpsService {
  constructor(
    private readonly db: Database,
    private readonly repository: NpsRepository,
    private readonly tokens: NpsTokens,
    private readonly workspaces: WorkspacesService,
    private readonly mailer: NpsSurveyMailer,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Where customers reach the server (PUBLIC_URL), without a trailing slash. */
    private readonly publicBaseUrl: string,
  ) {}

  // ─── Settings ───────────────────────────────────────────────────────────────────────────────────────────

  async getSettings(actor: Actor): Promise<TNpsSettings> {
    requireAccess(actor, 'settings.read');
    return this.present(await this.repository.findSettings(this.db, actor.workspaceId));
  }

  async updateSettings(actor: Actor, changes: TUpdateNpsSettingsRequest): Promise<TNpsSettings> {
    requireAccess(actor, 'settings.manage');
    await this.db.transaction(async (tx) => {
      const current = this.present(await this.repository.findSettings(tx, actor.workspaceId));
      await this.repository.upsertSettings(tx, {
        workspaceId: actor.workspaceId,
        isEnabled: changes.isEnabled ?? current.isEnabled,
        intervalDays: changes.intervalDays ?? current.intervalDays,
        recentResolutionDays: changes.recentResolutionDays ?? current.recentResolutionDays,
        isBusinessHoursOnly: changes.isBusinessHoursOnly ?? current.isBusinessHoursOnly,
      });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'nps.settings_updated', targetType: 'workspace', targetId: actor.workspaceId, details: { changed: Object.keys(changes) } });
    });
    return this.getSettings(actor);
  }

  private present(row: NpsSettingsRow | undefined): TNpsSettings {
    return {
      isEnabled: row?.isEnabled ?? DEFAULT_NPS_SETTINGS.isEnabled,
      intervalDays: row?.intervalDays ?? DEFAULT_NPS_SETTINGS.intervalDays,
      recentResolutionDays: row?.recentResolutionDays ?? DEFAULT_NPS_SETTINGS.recentResolutionDays,
      isBusinessHoursOnly: row?.isBusinessHoursOnly ?? DEFAULT_NPS_SETTINGS.isBusinessHoursOnly,
      isSendingEnabled: this.mailer.isSendingEnabled,
    };
  }

  // ─── The sweep ──────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends the surveys that are due, workspace by workspace, each in one transaction that holds the workspace's
   * settings row: a node that finds it held skips the workspace, and once the transaction commits the customers it
   * surveyed are no longer eligible, so two nodes never send a customer two surveys. Answers how many were sent.
   */
  async sweep(): Promise<number> {
    let sent = 0;
    for (const workspaceId of await this.repository.listEnabledWorkspaceIds(this.db)) {
      sent += await this.db.transaction(async (tx) => {
        const settings = await this.repository.lockEnabledSettings(tx, workspaceId);
        if (!settings) return 0;
        const now = this.clock.now();
        if (settings.isBusinessHoursOnly && !(await this.mailer.isWithinBusinessHours(tx, workspaceId, now))) return 0;
        const eligible = await this.repository.listEligible(tx, workspaceId, {
          resolvedSince: new Date(now.getTime() - settings.recentResolutionDays * DAY_MS),
          surveyedSince: new Date(now.getTime() - settings.intervalDays * DAY_MS),
          limit: SWEEP_BATCH,
        });
        // Whole seconds: the token carries the expiry to the second, and the stored one must be the same instant.
        const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + NPS_LINK_DAYS * DAY_MS);
        for (const customer of eligible) {
          const survey = await this.repository.insertSurvey(tx, {
            workspaceId,
            customerId: customer.customerId,
            ticketId: customer.ticketId,
            language: (customer.customerLanguage ?? customer.ticketLanguage) === 'fr' ? 'fr' : 'en',
            sentAt: now,
            expiresAt,
          });
          await this.mailer.queueNpsSurvey(tx, { workspaceId, ticketId: customer.ticketId, surveyId: survey.id });
        }
        return eligible.length;
      });
    }
    if (sent > 0) this.outbox.nudge();
    return sent;
  }

  async runSweep(signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(intervalMs, signal).done;
    }
  }

  // ─── Links and the public page ──────────────────────────────────────────────────────────────────────────

  urlOf(link: NpsLink): string {
    return `${this.publicBaseUrl}/nps/${this.tokens.issue(link)}`;
  }

  /** The link of a survey already sent (to render its email again, identically, on a retry). */
  async findLink(executor: Executor, workspaceId: string, surveyId: string): Promise<string | undefined> {
    const row = await this.repository.findSurvey(executor, workspaceId, surveyId);
    return row ? this.urlOf({ workspaceId, surveyId, expiresAt: row.expiresAt, language: row.language === 'fr' ? 'fr' : 'en' }) : undefined;
  }

  /** The survey a link opens. Refused when the token is forged or altered, expired, or its survey is gone. */
  async open(token: string): Promise<NpsSurveyView> {
    const { link, row } = await this.requireOpenSurvey(this.db, token);
    return this.viewOf(token, link, row);
  }

  /** Stores the customer's answer (`nps.responded`); a second answer through a valid link replaces the first. */
  async answer(token: string, form: TNpsForm): Promise<NpsSurveyView> {
    const view = await this.db.transaction(async (tx) => {
      const { link, row } = await this.requireOpenSurvey(tx, token);
      const saved = await this.repository.saveAnswer(tx, link.workspaceId, link.surveyId, { score: form.score, comment: form.comment, answeredAt: this.clock.now() });
      await this.outbox.record(tx, link.workspaceId, 'nps.responded', {
        surveyId: row.id,
        customerId: row.customerId,
        ticketId: row.ticketId,
        score: form.score,
        category: categoryOf(form.score),
        comment: form.comment,
        isChange: row.score !== null,
      });
      return this.viewOf(token, link, saved!, tx);
    });
    this.outbox.nudge();
    return view;
  }

  /** The language a token's page opens in, when the token can be read at all (for its error page). */
  languageOf(token: string): 'en' | 'fr' | undefined {
    const reading = this.tokens.read(token);
    return reading.isValid ? reading.link.language : undefined;
  }

  private async requireOpenSurvey(executor: Executor, token: string): Promise<{ link: NpsLink; row: NpsSurveyRow }> {
    const reading = this.tokens.read(token);
    if (!reading.isValid) throw new AppError(SatisfactionErrorCode.LinkInvalid, 'This survey link is not valid.');
    const { link } = reading;
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) throw new AppError(SatisfactionErrorCode.LinkExpired, 'This survey link has expired.');
    const row = await this.repository.findSurvey(executor, link.workspaceId, link.surveyId);
    if (!row) throw new AppError(SatisfactionErrorCode.SurveyNotFound, 'This survey no longer exists.');
    return { link, row };
  }

  private async viewOf(token: string, link: NpsLink, row: NpsSurveyRow, executor: Executor = this.db): Promise<NpsSurveyView> {
    const workspace = await this.workspaces.get(link.workspaceId, executor);
    return { token, language: link.language, workspaceName: workspace.name, score: row.score, comment: row.comment, expiresAt: link.expiresAt };
  }

  // ─── Results ────────────────────────────────────────────────────────────────────────────────────────────

  /** The counts, response rate and score of the surveys sent in [from, to), in one language or all (analytics read it too). */
  async summarize(workspaceId: string, period: { from: Date; to: Date; language?: 'en' | 'fr' }): Promise<NpsSummary> {
    const counts = await this.repository.countResults(this.db, workspaceId, period.from, period.to, period.language);
    return {
      ...counts,
      responseRate: counts.sent === 0 ? null : counts.responses / counts.sent,
      score: counts.responses === 0 ? null : Math.round(((counts.promoters - counts.detractors) / counts.responses) * 1000) / 10,
    };
  }

  /** The score of the surveys sent in a period, how many were answered, and the answers, latest first. */
  async getResults(actor: Actor, query: TNpsResultsQuery): Promise<TNpsResults> {
    requireAccess(actor, 'satisfaction.read');
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RESULTS_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) throw validationError('from', '`from` must be before `to`.');
    let after: { answeredAt: Date; id: string } | undefined;
    if (query.cursor) {
      const [answeredAt, id] = decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) as [string, string];
      after = { answeredAt: new Date(answeredAt), id };
    }
    const summary = await this.summarize(actor.workspaceId, { from, to });
    const rows = await this.repository.listAnswers(this.db, actor.workspaceId, { from, to, limit: query.limit, after });
    const page = toPage(rows, query.limit, (row) => [row.survey.answeredAt!.toISOString(), row.survey.id]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...summary,
      answers: {
        data: page.data.map(({ survey, customerName }) => ({
          surveyId: survey.id,
          customerId: survey.customerId,
          customerName,
          score: survey.score!,
          category: categoryOf(survey.score!),
          comment: survey.comment,
          language: survey.language === 'fr' ? 'fr' : 'en',
          sentAt: survey.sentAt.toISOString(),
          answeredAt: survey.answeredAt!.toISOString(),
        })),
        nextCursor: page.nextCursor,
      },
    };
  }
}
