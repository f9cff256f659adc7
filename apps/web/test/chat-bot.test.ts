import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ARTICLE, publishArticles, type Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

/** A customer's own site on another origin: a plain page with the one embed tag. */
async function startCustomerSite(widgetOrigin: string, slug: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Outdoor Gear</title></head>
<body><main><h1>Acme Outdoor Gear</h1></main><script src="${widgetOrigin}/widget.js" data-workspace="${slug}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe('the bot in the chat widget, and the agent it hands over to', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let browser: Browser;
  let site: { url: string; server: Server };
  let agentUser: { userId: string; email: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ workers: true }), connectBrowser()]);
    workspace = await server.createWorkspace();
    site = await startCustomerSite(server.url, workspace.slug);
    agentUser = await workspace.addUser('agent', 'Alice Martin');
    await publishArticles(workspace.admin, [PASSWORD_ARTICLE]);
    await workspace.admin.patch('/api/v1/bot/settings', { isEnabled: true, handoffFields: ['name', 'email', 'order_number'] });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    await server?.close();
  });

  const panel = (page: Page) => page.getByRole('dialog', { name: /^Chat with|^Clavarder avec/ });
  const chatLog = (page: Page) => panel(page).getByRole('log');

  it('a visitor gets an answer from the bot, asks for a person, and the agent receives the transcript and the fields the bot collected', async () => {
    // The agent is signed in (online), so the handoff becomes a live chat rather than a message.
    const agent = await newPerson(browser);
    await signIn(agent.page, server.url, { workspace: workspace.slug, email: agentUser.email, password: workspace.password });
    await expect.poll(async () => (await server.client.get<{ isOnline: boolean }>(`/api/v1/widget/${workspace.slug}/config`)).body.isOnline).toBe(true);
    await agent.page.getByRole('link', { name: /^My tickets/ }).click();

    const visitor = await newPerson(browser);
    await visitor.page.goto(site.url);
    await visitor.page.getByRole('button', { name: 'Open chat' }).click();
    // The bot greets in the widget's language, and switches with it.
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('virtual assistant');
    await panel(visitor.page).getByRole('button', { name: 'Passer au français' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('assistant virtuel');
    await panel(visitor.page).getByRole('button', { name: 'Switch to English' }).click();
    await expectAccessible(visitor.page, 'widget with the bot');

    const composer = panel(visitor.page).getByRole('textbox', { name: 'Ask a question…' });
    await composer.fill('How do I reset my password?');
    await composer.press('Enter');
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('Did this help?');
    const answer = chatLog(visitor.page).locator('li.bot').last();
    expect(await answer.textContent()).toContain('Reset your password');
    // The answer links to the article in the help center.
    const link = answer.getByRole('link');
    expect(await link.getAttribute('href')).toBe(`${server.url}/help/${workspace.slug}/articles/reset-your-password`);
    // Nothing reached the team yet: the bot answered.
    expect((await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets?channel=chat')).body.data).toHaveLength(0);

    // "Talk to a person": the bot asks what the team needs, one thing at a time, then hands over.
    await panel(visitor.page).getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('what is your name?');
    await composer.fill('Dana Whitfield');
    await composer.press('Enter');
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('What email address');
    await composer.fill('dana@example');
    await composer.press('Enter');
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('does not look like an email address');
    await composer.fill('dana@example.com');
    await composer.press('Enter');
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('what is its number?');
    await composer.fill('My order is SB-10234');
    await composer.press('Enter');
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('You are now chatting with our team');
    // The bot's conversation stays above the live chat.
    expect(await chatLog(visitor.page).textContent()).toContain('Did this help?');

    // The agent gets the chat live, its ticket from Dana, and the bot's note with the fields and the transcript.
    await expect.poll(() => agent.page.getByTestId('chat-alert').textContent()).toMatch(/is yours/);
    const ticket = (await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets?channel=chat')).body.data[0]!;
    expect(ticket.subject).toBe('How do I reset my password?');
    await agent.page.goto(`${server.url}/tickets/${ticket.number}`);
    await expect.poll(() => agent.page.getByText('dana@example.com').first().isVisible()).toBe(true);
    const note = agent.page.locator('article', { hasText: 'Conversation with the bot before it reached the team' });
    await expect.poll(() => note.count()).toBe(1);
    const noteText = await note.textContent();
    expect(noteText).toContain('Reason: asked for a person');
    expect(noteText).toContain('Name: Dana Whitfield');
    expect(noteText).toContain('Order number: SB-10234');
    expect(noteText).toContain('Customer (');
    expect(noteText).toContain('How do I reset my password?');
    expect(noteText).toContain('Bot (');

    // The agent answers without asking again; the visitor reads it under the bot's conversation.
    await agent.page.getByLabel('Your reply to the customer').fill('Hi Dana, I see order SB-10234 and the reset issue: I sent you a new link.');
    await agent.page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('I sent you a new link');
  });

  it('an admin sets the bot’s persona in French and English, and the widget greets with it', async () => {
    const admin = await newPerson(browser);
    await signIn(admin.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await admin.page.getByTestId('language-picker').selectOption('fr-CA');
    await admin.page.getByRole('link', { name: 'Administration' }).click();
    await admin.page.getByRole('link', { name: 'Personnalité du robot' }).click();
    const form = admin.page.getByRole('form', { name: 'Personnalité du robot' });
    await form.getByLabel('Ton').selectOption('formal');
    await form.getByRole('group', { name: 'Message d’accueil' }).getByLabel('Français').fill('Bonjour, ici l’assistant d’Acme. Que puis-je faire pour vous?');
    await form.getByRole('group', { name: 'Message d’accueil' }).getByLabel('Anglais').fill('Hello, this is Acme’s assistant. How can I help?');
    await form.getByLabel('Numéro de commande').uncheck();
    await expectAccessible(admin.page, 'bot persona form');
    await form.getByRole('button', { name: 'Enregistrer la personnalité du robot' }).click();
    await expect.poll(() => admin.page.getByText('Personnalité du robot enregistrée.').isVisible()).toBe(true);
    const saved = (await workspace.admin.get<{ tone: string; handoffFields: string[] }>('/api/v1/bot/settings')).body;
    expect(saved).toMatchObject({ tone: 'formal', handoffFields: ['name', 'email'] });

    const visitor = await newPerson(browser);
    await visitor.page.goto(site.url);
    await visitor.page.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('Hello, this is Acme’s assistant.');
    await panel(visitor.page).getByRole('button', { name: 'Passer au français' }).click();
    await expect.poll(() => chatLog(visitor.page).textContent()).toContain('Bonjour, ici l’assistant d’Acme.');
  });
});
