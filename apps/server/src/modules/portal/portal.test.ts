import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { startOutsideMailServer, type OutsideMailServer, type ReceivedMail } from '../../../test/outside-mail-server.js';
import { PORTAL_SESSION_COOKIE } from './portal.schema.js';

interface Customer {
  id: string;
  name: string;
  email: string | null;
  emails: string[];
  phone: string | null;
  language: string;
}
interface DeletionRequest {
  id: string;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  status: string;
  rejectionReason: string | null;
}
interface CommentWithDelivery extends Comment {
  authorType: string;
  authorCustomerId: string | null;
  attachments: Array<{ id: string; filename: string; contentType: string }>;
  emailDelivery: { status: string } | null;
}

const HOST = 'support.example.test';
const ORIGIN = `http://${HOST}`;
const PASSWORD = 'a long enough secret';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A minute of clock moved forward by a test (links and sessions expire by the server's clock). */
let clockOffsetMs = 0;
const clock = { now: () => new Date(Date.now() + clockOffsetMs) };

/**
 * A customer's browser, through `app.inject`: it keeps the portal cookie, and posts its forms from the site's own
 * pages (Origin), each from its own address unless told otherwise (the rate limits count per address).
 */
class Browser {
  cookie: string | undefined;
  private static addressCount = 0;
  readonly address = `203.0.113.${(Browser.addressCount = (Browser.addressCount % 250) + 1)}`;

  constructor(private readonly server: TestServer) {}

  async get(path: string, headers: Record<string, string> = {}) {
    return this.server.app.inject({ method: 'GET', url: path, headers: this.headers(headers) });
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await this.server.app.inject({
      method: 'POST',
      url: path,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers }),
      payload: new URLSearchParams(fields).toString(),
    });
    this.keepCookie(response);
    return response;
  }

  async postMultipart(path: string, form: FormData, headers: Record<string, string> = {}) {
    const request = new Request('http://local/', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    const response = await this.server.app.inject({
      method: 'POST',
      url: path,
      headers: this.headers({ 'content-type': request.headers.get('content-type')!, origin: ORIGIN, ...headers }),
      payload,
    });
    this.keepCookie(response);
    return response;
  }

  /** Follows a magic link as a mail client would open it. */
  async open(url: string) {
    const { pathname, search } = new URL(url);
    const response = await this.get(pathname + search);
    this.keepCookie(response);
    return response;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { host: HOST, 'x-forwarded-for': this.address, ...(this.cookie ? { cookie: `${PORTAL_SESSION_COOKIE}=${this.cookie}` } : {}), ...extra };
  }

  private keepCookie(response: { cookies: Array<{ name: string; value: string }> }) {
    const cookie = response.cookies.find((item) => item.name === PORTAL_SESSION_COOKIE);
    if (cookie) this.cookie = cookie.value || undefined;
  }
}

describe('the customer portal: accounts, my tickets, profile and privacy', () => {
  let outside: OutsideMailServer;
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let base: string;

  const linkIn = (mail: ReceivedMail) => {
    const match = /https?:\/\/\S+\/magic-link\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '');
    if (!match) throw new Error(`no link in ${mail.parsed.text}`);
    return match[0];
  };
  const newEmail = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.ca`;
  const mailTo = (address: string) => (mail: ReceivedMail) => mail.envelope.to.includes(address);

  /** Signs up through the pages and follows the emailed link: a signed-in browser. */
  async function signUp(name: string, email: string, options: { language?: 'en' | 'fr'; password?: string } = {}): Promise<Browser> {
    const browser = new Browser(server);
    const path = options.language === 'fr' ? `${base}/fr/sign-up` : `${base}/sign-up`;
    const page = await browser.post(path, { name, email, password: options.password ?? PASSWORD });
    expect(page.statusCode, page.body).toBe(200);
    const mail = await outside.waitFor(mailTo(email));
    const followed = await browser.open(linkIn(mail));
    expect(followed.statusCode).toBe(303);
    return browser;
  }

  async function customerOf(email: string): Promise<Customer> {
    const customers = await workspace.admin.listAll<Customer>('/api/v1/customers');
    const found = customers.find((customer) => customer.emails.includes(email));
    if (!found) throw new Error(`no customer ${email}`);
    return found;
  }

  async function ticketFor(customerId: string, subject: string, of: TestWorkspace = workspace): Promise<Ticket> {
    const created = await of.admin.post<Ticket>('/api/v1/tickets', { subject, description: `About ${subject}`, customerId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  beforeAll(async () => {
    outside = await startOutsideMailServer();
    server = await startTestServer({ workers: true, clock, env: { SMTP_URL: outside.url, TRUST_PROXY: 'true', PUBLIC_URL: ORIGIN, MAX_UPLOAD_BYTES: String(64 * 1024) } });
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    await workspace.admin.patch('/api/v1/workspace', { name: 'Acme Outdoors' });
    base = `/help/${workspace.slug}`;
  });
  afterAll(async () => {
    await server?.close();
    await outside?.close();
  });

  it('signs up with a password: the emailed link (single use) proves the address, creates the customer and signs in', async () => {
    const email = newEmail('marie');
    const browser = new Browser(server);
    const form = await browser.get(`${base}/sign-up`);
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-security-policy']).toContain("form-action 'self'");
    expect(form.body).toContain('Create your account');

    const sent = await browser.post(`${base}/sign-up`, { name: 'Marie Tremblay', email, password: PASSWORD });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain(`We sent a link to ${email}`);
    // Nobody can sign in before the address is proven.
    expect((await new Browser(server).post(`${base}/sign-in`, { email, password: PASSWORD })).statusCode).toBe(401);

    const mail = await outside.waitFor(mailTo(email));
    expect(mail.parsed.subject).toBe('Confirm your email address for Acme Outdoors');
    expect(mail.parsed.from?.value[0]?.address).toBe(`${workspace.slug}@localhost`);
    const link = linkIn(mail);
    expect(link.startsWith(`${ORIGIN}${base}/magic-link?token=`)).toBe(true);

    // A link checker's HEAD request leaves the link working.
    const { pathname, search } = new URL(link);
    expect((await server.app.inject({ method: 'HEAD', url: pathname + search, headers: { host: HOST } })).statusCode).toBe(200);
    const followed = await browser.open(link);
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(`${base}/tickets`);
    const cookie = followed.cookies.find((item) => item.name === PORTAL_SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/help' });
    expect((await browser.get(`${base}/tickets`)).body).toContain('You have no requests yet.');

    const customer = await customerOf(email);
    expect(customer.name).toBe('Marie Tremblay');

    // The link works once.
    const again = await new Browser(server).open(link);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link has already been used');

    // The password chosen at sign-up now works.
    const signIn = await new Browser(server).post(`${base}/sign-in`, { email, password: PASSWORD });
    expect(signIn.statusCode).toBe(303);
  });

  it('signs in with the right password only; a wrong password and an unknown address get the same answer', async () => {
    const email = newEmail('liam');
    await signUp('Liam Walsh', email);
    const wrong = await new Browser(server).post(`${base}/sign-in`, { email, password: 'not the password at all' });
    const unknown = await new Browser(server).post(`${base}/sign-in`, { email: newEmail('nobody'), password: PASSWORD });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('The email or password is not right.');
    expect(unknown.body).toContain('The email or password is not right.');
    expect(wrong.cookies.find((item) => item.name === PORTAL_SESSION_COOKIE)).toBeUndefined();

    const browser = new Browser(server);
    const right = await browser.post(`${base}/sign-in`, { email: email.toUpperCase(), password: PASSWORD });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe(`${base}/tickets`);
    expect((await browser.get(`${base}/tickets`)).statusCode).toBe(200);

    // Signing out ends the session on the server, not only in the browser.
    const session = browser.cookie!;
    expect((await browser.post(`${base}/sign-out`, {})).statusCode).toBe(303);
    const reused = await server.app.inject({ method: 'GET', url: `${base}/tickets`, headers: { host: HOST, cookie: `${PORTAL_SESSION_COOKIE}=${session}` } });
    expect(reused.statusCode).toBe(303);
    expect(reused.headers.location).toContain(`${base}/sign-in?next=`);
  });

  it('limits sign-in attempts per email address, whatever address they come from, and per network address', async () => {
    const email = newEmail('target');
    const answers: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) answers.push((await new Browser(server).post(`${base}/sign-in`, { email, password: `guess number ${attempt}` })).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await new Browser(server).post(`${base}/sign-in`, { email, password: PASSWORD });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many requests');

    const browser = new Browser(server);
    const fromOneAddress: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) fromOneAddress.push((await browser.post(`${base}/sign-in`, { email: newEmail('spray'), password: 'wrong wrong wrong' })).statusCode);
    expect(fromOneAddress.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(fromOneAddress[10]).toBe(429);
  });

  it('emails a sign-in link in the account’s language when the address has an account, and nothing otherwise (same page)', async () => {
    const email = newEmail('emilie');
    await signUp('Émilie Côté', email, { language: 'fr' });
    const known = await new Browser(server).post(`${base}/sign-in/link`, { email });
    const unknownEmail = newEmail('ghost');
    const unknown = await new Browser(server).post(`${base}/sign-in/link`, { email: unknownEmail });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body).toContain(`If an account exists for ${email}`);
    expect(unknown.body).toContain(`If an account exists for ${unknownEmail}`);

    const mails = () => outside.accepted().filter(mailTo(email));
    await expect.poll(() => mails().length, { timeout: 20_000 }).toBe(2);
    const signInMail = mails()[1]!;
    expect(signInMail.parsed.subject).toBe('Votre lien de connexion – Acme Outdoors');
    expect(signInMail.parsed.text).toContain('Le lien fonctionne une seule fois, dans les 20 minutes.');
    const link = linkIn(signInMail);
    expect(link).toContain(`${base}/fr/magic-link?token=`);

    const browser = new Browser(server);
    const followed = await browser.open(link);
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(`${base}/fr/tickets`);
    expect((await browser.get(`${base}/fr/tickets`)).body).toContain('Mes demandes');
    expect((await new Browser(server).open(link)).statusCode).toBe(400);

    // The unknown address was sent nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(outside.received.some(mailTo(unknownEmail))).toBe(false);
  });

  it('refuses a magic link after 20 minutes', async () => {
    const email = newEmail('late');
    await signUp('Late Reader', email);
    await new Browser(server).post(`${base}/sign-in/link`, { email });
    await expect.poll(() => outside.accepted().filter(mailTo(email)).length, { timeout: 20_000 }).toBe(2);
    const link = linkIn(outside.accepted().filter(mailTo(email))[1]!);
    clockOffsetMs = 21 * 60_000;
    try {
      const late = await new Browser(server).open(link);
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('This link has expired');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('shows a customer only their own tickets; another customer’s ticket and another workspace answer as missing', async () => {
    const email = newEmail('owner');
    const browser = await signUp('Olivia Owner', email);
    const owner = await customerOf(email);
    const stranger = (await workspace.admin.post<Customer>('/api/v1/customers', { name: 'Sam Stranger', email: newEmail('stranger') })).body;
    const mine = await ticketFor(owner.id, 'My order is late');
    const theirs = await ticketFor(stranger.id, 'Their private matter');

    const list = await browser.get(`${base}/tickets`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('My order is late');
    expect(list.body).toContain(`#${mine.number}`);
    expect(list.body).toContain('Open');
    expect(list.body).not.toContain('Their private matter');

    expect((await browser.get(`${base}/tickets/${mine.number}`)).statusCode).toBe(200);
    const forbidden = await browser.get(`${base}/tickets/${theirs.number}`);
    expect(forbidden.statusCode).toBe(404);
    expect(forbidden.body).not.toContain('Their private matter');
    expect((await browser.get(`${base}/tickets/not-a-number`)).statusCode).toBe(404);
    expect((await browser.get(`${base}/tickets/${theirs.number}/attachments/${randomUUID()}`)).statusCode).toBe(404);

    // The session belongs to its workspace: elsewhere nobody is signed in.
    const fakeRequest = { cookies: { [PORTAL_SESSION_COOKIE]: browser.cookie } } as never;
    expect(await server.services.portal.viewerOf(fakeRequest, workspace.workspaceId)).toMatchObject({ customerId: owner.id, email, name: 'Olivia Owner', language: 'en' });
    expect(await server.services.portal.viewerOf(fakeRequest, other.workspaceId)).toBeNull();
    const elsewhere = await browser.get(`/help/${other.slug}/tickets`);
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers.location).toContain(`/help/${other.slug}/sign-in`);
  });

  it('turns a reply with a file into the customer’s public comment that agents see, and reopens a waiting ticket', async () => {
    const email = newEmail('replier');
    const browser = await signUp('Rita Replier', email);
    const customer = await customerOf(email);
    const ticket = await ticketFor(customer.id, 'Damaged lamp');
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });

    const form = new FormData();
    form.append('body', 'Here is the photo of the broken lamp.');
    form.append('files', new Blob([PNG], { type: 'image/png' }), 'lamp.png');
    const sent = await browser.postMultipart(`${base}/tickets/${ticket.number}/replies`, form);
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toBe(`${base}/tickets/${ticket.number}?saved=reply`);

    const comments = (await workspace.admin.get<PageOf<CommentWithDelivery>>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ body: 'Here is the photo of the broken lamp.', isPublic: true, authorType: 'customer', authorCustomerId: customer.id });
    expect(comments[0]!.attachments).toMatchObject([{ filename: 'lamp.png', contentType: 'image/png' }]);
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body.status).toBe('open');

    const page = await browser.get(sent.headers.location as string);
    expect(page.body).toContain('Your reply was sent.');
    expect(page.body).toContain('Here is the photo of the broken lamp.');
    expect(page.body).toContain('lamp.png');
    const download = await browser.get(`${base}/tickets/${ticket.number}/attachments/${comments[0]!.attachments[0]!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.rawPayload.equals(PNG)).toBe(true);

    // A file the attachments module refuses: nothing is sent, the page says why.
    const bad = new FormData();
    bad.append('body', 'And a script');
    bad.append('files', new Blob(['<html><script>alert(1)</script></html>'], { type: 'text/html' }), 'page.html');
    const refused = await browser.postMultipart(`${base}/tickets/${ticket.number}/replies`, bad);
    expect(refused.statusCode).toBe(415);
    expect(refused.body).toContain('A file is of a type we cannot accept.');
    const large = new FormData();
    large.append('body', 'And a large one');
    large.append('files', new Blob([Buffer.alloc(65 * 1024, 'a')], { type: 'text/plain' }), 'large.txt');
    const tooLarge = await browser.postMultipart(`${base}/tickets/${ticket.number}/replies`, large);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toContain('A file is larger than the limit.');
    expect(tooLarge.body).toContain('64 KB each');
    const empty = new FormData();
    empty.append('body', '   ');
    expect((await browser.postMultipart(`${base}/tickets/${ticket.number}/replies`, empty)).statusCode).toBe(400);
    expect((await workspace.admin.get<PageOf<Comment>>(`/api/v1/tickets/${ticket.id}/comments`)).body.data).toHaveLength(1);
  });

  it('never shows internal notes or their files, and names the agent of a public reply', async () => {
    const email = newEmail('reader');
    const browser = await signUp('Rob Reader', email);
    const customer = await customerOf(email);
    const ticket = await ticketFor(customer.id, 'Refund question');
    const agent = await workspace.addUser('agent', 'Liam Agent');
    const upload = new FormData();
    upload.append('file', new Blob(['internal numbers'], { type: 'text/plain' }), 'margins.txt');
    const file = (await agent.client.request<{ id: string }>('POST', '/api/v1/attachments', { rawBody: upload })).body;
    await agent.client.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Internal: this customer asked twice, check the margin.', isPublic: false, attachmentIds: [file.id] });
    await agent.client.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Your refund is on its way.', isPublic: true });

    const page = await browser.get(`${base}/tickets/${ticket.number}`);
    expect(page.body).toContain('Your refund is on its way.');
    expect(page.body).toContain('Liam Agent');
    expect(page.body).not.toContain('check the margin');
    expect(page.body).not.toContain('margins.txt');
    expect((await browser.get(`${base}/tickets/${ticket.number}/attachments/${file.id}`)).statusCode).toBe(404);
  });

  it('changes name, language and email preferences: the profile comes back in French, agents’ replies are no longer emailed', async () => {
    const email = newEmail('paul');
    const browser = await signUp('Paul Roy', email);
    const customer = await customerOf(email);
    const saved = await browser.post(`${base}/profile`, { name: 'Paul-Émile Roy', language: 'fr', notifyOnSolved: 'on' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${base}/fr/profile?saved=profile`);
    const page = await browser.get(saved.headers.location as string);
    expect(page.body).toContain('<html lang="fr-CA">');
    expect(page.body).toContain('Votre profil a été enregistré.');
    expect(page.body).toContain('value="Paul-Émile Roy"');
    expect(page.body).toMatch(/id="notify-reply" name="notifyOnReply">/);
    expect(page.body).toMatch(/id="notify-solved" name="notifyOnSolved" checked>/);
    expect((await workspace.admin.get<Customer>(`/api/v1/customers/${customer.id}`)).body).toMatchObject({ name: 'Paul-Émile Roy', language: 'fr' });

    // The agent's public reply is not emailed (the customer reads it in the portal); another customer's is.
    const ticket = await ticketFor(customer.id, 'Question de facture');
    const reply = (await workspace.admin.post<CommentWithDelivery>(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Voici la réponse.', isPublic: true })).body;
    const someone = (await workspace.admin.post<Customer>('/api/v1/customers', { name: 'Ann Other', email: newEmail('ann') })).body;
    const otherTicket = await ticketFor(someone.id, 'Other question');
    const emailed = (await workspace.admin.post<CommentWithDelivery>(`/api/v1/tickets/${otherTicket.id}/comments`, { body: 'Here is the answer.', isPublic: true })).body;
    const deliveryOf = async (ticketId: string, commentId: string) =>
      (await workspace.admin.get<PageOf<CommentWithDelivery>>(`/api/v1/tickets/${ticketId}/comments`)).body.data.find((comment) => comment.id === commentId)?.emailDelivery ?? null;
    await expect.poll(() => deliveryOf(otherTicket.id, emailed.id), { timeout: 20_000 }).not.toBeNull();
    expect(await deliveryOf(ticket.id, reply.id)).toBeNull();

    // A new password needs the current one, and signs the other sessions out.
    const elsewhere = new Browser(server);
    expect((await elsewhere.post(`${base}/sign-in`, { email, password: PASSWORD })).statusCode).toBe(303);
    const wrong = await browser.post(`${base}/fr/profile/password`, { currentPassword: 'not it at all', newPassword: 'another long secret' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Le mot de passe actuel n’est pas le bon.');
    expect((await browser.post(`${base}/fr/profile/password`, { currentPassword: PASSWORD, newPassword: 'another long secret' })).statusCode).toBe(303);
    expect((await browser.get(`${base}/fr/profile`)).statusCode).toBe(200);
    expect((await elsewhere.get(`${base}/tickets`)).statusCode).toBe(303);
    expect((await new Browser(server).post(`${base}/sign-in`, { email, password: 'another long secret' })).statusCode).toBe(303);
  });

  it('downloads the customer’s data as JSON: account, profile, tickets with their public messages only', async () => {
    const email = newEmail('gdpr');
    const browser = await signUp('Gina Data', email);
    const customer = await customerOf(email);
    const ticket = await ticketFor(customer.id, 'Where is my parcel');
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'It left the warehouse today.', isPublic: true });
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Note: courier is slow', isPublic: false });

    const download = await browser.post(`${base}/privacy/export`, {});
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/json');
    expect(download.headers['content-disposition']).toContain('attachment');
    const data = download.json() as {
      account: { email: string; language: string; notifications: Record<string, boolean> };
      customer: { name: string; email: string };
      tickets: Array<{ number: number; subject: string; messages: Array<{ from: string; body: string }> }>;
      satisfactionAnswers: unknown[];
    };
    expect(data.account).toMatchObject({ email, language: 'en', notifications: { agentReplies: true, ticketSolved: true } });
    expect(data.customer).toMatchObject({ name: 'Gina Data', email });
    expect(data.tickets).toHaveLength(1);
    expect(data.tickets[0]).toMatchObject({ number: ticket.number, subject: 'Where is my parcel' });
    expect(data.tickets[0]!.messages.map((message) => message.body)).toEqual(['About Where is my parcel', 'It left the warehouse today.']);
    expect(JSON.stringify(data)).not.toContain('courier is slow');
    expect(data.satisfactionAnswers).toEqual([]);
  });

  it('erases the customer once an admin confirms their deletion request: data anonymised, signed out, sign-in refused', async () => {
    const email = newEmail('erase');
    const browser = await signUp('Eric Erase', email);
    const customer = await customerOf(email);
    const ticket = await ticketFor(customer.id, 'Please delete me');

    const requested = await browser.post(`${base}/privacy/deletion`, {});
    expect(requested.statusCode).toBe(303);
    const privacy = await browser.get(requested.headers.location as string);
    expect(privacy.body).toContain('Your deletion request was sent.');
    expect(privacy.body).toContain('An administrator will review your request.');
    // Asked twice, it is one request.
    await browser.post(`${base}/privacy/deletion`, {});

    const agent = await workspace.addUser('agent');
    expect((await agent.client.get('/api/v1/privacy/deletion-requests')).status).toBe(403);
    const pending = (await workspace.admin.get<PageOf<DeletionRequest>>('/api/v1/privacy/deletion-requests', { status: 'pending' })).body.data.filter((request) => request.customerId === customer.id);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ customerName: 'Eric Erase', customerEmail: email, status: 'pending' });
    expect((await other.admin.post(`/api/v1/privacy/deletion-requests/${pending[0]!.id}/confirm`, {})).status).toBe(404);

    const confirmed = await workspace.admin.post<DeletionRequest>(`/api/v1/privacy/deletion-requests/${pending[0]!.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', customerEmail: null, customerName: 'Deleted customer' });
    expect((await workspace.admin.post(`/api/v1/privacy/deletion-requests/${pending[0]!.id}/confirm`, {})).status).toBe(409);

    expect((await workspace.admin.get<Customer>(`/api/v1/customers/${customer.id}`)).body).toMatchObject({ name: 'Deleted customer', email: null, emails: [], phone: null });
    // The ticket stays, under the anonymised customer.
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body.customerId).toBe(customer.id);
    expect((await browser.get(`${base}/tickets`)).statusCode).toBe(303);
    expect((await new Browser(server).post(`${base}/sign-in`, { email, password: PASSWORD })).statusCode).toBe(401);
    const audit = (await workspace.admin.get<PageOf<{ action: string; targetId: string | null }>>('/api/v1/audit-log', { limit: '100' })).body.data;
    expect(audit.some((entry) => entry.action === 'privacy.deletion_confirmed' && entry.targetId === customer.id)).toBe(true);
  });

  it('shows the customer the reason when an admin rejects their deletion request', async () => {
    const email = newEmail('keep');
    const browser = await signUp('Kim Keep', email);
    await browser.post(`${base}/fr/privacy/deletion`, {});
    const request = (await workspace.admin.get<PageOf<DeletionRequest>>('/api/v1/privacy/deletion-requests')).body.data.find((item) => item.customerEmail === email)!;
    expect((await workspace.admin.post(`/api/v1/privacy/deletion-requests/${request.id}/reject`, {})).status).toBe(400);
    const rejected = await workspace.admin.post<DeletionRequest>(`/api/v1/privacy/deletion-requests/${request.id}/reject`, { reason: 'An unpaid invoice must be kept for 7 years.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'An unpaid invoice must be kept for 7 years.' });
    const page = await browser.get(`${base}/fr/privacy`);
    expect(page.body).toContain('Votre demande de suppression a été refusée');
    expect(page.body).toContain('An unpaid invoice must be kept for 7 years.');
    expect((await browser.get(`${base}/tickets`)).statusCode).toBe(200);
  });

  it('answers bad input with a clear page, never a server error', async () => {
    const browser = await signUp('Bea Bad', newEmail('bad'));
    const noOrigin = await server.app.inject({ method: 'POST', url: `${base}/sign-in`, headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40b.ca&password=x' });
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.body).toContain('This form could not be accepted');
    expect((await browser.post(`${base}/privacy/deletion`, {}, { origin: 'https://attacker.example' })).statusCode).toBe(403);
    const json = await server.app.inject({ method: 'POST', url: `${base}/sign-in`, headers: { host: HOST, origin: ORIGIN, 'content-type': 'application/json' }, payload: '{"email":"a@b.ca"}' });
    expect(json.statusCode).toBe(400);
    expect(json.headers['content-type']).toContain('text/html');
    const text = await server.app.inject({ method: 'POST', url: `${base}/sign-in`, headers: { host: HOST, origin: ORIGIN, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    const missing = await browser.post(`${base}/sign-up`, { name: '', email: 'not-an-email', password: 'short' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter an email address such as name@example.com.');
    expect(missing.body).toContain('At least 10 characters.');
    expect((await browser.post(`${base}/profile`, { name: 'x', language: 'de' })).statusCode).toBe(400);
    expect((await browser.get(`${base}/magic-link?token=../../etc`)).statusCode).toBe(400);
    expect((await browser.get(`${base}/magic-link?token=${'a'.repeat(43)}`)).statusCode).toBe(400);
    expect((await browser.get('/help/no-such-workspace/sign-in')).statusCode).toBe(404);
    const notMultipart = await browser.post(`${base}/tickets/1/replies`, { body: 'hello' });
    expect(notMultipart.statusCode).toBeLessThan(500);
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('links the help center’s header to sign-in, and the portal’s to the customer’s tickets', async () => {
    const home = await new Browser(server).get(base);
    expect(home.body).toContain(`<a class="account" href="${base}/sign-in">Sign in</a>`);
    const browser = await signUp('Nav Igator', newEmail('nav'));
    expect((await browser.get(`${base}/fr/profile`)).body).toContain(`<a class="account" href="${base}/fr/tickets">Mes demandes</a>`);
    // Signed in already: the sign-in page leads on to the tickets (or to where the visitor was going).
    const again = await browser.get(`${base}/sign-in?next=${encodeURIComponent(`${base}/privacy`)}`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`${base}/privacy`);
    const offsite = await browser.get(`${base}/sign-in?next=${encodeURIComponent('https://attacker.example/')}`);
    expect(offsite.headers.location).toBe(`${base}/tickets`);
  });
});
