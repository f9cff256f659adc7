import { z } from 'zod';
import { constantTimeEqual, randomSecret } from '../../../../shared/crypto.js';
import { validationError } from '../../../../shared/errors.js';
import { callProvider, downloadProviderFile, headerOf, isTransientStatus, ProviderError, type InboundEvent, type InboundMediaReference, type MessagingAdapter, type ProviderAnswer } from '../messaging-provider.js';

export const ZTelegramInput = z.object({
  botToken: z.string().trim().regex(/^\d{3,20}:[A-Za-z0-9_-]{20,}$/, 'the token BotFather gave (digits, a colon, then letters)'),
});
export type TTelegramInput = z.infer<typeof ZTelegramInput>;
type TelegramCredentials = { botToken: string; secretToken: string; botUsername: string };

const ZUser = z.object({ id: z.number(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional(), language_code: z.string().optional() });
const ZTelegramUpdate = z.object({
  update_id: z.number(),
  message: z
    .object({
      message_id: z.number(),
      from: ZUser.optional(),
      chat: z.object({ id: z.number(), type: z.string(), title: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional() }),
      date: z.number(),
      text: z.string().optional(),
      caption: z.string().optional(),
      photo: z.array(z.object({ file_id: z.string(), width: z.number().optional(), height: z.number().optional() })).optional(),
      document: z.object({ file_id: z.string(), file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
    })
    .optional(),
});

/** Telegram Bot API: updates pushed to our webhook with the secret token set at `setWebhook`, replies by `sendMessage`. */
export function createTelegramAdapter(apiUrl: string): MessagingAdapter<TTelegramInput, TelegramCredentials> {
  const method = (botToken: string, name: string) => `${apiUrl}/bot${botToken}/${name}`;
  return {
    provider: 'telegram',
    input: ZTelegramInput,
    maxTextLength: 4096,
    async connect(input, webhookUrl, signal) {
      const me = await callProvider(method(input.botToken, 'getMe'), { method: 'POST', json: {} }, signal);
      const bot = (me.body as { result?: { id?: number; username?: string } } | undefined)?.result;
      if (me.status !== 200 || !bot?.id) throw telegramFailure(me, 'Telegram did not accept the bot token');
      const secretToken = randomSecret(32);
      const registered = await callProvider(method(input.botToken, 'setWebhook'), { json: { url: webhookUrl, secret_token: secretToken, allowed_updates: ['message'] } }, signal);
      if (registered.status !== 200) throw telegramFailure(registered, 'Telegram did not register the webhook');
      return { externalId: String(bot.id), defaultName: bot.username ? `Telegram @${bot.username}` : 'Telegram', credentials: { botToken: input.botToken, secretToken, botUsername: bot.username ?? '' } };
    },
    isAuthentic(credentials, request) {
      const token = headerOf(request.headers, 'x-telegram-bot-api-secret-token');
      return token !== undefined && constantTimeEqual(token, credentials.secretToken);
    },
    parse(_credentials, _externalId, request) {
      let body: unknown;
      try {
        body = JSON.parse(request.rawBody.toString('utf8'));
      } catch {
        throw validationError('body', 'the update is not JSON');
      }
      const parsed = ZTelegramUpdate.safeParse(body);
      if (!parsed.success) throw validationError('body', 'not a Telegram update');
      const message = parsed.data.message;
      if (!message) return [];
      const media: InboundMediaReference[] = [];
      // Telegram sends each photo in several sizes, the largest last; its file path names the type.
      const photo = message.photo?.at(-1);
      if (photo) media.push({ reference: photo.file_id });
      if (message.document) media.push({ reference: message.document.file_id, contentType: message.document.mime_type, filename: message.document.file_name });
      const text = message.text ?? message.caption ?? '';
      if (!text && media.length === 0) return [];
      const person = message.from;
      const chatName = message.chat.title ?? [message.chat.first_name, message.chat.last_name].filter(Boolean).join(' ');
      const event: InboundEvent = {
        kind: 'message',
        // Message ids are counted per chat.
        externalMessageId: `${message.chat.id}:${message.message_id}`,
        contact: {
          externalUserId: String(message.chat.id),
          name: chatName || (person?.username ? `@${person.username}` : undefined),
          language: person?.language_code?.toLowerCase().startsWith('fr') ? 'fr' : person?.language_code ? 'en' : undefined,
        },
        text,
        media,
        sentAt: new Date(message.date * 1000),
      };
      return [event];
    },
    acknowledgement: { contentType: 'application/json', body: '{"ok":true}' },
    async fetchMedia(credentials, media, signal) {
      const answer = await callProvider(method(credentials.botToken, 'getFile'), { json: { file_id: media.reference } }, signal);
      const path = (answer.body as { result?: { file_path?: string } } | undefined)?.result?.file_path;
      if (answer.status !== 200 || !path) throw telegramFailure(answer, 'Telegram did not give the file');
      const file = await downloadProviderFile(`${apiUrl}/file/bot${credentials.botToken}/${path}`, {}, signal, media.contentType);
      return { ...file, contentType: media.contentType ?? file.contentType, filename: media.filename ?? path.split('/').at(-1) ?? null };
    },
    async send(credentials, recipient, text, context) {
      const answer = await callProvider(method(credentials.botToken, 'sendMessage'), { json: { chat_id: Number(recipient.externalUserId), text } }, context.signal);
      const messageId = (answer.body as { result?: { message_id?: number } } | undefined)?.result?.message_id;
      if (answer.status !== 200) throw telegramFailure(answer, 'Telegram refused the message');
      if (messageId === undefined) throw new ProviderError('Telegram accepted the message without an id.', false);
      return { externalMessageId: `${recipient.externalUserId}:${messageId}` };
    },
    describe: (credentials) => ({ botUsername: credentials.botUsername }),
  };
}

function telegramFailure(answer: ProviderAnswer, what: string): ProviderError {
  const body = answer.body as { description?: string; error_code?: number; parameters?: { retry_after?: number } } | undefined;
  return new ProviderError(`${what}: ${body?.description ?? `HTTP ${answer.status}`}`, !isTransientStatus(answer.status), { status: answer.status, code: body?.error_code, retryAfter: body?.parameters?.retry_after });
}
