import { randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';

interface AttachmentSummary {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  downloadUrl: string;
}

interface ThreadMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  disposition: string;
  commentId: string | null;
  from: { address: string; name: string | null };
  cc: Array<{ address: string; name: string | null }>;
  subject: string;
  hasHtml: boolean;
  attachments: AttachmentSummary[];
  rawDownloadUrl: string | null;
  rawSizeBytes: number;
}

interface TicketThread {
  ticketId: string;
  replyAddress: string;
  collaborators: Array<{ customerId: string; email: string; name: string }>;
  messages: ThreadMessage[];
}

interface CustomerComment extends Comment {
  attachments: AttachmentSummary[];
}

/** A 1×1 PNG: enough for the file to be recognised as an image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('email channel: a ticket’s thread lists its messages with their attachments and comments', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ smtp: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Composes and delivers a message over real SMTP on loopback, as a customer's mail server would. */
  async function send(message: SendMailOptions): Promise<void> {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail(message);
    } finally {
      transport.close();
    }
  }

  /** Bytes of a download with a token of the workspace's admin (the client reads bodies as text). */
  async function download(workspace: TestWorkspace, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const token = await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: workspace.adminId, role: 'admin' }, 'download'));
    const response = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token.secret}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** A customer writes in with a photo and a colleague in copy, then replies with another file. */
  async function conversationByEmail(workspace: TestWorkspace) {
    const address = `${workspace.slug}@localhost`;
    const openingId = `${randomUUID()}@mail.example.ca`;
    await send({
      from: 'Marie Tremblay <marie.tremblay@example.ca>',
      to: `Acme Support <${address}>`,
      cc: 'Daniel Okafor <daniel.okafor@example.ca>',
      subject: 'Lamp arrived broken',
      messageId: `<${openingId}>`,
      text: 'The lamp arrived broken. A photo is attached.',
      html: '<p>The lamp arrived <strong>broken</strong>. A photo is attached.</p>',
      attachments: [{ filename: 'broken-lamp.png', content: PNG, contentType: 'image/png' }],
    });
    const [ticket] = await workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' });
    if (!ticket) throw new Error('the message opened no ticket');
    await send({
      from: 'Marie Tremblay <marie.tremblay@example.ca>',
      to: address,
      subject: 'Re: Lamp arrived broken',
      inReplyTo: `<${openingId}>`,
      references: [`<${openingId}>`],
      text: 'Here is the delivery slip.',
      attachments: [{ filename: 'delivery-slip.png', content: PNG, contentType: 'image/png' }],
    });
    const comments = (await workspace.admin.get<PageOf<CustomerComment>>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
    return { ticket, comments };
  }

  it('names the opening message and each emailed comment, with their files, original and formatted version', async () => {
    const workspace = await server.createWorkspace();
    const { ticket, comments } = await conversationByEmail(workspace);
    expect(ticket.description).toBe('The lamp arrived broken. A photo is attached.');
    expect(comments).toHaveLength(1);
    const [reply] = comments;

    const thread = await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket.number}`);
    expect(thread.status).toBe(200);
    expect(thread.body.collaborators.map((person) => person.email)).toEqual(['daniel.okafor@example.ca']);
    const [opening, answer, ...others] = thread.body.messages;
    expect(others).toEqual([]);
    expect(opening).toMatchObject({
      direction: 'inbound',
      disposition: 'ticket_created',
      commentId: null,
      from: { address: 'marie.tremblay@example.ca', name: 'Marie Tremblay' },
      cc: [{ address: 'daniel.okafor@example.ca', name: 'Daniel Okafor' }],
      subject: 'Lamp arrived broken',
      hasHtml: true,
      attachments: [{ filename: 'broken-lamp.png', contentType: 'image/png', sizeBytes: PNG.length }],
    });
    // The list carries no bodies; the message itself has the sanitised HTML shown as the formatted version.
    expect(opening).not.toHaveProperty('html');
    const full = await workspace.admin.get<{ html: string | null }>(`/api/v1/email/messages/${opening!.id}`);
    expect(full.body.html).toContain('<strong>broken</strong>');
    const photo = await download(workspace, opening!.attachments[0]!.downloadUrl);
    expect(photo.status).toBe(200);
    expect(photo.bytes.equals(PNG)).toBe(true);
    const original = await download(workspace, opening!.rawDownloadUrl!);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('message/rfc822');
    expect(original.bytes.length).toBe(opening!.rawSizeBytes);
    expect(original.bytes.toString('latin1')).toContain('Subject: Lamp arrived broken');

    // The reply is the comment, and its files are the comment's attachments.
    expect(answer).toMatchObject({ direction: 'inbound', disposition: 'comment_added', commentId: reply!.id, hasHtml: false });
    expect(answer!.attachments.map((file) => file.filename)).toEqual(['delivery-slip.png']);
    expect(reply!.attachments.map((file) => file.id)).toEqual(answer!.attachments.map((file) => file.id));
    expect(answer!.rawDownloadUrl).toBe(`/api/v1/email/messages/${answer!.id}/raw`);
  });

  it('answers an empty thread for a ticket that never saw mail', async () => {
    const workspace = await server.createWorkspace();
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Phone call', customer_email: 'caller@example.com' })).body;
    const thread = await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket.id}`);
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({ ticketId: ticket.id, collaborators: [], messages: [] });
    expect(thread.body.replyAddress).toMatch(new RegExp(`^${workspace.slug}\\+.+@localhost$`));
  });

  it('shows the thread to every staff role that reads tickets, to no one signed out, and to no other workspace', async () => {
    const workspace = await server.createWorkspace();
    const { ticket } = await conversationByEmail(workspace);
    const viewer = await workspace.addUser('viewer');
    const seen = await viewer.client.get<TicketThread>(`/api/v1/email/tickets/${ticket.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.messages).toHaveLength(2);
    // Viewers read attachments too, so the files and the original it lists can be opened.
    const token = await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: viewer.userId, role: 'viewer' }, 'viewer download'));
    const raw = await fetch(new URL(seen.body.messages[0]!.rawDownloadUrl!, server.url), { headers: { authorization: `Bearer ${token.secret}` } });
    expect(raw.status).toBe(200);

    const anonymous = await server.client.get<ApiError>(`/api/v1/email/tickets/${ticket.id}`);
    expect(anonymous.status).toBe(401);

    const stranger = await server.createWorkspace();
    for (const path of [`/api/v1/email/tickets/${ticket.id}`, `/api/v1/email/tickets/${ticket.number}`]) {
      const answer = await stranger.admin.get<ApiError>(path);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('ticket_not_found');
    }
    // The stranger's own ticket with the same number lists only its own (empty) thread.
    const own = (await stranger.admin.post<Ticket>('/api/v1/tickets', { subject: 'Own ticket', customer_email: 'own@example.com' })).body;
    expect((await stranger.admin.get<TicketThread>(`/api/v1/email/tickets/${own.id}`)).body.messages).toEqual([]);
  });
});
