import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

/** A real 1×1 PNG (the server checks the bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64');

interface WidgetConfig {
  isOnline: boolean;
  offlineReason: string | null;
}

/**
 * A customer's own site on another origin (another port): a plain page with nothing but the one embed tag, as
 * an admin would paste it.
 */
async function startCustomerSite(widgetOrigin: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const slug = new URL(request.url ?? '/', 'http://site').searchParams.get('workspace') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Outdoor Gear</title></head>
<body><main><h1>Acme Outdoor Gear</h1><p>Tents, stoves and sleeping bags.</p></main>
<script src="${widgetOrigin}/widget.js" data-workspace="${slug}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe('chat widget on a customer site, with an agent in the web app', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let browser: Browser;
  let site: { url: string; server: Server };
  let alice: { userId: string; email: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ workers: true }), connectBrowser()]);
    site = await startCustomerSite(server.url);
    workspace = await server.createWorkspace();
    alice = await workspace.addUser('agent', 'Alice Martin');
    await workspace.admin.patch('/api/v1/chat/settings', { accentColor: '#0f766e' });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    await server?.close();
  });

  const widgetConfig = async (slug: string) => (await server.client.get<WidgetConfig>(`/api/v1/widget/${slug}/config`)).body;
  const panel = (page: Page) => page.getByRole('dialog', { name: /^Chat with|^Clavarder avec/ });
  const chatLog = (page: Page) => panel(page).getByRole('log');

  it('a visitor chats live with an agent: messages, typing and receipts both ways, history after a reload, French, a picture, the rating at the end', async () => {
    // The agent signs in: the app's live connection puts her online, so the widget offers a live chat.
    const agent = await newPerson(browser);
    await signIn(agent.page, server.url, { workspace: workspace.slug, email: alice.email, password: workspace.password });
    await expect.poll(async () => (await widgetConfig(workspace.slug)).isOnline).toBe(true);
    await agent.page.getByRole('link', { name: /^My tickets/ }).click();

    const visitor = await newPerson(browser);
    await visitor.page.goto(`${site.url}/?workspace=${workspace.slug}`);
    const launcher = visitor.page.getByRole('button', { name: 'Open chat' });
    // The launcher takes the workspace's colour from its chat settings.
    await expect.poll(() => launcher.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(15, 118, 110)');
    await launcher.click();
    const form = panel(visitor.page).getByRole('form', { name: 'Start chat' });
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Please fill in this field.');
    await form.getByLabel('Your name').fill('Dana Whitfield');
    await form.getByLabel('Your email').fill('dana@example.com');
    await form.getByLabel('Your message').fill('Hi, my tent pole snapped on the first night. Can I get a replacement?');
    await expectAccessible(visitor.page, 'widget pre-chat form');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('my tent pole snapped');

    // The queue gives the chat to the one agent online: it arrives live in her inbox with a notice, and the
    // visitor learns who is answering.
    await expect.poll(() => agent.page.getByTestId('chat-alert').textContent()).toMatch(/is yours.*my tent pole snapped/);
    await expect.poll(() => panel(visitor.page).getByTestId('widget-subtitle').textContent()).toBe('You are chatting with Alice Martin');
    const row = agent.page.locator('tr', { hasText: 'my tent pole snapped' });
    await expect.poll(() => row.count()).toBe(1);
    const ticket = (await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets?channel=chat')).body.data[0]!;
    expect(ticket).toMatchObject({ channel: 'chat' });
    await row.getByRole('link').click();
    await agent.page.waitForURL(new RegExp(`/tickets/${ticket.number}$`));
    await expect.poll(() => agent.page.getByText('dana@example.com').first().isVisible()).toBe(true);

    // Typing shows on the other side, each way.
    const composer = panel(visitor.page).getByRole('textbox', { name: 'Write a message…' });
    // Nothing unread on the launcher, and the emoji palette opens only when asked.
    expect(await launcher.locator('.badge').isVisible()).toBe(false);
    const palette = panel(visitor.page).getByRole('group', { name: 'Insert an emoji' });
    expect(await palette.isVisible()).toBe(false);
    await panel(visitor.page).getByRole('button', { name: 'Insert an emoji' }).click();
    await palette.getByRole('button', { name: '👍' }).click();
    expect(await composer.inputValue()).toBe('👍');
    expect(await palette.isVisible()).toBe(false);
    await composer.fill('It is the long pole');
    await expect.poll(() => agent.page.getByTestId('chat-status').textContent()).toContain('The customer is typing…');
    await agent.page.getByLabel('Your reply to the customer').fill('Sorry to hear that! ');
    await expect.poll(() => panel(visitor.page).getByText('Alice Martin is typing…').isVisible()).toBe(true);

    // The visitor's message, then the agent's reply, in order on both sides.
    await composer.press('Enter');
    await expect.poll(() => agent.page.getByText('It is the long pole').isVisible()).toBe(true);
    await expect.poll(() => agent.page.getByTestId('chat-status').textContent()).not.toContain('typing');
    await agent.page.getByLabel('Your reply to the customer').fill('Sorry to hear that! A new long pole ships today, free of charge.');
    await agent.page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('A new long pole ships today');
    const bubbles = await chatLog(visitor.page).locator('li.message').allTextContents();
    expect(bubbles).toEqual([
      expect.stringContaining('my tent pole snapped'),
      'It is the long pole',
      expect.stringMatching(/^Alice Martin.*A new long pole ships today/),
    ]);

    // Read receipts: the agent has the chat open, so the visitor's last message shows "Seen"; the visitor has
    // the panel open, so the agent sees the reply was seen.
    await expect.poll(() => panel(visitor.page).locator('[data-receipt="seen"]').count()).toBe(1);
    await expect.poll(() => agent.page.getByTestId('chat-status').textContent()).toContain('Seen by the customer');
    await expectAccessible(visitor.page, 'widget conversation');

    // A returning visitor (same browser, page reloaded) finds the conversation, and may switch to French.
    await visitor.page.reload();
    await visitor.page.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => chatLog(visitor.page).locator('li.message').count()).toBe(3);
    await panel(visitor.page).getByRole('button', { name: 'Passer au français' }).click();
    await expect.poll(() => panel(visitor.page).getByRole('textbox', { name: 'Écrivez un message…' }).isVisible()).toBe(true);
    await expect.poll(() => visitor.page.getByRole('button', { name: 'Ouvrir le clavardage' }).isVisible()).toBe(true);
    await panel(visitor.page).getByRole('textbox', { name: 'Écrivez un message…' }).fill('Merci beaucoup!');
    await panel(visitor.page).getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => agent.page.getByText('Merci beaucoup!').isVisible()).toBe(true);

    // A picture shared from the widget: a thumbnail on the visitor's side (loaded across origins through its
    // signed link), an attachment of the message on the agent's.
    await panel(visitor.page).locator('input[type="file"]').setInputFiles({ name: 'long-pole.png', mimeType: 'image/png', buffer: PNG });
    const thumbnail = chatLog(visitor.page).getByRole('img', { name: 'long-pole.png' });
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
    await expect.poll(() => agent.page.getByText('long-pole.png').first().isVisible()).toBe(true);

    // The visitor ends the chat and rates it: the ticket is solved, and the agent sees the rating on it.
    await panel(visitor.page).getByRole('button', { name: 'Terminer' }).click();
    const rating = panel(visitor.page).getByRole('form', { name: 'Comment s’est passée la conversation?' });
    await rating.getByLabel(/Bien$/).check();
    await rating.getByLabel(/Autre chose à ajouter/).fill('Très rapide, merci');
    await expectAccessible(visitor.page, 'widget rating (fr-CA)');
    await rating.getByRole('button', { name: 'Envoyer l’évaluation' }).click();
    await expect.poll(() => panel(visitor.page).getByRole('status').filter({ hasText: 'Merci' }).textContent()).toBe('Merci pour votre avis!');
    // She asks for the transcript, to the address she gave before the chat.
    const transcript = panel(visitor.page).getByRole('form', { name: 'Recevoir la transcription par courriel' });
    await transcript.getByRole('button', { name: 'Envoyer la transcription' }).click();
    await expect.poll(() => transcript.getByRole('status').textContent()).toBe('La transcription est en route vers dana@example.com.');
    await expectAccessible(visitor.page, 'widget transcript (fr-CA)');
    await expect.poll(() => agent.page.getByTestId('satisfaction').textContent()).toContain('4 out of 5');
    await expect.poll(() => agent.page.getByTestId('satisfaction').textContent()).toContain('Très rapide, merci');
    await expect.poll(() => agent.page.getByLabel('Status').inputValue()).toBe('resolved');
    await expect.poll(() => panel(visitor.page).getByRole('button', { name: 'Nouvelle conversation' }).isVisible()).toBe(true);

    await Promise.all([agent.context.close(), visitor.context.close()]);
  }, 120_000);

  it('an admin finds the tag to paste and sets the widget’s colour, form and opening hours', async () => {
    const admin = await newPerson(browser);
    await signIn(admin.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await admin.page.goto(`${server.url}/admin/chat`);
    await expect.poll(() => admin.page.getByTestId('embed-tag').textContent()).toBe(`<script src="${server.url}/widget.js" data-workspace="${workspace.slug}" async></script>`);
    const form = admin.page.getByRole('form', { name: 'Look and behaviour' });
    await form.getByLabel('Main colour').fill('#7c2d12');
    await form.getByLabel('Email').selectOption('required');
    await form.getByLabel('Open at any hour').uncheck();
    await form.getByLabel('Sat').check();
    await form.getByLabel('Opens at').fill('08:00');
    await form.getByLabel('Closes at').fill('20:00');
    await expectAccessible(admin.page, 'admin live chat');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved');
    const saved = (await workspace.admin.get<{ accentColor: string; preChatForm: { email: string }; businessHours: Array<{ day: number; start: string; end: string }> }>('/api/v1/chat/settings')).body;
    expect(saved).toMatchObject({ accentColor: '#7c2d12', preChatForm: { email: 'required' } });
    expect(saved.businessHours.map((interval) => interval.day)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(saved.businessHours.every((interval) => interval.start === '08:00' && interval.end === '20:00')).toBe(true);
    await workspace.admin.patch('/api/v1/chat/settings', { businessHours: null, preChatForm: { name: 'optional', email: 'optional', description: 'hidden' } });
    await admin.context.close();
  });

  it('with nobody online, the widget takes a message that becomes a ticket answered by email, or a callback request', async () => {
    const quiet = await server.createWorkspace();
    expect(await widgetConfig(quiet.slug)).toMatchObject({ isOnline: false, offlineReason: 'no_agent_online' });
    const visitor = await newPerson(browser, { locale: 'fr-CA' });
    await visitor.page.goto(`${site.url}/?workspace=${quiet.slug}`);
    // A French browser gets the French widget.
    await visitor.page.getByRole('button', { name: 'Ouvrir le clavardage' }).click();
    const form = panel(visitor.page).getByRole('form', { name: 'Nous sommes absents pour le moment' });
    await expect.poll(() => form.textContent()).toContain('Aucun agent n’est disponible');
    await form.getByLabel('Votre courriel').fill('pas-une-adresse');
    await form.getByLabel('Votre message').fill('Bonjour, avez-vous le réchaud Trail 2 en stock?');
    await form.getByRole('button', { name: 'Envoyer le message' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Veuillez entrer une adresse courriel valide.');
    await form.getByLabel('Votre courriel').fill('luc@example.ca');
    await form.getByRole('button', { name: 'Envoyer le message' }).click();
    await expect.poll(() => panel(visitor.page).getByRole('status').textContent()).toContain('luc@example.ca');
    await expectAccessible(visitor.page, 'widget offline message (fr-CA)');

    const tickets = (await quiet.admin.get<{ data: Ticket[] }>('/api/v1/tickets')).body.data;
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ channel: 'web', tags: ['chat-offline'], description: 'Bonjour, avez-vous le réchaud Trail 2 en stock?' });

    // “Call me instead”, from a fresh page: a phone ticket for the phone team.
    await visitor.page.reload();
    await visitor.page.getByRole('button', { name: 'Ouvrir le clavardage' }).click();
    await panel(visitor.page).getByRole('button', { name: /Appelez-moi plutôt/ }).click();
    const callback = panel(visitor.page).getByRole('form', { name: 'Nous vous rappellerons' });
    await callback.getByLabel('Votre numéro de téléphone').fill('+1 418 555 0147');
    await callback.getByLabel('Quel moment vous convient?').fill('demain matin');
    await expectAccessible(visitor.page, 'widget callback form (fr-CA)');
    await callback.getByRole('button', { name: 'Demander un appel' }).click();
    await expect.poll(() => panel(visitor.page).getByRole('status').textContent()).toContain('+1 418 555 0147');
    const phoneTickets = (await quiet.admin.get<{ data: Ticket[] }>('/api/v1/tickets?channel=phone')).body.data;
    expect(phoneTickets).toEqual([expect.objectContaining({ tags: ['callback-request'] })]);
    await visitor.context.close();
  });
});
