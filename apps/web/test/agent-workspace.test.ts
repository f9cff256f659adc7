import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

describe('agent workspace in a real browser', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let browser: Browser;
  let alice: { userId: string; email: string };
  let bruno: { userId: string; email: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ workers: true }), connectBrowser()]);
    workspace = await server.createWorkspace();
    alice = await workspace.addUser('agent', 'Alice Martin');
    bruno = await workspace.addUser('agent', 'Bruno Tremblay');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const credentials = (email: string) => ({ workspace: workspace.slug, email, password: workspace.password });
  const createTicket = async (body: Record<string, unknown>) => {
    const answer = await workspace.admin.post<Ticket>('/api/v1/tickets', body);
    expect(answer.status).toBe(201);
    return answer.body;
  };

  it('signs in, works a ticket from the inbox, and passes the accessibility check on every page', async () => {
    const ticket = await createTicket({ subject: 'Package never arrived', description: 'Order 5521 shows delivered but nothing came.', priority: 'high', customer_email: 'dana@example.com' });
    const { context, page } = await newPerson(browser);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/sign-in/);
    await expectAccessible(page, 'sign-in');

    await page.getByLabel('Workspace').fill(workspace.slug);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
    await page.getByLabel('Password').fill(workspace.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/views\/mine/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My tickets');
    await expect.poll(() => page.getByText('No tickets here').isVisible()).toBe(true);
    await expectAccessible(page, 'inbox (empty)');

    await page.getByRole('link', { name: /^Unassigned/ }).click();
    const row = page.locator(`tr[data-ticket-number="${ticket.number}"]`);
    await expect.poll(() => row.textContent()).toContain('Package never arrived');
    await expect.poll(() => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /^Unassigned/ }).textContent()).toMatch(/1$/);
    await expectAccessible(page, 'inbox');

    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.number}$`));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Package never arrived');
    await expect.poll(() => page.getByText('dana@example.com').isVisible()).toBe(true);

    await page.getByLabel('Your reply to the customer').fill('Sorry about that. A replacement ships today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.getByTestId('public-reply').first().textContent()).toContain('A replacement ships today');

    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByLabel('Your internal note (agents only)').fill('Carrier claim opened, ref 77-1.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('internal-note').first();
    await expect.poll(() => note.textContent()).toContain('Carrier claim opened');
    // A note must not look like a reply: it is labelled and coloured differently.
    expect(await note.textContent()).toContain('Internal note');
    const [noteBackground, replyBackground] = await Promise.all([
      note.evaluate((element) => getComputedStyle(element).backgroundColor),
      page.getByTestId('public-reply').first().evaluate((element) => getComputedStyle(element).backgroundColor),
    ]);
    expect(noteBackground).not.toBe(replyBackground);

    await page.getByLabel('Assignee').selectOption({ label: 'Alice Martin' });
    await expect.poll(async () => (await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body.assigneeId).toBe(alice.userId);
    await page.getByLabel('Status').selectOption('pending');
    await expect.poll(async () => (await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket.id}`)).body.statusCategory).toBe('pending');
    await page.getByText('Activity', { exact: true }).click();
    await expect.poll(() => page.locator('details.activity').textContent()).toContain('Assignee: — → Alice Martin');
    expect(await page.locator('details.activity').textContent()).toContain('Status: Open → Pending');
    await expectAccessible(page, 'ticket');

    const comments = await workspace.admin.get<{ data: Array<{ body: string; isPublic: boolean; authorUserId: string }> }>(`/api/v1/tickets/${ticket.id}/comments`);
    expect(comments.body.data.map((comment) => [comment.isPublic, comment.authorUserId])).toEqual([
      [true, alice.userId],
      [false, alice.userId],
    ]);
    await context.close();
  });

  it('a second agent sees changes live and who else is on the ticket', async () => {
    const ticket = await createTicket({ subject: 'Refund for a double charge', priority: 'normal', customer_email: 'eli@example.com' });
    const first = await newPerson(browser);
    const second = await newPerson(browser);
    await signIn(first.page, server.url, credentials(alice.email));
    await signIn(second.page, server.url, credentials(bruno.email));
    await first.page.goto(`${server.url}/tickets/${ticket.number}`);
    await second.page.goto(`${server.url}/tickets/${ticket.number}`);
    await expect.poll(() => second.page.getByTestId('presence').textContent(), { timeout: 20_000 }).toContain('Alice Martin');
    await expect.poll(() => first.page.getByTestId('presence').textContent(), { timeout: 20_000 }).toContain('Bruno Tremblay');

    await first.page.getByLabel('Priority').selectOption('urgent');
    await expect.poll(() => second.page.getByLabel('Priority').inputValue(), { timeout: 15_000 }).toBe('urgent');

    await first.page.getByLabel('Your reply to the customer').fill('Looking into it now.');
    await expect.poll(() => second.page.getByTestId('presence').textContent(), { timeout: 20_000 }).toContain('Alice Martin is replying');

    // Bruno answers first; Alice is warned before her reply goes out over his.
    await second.page.getByLabel('Your reply to the customer').fill('Refund issued.');
    await second.page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => second.page.getByTestId('public-reply').count()).toBe(1);
    await first.page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => first.page.getByRole('alert').textContent()).toContain('arrived since you opened');
    await first.page.getByRole('button', { name: 'Send anyway' }).click();
    await expect.poll(() => first.page.getByTestId('public-reply').count()).toBe(2);
    await first.context.close();
    await second.context.close();
  });

  it('suggests colleagues after @ and notifies the one picked', async () => {
    const ticket = await createTicket({ subject: 'Needs a second opinion' });
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(alice.email));
    await page.goto(`${server.url}/tickets/${ticket.number}`);
    await page.getByRole('radio', { name: 'Internal note' }).check();
    const editor = page.getByLabel('Your internal note (agents only)');
    await editor.pressSequentially('Can you check this @Bru');
    const suggestion = page.getByRole('listbox', { name: 'People you can mention' }).getByRole('option', { name: /Bruno Tremblay/ });
    await expect.poll(() => suggestion.isVisible()).toBe(true);
    await expectAccessible(page, 'mention suggestions');
    await page.keyboard.press('Enter');
    const handle = bruno.email.split('@')[0]!;
    await expect.poll(() => editor.inputValue()).toBe(`Can you check this @${handle} `);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByTestId('internal-note').count()).toBe(1);
    const comments = await workspace.admin.get<{ data: Array<{ mentionedUserIds: string[] }> }>(`/api/v1/tickets/${ticket.id}/comments`);
    expect(comments.body.data[0]!.mentionedUserIds).toEqual([bruno.userId]);
    await context.close();
  });

  it('attaches files by picking or dropping them, and the reply links them for download', async () => {
    const ticket = await createTicket({ subject: 'Screenshot of the error' });
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(alice.email));
    await page.goto(`${server.url}/tickets/${ticket.number}`);
    await page.getByLabel('Attach files').setInputFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('1. open the app\n2. click save\n') });
    await expect.poll(() => page.getByRole('list', { name: 'Attachments' }).textContent()).toContain('steps.txt');
    // Dropped from the desktop: a drop event carrying a file.
    await page.locator('form.reply-editor').evaluate((form) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['a,b\n1,2\n'], 'figures.csv', { type: 'text/csv' }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByRole('list', { name: 'Attachments' }).textContent()).toContain('figures.csv');
    await page.getByLabel('Your reply to the customer').fill('Here are the steps and figures.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.getByTestId('public-reply').first();
    await expect.poll(() => reply.getByRole('link').allTextContents()).toEqual(['steps.txt', 'figures.csv']);
    const href = await reply.getByRole('link', { name: 'steps.txt' }).getAttribute('href');
    const download = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(download).toBe('1. open the app\n2. click save\n');
    await context.close();
  });

  it('links two tickets and merges a duplicate from the side panel', async () => {
    const original = await createTicket({ subject: 'Invoice shows the wrong address' });
    const related = await createTicket({ subject: 'Address change request' });
    const duplicate = await createTicket({ subject: 'Wrong address on my invoice (again)' });
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(alice.email));
    await page.goto(`${server.url}/tickets/${original.number}`);
    await page.getByLabel('Link a ticket by number').fill(String(related.number));
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    const panel = page.locator('section.related');
    await expect.poll(() => panel.textContent()).toContain(`#${related.number} Address change request`);
    await page.getByLabel('Link a ticket by number').fill('999999');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('There is no ticket #999999');

    await page.goto(`${server.url}/tickets/${duplicate.number}`);
    await page.getByLabel('Merge this ticket into ticket number').fill(String(original.number));
    await page.getByRole('button', { name: 'Merge…' }).click();
    await expect.poll(() => page.getByRole('alertdialog').textContent()).toContain(`Merge #${duplicate.number} into #${original.number}?`);
    await expectAccessible(page, 'merge confirmation');
    await page.getByRole('button', { name: 'Merge now' }).click();
    await expect.poll(() => page.getByText(`This ticket was merged into #${original.number}.`).isVisible()).toBe(true);
    const merged = await workspace.admin.get<Ticket>(`/api/v1/tickets/${duplicate.id}`);
    expect(merged.body).toMatchObject({ mergedIntoId: original.id, statusCategory: 'closed' });
    await context.close();
  });

  it('switches to French, keeps it across sign-ins, and formats dates the Québec way', async () => {
    await createTicket({ subject: 'Question sur ma facture', customer_email: 'luc@example.com' });
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(bruno.email));
    await page.getByTestId('language-picker').selectOption('fr-CA');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mes billets');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-CA');
    await page.getByRole('link', { name: /^Non assignés/ }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: 'Objet' }).isVisible()).toBe(true);
    await expectAccessible(page, 'inbox (fr-CA)');
    await expect.poll(async () => (await workspace.admin.get<{ language: string }>(`/api/v1/users/${bruno.userId}`)).body.language).toBe('fr');
    await context.close();

    // A new browser (no stored preference, English locale) follows the profile once signed in.
    const again = await newPerson(browser, { locale: 'en-CA' });
    await signIn(again.page, server.url, credentials(bruno.email));
    await expect.poll(() => again.page.getByRole('heading', { level: 1 }).textContent()).toBe('Mes billets');
    await again.page.getByRole('link', { name: /^Non assignés/ }).click();
    await again.page.getByRole('link', { name: 'Question sur ma facture' }).click();
    await expect.poll(() => again.page.getByText(/^Créé /).textContent()).toMatch(/Créé \d{1,2} [a-zéû.]+ \d{4}/);
    await again.context.close();
  });

  it('keyboard alone: move with j/k, select with x, assign with a, open with Enter', async () => {
    const first = await createTicket({ subject: 'Keyboard one' });
    const second = await createTicket({ subject: 'Keyboard two' });
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, credentials(alice.email));
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await expect.poll(() => page.locator(`tr[data-ticket-number="${second.number}"]`).isVisible()).toBe(true);
    await page.locator('tbody tr').first().focus();
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Keyboard shortcuts');
    await page.keyboard.press('Escape');
    // Gone from the page, not only hidden: the inbox has taken the keyboard back.
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Newest first: "Keyboard two", then "Keyboard one".
    await page.keyboard.press('x');
    await expect.poll(() => page.getByText('1 selected').first().isVisible()).toBe(true);
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('tbody tr.focused').getAttribute('data-ticket-number')).toBe(String(first.number));
    await page.keyboard.press('x');
    await expect.poll(() => page.getByText('2 selected').first().isVisible()).toBe(true);
    await page.keyboard.press('a');
    await expect.poll(async () => (await workspace.admin.get<Ticket>(`/api/v1/tickets/${first.id}`)).body.assigneeId).toBe(alice.userId);
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${second.id}`)).body.assigneeId).toBe(alice.userId);
    await page.getByRole('link', { name: /^My tickets/ }).click();
    await expect.poll(() => page.locator(`tr[data-ticket-number="${second.number}"]`).isVisible()).toBe(true);
    await page.locator('tbody tr').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/\d+$/);
    await context.close();
  });

  it('ends an expired session gracefully and works at phone width', async () => {
    const { context, page } = await newPerson(browser, { width: 375 });
    await signIn(page, server.url, credentials(alice.email));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'inbox (375 px)');
    await context.clearCookies();
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.waitForURL(/\/sign-in/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('session has ended');
    await context.close();
  });
});
