import { createHash } from 'node:crypto';
import { createClient, type SwitchboardClient } from '@switchboard/sdk';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { queryRows } from '../../db/database.js';

interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: string;
  userId: string;
  token?: string;
}

interface Alert {
  id: string;
  kind: string;
  message: string;
  details: Record<string, unknown>;
  acknowledgedAt: string | null;
}

interface AuditEntry {
  action: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

interface SignIn {
  status: number;
  body: unknown;
  setCookie: string | undefined;
  /** A client that sends the session cookie the sign-in set (when it set one). */
  session: SwitchboardClient;
}

/** Sign-in is limited to 10 attempts a minute per address: each server here stays under that, or tests it. */
async function signIn(server: TestServer, body: Record<string, unknown>): Promise<SignIn> {
  const response = await server.client.post('/api/v1/auth/login', body);
  const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('sb_session='));
  const cookie = setCookie?.split(';')[0];
  return { status: response.status, body: response.body, setCookie, session: createClient({ baseUrl: server.url, ...(cookie ? { cookie } : {}) }) };
}

/** A six-digit code the authenticator would not show now, nor one step before or after. */
function wrongTotpCode(totp: OTPAuth.TOTP): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((offset) => totp.generate({ timestamp: now + offset })));
  let candidate = 123_456;
  while (valid.has(String(candidate).padStart(6, '0'))) candidate += 1;
  return String(candidate).padStart(6, '0');
}

async function tokenIdsOf(server: TestServer, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(server.services.db, sql`SELECT id FROM api_tokens WHERE user_id = ${userId} AND revoked_at IS NULL`);
  return rows.map((row) => row.id);
}

describe('staff sign-in, two-factor and API tokens', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('signing in sets an httpOnly SameSite session cookie that /auth/me accepts until sign-out', async () => {
    const signedIn = await signIn(server, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ user: { id: workspace.adminId, email: workspace.adminEmail, role: 'admin' }, workspace: { slug: workspace.slug } });
    expect(signedIn.setCookie).toBeDefined();
    expect(signedIn.setCookie).toMatch(/;\s*HttpOnly/i);
    expect(signedIn.setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(signedIn.setCookie).toMatch(/;\s*Path=\//i);

    const me = await signedIn.session.get<{ user: { id: string; role: string } }>('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: workspace.adminId, role: 'admin' });

    const loggedOut = await signedIn.session.post('/api/v1/auth/logout');
    expect(loggedOut.status).toBe(204);
    expect(loggedOut.headers.getSetCookie().join('\n')).toMatch(/sb_session=;/);

    const afterLogout = await signedIn.session.get('/api/v1/auth/me');
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('a wrong password and an unknown email get the same answer, so sign-in does not reveal who has an account', async () => {
    const wrongPassword = await signIn(server, { workspace: workspace.slug, email: workspace.adminEmail, password: 'not the password' });
    const unknownEmail = await signIn(server, { workspace: workspace.slug, email: 'nobody@nowhere.test', password: workspace.password });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toMatchObject({ error: { code: 'invalid_credentials' } });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.setCookie).toBeUndefined();
  });

  it('stores passwords only as argon2id hashes', async () => {
    const [row] = await queryRows<{ passwordHash: string }>(server.services.db, sql`SELECT password_hash AS "passwordHash" FROM users WHERE id = ${workspace.adminId}`);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain(workspace.password);
  });

  it('two-factor sign-in: enrol with an authenticator code, then sign-in asks for a right code, and a code turns it off', async () => {
    const member = await workspace.addUser('agent');
    const setup = await member.client.post<{ secret: string; otpauthUrl: string }>('/api/v1/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.body.secret) });

    const [sealed] = await queryRows<{ secret: string }>(server.services.db, sql`SELECT totp_secret_encrypted AS secret FROM users WHERE id = ${member.userId}`);
    expect(sealed?.secret).not.toContain(setup.body.secret);

    expect((await member.client.post('/api/v1/auth/totp/confirm', { code: wrongTotpCode(totp) })).body).toMatchObject({ error: { code: 'invalid_totp' } });
    const confirmed = await member.client.post('/api/v1/auth/totp/confirm', { code: totp.generate() });
    expect(confirmed.status).toBe(204);
    expect((await workspace.admin.get<{ isTotpEnabled: boolean }>(`/api/v1/users/${member.userId}`)).body.isTotpEnabled).toBe(true);

    const again = await member.client.post('/api/v1/auth/totp/setup');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'totp_already_enabled' } });

    const credentials = { workspace: workspace.slug, email: member.email, password: workspace.password };
    const withoutCode = await signIn(server, credentials);
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.body).toMatchObject({ error: { code: 'totp_required' } });
    expect(withoutCode.setCookie).toBeUndefined();

    const wrongCode = await signIn(server, { ...credentials, totpCode: wrongTotpCode(totp) });
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body).toMatchObject({ error: { code: 'invalid_totp' } });

    const rightCode = await signIn(server, { ...credentials, totpCode: totp.generate() });
    expect(rightCode.status).toBe(200);
    expect((await rightCode.session.get('/api/v1/auth/me')).status).toBe(200);

    expect((await rightCode.session.post('/api/v1/auth/totp/disable', { code: wrongTotpCode(totp) })).status).toBe(401);
    const disabled = await rightCode.session.post('/api/v1/auth/totp/disable', { code: totp.generate() });
    expect(disabled.status).toBe(204);
    expect((await workspace.admin.get<{ isTotpEnabled: boolean }>(`/api/v1/users/${member.userId}`)).body.isTotpEnabled).toBe(false);
  });

  it('an API token is shown once, listed only by its prefix, stored only as a SHA-256 hash, and stops working when revoked', async () => {
    const created = await workspace.admin.post<ApiToken>('/api/v1/tokens', { name: 'reporting' });
    expect(created.status).toBe(201);
    const secret = created.body.token!;
    expect(secret).toMatch(/^sb_[A-Za-z0-9_-]{20,}$/);
    expect(created.body).toMatchObject({ name: 'reporting', role: 'admin', userId: workspace.adminId, prefix: secret.slice(0, created.body.prefix.length) });
    expect(secret.startsWith(created.body.prefix)).toBe(true);
    expect(created.body.prefix.length).toBeLessThan(12);

    const listed = await workspace.admin.get<{ data: ApiToken[] }>('/api/v1/tokens');
    expect(listed.status).toBe(200);
    const entry = listed.body.data.find((token) => token.id === created.body.id);
    expect(entry).toMatchObject({ name: 'reporting', prefix: created.body.prefix });
    expect(entry).not.toHaveProperty('token');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const [row] = await queryRows<Record<string, unknown>>(server.services.db, sql`SELECT * FROM api_tokens WHERE id = ${created.body.id}`);
    expect(row?.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const withToken = server.client.withToken(secret);
    expect((await withToken.get('/api/v1/auth/me')).status).toBe(200);
    expect((await workspace.admin.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    const refused = await withToken.get('/api/v1/auth/me');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'unauthenticated' } });
    const revoked = (await workspace.admin.get<{ data: Array<ApiToken & { revokedAt: string | null }> }>('/api/v1/tokens')).body.data.find((token) => token.id === created.body.id);
    expect(revoked?.revokedAt).toEqual(expect.any(String));
  });

  it('nobody can make a token with a role above their own', async () => {
    const agent = await workspace.addUser('agent');
    const above = await agent.client.post('/api/v1/tokens', { name: 'sneaky', role: 'admin' });
    expect(above.status).toBe(403);
    expect(above.body).toMatchObject({ error: { code: 'role_above_own' } });
    const below = await agent.client.post<ApiToken>('/api/v1/tokens', { name: 'read only', role: 'viewer' });
    expect(below.status).toBe(201);
    expect(below.body.role).toBe('viewer');
    const viewerToken = server.client.withToken(below.body.token!);
    expect((await viewerToken.get('/api/v1/auth/me')).status).toBe(200);
    expect((await viewerToken.post('/api/v1/customers', { name: 'Not allowed' })).status).toBe(403);
  });

  it('staff see and revoke only their own tokens; admins see and revoke every token', async () => {
    const first = await workspace.addUser('agent');
    const second = await workspace.addUser('reviewer');
    const firstToken = await first.client.post<ApiToken>('/api/v1/tokens', { name: 'first laptop' });
    const secondToken = await second.client.post<ApiToken>('/api/v1/tokens', { name: 'second laptop' });

    const ownList = await first.client.get<{ data: ApiToken[] }>('/api/v1/tokens');
    expect(ownList.body.data.length).toBeGreaterThan(0);
    expect(ownList.body.data.every((token) => token.userId === first.userId)).toBe(true);
    expect(ownList.body.data.map((token) => token.id)).toContain(firstToken.body.id);

    const someoneElses = await first.client.delete(`/api/v1/tokens/${secondToken.body.id}`);
    expect(someoneElses.status).toBe(404);
    expect(someoneElses.body).toMatchObject({ error: { code: 'token_not_found' } });

    const adminList = await workspace.admin.get<{ data: ApiToken[] }>('/api/v1/tokens');
    const owners = new Set(adminList.body.data.map((token) => token.userId));
    expect([...owners]).toEqual(expect.arrayContaining([workspace.adminId, first.userId, second.userId]));
    expect((await workspace.admin.delete(`/api/v1/tokens/${secondToken.body.id}`)).status).toBe(204);
    expect((await server.client.withToken(secondToken.body.token!).get('/api/v1/auth/me')).status).toBe(401);

    const otherWorkspace = await server.createWorkspace();
    expect((await otherWorkspace.admin.delete(`/api/v1/tokens/${firstToken.body.id}`)).status).toBe(404);
    expect((await server.client.withToken(firstToken.body.token!).get('/api/v1/auth/me')).status).toBe(200);
  });

  it('demoting someone ends their earlier sessions and tokens at once', async () => {
    const agent = await workspace.addUser('agent');
    const signedIn = await signIn(server, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    expect(signedIn.status).toBe(200);
    expect((await signedIn.session.get('/api/v1/auth/me')).status).toBe(200);
    expect((await agent.client.get('/api/v1/auth/me')).status).toBe(200);

    const demoted = await workspace.admin.patch(`/api/v1/users/${agent.userId}`, { role: 'viewer' });
    expect(demoted.status).toBe(200);

    for (const client of [agent.client, signedIn.session]) {
      const refused = await client.get('/api/v1/auth/me');
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const again = await signIn(server, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    expect(again.status).toBe(200);
    expect((await again.session.get<{ user: { role: string } }>('/api/v1/auth/me')).body.user.role).toBe('viewer');
  });

  it('a token whose role was edited to one that does not exist is refused, revoked, and raises an alert for admins', async () => {
    const agent = await workspace.addUser('agent');
    const [tokenId] = await tokenIdsOf(server, agent.userId);
    await server.services.db.execute(sql`UPDATE api_tokens SET role = 'superuser' WHERE id = ${tokenId}`);

    const refused = await agent.client.get('/api/v1/customers');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'role_not_recognized' } });

    const alerts = await workspace.admin.get<{ data: Alert[] }>('/api/v1/alerts');
    expect(alerts.status).toBe(200);
    const alert = alerts.body.data.find((item) => item.kind === 'auth.unknown_role' && item.details.credentialId === tokenId);
    expect(alert).toMatchObject({ acknowledgedAt: null, details: { userId: agent.userId, role: 'superuser', via: 'token' } });
    expect(alert?.message).toContain('superuser');

    // Revoked on sight: the next use is simply unknown, and raises no second alert.
    expect((await agent.client.get('/api/v1/customers')).status).toBe(401);
    const after = await workspace.admin.get<{ data: Alert[] }>('/api/v1/alerts');
    expect(after.body.data.filter((item) => item.details.credentialId === tokenId)).toHaveLength(1);

    const tokens = await workspace.admin.get<{ data: Array<ApiToken & { revokedAt: string | null }> }>('/api/v1/tokens');
    expect(tokens.status).toBe(200);
    expect(tokens.body.data.find((token) => token.id === tokenId)).toMatchObject({ role: 'superuser', revokedAt: expect.any(String) });

    const audit = await workspace.admin.get<{ data: AuditEntry[] }>('/api/v1/audit-log', { action: 'auth.credential_refused' });
    expect(audit.body.data.some((entry) => entry.details.credentialId === tokenId)).toBe(true);
  });

  it('a token carrying a role above its user’s current role (changed behind the service’s back) is refused with an alert', async () => {
    const second = await workspace.addUser('admin');
    const [tokenId] = await tokenIdsOf(server, second.userId);
    expect((await second.client.get('/api/v1/audit-log')).status).toBe(200);
    await server.services.db.execute(sql`UPDATE users SET role = 'agent' WHERE id = ${second.userId}`);

    const refused = await second.client.get('/api/v1/audit-log');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'role_not_recognized' } });

    const alerts = await workspace.admin.get<{ data: Alert[] }>('/api/v1/alerts', { state: 'open' });
    expect(alerts.body.data.find((item) => item.kind === 'auth.revoked_role' && item.details.credentialId === tokenId)).toMatchObject({
      details: { userId: second.userId, role: 'admin', userRole: 'agent' },
    });
    expect((await second.client.get('/api/v1/customers')).status).toBe(401);
  });

  it('signing in as a user whose role was edited to one that does not exist is refused with an alert', async () => {
    const member = await workspace.addUser('reviewer');
    await server.services.db.execute(sql`UPDATE users SET role = 'root' WHERE id = ${member.userId}`);
    const refused = await signIn(server, { workspace: workspace.slug, email: member.email, password: workspace.password });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'role_not_recognized' } });
    expect(refused.setCookie).toBeUndefined();
    const alerts = await workspace.admin.get<{ data: Alert[] }>('/api/v1/alerts');
    expect(alerts.body.data.find((item) => item.kind === 'auth.unknown_role' && item.details.userId === member.userId)).toMatchObject({ details: { via: 'password', userRole: 'root' } });
  });

  it('a bad session cookie is simply not signed in', async () => {
    const stranger = createClient({ baseUrl: server.url, cookie: 'sb_session=made-up-value' });
    expect((await stranger.get('/api/v1/auth/me')).status).toBe(401);
    expect((await server.client.withToken('sb_not-a-real-token').get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('account lockout', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let now = Date.now();
  const clock = { now: () => new Date(now) };
  beforeAll(async () => {
    server = await startTestServer({ clock });
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('five wrong passwords lock the account for 15 minutes, even against the right password, and alert admins', async () => {
    const member = await workspace.addUser('agent');
    const credentials = { workspace: workspace.slug, email: member.email, password: workspace.password };
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await signIn(server, { ...credentials, password: `wrong password ${attempt}` });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: { code: 'invalid_credentials' } });
    }

    const locked = await signIn(server, credentials);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ error: { code: 'account_locked' } });
    expect(locked.setCookie).toBeUndefined();

    const audit = await workspace.admin.get<{ data: AuditEntry[] }>('/api/v1/audit-log', { action: 'auth.locked' });
    expect(audit.body.data.filter((entry) => entry.actorId === member.userId)).toHaveLength(1);
    const failures = await workspace.admin.get<{ data: AuditEntry[] }>('/api/v1/audit-log', { action: 'auth.login_failed' });
    expect(failures.body.data.filter((entry) => entry.actorId === member.userId)).toHaveLength(4);
    const alerts = await workspace.admin.get<{ data: Alert[] }>('/api/v1/alerts');
    expect(alerts.body.data.find((alert) => alert.kind === 'auth.lockout')).toMatchObject({ details: { userId: member.userId } });
    expect((await member.client.get('/api/v1/auth/me')).status).toBe(200);

    now += 14 * 60_000;
    expect((await signIn(server, credentials)).status).toBe(423);

    now += 60_000 + 1000;
    const unlocked = await signIn(server, credentials);
    expect(unlocked.status).toBe(200);
    expect((await unlocked.session.get('/api/v1/auth/me')).status).toBe(200);
  });
});

describe('sign-in rate limit', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('the eleventh sign-in attempt from one address within a minute answers 429 with Retry-After', async () => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await signIn(server, { workspace: workspace.slug, email: `guess${attempt}@nowhere.test`, password: 'guessing away' });
      expect(response.status).toBe(401);
    }
    const limited = await server.client.post('/api/v1/auth/login', { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // An enterprise workspace's token lifts the request budget elsewhere, but never the sign-in limit.
    const withToken = await workspace.admin.post('/api/v1/auth/login', { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    expect(withToken.status).toBe(429);
  });
});
