import { createHmac, randomBytes } from 'node:crypto';
import { bearerToken, jsonResponse, type ContractRequest, type ContractResponse } from './contract-server.js';

/** Pieces both Meta servers share: Graph API error bodies, token lookup, webhook signing and delivery. */

export const GRAPH_VERSION_PATH = 'v\\d+\\.\\d+';

export function graphError(status: number, error: Record<string, unknown>): ContractResponse {
  return jsonResponse(status, { error: { type: 'OAuthException', ...error, fbtrace_id: randomFbtraceId() } });
}

export function invalidAccessToken(): ContractResponse {
  return graphError(401, { message: 'Invalid OAuth access token.', code: 190 });
}

export function unsupportedGetRequest(objectId: string): ContractResponse {
  return graphError(400, {
    message: `Unsupported get request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    code: 100,
    error_subcode: 33,
  });
}

/** The Graph API takes the token from the Authorization header or from the `access_token` parameter. */
export function hasGraphToken(request: ContractRequest, expectedToken: string): boolean {
  const token = bearerToken(request.headers) ?? request.url.searchParams.get('access_token') ?? undefined;
  return token === expectedToken;
}

export function transientGraphFailure(): Record<string, unknown> {
  return {
    error: {
      message: 'An unexpected error has occurred. Please retry your request later.',
      type: 'OAuthException',
      code: 2,
      is_transient: true,
      fbtrace_id: randomFbtraceId(),
    },
  };
}

/** `X-Hub-Signature-256`: "sha256=" and the hex HMAC-SHA256 of the raw body, keyed by the app secret. */
export function hubSignature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

export async function deliverSignedJson(
  webhookUrl: string,
  payload: unknown,
  appSecret: string,
  signature: string | undefined,
): Promise<Response> {
  const rawBody = JSON.stringify(payload);
  return fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? hubSignature(appSecret, rawBody) },
    body: rawBody,
  });
}

/** Meta's subscription handshake: the endpoint must answer 200 with the challenge as the plain body. */
export async function verifySubscription(webhookUrl: string, verifyToken: string, challenge: string): Promise<Response> {
  const url = new URL(webhookUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  return fetch(url);
}

export function unixSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}

function randomFbtraceId(): string {
  return randomBytes(8).toString('base64url');
}
