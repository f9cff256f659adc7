import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonResponse, startContractServer, type ContractRequest, type ContractServer } from './contract-server.js';
import { startMessengerPlatform, type MessengerPlatform } from './messenger-platform.js';
import { startTelegramBotApi, type TelegramBotApi } from './telegram-bot-api.js';
import { startTwilioMessaging, twilioSignature, type TwilioMessaging } from './twilio-sms.js';
import { startWhatsAppCloudApi, type WhatsAppCloudApi } from './whatsapp-cloud-api.js';

const HOUR_MS = 60 * 60 * 1000;
let clock = Date.parse('2025-03-04T10:00:00Z');
const now = () => clock;

/** Stands in for the platform's webhook endpoint and keeps what each provider sent to it. */
let receiver: ContractServer;
const received: ContractRequest[] = [];

beforeAll(async () => {
  receiver = await startContractServer({
    routes: [
      { method: 'POST', path: /^\/hooks\/.+$/, handle: (request) => (received.push(request), jsonResponse(200, { ok: true })) },
      {
        method: 'GET',
        path: /^\/hooks\/.+$/,
        handle: (request) => {
          received.push(request);
          const challenge = request.url.searchParams.get('hub.challenge') ?? '';
          return { status: 200, bytes: Buffer.from(challenge), contentType: 'text/plain' };
        },
      },
    ],
    notFound: () => jsonResponse(404, {}),
  });
});
afterAll(() => receiver.close());
beforeEach(() => {
  received.length = 0;
  clock = Date.parse('2025-03-04T10:00:00Z');
});

function lastReceived(): ContractRequest {
  const request = received.at(-1);
  if (!request) throw new Error('the receiver got nothing');
  return request;
}

/** Answers are read loosely on purpose: each assertion states the exact shape it expects. */
type JsonBody = Record<string, any>;

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as JsonBody };
}

describe('WhatsApp Cloud API contract', () => {
  let whatsapp: WhatsAppCloudApi;
  const auth = { authorization: 'Bearer wa-token' };
  const number = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' };
  const textTo = (to: string, body: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body } });

  beforeAll(async () => {
    whatsapp = await startWhatsAppCloudApi({ accessToken: 'wa-token', appSecret: 'wa-secret', now });
  });
  afterAll(() => whatsapp.close());

  it('signs a delivery with X-Hub-Signature-256 over the exact raw body', async () => {
    const payload = whatsapp.textMessage({ ...number, from: '16315551181', name: 'Kerry', body: 'Hello' });
    expect(payload.entry[0]?.changes[0]?.value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
      contacts: [{ profile: { name: 'Kerry' }, wa_id: '16315551181' }],
      messages: [{ from: '16315551181', type: 'text', text: { body: 'Hello' }, timestamp: String(clock / 1000) }],
    });
    await whatsapp.deliver(`${receiver.url}/hooks/whatsapp`, payload);
    const request = lastReceived();
    const expected = `sha256=${createHmac('sha256', 'wa-secret').update(request.rawBody).digest('hex')}`;
    expect(request.headers['x-hub-signature-256']).toBe(expected);
    expect(whatsapp.signature(request.rawBody.toString())).toBe(expected);
    expect(request.headers['content-type']).toBe('application/json');

    await whatsapp.deliver(`${receiver.url}/hooks/whatsapp`, payload, { signature: 'sha256=forged' });
    expect(lastReceived().headers['x-hub-signature-256']).toBe('sha256=forged');
  });

  it('rejects a send with a wrong or missing token as an OAuth error', async () => {
    for (const headers of [{ authorization: 'Bearer nope' }, {}] as Array<Record<string, string>>) {
      const { status, body } = await postJson(`${whatsapp.url}/v21.0/${number.phoneNumberId}/messages`, textTo('16315551181', 'Hi'), headers);
      expect(status).toBe(401);
      expect(body.error).toMatchObject({ message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 });
      expect(typeof body.error.fbtrace_id).toBe('string');
    }
  });

  it('accepts a text reply inside the 24 hour window and refuses it after', async () => {
    whatsapp.textMessage({ ...number, from: '16315550001', name: 'Ana', body: 'Help' });
    const accepted = await postJson(`${whatsapp.url}/v21.0/${number.phoneNumberId}/messages`, textTo('16315550001', 'On it'), auth);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ input: '16315550001', wa_id: '16315550001' }] });
    expect(accepted.body.messages[0].id).toMatch(/^wamid\./);
    expect(whatsapp.sent.at(-1)).toEqual({ phoneNumberId: number.phoneNumberId, to: '16315550001', text: 'On it', id: accepted.body.messages[0].id });

    clock += 25 * HOUR_MS;
    const refused = await postJson(`${whatsapp.url}/v19.0/${number.phoneNumberId}/messages`, textTo('16315550001', 'Still there?'), auth);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 131047, message: '(#131047) Re-engagement message' });
    expect(refused.body.error.error_data.details).toContain('more than 24 hours');

    const neverWrote = await postJson(`${whatsapp.url}/v21.0/${number.phoneNumberId}/messages`, textTo('16315559999', 'Hi'), auth);
    expect(neverWrote.body.error.code).toBe(131047);
  });

  it('answers an invalid send body with code 100', async () => {
    whatsapp.textMessage({ ...number, from: '16315550002', name: 'Bo', body: 'Hey' });
    const url = `${whatsapp.url}/v21.0/${number.phoneNumberId}/messages`;
    for (const body of [
      { to: '16315550002', type: 'text', text: { body: 'no product' } },
      textTo('not-a-number', 'x'),
      textTo('16315550002', 'x'.repeat(4097)),
      { messaging_product: 'whatsapp', to: '16315550002', type: 'text' },
    ]) {
      const answer = await postJson(url, body, auth);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe(100);
    }
  });

  it('fails the next send once when told to', async () => {
    whatsapp.textMessage({ ...number, from: '16315550003', name: 'Cy', body: 'Hey' });
    whatsapp.failNext(500);
    const url = `${whatsapp.url}/v21.0/${number.phoneNumberId}/messages`;
    const failed = await postJson(url, textTo('16315550003', 'x'), auth);
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ code: 2, is_transient: true });
    expect((await postJson(url, textTo('16315550003', 'x'), auth)).status).toBe(200);
  });

  it('serves media metadata and bytes behind the token', async () => {
    const bytes = Buffer.from('fake jpeg bytes');
    const mediaId = whatsapp.addMedia({ bytes, mimeType: 'image/jpeg' });
    const metadata = (await (await fetch(`${whatsapp.url}/v21.0/${mediaId}`, { headers: auth })).json()) as JsonBody;
    expect(metadata).toMatchObject({
      messaging_product: 'whatsapp',
      mime_type: 'image/jpeg',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: bytes.length,
      id: mediaId,
    });
    expect((await fetch(metadata.url)).status).toBe(401);
    const download = await fetch(metadata.url, { headers: auth });
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

    const image = whatsapp.imageMessage({ ...number, from: '16315550004', name: 'Di', mediaId, mimeType: 'image/jpeg', caption: 'receipt' });
    expect(image.entry[0]?.changes[0]?.value.messages).toMatchObject([
      { type: 'image', image: { id: mediaId, mime_type: 'image/jpeg', sha256: metadata.sha256, caption: 'receipt' } },
    ]);
  });

  it('builds failed status updates with the documented error fields', () => {
    const update = whatsapp.statusUpdate({ ...number, messageId: 'wamid.X', recipientId: '16315550001', status: 'failed' });
    expect(update.entry[0]?.changes[0]?.value.statuses).toMatchObject([
      { id: 'wamid.X', status: 'failed', recipient_id: '16315550001', errors: [{ code: 131026, error_data: { details: expect.any(String) } }] },
    ]);
  });

  it('performs the subscription handshake with the hub parameters', async () => {
    const response = await whatsapp.verify(`${receiver.url}/hooks/whatsapp`, 'verify-me', 'challenge-123');
    expect(await response.text()).toBe('challenge-123');
    expect(Object.fromEntries(lastReceived().url.searchParams)).toEqual({
      'hub.mode': 'subscribe',
      'hub.verify_token': 'verify-me',
      'hub.challenge': 'challenge-123',
    });
  });
});

describe('Messenger Platform contract', () => {
  let messenger: MessengerPlatform;
  const page = 'page-1';
  const send = (body: Record<string, unknown>, query = '?access_token=page-token') =>
    postJson(`${messenger.url}/v21.0/me/messages${query}`, body);
  const reply = (psid: string, extra: Record<string, unknown> = { messaging_type: 'RESPONSE' }) =>
    send({ recipient: { id: psid }, message: { text: 'Hello' }, ...extra });

  beforeAll(async () => {
    messenger = await startMessengerPlatform({
      pageAccessToken: 'page-token',
      appSecret: 'm-secret',
      profiles: { 'psid-1': { first_name: 'Peter', last_name: 'Chang' } },
      now,
    });
  });
  afterAll(() => messenger.close());

  it('signs deliveries like the other Meta webhooks', async () => {
    const payload = messenger.textMessage({ pageId: page, psid: 'psid-1', text: 'hi' });
    expect(payload).toMatchObject({
      object: 'page',
      entry: [{ id: page, time: clock, messaging: [{ sender: { id: 'psid-1' }, recipient: { id: page }, message: { text: 'hi' } }] }],
    });
    await messenger.deliver(`${receiver.url}/hooks/messenger`, payload);
    const request = lastReceived();
    expect(request.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'm-secret').update(request.rawBody).digest('hex')}`);
  });

  it('rejects a bad token and accepts the token as a query parameter or bearer header', async () => {
    messenger.textMessage({ pageId: page, psid: 'psid-2', text: 'hi' });
    const refused = await reply('psid-2');
    expect(refused.status).toBe(200);
    const badToken = await send({ recipient: { id: 'psid-2' }, messaging_type: 'RESPONSE', message: { text: 'x' } }, '?access_token=nope');
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe(190);
    const bearer = await postJson(
      `${messenger.url}/v21.0/${page}/messages`,
      { recipient: { id: 'psid-2' }, messaging_type: 'UPDATE', message: { text: 'x' } },
      { authorization: 'Bearer page-token' },
    );
    expect(bearer.body).toEqual({ recipient_id: 'psid-2', message_id: expect.stringMatching(/^m_/) });
    expect(messenger.sent.at(-1)).toMatchObject({ pageId: page, recipientId: 'psid-2', messagingType: 'UPDATE' });
    expect(messenger.sent.at(-2)).not.toHaveProperty('pageId');
  });

  it('enforces the 24 hour window and lets HUMAN_AGENT replies through for 7 days', async () => {
    messenger.textMessage({ pageId: page, psid: 'psid-3', text: 'hi' });
    clock += 25 * HOUR_MS;
    const late = await reply('psid-3');
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 10, error_subcode: 2018278, message: '(#10) This message is sent outside of allowed window.' });
    expect((await reply('psid-3', { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).status).toBe(200);
    const untagged = await reply('psid-3', { messaging_type: 'MESSAGE_TAG' });
    expect(untagged.body.error.code).toBe(100);
    clock += 7 * 24 * HOUR_MS;
    expect((await reply('psid-3', { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).body.error.code).toBe(10);
  });

  it('answers an invalid body with code 100', async () => {
    messenger.textMessage({ pageId: page, psid: 'psid-4', text: 'hi' });
    expect((await reply('psid-4', {})).body.error.code).toBe(100);
    expect((await send({ recipient: { id: 'psid-4' }, messaging_type: 'RESPONSE', message: { text: 'x'.repeat(2001) } })).body.error.code).toBe(100);
  });

  it('serves known profiles and refuses unknown ones', async () => {
    const known = await fetch(`${messenger.url}/v21.0/psid-1?fields=first_name,last_name&access_token=page-token`);
    expect(await known.json()).toEqual({ first_name: 'Peter', last_name: 'Chang', id: 'psid-1' });
    const unknown = await fetch(`${messenger.url}/v21.0/psid-x?fields=first_name&access_token=page-token`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as JsonBody).error.code).toBe(100);
  });

  it('builds attachment, read and delivery events and serves attachment files', async () => {
    const url = messenger.addFile({ bytes: Buffer.from('%PDF'), mimeType: 'application/pdf', name: 'invoice.pdf' });
    const attachment = messenger.attachmentMessage({ pageId: page, psid: 'psid-1', type: 'file', url });
    expect(attachment.entry[0]?.messaging[0]).toMatchObject({ message: { attachments: [{ type: 'file', payload: { url } }] } });
    const file = await fetch(url);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(await file.text()).toBe('%PDF');
    expect(messenger.readEvent({ pageId: page, psid: 'psid-1', watermark: 5 }).entry[0]?.messaging[0]).toMatchObject({ read: { watermark: 5 } });
    expect(messenger.deliveryEvent({ pageId: page, psid: 'psid-1', mids: ['m_1'], watermark: 5 }).entry[0]?.messaging[0]).toMatchObject({
      delivery: { mids: ['m_1'], watermark: 5 },
    });
  });
});

describe('Telegram Bot API contract', () => {
  let telegram: TelegramBotApi;
  const call = (method: string, body: unknown = {}, token = '123:ABC') => postJson(`${telegram.url}/bot${token}/${method}`, body);

  beforeAll(async () => {
    telegram = await startTelegramBotApi({ botToken: '123:ABC', botId: 123, botUsername: 'switchboard_bot', now });
  });
  afterAll(() => telegram.close());

  it('refuses an unknown token and describes the bot', async () => {
    expect(await call('getMe', {}, '999:NOPE')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect((await call('getMe')).body).toEqual({ ok: true, result: { id: 123, is_bot: true, first_name: 'switchboard_bot', username: 'switchboard_bot' } });
  });

  it('stores a webhook, validates its secret and delivers updates with the secret header', async () => {
    const update = telegram.textMessage({ userId: 42, firstName: 'Ada', text: 'hi' });
    expect(() => telegram.deliver(update)).toThrow(/No webhook/);
    const bad = await call('setWebhook', { url: `${receiver.url}/hooks/telegram`, secret_token: 'not allowed!' });
    expect(bad.body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: secret token contains unallowed characters' });
    expect((await call('setWebhook', { url: `${receiver.url}/hooks/telegram`, secret_token: 'sec_ret-1' })).body).toEqual({ ok: true, result: true });
    expect((await call('getWebhookInfo')).body.result).toEqual({ url: `${receiver.url}/hooks/telegram`, has_custom_certificate: false, pending_update_count: 0 });

    await telegram.deliver(update);
    expect(lastReceived().headers['x-telegram-bot-api-secret-token']).toBe('sec_ret-1');
    expect(JSON.parse(lastReceived().rawBody.toString())).toEqual(update);
    await telegram.deliver(update, { secretToken: 'forged' });
    expect(lastReceived().headers['x-telegram-bot-api-secret-token']).toBe('forged');
    const next = telegram.textMessage({ userId: 42, firstName: 'Ada', text: 'again' });
    expect(next.update_id).toBeGreaterThan(update.update_id);
    expect((await call('deleteWebhook')).body.result).toBe(true);
  });

  it('sends only to chats it has seen, with valid text, unless blocked', async () => {
    expect((await call('sendMessage', { chat_id: 777, text: 'hi' })).body.description).toBe('Bad Request: chat not found');
    const inbound = telegram.textMessage({ userId: 43, firstName: 'Lin', lastName: 'Wu', username: 'lwu', languageCode: 'en', text: 'hello' });
    expect(inbound.message).toMatchObject({
      from: { id: 43, is_bot: false, first_name: 'Lin', last_name: 'Wu', username: 'lwu', language_code: 'en' },
      chat: { id: 43, type: 'private', first_name: 'Lin', last_name: 'Wu', username: 'lwu' },
      text: 'hello',
    });
    expect((await call('sendMessage', { chat_id: 43, text: '' })).body.description).toBe('Bad Request: message text is empty');
    expect((await call('sendMessage', { chat_id: 43, text: 'x'.repeat(4097) })).body.description).toBe('Bad Request: message is too long');

    const answer = await call('sendMessage', { chat_id: 43, text: 'Hi Lin', reply_parameters: { message_id: inbound.message.message_id } });
    expect(answer.body.result).toMatchObject({ from: { id: 123, is_bot: true }, chat: { id: 43, type: 'private' }, text: 'Hi Lin' });
    expect(answer.body.result.reply_to_message.message_id).toBe(inbound.message.message_id);
    expect(telegram.sent.at(-1)).toMatchObject({ chatId: 43, text: 'Hi Lin', messageId: answer.body.result.message_id });

    const form = await fetch(`${telegram.url}/bot123:ABC/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '43', text: 'from a form' }),
    });
    expect(((await form.json()) as JsonBody).result.text).toBe('from a form');

    telegram.blockChat(43);
    const blocked = await call('sendMessage', { chat_id: 43, text: 'hi' });
    expect(blocked).toEqual({ status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
  });

  it('resolves files sent in photos and documents', async () => {
    const { fileId } = telegram.addFile({ bytes: Buffer.from('png bytes'), mimeType: 'image/png' });
    const photo = telegram.photoMessage({ userId: 44, firstName: 'Kai', fileId, caption: 'look' });
    expect(photo.message.photo?.at(-1)).toMatchObject({ file_id: fileId, width: 800 });
    expect(photo.message.caption).toBe('look');
    const file = (await call('getFile', { file_id: fileId })).body.result;
    expect(file).toMatchObject({ file_id: fileId, file_size: 9 });
    const download = await fetch(`${telegram.url}/file/bot123:ABC/${file.file_path}`);
    expect(await download.text()).toBe('png bytes');
    expect((await call('getFile', { file_id: 'nope' })).body.description).toBe('Bad Request: invalid file_id');
    const document = telegram.documentMessage({ userId: 44, firstName: 'Kai', fileId, fileName: 'a.png', mimeType: 'image/png' });
    expect(document.message.document).toMatchObject({ file_id: fileId, file_name: 'a.png', mime_type: 'image/png', file_size: 9 });
  });

  it('answers a rate limit once when told to', async () => {
    telegram.textMessage({ userId: 45, firstName: 'Mo', text: 'hi' });
    telegram.failNext(429);
    const limited = await call('sendChatAction', { chat_id: 45, action: 'typing' });
    expect(limited).toEqual({ status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } });
    expect((await call('sendChatAction', { chat_id: 45, action: 'typing' })).body).toEqual({ ok: true, result: true });
  });
});

describe('Twilio Programmable Messaging contract', () => {
  let twilio: TwilioMessaging;
  const accountSid = `AC${'a'.repeat(32)}`;
  const basic = `Basic ${Buffer.from(`${accountSid}:tw-token`).toString('base64')}`;
  const createMessage = async (fields: Record<string, string>, authorization = basic) => {
    const response = await fetch(`${twilio.url}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    return { status: response.status, body: (await response.json()) as JsonBody };
  };

  beforeAll(async () => {
    twilio = await startTwilioMessaging({ accountSid, authToken: 'tw-token', phoneNumbers: ['+15005550006'], now });
  });
  afterAll(() => twilio.close());

  it('computes the documented signature: URL then each sorted name and value with no delimiter, HMAC-SHA1, base64', () => {
    const url = 'https://example.test/sms?x=1';
    const signed = `${url}BodyhiFrom+15551234567To+15005550006`;
    expect(twilioSignature('tw-token', url, { To: '+15005550006', From: '+15551234567', Body: 'hi' })).toBe(
      createHmac('sha1', 'tw-token').update(signed).digest('base64'),
    );
  });

  it('delivers an incoming message as a signed form', async () => {
    const mediaUrl = twilio.addMedia({ bytes: Buffer.from('gif'), mimeType: 'image/gif' });
    const fields = twilio.incomingMessage({ from: '+15551234567', to: '+15005550006', body: 'hi', media: [{ url: mediaUrl, contentType: 'image/gif' }] });
    expect(fields).toMatchObject({ From: '+15551234567', To: '+15005550006', Body: 'hi', NumMedia: '1', MediaUrl0: mediaUrl, MediaContentType0: 'image/gif', ApiVersion: '2010-04-01' });
    expect(fields.MessageSid).toMatch(/^MM[0-9a-f]{32}$/);
    const webhookUrl = `${receiver.url}/hooks/twilio?channel=7`;
    await twilio.deliver(webhookUrl, fields);
    const request = lastReceived();
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const posted = Object.fromEntries(new URLSearchParams(request.rawBody.toString()));
    expect(posted).toEqual(fields);
    expect(request.headers['x-twilio-signature']).toBe(twilioSignature('tw-token', webhookUrl, posted));
    expect(await (await fetch(mediaUrl)).text()).toBe('gif');
  });

  it('rejects wrong credentials with error 20003', async () => {
    const refused = await createMessage({ To: '+15551234567', From: '+15005550006', Body: 'hi' }, `Basic ${Buffer.from(`${accountSid}:nope`).toString('base64')}`);
    expect(refused).toEqual({ status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } });
  });

  it('validates To, From, Body and opt-outs with Twilio error codes', async () => {
    expect((await createMessage({ To: '5551234567', From: '+15005550006', Body: 'hi' })).body.code).toBe(21211);
    expect((await createMessage({ To: '+15551234567', From: '+15009999999', Body: 'hi' })).body.code).toBe(21606);
    expect((await createMessage({ To: '+15551234567', From: '+15005550006', Body: 'x'.repeat(1601) })).body.code).toBe(21617);
    twilio.optOut('+15550000000');
    expect((await createMessage({ To: '+15550000000', From: '+15005550006', Body: 'hi' })).body).toMatchObject({ code: 21610, status: 400 });
  });

  it('queues a valid message and posts its signed status callback', async () => {
    const callback = `${receiver.url}/hooks/twilio-status`;
    const created = await createMessage({ To: '+15551234567', From: '+15005550006', Body: 'hi', StatusCallback: callback });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      account_sid: accountSid,
      from: '+15005550006',
      to: '+15551234567',
      body: 'hi',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      error_code: null,
      date_created: 'Tue, 04 Mar 2025 10:00:00 +0000',
    });
    expect(created.body.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.body.uri).toBe(`/2010-04-01/Accounts/${accountSid}/Messages/${created.body.sid}.json`);
    expect(twilio.sent.at(-1)).toMatchObject({ sid: created.body.sid, statusCallback: callback });

    await twilio.sendStatus(created.body.sid, 'failed', 30006);
    const request = lastReceived();
    const posted = Object.fromEntries(new URLSearchParams(request.rawBody.toString()));
    expect(posted).toMatchObject({ MessageSid: created.body.sid, MessageStatus: 'failed', SmsStatus: 'failed', ErrorCode: '30006', ApiVersion: '2010-04-01' });
    expect(request.headers['x-twilio-signature']).toBe(twilioSignature('tw-token', callback, posted));
  });

  it('fails the next create once with the Twilio error shape', async () => {
    twilio.failNext(503);
    const failed = await createMessage({ To: '+15551234567', From: '+15005550006', Body: 'hi' });
    expect(failed.status).toBe(503);
    expect(failed.body).toHaveProperty('code');
    expect((await createMessage({ To: '+15551234567', From: '+15005550006', Body: 'hi' })).status).toBe(201);
  });
});
