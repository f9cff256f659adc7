import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { runCli } from '../../../test/run-cli.js';
import { queryRows } from '../../db/database.js';

interface AuditEntry {
  sequence: number;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  previousHash: string;
  hash: string;
}

interface Alert {
  id: string;
  kind: string;
  message: string;
  details: Record<string, unknown>;
  createdAt: string;
  acknowledgedAt: string | null;
}

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Edits a token's role behind the service's back, which the server refuses with an alert on its next use. */
async function raiseUnknownRoleAlert(server: TestServer, workspace: TestWorkspace): Promise<string> {
  const member = await workspace.addUser('agent');
  const [token] = await queryRows<{ id: string }>(server.services.db, sql`SELECT id FROM api_tokens WHERE user_id = ${member.userId}`);
  await server.services.db.execute(sql`UPDATE api_tokens SET role = 'owner' WHERE id = ${token!.id}`);
  expect((await member.client.get('/api/v1/auth/me')).status).toBe(403);
  return token!.id;
}

describe('audit log and alerts', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('what staff change appears in the audit log, newest first, with who did it', async () => {
    const user = await workspace.admin.post<{ id: string }>('/api/v1/users', { email: 'audited@example.test', name: 'Audited', role: 'agent', password: 'a long password' });
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Audited team', memberIds: [user.body.id] });
    await workspace.admin.patch(`/api/v1/users/${user.body.id}`, { role: 'reviewer' });
    await workspace.admin.patch('/api/v1/workspace', { timeZone: 'America/Vancouver' });
    await workspace.admin.post('/api/v1/ticket-statuses', { key: 'audited_status', label: 'Audited', category: 'pending' });
    await workspace.admin.post('/api/v1/custom-fields', { entity: 'ticket', key: 'audited_field', label: 'Audited', type: 'text' });
    const token = await workspace.admin.post<{ id: string }>('/api/v1/tokens', { name: 'audited token' });
    await workspace.admin.delete(`/api/v1/tokens/${token.body.id}`);
    await workspace.admin.delete(`/api/v1/teams/${team.body.id}`);
    expect((await server.client.post('/api/v1/auth/login', { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password })).status).toBe(200);

    const page = await workspace.admin.get<Page<AuditEntry>>('/api/v1/audit-log', { limit: 200 });
    expect(page.status).toBe(200);
    const entries = page.body.data;
    const sequences = entries.map((entry) => entry.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    for (const entry of entries) expect(new Date(entry.createdAt).toISOString()).toBe(entry.createdAt);

    const find = (action: string, targetId?: string) => entries.find((entry) => entry.action === action && (targetId === undefined || entry.targetId === targetId));
    expect(find('user.created', user.body.id)).toMatchObject({ actorType: 'user', actorId: workspace.adminId, targetType: 'user', details: { email: 'audited@example.test', role: 'agent' } });
    expect(find('user.updated', user.body.id)).toMatchObject({ details: { changes: { role: 'reviewer' }, previousRole: 'agent' } });
    expect(find('team.created', team.body.id)).toMatchObject({ actorId: workspace.adminId, details: { name: 'Audited team' } });
    expect(find('team.deleted', team.body.id)).toBeDefined();
    expect(find('workspace.updated')).toMatchObject({ details: { changes: { timeZone: 'America/Vancouver' }, before: { timeZone: 'UTC' } } });
    expect(find('ticket_status.created')).toMatchObject({ details: { key: 'audited_status', category: 'pending' } });
    expect(find('custom_field.created')).toMatchObject({ details: { key: 'audited_field', entity: 'ticket' } });
    expect(find('token.created', token.body.id)).toMatchObject({ details: { name: 'audited token', role: 'admin' } });
    expect(find('token.revoked', token.body.id)).toBeDefined();
    expect(find('auth.login')).toMatchObject({ actorId: workspace.adminId });
    expect(entries[0]?.action).toBe('auth.login');

    const onlyLogins = await workspace.admin.get<Page<AuditEntry>>('/api/v1/audit-log', { action: 'auth.login' });
    expect(onlyLogins.body.data.length).toBeGreaterThan(0);
    expect(onlyLogins.body.data.every((entry) => entry.action === 'auth.login')).toBe(true);

    const other = await server.createWorkspace();
    const otherEntries = await other.admin.listAll<AuditEntry>('/api/v1/audit-log');
    expect(otherEntries.some((entry) => entry.targetId === user.body.id)).toBe(false);
  });

  it('pages through the audit log with a cursor, without gaps or repeats', async () => {
    const paged = await server.createWorkspace();
    for (let index = 0; index < 5; index += 1) await paged.admin.post('/api/v1/teams', { name: `Team ${index}` });
    const everything = (await paged.admin.get<Page<AuditEntry>>('/api/v1/audit-log', { limit: 200 })).body.data;
    const first = await paged.admin.get<Page<AuditEntry>>('/api/v1/audit-log', { limit: 2 });
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const walked = await paged.admin.listAll<AuditEntry>('/api/v1/audit-log', { limit: 2 });
    expect(walked.map((entry) => entry.sequence)).toEqual(everything.map((entry) => entry.sequence));

    const badCursor = await paged.admin.get('/api/v1/audit-log', { cursor: 'garbage' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('only admins read the audit log and alerts', async () => {
    for (const role of ['manager', 'agent', 'reviewer', 'viewer'] as const) {
      const member = await workspace.addUser(role);
      for (const path of ['/api/v1/audit-log', '/api/v1/alerts']) {
        const response = await member.client.get(path);
        expect(response.status, `${role} ${path}`).toBe(403);
        expect(response.body).toMatchObject({ error: { code: 'forbidden' } });
      }
    }
    expect((await server.client.get('/api/v1/audit-log')).status).toBe(401);
  });

  it('admins list alerts newest first, page through them, and acknowledge them once', async () => {
    const watched = await server.createWorkspace();
    const tokenIds: string[] = [];
    for (let index = 0; index < 3; index += 1) tokenIds.push(await raiseUnknownRoleAlert(server, watched));

    const listed = await watched.admin.get<Page<Alert>>('/api/v1/alerts');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((alert) => alert.details.credentialId)).toEqual([...tokenIds].reverse());
    expect(listed.body.data.every((alert) => alert.kind === 'auth.unknown_role' && alert.acknowledgedAt === null)).toBe(true);
    const walked = await watched.admin.listAll<Alert>('/api/v1/alerts', { limit: 2 });
    expect(walked.map((alert) => alert.id)).toEqual(listed.body.data.map((alert) => alert.id));

    const target = listed.body.data[1]!;
    const acknowledged = await watched.admin.post<Alert>(`/api/v1/alerts/${target.id}/acknowledge`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: target.id, kind: 'auth.unknown_role', acknowledgedAt: expect.any(String) });
    const twice = await watched.admin.post<Alert>(`/api/v1/alerts/${target.id}/acknowledge`);
    expect(twice.status).toBe(200);
    expect(twice.body.acknowledgedAt).toBe(acknowledged.body.acknowledgedAt);

    const open = await watched.admin.get<Page<Alert>>('/api/v1/alerts', { state: 'open' });
    expect(open.body.data.map((alert) => alert.id)).toEqual(listed.body.data.filter((alert) => alert.id !== target.id).map((alert) => alert.id));
    const done = await watched.admin.get<Page<Alert>>('/api/v1/alerts', { state: 'acknowledged' });
    expect(done.body.data.map((alert) => alert.id)).toEqual([target.id]);

    const audit = await watched.admin.get<Page<AuditEntry>>('/api/v1/audit-log', { action: 'alert.acknowledged' });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({ actorId: watched.adminId, targetId: target.id });

    // Another workspace's alert is not found, exactly like one that does not exist.
    expect((await workspace.admin.get<Page<Alert>>('/api/v1/alerts')).body.data.some((alert) => alert.id === target.id)).toBe(false);
    const foreign = await workspace.admin.post(`/api/v1/alerts/${listed.body.data[0]!.id}/acknowledge`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'alert_not_found' } });
    expect((await watched.admin.post('/api/v1/alerts/00000000-0000-4000-8000-000000000000/acknowledge')).status).toBe(404);
    expect((await watched.admin.get<Page<Alert>>('/api/v1/alerts', { state: 'open' })).body.data.map((alert) => alert.id)).toContain(listed.body.data[0]!.id);

    const agent = await watched.addUser('agent');
    expect((await agent.client.post(`/api/v1/alerts/${listed.body.data[0]!.id}/acknowledge`)).status).toBe(403);
  });
});

describe('audit log integrity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /**
   * Checks every hash chain. On PostgreSQL this is the operator's command, `audit:verify`, in its own process
   * against this test's database; an in-memory PGlite cannot be reached from another process, so there the
   * same check runs through the service the command calls.
   */
  async function verifyAuditLog(): Promise<{ isIntact: boolean; brokenSequences: number[]; report: string }> {
    if (server.databaseUrl) {
      const outcome = await runCli(['audit:verify'], { DATABASE_URL: server.databaseUrl, MASTER_KEY: randomBytes(32).toString('base64') });
      expect(outcome.stderr).toBe('');
      expect([0, 1]).toContain(outcome.exitCode);
      const brokenSequences = [...outcome.stdout.matchAll(/entry #(\d+)/g)].map((match) => Number(match[1]));
      return { isIntact: outcome.exitCode === 0, brokenSequences, report: outcome.stdout };
    }
    const result = await server.services.audit.verify();
    return {
      isIntact: result.breaks.length === 0,
      brokenSequences: result.breaks.map((item) => item.sequence),
      report: result.breaks.map((item) => `entry #${item.sequence} (${item.reason})`).join('; ') || `${result.checked} entries verified`,
    };
  }

  it(
    'verification passes on an untouched log and names the entry that was edited, or the one after a removed entry',
    async () => {
      const workspace = await server.createWorkspace();
      const other = await server.createWorkspace();
      // Writers at the same moment still chain one after another.
      await Promise.all(Array.from({ length: 6 }, (_, index) => workspace.admin.post('/api/v1/teams', { name: `Concurrent ${index}` })));
      for (let index = 0; index < 3; index += 1) await other.admin.post('/api/v1/teams', { name: `Other ${index}` });

      const intact = await verifyAuditLog();
      expect(intact.isIntact, intact.report).toBe(true);
      expect(intact.brokenSequences).toEqual([]);

      const entries = (await workspace.admin.listAll<AuditEntry>('/api/v1/audit-log')).sort((a, b) => a.sequence - b.sequence);
      expect(entries.length).toBeGreaterThanOrEqual(7);
      for (let index = 1; index < entries.length; index += 1) expect(entries[index]!.previousHash).toBe(entries[index - 1]!.hash);

      const edited = entries[3]!;
      await server.services.db.execute(sql`UPDATE audit_log SET details = ${JSON.stringify({ ...edited.details, name: 'Nothing to see' })}::jsonb WHERE sequence = ${edited.sequence}`);
      const afterEdit = await verifyAuditLog();
      expect(afterEdit.isIntact).toBe(false);
      expect(afterEdit.brokenSequences).toEqual([edited.sequence]);
      expect(afterEdit.report).toContain(`#${edited.sequence}`);

      // Putting the original content back makes the chain whole again: the check is over content, not flags.
      await server.services.db.execute(sql`UPDATE audit_log SET details = ${JSON.stringify(edited.details)}::jsonb WHERE sequence = ${edited.sequence}`);
      expect((await verifyAuditLog()).isIntact).toBe(true);

      const removed = entries[4]!;
      const following = entries[5]!;
      await server.services.db.execute(sql`DELETE FROM audit_log WHERE sequence = ${removed.sequence}`);
      const afterDelete = await verifyAuditLog();
      expect(afterDelete.isIntact).toBe(false);
      expect(afterDelete.brokenSequences).toEqual([following.sequence]);
      expect(afterDelete.report).toContain(`#${following.sequence}`);

      const [remaining] = await queryRows<{ count: number }>(server.services.db, sql`SELECT count(*)::int AS count FROM audit_log WHERE workspace_id = ${other.workspaceId}`);
      expect(remaining?.count).toBeGreaterThan(0);
    },
    120_000,
  );
});
