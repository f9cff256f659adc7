import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

interface TicketSatisfaction {
  ticketId: string;
  state: 'not_offered' | 'offered' | 'rated';
  rating: number | null;
  comment: string | null;
  language: 'en' | 'fr' | null;
  expiresAt: string | null;
}

describe('satisfaction surveys: a signed link, a form without sign-in, the rating for staff', () => {
  let server: TestServer;
  let workspace: TestWorkspace;

  beforeAll(async () => {
    // No SMTP_URL: the resolved notification is not sent (and says so), but the survey is still offered.
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
  });
  afterAll(() => server?.close());

  /** A resolved ticket of a customer with an address, and the path of its survey link. */
  async function resolvedTicket(language: 'en' | 'fr' = 'en'): Promise<{ ticket: Ticket; path: string; expiresAt: Date }> {
    const subject = language === 'fr' ? `Facture en double ${Math.random()}` : `Double invoice ${Math.random()}`;
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, customer_email: `customer.${Math.random().toString(36).slice(2)}@example.com`, language })).body;
    await workspace.admin.patch(`/api/v1/customers/${ticket.customerId}`, { language });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    let survey: TicketSatisfaction | undefined;
    await expect.poll(async () => (survey = (await workspace.admin.get<TicketSatisfaction>(`/api/v1/tickets/${ticket.id}/satisfaction`)).body).state, { timeout: 15_000 }).toBe('offered');
    const expiresAt = new Date(survey!.expiresAt!);
    const url = server.services.satisfaction.urlOf({ workspaceId: workspace.workspaceId, ticketId: ticket.id, expiresAt, language: survey!.language! });
    return { ticket, path: new URL(url).pathname, expiresAt };
  }

  const open = (path: string) => fetch(new URL(path, server.url));
  const submit = (path: string, fields: Record<string, string>) =>
    fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  const surveyOf = async (ticketId: string) => (await workspace.admin.get<TicketSatisfaction>(`/api/v1/tickets/${ticketId}/satisfaction`)).body;

  it('offers the survey on resolution for 30 days, and says the notification was not sent without SMTP_URL', async () => {
    const { ticket, expiresAt } = await resolvedTicket();
    const days = (expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const deliveries = (await workspace.admin.get<{ data: Array<{ kind: string; status: string; lastError: string }> }>(`/api/v1/tickets/${ticket.id}/email-deliveries`)).body.data;
    expect(deliveries).toMatchObject([{ kind: 'resolved', status: 'disabled', lastError: expect.stringContaining('not sent: no SMTP_URL') }]);
  });

  it('serves an accessible form that needs no script, in the link\'s language, with a link to the other one', async () => {
    const { ticket, path } = await resolvedTicket('fr');
    const page = await open(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('<legend>Comment évaluez-vous le soutien que vous avez reçu?</legend>');
    expect(html).toContain(`Votre demande n° ${ticket.number}`);
    expect(html).toContain('<label class="comment" for="comment">');
    expect(html).not.toMatch(/<script|style="|\son[a-z]+="/);
    expect(html).toContain(`href="${path}?lang=en"`);

    const english = await (await open(`${path}?lang=en`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('How would you rate the support you received?');
  });

  it('stores a rating with a comment, and a second answer replaces the first', async () => {
    const { ticket, path } = await resolvedTicket();
    const first = await submit(path, { rating: '2', comment: 'Slow to answer.' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${path}?lang=en&saved=1`);
    expect(await surveyOf(ticket.id)).toMatchObject({ state: 'rated', rating: 2, comment: 'Slow to answer.' });

    const thanks = await (await open(first.headers.get('location')!)).text();
    expect(thanks).toContain('role="status"');
    expect(thanks).toContain('value="2" required checked');
    expect(thanks).toContain('Update my rating');

    expect((await submit(path, { rating: '5', comment: '' })).status).toBe(303);
    expect(await surveyOf(ticket.id)).toMatchObject({ state: 'rated', rating: 5, comment: null });
  });

  it('shows the form again with the reason when the rating is missing or out of range, keeping what was typed', async () => {
    const { ticket, path } = await resolvedTicket();
    for (const rating of [undefined, '0', '6', 'four']) {
      const answer = await submit(path, { ...(rating === undefined ? {} : { rating }), comment: 'Kept <as typed>' });
      expect(answer.status).toBe(400);
      const html = await answer.text();
      expect(html).toContain('<p class="error" role="alert" id="form-error">Choose a rating from 1 to 5 before sending.</p>');
      expect(html).toContain('Kept &lt;as typed&gt;</textarea>');
    }
    expect((await surveyOf(ticket.id)).state).toBe('offered');
  });

  it('refuses a tampered link (400) and an expired one (410) with a clear page, storing nothing', async () => {
    const { ticket, path, expiresAt } = await resolvedTicket();
    const token = path.split('/').pop()!;
    const tampered = `/satisfaction/${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const answer of [await open(tampered), await submit(tampered, { rating: '1' }), await open('/satisfaction/not-a-token')]) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await answer.text();
      expect(html).toContain('This link is not valid');
      expect(html).toContain('Ce lien n’est pas valide');
    }
    // A link for the same ticket whose expiry has passed (the expiry is signed: it cannot be moved).
    const expiredUrl = server.services.satisfaction.urlOf({ workspaceId: workspace.workspaceId, ticketId: ticket.id, expiresAt: new Date(Date.now() - 60_000), language: 'en' });
    const expired = new URL(expiredUrl).pathname;
    for (const answer of [await open(expired), await submit(expired, { rating: '1' })]) {
      expect(answer.status).toBe(410);
      expect(await answer.text()).toContain('This link has expired');
    }
    expect((await surveyOf(ticket.id)).state).toBe('offered');
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('hides the survey from another workspace, and answers 404 once the ticket is deleted', async () => {
    const { ticket, path } = await resolvedTicket();
    const stranger = await server.createWorkspace();
    expect((await stranger.admin.get<ApiError>(`/api/v1/tickets/${ticket.id}/satisfaction`)).status).toBe(404);
    expect((await workspace.admin.delete(`/api/v1/tickets/${ticket.id}`)).status).toBe(204);
    const gone = await open(path);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('This survey no longer exists');
  });
});
