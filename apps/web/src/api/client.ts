import { createTypedClient, type paths } from '@switchboard/sdk';

/** The API, typed from the server's OpenAPI document; the browser sends the session cookie itself. */
export const api = createTypedClient({ baseUrl: window.location.origin });

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Ok<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends { responses: infer R }
  ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]>
  : never;

export type Ticket = Ok<'/api/v1/tickets/{ticketId}', 'get'>;
export type TicketPage = Ok<'/api/v1/tickets', 'get'>;
export type Comment = Ok<'/api/v1/tickets/{ticketId}/comments', 'get'> extends { data: Array<infer C> } ? C : never;
export type Customer = Ok<'/api/v1/customers/{customerId}', 'get'>;
export type User = Ok<'/api/v1/users/{userId}', 'get'>;
export type Session = Ok<'/api/v1/auth/me', 'get'>;
export type TicketFilters = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>;

/** An answer other than 2xx, as the API describes it: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<Record<string, unknown>> = [],
  ) {
    super(message);
  }
}

const sessionListeners = new Set<() => void>();

/** Called when the API answers 401: the session ended (expired, revoked, signed out elsewhere). */
export function onSessionEnded(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** Unwraps an openapi-fetch result: the data, or an `ApiError` (and a 401 tells the session listeners). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: Array<Record<string, unknown>> } };
  const apiError = new ApiError(response.status, body.error?.code ?? 'http_error', body.error?.message ?? response.statusText, body.error?.details ?? []);
  if (response.status === 401 && apiError.code !== 'totp_required' && apiError.code !== 'invalid_credentials') {
    for (const listener of sessionListeners) listener();
  }
  throw apiError;
}

export type Attachment = Ok<'/api/v1/attachments', 'post'>;

/** Uploads one file (multipart, part `file`); the answer's id goes into a comment's `attachmentIds`. */
export async function uploadAttachment(file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return unwrap(
    fetch(`${window.location.origin}/api/v1/attachments`, { method: 'POST', body: form, credentials: 'same-origin' }).then(async (response) => {
      const body: unknown = await response.json().catch(() => undefined);
      return response.ok ? { data: body as Attachment, response } : { error: body, response };
    }),
  );
}
