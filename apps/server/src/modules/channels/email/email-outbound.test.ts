import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Comment, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startOutsideMailServer, type OutsideMailServer, type ReceivedMail } from '../../../../test/outside-mail-server.js';

interface EmailDelivery {
  status: 'queued' | 'sent' | 'failed' | 'bounced' | 'disabled';
  recipient: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

interface CommentWithDelivery extends Comment {
  emailDelivery: EmailDelivery | null;
}

interface TicketDelivery extends EmailDelivery {
  id: string;
  kind: string;
  messageId: string;
  commentId: string | null;
}

const PUBLIC_URL = 'https://support.example.test';
const EVERY_HOUR_OF_THE_WEEK = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' }));

describe('email channel, outbound: replies, acknowledgements and notifications over real SMTP', () => {
  let outside: OutsideMailServer;
  let server: TestServer;

  beforeAll(async () => {
    outside = await startOutsideMailServer();
    server = await startTestServer({ workers: true, smtp: true, env: { SMTP_URL: outside.url, EMAIL_RETRY_BASE_SECONDS: '1', PUBLIC_URL } });
  });
  afterAll(async () => {
    await server?.close();
    await outside?.close();
  });

  /** A workspace that, unless a test turns them on, sends neither acknowledgements nor resolved notifications. */
  async function quietWorkspace(): Promise<{ workspace: TestWorkspace; address: string }> {
    const workspace = await server.createWorkspace();
    const settings = await workspace.admin.patch('/api/v1/email/outbound-settings', { isAutoAcknowledgementEnabled: false, isResolvedNotificationEnabled: false });
    expect(settings.status).toBe(200);
    return { workspace, address: `${workspace.slug}@localhost` };
  }

  /** The customer writes to the workspace's support address, through our SMTP receiver, as their mail server would. */
  async function customerWrites(to: string, message: { from: string; subject: string; text: string; cc?: string[]; messageId?: string }) {
    const messageId = message.messageId ?? `${randomUUID()}@mail.example.ca`;
    const transport = createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ from: message.from, to, cc: message.cc, subject: message.subject, text: message.text, messageId: `<${messageId}>` });
    } finally {
      transport.close();
    }
    return messageId;
  }

  async function ticketWithSubject(workspace: TestWorkspace, subject: string): Promise<Ticket> {
    const tickets = await workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' });
    const ticket = tickets.find((item) => item.subject === subject);
    if (!ticket) throw new Error(`no ticket "${subject}"`);
    return ticket;
  }

  async function reply(workspace: TestWorkspace, ticketId: string, body: string, isPublic = true): Promise<CommentWithDelivery> {
    const created = await workspace.admin.post<CommentWithDelivery>(`/api/v1/tickets/${ticketId}/comments`, { body, isPublic });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function deliveryOf(workspace: TestWorkspace, ticketId: string, commentId: string): Promise<EmailDelivery | null> {
    const comments = (await workspace.admin.get<PageOf<CommentWithDelivery>>(`/api/v1/tickets/${ticketId}/comments`)).body.data;
    return comments.find((comment) => comment.id === commentId)?.emailDelivery ?? null;
  }

  const sentTo = (address: string) => (mail: ReceivedMail) => mail.envelope.to.includes(address);
  const bracketsOff = (value: string | undefined) => value?.replace(/^<|>$/g, '');

  it('sends an agent reply once: threaded under the customer\'s message, ticket number in the subject, Reply-To the ticket, colleagues in Cc, text and HTML', async () => {
    const { workspace, address } = await quietWorkspace();
    const marie = `marie.${randomUUID().slice(0, 8)}@example.ca`;
    const paul = `paul.${randomUUID().slice(0, 8)}@example.ca`;
    const customerMessageId = await customerWrites(address, {
      from: `Marie Tremblay <${marie}>`,
      cc: [`Paul Roy <${paul}>`],
      subject: 'Order 48213 arrived damaged',
      text: 'Hello,\n\nMy order 48213 arrived this morning and the box was crushed. The lamp inside is broken.\n\nThank you,\nMarie',
    });
    const ticket = await ticketWithSubject(workspace, 'Order 48213 arrived damaged');
    const agent = await workspace.addUser('agent', 'Liam Agent');
    const comment = (await agent.client.post<CommentWithDelivery>(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Sorry about the lamp, Marie.\nA replacement <b>ships</b> today & you keep the old one.', isPublic: true })).body;

    const mail = await outside.waitFor(sentTo(marie));
    const thread = (await workspace.admin.get<{ replyAddress: string }>(`/api/v1/email/tickets/${ticket.id}`)).body;
    expect(mail.parsed.subject).toBe(`Re: Order 48213 arrived damaged [#${ticket.number}]`);
    expect(mail.parsed.from?.value).toEqual([{ address: `${workspace.slug}@localhost`, name: `Liam Agent (${workspace.slug})` }]);
    expect(mail.parsed.replyTo?.value).toEqual([{ address: thread.replyAddress, name: '' }]);
    expect(thread.replyAddress).toMatch(new RegExp(`^${workspace.slug}\\+${ticket.number}-[a-z2-7]{16}@localhost$`));
    expect((mail.parsed.to as { value: unknown[] }).value).toEqual([{ address: marie, name: 'Marie Tremblay' }]);
    expect((mail.parsed.cc as { value: Array<{ address: string }> }).value.map((item) => item.address)).toEqual([paul]);
    // Everyone it reaches is in To or Cc: no blind copy, in the envelope or the headers.
    expect(mail.envelope.to.sort()).toEqual([marie, paul].sort());
    expect(mail.header('bcc')).toBeUndefined();
    expect(mail.parsed.inReplyTo).toBe(`<${customerMessageId}>`);
    expect(mail.parsed.references).toContain(`<${customerMessageId}>`);
    // An agent's reply is written by a person: it does not claim to be automatic.
    expect(mail.header('auto-submitted')).toBeUndefined();
    expect(mail.envelope.from).toBe(`${workspace.slug}@localhost`);

    expect(mail.parsed.text).toContain('Sorry about the lamp, Marie.\nA replacement <b>ships</b> today & you keep the old one.');
    expect(mail.parsed.text).toContain('Liam Agent');
    expect(mail.parsed.text).toContain(`You are receiving this email about your request to ${workspace.slug}.`);
    expect(mail.parsed.html).toContain('Sorry about the lamp, Marie.<br>');
    expect(mail.parsed.html).toContain('A replacement &lt;b&gt;ships&lt;/b&gt; today &amp; you keep the old one.');
    expect(mail.parsed.html).toContain('<html lang="en">');
    expect(mail.parsed.html).toContain('border-top:4px solid #2563eb');

    // The Message-ID sent is the one recorded in the ticket's thread, as outbound, with the comment.
    const messages = await workspace.admin.listAll<{ direction: string; messageId: string; commentId: string | null }>('/api/v1/email/messages', { ticketId: ticket.id });
    const recorded = messages.find((message) => message.direction === 'outbound');
    expect(recorded).toMatchObject({ messageId: bracketsOff(mail.parsed.messageId), commentId: comment.id });
    await expect.poll(() => deliveryOf(workspace, ticket.id, comment.id), { timeout: 10_000 }).toMatchObject({ status: 'sent', recipient: marie, attempts: 1, lastError: null });
    expect((await deliveryOf(workspace, ticket.id, comment.id))!.sentAt).not.toBeNull();
    expect(outside.received.filter(sentTo(marie))).toHaveLength(1);

    // A second reply lists the whole thread: the customer's message and our first reply.
    await reply(workspace, ticket.id, 'The courier will call you before coming.');
    const second = await outside.waitFor((item) => sentTo(marie)(item) && (item.parsed.text ?? '').includes('courier will call'));
    expect(second.parsed.inReplyTo).toBe(`<${customerMessageId}>`);
    expect(second.parsed.references).toEqual([`<${customerMessageId}>`, mail.parsed.messageId]);
    expect(second.parsed.messageId).not.toBe(mail.parsed.messageId);
  });

  it('never emails an internal note, and sends nothing for a ticket whose requester has no address', async () => {
    const { workspace, address } = await quietWorkspace();
    const customer = `nina.${randomUUID().slice(0, 8)}@example.ca`;
    await customerWrites(address, { from: `Nina Park <${customer}>`, subject: 'Invoice question', text: 'Why was I charged twice?' });
    const ticket = await ticketWithSubject(workspace, 'Invoice question');

    const note = await reply(workspace, ticket.id, 'Internal: the refund needs a manager. SECRET-NOTE-7731', false);
    expect(note.emailDelivery).toBeNull();
    // A public reply afterwards, so the note would have gone out before it if it went out at all.
    await reply(workspace, ticket.id, 'We are looking into the double charge.');
    await outside.waitFor((mail) => sentTo(customer)(mail) && (mail.parsed.text ?? '').includes('double charge'));
    await sleep(1500);
    expect(outside.received.filter(sentTo(customer))).toHaveLength(1);
    expect(outside.received.some((mail) => mail.raw.toString('utf8').includes('SECRET-NOTE-7731'))).toBe(false);
    expect(await deliveryOf(workspace, ticket.id, note.id)).toBeNull();

    const withoutAddress = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Phone call, no email' })).body;
    const answered = await reply(workspace, withoutAddress.id, 'Called back, all sorted.');
    await sleep(1500);
    expect(await deliveryOf(workspace, withoutAddress.id, answered.id)).toBeNull();
  });

  it('writes to a French-speaking customer in French (Québec wording), HTML marked fr-CA', async () => {
    const { workspace, address } = await quietWorkspace();
    const customer = `helene.${randomUUID().slice(0, 8)}@exemple.qc.ca`;
    await customerWrites(address, {
      from: `Hélène Côté <${customer}>`,
      subject: 'Colis jamais arrivé',
      text: "Bonjour,\n\nJ'ai commandé un cahier d'exercices il y a deux semaines et le colis n'est jamais arrivé à Québec. Pouvez-vous vérifier?\n\nMerci,\nHélène",
    });
    const ticket = await ticketWithSubject(workspace, 'Colis jamais arrivé');
    expect(ticket.language).toBe('fr');
    await workspace.admin.patch('/api/v1/email/outbound-settings', { isResolvedNotificationEnabled: true });
    await reply(workspace, ticket.id, 'Bonjour Hélène, le transporteur livrera votre colis demain.');
    const answer = await outside.waitFor(sentTo(customer));
    expect(answer.parsed.text).toContain('Vous recevez ce courriel au sujet de votre demande à');
    expect(answer.parsed.html).toContain('<html lang="fr-CA">');

    expect((await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' })).status).toBe(200);
    const resolved = await outside.waitFor((mail) => sentTo(customer)(mail) && mail !== answer);
    expect(resolved.parsed.subject).toBe(`Re: Colis jamais arrivé [#${ticket.number}]`);
    expect(resolved.parsed.text).toContain(`Votre demande n° ${ticket.number} « Colis jamais arrivé » a été marquée comme résolue.`);
    expect(resolved.parsed.text).toContain('Comment avons-nous fait?');
  });

  it('retries a server that answers 451, then sends; every attempt carries the same Message-ID and the attempts show on the reply', async () => {
    const { workspace, address } = await quietWorkspace();
    const customer = `omar.${randomUUID().slice(0, 8)}@example.com`;
    await customerWrites(address, { from: `Omar Haddad <${customer}>`, subject: 'Password reset', text: 'The reset link never arrives.' });
    const ticket = await ticketWithSubject(workspace, 'Password reset');

    outside.refuseNext(2, 451, '4.7.1 Greylisted, try again later');
    const comment = await reply(workspace, ticket.id, 'I sent a new reset link just now.');
    // Between attempts the reply shows it is waiting, and why.
    await expect.poll(() => deliveryOf(workspace, ticket.id, comment.id), { timeout: 20_000, interval: 100 }).toMatchObject({ status: 'queued', lastError: expect.stringContaining('451') });

    const delivered = await outside.waitFor(sentTo(customer), 40_000);
    const attempts = outside.received.filter(sentTo(customer));
    expect(attempts.map((mail) => mail.isAccepted)).toEqual([false, false, true]);
    expect(new Set(attempts.map((mail) => mail.parsed.messageId))).toEqual(new Set([delivered.parsed.messageId]));
    await expect.poll(() => deliveryOf(workspace, ticket.id, comment.id), { timeout: 10_000 }).toMatchObject({ status: 'sent', attempts: 3, lastError: null });

    // The job run again for a delivery already sent (a worker that died before recording the job as done) sends nothing.
    const [queued] = (await workspace.admin.get<{ data: TicketDelivery[] }>(`/api/v1/tickets/${ticket.id}/email-deliveries`)).body.data.filter((item) => item.commentId === comment.id);
    const { emailOutbound, jobs } = server.services;
    await jobs.enqueue(emailOutbound.sendJob, { deliveryId: queued!.id }, { workspaceId: workspace.workspaceId, idempotencyKey: `again:${comment.id}` });
    await sleep(2500);
    expect(outside.received.filter(sentTo(customer))).toHaveLength(3);
    // The same event can never queue it twice either: the comment id is the job's key.
    const again = await jobs.enqueue(emailOutbound.sendJob, { deliveryId: queued!.id }, { workspaceId: workspace.workspaceId, idempotencyKey: comment.id });
    expect(again.isNew).toBe(false);
  });

  it('marks a reply failed, with the server\'s reason, when the server refuses it for good (550), without retrying', async () => {
    const { workspace, address } = await quietWorkspace();
    const customer = `gone.${randomUUID().slice(0, 8)}@example.com`;
    await customerWrites(address, { from: customer, subject: 'Cancel my plan', text: 'Please cancel.' });
    const ticket = await ticketWithSubject(workspace, 'Cancel my plan');

    outside.refuseNext(1, 550, '5.1.1 The mailbox does not exist');
    const comment = await reply(workspace, ticket.id, 'Your plan is cancelled.');
    await expect.poll(() => deliveryOf(workspace, ticket.id, comment.id), { timeout: 20_000 }).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/550.*5\.1\.1 The mailbox does not exist/),
    });
    await sleep(2500);
    expect(outside.received.filter(sentTo(customer))).toHaveLength(1);
    expect(await deliveryOf(workspace, ticket.id, comment.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('shows a reply as bounced, with the diagnostic, once the recipient\'s server reports it undeliverable', async () => {
    const { workspace, address } = await quietWorkspace();
    const customer = `james.${randomUUID().slice(0, 8)}@northwind.example`;
    await customerWrites(address, { from: `James Gone <${customer}>`, subject: 'Router keeps dropping the connection', text: 'Every evening around 8.' });
    const ticket = await ticketWithSubject(workspace, 'Router keeps dropping the connection');
    const comment = await reply(workspace, ticket.id, 'Could you restart the router?');
    const sent = await outside.waitFor(sentTo(customer));
    await expect.poll(() => deliveryOf(workspace, ticket.id, comment.id), { timeout: 10_000 }).toMatchObject({ status: 'sent' });

    // Later, the customer's server sends back a delivery status report naming our Message-ID, to our return path.
    const report = readFileSync(new URL('./fixtures/bounce-dsn.eml', import.meta.url), 'latin1')
      .replaceAll('{{TO}}', address)
      .replaceAll('{{RECIPIENT}}', customer)
      .replaceAll('{{ORIGINAL_MESSAGE_ID}}', bracketsOff(sent.parsed.messageId)!)
      .replaceAll('{{NUMBER}}', String(ticket.number))
      .replace(/\r?\n/g, '\r\n');
    expect(sent.envelope.from).toBe(address);
    const transport = createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ envelope: { from: '', to: [sent.envelope.from] }, raw: Buffer.from(report, 'latin1') });
    } finally {
      transport.close();
    }
    await expect.poll(() => deliveryOf(workspace, ticket.id, comment.id), { timeout: 10_000 }).toMatchObject({
      status: 'bounced',
      lastError: expect.stringContaining('User unknown in virtual mailbox table'),
    });
  });

  it('acknowledges a new email ticket, with the inside- or outside-hours text, marked as an automatic reply', async () => {
    const { workspace, address } = await quietWorkspace();
    await workspace.admin.patch('/api/v1/email/outbound-settings', { isAutoAcknowledgementEnabled: true, businessHours: EVERY_HOUR_OF_THE_WEEK });
    const early = `early.${randomUUID().slice(0, 8)}@example.com`;
    const messageId = await customerWrites(address, { from: `Early Bird <${early}>`, subject: 'Shipping times', text: 'How long does shipping take?' });
    const ticket = await ticketWithSubject(workspace, 'Shipping times');
    const inside = await outside.waitFor(sentTo(early));
    expect(inside.parsed.subject).toBe(`Re: Shipping times [#${ticket.number}]`);
    expect(inside.header('auto-submitted')).toBe('auto-replied');
    expect(inside.parsed.inReplyTo).toBe(`<${messageId}>`);
    expect(inside.parsed.text).toContain(`We have received your request and opened ticket #${ticket.number}. A member of our team will reply soon.`);
    expect(inside.parsed.text).not.toContain('business hours');

    // No opening hours at all: every moment is outside them.
    await workspace.admin.patch('/api/v1/email/outbound-settings', { businessHours: [] });
    const late = `late.${randomUUID().slice(0, 8)}@example.com`;
    await customerWrites(address, { from: `Night Owl <${late}>`, subject: 'Refund status', text: 'Where is my refund?' });
    const outsideHours = await outside.waitFor(sentTo(late));
    expect(outsideHours.header('auto-submitted')).toBe('auto-replied');
    expect(outsideHours.parsed.text).toContain('Our team is away right now, outside our business hours. We will reply as soon as we are back.');

    const deliveries = (await workspace.admin.get<{ data: TicketDelivery[] }>(`/api/v1/tickets/${ticket.id}/email-deliveries`)).body.data;
    expect(deliveries).toMatchObject([{ kind: 'auto_acknowledgement', status: 'sent', recipient: early, commentId: null }]);
  });

  it('tells the customer their ticket is resolved, with a satisfaction link that opens a form and stores the rating for staff', async () => {
    const { workspace, address } = await quietWorkspace();
    await workspace.admin.patch('/api/v1/email/outbound-settings', { isResolvedNotificationEnabled: true });
    const customer = `rita.${randomUUID().slice(0, 8)}@example.com`;
    await customerWrites(address, { from: `Rita Moreno <${customer}>`, subject: 'Wrong size', text: 'I received size M instead of L.' });
    const ticket = await ticketWithSubject(workspace, 'Wrong size');
    expect((await workspace.admin.get<{ state: string }>(`/api/v1/tickets/${ticket.id}/satisfaction`)).body.state).toBe('not_offered');

    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    const notification = await outside.waitFor(sentTo(customer));
    expect(notification.header('auto-submitted')).toBe('auto-replied');
    expect(notification.parsed.text).toContain(`Your request #${ticket.number} “Wrong size” has been marked as resolved.`);
    const link = /https:\/\/support\.example\.test(\/satisfaction\/[A-Za-z0-9_-]+)/.exec(notification.parsed.text ?? '');
    expect(link).not.toBeNull();
    expect(notification.parsed.html).toContain(`href="${link![0]}"`);
    const path = link![1]!;

    // The customer opens the link: a plain page with a form, no sign-in, no script.
    const page = await fetch(new URL(path, server.url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html.match(/type="radio" name="rating"/g)).toHaveLength(5);
    expect(html).not.toContain('<script');

    const posted = await fetch(new URL(path, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rating: '4', comment: 'Quick exchange, thank you!', lang: 'en' }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const thanks = await fetch(new URL(posted.headers.get('location')!, server.url));
    expect(await thanks.text()).toContain('Thank you! Your rating has been saved.');

    const rating = await workspace.admin.get<{ state: string; rating: number; comment: string }>(`/api/v1/tickets/${ticket.id}/satisfaction`);
    expect(rating.body).toMatchObject({ state: 'rated', rating: 4, comment: 'Quick exchange, thank you!' });

    // Analytics count the survey sent and answered (once the workers have dispatched the events), and the same when
    // rebuilt from the record.
    const surveys = async () =>
      (await workspace.admin.request<{ totals: Record<string, number> }>('POST', '/api/v1/analytics/reports/run', { body: { metrics: ['surveys_offered', 'survey_response_rate', 'csat_average'] } })).body.totals;
    await vi.waitFor(async () => expect(await surveys()).toEqual({ surveys_offered: 1, survey_response_rate: 1, csat_average: 4 }), { timeout: 10_000, interval: 100 });
    await server.services.analytics.rebuild(workspace.workspaceId);
    expect(await surveys()).toEqual({ surveys_offered: 1, survey_response_rate: 1, csat_average: 4 });
  });
});
