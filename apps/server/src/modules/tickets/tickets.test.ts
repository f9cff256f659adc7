import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import type { ApiError, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

describe('tickets', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it("accepts the seed's shape, numbers tickets from #1001 and creates the customer from customer_email", async () => {
    const first = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Cannot log in', description: 'The reset link expired', priority: 'high', customer_email: 'Pat@Example.com' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ number: 1001, subject: 'Cannot log in', priority: 'high', status: 'new', statusCategory: 'new', channel: 'api', language: 'en' });
    const second = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Encore moi', description: "Je n'ai toujours pas reçu ma commande", customer_email: 'pat@example.com' });
    expect(second.body.number).toBe(1002);
    expect(second.body.customerId).toBe(first.body.customerId);
    expect(second.body.language).toBe('fr');
    const customers = await workspace.admin.get<PageOf<{ email: string }>>('/api/v1/customers', { email: 'pat@example.com' });
    expect(customers.body.data).toHaveLength(1);
  });

  it('reads a ticket by id or by number', async () => {
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'By number' });
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${created.body.number}`)).body.id).toBe(created.body.id);
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${created.body.id}`)).body.number).toBe(created.body.number);
  });

  it('records every change in the activity timeline with old and new values, and stamps resolution', async () => {
    const agent = await workspace.addUser('agent');
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Printer on fire', priority: 'low' });
    const updated = await workspace.admin.patch<Ticket>(`/api/v1/tickets/${created.body.id}`, { priority: 'urgent', assigneeId: agent.userId, tags: ['hardware', 'fire'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ priority: 'urgent', assigneeId: agent.userId, status: 'open', tags: ['hardware', 'fire'] });
    const resolved = await workspace.admin.patch<Ticket>(`/api/v1/tickets/${created.body.id}`, { status: 'resolved' });
    expect(resolved.body.resolvedAt).not.toBeNull();

    const activity = await workspace.admin.get<{ data: Array<{ action: string; actorId: string; changes: Array<{ field: string; from: unknown; to: unknown }> }> }>(`/api/v1/tickets/${created.body.id}/activity`);
    expect(activity.body.data.map((entry) => entry.action)).toEqual(['created', 'updated', 'updated']);
    expect(activity.body.data[1]!.actorId).toBe(workspace.adminId);
    expect(activity.body.data[1]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'priority', from: 'low', to: 'urgent' },
        { field: 'assigneeId', from: null, to: agent.userId },
        { field: 'status', from: 'new', to: 'open' },
      ]),
    );
    expect(activity.body.data[2]!.changes).toEqual(expect.arrayContaining([{ field: 'status', from: 'open', to: 'resolved' }]));

    const notifications = await agent.client.get<PageOf<{ kind: string; ticketId: string }>>('/api/v1/notifications');
    expect(notifications.body.data).toEqual([expect.objectContaining({ kind: 'assignment', ticketId: created.body.id })]);
  });

  it('maps custom statuses to their category, so filters by category find them', async () => {
    await workspace.admin.post('/api/v1/ticket-statuses', { key: 'waiting_on_vendor', label: 'Waiting on vendor', category: 'on_hold' });
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Vendor issue', status: 'waiting_on_vendor' });
    expect(created.body).toMatchObject({ status: 'waiting_on_vendor', statusCategory: 'on_hold' });
    const onHold = await workspace.admin.get<PageOf<Ticket>>('/api/v1/tickets', { statusCategory: 'on_hold' });
    expect(onHold.body.data.map((ticket) => ticket.id)).toContain(created.body.id);
    const unknown = await workspace.admin.patch<ApiError>(`/api/v1/tickets/${created.body.id}`, { status: 'bogus' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]!.path).toBe('status');
  });

  it('validates custom fields by type and category against the workspace list', async () => {
    await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'order_number', label: 'Order', type: 'number' });
    await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'refund_due', label: 'Refund due', type: 'date' });
    const good = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Fields', category: 'billing', customFields: { order_number: 42, refund_due: '2026-12-01' } });
    expect(good.status).toBe(201);
    expect(good.body.customFields).toEqual({ order_number: 42, refund_due: '2026-12-01' });
    const badType = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 'Fields', customFields: { order_number: 'forty-two' } });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0]!.path).toBe('customFields.order_number');
    const badCategory = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 'Fields', category: 'astrology' });
    expect(badCategory.status).toBe(400);
  });

  it('replaces a ticket with PUT, returning omitted fields to their defaults', async () => {
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Old', priority: 'urgent', tags: ['x'] });
    const replaced = await workspace.admin.put<Ticket>(`/api/v1/tickets/${created.body.id}`, { subject: 'New' });
    expect(replaced.body).toMatchObject({ subject: 'New', priority: 'normal', tags: [], status: 'open' });
  });

  it('answers bad input with a clear 4xx and writes nothing', async () => {
    const before = await queryRows<{ tickets: number; customers: number }>(server.services.db, sql`SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM customers) AS customers`);
    const raw = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => workspace.admin.request<ApiError>('POST', '/api/v1/tickets', { rawBody: body, headers });

    expect((await raw('{"subject": "broken')).body.error.code).toBe('invalid_json');
    const tooBig = await raw(JSON.stringify({ subject: 'big', description: 'x'.repeat(1_100_000) }));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    const wrongType = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0]!.path).toBe('body.subject');
    const badEnum = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 'x', priority: 'apocalyptic' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.error.code).toBe('validation_failed');
    const unknownField = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 'x', colour: 'red' });
    expect(unknownField.status).toBe(400);
    // A valid customer email with an invalid assignee: the customer must not be created either.
    const foreignAssignee = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 'x', customer_email: 'ghost@example.com', assigneeId: '00000000-0000-4000-8000-000000000000' });
    expect(foreignAssignee.status).toBe(400);
    expect((await raw('not json', { 'content-type': 'text/plain' })).status).toBe(415);

    const after = await queryRows<{ tickets: number; customers: number }>(server.services.db, sql`SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM customers) AS customers`);
    expect(after).toEqual(before);
  });

  it('keeps emoji, right-to-left text and SQL-looking strings exactly as written', async () => {
    const subject = "Robert'); DROP TABLE tickets;-- 🎉 مرحبا بالعالم";
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, description: '1 OR 1=1; -- שלום', tags: ['ünïcödé', '🔥'] });
    expect(created.status).toBe(201);
    const fetched = await workspace.admin.get<Ticket>(`/api/v1/tickets/${created.body.id}`);
    expect(fetched.body.subject).toBe(subject);
    expect(fetched.body.tags).toEqual(['ünïcödé', '🔥']);
    const found = await workspace.admin.get<PageOf<Ticket>>('/api/v1/tickets', { tag: '🔥' });
    expect(found.body.data.map((ticket) => ticket.id)).toEqual([created.body.id]);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await workspace.admin.get<ApiError>('/api/v1/tickets/00000000-0000-4000-8000-000000000000')).body.error.code).toBe('ticket_not_found');
    expect((await workspace.admin.get('/api/v1/tickets/not-an-id')).status).toBe(404);
    expect((await workspace.admin.get('/api/v1/tickets/999999')).status).toBe(404);
  });

  it('filters, sorts and paginates without gaps or repeats', async () => {
    const other = await server.createWorkspace();
    const agent = await other.addUser('agent');
    const team = await other.admin.post<{ id: string }>('/api/v1/teams', { name: 'Billing', memberIds: [agent.userId] });
    const priorities = ['low', 'normal', 'high', 'urgent'];
    const channels = ['email', 'chat', 'phone'];
    for (let index = 0; index < 12; index += 1) {
      await other.admin.post('/api/v1/tickets', {
        subject: `Ticket ${index}`,
        priority: priorities[index % 4],
        channel: channels[index % 3],
        assigneeId: index % 2 === 0 ? agent.userId : undefined,
        teamId: index % 3 === 0 ? team.body.id : undefined,
        tags: index % 4 === 0 ? ['vip'] : [],
      });
    }
    const all = await other.admin.listAll<Ticket>('/api/v1/tickets', { limit: 5 });
    expect(all.map((ticket) => ticket.subject)).toEqual(Array.from({ length: 12 }, (_, index) => `Ticket ${11 - index}`));
    const oldestFirst = await other.admin.listAll<Ticket>('/api/v1/tickets', { limit: 5, sort: 'createdAt' });
    expect(oldestFirst.map((ticket) => ticket.number)).toEqual([...all.map((ticket) => ticket.number)].reverse());
    const byPriority = await other.admin.listAll<Ticket>('/api/v1/tickets', { limit: 4, sort: '-priority' });
    expect(byPriority.slice(0, 3).every((ticket) => ticket.priority === 'urgent')).toBe(true);
    expect(new Set(byPriority.map((ticket) => ticket.id)).size).toBe(12);

    const mine = await agent.client.listAll<Ticket>('/api/v1/tickets', { assigneeId: 'me' });
    expect(mine).toHaveLength(6);
    expect((await other.admin.listAll<Ticket>('/api/v1/tickets', { assigneeId: 'none' })).length).toBe(6);
    expect((await other.admin.listAll<Ticket>('/api/v1/tickets', { teamId: team.body.id })).length).toBe(4);
    expect((await other.admin.listAll<Ticket>('/api/v1/tickets', { tag: 'vip' })).length).toBe(3);
    expect((await other.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email,chat' })).length).toBe(8);
    expect((await other.admin.listAll<Ticket>('/api/v1/tickets', { priority: 'urgent', statusCategory: 'open' })).every((ticket) => ticket.priority === 'urgent' && ticket.statusCategory === 'open')).toBe(true);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await other.admin.listAll<Ticket>('/api/v1/tickets', { createdFrom: future })).length).toBe(0);
    expect((await other.admin.get<ApiError>('/api/v1/tickets', { cursor: 'garbage' })).status).toBe(400);
  });

  it('applies bulk changes with one result per ticket', async () => {
    const agent = await workspace.addUser('agent');
    const a = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Bulk A', tags: ['old'] });
    const b = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Bulk B' });
    const foreign = await (await server.createWorkspace()).admin.post<Ticket>('/api/v1/tickets', { subject: 'Not yours' });
    const result = await workspace.admin.post<{ results: Array<{ ticketId: string; ok: boolean; ticket?: Ticket; error?: { code: string } }> }>('/api/v1/tickets/bulk', {
      ticketIds: [a.body.id, b.body.id, foreign.body.id],
      changes: { assigneeId: agent.userId, priority: 'high', addTags: ['bulk'], removeTags: ['old'] },
    });
    expect(result.status).toBe(200);
    expect(result.body.results).toHaveLength(3);
    expect(result.body.results[0]).toMatchObject({ ok: true, ticket: { assigneeId: agent.userId, priority: 'high', tags: ['bulk'] } });
    expect(result.body.results[1]).toMatchObject({ ok: true, ticket: { tags: ['bulk'] } });
    expect(result.body.results[2]).toMatchObject({ ticketId: foreign.body.id, ok: false, error: { code: 'ticket_not_found' } });
  });

  it('lets managers delete tickets (audited) but not agents', async () => {
    const agent = await workspace.addUser('agent');
    const manager = await workspace.addUser('manager');
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Delete me' });
    expect((await agent.client.delete<ApiError>(`/api/v1/tickets/${created.body.id}`)).status).toBe(403);
    expect((await manager.client.delete(`/api/v1/tickets/${created.body.id}`)).status).toBe(204);
    expect((await workspace.admin.get(`/api/v1/tickets/${created.body.id}`)).status).toBe(404);
    const audit = await queryRows<{ action: string }>(server.services.db, sql`SELECT action FROM audit_log WHERE target_id = ${created.body.id}`);
    expect(audit.map((row) => row.action)).toEqual(['ticket.deleted']);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it for a different body', async () => {
    const headers = { 'idempotency-key': 'create-once-1' };
    const first = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Once' }, headers);
    const again = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Once' }, headers);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const count = await queryRows<{ count: number }>(server.services.db, sql`SELECT count(*)::int AS count FROM tickets WHERE subject = 'Once'`);
    expect(count[0]!.count).toBe(1);
    const different = await workspace.admin.post<ApiError>('/api/v1/tickets', { subject: 'Twice' }, headers);
    expect(different.status).toBe(422);
    expect(different.body.error.code).toBe('idempotency_key_reused');
  });

  it("shows a ticket's collaborators when it is created, listed and found by search", async () => {
    const first = await workspace.addUser('agent');
    const second = await workspace.addUser('agent');
    const created = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Quarterly kumquat audit', collaboratorIds: [first.userId, second.userId, first.userId] });
    expect(created.status).toBe(201);
    expect([...created.body.collaboratorIds].sort()).toEqual([first.userId, second.userId].sort());
    const alone = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Kumquat without helpers' });

    const listed = await workspace.admin.get<PageOf<Ticket>>('/api/v1/tickets', { limit: '200' });
    const byId = new Map(listed.body.data.map((ticket) => [ticket.id, ticket]));
    expect([...byId.get(created.body.id)!.collaboratorIds].sort()).toEqual([first.userId, second.userId].sort());
    expect(byId.get(alone.body.id)!.collaboratorIds).toEqual([]);

    const found = await workspace.admin.get<PageOf<Ticket>>('/api/v1/search', { q: 'kumquat' });
    expect(found.body.data.map((ticket) => ticket.id)).toEqual([alone.body.id, created.body.id]);
    expect([...found.body.data[1]!.collaboratorIds].sort()).toEqual([first.userId, second.userId].sort());
    expect(found.body.data[0]!.collaboratorIds).toEqual([]);
  });

  it('links related tickets on both sides', async () => {
    const a = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Link A' });
    const b = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Link B' });
    expect((await workspace.admin.post(`/api/v1/tickets/${a.body.id}/links`, { ticketId: b.body.id })).status).toBe(204);
    const fromB = await workspace.admin.get<{ data: Array<{ kind: string; ticket: { id: string } }> }>(`/api/v1/tickets/${b.body.id}/links`);
    expect(fromB.body.data).toEqual([expect.objectContaining({ kind: 'related', ticket: expect.objectContaining({ id: a.body.id }) })]);
    expect((await workspace.admin.delete(`/api/v1/tickets/${b.body.id}/links/${a.body.id}`)).status).toBe(204);
    expect((await workspace.admin.get<{ data: unknown[] }>(`/api/v1/tickets/${a.body.id}/links`)).body.data).toEqual([]);
  });

  it('counts the tickets of a view for the inbox counters, with "me" meaning the caller', async () => {
    const counted = await server.createWorkspace();
    const agent = await counted.addUser('agent');
    const create = (body: Record<string, unknown>) => counted.admin.post<Ticket>('/api/v1/tickets', body);
    await create({ subject: 'Mine, open', assigneeId: agent.userId });
    await create({ subject: 'Mine, urgent', assigneeId: agent.userId, priority: 'urgent' });
    await create({ subject: 'Nobody' });
    const solved = await create({ subject: 'Mine, solved', assigneeId: agent.userId });
    await counted.admin.patch(`/api/v1/tickets/${solved.body.id}`, { status: 'resolved' });
    const count = async (query: Record<string, string>) => (await agent.client.get<{ count: number; isCapped: boolean }>('/api/v1/tickets/count', query)).body;
    expect(await count({ assigneeId: 'me', statusCategory: 'new,open,pending' })).toEqual({ count: 2, isCapped: false });
    expect(await count({ assigneeId: 'none' })).toEqual({ count: 1, isCapped: false });
    expect(await count({ priority: 'urgent' })).toEqual({ count: 1, isCapped: false });
    expect(await count({})).toEqual({ count: 4, isCapped: false });
    expect((await agent.client.get<ApiError>('/api/v1/tickets/count', { priority: 'bogus' })).status).toBe(400);
    // Another workspace's tickets never count.
    expect((await workspace.admin.get<{ count: number }>('/api/v1/tickets/count', { q: 'Nobody' })).body.count).toBe(0);
  });
});
