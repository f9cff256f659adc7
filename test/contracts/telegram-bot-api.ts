import { randomBytes } from 'node:crypto';
import {
  isRecord,
  jsonResponse,
  parseJsonObject,
  PendingFailure,
  startContractServer,
  storedFile,
  type ContractRequest,
  type ContractResponse,
  type StoredFile,
} from './contract-server.js';

const MAX_TEXT_LENGTH = 4096;
const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
const PARSE_MODES = ['MarkdownV2', 'Markdown', 'HTML'];
const CHAT_ACTIONS = [
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
];

export interface TelegramBotApiOptions {
  botToken: string;
  botId: number;
  botUsername: string;
  botFirstName?: string;
  now?: () => number;
}

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TelegramChat {
  id: number;
  type: 'private';
  first_name: string;
  last_name?: string;
  username?: string;
}

export interface TelegramMessage {
  message_id: number;
  from: TelegramUser;
  chat: TelegramChat;
  date: number;
  text?: string;
  caption?: string;
  photo?: Array<{ file_id: string; file_unique_id: string; file_size?: number; width: number; height: number }>;
  document?: { file_id: string; file_unique_id: string; file_name: string; mime_type: string; file_size?: number };
  reply_to_message?: TelegramMessage;
}

export interface TelegramUpdate {
  update_id: number;
  message: TelegramMessage;
}

export interface TelegramSentMessage {
  chatId: number;
  text: string;
  messageId: number;
  replyToMessageId?: number;
  parseMode?: string;
}

export interface TelegramInboundBase {
  userId: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  messageId?: number;
  /** Unix seconds; defaults to the server clock. */
  date?: number;
}

interface KnownChat {
  chat: TelegramChat;
  lastMessageId: number;
  messages: Map<number, TelegramMessage>;
}

interface TelegramFile {
  file: StoredFile;
  fileUniqueId: string;
  filePath: string;
}

interface Webhook {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
}

type MethodParams = Record<string, unknown>;

export async function startTelegramBotApi(options: TelegramBotApiOptions) {
  const now = options.now ?? Date.now;
  const botUser: TelegramUser = {
    id: options.botId,
    is_bot: true,
    first_name: options.botFirstName ?? options.botUsername,
    username: options.botUsername,
  };
  const sent: TelegramSentMessage[] = [];
  const chats = new Map<number, KnownChat>();
  const blockedChatIds = new Set<number>();
  const files = new Map<string, TelegramFile>();
  const pendingFailure = new PendingFailure();
  let webhook: Webhook | undefined;
  let lastUpdateId = 100_000_000 + (randomBytes(2).readUInt16BE() % 1000) * 1000;

  const methods: Record<string, (params: MethodParams) => ContractResponse> = {
    getme: () => ok(botUser),

    setwebhook(params) {
      const url = typeof params.url === 'string' ? params.url : '';
      const secretToken = typeof params.secret_token === 'string' ? params.secret_token : undefined;
      if (secretToken !== undefined && !SECRET_TOKEN_PATTERN.test(secretToken)) {
        return badRequest('secret token contains unallowed characters');
      }
      const allowedUpdates = parseStructured(params.allowed_updates);
      // An empty url removes the webhook, as in the real API.
      webhook = url === ''
        ? undefined
        : {
            url,
            ...(secretToken === undefined ? {} : { secretToken }),
            ...(Array.isArray(allowedUpdates) ? { allowedUpdates: allowedUpdates.map(String) } : {}),
          };
      return ok(true);
    },

    getwebhookinfo: () =>
      ok({
        url: webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: 0,
        ...(webhook?.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}),
      }),

    deletewebhook() {
      webhook = undefined;
      return ok(true);
    },

    sendmessage(params) {
      const chatId = parseChatId(params.chat_id);
      if (chatId === undefined) return badRequest('chat_id is empty');
      const text = typeof params.text === 'string' ? params.text : '';
      if (text.trim() === '') return badRequest('message text is empty');
      if (text.length > MAX_TEXT_LENGTH) return badRequest('message is too long');
      const parseMode = typeof params.parse_mode === 'string' && params.parse_mode !== '' ? params.parse_mode : undefined;
      if (parseMode !== undefined && !PARSE_MODES.includes(parseMode)) return badRequest('unsupported parse_mode');
      if (blockedChatIds.has(chatId)) return forbidden('bot was blocked by the user');
      const known = chats.get(chatId);
      if (!known) return badRequest('chat not found');

      const replyToMessageId = findReplyTarget(params);
      const replyTo = replyToMessageId === undefined ? undefined : known.messages.get(replyToMessageId);
      if (replyToMessageId !== undefined && !replyTo) return badRequest('message to be replied not found');

      const message: TelegramMessage = {
        message_id: ++known.lastMessageId,
        from: botUser,
        chat: known.chat,
        date: unixSeconds(now()),
        text,
        ...(replyTo ? { reply_to_message: replyTo } : {}),
      };
      known.messages.set(message.message_id, message);
      sent.push({
        chatId,
        text,
        messageId: message.message_id,
        ...(replyToMessageId === undefined ? {} : { replyToMessageId }),
        ...(parseMode === undefined ? {} : { parseMode }),
      });
      return ok(message);
    },

    sendchataction(params) {
      const chatId = parseChatId(params.chat_id);
      if (chatId === undefined) return badRequest('chat_id is empty');
      if (typeof params.action !== 'string' || !CHAT_ACTIONS.includes(params.action)) {
        return badRequest('wrong parameter action in request');
      }
      if (blockedChatIds.has(chatId)) return forbidden('bot was blocked by the user');
      if (!chats.has(chatId)) return badRequest('chat not found');
      return ok(true);
    },

    getfile(params) {
      const fileId = typeof params.file_id === 'string' ? params.file_id : '';
      const stored = files.get(fileId);
      if (!stored) return badRequest('invalid file_id');
      return ok({
        file_id: fileId,
        file_unique_id: stored.fileUniqueId,
        file_size: stored.file.bytes.length,
        file_path: stored.filePath,
      });
    },
  };

  function callMethod(request: ContractRequest): ContractResponse {
    const [token = '', methodName = ''] = request.pathParams;
    if (token !== options.botToken) return telegramError(401, 'Unauthorized');
    const method = methods[methodName.toLowerCase()];
    if (!method) return telegramError(404, 'Not Found');
    const failure = pendingFailure.take();
    if (failure) return failure;
    const params = readParams(request);
    if (!params) return badRequest("can't parse JSON object");
    return method(params);
  }

  function downloadFile(request: ContractRequest): ContractResponse {
    const [token = '', filePath = ''] = request.pathParams;
    if (token !== options.botToken) return telegramError(401, 'Unauthorized');
    const stored = [...files.values()].find((candidate) => candidate.filePath === filePath);
    if (!stored) return telegramError(404, 'Not Found');
    return { status: 200, bytes: stored.file.bytes, contentType: stored.file.mimeType };
  }

  const server = await startContractServer({
    routes: [
      { method: 'POST', path: /^\/bot([^/]+)\/([A-Za-z]+)$/, handle: callMethod },
      { method: 'GET', path: /^\/bot([^/]+)\/([A-Za-z]+)$/, handle: callMethod },
      { method: 'GET', path: /^\/file\/bot([^/]+)\/(.+)$/, handle: downloadFile },
    ],
    notFound: () => telegramError(404, 'Not Found'),
  });

  function registerFile(fileId: string, file: StoredFile, kind: string): TelegramFile {
    const registered = {
      file,
      fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
      filePath: `${kind}/file_${files.size}${extensionOf(file.mimeType)}`,
    };
    files.set(fileId, registered);
    return registered;
  }

  function inboundUpdate(input: TelegramInboundBase, content: Partial<TelegramMessage>): TelegramUpdate {
    const user: TelegramUser = {
      id: input.userId,
      is_bot: false,
      first_name: input.firstName,
      ...(input.lastName === undefined ? {} : { last_name: input.lastName }),
      ...(input.username === undefined ? {} : { username: input.username }),
      ...(input.languageCode === undefined ? {} : { language_code: input.languageCode }),
    };
    const chat: TelegramChat = {
      id: input.userId,
      type: 'private',
      first_name: input.firstName,
      ...(input.lastName === undefined ? {} : { last_name: input.lastName }),
      ...(input.username === undefined ? {} : { username: input.username }),
    };
    const known = chats.get(chat.id) ?? { chat, lastMessageId: 0, messages: new Map<number, TelegramMessage>() };
    known.chat = chat;
    chats.set(chat.id, known);
    const messageId = input.messageId ?? known.lastMessageId + 1;
    known.lastMessageId = Math.max(known.lastMessageId, messageId);
    const message: TelegramMessage = { message_id: messageId, from: user, chat, date: input.date ?? unixSeconds(now()), ...content };
    known.messages.set(messageId, message);
    return { update_id: ++lastUpdateId, message };
  }

  return {
    url: server.url,
    close: server.close,
    sent,

    /** The next call of any method answers with this failure instead. */
    failNext(status: number, body: unknown = defaultFailure(status)): void {
      pendingFailure.arm(status, body);
    },

    blockChat(chatId: number): void {
      blockedChatIds.add(chatId);
    },

    addFile(input: { bytes: Buffer; mimeType?: string }): { fileId: string; fileUniqueId: string } {
      const fileId = randomFileId();
      const registered = registerFile(fileId, storedFile(input.bytes, input.mimeType ?? 'application/octet-stream'), 'documents');
      return { fileId, fileUniqueId: registered.fileUniqueId };
    },

    textMessage(input: TelegramInboundBase & { text: string }): TelegramUpdate {
      return inboundUpdate(input, { text: input.text });
    },

    photoMessage(input: TelegramInboundBase & { fileId: string; caption?: string }): TelegramUpdate {
      const original = files.get(input.fileId);
      const sizes = [90, 320, 800].map((side, index, all) => {
        const isLargest = index === all.length - 1;
        const fileId = isLargest ? input.fileId : `${input.fileId}_${side}`;
        // Smaller sizes are separate files in Telegram; here they serve the same bytes so getFile works on any.
        const registered = original && !isLargest ? registerFile(fileId, original.file, 'photos') : original;
        return {
          file_id: fileId,
          file_unique_id: registered?.fileUniqueId ?? `AQAD${fileId.slice(0, 12)}`,
          ...(registered ? { file_size: registered.file.bytes.length } : {}),
          width: side,
          height: side,
        };
      });
      return inboundUpdate(input, { photo: sizes, ...(input.caption === undefined ? {} : { caption: input.caption }) });
    },

    documentMessage(input: TelegramInboundBase & { fileId: string; fileName: string; mimeType: string; caption?: string }): TelegramUpdate {
      const stored = files.get(input.fileId);
      return inboundUpdate(input, {
        document: {
          file_id: input.fileId,
          file_unique_id: stored?.fileUniqueId ?? `AQAD${input.fileId.slice(0, 12)}`,
          file_name: input.fileName,
          mime_type: input.mimeType,
          ...(stored ? { file_size: stored.file.bytes.length } : {}),
        },
        ...(input.caption === undefined ? {} : { caption: input.caption }),
      });
    },

    /** POSTs the update to the webhook set through `setWebhook`, as Telegram does. */
    deliver(update: TelegramUpdate, deliverOptions: { secretToken?: string } = {}): Promise<Response> {
      if (!webhook) throw new Error('No webhook is set: call setWebhook on the contract server first.');
      const secretToken = deliverOptions.secretToken ?? webhook.secretToken;
      return fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken === undefined ? {} : { 'x-telegram-bot-api-secret-token': secretToken }),
        },
        body: JSON.stringify(update),
      });
    },
  };
}

export type TelegramBotApi = Awaited<ReturnType<typeof startTelegramBotApi>>;

/** Telegram takes parameters from the query string, a JSON body or a form body, all merged. */
function readParams(request: ContractRequest): MethodParams | undefined {
  const params: MethodParams = Object.fromEntries(request.url.searchParams);
  if (request.rawBody.length === 0) return params;
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8'))) };
  }
  const body = parseJsonObject(request.rawBody);
  return body ? { ...params, ...body } : undefined;
}

/** Form bodies carry structured parameters as JSON text. */
function parseStructured(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function parseChatId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function findReplyTarget(params: MethodParams): number | undefined {
  const replyParameters = parseStructured(params.reply_parameters);
  const raw = isRecord(replyParameters) ? replyParameters.message_id : params.reply_to_message_id;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number(raw);
  return undefined;
}

function ok(result: unknown): ContractResponse {
  return jsonResponse(200, { ok: true, result });
}

function telegramError(status: number, description: string): ContractResponse {
  return jsonResponse(status, { ok: false, error_code: status, description });
}

function badRequest(reason: string): ContractResponse {
  return telegramError(400, `Bad Request: ${reason}`);
}

function forbidden(reason: string): ContractResponse {
  return telegramError(403, `Forbidden: ${reason}`);
}

function defaultFailure(status: number): Record<string, unknown> {
  if (status === 429) {
    return { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
  }
  return { ok: false, error_code: status, description: 'Internal Server Error' };
}

function randomFileId(): string {
  return `BQACAgQAAxkBAAI${randomBytes(30).toString('base64url')}`;
}

function extensionOf(mimeType: string): string {
  const known: Record<string, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'application/pdf': '.pdf',
    'text/plain': '.txt',
  };
  return known[mimeType] ?? '';
}

function unixSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}
