import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

const BROWSER_TEST_TIMEOUT = 120_000;
const PASSWORD = 'un mot de passe assez long';

interface Comment {
  body: string;
  isPublic: boolean;
  authorType: string;
  attachments: Array<{ filename: string }>;
}

describe('the customer portal in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let ticket: { id: string; number: number };
  const email = 'chloe.gagnon@example.ca';
  // The built app (for the admin screen) is served from a copy, so a rebuild during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-portal-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    server = await startTestServer({ env: { WEB_DIST_DIR: webDistDir } });
    browser = await connectBrowser();
    workspace = await server.createWorkspace();
    await workspace.admin.patch('/api/v1/workspace', { name: 'Plein Air Acme' });
    const customer = (await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Chloé Gagnon', email, language: 'fr' })).body;
    await server.services.db.transaction((tx) => server.services.portal.createAccountInTransaction(tx, workspace.workspaceId, { customerId: customer.id, email, password: PASSWORD, language: 'fr' }));
    ticket = (await workspace.admin.post<{ id: string; number: number }>('/api/v1/tickets', { subject: 'Tente reçue déchirée', description: 'La toile de ma tente est déchirée.', customerId: customer.id, language: 'fr' })).body;
    await workspace.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Pouvez-vous nous envoyer une photo de la déchirure?', isPublic: true });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it(
    'a customer signs in, opens their ticket and replies with a photo, in French; the reply shows in the timeline and reaches the team',
    async () => {
      const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
      });
      try {
        await page.goto(`${server.url}/help/${workspace.slug}/fr`);
        await page.getByRole('link', { name: 'Se connecter' }).click();
        await page.waitForURL(/\/fr\/sign-in$/);
        expect(await page.locator('html').getAttribute('lang')).toBe('fr-CA');
        await expectAccessible(page, 'portal sign-in');
        await page.getByLabel('Adresse courriel').first().fill(email);
        await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Me connecter' }).click();

        await page.waitForURL(/\/fr\/tickets$/);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mes demandes');
        await expect.poll(() => page.getByRole('row', { name: /Tente reçue déchirée/ }).textContent()).toContain('En attente de votre réponse');
        await expectAccessible(page, 'portal ticket list');
        await page.getByRole('link', { name: `#${ticket.number}` }).click();

        await page.waitForURL(new RegExp(`/fr/tickets/${ticket.number}$`));
        await page.getByText('Pouvez-vous nous envoyer une photo de la déchirure?').waitFor();
        await expectAccessible(page, 'portal ticket');
        await page.getByLabel('Votre message').fill('Voici la photo de la déchirure.');
        await page.getByLabel('Joindre des documents (facultatif)').setInputFiles({
          name: 'dechirure.png',
          mimeType: 'image/png',
          buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
        });
        await page.getByRole('button', { name: 'Envoyer' }).click();

        await page.getByRole('status').filter({ hasText: 'Votre réponse a été envoyée.' }).waitFor();
        const timeline = page.locator('ol.timeline > li');
        await expect.poll(() => timeline.count()).toBe(3);
        const reply = timeline.last();
        expect(await reply.textContent()).toContain('Voici la photo de la déchirure.');
        expect(await reply.textContent()).toContain('Vous');
        const download = reply.getByRole('link', { name: 'dechirure.png' });
        expect(await download.getAttribute('href')).toMatch(new RegExp(`/help/${workspace.slug}/fr/tickets/${ticket.number}/attachments/`));
        expect((await page.context().request.get(`${server.url}${(await download.getAttribute('href'))!}`)).status()).toBe(200);
        await expect.poll(() => page.locator('p.meta .status').first().textContent()).toBe('Ouverte');
        expect(refusals).toEqual([]);

        // The team sees the customer's reply, with its file, on the ticket.
        const comments = (await workspace.admin.get<{ data: Comment[] }>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
        expect(comments.at(-1)).toMatchObject({ body: 'Voici la photo de la déchirure.', isPublic: true, authorType: 'customer', attachments: [{ filename: 'dechirure.png' }] });
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'a customer asks for the deletion of their data; an admin confirms it in Administration → Privacy requests, and the customer is signed out',
    async () => {
      const customer = (await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Marc Roy', email: 'marc.roy@example.ca', language: 'en' })).body;
      await server.services.db.transaction((tx) => server.services.portal.createAccountInTransaction(tx, workspace.workspaceId, { customerId: customer.id, email: 'marc.roy@example.ca', password: PASSWORD, language: 'en' }));
      const shopper = await newPerson(browser);
      const staff = await newPerson(browser);
      try {
        await shopper.page.goto(`${server.url}/help/${workspace.slug}/sign-in`);
        await shopper.page.getByLabel('Email address').first().fill('marc.roy@example.ca');
        await shopper.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await shopper.page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await shopper.page.waitForURL(/\/tickets$/);
        await shopper.page.getByRole('link', { name: 'Privacy' }).click();
        await expectAccessible(shopper.page, 'portal privacy');
        await shopper.page.getByRole('button', { name: 'Request deletion' }).click();
        await shopper.page.getByText('An administrator will review your request.').waitFor();

        await signIn(staff.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
        await staff.page.goto(`${server.url}/admin/privacy`);
        const row = staff.page.locator('tr[data-request-customer="Marc Roy"]');
        await row.waitFor();
        expect(await row.textContent()).toContain('marc.roy@example.ca');
        await expectAccessible(staff.page, 'privacy requests');
        await row.getByRole('button', { name: 'Erase data' }).click();
        await staff.page.getByRole('button', { name: 'Erase for good' }).click();
        await staff.page.getByRole('status').filter({ hasText: 'The data of Marc Roy was erased.' }).waitFor();
        await staff.page.getByLabel('Show').selectOption('confirmed');
        await expect.poll(() => staff.page.locator('tr[data-request-customer="Deleted customer"]').count()).toBe(1);

        await shopper.page.reload();
        await shopper.page.waitForURL(/\/sign-in\?next=/);
        expect((await workspace.admin.get<{ name: string; email: string | null }>(`/api/v1/customers/${customer.id}`)).body).toMatchObject({ name: 'Deleted customer', email: null });
      } finally {
        await shopper.context.close();
        await staff.context.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );
});
