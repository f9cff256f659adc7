import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

/** The server's clock, moved forward to reach a breach without waiting a quarter of an hour. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

describe('SLA clocks on the ticket and in the inbox, in a real browser', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let browser: Browser;
  let agent: { userId: string; email: string; client: TestWorkspace['admin'] };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ workers: true, clock, env: { SLA_SWEEP_INTERVAL_MS: '3600000' } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    agent = await workspace.addUser('agent', 'Chloé Gagnon');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const createTicket = async (body: Record<string, unknown>) => {
    const answer = await workspace.admin.post<Ticket>('/api/v1/tickets', body);
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const slaReady = async (ticketId: string) =>
    expect.poll(async () => (await workspace.admin.get<{ targets: unknown[] }>(`/api/v1/tickets/${ticketId}/sla`)).body.targets.length, { timeout: 10_000 }).toBeGreaterThan(0);

  it('shows each clock with its countdown, moves it live on a reply and on pending, and flags a breach', async () => {
    const ticket = await createTicket({ subject: 'Checkout page is down', priority: 'urgent', assigneeId: agent.userId, customer_email: 'owner@shop.example' });
    await slaReady(ticket.id);
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });

    const row = page.locator(`tr[data-ticket-number="${ticket.number}"]`);
    await expect.poll(() => row.locator('[data-sla-state]').getAttribute('data-sla-state'), { timeout: 10_000 }).toBe('ok');
    await expect.poll(() => row.textContent()).toMatch(/On track.*in 1[45] minutes/);

    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.number}$`));
    const panel = page.getByTestId('ticket-sla');
    await expect.poll(() => panel.getByRole('heading', { name: 'SLA' }).isVisible()).toBe(true);
    await expect.poll(() => panel.getByTestId('sla-first_response').textContent()).toMatch(/First response\s*On track\s*due in 1[45] minutes/);
    await expect.poll(() => panel.getByTestId('sla-resolution').textContent()).toMatch(/Resolution\s*On track\s*due in [34] hours/);
    await expectAccessible(page, 'ticket with SLA clocks');

    // A public reply meets the first-response target, live.
    await page.getByLabel('Your reply to the customer').fill('We are on it, the payment provider had an outage.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => panel.getByTestId('sla-first_response').getAttribute('data-state'), { timeout: 10_000 }).toBe('met');

    // Waiting on the customer stops the resolution clock.
    await page.locator('select[name="status"]').selectOption('pending');
    await expect.poll(() => panel.getByTestId('sla-resolution').getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
    await expect.poll(() => panel.getByTestId('sla-resolution').textContent()).toMatch(/Paused.*min left when it resumes/);
    await context.close();
  });

  it('shows a missed target as overdue in the list and on the ticket, in French too', async () => {
    const ticket = await createTicket({ subject: 'Facturation en double', priority: 'urgent', assigneeId: agent.userId, customer_email: 'compta@exemple.ca' });
    await slaReady(ticket.id);
    clock.offsetMs = 16 * 60_000;
    try {
      expect((await server.services.sla.fireDue()).breached).toBeGreaterThanOrEqual(1);
      expect((await agent.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
      const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
      await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
      const row = page.locator(`tr[data-ticket-number="${ticket.number}"]`);
      await expect.poll(() => row.locator('[data-sla-state]').textContent(), { timeout: 10_000 }).toContain('En retard');
      await row.getByRole('link').click();
      const panel = page.getByTestId('ticket-sla');
      await expect.poll(() => panel.getByTestId('sla-first_response').textContent(), { timeout: 10_000 }).toMatch(/Première réponse\s*En retard/);
      await expect.poll(() => panel.getByRole('heading', { name: 'Entente de service' }).isVisible()).toBe(true);
      await context.close();
    } finally {
      clock.offsetMs = 0;
    }
  });
});
