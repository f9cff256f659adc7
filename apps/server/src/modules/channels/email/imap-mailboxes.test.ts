import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startImapServer, type ImapTestServer } from '../../../../test/imap-server.js';
import { recordResponses, type ResponseLog } from '../../../../test/response-log.js';
import { queryRows } from '../../../db/database.js';
import { returnPathOf } from './imap-poller.js';

interface Mailbox {
  id: string;
  host: string;
  port: number;
  security: string;
  username: string;
  folder: string;
  pollIntervalSeconds: number;
  isEnabled: boolean;
  lastPoll: { at: string; status: 'ok' | 'error'; errorCode: string | null; message: string | null; messagesFetched: number; messagesSkipped: number } | null;
  nextPollAt: string | null;
}

interface ConnectionTest {
  ok: boolean;
  messageCount: number | null;
  unseenCount: number | null;
  error: { code: string; message: string } | null;
}

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** A fixture with its placeholders filled, with the CRLF line ends IMAP carries. */
function fixture(name: string, values: Record<string, string | number> = {}): Buffer {
  let text = readFileSync(new URL(name, FIXTURES), 'latin1');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, String(value));
  const leftover = /\{\{[A-Z_]+\}\}/.exec(text);
  if (leftover) throw new Error(`fixture ${name} still holds ${leftover[0]}`);
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}

function withSubject(raw: Buffer, subject: string): Buffer {
  return Buffer.from(raw.toString('latin1').replace(/^Subject: .*$/m, `Subject: ${subject}`), 'latin1');
}

describe('IMAP mailboxes: mail polled from a real IMAP server (Dovecot) becomes tickets and replies', () => {
  let server: TestServer;
  let imap: ImapTestServer;
  let log: ResponseLog;

  beforeAll(async () => {
    log = recordResponses();
    imap = await startImapServer();
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    log?.stop();
    await server?.close();
    await imap?.close();
  });

  /** A new IMAP account on the test server, for one workspace's mailbox. */
  async function newAccount(password = `imap-${randomUUID().slice(0, 8)}`) {
    const username = `support-${randomUUID().slice(0, 8)}`;
    await imap.addUser(username, password);
    return { username, password, address: `${username}@acme-mail.example` };
  }

  async function connect(workspace: TestWorkspace, account: { username: string; password: string }, extra: Record<string, unknown> = {}) {
    const created = await workspace.admin.post<Mailbox>('/api/v1/email/mailboxes', { host: '127.0.0.1', port: imap.port, security: 'none', username: account.username, password: account.password, ...extra });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  async function pollNow(workspace: TestWorkspace, mailboxId: string): Promise<Mailbox> {
    const polled = await workspace.admin.post<Mailbox>(`/api/v1/email/mailboxes/${mailboxId}/poll`);
    expect(polled.status, JSON.stringify(polled.body)).toBe(200);
    return polled.body;
  }

  const emailTickets = (workspace: TestWorkspace) => workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' });
  const commentsOf = async (workspace: TestWorkspace, ticketId: string) => (await workspace.admin.get<PageOf<Comment>>(`/api/v1/tickets/${ticketId}/comments`)).body.data;

  it('connecting a mailbox turns its unread mail into tickets, flags it \\Seen, and a second poll takes nothing again', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    const requestId = `${randomUUID()}@mail.gmail.com`;
    await imap.deliver(account.username, fixture('new-request.eml', { TO: account.address, MESSAGE_ID: requestId }));
    await imap.deliver(account.username, fixture('html-only.eml', { TO: account.address }));
    // Read by a person before the mailbox was connected: old mail, not a new request.
    await imap.deliver(account.username, withSubject(fixture('new-request.eml', { TO: account.address, MESSAGE_ID: `${randomUUID()}@old.example` }), 'An old conversation'), { flags: ['\\Seen'] });

    const mailbox = await connect(workspace, account);
    expect(mailbox).toMatchObject({ host: '127.0.0.1', port: imap.port, security: 'none', username: account.username, folder: 'INBOX', pollIntervalSeconds: 60, isEnabled: true, lastPoll: null });

    const test = await workspace.admin.post<ConnectionTest>(`/api/v1/email/mailboxes/${mailbox.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toEqual({ ok: true, messageCount: 3, unseenCount: 2, error: null });

    const polled = await pollNow(workspace, mailbox.id);
    expect(polled.lastPoll).toMatchObject({ status: 'ok', errorCode: null, message: null, messagesFetched: 2, messagesSkipped: 0 });
    expect(Date.now() - Date.parse(polled.lastPoll!.at)).toBeLessThan(60_000);
    const tickets = await emailTickets(workspace);
    expect(tickets.map((ticket) => ticket.subject).sort()).toEqual(['Order 48213 arrived damaged', 'Question about the Pro plan']);
    expect([...(await imap.flagsOf(account.username)).values()].every((flags) => flags.has('\\Seen'))).toBe(true);

    // Nothing new: nothing taken, nothing created.
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', messagesFetched: 0 });
    expect(await emailTickets(workspace)).toHaveLength(2);

    // The customer answers: the reply lands on its ticket as a comment, not as a new ticket.
    const request = tickets.find((ticket) => ticket.subject === 'Order 48213 arrived damaged')!;
    await imap.deliver(account.username, fixture('gmail-reply.eml', { TO: account.address, IN_REPLY_TO: requestId }));
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', messagesFetched: 1 });
    expect(await emailTickets(workspace)).toHaveLength(2);
    const comments = await commentsOf(workspace, request.id);
    expect(comments.some((comment) => comment.body.includes('The courier picked up the broken lamp'))).toBe(true);

    // Mail that arrives after the mailbox was connected is new even when a person opened it first.
    await imap.deliver(account.username, withSubject(fixture('new-request.eml', { TO: account.address, MESSAGE_ID: `${randomUUID()}@mail.gmail.com` }), 'Opened in webmail first'), { flags: ['\\Seen'] });
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', messagesFetched: 1 });
    expect((await emailTickets(workspace)).map((ticket) => ticket.subject)).toContain('Opened in webmail first');

    // The messages are on record as received mail, with their original bytes.
    const messages = await workspace.admin.listAll<{ disposition: string; rawDownloadUrl: string | null }>('/api/v1/email/messages');
    expect(messages.filter((message) => message.disposition === 'ticket_created')).toHaveLength(3);
    expect(messages.every((message) => message.rawDownloadUrl !== null)).toBe(true);
  }, 60_000);

  it('the same message found twice in the mailbox makes one ticket (Message-ID deduplication)', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    const raw = fixture('new-request.eml', { TO: account.address, MESSAGE_ID: `${randomUUID()}@mail.gmail.com` });
    await imap.deliver(account.username, raw);
    await imap.deliver(account.username, raw);
    const mailbox = await connect(workspace, account);
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', messagesFetched: 2 });
    expect(await emailTickets(workspace)).toHaveLength(1);
  }, 60_000);

  it('a wrong password: the connection test names it, the last poll shows it, and the right password recovers', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    await imap.deliver(account.username, fixture('new-request.eml', { TO: account.address, MESSAGE_ID: `${randomUUID()}@mail.gmail.com` }));
    const mailbox = await connect(workspace, { username: account.username, password: 'not-the-password' });

    const test = await workspace.admin.post<ConnectionTest>(`/api/v1/email/mailboxes/${mailbox.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ ok: false, messageCount: null, error: { code: 'authentication_failed' } });
    expect(test.body.error!.message).toMatch(/user name or password/);

    const failed = await pollNow(workspace, mailbox.id);
    expect(failed.lastPoll).toMatchObject({ status: 'error', errorCode: 'authentication_failed', messagesFetched: 0 });
    expect(failed.lastPoll!.message).toMatch(/user name or password/);
    const listed = await workspace.admin.get<{ data: Mailbox[] }>('/api/v1/email/mailboxes');
    expect(listed.body.data.find((item) => item.id === mailbox.id)!.lastPoll).toMatchObject({ status: 'error', errorCode: 'authentication_failed' });
    expect(await emailTickets(workspace)).toHaveLength(0);

    const fixed = await workspace.admin.patch<Mailbox>(`/api/v1/email/mailboxes/${mailbox.id}`, { password: account.password });
    expect(fixed.status).toBe(200);
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', errorCode: null, messagesFetched: 1 });
    expect(await emailTickets(workspace)).toHaveLength(1);
  }, 60_000);

  it('the connection test names other failures too: a missing folder, a closed port, TLS where there is none', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    const testOf = async (settings: Record<string, unknown>) => {
      const mailbox = await connect(workspace, account, { isEnabled: false, ...settings });
      const answer = await workspace.admin.post<ConnectionTest>(`/api/v1/email/mailboxes/${mailbox.id}/test`);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    expect((await testOf({ folder: 'Support/Missing' })).error).toMatchObject({ code: 'folder_not_found' });
    const closed = await testOf({ port: await closedPort() });
    expect(closed).toMatchObject({ ok: false, error: { code: 'connection_failed' } });
    expect((await testOf({ security: 'tls', folder: 'INBOX.tls' })).error).toMatchObject({ code: 'tls_failed' });
    expect((await testOf({ security: 'starttls', folder: 'INBOX.starttls' })).error).toMatchObject({ code: 'tls_failed' });
  }, 60_000);

  it('a message larger than the workspace takes is left unread in the mailbox and counted as skipped', async () => {
    const workspace = await server.createWorkspace();
    expect((await workspace.admin.patch('/api/v1/email/settings', { maxMessageBytes: 1024 })).status).toBe(200);
    const account = await newAccount();
    const large = fixture('new-request.eml', { TO: account.address, MESSAGE_ID: `${randomUUID()}@mail.gmail.com` });
    expect(large.length).toBeGreaterThan(1024);
    const uid = await imap.deliver(account.username, large);
    const mailbox = await connect(workspace, account);
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', messagesFetched: 0, messagesSkipped: 1 });
    expect((await imap.flagsOf(account.username)).get(uid)!.has('\\Seen')).toBe(false);
    expect(await emailTickets(workspace)).toHaveLength(0);
    // Once skipped, it is not read again at every poll.
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok', messagesFetched: 0, messagesSkipped: 0 });
  }, 60_000);

  it('the password is never answered, not even in the audit log, and is stored sealed', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount('Unmistakable-Imap-Secret-42');
    const mailbox = await connect(workspace, account);
    const changedPassword = 'Another-Unmistakable-Secret-43';
    const answers = [
      mailbox,
      (await workspace.admin.get('/api/v1/email/mailboxes')).body,
      (await workspace.admin.patch(`/api/v1/email/mailboxes/${mailbox.id}`, { password: changedPassword, pollIntervalSeconds: 120 })).body,
      (await workspace.admin.post(`/api/v1/email/mailboxes/${mailbox.id}/test`)).body,
      (await workspace.admin.post(`/api/v1/email/mailboxes/${mailbox.id}/poll`)).body,
      (await workspace.admin.get('/api/v1/audit-log')).body,
    ];
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain(account.password);
      expect(JSON.stringify(answer)).not.toContain(changedPassword);
      expect(JSON.stringify(answer)).not.toMatch(/password"\s*:/i);
    }
    const [stored] = await queryRows<{ password_encrypted: string }>(server.services.db, sql`SELECT password_encrypted FROM imap_mailboxes WHERE id = ${mailbox.id}`);
    expect(stored!.password_encrypted).not.toContain(changedPassword);
    expect(stored!.password_encrypted).toMatch(/^v\d+\./);
    expect(await server.services.dataKeys.open(workspace.workspaceId, stored!.password_encrypted)).toBe(changedPassword);
  }, 60_000);

  it('only admins manage mailboxes: other roles get 403, and another workspace sees none of them (404)', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    const mailbox = await connect(workspace, account, { isEnabled: false });
    const routes = [
      ['GET', '/api/v1/email/mailboxes'],
      ['POST', '/api/v1/email/mailboxes'],
      ['PATCH', `/api/v1/email/mailboxes/${mailbox.id}`],
      ['DELETE', `/api/v1/email/mailboxes/${mailbox.id}`],
      ['POST', `/api/v1/email/mailboxes/${mailbox.id}/test`],
      ['POST', `/api/v1/email/mailboxes/${mailbox.id}/poll`],
    ] as const;
    const body = { host: '127.0.0.1', port: imap.port, security: 'none', username: account.username, password: account.password, folder: 'Other' };
    for (const role of ['agent', 'manager', 'viewer'] as const) {
      const { client } = await workspace.addUser(role);
      for (const [method, path] of routes) {
        const answer = await client.request<ApiError>(method, path, { body: method === 'GET' || method === 'DELETE' || path.endsWith('/test') || path.endsWith('/poll') ? undefined : body });
        expect(answer.status, `${role} ${method} ${path}`).toBe(403);
        expect(answer.body.error.code).toBe('forbidden');
      }
    }

    const other = await server.createWorkspace();
    expect((await other.admin.get<{ data: Mailbox[] }>('/api/v1/email/mailboxes')).body.data).toEqual([]);
    for (const [method, path] of routes.filter(([, path]) => path.includes(mailbox.id))) {
      const answer = await other.admin.request<ApiError>(method, path, { body: method === 'PATCH' ? { pollIntervalSeconds: 300 } : undefined });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('imap_mailbox_not_found');
    }
    // Untouched by those attempts.
    expect((await workspace.admin.get<{ data: Mailbox[] }>('/api/v1/email/mailboxes')).body.data).toEqual([expect.objectContaining({ id: mailbox.id, pollIntervalSeconds: 60 })]);
  }, 120_000);

  it('refuses what it cannot use: an interval under 30 s, a URL for a host, unknown fields, the same folder twice', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    const base = { host: '127.0.0.1', port: imap.port, security: 'none', username: account.username, password: account.password };
    for (const invalid of [{ ...base, pollIntervalSeconds: 10 }, { ...base, host: 'imap://mail.example.com' }, { ...base, port: 70_000 }, { ...base, security: 'ssl' }, { ...base, password: '' }, { ...base, secret: 'x' }]) {
      const answer = await workspace.admin.post<ApiError>('/api/v1/email/mailboxes', invalid);
      expect(answer.status, JSON.stringify(invalid)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
    const first = await connect(workspace, account, { isEnabled: false });
    const again = await workspace.admin.post<ApiError>('/api/v1/email/mailboxes', { ...base, isEnabled: false });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('imap_mailbox_taken');
    const second = await connect(workspace, account, { folder: 'Archive', isEnabled: false });
    const clash = await workspace.admin.patch<ApiError>(`/api/v1/email/mailboxes/${second.id}`, { folder: 'INBOX' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('imap_mailbox_taken');
    expect((await workspace.admin.patch(`/api/v1/email/mailboxes/${first.id}`, { pollIntervalSeconds: 29 })).status).toBe(400);

    expect((await workspace.admin.delete(`/api/v1/email/mailboxes/${first.id}`)).status).toBe(204);
    expect((await workspace.admin.post<ApiError>(`/api/v1/email/mailboxes/${first.id}/poll`)).status).toBe(404);
    expect((await workspace.admin.get<{ data: Mailbox[] }>('/api/v1/email/mailboxes')).body.data.map((item) => item.id)).toEqual([second.id]);
  }, 60_000);

  it('one poll per mailbox at a time: "poll now" answers 409 while another poll holds it', async () => {
    const workspace = await server.createWorkspace();
    const account = await newAccount();
    const mailbox = await connect(workspace, account, { isEnabled: false });
    const held = await server.services.imapPoller.claim(workspace.workspaceId, mailbox.id);
    expect(held).toBeDefined();
    expect(await server.services.imapPoller.claim(workspace.workspaceId, mailbox.id)).toBeUndefined();
    const busy = await workspace.admin.post<ApiError>(`/api/v1/email/mailboxes/${mailbox.id}/poll`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('imap_poll_in_progress');
    await server.services.imapPoller.pollClaimed(held!);
    expect((await pollNow(workspace, mailbox.id)).lastPoll).toMatchObject({ status: 'ok' });
  }, 60_000);

  it('the workers poll due mailboxes by themselves, on two nodes at once, each message taken once', async () => {
    const nodes = [await startTestServer({ reuse: server, workers: true }), await startTestServer({ reuse: server, workers: true })];
    try {
      const workspace = await server.createWorkspace();
      const account = await newAccount();
      const mailbox = await connect(workspace, account, { pollIntervalSeconds: 30 });
      await imap.deliver(account.username, fixture('new-request.eml', { TO: account.address, MESSAGE_ID: `${randomUUID()}@mail.gmail.com` }));
      await imap.deliver(account.username, fixture('html-only.eml', { TO: account.address }));
      const deadline = Date.now() + 30_000;
      let polled: Mailbox | undefined;
      while (Date.now() < deadline) {
        polled = (await workspace.admin.get<{ data: Mailbox[] }>('/api/v1/email/mailboxes')).body.data[0];
        if ((await emailTickets(workspace)).length === 2 && polled?.lastPoll) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await emailTickets(workspace)).toHaveLength(2);
      expect(polled!.lastPoll).toMatchObject({ status: 'ok' });
      expect(Date.parse(polled!.nextPollAt!)).toBeGreaterThan(Date.now());
      expect(mailbox.id).toBe(polled!.id);
      const received = await workspace.admin.listAll<{ disposition: string }>('/api/v1/email/messages');
      expect(received).toHaveLength(2);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  }, 90_000);

  it('reads the envelope sender from Return-Path, the null sender of bounces included', () => {
    expect(returnPathOf(Buffer.from('Return-Path: <Marie@Example.ca>\r\nSubject: hi\r\n\r\nbody'))).toBe('marie@example.ca');
    expect(returnPathOf(Buffer.from('Received: x\r\nReturn-Path: <>\r\n\r\nbody'))).toBe('');
    expect(returnPathOf(Buffer.from('Subject: hi\r\n\r\nReturn-Path: <late@example.com>\r\n'))).toBeUndefined();
  });

  it('never answers with a server fault', () => {
    expect(log.serverFaults()).toEqual([]);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
