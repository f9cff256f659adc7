import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/database.js';
import type { TAnalyticsExperience } from '../../analytics/analytics-experience.schema.js';
import type { ApiError, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startOutsideMailServer, type OutsideMailServer, type ReceivedMail } from '../../../../test/outside-mail-server.js';

interface NpsSettings {
  isEnabled: boolean;
  intervalDays: number;
  recentResolutionDays: number;
  isBusinessHoursOnly: boolean;
  isSendingEnabled: boolean;
}

interface NpsResults {
  from: string;
  to: string;
  sent: number;
  responses: number;
  responseRate: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
  answers: { data: Array<{ surveyId: string; customerName: string | null; score: number; category: string; comment: string | null; language: string }>; nextCursor: string | null };
}

const PUBLIC_URL = 'https://support.example.test';
const EVERY_HOUR_OF_THE_WEEK = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' }));

describe('NPS surveys: sent on a schedule to recently helped customers, answered through a signed link, scored for managers', () => {
  let outside: OutsideMailServer;
  let server: TestServer;

  beforeAll(async () => {
    outside = await startOutsideMailServer();
    server = await startTestServer({ workers: true, env: { SMTP_URL: outside.url, EMAIL_RETRY_BASE_SECONDS: '1', PUBLIC_URL, NPS_SWEEP_INTERVAL_MS: '3600000' } });
  });
  afterAll(async () => {
    await server?.close();
    await outside?.close();
  });

  /** A workspace open every hour of the week that sends no other mail, with NPS surveys as given. */
  async function surveyingWorkspace(nps: Partial<NpsSettings> = { isEnabled: true }): Promise<TestWorkspace> {
    const workspace = await server.createWorkspace();
    const email = await workspace.admin.patch('/api/v1/email/outbound-settings', { isAutoAcknowledgementEnabled: false, isResolvedNotificationEnabled: false, businessHours: EVERY_HOUR_OF_THE_WEEK });
    expect(email.status).toBe(200);
    const settings = await workspace.admin.patch('/api/v1/satisfaction/nps/settings', nps);
    expect(settings.status).toBe(200);
    return workspace;
  }

  const addressFor = (label: string) => `${label}.${Math.random().toString(36).slice(2, 8)}@customer.example.ca`;

  /** A customer's ticket, resolved now unless told otherwise; the customer speaks `language`. */
  async function customerTicket(workspace: TestWorkspace, options: { email?: string | null; language?: 'en' | 'fr'; status?: 'resolved' | 'open'; name?: string } = {}): Promise<Ticket> {
    const language = options.language ?? 'en';
    let customerId: string;
    if (options.email === null) {
      const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: options.name ?? 'Phone Only' });
      expect(customer.status).toBe(201);
      customerId = customer.body.id;
    } else {
      const email = options.email ?? addressFor('customer');
      const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: `Invoice question ${Math.random()}`, customer_email: email, customer_name: options.name ?? 'Alex Morgan', language });
      expect(ticket.status).toBe(201);
      customerId = ticket.body.customerId!;
      await workspace.admin.patch(`/api/v1/customers/${customerId}`, { language });
      if ((options.status ?? 'resolved') === 'resolved') expect((await workspace.admin.patch(`/api/v1/tickets/${ticket.body.id}`, { status: 'resolved' })).status).toBe(200);
      return ticket.body;
    }
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: `Phone call ${Math.random()}`, customerId, language });
    expect(ticket.status).toBe(201);
    await workspace.admin.patch(`/api/v1/tickets/${ticket.body.id}`, { status: 'resolved' });
    return ticket.body;
  }

  async function surveysOf(workspaceId: string): Promise<Array<{ id: string; customerId: string; language: string; expiresAt: Date }>> {
    return queryRows(server.services.db, sql`SELECT id, customer_id AS "customerId", language, expires_at AS "expiresAt" FROM nps_surveys WHERE workspace_id = ${workspaceId} ORDER BY created_at`);
  }

  /** The survey emails an address received (a workspace with resolved notifications on also sends those). */
  const mailsTo = (address: string) => outside.accepted().filter((mail) => mail.envelope.to.includes(address) && (mail.parsed.text ?? '').includes(`${PUBLIC_URL}/nps/`));
  const linkIn = (mail: ReceivedMail) => new URL(/https:\/\/support\.example\.test\/nps\/[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')![0]).pathname;
  const open = (path: string) => fetch(new URL(path, server.url));
  const submit = (path: string, fields: Record<string, string>) =>
    fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  const pathOf = (workspaceId: string, survey: { id: string; language: string; expiresAt: Date }) =>
    new URL(server.services.nps.urlOf({ workspaceId, surveyId: survey.id, expiresAt: new Date(survey.expiresAt), language: survey.language === 'fr' ? 'fr' : 'en' })).pathname;

  it('is off by default, and only admins change the schedule, within bounds', async () => {
    const workspace = await server.createWorkspace();
    const defaults = await workspace.admin.get<NpsSettings>('/api/v1/satisfaction/nps/settings');
    expect(defaults.body).toEqual({ isEnabled: false, intervalDays: 90, recentResolutionDays: 30, isBusinessHoursOnly: true, isSendingEnabled: true });

    const manager = await workspace.addUser('manager');
    expect((await manager.client.patch<ApiError>('/api/v1/satisfaction/nps/settings', { isEnabled: true })).status).toBe(403);
    for (const body of [{ intervalDays: 0 }, { recentResolutionDays: 'soon' }, { isEnabled: 'yes' }, { sendAt: '09:00' }]) {
      const refused = await workspace.admin.patch<ApiError>('/api/v1/satisfaction/nps/settings', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    const saved = await workspace.admin.patch<NpsSettings>('/api/v1/satisfaction/nps/settings', { isEnabled: true, intervalDays: 180 });
    expect(saved.body).toMatchObject({ isEnabled: true, intervalDays: 180, recentResolutionDays: 30 });
    expect((await workspace.admin.get<NpsSettings>('/api/v1/satisfaction/nps/settings')).body.intervalDays).toBe(180);
  });

  it('emails a survey once to each customer with an address and a recent resolution, in their language, over SMTP', async () => {
    const workspace = await surveyingWorkspace();
    const english = addressFor('english');
    const french = addressFor('french');
    const stale = addressFor('stale');
    const waiting = addressFor('waiting');
    await customerTicket(workspace, { email: english, name: 'Alex Morgan' });
    await customerTicket(workspace, { email: french, language: 'fr', name: 'Camille Tremblay' });
    const staleTicket = await customerTicket(workspace, { email: stale });
    await server.services.db.execute(sql`UPDATE tickets SET resolved_at = now() - interval '40 days' WHERE id = ${staleTicket.id}`);
    await customerTicket(workspace, { email: waiting, status: 'open' });
    await customerTicket(workspace, { email: null });
    // Other workspaces: one that never turned surveys on, and its resolved customer.
    const quiet = await server.createWorkspace();
    const untouched = addressFor('untouched');
    await customerTicket(quiet, { email: untouched });

    // Two nodes sweeping at once, then a later sweep: each customer is surveyed once.
    await Promise.all([server.services.nps.sweep(), server.services.nps.sweep()]);
    await server.services.nps.sweep();
    const surveys = await surveysOf(workspace.workspaceId);
    expect(surveys.map((survey) => survey.language).sort()).toEqual(['en', 'fr']);
    expect(await surveysOf(quiet.workspaceId)).toEqual([]);

    const englishMail = await outside.waitFor((mail) => mail.envelope.to.includes(english));
    expect(englishMail.parsed.subject).toMatch(/^How likely are you to recommend ws\d+-\w+\?/);
    expect(englishMail.parsed.text).toContain('Hello Alex Morgan');
    expect(englishMail.parsed.text).toContain('How likely are you to recommend');
    expect(englishMail.parsed.html).toContain(`href="${PUBLIC_URL}/nps/`);
    expect(englishMail.header('auto-submitted')).toBe('auto-replied');
    const frenchMail = await outside.waitFor((mail) => mail.envelope.to.includes(french));
    expect(frenchMail.parsed.subject).toMatch(/^Recommanderiez-vous /);
    expect(frenchMail.parsed.text).toContain('Bonjour Camille Tremblay');

    // Late mail would show up here: nothing else arrived for anyone.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailsTo(english)).toHaveLength(1);
    expect(mailsTo(french)).toHaveLength(1);
    for (const address of [stale, waiting, untouched]) expect(mailsTo(address)).toEqual([]);

    // The link opens the page in the customer's language, with the question about this workspace.
    const page = await open(linkIn(frenchMail));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const html = await page.text();
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain(`<legend>Quelle est la probabilité que vous recommandiez ${workspace.slug} à un ami ou à un collègue?</legend>`);
    expect(html.match(/type="radio" name="score"/g)).toHaveLength(11);
    expect(html).not.toMatch(/<script|style="|\son[a-z]+="/);
    const english_page = await (await open(linkIn(englishMail))).text();
    expect(english_page).toContain(`How likely are you to recommend ${workspace.slug} to a friend or colleague?`);

    // The email is listed with the ticket's deliveries, as every email the workspace sends.
    const delivered = (await workspace.admin.get<{ data: Array<{ kind: string; status: string; recipient: string }> }>(`/api/v1/tickets/${(await queryRows<{ ticketId: string }>(server.services.db, sql`SELECT ticket_id AS "ticketId" FROM nps_surveys WHERE id = ${surveys[0]!.id}`))[0]!.ticketId}/email-deliveries`)).body.data;
    expect(delivered).toMatchObject([{ kind: 'nps_survey', status: 'sent' }]);
  });

  it('asks again once the interval has passed, not before, and never when turned off or outside business hours', async () => {
    const workspace = await surveyingWorkspace({ isEnabled: true, intervalDays: 60 });
    const address = addressFor('again');
    await customerTicket(workspace, { email: address });
    expect(await server.services.nps.sweep()).toBeGreaterThanOrEqual(1);
    expect(await surveysOf(workspace.workspaceId)).toHaveLength(1);

    await server.services.db.execute(sql`UPDATE nps_surveys SET sent_at = now() - interval '59 days' WHERE workspace_id = ${workspace.workspaceId}`);
    await server.services.nps.sweep();
    expect(await surveysOf(workspace.workspaceId)).toHaveLength(1);

    await server.services.db.execute(sql`UPDATE nps_surveys SET sent_at = now() - interval '61 days' WHERE workspace_id = ${workspace.workspaceId}`);
    await server.services.nps.sweep();
    expect(await surveysOf(workspace.workspaceId)).toHaveLength(2);
    await outside.waitFor((mail) => mail.envelope.to.includes(address) && mailsTo(address).length === 2);

    // Turned off: nothing, however due.
    await server.services.db.execute(sql`UPDATE nps_surveys SET sent_at = now() - interval '200 days' WHERE workspace_id = ${workspace.workspaceId}`);
    await workspace.admin.patch('/api/v1/satisfaction/nps/settings', { isEnabled: false });
    await server.services.nps.sweep();
    expect(await surveysOf(workspace.workspaceId)).toHaveLength(2);

    // On again, but the office is closed (no opening hours at all): it waits for business hours, unless told not to.
    await workspace.admin.patch('/api/v1/satisfaction/nps/settings', { isEnabled: true });
    await workspace.admin.patch('/api/v1/email/outbound-settings', { businessHours: [] });
    await server.services.nps.sweep();
    expect(await surveysOf(workspace.workspaceId)).toHaveLength(2);
    await workspace.admin.patch('/api/v1/satisfaction/nps/settings', { isBusinessHoursOnly: false });
    await server.services.nps.sweep();
    expect(await surveysOf(workspace.workspaceId)).toHaveLength(3);
  });

  it('stores an answer with its comment and emits nps.responded; a second answer replaces the first; bad input shows the form again', async () => {
    const workspace = await surveyingWorkspace();
    await customerTicket(workspace, { email: addressFor('answer') });
    await server.services.nps.sweep();
    const [survey] = await surveysOf(workspace.workspaceId);
    const path = pathOf(workspace.workspaceId, survey!);

    for (const score of [undefined, '-1', '11', 'nine', '']) {
      const refused = await submit(path, { ...(score === undefined ? {} : { score }), comment: 'Kept <as typed>' });
      expect(refused.status).toBe(400);
      const html = await refused.text();
      expect(html).toContain('Choose a score from 0 to 10 before sending.');
      expect(html).toContain('Kept &lt;as typed&gt;</textarea>');
    }
    const tooLong = await submit(path, { score: '5', comment: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Keep the comment under 2000 characters.');

    const first = await submit(path, { score: '6', comment: 'Slow to answer.' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${path}?lang=en&saved=1`);
    const thanks = await (await open(first.headers.get('location')!)).text();
    expect(thanks).toContain('Thank you! Your answer has been saved.');
    expect(thanks).toContain('value="6" required checked');
    expect(thanks).toContain('Update my answer');

    expect((await submit(path, { score: '10', comment: 'Actually great.' })).status).toBe(303);
    const results = (await workspace.admin.get<NpsResults>('/api/v1/satisfaction/nps')).body;
    expect(results).toMatchObject({ sent: 1, responses: 1, promoters: 1, detractors: 0, score: 100 });
    expect(results.answers.data).toMatchObject([{ surveyId: survey!.id, score: 10, category: 'promoter', comment: 'Actually great.' }]);

    const events = await queryRows<{ data: { surveyId: string; score: number; category: string; comment: string | null; isChange: boolean } }>(
      server.services.db,
      sql`SELECT data FROM outbox_events WHERE workspace_id = ${workspace.workspaceId} AND type = 'nps.responded' ORDER BY created_at, id`,
    );
    expect(events.map((event) => event.data)).toMatchObject([
      { surveyId: survey!.id, score: 6, category: 'detractor', comment: 'Slow to answer.', isChange: false },
      { surveyId: survey!.id, score: 10, category: 'promoter', comment: 'Actually great.', isChange: true },
    ]);
  });

  it('refuses a forged, altered or expired link with a clear page, and a satisfaction link is no NPS link', async () => {
    const workspace = await surveyingWorkspace();
    await customerTicket(workspace, { email: addressFor('forged') });
    await server.services.nps.sweep();
    const [survey] = await surveysOf(workspace.workspaceId);
    const token = pathOf(workspace.workspaceId, survey!).split('/').pop()!;
    const altered = `/nps/${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const satisfactionToken = new URL(server.services.satisfaction.urlOf({ workspaceId: workspace.workspaceId, ticketId: survey!.id, expiresAt: new Date(survey!.expiresAt), language: 'en' })).pathname.split('/').pop();
    for (const answer of [await open(altered), await submit(altered, { score: '1' }), await open('/nps/not-a-token!'), await open(`/nps/${satisfactionToken}`)]) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await answer.text();
      expect(html).toContain('This link is not valid');
      expect(html).toContain('Ce lien n’est pas valide');
    }
    const expired = pathOf(workspace.workspaceId, { ...survey!, language: 'fr', expiresAt: new Date(Date.now() - 60_000) });
    for (const answer of [await open(expired), await submit(expired, { score: '1' })]) {
      expect(answer.status).toBe(410);
      const html = await answer.text();
      expect(html).toContain('Ce lien est expiré');
      expect(html).not.toContain('This link has expired');
    }
    const results = (await workspace.admin.get<NpsResults>('/api/v1/satisfaction/nps')).body;
    expect(results).toMatchObject({ sent: 1, responses: 0, score: null, responseRate: 0 });
  });

  it('scores a known set of answers for managers, with the response rate and the answers paged, and keeps other workspaces out', async () => {
    const workspace = await surveyingWorkspace();
    for (let index = 0; index < 8; index += 1) await customerTicket(workspace, { email: addressFor(`score${index}`), name: `Customer ${index}` });
    await server.services.nps.sweep();
    const surveys = await surveysOf(workspace.workspaceId);
    expect(surveys).toHaveLength(8);
    // 3 promoters, 1 passive, 2 detractors, 2 left unanswered: (3 − 2) / 6 = 16.7.
    const scores = [10, 10, 9, 8, 6, 2];
    for (const [index, score] of scores.entries()) {
      expect((await submit(pathOf(workspace.workspaceId, surveys[index]!), { score: String(score), comment: `Reason ${score}` })).status).toBe(303);
    }

    const manager = await workspace.addUser('manager');
    const first = await manager.client.get<NpsResults>('/api/v1/satisfaction/nps', { limit: '4' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ sent: 8, responses: 6, promoters: 3, passives: 1, detractors: 2, score: 16.7, responseRate: 0.75 });
    expect(first.body.answers.data).toHaveLength(4);
    // Latest answer first.
    expect(first.body.answers.data[0]).toMatchObject({ score: 2, category: 'detractor', comment: 'Reason 2' });
    const second = await manager.client.get<NpsResults>('/api/v1/satisfaction/nps', { limit: '4', cursor: first.body.answers.nextCursor! });
    expect(second.body.answers.data.map((answer) => answer.score)).toEqual([10, 10]);
    expect(second.body.answers.nextCursor).toBeNull();

    // The analytics' experience figures give the same score, and none of it in a language nobody was surveyed in.
    const experience = await manager.client.get<TAnalyticsExperience>('/api/v1/analytics/experience');
    expect(experience.body.nps).toEqual({ sent: 8, responses: 6, responseRate: 0.75, promoters: 3, passives: 1, detractors: 2, score: 16.7 });
    const french = await manager.client.get<TAnalyticsExperience>('/api/v1/analytics/experience', { language: 'fr' });
    expect(french.body.nps).toMatchObject({ sent: 0, score: null });

    // A period before any survey was sent counts nothing.
    const before = await manager.client.get<NpsResults>('/api/v1/satisfaction/nps', { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' });
    expect(before.body).toMatchObject({ sent: 0, responses: 0, score: null, responseRate: null, answers: { data: [] } });

    for (const query of [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { from: 'yesterday' }, { limit: '0' }, { cursor: 'not-ours' }]) {
      const refused = await manager.client.get<ApiError>('/api/v1/satisfaction/nps', query);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    const agent = await workspace.addUser('agent');
    expect((await agent.client.get<ApiError>('/api/v1/satisfaction/nps')).status).toBe(403);
    const stranger = await server.createWorkspace();
    expect((await stranger.admin.get<NpsResults>('/api/v1/satisfaction/nps')).body).toMatchObject({ sent: 0, responses: 0 });
  });
});
