import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ARTICLE, publishArticles, type ApiError, type Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';

interface BotReply {
  answer: string;
  articleId: string | null;
  handoff: boolean;
  reason: string | null;
  awaiting: string | null;
  handoffReady: boolean;
  conversationId: string;
  ticketNumber: number | null;
  chat: { id: string; ticketId: string } | null;
}

describe('the bot in the chat widget', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let passwordArticleId: string | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    [passwordArticleId] = await publishArticles(workspace.admin, [PASSWORD_ARTICLE]);
    // Nobody is online in these tests: the handoff waits in the queue rather than taking a message.
    await workspace.admin.patch('/api/v1/bot/settings', { isEnabled: true, handoffFields: ['name', 'email', 'order_number'], afterHours: 'queue' });
    await other.admin.patch('/api/v1/bot/settings', { isEnabled: true });
  });
  afterAll(() => server.close());

  const sessionOf = async (target: TestWorkspace, person: Record<string, string> = {}) =>
    (await server.client.post<{ visitorToken: string }>(`/api/v1/widget/${target.slug}/sessions`, person)).body.visitorToken;
  const askBot = (slug: string, body: Record<string, unknown>) => server.client.post<BotReply>(`/api/v1/widget/${slug}/bot`, body);

  it('shows the bot and its greeting in the widget’s configuration, once an admin turned it on', async () => {
    const fresh = await server.createWorkspace();
    expect((await server.client.get<{ bot: { isEnabled: boolean } }>(`/api/v1/widget/${fresh.slug}/config`)).body.bot.isEnabled).toBe(false);
    const config = await server.client.get<{ bot: { isEnabled: boolean; greeting: { en: string; fr: string } } }>(`/api/v1/widget/${workspace.slug}/config`);
    expect(config.body.bot.isEnabled).toBe(true);
    expect(config.body.bot.greeting.en).toContain('virtual assistant');
    expect(config.body.bot.greeting.fr).toContain('assistant virtuel');
  });

  it('answers from the knowledge base without opening a ticket, then hands over with the transcript and the fields it collected', async () => {
    const visitorToken = await sessionOf(workspace);
    const ticketsBefore = (await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets?limit=100')).body.data.length;
    const answered = await askBot(workspace.slug, { visitorToken, question: 'How do I reset my password?' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ articleId: passwordArticleId, handoff: false, chat: null });
    expect(answered.body.answer).toContain(`/help/${workspace.slug}/articles/reset-your-password`);
    expect((await workspace.admin.get<{ data: Ticket[] }>('/api/v1/tickets?limit=100')).body.data.length).toBe(ticketsBefore);

    const conversationId = answered.body.conversationId;
    const human = await askBot(workspace.slug, { visitorToken, conversationId, question: 'I want to talk to a human' });
    expect(human.body).toMatchObject({ handoff: true, reason: 'asked_for_human', awaiting: 'name', chat: null });
    expect((await askBot(workspace.slug, { visitorToken, conversationId, question: 'Ana Roy' })).body.awaiting).toBe('email');
    expect((await askBot(workspace.slug, { visitorToken, conversationId, question: 'ana.roy@example.com' })).body.awaiting).toBe('order_number');
    const handedOver = await askBot(workspace.slug, { visitorToken, conversationId, question: 'SB-10234' });
    expect(handedOver.body).toMatchObject({ handoffReady: true, awaiting: null });
    expect(handedOver.body.chat).not.toBeNull();

    // The agent's ticket: a chat from the customer the bot named, their real question first, and the bot's note.
    const ticket = (await workspace.admin.get<Ticket & { channel: string; tags: string[]; customerId: string }>(`/api/v1/tickets/${handedOver.body.chat!.ticketId}`)).body;
    expect(ticket).toMatchObject({ channel: 'chat', subject: 'How do I reset my password?' });
    expect(ticket.tags).toContain('bot-handoff');
    const customer = (await workspace.admin.get<{ name: string; email: string }>(`/api/v1/customers/${ticket.customerId}`)).body;
    expect(customer).toMatchObject({ name: 'Ana Roy', email: 'ana.roy@example.com' });
    const comments = (await workspace.admin.get<{ data: Array<{ body: string; isPublic: boolean }> }>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
    const note = comments.find((comment) => !comment.isPublic)!;
    expect(note.body).toContain('Reason: asked for a person');
    expect(note.body).toContain('Order number: SB-10234');
    expect(note.body).toContain('Customer (');
    expect(note.body).toContain('How do I reset my password?');
    expect(note.body).toContain('Reset your password');
    expect(comments.filter((comment) => comment.isPublic).map((comment) => comment.body)).toEqual(['How do I reset my password?']);

    // Sent again (a retry), the same chat answers; the conversation stays with the team.
    const again = await askBot(workspace.slug, { visitorToken, conversationId, question: 'hello?' });
    expect(again.body).toMatchObject({ handoff: true, chat: null });
  });

  it('does not ask a known visitor again for their name and email', async () => {
    const visitorToken = await sessionOf(workspace, { name: 'Luc Gagnon', email: 'luc@example.com' });
    const human = await askBot(workspace.slug, { visitorToken, question: 'Je veux parler à quelqu’un' });
    expect(human.body).toMatchObject({ handoff: true, awaiting: 'order_number' });
    expect(human.body.answer).toContain('numéro');
    const done = await askBot(workspace.slug, { visitorToken, conversationId: human.body.conversationId, question: 'je n’en ai pas' });
    expect(done.body.chat).not.toBeNull();
    const ticket = (await workspace.admin.get<Ticket & { language: string }>(`/api/v1/tickets/${done.body.chat!.ticketId}`)).body;
    expect(ticket.language).toBe('fr');
  });

  it('takes a message when nobody can chat: the handoff becomes a web ticket answered by email, not a chat', async () => {
    await other.admin.patch('/api/v1/bot/settings', { handoffFields: ['email'] });
    const visitorToken = await sessionOf(other);
    const human = await askBot(other.slug, { visitorToken, question: 'Can I speak to someone about my order?' });
    expect(human.body).toMatchObject({ handoff: true, awaiting: 'email', chat: null });
    expect(human.body.answer).toContain('Our team is away');
    const taken = await askBot(other.slug, { visitorToken, conversationId: human.body.conversationId, question: 'kim@example.com' });
    expect(taken.body).toMatchObject({ chat: null, ticketNumber: expect.any(Number) });
    const ticket = (await other.admin.get<Ticket & { channel: string }>(`/api/v1/tickets/${taken.body.ticketNumber}`)).body;
    expect(ticket.channel).toBe('web');
  });

  it('keeps each visitor’s conversation theirs, and each workspace’s', async () => {
    const mine = await sessionOf(workspace);
    const theirs = await sessionOf(workspace);
    const first = await askBot(workspace.slug, { visitorToken: mine, question: 'How do I reset my password?' });
    const borrowed = await server.client.post<ApiError>(`/api/v1/widget/${workspace.slug}/bot`, { visitorToken: theirs, conversationId: first.body.conversationId, question: 'and then?' });
    expect(borrowed.status).toBe(404);
    const foreign = await server.client.post<ApiError>(`/api/v1/widget/${other.slug}/bot`, { visitorToken: mine, question: 'hello' });
    expect(foreign.status).toBe(401);
    expect(foreign.body.error.code).toBe('chat_visitor_token_invalid');
  });

  it('refuses bad input, and answers 409 when the workspace turned its bot off', async () => {
    const visitorToken = await sessionOf(other);
    for (const body of [{ visitorToken }, { visitorToken, question: '  ' }, { question: 'hi' }, { visitorToken, question: 'hi', conversationId: 'nope' }, { visitorToken, question: 'hi', extra: 1 }]) {
      const response = await server.client.post<ApiError>(`/api/v1/widget/${other.slug}/bot`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    await other.admin.patch('/api/v1/bot/settings', { isEnabled: false });
    const off = await server.client.post<ApiError>(`/api/v1/widget/${other.slug}/bot`, { visitorToken, question: 'hello' });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('chat_bot_disabled');
    expect((await server.client.get<{ bot: { isEnabled: boolean } }>(`/api/v1/widget/${other.slug}/config`)).body.bot.isEnabled).toBe(false);
  });
});
