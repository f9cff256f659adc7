import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPIC_TICKET_TEXTS, type ApiError, type Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import type { DomainEvent, EventType } from '../events/events.js';
import { formatDay } from './analytics-insights.js';
import type { TAnalyticsInsights } from './analytics-insights.schema.js';
import { AnalyticsInsightsService } from './analytics-insights.service.js';
import { AnalyticsSentimentRepository } from './analytics-sentiment.repository.js';

type Insights = TAnalyticsInsights;

/**
 * Eight hand-made weeks before today (workspace in UTC): on weekdays 4 shipping tickets by email and 2 billing ones
 * by chat, at the weekend 1 of each, and yesterday 20 more billing tickets by chat. Events as the services record
 * them, folded by the real listeners, then read through the HTTP API.
 */
describe('insights on eight hand-made weeks', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let agent: { userId: string; client: TestWorkspace['admin'] };
  /** The dispatch listener, as the outbox runs it: hand-made events go to it directly, like to the facts' one. */
  let listener: AnalyticsInsightsService;
  const today = DateTime.utc().startOf('day');
  const yesterday = today.minus({ days: 1 });
  const history: number[] = [];
  const comments: DomainEvent[] = [];
  let deletedTicketId = '';
  let number = 0;

  const event = (type: EventType, createdAt: string, data: Record<string, unknown>): DomainEvent => ({ id: randomUUID(), workspaceId: workspace.workspaceId, type, createdAt: new Date(createdAt), data });
  const apply = (events: DomainEvent[]) =>
    server.services.db.transaction(async (tx) => {
      await server.services.analytics.handleEvents(events, tx);
      await listener.handleEvents(events, tx);
    });
  const insights = async (query: Record<string, string | number> = {}, as: TestWorkspace['admin'] = workspace.admin) => {
    const response = await as.get<Insights>('/api/v1/analytics/insights', query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    agent = await workspace.addUser('agent', 'Alix Agent');
    const { services } = server;
    listener = new AnalyticsInsightsService(services.db, new AnalyticsSentimentRepository(), services.analyticsReports, services.tickets, services.comments, services.workspaces, services.clock);
    const created = (at: DateTime, spec: { channel: string; category: string; language?: 'en' | 'fr'; assigneeId?: string | null }) => {
      number += 1;
      const ticket = {
        id: randomUUID(),
        number,
        subject: `Ticket ${number}`,
        channel: spec.channel,
        priority: 'normal',
        type: null,
        category: spec.category,
        language: spec.language ?? 'en',
        teamId: null,
        assigneeId: spec.assigneeId ?? null,
        status: 'open',
        statusCategory: 'open',
        createdAt: at.toISO()!,
        resolvedAt: null,
      };
      return event('ticket.created', ticket.createdAt, { ticket, actorId: null });
    };
    const customerSays = (ticket: DomainEvent, at: DateTime, body: string) => {
      const ticketId = (ticket.data.ticket as { id: string }).id;
      return event('comment.created', at.toISO()!, { ticketId, actorId: null, comment: { id: randomUUID(), ticketId, body, isPublic: true, authorType: 'customer', createdAt: at.toISO()! } });
    };

    for (let week = 8; week >= 1; week -= 1) {
      const events: DomainEvent[] = [];
      for (let weekday = 0; weekday < 7; weekday += 1) {
        const day = today.minus({ days: week * 7 - weekday });
        const isWeekend = day.weekday >= 6;
        const spike = day.equals(yesterday) ? 20 : 0;
        for (let index = 0; index < (isWeekend ? 1 : 4); index += 1) events.push(created(day.plus({ hours: 9 + index }), { channel: 'email', category: 'shipping' }));
        for (let index = 0; index < (isWeekend ? 1 : 2) + spike; index += 1) events.push(created(day.plus({ hours: 10, minutes: index }), { channel: 'chat', category: 'billing' }));
        history.push((isWeekend ? 2 : 6) + spike);
      }
      await apply(events);
    }
    // Customers' messages: two happy ones ten days ago, two unhappy ones two days ago, a neutral one yesterday.
    const mine = (at: DateTime, language: 'en' | 'fr') => created(at, { channel: 'email', category: 'shipping', language, assigneeId: agent.userId });
    const tickets = [mine(today.minus({ days: 10 }), 'en'), mine(today.minus({ days: 10 }), 'fr'), created(today.minus({ days: 2 }), { channel: 'chat', category: 'billing' }), created(today.minus({ days: 2 }), { channel: 'chat', category: 'billing', language: 'fr' }), created(yesterday, { channel: 'email', category: 'shipping' })];
    for (const [index, ticket] of tickets.entries()) history[history.length - [10, 10, 2, 2, 1][index]!]! += 1;
    deletedTicketId = (tickets[2]!.data.ticket as { id: string }).id;
    comments.push(
      customerSays(tickets[0]!, today.minus({ days: 10 }).plus({ hours: 1 }), 'Thank you so much, this is perfect!'),
      customerSays(tickets[1]!, today.minus({ days: 10 }).plus({ hours: 2 }), 'Chu content en maudit, merci ben!'),
      customerSays(tickets[2]!, today.minus({ days: 2 }).plus({ hours: 1 }), 'This is not working and your support is useless.'),
      customerSays(tickets[3]!, today.minus({ days: 2 }).plus({ hours: 2 }), 'Ça marche toujours pas, je suis tanné!'),
      customerSays(tickets[4]!, yesterday.plus({ hours: 3 }), 'I would like to change my shipping address.\n\nOn Monday, Support wrote:\n> This is terrible news'),
    );
    await apply([...tickets, ...comments]);
  });
  afterAll(() => server.close());

  it('forecasts the next 14 days from the 8 weeks, with the weekend quieter, and says it in both languages', async () => {
    const { forecast, period } = await insights();
    expect(period).toEqual({ from: today.minus({ weeks: 8 }).toJSDate().toISOString(), to: today.plus({ days: 1 }).toJSDate().toISOString(), timeZone: 'UTC' });
    expect(forecast.history.map((day) => day.count)).toEqual(history);
    expect(forecast.history[0]!.date).toBe(today.minus({ weeks: 8 }).toISODate());
    expect(forecast.method).toBe('holt_winters');
    expect(forecast.historyDays).toBe(56);
    expect(forecast.days.map((day) => day.date)).toEqual(Array.from({ length: 14 }, (_, index) => today.plus({ days: index }).toISODate()));
    expect(forecast.days.every((day) => day.low >= 0 && day.low <= day.expected && day.expected <= day.high)).toBe(true);
    const effect = (weekday: number) => forecast.weekdayEffects.find((entry) => entry.weekday === weekday)!.effect;
    expect(effect(6)).toBeLessThan(0);
    expect(effect(7)).toBeLessThan(0);
    expect(forecast.explanation.en).toMatch(/^About [\d.]+ tickets a day expected next week.*; based on the last 8 weeks\.$/);
    expect(forecast.explanation.fr).toMatch(/^Environ [\d,]+ billets par jour prévus la semaine prochaine.* ; d’après les 8 dernières semaines\.$/);
  });

  it('flags yesterday’s billing spike, by category and by chat, and nothing on the quiet days', async () => {
    const { anomalies, sources } = await insights();
    const count = (yesterday.weekday >= 6 ? 1 : 2) + 20;
    // Yesterday's billing tickets against a median of 2 a day (1 at weekends) over the 28 days before.
    expect(anomalies.spikes.map((spike) => [spike.dimension, spike.value, spike.date, spike.count, spike.expected]).sort()).toEqual([
      ['category', 'billing', yesterday.toISODate(), count, 2],
      ['channel', 'chat', yesterday.toISODate(), count, 2],
    ]);
    const chat = anomalies.spikes.find((spike) => spike.dimension === 'channel')!;
    expect(chat.label).toEqual({ en: 'Chat', fr: 'Clavardage' });
    expect(chat.explanation).toEqual({
      en: `Chat: ${count} tickets on ${formatDay(yesterday.toISODate()!, 'en')}, about ${Math.round(count / 2)}× the usual 2`,
      fr: `Clavardage : ${count} billets le ${formatDay(yesterday.toISODate()!, 'fr')}, environ ${Math.round(count / 2)} fois les 2 habituels`,
    });
    expect(anomalies.explanation).toEqual({ en: '2 unusual spikes in the last 7 days.', fr: '2 pics inhabituels au cours des 7 derniers jours.' });
    // By day from the rollups; by category from the facts (the rollups do not hold categories).
    expect(sources).toEqual(expect.arrayContaining(['daily_rollups', 'ticket_facts', 'tickets', 'sentiment_daily']));
  });

  it('gives the daily sentiment of customers’ messages, English and French, and the last week worse than before', async () => {
    const { sentiment } = await insights();
    // 0.855 + 0.855 − 0.707 − 0.74 + 0 (the quoted "terrible" is not the customer's).
    expect([sentiment.messages, sentiment.average, sentiment.negativeShare]).toEqual([5, 0.053, 0.4]);
    expect([sentiment.recentAverage, sentiment.previousAverage]).toEqual([-0.482, 0.855]);
    const twoDaysAgo = sentiment.days.find((day) => day.date === today.minus({ days: 2 }).toISODate())!;
    expect([twoDaysAgo.messages, twoDaysAgo.negativeShare]).toEqual([2, 1]);
    expect(twoDaysAgo.average).toBeCloseTo(-0.7235, 2);
    expect(sentiment.days).toHaveLength(57);
    expect(sentiment.byLanguage.map((entry) => [entry.language, entry.messages, entry.negativeShare])).toEqual([
      ['en', 3, 0.333],
      ['fr', 2, 0.5],
    ]);
    expect(sentiment.byLanguage[0]!.average).toBe(0.049);
    expect(sentiment.byLanguage[1]!.average).toBeCloseTo(0.0575, 2);
    expect(sentiment.explanation.en).toBe('Customers’ messages read neutral on average (0.05) over the last 8 weeks (5 messages); 40% were negative. The last 7 days read worse (-0.48) than before (0.86).');
    expect(sentiment.explanation.fr).toBe('Les messages des clients sont neutres en moyenne (0,05) sur les 8 dernières semaines (5 messages) ; 40 % étaient négatifs. Les 7 derniers jours sont moins bons (-0,48) qu’avant (0,86).');
  });

  it('counts a message once however often its event comes', async () => {
    await apply(comments);
    expect((await insights()).sentiment.messages).toBe(5);
  });

  it('keeps an agent to their own tickets, from the messages and facts', async () => {
    const mine = await insights({}, agent.client);
    expect(mine.scope).toEqual({ kind: 'self', teamIds: [], agentId: agent.userId });
    expect(mine.forecast.history.reduce((total, day) => total + day.count, 0)).toBe(2);
    expect([mine.sentiment.messages, mine.sentiment.average]).toEqual([2, 0.855]);
    expect(mine.anomalies.spikes).toEqual([]);
    expect(mine.sources).toContain('sentiment_messages');
    // Filters narrow the workspace's figures the same way.
    const french = await insights({ language: 'fr' });
    expect(french.sentiment.messages).toBe(2);
    expect(french.forecast.history.reduce((total, day) => total + day.count, 0)).toBe(2);
  });

  it('answers as of an earlier day, and refuses what it cannot read', async () => {
    const earlier = await insights({ to: today.minus({ days: 7 }).toISO()!, weeks: 4 });
    expect(earlier.forecast.days[0]!.date).toBe(today.minus({ days: 7 }).toISODate());
    expect(earlier.forecast.history).toHaveLength(28);
    expect(earlier.anomalies.spikes).toEqual([]);
    expect(earlier.forecast.explanation.en).toMatch(/based on the last 4 weeks\.$/);
    expect((await workspace.admin.get<ApiError>('/api/v1/analytics/insights', { weeks: 2 })).status).toBe(400);
    const reviewer = await workspace.addUser('reviewer');
    expect((await reviewer.client.get<ApiError>('/api/v1/analytics/insights')).status).toBe(403);
  });

  it('forgets the messages of a deleted ticket', async () => {
    await apply([event('ticket.deleted', today.toISO()!, { ticket: { id: deletedTicketId, number: 0, subject: 'Deleted' } })]);
    const { sentiment } = await insights();
    expect([sentiment.messages, sentiment.negativeShare]).toEqual([4, 0.25]);
  });
});

describe('insights of tickets made through the API', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let tickets: Ticket[] = [];
  const dispatchAll = async () => {
    while ((await server.services.outbox.dispatchBatch()) > 0);
  };

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    tickets = [];
    for (const [subject, description] of TOPIC_TICKET_TEXTS) tickets.push((await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, description })).body);
    // Two customers answer, as a mail or the portal would record it.
    await server.services.db.transaction((tx) =>
      server.services.comments.createManyInTransaction(
        tx,
        workspace.workspaceId,
        [
          [tickets[0]!, 'Merci beaucoup, c’est parfait!'],
          [tickets[5]!, 'Still not working, this is unacceptable.'],
        ].map(([ticket, body]) => ({ author: { workspaceId: workspace.workspaceId, type: 'customer' as const }, ticketId: (ticket as Ticket).id, input: { body: body as string, isPublic: true, attachmentIds: [], mentionUserIds: [] } })),
      ),
    );
    await dispatchAll();
  });
  afterAll(() => server.close());

  it('finds this week’s topics in the tickets’ texts, English and French together', async () => {
    const { topics } = (await workspace.admin.get<Insights>('/api/v1/analytics/insights')).body;
    expect(topics.tickets).toBe(12);
    expect(topics.topics.map((topic) => [topic.keywords.en, topic.size])).toEqual([
      [['refund', 'order', 'charge', 'twice'], 4],
      [['password', 'sign-in'], 4],
      [['delivery', 'parcel', 'tracking'], 3],
    ]);
    const numbers = tickets.map((ticket) => ticket.number);
    expect(topics.topics[2]!.exampleNumbers.sort()).toEqual(numbers.slice(8, 11).sort());
    expect(topics.topics[0]!.explanation.fr).toBe('33 % des billets de la dernière semaine portent sur « remboursement, commande, débit, deux fois » (4 billets).');
    expect(topics.explanation).toEqual({ en: '12 tickets in the last 7 days; 3 topics cover 92% of them.', fr: '12 billets au cours des 7 derniers jours ; 3 sujets en couvrent 92 %.' });
  });

  it('rebuilds the sentiment from the record to the figures the dispatch made', async () => {
    const { services } = server;
    const read = async () => (await workspace.admin.get<Insights>('/api/v1/analytics/insights')).body.sentiment;
    const dispatched = await read();
    const rebuilder = new AnalyticsInsightsService(services.db, new AnalyticsSentimentRepository(), services.analyticsReports, services.tickets, services.comments, services.workspaces, services.clock);
    expect(await rebuilder.rebuildSentiment(workspace.workspaceId)).toEqual({ messages: 2 });
    expect(await read()).toEqual(dispatched);
  });

  it('scores customers’ messages as they are dispatched, and flags today’s volume out of nowhere', async () => {
    const body = (await workspace.admin.get<Insights>('/api/v1/analytics/insights')).body;
    expect(body.sentiment.messages).toBe(2);
    expect(body.sentiment.byLanguage.map((entry) => [entry.language, entry.messages, entry.negativeShare])).toEqual([
      ['en', 1, 1],
      ['fr', 1, 0],
    ]);
    // No ticket before today: nothing to forecast, but today's twelve stand out.
    expect(body.forecast.method).toBe('none');
    expect(body.forecast.explanation.en).toBe('No tickets in the last 8 weeks: nothing to forecast yet.');
    const today = DateTime.utc().toISODate()!;
    expect(body.anomalies.spikes.map((spike) => [spike.dimension, spike.value, spike.date, spike.count]).sort()).toEqual([
      ['category', null, today, 12],
      ['channel', 'api', today, 12],
    ]);
    expect(body.anomalies.spikes.find((spike) => spike.dimension === 'channel')!.explanation.en).toBe(`API: 12 tickets on ${formatDay(today, 'en')}, where there are usually none`);
  });
});
