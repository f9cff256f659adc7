import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ARTICLE, publishArticles, type Comment, type PageOf, type Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startTelegramBotApi, type TelegramBotApi } from '../../../../../../test/contracts/telegram-bot-api.js';

/** A real 1×1 PNG (the server checks the bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64');
const BOT = { botToken: '7001234567:AAH-telegram-bot-token-abcdefghij', botId: 7001234567, botUsername: 'switchboard_help_bot' };

describe('the bot on a messaging app (Telegram, against a local server that follows its contract)', () => {
  let telegram: TelegramBotApi;
  let server: TestServer;
  let workspace: TestWorkspace;

  beforeAll(async () => {
    telegram = await startTelegramBotApi({ ...BOT, now: () => Date.now() });
    server = await startTestServer({ workers: true, env: { TELEGRAM_API_URL: telegram.url, MESSAGING_RETRY_BASE_SECONDS: '1' } });
    workspace = await server.createWorkspace();
    await publishArticles(workspace.admin, [PASSWORD_ARTICLE]);
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

  it('hands a file to a person at once: the conversation the bot had becomes a ticket with its note and the file', async () => {
    const asks = async (text: string) => expect((await telegram.deliver(telegram.textMessage({ userId: 701234, firstName: 'Léa', lastName: 'Gagnon', text }))).status).toBe(200);
    await asks('How do I reset my password?');
    await expect.poll(() => telegram.sent.filter((message) => message.chatId === 701234).at(-1)?.text ?? '', { timeout: 10_000 }).toContain('Reset your password');
    const before = (await telegramTickets()).length;
    const photo = telegram.addFile({ bytes: PNG, mimeType: 'image/png' });
    expect((await telegram.deliver(telegram.photoMessage({ userId: 701234, firstName: 'Léa', lastName: 'Gagnon', fileId: photo.fileId, caption: 'This is the error I get' }))).status).toBe(200);
    const tickets = await telegramTickets();
    expect(tickets).toHaveLength(before + 1);
    const ticket = tickets.find((candidate) => candidate.subject === 'How do I reset my password?' && candidate.tags.includes('bot-handoff'))!;
    const comments = (await workspace.admin.get<PageOf<Comment & { isPublic: boolean; attachments: Array<{ contentType: string }> }>>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
    expect(comments.find((comment) => !comment.isPublic)?.body).toContain('Conversation with the bot');
    expect(comments.find((comment) => comment.attachments.length > 0)).toMatchObject({ body: 'This is the error I get', attachments: [{ contentType: 'image/png' }] });
  });
});
