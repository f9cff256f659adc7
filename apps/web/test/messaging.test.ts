import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramBotApi, type TelegramBotApi } from '../../../test/contracts/telegram-bot-api.js';
import { startTwilioMessaging, type TwilioMessaging } from '../../../test/contracts/twilio-sms.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

const BROWSER_TEST_TIMEOUT = 120_000;
const SLOW = { timeout: 30_000 };

const TWILIO = { accountSid: `AC${'b2'.repeat(16)}`, authToken: 'twilio-auth-token-00000002', phoneNumber: '+15145550100' };
const BOT = { botToken: '7001234567:AAH-telegram-bot-token-abcdefghij', botId: 7001234567, botUsername: 'switchboard_help_bot' };

interface Channel {
  id: string;
  name: string;
  webhookUrl: string;
  isActive: boolean;
}

describe('messaging apps in a real browser: connecting an account, and a conversation by SMS', () => {
  let server: TestServer;
  let browser: Browser;
  let twilio: TwilioMessaging;
  let telegram: TelegramBotApi;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-messaging-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [twilio, telegram] = await Promise.all([
      startTwilioMessaging({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, phoneNumbers: [TWILIO.phoneNumber] }),
      startTelegramBotApi(BOT),
    ]);
    // Workers send the replies and dispatch the delivery events the open ticket page listens to.
    [server, browser] = await Promise.all([
      startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir, TWILIO_API_URL: twilio.url, TELEGRAM_API_URL: telegram.url, MESSAGING_RETRY_BASE_SECONDS: '1' } }),
      connectBrowser(),
    ]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([twilio?.close(), telegram?.close()]);
    rmSync(webDistDir, { recursive: true, force: true });
  });

  async function channelsOfWorkspace(): Promise<Channel[]> {
    return (await workspace.admin.get<{ data: Channel[] }>('/api/v1/messaging/channels')).body.data;
  }

  it('an admin connects a Twilio number; the customer’s SMS becomes a ticket an agent answers, and the reply shows Sent, then Delivered', async () => {
    const admin = await newPerson(browser);
    await signIn(admin.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await admin.page.goto(`${server.url}/admin/messaging`);
    await expect.poll(() => admin.page.getByText('No messaging account is connected yet.').isVisible(), SLOW).toBe(true);

    // Only the chosen provider's fields; a number not in E.164 form is pointed out next to its field.
    const form = admin.page.getByRole('form', { name: 'Connect an account' });
    await form.getByLabel('Messaging app').selectOption('sms');
    const settings = form.getByTestId('messaging-settings');
    expect(await settings.locator('label').allTextContents()).toEqual(['Account SID', 'Auth token', 'Twilio phone number']);
    await form.getByLabel('Account SID').fill(TWILIO.accountSid);
    await form.getByLabel('Auth token').fill(TWILIO.authToken);
    expect(await form.getByLabel('Auth token').getAttribute('type')).toBe('password');
    await form.getByLabel('Twilio phone number').fill('514-555-0100');
    await form.getByRole('button', { name: 'Connect' }).click();
    const phone = form.getByLabel('Twilio phone number');
    await expect.poll(() => phone.getAttribute('aria-invalid'), SLOW).toBe('true');
    expect(await phone.evaluate((input) => document.activeElement === input)).toBe(true);
    expect(await form.locator('#messaging-phoneNumber-error').textContent()).toContain('E.164');
    expect(await form.getByRole('alert').textContent()).toContain('see the fields marked below');

    await phone.fill(TWILIO.phoneNumber);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => form.getByRole('status').first().textContent(), SLOW).toContain('is connected');
    const [channel] = await channelsOfWorkspace();
    const card = admin.page.getByRole('region', { name: channel!.name });
    expect(await card.getByTestId('messaging-webhook-url').inputValue()).toBe(`${server.url}/api/v1/messaging/webhooks/${channel!.id}`);
    expect(await card.textContent()).toContain('A message comes in');
    expect(await card.getByTestId('messaging-verify-token').count()).toBe(0);
    expect(await form.getByLabel('Auth token').inputValue()).toBe('');
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await card.getByRole('button', { name: 'Copy the Webhook URL' }).click();
    await expect.poll(() => card.getByRole('status').first().textContent()).toBe('Copied');
    expect(await admin.page.evaluate(() => navigator.clipboard.readText())).toBe(channel!.webhookUrl);
    await expectAccessible(admin.page, 'messaging apps administration');
    await admin.context.close();

    // The customer writes; Twilio posts the signed message to the webhook URL the admin copied.
    const delivered = await twilio.deliver(channel!.webhookUrl, twilio.incomingMessage({ from: '+14185550123', to: TWILIO.phoneNumber, body: 'My bill is wrong' }));
    expect(delivered.status).toBe(200);

    const agent = await workspace.addUser('agent', 'Maya Agent');
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.getByRole('link', { name: 'My bill is wrong' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toContain('My bill is wrong');
    expect(await page.getByTestId('ticket-channel').textContent()).toBe('SMS');
    const facts = page.getByRole('region', { name: 'SMS conversation' });
    await expect.poll(() => facts.getByTestId('messaging-contact').textContent(), SLOW).toContain('+14185550123');
    expect(await facts.getByTestId('messaging-account').textContent()).toBe(channel!.name);

    await page.getByLabel('Your reply to the customer').fill('We refunded the difference.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const state = page.getByTestId('public-reply').filter({ hasText: 'We refunded the difference.' }).getByTestId('messaging-delivery');
    await expect.poll(() => state.getAttribute('data-status'), SLOW).toBe('sent');
    expect(await state.textContent()).toBe('SMS message to the customer: Sent');
    const sent = twilio.sent.at(-1)!;
    expect(sent).toMatchObject({ to: '+14185550123', body: 'We refunded the difference.' });

    // Twilio's status callback: the page hears it and moves the reply on, without reload.
    expect((await twilio.sendStatus(sent.sid, 'delivered')).status).toBe(200);
    await expect.poll(() => state.getAttribute('data-status'), SLOW).toBe('delivered');
    expect(await state.textContent()).toContain('Delivered');
    await expectAccessible(page, 'SMS ticket');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('a Telegram token the Bot API refuses is said in the form; the bot is then connected, renamed, turned off and disconnected', async () => {
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await page.goto(`${server.url}/admin/messaging`);
    const form = page.getByRole('form', { name: 'Connect an account' });
    await form.getByLabel('Messaging app').selectOption('telegram');
    await form.getByLabel('Bot token').fill('7001234567:AAH-not-the-right-token-xxxxxxxxx');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), SLOW).toContain('Not connected: Telegram');
    expect(await form.getByRole('alert').textContent()).toContain('Unauthorized');

    await form.getByLabel('Bot token').fill(BOT.botToken);
    await form.getByRole('button', { name: 'Connect' }).click();
    const card = page.locator('[data-provider="telegram"]');
    await expect.poll(() => card.textContent(), SLOW).toContain(`@${BOT.botUsername}`);
    expect(await card.textContent()).toContain('Nothing to do at Telegram');

    const bot = (await channelsOfWorkspace()).find((channel) => channel.name.includes(BOT.botUsername))!;
    await card.getByRole('button', { name: `Rename ${bot.name}` }).click();
    await card.getByLabel('Name shown to agents').fill('Help bot');
    await card.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => card.getByRole('heading').textContent(), SLOW).toContain('Help bot');

    await card.getByRole('button', { name: 'Turn off Help bot' }).click();
    await expect.poll(() => card.getByTestId('messaging-state').textContent(), SLOW).toBe('Turned off');
    expect((await channelsOfWorkspace()).find((channel) => channel.id === bot.id)?.isActive).toBe(false);

    await card.getByRole('button', { name: 'Disconnect' }).click();
    await card.getByRole('button', { name: 'Disconnect the account' }).click();
    await expect.poll(() => card.count(), SLOW).toBe(0);
    expect((await channelsOfWorkspace()).map((channel) => channel.id)).not.toContain(bot.id);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
