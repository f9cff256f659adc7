import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AnalyticsErrorCode, AppError, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page, type TPageQuery } from '../../shared/pagination.js';
import { interruptibleSleep } from '../../shared/sleep.js';
import { can, isRole, type Actor } from '../auth/permissions.js';
import type { Mailer } from '../channels/email/email-outbound.mailer.js';
import { escapeHtml } from '../channels/email/email-templates.render.js';
import type { EmailService } from '../channels/email/email.service.js';
import { defineJob, type JobDefinition } from '../jobs/jobs.definitions.js';
import type { JobQueue } from '../jobs/jobs.queue.js';
import type { UsersService } from '../users/users.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { METRICS } from './analytics-catalog.js';
import { exportFileName, reportToCsv, reportToXlsx } from './analytics-export.js';
import { formatValue, reportToPdf } from './analytics-pdf.js';
import type { AnalyticsReportsService } from './analytics-reports.service.js';
import type { AnalyticsLibraryRepository, SavedReportRow, ScheduleRow } from './analytics-library.repository.js';
import type {
  AnalyticsMetric,
  StandardReportKey,
  TAnalyticsQuery,
  TCreateSavedReportRequest,
  TCreateScheduleRequest,
  TReportResult,
  TSavedReport,
  TSchedule,
  TScheduleRun,
  TUpdateSavedReportRequest,
  TUpdateScheduleRequest,
} from './analytics.schema.js';

type Frequency = TSchedule['frequency'];
/** Scheduled reports leave at this hour of the workspace's day, for the last whole period. */
const SEND_HOUR = 7;
const DUE_BATCH = 20;

const ZDeliverReport = z.object({ scheduleId: z.uuid(), runAt: z.iso.datetime() });

/** The instant after `after` when a schedule runs next: 07:00 local, every day, on Mondays, or on the 1st. */
export function nextRunAfter(frequency: Frequency, after: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(after, { zone: timeZone });
  const unit = frequency === 'daily' ? 'day' : frequency === 'weekly' ? 'week' : 'month';
  let candidate = local.startOf(unit).set({ hour: SEND_HOUR });
  while (candidate <= local) candidate = candidate.plus({ [`${unit}s`]: 1 }).startOf(unit).set({ hour: SEND_HOUR });
  return candidate.toJSDate();
}

/** The whole period a run at `runAt` reports on: the day, week (Monday to Monday) or month before it. */
export function periodBefore(frequency: Frequency, runAt: Date, timeZone: string): { from: Date; to: Date } {
  const unit = frequency === 'daily' ? 'day' : frequency === 'weekly' ? 'week' : 'month';
  const to = DateTime.fromJSDate(runAt, { zone: timeZone }).startOf(unit);
  return { from: to.minus({ [`${unit}s`]: 1 }).toJSDate(), to: to.toJSDate() };
}

/**
 * Saved custom reports (one's own, or shared with a team) and scheduled deliveries by email, some of them alerts
 * sent only when a total crosses a threshold. A schedule runs as its owner: the recipients get the numbers the owner
 * may see. The sweep queues a durable job per due run (keyed by the run, so a run is sent once).
 */
export class AnalyticsLibraryService {
  readonly deliverJob: JobDefinition<z.infer<typeof ZDeliverReport>>;

  constructor(
    private readonly db: Database,
    private readonly repository: AnalyticsLibraryRepository,
    private readonly reports: AnalyticsReportsService,
    private readonly users: UsersService,
    private readonly workspaces: WorkspacesService,
    private readonly email: EmailService,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer | undefined,
    private readonly clock: Clock,
    private readonly mailDomain: string,
  ) {
    this.deliverJob = defineJob({
      name: 'analytics.deliver-report',
      version: 1,
      payload: ZDeliverReport,
      retry: { limit: 5, delaySeconds: 60, backoff: 'exponential' },
      timeoutSeconds: 120,
      concurrency: 2,
      handler: async (payload, context) => {
        await this.deliver(context.workspaceId, payload.scheduleId, new Date(payload.runAt), context.signal);
      },
    });
  }

  // ── Saved reports ─────────────────────────────────────────────────────────────────────────────────────

  async listSavedReports(actor: Actor, query: TPageQuery): Promise<Page<TSavedReport>> {
    const teamIds = await this.users.findTeamIdsOfUser(this.db, actor.workspaceId, actor.userId);
    const rows = await this.repository.listSavedReports(this.db, actor.workspaceId, actor.role === 'admin' ? undefined : { ownerId: actor.userId, teamIds }, { after: afterOf(query.cursor), limit: query.limit + 1 });
    const page = toPage(rows, query.limit, (row) => [row.name, row.id]);
    return { data: page.data.map((row) => presentSavedReport(row, actor)), nextCursor: page.nextCursor };
  }

  async getSavedReport(actor: Actor, reportId: string): Promise<TSavedReport> {
    return presentSavedReport(await this.requireVisible(actor, reportId), actor);
  }

  async createSavedReport(actor: Actor, input: TCreateSavedReportRequest): Promise<TSavedReport> {
    await this.checkSharing(actor, input.sharedTeamId);
    const row = await this.repository.insertSavedReport(this.db, { workspaceId: actor.workspaceId, ownerId: actor.userId, name: input.name, definition: input.definition, sharedTeamId: input.sharedTeamId });
    return presentSavedReport(row, actor);
  }

  async updateSavedReport(actor: Actor, reportId: string, changes: TUpdateSavedReportRequest): Promise<TSavedReport> {
    const row = await this.requireOwned(actor, reportId);
    if (changes.sharedTeamId !== undefined) await this.checkSharing(actor, changes.sharedTeamId);
    const updated = await this.repository.updateSavedReport(this.db, actor.workspaceId, row.id, { ...changes, updatedAt: this.clock.now() });
    return presentSavedReport(updated!, actor);
  }

  async deleteSavedReport(actor: Actor, reportId: string): Promise<void> {
    const row = await this.requireOwned(actor, reportId);
    await this.repository.deleteSavedReport(this.db, actor.workspaceId, row.id);
  }

  async runSavedReport(actor: Actor, reportId: string, query: TAnalyticsQuery): Promise<TReportResult> {
    const row = await this.requireVisible(actor, reportId);
    const result = await this.reports.runCustomReport(actor, row.definition, query);
    return { ...result, title: { en: row.name, fr: row.name } };
  }

  async exportSavedReport(actor: Actor, reportId: string, query: TAnalyticsQuery, format: 'csv' | 'xlsx' | 'pdf') {
    const row = await this.requireVisible(actor, reportId);
    return this.reports.exportReport(actor, row.definition, query, format, row.name);
  }

  private async checkSharing(actor: Actor, teamId: string | null): Promise<void> {
    if (teamId === null) return;
    if (!can(actor, 'analytics.manage')) throw new AppError(AnalyticsErrorCode.NotReportOwner, 'Only admins and managers share reports with a team.', [{ path: 'sharedTeamId', message: 'requires permission analytics.manage' }]);
    if (!(await this.users.findTeamIds(this.db, actor.workspaceId, [teamId])).has(teamId)) throw validationError('sharedTeamId', 'no such team in this workspace');
  }

  private async requireVisible(actor: Actor, reportId: string): Promise<SavedReportRow> {
    const row = await this.repository.findSavedReport(this.db, actor.workspaceId, reportId);
    if (!row) throw new AppError(AnalyticsErrorCode.SavedReportNotFound, 'No such saved report.');
    if (actor.role === 'admin' || row.ownerId === actor.userId) return row;
    const teamIds = row.sharedTeamId ? await this.users.findTeamIdsOfUser(this.db, actor.workspaceId, actor.userId) : [];
    if (row.sharedTeamId && teamIds.includes(row.sharedTeamId)) return row;
    throw new AppError(AnalyticsErrorCode.SavedReportNotFound, 'No such saved report.');
  }

  private async requireOwned(actor: Actor, reportId: string): Promise<SavedReportRow> {
    const row = await this.requireVisible(actor, reportId);
    if (actor.role !== 'admin' && row.ownerId !== actor.userId) throw new AppError(AnalyticsErrorCode.NotReportOwner, 'Only its owner or an admin changes a saved report.');
    return row;
  }

  // ── Schedules ─────────────────────────────────────────────────────────────────────────────────────────

  async listSchedules(actor: Actor, query: TPageQuery): Promise<Page<TSchedule>> {
    const rows = await this.repository.listSchedules(this.db, actor.workspaceId, actor.role === 'admin' ? undefined : actor.userId, { after: afterOf(query.cursor), limit: query.limit + 1 });
    const page = toPage(rows, query.limit, (row) => [row.name, row.id]);
    return { data: page.data.map(presentSchedule), nextCursor: page.nextCursor };
  }

  async createSchedule(actor: Actor, input: TCreateScheduleRequest): Promise<TSchedule> {
    await this.checkSchedule(actor, input);
    const workspace = await this.workspaces.get(actor.workspaceId);
    const row = await this.repository.insertSchedule(this.db, {
      workspaceId: actor.workspaceId,
      ownerId: actor.userId,
      name: input.name,
      reportKey: input.reportKey,
      savedReportId: input.savedReportId,
      frequency: input.frequency,
      recipientIds: [...new Set(input.recipientIds)],
      format: input.format,
      language: input.language,
      conditionMetric: input.condition?.metric ?? null,
      conditionOperator: input.condition?.operator ?? null,
      conditionThreshold: input.condition?.threshold ?? null,
      isEnabled: input.isEnabled,
      nextRunAt: nextRunAfter(input.frequency, this.clock.now(), workspace.timeZone),
    });
    return presentSchedule(row);
  }

  async updateSchedule(actor: Actor, scheduleId: string, changes: TUpdateScheduleRequest): Promise<TSchedule> {
    const row = await this.requireSchedule(actor, scheduleId);
    const next = { ...presentSchedule(row), ...changes };
    await this.checkSchedule(actor, next);
    const workspace = await this.workspaces.get(actor.workspaceId);
    const updated = await this.repository.updateSchedule(this.db, actor.workspaceId, row.id, {
      name: next.name,
      reportKey: next.reportKey,
      savedReportId: next.savedReportId,
      frequency: next.frequency,
      recipientIds: [...new Set(next.recipientIds)],
      format: next.format,
      language: next.language,
      conditionMetric: next.condition?.metric ?? null,
      conditionOperator: next.condition?.operator ?? null,
      conditionThreshold: next.condition?.threshold ?? null,
      isEnabled: next.isEnabled,
      // A new frequency, or a schedule turned back on, runs next from now (not for a period missed while it was off).
      ...((changes.frequency && changes.frequency !== row.frequency) || (changes.isEnabled && !row.isEnabled) ? { nextRunAt: nextRunAfter(next.frequency, this.clock.now(), workspace.timeZone) } : {}),
      updatedAt: this.clock.now(),
    });
    return presentSchedule(updated!);
  }

  async deleteSchedule(actor: Actor, scheduleId: string): Promise<void> {
    const row = await this.requireSchedule(actor, scheduleId);
    await this.repository.deleteSchedule(this.db, actor.workspaceId, row.id);
  }

  /** Sends the schedule's last whole period now (as its next run would, without moving it). */
  async sendNow(actor: Actor, scheduleId: string): Promise<TScheduleRun> {
    const row = await this.requireSchedule(actor, scheduleId);
    const workspace = await this.workspaces.get(actor.workspaceId);
    const lastBoundary = periodBefore(row.frequency as Frequency, this.clock.now(), workspace.timeZone).to;
    return this.deliver(actor.workspaceId, row.id, lastBoundary, AbortSignal.timeout(120_000));
  }

  private async checkSchedule(actor: Actor, input: { reportKey: string | null; savedReportId: string | null; recipientIds: string[] }): Promise<void> {
    if ((input.reportKey === null) === (input.savedReportId === null)) throw validationError('reportKey', 'name either a standard report (`reportKey`) or a saved report (`savedReportId`)');
    if (input.savedReportId) await this.requireVisible(actor, input.savedReportId);
    const active = await this.users.findActiveUserIds(this.db, actor.workspaceId, input.recipientIds);
    const unknown = input.recipientIds.filter((id) => !active.has(id));
    if (unknown.length > 0) throw validationError('recipientIds', `not active staff of this workspace: ${unknown.join(', ')}`);
  }

  private async requireSchedule(actor: Actor, scheduleId: string): Promise<ScheduleRow> {
    const row = await this.repository.findSchedule(this.db, actor.workspaceId, scheduleId);
    if (!row || (actor.role !== 'admin' && row.ownerId !== actor.userId)) throw new AppError(AnalyticsErrorCode.ScheduleNotFound, 'No such report schedule.');
    return row;
  }

  // ── Delivery ──────────────────────────────────────────────────────────────────────────────────────────

  /** Queues the runs that are due and moves each schedule to its next run, in one transaction. */
  async queueDue(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const due = await this.repository.lockDueSchedules(tx, this.clock.now(), DUE_BATCH);
      for (const row of due) {
        const workspace = await this.workspaces.get(row.workspaceId, tx);
        await this.jobs.enqueue(this.deliverJob, { scheduleId: row.id, runAt: row.nextRunAt.toISOString() }, { workspaceId: row.workspaceId, idempotencyKey: `analytics-schedule:${row.id}:${row.nextRunAt.toISOString()}`, executor: tx });
        const after = new Date(Math.max(this.clock.now().getTime(), row.nextRunAt.getTime()));
        await this.repository.updateSchedule(tx, row.workspaceId, row.id, { nextRunAt: nextRunAfter(row.frequency as Frequency, after, workspace.timeZone) });
      }
      return due.length;
    });
  }

  async runSweep(signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.queueDue();
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(intervalMs, signal).done;
    }
  }

  private async deliver(workspaceId: string, scheduleId: string, runAt: Date, signal: AbortSignal): Promise<TScheduleRun> {
    const row = await this.repository.findSchedule(this.db, workspaceId, scheduleId);
    if (!row) throw new AppError(AnalyticsErrorCode.ScheduleNotFound, 'No such report schedule.');
    const workspace = await this.workspaces.get(workspaceId);
    const period = periodBefore(row.frequency as Frequency, runAt, workspace.timeZone);
    const outcome = await this.render(row, period).catch((error: unknown) => ({ error }));
    const answer = async (status: TScheduleRun['status'], total: number | null, recipients: number, error: string | null = null): Promise<TScheduleRun> => {
      await this.repository.updateSchedule(this.db, workspaceId, row.id, { lastRunAt: this.clock.now(), lastStatus: status, lastError: error });
      return { status, period: { from: period.from.toISOString(), to: period.to.toISOString() }, total, recipients };
    };
    if ('error' in outcome) return answer('failed', null, 0, outcome.error instanceof Error ? outcome.error.message.slice(0, 500) : 'the report could not be made');
    const { result, total, isConditionMet } = outcome;
    if (row.conditionMetric && total === null) return answer('no_data', null, 0);
    if (!isConditionMet) return answer('condition_not_met', total, 0);
    if (!this.mailer) return answer('no_mail_server', total, 0, 'SMTP_URL is not set: nothing was sent');
    const recipients = await this.users.findActiveEmails(this.db, workspaceId, row.recipientIds);
    if (recipients.length === 0) return answer('failed', total, 0, 'none of the recipients is an active staff member with an address');
    const language = row.language === 'fr' ? 'fr' : 'en';
    const file =
      row.format === 'csv'
        ? { filename: exportFileName(result, 'csv'), content: reportToCsv(result, language), contentType: 'text/csv; charset=utf-8' }
        : row.format === 'pdf'
          ? { filename: exportFileName(result, 'pdf'), content: await reportToPdf(result, language), contentType: 'application/pdf' }
          : { filename: exportFileName(result, 'xlsx'), content: await reportToXlsx(result, language), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    const from = this.email.defaultAddressOf(workspace.slug);
    const message = renderScheduleEmail(row, result, language, total);
    await this.mailer.send(
      {
        from: { address: from, name: workspace.name },
        to: recipients.map((recipient) => ({ address: recipient.email, name: recipient.name })),
        cc: [],
        replyTo: from,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `${randomUUID()}@${this.mailDomain}`,
        inReplyTo: null,
        references: [],
        headers: { 'Auto-Submitted': 'auto-generated' },
        returnPath: from,
        attachments: [file],
      },
      signal,
    );
    return answer('sent', total, recipients.length);
  }

  private async render(row: ScheduleRow, period: { from: Date; to: Date }) {
    const owner = await this.users.findActiveUser(this.db, row.workspaceId, row.ownerId);
    if (!owner || !isRole(owner.role)) throw new Error('the schedule’s owner is no longer active');
    const actor: Actor = { workspaceId: row.workspaceId, userId: owner.id, role: owner.role, via: 'token', credentialId: 'schedule' };
    const query: TAnalyticsQuery = { from: period.from.toISOString(), to: period.to.toISOString(), hours: 'business' };
    let result: TReportResult;
    if (row.reportKey) {
      result = await this.reports.runStandardReport(actor, row.reportKey as StandardReportKey, query);
    } else {
      const saved = await this.repository.findSavedReport(this.db, row.workspaceId, row.savedReportId!);
      if (!saved) throw new Error('the saved report was deleted');
      result = { ...(await this.reports.runCustomReport(actor, saved.definition, query)), title: { en: saved.name, fr: saved.name } };
    }
    if (!row.conditionMetric) return { result, total: null, isConditionMet: true };
    const metric = row.conditionMetric as AnalyticsMetric;
    const total = result.totals[metric] ?? (await this.reports.runCustomReport(actor, { metrics: [metric], groupBy: [], filters: result.definition.filters, chart: 'table' }, query)).totals[metric] ?? null;
    const threshold = row.conditionThreshold ?? 0;
    const isConditionMet = total !== null && (row.conditionOperator === 'below' ? total < threshold : total > threshold);
    return { result, total, isConditionMet };
  }
}

/** The (name, id) position a list's cursor holds. */
function afterOf(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [name, id] = decodeTypedCursor(cursor, ['text', 'uuid']);
  return { name: String(name), id: String(id) };
}

function presentSavedReport(row: SavedReportRow, actor: Actor): TSavedReport {
  return {
    id: row.id,
    name: row.name,
    definition: row.definition,
    ownerId: row.ownerId,
    sharedTeamId: row.sharedTeamId,
    isOwn: actor.role === 'admin' || row.ownerId === actor.userId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentSchedule(row: ScheduleRow): TSchedule {
  return {
    id: row.id,
    name: row.name,
    reportKey: row.reportKey as TSchedule['reportKey'],
    savedReportId: row.savedReportId,
    frequency: row.frequency as Frequency,
    recipientIds: row.recipientIds,
    format: row.format as TSchedule['format'],
    language: row.language as TSchedule['language'],
    condition: row.conditionMetric ? { metric: row.conditionMetric as AnalyticsMetric, operator: row.conditionOperator as 'below' | 'above', threshold: row.conditionThreshold ?? 0 } : null,
    isEnabled: row.isEnabled,
    ownerId: row.ownerId,
    nextRunAt: row.nextRunAt.toISOString(),
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastStatus: row.lastStatus as TSchedule['lastStatus'],
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The email of one run: the totals as a small table, the period, the alert's reason, the file attached. */
function renderScheduleEmail(row: ScheduleRow, result: TReportResult, language: 'en' | 'fr', total: number | null): { subject: string; text: string; html: string } {
  const title = result.title[language];
  const fr = language === 'fr';
  const period = `${result.period.from.slice(0, 10)} → ${result.period.to.slice(0, 10)}`;
  const isAlert = row.conditionMetric !== null;
  const spec = isAlert ? METRICS[row.conditionMetric as AnalyticsMetric] : undefined;
  const threshold = spec ? formatValue(row.conditionThreshold, spec.unit, language) : '';
  const value = spec ? formatValue(total, spec.unit, language) : '';
  const alert = spec
    ? fr
      ? `Alerte : ${spec.label.fr} est ${row.conditionOperator === 'below' ? 'sous' : 'au-dessus de'} ${threshold} (${value}).`
      : `Alert: ${spec.label.en} is ${row.conditionOperator === 'below' ? 'below' : 'above'} ${threshold} (${value}).`
    : '';
  const lines = result.columns
    .filter((column) => column.kind === 'metric')
    .map((column) => [column.label[language], result.totals[column.key] === null || result.totals[column.key] === undefined ? (fr ? 'aucune donnée' : 'no data') : formatValue(result.totals[column.key]!, column.unit, language)] as const);
  const subject = isAlert ? `${fr ? 'Alerte' : 'Alert'} · ${row.name} · ${period}` : `${row.name} · ${period}`;
  const flags = result.flags.map((flag) => flag.message[language]);
  const text = [title, period, alert, ...lines.map(([label, value]) => `${label}: ${value}`), ...flags, fr ? 'Le détail est en pièce jointe.' : 'The details are attached.'].filter(Boolean).join('\n');
  const html = `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(period)}</p>${alert ? `<p><strong>${escapeHtml(alert)}</strong></p>` : ''}<table>${lines
    .map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(String(value))}</td></tr>`)
    .join('')}</table>${flags.map((flag) => `<p>⚠ ${escapeHtml(flag)}</p>`).join('')}<p>${fr ? 'Le détail est en pièce jointe.' : 'The details are attached.'}</p>`;
  return { subject, text, html };
}
