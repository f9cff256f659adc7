import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

interface View {
  id: string;
  name: string;
  visibility: string;
}

describe('saved views', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it("shows a personal view only to its owner and runs its filters", async () => {
    const owner = await workspace.addUser('agent');
    const colleague = await workspace.addUser('agent');
    await workspace.admin.post('/api/v1/tickets', { subject: 'Urgent one', priority: 'urgent', assigneeId: owner.userId });
    await workspace.admin.post('/api/v1/tickets', { subject: 'Calm one', priority: 'low', assigneeId: owner.userId });
    const view = await owner.client.post<View>('/api/v1/views', { name: 'My urgent', filters: { assigneeId: 'me', priority: ['urgent'] } });
    expect(view.status).toBe(201);
    const tickets = await owner.client.get<PageOf<Ticket>>(`/api/v1/views/${view.body.id}/tickets`);
    expect(tickets.body.data.map((ticket) => ticket.subject)).toEqual(['Urgent one']);
    expect((await colleague.client.get<{ data: View[] }>('/api/v1/views')).body.data.map((item) => item.id)).not.toContain(view.body.id);
    expect((await colleague.client.get(`/api/v1/views/${view.body.id}/tickets`)).status).toBe(404);
    // "me" means whoever runs the view: the colleague would see their own tickets, not the owner's.
  });

  it('lets managers share views with everyone, but not agents', async () => {
    const manager = await workspace.addUser('manager');
    const agent = await workspace.addUser('agent');
    const refused = await agent.client.post<ApiError>('/api/v1/views', { name: 'Team queue', visibility: 'shared', filters: { statusCategory: ['open'] } });
    expect(refused.status).toBe(403);
    const shared = await manager.client.post<View>('/api/v1/views', { name: 'Open tickets', visibility: 'shared', filters: { statusCategory: ['open'] }, sort: '-priority' });
    expect(shared.status).toBe(201);
    expect((await agent.client.get<{ data: View[] }>('/api/v1/views')).body.data.map((item) => item.name)).toContain('Open tickets');
    expect((await agent.client.patch(`/api/v1/views/${shared.body.id}`, { name: 'Mine now' })).status).toBe(404);
    expect((await manager.client.patch<View>(`/api/v1/views/${shared.body.id}`, { name: 'Open, by priority' })).body.name).toBe('Open, by priority');
    expect((await manager.client.delete(`/api/v1/views/${shared.body.id}`)).status).toBe(204);
  });

  it('refuses filters the ticket list would not accept', async () => {
    const invalid = await workspace.admin.post<ApiError>('/api/v1/views', { name: 'Bad', filters: { priority: ['apocalyptic'] } });
    expect(invalid.status).toBe(400);
    const unknown = await workspace.admin.post<ApiError>('/api/v1/views', { name: 'Bad', filters: { colour: 'red' } });
    expect(unknown.status).toBe(400);
  });
});
