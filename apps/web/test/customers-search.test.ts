import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

describe('customers, search and notifications in a real browser', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let browser: Browser;
  let agent: { userId: string; email: string; client: TestWorkspace['admin'] };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ workers: true }), connectBrowser()]);
    workspace = await server.createWorkspace();
    agent = await workspace.addUser('agent', 'Chloé Gagnon');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds tickets (English and French stemming) and customers from the search box, and shows a customer with their tickets', async () => {
    const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Mathieu Roy', email: 'mathieu@roy.example', organization: 'Roy Transport', tier: 'vip', language: 'fr' });
    expect(customer.status).toBe(201);
    const refund = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Je veux être remboursé', description: 'Le colis est arrivé brisé.', customerId: customer.body.id });
    await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Printer jammed', customer_email: 'other@example.com' });

    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.getByRole('searchbox', { name: 'Search tickets and customers' }).fill('rembourser');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\/search\?q=rembourser/);
    const tickets = page.locator('section[aria-labelledby="search-tickets"]');
    await expect.poll(() => tickets.textContent()).toContain(`#${refund.body.number}`);
    expect(await tickets.textContent()).not.toContain('Printer jammed');
    await expectAccessible(page, 'search');

    await page.getByRole('searchbox', { name: 'Search tickets and customers' }).fill('Mathieu');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'Mathieu Roy' }).click();
    await page.waitForURL(new RegExp(`/customers/${customer.body.id}$`));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mathieu Roy');
    await expect.poll(() => page.getByText('Roy Transport').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: new RegExp(`#${refund.body.number}`) }).isVisible()).toBe(true);
    await expectAccessible(page, 'customer');

    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByLabel('Find a customer by name, email or organization').fill('roy transport');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('mathieu@roy.example');
    await expectAccessible(page, 'customers');
    await context.close();
  });

  it('an assignment by someone else rings the bell live; opening it leads to the ticket and marks it read', async () => {
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    const bell = page.getByTestId('notifications-button');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');

    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Escalated by the admin' });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.body.id}`, { assigneeId: agent.userId });
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 15_000 }).toBe('Notifications, 1 unread');
    await bell.click();
    const entry = page.getByRole('link', { name: new RegExp(`assigned you ticket #${ticket.body.number}`) });
    await expect.poll(() => entry.isVisible()).toBe(true);
    await expectAccessible(page, 'notifications');
    await entry.click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.body.number}$`));
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
    const unread = await agent.client.get<{ data: unknown[] }>('/api/v1/notifications', { unread: 'true' });
    expect(unread.body.data).toEqual([]);
    await context.close();
  });

  it('lists the agent\'s saved views with their counts and opens one', async () => {
    await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Billing: card declined', tags: ['billing'] });
    await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Billing: VAT number', tags: ['billing'] });
    const view = await agent.client.post<{ id: string }>('/api/v1/views', { name: 'Billing backlog', visibility: 'personal', filters: { tag: 'billing' }, sort: '-createdAt' });
    expect(view.status).toBe(201);
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    const link = page.getByRole('link', { name: /^Billing backlog/ });
    await expect.poll(() => link.textContent()).toMatch(/2$/);
    await link.click();
    await page.waitForURL(new RegExp(`/saved/${view.body.id}$`));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Billing backlog');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await context.close();
  });
});
