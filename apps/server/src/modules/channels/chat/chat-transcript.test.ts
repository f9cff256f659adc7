import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startOutsideMailServer, type OutsideMailServer } from '../../../../test/outside-mail-server.js';
import { collect, connectSocket, waitFor } from '../../../../test/socket-events.js';

type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

describe('chat transcript by email', () => {
  let outside: OutsideMailServer;
  let server: TestServer;
  let workspace: TestWorkspace;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    outside = await startOutsideMailServer();
    server = await startTestServer({ workers: true, smtp: true, env: { SMTP_URL: outside.url, EMAIL_RETRY_BASE_SECONDS: '1' } });
    workspace = await server.createWorkspace();
    const quiet = await workspace.admin.patch('/api/v1/email/outbound-settings', { isAutoAcknowledgementEnabled: false, isResolvedNotificationEnabled: false });
    expect(quiet.status).toBe(200);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.close();
    await outside?.close();
  });

  async function request<T>(socket: Socket, name: string, payload: unknown): Promise<Answer<T>> {
    return (await socket.timeout(10_000).emitWithAck(name, payload)) as Answer<T>;
  }

  async function startChat(person: { name: string; email?: string; language?: 'en' | 'fr' }, body: string) {
    const session = (await server.client.post<{ visitorToken: string }>(`/api/v1/widget/${workspace.slug}/sessions`, person)).body;
    const socket = await connectSocket(`${server.url}/widget`, session.visitorToken, sockets);
    const messages = collect<{ sender: string; body: string }>(socket, 'message');
    const started = await request<{ conversation: { id: string; ticketId: string } }>(socket, 'conversation:start', { clientMessageId: randomUUID(), body });
    if (!started.ok) throw new Error(started.error.message);
    return { socket, messages, conversation: started.conversation };
  }

  it('sends the public messages both ways, never an internal note, to the visitor’s address, once per point of the chat', async () => {
    const email = `nora-${randomUUID().slice(0, 6)}@example.com`;
    const { socket, messages, conversation } = await startChat({ name: 'Nora Quinn', email }, 'My parcel shows delivered but it is not here');
    const agent = await workspace.addUser('agent', 'Sam Lee');
    expect((await agent.client.post(`/api/v1/tickets/${conversation.ticketId}/comments`, { body: 'Courier claim opened — internal only', isPublic: false })).status).toBe(201);
    expect((await agent.client.post(`/api/v1/tickets/${conversation.ticketId}/comments`, { body: 'I have opened a claim with the courier.', isPublic: true })).status).toBe(201);
    await waitFor(messages, (message) => message.sender === 'agent', 'the agent reply');

    const asked = await request<{ recipient: string; status: string }>(socket, 'transcript:email', { conversationId: conversation.id });
    expect(asked).toMatchObject({ ok: true, recipient: email, status: 'queued' });
    const mail = await outside.waitFor((candidate) => candidate.envelope.to.includes(email));
    expect(mail.parsed.subject).toMatch(/^Your chat with .+ \[#\d+\]$/);
    const text = mail.parsed.text ?? '';
    expect(text).toContain('Nora Quinn: My parcel shows delivered but it is not here');
    expect(text).toContain('Sam Lee: I have opened a claim with the courier.');
    expect(text).not.toContain('internal only');
    expect(mail.parsed.cc).toBeUndefined();

    // Asked again with nothing new said: the same email, not a second one.
    expect(await request(socket, 'transcript:email', { conversationId: conversation.id })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(outside.accepted().filter((candidate) => candidate.envelope.to.includes(email))).toHaveLength(1);
  });

  it('goes to the address typed by an anonymous visitor, in French for a French chat, and needs some address', async () => {
    const { socket, conversation } = await startChat({ name: 'Éloïse', language: 'fr' }, 'Bonjour, je voudrais changer mon forfait');
    expect(await request(socket, 'transcript:email', { conversationId: conversation.id })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'transcript:email', { conversationId: conversation.id, email: 'not-an-address' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'transcript:email', { conversationId: randomUUID(), email: 'eloise@example.ca' })).toMatchObject({ ok: false, error: { code: 'chat_conversation_not_found' } });

    expect(await request(socket, 'transcript:email', { conversationId: conversation.id, email: 'Eloise@Example.ca' })).toMatchObject({ ok: true, recipient: 'eloise@example.ca' });
    const mail = await outside.waitFor((candidate) => candidate.envelope.to.includes('eloise@example.ca'));
    expect(mail.parsed.subject).toMatch(/^Votre clavardage avec /);
    expect(mail.parsed.text).toContain('Éloïse : Bonjour, je voudrais changer mon forfait');
  });
});
