import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { runCli } from '../../../test/run-cli.js';

interface Workspace {
  id: string;
  slug: string;
  name: string;
  plan: string;
  defaultLanguage: string;
  timeZone: string;
  ticketCategories: string[];
  createdAt: string;
}

interface TicketStatus {
  key: string;
  label: string;
  category: string;
  isBuiltIn: boolean;
}

interface CustomField {
  id: string;
  entity: string;
  key: string;
  type: string;
  options: string[];
}

describe('workspace settings', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace({ plan: 'basic' });
  });
  afterAll(() => server.close());

  it('an admin changes the name, plan, default language, time zone and ticket categories', async () => {
    const changes = { name: 'Acme Support', plan: 'pro', defaultLanguage: 'fr', timeZone: 'America/Montreal', ticketCategories: ['billing', 'shipping', 'returns'] };
    const patched = await workspace.admin.patch<Workspace>('/api/v1/workspace', changes);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ ...changes, id: workspace.workspaceId, slug: workspace.slug });
    expect(new Date(patched.body.createdAt).toISOString()).toBe(patched.body.createdAt);

    const agent = await workspace.addUser('agent');
    const seen = await agent.client.get<Workspace>('/api/v1/workspace');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject(changes);

    const partial = await workspace.admin.patch<Workspace>('/api/v1/workspace', { timeZone: 'Europe/Paris' });
    expect(partial.body).toMatchObject({ ...changes, timeZone: 'Europe/Paris' });
  });

  it('refuses settings that make no sense with a 400 naming the field', async () => {
    const before = (await workspace.admin.get<Workspace>('/api/v1/workspace')).body;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
      [{ timeZone: '' }, 'body.timeZone'],
      [{ plan: 'platinum' }, 'body.plan'],
      [{ defaultLanguage: 'de' }, 'body.defaultLanguage'],
      [{ ticketCategories: [] }, 'body.ticketCategories'],
      [{ ticketCategories: ['billing', 'billing'] }, 'body.ticketCategories'],
      [{ name: '   ' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      const response = await workspace.admin.patch('/api/v1/workspace', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'validation_failed', details: [expect.objectContaining({ path })] } });
    }
    expect((await workspace.admin.patch('/api/v1/workspace', { slug: 'renamed' })).status).toBe(400);
    expect((await workspace.admin.get<Workspace>('/api/v1/workspace')).body).toEqual(before);
  });

  it('only admins change workspace settings', async () => {
    for (const role of ['manager', 'agent', 'viewer'] as const) {
      const member = await workspace.addUser(role);
      const response = await member.client.patch('/api/v1/workspace', { name: `Renamed by ${role}` });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await member.client.post('/api/v1/ticket-statuses', { key: `by_${role}`, label: 'Nope', category: 'open' })).status).toBe(403);
      expect((await member.client.post('/api/v1/custom-fields', { entity: 'ticket', key: `by_${role}`, label: 'Nope', type: 'text' })).status).toBe(403);
    }
  });

  it('custom statuses map to a category and are listed after the built-in ones; a taken key is refused', async () => {
    const created = await workspace.admin.post<TicketStatus>('/api/v1/ticket-statuses', { key: 'waiting_on_vendor', label: 'Waiting on vendor', category: 'on_hold' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ key: 'waiting_on_vendor', label: 'Waiting on vendor', category: 'on_hold', isBuiltIn: false });

    const listed = await workspace.admin.get<{ data: TicketStatus[] }>('/api/v1/ticket-statuses');
    expect(listed.status).toBe(200);
    expect(listed.body.data.filter((status) => status.isBuiltIn).map((status) => status.key)).toEqual(['new', 'open', 'pending', 'on_hold', 'resolved', 'closed']);
    expect(listed.body.data.at(-1)).toEqual(created.body);

    const duplicate = await workspace.admin.post('/api/v1/ticket-statuses', { key: 'waiting_on_vendor', label: 'Again', category: 'pending' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'status_key_taken' } });
    const builtIn = await workspace.admin.post('/api/v1/ticket-statuses', { key: 'open', label: 'Open again', category: 'open' });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body).toMatchObject({ error: { code: 'status_key_taken' } });
    expect((await workspace.admin.post('/api/v1/ticket-statuses', { key: 'limbo', label: 'Limbo', category: 'limbo' })).status).toBe(400);

    const other = await server.createWorkspace();
    const otherList = await other.admin.get<{ data: TicketStatus[] }>('/api/v1/ticket-statuses');
    expect(otherList.body.data.some((status) => status.key === 'waiting_on_vendor')).toBe(false);
    expect((await other.admin.post('/api/v1/ticket-statuses', { key: 'waiting_on_vendor', label: 'Ours too', category: 'pending' })).status).toBe(201);
  });

  it('custom field definitions: a select field needs options, and a key is unique per entity', async () => {
    const noOptions = await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'product', label: 'Product', type: 'select' });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body).toMatchObject({ error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'body.options' })] } });
    expect((await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'product', label: 'Product', type: 'select', options: [] })).status).toBe(400);

    const product = await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'ticket', key: 'product', label: 'Product', type: 'select', options: ['router', 'modem'] });
    expect(product.status).toBe(201);
    expect(product.body).toMatchObject({ entity: 'ticket', key: 'product', type: 'select', options: ['router', 'modem'] });

    const taken = await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'product', label: 'Again', type: 'text' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'custom_field_key_taken' } });
    expect((await workspace.admin.post('/api/v1/custom-fields', { entity: 'customer', key: 'product', label: 'Owned product', type: 'text' })).status).toBe(201);
    expect((await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'Bad Key', label: 'Bad', type: 'text' })).status).toBe(400);
    expect((await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'when', label: 'When', type: 'datetime' })).status).toBe(400);

    const ticketFields = await workspace.admin.get<{ data: CustomField[] }>('/api/v1/custom-fields', { entity: 'ticket' });
    expect(ticketFields.body.data.map((field) => field.key)).toEqual(['product']);
    const allFields = await workspace.admin.get<{ data: CustomField[] }>('/api/v1/custom-fields');
    expect(allFields.body.data.map((field) => `${field.entity}.${field.key}`).sort()).toEqual(['customer.product', 'ticket.product']);
  });
});

describe('bootstrap from the command line', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it(
    'bootstrap prints one JSON line whose admin token works against the API; the same slug twice fails clearly',
    async () => {
      const masterKey = randomBytes(32).toString('base64');
      const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-bootstrap-'));
      // An in-memory PGlite cannot be shared with a child process: there the CLI gets a database directory of
      // its own, which a second server opens once the CLI has exited. On PostgreSQL both use this test's database.
      const target: Record<string, string> = server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : { DATA_DIR: dataDirectory };
      const environment = { ...target, MASTER_KEY: masterKey };
      let api: TestServer | undefined;
      try {
        const bootstrapArgs = ['bootstrap', '--workspace', 'acme-cli', '--email', 'Owner@Acme.test', '--password', 'a long password', '--plan', 'pro', '--json'];
        const first = await runCli(bootstrapArgs, environment);
        expect(first.stderr).toBe('');
        expect(first.exitCode).toBe(0);
        const lines = first.stdout.split('\n').filter((line) => line.length > 0);
        expect(lines).toHaveLength(1);
        const result = JSON.parse(lines[0]!) as { workspaceId: string; userId: string; apiToken: string };
        expect(Object.keys(result).sort()).toEqual(['apiToken', 'userId', 'workspaceId']);
        expect(result.apiToken).toMatch(/^sb_/);

        const again = await runCli(bootstrapArgs, environment);
        expect(again.exitCode).not.toBe(0);
        expect(again.stdout).toBe('');
        expect(again.stderr.trim()).toBe('The workspace "acme-cli" already exists.');

        const invalid = await runCli(['bootstrap', '--workspace', 'Not A Slug', '--email', 'nobody', '--password', 'short', '--json'], environment);
        expect(invalid.exitCode).not.toBe(0);
        expect(invalid.stdout).toBe('');
        expect(invalid.stderr).toContain('slug');
        expect(invalid.stderr).toContain('email');
        expect(invalid.stderr).toContain('password');
        expect(invalid.stderr).not.toContain('    at ');

        const viewerToken = await runCli(['token:create', '--workspace', 'acme-cli', '--email', 'owner@acme.test', '--role', 'viewer', '--json'], environment);
        expect(viewerToken.exitCode).toBe(0);
        const viewer = JSON.parse(viewerToken.stdout) as { apiToken: string };

        api = server.databaseUrl ? server : await startTestServer({ env: { DATA_DIR: dataDirectory } });
        const admin = api.client.withToken(result.apiToken);
        const me = await admin.get<{ user: { id: string; email: string; role: string }; workspace: { id: string; slug: string } }>('/api/v1/auth/me');
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ user: { id: result.userId, email: 'owner@acme.test', role: 'admin' }, workspace: { id: result.workspaceId, slug: 'acme-cli' } });
        expect((await admin.get<Workspace>('/api/v1/workspace')).body).toMatchObject({ plan: 'pro', slug: 'acme-cli' });
        expect((await admin.post('/api/v1/teams', { name: 'Founders', memberIds: [result.userId] })).status).toBe(201);

        const asViewer = api.client.withToken(viewer.apiToken);
        expect((await asViewer.get<{ user: { role: string } }>('/api/v1/auth/me')).body.user.role).toBe('viewer');
        expect((await asViewer.post('/api/v1/teams', { name: 'Viewers' })).status).toBe(403);

        const signIn = await api.client.post('/api/v1/auth/login', { workspace: 'acme-cli', email: 'owner@acme.test', password: 'a long password' });
        expect(signIn.status).toBe(200);
      } finally {
        if (api && api !== server) await api.close();
        rmSync(dataDirectory, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
