import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 150_000;

interface CannedResponse {
  id: string;
  name: string;
  category: string | null;
  bodyEn: string;
  bodyFr: string;
  visibility: string;
  teamId: string | null;
  changes: { addTags: string[]; removeTags: string[] };
  usageCount: number;
}

describe('canned responses in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-canned-web-'));

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

  it('an admin shares a bilingual canned response that tags the ticket; an agent inserts it on a French ticket and sends it', async () => {
    // The admin writes it in Administration → Canned responses.
    const admin = await newPerson(browser);
    await signIn(admin.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await admin.page.goto(`${server.url}/admin/users`);
    await admin.page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Canned responses', exact: true }).click();
    await expect.poll(() => admin.page.getByRole('heading', { level: 2, name: 'Canned responses', exact: true }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => admin.page.getByText('None yet', { exact: false }).isVisible(), SLOW).toBe(true);

    const form = admin.page.getByTestId('canned-form');
    await form.getByLabel('Name', { exact: true }).fill('Refund on its way');
    await form.getByLabel('Category', { exact: true }).fill('Billing');
    await form.getByLabel('English text').fill('Hi {{customer.first_name}}, the refund for ticket #{{ticket.number}} is on its way.');
    await form.getByLabel('French text').fill('Bonjour {{customer.first_name}}, le remboursement du billet n° {{ticket.number}} est en route.');
    expect(await form.getByLabel('Shared with').locator('option:checked').textContent()).toBe('Everyone in the workspace');
    await form.getByLabel('Add tags').fill('refund');
    await expectAccessible(admin.page, 'Administration → Canned responses');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => admin.page.getByRole('status').filter({ hasText: 'Canned response “Refund on its way” created.' }).isVisible(), SLOW).toBe(true);
    const row = admin.page.locator('tr[data-canned-name="Refund on its way"]');
    await expect.poll(() => row.textContent(), SLOW).toContain('Add tags: refund');
    expect(await row.textContent()).toContain('EN · FR');
    const [stored] = (await workspace.admin.get<{ data: CannedResponse[] }>('/api/v1/canned-responses', { scope: 'shared' })).body.data;
    expect(stored).toMatchObject({ name: 'Refund on its way', category: 'Billing', visibility: 'shared', teamId: null, changes: { addTags: ['refund'], removeTags: [] } });
    await admin.context.close();

    // An agent opens a French customer's ticket, opens the picker with its shortcut, finds it by a French word typed
    // without its accent, and picks it.
    const agent = await workspace.addUser('agent', 'Julie Fortin');
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Remboursement', description: 'J’attends toujours mon remboursement.', customer_email: 'marie-eve@example.test', customer_name: 'Marie-Ève Tremblay', language: 'fr' })).body;
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.goto(`${server.url}/tickets/${ticket.number}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toContain('Remboursement');
    await expect.poll(() => page.getByTestId('canned-button').isVisible(), SLOW).toBe(true);
    await page.keyboard.press('Alt+KeyC');
    const picker = page.getByTestId('canned-picker');
    await expect.poll(() => picker.isVisible(), SLOW).toBe(true);
    await expect.poll(() => picker.getByRole('group', { name: 'Billing' }).getByRole('option', { name: /Refund on its way/ }).isVisible(), SLOW).toBe(true);
    await expectAccessible(page, 'canned response picker');
    await picker.getByRole('combobox', { name: 'Search canned responses' }).fill('ROUTE');
    await expect.poll(() => picker.getByRole('option').count(), SLOW).toBe(1);
    await picker.getByRole('combobox', { name: 'Search canned responses' }).fill('nothing like this');
    await expect.poll(() => picker.getByText('No canned response matches this search.').isVisible(), SLOW).toBe(true);
    await picker.getByRole('combobox', { name: 'Search canned responses' }).fill('remboursement');
    await expect.poll(() => picker.getByRole('option').count(), SLOW).toBe(1);
    await picker.getByRole('combobox', { name: 'Search canned responses' }).press('Enter');
    await expect.poll(() => picker.isVisible(), SLOW).toBe(false);

    // The French text, with the customer's first name and the ticket number filled in, and what sending will change.
    const reply = page.getByLabel('Your reply to the customer');
    const expected = `Bonjour Marie-Ève, le remboursement du billet n° ${ticket.number} est en route.`;
    await expect.poll(() => reply.inputValue(), SLOW).toBe(expected);
    const hint = page.getByTestId('canned-changes');
    await expect.poll(() => hint.textContent(), SLOW).toContain('Add tags: refund');
    expect(await hint.textContent()).toContain('Refund on its way');
    await page.getByRole('button', { name: 'Send reply' }).click();

    // The reply is on the timeline, and the tag on the ticket.
    await expect.poll(() => page.getByTestId('public-reply').last().textContent(), SLOW).toContain(expected);
    await expect.poll(() => page.locator('dl.facts').first().textContent(), SLOW).toContain('refund');
    await expect.poll(() => hint.count(), SLOW).toBe(0);
    expect(await reply.inputValue()).toBe('');
    const after = (await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body;
    expect(after.tags).toContain('refund');
    const comments = (await workspace.admin.get<{ data: Array<{ body: string; isPublic: boolean; authorUserId: string | null }> }>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
    expect(comments.filter((comment) => comment.isPublic && comment.authorUserId === agent.userId).map((comment) => comment.body)).toEqual([expected]);
    const used = (await workspace.admin.get<CannedResponse>(`/api/v1/canned-responses/${stored!.id}`)).body;
    expect(used.usageCount).toBe(1);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
