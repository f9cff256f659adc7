import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { queryRows } from '../../db/database.js';
import type { DomainEvent, EventType } from '../events/events.js';
import { retryDelayMs } from './webhooks.service.js';

interface CreatedWebhook {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  isEnabled: boolean;
  secret: string;
}

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  deliveredAt: string | null;
  attempts: Array<{ attemptNumber: number; responseStatus: number | null; responseBody: string | null; error: string | null; durationMs: number; createdAt: string }>;
}

interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** A webhook receiver on a loopback port, answering `status` (changeable) or with a custom handler. */
async function startReceiver(options: { status?: number; respond?: (response: ServerResponse) => void } = {}) {
  const requests: ReceivedRequest[] = [];
  const receiver = {
    status: options.status ?? 200,
    requests,
    url: '',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() });
      if (options.respond) return options.respond(response);
      response.writeHead(receiver.status, { 'content-type': 'text/plain' }).end(receiver.status < 300 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

async function waitUntil(check: () => boolean | Promise<boolean>, description: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function registerWebhook(workspace: TestWorkspace, url: string, eventTypes: EventType[]): Promise<CreatedWebhook> {
  const created = await workspace.admin.post<CreatedWebhook>('/api/v1/webhooks', { url, description: 'test receiver', eventTypes });
  if (created.status !== 201) throw new Error(`could not register webhook: ${JSON.stringify(created.body)}`);
  return created.body;
}

async function deliveriesOf(workspace: TestWorkspace, webhookId: string): Promise<Delivery[]> {
  return workspace.admin.listAll<Delivery>(`/api/v1/webhooks/${webhookId}/deliveries`);
}

describe('webhooks', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  const receivers: Array<{ close: () => Promise<void> }> = [];
  beforeAll(async () => {
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await server.close();
  });

  it('delivers a signed customer.created request that a Standard Webhooks library verifies', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const webhook = await registerWebhook(workspace, receiver.url, ['customer.created']);
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(webhook.secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);

    const fetched = await workspace.admin.get<Record<string, unknown>>(`/api/v1/webhooks/${webhook.id}`);
    expect(fetched.body).toMatchObject({ id: webhook.id, url: receiver.url, eventTypes: ['customer.created'], isEnabled: true });
    expect(fetched.body).not.toHaveProperty('secret');
    const [stored] = await queryRows<{ sealed: string }>(server.services.db, sql`SELECT secret_encrypted AS sealed FROM webhook_endpoints WHERE id = ${webhook.id}`);
    expect(stored?.sealed).toMatch(/^v1\./);
    expect(stored?.sealed).not.toContain(webhook.secret.slice('whsec_'.length));

    const customer = await workspace.admin.post<{ id: string; name: string }>('/api/v1/customers', { name: 'Hook Receiver', email: 'hook@example.com' });
    expect(customer.status).toBe(201);
    await waitUntil(() => receiver.requests.length >= 1, 'the receiver got the event');

    const [request] = receiver.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    const verified = new Webhook(webhook.secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toMatchObject({
      type: 'customer.created',
      workspaceId: workspace.workspaceId,
      data: { customer: { id: customer.body.id, name: 'Hook Receiver', email: 'hook@example.com' } },
    });
    expect(verified.id).toBe(request!.headers['webhook-id']);
    expect(new Date(String(verified.timestamp)).toISOString()).toBe(verified.timestamp);
    expect(() => new Webhook(webhook.secret).verify(request!.body.replace('Hook Receiver', 'Someone Else'), request!.headers as Record<string, string>)).toThrow();

    await waitUntil(async () => (await deliveriesOf(workspace, webhook.id))[0]?.status === 'succeeded', 'the delivery is recorded as succeeded');
    const [delivery] = await deliveriesOf(workspace, webhook.id);
    expect(delivery).toMatchObject({ eventId: verified.id, eventType: 'customer.created', status: 'succeeded', attemptCount: 1 });
    expect(delivery!.deliveredAt).not.toBeNull();
    expect(delivery!.attempts).toEqual([expect.objectContaining({ attemptNumber: 1, responseStatus: 200, responseBody: 'ok', error: null })]);
    await pause(300);
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a failing receiver three times with growing gaps, alerts admins, and redelivers with the same webhook-id', async () => {
    const receiver = await startReceiver({ status: 500 });
    receivers.push(receiver);
    const webhook = await registerWebhook(workspace, receiver.url, ['customer.created']);
    await workspace.admin.post('/api/v1/customers', { name: 'Unlucky' });

    await waitUntil(async () => (await deliveriesOf(workspace, webhook.id))[0]?.status === 'failed', 'the delivery is marked failed');
    await pause(600);
    expect(receiver.requests).toHaveLength(3);
    const [first, second, third] = receiver.requests.map((request) => request.receivedAt);
    const firstGap = second! - first!;
    const secondGap = third! - second!;
    expect(firstGap).toBeGreaterThanOrEqual(retryDelayMs(100, 1) - 20);
    expect(secondGap).toBeGreaterThanOrEqual(retryDelayMs(100, 2) - 20);
    expect(secondGap).toBeGreaterThan(firstGap);
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(1);

    const [failed] = await deliveriesOf(workspace, webhook.id);
    expect(failed).toMatchObject({ status: 'failed', attemptCount: 3 });
    expect(failed!.attempts.map((attempt) => [attempt.attemptNumber, attempt.responseStatus])).toEqual([[1, 500], [2, 500], [3, 500]]);
    expect(failed!.attempts.every((attempt) => attempt.error !== null && attempt.responseBody === 'receiver is down')).toBe(true);

    const alerts = await queryRows<{ kind: string; message: string; details: Record<string, unknown> }>(
      server.services.db,
      sql`SELECT kind, message, details FROM alerts WHERE workspace_id = ${workspace.workspaceId} AND kind = 'webhook.failed'`,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.details).toMatchObject({ webhookId: webhook.id, deliveryId: failed!.id, eventId: failed!.eventId });

    receiver.status = 200;
    const redelivered = await workspace.admin.post<Delivery>(`/api/v1/webhooks/${webhook.id}/deliveries/${failed!.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ id: failed!.id, status: 'pending' });
    await waitUntil(async () => (await deliveriesOf(workspace, webhook.id))[0]?.status === 'succeeded', 'the redelivery succeeds');
    expect(receiver.requests).toHaveLength(4);
    expect(receiver.requests[3]!.headers['webhook-id']).toBe(failed!.eventId);
    new Webhook(webhook.secret).verify(receiver.requests[3]!.body, receiver.requests[3]!.headers as Record<string, string>);
    const [succeeded] = await deliveriesOf(workspace, webhook.id);
    expect(succeeded!.attempts.map((attempt) => [attempt.attemptNumber, attempt.responseStatus])).toEqual([[1, 500], [2, 500], [3, 500], [4, 200]]);

    const missing = await workspace.admin.post(`/api/v1/webhooks/${webhook.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'webhook_delivery_not_found' } });
  });

  it('sends only subscribed events of its own workspace, and nothing to disabled endpoints', async () => {
    const other = await server.createWorkspace();
    const [control, updatesOnly, disabled, otherWorkspace] = await Promise.all([startReceiver(), startReceiver(), startReceiver(), startReceiver()]);
    receivers.push(control, updatesOnly, disabled, otherWorkspace);
    const controlHook = await registerWebhook(workspace, control.url, ['customer.created']);
    const updatesHook = await registerWebhook(workspace, updatesOnly.url, ['customer.updated', 'ticket.created']);
    const disabledHook = await registerWebhook(workspace, disabled.url, ['customer.created', 'customer.updated']);
    const turnedOff = await workspace.admin.patch<CreatedWebhook>(`/api/v1/webhooks/${disabledHook.id}`, { isEnabled: false });
    expect(turnedOff.body.isEnabled).toBe(false);
    const otherHook = await registerWebhook(other, otherWorkspace.url, ['customer.created', 'customer.updated']);

    const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Only For A' });
    await waitUntil(() => control.requests.length >= 1, 'the subscribed endpoint got the event');
    await pause(400);
    expect(updatesOnly.requests).toHaveLength(0);
    expect(disabled.requests).toHaveLength(0);
    expect(otherWorkspace.requests).toHaveLength(0);
    expect(await deliveriesOf(workspace, disabledHook.id)).toEqual([]);

    await workspace.admin.patch(`/api/v1/customers/${customer.body.id}`, { tier: 'vip' });
    await waitUntil(() => updatesOnly.requests.length >= 1, 'the customer.updated subscriber got its event');
    expect(JSON.parse(updatesOnly.requests[0]!.body)).toMatchObject({ type: 'customer.updated', workspaceId: workspace.workspaceId });
    new Webhook(updatesHook.secret).verify(updatesOnly.requests[0]!.body, updatesOnly.requests[0]!.headers as Record<string, string>);

    await other.admin.post('/api/v1/customers', { name: 'Only For B' });
    await waitUntil(() => otherWorkspace.requests.length >= 1, 'the other workspace got its own event');
    await pause(400);
    expect(otherWorkspace.requests).toHaveLength(1);
    expect(JSON.parse(otherWorkspace.requests[0]!.body)).toMatchObject({ type: 'customer.created', workspaceId: other.workspaceId });
    new Webhook(otherHook.secret).verify(otherWorkspace.requests[0]!.body, otherWorkspace.requests[0]!.headers as Record<string, string>);
    expect(control.requests).toHaveLength(1);
    expect(disabled.requests).toHaveLength(0);

    const [controlDelivery] = await deliveriesOf(workspace, controlHook.id);
    const attempts = [
      other.admin.get(`/api/v1/webhooks/${controlHook.id}`),
      other.admin.patch(`/api/v1/webhooks/${controlHook.id}`, { isEnabled: false }),
      other.admin.get(`/api/v1/webhooks/${controlHook.id}/deliveries`),
      other.admin.post(`/api/v1/webhooks/${controlHook.id}/deliveries/${controlDelivery!.id}/redeliver`),
      other.admin.delete(`/api/v1/webhooks/${controlHook.id}`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'webhook_not_found' } });
    }
    const list = await other.admin.listAll<CreatedWebhook>('/api/v1/webhooks');
    expect(list.map((webhook) => webhook.id)).toEqual([otherHook.id]);
    expect((await workspace.admin.get<CreatedWebhook>(`/api/v1/webhooks/${controlHook.id}`)).body.isEnabled).toBe(true);
  });

  it('lets only admins manage webhooks, and refuses addresses that are not http(s)', async () => {
    const webhook = await registerWebhook(workspace, 'https://hooks.example.com/switchboard', ['ticket.created']);
    const agent = await workspace.addUser('agent');
    const manager = await workspace.addUser('manager');
    for (const { client } of [agent, manager]) {
      const responses = await Promise.all([
        client.post('/api/v1/webhooks', { url: 'https://example.com/hook', eventTypes: ['ticket.created'] }),
        client.get('/api/v1/webhooks'),
        client.get(`/api/v1/webhooks/${webhook.id}`),
        client.patch(`/api/v1/webhooks/${webhook.id}`, { isEnabled: false }),
        client.delete(`/api/v1/webhooks/${webhook.id}`),
        client.get(`/api/v1/webhooks/${webhook.id}/deliveries`),
        client.post(`/api/v1/webhooks/${webhook.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ error: { code: 'forbidden' } });
      }
    }

    for (const url of ['ftp://example.com/hook', 'not a url', 'javascript:alert(1)', 'http://']) {
      const refused = await workspace.admin.post('/api/v1/webhooks', { url, eventTypes: ['ticket.created'] });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'body.url' })] } });
    }
    const unknownEvent = await workspace.admin.post('/api/v1/webhooks', { url: 'https://example.com/hook', eventTypes: ['ticket.exploded'] });
    expect(unknownEvent.status).toBe(400);
    expect(unknownEvent.body).toMatchObject({ error: { code: 'validation_failed' } });
    const noEvents = await workspace.admin.post('/api/v1/webhooks', { url: 'https://example.com/hook', eventTypes: [] });
    expect(noEvents.status).toBe(400);
    const badPatch = await workspace.admin.patch(`/api/v1/webhooks/${webhook.id}`, { url: 'file:///etc/passwd' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body).toMatchObject({ error: { code: 'validation_failed' } });

    // Still unchanged by everything refused above; an admin can change and then remove it.
    const patched = await workspace.admin.patch<CreatedWebhook>(`/api/v1/webhooks/${webhook.id}`, { url: 'https://hooks.example.com/v2', description: 'v2', eventTypes: ['ticket.resolved', 'comment.created'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ url: 'https://hooks.example.com/v2', description: 'v2', eventTypes: ['ticket.resolved', 'comment.created'], isEnabled: true });
    expect(patched.body).not.toHaveProperty('secret');
    expect((await workspace.admin.delete(`/api/v1/webhooks/${webhook.id}`)).status).toBe(204);
    expect((await workspace.admin.get(`/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
  });

  it('keeps only the first 2 KB of a receiver that answers with an endless body, without stalling', async () => {
    const receiver = await startReceiver({
      respond: (response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('x'.repeat(64 * 1024));
        // Never ends: a receiver that trickles forever must not hold the delivery until the timeout.
      },
    });
    receivers.push(receiver);
    const webhook = await registerWebhook(workspace, receiver.url, ['customer.created']);
    const started = Date.now();
    await workspace.admin.post('/api/v1/customers', { name: 'Big Answer' });
    await waitUntil(async () => (await deliveriesOf(workspace, webhook.id))[0]?.status === 'succeeded', 'the delivery succeeds', 8000);
    expect(Date.now() - started).toBeLessThan(5000);
    const [delivery] = await deliveriesOf(workspace, webhook.id);
    expect(delivery!.attempts[0]!.responseBody).toBe('x'.repeat(2048));
  });

  it('backs off four times longer after each failed attempt', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(100, attempt))).toEqual([100, 400, 1600]);
  });
});

describe('webhook delivery across a crash', () => {
  it('delivers an event committed before the process died exactly once, from the next process', async () => {
    const receiver = await startReceiver();
    const crashed = await startTestServer();
    let restarted: TestServer | undefined;
    try {
      const workspace = await crashed.createWorkspace();
      const webhook = await registerWebhook(workspace, receiver.url, ['customer.created']);
      const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Before The Crash' });
      expect(customer.status).toBe(201);
      const pending = await queryRows<{ id: string }>(
        crashed.services.db,
        sql`SELECT id FROM outbox_events WHERE workspace_id = ${workspace.workspaceId} AND type = 'customer.created' AND dispatched_at IS NULL`,
      );
      expect(pending).toHaveLength(1);
      await crashed.app.close();

      restarted = await startTestServer({ reuse: crashed, workers: true });
      await waitUntil(() => receiver.requests.length >= 1, 'the restarted process delivered the event');
      await pause(1500);
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]!.headers['webhook-id']).toBe(pending[0]!.id);
      new Webhook(webhook.secret).verify(receiver.requests[0]!.body, receiver.requests[0]!.headers as Record<string, string>);
      const deliveries = await queryRows<{ status: string }>(restarted.services.db, sql`SELECT status FROM webhook_deliveries WHERE event_id = ${pending[0]!.id}`);
      expect(deliveries).toEqual([{ status: 'succeeded' }]);
    } finally {
      await restarted?.close();
      await crashed.close();
      await receiver.close();
    }
  });

  it('never queues the same event twice for an endpoint when dispatchers race', async () => {
    const server = await startTestServer();
    try {
      const workspace = await server.createWorkspace();
      await registerWebhook(workspace, 'https://one.example.com/hook', ['customer.created']);
      await registerWebhook(workspace, 'https://two.example.com/hook', ['customer.created', 'customer.updated']);
      for (let index = 0; index < 5; index += 1) await workspace.admin.post('/api/v1/customers', { name: `Racer ${index}` });

      const rows = await queryRows<{ id: string; workspace_id: string; type: EventType; data: Record<string, unknown>; created_at: string }>(
        server.services.db,
        sql`SELECT id, workspace_id, type, data, created_at FROM outbox_events WHERE workspace_id = ${workspace.workspaceId} ORDER BY created_at, id`,
      );
      const events: DomainEvent[] = rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, type: row.type, data: row.data, createdAt: new Date(row.created_at) }));
      expect(events).toHaveLength(5);

      // The listener itself, twice at once over the same events, then two full dispatchers at once.
      const { db, webhooks, outbox } = server.services;
      const queued = await Promise.all([
        db.transaction((tx) => webhooks.enqueueDeliveries(events, tx)),
        db.transaction((tx) => webhooks.enqueueDeliveries(events, tx)),
      ]);
      expect(queued[0]! + queued[1]!).toBe(10);
      const dispatched = await Promise.all([outbox.dispatchBatch(), outbox.dispatchBatch()]);
      expect(dispatched[0]! + dispatched[1]!).toBe(5);
      expect(await outbox.dispatchBatch()).toBe(0);

      const counts = await queryRows<{ copies: number }>(
        db,
        sql`SELECT count(*)::int AS copies FROM webhook_deliveries WHERE workspace_id = ${workspace.workspaceId} GROUP BY event_id, endpoint_id`,
      );
      expect(counts).toHaveLength(10);
      expect(counts.every((row) => row.copies === 1)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
