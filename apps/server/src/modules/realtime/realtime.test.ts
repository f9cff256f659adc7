import { createClient, type SwitchboardClient } from '@switchboard/sdk';
import { io as openSocket, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { collect, waitFor } from '../../../test/socket-events.js';

interface EventMessage {
  id: string;
  type: string;
  workspaceId: string;
  timestamp: string;
  data: { ticket?: { id: string; subject: string } } & Record<string, unknown>;
}

interface PresenceMessage {
  ticketId: string;
  viewers: Array<{ userId: string; name: string; state: string; expiresAt: string }>;
}

interface NotificationMessage {
  kind: string;
  ticketId: string;
}

type WatchAnswer = { ok: true } | { ok: false; error: { code: string; message: string } };

type ConnectError = Error & { data?: { code: string; message: string } };

const openSockets: Socket[] = [];

/**
 * A Socket.IO client of `server`, resolved once connected, rejected with the connect_error. WebSocket only
 * unless told otherwise (a browser starts with long-polling, which the cookie test uses).
 */
function connect(
  server: TestServer,
  options: { token?: string; cookie?: string; origin?: string; transports?: Array<'polling' | 'websocket'> } = {},
): Promise<Socket> {
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  const socket = openSocket(server.url, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.token ? { token: options.token } : {},
    extraHeaders,
  });
  openSockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function refusal(connecting: Promise<Socket>): Promise<ConnectError> {
  return connecting.then(
    () => {
      throw new Error('the connection was accepted');
    },
    (error: ConnectError) => error,
  );
}


/** A fresh API token of the client's user (the secret, and its id to revoke it). */
async function createToken(client: SwitchboardClient): Promise<{ id: string; token: string }> {
  const created = await client.post<{ id: string; token: string }>('/api/v1/tokens', { name: 'realtime test' });
  expect(created.status).toBe(201);
  return created.body;
}

async function createTicket(client: SwitchboardClient, body: Record<string, unknown>): Promise<Ticket> {
  const created = await client.post<Ticket>('/api/v1/tickets', body);
  expect(created.status).toBe(201);
  return created.body;
}

async function watch(socket: Socket, ticketId: unknown): Promise<WatchAnswer> {
  return (await socket.timeout(5000).emitWithAck('ticket:watch', { ticketId })) as WatchAnswer;
}

/** Signs in through the API like the web app; returns the `sb_session=…` cookie. */
async function signIn(server: TestServer, workspace: TestWorkspace, email: string): Promise<string> {
  const response = await server.client.post('/api/v1/auth/login', { workspace: workspace.slug, email, password: workspace.password });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('sb_session='))?.split(';')[0];
  expect(cookie).toBeDefined();
  return cookie!;
}

describe('realtime pushes over Socket.IO', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ workers: true });
  });
  afterEach(() => {
    for (const socket of openSockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.close());

  it("sends a token-authenticated client its workspace's events, shaped like webhook bodies, and nothing of another workspace", async () => {
    const workspace = await server.createWorkspace();
    const other = await server.createWorkspace();
    const socket = await connect(server, { token: (await createToken(workspace.admin)).token });
    const events = collect<EventMessage>(socket, 'event');

    const elsewhere = await createTicket(other.admin, { subject: 'Another desk entirely' });
    const ticket = await createTicket(workspace.admin, { subject: 'Printer on fire', customer_email: 'pat@example.com' });

    const created = await waitFor(events, (event) => event.type === 'ticket.created' && event.data.ticket?.id === ticket.id, 'ticket.created');
    expect(Object.keys(created).sort()).toEqual(['data', 'id', 'timestamp', 'type', 'workspaceId']);
    expect(created).toMatchObject({ workspaceId: workspace.workspaceId, data: { ticket: { id: ticket.id, subject: 'Printer on fire' } } });
    expect(new Date(created.timestamp).toISOString()).toBe(created.timestamp);
    // The other workspace's ticket was written first, so its event would have come before this one.
    expect(events.every((event) => event.workspaceId === workspace.workspaceId)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(elsewhere.id);
  });

  it('accepts a signed-in agent through the session cookie from its own pages, not from another site nor after sign-out', async () => {
    const workspace = await server.createWorkspace();
    const agent = await workspace.addUser('agent');
    const cookie = await signIn(server, workspace, agent.email);

    const socket = await connect(server, { cookie, origin: server.url, transports: ['polling', 'websocket'] });
    const events = collect<EventMessage>(socket, 'event');
    const ticket = await createTicket(workspace.admin, { subject: 'Seen from the browser' });
    await waitFor(events, (event) => event.data.ticket?.id === ticket.id, 'ticket.created through a cookie socket');

    const crossSite = await refusal(connect(server, { cookie, origin: 'https://attacker.example' }));
    expect(crossSite.data).toMatchObject({ code: 'forbidden' });

    expect((await createClient({ baseUrl: server.url, cookie }).post('/api/v1/auth/logout')).status).toBe(204);
    const ended = await refusal(connect(server, { cookie, origin: server.url }));
    expect(ended.message).toBe('The session has ended or expired. Sign in again.');
    expect(ended.data).toEqual({ code: 'unauthenticated', message: ended.message });
  });

  it('refuses a connection without a credential, with an unknown token, or with a revoked one', async () => {
    const workspace = await server.createWorkspace();

    const anonymous = await refusal(connect(server));
    expect(anonymous.data).toMatchObject({ code: 'unauthenticated' });
    expect(anonymous.message).toMatch(/API token/);

    const unknown = await refusal(connect(server, { token: 'sb_not-a-real-token' }));
    expect(unknown.data).toEqual({ code: 'unauthenticated', message: 'The API token is unknown or revoked.' });

    const { id, token } = await createToken(workspace.admin);
    await connect(server, { token });
    expect((await workspace.admin.delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    const revoked = await refusal(connect(server, { token }));
    expect(revoked.data).toEqual({ code: 'unauthenticated', message: 'The API token is unknown or revoked.' });
  });

  it("lets a client watch its own workspace's tickets and not another's", async () => {
    const workspace = await server.createWorkspace();
    const other = await server.createWorkspace();
    const ticket = await createTicket(workspace.admin, { subject: 'Ours' });
    const foreign = await createTicket(other.admin, { subject: 'Theirs' });
    const socket = await connect(server, { token: (await createToken(workspace.admin)).token });
    const presence = collect<PresenceMessage>(socket, 'presence');

    expect(await watch(socket, foreign.id)).toEqual({ ok: false, error: { code: 'ticket_not_found', message: 'No such ticket in this workspace.' } });
    expect(await watch(socket, 'not an id')).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await watch(socket, ticket.id)).toEqual({ ok: true });
    expect(await watch(socket, String(ticket.number))).toEqual({ ok: true });

    // Their presence change is announced before ours, so it would have arrived first had the watch been let through.
    expect((await other.admin.put(`/api/v1/tickets/${foreign.id}/presence`, { state: 'viewing' })).status).toBe(200);
    expect((await workspace.admin.put(`/api/v1/tickets/${ticket.id}/presence`, { state: 'viewing' })).status).toBe(200);
    await waitFor(presence, (message) => message.ticketId === ticket.id, 'presence on our ticket');
    expect(presence.map((message) => message.ticketId)).toEqual([ticket.id]);

    // After unwatching, our ticket's changes no longer arrive (the next watched ticket's do).
    expect(await socket.timeout(5000).emitWithAck('ticket:unwatch', { ticketId: ticket.id })).toEqual({ ok: true });
    const next = await createTicket(workspace.admin, { subject: 'Also ours' });
    expect(await watch(socket, next.id)).toEqual({ ok: true });
    expect((await workspace.admin.delete(`/api/v1/tickets/${ticket.id}/presence`)).status).toBe(204);
    expect((await workspace.admin.put(`/api/v1/tickets/${next.id}/presence`, { state: 'viewing' })).status).toBe(200);
    await waitFor(presence, (message) => message.ticketId === next.id, 'presence on the next ticket');
    expect(presence.map((message) => message.ticketId)).toEqual([ticket.id, next.id]);
  });

  it('shows an agent watching a ticket who else is viewing or replying, as it changes', async () => {
    const workspace = await server.createWorkspace();
    const first = await workspace.addUser('agent', 'First Agent');
    const second = await workspace.addUser('agent', 'Second Agent');
    const ticket = await createTicket(workspace.admin, { subject: 'Busy ticket' });
    const path = `/api/v1/tickets/${ticket.id}/presence`;
    const socket = await connect(server, { token: (await createToken(second.client)).token });
    const presence = collect<PresenceMessage>(socket, 'presence');
    expect(await watch(socket, ticket.id)).toEqual({ ok: true });

    await first.client.put(path, { state: 'viewing' });
    const viewing = await waitFor(presence, (message) => message.viewers.some((viewer) => viewer.state === 'viewing'), 'viewing');
    expect(viewing).toEqual({ ticketId: ticket.id, viewers: [expect.objectContaining({ userId: first.userId, name: 'First Agent', state: 'viewing' })] });
    expect(viewing.viewers).toEqual((await workspace.admin.get<{ data: unknown[] }>(path)).body.data);

    await first.client.put(path, { state: 'replying' });
    const replying = await waitFor(presence, (message) => message.viewers.some((viewer) => viewer.state === 'replying'), 'replying');
    expect(replying.viewers.map((viewer) => `${viewer.name}:${viewer.state}`)).toEqual(['First Agent:replying']);

    expect((await first.client.delete(path)).status).toBe(204);
    await waitFor(presence, (message) => message.viewers.length === 0, 'the first agent leaving');
  });

  it('tells users of their new notifications live: assignments and mentions, the same ones the API lists', async () => {
    const workspace = await server.createWorkspace();
    const agent = await workspace.addUser('agent', 'Robin Agent');
    const agentSocket = await connect(server, { token: (await createToken(agent.client)).token });
    const adminSocket = await connect(server, { token: (await createToken(workspace.admin)).token });
    const pushed = collect<NotificationMessage>(agentSocket, 'notification');
    const pushedToAdmin = collect<NotificationMessage>(adminSocket, 'notification');

    const assigned = await createTicket(workspace.admin, { subject: 'For Robin', assigneeId: agent.userId });
    await waitFor(pushed, (message) => message.ticketId === assigned.id, 'assignment on creation');

    // Taking a ticket oneself notifies nobody; an admin reassigning it and a mention do.
    const taken = await createTicket(workspace.admin, { subject: 'Unassigned' });
    expect((await agent.client.patch(`/api/v1/tickets/${taken.id}`, { assigneeId: agent.userId })).status).toBe(200);
    const reassigned = await createTicket(workspace.admin, { subject: 'Later for Robin' });
    expect((await workspace.admin.patch(`/api/v1/tickets/${reassigned.id}`, { assigneeId: agent.userId })).status).toBe(200);
    await waitFor(pushed, (message) => message.ticketId === reassigned.id, 'assignment on update');
    const comment = await workspace.admin.post<Comment>(`/api/v1/tickets/${taken.id}/comments`, { body: 'Robin, have a look', isPublic: false, mentionUserIds: [agent.userId] });
    expect(comment.status).toBe(201);
    await waitFor(pushed, (message) => message.kind === 'mention', 'mention');
    // Editing a note to mention someone tells them too.
    const note = await workspace.admin.post<Comment>(`/api/v1/tickets/${assigned.id}/comments`, { body: 'Waiting on the vendor', isPublic: false });
    const edited = await workspace.admin.patch(`/api/v1/tickets/${assigned.id}/comments/${note.body.id}`, { body: `Waiting on the vendor, @${agent.email.split('@')[0]} can you chase?` });
    expect(edited.status).toBe(200);
    await waitFor(pushed, (message) => message.kind === 'mention' && message.ticketId === assigned.id, 'mention added by an edit');

    expect(pushed).toEqual([
      { kind: 'assignment', ticketId: assigned.id },
      { kind: 'assignment', ticketId: reassigned.id },
      { kind: 'mention', ticketId: taken.id },
      { kind: 'mention', ticketId: assigned.id },
    ]);
    const listed = await agent.client.get<{ data: NotificationMessage[] }>('/api/v1/notifications');
    expect(listed.body.data.map(({ kind, ticketId }) => ({ kind, ticketId })).reverse()).toEqual(pushed);
    expect(pushedToAdmin).toEqual([]);
  });

  it("shows an agent online while their app is connected, away when they say so, and offline once they leave", async () => {
    const workspace = await server.createWorkspace();
    const agent = await workspace.addUser('agent');
    const watcher = collect<EventMessage>(await connect(server, { token: (await createToken(workspace.admin)).token }), 'event');
    const availabilityOf = async () => (await workspace.admin.get<{ availability: string }>(`/api/v1/users/${agent.userId}`)).body.availability;
    const changes = () => watcher.filter((event) => event.type === 'agent.availability_changed' && event.data.userId === agent.userId).map((event) => event.data.availability);

    expect(await availabilityOf()).toBe('offline');
    const agentSocket = await connect(server, { token: (await createToken(agent.client)).token });
    await expect.poll(availabilityOf).toBe('online');

    const away = await agent.client.put<{ availability: string }>('/api/v1/account/availability', { availability: 'away' });
    expect(away.status).toBe(200);
    expect(away.body.availability).toBe('away');
    await waitFor(watcher, (event) => event.type === 'agent.availability_changed' && event.data.availability === 'away', 'the agent going away');
    // A reload: the old connection closes and a new one opens within the grace period; nobody sees a flap.
    agentSocket.disconnect();
    await connect(server, { token: (await createToken(agent.client)).token });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await availabilityOf()).toBe('away');

    for (const socket of openSockets.splice(0)) socket.disconnect();
    const watcherAgain = collect<EventMessage>(await connect(server, { token: (await createToken(workspace.admin)).token }), 'event');
    await waitFor(watcherAgain, (event) => event.type === 'agent.availability_changed' && event.data.availability === 'offline', 'the agent going offline');
    expect(await availabilityOf()).toBe('offline');
    expect(changes()).toEqual(['online', 'away']);

    // Coming back restores what they chose (away), not online.
    await connect(server, { token: (await createToken(agent.client)).token });
    await expect.poll(availabilityOf).toBe('away');
    const invalid = await agent.client.put('/api/v1/account/availability', { availability: 'busy' });
    expect(invalid.status).toBe(400);
  });

  it("closes a user's live connections as soon as an admin deactivates them", async () => {
    const workspace = await server.createWorkspace();
    const agent = await workspace.addUser('agent');
    const socket = await connect(server, { token: (await createToken(agent.client)).token });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await workspace.admin.patch(`/api/v1/users/${agent.userId}`, { isActive: false })).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
  });

  it(
    process.env.REDIS_URL
      ? 'delivers an event written through one node to a client of another node, through Redis'
      : 'keeps events on the node that dispatched them when there is no Redis (one node needs nothing else)',
    async () => {
      // A second node over the same database, without workers: the first node dispatches every event.
      const nodeB = await startTestServer({ reuse: server });
      let isNodeBOpen = true;
      try {
        const workspace = await server.createWorkspace();
        const { token } = await createToken(workspace.admin);
        const onA = collect<EventMessage>(await connect(server, { token }), 'event');
        const socketOnB = await connect(nodeB, { token });
        const onB = collect<EventMessage>(socketOnB, 'event');

        const ticket = await createTicket(workspace.admin, { subject: 'Written through node A' });
        await waitFor(onA, (event) => event.data.ticket?.id === ticket.id, 'the event on node A');
        if (process.env.REDIS_URL) {
          const received = await waitFor(onB, (event) => event.data.ticket?.id === ticket.id, 'the event on node B');
          expect(received).toEqual(onA.find((event) => event.data.ticket?.id === ticket.id));
        } else {
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(onB).toEqual([]);
        }

        // Closing a node drops its sockets rather than waiting on them; clients then reconnect (to another node).
        const disconnected = new Promise<string>((resolve) => socketOnB.once('disconnect', resolve));
        isNodeBOpen = false;
        await nodeB.close();
        expect(await disconnected).toBe('transport close');
      } finally {
        if (isNodeBOpen) await nodeB.close();
      }
    },
  );
});
