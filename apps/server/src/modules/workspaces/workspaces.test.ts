import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import type { ApiError, PageOf, Ticket } from '../../../test/fixtures.js';
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
  id: string;
  key: string;
  label: string;
  category: string;
  isBuiltIn: boolean;
  isArchived: boolean;
}

interface CustomField {
  id: string;
  entity: string;
  key: string;
  label: string;
  description: string | null;
  type: string;
  options: string[];
  isRequired: boolean;
  isSensitive: boolean;
  isArchived: boolean;
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
    expect(created.body).toEqual({ id: expect.any(String), key: 'waiting_on_vendor', label: 'Waiting on vendor', category: 'on_hold', isBuiltIn: false, isArchived: false });

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

describe('editing custom fields and statuses', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
  });
  // Each test starts from a workspace of its own: a field made required in one does not get in the way of another.
  beforeEach(async () => {
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  const newTicket = (customFields: Record<string, unknown> = {}, status?: string) =>
    workspace.admin.post<Ticket & ApiError>('/api/v1/tickets', { subject: 'Router keeps rebooting', customer_email: 'dana@example.test', customFields, ...(status ? { status } : {}) });
  const fieldNamed = async (key: string) =>
    (await workspace.admin.get<{ data: CustomField[] }>('/api/v1/custom-fields', { entity: 'ticket' })).body.data.find((field) => field.key === key);
  const auditOf = async (action: string) => (await workspace.admin.get<PageOf<{ targetId: string; details: Record<string, unknown> }>>('/api/v1/audit-log', { action })).body.data;

  it('an admin renames a field, adds help text, makes it required and changes its choices; a removed choice stays on the tickets that have it', async () => {
    const created = await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'ticket', key: 'device', label: 'Product', type: 'select', options: ['router', 'modem'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ description: null, isArchived: false });
    const withModem = await newTicket({ device: 'modem' });
    expect(withModem.status).toBe(201);

    const edited = await workspace.admin.patch<CustomField>(`/api/v1/custom-fields/${created.body.id}`, {
      label: 'Device',
      description: 'The device the customer writes about',
      options: ['router', 'modem', 'repeater'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ ...created.body, label: 'Device', description: 'The device the customer writes about', options: ['router', 'modem', 'repeater'] });
    expect(await fieldNamed('device')).toEqual(edited.body);

    // "modem" is taken off the list (and "repeater" renamed): stored values stay as they were written.
    const narrowed = await workspace.admin.patch<CustomField>(`/api/v1/custom-fields/${created.body.id}`, { options: ['router', 'wifi repeater'], isRequired: true });
    expect(narrowed.body).toMatchObject({ options: ['router', 'wifi repeater'], isRequired: true });
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${withModem.body.id}`)).body.customFields).toEqual({ device: 'modem' });
    // Sent back unchanged, the old value passes; as a new choice it is refused.
    expect((await workspace.admin.patch(`/api/v1/tickets/${withModem.body.id}`, { priority: 'high', customFields: { device: 'modem' } })).status).toBe(200);
    const removedChoice = await newTicket({ device: 'modem' });
    expect(removedChoice.status).toBe(400);
    expect(removedChoice.body.error.details).toEqual([expect.objectContaining({ path: 'customFields.device' })]);
    expect((await newTicket({ device: 'wifi repeater' })).status).toBe(201);
    // Now required: a new ticket without it is refused.
    const missing = await newTicket({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'customFields.device', message: 'this field is required' })]);

    const [entry] = await auditOf('custom_field.updated');
    expect(entry).toMatchObject({ targetId: created.body.id, details: { key: 'device', changes: { options: ['router', 'wifi repeater'], isRequired: true }, before: { options: ['router', 'modem', 'repeater'], isRequired: false } } });
  });

  it('entity, key, type and sensitivity cannot change, and choices must make sense', async () => {
    const field = (await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'ticket', key: 'serial', label: 'Serial number', type: 'text' })).body;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: 'serial_number' }, 'key cannot change once the field exists'],
      [{ type: 'number' }, 'type cannot change once the field exists'],
      [{ entity: 'customer', isSensitive: true }, 'entity, isSensitive cannot change once the field exists'],
    ];
    for (const [body, message] of cases) {
      const response = await workspace.admin.patch<ApiError>(`/api/v1/custom-fields/${field.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body', message }] });
    }
    const options = await workspace.admin.patch<ApiError>(`/api/v1/custom-fields/${field.id}`, { options: ['a', 'b'] });
    expect(options.status).toBe(400);
    expect(options.body.error.details).toEqual([{ path: 'options', message: 'only a select field has options' }]);
    expect((await workspace.admin.patch(`/api/v1/custom-fields/${field.id}`, { label: '  ' })).status).toBe(400);

    const select = (await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'ticket', key: 'plan', label: 'Plan', type: 'select', options: ['gold'] })).body;
    expect((await workspace.admin.patch(`/api/v1/custom-fields/${select.id}`, { options: [] })).status).toBe(400);
    expect((await workspace.admin.patch(`/api/v1/custom-fields/${select.id}`, { options: ['gold', 'gold'] })).status).toBe(400);
    expect(await fieldNamed('serial')).toEqual(field);
    expect(await fieldNamed('plan')).toEqual(select);
  });

  it('an archived field takes no new values but keeps the stored ones; unarchived, it works again', async () => {
    const field = (await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'ticket', key: 'order_number', label: 'Order number', type: 'text', isRequired: true })).body;
    const old = await newTicket({ order_number: 'A-1001' });
    expect(old.status).toBe(201);

    const archived = await workspace.admin.patch<CustomField>(`/api/v1/custom-fields/${field.id}`, { isArchived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.isArchived).toBe(true);
    expect(await fieldNamed('order_number')).toMatchObject({ isArchived: true });

    // No longer required, and refused as a new value…
    expect((await newTicket({})).status).toBe(201);
    const refused = await newTicket({ order_number: 'A-1002' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'customFields.order_number', message: 'this field is archived: it takes no new values' }]);
    expect((await workspace.admin.patch(`/api/v1/tickets/${old.body.id}`, { customFields: { order_number: 'A-1003' } })).status).toBe(400);
    // …while the ticket that has one keeps it, and may send it back unchanged.
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${old.body.id}`)).body.customFields).toEqual({ order_number: 'A-1001' });
    expect((await workspace.admin.patch(`/api/v1/tickets/${old.body.id}`, { subject: 'Renamed', customFields: { order_number: 'A-1001' } })).status).toBe(200);

    // Customer fields follow the same rule.
    const tier = (await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'customer', key: 'contract', label: 'Contract', type: 'text' })).body;
    await workspace.admin.patch(`/api/v1/custom-fields/${tier.id}`, { isArchived: true });
    expect((await workspace.admin.post('/api/v1/customers', { name: 'Eve', customFields: { contract: 'C-9' } })).status).toBe(400);

    expect((await workspace.admin.patch<CustomField>(`/api/v1/custom-fields/${field.id}`, { isArchived: false })).body.isArchived).toBe(false);
    expect((await newTicket({ order_number: 'A-1004' })).status).toBe(201);
    expect((await newTicket({})).status).toBe(400);
  });

  it('an admin renames a custom status, moves it to another category with its tickets, archives and unarchives it', async () => {
    const status = (await workspace.admin.post<TicketStatus>('/api/v1/ticket-statuses', { key: 'waiting_on_vendor', label: 'Waiting on vendor', category: 'on_hold' })).body;
    expect(status).toMatchObject({ isBuiltIn: false, isArchived: false });
    const waiting = await newTicket({}, 'waiting_on_vendor');
    expect(waiting.status).toBe(201);
    const other = (await newTicket()).body;

    const renamed = await workspace.admin.patch<TicketStatus>(`/api/v1/ticket-statuses/${status.id}`, { label: 'Waiting on supplier' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...status, label: 'Waiting on supplier' });

    const moved = await workspace.admin.patch<TicketStatus>(`/api/v1/ticket-statuses/${status.id}`, { category: 'pending' });
    expect(moved.body.category).toBe('pending');
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${waiting.body.id}`)).body).toMatchObject({ status: 'waiting_on_vendor', statusCategory: 'pending' });
    const [movedEntry] = await auditOf('ticket_status.updated');
    expect(movedEntry).toMatchObject({ targetId: status.id, details: { key: 'waiting_on_vendor', changes: { category: 'pending' }, before: { category: 'on_hold' }, movedTickets: 1 } });

    const archived = await workspace.admin.patch<TicketStatus>(`/api/v1/ticket-statuses/${status.id}`, { isArchived: true });
    expect(archived.body).toMatchObject({ isArchived: true, label: 'Waiting on supplier' });
    const listed = await workspace.admin.get<{ data: TicketStatus[] }>('/api/v1/ticket-statuses');
    expect(listed.body.data.find((item) => item.key === 'waiting_on_vendor')).toEqual(archived.body);

    // Not given to any ticket any more: on creation, on update or in bulk…
    const created = await newTicket({}, 'waiting_on_vendor');
    expect(created.status).toBe(400);
    expect(created.body.error.details).toEqual([expect.objectContaining({ path: 'status' })]);
    expect((await workspace.admin.patch(`/api/v1/tickets/${other.id}`, { status: 'waiting_on_vendor' })).status).toBe(400);
    const bulk = await workspace.admin.post<{ results: Array<{ ok: boolean }> }>('/api/v1/tickets/bulk', { ticketIds: [other.id], changes: { status: 'waiting_on_vendor' } });
    expect(bulk.body.results).toEqual([expect.objectContaining({ ok: false })]);
    // …while the ticket already in it keeps it through other changes.
    const kept = await workspace.admin.patch<Ticket>(`/api/v1/tickets/${waiting.body.id}`, { priority: 'high', status: 'waiting_on_vendor' });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'waiting_on_vendor', statusCategory: 'pending', priority: 'high' });

    await workspace.admin.patch(`/api/v1/ticket-statuses/${status.id}`, { isArchived: false });
    expect((await workspace.admin.patch<Ticket>(`/api/v1/tickets/${other.id}`, { status: 'waiting_on_vendor' })).body.status).toBe('waiting_on_vendor');
  });

  it('built-in statuses cannot change, and a status key cannot either', async () => {
    const builtIn = await workspace.admin.patch<ApiError>('/api/v1/ticket-statuses/open', { label: 'Opened' });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.error.code).toBe('ticket_status_built_in');
    expect((await workspace.admin.patch<ApiError>('/api/v1/ticket-statuses/closed', { isArchived: true })).body.error.code).toBe('ticket_status_built_in');
    const listed = await workspace.admin.get<{ data: TicketStatus[] }>('/api/v1/ticket-statuses');
    expect(listed.body.data.find((status) => status.key === 'open')).toEqual({ id: 'open', key: 'open', label: 'Open', category: 'open', isBuiltIn: true, isArchived: false });

    const status = (await workspace.admin.post<TicketStatus>('/api/v1/ticket-statuses', { key: 'escalated', label: 'Escalated', category: 'open' })).body;
    const rekeyed = await workspace.admin.patch<ApiError>(`/api/v1/ticket-statuses/${status.id}`, { key: 'escalated_twice' });
    expect(rekeyed.status).toBe(400);
    expect(rekeyed.body.error.details).toEqual([{ path: 'body', message: 'the key of a status cannot change' }]);
    expect((await workspace.admin.patch(`/api/v1/ticket-statuses/${status.id}`, { category: 'limbo' })).status).toBe(400);
    for (const unknown of ['0b6f4c59-5a6e-4c7a-9d8e-2f1a3b4c5d6e', 'escalated', 'nothing-here']) {
      const response = await workspace.admin.patch<ApiError>(`/api/v1/ticket-statuses/${unknown}`, { label: 'Ghost' });
      expect(response.status, unknown).toBe(404);
      expect(response.body.error.code).toBe('ticket_status_not_found');
    }
  });

  it('only admins edit fields and statuses, and another workspace\'s ones answer 404', async () => {
    const field = (await workspace.admin.post<CustomField>('/api/v1/custom-fields', { entity: 'ticket', key: 'region', label: 'Region', type: 'text' })).body;
    const status = (await workspace.admin.post<TicketStatus>('/api/v1/ticket-statuses', { key: 'parked', label: 'Parked', category: 'on_hold' })).body;
    for (const role of ['manager', 'agent', 'viewer'] as const) {
      const member = await workspace.addUser(role);
      const onField = await member.client.patch<ApiError>(`/api/v1/custom-fields/${field.id}`, { label: `By ${role}` });
      expect(onField.status).toBe(403);
      expect(onField.body.error.code).toBe('forbidden');
      expect((await member.client.patch(`/api/v1/ticket-statuses/${status.id}`, { isArchived: true })).status).toBe(403);
    }

    const other = await server.createWorkspace();
    const foreignField = await other.admin.patch<ApiError>(`/api/v1/custom-fields/${field.id}`, { label: 'Taken over', isArchived: true });
    expect(foreignField.status).toBe(404);
    expect(foreignField.body.error.code).toBe('custom_field_not_found');
    const foreignStatus = await other.admin.patch<ApiError>(`/api/v1/ticket-statuses/${status.id}`, { label: 'Taken over' });
    expect(foreignStatus.status).toBe(404);
    expect(foreignStatus.body.error.code).toBe('ticket_status_not_found');
    expect((await other.admin.patch(`/api/v1/custom-fields/not-an-id`, { label: 'x' })).status).toBe(404);

    expect(await fieldNamed('region')).toEqual(field);
    expect((await workspace.admin.get<{ data: TicketStatus[] }>('/api/v1/ticket-statuses')).body.data.find((item) => item.key === 'parked')).toEqual(status);
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
