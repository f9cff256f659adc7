import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { startOutsideMailServer, type OutsideMailServer } from '../../../test/outside-mail-server.js';
import { nextRunAfter, periodBefore } from './analytics-library.service.js';
import type { TSavedReport, TSchedule, TScheduleRun, TReportResult } from './analytics.schema.js';

describe('when a scheduled report runs', () => {
  it('runs at 07:00 in the workspace’s time zone, the day, Monday or first after now, across a change of clocks', () => {
    expect(nextRunAfter('daily', new Date('2026-11-03T10:00:00Z'), 'UTC').toISOString()).toBe('2026-11-04T07:00:00.000Z');
    expect(nextRunAfter('daily', new Date('2026-11-03T06:59:00Z'), 'UTC').toISOString()).toBe('2026-11-03T07:00:00.000Z');
    // Tuesday 3 November → Monday 9 November, 07:00 in Toronto (EST, UTC−5).
    expect(nextRunAfter('weekly', new Date('2026-11-03T10:00:00Z'), 'America/Toronto').toISOString()).toBe('2026-11-09T12:00:00.000Z');
    expect(nextRunAfter('monthly', new Date('2026-10-15T10:00:00Z'), 'America/Toronto').toISOString()).toBe('2026-11-01T12:00:00.000Z');
    // Daylight saving ends on 1 November 2026: the weekly period before 2 November spans 169 hours.
    const week = periodBefore('weekly', new Date('2026-11-02T12:00:00Z'), 'America/Toronto');
    expect([week.from.toISOString(), week.to.toISOString()]).toEqual(['2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    const month = periodBefore('monthly', new Date('2026-12-01T12:00:00Z'), 'UTC');
    expect([month.from.toISOString(), month.to.toISOString()]).toEqual(['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
  });
});

describe('saved reports and report emails', () => {
  let server: TestServer;
  let outside: OutsideMailServer;
  let workspace: TestWorkspace;
  let manager: Awaited<ReturnType<TestWorkspace['addUser']>>;
  let agent: Awaited<ReturnType<TestWorkspace['addUser']>>;
  let otherAgent: Awaited<ReturnType<TestWorkspace['addUser']>>;
  let teamId: string;

  beforeAll(async () => {
    outside = await startOutsideMailServer();
    server = await startTestServer({ env: { SMTP_URL: outside.url } });
    workspace = await server.createWorkspace();
    manager = await workspace.addUser('manager', 'Mona Manager');
    agent = await workspace.addUser('agent', 'Ari Agent');
    otherAgent = await workspace.addUser('agent', 'Olu Agent');
    teamId = (await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Billing', memberIds: [manager.userId, agent.userId] })).body.id;
    // Yesterday's tickets, for yesterday's report.
    for (const subject of ['Card declined', 'Refund please']) await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, description: subject, teamId });
    while ((await server.services.outbox.dispatchBatch()) > 0);
  });
  afterAll(async () => {
    await server.close();
    await outside.close();
  });

  const definition = { metrics: ['created', 'resolved'], groupBy: ['channel'], chart: 'bar' };

  it('keeps a report to its owner until a manager shares it with a team', async () => {
    const own = await agent.client.post<TSavedReport>('/api/v1/analytics/saved-reports', { name: 'My channels', definition });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.isOwn).toBe(true);
    const refused = await agent.client.post<ApiError>('/api/v1/analytics/saved-reports', { name: 'For the team', definition, sharedTeamId: teamId });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'analytics_not_report_owner']);
    expect((await otherAgent.client.get<ApiError>(`/api/v1/analytics/saved-reports/${own.body.id}`)).status).toBe(404);

    const shared = await manager.client.post<TSavedReport>('/api/v1/analytics/saved-reports', { name: 'Billing by channel', definition, sharedTeamId: teamId });
    expect(shared.status).toBe(201);
    const agentList = (await agent.client.get<{ data: TSavedReport[] }>('/api/v1/analytics/saved-reports')).body.data;
    expect(agentList.map((report) => [report.name, report.isOwn])).toEqual([
      ['Billing by channel', false],
      ['My channels', true],
    ]);
    expect((await otherAgent.client.get<{ data: TSavedReport[] }>('/api/v1/analytics/saved-reports')).body.data).toEqual([]);
    // A team member runs it with their own scope (an agent: their tickets), but may not change it.
    const run = await agent.client.get<TReportResult>(`/api/v1/analytics/saved-reports/${shared.body.id}/run`);
    expect(run.status).toBe(200);
    expect([run.body.title.en, run.body.scope.kind]).toEqual(['Billing by channel', 'self']);
    const managerRun = await manager.client.get<TReportResult>(`/api/v1/analytics/saved-reports/${shared.body.id}/run`);
    expect(managerRun.body.totals).toEqual({ created: 2, resolved: 0 });
    expect((await agent.client.patch<ApiError>(`/api/v1/analytics/saved-reports/${shared.body.id}`, { name: 'Mine now' })).status).toBe(403);
    const renamed = await manager.client.patch<TSavedReport>(`/api/v1/analytics/saved-reports/${shared.body.id}`, { name: 'Billing channels' });
    expect(renamed.body.name).toBe('Billing channels');
    expect((await agent.client.delete(`/api/v1/analytics/saved-reports/${own.body.id}`)).status).toBe(204);
    expect((await agent.client.get(`/api/v1/analytics/saved-reports/${own.body.id}`)).status).toBe(404);
  });

  it('refuses a schedule without one report, or with a recipient from elsewhere', async () => {
    const other = await server.createWorkspace();
    const neither = await manager.client.post<ApiError>('/api/v1/analytics/schedules', { name: 'Nothing', frequency: 'daily', recipientIds: [manager.userId] });
    expect(neither.status).toBe(400);
    const stranger = await manager.client.post<ApiError>('/api/v1/analytics/schedules', { name: 'Leak', reportKey: 'volume', frequency: 'daily', recipientIds: [other.adminId] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details[0]).toMatchObject({ path: 'recipientIds' });
    expect((await agent.client.post<ApiError>('/api/v1/analytics/schedules', { name: 'Mine', reportKey: 'volume', frequency: 'daily', recipientIds: [agent.userId] })).status).toBe(403);
  });

  it('emails the last whole period to its recipients, with the report attached, and an alert only when its condition holds', async () => {
    const schedule = await manager.client.post<TSchedule>('/api/v1/analytics/schedules', {
      name: 'Weekly volume',
      reportKey: 'volume',
      frequency: 'weekly',
      recipientIds: [manager.userId, workspace.adminId],
      language: 'fr',
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    expect(new Date(schedule.body.nextRunAt).getUTCDay()).toBe(1);
    const sent = await manager.client.post<TScheduleRun>(`/api/v1/analytics/schedules/${schedule.body.id}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect([sent.body.status, sent.body.recipients]).toEqual(['sent', 2]);
    const mail = await outside.waitFor((message) => message.parsed.subject?.startsWith('Weekly volume') ?? false);
    expect(mail.envelope.to.sort()).toEqual([manager.email, workspace.adminEmail].sort());
    expect(mail.parsed.text).toContain('Billets créés');
    const attachment = mail.parsed.attachments[0]!;
    expect(attachment.filename).toMatch(/^volume-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(attachment.content as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([undefined, 'Jour', 'Billets créés', 'Billets résolus']);

    // An alert on today's numbers: two tickets created, none resolved.
    const alert = await manager.client.post<TSchedule>('/api/v1/analytics/schedules', {
      name: 'Resolution alert',
      reportKey: 'sla',
      frequency: 'daily',
      recipientIds: [manager.userId],
      condition: { metric: 'created', operator: 'above', threshold: 10 },
    });
    expect(alert.status, JSON.stringify(alert.body)).toBe(201);
    const quiet = await manager.client.post<TScheduleRun>(`/api/v1/analytics/schedules/${alert.body.id}/send`);
    expect(quiet.body.status).toBe('condition_not_met');
    const listed = (await manager.client.get<{ data: TSchedule[] }>('/api/v1/analytics/schedules')).body.data.find((item) => item.id === alert.body.id)!;
    expect(listed.lastStatus).toBe('condition_not_met');
  });

  it('says an alert had no figure to test, and runs a schedule turned back on from now', async () => {
    const alert = (
      await manager.client.post<TSchedule>('/api/v1/analytics/schedules', {
        name: 'SLA alert',
        reportKey: 'sla',
        frequency: 'daily',
        recipientIds: [manager.userId],
        condition: { metric: 'sla_achievement', operator: 'below', threshold: 0.95 },
        isEnabled: false,
      })
    ).body;
    // Nothing was resolved yesterday: there is no achievement to compare.
    expect((await manager.client.post<TScheduleRun>(`/api/v1/analytics/schedules/${alert.id}/send`)).body).toMatchObject({ status: 'no_data', total: null, recipients: 0 });
    await server.services.db.execute(`UPDATE analytics_report_schedules SET next_run_at = now() - interval '30 days' WHERE id = '${alert.id}'` as never);
    const enabled = await manager.client.patch<TSchedule>(`/api/v1/analytics/schedules/${alert.id}`, { isEnabled: true });
    expect(new Date(enabled.body.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('queues a due run once and moves the schedule to its next run', async () => {
    const schedule = (await manager.client.post<TSchedule>('/api/v1/analytics/schedules', { name: 'Daily', reportKey: 'volume', frequency: 'daily', recipientIds: [manager.userId] })).body;
    await server.services.db.execute(`UPDATE analytics_report_schedules SET next_run_at = now() - interval '1 minute' WHERE id = '${schedule.id}'` as never);
    expect(await server.services.analyticsLibrary.queueDue()).toBe(1);
    expect(await server.services.analyticsLibrary.queueDue()).toBe(0);
    const moved = (await manager.client.get<{ data: TSchedule[] }>('/api/v1/analytics/schedules')).body.data.find((item) => item.id === schedule.id)!;
    expect(new Date(moved.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });
});
