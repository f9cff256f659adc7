import type { SwitchboardClient } from '@switchboard/sdk';
import { sql } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/database.js';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { connectSocket } from '../../../test/socket-events.js';

interface TeamQueue {
  team: { id: string; name: string };
  strategy: string;
  waitingCount: number;
  oldestWaitSeconds: number | null;
  availableAgents: number;
  agents: Array<{ userId: string; availability: string; isInShift: boolean; isAvailable: boolean; load: number; capacity: number }>;
  waiting: Array<{ ticketId: string; priority: string; customerTier: string | null; waitSeconds: number; requiredSkills: Array<{ skill: string; level: number }> }>;
}
interface Activity {
  action: string;
  actorType: string;
  actorId: string | null;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
}

/** The server's clock, moved forward by the tests to reach reroute and overflow times without waiting. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const MINUTE = 60_000;

describe('ticket routing and assignment', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // The sweep is run by the tests themselves, at the moments they choose.
    server = await startTestServer({ workers: true, clock, env: { ROUTING_SWEEP_INTERVAL_MS: '3600000' } });
  });
  afterEach(() => {
    clock.offsetMs = 0;
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.close());

  /** A fresh workspace and helpers bound to it. */
  async function setUp() {
    const workspace: TestWorkspace = await server.createWorkspace();
    const admin = workspace.admin;
    let count = 0;
    const helpers = {
      workspace,
      admin,
      /** An agent with an app token; `online()` opens their app's connection (that is what makes them online). */
      async agent(name: string, profile?: { skills?: Array<{ skill: string; level: number }>; ticketCapacity?: number; shiftCalendarId?: string | null }) {
        const member = await workspace.addUser('agent', name);
        const token = await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: member.userId, role: 'agent' }, 'app'));
        if (profile) expect((await admin.put(`/api/v1/routing/agents/${member.userId}`, { ticketCapacity: 10, ...profile })).status).toBe(200);
        const online = async (shown = 'online') => {
          const socket = await connectSocket(server.url, token.secret, sockets);
          await vi.waitFor(async () => expect((await admin.get<{ availability: string }>(`/api/v1/users/${member.userId}`)).body.availability).toBe(shown), { timeout: 10_000, interval: 50 });
          return socket;
        };
        return { ...member, online };
      },
      async team(name: string, memberIds: string[], settings?: Record<string, unknown>) {
        const created = await admin.post<{ id: string }>('/api/v1/teams', { name, memberIds });
        expect(created.status).toBe(201);
        if (settings) expect((await admin.put(`/api/v1/routing/teams/${created.body.id}`, settings)).status).toBe(200);
        return created.body.id;
      },
      async customer(tier: string) {
        count += 1;
        const created = await admin.post<{ id: string }>('/api/v1/customers', { name: `Customer ${count}`, email: `c${count}-${Date.now()}@example.com`, tier });
        expect(created.status).toBe(201);
        return created.body.id;
      },
      async ticket(body: Record<string, unknown>, client: SwitchboardClient = admin): Promise<Ticket> {
        const created = await client.post<Ticket>('/api/v1/tickets', body.customerId ? body : { customer_email: 'someone@example.com', ...body });
        expect(created.status).toBe(201);
        return created.body;
      },
      async read(ticketId: string) {
        return (await admin.get<Ticket>(`/api/v1/tickets/${ticketId}`)).body;
      },
      /** Waits until the ticket satisfies `check` (routing runs when the outbox dispatches). */
      async ticketWhen(ticketId: string, check: (ticket: Ticket) => boolean): Promise<Ticket> {
        return vi.waitFor(async () => {
          const ticket = await helpers.read(ticketId);
          if (!check(ticket)) throw new Error(`ticket not there yet: team ${ticket.teamId}, assignee ${ticket.assigneeId}`);
          return ticket;
        }, { timeout: 10_000, interval: 50 });
      },
      async activity(ticketId: string) {
        return (await admin.get<{ data: Activity[] }>(`/api/v1/tickets/${ticketId}/activity`)).body.data;
      },
      async queues(client: SwitchboardClient = admin, limit = 10) {
        const answer = await client.get<{ data: TeamQueue[] }>('/api/v1/routing/queues', { limit: String(limit) });
        expect(answer.status).toBe(200);
        return answer.body.data;
      },
      /** Waits until the outbox has handed every event to its listeners (here, or in the workers' dispatch under way). */
      async settle() {
        for (;;) {
          await server.services.outbox.dispatchBatch();
          const [row] = await queryRows<{ waiting: number }>(server.services.db, sql`SELECT count(*)::int AS waiting FROM outbox_events WHERE dispatched_at IS NULL`);
          if (row!.waiting === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    };
    return helpers;
  }

  it('sends a new ticket to the team of the first matching rule, names the rule on its timeline, and gives it to the least-loaded agent', async () => {
    const { admin, agent, team, ticket, ticketWhen, activity, read, settle } = await setUp();
    const busy = await agent('Busy Billing');
    const free = await agent('Free Billing');
    const billing = await team('Billing', [busy.userId, free.userId], { strategy: 'least_loaded' });
    const sales = await team('Sales', [], { strategy: 'least_loaded' });
    const refunds = await admin.post<{ id: string; position: number }>('/api/v1/routing/rules', {
      name: 'Billing words',
      conditions: { any: [{ field: 'text', operator: 'contains_any', value: ['invoice', 'refund', 'facture'] }, { field: 'ticket.category', operator: 'equals', value: 'billing' }] },
      teamId: billing,
    });
    expect(refunds.status).toBe(201);
    // A later rule that also matches never wins over the first.
    expect((await admin.post('/api/v1/routing/rules', { name: 'Everything else', conditions: { all: [] }, teamId: sales, isActive: false })).status).toBe(201);
    expect((await admin.post('/api/v1/routing/rules', { name: 'Refund to sales', conditions: { field: 'text', operator: 'contains', value: 'refund' }, teamId: sales })).status).toBe(201);
    await busy.online();
    await free.online();
    await ticket({ subject: 'Earlier work', assigneeId: busy.userId, teamId: billing });

    const routed = await ticket({ subject: 'Refund please', description: 'My invoice was charged twice.' });
    const done = await ticketWhen(routed.id, (current) => current.assigneeId !== null);
    expect(done).toMatchObject({ teamId: billing, assigneeId: free.userId });
    const entries = await activity(routed.id);
    const rule = entries.find((entry) => entry.action === 'routed' && entry.actorType === 'routing_rule');
    expect(rule).toMatchObject({ actorId: refunds.body.id });
    expect(rule!.changes).toEqual(expect.arrayContaining([{ field: 'rule', from: null, to: 'Billing words' }, { field: 'team', from: null, to: 'Billing' }]));
    expect(entries.find((entry) => entry.action === 'routed' && entry.actorType === 'routing')!.changes).toEqual(expect.arrayContaining([{ field: 'strategy', from: null, to: 'least_loaded' }, { field: 'assignee', from: null, to: 'Free Billing' }]));
    // The change itself is a system change: nobody made it.
    expect(entries.some((entry) => entry.action === 'updated' && entry.actorType === 'system' && entry.changes.some((change) => change.field === 'teamId' && change.to === billing))).toBe(true);

    // Nothing matches: no team, nobody assigned.
    const other = await ticket({ subject: 'Hello there' });
    await settle();
    expect(await read(other.id)).toMatchObject({ teamId: null, assigneeId: null });

    // A solved ticket reopened without a team goes through the rules again.
    const solved = await ticket({ subject: 'Old question', status: 'resolved' });
    await settle();
    expect((await admin.patch(`/api/v1/tickets/${solved.id}`, { status: 'open', description: 'Actually about my facture' })).status).toBe(200);
    expect(await ticketWhen(solved.id, (current) => current.teamId !== null)).toMatchObject({ teamId: billing });
  });

  it('round robin hands tickets out in turn and keeps its place between passes', async () => {
    const { agent, team, ticket, ticketWhen } = await setUp();
    const members = [await agent('Rin'), await agent('Rob'), await agent('Ray')];
    for (const member of members) await member.online();
    const roundRobin = await team('Support', members.map((member) => member.userId), { strategy: 'round_robin' });
    const order = members.map((member) => member.userId).sort();
    const assignees: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const created = await ticket({ subject: `Question ${index}`, teamId: roundRobin });
      assignees.push((await ticketWhen(created.id, (current) => current.assigneeId !== null)).assigneeId!);
    }
    expect(assignees).toEqual([order[0], order[1], order[2], order[0]]);
  });

  it('skills: only agents with every required skill at the level get the ticket, the best match first; a ticket nobody fits waits until someone does', async () => {
    const { admin, agent, team, ticket, ticketWhen, queues, read, settle } = await setUp();
    const beginner = await agent('Beginner', { skills: [{ skill: 'French', level: 2 }] });
    const fluent = await agent('Fluent', { skills: [{ skill: 'french', level: 4 }, { skill: 'billing', level: 1 }] });
    const native = await agent('Native', { skills: [{ skill: 'french', level: 5 }], ticketCapacity: 1 });
    await beginner.online();
    await fluent.online();
    const skilled = await team('Québec', [beginner.userId, fluent.userId, native.userId], { strategy: 'skills' });
    expect((await admin.post('/api/v1/routing/rules', { name: 'French', conditions: { field: 'ticket.language', operator: 'equals', value: 'fr' }, teamId: skilled, requiredSkills: [{ skill: 'french', level: 3 }] })).status).toBe(201);
    expect((await admin.post('/api/v1/routing/rules', { name: 'German', conditions: { field: 'text', operator: 'contains_any', value: ['deutsch'] }, teamId: skilled, requiredSkills: [{ skill: 'german', level: 1 }] })).status).toBe(201);

    const french = await ticket({ subject: 'Bonjour', language: 'fr' });
    expect((await ticketWhen(french.id, (current) => current.assigneeId !== null)).assigneeId).toBe(fluent.userId);
    // The native speaker comes online: the better match gets the next one.
    await native.online();
    const second = await ticket({ subject: 'Allô', language: 'fr' });
    expect((await ticketWhen(second.id, (current) => current.assigneeId !== null)).assigneeId).toBe(native.userId);

    const german = await ticket({ subject: 'Auf Deutsch bitte', language: 'en' });
    await settle();
    expect(await read(german.id)).toMatchObject({ teamId: skilled, assigneeId: null });
    const queue = (await queues()).find((entry) => entry.team.id === skilled)!;
    expect(queue.waiting.map((item) => item.ticketId)).toEqual([german.id]);
    expect(queue.waiting[0]!.requiredSkills).toEqual([{ skill: 'german', level: 1 }]);
    // The beginner learns German: the waiting ticket is theirs at once.
    expect((await admin.put(`/api/v1/routing/agents/${beginner.userId}`, { skills: [{ skill: 'french', level: 2 }, { skill: 'german', level: 2 }], ticketCapacity: 10 })).status).toBe(200);
    expect((await ticketWhen(german.id, (current) => current.assigneeId !== null)).assigneeId).toBe(beginner.userId);
  });

  it('only available agents get work: away gets none, capacity is respected, and freed capacity takes the queue', async () => {
    const { admin, agent, team, ticket, ticketWhen, read, settle, queues } = await setUp();
    const solo = await agent('Solo', { ticketCapacity: 1 });
    const dreamer = await agent('Dreamer');
    const queueTeam = await team('Desk', [solo.userId, dreamer.userId], { strategy: 'least_loaded' });
    // Nobody online: tickets wait.
    const first = await ticket({ subject: 'First', teamId: queueTeam });
    await settle();
    expect((await read(first.id)).assigneeId).toBeNull();
    // The dreamer chose to be away, and connects: still nothing.
    expect((await dreamer.client.put('/api/v1/account/availability', { availability: 'away' })).status).toBe(200);
    await dreamer.online('away');
    await settle();
    expect((await read(first.id)).assigneeId).toBeNull();
    // Solo comes online and takes the waiting ticket; their capacity (1) keeps the next one waiting.
    await solo.online();
    expect((await ticketWhen(first.id, (current) => current.assigneeId !== null)).assigneeId).toBe(solo.userId);
    const second = await ticket({ subject: 'Second', teamId: queueTeam, priority: 'high' });
    await settle();
    expect((await read(second.id)).assigneeId).toBeNull();
    const desk = (await queues()).find((entry) => entry.team.id === queueTeam)!;
    expect(desk).toMatchObject({ waitingCount: 1, availableAgents: 0 });
    expect(desk.agents.find((entry) => entry.userId === solo.userId)).toMatchObject({ load: 1, capacity: 1, isAvailable: false, availability: 'online' });
    expect(desk.agents.find((entry) => entry.userId === dreamer.userId)).toMatchObject({ availability: 'away', isAvailable: false });
    // Solo solves the first: the second is theirs.
    expect((await solo.client.patch(`/api/v1/tickets/${first.id}`, { status: 'resolved' })).status).toBe(200);
    expect((await ticketWhen(second.id, (current) => current.assigneeId !== null)).assigneeId).toBe(solo.userId);
  });

  it('outside their shift calendar an agent gets no new work', async () => {
    const { admin, agent, team, ticket, ticketWhen } = await setUp();
    // Open one hour a week, three days from today: closed now.
    const day = (clock.now().getUTCDay() + 3) % 7;
    const calendar = await admin.post<{ id: string }>('/api/v1/business-hours/calendars', { name: 'Night shift', timeZone: 'UTC', intervals: [{ day, start: '01:00', end: '02:00' }] });
    expect(calendar.status).toBe(201);
    const offShift = await agent('Off shift', { shiftCalendarId: calendar.body.id });
    const onShift = await agent('On shift', { ticketCapacity: 50 });
    await offShift.online();
    await onShift.online();
    const desk = await team('Shifts', [offShift.userId, onShift.userId], { strategy: 'round_robin' });
    for (let index = 0; index < 3; index += 1) {
      const created = await ticket({ subject: `Shift ${index}`, teamId: desk });
      expect((await ticketWhen(created.id, (current) => current.assigneeId !== null)).assigneeId).toBe(onShift.userId);
    }
    const queue = (await (await admin.get<{ data: TeamQueue[] }>('/api/v1/routing/queues')).body.data).find((entry) => entry.team.id === desk)!;
    expect(queue.agents.find((entry) => entry.userId === offShift.userId)).toMatchObject({ isInShift: false, isAvailable: false });
  });

  it('the sweep takes back what routing gave an agent offline too long (never a person’s assignment), and overflows a queue that waited too long', async () => {
    const { admin, agent, team, ticket, ticketWhen, activity, read, settle } = await setUp();
    const leaver = await agent('Leaver');
    const stayer = await agent('Stayer');
    const leaverSocket = await leaver.online();
    const desk = await team('Reroute desk', [leaver.userId, stayer.userId], { strategy: 'least_loaded', rerouteOfflineAfterMinutes: 30 });
    const routed = await ticket({ subject: 'Given by routing', teamId: desk });
    expect((await ticketWhen(routed.id, (current) => current.assigneeId !== null)).assigneeId).toBe(leaver.userId);
    const manual = await ticket({ subject: 'Given by a person', teamId: desk, assigneeId: leaver.userId });
    leaverSocket.disconnect();
    await vi.waitFor(async () => expect((await admin.get<{ availability: string }>(`/api/v1/users/${leaver.userId}`)).body.availability).toBe('offline'), { timeout: 10_000, interval: 50 });
    await stayer.online();
    // Not yet 30 minutes.
    clock.offsetMs = 20 * MINUTE;
    expect((await server.services.routing.sweep()).rerouted).toBe(0);
    clock.offsetMs = 31 * MINUTE;
    expect((await server.services.routing.sweep()).rerouted).toBe(1);
    expect((await ticketWhen(routed.id, (current) => current.assigneeId === stayer.userId)).teamId).toBe(desk);
    expect((await activity(routed.id)).find((entry) => entry.action === 'rerouted')!.changes).toContainEqual({ field: 'assignee', from: 'Leaver', to: null });
    await settle();
    expect((await read(manual.id)).assigneeId).toBe(leaver.userId);

    // Overflow: a manual team whose tickets wait more than 10 minutes sends them to its backup.
    clock.offsetMs = 0;
    const backup = await team('Backup', [stayer.userId], { strategy: 'least_loaded' });
    const front = await team('Front', [], { strategy: 'manual', backupTeamId: backup, overflowAfterMinutes: 10 });
    const waiting = await ticket({ subject: 'Waiting at the front', teamId: front });
    await settle();
    clock.offsetMs = 5 * MINUTE;
    expect((await server.services.routing.sweep()).overflowed).toBe(0);
    clock.offsetMs = 11 * MINUTE;
    expect((await server.services.routing.sweep()).overflowed).toBe(1);
    expect(await ticketWhen(waiting.id, (current) => current.assigneeId !== null)).toMatchObject({ teamId: backup, assigneeId: stayer.userId });
    expect((await activity(waiting.id)).find((entry) => entry.action === 'overflowed')!.changes).toContainEqual({ field: 'team', from: 'Front', to: 'Backup' });
  });

  it('claim: the caller takes an unassigned ticket, 409 when someone else holds it; routing never overrides a manual assignee', async () => {
    const { agent, team, ticket, read, settle } = await setUp();
    const first = await agent('First');
    const second = await agent('Second');
    await first.online();
    await second.online();
    const manualTeam = await team('Manual desk', [first.userId, second.userId]);
    const open = await ticket({ subject: 'Anyone?', teamId: manualTeam });
    await settle();
    expect((await read(open.id)).assigneeId).toBeNull();
    const claimed = await first.client.post<Ticket>(`/api/v1/tickets/${open.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assigneeId).toBe(first.userId);
    const again = await first.client.post<Ticket>(`/api/v1/tickets/${open.number}/claim`);
    expect(again.status).toBe(200);
    const taken = await second.client.post<ApiError>(`/api/v1/tickets/${open.id}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('ticket_already_assigned');
    expect((await second.client.post<ApiError>('/api/v1/tickets/999999/claim')).status).toBe(404);

    // A team routing by load still leaves a person's choice alone.
    const routedTeam = await team('Routed desk', [first.userId, second.userId], { strategy: 'least_loaded' });
    const chosen = await ticket({ subject: 'For the first', teamId: routedTeam, assigneeId: first.userId });
    await settle();
    await server.services.routing.sweep();
    await settle();
    expect((await read(chosen.id)).assigneeId).toBe(first.userId);
  });

  it('queue state: urgent first, then customer tier, then age; counts, oldest wait and agents; managers and admins only', async () => {
    const { workspace, agent, team, ticket, customer, queues, settle } = await setUp();
    const absent = await agent('Absent');
    const desk = await team('Queue desk', [absent.userId], { strategy: 'least_loaded' });
    const free = await customer('free');
    const paid = await customer('paid');
    const enterprise = await customer('enterprise');
    const vip = await customer('vip');
    const made: Record<string, string> = {};
    for (const [name, body] of [
      ['free-normal', { customerId: free }],
      ['paid-normal', { customerId: paid }],
      ['vip-low', { customerId: vip, priority: 'low' }],
      ['free-urgent', { customerId: free, priority: 'urgent' }],
      ['enterprise-high', { customerId: enterprise, priority: 'high' }],
    ] as const) {
      made[name] = (await ticket({ subject: name, teamId: desk, ...body })).id;
    }
    await settle();
    clock.offsetMs = 2 * MINUTE;
    const [queue] = (await queues()).filter((entry) => entry.team.id === desk);
    // The shipped escalation rule makes a VIP's ticket urgent: urgent ones first, the VIP ahead of the free customer.
    expect(queue!.waiting.map((item) => item.ticketId)).toEqual([made['vip-low'], made['free-urgent'], made['enterprise-high'], made['paid-normal'], made['free-normal']]);
    expect(queue!.waiting.map((item) => item.priority)).toEqual(['urgent', 'urgent', 'high', 'normal', 'normal']);
    expect(queue).toMatchObject({ waitingCount: 5, availableAgents: 0, strategy: 'least_loaded' });
    expect(queue!.oldestWaitSeconds).toBeGreaterThanOrEqual(120);
    expect(queue!.agents).toEqual([expect.objectContaining({ userId: absent.userId, availability: 'offline', load: 0, capacity: 10, isAvailable: false })]);
    expect((await queues(workspace.admin, 2)).find((entry) => entry.team.id === desk)!.waiting).toHaveLength(2);

    const manager = await workspace.addUser('manager');
    expect((await manager.client.get('/api/v1/routing/queues')).status).toBe(200);
    const forbidden = await absent.client.get<ApiError>('/api/v1/routing/queues');
    expect(forbidden.status).toBe(403);
  });

  it('refuses bad input with 4xx, keeps writes to admins, and keeps each workspace to itself', async () => {
    const { admin, agent, team } = await setUp();
    const member = await agent('Member');
    const desk = await team('Validation desk', [member.userId]);
    const other = await server.createWorkspace();
    const elsewhere = (await other.admin.post<{ id: string }>('/api/v1/teams', { name: 'Elsewhere' })).body.id;

    const expectError = async (response: Promise<{ status: number; body: unknown }>, status: number, code?: string) => {
      const answer = await response;
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      if (code) expect((answer.body as ApiError).error.code).toBe(code);
    };
    await expectError(admin.put(`/api/v1/routing/teams/${desk}`, { strategy: 'random' }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/teams/${desk}`, { strategy: 'least_loaded', backupTeamId: desk, overflowAfterMinutes: 5 }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/teams/${desk}`, { strategy: 'least_loaded', backupTeamId: elsewhere, overflowAfterMinutes: 5 }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/teams/${desk}`, { strategy: 'least_loaded', overflowAfterMinutes: 5 }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/teams/${desk}`, { strategy: 'least_loaded', rerouteOfflineAfterMinutes: 0 }), 400, 'validation_failed');
    await expectError(admin.get(`/api/v1/routing/teams/${elsewhere}`), 404, 'team_not_found');
    await expectError(admin.put(`/api/v1/routing/agents/${member.userId}`, { ticketCapacity: 5, skills: [{ skill: 'french', level: 6 }] }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/agents/${member.userId}`, { ticketCapacity: 5, skills: [{ skill: 'french', level: 2 }, { skill: 'French', level: 3 }] }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/agents/${member.userId}`, { ticketCapacity: -1 }), 400, 'validation_failed');
    await expectError(admin.put(`/api/v1/routing/agents/${member.userId}`, { ticketCapacity: 3, shiftCalendarId: '0b6f4c59-5a6e-4c7a-9d8e-2f1a3b4c5d6e' }), 400, 'validation_failed');
    await expectError(admin.get(`/api/v1/routing/agents/${other.adminId}`), 404, 'user_not_found');
    await expectError(admin.post('/api/v1/routing/rules', { name: 'To nowhere', teamId: elsewhere }), 400, 'validation_failed');
    await expectError(admin.post('/api/v1/routing/rules', { name: 'Bad field', teamId: desk, conditions: { field: 'ticket.colour', operator: 'equals', value: 'red' } }), 400, 'validation_failed');
    await expectError(admin.post('/api/v1/routing/rules', { teamId: desk }), 400, 'validation_failed');
    await expectError(admin.patch('/api/v1/routing/rules/0b6f4c59-5a6e-4c7a-9d8e-2f1a3b4c5d6e', { name: 'Ghost' }), 404, 'routing_rule_not_found');

    // Settings are an admin's; agents may read them.
    await expectError(member.client.put(`/api/v1/routing/teams/${desk}`, { strategy: 'round_robin' }), 403, 'forbidden');
    await expectError(member.client.post('/api/v1/routing/rules', { name: 'Mine', teamId: desk }), 403, 'forbidden');
    expect((await member.client.get(`/api/v1/routing/teams/${desk}`)).body).toMatchObject({ teamId: desk, strategy: 'manual', backupTeamId: null, updatedAt: null });

    // The full life of a rule, and another workspace sees none of it.
    const rule = await admin.post<{ id: string; position: number }>('/api/v1/routing/rules', { name: 'Urgent', teamId: desk, conditions: { field: 'ticket.priority', operator: 'equals', value: 'urgent' } });
    expect(rule.status).toBe(201);
    const changed = await admin.patch<{ name: string; isActive: boolean }>(`/api/v1/routing/rules/${rule.body.id}`, { name: 'Urgent ones', isActive: false });
    expect(changed.body).toMatchObject({ name: 'Urgent ones', isActive: false });
    await expectError(other.admin.get(`/api/v1/routing/rules/${rule.body.id}`), 404, 'routing_rule_not_found');
    await expectError(other.admin.delete(`/api/v1/routing/rules/${rule.body.id}`), 404, 'routing_rule_not_found');
    expect((await other.admin.get<{ data: unknown[] }>('/api/v1/routing/rules')).body.data).toEqual([]);
    expect((await admin.get<{ data: Array<{ id: string }> }>('/api/v1/routing/rules')).body.data.map((entry) => entry.id)).toEqual([rule.body.id]);
    expect((await admin.delete(`/api/v1/routing/rules/${rule.body.id}`)).status).toBe(204);
    expect((await admin.get<{ data: unknown[] }>('/api/v1/routing/rules')).body.data).toEqual([]);
  });
});
