import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/fixtures.js';
import { startTestServer, type TestServer } from '../../../test/harness.js';

describe('webhook and rule addresses on private networks (the default: refused)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ALLOW_PRIVATE_NETWORK_TARGETS: 'false' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a webhook subscription or a rule that would post to a private address, saying how to allow it', async () => {
    const workspace = await server.createWorkspace();
    const webhook = await workspace.admin.post<ApiError>('/api/v1/webhooks', { url: 'http://169.254.169.254/latest/meta-data/', eventTypes: ['ticket.created'] });
    expect(webhook.status).toBe(400);
    expect(webhook.body.error.details).toEqual([expect.objectContaining({ path: 'url', message: expect.stringContaining('ALLOW_PRIVATE_NETWORK_TARGETS') })]);
    const rule = await workspace.admin.post<ApiError>('/api/v1/automations/rules', {
      name: 'Post inward',
      triggers: ['ticket.created'],
      actions: [{ type: 'notify_webhook', url: 'http://localhost:5432/', format: 'json' }],
      position: 1,
      isActive: true,
      isStopProcessing: false,
    });
    expect(rule.status).toBe(400);
    expect(rule.body.error.details).toEqual([expect.objectContaining({ path: 'actions[0].url' })]);

    const accepted = await workspace.admin.post<{ id: string }>('/api/v1/webhooks', { url: 'https://hooks.example.com/switchboard', eventTypes: ['ticket.created'] });
    expect(accepted.status).toBe(201);
    const moved = await workspace.admin.patch<ApiError>(`/api/v1/webhooks/${accepted.body.id}`, { url: 'http://10.0.0.7/hook' });
    expect(moved.status).toBe(400);
  });
});
