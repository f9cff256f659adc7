import { randomBytes } from 'node:crypto';
import {
  bearerToken,
  isRecord,
  jsonResponse,
  parseJsonObject,
  PendingFailure,
  randomDigits,
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
  unixSeconds,
  unsupportedGetRequest,
  verifySubscription,
} from './graph-api.js';

const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT_LENGTH = 4096;

export interface WhatsAppCloudApiOptions {
  accessToken: string;
  appSecret: string;
  /** WhatsApp Business Account id placed in `entry[].id`; random when omitted. */
  businessAccountId?: string;
  now?: () => number;
}

export interface WhatsAppSentMessage {
  phoneNumberId: string;
  to: string;
  text: string;
  id: string;
}

interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
}

export interface WhatsAppInboundBase extends BusinessNumber {
  from: string;
  name: string;
  id?: string;
  /** Unix seconds; defaults to the server clock. */
  timestamp?: number;
}

export interface WhatsAppStatusError {
  code: number;
  title: string;
  message?: string;
  details?: string;
}

export type WhatsAppMessageStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface WhatsAppWebhookPayload {
  object: 'whatsapp_business_account';
  entry: Array<{ id: string; changes: Array<{ field: 'messages'; value: Record<string, unknown> }> }>;
}

export async function startWhatsAppCloudApi(options: WhatsAppCloudApiOptions) {
  const now = options.now ?? Date.now;
  const businessAccountId = options.businessAccountId ?? randomDigits(15);
  const sent: WhatsAppSentMessage[] = [];
  const media = new Map<string, StoredFile>();
  const lastInboundAt = new Map<string, number>();
  const pendingFailure = new PendingFailure();

  function sendMessage(request: ContractRequest): ContractResponse {
    if (!hasGraphToken(request, options.accessToken)) return invalidAccessToken();
    const failure = pendingFailure.take();
    if (failure) return failure;
    const [, phoneNumberId = ''] = request.pathParams;
    const body = parseJsonObject(request.rawBody);
    if (!body) return invalidParameter('Request body must be a JSON object.');
    if (body.messaging_product !== 'whatsapp') return invalidParameter('messaging_product must be "whatsapp".');
    if (typeof body.to !== 'string' || !/^\+?\d{6,15}$/.test(body.to)) return invalidParameter('to must be a phone number.');
    if (body.type !== 'text') return invalidParameter('Only type "text" is reproduced by this server.');
    const text = isRecord(body.text) ? body.text.body : undefined;
    if (typeof text !== 'string' || text.length === 0) return invalidParameter('text.body is required.');
    if (text.length > MAX_TEXT_LENGTH) return invalidParameter(`text.body must be at most ${MAX_TEXT_LENGTH} characters.`);

    const waId = body.to.replace(/^\+/, '');
    const lastInbound = lastInboundAt.get(waId);
    if (lastInbound === undefined || now() - lastInbound > CUSTOMER_SERVICE_WINDOW_MS) return reEngagementRequired();

    const id = randomMessageId();
    sent.push({ phoneNumberId, to: body.to, text, id });
    return jsonResponse(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: waId }],
      messages: [{ id }],
    });
  }

  function getMediaUrl(request: ContractRequest): ContractResponse {
    if (!hasGraphToken(request, options.accessToken)) return invalidAccessToken();
    const [, mediaId = ''] = request.pathParams;
    const file = media.get(mediaId);
    if (!file) return unsupportedGetRequest(mediaId);
    return jsonResponse(200, {
      messaging_product: 'whatsapp',
      url: `${server.url}/media-download/${mediaId}`,
      mime_type: file.mimeType,
      sha256: file.sha256,
      file_size: file.bytes.length,
      id: mediaId,
    });
  }

  function downloadMedia(request: ContractRequest): ContractResponse {
    if (bearerToken(request.headers) !== options.accessToken) return invalidAccessToken();
    const [mediaId = ''] = request.pathParams;
    const file = media.get(mediaId);
    if (!file) return jsonResponse(404, { error: 'media not found' });
    return { status: 200, bytes: file.bytes, contentType: file.mimeType };
  }

  const server = await startContractServer({
    routes: [
      { method: 'POST', path: new RegExp(`^/(${GRAPH_VERSION_PATH})/([^/]+)/messages$`), handle: sendMessage },
      { method: 'GET', path: /^\/media-download\/([^/]+)$/, handle: downloadMedia },
      { method: 'GET', path: new RegExp(`^/(${GRAPH_VERSION_PATH})/([^/]+)$`), handle: getMediaUrl },
    ],
    notFound: () => graphError(400, { message: 'Unknown path components', code: 2500 }),
  });

  function change(number: BusinessNumber, value: Record<string, unknown>): WhatsAppWebhookPayload {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: businessAccountId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
                ...value,
              },
            },
          ],
        },
      ],
    };
  }

  function inboundMessage(input: WhatsAppInboundBase, content: Record<string, unknown>): WhatsAppWebhookPayload {
    const timestamp = input.timestamp ?? unixSeconds(now());
    // The window runs from the customer's message, so a test can build a message that is already old.
    lastInboundAt.set(input.from, timestamp * 1000);
    return change(input, {
      contacts: [{ profile: { name: input.name }, wa_id: input.from }],
      messages: [{ from: input.from, id: input.id ?? randomMessageId(), timestamp: String(timestamp), ...content }],
    });
  }

  return {
    url: server.url,
    close: server.close,
    sent,

    failNext(status: number, body: unknown = transientGraphFailure()): void {
      pendingFailure.arm(status, body);
    },

    addMedia(file: { bytes: Buffer; mimeType: string }): string {
      const mediaId = randomDigits(16);
      media.set(mediaId, storedFile(file.bytes, file.mimeType));
      return mediaId;
    },

    textMessage(input: WhatsAppInboundBase & { body: string }): WhatsAppWebhookPayload {
      return inboundMessage(input, { type: 'text', text: { body: input.body } });
    },

    imageMessage(input: WhatsAppInboundBase & { mediaId: string; mimeType: string; caption?: string }): WhatsAppWebhookPayload {
      // An id never added still gets a hash (of no bytes), so a test can deliver media that fails to download.
      const sha256 = media.get(input.mediaId)?.sha256 ?? storedFile(Buffer.alloc(0), input.mimeType).sha256;
      return inboundMessage(input, {
        type: 'image',
        image: { id: input.mediaId, mime_type: input.mimeType, sha256, ...(input.caption === undefined ? {} : { caption: input.caption }) },
      });
    },

    statusUpdate(input: BusinessNumber & {
      messageId: string;
      recipientId: string;
      status: WhatsAppMessageStatus;
      errors?: WhatsAppStatusError[];
      timestamp?: number;
    }): WhatsAppWebhookPayload {
      const errors = input.errors ?? [{ code: 131026, title: 'Message undeliverable.', details: 'Message undeliverable.' }];
      return change(input, {
        statuses: [
          {
            id: input.messageId,
            status: input.status,
            timestamp: String(input.timestamp ?? unixSeconds(now())),
            recipient_id: input.recipientId,
            ...(input.status === 'failed'
              ? {
                  errors: errors.map((error) => ({
                    code: error.code,
                    title: error.title,
                    message: error.message ?? error.title,
                    error_data: { details: error.details ?? error.title },
                  })),
                }
              : {}),
          },
        ],
      });
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

export type WhatsAppCloudApi = Awaited<ReturnType<typeof startWhatsAppCloudApi>>;

function invalidParameter(details: string): ContractResponse {
  return graphError(400, {
    message: '(#100) Invalid parameter',
    code: 100,
    error_data: { messaging_product: 'whatsapp', details },
  });
}

function reEngagementRequired(): ContractResponse {
  return graphError(400, {
    message: '(#131047) Re-engagement message',
    code: 131047,
    error_data: {
      messaging_product: 'whatsapp',
      details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    },
  });
}

function randomMessageId(): string {
  return `wamid.${randomBytes(27).toString('base64')}`;
}
