import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import type { ApiError, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

describe('creating tickets at the same time', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('gives each request its own answer, gapless numbers, one customer per new address and one event per ticket', async () => {
    const agent = await workspace.addUser('agent');
    const requests = Array.from({ length: 40 }, (_, index) => {
      if (index % 8 === 3) return { subject: `Unknown assignee ${index}`, assigneeId: randomUUID() };
      if (index % 8 === 5) return { subject: `Unknown status ${index}`, status: 'nonexistent' };
      if (index % 4 === 0) return { subject: `Shared address ${index}`, customer_email: 'shared@example.com' };
      return { subject: `Request ${index}`, customer_email: `person${index}@example.com`, ...(index % 3 === 0 ? { assigneeId: agent.userId } : {}) };
    });
    const answers = await Promise.all(requests.map((body) => workspace.admin.post<Ticket | ApiError>('/api/v1/tickets', body)));

    answers.forEach((answer, index) => {
      const body = requests[index]!;
      if (body.subject.startsWith('Unknown')) {
        expect(answer.status).toBe(400);
        expect((answer.body as ApiError).error.details[0]!.path).toBe(body.subject.startsWith('Unknown assignee') ? 'assigneeId' : 'status');
      } else {
        expect(answer.status).toBe(201);
        expect((answer.body as Ticket).subject).toBe(body.subject);
      }
    });
    const created = answers.filter((answer) => answer.status === 201).map((answer) => answer.body as Ticket);
    expect(created).toHaveLength(30);
    expect(created.map((ticket) => ticket.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => 1001 + index));
    expect(created.filter((ticket) => ticket.assigneeId === agent.userId).every((ticket) => ticket.status === 'open')).toBe(true);

    const shared = created.filter((ticket) => ticket.subject.startsWith('Shared'));
    expect(shared.length).toBeGreaterThan(1);
    expect(new Set(shared.map((ticket) => ticket.customerId)).size).toBe(1);
    const customers = await workspace.admin.get<PageOf<{ id: string }>>('/api/v1/customers', { email: 'shared@example.com' });
    expect(customers.body.data.map((customer) => customer.id)).toEqual([shared[0]!.customerId]);

    const events = await queryRows<{ type: string; count: number }>(
      server.services.db,
      sql`SELECT type, count(*)::int AS count FROM outbox_events WHERE workspace_id = ${workspace.workspaceId} GROUP BY type ORDER BY type`,
    );
    expect(events).toEqual([{ type: 'customer.created', count: 1 + created.length - shared.length }, { type: 'ticket.created', count: 30 }]);
    const timeline = await workspace.admin.get<{ data: Array<{ action: string }> }>(`/api/v1/tickets/${created[7]!.id}/activity`);
    expect(timeline.body.data.map((entry) => entry.action)).toEqual(['created']);
    const notifications = await agent.client.get<PageOf<{ ticketId: string }>>('/api/v1/notifications');
    expect(notifications.body.data.map((notification) => notification.ticketId).sort()).toEqual(
      created.filter((ticket) => ticket.assigneeId === agent.userId).map((ticket) => ticket.id).sort(),
    );
  });

  it('a ticket whose write fails takes no other ticket of its batch down with it', async () => {
    const other = await server.createWorkspace();
    const actor = { workspaceId: other.workspaceId, userId: other.adminId, role: 'admin' as const, via: 'token' as const, credentialId: randomUUID() };
    // PostgreSQL refuses a NUL character in text; the HTTP layer never lets one through, the service is called directly.
    const outcomes = await Promise.allSettled([
      server.services.tickets.create(actor, { subject: 'First' }),
      server.services.tickets.create(actor, { subject: 'Broken \u0000 subject' }),
      server.services.tickets.create(actor, { subject: 'Third', customer_email: 'third@example.com' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const list = await other.admin.get<PageOf<Ticket>>('/api/v1/tickets', { sort: 'createdAt' });
    expect(list.body.data.map((ticket) => ticket.subject).sort()).toEqual(['First', 'Third']);
    const customers = await other.admin.get<PageOf<{ email: string }>>('/api/v1/customers');
    expect(customers.body.data.map((customer) => customer.email)).toEqual(['third@example.com']);
  });
});
