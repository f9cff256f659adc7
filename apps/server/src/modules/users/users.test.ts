import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  language: string;
  isActive: boolean;
  isTotpEnabled: boolean;
  teamIds: string[];
  createdAt: string;
}

interface Team {
  id: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

const ROLES = ['admin', 'manager', 'agent', 'reviewer', 'viewer'] as const;

describe('users and teams', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('an admin adds staff of every role, and each can sign in with the role they were given', async () => {
    for (const role of ROLES) {
      const email = `New.${role}@Example.test`;
      const created = await workspace.admin.post<User>('/api/v1/users', { email, name: `New ${role}`, role, password: 'a long password', language: 'fr' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ email: email.toLowerCase(), name: `New ${role}`, role, language: 'fr', isActive: true, isTotpEnabled: false, teamIds: [] });
      expect(Number.isNaN(Date.parse(created.body.createdAt))).toBe(false);
      expect(created.body).not.toHaveProperty('passwordHash');

      const fetched = await workspace.admin.get<User>(`/api/v1/users/${created.body.id}`);
      expect(fetched.body.role).toBe(role);
    }
    const signedIn = await server.client.post<{ user: { role: string } }>('/api/v1/auth/login', { workspace: workspace.slug, email: 'new.reviewer@example.test', password: 'a long password' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.role).toBe('reviewer');
  });

  it('refuses a second account with the same email (in any letter case), and a password too short', async () => {
    await workspace.admin.post('/api/v1/users', { email: 'twice@example.test', name: 'Once', role: 'agent', password: 'a long password' });
    const duplicate = await workspace.admin.post('/api/v1/users', { email: 'TWICE@example.test', name: 'Twice', role: 'viewer', password: 'a long password' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'user_email_taken' } });

    const short = await workspace.admin.post('/api/v1/users', { email: 'short@example.test', name: 'Short', role: 'agent', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'body.password' }] } });

    const unknownRole = await workspace.admin.post('/api/v1/users', { email: 'root@example.test', name: 'Root', role: 'superuser', password: 'a long password' });
    expect(unknownRole.status).toBe(400);
  });

  it('the same email may have an account in another workspace', async () => {
    const other = await server.createWorkspace();
    const created = await other.admin.post('/api/v1/users', { email: 'twice@example.test', name: 'Elsewhere', role: 'agent', password: 'a long password' });
    expect(created.status).toBe(201);
  });

  it('a manager creates, renames, staffs and deletes teams but cannot add users', async () => {
    const manager = await workspace.addUser('manager');
    const agent = await workspace.addUser('agent');
    const reviewer = await workspace.addUser('reviewer');

    const created = await manager.client.post<Team>('/api/v1/teams', { name: 'Billing', memberIds: [agent.userId] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Billing', memberIds: [agent.userId] });

    const renamed = await manager.client.patch<Team>(`/api/v1/teams/${created.body.id}`, { name: 'Billing & refunds', memberIds: [agent.userId, reviewer.userId] });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Billing & refunds');
    expect(renamed.body.memberIds.sort()).toEqual([agent.userId, reviewer.userId].sort());
    expect((await workspace.admin.get<User>(`/api/v1/users/${reviewer.userId}`)).body.teamIds).toEqual([created.body.id]);

    const addUser = await manager.client.post('/api/v1/users', { email: 'hire@example.test', name: 'Hire', role: 'agent', password: 'a long password' });
    expect(addUser.status).toBe(403);
    expect(addUser.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await manager.client.patch(`/api/v1/users/${agent.userId}`, { role: 'manager' })).status).toBe(403);

    expect((await manager.client.delete(`/api/v1/teams/${created.body.id}`)).status).toBe(204);
    expect((await manager.client.delete(`/api/v1/teams/${created.body.id}`)).status).toBe(404);
    expect((await workspace.admin.get<User>(`/api/v1/users/${reviewer.userId}`)).body.teamIds).toEqual([]);
  });

  it('agents, reviewers and viewers cannot manage teams', async () => {
    const team = await workspace.admin.post<Team>('/api/v1/teams', { name: 'Untouchable' });
    for (const role of ['agent', 'reviewer', 'viewer'] as const) {
      const member = await workspace.addUser(role);
      const create = await member.client.post('/api/v1/teams', { name: `By ${role}` });
      expect(create.status).toBe(403);
      expect(create.body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await member.client.patch(`/api/v1/teams/${team.body.id}`, { name: 'Renamed' })).status).toBe(403);
      expect((await member.client.delete(`/api/v1/teams/${team.body.id}`)).status).toBe(403);
      expect((await member.client.get('/api/v1/teams')).status).toBe(200);
    }
  });

  it('team names are unique in a workspace, a member listed twice counts once, and members must belong to the workspace', async () => {
    const agent = await workspace.addUser('agent');
    const first = await workspace.admin.post<Team>('/api/v1/teams', { name: 'Tier 1', memberIds: [agent.userId, agent.userId] });
    expect(first.status).toBe(201);
    expect(first.body.memberIds).toEqual([agent.userId]);
    const second = await workspace.admin.post<Team>('/api/v1/teams', { name: 'Tier 2' });

    const sameName = await workspace.admin.post('/api/v1/teams', { name: 'Tier 1' });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ error: { code: 'team_name_taken' } });
    const renameOnto = await workspace.admin.patch(`/api/v1/teams/${second.body.id}`, { name: 'Tier 1' });
    expect(renameOnto.status).toBe(409);
    expect(renameOnto.body).toMatchObject({ error: { code: 'team_name_taken' } });
    expect((await workspace.admin.patch<Team>(`/api/v1/teams/${second.body.id}`, { memberIds: [agent.userId, agent.userId] })).body.memberIds).toEqual([agent.userId]);

    const other = await server.createWorkspace();
    const outsider = await other.addUser('agent');
    const withOutsider = await workspace.admin.post('/api/v1/teams', { name: 'Mixed', memberIds: [outsider.userId] });
    expect(withOutsider.status).toBe(400);
    expect(withOutsider.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'memberIds' }] } });
    expect((await other.admin.patch(`/api/v1/teams/${first.body.id}`, { name: 'Stolen' })).status).toBe(404);
    expect((await other.admin.get(`/api/v1/users/${agent.userId}`)).status).toBe(404);
  });

  it('the last active admin can be neither demoted nor deactivated', async () => {
    const lonely = await server.createWorkspace();
    const demote = await lonely.admin.patch(`/api/v1/users/${lonely.adminId}`, { role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body).toMatchObject({ error: { code: 'last_admin' } });
    const deactivate = await lonely.admin.patch(`/api/v1/users/${lonely.adminId}`, { isActive: false });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body).toMatchObject({ error: { code: 'last_admin' } });
    expect((await lonely.admin.get<User>(`/api/v1/users/${lonely.adminId}`)).body).toMatchObject({ role: 'admin', isActive: true });

    // With more admins, one may step down and another be deactivated; the one left is then the last.
    const second = await lonely.addUser('admin');
    const third = await lonely.addUser('admin');
    expect((await second.client.patch<User>(`/api/v1/users/${lonely.adminId}`, { role: 'agent' })).status).toBe(200);
    expect((await second.client.patch(`/api/v1/users/${third.userId}`, { isActive: false })).status).toBe(200);
    const stepDown = await second.client.patch(`/api/v1/users/${second.userId}`, { role: 'manager' });
    expect(stepDown.status).toBe(409);
    expect(stepDown.body).toMatchObject({ error: { code: 'last_admin' } });
    expect((await second.client.patch(`/api/v1/users/${second.userId}`, { isActive: false })).status).toBe(409);

    // A deactivated admin no longer counts, so changing them does not trip the rule.
    expect((await second.client.patch<User>(`/api/v1/users/${third.userId}`, { role: 'viewer' })).body).toMatchObject({ role: 'viewer', isActive: false });
  });

  it('a deactivated user can no longer sign in or use their tokens, and can again once reactivated', async () => {
    const agent = await workspace.addUser('agent');
    const credentials = { workspace: workspace.slug, email: agent.email, password: workspace.password };
    const deactivated = await workspace.admin.patch<User>(`/api/v1/users/${agent.userId}`, { isActive: false });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.isActive).toBe(false);

    const signIn = await server.client.post('/api/v1/auth/login', credentials);
    expect(signIn.status).toBe(401);
    expect(signIn.body).toMatchObject({ error: { code: 'invalid_credentials' } });
    expect((await agent.client.get('/api/v1/auth/me')).status).toBe(401);

    expect((await workspace.admin.patch<User>(`/api/v1/users/${agent.userId}`, { isActive: true })).body.isActive).toBe(true);
    expect((await server.client.post('/api/v1/auth/login', credentials)).status).toBe(200);
  });

  it('a user of another workspace, or one that does not exist, is not found', async () => {
    const other = await server.createWorkspace();
    expect((await workspace.admin.get(`/api/v1/users/${other.adminId}`)).status).toBe(404);
    expect((await workspace.admin.patch(`/api/v1/users/${other.adminId}`, { name: 'Taken over' })).status).toBe(404);
    expect((await workspace.admin.get('/api/v1/users/not-a-uuid')).status).toBe(404);
  });

  it('lists users and teams a page at a time with a cursor, without gaps or repeats', async () => {
    const paged = await server.createWorkspace();
    const emails = ['d', 'b', 'e', 'a', 'c'].map((letter) => `${letter}@paged.test`);
    for (const email of emails) {
      expect((await paged.admin.post('/api/v1/users', { email, name: email, role: 'agent', password: 'a long password' })).status).toBe(201);
    }
    const firstPage = await paged.admin.get<{ data: User[]; nextCursor: string | null }>('/api/v1/users', { limit: 2 });
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.data).toHaveLength(2);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const users = await paged.admin.listAll<User>('/api/v1/users', { limit: 2 });
    expect(users.map((user) => user.email)).toEqual([...emails, paged.adminEmail].sort());

    const names = ['Voice', 'Chat', 'Email', 'Escalations', 'Billing'];
    for (const name of names) expect((await paged.admin.post('/api/v1/teams', { name })).status).toBe(201);
    const teamPage = await paged.admin.get<{ data: Team[]; nextCursor: string | null }>('/api/v1/teams', { limit: 2 });
    expect(teamPage.body.data.map((team) => team.name)).toEqual(['Billing', 'Chat']);
    expect(teamPage.body.nextCursor).toEqual(expect.any(String));
    const teams = await paged.admin.listAll<Team>('/api/v1/teams', { limit: 2 });
    expect(teams.map((team) => team.name)).toEqual([...names].sort());

    const badCursor = await paged.admin.get('/api/v1/teams', { cursor: 'not-a-cursor' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'cursor' }] } });
  });

  it('staff change their own name and language, and nothing else, through /account', async () => {
    const viewer = await workspace.addUser('viewer', 'Val Viewer');
    const changed = await viewer.client.patch<User>('/api/v1/account', { language: 'fr', name: 'Valérie' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: viewer.userId, name: 'Valérie', language: 'fr', role: 'viewer' });
    expect((await workspace.admin.get<User>(`/api/v1/users/${viewer.userId}`)).body).toMatchObject({ name: 'Valérie', language: 'fr' });
    expect((await viewer.client.patch('/api/v1/account', { role: 'admin' })).status).toBe(400);
    expect((await viewer.client.patch('/api/v1/account', { language: 'de' })).status).toBe(400);
    expect((await workspace.admin.get<User>(`/api/v1/users/${viewer.userId}`)).body.role).toBe('viewer');
  });
});
