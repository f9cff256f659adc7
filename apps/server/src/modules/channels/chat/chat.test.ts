import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
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

  it("a rule's public reply reaches the visitor like an agent's, once, and its internal note does not", async () => {
    const workspace = await server.createWorkspace();
    const created = await workspace.admin.post('/api/v1/automations/rules', {
      name: 'Chat greeting',
      triggers: ['ticket.created'],
      conditions: { all: [{ field: 'ticket.channel', operator: 'equals', value: 'chat' }] },
      actions: [
        { type: 'reply', body: 'Thanks {{customer.first_name}}, an agent will be with you shortly.', bodyFr: 'Merci {{customer.first_name}}, un agent vous répond sous peu.' },
        { type: 'add_note', body: 'Greeted by the rule' },
      ],
      position: 1,
      isActive: true,
      isStopProcessing: false,
    });
    expect(created.status).toBe(201);
    const session = await startSession(server, workspace.slug, { name: 'Noor Haddad', email: 'noor@example.com' });
    const visitor = await connectVisitor(server, session.visitorToken);
    const live = collect<ChatMessage>(visitor, 'message');
    const { conversation } = await startChat(visitor, 'Hello?');

    const greeting = await waitFor(live, (message) => message.sender === 'agent', "the rule's reply");
    expect(greeting).toMatchObject({ seq: 2, body: 'Thanks Noor, an agent will be with you shortly.' });
    await ok(visitor, 'message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'My order is late', attachmentIds: [] });
    await expect.poll(async () => (await workspace.admin.get<Conversation>(`/api/v1/tickets/${conversation.ticketId}/chat`)).body.lastSeq, { timeout: 15_000 }).toBe(3);
    const everything = await ok<{ messages: ChatMessage[] }>(visitor, 'sync', { conversationId: conversation.id, afterSeq: 0 });
    expect(everything.messages.map((message) => [message.sender, message.body])).toEqual([
      ['visitor', 'Hello?'],
      ['agent', 'Thanks Noor, an agent will be with you shortly.'],
      ['visitor', 'My order is late'],
    ]);
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

  it('messages sent at the same moment share one transaction, yet each send gets its own answer; a bad one fails alone', async () => {
    const workspace = await server.createWorkspace();
    const other = await server.createWorkspace();
    const agent = await connectAgent(server, await agentToken(workspace));
    const events = collect<EventMessage>(agent, 'event');
    const named = await startSession(server, workspace.slug, { name: 'Noor', email: 'noor@example.com' });
    const anonymous = await startSession(server, workspace.slug);
    const elsewhere = await startSession(server, other.slug);
    // One visitor in three chats (one tab each), another visitor, and a visitor of another workspace.
    const chats = [
      { label: 'A1', session: named, workspaceId: workspace.workspaceId },
      { label: 'A2', session: named, workspaceId: workspace.workspaceId },
      { label: 'A3', session: named, workspaceId: workspace.workspaceId },
      { label: 'B1', session: anonymous, workspaceId: workspace.workspaceId },
      { label: 'C1', session: elsewhere, workspaceId: other.workspaceId },
    ];
    const started: Array<(typeof chats)[number] & { socket: Socket; conversation: Conversation }> = [];
    for (const chat of chats) {
      const socket = await connectVisitor(server, chat.session.visitorToken);
      started.push({ ...chat, socket, conversation: (await startChat(socket, `Hello from ${chat.label}`)).conversation });
    }
    const [a1, a2, , b1] = started;
    const upload = (name: string) =>
      fetch(`${server.url}/api/v1/widget/${workspace.slug}/attachments`, {
        method: 'POST',
        headers: { 'x-visitor-token': named.visitorToken },
        body: (() => {
          const form = new FormData();
          form.append('file', new Blob(['order 1234'], { type: 'text/plain' }), name);
          return form;
        })(),
      }).then((response) => response.json() as Promise<{ id: string }>);
    const file = await upload('order.txt');
    // A file that passes the visitor's check but is attached elsewhere by the time it is written (as by a
    // concurrent request): its write fails the shared transaction, and each message then goes again on its own.
    const contested = await upload('contested.txt');
    await server.services.db.execute(sql`UPDATE attachments SET ticket_id = ${started[2]!.conversation.ticketId}::uuid WHERE id = ${contested.id}::uuid`);

    // Called in one tick, so all of them are in one batch (the batcher waits for the tick to end).
    interface Draft { label: string; visitor: { workspaceId: string; visitorId: string }; input: { conversationId: string; clientMessageId: string; body: string; attachmentIds: string[] } }
    const drafts: Draft[] = [];
    const add = (label: string, chat: (typeof started)[number], input: Partial<Draft['input']> = {}) =>
      drafts.push({ label, visitor: { workspaceId: chat.workspaceId, visitorId: chat.session.visitorId }, input: { conversationId: chat.conversation.id, clientMessageId: randomUUID(), body: label, attachmentIds: [], ...input } });
    for (let round = 1; round <= 4; round += 1) {
      for (const chat of started) add(`${chat.label} message ${round}`, chat);
      if (round === 2) {
        add('A2 with a file that is not theirs', a2!, { attachmentIds: [randomUUID()] });
        add('B1 writing in A1', b1!, { conversationId: a1!.conversation.id });
        add('A1 resent at once', a1!, { clientMessageId: drafts[0]!.input.clientMessageId, body: drafts[0]!.input.body });
        add('A2 with its file', a2!, { attachmentIds: [file.id] });
        add('A3 claiming the same file', started[2]!, { attachmentIds: [file.id] });
        add('A1 with a file taken meanwhile', a1!, { attachmentIds: [contested.id] });
      }
    }
    const outcomes = await Promise.allSettled(drafts.map((draft) => server.services.chat.sendMessage(draft.visitor, draft.input)));
    const outcomeOf = (label: string) => outcomes[drafts.findIndex((draft) => draft.label === label)]!;
    const codeOf = (label: string) => {
      const outcome = outcomeOf(label);
      return outcome.status === 'rejected' ? (outcome.reason as { code: string }).code : 'stored';
    };
    expect(codeOf('A2 with a file that is not theirs')).toBe('validation_failed');
    expect(codeOf('B1 writing in A1')).toBe('chat_conversation_not_found');
    expect(codeOf('A3 claiming the same file')).toBe('validation_failed');
    expect(codeOf('A1 with a file taken meanwhile')).toBe('validation_failed');
    const stored = drafts.flatMap((draft, index) => {
      const outcome = outcomes[index]!;
      return outcome.status === 'fulfilled' ? [{ draft, message: outcome.value }] : [];
    });
    expect(stored).toHaveLength(drafts.length - 4);
    // Each answer is its own message; the resend answers the message its client id stored.
    for (const { draft, message } of stored) expect(message).toMatchObject({ conversationId: draft.input.conversationId, clientMessageId: draft.input.clientMessageId, body: draft.input.body });
    const resentAtOnce = stored.find(({ draft }) => draft.label === 'A1 resent at once')!.message;
    expect(resentAtOnce.id).toBe(stored[0]!.message.id);
    expect(stored.find(({ draft }) => draft.label === 'A2 with its file')!.message.attachments.map((item) => item.id)).toEqual([file.id]);

    for (const chat of started) {
      const originals = stored.filter(({ draft }) => draft.input.conversationId === chat.conversation.id && draft.label !== 'A1 resent at once');
      // Numbered in the order sent, right after the first message, without gaps.
      expect(originals.map(({ message }) => message.seq)).toEqual(originals.map((_, index) => index + 2));
      const synced = await ok<{ messages: ChatMessage[] }>(chat.socket, 'sync', { conversationId: chat.conversation.id, afterSeq: 0 });
      const bodies = [`Hello from ${chat.label}`, ...originals.map(({ draft }) => draft.input.body)];
      expect(synced.messages.map((message) => message.body)).toEqual(bodies);
      // The ticket's comments (listed by time) are in the same order: one comment per stored message.
      const client = chat.label === 'C1' ? other.admin : workspace.admin;
      const comments = await client.get<{ data: Comment[] }>(`/api/v1/tickets/${chat.conversation.ticketId}/comments`);
      expect(comments.body.data.map((comment) => comment.body)).toEqual(bodies);
    }

    // Sent again later, through the socket: the stored message, and still no second comment.
    const again = await ok<{ message: ChatMessage }>(a1!.socket, 'message:send', drafts[0]!.input);
    expect(again.message.id).toBe(stored[0]!.message.id);
    const a1Comments = await workspace.admin.get<{ data: Comment[] }>(`/api/v1/tickets/${a1!.conversation.ticketId}/comments`);
    expect(a1Comments.body.data.filter((comment) => comment.body === drafts[0]!.input.body)).toHaveLength(1);

    // Agents hear one comment.created per stored message of their workspace, and the ticket is findable by its words.
    const ownTickets = new Set(started.filter((chat) => chat.label !== 'C1').map((chat) => chat.conversation.ticketId));
    const expected = stored.filter(({ draft }) => draft.visitor.workspaceId === workspace.workspaceId && draft.label !== 'A1 resent at once').length + ownTickets.size;
    await expect.poll(() => events.filter((event) => event.type === 'comment.created' && ownTickets.has(event.data.comment?.ticketId ?? '')).length, { timeout: 15_000 }).toBe(expected);
    const found = await workspace.admin.get<{ data: Ticket[] }>('/api/v1/search', { q: 'B1 message 3' });
    expect(found.body.data.map((ticket) => ticket.id)).toContain(b1!.conversation.ticketId);
  });

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

describe('a visitor’s message on agents’ screens', () => {
  let server: TestServer;
  // No background workers: an event is dispatched only when a test dispatches it.
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const socket of openSockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.close());

  const dispatchEverything = async (node: TestServer) => {
    while ((await node.services.outbox.dispatchBatch()) > 0) {
      // until nothing is left
    }
  };
  const commentsHeard = (events: Array<EventMessage & { id: string }>) => events.filter((event) => event.type === 'comment.created');

  it('reaches the agents once it is stored, without waiting for its dispatch, and the dispatch does not repeat it', async () => {
    const workspace = await server.createWorkspace();
    const agent = await connectAgent(server, await agentToken(workspace));
    const events = collect<EventMessage & { id: string }>(agent, 'event');
    const session = await startSession(server, workspace.slug, { name: 'Sam Okafor' });
    const visitor = await connectVisitor(server, session.visitorToken);
    const live = collect<ChatMessage>(visitor, 'message');

    const { conversation } = await startChat(visitor, 'My parcel is lost');
    await ok(visitor, 'message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'Order 4417' });
    await waitFor(events, (event) => event.type === 'comment.created' && event.data.comment?.body === 'Order 4417', 'the visitor’s message on the agent’s socket');
    // Nothing has been dispatched yet: the new ticket itself has not been announced.
    expect(events.map((event) => event.type)).toEqual(['comment.created', 'comment.created']);
    const stored = await workspace.admin.get<{ data: Comment[] }>(`/api/v1/tickets/${conversation.ticketId}/comments`);
    expect(commentsHeard(events).map((event) => event.data.comment?.id)).toEqual(stored.body.data.map((comment) => comment.id));

    await reply(workspace, conversation.ticketId, 'Internal: carrier claim opened', false);
    await reply(workspace, conversation.ticketId, 'We are on it.');
    await dispatchEverything(server);
    await waitFor(live, (message) => message.sender === 'agent', 'the agent’s reply on the visitor’s socket');
    await waitFor(events, (event) => event.type === 'comment.created' && event.data.comment?.body === 'We are on it.', 'the reply on the agent’s socket');
    // Each comment once (the dispatch pushed the ticket's events, the note and the reply, not the visitor's messages again).
    expect(events.some((event) => event.type === 'ticket.created' && event.data.ticket?.id === conversation.ticketId)).toBe(true);
    expect(commentsHeard(events).map((event) => event.data.comment?.body)).toEqual(['My parcel is lost', 'Order 4417', 'Internal: carrier claim opened', 'We are on it.']);
    expect(new Set(commentsHeard(events).map((event) => event.id)).size).toBe(4);
    expect(JSON.stringify(live)).not.toContain('carrier claim');
  });

  it(
    process.env.REDIS_URL
      ? 'an agent on another node hears it at once too; that node’s dispatch pushes the same event again, by the same id'
      : 'without Redis, an agent on another node hears it from that node’s dispatch',
    async () => {
      const nodeB = await startTestServer({ reuse: server });
      try {
        const workspace = await server.createWorkspace();
        const agentOnB = await connectAgent(nodeB, await agentToken(workspace));
        const events = collect<EventMessage & { id: string }>(agentOnB, 'event');
        const session = await startSession(server, workspace.slug);
        const visitor = await connectVisitor(server, session.visitorToken);
        const { conversation } = await startChat(visitor, 'Hello from node A');
        await ok(visitor, 'message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'Still there?' });
        const isMessage = (event: EventMessage) => event.type === 'comment.created' && event.data.comment?.body === 'Still there?';
        if (process.env.REDIS_URL) {
          const first = await waitFor(events, isMessage, 'the message on node B before any dispatch');
          await dispatchEverything(nodeB);
          await waitFor(events, (event) => event.type === 'ticket.created' && event.data.ticket?.id === conversation.ticketId, 'the dispatch on node B');
          // Node B did not push it at its commit, so it does at the dispatch: agents' apps drop the repeat by its id.
          const heard = events.filter(isMessage);
          expect(heard).toHaveLength(2);
          expect(heard[1]).toEqual(first);
        } else {
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(events).toEqual([]);
          await dispatchEverything(nodeB);
          await waitFor(events, isMessage, 'the message dispatched by node B');
          expect(events.filter(isMessage)).toHaveLength(1);
        }
      } finally {
        await nodeB.close();
      }
    },
  );
});
