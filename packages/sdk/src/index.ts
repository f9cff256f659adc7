import createFetchClient from 'openapi-fetch';
import type { paths } from './api-schema.js';

export type { paths } from './api-schema.js';

/**
 * A client typed from the server's OpenAPI document (regenerate with `npm run sdk:generate`): every path,
 * parameter, body and answer is checked by the compiler.
 *
 *   const api = createTypedClient({ baseUrl, token });
 *   const { data, error } = await api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: '1001' } } });
 */
export function createTypedClient(options: { baseUrl: string; token?: string; fetch?: typeof fetch }) {
  return createFetchClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    fetch: options.fetch,
  });
}

/**
 * A small untyped client for the Switchboard REST API. Every call returns status, headers and the parsed
 * body, so callers (the web app, the CLI, tests) can act on errors as data.
 */
export interface ApiErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  headers?: Record<string, string>;
  /** Sent as-is (FormData, string); `body` is JSON-encoded instead. */
  rawBody?: BodyInit;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  cookie?: string;
  fetch?: typeof fetch;
}

export class SwitchboardClient {
  constructor(private readonly options: ClientOptions) {}

  withToken(token: string): SwitchboardClient {
    return new SwitchboardClient({ ...this.options, token });
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(path, this.options.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) value.forEach((item) => url.searchParams.append(key, item));
      else url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.cookie) headers.cookie = this.options.cookie;
    let body: BodyInit | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await (this.options.fetch ?? fetch)(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('application/json') && text.length > 0) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = unknown>(path: string, query?: RequestOptions['query']) {
    return this.request<T>('GET', path, { query });
  }

  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { body, headers });
  }

  patch<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, { body, headers });
  }

  put<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, { body, headers });
  }

  delete<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, { headers });
  }

  /** Follows `nextCursor` until the list ends. */
  async listAll<T>(path: string, query: RequestOptions['query'] = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null | undefined;
    do {
      const response = await this.get<Page<T>>(path, { ...query, cursor: cursor ?? undefined });
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
      items.push(...response.body.data);
      cursor = response.body.nextCursor;
    } while (cursor);
    return items;
  }
}

export function createClient(options: ClientOptions): SwitchboardClient {
  return new SwitchboardClient(options);
}
