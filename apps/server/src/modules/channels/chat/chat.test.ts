import { createHmac, randomUUID } from 'node:crypto';
import { io as openSocket, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { collect, waitFor } from '../../../../test/socket-events.js';

interface Session {
  visitorToken: string;
  visitorId: string;
  customerId: string | null;
  isIdentified: boolean;
  preChatForm: { name: string; email: string; description: string };
  conversations: Conversation[];
}
interface Conversation {
  id: string;
  ticketId: string;
  lastSeq: number;
  visitorReadSeq: number;
  agentReadSeq: number;
}
interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  sender: 'visitor' | 'agent';
  clientMessageId: string | null;
  authorName: string | null;
  body: string;
}
interface EventMessage {
  type: string;
  workspaceId: string;
  data: { ticket?: { id: string; channel: string }; comment?: { id: string; body: string; ticketId: string; authorType: string } } & Record<string, unknown>;
}
type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
type ConnectError = Error & { data?: { code: string; message: string } };

const openSockets: Socket[] = [];

function connectSocket(server: TestServer, namespace: string, token: string | undefined): Promise<Socket> {
  const socket = openSocket(`${server.url}${namespace}`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: token ? { token } : {} });
  openSockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const connectVisitor = (server: TestServer, visitorToken: string | undefined) => connectSocket(server, '/widget', visitorToken);
const connectAgent = (server: TestServer, apiToken: string) => connectSocket(server, '', apiToken);

async function request<T>(socket: Socket, name: string, payload: unknown): Promise<Answer<T>> {
  return (await socket.timeout(10_000).emitWithAck(name, payload)) as Answer<T>;
}

async function ok<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const answer = await request<T>(socket, name, payload);
  if (!answer.ok) throw new Error(`${name} refused: ${JSON.stringify(answer.error)}`);
  return answer;
}


async function startSession(server: TestServer, slug: string, body: Record<string, unknown> = {}): Promise<Session> {
  const response = await server.client.post<Session>(`/api/v1/widget/${slug}/sessions`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function agentToken(workspace: TestWorkspace): Promise<string> {
  const created = await workspace.admin.post<{ token: string }>('/api/v1/tokens', { name: 'chat test' });
  expect(created.status).toBe(201);
  return created.body.token;
}

async function reply(workspace: TestWorkspace, ticketId: string, body: string, isPublic = true): Promise<Comment> {
  const created = await workspace.admin.post<Comment>(`/api/v1/tickets/${ticketId}/comments`, { body, isPublic });
  expect(created.status).toBe(201);
  return created.body;
}

async function startChat(visitor: Socket, body: string, extra: Record<string, unknown> = {}) {
  return ok<{ conversation: Conversation; message: ChatMessage }>(visitor, 'conversation:start', { clientMessageId: randomUUID(), body, ...extra });
}

describe('live chat (server side)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ workers: true });
  });
  afterEach(() => {
    for (const socket of openSockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.close());

  it('a visitor starts a chat: a ticket of channel chat reaches the agents, and messages keep their order', async () => {
    const workspace = await server.createWorkspace();
    const agent = await connectAgent(server, await agentToken(workspace));
    const events = collect<EventMessage>(agent, 'event');
    const session = await startSession(server, workspace.slug, { name: 'Robin Visitor', email: 'robin@example.com' });
    expect(session.customerId).not.toBeNull();
    const visitor = await connectVisitor(server, session.visitorToken);

    const { conversation, message } = await startChat(visitor, 'Hello, my order has not arrived');
    expect(message).toMatchObject({ seq: 1, sender: 'visitor', body: 'Hello, my order has not arrived' });
    const created = await waitFor(events, (event) => event.type === 'ticket.created' && event.data.ticket?.id === conversation.ticketId, 'ticket.created');
    expect(created.data.ticket?.channel).toBe('chat');
    await waitFor(events, (event) => event.type === 'comment.created' && event.data.comment?.ticketId === conversation.ticketId, 'comment.created of the first message');

    const ticket = await workspace.admin.get<Ticket & { customerId: string }>(`/api/v1/tickets/${conversation.ticketId}`);
    expect(ticket.body).toMatchObject({ channel: 'chat', customerId: session.customerId });

    // Sent without waiting for each acknowledgement, they are numbered in the order sent, without gaps, and
    // stored as comments in that order.
    const bodies = ['first', 'second', 'third', 'fourth', 'fifth'];
    const sent = await Promise.all(bodies.map((body) => ok<{ message: ChatMessage }>(visitor, 'message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body })));
    expect(sent.map((answer) => answer.message.seq)).toEqual([2, 3, 4, 5, 6]);
    const synced = await ok<{ messages: ChatMessage[] }>(visitor, 'sync', { conversationId: conversation.id, afterSeq: 0 });
    expect(synced.messages.map((item) => [item.seq, item.body])).toEqual([[1, 'Hello, my order has not arrived'], ...bodies.map((body, index) => [index + 2, body])]);
    const comments = await workspace.admin.get<{ data: Comment[] }>(`/api/v1/tickets/${conversation.ticketId}/comments`);
    expect(comments.body.data.map((comment) => comment.body)).toEqual(synced.messages.map((item) => item.body));
    expect(comments.body.data.every((comment) => comment.isPublic && comment.authorType === 'customer')).toBe(true);
  });

  it('a resend with the same client message id returns the stored message instead of a second comment', async () => {
    const workspace = await server.createWorkspace();
    const session = await startSession(server, workspace.slug);
    const visitor = await connectVisitor(server, session.visitorToken);
    const clientMessageId = randomUUID();
    const first = await ok<{ conversation: Conversation; message: ChatMessage }>(visitor, 'conversation:start', { clientMessageId, body: 'Is anyone there?' });
    const again = await ok<{ conversation: Conversation; message: ChatMessage }>(visitor, 'conversation:start', { clientMessageId, body: 'Is anyone there?' });
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.message.id).toBe(first.message.id);

    const messageId = randomUUID();
    const sent = await ok<{ message: ChatMessage }>(visitor, 'message:send', { conversationId: first.conversation.id, clientMessageId: messageId, body: 'Hello?' });
    // As after a reconnect: the ack was lost, the widget sends again, once more even on another connection.
    visitor.disconnect();
    const reconnected = await connectVisitor(server, session.visitorToken);
    const resent = await ok<{ message: ChatMessage }>(reconnected, 'message:send', { conversationId: first.conversation.id, clientMessageId: messageId, body: 'Hello?' });
    expect(resent.message).toEqual(sent.message);

    // The longest message the widget lets a visitor write, in four-byte characters, goes through the socket.
    const longest = '🎉'.repeat(5_000);
    const long = await ok<{ message: ChatMessage }>(reconnected, 'message:send', { conversationId: first.conversation.id, clientMessageId: randomUUID(), body: longest });
    expect(long.message.body).toBe(longest);

    const comments = await workspace.admin.get<{ data: Comment[] }>(`/api/v1/tickets/${first.conversation.ticketId}/comments`);
    expect(comments.body.data.map((comment) => comment.body)).toEqual(['Is anyone there?', 'Hello?', longest]);
    const tickets = await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets?channel=chat');
    expect(tickets.body.data).toHaveLength(1);
  });

  it('agent replies reach the visitor live and after a reconnect through sync; internal notes never do', async () => {
    const workspace = await server.createWorkspace();
    const session = await startSession(server, workspace.slug);
    const visitor = await connectVisitor(server, session.visitorToken);
    const live = collect<ChatMessage>(visitor, 'message');
    const { conversation } = await startChat(visitor, 'Can I change my plan?');

    await reply(workspace, conversation.ticketId, 'Secret: this customer is on the legacy plan', false);
    await reply(workspace, conversation.ticketId, 'Yes, from your account page.');
    const received = await waitFor(live, (message) => message.sender === 'agent', 'the agent reply');
    expect(received).toMatchObject({ seq: 2, body: 'Yes, from your account page.', clientMessageId: null });
    expect(received.authorName).toBeTruthy();

    visitor.disconnect();
    await reply(workspace, conversation.ticketId, 'Note to self: upsell', false);
    await reply(workspace, conversation.ticketId, 'Anything else?');
    // The reply is numbered when its event is dispatched: wait until the agents' view of the chat shows it.
    await expect.poll(async () => (await workspace.admin.get<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat`)).body.lastSeq, { timeout: 15_000 }).toBe(3);

    const back = await connectVisitor(server, session.visitorToken);
    const missed = await ok<{ messages: ChatMessage[] }>(back, 'sync', { conversationId: conversation.id, afterSeq: 2 });
    expect(missed.messages.map((message) => [message.seq, message.sender, message.body])).toEqual([[3, 'agent', 'Anything else?']]);
    const everything = await ok<{ messages: ChatMessage[] }>(back, 'sync', { conversationId: conversation.id, afterSeq: 0 });
    expect(JSON.stringify([...everything.messages, ...live])).not.toMatch(/Secret|Note to self/);
  });

  it('typing and read receipts go both ways', async () => {
    const workspace = await server.createWorkspace();
    const agent = await connectAgent(server, await agentToken(workspace));
    const session = await startSession(server, workspace.slug);
    const visitor = await connectVisitor(server, session.visitorToken);
    const { conversation } = await startChat(visitor, 'Typing test');
    expect(await agent.timeout(5000).emitWithAck('ticket:watch', { ticketId: conversation.ticketId })).toEqual({ ok: true });
    const agentTyping = collect<{ conversationId: string; isTyping: boolean }>(agent, 'chat:typing');
    const agentReads = collect<{ conversationId: string; reader: string; seq: number }>(agent, 'chat:read');
    const visitorTyping = collect<{ conversationId: string; isTyping: boolean }>(visitor, 'typing');
    const visitorReads = collect<{ conversationId: string; seq: number }>(visitor, 'read');

    await ok(visitor, 'typing', { conversationId: conversation.id, isTyping: true });
    await waitFor(agentTyping, (message) => message.conversationId === conversation.id && message.isTyping, 'visitor typing at the agent');

    expect((await workspace.admin.put(`/api/v1/tickets/${conversation.ticketId}/presence`, { state: 'replying' })).status).toBe(200);
    await waitFor(visitorTyping, (message) => message.conversationId === conversation.id && message.isTyping, 'agent typing at the visitor');
    expect((await workspace.admin.put(`/api/v1/tickets/${conversation.ticketId}/presence`, { state: 'viewing' })).status).toBe(200);
    await waitFor(visitorTyping, (message) => !message.isTyping, 'agent stopped typing');

    await reply(workspace, conversation.ticketId, 'Here to help');
    await expect.poll(async () => (await workspace.admin.get<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat`)).body.lastSeq, { timeout: 15_000 }).toBe(2);
    await ok(visitor, 'read', { conversationId: conversation.id, seq: 2 });
    expect(await waitFor(agentReads, (message) => message.reader === 'visitor', 'the visitor read receipt')).toMatchObject({ conversationId: conversation.id, seq: 2 });

    const marked = await workspace.admin.post<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat/read`, { seq: 99 });
    expect(marked.status).toBe(200);
    // Never past the last message.
    expect(marked.body).toMatchObject({ agentReadSeq: 2, visitorReadSeq: 2 });
    expect(await waitFor(visitorReads, () => true, 'the agent read receipt')).toEqual({ conversationId: conversation.id, seq: 2 });
  });

  it('identity verification: a valid hash is the same visitor and customer across devices, a wrong one is refused', async () => {
    const workspace = await server.createWorkspace();
    const settings = await workspace.admin.get<{ identitySecret: string; preChatForm: unknown }>('/api/v1/chat/settings');
    expect(settings.status).toBe(200);
    const userId = 'product-user-42';
    const userHash = createHmac('sha256', settings.body.identitySecret).update(userId).digest('hex');

    const laptop = await startSession(server, workspace.slug, { identity: { userId, userHash }, name: 'Sam Product', email: 'sam@example.com' });
    expect(laptop.isIdentified).toBe(true);
    const { conversation } = await startChat(await connectVisitor(server, laptop.visitorToken), 'Started on my laptop');

    const phone = await startSession(server, workspace.slug, { identity: { userId, userHash } });
    expect(phone.visitorId).toBe(laptop.visitorId);
    expect(phone.customerId).toBe(laptop.customerId);
    expect(phone.conversations.map((item) => item.id)).toEqual([conversation.id]);
    const history = await ok<{ messages: ChatMessage[] }>(await connectVisitor(server, phone.visitorToken), 'sync', { conversationId: conversation.id, afterSeq: 0 });
    expect(history.messages.map((message) => message.body)).toEqual(['Started on my laptop']);

    const forged = await server.client.post<{ error: { code: string } }>(`/api/v1/widget/${workspace.slug}/sessions`, { identity: { userId, userHash: 'a'.repeat(64) } });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('chat_identity_invalid');

    // After a rotation, hashes made with the old secret stop verifying.
    const rotated = await workspace.admin.post<{ identitySecret: string }>('/api/v1/chat/settings/identity-secret/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.identitySecret).not.toBe(settings.body.identitySecret);
    expect((await server.client.post(`/api/v1/widget/${workspace.slug}/sessions`, { identity: { userId, userHash } })).status).toBe(401);
    // An agent may not read the secret.
    const agent = await workspace.addUser('agent');
    expect((await agent.client.get('/api/v1/chat/settings')).status).toBe(403);
  });

  it('the pre-chat form decides what a visitor must give before the chat starts', async () => {
    const workspace = await server.createWorkspace();
    const updated = await workspace.admin.patch('/api/v1/chat/settings', { preChatForm: { name: 'required', email: 'required', description: 'optional' } });
    expect(updated.status).toBe(200);
    const session = await startSession(server, workspace.slug);
    expect(session.preChatForm).toEqual({ name: 'required', email: 'required', description: 'optional' });
    const visitor = await connectVisitor(server, session.visitorToken);
    const refused = await request(visitor, 'conversation:start', { clientMessageId: randomUUID(), body: 'hi', name: 'Alex' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const started = await startChat(visitor, 'hi', { name: 'Alex', email: 'alex@example.com', description: 'Billing question' });
    const ticket = await workspace.admin.get<Ticket & { customerId: string }>(`/api/v1/tickets/${started.conversation.ticketId}`);
    expect(ticket.body.subject).toBe('Billing question');
    const customer = await workspace.admin.get<{ name: string; email: string }>(`/api/v1/customers/${ticket.body.customerId}`);
    expect(customer.body).toMatchObject({ name: 'Alex', email: 'alex@example.com' });

    // Named at the session already, the visitor is only asked what is still missing.
    const named = await startSession(server, workspace.slug, { name: 'Kim', email: 'kim@example.com' });
    const namedVisitor = await connectVisitor(server, named.visitorToken);
    expect(await request(namedVisitor, 'conversation:start', { clientMessageId: randomUUID(), body: 'hi' })).toMatchObject({ ok: true });
  });

  it("a visitor token reaches only its own conversations, never another visitor's or another workspace's", async () => {
    const workspace = await server.createWorkspace();
    const other = await server.createWorkspace();
    const mine = await startSession(server, workspace.slug);
    const theirs = await startSession(server, workspace.slug);
    const { conversation } = await startChat(await connectVisitor(server, theirs.visitorToken), 'Private to them');
    const me = await connectVisitor(server, mine.visitorToken);
    const live = collect<ChatMessage>(me, 'message');

    expect(await request(me, 'sync', { conversationId: conversation.id, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'chat_conversation_not_found' } });
    expect(await request(me, 'message:send', { conversationId: conversation.id, clientMessageId: 'x', body: 'hi' })).toMatchObject({ ok: false, error: { code: 'chat_conversation_not_found' } });
    expect(await request(me, 'read', { conversationId: conversation.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'chat_conversation_not_found' } });
    await reply(workspace, conversation.ticketId, 'Only for the other visitor');

    // A token of one workspace does not resume a visitor of another, and a tampered token opens no socket.
    const crossed = await server.client.post<{ error: { code: string } }>(`/api/v1/widget/${other.slug}/sessions`, { visitorToken: mine.visitorToken });
    expect(crossed.status).toBe(401);
    const tampered = mine.visitorToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    const refused = await connectVisitor(server, tampered).then(() => undefined, (error: ConnectError) => error);
    expect(refused?.data?.code).toBe('chat_visitor_token_invalid');
    expect((await connectVisitor(server, undefined).then(() => undefined, (error: ConnectError) => error))?.data?.code).toBe('chat_visitor_token_invalid');
    expect((await server.client.post(`/api/v1/widget/no-such-workspace/sessions`, {})).status).toBe(404);

    await expect.poll(async () => (await workspace.admin.get<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat`)).body.lastSeq, { timeout: 15_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(live).toEqual([]);

    // The agents' chat routes are staff-only.
    expect((await server.client.get(`/api/v1/tickets/${conversation.ticketId}/chat`)).status).toBe(401);
  });

  it(
    process.env.REDIS_URL
      ? 'a visitor on node A and an agent on node B exchange messages, typing and receipts through Redis'
      : 'without Redis, a visitor still gets replies written through another node (its own node dispatches them)',
    async () => {
      const nodeB = await startTestServer({ reuse: server });
      try {
        const workspace = await server.createWorkspace();
        const session = await startSession(server, workspace.slug);
        const visitor = await connectVisitor(server, session.visitorToken);
        const live = collect<ChatMessage>(visitor, 'message');
        const visitorTyping = collect<{ isTyping: boolean }>(visitor, 'typing');
        const visitorReads = collect<{ seq: number }>(visitor, 'read');
        const token = await agentToken(workspace);
        const agentOnB = nodeB.client.withToken(token);
        const agent = await connectAgent(nodeB, token);
        const events = collect<EventMessage>(agent, 'event');
        const agentTyping = collect<{ isTyping: boolean }>(agent, 'chat:typing');

        const { conversation } = await startChat(visitor, 'Hello from node A');
        expect(await agent.timeout(5000).emitWithAck('ticket:watch', { ticketId: conversation.ticketId })).toEqual({ ok: true });

        const replied = await agentOnB.post<Comment>(`/api/v1/tickets/${conversation.ticketId}/comments`, { body: 'Hello from node B' });
        expect(replied.status).toBe(201);
        await waitFor(live, (message) => message.body === 'Hello from node B', 'the reply written through node B');

        if (process.env.REDIS_URL) {
          await waitFor(events, (event) => event.type === 'comment.created' && event.data.comment?.body === 'Hello from node A', 'the visitor message on node B');
          await ok(visitor, 'typing', { conversationId: conversation.id, isTyping: true });
          await waitFor(agentTyping, (message) => message.isTyping, 'visitor typing on node B');
          expect((await agentOnB.put(`/api/v1/tickets/${conversation.ticketId}/presence`, { state: 'replying' })).status).toBe(200);
          await waitFor(visitorTyping, (message) => message.isTyping, 'agent typing on node A');
          expect((await agentOnB.post(`/api/v1/tickets/${conversation.ticketId}/chat/read`, { seq: 2 })).status).toBe(200);
          await waitFor(visitorReads, (message) => message.seq === 2, 'the agent receipt on node A');
        } else {
          // Workers run on node A only; node B's socket hears nothing another node broadcasts.
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(events).toEqual([]);
        }
      } finally {
        await nodeB.close();
      }
    },
  );

  it('session starts are rate-limited per address, like sign-in', async () => {
    const workspace = await server.createWorkspace();
    const answers: number[] = [];
    for (let attempt = 0; attempt < 61; attempt += 1) answers.push((await server.client.post(`/api/v1/widget/${workspace.slug}/sessions`, {})).status);
    const refused = answers.indexOf(429);
    // Last in this file: earlier tests spent some of this minute's budget from the same address.
    expect(refused).toBeGreaterThan(0);
    expect(answers.slice(refused).every((status) => status === 429)).toBe(true);
    const last = await server.client.post<{ error: { code: string } }>(`/api/v1/widget/${workspace.slug}/sessions`, {});
    expect(last.body.error.code).toBe('rate_limited');
  });
});
