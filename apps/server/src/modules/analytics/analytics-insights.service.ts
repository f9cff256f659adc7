import { DateTime } from 'luxon';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Actor } from '../auth/permissions.js';
import { DEFAULT_BOT_LEXICONS } from '../bot/bot-lexicons.js';
import type { CommentsService } from '../comments/comments.service.js';
import { detectLanguage } from '../bot/bot.text.js';
import type { DomainEvent } from '../events/events.js';
import type { TicketTextFilter } from '../tickets/tickets.repository.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { dayOf, ticketIdOf } from './analytics-facts.js';
import {
  CHANNEL_LABELS,
  clusterTopics,
  detectSpikes,
  forecastDailyVolume,
  formatPercent,
  NEGATIVE_SENTIMENT,
  ownTextOf,
  scoreSentiment,
  summarizeSentiment,
  type Bilingual,
  type SentimentDay,
  type VolumeSeries,
} from './analytics-insights.js';
import type { TAnalyticsInsights, TAnalyticsInsightsQuery } from './analytics-insights.schema.js';
import type { Scope } from './analytics-query.js';
import type { AnalyticsReportsService } from './analytics-reports.service.js';
import type { AnalyticsSentimentRepository, SentimentDayRow, SentimentDelta, SentimentMessageRow } from './analytics-sentiment.repository.js';
import type { TAnalyticsFilters, TDataFlag, TReportDefinition, TReportResult } from './analytics.schema.js';

/** Recent days judged for spikes, and the sentiment trend's "last days". */
const RECENT_DAYS = 7;
/** Tickets read to find topics: the newest of the period. */
const TOPIC_TICKETS = 1000;
const NO_CATEGORY: Bilingual = { en: 'No category', fr: 'Sans catégorie' };
/** A rebuild rescores the messages of the longest period a report reads. */
const REBUILD_DAYS = 400;
const REBUILD_TICKETS_PER_PAGE = 500;
const REBUILD_MESSAGES_PER_WRITE = 1000;

interface CustomerComment {
  id: string;
  ticketId: string;
  body: string;
  authorType: string;
  createdAt: string;
}

/**
 * What the figures suggest, in plain words: the next two weeks' volume, spikes of volume by category and channel,
 * what recent tickets are about, and the mood of customers' messages, within the caller's scope. Volumes are read
 * through the reports (rollups or facts, scoped the same way); ticket texts through the tickets service; the
 * sentiment of each customer message is scored when its `comment.created` is dispatched.
 */
export class AnalyticsInsightsService {
  constructor(
    private readonly db: Database,
    private readonly repository: AnalyticsSentimentRepository,
    private readonly reports: AnalyticsReportsService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly workspaces: WorkspacesService,
    private readonly clock: Clock,
  ) {}

  /**
   * The dispatch listener: scores customers' new messages (once per comment, however often the event comes) and
   * forgets those of deleted tickets. Runs after the facts' listener, whose rows give a message its channel.
   */
  async handleEvents(events: DomainEvent[], tx: Executor): Promise<void> {
    const byWorkspace = new Map<string, { comments: CustomerComment[]; deletedTicketIds: string[] }>();
    const of = (workspaceId: string) => byWorkspace.get(workspaceId) ?? byWorkspace.set(workspaceId, { comments: [], deletedTicketIds: [] }).get(workspaceId)!;
    for (const event of events) {
      if (event.type === 'comment.created') {
        const comment = (event.data as { comment?: Partial<CustomerComment> }).comment;
        if (comment?.authorType === 'customer' && typeof comment.body === 'string' && comment.id && comment.ticketId && comment.createdAt) of(event.workspaceId).comments.push(comment as CustomerComment);
      } else if (event.type === 'ticket.deleted') {
        const ticketId = ticketIdOf(event);
        if (ticketId) of(event.workspaceId).deletedTicketIds.push(ticketId);
      }
    }
    for (const [workspaceId, { comments, deletedTicketIds }] of byWorkspace) {
      await this.record(tx, workspaceId, comments);
      const removed = await this.repository.deleteMessagesOfTickets(tx, workspaceId, deletedTicketIds);
      await this.repository.applyDailyDeltas(tx, sumSentimentDeltas(removed.map((row) => deltaOf(row, -1))));
    }
  }

  /**
   * Rescores the workspace's customer messages of the last 400 days from the record, after its facts (whose rows
   * give the channels): for a history written without the dispatch (the demo's), a workspace older than these
   * figures, or days to put in a new time zone. In the caller's transaction when given one.
   */
  async rebuildSentiment(workspaceId: string, executor?: Executor): Promise<{ messages: number }> {
    if (!executor) return this.db.transaction((tx) => this.rebuildSentiment(workspaceId, tx));
    await this.repository.clearWorkspace(executor, workspaceId);
    const since = new Date(this.clock.now().getTime() - REBUILD_DAYS * 86_400_000);
    // Ticket by ticket (their comments through the ticket index): paging the comments themselves by id read a random
    // page of the table for each message.
    let afterNumber = 0;
    let messages = 0;
    for (;;) {
      const tickets = await this.tickets.listIdsAfter(workspaceId, afterNumber, REBUILD_TICKETS_PER_PAGE, executor);
      if (tickets.length === 0) break;
      const texts = await this.comments.listCustomerTextsOfTickets(workspaceId, tickets.map((ticket) => ticket.id), since, executor);
      // Written a thousand at a time: a statement holds at most 65,535 parameters, and a ticket may have many messages.
      for (let start = 0; start < texts.length; start += REBUILD_MESSAGES_PER_WRITE) {
        const slice = texts.slice(start, start + REBUILD_MESSAGES_PER_WRITE);
        messages += await this.record(executor, workspaceId, slice.map((comment) => ({ ...comment, authorType: 'customer', createdAt: comment.createdAt.toISOString() })));
      }
      afterNumber = tickets[tickets.length - 1]!.number;
    }
    return { messages };
  }

  /** Scores messages not recorded yet and adds them to the daily sums; answers how many were new. */
  private async record(tx: Executor, workspaceId: string, comments: CustomerComment[]): Promise<number> {
    if (comments.length === 0) return 0;
    const workspace = await this.workspaces.get(workspaceId, tx);
    const tickets = await this.repository.findTicketDimensions(tx, workspaceId, [...new Set(comments.map((comment) => comment.ticketId))]);
    const rows = comments.map((comment): SentimentMessageRow => {
      const ticket = tickets.get(comment.ticketId);
      const text = ownTextOf(comment.body);
      const fallback = (ticket?.language ?? workspace.defaultLanguage) === 'fr' ? 'fr' : 'en';
      const language = detectLanguage(text, DEFAULT_BOT_LEXICONS, fallback);
      const writtenAt = new Date(comment.createdAt);
      return { commentId: comment.id, workspaceId, ticketId: comment.ticketId, writtenAt, day: dayOf(writtenAt, workspace.timeZone), language, channel: ticket?.channel ?? 'unknown', score: scoreSentiment(text, language).score };
    });
    const inserted = await this.repository.insertMessages(tx, rows);
    await this.repository.applyDailyDeltas(tx, sumSentimentDeltas(inserted.map((row) => deltaOf(row, 1))));
    return inserted.length;
  }

  async getInsights(actor: Actor, query: TAnalyticsInsightsQuery): Promise<TAnalyticsInsights> {
    const workspace = await this.workspaces.get(actor.workspaceId);
    const timeZone = workspace.timeZone;
    const asOf = DateTime.fromJSDate(query.to ? new Date(query.to) : this.clock.now(), { zone: timeZone });
    // The first day not over: the forecast starts there, and a spike of it so far counts.
    const today = asOf.startOf('day');
    const end = asOf.toMillis() === today.toMillis() ? today : today.plus({ days: 1 });
    const start = today.minus({ weeks: query.weeks });
    const filters = filtersOf(query);
    const scope = await this.reports.scopeOf(actor);
    const period = { from: start.toISO()!, to: end.toISO()!, hours: 'calendar' as const, ...filters };
    const run = (groupBy: TReportDefinition['groupBy']) => this.reports.runCustomReport(actor, { metrics: ['created'], groupBy, filters: {}, chart: 'table' }, period);
    const byDay = await run(['day']);
    const byCategory = await run(['day', 'category']);
    const byChannel = await run(['day', 'channel']);

    const days = byDay.rows.map((row) => ({ date: String(row.day), count: Number(row.created ?? 0) }));
    const dates = days.map((day) => day.date);
    const history = days.filter((day) => day.date < today.toISODate()!);
    const forecast = forecastDailyVolume(history, { startDate: today.toISODate()!, historyWeeks: query.weeks });

    const spikes = detectSpikes([...seriesOf(byCategory, 'category', dates), ...seriesOf(byChannel, 'channel', dates)], { fromDate: end.minus({ days: RECENT_DAYS }).toISODate()! });

    const texts = await this.tickets.listTextsCreatedBetween(actor.workspaceId, end.minus({ days: query.topicDays }).toJSDate(), end.toJSDate(), TOPIC_TICKETS, { ...ticketScopeOf(scope), ...filters });
    const topics = clusterTopics(texts, { periodDays: query.topicDays });

    const isDailyEnough = scope.kind === 'workspace' && !filters.priority?.length && !filters.type?.length && !filters.category?.length && !filters.teamId?.length && !filters.agentId?.length;
    const sentimentRows = isDailyEnough
      ? await this.repository.listDaily(this.db, actor.workspaceId, start.toISODate()!, end.toISODate()!, { channel: filters.channel, language: filters.language })
      : await this.repository.listDailyOfTickets(this.db, actor.workspaceId, start.toJSDate(), end.toJSDate(), timeZone, filters, scope, NEGATIVE_SENTIMENT);

    const flags = new Map<string, TDataFlag>();
    for (const flag of [...byDay.flags, ...byCategory.flags, ...byChannel.flags]) flags.set(`${flag.code}:${flag.sources.join(',')}`, flag);
    return {
      period: { from: start.toJSDate().toISOString(), to: end.toJSDate().toISOString(), timeZone },
      scope,
      forecast: { ...forecast, history },
      anomalies: { days: RECENT_DAYS, spikes, explanation: explainSpikes(spikes.length) },
      topics: { days: query.topicDays, tickets: texts.length, topics, explanation: explainTopics(topics, texts.length, query.topicDays) },
      sentiment: sentimentOf(sentimentRows, dates, query.weeks),
      sources: [...new Set([...byDay.sources, ...byCategory.sources, ...byChannel.sources, 'tickets', isDailyEnough ? 'sentiment_daily' : 'sentiment_messages'])],
      flags: [...flags.values()],
    };
  }
}

function filtersOf(query: TAnalyticsInsightsQuery): TAnalyticsFilters {
  const filters: TAnalyticsFilters = {};
  for (const key of ['channel', 'priority', 'type', 'category', 'language', 'teamId', 'agentId'] as const) {
    const values = query[key];
    if (values?.length) (filters as Record<string, string[]>)[key] = values;
  }
  return filters;
}

function ticketScopeOf(scope: Scope): TicketTextFilter {
  if (scope.kind === 'self') return { assigneeId: scope.agentId };
  if (scope.kind === 'teams') return { teamIds: scope.teamIds };
  return {};
}

/** A day × dimension report as one daily series per value, every day of the period (quiet ones at zero). */
function seriesOf(report: TReportResult, dimension: 'category' | 'channel', dates: string[]): VolumeSeries[] {
  const counts = new Map<string | null, Map<string, number>>();
  for (const row of report.rows) {
    const value = row[dimension] === null || row[dimension] === undefined ? null : String(row[dimension]);
    const byDate = counts.get(value) ?? new Map<string, number>();
    byDate.set(String(row.day), Number(row.created ?? 0));
    counts.set(value, byDate);
  }
  return [...counts]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([value, byDate]) => ({
      dimension,
      value,
      label: value === null ? NO_CATEGORY : dimension === 'channel' ? (CHANNEL_LABELS[value] ?? { en: value, fr: value }) : { en: value, fr: value },
      days: dates.map((date) => ({ date, count: byDate.get(date) ?? 0 })),
    }));
}

function sentimentOf(rows: SentimentDayRow[], dates: string[], weeks: number): TAnalyticsInsights['sentiment'] {
  const byDate = new Map<string, SentimentDay>();
  const byLanguage = new Map<string, { messages: number; scoreSum: number; negative: number }>();
  for (const row of rows) {
    const day = byDate.get(row.day) ?? { date: row.day, messages: 0, scoreSum: 0, negative: 0 };
    const language = byLanguage.get(row.language) ?? { messages: 0, scoreSum: 0, negative: 0 };
    for (const total of [day, language]) {
      total.messages += row.messages;
      total.scoreSum += row.scoreSum;
      total.negative += row.negative;
    }
    byDate.set(row.day, day);
    byLanguage.set(row.language, language);
  }
  const trend = summarizeSentiment(
    dates.map((date) => byDate.get(date) ?? { date, messages: 0, scoreSum: 0, negative: 0 }),
    { recentDays: RECENT_DAYS, historyWeeks: weeks },
  );
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    ...trend,
    byLanguage: [...byLanguage]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([language, total]) => ({ language, messages: total.messages, average: total.messages ? round(total.scoreSum / total.messages) : null, negativeShare: total.messages ? round(total.negative / total.messages) : null })),
  };
}

function explainSpikes(count: number): Bilingual {
  if (count === 0) return { en: `No unusual spike by category or channel in the last ${RECENT_DAYS} days.`, fr: `Aucun pic inhabituel par catégorie ou par canal au cours des ${RECENT_DAYS} derniers jours.` };
  return count === 1
    ? { en: `1 unusual spike in the last ${RECENT_DAYS} days.`, fr: `1 pic inhabituel au cours des ${RECENT_DAYS} derniers jours.` }
    : { en: `${count} unusual spikes in the last ${RECENT_DAYS} days.`, fr: `${count} pics inhabituels au cours des ${RECENT_DAYS} derniers jours.` };
}

function explainTopics(topics: TAnalyticsInsights['topics']['topics'], tickets: number, days: number): Bilingual {
  if (topics.length === 0) {
    return tickets < 10
      ? { en: `Too few tickets in the last ${days} days to find topics (${tickets}).`, fr: `Trop peu de billets au cours des ${days} derniers jours pour dégager des sujets (${tickets}).` }
      : { en: `No common topic among the ${tickets} tickets of the last ${days} days.`, fr: `Aucun sujet commun parmi les ${tickets} billets des ${days} derniers jours.` };
  }
  const share = topics.reduce((total, topic) => total + topic.size, 0) / tickets;
  return topics.length === 1
    ? { en: `${tickets} tickets in the last ${days} days; 1 topic covers ${formatPercent(share, 'en')} of them.`, fr: `${tickets} billets au cours des ${days} derniers jours ; 1 sujet en couvre ${formatPercent(share, 'fr')}.` }
    : {
        en: `${tickets} tickets in the last ${days} days; ${topics.length} topics cover ${formatPercent(share, 'en')} of them.`,
        fr: `${tickets} billets au cours des ${days} derniers jours ; ${topics.length} sujets en couvrent ${formatPercent(share, 'fr')}.`,
      };
}

function deltaOf(row: SentimentMessageRow, sign: 1 | -1): SentimentDelta {
  return { workspaceId: row.workspaceId, day: row.day, language: row.language, channel: row.channel, messages: sign, scoreSum: sign * row.score, negativeCount: row.score <= NEGATIVE_SENTIMENT ? sign : 0 };
}

function sumSentimentDeltas(deltas: SentimentDelta[]): SentimentDelta[] {
  const rows = new Map<string, SentimentDelta>();
  for (const delta of deltas) {
    const key = `${delta.day}|${delta.language}|${delta.channel}`;
    const row = rows.get(key);
    if (!row) rows.set(key, { ...delta });
    else {
      row.messages += delta.messages;
      row.scoreSum += delta.scoreSum;
      row.negativeCount += delta.negativeCount;
    }
  }
  return [...rows.values()].filter((row) => row.messages !== 0);
}
