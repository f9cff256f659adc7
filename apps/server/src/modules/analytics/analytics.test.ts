import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import type { DomainEvent, EventType } from '../events/events.js';
import { reportChartSvg } from './analytics-pdf.js';
import { AnalyticsReportsService } from './analytics-reports.service.js';
import { AnalyticsRepository } from './analytics.repository.js';
import type { TLiveSnapshot, TReportResult } from './analytics.schema.js';

type Report = TReportResult;
const WEEK = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z' };
const at = (iso: string) => new Date(iso);

interface TicketSpec {
  id: string;
  number: number;
  createdAt: string;
  channel: string;
  priority: string;
  language: 'en' | 'fr';
  teamId: string | null;
  assigneeId: string | null;
  category?: string | null;
}

/**
 * A hand-made week whose answers are worked out by hand (see each expectation): events as the services record them,
 * folded by the real dispatch listener into the real tables, then read through the HTTP API.
 */
describe('analytics on a hand-made week', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let teamA: string;
  let teamB: string;
  let agentX: { userId: string; client: TestWorkspace['admin'] };
  let agentY: { userId: string; client: TestWorkspace['admin'] };
  let manager: { userId: string; client: TestWorkspace['admin'] };
  let sequence = 0;

  const event = (workspaceId: string, type: EventType, createdAt: string, data: Record<string, unknown>): DomainEvent => ({ id: randomUUID(), workspaceId, type, createdAt: at(createdAt), data: { ...data, _order: (sequence += 1) } });
  const snapshot = (ticket: TicketSpec, changes: Partial<TicketSpec> & { status?: string; statusCategory?: string; resolvedAt?: string | null } = {}) => ({
    id: ticket.id,
    number: ticket.number,
    subject: `Ticket ${ticket.number}`,
    channel: ticket.channel,
    priority: ticket.priority,
    type: null,
    category: ticket.category ?? null,
    language: ticket.language,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    status: 'open',
    statusCategory: 'open',
    createdAt: ticket.createdAt,
    resolvedAt: null,
    ...changes,
  });
  const adminToken = async () =>
    (await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: workspace.adminId, role: 'admin' }, 'export test'))).secret;
  const apply = (events: DomainEvent[]) => server.services.db.transaction((tx) => server.services.analytics.handleEvents(events, tx));
  const report = async (key: string, query: Record<string, string> = {}, as: TestWorkspace['admin'] = workspace.admin) => {
    const response = await as.get<Report>(`/api/v1/analytics/reports/${key}`, { ...WEEK, ...query });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    agentX = await workspace.addUser('agent', 'Xavier Agent');
    agentY = await workspace.addUser('agent', 'Yasmine Agent');
    manager = await workspace.addUser('manager', 'Mona Manager');
    teamA = (await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Billing', memberIds: [agentX.userId, manager.userId] })).body.id;
    teamB = (await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Shipping', memberIds: [agentY.userId] })).body.id;
    const ws = workspace.workspaceId;
    const ticket = (number: number, spec: Omit<TicketSpec, 'id' | 'number'>): TicketSpec => ({ id: randomUUID(), number, ...spec });
    const t1 = ticket(1, { createdAt: '2026-11-02T09:00:00.000Z', channel: 'email', priority: 'normal', language: 'en', teamId: teamA, assigneeId: agentX.userId, category: 'billing' });
    const t2 = ticket(2, { createdAt: '2026-11-02T12:00:00.000Z', channel: 'chat', priority: 'high', language: 'fr', teamId: teamA, assigneeId: agentX.userId });
    const t3 = ticket(3, { createdAt: '2026-11-03T09:00:00.000Z', channel: 'email', priority: 'urgent', language: 'en', teamId: teamB, assigneeId: agentY.userId, category: 'shipping' });
    const t4 = ticket(4, { createdAt: '2026-11-04T08:00:00.000Z', channel: 'web', priority: 'low', language: 'en', teamId: teamB, assigneeId: null });
    const t5 = ticket(5, { createdAt: '2026-11-05T10:00:00.000Z', channel: 'api', priority: 'normal', language: 'fr', teamId: teamB, assigneeId: null });
    const t6 = ticket(6, { createdAt: '2026-11-06T10:00:00.000Z', channel: 'email', priority: 'normal', language: 'en', teamId: teamA, assigneeId: agentX.userId });
    const t7 = ticket(7, { createdAt: '2026-10-30T10:00:00.000Z', channel: 'email', priority: 'normal', language: 'en', teamId: teamA, assigneeId: agentY.userId });
    const t8 = ticket(8, { createdAt: '2026-11-05T11:00:00.000Z', channel: 'email', priority: 'normal', language: 'en', teamId: teamA, assigneeId: agentX.userId });
    const created = (spec: TicketSpec) => event(ws, 'ticket.created', spec.createdAt, { ticket: snapshot(spec), actorId: null });
    const reply = (spec: TicketSpec, when: string, authorType = 'user', isPublic = true) => event(ws, 'comment.created', when, { ticketId: spec.id, comment: { isPublic, authorType, createdAt: when } });
    const resolve = (spec: TicketSpec, when: string, overrides: Partial<TicketSpec> = {}) =>
      event(ws, 'ticket.resolved', when, { ticket: snapshot({ ...spec, ...overrides }, { status: 'resolved', statusCategory: 'resolved', resolvedAt: when }) });
    const update = (spec: TicketSpec, when: string, changes: Array<{ field: string; from: unknown; to: unknown }>, next: Partial<TicketSpec> & { status?: string; statusCategory?: string } = {}) =>
      event(ws, 'ticket.updated', when, { ticket: snapshot({ ...spec, ...next }, next), changes });
    // The events of several dispatch batches, in the order they were recorded.
    await apply([created(t7), created(t1), reply(t1, '2026-11-02T10:00:00.000Z'), created(t2), reply(t2, '2026-11-02T12:10:00.000Z', 'user', false)]);
    await apply([
      reply(t2, '2026-11-02T12:30:00.000Z'),
      reply(t2, '2026-11-02T12:40:00.000Z', 'customer'),
      reply(t2, '2026-11-02T13:00:00.000Z'),
      resolve(t1, '2026-11-02T13:00:00.000Z'),
      resolve(t2, '2026-11-02T13:30:00.000Z'),
      // A link emailed for ticket 1 (answered next day) and one for ticket 3 (never answered); the chat's rating is asked in its window.
      event(ws, 'ticket.satisfaction_offered', '2026-11-02T13:00:00.000Z', { ticketId: t1.id, offeredAt: '2026-11-02T13:00:00.000Z' }),
      event(ws, 'ticket.satisfaction_rated', '2026-11-02T14:00:00.000Z', { ticketId: t2.id, rating: 2 }),
      event(ws, 'ticket.satisfaction_rated', '2026-11-03T08:00:00.000Z', { ticketId: t1.id, rating: 5 }),
      created(t3),
      resolve(t7, '2026-11-03T10:00:00.000Z'),
      event(ws, 'sla.breached', '2026-11-03T13:00:00.000Z', { ticketId: t3.id }),
      reply(t3, '2026-11-03T17:00:00.000Z'),
    ]);
    await apply([
      created(t4),
      reply(t4, '2026-11-04T09:00:00.000Z'),
      resolve(t3, '2026-11-04T09:00:00.000Z'),
      event(ws, 'ticket.satisfaction_offered', '2026-11-04T09:00:00.000Z', { ticketId: t3.id, offeredAt: '2026-11-04T09:00:00.000Z' }),
      update(t4, '2026-11-04T10:00:00.000Z', [{ field: 'priority', from: 'low', to: 'high' }], { priority: 'high' }),
      created(t5),
      update(t5, '2026-11-05T11:00:00.000Z', [{ field: 'teamId', from: teamB, to: teamA }], { teamId: teamA }),
      created(t8),
      event(ws, 'ticket.deleted', '2026-11-05T12:00:00.000Z', { ticket: { id: t8.id, number: 8, subject: 'Ticket 8' } }),
      created(t6),
      reply(t6, '2026-11-06T10:30:00.000Z'),
      resolve(t6, '2026-11-06T11:00:00.000Z'),
      update(t6, '2026-11-06T12:00:00.000Z', [{ field: 'status', from: 'resolved', to: 'open' }], { status: 'open', statusCategory: 'open' }),
      resolve(t6, '2026-11-07T12:00:00.000Z'),
    ]);
  });
  afterAll(() => server.close());

  it('counts tickets created and resolved, day by day, from the daily rollups', async () => {
    const volume = await report('volume');
    expect(volume.sources).toEqual(['daily_rollups']);
    expect(volume.totals).toEqual({ created: 6, resolved: 5 });
    expect(volume.rows).toEqual([
      { day: '2026-11-02', created: 2, resolved: 2 },
      { day: '2026-11-03', created: 1, resolved: 1 },
      { day: '2026-11-04', created: 1, resolved: 1 },
      { day: '2026-11-05', created: 1, resolved: 0 },
      { day: '2026-11-06', created: 1, resolved: 0 },
      { day: '2026-11-07', created: 0, resolved: 1 },
      { day: '2026-11-08', created: 0, resolved: 0 },
    ]);
    expect(volume.columns.map((column) => [column.key, column.kind, column.unit])).toEqual([
      ['day', 'dimension', null],
      ['created', 'metric', 'count'],
      ['resolved', 'metric', 'count'],
    ]);
    // A period that does not start at midnight reads the facts, and finds the same.
    const fromFacts = await report('volume', { from: '2026-11-02T00:00:01.000Z' });
    expect(fromFacts.sources).toEqual(['ticket_facts']);
    expect(fromFacts.totals).toEqual({ created: 6, resolved: 5 });
    expect(fromFacts.rows).toEqual(volume.rows);
  });

  it('gives medians and 90th percentiles of first response and resolution, and the average response time', async () => {
    const times = await report('response_times', { hours: 'calendar' });
    // First responses 1800, 1800, 3600, 3600, 28800 s; resolutions 5400, 14400, 86400, 93600, 345600 s (percentile_cont).
    // Replies ending a customer's wait: 3600 + (1800 + 1200) + 28800 + 3600 + 1800 = 40800 s over 6.
    expect(times.totals).toEqual({ first_response_median: 3600, first_response_p90: 18720, response_average: 6800, resolution_median: 86400, resolution_p90: 244800 });
    expect(times.rows.map((row) => row.week)).toEqual(['2026-11-02']);
    expect(times.flags.map((flag) => flag.code)).not.toContain('percentiles_estimated');
  });

  it('estimates the percentiles of many durations from histograms, close to the exact ones, and says so', async () => {
    const services = server.services;
    // A reports service that estimates beyond 0 durations: the hand-made week's percentiles, from histograms.
    const estimating = new AnalyticsReportsService(services.db, new AnalyticsRepository(), services.workspaces, services.users, services.outbox, services.clock, 0);
    const actor = { workspaceId: workspace.workspaceId, userId: workspace.adminId, role: 'admin' as const, via: 'token' as const, credentialId: 'test' };
    const query = { ...WEEK, hours: 'calendar' as const };
    const exact = await report('response_times', { hours: 'calendar' });
    const estimated = await estimating.runStandardReport(actor, 'response_times', query);
    for (const metric of ['first_response_median', 'first_response_p90', 'resolution_median', 'resolution_p90']) {
      const truth = Number(exact.totals[metric]);
      expect(Math.abs(Number(estimated.totals[metric]) - truth) / truth, metric).toBeLessThan(0.03);
    }
    // The average is not a percentile: still exact.
    expect(estimated.totals.response_average).toBe(exact.totals.response_average);
    const flag = estimated.flags.find((item) => item.code === 'percentiles_estimated');
    expect(flag?.message.en).toBe('Medians and 90th percentiles are estimated from the 5 durations of the period, to within about 3%.');
    expect(flag?.message.fr).toBe('Les médianes et les 90e centiles sont estimés à partir des 5 durées de la période, à environ 3 % près.');
    // Grouped: each agent's median from their own durations.
    const byAgent = await report('agents', { hours: 'calendar' });
    const estimatedByAgent = await estimating.runStandardReport(actor, 'agents', query);
    expect(estimatedByAgent.rows.map((row) => row.agent).sort()).toEqual(byAgent.rows.map((row) => row.agent).sort());
    for (const row of byAgent.rows) {
      const other = estimatedByAgent.rows.find((candidate) => candidate.agent === row.agent)!;
      expect(other.resolved).toBe(row.resolved);
      for (const metric of ['first_response_median', 'resolution_median']) {
        if (row[metric] === null) expect(other[metric]).toBeNull();
        else expect(Math.abs(Number(other[metric]) - Number(row[metric])) / Number(row[metric]), `${metric} of ${row.agent}`).toBeLessThan(0.03);
      }
    }
  });

  it('gives SLA achievement and breaches, CSAT, escalations by reason and the backlog', async () => {
    expect((await report('sla')).totals).toEqual({ sla_achievement: 0.8, sla_breaches: 1, resolved: 5 });
    expect((await report('satisfaction')).totals).toEqual({ csat_average: 3.5, csat_satisfied_rate: 0.5, csat_responses: 2, survey_response_rate: 0.5 });
    const surveys = await workspace.admin.request<Report>('POST', '/api/v1/analytics/reports/run', { body: { metrics: ['surveys_offered', 'survey_response_rate'], groupBy: ['channel'] }, query: WEEK });
    expect(surveys.body.sources).toEqual(['daily_rollups']);
    expect(surveys.body.rows).toEqual([
      { channel: 'email', surveys_offered: 2, survey_response_rate: 0.5 },
      { channel: 'api', surveys_offered: 0, survey_response_rate: null },
      { channel: 'chat', surveys_offered: 0, survey_response_rate: null },
      { channel: 'web', surveys_offered: 0, survey_response_rate: null },
    ]);
    const byAgent = await workspace.admin.request<Report>('POST', '/api/v1/analytics/reports/run', { body: { metrics: ['survey_response_rate'], groupBy: ['agent'] }, query: WEEK });
    expect(byAgent.body.sources).toEqual(['ticket_facts']);
    expect(byAgent.body.rows.map((row) => [byAgent.body.labels[String(row.agent)], row.survey_response_rate])).toEqual([['Xavier Agent', 1], ['Yasmine Agent', 0]]);
    const escalations = await report('escalations');
    expect(escalations.rows).toEqual([
      { escalation_reason: 'priority_raised', escalations: 1 },
      { escalation_reason: 'team_changed', escalations: 1 },
    ]);
    const rates = await workspace.admin.request<Report>('POST', '/api/v1/analytics/reports/run', { body: { metrics: ['escalation_rate', 'resolution_rate', 'chat_handle_average'] }, query: WEEK });
    expect(rates.status, JSON.stringify(rates.body)).toBe(200);
    expect(rates.body.totals).toEqual({ escalation_rate: 0.3333, resolution_rate: 0.6667, chat_handle_average: 3600 });
    // Open at the end of the week: tickets 4 (4 d 16 h old) and 5 (3 d 14 h old); the deleted one is gone.
    const backlog = await report('backlog');
    expect(backlog.totals).toEqual({ backlog: 2, backlog_age_median: 356_400 });
  });

  it('groups by agent, team, channel and language, with names for ids, and filters by language', async () => {
    const agents = await report('agents', { hours: 'calendar' });
    expect(agents.rows.map((row) => [agents.labels[String(row.agent)] ?? row.agent, row.resolved])).toEqual([
      ['Xavier Agent', 3],
      ['Yasmine Agent', 2],
      [null, 0],
    ]);
    const teams = await report('teams');
    expect(teams.rows.map((row) => [teams.labels[String(row.team)], row.created, row.resolved, row.backlog])).toEqual([
      ['Billing', 4, 4, 1],
      ['Shipping', 2, 1, 1],
    ]);
    const channels = await report('channels');
    expect(channels.rows.map((row) => [row.channel, row.created])).toEqual([
      ['email', 3],
      ['api', 1],
      ['chat', 1],
      ['web', 1],
    ]);
    const french = await report('volume', { language: 'fr' });
    expect(french.totals).toEqual({ created: 2, resolved: 1 });
    const languages = await report('languages');
    expect(languages.rows.map((row) => [row.language, row.created, row.csat_average])).toEqual([
      ['en', 4, 5],
      ['fr', 2, 2],
    ]);
  });

  it('scopes the numbers: agents see their own tickets, managers their teams, admins everything', async () => {
    expect((await report('volume', {}, agentX.client)).totals).toEqual({ created: 3, resolved: 3 });
    expect((await report('volume', {}, agentX.client)).scope).toEqual({ kind: 'self', teamIds: [], agentId: agentX.userId });
    expect((await report('volume', {}, manager.client)).totals).toEqual({ created: 4, resolved: 4 });
    expect((await report('volume')).totals).toEqual({ created: 6, resolved: 5 });
    // An agent's filter cannot widen the scope.
    expect((await report('volume', { agentId: agentY.userId }, agentX.client)).totals).toEqual({ created: 0, resolved: 0 });
    const reviewer = await workspace.addUser('reviewer');
    const refused = await reviewer.client.get<ApiError>('/api/v1/analytics/reports/volume');
    expect(refused.status).toBe(403);
  });

  it('exports a report to XLSX and CSV with the same numbers as the API', async () => {
    const api = await report('volume');
    const xlsx = await fetch(`${server.url}/api/v1/analytics/reports/volume/export?format=xlsx&from=${WEEK.from}&to=${WEEK.to}&lang=fr`, { headers: { authorization: `Bearer ${await adminToken()}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('volume-2026-11-02-2026-11-09.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Jour', 'Billets créés', 'Billets résolus']);
    const rows = [];
    for (let index = 2; index <= sheet.rowCount; index += 1) rows.push((sheet.getRow(index).values as unknown[]).slice(1));
    expect(rows).toEqual([...api.rows.map((row) => [row.day, row.created, row.resolved]), ['Total', 6, 5]]);

    const csv = await fetch(`${server.url}/api/v1/analytics/reports/volume/export?format=csv&from=${WEEK.from}&to=${WEEK.to}&lang=en`, { headers: { authorization: `Bearer ${await adminToken()}` } });
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Day,Tickets created,Tickets resolved');
    expect(lines[1]).toBe('2026-11-02,2,2');
    expect(lines.at(-1)).toBe('Total,6,5');
  });

  it('exports a report to PDF with its chart drawn on the server', async () => {
    const pdf = await fetch(`${server.url}/api/v1/analytics/reports/volume/export?format=pdf&from=${WEEK.from}&to=${WEEK.to}&lang=en`, { headers: { authorization: `Bearer ${await adminToken()}` } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('(Ticket volume)');
    const svg = reportChartSvg(await report('volume'), 'fr');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Billets créés');
    expect(svg).toContain('2026-11-07');
  });

  it('refuses what it cannot count, with a clear error', async () => {
    const byDay = await workspace.admin.request<ApiError>('POST', '/api/v1/analytics/reports/run', { body: { metrics: ['backlog'], groupBy: ['day'] }, query: WEEK });
    expect(byDay.status).toBe(400);
    expect(byDay.body.error.details[0]).toMatchObject({ path: 'metrics' });
    const hours = await workspace.admin.request<ApiError>('POST', '/api/v1/analytics/reports/run', { body: { metrics: ['created'], groupBy: ['hour'] }, query: { from: '2026-09-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } });
    expect(hours.status).toBe(400);
    const unknown = await workspace.admin.post<ApiError>('/api/v1/analytics/reports/run', { metrics: ['happiness'] });
    expect(unknown.status).toBe(400);
    const backwards = await workspace.admin.get<ApiError>('/api/v1/analytics/reports/volume', { from: WEEK.to, to: WEEK.from });
    expect(backwards.status).toBe(400);
    const badKey = await workspace.admin.get<ApiError>('/api/v1/analytics/reports/nothing');
    expect(badKey.status).toBe(404);
  });
});

describe('analytics kept by the dispatch of real work', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  const dispatchAll = async () => {
    while ((await server.services.outbox.dispatchBatch()) > 0);
  };
  const live = async () => (await workspace.admin.get<TLiveSnapshot>('/api/v1/analytics/live')).body;

  it('moves the live dashboard when a ticket is created and resolved', async () => {
    const before = await live();
    expect(before.openTotal).toBe(0);
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Card declined', description: 'My card was declined twice.' })).body;
    await dispatchAll();
    const after = await live();
    expect(after.openTotal).toBe(1);
    expect(after.openByStatus).toEqual([{ status: 'new', statusCategory: 'new', count: 1 }]);
    expect(after.today.created).toBe(before.today.created + 1);
    expect(after.agentsOnline + after.agentsAway).toBeGreaterThanOrEqual(0);
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'We are on it.' });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    await dispatchAll();
    const resolved = await live();
    expect(resolved.openTotal).toBe(0);
    expect(resolved.today.resolved).toBe(1);
  });

  it('rebuilds from the record to the same figures the events made', async () => {
    for (const subject of ['Lost parcel', 'Refund please', 'Wrong size']) {
      const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, description: subject, priority: 'low' })).body;
      await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Looking into it.' });
      if (subject !== 'Wrong size') await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'urgent' });
      if (subject === 'Lost parcel') await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    }
    await dispatchAll();
    const definition = { metrics: ['created', 'resolved', 'escalations', 'first_response_median', 'resolution_median', 'backlog'], groupBy: ['priority'] };
    const run = async () => (await workspace.admin.request<Report>('POST', '/api/v1/analytics/reports/run', { body: definition, query: { hours: 'calendar' } })).body;
    const fromEvents = await run();
    expect(fromEvents.totals).toMatchObject({ created: 4, resolved: 2, escalations: 2, backlog: 2 });
    const rebuilt = await server.services.analytics.rebuild(workspace.workspaceId);
    expect(rebuilt.tickets).toBe(4);
    const fromRecord = await run();
    expect(fromRecord.rows).toEqual(fromEvents.rows);
    expect(fromRecord.totals).toEqual(fromEvents.totals);
  });

  it('flags numbers the event dispatch has not caught up with, with how many and since when', async () => {
    await server.services.db.execute(
      sql`INSERT INTO outbox_events (workspace_id, type, data, created_at) VALUES (${workspace.workspaceId}, 'customer.updated', '{}'::jsonb, now() - interval '5 minutes')`,
    );
    const behind = (await workspace.admin.get<Report>('/api/v1/analytics/reports/volume')).body;
    const flag = behind.flags.find((item) => item.code === 'events_pending');
    expect(flag?.message.en).toBe('1 event from the last 5 min is not counted yet: the event dispatch is behind.');
    expect(flag?.message.fr).toBe('1 événement des 5 dernières minutes n’est pas encore compté : la distribution des événements a du retard.');
    expect(flag?.sources).toEqual(['events']);
    await dispatchAll();
    expect((await workspace.admin.get<Report>('/api/v1/analytics/reports/volume')).body.flags.map((item) => item.code)).not.toContain('events_pending');
  });

  it('flags daily totals that follow a former time zone until they are rebuilt', async () => {
    await workspace.admin.patch('/api/v1/workspace', { timeZone: 'America/Toronto' });
    const stale = (await workspace.admin.get<Report>('/api/v1/analytics/reports/volume')).body;
    expect(stale.flags.map((flag) => flag.code)).toContain('rollup_stale');
    expect(stale.flags.find((flag) => flag.code === 'rollup_stale')!.message.fr).toContain('UTC');
    await server.services.analytics.rebuild(workspace.workspaceId);
    const fresh = (await workspace.admin.get<Report>('/api/v1/analytics/reports/volume')).body;
    expect(fresh.flags.map((flag) => flag.code)).not.toContain('rollup_stale');
    expect(fresh.period.timeZone).toBe('America/Toronto');
  });

  it('keeps another workspace’s tickets out', async () => {
    const other = await server.createWorkspace();
    await other.admin.post('/api/v1/tickets', { subject: 'Elsewhere' });
    await dispatchAll();
    const mine = (await workspace.admin.get<Report>('/api/v1/analytics/reports/volume')).body;
    const theirs = (await other.admin.get<Report>('/api/v1/analytics/reports/volume')).body;
    expect(mine.totals.created).toBe(4);
    expect(theirs.totals.created).toBe(1);
  });
});
