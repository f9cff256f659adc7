import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { recordResponses, type ResponseLog } from '../../../../test/response-log.js';
import { queryRows } from '../../../db/database.js';

interface Mailbox {
  address: string;
  name: string | null;
}

interface EmailMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  messageId: string;
  disposition: string;
  ticketId: string | null;
  commentId: string | null;
  customerId: string | null;
  from: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  text: string;
  html: string | null;
  attachments: Array<{ id: string; filename: string; contentType: string; sizeBytes: number; downloadUrl: string }>;
  rawDownloadUrl: string | null;
  isMalformed: boolean;
  deliveryStatus: string | null;
}

interface Customer {
  id: string;
  name: string;
  email: string | null;
  language: string;
}

interface TicketThread {
  ticketId: string;
  replyAddress: string;
  collaborators: Array<{ customerId: string; email: string; name: string }>;
}

interface CustomerComment extends Comment {
  authorCustomerId: string | null;
  attachments: Array<{ id: string; filename: string }>;
}

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** A fixture with its placeholders filled, with the CRLF line ends SMTP carries. */
function fixture(name: string, values: Record<string, string | number> = {}): Buffer {
  let text = readFileSync(new URL(name, FIXTURES), 'latin1');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, String(value));
  const leftover = /\{\{[A-Z_]+\}\}/.exec(text);
  if (leftover) throw new Error(`fixture ${name} still holds ${leftover[0]}`);
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}

function withHeader(raw: Buffer, name: string, value: string | undefined): Buffer {
  const text = raw.toString('latin1');
  const pattern = new RegExp(`^${name}:.*\\r\\n`, 'im');
  const replaced = pattern.test(text) ? text.replace(pattern, value === undefined ? '' : `${name}: ${value}\r\n`) : `${name}: ${value}\r\n${text}`;
  return Buffer.from(replaced, 'latin1');
}

type SendError = Error & { responseCode?: number; code?: string };
type Envelope = { from: string; to: string[]; size?: number };

describe('email channel: mail received over SMTP becomes tickets and replies', () => {
  let server: TestServer;
  let log: ResponseLog;

  beforeAll(async () => {
    log = recordResponses();
    server = await startTestServer({ smtp: true });
  });
  afterAll(async () => {
    log?.stop();
    await server?.close();
  });

  /** Delivers a raw message over real SMTP on loopback, as a mail server would (`size` is declared with MAIL FROM). */
  async function send(raw: Buffer, envelope: Envelope) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    try {
      return await transport.sendMail({ envelope, raw });
    } finally {
      transport.close();
    }
  }

  async function sendRefused(raw: Buffer, envelope: Envelope): Promise<SendError> {
    try {
      await send(raw, envelope);
    } catch (error) {
      return error as SendError;
    }
    throw new Error('the message was accepted');
  }

  async function workspaceWithMail() {
    const workspace = await server.createWorkspace();
    return { workspace, address: `${workspace.slug}@localhost` };
  }

  const emailTickets = (workspace: TestWorkspace) => workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' });
  const commentsOf = async (workspace: TestWorkspace, ticketId: string) =>
    (await workspace.admin.get<PageOf<CustomerComment>>(`/api/v1/tickets/${ticketId}/comments`)).body.data;
  const messagesOf = (workspace: TestWorkspace, query: Record<string, string> = {}) => workspace.admin.listAll<EmailMessage>('/api/v1/email/messages', query);
  const customerByEmail = async (workspace: TestWorkspace, email: string) =>
    (await workspace.admin.get<PageOf<Customer>>('/api/v1/customers', { email })).body.data[0];

  /** Bytes of a download, exactly (the client reads bodies as text). */
  async function download(workspace: TestWorkspace, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const token = await server.services.db.transaction((tx) => server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: workspace.adminId, role: 'admin' }, 'download'));
    const response = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token.secret}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async function newTicketFromMarie(workspace: TestWorkspace, address: string, messageId = `${randomUUID()}@mail.gmail.com`) {
    await send(fixture('new-request.eml', { TO: address, MESSAGE_ID: messageId }), { from: 'marie.tremblay@example.ca', to: [address] });
    const [ticket] = await emailTickets(workspace);
    if (!ticket) throw new Error('no ticket was created');
    return { ticket, messageId };
  }

  it('turns a new message into an email ticket, with its sender as a new customer named from the From header', async () => {
    const { workspace, address } = await workspaceWithMail();
    const raw = fixture('new-request.eml', { TO: address, MESSAGE_ID: 'CAHx7f2Lq9w3mNn0pRt5vY8zB1cD4eF6gH@mail.gmail.com' });
    const info = await send(raw, { from: 'marie.tremblay@example.ca', to: [address] });
    expect(info.accepted).toEqual([address]);
    expect(info.response).toMatch(/^250 /);

    const [ticket, ...others] = await emailTickets(workspace);
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({ subject: 'Order 48213 arrived damaged', channel: 'email', status: 'new', language: 'en' });
    expect(ticket!.description).toBe(
      'Hello,\n\nMy order 48213 arrived this morning and the box was crushed. The lamp inside is broken in two places. Can you send a replacement, or should I ask for a refund?\n\nThank you,\nMarie Tremblay',
    );
    const customer = await customerByEmail(workspace, 'marie.tremblay@example.ca');
    expect(customer).toMatchObject({ id: ticket!.customerId, name: 'Marie Tremblay', email: 'marie.tremblay@example.ca', language: 'en' });

    const [message] = await messagesOf(workspace, { ticketId: ticket!.id });
    expect(message).toMatchObject({
      direction: 'inbound',
      disposition: 'ticket_created',
      messageId: 'CAHx7f2Lq9w3mNn0pRt5vY8zB1cD4eF6gH@mail.gmail.com',
      customerId: customer!.id,
      from: { address: 'marie.tremblay@example.ca', name: 'Marie Tremblay' },
      to: [{ address, name: 'Acme Support' }],
      isMalformed: false,
    });
    // The original message is kept, byte for byte, behind a permission-checked download.
    const original = await download(workspace, message!.rawDownloadUrl!);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('message/rfc822');
    expect(original.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''message-.*\.eml$/);
    expect(original.bytes.equals(raw)).toBe(true);
    const anonymous = await fetch(new URL(message!.rawDownloadUrl!, server.url));
    expect(anonymous.status).toBe(401);
    const stranger = await server.createWorkspace();
    expect((await stranger.admin.get<ApiError>(message!.rawDownloadUrl!)).status).toBe(404);
  });

  it('reads ISO-8859-1 quoted-printable French mail with every accent intact, and detects French', async () => {
    const { workspace, address } = await workspaceWithMail();
    await send(fixture('iso-8859-1-quoted-printable.eml', { TO: address }), { from: 'helene.cote@exemple.qc.ca', to: [address] });
    const [ticket] = await emailTickets(workspace);
    expect(ticket!.subject).toBe('Réponse à votre demande — élève, ça');
    expect(ticket!.description).toContain("J'ai déjà reçu deux colis, mais le troisième n'est jamais arrivé à Québec.");
    expect(ticket!.description).toContain("Mon élève attend son cahier d'exercices ; ça commence à être urgent.");
    expect(ticket!.language).toBe('fr');
    expect(await customerByEmail(workspace, 'helene.cote@exemple.qc.ca')).toMatchObject({ name: 'Hélène Côté', language: 'fr' });
  });

  it('threads a Gmail reply through In-Reply-To, shows only its new part, and reopens the solved ticket', async () => {
    const { workspace, address } = await workspaceWithMail();
    const { ticket, messageId } = await newTicketFromMarie(workspace, address);
    expect((await workspace.admin.patch<Ticket>(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' })).body.statusCategory).toBe('resolved');

    await send(fixture('gmail-reply.eml', { TO: address, IN_REPLY_TO: messageId }), { from: 'marie.tremblay@example.ca', to: [address] });
    expect(await emailTickets(workspace)).toHaveLength(1);
    const [comment] = await commentsOf(workspace, ticket.id);
    expect(comment).toMatchObject({ authorType: 'customer', authorCustomerId: ticket.customerId, isPublic: true });
    expect(comment!.body).toBe(
      'Hi again,\n\nThe courier picked up the broken lamp this morning. Could you send the\nreplacement to my office address instead? 1200 rue Peel, Montreal.\n\nThanks,\nMarie',
    );
    const reopened = (await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body;
    expect(reopened).toMatchObject({ status: 'open', statusCategory: 'open', resolvedAt: null });

    // The quoted history is not lost: the message keeps the whole text.
    const reply = (await messagesOf(workspace, { ticketId: ticket.id })).find((message) => message.commentId === comment!.id);
    expect(reply).toMatchObject({ disposition: 'comment_added' });
    expect(reply!.text).toContain('On Mon, Nov 23, 2026 at 4:02 PM Acme Support <support@acme.example> wrote:');
    expect(reply!.text).toContain('> Sorry to hear the order arrived damaged.');
  });

  it('threads an Outlook reply sent to the reply address (token), without the "Original Message" block or the signature', async () => {
    const { workspace, address } = await workspaceWithMail();
    await send(
      Buffer.from(fixture('new-request.eml', { TO: address, MESSAGE_ID: `${randomUUID()}@northwind.example` }).toString('latin1').replace(/Marie\.Tremblay@Example\.ca/g, 'james.whitfield@northwind.example').replace('Marie Tremblay <', 'James Whitfield <').replace('Order 48213 arrived damaged', 'Router keeps dropping the connection'), 'latin1'),
      { from: 'james.whitfield@northwind.example', to: [address] },
    );
    const [ticket] = await emailTickets(workspace);
    await workspace.admin.patch(`/api/v1/tickets/${ticket!.id}`, { status: 'pending' });
    const thread = (await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket!.id}`)).body;
    expect(thread.replyAddress).toMatch(new RegExp(`^${workspace.slug}\\+${ticket!.number}-[a-z2-7]{16}@localhost$`));

    // The Message-ID it answers is unknown here (sent by another system): only the address leads to the ticket.
    await send(fixture('outlook-reply.eml', { TO: thread.replyAddress, IN_REPLY_TO: 'AM0PR07MB6001@unknown.example' }), { from: 'james.whitfield@northwind.example', to: [thread.replyAddress] });
    expect(await emailTickets(workspace)).toHaveLength(1);
    const [comment] = await commentsOf(workspace, ticket!.id);
    expect(comment!.body).toBe('Hello,\n\nThe serial number is 7781-2231-09. I restarted the router as you asked and the light is still orange after ten minutes.');
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket!.id}`)).body.status).toBe('open');

    // A token that was not signed for this ticket leads nowhere: the mail is a new conversation.
    const forged = thread.replyAddress.replace(/-[a-z2-7]{16}@/, '-aaaaaaaaaaaaaaaa@');
    await send(withHeader(fixture('outlook-reply.eml', { TO: forged, IN_REPLY_TO: 'x@unknown.example' }), 'Message-ID', '<forged-1@northwind.example>'), { from: 'james.whitfield@northwind.example', to: [forged] });
    expect(await emailTickets(workspace)).toHaveLength(2);
    expect(await commentsOf(workspace, ticket!.id)).toHaveLength(1);

    // Nor does another workspace's token.
    const other = await workspaceWithMail();
    const foreignToken = `${other.workspace.slug}+${thread.replyAddress.split('+')[1]}`;
    await send(withHeader(fixture('outlook-reply.eml', { TO: foreignToken, IN_REPLY_TO: 'y@unknown.example' }), 'Message-ID', '<foreign-1@northwind.example>'), { from: 'james.whitfield@northwind.example', to: [foreignToken] });
    expect(await emailTickets(other.workspace)).toHaveLength(1);
    expect(await commentsOf(workspace, ticket!.id)).toHaveLength(1);
  });

  it('receives at an alias, keeps attachments and the inline image, and threads a French Outlook reply by [#number] in the subject', async () => {
    const { workspace } = await workspaceWithMail();
    const alias = `aide@${workspace.slug}.example`;
    expect((await workspace.admin.post('/api/v1/email/addresses', { address: alias })).status).toBe(201);

    const original = fixture('attachment-inline-image.eml', { TO: alias });
    await send(original, { from: 'sophie.gagnon@exemple.qc.ca', to: [alias] });
    const [ticket] = await emailTickets(workspace);
    expect(ticket!.subject).toBe('Invoice and screenshot of the error');
    const [message] = await messagesOf(workspace, { ticketId: ticket!.id });
    const [image, invoice] = message!.attachments;
    expect(image).toMatchObject({ filename: 'capture.png', contentType: 'image/png' });
    expect(invoice).toMatchObject({ filename: 'facture-F-2026-0412-détail.pdf', contentType: 'application/pdf' });
    const png = await download(workspace, image!.downloadUrl);
    expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.bytes.length).toBe(image!.sizeBytes);
    const pdf = await download(workspace, invoice!.downloadUrl);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.toString('latin1')).toContain('Invoice F-2026-0412: 149.00 CAD');
    // The HTML shows the inline image from its stored attachment, and keeps its formatting.
    expect(message!.html).toContain(`<img alt="Screenshot of the error" src="/api/v1/attachments/${image!.id}/content" />`);
    expect(message!.html).toContain('<strong>anyway</strong>');
    const attachment = (await workspace.admin.get<{ ticketId: string }>(`/api/v1/attachments/${invoice!.id}`)).body;
    expect(attachment.ticketId).toBe(ticket!.id);

    await send(fixture('outlook-reply-fr.eml', { TO: alias, NUMBER: ticket!.number }), { from: 'sophie.gagnon@exemple.qc.ca', to: [alias] });
    expect(await emailTickets(workspace)).toHaveLength(1);
    const [comment] = await commentsOf(workspace, ticket!.id);
    expect(comment!.body).toBe(
      'Bonjour,\n\nMerci pour votre réponse rapide. Je vous confirme que la facture F-2026-0412 a été payée deux fois ; pouvez-vous rembourser le deuxième paiement sur ma carte ?',
    );

    // A ticket number is easy to guess: from someone unrelated to the ticket it opens a new one instead.
    const stranger = withHeader(
      withHeader(fixture('outlook-reply-fr.eml', { TO: alias, NUMBER: ticket!.number }), 'From', 'Someone Else <someone@elsewhere.example>'),
      'Message-ID',
      '<stranger-1@elsewhere.example>',
    );
    await send(stranger, { from: 'someone@elsewhere.example', to: [alias] });
    expect(await emailTickets(workspace)).toHaveLength(2);
    expect(await commentsOf(workspace, ticket!.id)).toHaveLength(1);
  });

  it('threads an Apple Mail reply through References; a colleague replying joins the ticket in copy', async () => {
    const { workspace, address } = await workspaceWithMail();
    const { ticket, messageId } = await newTicketFromMarie(workspace, address);
    await send(fixture('apple-mail-reply.eml', { TO: address, IN_REPLY_TO: messageId }), { from: 'daniel.okafor@example.org', to: [address] });
    expect(await emailTickets(workspace)).toHaveLength(1);
    const [comment] = await commentsOf(workspace, ticket.id);
    expect(comment!.body).toBe('That worked, thank you! I’m back in my account.\n\nDaniel');
    const daniel = await customerByEmail(workspace, 'daniel.okafor@example.org');
    expect(daniel).toMatchObject({ name: 'Daniel Okafor' });
    expect(comment!.authorCustomerId).toBe(daniel!.id);
    const thread = (await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket.number}`)).body;
    expect(thread.collaborators).toEqual([expect.objectContaining({ customerId: daniel!.id, email: 'daniel.okafor@example.org', name: 'Daniel Okafor' })]);
  });

  it('sanitises HTML-only mail: scripts, handlers, frames and remote images vanish, formatting and links stay', async () => {
    const { workspace, address } = await workspaceWithMail();
    await send(fixture('html-only.eml', { TO: address }), { from: 'lucas@bergeron-design.example', to: [address] });
    const [ticket] = await emailTickets(workspace);
    const [message] = await messagesOf(workspace, { ticketId: ticket!.id });
    const html = message!.html!;
    for (const forbidden of ['<script', 'alert(', 'document.cookie', 'onclick', 'onload', 'onerror', 'steal()', '<iframe', 'javascript:', 'tracker.example', '<style', 'position', 'Newsletter builder']) {
      expect(html, forbidden).not.toContain(forbidden);
    }
    expect(html).toContain('<b>Pro plan</b>');
    expect(html).toContain('<i>12 seats</i>');
    expect(html).toContain('<a href="https://acme.example/pricing" target="_blank" rel="noopener noreferrer nofollow">annual price</a>');
    expect(html).toContain('<li>Billing contact: Lucas Bergeron</li>');
    expect(html).toContain('<p style="color:#336699">');
    expect(ticket!.description).toBe(
      'Hello team,\n\nWe would like to upgrade to the Pro plan for 12 seats. Is the annual price still valid this month?\n\n- Billing contact: Lucas Bergeron\n- Company: Bergeron Design\n\nClick here for our company details.\n\nThanks,\nLucas',
    );
  });

  it('records a bounce on the customer and on the comment whose outgoing message it returns, and opens no ticket', async () => {
    const { workspace, address } = await workspaceWithMail();
    const customer = (await workspace.admin.post<Customer>('/api/v1/customers', { name: 'James Gone', email: 'gone@northwind.example' })).body;
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Router keeps dropping the connection', customerId: customer.id })).body;
    const reply = (await workspace.admin.post<Comment>(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Could you restart the router?' })).body;
    // What outbound mail records when it sends that reply.
    const sentMessageId = `${randomUUID()}@localhost`;
    await server.services.db.transaction((tx) =>
      server.services.email.recordOutboundMessage(tx, {
        workspaceId: workspace.workspaceId,
        ticketId: ticket.id,
        commentId: reply.id,
        messageId: sentMessageId,
        from: { address, name: 'Acme Support' },
        to: [{ address: 'gone@northwind.example', name: 'James Gone' }],
        cc: [],
        subject: `Re: [#${ticket.number}] Router keeps dropping the connection`,
        text: 'Could you restart the router?',
        html: null,
        inReplyTo: null,
        references: [],
      }),
    );

    const info = await send(fixture('bounce-dsn.eml', { TO: address, RECIPIENT: 'gone@northwind.example', ORIGINAL_MESSAGE_ID: sentMessageId, NUMBER: ticket.number }), { from: '', to: [address] });
    expect(info.response).toMatch(/^250 /);
    expect(await emailTickets(workspace)).toEqual([]);
    expect(await commentsOf(workspace, ticket.id)).toHaveLength(1);

    const bounces = (await workspace.admin.get<PageOf<Record<string, unknown>>>('/api/v1/email/bounces', { customerId: customer.id })).body.data;
    expect(bounces).toEqual([
      expect.objectContaining({ recipient: 'gone@northwind.example', customerId: customer.id, action: 'failed', status: '5.1.1', ticketId: ticket.id, commentId: reply.id }),
    ]);
    expect(String(bounces[0]!.diagnostic)).toContain('User unknown in virtual mailbox table');
    expect((await workspace.admin.get<PageOf<unknown>>('/api/v1/email/bounces', { commentId: reply.id })).body.data).toHaveLength(1);
    const outbound = (await messagesOf(workspace, { ticketId: ticket.id })).find((message) => message.direction === 'outbound');
    expect(outbound).toMatchObject({ messageId: sentMessageId, deliveryStatus: 'bounced', commentId: reply.id });
    expect(await messagesOf(workspace, { disposition: 'bounce' })).toEqual([expect.objectContaining({ from: { address: 'mailer-daemon@mx.northwind.example', name: 'Mail Delivery System' } })]);
  });

  it('never opens a ticket for auto-replies, bulk mail or system senders, but does for Auto-Submitted: no', async () => {
    const { workspace, address } = await workspaceWithMail();
    const autoReply = (id: string) => fixture('auto-reply.eml', { TO: address, MESSAGE_ID: id });
    await send(autoReply('auto-1@exemple.qc.ca'), { from: 'chantal.roy@exemple.qc.ca', to: [address] });
    await send(withHeader(withHeader(autoReply('bulk-1@exemple.qc.ca'), 'Auto-Submitted', undefined), 'Precedence', 'bulk'), { from: 'chantal.roy@exemple.qc.ca', to: [address] });
    await send(withHeader(withHeader(autoReply('list-1@exemple.qc.ca'), 'Auto-Submitted', undefined), 'Precedence', 'list'), { from: 'chantal.roy@exemple.qc.ca', to: [address] });
    await send(withHeader(withHeader(autoReply('postmaster-1@exemple.qc.ca'), 'Auto-Submitted', undefined), 'From', 'Postmaster <postmaster@exemple.qc.ca>'), { from: 'postmaster@exemple.qc.ca', to: [address] });
    await send(withHeader(withHeader(autoReply('daemon-1@exemple.qc.ca'), 'Auto-Submitted', undefined), 'From', 'MAILER-DAEMON@exemple.qc.ca'), { from: '', to: [address] });
    expect(await emailTickets(workspace)).toEqual([]);
    const setAside = await messagesOf(workspace);
    expect(setAside.map((message) => message.disposition).sort()).toEqual(['bounce', 'ignored_automated', 'ignored_automated', 'ignored_automated', 'ignored_automated']);

    // An out-of-office answer on a ticket is kept with it, and changes nothing of it.
    const { ticket } = await newTicketFromMarie(workspace, address);
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
    await send(withHeader(fixture('auto-reply.eml', { TO: address, MESSAGE_ID: 'auto-2@exemple.qc.ca' }), 'Subject', `Absent: [#${ticket.number}]`), { from: 'marie.tremblay@example.ca', to: [address] });
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body.status).toBe('pending');
    expect(await commentsOf(workspace, ticket.id)).toEqual([]);

    await send(withHeader(autoReply('human-1@exemple.qc.ca'), 'Auto-Submitted', 'no'), { from: 'chantal.roy@exemple.qc.ca', to: [address] });
    expect((await emailTickets(workspace)).map((item) => item.subject)).toContain('Réponse automatique\u00a0: Absente du bureau');
  });

  it('makes one ticket and one comment of a message delivered twice, even at the same moment', async () => {
    const { workspace, address } = await workspaceWithMail();
    const raw = fixture('new-request.eml', { TO: address, MESSAGE_ID: 'twice@mail.gmail.com' });
    const deliveries = await Promise.all([1, 2, 3, 4].map(() => send(raw, { from: 'marie.tremblay@example.ca', to: [address] })));
    expect(deliveries.every((info) => info.response.startsWith('250 '))).toBe(true);
    await send(raw, { from: 'marie.tremblay@example.ca', to: [address] });
    const tickets = await emailTickets(workspace);
    expect(tickets).toHaveLength(1);

    const reply = fixture('gmail-reply.eml', { TO: address, IN_REPLY_TO: 'twice@mail.gmail.com' });
    await Promise.all([1, 2, 3].map(() => send(reply, { from: 'marie.tremblay@example.ca', to: [address] })));
    expect(await commentsOf(workspace, tickets[0]!.id)).toHaveLength(1);
    expect(await messagesOf(workspace)).toHaveLength(2);
  });

  it('makes one customer of a new sender whose messages arrive together', async () => {
    const { workspace, address } = await workspaceWithMail();
    await Promise.all(
      [1, 2, 3, 4].map((index) => send(fixture('new-request.eml', { TO: address, MESSAGE_ID: `together-${index}@mail.gmail.com` }), { from: 'marie.tremblay@example.ca', to: [address] })),
    );
    const tickets = await emailTickets(workspace);
    expect(tickets).toHaveLength(4);
    const customers = await workspace.admin.listAll<Customer>('/api/v1/customers', { email: 'marie.tremblay@example.ca' });
    expect(customers).toHaveLength(1);
    expect(new Set(tickets.map((ticket) => ticket.customerId))).toEqual(new Set([customers[0]!.id]));
  });

  it('refuses a message over the workspace size limit with 552 and writes nothing', async () => {
    const { workspace, address } = await workspaceWithMail();
    expect((await workspace.admin.patch('/api/v1/email/settings', { maxMessageBytes: 64 * 1024 })).status).toBe(200);
    const filesBefore = await countStoredFiles(server);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    const refusal = await transport
      .sendMail({
        from: 'Marie Tremblay <marie.tremblay@example.ca>',
        to: address,
        subject: 'Photos of the damaged box',
        text: 'Here are the photos.',
        attachments: [{ filename: 'box.jpg', content: Buffer.alloc(120 * 1024, 0xab) }],
      })
      .then(() => undefined, (error: SendError) => error);
    transport.close();
    expect(refusal?.responseCode).toBe(552);
    // The same message declared with SIZE is refused before it is sent.
    const declared = await sendRefused(fixture('new-request.eml', { TO: address, MESSAGE_ID: 'small@mail.gmail.com' }), { from: 'marie.tremblay@example.ca', to: [address], size: 200_000 });
    expect(declared.responseCode).toBe(552);

    expect(await emailTickets(workspace)).toEqual([]);
    expect(await messagesOf(workspace)).toEqual([]);
    const [rows] = await queryRows<{ messages: number; attachments: number }>(
      server.services.db,
      sql`SELECT (SELECT count(*)::int FROM email_messages WHERE workspace_id = ${workspace.workspaceId}) AS messages,
                 (SELECT count(*)::int FROM attachments WHERE workspace_id = ${workspace.workspaceId}) AS attachments`,
    );
    expect(rows).toEqual({ messages: 0, attachments: 0 });
    expect(await countStoredFiles(server)).toBe(filesBefore);

    // Under the limit, the same kind of message goes through.
    await send(fixture('new-request.eml', { TO: address, MESSAGE_ID: 'fits@mail.gmail.com' }), { from: 'marie.tremblay@example.ca', to: [address] });
    expect(await emailTickets(workspace)).toHaveLength(1);
  });

  it('refuses mail for an unknown address with 550, and takes the known recipients of a mixed delivery', async () => {
    const { workspace, address } = await workspaceWithMail();
    const raw = fixture('new-request.eml', { TO: address, MESSAGE_ID: 'unknown@mail.gmail.com' });
    const refused = await sendRefused(raw, { from: 'marie.tremblay@example.ca', to: ['nobody-here@localhost'] });
    expect(refused.responseCode).toBe(550);
    const elsewhere = await sendRefused(raw, { from: 'marie.tremblay@example.ca', to: ['support@not-ours.example'] });
    expect(elsewhere.responseCode).toBe(550);
    expect(await emailTickets(workspace)).toEqual([]);

    const mixed = await send(raw, { from: 'marie.tremblay@example.ca', to: ['nobody-here@localhost', address] });
    expect(mixed.accepted).toEqual([address]);
    expect(mixed.rejected).toEqual(['nobody-here@localhost']);
    expect(await emailTickets(workspace)).toHaveLength(1);
  });

  it('makes the people in To and Cc collaborators, never Bcc, and none when support was only in Bcc', async () => {
    const { workspace, address } = await workspaceWithMail();
    await send(fixture('cc-collaborators.eml', { TO: address }), { from: 'priya.raman@northwind.example', to: [address] });
    const [ticket] = await emailTickets(workspace);
    const thread = (await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket!.id}`)).body;
    expect(thread.collaborators.map(({ email, name }) => ({ email, name })).sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'anne.lefebvre@northwind.example', name: 'Lefebvre, Anne' },
      { email: 'it-desk@northwind.example', name: 'it-desk' },
      { email: 'tom.baker@northwind.example', name: 'Tom Baker' },
    ]);
    expect(await customerByEmail(workspace, 'anne.lefebvre@northwind.example')).toBeDefined();
    expect(await customerByEmail(workspace, 'cfo@northwind.example')).toBeUndefined();
    const [message] = await messagesOf(workspace, { ticketId: ticket!.id });
    expect(JSON.stringify(message)).not.toContain('cfo@');
    expect(JSON.stringify(thread)).not.toContain('cfo@');

    // Support copied in Bcc only: the ticket exists, but the others never wrote to support.
    const hidden = withHeader(withHeader(fixture('cc-collaborators.eml', { TO: address }), 'To', 'Tom Baker <tom.baker@northwind.example>'), 'Message-ID', '<bcc-only@northwind.example>');
    await send(withHeader(hidden, 'Bcc', undefined), { from: 'priya.raman@northwind.example', to: [address] });
    const tickets = await emailTickets(workspace);
    expect(tickets).toHaveLength(2);
    const bccTicket = tickets.find((item) => item.id !== ticket!.id)!;
    expect((await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${bccTicket.id}`)).body.collaborators).toEqual([]);
  });

  it('keeps a flooding sender’s mail beyond the hourly limit without ticketing it', async () => {
    const { workspace, address } = await workspaceWithMail();
    await workspace.admin.patch('/api/v1/email/settings', { senderHourlyLimit: 3 });
    for (let index = 0; index < 6; index += 1) {
      const info = await send(fixture('new-request.eml', { TO: address, MESSAGE_ID: `flood-${index}@mail.gmail.com` }), { from: 'marie.tremblay@example.ca', to: [address] });
      expect(info.response).toMatch(/^250 /);
    }
    expect(await emailTickets(workspace)).toHaveLength(3);
    expect(await messagesOf(workspace, { disposition: 'throttled' })).toHaveLength(3);
    // Another sender is not held back by the first.
    await send(fixture('iso-8859-1-quoted-printable.eml', { TO: address }), { from: 'helene.cote@exemple.qc.ca', to: [address] });
    expect(await emailTickets(workspace)).toHaveLength(4);
  });

  it('still makes a ticket of malformed MIME, from whatever could be read, and keeps the raw message', async () => {
    const { workspace, address } = await workspaceWithMail();
    const raw = fixture('malformed-mime.eml', { TO: address, MESSAGE_ID: 'broken-1@example.com' });
    await send(raw, { from: 'jose.martinez@example.com', to: [address] });
    const [ticket] = await emailTickets(workspace);
    expect(ticket!.subject).toContain('Export from the old system');
    expect(ticket!.description).toContain('Hello, the export from our old system looks broken, can you still read this?');
    expect(ticket!.description).toContain('Missing orders: 1201, 1202 and 1207.');
    expect(await customerByEmail(workspace, 'jose.martinez@example.com')).toMatchObject({ name: 'José Martínez' });
    const [message] = await messagesOf(workspace, { ticketId: ticket!.id });
    expect(message!.isMalformed).toBe(true);
    expect((await download(workspace, message!.rawDownloadUrl!)).bytes.equals(raw)).toBe(true);
  });

  it('lands a reply to a merged ticket on the ticket it was merged into, and a reply to a closed one on a follow-up', async () => {
    const { workspace, address } = await workspaceWithMail();
    const { ticket, messageId } = await newTicketFromMarie(workspace, address);
    const target = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Damaged lamp (main ticket)', customerId: ticket.customerId })).body;
    expect((await workspace.admin.post(`/api/v1/tickets/${ticket.id}/merge`, { targetTicketId: target.id })).status).toBeLessThan(300);
    await send(fixture('gmail-reply.eml', { TO: address, IN_REPLY_TO: messageId }), { from: 'marie.tremblay@example.ca', to: [address] });
    const onTarget = await commentsOf(workspace, target.id);
    expect(onTarget.some((comment) => comment.body.startsWith('Hi again,'))).toBe(true);

    await workspace.admin.patch(`/api/v1/tickets/${target.id}`, { status: 'closed' });
    await send(withHeader(fixture('gmail-reply.eml', { TO: address, IN_REPLY_TO: messageId }), 'Message-ID', '<after-close@mail.gmail.com>'), { from: 'marie.tremblay@example.ca', to: [address] });
    const followUp = (await emailTickets(workspace)).find((item) => item.description.startsWith(`Follow-up to ticket #${target.number}`));
    expect(followUp).toMatchObject({ subject: 'Re: Order 48213 arrived damaged', customerId: ticket.customerId, status: 'new' });
  });

  it('manages support addresses and limits: the default is always listed and fixed, writes need settings.manage', async () => {
    const { workspace, address } = await workspaceWithMail();
    const listed = await workspace.admin.get<{ data: Array<{ address: string; isDefault: boolean }> }>('/api/v1/email/addresses');
    expect(listed.body.data).toEqual([{ address, isDefault: true, createdAt: null }]);
    const settings = await workspace.admin.get('/api/v1/email/settings');
    expect(settings.body).toEqual({ defaultAddress: address, mailDomain: 'localhost', senderHourlyLimit: 20, maxMessageBytes: 25 * 1024 * 1024 });

    const alias = `Support@${workspace.slug}.example`;
    const created = await workspace.admin.post('/api/v1/email/addresses', { address: alias });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ address: alias.toLowerCase(), isDefault: false });
    expect((await workspace.admin.post<ApiError>('/api/v1/email/addresses', { address: alias })).body.error.code).toBe('email_address_taken');
    const other = await server.createWorkspace();
    const taken = await other.admin.post<ApiError>('/api/v1/email/addresses', { address: alias });
    expect(taken.status).toBe(409);
    expect((await other.admin.post<ApiError>('/api/v1/email/addresses', { address: `${other.slug}-alias@localhost` })).status).toBe(400);
    expect((await other.admin.post<ApiError>('/api/v1/email/addresses', { address: 'support+tag@other.example' })).status).toBe(400);

    const fixed = await workspace.admin.delete<ApiError>(`/api/v1/email/addresses/${encodeURIComponent(address)}`);
    expect(fixed.status).toBe(409);
    expect(fixed.body.error.code).toBe('email_default_address_fixed');
    const agent = await workspace.addUser('agent');
    expect((await agent.client.get('/api/v1/email/addresses')).status).toBe(200);
    expect((await agent.client.post<ApiError>('/api/v1/email/addresses', { address: `aide@${workspace.slug}.example` })).status).toBe(403);
    expect((await agent.client.patch<ApiError>('/api/v1/email/settings', { senderHourlyLimit: 1 })).status).toBe(403);
    expect((await workspace.admin.patch<ApiError>('/api/v1/email/settings', { maxMessageBytes: 10 })).status).toBe(400);

    // Mail to the alias now reaches the workspace; once removed, it is refused.
    await send(fixture('new-request.eml', { TO: alias, MESSAGE_ID: 'alias@mail.gmail.com' }), { from: 'marie.tremblay@example.ca', to: [alias] });
    expect(await emailTickets(workspace)).toHaveLength(1);
    expect((await workspace.admin.delete(`/api/v1/email/addresses/${encodeURIComponent(alias)}`)).status).toBe(204);
    expect((await workspace.admin.delete<ApiError>(`/api/v1/email/addresses/${encodeURIComponent(alias)}`)).status).toBe(404);
    expect((await sendRefused(fixture('new-request.eml', { TO: alias, MESSAGE_ID: 'gone@mail.gmail.com' }), { from: 'marie.tremblay@example.ca', to: [alias] })).responseCode).toBe(550);
  });

  it("keeps each workspace's mail to itself: another workspace reads none of it and cannot take its addresses", async () => {
    const alpha = await workspaceWithMail();
    const { ticket } = await newTicketFromMarie(alpha.workspace, alpha.address);
    const [message] = await messagesOf(alpha.workspace, { ticketId: ticket.id });
    const beta = await server.createWorkspace();
    for (const path of [`/api/v1/email/messages/${message!.id}`, `/api/v1/email/messages/${message!.id}/raw`, `/api/v1/email/tickets/${ticket.id}`]) {
      const answer = await beta.admin.get<ApiError>(path);
      expect(answer.status, path).toBe(404);
    }
    expect(await beta.admin.listAll('/api/v1/email/messages', { ticketId: ticket.id })).toEqual([]);
    expect(await beta.admin.listAll('/api/v1/email/messages')).toEqual([]);
    expect(await beta.admin.listAll('/api/v1/email/bounces', { customerId: ticket.customerId! })).toEqual([]);
    expect((await beta.admin.delete<ApiError>(`/api/v1/email/addresses/${encodeURIComponent(alpha.address)}`)).status).toBe(404);
    expect((await beta.admin.get<{ data: Array<{ address: string }> }>('/api/v1/email/addresses')).body.data.map((item) => item.address)).toEqual([`${beta.slug}@localhost`]);
    // The same Message-ID sent to both is a message of each: one ticket in each workspace.
    await send(fixture('new-request.eml', { TO: alpha.address, MESSAGE_ID: 'shared@mail.gmail.com' }), { from: 'marie.tremblay@example.ca', to: [alpha.address, `${beta.slug}@localhost`] });
    expect(await emailTickets(beta)).toHaveLength(1);
    expect(await emailTickets(alpha.workspace)).toHaveLength(2);
  });

  it('never answers with a server fault', () => {
    expect(log.serverFaults()).toEqual([]);
  });
});

async function countStoredFiles(server: TestServer): Promise<number> {
  const entries = await readdir(server.services.fileStorage.root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).length;
}
