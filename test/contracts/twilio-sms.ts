import { createHmac } from 'node:crypto';
import {
  jsonResponse,
  PendingFailure,
  randomHex,
  startContractServer,
  storedFile,
  type ContractRequest,
  type ContractResponse,
  type StoredFile,
} from './contract-server.js';

const API_VERSION = '2010-04-01';
const MAX_BODY_LENGTH = 1600;
const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'];

export interface TwilioMessagingOptions {
  accountSid: string;
  authToken: string;
  /** The numbers this account owns: the only valid `From` values and the only `To` of inbound messages. */
  phoneNumbers: string[];
  now?: () => number;
}

export interface TwilioSentMessage {
  from: string;
  to: string;
  body: string;
  sid: string;
  statusCallback?: string;
  mediaUrls: string[];
}

export type TwilioDeliveryStatus = 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface TwilioIncomingMessage {
  from: string;
  to: string;
  body: string;
  media?: Array<{ url: string; contentType: string }>;
  messagingServiceSid?: string;
  fromCity?: string;
  fromState?: string;
  fromCountry?: string;
}

/**
 * Twilio's request validation: base64 HMAC-SHA1, keyed by the auth token, of the full URL followed by
 * every POST parameter name and value, parameters sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

export async function startTwilioMessaging(options: TwilioMessagingOptions) {
  const now = options.now ?? Date.now;
  const sent: TwilioSentMessage[] = [];
  const optedOut = new Set<string>();
  const media = new Map<string, StoredFile>();
  const pendingFailure = new PendingFailure();
  const messagesPath = `/${API_VERSION}/Accounts/${options.accountSid}/Messages`;

  function createMessage(request: ContractRequest): ContractResponse {
    const [accountSid = ''] = request.pathParams;
    if (!hasAccountCredentials(request)) {
      return twilioError(401, 20003, 'Authenticate');
    }
    if (accountSid !== options.accountSid) {
      return twilioError(404, 20404, `The requested resource ${request.url.pathname} was not found`);
    }
    const failure = pendingFailure.take();
    if (failure) return failure;

    const form = new URLSearchParams(request.rawBody.toString('utf8'));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    const statusCallback = form.get('StatusCallback') ?? undefined;
    if (to === '') return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164_PATTERN.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (from === '') return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!options.phoneNumbers.includes(from)) {
      return twilioError(
        400,
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    if (body === '' && mediaUrls.length === 0) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > MAX_BODY_LENGTH) {
      return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    }
    if (optedOut.has(to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');

    const sid = `${mediaUrls.length > 0 ? 'MM' : 'SM'}${randomHex(16)}`;
    sent.push({ from, to, body, sid, ...(statusCallback === undefined ? {} : { statusCallback }), mediaUrls });
    const created = rfc2822(now());
    return jsonResponse(201, {
      account_sid: options.accountSid,
      api_version: API_VERSION,
      body,
      date_created: created,
      date_sent: null,
      date_updated: created,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: String(mediaUrls.length),
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `${messagesPath}/${sid}/Media.json` },
      to,
      uri: `${messagesPath}/${sid}.json`,
    });
  }

  function hasAccountCredentials(request: ContractRequest): boolean {
    const match = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) return false;
    return Buffer.from(match[1], 'base64').toString('utf8') === `${options.accountSid}:${options.authToken}`;
  }

  function getMedia(request: ContractRequest): ContractResponse {
    const [name = ''] = request.pathParams;
    const file = media.get(name);
    if (!file) return twilioError(404, 20404, `The requested resource ${request.url.pathname} was not found`);
    return { status: 200, bytes: file.bytes, contentType: file.mimeType };
  }

  const server = await startContractServer({
    routes: [
      { method: 'POST', path: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/, handle: createMessage },
      { method: 'GET', path: /^\/media\/([^/]+)$/, handle: getMedia },
    ],
    notFound: (request) => twilioError(404, 20404, `The requested resource ${request.url.pathname} was not found`),
  });

  async function postSigned(webhookUrl: string, params: Record<string, string>, signature?: string): Promise<Response> {
    return fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilioSignature(options.authToken, webhookUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  return {
    url: server.url,
    close: server.close,
    sent,

    failNext(status: number, body?: unknown): void {
      pendingFailure.arm(status, body ?? twilioErrorBody(status, 20500, 'An internal server error has occurred'));
    },

    optOut(number: string): void {
      optedOut.add(number);
    },

    addMedia(file: { bytes: Buffer; mimeType: string }): string {
      const name = `ME${randomHex(16)}`;
      media.set(name, storedFile(file.bytes, file.mimeType));
      return `${server.url}/media/${name}`;
    },

    /** The form fields Twilio POSTs to a number's webhook for an incoming SMS or MMS. */
    incomingMessage(input: TwilioIncomingMessage): Record<string, string> {
      if (!options.phoneNumbers.includes(input.to)) {
        throw new Error(`${input.to} is not one of this account's phone numbers.`);
      }
      const attachments = input.media ?? [];
      const sid = `${attachments.length > 0 ? 'MM' : 'SM'}${randomHex(16)}`;
      const keyword = input.body.trim().toUpperCase();
      // Twilio handles the standard opt-out keywords itself and tells the webhook which one it saw.
      let optOutType: string | undefined;
      if (OPT_OUT_KEYWORDS.includes(keyword)) {
        optedOut.add(input.from);
        optOutType = 'STOP';
      } else if (OPT_IN_KEYWORDS.includes(keyword)) {
        optedOut.delete(input.from);
        optOutType = 'START';
      }
      const fields: Record<string, string> = {
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        AccountSid: options.accountSid,
        From: input.from,
        To: input.to,
        Body: input.body,
        NumMedia: String(attachments.length),
        NumSegments: '1',
        ApiVersion: API_VERSION,
      };
      if (input.messagingServiceSid !== undefined) fields.MessagingServiceSid = input.messagingServiceSid;
      if (input.fromCity !== undefined) fields.FromCity = input.fromCity;
      if (input.fromState !== undefined) fields.FromState = input.fromState;
      if (input.fromCountry !== undefined) fields.FromCountry = input.fromCountry;
      if (optOutType !== undefined) fields.OptOutType = optOutType;
      attachments.forEach((attachment, index) => {
        fields[`MediaUrl${index}`] = attachment.url;
        fields[`MediaContentType${index}`] = attachment.contentType;
      });
      return fields;
    },

    signature(webhookUrl: string, params: Record<string, string>): string {
      return twilioSignature(options.authToken, webhookUrl, params);
    },

    deliver(webhookUrl: string, params: Record<string, string>, deliverOptions: { signature?: string } = {}): Promise<Response> {
      return postSigned(webhookUrl, params, deliverOptions.signature);
    },

    /** POSTs the status callback Twilio sends as an accepted message moves on, to its StatusCallback URL. */
    sendStatus(sid: string, status: TwilioDeliveryStatus, errorCode?: number): Promise<Response> {
      const message = sent.find((candidate) => candidate.sid === sid);
      if (!message) throw new Error(`No message ${sid} was accepted by this server.`);
      if (message.statusCallback === undefined) throw new Error(`Message ${sid} was sent without a StatusCallback.`);
      const isFailure = status === 'failed' || status === 'undelivered';
      const params: Record<string, string> = {
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        AccountSid: options.accountSid,
        From: message.from,
        To: message.to,
        ApiVersion: API_VERSION,
      };
      if (errorCode !== undefined || isFailure) params.ErrorCode = String(errorCode ?? (status === 'failed' ? 30008 : 30003));
      return postSigned(message.statusCallback, params);
    },
  };
}

export type TwilioMessaging = Awaited<ReturnType<typeof startTwilioMessaging>>;

function twilioErrorBody(status: number, code: number, message: string): Record<string, unknown> {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function twilioError(status: number, code: number, message: string): ContractResponse {
  return jsonResponse(status, twilioErrorBody(status, code, message));
}

/** Twilio writes dates as RFC 2822 with a numeric zone: "Thu, 30 Jul 2015 20:12:31 +0000". */
function rfc2822(milliseconds: number): string {
  return new Date(milliseconds).toUTCString().replace(/GMT$/, '+0000');
}
