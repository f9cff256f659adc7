import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SwitchboardClient } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from './fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from './harness.js';
import { recordResponses, type ResponseLog } from './response-log.js';

/** Everything workspace A owns, by id, plus words only A's data contains. */
interface WorkspaceAData {
  ticketId: string;
  ticketNumber: number;
  linkedTicketId: string;
  commentId: string;
  customerId: string;
  customerEmail: string;
  agentId: string;
  agentEmail: string;
  mentionableId: string;
  teamId: string;
  attachmentId: string;
  looseAttachmentId: string;
  webhookId: string;
  deliveryId: string;
  viewId: string;
  tokenId: string;
  alertId: string;
  notificationId: string;
}

const UNIQUE_WORDS = { subject: 'xylophonic', comment: 'zymurgical', customer: 'Quetzalcoatl', user: 'zephyrine' };

async function expectStatus<T>(response: Promise<{ status: number; body: unknown }>, status: number): Promise<T> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`set-up request answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

async function waitFor<T>(read: () => Promise<T | undefined>, description: string): Promise<T> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${description}`);
}

function textFile(content: string, filename: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/plain' }), filename);
  return form;
}

describe('tenant isolation: workspace B cannot see or touch anything of workspace A', () => {
  let server: TestServer;
  let log: ResponseLog;
  let receiver: ReturnType<typeof createServer>;
  let receiverUrl: string;
  let alpha: TestWorkspace;
  let beta: TestWorkspace;
  let alphaAgent: SwitchboardClient;
  let a: WorkspaceAData;
  let b: { ticketId: string; teamId: string; webhookId: string };
  /** Every id and word of A: none may appear in anything B reads. */
  let secretsOfA: string[];

  /** What A's staff see of their own workspace; B's attempts must leave it exactly as it was. */
  async function snapshotOfA() {
    const admin = alpha.admin;
    const read = async (path: string, query?: Record<string, string>) => {
      const response = await admin.get(path, query);
      return { status: response.status, body: response.body };
    };
    const notifications = await alphaAgent.get('/api/v1/notifications');
    // Reading refreshes a token's last use now and then; that is not a change B made.
    const tokens = await admin.get<{ data: Array<Record<string, unknown>> }>('/api/v1/tokens');
    return {
      ticket: await read(`/api/v1/tickets/${a.ticketId}`),
      linkedTicket: await read(`/api/v1/tickets/${a.linkedTicketId}`),
      tickets: await read('/api/v1/tickets', { limit: '200' }),
      comments: await read(`/api/v1/tickets/${a.ticketId}/comments`),
      revisions: await read(`/api/v1/tickets/${a.ticketId}/comments/${a.commentId}/revisions`),
      activity: await read(`/api/v1/tickets/${a.ticketId}/activity`),
      links: await read(`/api/v1/tickets/${a.ticketId}/links`),
      presence: await read(`/api/v1/tickets/${a.ticketId}/presence`),
      customer: await read(`/api/v1/customers/${a.customerId}`),
      customers: await read('/api/v1/customers', { limit: '200' }),
      attachment: await read(`/api/v1/attachments/${a.attachmentId}`),
      looseAttachment: await read(`/api/v1/attachments/${a.looseAttachmentId}`),
      attachmentContent: await read(`/api/v1/attachments/${a.attachmentId}/content`),
      users: await read('/api/v1/users', { limit: '200' }),
      teams: await read('/api/v1/teams'),
      webhook: await read(`/api/v1/webhooks/${a.webhookId}`),
      deliveries: await read(`/api/v1/webhooks/${a.webhookId}/deliveries`),
      views: await read('/api/v1/views'),
      viewTickets: await read(`/api/v1/views/${a.viewId}/tickets`),
      tokens: { status: tokens.status, body: tokens.body.data.map(({ lastUsedAt: _lastUsedAt, ...token }) => token) },
      alerts: await read('/api/v1/alerts'),
      auditLog: await read('/api/v1/audit-log', { limit: '200' }),
      workspace: await read('/api/v1/workspace'),
      notifications: { status: notifications.status, body: notifications.body },
    };
  }

  beforeAll(async () => {
    log = recordResponses();
    server = await startTestServer({ workers: true });
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

    alpha = await server.createWorkspace({ slug: 'alpha-isolation' });
    beta = await server.createWorkspace({ slug: 'beta-isolation' });
    const admin = alpha.admin;

    const agent = await alpha.addUser('agent', 'Alpha Agent');
    alphaAgent = agent.client;
    const mentionable = await expectStatus<{ id: string }>(
      admin.post('/api/v1/users', { email: `${UNIQUE_WORDS.user}@alpha.test`, name: 'Zephyrine Alpha', role: 'agent', password: 'correct horse battery' }),
      201,
    );
    const team = await expectStatus<{ id: string }>(admin.post('/api/v1/teams', { name: 'Alpha escalations', memberIds: [agent.userId] }), 201);
    const customerEmail = 'quetzal@alpha-customers.test';
    const customer = await expectStatus<{ id: string }>(admin.post('/api/v1/customers', { name: `${UNIQUE_WORDS.customer} Industries`, email: customerEmail }), 201);
    const webhook = await expectStatus<{ id: string }>(admin.post('/api/v1/webhooks', { url: receiverUrl, eventTypes: ['customer.created'] }), 201);
    await expectStatus(admin.post('/api/v1/customers', { name: 'Announced Alpha customer' }), 201);
    const ticket = await expectStatus<Ticket>(
      admin.post('/api/v1/tickets', {
        subject: `The ${UNIQUE_WORDS.subject} printer jams`,
        description: 'It makes a noise.',
        customerId: customer.id,
        assigneeId: agent.userId,
        teamId: team.id,
      }),
      201,
    );
    const linked = await expectStatus<Ticket>(admin.post('/api/v1/tickets', { subject: 'A related Alpha problem' }), 201);
    await expectStatus(admin.post(`/api/v1/tickets/${ticket.id}/links`, { ticketId: linked.id }), 204);
    const attachment = await expectStatus<{ id: string }>(admin.request('POST', '/api/v1/attachments', { rawBody: textFile('alpha log\n', 'alpha.txt') }), 201);
    const looseAttachment = await expectStatus<{ id: string }>(admin.request('POST', '/api/v1/attachments', { rawBody: textFile('alpha loose\n', 'loose.txt') }), 201);
    const comment = await expectStatus<Comment>(
      admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: `Our ${UNIQUE_WORDS.comment} notes`, isPublic: false, attachmentIds: [attachment.id], mentionUserIds: [agent.userId] }),
      201,
    );
    await expectStatus(admin.patch(`/api/v1/tickets/${ticket.id}/comments/${comment.id}`, { body: `Our ${UNIQUE_WORDS.comment} notes, revised` }), 200);
    const view = await expectStatus<{ id: string }>(admin.post('/api/v1/views', { name: 'Alpha escalations', visibility: 'shared', filters: { teamId: team.id } }), 201);
    const token = await expectStatus<{ id: string }>(admin.post('/api/v1/tokens', { name: 'Alpha integration' }), 201);
    await server.services.audit.raiseAlert(server.services.db, { workspaceId: alpha.workspaceId, kind: 'isolation.check', message: 'An alert of workspace A.' });
    const alert = (await admin.get<PageOf<{ id: string }>>('/api/v1/alerts')).body.data[0]!;
    const notification = (await alphaAgent.get<PageOf<{ id: string; commentId: string | null }>>('/api/v1/notifications')).body.data.find((item) => item.commentId === comment.id)!;
    const delivery = await waitFor(async () => {
      const deliveries = await admin.get<PageOf<{ id: string; status: string }>>(`/api/v1/webhooks/${webhook.id}/deliveries`);
      return deliveries.body.data.find((item) => item.status === 'succeeded');
    }, "A's webhook delivery");

    a = {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      linkedTicketId: linked.id,
      commentId: comment.id,
      customerId: customer.id,
      customerEmail,
      agentId: agent.userId,
      agentEmail: agent.email,
      mentionableId: mentionable.id,
      teamId: team.id,
      attachmentId: attachment.id,
      looseAttachmentId: looseAttachment.id,
      webhookId: webhook.id,
      deliveryId: delivery.id,
      viewId: view.id,
      tokenId: token.id,
      alertId: alert.id,
      notificationId: notification.id,
    };
    secretsOfA = [...Object.values(a).filter((value): value is string => typeof value === 'string'), ...Object.values(UNIQUE_WORDS), alpha.workspaceId, alpha.adminId];

    const betaTicket = await expectStatus<Ticket>(beta.admin.post('/api/v1/tickets', { subject: 'Beta own ticket' }), 201);
    const betaTeam = await expectStatus<{ id: string }>(beta.admin.post('/api/v1/teams', { name: 'Beta team' }), 201);
    const betaWebhook = await expectStatus<{ id: string }>(beta.admin.post('/api/v1/webhooks', { url: receiverUrl, eventTypes: ['ticket.created'] }), 201);
    b = { ticketId: betaTicket.id, teamId: betaTeam.id, webhookId: betaWebhook.id };
  }, 120_000);

  afterAll(async () => {
    log?.stop();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** Fails with the offending text when anything of A shows up in what B was answered (beyond what B itself sent). */
  function expectNothingOfA(label: string, body: unknown, sent = ''): void {
    const text = JSON.stringify(body).toLowerCase();
    const echoed = sent.toLowerCase();
    const leaked = secretsOfA.filter((secret) => text.includes(secret.toLowerCase()) && !echoed.includes(secret.toLowerCase()));
    expect(leaked, `${label} shows A's ${leaked.join(', ')}`).toEqual([]);
  }

  it("A's own staff find their data with the same filters and searches (so the checks below are not vacuous)", async () => {
    const admin = alpha.admin;
    const ids = async (path: string, query: Record<string, string>) => (await admin.get<PageOf<{ id: string }>>(path, query)).body.data.map((item) => item.id);
    expect(await ids('/api/v1/tickets', { customerId: a.customerId })).toEqual([a.ticketId]);
    expect(await ids('/api/v1/tickets', { assigneeId: a.agentId })).toEqual([a.ticketId]);
    expect(await ids('/api/v1/tickets', { teamId: a.teamId })).toEqual([a.ticketId]);
    expect(await ids('/api/v1/tickets', { q: UNIQUE_WORDS.subject })).toEqual([a.ticketId]);
    expect(await ids('/api/v1/search', { q: UNIQUE_WORDS.subject })).toEqual([a.ticketId]);
    expect(await ids('/api/v1/search', { q: UNIQUE_WORDS.comment })).toEqual([a.ticketId]);
    expect(await ids('/api/v1/search', { q: UNIQUE_WORDS.customer, type: 'customer' })).toEqual([a.customerId]);
    expect(await ids('/api/v1/customers', { q: UNIQUE_WORDS.customer })).toEqual([a.customerId]);
    expect(await ids('/api/v1/customers', { email: a.customerEmail })).toEqual([a.customerId]);
    expect(await ids(`/api/v1/views/${a.viewId}/tickets`, {})).toEqual([a.ticketId]);
  });

  it("answers 404, never 403, for every resource of A addressed by id, and changes nothing of A", async () => {
    const before = await snapshotOfA();
    const attempts: Array<[method: string, path: string, body?: unknown]> = [
      ['GET', `/api/v1/tickets/${a.ticketId}`],
      ['PATCH', `/api/v1/tickets/${a.ticketId}`, { priority: 'urgent' }],
      ['PUT', `/api/v1/tickets/${a.ticketId}`, { subject: 'Taken over' }],
      ['DELETE', `/api/v1/tickets/${a.ticketId}`],
      ['GET', `/api/v1/tickets/${a.ticketId}/activity`],
      ['GET', `/api/v1/tickets/${a.ticketId}/links`],
      ['POST', `/api/v1/tickets/${a.ticketId}/links`, { ticketId: b.ticketId }],
      ['POST', `/api/v1/tickets/${b.ticketId}/links`, { ticketId: a.ticketId }],
      ['DELETE', `/api/v1/tickets/${a.ticketId}/links/${a.linkedTicketId}`],
      ['DELETE', `/api/v1/tickets/${b.ticketId}/links/${a.ticketId}`],
      ['POST', `/api/v1/tickets/${a.ticketId}/merge`, { targetTicketId: b.ticketId }],
      ['POST', `/api/v1/tickets/${b.ticketId}/merge`, { targetTicketId: a.ticketId }],
      ['GET', `/api/v1/tickets/${a.ticketId}/comments`],
      ['POST', `/api/v1/tickets/${a.ticketId}/comments`, { body: 'Hello from B', isPublic: false }],
      ['PATCH', `/api/v1/tickets/${a.ticketId}/comments/${a.commentId}`, { body: 'Rewritten by B' }],
      ['PATCH', `/api/v1/tickets/${b.ticketId}/comments/${a.commentId}`, { body: 'Rewritten by B' }],
      ['GET', `/api/v1/tickets/${a.ticketId}/comments/${a.commentId}/revisions`],
      ['GET', `/api/v1/tickets/${b.ticketId}/comments/${a.commentId}/revisions`],
      ['GET', `/api/v1/tickets/${a.ticketId}/presence`],
      ['PUT', `/api/v1/tickets/${a.ticketId}/presence`, { state: 'replying' }],
      ['DELETE', `/api/v1/tickets/${a.ticketId}/presence`],
      ['GET', `/api/v1/customers/${a.customerId}`],
      ['PATCH', `/api/v1/customers/${a.customerId}`, { tier: 'vip' }],
      ['PUT', `/api/v1/customers/${a.customerId}`, { name: 'Taken over' }],
      ['GET', `/api/v1/attachments/${a.attachmentId}`],
      ['GET', `/api/v1/attachments/${a.attachmentId}/content`],
      ['GET', `/api/v1/attachments/${a.looseAttachmentId}/content`],
      ['GET', `/api/v1/users/${a.agentId}`],
      ['PATCH', `/api/v1/users/${a.agentId}`, { name: 'Taken over', role: 'viewer', isActive: false }],
      ['PATCH', `/api/v1/teams/${a.teamId}`, { name: 'Taken over', memberIds: [] }],
      ['DELETE', `/api/v1/teams/${a.teamId}`],
      ['GET', `/api/v1/webhooks/${a.webhookId}`],
      ['PATCH', `/api/v1/webhooks/${a.webhookId}`, { isEnabled: false, url: 'https://attacker.example/hooks' }],
      ['DELETE', `/api/v1/webhooks/${a.webhookId}`],
      ['GET', `/api/v1/webhooks/${a.webhookId}/deliveries`],
      ['POST', `/api/v1/webhooks/${a.webhookId}/deliveries/${a.deliveryId}/redeliver`],
      ['POST', `/api/v1/webhooks/${b.webhookId}/deliveries/${a.deliveryId}/redeliver`],
      ['PATCH', `/api/v1/views/${a.viewId}`, { name: 'Taken over' }],
      ['DELETE', `/api/v1/views/${a.viewId}`],
      ['GET', `/api/v1/views/${a.viewId}/tickets`],
      ['DELETE', `/api/v1/tokens/${a.tokenId}`],
      ['POST', `/api/v1/alerts/${a.alertId}/acknowledge`],
      ['POST', '/api/v1/notifications/read', { ids: [a.notificationId] }],
    ];
    const problems: string[] = [];
    for (const [method, path, body] of attempts) {
      const response = await beta.admin.request<ApiError>(method, path, { body });
      if (response.status !== 404) problems.push(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      else expectNothingOfA(`${method} ${path}`, response.body, `${path} ${JSON.stringify(body ?? null)}`);
    }
    expect(problems).toEqual([]);

    // A ticket number is per workspace: B asking for A's number reaches B's own ticket or nothing.
    const byNumber = await beta.admin.get<Ticket>(`/api/v1/tickets/${a.ticketNumber}`);
    expect([200, 404]).toContain(byNumber.status);
    expectNothingOfA('ticket by number', byNumber.body);

    expect(await snapshotOfA()).toEqual(before);
  });

  it("lists, filters and searches of B show nothing of A, even when they name A's ids and words", async () => {
    const filtered: Array<[path: string, query: Record<string, string>]> = [
      ['/api/v1/tickets', { customerId: a.customerId }],
      ['/api/v1/tickets', { assigneeId: a.agentId }],
      ['/api/v1/tickets', { teamId: a.teamId }],
      ['/api/v1/tickets', { q: UNIQUE_WORDS.subject }],
      ['/api/v1/tickets', { q: UNIQUE_WORDS.comment }],
      ['/api/v1/search', { q: UNIQUE_WORDS.subject }],
      ['/api/v1/search', { q: UNIQUE_WORDS.comment }],
      ['/api/v1/search', { q: UNIQUE_WORDS.subject, customerId: a.customerId }],
      ['/api/v1/search', { q: UNIQUE_WORDS.customer, type: 'customer' }],
      ['/api/v1/customers', { q: UNIQUE_WORDS.customer }],
      ['/api/v1/customers', { email: a.customerEmail }],
    ];
    for (const [path, query] of filtered) {
      const response = await beta.admin.get<PageOf<unknown>>(path, query);
      expect(response.status, `${path} ${JSON.stringify(query)}`).toBe(200);
      expect(response.body.data, `${path} ${JSON.stringify(query)}`).toEqual([]);
    }

    const lists = ['/api/v1/tickets', '/api/v1/customers', '/api/v1/users', '/api/v1/teams', '/api/v1/views', '/api/v1/webhooks', '/api/v1/tokens', '/api/v1/alerts', '/api/v1/audit-log', '/api/v1/notifications', '/api/v1/ticket-statuses', '/api/v1/custom-fields', '/api/v1/workspace', '/api/v1/auth/me'];
    for (const path of lists) {
      const response = await beta.admin.get(path, path.endsWith('s') || path.endsWith('log') ? { limit: '200' } : undefined);
      expect(response.status, path).toBe(200);
      expectNothingOfA(path, response.body);
    }

    // A view of B that names A's ids as filters is B's own query over B's tickets: it finds nothing.
    const view = await beta.admin.post<{ id: string }>('/api/v1/views', { name: 'Probe', filters: { assigneeId: a.agentId, teamId: a.teamId, customerId: a.customerId } });
    expect(view.status).toBe(201);
    const viewTickets = await beta.admin.get<PageOf<Ticket>>(`/api/v1/views/${view.body.id}/tickets`);
    expect(viewTickets.status).toBe(200);
    expect(viewTickets.body.data).toEqual([]);
  });

  it("B's writes that name A's ticket, customer, users, team or attachment fail with 4xx and change nothing", async () => {
    const beforeA = await snapshotOfA();
    const beforeTickets = await beta.admin.listAll<Ticket>('/api/v1/tickets');
    const beforeTeams = await beta.admin.listAll('/api/v1/teams');
    const attempts: Array<[method: string, path: string, body: unknown]> = [
      ['POST', '/api/v1/tickets', { subject: 'For A', customerId: a.customerId }],
      ['POST', '/api/v1/tickets', { subject: 'For A', assigneeId: a.agentId }],
      ['POST', '/api/v1/tickets', { subject: 'For A', teamId: a.teamId }],
      ['POST', '/api/v1/tickets', { subject: 'For A', collaboratorIds: [a.agentId] }],
      ['PATCH', `/api/v1/tickets/${b.ticketId}`, { assigneeId: a.agentId }],
      ['PATCH', `/api/v1/tickets/${b.ticketId}`, { teamId: a.teamId }],
      ['PATCH', `/api/v1/tickets/${b.ticketId}`, { customerId: a.customerId }],
      ['PATCH', `/api/v1/tickets/${b.ticketId}`, { collaboratorIds: [a.mentionableId] }],
      ['PUT', `/api/v1/tickets/${b.ticketId}`, { subject: 'Replaced', customerId: a.customerId }],
      ['POST', `/api/v1/tickets/${b.ticketId}/comments`, { body: 'Please look', isPublic: false, mentionUserIds: [a.agentId] }],
      ['POST', `/api/v1/tickets/${b.ticketId}/comments`, { body: 'See the file', isPublic: false, attachmentIds: [a.looseAttachmentId] }],
      ['POST', `/api/v1/tickets/${b.ticketId}/comments`, { body: 'See the file', isPublic: false, attachmentIds: [a.attachmentId] }],
      ['POST', '/api/v1/teams', { name: 'Poached', memberIds: [a.agentId] }],
      ['PATCH', `/api/v1/teams/${b.teamId}`, { memberIds: [a.agentId] }],
      ['POST', `/api/v1/tickets/${b.ticketId}/links`, { ticketId: a.linkedTicketId }],
      ['POST', '/api/v1/notifications/read', { ids: [a.notificationId] }],
    ];
    const problems: string[] = [];
    for (const [method, path, body] of attempts) {
      const response = await beta.admin.request<ApiError>(method, path, { body });
      if (response.status < 400 || response.status >= 500) problems.push(`${method} ${path} ${JSON.stringify(body)}: ${response.status}`);
      else expectNothingOfA(`${method} ${path}`, response.body, `${path} ${JSON.stringify(body)}`);
    }
    expect(problems).toEqual([]);

    // Bulk answers one result per ticket: each naming A fails, and nothing is applied.
    const bulk = await beta.admin.post<{ results: Array<{ ticketId: string; ok: boolean; error?: { code: string } }> }>('/api/v1/tickets/bulk', {
      ticketIds: [a.ticketId, a.linkedTicketId],
      changes: { priority: 'urgent', addTags: ['taken'] },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results.map((result) => [result.ok, result.error?.code])).toEqual([[false, 'ticket_not_found'], [false, 'ticket_not_found']]);
    for (const changes of [{ assigneeId: a.agentId }, { teamId: a.teamId }]) {
      const assigning = await beta.admin.post<{ results: Array<{ ok: boolean; error?: { code: string } }> }>('/api/v1/tickets/bulk', { ticketIds: [b.ticketId], changes });
      expect(assigning.body.results.map((result) => [result.ok, result.error?.code])).toEqual([[false, 'validation_failed']]);
    }

    expect(await beta.admin.listAll<Ticket>('/api/v1/tickets')).toEqual(beforeTickets);
    expect(await beta.admin.listAll('/api/v1/teams')).toEqual(beforeTeams);
    expect(await snapshotOfA()).toEqual(beforeA);

    // A handle that only A's staff answer to mentions nobody from B.
    const mention = await beta.admin.post<Comment>(`/api/v1/tickets/${b.ticketId}/comments`, {
      body: `Thanks @${UNIQUE_WORDS.user} and @${a.agentEmail}`,
      isPublic: false,
    });
    expect(mention.status).toBe(201);
    expect(mention.body.mentionedUserIds).toEqual([]);
    expect(await snapshotOfA()).toEqual(beforeA);

    // A's loose attachment is still free for A to use.
    const used = await alpha.admin.post<Comment & { attachments: Array<{ id: string }> }>(`/api/v1/tickets/${a.linkedTicketId}/comments`, { body: 'Now attached', isPublic: false, attachmentIds: [a.looseAttachmentId] });
    expect(used.status).toBe(201);
    expect(used.body.attachments.map((attachment) => attachment.id)).toEqual([a.looseAttachmentId]);
  });

  it("an Idempotency-Key A used means nothing in B: B's write is its own", async () => {
    const key = 'shared-integration-key-1';
    const first = await alpha.admin.post<{ id: string }>('/api/v1/customers', { name: 'Keyed customer' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const second = await beta.admin.post<{ id: string }>('/api/v1/customers', { name: 'Keyed customer' }, { 'idempotency-key': key });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);
    expect((await beta.admin.get(`/api/v1/customers/${first.body.id}`)).status).toBe(404);
  });

  it("A's notifications never show to B's staff", async () => {
    const betaAgent = await beta.addUser('agent');
    for (const client of [beta.admin, betaAgent.client]) {
      const notifications = await client.get<PageOf<{ id: string }>>('/api/v1/notifications');
      expect(notifications.status).toBe(200);
      expect(notifications.body.data.map((item) => item.id)).not.toContain(a.notificationId);
      expectNothingOfA('notifications', notifications.body);
    }
  });

  it('never answers with a server fault', () => {
    expect(log.serverFaults()).toEqual([]);
  });
});
