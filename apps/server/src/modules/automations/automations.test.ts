import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { startSlackIncomingWebhook, type SlackIncomingWebhook } from '../../../../../test/contracts/slack-incoming-webhook.js';
import { startTeamsIncomingWebhook, type TeamsIncomingWebhook } from '../../../../../test/contracts/teams-incoming-webhook.js';
import { startOutsideMailServer, type OutsideMailServer } from '../../../test/outside-mail-server.js';

interface Rule {
  id: string;
  name: string;
  builtIn: string | null;
  isActive: boolean;
  triggers: string[];
}
interface Run {
  ruleId: string;
  ticketId: string;
  outcome: string;
  transactionId: string;
  error: string | null;
}
interface Activity {
  action: string;
  actorType: string;
  changes: Array<{ field: string; to: unknown }>;
}

/** The server's clock, moved forward for time-based rules. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const HOUR = 3_600_000;

describe('automation rules', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let slack: SlackIncomingWebhook;
  let teams: TeamsIncomingWebhook;
  let mail: OutsideMailServer;
  beforeAll(async () => {
    mail = await startOutsideMailServer();
    [server, slack, teams] = await Promise.all([
      startTestServer({
        workers: true,
        clock,
        env: { SLA_SWEEP_INTERVAL_MS: '3600000', AUTOMATION_TIME_SWEEP_INTERVAL_MS: '3600000', SMTP_URL: mail.url, PUBLIC_URL: 'https://support.example.test' },
      }),
      startSlackIncomingWebhook(),
      startTeamsIncomingWebhook(),
    ]);
    workspace = await server.createWorkspace();
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await Promise.all([server.close(), slack.close(), teams.close()]);
    await mail.close();
  });

  async function createTicket(body: Record<string, unknown>, client = workspace.admin): Promise<Ticket> {
    const created = await client.post<Ticket>('/api/v1/tickets', body);
    expect(created.status).toBe(201);
    return created.body;
  }
  async function createRule(body: Record<string, unknown>, client = workspace.admin): Promise<Rule> {
    const created = await client.post<Rule>('/api/v1/automations/rules', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }
  const ticketOf = async (id: string, client = workspace.admin) => (await client.get<Ticket & { tags: string[]; teamId: string | null }>(`/api/v1/tickets/${id}`)).body;
  const runsOf = async (query: string, client = workspace.admin) => (await client.get<{ data: Run[] }>(`/api/v1/automations/runs?${query}`)).body.data;
  const commentsOf = async (id: string, client = workspace.admin) => (await client.get<PageOf<Comment & { isPublic: boolean; authorType: string }>>(`/api/v1/tickets/${id}/comments`)).body.data;
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
    return vi.waitFor(
      async () => {
        const value = await read();
        if (!check(value)) throw new Error(`not yet: ${what} (${JSON.stringify(value).slice(0, 300)})`);
        return value;
      },
      { timeout: 10_000, interval: 50 },
    );
  }
  async function customerWrites(ticket: Ticket, body: string): Promise<void> {
    const { services } = server;
    await services.db.transaction((tx) =>
      services.comments.createInTransaction(tx, { workspaceId: workspace.workspaceId, type: 'customer', customerId: ticket.customerId! }, ticket.id, { body, isPublic: true, attachmentIds: [], mentionUserIds: [] }),
    );
    services.outbox.nudge();
  }

  it('ships the escalation rules: legal or angry words in English or French make the ticket urgent, once, on its timeline', async () => {
    const rules = (await workspace.admin.get<{ data: Rule[] }>('/api/v1/automations/rules')).body.data;
    expect(rules.map((rule) => rule.builtIn)).toEqual(['escalation.keywords', 'escalation.vip', 'escalation.unresolved', 'schedule.auto_close', 'schedule.pending_reminder']);
    const manager = await workspace.addUser('manager');
    const ticket = await createTicket({ subject: 'Facture', description: 'Bonjour, une question sur ma facture.', priority: 'normal', customer_email: 'client@exemple.ca' });
    await customerWrites(ticket, 'Sans réponse sous 48 h, vous recevrez une MISE EN DEMEURE de mon avocat.');
    const escalated = await until(() => ticketOf(ticket.id), (current) => current.priority === 'urgent', 'the ticket escalated');
    expect(escalated.tags).toEqual(expect.arrayContaining(['escalated', 'legal-or-angry']));
    const notes = (await commentsOf(ticket.id)).filter((comment) => !comment.isPublic);
    expect(notes.map((note) => note.body)).toEqual([expect.stringContaining('Escalated by the rule “Escalate legal threats and angry customers”')]);
    const timeline = (await workspace.admin.get<{ data: Activity[] }>(`/api/v1/tickets/${ticket.id}/activity`)).body.data;
    expect(timeline.find((entry) => entry.action === 'rule_applied')).toMatchObject({ actorType: 'rule', changes: expect.arrayContaining([{ field: 'rule', from: null, to: 'Escalate legal threats and angry customers' }]) });
    const managerNotes = (await manager.client.get<{ data: Array<{ kind: string; ticketId: string }> }>('/api/v1/notifications')).body.data;
    expect(managerNotes.filter((note) => note.ticketId === ticket.id).map((note) => note.kind)).toEqual(['automation']);

    // Another angry message does not escalate again: the rule runs once per ticket (it checks the tag).
    await customerWrites(ticket, 'I am still ANGRY.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await commentsOf(ticket.id)).filter((comment) => !comment.isPublic)).toHaveLength(1);
  });

  it('serves VIP customers first', async () => {
    const vip = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Very Important', email: 'vip@example.com', tier: 'vip' });
    const ticket = await createTicket({ subject: 'Question', priority: 'low', customerId: vip.body.id });
    const current = await until(() => ticketOf(ticket.id), (row) => row.priority === 'urgent', 'VIP ticket urgent');
    expect(current.tags).toContain('vip');
  });

  it('applies a rule exactly once, even when its event is delivered again', async () => {
    const rule = await createRule({
      name: 'Acknowledge pending',
      triggers: ['ticket.status_changed'],
      conditions: { all: [{ field: 'status.to', operator: 'equals', value: 'pending' }] },
      actions: [{ type: 'add_tags', tags: ['waiting-on-customer'] }, { type: 'reply', body: 'Hello {{customer.first_name}}, ticket #{{ticket.number}} waits for your answer.' }],
    });
    const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Marie Tremblay', email: 'marie@example.com' });
    const ticket = await createTicket({ subject: 'Need a screenshot', customerId: customer.body.id });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
    await until(() => runsOf(`ruleId=${rule.id}`), (runs) => runs.length === 1, 'one run');
    const replies = (await commentsOf(ticket.id)).filter((comment) => comment.isPublic && comment.authorType === 'system');
    expect(replies.map((reply) => reply.body)).toEqual([`Hello Marie, ticket #${ticket.number} waits for your answer.`]);

    // The dispatcher hands the same event over again (as after a crash between the effects and the mark).
    const { services } = server;
    await services.db.execute(sql`UPDATE outbox_events SET dispatched_at = NULL WHERE type = 'ticket.updated' AND data->'ticket'->>'id' = ${ticket.id}`);
    services.outbox.nudge();
    await until(async () => (await services.db.execute(sql`SELECT count(*)::int AS waiting FROM outbox_events WHERE dispatched_at IS NULL AND data->'ticket'->>'id' = ${ticket.id}`)) as unknown, (result) => rowsOf<{ waiting: number }>(result)[0]!.waiting === 0, 'redelivered');
    expect(await runsOf(`ruleId=${rule.id}`)).toHaveLength(1);
    expect((await commentsOf(ticket.id)).filter((comment) => comment.authorType === 'system' && comment.isPublic)).toHaveLength(1);
    await workspace.admin.patch(`/api/v1/automations/rules/${rule.id}`, { isActive: false });
  });

  it('replies with a shared canned response in the ticket’s language, its variables filled; a personal one is refused', async () => {
    const canned = await workspace.admin.post<{ id: string }>('/api/v1/canned-responses', {
      name: 'Received',
      category: 'Intake',
      visibility: 'shared',
      bodyEn: 'Hello {{customer.first_name}}, we have ticket #{{ticket.number}}.',
      bodyFr: 'Bonjour {{customer.first_name}}, nous avons votre billet no {{ticket.number}}.',
    });
    expect(canned.status).toBe(201);
    const personal = await workspace.admin.post<{ id: string }>('/api/v1/canned-responses', { name: 'Mine', visibility: 'personal', bodyEn: 'Just me' });
    const refused = await workspace.admin.post<ApiError>('/api/v1/automations/rules', { name: 'Personal reply', triggers: ['ticket.created'], actions: [{ type: 'reply_template', cannedResponseId: personal.body.id }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'actions[0].cannedResponseId' })]));

    const rule = await createRule({
      name: 'Acknowledge intake',
      triggers: ['ticket.created'],
      conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'intake' }] },
      actions: [{ type: 'reply_template', cannedResponseId: canned.body.id }],
    });
    const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Élise Gagnon', email: 'elise@example.com', language: 'fr' });
    const french = await createTicket({ subject: 'Intake question', customerId: customer.body.id, language: 'fr' });
    const english = await createTicket({ subject: 'Another intake' });
    await until(() => runsOf(`ruleId=${rule.id}`), (runs) => runs.filter((run) => run.outcome === 'applied').length === 2, 'two replies');
    const publicReplies = async (ticketId: string) => (await commentsOf(ticketId)).filter((comment) => comment.isPublic && comment.authorType === 'system').map((comment) => comment.body);
    expect(await publicReplies(french.id)).toEqual([`Bonjour Élise, nous avons votre billet no ${french.number}.`]);
    // No customer: the variable is left out with the space before it.
    expect(await publicReplies(english.id)).toEqual([`Hello, we have ticket #${english.number}.`]);
    await workspace.admin.patch(`/api/v1/automations/rules/${rule.id}`, { isActive: false });
  });

  it('posts to Slack and Microsoft Teams incoming webhooks as those services expect', async () => {
    const rule = await createRule({
      name: 'Urgent to chat rooms',
      triggers: ['ticket.created'],
      conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'outage' }] },
      actions: [
        { type: 'notify_webhook', url: slack.webhookUrl, format: 'slack', text: 'Urgent: #{{ticket.number}} {{ticket.subject}}' },
        { type: 'notify_webhook', url: teams.webhookUrl, format: 'teams', text: 'Urgent: #{{ticket.number}} {{ticket.subject}}' },
      ],
    });
    const ticket = await createTicket({ subject: 'Checkout OUTAGE in Québec', priority: 'high' });
    await until(async () => slack.received.length + teams.received.length, (count) => count === 2, 'both posts');
    expect(slack.received).toEqual([{ text: `Urgent: #${ticket.number} Checkout OUTAGE in Québec` }]);
    expect(teams.received).toEqual([{ texts: [`Urgent: #${ticket.number} Checkout OUTAGE in Québec`] }]);
    await workspace.admin.patch(`/api/v1/automations/rules/${rule.id}`, { isActive: false });
  });

  it('notifies by email as well as in the app: each manager gets one message with a link to the ticket', async () => {
    const manager = await workspace.addUser('manager', 'Mona Manager');
    const rule = await createRule({
      name: 'Refund requests',
      triggers: ['ticket.created'],
      conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'chargeback' }] },
      actions: [
        { type: 'notify', recipients: 'managers', byEmail: true },
        { type: 'notify', recipients: 'managers' },
      ],
    });
    const ticket = await createTicket({ subject: 'Chargeback on order 8812', priority: 'high' });
    const message = await mail.waitFor((item) => item.envelope.to.includes(manager.email));
    expect(message.parsed.subject).toBe(`Refund requests: #${ticket.number} Chargeback on order 8812`);
    expect(message.parsed.text).toContain(`https://support.example.test/tickets/${ticket.number}`);
    expect(message.header('auto-submitted')).toBe('auto-generated');
    expect(message.envelope.from).toBe(`${workspace.slug}@localhost`);
    const inApp = await manager.client.get<{ data: Array<{ kind: string; ticketId: string }> }>('/api/v1/notifications');
    expect(inApp.body.data.filter((item) => item.ticketId === ticket.id)).toEqual([expect.objectContaining({ kind: 'automation' })]);
    // The admin who made the workspace is a manager too; nobody gets the same message twice.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const toManager = mail.accepted().filter((item) => item.parsed.subject?.includes(`#${ticket.number} `) && item.envelope.to.includes(manager.email));
    expect(toManager).toHaveLength(1);
    await workspace.admin.patch(`/api/v1/automations/rules/${rule.id}`, { isActive: false });
  });

  it('stops processing later rules when a rule says so, and shows what a rule would do in a dry run', async () => {
    const first = await createRule({ name: 'Billing to billing', position: 0, isStopProcessing: true, triggers: ['ticket.created'], conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'invoice' }] }, actions: [{ type: 'set_category', category: 'billing' }] });
    const second = await createRule({ name: 'Tag invoices', position: 1, triggers: ['ticket.created'], conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'invoice' }] }, actions: [{ type: 'add_tags', tags: ['invoice'] }] });
    const ticket = await createTicket({ subject: 'Invoice 2291 is wrong' });
    await until(() => ticketOf(ticket.id), (row) => row.category === 'billing', 'categorised');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await ticketOf(ticket.id)).tags).not.toContain('invoice');
    expect(await runsOf(`ruleId=${second.id}`)).toHaveLength(0);

    const dry = await workspace.admin.post<{ isMatched: boolean; conditions: Array<{ actual: unknown; isMet: boolean }>; actions: Array<{ description: string }> }>(`/api/v1/automations/rules/${second.id}/dry-run`, { ticketId: String(ticket.number) });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ isMatched: true, conditions: [{ actual: 'Invoice 2291 is wrong', isMet: true }], actions: [{ description: 'add tags invoice' }] });
    expect((await ticketOf(ticket.id)).tags).not.toContain('invoice');
    for (const rule of [first, second]) await workspace.admin.delete(`/api/v1/automations/rules/${rule.id}`);
  });

  it('stops two rules that undo each other with the loop guard, and records it', async () => {
    const up = await createRule({ name: 'Ping', triggers: ['ticket.updated'], conditions: { all: [{ field: 'ticket.priority', operator: 'equals', value: 'high' }, { field: 'ticket.subject', operator: 'contains', value: 'ping-pong' }] }, actions: [{ type: 'set_priority', priority: 'urgent' }] });
    const down = await createRule({ name: 'Pong', triggers: ['ticket.updated'], conditions: { all: [{ field: 'ticket.priority', operator: 'equals', value: 'urgent' }, { field: 'ticket.subject', operator: 'contains', value: 'ping-pong' }] }, actions: [{ type: 'set_priority', priority: 'high' }] });
    const ticket = await createTicket({ subject: 'ping-pong', priority: 'low' });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'high' });
    const runs = await until(() => runsOf(`ticketId=${ticket.id}`), (list) => list.some((run) => run.outcome === 'loop_guard'), 'the loop guard');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const applied = (await runsOf(`ticketId=${ticket.id}`)).filter((run) => run.outcome === 'applied');
    expect(applied.length).toBeLessThanOrEqual(6);
    expect(runs.some((run) => run.outcome === 'loop_guard')).toBe(true);
    for (const rule of [up, down]) await workspace.admin.delete(`/api/v1/automations/rules/${rule.id}`);
  });

  it('records a rule that cannot apply as failed, and the event still goes through', async () => {
    const broken = await createRule({ name: 'Broken status', triggers: ['ticket.created'], conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'broken-rule' }] }, actions: [{ type: 'set_status', status: 'no-such-status' }] });
    const ticket = await createTicket({ subject: 'broken-rule test' });
    const [run] = await until(() => runsOf(`ruleId=${broken.id}`), (runs) => runs.length === 1, 'a failed run');
    expect(run).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/status/i) });
    // The dispatch went on: the SLA clocks of the ticket were started by the same events.
    await until(async () => (await workspace.admin.get<{ targets: unknown[] }>(`/api/v1/tickets/${ticket.id}/sla`)).body.targets.length, (count) => count > 0, 'SLA clocks');
    await workspace.admin.delete(`/api/v1/automations/rules/${broken.id}`);
  });

  it('fires a time-based rule once per pending stretch', async () => {
    const other = await server.createWorkspace();
    const reminder = await createRule(
      {
        name: 'Remind after 3 days pending',
        triggers: ['time'],
        conditions: { all: [{ field: 'ticket.statusCategory', operator: 'equals', value: 'pending' }, { field: 'hours.inStatus', operator: 'gte', value: 72 }] },
        actions: [{ type: 'add_note', body: 'Pending for 3 days: remind the customer.' }],
      },
      other.admin,
    );
    const ticket = await createTicket({ subject: 'Waiting for logs' }, other.admin);
    await other.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
    await server.services.automations.runTimeRules();
    expect(await runsOf(`ruleId=${reminder.id}`, other.admin)).toHaveLength(0);
    clock.offsetMs = 73 * HOUR;
    await server.services.automations.runTimeRules();
    await server.services.automations.runTimeRules();
    expect(await runsOf(`ruleId=${reminder.id}`, other.admin)).toHaveLength(1);
    expect((await commentsOf(ticket.id, other.admin)).filter((comment) => comment.body.includes('Pending for 3 days'))).toHaveLength(1);
    // The shipped reminder wrote to the customer, in the ticket's language, once.
    const reminders = (await commentsOf(ticket.id, other.admin)).filter((comment) => comment.isPublic && comment.authorType === 'system');
    expect(reminders.map((comment) => comment.body)).toEqual([expect.stringContaining(`waiting for your answer to move ticket #${ticket.number} forward`)]);
  });

  it('closes resolved tickets after four days, on its own', async () => {
    const other = await server.createWorkspace();
    const ticket = await createTicket({ subject: 'Done deal' }, other.admin);
    await other.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    clock.offsetMs = 95 * HOUR;
    await server.services.automations.runTimeRules();
    expect((await ticketOf(ticket.id, other.admin)).statusCategory).toBe('resolved');
    clock.offsetMs = 97 * HOUR;
    await server.services.automations.runTimeRules();
    expect((await ticketOf(ticket.id, other.admin)).statusCategory).toBe('closed');
  });

  it('holds each plan to its number of active rules', async () => {
    const basic = await server.createWorkspace({ plan: 'basic' });
    const base = { triggers: ['ticket.created'], conditions: { all: [] }, actions: [{ type: 'add_tags', tags: ['x'] }] };
    // The five built-in rules count: five more reach the basic plan's ten.
    for (let index = 0; index < 5; index += 1) await createRule({ ...base, name: `Rule ${index}` }, basic.admin);
    const refused = await basic.admin.post<ApiError>('/api/v1/automations/rules', { ...base, name: 'Eleventh' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'automation_rule_limit_reached']);
    const inactive = await createRule({ ...base, name: 'Kept off', isActive: false }, basic.admin);
    expect((await basic.admin.patch<ApiError>(`/api/v1/automations/rules/${inactive.id}`, { isActive: true })).status).toBe(409);
  });

  it('validates rules, protects the built-in ones, and keeps workspaces apart', async () => {
    const bad = [
      { name: 'No actions', triggers: ['ticket.created'], actions: [] },
      { name: 'Bad field', triggers: ['ticket.created'], conditions: { all: [{ field: 'ticket.colour', operator: 'equals', value: 'red' }] }, actions: [{ type: 'close' }] },
      { name: 'Bad trigger', triggers: ['moon.rise'], actions: [{ type: 'close' }] },
      { name: 'Ghost team', triggers: ['ticket.created'], actions: [{ type: 'assign_team', teamId: '00000000-0000-4000-8000-000000000000' }] },
      { name: 'Bad URL', triggers: ['ticket.created'], actions: [{ type: 'notify_webhook', url: 'ftp://example.com', format: 'slack' }] },
    ];
    for (const body of bad) {
      const refused = await workspace.admin.post<ApiError>('/api/v1/automations/rules', body);
      expect(refused.status, body.name).toBe(400);
    }
    const builtIn = (await workspace.admin.get<{ data: Rule[] }>('/api/v1/automations/rules')).body.data.find((rule) => rule.builtIn === 'escalation.vip')!;
    const cannot = await workspace.admin.delete<ApiError>(`/api/v1/automations/rules/${builtIn.id}`);
    expect([cannot.status, cannot.body.error.code]).toEqual([409, 'automation_rule_built_in']);
    const agent = await workspace.addUser('agent');
    expect((await agent.client.post('/api/v1/automations/rules', { name: 'Mine', triggers: ['ticket.created'], actions: [{ type: 'close' }] })).status).toBe(403);
    const other = await server.createWorkspace();
    expect((await other.admin.get(`/api/v1/automations/rules/${builtIn.id}`)).status).toBe(404);
    expect((await other.admin.patch(`/api/v1/automations/rules/${builtIn.id}`, { isActive: false })).status).toBe(404);
  });
});

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
