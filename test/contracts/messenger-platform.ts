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
import {
  deliverSignedJson,
  GRAPH_VERSION_PATH,
  graphError,
  hasGraphToken,
  hubSignature,
  invalidAccessToken,
  transientGraphFailure,
  unsupportedGetRequest,
  verifySubscription,
} from './graph-api.js';

const HOUR_MS = 60 * 60 * 1000;
const STANDARD_WINDOW_MS = 24 * HOUR_MS;
const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;
const MAX_TEXT_LENGTH = 2000;
const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'] as const;
const MESSAGE_TAGS = ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'HUMAN_AGENT'] as const;

export type MessengerMessagingType = (typeof MESSAGING_TYPES)[number];
export type MessengerMessageTag = (typeof MESSAGE_TAGS)[number];

export interface MessengerProfile {
  first_name: string;
  last_name: string;
}

export interface MessengerPlatformOptions {
  pageAccessToken: string;
  appSecret: string;
  profiles?: Record<string, MessengerProfile>;
  now?: () => number;
}

export interface MessengerSentMessage {
  /** The page id from the path; undefined when the client used `/me/messages`. */
  pageId?: string;
  recipientId: string;
  text: string;
  messagingType: MessengerMessagingType;
  tag?: MessengerMessageTag;
  id: string;
}

interface MessengerEventBase {
  pageId: string;
  psid: string;
  /** Milliseconds since the epoch, as Messenger sends it; defaults to the server clock. */
  timestamp?: number;
}

export interface MessengerWebhookPayload {
  object: 'page';
  entry: Array<{ id: string; time: number; messaging: Array<Record<string, unknown>> }>;
}

export async function startMessengerPlatform(options: MessengerPlatformOptions) {
  const now = options.now ?? Date.now;
  const profiles = options.profiles ?? {};
  const sent: MessengerSentMessage[] = [];
  const files = new Map<string, StoredFile>();
  const lastInboundAt = new Map<string, number>();
  const pendingFailure = new PendingFailure();

  function sendMessage(request: ContractRequest): ContractResponse {
    if (!hasGraphToken(request, options.pageAccessToken)) return invalidAccessToken();
    const failure = pendingFailure.take();
    if (failure) return failure;
    const [, pathPageId = ''] = request.pathParams;
    const body = parseJsonObject(request.rawBody);
    if (!body) return invalidParameter('(#100) Request body must be a JSON object');
    const recipientId = isRecord(body.recipient) ? body.recipient.id : undefined;
    if (typeof recipientId !== 'string' || recipientId === '') return invalidParameter('(#100) The parameter recipient is required');
    const messagingType = MESSAGING_TYPES.find((type) => type === body.messaging_type);
    if (!messagingType) return invalidParameter('(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
    const tag = MESSAGE_TAGS.find((known) => known === body.tag);
    if (messagingType === 'MESSAGE_TAG' && !tag) return invalidParameter('(#100) Tag is required for MESSAGE_TAG messaging type');
    const text = isRecord(body.message) ? body.message.text : undefined;
    if (typeof text !== 'string' || text === '') return invalidParameter('(#100) The parameter message[text] is required');
    if (text.length > MAX_TEXT_LENGTH) return invalidParameter('(#100) Length of param message[text] must be less than or equal to 2000');

    if (!isInsideWindow(recipientId, messagingType, tag)) {
      return graphError(400, { message: '(#10) This message is sent outside of allowed window.', code: 10, error_subcode: 2018278 });
    }
    const id = randomMessageId();
    sent.push({
      ...(pathPageId === 'me' ? {} : { pageId: pathPageId }),
      recipientId,
      text,
      messagingType,
      ...(tag ? { tag } : {}),
      id,
    });
    return jsonResponse(200, { recipient_id: recipientId, message_id: id });
  }

  function isInsideWindow(psid: string, messagingType: MessengerMessagingType, tag: MessengerMessageTag | undefined): boolean {
    // The other tags are for updates the person asked for, which Messenger allows outside any window.
    if (messagingType === 'MESSAGE_TAG' && tag !== 'HUMAN_AGENT') return true;
    const lastInbound = lastInboundAt.get(psid);
    if (lastInbound === undefined) return false;
    const window = messagingType === 'MESSAGE_TAG' ? HUMAN_AGENT_WINDOW_MS : STANDARD_WINDOW_MS;
    return now() - lastInbound <= window;
  }

  function getProfile(request: ContractRequest): ContractResponse {
    if (!hasGraphToken(request, options.pageAccessToken)) return invalidAccessToken();
    const [, psid = ''] = request.pathParams;
    const profile = profiles[psid];
    if (!profile) return unsupportedGetRequest(psid);
    const fields = (request.url.searchParams.get('fields') ?? 'first_name,last_name').split(',');
    const answer: Record<string, string> = {};
    if (fields.includes('first_name')) answer.first_name = profile.first_name;
    if (fields.includes('last_name')) answer.last_name = profile.last_name;
    return jsonResponse(200, { ...answer, id: psid });
  }

  function getFile(request: ContractRequest): ContractResponse {
    const [name = ''] = request.pathParams;
    const file = files.get(name);
    if (!file) return jsonResponse(404, { error: 'file not found' });
    return { status: 200, bytes: file.bytes, contentType: file.mimeType };
  }

  const server = await startContractServer({
    routes: [
      { method: 'POST', path: new RegExp(`^/(${GRAPH_VERSION_PATH})/([^/]+)/messages$`), handle: sendMessage },
      { method: 'GET', path: /^\/files\/([^/]+)$/, handle: getFile },
      { method: 'GET', path: new RegExp(`^/(${GRAPH_VERSION_PATH})/([^/]+)$`), handle: getProfile },
    ],
    notFound: () => graphError(400, { message: 'Unknown path components', code: 2500 }),
  });

  function messagingEvent(input: MessengerEventBase, event: Record<string, unknown>): MessengerWebhookPayload {
    const timestamp = input.timestamp ?? now();
    return {
      object: 'page',
      entry: [
        {
          id: input.pageId,
          time: timestamp,
          messaging: [{ sender: { id: input.psid }, recipient: { id: input.pageId }, timestamp, ...event }],
        },
      ],
    };
  }

  function inboundMessage(input: MessengerEventBase & { mid?: string }, message: Record<string, unknown>): MessengerWebhookPayload {
    lastInboundAt.set(input.psid, input.timestamp ?? now());
    return messagingEvent(input, { message: { mid: input.mid ?? randomMessageId(), ...message } });
  }

  return {
    url: server.url,
    close: server.close,
    sent,

    failNext(status: number, body: unknown = transientGraphFailure()): void {
      pendingFailure.arm(status, body);
    },

    addFile(file: { bytes: Buffer; mimeType: string; name: string }): string {
      files.set(file.name, storedFile(file.bytes, file.mimeType));
      return `${server.url}/files/${encodeURIComponent(file.name)}`;
    },

    textMessage(input: MessengerEventBase & { text: string; mid?: string }): MessengerWebhookPayload {
      return inboundMessage(input, { text: input.text });
    },

    attachmentMessage(input: MessengerEventBase & { type: 'image' | 'file'; url: string; mid?: string }): MessengerWebhookPayload {
      return inboundMessage(input, { attachments: [{ type: input.type, payload: { url: input.url } }] });
    },

    readEvent(input: MessengerEventBase & { watermark: number }): MessengerWebhookPayload {
      return messagingEvent(input, { read: { watermark: input.watermark } });
    },

    deliveryEvent(input: MessengerEventBase & { mids: string[]; watermark: number }): MessengerWebhookPayload {
      return messagingEvent(input, { delivery: { mids: input.mids, watermark: input.watermark } });
    },

    signature(rawBody: string): string {
      return hubSignature(options.appSecret, rawBody);
    },

    deliver(webhookUrl: string, payload: unknown, deliverOptions: { signature?: string } = {}): Promise<Response> {
      return deliverSignedJson(webhookUrl, payload, options.appSecret, deliverOptions.signature);
    },

    verify: verifySubscription,
  };
}

export type MessengerPlatform = Awaited<ReturnType<typeof startMessengerPlatform>>;

function invalidParameter(message: string): ContractResponse {
  return graphError(400, { message, code: 100 });
}

function randomMessageId(): string {
  return `m_${randomBytes(40).toString('base64url')}`;
}
