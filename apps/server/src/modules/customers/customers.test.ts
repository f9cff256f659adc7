import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

interface Customer {
  id: string;
  name: string;
  email: string | null;
  emails: string[];
  language: string;
  tier: string;
  customFields: Record<string, unknown>;
}

describe('customers', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('creates, reads, lists and updates a customer', async () => {
    const created = await workspace.admin.post<Customer>('/api/v1/customers', {
      name: 'Élodie Tremblay',
      email: 'Elodie@Example.ca',
      language: 'fr',
      tier: 'vip',
      organization: 'Bleuets inc.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Élodie Tremblay', email: 'elodie@example.ca', emails: ['elodie@example.ca'], language: 'fr', tier: 'vip' });

    const fetched = await workspace.admin.get<Customer>(`/api/v1/customers/${created.body.id}`);
    expect(fetched.body.name).toBe('Élodie Tremblay');

    const patched = await workspace.admin.patch<Customer>(`/api/v1/customers/${created.body.id}`, { tier: 'paid', emails: ['elodie@work.example'] });
    expect(patched.status).toBe(200);
    expect(patched.body.tier).toBe('paid');
    expect(patched.body.emails.sort()).toEqual(['elodie@example.ca', 'elodie@work.example']);

    const byEmail = await workspace.admin.get<{ data: Customer[] }>('/api/v1/customers', { email: 'elodie@work.example' });
    expect(byEmail.body.data.map((customer) => customer.id)).toEqual([created.body.id]);

    const replaced = await workspace.admin.put<Customer>(`/api/v1/customers/${created.body.id}`, { name: 'Élodie T.' });
    expect(replaced.body).toMatchObject({ name: 'Élodie T.', tier: 'free', language: 'en', email: null });
  });

  it('refuses a second customer with an address already taken, and writes nothing', async () => {
    await workspace.admin.post('/api/v1/customers', { name: 'First', email: 'taken@example.com' });
    const before = await workspace.admin.get<{ data: Customer[] }>('/api/v1/customers', { limit: 200 });
    const duplicate = await workspace.admin.post('/api/v1/customers', { name: 'Second', email: 'taken@example.com' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'customer_email_taken' } });
    const after = await workspace.admin.get<{ data: Customer[] }>('/api/v1/customers', { limit: 200 });
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it('encrypts fields marked sensitive at rest, keeps them out of events, and shows them to staff', async () => {
    const field = await workspace.admin.post('/api/v1/custom-fields', { entity: 'customer', key: 'national_id', label: 'National ID', type: 'text', isSensitive: true });
    expect(field.status).toBe(201);
    await workspace.admin.post('/api/v1/custom-fields', { entity: 'customer', key: 'segment', label: 'Segment', type: 'select', options: ['smb', 'mid'] });

    const created = await workspace.admin.post<Customer>('/api/v1/customers', {
      name: 'Sam Secret',
      customFields: { national_id: 'AB-123-456-789', segment: 'smb' },
    });
    expect(created.status).toBe(201);
    expect(created.body.customFields).toEqual({ national_id: 'AB-123-456-789', segment: 'smb' });

    const [row] = await queryRows<{ clear: string; sealed: string }>(
      server.services.db,
      sql`SELECT custom_fields::text AS clear, sensitive_fields_encrypted AS sealed FROM customers WHERE id = ${created.body.id}`,
    );
    if (!row) throw new Error('customer row missing');
    expect(row.clear).toContain('smb');
    expect(row.clear).not.toContain('AB-123');
    expect(row.sealed).toMatch(/^v1\./);
    expect(row.sealed).not.toContain('AB-123');
    expect(Buffer.from(row.sealed.split('.').pop()!, 'base64').toString('latin1')).not.toContain('AB-123');

    const events = await queryRows<{ data: string }>(server.services.db, sql`SELECT data::text AS data FROM outbox_events WHERE type = 'customer.created'`);
    expect(events.some((event) => event.data.includes(created.body.id))).toBe(true);
    expect(events.every((event) => !event.data.includes('AB-123'))).toBe(true);

    const invalid = await workspace.admin.post('/api/v1/customers', { name: 'Bad', customFields: { segment: 'huge' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'customFields.segment' }] } });
  });

  it('keeps sensitive values readable after a key rotation, re-sealed with the new key', async () => {
    const created = await workspace.admin.post<Customer>('/api/v1/customers', { name: 'Rotating', customFields: { national_id: 'ROT-1' } });
    const version = await server.services.dataKeys.rotate(workspace.workspaceId);
    expect(version).toBe(2);
    expect(await server.services.customers.resealSensitiveFields(workspace.workspaceId)).toBeGreaterThan(0);
    const [row] = await queryRows<{ sealed: string }>(server.services.db, sql`SELECT sensitive_fields_encrypted AS sealed FROM customers WHERE id = ${created.body.id}`);
    expect(row?.sealed).toMatch(/^v2\./);
    expect((await workspace.admin.get<Customer>(`/api/v1/customers/${created.body.id}`)).body.customFields.national_id).toBe('ROT-1');
  });

  it('paginates with a cursor, newest first, without gaps or repeats', async () => {
    const other = await server.createWorkspace();
    for (let index = 0; index < 7; index += 1) await other.admin.post('/api/v1/customers', { name: `Customer ${index}` });
    const seen = await other.admin.listAll<Customer>('/api/v1/customers', { limit: 3 });
    expect(seen.map((customer) => customer.name)).toEqual([6, 5, 4, 3, 2, 1, 0].map((index) => `Customer ${index}`));
  });
});
