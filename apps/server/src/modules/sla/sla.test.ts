import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { addBusinessMinutes } from '../business-hours/business-calendar.js';

interface SlaTarget {
  id: string;
  metric: 'first_response' | 'next_response' | 'resolution';
  state: 'running' | 'paused' | 'fulfilled' | 'cancelled';
  targetMinutes: number;
  startedAt: string;
  dueAt: string | null;
  remainingMinutes: number;
  isWarning: boolean;
  isBreached: boolean;
  policyId: string | null;
}
interface TicketSla {
  policy: { id: string; name: string } | null;
  targets: SlaTarget[];
  nextDueAt: string | null;
}
interface Policy {
  id: string;
  name: string;
  isDefault: boolean;
  targets: Record<string, { firstResponseMinutes: number | null; nextResponseMinutes: number | null; resolutionMinutes: number | null }>;
}

/** The server's clock, moved forward by the test to reach warnings and breaches without waiting. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const MINUTE = 60_000;

describe('SLA policies and clocks', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    // The sweep is run by the tests themselves, at the moments they choose.
    server = await startTestServer({ workers: true, clock, env: { SLA_SWEEP_INTERVAL_MS: '3600000' } });
    workspace = await server.createWorkspace();
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(() => server.close());

  const slaOf = async (ticketId: string) => (await workspace.admin.get<TicketSla>(`/api/v1/tickets/${ticketId}/sla`)).body;
  const live = (sla: TicketSla, metric: SlaTarget['metric']) => sla.targets.find((target) => target.metric === metric && (target.state === 'running' || target.state === 'paused'));
  /** Waits until the ticket's clocks satisfy `check` (the listener runs when the outbox dispatches). */
  async function slaWhen(ticketId: string, check: (sla: TicketSla) => boolean, within = 10_000): Promise<TicketSla> {
    return vi.waitFor(async () => {
      const sla = await slaOf(ticketId);
      if (!check(sla)) throw new Error(`SLA not there yet: ${JSON.stringify(sla.targets.map((target) => [target.metric, target.state]))}`);
      return sla;
    }, { timeout: within, interval: 50 });
  }
  async function createTicket(body: Record<string, unknown>, client = workspace.admin): Promise<Ticket> {
    const created = await client.post<Ticket>('/api/v1/tickets', body);
    expect(created.status).toBe(201);
    return created.body;
  }
  async function customerWrites(ticket: Ticket, body: string): Promise<void> {
    const { services } = server;
    await services.db.transaction((tx) =>
      services.comments.createInTransaction(tx, { workspaceId: workspace.workspaceId, type: 'customer', customerId: ticket.customerId! }, ticket.id, { body, isPublic: true, attachmentIds: [], mentionUserIds: [] }),
    );
    services.outbox.nudge();
  }
  async function customer(tier = 'free'): Promise<string> {
    const created = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: `Customer ${Math.random()}`, email: `c${Date.now()}${Math.random()}@example.com`, tier });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('puts every ticket under the default policy: an urgent one owes a first reply within 15 minutes', async () => {
    const ticket = await createTicket({ subject: 'Site down', priority: 'urgent', customerId: await customer() });
    const sla = await slaWhen(ticket.id, (current) => current.targets.length === 2);
    expect(sla.policy?.name).toBe('Default');
    const first = live(sla, 'first_response')!;
    expect(first).toMatchObject({ state: 'running', targetMinutes: 15, isBreached: false, isWarning: false });
    expect(Date.parse(first.dueAt!) - Date.parse(ticket.createdAt)).toBe(15 * MINUTE);
    expect(live(sla, 'resolution')).toMatchObject({ targetMinutes: 240 });
    expect(sla.nextDueAt).toBe(first.dueAt);

    const policies = (await workspace.admin.get<{ data: Policy[] }>('/api/v1/sla/policies')).body.data;
    expect(policies.map((policy) => [policy.name, policy.isDefault])).toEqual([['Default', true]]);
    expect(Object.entries(policies[0]!.targets).map(([priority, targets]) => [priority, targets.firstResponseMinutes, targets.resolutionMinutes])).toEqual([
      ['urgent', 15, 240],
      ['high', 60, 480],
      ['normal', 240, 1440],
      ['low', 480, 2880],
    ]);
  });

  it('fulfils the first response with a public reply (not an internal note), then holds each next reply to its target', async () => {
    const ticket = await createTicket({ subject: 'Invoice question', priority: 'high', customerId: await customer() });
    await slaWhen(ticket.id, (sla) => live(sla, 'first_response') !== undefined);
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Looking into it (note)', isPublic: false });
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Hello! We are on it.', isPublic: true });
    let sla = await slaWhen(ticket.id, (current) => current.targets.some((target) => target.metric === 'first_response' && target.state === 'fulfilled'));
    expect(sla.targets.find((target) => target.metric === 'first_response')).toMatchObject({ isBreached: false });

    await customerWrites(ticket, 'Thanks, any news?');
    sla = await slaWhen(ticket.id, (current) => live(current, 'next_response') !== undefined);
    expect(live(sla, 'next_response')).toMatchObject({ state: 'running', targetMinutes: 60 });
    // A second message before the reply does not restart the clock.
    await customerWrites(ticket, 'Hello?');
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Here is the answer.', isPublic: true });
    sla = await slaWhen(ticket.id, (current) => live(current, 'next_response') === undefined);
    expect(sla.targets.filter((target) => target.metric === 'next_response').map((target) => target.state)).toEqual(['fulfilled']);
  });

  it('stops counting while the ticket is pending on the customer and goes on with what was left', async () => {
    const ticket = await createTicket({ subject: 'Need your logs', priority: 'normal', customerId: await customer() });
    await slaWhen(ticket.id, (sla) => live(sla, 'resolution')?.state === 'running');
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
    const paused = await slaWhen(ticket.id, (sla) => live(sla, 'resolution')?.state === 'paused');
    expect(live(paused, 'resolution')!.dueAt).toBeNull();
    // A day passes while pending: nothing is due, nothing fires.
    clock.offsetMs = 24 * 60 * MINUTE;
    await server.services.sla.fireDue();
    expect(live(await slaOf(ticket.id), 'resolution')).toMatchObject({ state: 'paused', isWarning: false, isBreached: false });
    clock.offsetMs = 0;
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
    const resumed = await slaWhen(ticket.id, (sla) => live(sla, 'resolution')?.state === 'running');
    const resolution = live(resumed, 'resolution')!;
    // About 24 h left of the 24 h target: the pending time did not count.
    expect(resolution.remainingMinutes).toBeGreaterThan(24 * 60 - 1);
    expect(Date.parse(resolution.dueAt!) - Date.now()).toBeGreaterThan(24 * 60 * MINUTE - 2 * MINUTE);
  });

  it('warns at 75% and breaches at the target exactly once, notifies, and escalates as the policy says', async () => {
    const escalation = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Escalations' });
    expect(escalation.status).toBe(201);
    const policy = await workspace.admin.post<Policy>('/api/v1/sla/policies', {
      name: 'Billing escalations',
      conditions: { categories: ['billing'] },
      targets: {
        urgent: { firstResponseMinutes: 10, nextResponseMinutes: 10, resolutionMinutes: 120 },
        high: { firstResponseMinutes: 20, nextResponseMinutes: 20, resolutionMinutes: 240 },
        normal: { firstResponseMinutes: 30, nextResponseMinutes: 30, resolutionMinutes: 480 },
        low: { firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: null },
      },
      breachActions: { isPriorityRaised: true, reassignTeamId: escalation.body.id, isNotified: true },
    });
    expect(policy.status).toBe(201);
    const manager = await workspace.addUser('manager');
    const agent = await workspace.addUser('agent');
    const ticket = await createTicket({ subject: 'Charged twice', priority: 'normal', category: 'billing', assigneeId: agent.userId, customerId: await customer() });
    const sla = await slaWhen(ticket.id, (current) => live(current, 'first_response') !== undefined);
    expect(sla.policy?.name).toBe('Billing escalations');
    expect(live(sla, 'first_response')).toMatchObject({ targetMinutes: 30 });

    clock.offsetMs = 23 * MINUTE; // 75% of 30 minutes is 22.5
    expect(await server.services.sla.fireDue()).toEqual({ warned: 1, breached: 0 });
    expect(await server.services.sla.fireDue()).toEqual({ warned: 0, breached: 0 });
    expect(live(await slaOf(ticket.id), 'first_response')).toMatchObject({ isWarning: true, isBreached: false });

    clock.offsetMs = 31 * MINUTE;
    expect(await server.services.sla.fireDue()).toEqual({ warned: 0, breached: 1 });
    expect(await server.services.sla.fireDue()).toEqual({ warned: 0, breached: 0 });
    const escalated = await vi.waitFor(async () => {
      const current = (await workspace.admin.get<Ticket & { teamId: string | null }>(`/api/v1/tickets/${ticket.id}`)).body;
      if (current.priority !== 'high') throw new Error('not escalated yet');
      return current;
    });
    expect(escalated.teamId).toBe(escalation.body.id);
    const breached = await slaOf(ticket.id);
    expect(breached.targets.find((target) => target.metric === 'first_response')).toMatchObject({ isBreached: true });

    for (const person of [agent, manager]) {
      const notes = (await person.client.get<{ data: Array<{ kind: string; ticketId: string }> }>('/api/v1/notifications')).body.data.filter((note) => note.ticketId === ticket.id && note.kind.startsWith('sla_'));
      expect(notes.map((note) => note.kind).sort()).toEqual(['sla_breach', 'sla_warning']);
    }
    const events = await server.services.db.execute(sql`SELECT type FROM outbox_events WHERE workspace_id = ${workspace.workspaceId} AND type LIKE 'sla.%' AND data->>'ticketId' = ${ticket.id} ORDER BY created_at`);
    expect(rowsOf<{ type: string }>(events).map((row) => row.type)).toEqual(['sla.warning', 'sla.breached']);
  });

  it('counts only business hours under a policy with a calendar', async () => {
    const calendar = await workspace.admin.post<{ id: string }>('/api/v1/business-hours/calendars', {
      name: 'Montréal',
      timeZone: 'America/Toronto',
      intervals: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidaySet: 'ca-qc',
    });
    const targets = { firstResponseMinutes: 120, nextResponseMinutes: 120, resolutionMinutes: 960 };
    const policy = await workspace.admin.post<Policy>('/api/v1/sla/policies', {
      name: 'Enterprise, office hours',
      position: 0,
      conditions: { tiers: ['enterprise'] },
      targets: { urgent: targets, high: targets, normal: targets, low: targets },
      calendarId: calendar.body.id,
    });
    expect(policy.status).toBe(201);
    const ticket = await createTicket({ subject: 'Contract renewal', priority: 'low', customerId: await customer('enterprise') });
    const sla = await slaWhen(ticket.id, (current) => live(current, 'first_response') !== undefined);
    expect(sla.policy?.name).toBe('Enterprise, office hours');
    const spec = await server.services.businessHours.specOf(server.services.db, workspace.workspaceId, calendar.body.id);
    expect(live(sla, 'first_response')!.dueAt).toBe(addBusinessMinutes(spec, new Date(ticket.createdAt), 120).toISOString());
    expect(live(sla, 'resolution')!.dueAt).toBe(addBusinessMinutes(spec, new Date(ticket.createdAt), 960).toISOString());
    // A calendar a policy uses cannot be deleted from under it.
    const refused = await workspace.admin.delete<ApiError>(`/api/v1/business-hours/calendars/${calendar.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('business_calendar_in_use');
  });

  it('moves a ticket to the targets of its new priority, and ends its clocks when it is solved', async () => {
    const ticket = await createTicket({ subject: 'Slow dashboard', priority: 'low', customerId: await customer() });
    await slaWhen(ticket.id, (sla) => live(sla, 'first_response')?.targetMinutes === 480);
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'urgent' });
    await slaWhen(ticket.id, (sla) => live(sla, 'first_response')?.targetMinutes === 15 && live(sla, 'resolution')?.targetMinutes === 240);

    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    const solved = await slaWhen(ticket.id, (sla) => live(sla, 'resolution') === undefined);
    expect(solved.targets.map((target) => [target.metric, target.state]).sort()).toEqual([['first_response', 'cancelled'], ['resolution', 'fulfilled']]);
    // Reopened, the resolution clock goes on from what it had counted.
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
    const reopened = await slaWhen(ticket.id, (sla) => live(sla, 'resolution')?.state === 'running');
    expect(reopened.targets.filter((target) => target.metric === 'resolution')).toHaveLength(1);
  });

  it('lists the clocks at risk, soonest first, and hides other workspaces’ tickets', async () => {
    const soon = await createTicket({ subject: 'At risk soon', priority: 'urgent', customerId: await customer() });
    await slaWhen(soon.id, (sla) => live(sla, 'first_response') !== undefined);
    const atRisk = (await workspace.admin.get<{ data: Array<{ ticket: { id: string }; target: SlaTarget }> }>('/api/v1/sla/at-risk?withinMinutes=20')).body.data;
    expect(atRisk.map((item) => item.ticket.id)).toContain(soon.id);
    const dueTimes = atRisk.map((item) => Date.parse(item.target.dueAt!));
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));

    const other = await server.createWorkspace();
    expect((await other.admin.get<{ data: unknown[] }>('/api/v1/sla/at-risk?withinMinutes=10000')).body.data.map((item) => (item as { ticket: { id: string } }).ticket.id)).not.toContain(soon.id);
    expect((await other.admin.get(`/api/v1/tickets/${soon.id}/sla`)).status).toBe(404);
  });

  it('lists a clock past its warning share as at risk even when it is not due soon', async () => {
    // Normal priority: first response within 4 hours, a warning at 75% (3 hours).
    const ticket = await createTicket({ subject: 'Warns long before it is due', priority: 'normal', customerId: await customer() });
    await slaWhen(ticket.id, (sla) => live(sla, 'first_response') !== undefined);
    const atRiskNow = async () => (await workspace.admin.get<{ data: Array<{ ticket: { id: string }; target: SlaTarget }> }>('/api/v1/sla/at-risk?withinMinutes=0&limit=200')).body.data.filter((item) => item.ticket.id === ticket.id);
    expect(await atRiskNow()).toEqual([]);
    clock.offsetMs = 3 * 60 * MINUTE + MINUTE;
    const [item] = await atRiskNow();
    expect(item?.target).toMatchObject({ metric: 'first_response', isWarning: true, isBreached: false });
    expect(Date.parse(item!.target.dueAt!)).toBeGreaterThan(clock.now().getTime());
  });

  it('gives list badges each ticket’s most pressing clock, only for the caller’s workspace', async () => {
    const urgent = await createTicket({ subject: 'Badge urgent', priority: 'urgent', customerId: await customer() });
    const waiting = await createTicket({ subject: 'Badge pending', priority: 'low', customerId: await customer() });
    await slaWhen(urgent.id, (sla) => live(sla, 'first_response') !== undefined);
    await workspace.admin.patch(`/api/v1/tickets/${waiting.id}`, { status: 'pending' });
    await slaWhen(waiting.id, (sla) => live(sla, 'resolution')?.state === 'paused');
    const badges = (await workspace.admin.get<{ data: Array<{ ticketId: string; target: SlaTarget }> }>(`/api/v1/sla/tickets?ticketIds=${urgent.id},${waiting.id}`)).body.data;
    const byTicket = new Map(badges.map((badge) => [badge.ticketId, badge.target]));
    // The web app sends the ids as repeated parameters; both forms read the same.
    const repeated = (await workspace.admin.get<{ data: unknown[] }>(`/api/v1/sla/tickets?ticketIds=${urgent.id}&ticketIds=${waiting.id}`)).body.data;
    expect(repeated).toHaveLength(2);
    expect(byTicket.get(urgent.id)).toMatchObject({ metric: 'first_response', state: 'running', targetMinutes: 15 });
    expect(byTicket.get(waiting.id)?.state).toBe('paused');
    const other = await server.createWorkspace();
    expect((await other.admin.get<{ data: unknown[] }>(`/api/v1/sla/tickets?ticketIds=${urgent.id}`)).body.data).toEqual([]);
    expect((await workspace.admin.get('/api/v1/sla/tickets?ticketIds=not-a-uuid')).status).toBe(400);
  });

  it('refuses what would break the policies, with a clear error and nothing changed', async () => {
    const policies = (await workspace.admin.get<{ data: Policy[] }>('/api/v1/sla/policies')).body.data;
    const fallback = policies.find((policy) => policy.isDefault)!;
    const cannotDelete = await workspace.admin.delete<ApiError>(`/api/v1/sla/policies/${fallback.id}`);
    expect([cannotDelete.status, cannotDelete.body.error.code]).toEqual([409, 'sla_default_policy_fixed']);
    const cannotNarrow = await workspace.admin.patch<ApiError>(`/api/v1/sla/policies/${fallback.id}`, { conditions: { channels: ['email'] } });
    expect([cannotNarrow.status, cannotNarrow.body.error.code]).toEqual([409, 'sla_default_policy_fixed']);
    const targets = { firstResponseMinutes: 5, nextResponseMinutes: 5, resolutionMinutes: 60 };
    const all = { urgent: targets, high: targets, normal: targets, low: targets };
    const badCalendar = await workspace.admin.post<ApiError>('/api/v1/sla/policies', { name: 'Ghost calendar', targets: all, calendarId: '00000000-0000-4000-8000-000000000000' });
    expect(badCalendar.status).toBe(400);
    const badMinutes = await workspace.admin.post<ApiError>('/api/v1/sla/policies', { name: 'Zero', targets: { ...all, low: { ...targets, firstResponseMinutes: 0 } } });
    expect(badMinutes.status).toBe(400);
    const taken = await workspace.admin.post<ApiError>('/api/v1/sla/policies', { name: 'default', targets: all });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'sla_policy_name_taken']);
    const agent = await workspace.addUser('agent');
    expect((await agent.client.post('/api/v1/sla/policies', { name: 'Mine', targets: all })).status).toBe(403);
    expect((await agent.client.get('/api/v1/sla/policies')).status).toBe(200);
    expect((await workspace.admin.get<{ data: Policy[] }>('/api/v1/sla/policies')).body.data).toHaveLength(policies.length);
  });

  it('fires each breach once when two nodes sweep at the same time', async () => {
    const second = await startTestServer({ reuse: server, clock, env: { SLA_SWEEP_INTERVAL_MS: '3600000' } });
    try {
      const tickets = await Promise.all([1, 2, 3].map(async (n) => createTicket({ subject: `Outage ${n}`, priority: 'urgent', customerId: await customer() })));
      for (const ticket of tickets) await slaWhen(ticket.id, (sla) => live(sla, 'first_response') !== undefined);
      clock.offsetMs = 16 * MINUTE;
      const [a, b] = await Promise.all([server.services.sla.fireDue(), second.services.sla.fireDue()]);
      const ids = tickets.map((ticket) => ticket.id);
      const events = await server.services.db.execute(
        sql`SELECT data->>'ticketId' AS "ticketId", count(*)::int AS count FROM outbox_events WHERE type = 'sla.breached' AND data->>'metric' = 'first_response' AND data->>'ticketId' IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) GROUP BY 1`,
      );
      expect(rowsOf<{ count: number }>(events).map((row) => row.count)).toEqual([1, 1, 1]);
      expect(a.breached + b.breached).toBeGreaterThanOrEqual(3);
    } finally {
      await second.close();
    }
  });
});

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
