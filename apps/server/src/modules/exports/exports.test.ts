import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

interface ExportPage {
  data: Array<Ticket & { updatedAt: string }>;
  nextCursor: string | null;
  endOfStream: boolean;
}

describe('the incremental ticket export', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;

  beforeAll(async () => {
    // No settling wait in tests: each change is exportable as soon as it is committed.
    server = await startTestServer({ env: { EXPORTS_SETTLE_SECONDS: '0' } });
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
  });
  afterAll(() => server.close());

  const exportPage = async (query: Record<string, string> = {}, as = workspace) => {
    const response = await as.admin.get<ExportPage>('/api/v1/exports/tickets', query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  /** Every page from a cursor until the end of the stream. */
  const drain = async (cursor?: string, limit = '2') => {
    const tickets: ExportPage['data'] = [];
    let page: ExportPage;
    let next = cursor;
    do {
      page = await exportPage({ limit, ...(next ? { cursor: next } : {}) });
      tickets.push(...page.data);
      next = page.nextCursor ?? undefined;
    } while (!page.endOfStream);
    return { tickets, cursor: next };
  };

  it('gives every ticket once, oldest change first, in pages; then only what changed since', async () => {
    const empty = await exportPage();
    expect(empty).toEqual({ data: [], nextCursor: null, endOfStream: true });
    const created: Ticket[] = [];
    for (const subject of ['Printer jam', 'Refund for order 1042', 'Login loop', 'Card declined', 'Lost parcel']) {
      created.push((await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, description: subject })).body);
    }
    await other.admin.post('/api/v1/tickets', { subject: 'Another workspace’s ticket' });

    const first = await drain();
    expect(first.tickets.map((ticket) => ticket.subject)).toEqual(['Printer jam', 'Refund for order 1042', 'Login loop', 'Card declined', 'Lost parcel']);
    const changedAt = first.tickets.map((ticket) => ticket.updatedAt);
    expect(changedAt).toEqual([...changedAt].sort());

    // Caught up: the same cursor answers nothing new, and stays the cursor.
    const idle = await exportPage({ cursor: first.cursor! });
    expect(idle).toEqual({ data: [], nextCursor: first.cursor, endOfStream: true });

    // Two tickets change: only they come, with their new state, the one changed last at the end.
    await workspace.admin.patch(`/api/v1/tickets/${created[3]!.id}`, { priority: 'urgent' });
    await workspace.admin.patch(`/api/v1/tickets/${created[0]!.id}`, { status: 'pending' });
    const since = await drain(first.cursor);
    expect(since.tickets.map((ticket) => [ticket.subject, ticket.priority, ticket.status])).toEqual([
      ['Card declined', 'urgent', 'new'],
      ['Printer jam', 'normal', 'pending'],
    ]);
  });

  it('waits for changes to settle: the last seconds’ changes come on a later call', async () => {
    const settling = await startTestServer({ env: { EXPORTS_SETTLE_SECONDS: '60' } });
    try {
      const fresh = await settling.createWorkspace();
      await fresh.admin.post('/api/v1/tickets', { subject: 'Just now' });
      const page = (await fresh.admin.get<ExportPage>('/api/v1/exports/tickets')).body;
      expect(page).toEqual({ data: [], nextCursor: null, endOfStream: true });
    } finally {
      await settling.close();
    }
  });

  it('is for admins and managers, and refuses a forged cursor or a bad limit', async () => {
    for (const role of ['agent', 'reviewer', 'viewer'] as const) {
      expect((await (await workspace.addUser(role)).client.get('/api/v1/exports/tickets')).status, role).toBe(403);
    }
    expect((await (await workspace.addUser('manager')).client.get('/api/v1/exports/tickets')).status).toBe(200);
    expect((await server.client.get('/api/v1/exports/tickets')).status).toBe(401);
    for (const query of [{ cursor: 'not-a-cursor' }, { cursor: Buffer.from('["x","y"]').toString('base64url') }, { limit: '0' }, { limit: '5000' }, { unknown: '1' }]) {
      const response = await workspace.admin.get<ApiError>('/api/v1/exports/tickets', query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});
