import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { startImapServer, type ImapTestServer } from '../../server/test/imap-server.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

const BROWSER_TEST_TIMEOUT = 120_000;
const SLOW = { timeout: 30_000 };

const REQUEST = [
  'From: Nadia Roy <nadia.roy@example.ca>',
  'To: help@acme-admin.example',
  'Subject: Invoice 2291 charged twice',
  'Message-ID: <invoice-2291@example.ca>',
  'Date: Tue, 24 Nov 2026 10:00:00 -0500',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello, my card was charged twice for invoice 2291. Could you refund one of them?',
  '',
].join('\r\n');

describe('email administration in a real browser: support addresses and IMAP mailboxes', () => {
  let server: TestServer;
  let browser: Browser;
  let imap: ImapTestServer;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-email-admin-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    // No workers: the mailbox is checked when the admin asks, so what the page shows follows the clicks.
    [server, browser, imap] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser(), startImapServer()]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await imap?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it('an admin adds an alias, connects a mailbox, tests it, checks it for mail and sees how the check went', async () => {
    await imap.addUser('helpdesk', 'dovecot-pass-1');
    await imap.deliver('helpdesk', Buffer.from(REQUEST));
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await page.goto(`${server.url}/admin/email`);

    // Support addresses: the default one is listed and kept; an alias is added, then removed.
    const addresses = page.getByTestId('support-address-table');
    const defaultRow = addresses.locator(`tr[data-address="${workspace.slug}@localhost"]`);
    await expect.poll(() => defaultRow.textContent(), SLOW).toContain('Default');
    expect(await defaultRow.getByRole('button').count()).toBe(0);
    await page.getByLabel('New alias').fill('help@acme-admin.example');
    await page.getByRole('button', { name: 'Add alias' }).click();
    const aliasRow = addresses.locator('tr[data-address="help@acme-admin.example"]');
    await expect.poll(() => aliasRow.textContent(), SLOW).toContain('Alias');
    const listed = await workspace.admin.get<{ data: Array<{ address: string; isDefault: boolean }> }>('/api/v1/email/addresses');
    expect(listed.body.data.map((item) => item.address)).toEqual([`${workspace.slug}@localhost`, 'help@acme-admin.example']);

    // An IMAP mailbox at the test Dovecot, connected through the form.
    const form = page.getByRole('form', { name: 'Connect an IMAP mailbox' });
    await form.getByLabel('IMAP server').fill('127.0.0.1');
    await form.getByLabel('Security').selectOption('none');
    await form.getByRole('spinbutton', { name: 'Port' }).fill(String(imap.port));
    await form.getByLabel('User name').fill('helpdesk');
    await form.getByLabel('Password', { exact: true }).fill('dovecot-pass-1');
    await form.getByLabel('Check every (seconds, at least 30)').fill('300');
    await form.getByRole('button', { name: 'Connect mailbox' }).click();
    const row = page.getByTestId('imap-mailbox-table').locator('tr[data-mailbox-username="helpdesk"]');
    await expect.poll(() => row.textContent(), SLOW).toContain('Not checked yet');
    expect(await row.textContent()).toContain(`127.0.0.1:${imap.port} (unencrypted), folder INBOX`);
    expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe('');

    await row.getByRole('button', { name: 'Test the connection to helpdesk @ 127.0.0.1' }).click();
    await expect.poll(() => row.getByTestId('imap-test-result').textContent(), SLOW).toBe('Connection works: 1 message in INBOX, 1 unread.');

    await row.getByRole('button', { name: 'Check helpdesk @ 127.0.0.1 for mail now' }).click();
    const lastPoll = row.getByTestId('imap-last-poll');
    await expect.poll(() => lastPoll.getAttribute('data-status'), SLOW).toBe('ok');
    expect(await lastPoll.textContent()).toContain('1 message taken');
    const tickets = await workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' });
    expect(tickets.map((ticket) => ticket.subject)).toEqual(['Invoice 2291 charged twice']);
    await expectAccessible(page, 'email administration');

    // A wrong password: the test says why, and so does the next check.
    await row.getByRole('button', { name: 'Edit helpdesk @ 127.0.0.1' }).click();
    const editor = page.getByRole('form', { name: 'Edit helpdesk @ 127.0.0.1' });
    await editor.getByLabel('Password', { exact: true }).fill('not-the-password');
    await editor.getByRole('button', { name: 'Save mailbox' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Edit helpdesk @ 127.0.0.1' }).count(), SLOW).toBe(0);
    await row.getByRole('button', { name: 'Test the connection to helpdesk @ 127.0.0.1' }).click();
    await expect.poll(() => row.getByTestId('imap-test-result').textContent(), SLOW).toContain('Connection failed: The user name or password was refused.');
    await row.getByRole('button', { name: 'Check helpdesk @ 127.0.0.1 for mail now' }).click();
    await expect.poll(() => lastPoll.getAttribute('data-status'), SLOW).toBe('error');
    expect(await lastPoll.textContent()).toContain('The user name or password was refused.');
    await expect.poll(() => row.getByRole('alert').textContent(), SLOW).toContain('The check failed');

    // The alias goes again, after a confirmation.
    await aliasRow.getByRole('button', { name: 'Remove' }).click();
    await aliasRow.getByRole('button', { name: 'Remove alias' }).click();
    await expect.poll(() => aliasRow.count(), SLOW).toBe(0);
    await expectAccessible(page, 'email administration after a failed check');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('reads in French for a French-speaking admin', async () => {
    const admin = await workspace.addUser('admin', 'Léa Admin');
    expect((await admin.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
    const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
    await signIn(page, server.url, { workspace: workspace.slug, email: admin.email, password: workspace.password });
    await page.goto(`${server.url}/admin/email`);
    await expect.poll(() => page.getByRole('heading', { name: 'Boîtes aux lettres IMAP' }).count(), SLOW).toBe(1);
    await expect.poll(() => page.getByTestId('imap-mailbox-table').textContent(), SLOW).toContain("Le nom d'utilisateur ou le mot de passe a été refusé.");
    expect(await page.getByRole('heading', { name: 'Adresses de soutien' }).count()).toBe(1);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
