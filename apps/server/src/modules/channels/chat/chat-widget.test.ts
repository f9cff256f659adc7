import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer } from '../../../../test/harness.js';
import { connectSocket } from '../../../../test/socket-events.js';

interface WidgetConfig {
  workspaceName: string;
  accentColor: string;
  logoUrl: string | null;
  preChatForm: Record<string, string>;
  isOnline: boolean;
  offlineReason: 'outside_business_hours' | 'no_agent_online' | null;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string }> };
}

const ALWAYS_OPEN = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' }));
const WIDGET_SCRIPT = `(function(){/* widget */console.log(${JSON.stringify('x'.repeat(2000))})})();`;

describe('chat widget: configuration, offline messages, script and cross-origin access', () => {
  let server: TestServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const widgetDistDir = mkdtempSync(join(tmpdir(), 'switchboard-widget-'));
    writeFileSync(join(widgetDistDir, 'widget.js'), WIDGET_SCRIPT);
    server = await startTestServer({ workers: true, env: { WIDGET_DIST_DIR: widgetDistDir } });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.close());

  /** An agent's app connected to the server: that is what makes them online. */
  async function connectAgent(token: string): Promise<void> {
    await connectSocket(server.url, token, sockets);
  }
  const config = async (slug: string) => {
    const answer = await server.client.get<WidgetConfig>(`/api/v1/widget/${slug}/config`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('tells the widget whether someone can answer: no agent online, outside opening hours, or online', async () => {
    const workspace = await server.createWorkspace();
    expect(await config(workspace.slug)).toMatchObject({ accentColor: '#1d4ed8', logoUrl: null, isOnline: false, offlineReason: 'no_agent_online', preChatForm: { name: 'optional', email: 'optional' } });

    const agent = await workspace.addUser('agent', 'Alice Martin');
    const token = await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: agent.userId, role: 'agent' }, 'app'));
    await connectAgent(token.secret);
    await expect.poll(async () => (await config(workspace.slug)).isOnline).toBe(true);
    expect((await config(workspace.slug)).offlineReason).toBeNull();

    // Opening hours with no interval at all: never open, whoever is online.
    const closed = await workspace.admin.patch('/api/v1/chat/settings', { businessHours: [], accentColor: '#0F766E', logoUrl: 'https://cdn.example.com/logo.png' });
    expect(closed.status).toBe(200);
    expect(await config(workspace.slug)).toMatchObject({ isOnline: false, offlineReason: 'outside_business_hours', accentColor: '#0F766E', logoUrl: 'https://cdn.example.com/logo.png' });
    await workspace.admin.patch('/api/v1/chat/settings', { businessHours: ALWAYS_OPEN });
    expect(await config(workspace.slug)).toMatchObject({ isOnline: true, offlineReason: null });
    // Back to "any hour".
    expect((await workspace.admin.patch<{ businessHours: unknown }>('/api/v1/chat/settings', { businessHours: null })).body.businessHours).toBeNull();

    const missing = await server.client.get<ErrorBody>('/api/v1/widget/no-such-workspace/config');
    expect(missing.status).toBe(404);
  });

  it('refuses widget settings that a page could not use, and lets only admins change them', async () => {
    const workspace = await server.createWorkspace();
    for (const [body, path] of [
      [{ accentColor: 'red' }, 'accentColor'],
      [{ accentColor: '#12345' }, 'accentColor'],
      [{ logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
      [{ businessHours: [{ day: 7, start: '09:00', end: '17:00' }] }, 'businessHours.0.day'],
      [{ theme: 'dark' }, ''],
    ] as const) {
      const answer = await workspace.admin.patch<ErrorBody>('/api/v1/chat/settings', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      if (path) expect(JSON.stringify(answer.body.error.details)).toContain(path);
    }
    expect((await config(workspace.slug)).accentColor).toBe('#1d4ed8');
    const agent = await workspace.addUser('agent');
    expect((await agent.client.patch('/api/v1/chat/settings', { accentColor: '#000000' })).status).toBe(403);
  });

  it('an offline message becomes a web ticket from the address given, and the agent’s answer is emailed to it', async () => {
    const workspace = await server.createWorkspace();
    const invalid = await server.client.post<ErrorBody>(`/api/v1/widget/${workspace.slug}/offline-messages`, { email: 'not-an-address', body: 'Hello?' });
    expect(invalid.status).toBe(400);
    const empty = await server.client.post<ErrorBody>(`/api/v1/widget/${workspace.slug}/offline-messages`, { email: 'kim@example.com', body: '   ' });
    expect(empty.status).toBe(400);
    expect((await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets')).body.data).toHaveLength(0);

    // A visitor who had a session: the message joins their history as the customer they become.
    const session = (await server.client.post<{ visitorToken: string; customerId: string | null }>(`/api/v1/widget/${workspace.slug}/sessions`, {})).body;
    const left = await server.client.post<{ ticketId: string; ticketNumber: number }>(`/api/v1/widget/${workspace.slug}/offline-messages`, {
      visitorToken: session.visitorToken,
      name: 'Kim Lee',
      email: 'Kim@Example.com',
      body: 'Do you ship the Trail 2 stove to Yukon?',
    });
    expect(left.status).toBe(201);
    const ticket = (await workspace.admin.get<Ticket & { customerId: string; tags: string[] }>(`/api/v1/tickets/${left.body.ticketId}`)).body;
    expect(ticket).toMatchObject({ number: left.body.ticketNumber, channel: 'web', tags: ['chat-offline'], subject: 'Do you ship the Trail 2 stove to Yukon?' });
    const customer = (await workspace.admin.get<{ name: string; emails: string[] }>(`/api/v1/customers/${ticket.customerId}`)).body;
    expect(customer).toMatchObject({ name: 'Kim Lee', emails: ['kim@example.com'] });
    const resumed = (await server.client.post<{ customerId: string }>(`/api/v1/widget/${workspace.slug}/sessions`, { visitorToken: session.visitorToken })).body;
    expect(resumed.customerId).toBe(ticket.customerId);

    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Yes, in 5 to 7 days.', isPublic: true });
    await expect
      .poll(async () => (await workspace.admin.get<{ data: Array<{ kind: string; recipient: string }> }>(`/api/v1/tickets/${ticket.id}/email-deliveries`)).body.data)
      .toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'reply', recipient: 'kim@example.com' })]));

    const foreign = await server.createWorkspace();
    const wrongWorkspace = await server.client.post<ErrorBody>(`/api/v1/widget/${foreign.slug}/offline-messages`, { visitorToken: session.visitorToken, email: 'kim@example.com', body: 'Hi' });
    expect(wrongWorkspace.status).toBe(401);
  });

  it('“call me instead” makes a phone ticket for the phone team, naming the visitor’s chat when there is one', async () => {
    const workspace = await server.createWorkspace();
    const refused = await server.client.post<ErrorBody>(`/api/v1/widget/${workspace.slug}/callback-requests`, { phone: 'call me maybe' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((detail) => detail.path)).toContain('body.phone');

    const anonymous = await server.client.post<{ ticketId: string }>(`/api/v1/widget/${workspace.slug}/callback-requests`, { name: 'Sam Roy', phone: '+1 514 555 0199', preferredTime: 'after 5 pm' });
    expect(anonymous.status).toBe(201);
    const ticket = (await workspace.admin.get<Ticket & { customerId: string; tags: string[]; description: string }>(`/api/v1/tickets/${anonymous.body.ticketId}`)).body;
    expect(ticket).toMatchObject({ channel: 'phone', tags: ['callback-request'], subject: 'Call back +1 514 555 0199' });
    expect(ticket.description).toContain('Preferred time: after 5 pm');
    expect((await workspace.admin.get<{ name: string; phone: string }>(`/api/v1/customers/${ticket.customerId}`)).body).toMatchObject({ name: 'Sam Roy', phone: '+1 514 555 0199' });

    // From inside a chat: the visitor's own customer, and the chat's number in the ticket.
    const session = (await server.client.post<{ visitorToken: string; customerId: string }>(`/api/v1/widget/${workspace.slug}/sessions`, { name: 'Lou', email: 'lou@example.com' })).body;
    const socket = await connectSocket(`${server.url}/widget`, session.visitorToken, sockets);
    const started = (await socket.timeout(10_000).emitWithAck('conversation:start', { clientMessageId: 'first', body: 'Typing is hard for me' })) as { conversation: { id: string; ticketId: string } };
    const chatTicket = (await workspace.admin.get<Ticket>(`/api/v1/tickets/${started.conversation.ticketId}`)).body;
    const fromChat = await server.client.post<{ ticketId: string }>(`/api/v1/widget/${workspace.slug}/callback-requests`, { visitorToken: session.visitorToken, conversationId: started.conversation.id, phone: '514-555-0123' });
    expect(fromChat.status).toBe(201);
    const callback = (await workspace.admin.get<Ticket & { customerId: string; description: string }>(`/api/v1/tickets/${fromChat.body.ticketId}`)).body;
    expect(callback.customerId).toBe(session.customerId);
    expect(callback.description).toContain(`Asked during chat #${chatTicket.number}`);
    // Another visitor's chat cannot be named.
    const stranger = (await server.client.post<{ visitorToken: string }>(`/api/v1/widget/${workspace.slug}/sessions`, {})).body;
    const foreign = await server.client.post<ErrorBody>(`/api/v1/widget/${workspace.slug}/callback-requests`, { visitorToken: stranger.visitorToken, conversationId: started.conversation.id, phone: '514-555-0123' });
    expect(foreign.status).toBe(404);
  });

  it('serves /widget.js to any site (compressed when asked, revalidated by ETag), and opens only the widget routes to other origins', async () => {
    const plain = await fetch(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('text/javascript');
    expect(await plain.text()).toBe(WIDGET_SCRIPT);
    const etag = plain.headers.get('etag')!;

    const compressed = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'gzip, br' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    });
    expect(compressed.encoding).toBe('gzip');
    expect(compressed.body.length).toBeLessThan(WIDGET_SCRIPT.length / 4);
    expect(gunzipSync(compressed.body).toString()).toBe(WIDGET_SCRIPT);
    expect((await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const workspace = await server.createWorkspace();
    const preflight = await fetch(`${server.url}/api/v1/widget/${workspace.slug}/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    // Uploads carry the visitor token in their own header, which the preflight must allow.
    const uploadPreflight = await fetch(`${server.url}/api/v1/widget/${workspace.slug}/attachments`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-visitor-token' },
    });
    expect(uploadPreflight.headers.get('access-control-allow-headers')).toContain('x-visitor-token');
    const session = await fetch(`${server.url}/api/v1/widget/${workspace.slug}/sessions`, { method: 'POST', headers: { origin: 'https://shop.example.com', 'content-type': 'application/json' }, body: '{}' });
    expect(session.headers.get('access-control-allow-origin')).toBe('*');
    // The staff API stays same-origin: another site's page cannot read it with the agent's cookie.
    const staff = await fetch(`${server.url}/api/v1/tickets`, { headers: { origin: 'https://shop.example.com' } });
    expect(staff.headers.get('access-control-allow-origin')).toBeNull();
  });
});
