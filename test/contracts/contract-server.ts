import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a route sees it: the raw bytes are kept because signatures are computed over them. */
export interface ContractRequest {
  method: string;
  url: URL;
  /** Capture groups of the route's path pattern, in order. */
  pathParams: string[];
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export type ContractResponse =
  | { status: number; json: unknown }
  | { status: number; bytes: Buffer; contentType: string };

export interface ContractRoute {
  method: 'GET' | 'POST';
  path: RegExp;
  handle: (request: ContractRequest) => ContractResponse | Promise<ContractResponse>;
}

export interface ContractServer {
  /** Base URL such as `http://127.0.0.1:41234`, without a trailing slash. */
  url: string;
  close: () => Promise<void>;
}

export interface ContractServerOptions {
  routes: ContractRoute[];
  /** Answer for a request no route matches, in the provider's own error shape. */
  notFound: (request: ContractRequest) => ContractResponse;
}

export function jsonResponse(status: number, json: unknown): ContractResponse {
  return { status, json };
}

export async function startContractServer(options: ContractServerOptions): Promise<ContractServer> {
  const server = createServer((incoming, outgoing) => {
    void answer(incoming).then(
      (response) => {
        if ('bytes' in response) {
          outgoing.writeHead(response.status, { 'content-type': response.contentType, 'content-length': response.bytes.length });
          outgoing.end(response.bytes);
          return;
        }
        const body = JSON.stringify(response.json);
        outgoing.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8' });
        outgoing.end(body);
      },
      (error: unknown) => {
        outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end(`contract server failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  });

  async function answer(incoming: IncomingMessage): Promise<ContractResponse> {
    const rawBody = await readRawBody(incoming);
    const method = incoming.method ?? 'GET';
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    for (const route of options.routes) {
      if (route.method !== method) continue;
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      const pathParams = match.slice(1).map((group) => decodeURIComponent(group ?? ''));
      return route.handle({ method, url, pathParams, headers: incoming.headers, rawBody });
    }
    return options.notFound({ method, url, pathParams: [], headers: incoming.headers, rawBody });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readRawBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON object body; anything else (no body, an array, broken JSON) gives undefined. */
export function parseJsonObject(rawBody: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(rawBody.toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer (.+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * Holds the one answer armed by `failNext`, so a test can make a single call fail the way the provider
 * fails (a 500, a rate limit) and check that the client retries.
 */
export class PendingFailure {
  private pending: ContractResponse | undefined;

  arm(status: number, json: unknown): void {
    this.pending = { status, json };
  }

  take(): ContractResponse | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }
}

export interface StoredFile {
  bytes: Buffer;
  mimeType: string;
  sha256: string;
}

export function storedFile(bytes: Buffer, mimeType: string): StoredFile {
  return { bytes, mimeType, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function randomHex(byteCount: number): string {
  return randomBytes(byteCount).toString('hex');
}

export function randomDigits(length: number): string {
  let digits = String(1 + (randomBytes(1)[0] ?? 0) % 9);
  while (digits.length < length) digits += String((randomBytes(1)[0] ?? 0) % 10);
  return digits;
}
