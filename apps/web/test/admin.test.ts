import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: string;
  isActive: boolean;
}

/** A webhook receiver on a loopback port that answers 200 and keeps what it got. */
async function startReceiver() {
  const requests: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 120_000;

describe('admin screens in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-admin-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser, receiver] = await Promise.all([
      startTestServer({ workers: true, env: { WEBHOOK_RETRY_BASE_MS: '200', WEB_DIST_DIR: webDistDir } }),
      connectBrowser(),
      startReceiver(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  /** Each test gets its own workspace (one admin, as bootstrapped) and an admin signed in to it. */
  const adminOfNewWorkspace = async (options: { width?: number } = {}) => {
    const workspace = await server.createWorkspace();
    const person = await newPerson(browser, options);
    await signIn(person.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    return { workspace, ...person };
  };

  const openSection = async (page: Page, path: string, heading: string) => {
    await page.goto(`${server.url}/admin/${path}`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: heading }).isVisible(), SLOW).toBe(true);
  };

  const staffMember = async (workspace: TestWorkspace, email: string) =>
    (await workspace.admin.listAll<StaffMember>('/api/v1/users')).find((member) => member.email === email);

  it('an admin adds an agent, changes a role, deactivates and reactivates someone, and is told the last admin cannot go', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Users and roles' }).isVisible(), SLOW).toBe(true);

    const email = `chloe@${workspace.slug}.test`;
    const form = page.getByRole('form', { name: 'Add a staff member' });
    await form.getByLabel('Name').fill('Chloé Gagnon');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption('agent');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('at least 10 characters');
    await form.getByLabel('Initial password').fill('a long enough password');
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), SLOW).toBe('Chloé Gagnon was added.');
    const row = page.locator(`tr[data-user-email="${email}"]`);
    await expect.poll(() => row.textContent(), SLOW).toContain('Chloé Gagnon');
    expect(await staffMember(workspace, email)).toMatchObject({ name: 'Chloé Gagnon', role: 'agent', isActive: true });
    // The new agent signs in with the password the admin chose.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: workspace.slug, email, password: 'a long enough password' }),
    });
    expect(login.status).toBe(200);

    await row.getByLabel('Role of Chloé Gagnon').selectOption('manager');
    await row.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => page.getByText('Chloé Gagnon is now Manager.').isVisible(), SLOW).toBe(true);
    await expect.poll(async () => (await staffMember(workspace, email))?.role).toBe('manager');

    await row.getByRole('button', { name: 'Deactivate Chloé Gagnon' }).click();
    await expect.poll(() => row.textContent(), SLOW).toContain('Deactivated');
    await expect.poll(async () => (await staffMember(workspace, email))?.isActive).toBe(false);
    await row.getByRole('button', { name: 'Reactivate Chloé Gagnon' }).click();
    await expect.poll(() => row.textContent(), SLOW).toContain('Active');
    await expect.poll(async () => (await staffMember(workspace, email))?.isActive).toBe(true);

    // The only admin can neither deactivate nor demote themselves: the server's refusal is shown as an alert.
    const adminRow = page.locator(`tr[data-user-email="${workspace.adminEmail}"]`);
    await adminRow.getByRole('button', { name: /^Deactivate/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), SLOW).toContain('keeps at least one active administrator');
    await adminRow.getByRole('combobox').selectOption('agent');
    await adminRow.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), SLOW).toContain('Make someone else an administrator first');
    await expect.poll(() => adminRow.getByRole('combobox').inputValue()).toBe('admin');
    expect(await staffMember(workspace, workspace.adminEmail)).toMatchObject({ role: 'admin', isActive: true });
    await expectAccessible(page, 'admin: users (with an error)');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('an admin creates a team, renames it and sets its members', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace();
    const alice = await workspace.addUser('agent', 'Alice Martin');
    const bruno = await workspace.addUser('agent', 'Bruno Tremblay');
    await openSection(page, 'teams', 'Teams');
    await expect.poll(() => page.getByText('No teams yet.').isVisible(), SLOW).toBe(true);

    const form = page.getByRole('form', { name: 'Create a team' });
    await form.getByLabel('Team name').fill('Billing');
    await form.getByRole('checkbox', { name: 'Alice Martin' }).check();
    await form.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), SLOW).toBe('Team Billing created.');
    const card = page.getByRole('article', { name: 'Billing' });
    await expect.poll(() => card.textContent(), SLOW).toContain('Alice Martin');
    await expectAccessible(page, 'admin: teams');

    await card.getByRole('button', { name: 'Edit team Billing' }).click();
    await card.getByLabel('Team name').fill('Billing and refunds');
    await card.getByRole('checkbox', { name: 'Alice Martin' }).uncheck();
    await card.getByRole('checkbox', { name: 'Bruno Tremblay' }).check();
    await card.getByRole('button', { name: 'Save team' }).click();
    const renamed = page.getByRole('article', { name: 'Billing and refunds' });
    await expect.poll(() => renamed.getByRole('status').textContent(), SLOW).toBe('Team Billing and refunds saved.');
    // Focus goes back to the card's "Edit" button, where it was.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit team Billing and refunds');
    const teams = await workspace.admin.listAll<{ name: string; memberIds: string[] }>('/api/v1/teams');
    expect(teams).toEqual([expect.objectContaining({ name: 'Billing and refunds', memberIds: [bruno.userId] })]);
    expect(teams[0]!.memberIds).not.toContain(alice.userId);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('an API token is shown once with a copy button, works as a Bearer token, and is never listed again', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await openSection(page, 'tokens', 'API tokens');
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Token name').fill('CRM sync');
    await form.getByLabel('Role').selectOption('agent');
    await form.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByTestId('new-token');
    await expect.poll(() => shown.isVisible(), SLOW).toBe(true);
    expect(await shown.textContent()).toContain('will never be shown again');
    const secret = await shown.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^sb_.{20,}/);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => shown.getByRole('status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page, 'admin: tokens (secret shown)');

    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(workspace.adminEmail);
    // The token acts with the role it was given, below its owner's.
    expect((await fetch(`${server.url}/api/v1/webhooks`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(403);

    const row = page.locator('tr[data-token-name="CRM sync"]');
    await expect.poll(() => row.textContent(), SLOW).toContain('Agent');
    const prefix = (await row.locator('code').textContent())!.replace('…', '');
    expect(secret.startsWith(prefix)).toBe(true);
    expect(await page.getByTestId('token-table').textContent()).not.toContain(secret);

    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(() => shown.count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await expect.poll(() => row.isVisible(), SLOW).toBe(true);
    expect(await page.content()).not.toContain(secret);
    await expectAccessible(page, 'admin: tokens');

    // Revoked with the keyboard alone: the confirming button takes the focus.
    await row.getByRole('button', { name: 'Revoke' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Revoke token');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.textContent(), SLOW).toContain('Revoked');
    expect((await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('an admin registers a webhook, reads its delivery log, redelivers, disables and deletes', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace();
    await openSection(page, 'webhooks', 'Webhook endpoints');
    const form = page.getByRole('form', { name: 'Add a webhook endpoint' });
    await form.getByLabel('Address (URL)').fill(receiver.url);
    await form.getByLabel('Description (optional)').fill('CRM');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Choose at least one event to send.');
    await form.getByRole('checkbox', { name: /^Customer created/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const shown = page.getByTestId('new-webhook-secret');
    await expect.poll(() => shown.isVisible(), SLOW).toBe(true);
    const secret = await shown.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, 'admin: webhooks (secret shown)');
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.locator(`tr[data-webhook-url="${receiver.url}"]`);
    await expect.poll(() => row.textContent(), SLOW).toContain('Customer created');
    expect(await page.content()).not.toContain(secret);

    const customer = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Dana Roy', email: `dana@${workspace.slug}.test` });
    expect(customer.status).toBe(201);
    await expect.poll(() => receiver.requests.filter((request) => request.body.includes(customer.body.id)).length, SLOW).toBe(1);
    const [first] = receiver.requests.filter((request) => request.body.includes(customer.body.id));
    // The secret shown once is the one the server signs with.
    expect(() => new StandardWebhook(secret).verify(first!.body, first!.headers as Record<string, string>)).not.toThrow();

    await row.getByRole('link', { name: `Delivery log of ${receiver.url}` }).click();
    await page.waitForURL(/\/admin\/webhooks\/[0-9a-f-]{36}$/);
    const delivery = page.locator('tr[data-delivery-id]').first();
    await expect.poll(() => delivery.getByTestId('delivery-status').textContent(), SLOW).toBe('Delivered');
    expect(await delivery.getByTestId('delivery-response').textContent()).toBe('200');
    expect(await delivery.getByTestId('delivery-attempts').textContent()).toBe('1');
    expect(await delivery.textContent()).toContain('Customer created');
    await expectAccessible(page, 'admin: delivery log');

    await delivery.getByRole('button', { name: /^Redeliver/ }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'queued to be sent again' }).count(), SLOW).toBe(1);
    await expect.poll(() => receiver.requests.filter((request) => request.body.includes(customer.body.id)).length, SLOW).toBe(2);
    const [again] = receiver.requests.filter((request) => request.body.includes(customer.body.id)).slice(1);
    expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    await expect.poll(() => delivery.getByTestId('delivery-status').textContent(), SLOW).toBe('Delivered');
    await expect.poll(() => delivery.getByText('2 attempts in the log').isVisible(), SLOW).toBe(true);

    await page.getByRole('link', { name: 'Back to webhook endpoints' }).click();
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.textContent(), SLOW).toContain('Disabled');
    const [webhook] = await workspace.admin.listAll<{ id: string; isEnabled: boolean }>('/api/v1/webhooks');
    expect(webhook).toMatchObject({ isEnabled: false });

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete endpoint' }).click();
    await expect.poll(() => page.getByText('No webhook endpoints yet.').isVisible(), SLOW).toBe(true);
    expect((await workspace.admin.get(`/api/v1/webhooks/${webhook!.id}`)).status).toBe(404);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('an admin changes the workspace name and default language, and adds a status and a custom field', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace();
    await openSection(page, 'workspace', 'Workspace settings');
    const form = page.getByRole('form', { name: 'Workspace settings' });
    await expect.poll(() => form.getByLabel('Workspace name').inputValue(), SLOW).toBe(workspace.slug);
    await form.getByLabel('Workspace name').fill('Acme Support');
    await form.getByLabel('Default language').selectOption('fr');
    await form.getByLabel('Time zone').selectOption('America/Toronto');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), SLOW).toBe('Settings saved.');
    const settings = await workspace.admin.get<{ name: string; defaultLanguage: string; timeZone: string }>('/api/v1/workspace');
    expect(settings.body).toMatchObject({ name: 'Acme Support', defaultLanguage: 'fr', timeZone: 'America/Toronto' });
    // The top bar follows the new name without a reload.
    await expect.poll(() => page.locator('.top-bar .workspace-name').textContent(), SLOW).toBe('Acme Support');
    await expectAccessible(page, 'admin: workspace');

    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Statuses and fields' }).click();
    const statusForm = page.getByRole('form', { name: 'Add a status' });
    await statusForm.getByLabel('Status name').fill('Waiting on vendor');
    await statusForm.getByLabel('Key').fill('waiting_vendor');
    await statusForm.getByLabel('Category').selectOption('pending');
    await statusForm.getByRole('button', { name: 'Add status' }).click();
    await expect.poll(() => page.locator('tr[data-status-key="waiting_vendor"]').textContent(), SLOW).toContain('Waiting on vendor');
    const statuses = await workspace.admin.get<{ data: Array<{ key: string; category: string; isBuiltIn: boolean }> }>('/api/v1/ticket-statuses');
    expect(statuses.body.data).toContainEqual(expect.objectContaining({ key: 'waiting_vendor', label: 'Waiting on vendor', category: 'pending', isBuiltIn: false, isArchived: false }));

    const fieldForm = page.getByRole('form', { name: 'Add a custom field' });
    await fieldForm.getByLabel('Field on').selectOption('customer');
    await fieldForm.getByLabel('Field name').fill('Support plan');
    await fieldForm.getByLabel('Key').fill('support_plan');
    await fieldForm.getByLabel('Type').selectOption('select');
    await fieldForm.getByRole('button', { name: 'Add field' }).click();
    await expect.poll(() => fieldForm.getByRole('alert').textContent()).toContain('at least one choice');
    await fieldForm.getByLabel('Choices', { exact: true }).fill('Gold\nSilver');
    await fieldForm.getByLabel('Sensitive').check();
    await fieldForm.getByRole('button', { name: 'Add field' }).click();
    await expect.poll(() => page.locator('tr[data-field-key="support_plan"]').textContent(), SLOW).toContain('Gold, Silver');
    const fields = await workspace.admin.get<{ data: unknown[] }>('/api/v1/custom-fields');
    expect(fields.body.data).toContainEqual(
      expect.objectContaining({ entity: 'customer', key: 'support_plan', label: 'Support plan', type: 'select', options: ['Gold', 'Silver'], isRequired: false, isSensitive: true }),
    );
    // A key already used is refused by the server, and said so in the interface language.
    await statusForm.getByLabel('Status name').fill('Again');
    await statusForm.getByLabel('Key').fill('waiting_vendor');
    await statusForm.getByRole('button', { name: 'Add status' }).click();
    await expect.poll(() => statusForm.getByRole('alert').textContent(), SLOW).toBe('A status with this key already exists.');
    await expectAccessible(page, 'admin: statuses and fields');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('an admin edits a webhook\'s address and events, renames a custom field and archives a custom status, which tickets then no longer offer', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace();
    const webhook = await workspace.admin.post<{ id: string }>('/api/v1/webhooks', { url: receiver.url, description: 'CRM', eventTypes: ['customer.created'] });
    expect(webhook.status).toBe(201);
    await openSection(page, 'webhooks', 'Webhook endpoints');

    // Opened with the keyboard: the form takes the focus, on its address.
    const editButton = page.getByRole('button', { name: `Edit ${receiver.url}` });
    await editButton.focus();
    await page.keyboard.press('Enter');
    const webhookForm = page.getByRole('form', { name: `Edit ${receiver.url}` });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')), SLOW).toBe('url');
    const newUrl = `${receiver.url}/v2`;
    await webhookForm.getByLabel('Address (URL)').fill(newUrl);
    await webhookForm.getByRole('checkbox', { name: /^Customer created/ }).uncheck();
    await webhookForm.getByRole('button', { name: 'Save endpoint' }).click();
    await expect.poll(() => webhookForm.getByRole('alert').textContent()).toBe('Choose at least one event to send.');
    await webhookForm.getByRole('checkbox', { name: /^Ticket created/ }).check();
    await webhookForm.getByRole('checkbox', { name: /^Ticket resolved/ }).check();
    await expectAccessible(page, 'admin: webhooks (editing)');
    await webhookForm.getByRole('button', { name: 'Save endpoint' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: `${newUrl} saved.` }).count(), SLOW).toBe(1);
    const editedRow = page.locator(`tr[data-webhook-url="${newUrl}"]`);
    await expect.poll(() => editedRow.textContent(), SLOW).toContain('Ticket created, Ticket resolved');
    expect(await webhookForm.count()).toBe(0);
    // Focus is back on the row's "Edit" button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Edit ${newUrl}`);
    expect((await workspace.admin.get(`/api/v1/webhooks/${webhook.body.id}`)).body).toMatchObject({ url: newUrl, description: 'CRM', eventTypes: ['ticket.created', 'ticket.resolved'], isEnabled: true });

    // A field and a status to edit, and two tickets: one in the status about to be archived.
    const field = await workspace.admin.post<{ id: string }>('/api/v1/custom-fields', { entity: 'ticket', key: 'product', label: 'Product', type: 'select', options: ['Router', 'Modem'] });
    expect(field.status).toBe(201);
    expect((await workspace.admin.post('/api/v1/ticket-statuses', { key: 'waiting_vendor', label: 'Waiting on vendor', category: 'on_hold' })).status).toBe(201);
    const waiting = await workspace.admin.post<{ number: number }>('/api/v1/tickets', { subject: 'Replacement part on order', customer_email: `dana@${workspace.slug}.test`, status: 'waiting_vendor', customFields: { product: 'Modem' } });
    const other = await workspace.admin.post<{ number: number }>('/api/v1/tickets', { subject: 'Cannot sign in', customer_email: `eli@${workspace.slug}.test` });
    expect([waiting.status, other.status]).toEqual([201, 201]);

    await openSection(page, 'customization', 'Ticket statuses');
    const fieldRow = page.locator('tr[data-field-key="product"]');
    await fieldRow.getByRole('button', { name: 'Edit field Product' }).click();
    const fieldForm = page.getByRole('form', { name: 'Edit field Product' });
    await fieldForm.getByLabel('Field name').fill('Device');
    await fieldForm.getByLabel('Help text (optional)').fill('The device the customer writes about');
    // (A label wrapping a filled textarea has the text in its name: find the textarea by its field name.)
    await fieldForm.locator('textarea[name="options"]').fill('Router\nRepeater');
    await fieldForm.getByRole('button', { name: 'Save field' }).click();
    await expect.poll(() => fieldRow.textContent(), SLOW).toContain('Device');
    expect(await fieldRow.textContent()).toContain('Router, Repeater');
    expect(await fieldRow.textContent()).toContain('The device the customer writes about');
    const fields = await workspace.admin.get<{ data: Array<{ id: string }> }>('/api/v1/custom-fields');
    expect(fields.body.data.find((item) => item.id === field.body.id)).toMatchObject({ key: 'product', label: 'Device', description: 'The device the customer writes about', options: ['Router', 'Repeater'] });

    const statusRow = page.locator('tr[data-status-key="waiting_vendor"]');
    await statusRow.getByRole('button', { name: 'Archive status Waiting on vendor', exact: true }).click();
    await expect.poll(() => statusRow.textContent(), SLOW).toContain('Archived');
    await expect.poll(() => statusRow.getByRole('button', { name: 'Unarchive status Waiting on vendor' }).isVisible()).toBe(true);
    expect(await page.getByText('Status Waiting on vendor archived').isVisible()).toBe(true);
    const statuses = await workspace.admin.get<{ data: Array<{ key: string; isArchived: boolean }> }>('/api/v1/ticket-statuses');
    expect(statuses.body.data.find((status) => status.key === 'waiting_vendor')).toMatchObject({ isArchived: true });
    // Built-in statuses offer no edit.
    expect(await page.locator('tr[data-status-key="open"]').getByRole('button').count()).toBe(0);
    await expectAccessible(page, 'admin: statuses and fields (archived status)');

    // The ticket already in the archived status still shows it; another ticket is not offered it.
    await page.goto(`${server.url}/tickets/${waiting.body.number}`);
    const statusSelect = page.locator('select[name="status"]');
    await expect.poll(() => statusSelect.inputValue(), SLOW).toBe('waiting_vendor');
    expect(await statusSelect.locator('option:checked').textContent()).toBe('Waiting on vendor (archived)');
    // The field shows under its new name, keeping the choice taken off the list as it was written.
    const deviceSelect = page.getByTestId('ticket-custom-fields').getByLabel('Device');
    await expect.poll(() => deviceSelect.inputValue(), SLOW).toBe('Modem');
    expect(await deviceSelect.locator('option').allTextContents()).toEqual(['—', 'Modem (no longer offered)', 'Router', 'Repeater']);
    await page.goto(`${server.url}/tickets/${other.body.number}`);
    await expect.poll(() => statusSelect.inputValue(), SLOW).toBe('new');
    expect(await statusSelect.locator('option[value="waiting_vendor"]').count()).toBe(0);
    // The other ticket is offered only the choices now listed, and saves one.
    await deviceSelect.selectOption('Repeater');
    await page.getByTestId('ticket-custom-fields').getByRole('button', { name: 'Save fields' }).click();
    await expect.poll(async () => (await workspace.admin.get<{ customFields: Record<string, unknown> }>(`/api/v1/tickets/${other.body.number}`)).body.customFields, SLOW).toEqual({ product: 'Repeater' });
    await expectAccessible(page, 'ticket with custom fields');

    await openSection(page, 'customization', 'Ticket statuses');
    await statusRow.getByRole('button', { name: 'Unarchive status Waiting on vendor' }).click();
    await expect.poll(() => statusRow.getByRole('button', { name: 'Archive status Waiting on vendor', exact: true }).isVisible(), SLOW).toBe(true);
    expect(await statusRow.textContent()).not.toContain('Archived');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('an agent sees no Administration link, /admin says only administrators, and the server refuses with 403', async () => {
    const workspace = await server.createWorkspace();
    const agent = await workspace.addUser('agent', 'Alice Martin');
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await expect.poll(() => page.getByRole('navigation', { name: 'Views' }).getByRole('link').count(), SLOW).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    await page.goto(`${server.url}/admin/users`);
    await expect.poll(() => page.getByRole('alert').textContent(), SLOW).toBe('Only administrators can open these settings.');
    expect(await page.getByRole('form').count()).toBe(0);
    await expectAccessible(page, 'admin: refused to an agent');

    // With the agent's own session cookie, as the page would send it…
    const fromPage = await page.evaluate(async (email) => {
      const answer = await fetch('/api/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name: 'Intruder', role: 'admin', password: 'a long enough password' }) });
      return { status: answer.status, body: (await answer.json()) as { error: { code: string } } };
    }, `intruder@${workspace.slug}.test`);
    expect(fromPage).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'forbidden' }) } });
    // …and with an API token.
    expect((await agent.client.get('/api/v1/webhooks')).status).toBe(403);
    expect((await agent.client.patch('/api/v1/workspace', { name: 'Taken over' })).status).toBe(403);
    expect((await workspace.admin.get<{ name: string }>('/api/v1/workspace')).body.name).not.toBe('Taken over');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('every admin screen fits a 375 px screen, in French too', async () => {
    const { workspace, context, page } = await adminOfNewWorkspace({ width: 375 });
    await page.getByTestId('language-picker').selectOption('fr-CA');
    // The choice is saved to the profile, which the next page load follows.
    await expect.poll(async () => (await workspace.admin.get<{ language: string }>(`/api/v1/users/${workspace.adminId}`)).body.language, SLOW).toBe('fr');
    const sections: Array<[string, string]> = [
      ['users', 'Utilisateurs et rôles'],
      ['teams', 'Équipes'],
      ['tokens', "Jetons d'API"],
      ['webhooks', 'Points de terminaison de webhook'],
      ['workspace', "Paramètres de l'espace de travail"],
      ['customization', 'Statuts de billet'],
      ['chat', 'Clavardage en direct'],
      ['routing', "Règles d'acheminement"],
    ];
    for (const [path, heading] of sections) {
      await openSection(page, path, heading);
      await expect.poll(() => page.getByText('Chargement…').count(), SLOW).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      await expectAccessible(page, `admin: ${path} (375 px, fr-CA)`);
    }
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
