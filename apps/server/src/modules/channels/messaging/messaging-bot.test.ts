import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startTelegramBotApi, type TelegramBotApi } from '../../../../../../test/contracts/telegram-bot-api.js';

const BOT = { botToken: '7001234567:AAH-telegram-bot-token-abcdefghij', botId: 7001234567, botUsername: 'switchboard_help_bot' };

describe('the bot on a messaging app (Telegram, against a local server that follows its contract)', () => {
  let telegram: TelegramBotApi;
  let server: TestServer;
  let workspace: TestWorkspace;

  beforeAll(async () => {
    telegram = await startTelegramBotApi({ ...BOT, now: () => Date.now() });
    server = await startTestServer({ workers: true, env: { TELEGRAM_API_URL: telegram.url, MESSAGING_RETRY_BASE_SECONDS: '1' } });
    workspace = await server.createWorkspace();
    const category = await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Account', nameFr: 'Compte' });
    const section = await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.body.id, nameEn: 'Sign-in', nameFr: 'Connexion' });
    await workspace.admin.post('/api/v1/kb/articles', {
      sectionId: section.body.id,
      language: 'en',
      status: 'published',
      title: 'Reset your password',
      body: 'Forgot your password? On the sign-in page, click **Forgot password?** and follow the link we email you.',
    });
    await workspace.admin.patch('/api/v1/bot/settings', { isEnabled: true, handoffFields: ['name', 'email'] });
    expect((await workspace.admin.post('/api/v1/messaging/channels', { provider: 'telegram', settings: { botToken: BOT.botToken } })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await telegram?.close();
  });

  const telegramTickets = async () => (await workspace.admin.get<PageOf<Ticket & { tags: string[] }>>('/api/v1/tickets', { channel: 'telegram' })).body.data;
  const say = async (text: string) => expect((await telegram.deliver(telegram.textMessage({ userId: 601234, firstName: 'Mathieu', lastName: 'Roy', text }))).status).toBe(200);
  const lastSent = async (containing: string) => {
    await expect.poll(() => telegram.sent.filter((message) => message.chatId === 601234).at(-1)?.text ?? '', { timeout: 10_000 }).toContain(containing);
  };

  it('answers on the app without a ticket, then hands over with its note; the team’s reply and the customer’s next message go through the ticket', async () => {
    await say('How do I reset my password?');
    await lastSent('Reset your password');
    expect(await telegramTickets()).toHaveLength(0);

    // The contact's name comes from Telegram: the bot only asks for the email.
    await say('I want to talk to a human');
    await lastSent('What email address');
    expect(await telegramTickets()).toHaveLength(0);
    await say('mathieu.roy@example.com');
    await lastSent('Thank you, Mathieu Roy');

    const [ticket] = await telegramTickets();
    expect(ticket).toMatchObject({ subject: 'How do I reset my password?' });
    expect(ticket!.tags).toContain('bot-handoff');
    const comments = (await workspace.admin.get<PageOf<Comment & { isPublic: boolean }>>(`/api/v1/tickets/${ticket!.id}/comments`)).body.data;
    const note = comments.find((comment) => !comment.isPublic)!;
    expect(note.body).toContain('Email: mathieu.roy@example.com');
    expect(note.body).toContain('I want to talk to a human');

    const reply = await workspace.admin.post<Comment>(`/api/v1/tickets/${ticket!.id}/comments`, { body: 'Hi Mathieu, I sent you a fresh reset link.', isPublic: true });
    expect(reply.status).toBe(201);
    await lastSent('I sent you a fresh reset link');
    // Handed over, the conversation is the team's: the next message joins the ticket, the bot stays quiet.
    const sentBefore = telegram.sent.length;
    await say('Thanks, it worked');
    await expect.poll(async () => (await workspace.admin.get<PageOf<Comment>>(`/api/v1/tickets/${ticket!.id}/comments`)).body.data.map((comment) => comment.body)).toContain('Thanks, it worked');
    expect(telegram.sent.length).toBe(sentBefore);
  });
});
