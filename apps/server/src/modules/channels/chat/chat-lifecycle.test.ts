import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { collect, connectSocket, waitFor } from '../../../../test/socket-events.js';

type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
interface Conversation {
  id: string;
  ticketId: string;
  closedAt: string | null;
}

/** The server's clock, moved forward by the test to make a chat idle without waiting. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

describe('the end of a chat: closing, rating, inactivity', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ workers: true, clock });
    workspace = await server.createWorkspace();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    clock.offsetMs = 0;
  });
  afterAll(() => server.close());

  async function chat(body = 'My order is late') {
    const session = (await server.client.post<{ visitorToken: string }>(`/api/v1/widget/${workspace.slug}/sessions`, { name: 'Dana', email: `dana-${randomUUID().slice(0, 6)}@example.com` })).body;
    const socket = await connectSocket(`${server.url}/widget`, session.visitorToken, sockets);
    const closed = collect<{ conversationId: string; reason: string }>(socket, 'closed');
    const warnings = collect<{ conversationId: string; closesInMinutes: number }>(socket, 'inactivity');
    const messages = collect<{ sender: string; seq: number }>(socket, 'message');
    const { conversation } = await ok<{ conversation: Conversation }>(socket, 'conversation:start', { clientMessageId: randomUUID(), body });
    return { socket, conversation, closed, warnings, messages };
  }

  async function request<T>(socket: Socket, name: string, payload: unknown): Promise<Answer<T>> {
    return (await socket.timeout(10_000).emitWithAck(name, payload)) as Answer<T>;
  }
  async function ok<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
    const answer = await request<T>(socket, name, payload);
    if (!answer.ok) throw new Error(`${name} refused: ${answer.error.message}`);
    return answer;
  }
  const ticketOf = async (id: string) => (await workspace.admin.get<Ticket & { statusCategory: string }>(`/api/v1/tickets/${id}`)).body;

  it('the visitor ends the chat and rates it: the ticket is solved and carries the rating; writing again reopens both', async () => {
    const { socket, conversation, closed } = await chat();
    const early = await request(socket, 'rate', { conversationId: conversation.id, rating: 5 });
    expect(early).toMatchObject({ ok: false, error: { code: 'chat_conversation_open' } });

    const ended = await ok<{ conversation: Conversation }>(socket, 'conversation:close', { conversationId: conversation.id });
    expect(ended.conversation.closedAt).not.toBeNull();
    await waitFor(closed, (event) => event.conversationId === conversation.id, 'the closed event');
    expect((await ticketOf(conversation.ticketId)).statusCategory).toBe('resolved');
    // Ending it again changes nothing.
    expect((await ok<{ conversation: Conversation }>(socket, 'conversation:close', { conversationId: conversation.id })).conversation.closedAt).toBe(ended.conversation.closedAt);

    await ok(socket, 'rate', { conversationId: conversation.id, rating: 4, comment: 'Quick, thanks' });
    expect((await workspace.admin.get(`/api/v1/tickets/${conversation.ticketId}/satisfaction`)).body).toMatchObject({ state: 'rated', rating: 4, comment: 'Quick, thanks' });
    await ok(socket, 'rate', { conversationId: conversation.id, rating: 5 });
    expect((await workspace.admin.get(`/api/v1/tickets/${conversation.ticketId}/satisfaction`)).body).toMatchObject({ rating: 5, comment: null });
    expect(await request(socket, 'rate', { conversationId: conversation.id, rating: 6 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });

    await ok(socket, 'message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'One more thing…' });
    expect((await workspace.admin.get<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat`)).body.closedAt).toBeNull();
    expect((await ticketOf(conversation.ticketId)).statusCategory).toBe('open');
  });

  it('an agent solving the chat ticket ends the chat on the visitor’s screen', async () => {
    const { conversation, closed } = await chat('Can I change my address?');
    expect((await workspace.admin.patch(`/api/v1/tickets/${conversation.ticketId}`, { status: 'resolved' })).status).toBe(200);
    expect(await waitFor(closed, (event) => event.conversationId === conversation.id, 'the closed event')).toMatchObject({ reason: 'resolved' });
    expect((await workspace.admin.get<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat`)).body.closedAt).not.toBeNull();
  });

  it('a chat waiting on its visitor warns after the inactivity time, then closes; a chat waiting on an agent never does', async () => {
    expect((await workspace.admin.patch('/api/v1/chat/settings', { inactivityMinutes: 10 })).status).toBe(200);
    const idle = await chat('Where is parcel 77?');
    const waiting = await chat('Hello? Anyone?');
    expect((await workspace.admin.post(`/api/v1/tickets/${idle.conversation.ticketId}/comments`, { body: 'It is out for delivery today.', isPublic: true })).status).toBe(201);
    await waitFor(idle.messages, (message) => message.sender === 'agent', 'the agent reply');

    await server.services.chat.sweepInactiveConversations();
    expect(idle.warnings).toEqual([]);

    clock.offsetMs = 11 * 60_000;
    await server.services.chat.sweepInactiveConversations();
    expect(await waitFor(idle.warnings, (warning) => warning.conversationId === idle.conversation.id, 'the inactivity warning')).toMatchObject({ closesInMinutes: 2 });
    expect(idle.closed).toEqual([]);

    clock.offsetMs = 14 * 60_000;
    await server.services.chat.sweepInactiveConversations();
    expect(await waitFor(idle.closed, (event) => event.conversationId === idle.conversation.id, 'closing for inactivity')).toMatchObject({ reason: 'inactivity' });
    expect((await ticketOf(idle.conversation.ticketId)).statusCategory).toBe('resolved');

    // The visitor who waits for an answer is never pushed out.
    expect(waiting.warnings).toEqual([]);
    expect(waiting.closed).toEqual([]);
    expect((await workspace.admin.get<Conversation>(`/api/v1/tickets/${waiting.conversation.ticketId}/chat`)).body.closedAt).toBeNull();

    // 0 turns it off.
    expect((await workspace.admin.patch<{ inactivityMinutes: number }>('/api/v1/chat/settings', { inactivityMinutes: 0 })).body.inactivityMinutes).toBe(0);
    const quiet = await chat('Thanks');
    await workspace.admin.post(`/api/v1/tickets/${quiet.conversation.ticketId}/comments`, { body: 'You are welcome.', isPublic: true });
    await waitFor(quiet.messages, (message) => message.sender === 'agent', 'the agent reply');
    clock.offsetMs = 120 * 60_000;
    await server.services.chat.sweepInactiveConversations();
    expect(quiet.warnings).toEqual([]);
  });
});
