import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer } from '../../../test/harness.js';

describe('presence for collision detection', () => {
  const clock = { current: new Date(), now() { return this.current; } };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server.close());

  it('shows who is viewing and who is replying, and forgets them after 30 seconds without a heartbeat', async () => {
    const workspace = await server.createWorkspace();
    const first = await workspace.addUser('agent', 'First Agent');
    const second = await workspace.addUser('agent', 'Second Agent');
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Busy ticket' });
    const path = `/api/v1/tickets/${ticket.body.id}/presence`;

    await first.client.put(path, { state: 'viewing' });
    const seen = await second.client.put<{ data: Array<{ name: string; state: string }> }>(path, { state: 'replying' });
    expect(seen.body.data.map((entry) => `${entry.name}:${entry.state}`).sort()).toEqual(['First Agent:viewing', 'Second Agent:replying']);

    clock.current = new Date(clock.current.getTime() + 20_000);
    await second.client.put(path, { state: 'replying' });
    clock.current = new Date(clock.current.getTime() + 15_000);
    const later = await workspace.admin.get<{ data: Array<{ name: string }> }>(path);
    expect(later.body.data.map((entry) => entry.name)).toEqual(['Second Agent']);

    expect((await second.client.delete(path)).status).toBe(204);
    expect((await workspace.admin.get<{ data: unknown[] }>(path)).body.data).toEqual([]);

    const viewer = await workspace.addUser('viewer');
    expect((await viewer.client.put(path, { state: 'viewing' })).status).toBe(403);
    const stranger = await server.createWorkspace();
    expect((await stranger.admin.get(path)).status).toBe(404);
  });
});
