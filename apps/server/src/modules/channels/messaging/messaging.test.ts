import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { startMessengerPlatform, type MessengerPlatform } from '../../../../../../test/contracts/messenger-platform.js';
import { startTelegramBotApi, type TelegramBotApi } from '../../../../../../test/contracts/telegram-bot-api.js';
import { startTwilioMessaging, type TwilioMessaging } from '../../../../../../test/contracts/twilio-sms.js';
import { startWhatsAppCloudApi, type WhatsAppCloudApi } from '../../../../../../test/contracts/whatsapp-cloud-api.js';

interface Channel {
  id: string;
  provider: string;
  name: string;
  externalId: string;
  isActive: boolean;
  webhookUrl: string;
  settings: Record<string, string>;
}

interface TicketMessaging {
  channel: { id: string; provider: string; name: string };
  contact: { externalUserId: string; displayName: string | null };
  messages: Array<{ id: string; commentId: string | null; direction: 'inbound' | 'outbound'; status: string; error: string | null; externalMessageId: string | null }>;
}

const META = { accessToken: 'EAAG-whatsapp-access-token-0001', appSecret: 'whatsapp-app-secret-0001' };
const PAGE = { pageAccessToken: 'EAAG-page-access-token-000001', appSecret: 'messenger-app-secret-001' };
const BOT = { botToken: '7001234567:AAH-telegram-bot-token-abcdefghij', botId: 7001234567, botUsername: 'switchboard_help_bot' };
const TWILIO = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'twilio-auth-token-00000001', phoneNumber: '+15145550100' };
const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '104857600000123';
const HOUR = 3600_000;

describe('messaging apps: WhatsApp, Messenger, Telegram and SMS, against local servers that follow their contracts', () => {
  let whatsapp: WhatsAppCloudApi;
  let messenger: MessengerPlatform;
  let telegram: TelegramBotApi;
  let twilio: TwilioMessaging;
  let server: TestServer;
  let workspace: TestWorkspace;
  let now = Date.now();

  beforeAll(async () => {
    whatsapp = await startWhatsAppCloudApi({ ...META, now: () => now });
    messenger = await startMessengerPlatform({ ...PAGE, now: () => now, profiles: { '7100000000000001': { first_name: 'Chloé', last_name: 'Bergeron' } } });
    telegram = await startTelegramBotApi({ ...BOT, now: () => now });
    twilio = await startTwilioMessaging({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, phoneNumbers: [TWILIO.phoneNumber], now: () => now });
    server = await startTestServer({
      workers: true,
      // The providers' clocks and ours move together, so a test can step past a messaging window.
      clock: { now: () => new Date(now) },
      env: { WHATSAPP_API_URL: whatsapp.url, MESSENGER_API_URL: messenger.url, TELEGRAM_API_URL: telegram.url, TWILIO_API_URL: twilio.url, MESSAGING_RETRY_BASE_SECONDS: '1' },
    });
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([whatsapp?.close(), messenger?.close(), telegram?.close(), twilio?.close()]);
  });

  async function connect(body: Record<string, unknown>, as = workspace): Promise<Channel> {
    const created = await as.admin.post<Channel>('/api/v1/messaging/channels', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  async function ticketsOf(channel: string, as = workspace): Promise<Ticket[]> {
    return (await as.admin.get<PageOf<Ticket>>('/api/v1/tickets', { channel, sort: '-createdAt' })).body.data;
  }

  async function commentsOf(ticketId: string): Promise<Comment[]> {
    return (await workspace.admin.get<PageOf<Comment>>(`/api/v1/tickets/${ticketId}/comments`)).body.data;
  }

  async function messagingOf(ticketId: string): Promise<TicketMessaging> {
    return (await workspace.admin.get<TicketMessaging>(`/api/v1/tickets/${ticketId}/messaging`)).body;
  }

  async function reply(ticketId: string, body: string, isPublic = true): Promise<Comment> {
    const created = await workspace.admin.post<Comment>(`/api/v1/tickets/${ticketId}/comments`, { body, isPublic });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** The state of the message carrying this comment, once the worker has settled it. */
  async function settledStateOf(ticketId: string, commentId: string, settled = ['sent', 'delivered', 'read', 'failed']) {
    let found: TicketMessaging['messages'][number] | undefined;
    await expect
      .poll(async () => {
        found = (await messagingOf(ticketId)).messages.find((message) => message.commentId === commentId);
        return settled.includes(found?.status ?? '');
      }, { timeout: 20_000 })
      .toBe(true);
    return found!;
  }

  it('WhatsApp: the Meta handshake, a signed message becomes a ticket of the customer with that phone, stored once, and the reply goes out with its receipts', async () => {
    const channel = await connect({ provider: 'whatsapp', settings: { phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '+1 514 555 0199', ...META } });
    expect(channel).toMatchObject({ provider: 'whatsapp', name: 'WhatsApp +1 514 555 0199', externalId: PHONE_NUMBER_ID, isActive: true });
    expect(channel.webhookUrl).toBe(`${server.url}/api/v1/messaging/webhooks/${channel.id}`);
    expect(JSON.stringify(channel)).not.toContain(META.accessToken);
    expect(JSON.stringify(channel)).not.toContain(META.appSecret);

    // Meta checks the callback URL with the verify token shown to the admin.
    const handshake = await whatsapp.verify(channel.webhookUrl, channel.settings.verifyToken!, 'challenge-1158201444');
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe('challenge-1158201444');
    expect((await whatsapp.verify(channel.webhookUrl, 'not-the-token', 'challenge-2')).status).toBe(403);

    // The customer's phone is already on file, written another way.
    const known = await workspace.admin.post<{ id: string }>('/api/v1/customers', { name: 'Gabriel Tremblay', phone: '+1 (514) 555-0142' });
    const inbound = whatsapp.textMessage({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15145550199', from: '15145550142', name: 'Gab', body: 'Hello, my order #4411 has not arrived' });
    const forged = await whatsapp.deliver(channel.webhookUrl, inbound, { signature: 'sha256=' + '0'.repeat(64) });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as ApiError).error.code).toBe('messaging_signature_invalid');
    expect(await ticketsOf('whatsapp')).toHaveLength(0);

    // Meta retries a webhook it is not sure we got: the same message twice, even at the same moment, is one comment.
    const answers = await Promise.all([whatsapp.deliver(channel.webhookUrl, inbound), whatsapp.deliver(channel.webhookUrl, inbound)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await whatsapp.deliver(channel.webhookUrl, inbound)).status).toBe(200);
    const [ticket, ...others] = await ticketsOf('whatsapp');
    expect(others).toHaveLength(0);
    expect(ticket).toMatchObject({ channel: 'whatsapp', subject: 'Hello, my order #4411 has not arrived', customerId: known.body.id, statusCategory: 'new' });
    expect((await commentsOf(ticket!.id)).map((comment) => [comment.authorType, comment.body])).toEqual([['customer', 'Hello, my order #4411 has not arrived']]);

    // A second message joins the same ticket; a note stays inside; the reply leaves through the Cloud API.
    const photo = whatsapp.addMedia({ bytes: PNG, mimeType: 'image/png' });
    expect((await whatsapp.deliver(channel.webhookUrl, whatsapp.imageMessage({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15145550199', from: '15145550142', name: 'Gab', mediaId: photo, mimeType: 'image/png', caption: 'The label' }))).status).toBe(200);
    const withPhoto = (await commentsOf(ticket!.id)).at(-1) as Comment & { attachments: Array<{ filename: string; contentType: string; sizeBytes: number }> };
    expect(withPhoto.body).toBe('The label');
    expect(withPhoto.attachments).toMatchObject([{ contentType: 'image/png', sizeBytes: PNG.length }]);
    await reply(ticket!.id, 'Checking with the carrier — internal', false);
    const answer = await reply(ticket!.id, 'Sorry about that! It ships today.');
    const sent = await settledStateOf(ticket!.id, answer.id);
    expect(sent).toMatchObject({ direction: 'outbound', status: 'sent', error: null });
    expect(whatsapp.sent.map((message) => [message.to, message.text])).toEqual([['15145550142', 'Sorry about that! It ships today.']]);
    expect(sent.externalMessageId).toBe(whatsapp.sent[0]!.id);

    // Receipts move the message forward, never back.
    for (const status of ['delivered', 'read', 'delivered'] as const) {
      const receipt = whatsapp.statusUpdate({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15145550199', messageId: sent.externalMessageId!, recipientId: '15145550142', status });
      expect((await whatsapp.deliver(channel.webhookUrl, receipt)).status).toBe(200);
    }
    expect((await messagingOf(ticket!.id)).messages.find((message) => message.commentId === answer.id)?.status).toBe('read');
    expect((await messagingOf(ticket!.id)).contact).toMatchObject({ externalUserId: '15145550142', displayName: 'Gab' });
  });

  it('WhatsApp: past the 24-hour window the reply fails with WhatsApp’s reason, and a provider failure is retried until it goes', async () => {
    const channels = (await workspace.admin.get<{ data: Channel[] }>('/api/v1/messaging/channels')).body.data;
    const channel = channels.find((candidate) => candidate.provider === 'whatsapp')!;
    const old = whatsapp.textMessage({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15145550199', from: '33612345678', name: 'Léa', body: 'Bonjour, une question', timestamp: Math.floor((now - 30 * HOUR) / 1000) });
    expect((await whatsapp.deliver(channel.webhookUrl, old)).status).toBe(200);
    const ticket = (await ticketsOf('whatsapp')).find((candidate) => candidate.subject === 'Bonjour, une question')!;
    const late = await reply(ticket.id, 'Bonjour Léa !');
    const refused = await settledStateOf(ticket.id, late.id);
    expect(refused.status).toBe('failed');
    expect(refused.error).toContain('24 hours');

    // She writes again: the window opens, and a transient failure of the Cloud API is retried.
    expect((await whatsapp.deliver(channel.webhookUrl, whatsapp.textMessage({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15145550199', from: '33612345678', name: 'Léa', body: 'Vous êtes là ?' }))).status).toBe(200);
    whatsapp.failNext(500, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true } });
    const retried = await reply(ticket.id, 'Oui, je suis là.');
    expect(await settledStateOf(ticket.id, retried.id)).toMatchObject({ status: 'sent', error: null });
    expect(whatsapp.sent.filter((message) => message.text === 'Oui, je suis là.')).toHaveLength(1);
  });

  it('Messenger: the person’s name comes from their profile, replies use the standard window then the human-agent tag, and read receipts go by watermark', async () => {
    const channel = await connect({ provider: 'messenger', name: 'Facebook page', settings: { pageId: PAGE_ID, ...PAGE } });
    const psid = '7100000000000001';
    const first = messenger.textMessage({ pageId: PAGE_ID, psid, text: 'Is the store open on Sunday?' });
    expect((await messenger.deliver(channel.webhookUrl, first)).status).toBe(200);
    const [ticket] = await ticketsOf('messenger');
    const customer = await workspace.admin.get<{ name: string }>(`/api/v1/customers/${ticket!.customerId}`);
    expect(customer.body.name).toBe('Chloé Bergeron');

    const answer = await reply(ticket!.id, 'Yes, from 10 to 5.');
    expect(await settledStateOf(ticket!.id, answer.id)).toMatchObject({ status: 'sent' });
    expect(messenger.sent.at(-1)).toMatchObject({ recipientId: psid, text: 'Yes, from 10 to 5.', messagingType: 'RESPONSE' });

    // Two days later a human may still answer her question, with the HUMAN_AGENT tag.
    now += 48 * HOUR;
    try {
      const later = await reply(ticket!.id, 'Following up on your question.');
      expect(await settledStateOf(ticket!.id, later.id)).toMatchObject({ status: 'sent' });
      expect(messenger.sent.at(-1)).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
      // She reads the first reply only; then, once she has read up to now, both.
      const firstSentAt = now - 48 * HOUR + 30_000;
      expect((await messenger.deliver(channel.webhookUrl, messenger.readEvent({ pageId: PAGE_ID, psid, watermark: firstSentAt }))).status).toBe(200);
      const outboundStates = async () => (await messagingOf(ticket!.id)).messages.filter((message) => message.direction === 'outbound').map((message) => message.status);
      expect(await outboundStates()).toEqual(['read', 'sent']);
      expect((await messenger.deliver(channel.webhookUrl, messenger.readEvent({ pageId: PAGE_ID, psid, watermark: now + 60_000 }))).status).toBe(200);
      expect(await outboundStates()).toEqual(['read', 'read']);
    } finally {
      now -= 48 * HOUR;
    }
  });

  it('Telegram: connecting checks the token and registers the webhook with a secret; a wrong secret is refused; a French speaker’s photo arrives; a blocked bot fails the reply', async () => {
    const refused = await workspace.admin.post<ApiError>('/api/v1/messaging/channels', { provider: 'telegram', settings: { botToken: '7001234567:AAH-not-the-right-token-xxxxxxxxx' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('messaging_provider_refused');

    const channel = await connect({ provider: 'telegram', settings: { botToken: BOT.botToken } });
    expect(channel).toMatchObject({ provider: 'telegram', name: `Telegram @${BOT.botUsername}`, externalId: String(BOT.botId), settings: { botUsername: BOT.botUsername } });
    const photo = telegram.addFile({ bytes: PNG, mimeType: 'image/png' });
    const update = telegram.photoMessage({ userId: 501234, firstName: 'Mathieu', lastName: 'Roy', languageCode: 'fr', fileId: photo.fileId, caption: 'Mon écran affiche une erreur' });
    expect((await telegram.deliver(update, { secretToken: 'forged-secret' })).status).toBe(401);
    expect(await ticketsOf('telegram')).toHaveLength(0);
    expect((await telegram.deliver(update)).status).toBe(200);
    const [ticket] = await ticketsOf('telegram');
    expect(ticket).toMatchObject({ subject: 'Mon écran affiche une erreur', language: 'fr' });
    const customer = await workspace.admin.get<{ name: string; language: string }>(`/api/v1/customers/${ticket!.customerId}`);
    expect(customer.body).toMatchObject({ name: 'Mathieu Roy', language: 'fr' });
    const [comment] = (await commentsOf(ticket!.id)) as Array<Comment & { attachments: Array<{ contentType: string }> }>;
    expect(comment!.attachments).toMatchObject([{ contentType: 'image/png' }]);

    const answer = await reply(ticket!.id, 'Pouvez-vous redémarrer l’application ?');
    expect(await settledStateOf(ticket!.id, answer.id)).toMatchObject({ status: 'sent' });
    expect(telegram.sent.at(-1)).toMatchObject({ chatId: 501234, text: 'Pouvez-vous redémarrer l’application ?' });

    telegram.blockChat(501234);
    const blocked = await reply(ticket!.id, 'Avez-vous pu essayer ?');
    expect(await settledStateOf(ticket!.id, blocked.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('bot was blocked by the user') });
  });

  it('SMS through Twilio: signed form posts answered with TwiML, a reply with a status callback, and long replies in parts', async () => {
    const channel = await connect({ provider: 'sms', settings: TWILIO });
    const incoming = twilio.incomingMessage({ from: '+14185550123', to: TWILIO.phoneNumber, body: 'My bill is wrong' });
    const forged = await twilio.deliver(channel.webhookUrl, incoming, { signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(forged.status).toBe(401);
    const delivered = await twilio.deliver(channel.webhookUrl, incoming);
    expect(delivered.status).toBe(200);
    expect(delivered.headers.get('content-type')).toContain('text/xml');
    expect(await delivered.text()).toContain('<Response>');
    const [ticket] = await ticketsOf('sms');
    expect(ticket).toMatchObject({ subject: 'My bill is wrong' });
    const customer = await workspace.admin.get<{ phone: string }>(`/api/v1/customers/${ticket!.customerId}`);
    expect(customer.body.phone).toBe('+14185550123');

    const answer = await reply(ticket!.id, 'We refunded the difference.');
    const sent = await settledStateOf(ticket!.id, answer.id);
    expect(twilio.sent.at(-1)).toMatchObject({ from: TWILIO.phoneNumber, to: '+14185550123', body: 'We refunded the difference.', statusCallback: channel.webhookUrl });
    expect((await twilio.sendStatus(sent.externalMessageId!, 'delivered')).status).toBe(200);
    expect((await messagingOf(ticket!.id)).messages.find((message) => message.commentId === answer.id)?.status).toBe('delivered');

    const long = await reply(ticket!.id, `${'Here is the detail of your account. '.repeat(60)}Thank you.`);
    expect(await settledStateOf(ticket!.id, long.id)).toMatchObject({ status: 'sent' });
    const parts = twilio.sent.slice(-2).map((message) => message.body);
    expect(parts).toHaveLength(2);
    expect(parts.every((part) => part.length <= 1600)).toBe(true);
    expect(parts.join(' ')).toContain('Thank you.');
  });

  it('a solved conversation reopens when the contact writes again; a closed one gives way to a new ticket', async () => {
    const channels = (await workspace.admin.get<{ data: Channel[] }>('/api/v1/messaging/channels')).body.data;
    const sms = channels.find((candidate) => candidate.provider === 'sms')!;
    const write = (body: string) => twilio.deliver(sms.webhookUrl, twilio.incomingMessage({ from: '+14505550177', to: TWILIO.phoneNumber, body }));
    expect((await write('First question')).status).toBe(200);
    const [ticket] = await ticketsOf('sms');
    expect((await workspace.admin.patch(`/api/v1/tickets/${ticket!.id}`, { status: 'resolved' })).status).toBe(200);
    expect((await write('Actually, one more thing')).status).toBe(200);
    expect((await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticket!.id}`)).body.statusCategory).toBe('open');
    expect((await workspace.admin.patch(`/api/v1/tickets/${ticket!.id}`, { status: 'closed' })).status).toBe(200);
    expect((await write('New topic')).status).toBe(200);
    const latest = (await ticketsOf('sms')).filter((candidate) => candidate.customerId === ticket!.customerId);
    expect(latest.map((candidate) => candidate.subject)).toEqual(['New topic', 'First question']);
  });

  it('only admins manage channels; bad settings answer 400, a second connection of one account 409; other workspaces and inactive channels are not reached', async () => {
    const agent = await workspace.addUser('agent');
    expect((await agent.client.get('/api/v1/messaging/channels')).status).toBe(403);
    expect((await agent.client.post('/api/v1/messaging/channels', { provider: 'sms', settings: TWILIO })).status).toBe(403);

    const invalid = await workspace.admin.post<ApiError>('/api/v1/messaging/channels', { provider: 'sms', settings: { ...TWILIO, phoneNumber: '514-555-0100' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect((await workspace.admin.post<ApiError>('/api/v1/messaging/channels', { provider: 'fax', settings: {} })).status).toBe(400);
    const twice = await workspace.admin.post<ApiError>('/api/v1/messaging/channels', { provider: 'sms', settings: TWILIO });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('messaging_channel_taken');

    const other = await server.createWorkspace();
    const channels = (await workspace.admin.get<{ data: Channel[] }>('/api/v1/messaging/channels')).body.data;
    const sms = channels.find((candidate) => candidate.provider === 'sms')!;
    expect((await other.admin.get(`/api/v1/messaging/channels/${sms.id}`)).status).toBe(404);
    expect((await other.admin.patch(`/api/v1/messaging/channels/${sms.id}`, { isActive: false })).status).toBe(404);
    const [ticket] = await ticketsOf('sms');
    expect((await other.admin.get(`/api/v1/tickets/${ticket!.id}/messaging`)).status).toBe(404);

    expect((await workspace.admin.patch<Channel>(`/api/v1/messaging/channels/${sms.id}`, { isActive: false })).body.isActive).toBe(false);
    expect((await twilio.deliver(sms.webhookUrl, twilio.incomingMessage({ from: '+14185550999', to: TWILIO.phoneNumber, body: 'Anyone?' }))).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/messaging/webhooks/not-a-channel`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
    expect((await workspace.admin.delete(`/api/v1/messaging/channels/${sms.id}`)).status).toBe(204);
    expect((await workspace.admin.get(`/api/v1/tickets/${ticket!.id}`)).status).toBe(200);
  });
});

/** A 1×1 PNG: real bytes, so the stored type is checked against the content. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
