import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../../../shared/crypto.js';
import { validationError } from '../../../../shared/errors.js';
import { headerOf, isTransientStatus, ProviderError, type ProviderAnswer, type WebhookRequest } from '../messaging-provider.js';

/** The Graph API version the WhatsApp and Messenger adapters speak. */
export const GRAPH_API_VERSION = 'v21.0';

/** Meta signs each webhook body with the app secret: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`. */
export function isSignedByMeta(appSecret: string, request: WebhookRequest): boolean {
  const header = headerOf(request.headers, 'x-hub-signature-256');
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(request.rawBody).digest('hex');
  return constantTimeEqual(header.slice('sha256='.length).toLowerCase(), expected);
}

/** The subscription handshake: `hub.mode=subscribe` with the verify token the admin entered at Meta. */
export function answerMetaChallenge(verifyToken: string, query: Record<string, unknown>): string | undefined {
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (query['hub.mode'] !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return undefined;
  return constantTimeEqual(token, verifyToken) ? challenge : undefined;
}

export function parseJsonBody(request: WebhookRequest): unknown {
  try {
    return JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw validationError('body', 'the webhook body is not JSON');
  }
}

/**
 * A Graph error answer as our error: its message and code kept for the agent, transient ones (rate limits,
 * Meta's own failures, `is_transient`) retried, the rest final.
 */
export function graphFailure(answer: ProviderAnswer, what: string): ProviderError {
  const error = (answer.body as { error?: { message?: string; code?: number; error_subcode?: number; is_transient?: boolean; error_data?: { details?: string } } } | undefined)?.error;
  const detail = error?.error_data?.details ?? error?.message ?? (answer.text.slice(0, 200) || `HTTP ${answer.status}`);
  const isTransient = isTransientStatus(answer.status) || error?.is_transient === true;
  return new ProviderError(`${what}: ${detail}`, !isTransient, { status: answer.status, code: error?.code, subcode: error?.error_subcode });
}

export function graphHeaders(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}
