import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { startOutsideMailServer, type OutsideMailServer } from '../../server/test/outside-mail-server.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

const BROWSER_TEST_TIMEOUT = 120_000;
const SLOW = { timeout: 30_000 };

describe('email in a real browser: delivery state under replies, templates previewed in both languages', () => {
  let server: TestServer;
  let browser: Browser;
  let outside: OutsideMailServer;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-email-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    outside = await startOutsideMailServer();
    [server, browser] = await Promise.all([
      startTestServer({ workers: true, env: { SMTP_URL: outside.url, EMAIL_RETRY_BASE_SECONDS: '1', WEB_DIST_DIR: webDistDir } }),
      connectBrowser(),
    ]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await outside?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  const credentials = (email: string) => ({ workspace: workspace.slug, email, password: workspace.password });

  it('shows under each public reply whether its email was sent or refused, live, in English and in French', async () => {
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Damaged parcel', customer_email: 'dana.email@example.com' })).body;
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(workspace.adminEmail));
    await page.goto(`${server.url}/tickets/${ticket.number}`);
    await page.getByLabel('Your reply to the customer').fill('A new parcel leaves today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const first = page.getByTestId('public-reply').first().getByTestId('email-delivery');
    await expect.poll(() => first.textContent(), SLOW).toMatch(/^Email to the customer: Emailed to dana\.email@example\.com \(/);
    expect(await first.getAttribute('data-status')).toBe('sent');
    await outside.waitFor((mail) => mail.envelope.to.includes('dana.email@example.com'));

    // The customer's server refuses the next message for good: the reply says so, with the server's reason.
    outside.refuseNext(1, 550, '5.1.1 No such mailbox');
    await page.getByLabel('Your reply to the customer').fill('Here is your tracking number.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const second = page.getByTestId('public-reply').nth(1).getByTestId('email-delivery');
    await expect.poll(() => second.textContent(), SLOW).toContain('Not delivered to dana.email@example.com: The mail server refused the message: 550 5.1.1 No such mailbox');
    // An internal note is never emailed, so it shows no delivery at all.
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByLabel('Your internal note (agents only)').fill('Customer address may be wrong.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByTestId('internal-note').count()).toBe(1);
    expect(await page.getByTestId('internal-note').getByTestId('email-delivery').count()).toBe(0);
    await expectAccessible(page, 'ticket with email delivery states');
    await context.close();

    // A French-speaking agent reads the same states in French.
    const agent = await workspace.addUser('agent', 'Émilie Gagnon');
    expect((await agent.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
    const french = await newPerson(browser, { locale: 'fr-CA' });
    await signIn(french.page, server.url, credentials(agent.email));
    await french.page.goto(`${server.url}/tickets/${ticket.number}`);
    await expect.poll(() => french.page.getByTestId('public-reply').first().getByTestId('email-delivery').textContent(), SLOW).toContain('Envoyé par courriel à dana.email@example.com');
    expect(await french.page.getByTestId('public-reply').nth(1).getByTestId('email-delivery').textContent()).toContain('Non livré à dana.email@example.com');
    await french.context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('lets an admin edit a template and preview it in English and French before saving', async () => {
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(workspace.adminEmail));
    await page.goto(`${server.url}/admin/email`);
    await expect.poll(() => page.getByTestId('email-sending-state').textContent(), SLOW).toContain(`messages go out from ${workspace.slug}@localhost`);
    await expectAccessible(page, 'admin email settings');

    await page.getByLabel('Which email').selectOption('resolved');
    const englishSubject = page.getByRole('group', { name: /^English/ }).getByLabel('Subject', { exact: true });
    await expect.poll(() => englishSubject.inputValue(), SLOW).toBe('Re: {{ticket.subject}} [#{{ticket.number}}]');
    await englishSubject.fill('Solved: {{ticket.subject}} [#{{ticket.number}}]');
    await page.getByRole('button', { name: 'Preview in both languages' }).click();

    const english = page.getByTestId('email-preview-en');
    const french = page.getByTestId('email-preview-fr');
    await expect.poll(() => english.textContent(), SLOW).toContain('Subject: Solved: I cannot sign in to my account [#1234]');
    // The French draft was left as it is: the preview shows the saved (built-in) French wording.
    expect(await french.textContent()).toContain('Subject: Re: Je ne peux plus me connecter à mon compte [#1234]');
    const frenchFrame = page.frameLocator('[data-testid="email-preview-fr"] iframe');
    await expect.poll(() => frenchFrame.locator('body').textContent(), SLOW).toContain('a été marquée comme résolue');
    await expect.poll(() => page.frameLocator('[data-testid="email-preview-en"] iframe').locator('body').textContent()).toContain('has been marked as resolved');
    await expectAccessible(page, 'admin email template preview');

    await page.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Template saved.' }).count()).toBe(1);
    const saved = await workspace.admin.get<{ en: { subject: string; isCustomised: boolean }; fr: { isCustomised: boolean } }>('/api/v1/email/templates/resolved');
    expect(saved.body.en).toMatchObject({ subject: 'Solved: {{ticket.subject}} [#{{ticket.number}}]', isCustomised: true });
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('lets the customer rate the resolved ticket from the emailed link, on an accessible page without sign-in', async () => {
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Wrong colour', customer_email: 'rating.customer@example.com' })).body;
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    const notification = await outside.waitFor((mail) => mail.envelope.to.includes('rating.customer@example.com') && (mail.parsed.text ?? '').includes('/satisfaction/'));
    const path = /\/satisfaction\/[A-Za-z0-9_-]+/.exec(notification.parsed.text ?? '')![0];

    const { context, page } = await newPerson(browser, { width: 375 });
    await page.goto(`${server.url}${path}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('How did we do?');
    await expectAccessible(page, 'satisfaction form');
    await page.getByLabel('4 — Happy').check();
    await page.getByLabel('Anything you would like to add? (optional)').fill('Fast and friendly.');
    await page.getByRole('button', { name: 'Send my rating' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), SLOW).toContain('Thank you! Your rating has been saved.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'satisfaction form, answered');
    const rating = await workspace.admin.get<{ rating: number; comment: string }>(`/api/v1/tickets/${ticket.id}/satisfaction`);
    expect(rating.body).toMatchObject({ rating: 4, comment: 'Fast and friendly.' });
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('the email screen and its previews fit a 375 px screen, in French', async () => {
    const admin = await workspace.addUser('admin', 'Isabelle Roy');
    expect((await admin.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
    const { context, page } = await newPerson(browser, { width: 375, locale: 'fr-CA' });
    await signIn(page, server.url, credentials(admin.email));
    await page.goto(`${server.url}/admin/email`);
    await expect.poll(() => page.getByRole('heading', { name: 'Modèles de courriel' }).count(), SLOW).toBe(1);
    await page.getByRole('button', { name: 'Aperçu dans les deux langues' }).click();
    await expect.poll(() => page.getByTestId('email-preview-fr').textContent(), SLOW).toContain('Objet :');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'admin email (375 px, fr-CA)');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
