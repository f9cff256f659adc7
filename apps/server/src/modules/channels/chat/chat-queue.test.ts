import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { collect, connectSocket, waitFor } from '../../../../test/socket-events.js';

type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
interface Place {
  conversationId: string;
  position: number;
}
interface AgentNotice {
  conversationId: string;
  name: string;
}

describe('the live chat queue', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.close());

  const connect = (url: string, token: string) => connectSocket(url, token, sockets);

  /** A staff member with an API token and a chat capacity; `online()` opens their app's connection. */
  async function staffMember(name: string, capacity: number) {
    const member = await workspace.addUser('agent', name);
    expect((await workspace.admin.patch(`/api/v1/users/${member.userId}`, { chatCapacity: capacity })).body).toMatchObject({ chatCapacity: capacity });
    const token = await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: member.userId, role: 'agent' }, 'app'));
    return { ...member, online: () => connect(server.url, token.secret) };
  }

  /** A visitor of the given tier starting a chat, with what their widget hears. */
  async function visitor(tier: 'free' | 'paid' | 'enterprise') {
    const email = `${tier}-${randomUUID().slice(0, 8)}@example.com`;
    const session = (await server.client.post<{ visitorToken: string; customerId: string }>(`/api/v1/widget/${workspace.slug}/sessions`, { name: `A ${tier} customer`, email })).body;
    expect((await workspace.admin.patch(`/api/v1/customers/${session.customerId}`, { tier })).status).toBe(200);
    const socket = await connect(`${server.url}/widget`, session.visitorToken);
    const places = collect<Place>(socket, 'queue');
    const agents = collect<AgentNotice>(socket, 'agent');
    const answer = (await socket.timeout(10_000).emitWithAck('conversation:start', { clientMessageId: randomUUID(), body: `Help, I am a ${tier} customer` })) as Answer<{ conversation: { id: string; ticketId: string } }>;
    if (!answer.ok) throw new Error(answer.error.message);
    return { socket, places, agents, conversation: answer.conversation };
  }

  const lastPlace = (places: Place[]) => places.at(-1)?.position;
  const assigneeOf = async (ticketId: string) => (await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticketId}`)).body.assigneeId;

  it('serves enterprise customers first, tells visitors their place, hands chats to online agents within capacity, and announces transfers', async () => {
    const alice = await staffMember('Alice Martin', 1);
    const bruno = await staffMember('Bruno Tremblay', 1);

    // Nobody online: chats wait, the enterprise customer ahead of the free one who came first.
    const free = await visitor('free');
    await expect.poll(() => lastPlace(free.places)).toBe(1);
    const enterprise = await visitor('enterprise');
    await expect.poll(() => lastPlace(enterprise.places)).toBe(1);
    await expect.poll(() => lastPlace(free.places)).toBe(2);

    // Alice comes online: she takes the enterprise chat; the free customer moves up.
    await alice.online();
    expect((await waitFor(enterprise.agents, () => true, 'the agent taking the chat')).name).toBe('Alice Martin');
    expect(await assigneeOf(enterprise.conversation.ticketId)).toBe(alice.userId);
    await expect.poll(() => lastPlace(free.places)).toBe(1);

    // Bruno comes online: he takes the next one. Both are now at capacity, so a new chat waits.
    await bruno.online();
    expect((await waitFor(free.agents, () => true, 'the agent taking the chat')).name).toBe('Bruno Tremblay');
    const paid = await visitor('paid');
    await expect.poll(() => lastPlace(paid.places)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await assigneeOf(paid.conversation.ticketId)).toBeNull();

    // The enterprise customer ends their chat: Alice has room again and takes the waiting one.
    const ended = (await enterprise.socket.timeout(10_000).emitWithAck('conversation:close', { conversationId: enterprise.conversation.id })) as Answer<object>;
    expect(ended.ok).toBe(true);
    expect((await waitFor(paid.agents, () => true, 'the agent taking the chat')).name).toBe('Alice Martin');

    // A manager transfers the chat to Bruno: the visitor hears who answers now, and Bruno is notified.
    expect((await workspace.admin.patch(`/api/v1/tickets/${paid.conversation.ticketId}`, { assigneeId: bruno.userId })).status).toBe(200);
    await waitFor(paid.agents, (notice) => notice.name === 'Bruno Tremblay', 'the transfer');
    const notifications = await bruno.client.get<{ data: Array<{ kind: string; ticketId: string }> }>('/api/v1/notifications');
    expect(notifications.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'assignment', ticketId: paid.conversation.ticketId })]));
  });

  it('a chat sent to a team waits for one of its members, and capacity 0 takes no chats', async () => {
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: `Billing ${randomUUID().slice(0, 6)}` });
    expect(team.status).toBe(201);
    const outsider = await staffMember('Chloé Roy', 5);
    const member = await staffMember('Dev Patel', 0);
    expect((await workspace.admin.patch(`/api/v1/teams/${team.body.id}`, { memberIds: [member.userId] })).status).toBe(200);
    await outsider.online();
    await member.online();

    const chat = await visitor('free');
    await waitFor(chat.agents, () => true, 'the outsider taking the chat');
    expect((await workspace.admin.patch(`/api/v1/tickets/${chat.conversation.ticketId}`, { teamId: team.body.id, assigneeId: null })).status).toBe(200);
    // Back in line for the team: its only member takes no chats, and the outsider is not in it.
    await expect.poll(() => lastPlace(chat.places)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await assigneeOf(chat.conversation.ticketId)).toBeNull();

    expect((await workspace.admin.patch(`/api/v1/users/${member.userId}`, { chatCapacity: 2 })).status).toBe(200);
    // A capacity change is not an event of its own; the next queue event (here another visitor) picks it up.
    await visitor('free');
    await expect.poll(() => assigneeOf(chat.conversation.ticketId)).toBe(member.userId);
  });
});
