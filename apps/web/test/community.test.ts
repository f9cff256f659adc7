import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 240_000;

interface Topic {
  id: string;
  number: number;
  title: string;
  status: string;
  convertedTicket: { id: string; number: number } | null;
  replies: Array<{ id: string; body: string; isHidden: boolean; hiddenReason: string | null }>;
}

/** A key i18next could not find shows as itself ("community.title"): none may be left on the page. */
async function expectNoUntranslatedKey(page: Page, what: string): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text.match(/\b(app|nav|community|admin|languages)\.[a-zA-Z]+[.a-zA-Z]*\b/g) ?? [], what).toEqual([]);
}

describe('community moderation in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-community-web-'));

  /** A topic or reply as a signed-in customer posts it from the help center's pages. */
  async function asCustomer(name: string, email: string, language: 'en' | 'fr') {
    const customer = (await workspace.admin.post<{ id: string }>('/api/v1/customers', { name, email, language })).body;
    const member = { workspaceId: workspace.workspaceId, customerId: customer.id, name };
    const center = await server.services.community.open(workspace.slug);
    return {
      startTopic: async (category: string, title: string, body: string) => {
        const path = await server.services.community.createTopic(center, language, member, { workspace: workspace.slug, category, title, body, website: '' });
        return Number(/\/topics\/(\d+)/.exec(path)![1]);
      },
      reply: (topicNumber: number, body: string) => server.services.community.replyAsMember(center, language, topicNumber, member, { workspace: workspace.slug, body, website: '' }),
    };
  }

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it('an agent hides a reply, locks a topic and converts another to a ticket; the help center shows each change, in French too', async () => {
    await workspace.admin.patch('/api/v1/workspace', { name: 'Acme POS' });
    await workspace.admin.post('/api/v1/community/categories', { nameEn: 'Printers', nameFr: 'Imprimantes', slug: 'printers' });
    // A manager opens a second category from the screen.
    const manager = await workspace.addUser('manager', 'Maya Lavoie');
    const managerView = await newPerson(browser);
    await signIn(managerView.page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
    await managerView.page.getByRole('link', { name: 'Community', exact: true }).click();
    const categoryForm = managerView.page.getByTestId('community-category-form');
    await expect.poll(() => categoryForm.isVisible(), SLOW).toBe(true);
    await categoryForm.getByLabel('English name').fill('Billing');
    await categoryForm.getByLabel('French name').fill('Facturation');
    await categoryForm.getByLabel('French description').fill('Factures, taxes et prélèvements.');
    await categoryForm.getByRole('button', { name: 'Create the category' }).click();
    await expect.poll(() => managerView.page.getByRole('status').filter({ hasText: 'Category “Billing” created.' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => managerView.page.locator('[data-community-category="Billing"]').isVisible(), SLOW).toBe(true);
    await expectAccessible(managerView.page, 'community categories (manager)');
    await managerView.context.close();
    const jordan = await asCustomer('Jordan Lee', 'jordan@cafe.test', 'en');
    const sam = await asCustomer('Sam Patel', 'sam@shop.test', 'en');
    const marie = await asCustomer('Marie-Ève Tremblay', 'marie@boulangerie.test', 'fr');
    const printerTopic = await jordan.startTopic('printers', 'Receipt printer stops after a few sales', 'Every morning it prints three receipts, then nothing.');
    await sam.reply(printerTopic, 'Buy cheap printers at deals.example, best prices!');
    await marie.reply(printerTopic, 'Try turning off USB power saving in Windows.');
    const chargeTopic = await marie.startTopic('billing', 'Prélèvement en double ce mois-ci', 'Mon compte a été débité deux fois le 1er décembre.');

    // The agent opens the community from the navigation.
    const agent = await workspace.addUser('agent', 'Émilie Tremblay');
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.getByRole('link', { name: 'Community', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Community' }).isVisible(), SLOW).toBe(true);
    const topics = page.getByTestId('community-topics');
    await expect.poll(() => topics.locator('tbody tr').count(), SLOW).toBe(2);
    // Agents moderate; the categories are for managers and admins.
    expect(await page.getByTestId('community-categories').count()).toBe(0);
    await expectNoUntranslatedKey(page, 'community list');
    await expectAccessible(page, 'community list (agent)');

    // A reply that advertises goes, with the reason kept for staff.
    await topics.getByRole('link', { name: 'Receipt printer stops after a few sales' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('Receipt printer stops after a few sales');
    await expect.poll(() => page.getByTestId('community-replies').locator('li').count(), SLOW).toBe(2);
    await expectAccessible(page, 'community topic (agent)');
    await page.getByRole('button', { name: 'Hide the reply by Sam Patel' }).click();
    await page.getByLabel('Reason (staff only)').fill('Advertising');
    await page.getByRole('form', { name: 'Hide the reply by Sam Patel' }).getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Reply hidden from the help center.' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByText('Hidden because: Advertising').isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Show the reply by Sam Patel again' }).isVisible(), SLOW).toBe(true);

    // Then the topic is locked.
    await page.getByRole('button', { name: 'Lock the topic' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Topic locked: customers can no longer reply.' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByTestId('community-topic-facts').textContent(), SLOW).toContain('Locked');
    await expect.poll(() => page.getByRole('button', { name: 'Unlock the topic' }).isVisible(), SLOW).toBe(true);
    const locked = (await workspace.admin.get<{ data: Topic[] }>('/api/v1/community/topics')).body.data.find((topic) => topic.number === printerTopic)!;
    const stored = (await workspace.admin.get<Topic>(`/api/v1/community/topics/${locked.id}`)).body;
    expect(stored.status).toBe('locked');
    expect(stored.replies.find((reply) => reply.body.includes('deals.example'))).toMatchObject({ isHidden: true, hiddenReason: 'Advertising' });

    // The public page: the advertising is gone, the topic says it is locked and offers no reply form.
    const publicPage = await context.newPage();
    await publicPage.goto(`${server.url}/help/${workspace.slug}/community/topics/${printerTopic}`);
    await expect.poll(() => publicPage.getByRole('heading', { level: 1 }).textContent(), SLOW).toContain('Receipt printer stops after a few sales');
    expect(await publicPage.getByText('This topic is locked: it takes no new replies.').isVisible()).toBe(true);
    expect(await publicPage.getByText('deals.example').count()).toBe(0);
    expect(await publicPage.getByText('Try turning off USB power saving in Windows.').isVisible()).toBe(true);
    expect(await publicPage.getByLabel('Your reply').count()).toBe(0);
    await expectAccessible(publicPage, 'public locked topic');

    // Back in the staff screen, the locked filter finds it; the French question is converted into a ticket.
    await page.getByRole('link', { name: 'Community', exact: true }).first().click();
    await expect.poll(() => topics.locator('tbody tr').count(), SLOW).toBe(2);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('locked');
    await expect.poll(() => topics.locator('tbody tr').count(), SLOW).toBe(1);
    expect(await topics.locator('tbody tr').first().textContent()).toContain('Locked');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');
    await expect.poll(() => topics.locator('tbody tr').count(), SLOW).toBe(2);
    await topics.getByRole('link', { name: 'Prélèvement en double ce mois-ci' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('Prélèvement en double ce mois-ci');
    await page.getByTestId('community-convert').click();
    const ticketLink = page.getByTestId('community-ticket-link');
    await expect.poll(() => ticketLink.isVisible(), SLOW).toBe(true);
    const converted = (await workspace.admin.get<{ data: Topic[] }>('/api/v1/community/topics')).body.data.find((topic) => topic.number === chargeTopic)!;
    expect(converted.convertedTicket).not.toBeNull();
    expect(await ticketLink.textContent()).toBe(`Followed up in ticket #${converted.convertedTicket!.number}`);
    expect(await page.getByTestId('community-convert').count()).toBe(0);
    const ticket = (await workspace.admin.get<Ticket>(`/api/v1/tickets/${converted.convertedTicket!.id}`)).body;
    expect(ticket).toMatchObject({ subject: 'Prélèvement en double ce mois-ci', channel: 'web', language: 'fr' });
    await ticketLink.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toContain('Prélèvement en double ce mois-ci');

    // The French public page says an agent is following it up privately.
    await publicPage.goto(`${server.url}/help/${workspace.slug}/fr/community/topics/${chargeTopic}`);
    await expect.poll(() => publicPage.getByRole('heading', { level: 1 }).textContent(), SLOW).toContain('Prélèvement en double ce mois-ci');
    expect(await publicPage.locator('html').getAttribute('lang')).toBe('fr-CA');
    expect(await publicPage.getByText('Un agent fait le suivi de cette question dans une demande privée.').isVisible()).toBe(true);
    expect(await publicPage.getByRole('link', { name: 'Connectez-vous pour publier' }).isVisible()).toBe(true);
    await expectAccessible(publicPage, 'public converted topic (fr-CA)');

    // The staff screen in French has every string translated.
    await page.goto(`${server.url}/community`);
    await page.getByTestId('language-picker').selectOption('fr-CA');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Communauté' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByTestId('community-topics').textContent(), SLOW).toContain(`Billet n° ${converted.convertedTicket!.number}`);
    await expectNoUntranslatedKey(page, 'community list (fr-CA)');
    await expectAccessible(page, 'community list (agent, fr-CA)');
    await page.getByTestId('language-picker').selectOption('en');
    await expect.poll(async () => (await workspace.admin.get<{ language: string }>(`/api/v1/users/${agent.userId}`)).body.language, SLOW).toBe('en');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
