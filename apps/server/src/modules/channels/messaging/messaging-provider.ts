import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { MessagingProvider } from './messaging.tables.js';

/** A webhook call as it reached us: the exact bytes (signatures cover them), the headers and the public URL called. */
export interface WebhookRequest {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  /** The URL the provider called, as it knows it (Twilio signs it). */
  url: string;
}

/** Who wrote: the provider's id of them, and what it tells of them. */
export interface InboundContact {
  externalUserId: string;
  name?: string | undefined;
  /** E.164, when the provider's id is a phone number (WhatsApp, SMS): how an existing customer is found. */
  phone?: string | undefined;
  language?: 'en' | 'fr' | undefined;
}

/** A file of an inbound message, fetched from the provider by reference before it is stored. */
export interface InboundMediaReference {
  reference: string;
  contentType?: string | undefined;
  filename?: string | undefined;
}

export type InboundEvent =
  | { kind: 'message'; externalMessageId: string; contact: InboundContact; text: string; media: InboundMediaReference[]; sentAt: Date }
  | { kind: 'status'; externalMessageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; error?: string | undefined; details?: Record<string, unknown> }
  /** Messenger tells receipts by time: every message to that contact sent up to the watermark is delivered (or read). */
  | { kind: 'receipt'; externalUserId: string; status: 'delivered' | 'read'; upTo: Date };

export interface FetchedMedia {
  content: Buffer;
  contentType: string;
  filename: string | null;
}

export interface OutboundRecipient {
  externalUserId: string;
  lastInboundAt: Date | null;
}

export interface SendContext {
  signal: AbortSignal;
  /** Names this part of this reply: a provider that takes an idempotency key gets it. */
  idempotencyKey: string;
  now: Date;
}

/**
 * What the connected account needs at creation: checks with the provider and settings it registers
 * (Telegram's webhook), and the provider's id of the account.
 */
export interface ConnectedAccount<TCredentials> {
  externalId: string;
  defaultName: string;
  credentials: TCredentials;
}

/**
 * One messaging app: how its webhooks are verified and read, how a reply is sent, and how its files are
 * fetched. Adapters hold no state; the credentials of the channel are passed to each call.
 */
export interface MessagingAdapter<TInput = unknown, TCredentials = unknown> {
  provider: MessagingProvider;
  /** The admin's input when connecting an account (the secrets included). */
  input: z.ZodType<TInput>;
  /** Longest text of one message; longer replies go out in parts. */
  maxTextLength: number;
  connect(input: TInput, webhookUrl: string, signal: AbortSignal): Promise<ConnectedAccount<TCredentials>>;
  /** Meta's subscription handshake (GET with hub.*): the challenge to echo, or undefined when the token is wrong. */
  answerChallenge?(credentials: TCredentials, query: Record<string, unknown>): string | undefined;
  isAuthentic(credentials: TCredentials, request: WebhookRequest): boolean;
  /** The events of a verified delivery that concern this account; throws a validation error on a malformed body. */
  parse(credentials: TCredentials, externalId: string, request: WebhookRequest): InboundEvent[];
  /** The answer the provider expects (Twilio reads TwiML; the others want a 200). */
  acknowledgement: { contentType: string; body: string };
  describeContact?(credentials: TCredentials, externalUserId: string, signal: AbortSignal): Promise<string | undefined>;
  fetchMedia(credentials: TCredentials, media: InboundMediaReference, signal: AbortSignal): Promise<FetchedMedia>;
  send(credentials: TCredentials, recipient: OutboundRecipient, text: string, context: SendContext): Promise<{ externalMessageId: string; details?: Record<string, unknown> }>;
  /** The settings an admin may see again (no secret). */
  describe(credentials: TCredentials): Record<string, string>;
}

/** A provider's refusal or a failure to reach it. Permanent ones (the provider said no for good) are not retried. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly isPermanent: boolean,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface ProviderAnswer {
  status: number;
  body: unknown;
  text: string;
  contentType: string;
}

const PROVIDER_TIMEOUT_MS = 15_000;

/**
 * One call to a provider's API: JSON or form body, a timeout, and network failures as retryable errors.
 * Any HTTP answer is returned for the adapter to read; the adapter decides what an error status means.
 */
export async function callProvider(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: URLSearchParams }, signal: AbortSignal): Promise<ProviderAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = init.form.toString();
  }
  let response: Response;
  try {
    response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal: AbortSignal.any([signal, AbortSignal.timeout(PROVIDER_TIMEOUT_MS)]) });
  } catch (error) {
    throw new ProviderError(`The provider could not be reached: ${(error as Error).message}`, false);
  }
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let parsed: unknown = undefined;
  if (contentType.includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: response.status, body: parsed, text, contentType };
}

/** Bytes from a provider's file link (with its credential), within the size the workspace accepts. */
export async function downloadProviderFile(url: string, headers: Record<string, string>, signal: AbortSignal, fallbackType = 'application/octet-stream'): Promise<FetchedMedia> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(PROVIDER_TIMEOUT_MS)]) });
  } catch (error) {
    throw new ProviderError(`The file could not be fetched: ${(error as Error).message}`, false);
  }
  if (!response.ok) throw new ProviderError(`The provider answered ${response.status} for a file.`, response.status < 500 && response.status !== 429);
  const content = Buffer.from(await response.arrayBuffer());
  const contentType = (response.headers.get('content-type') ?? fallbackType).split(';')[0]!.trim();
  return { content, contentType, filename: null };
}

/** A transient status (rate limited, the provider's own failure) is worth retrying; other refusals are final. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** A header's single value (Node gives arrays for repeated headers). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
