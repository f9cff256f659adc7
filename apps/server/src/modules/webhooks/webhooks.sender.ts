import { performance } from 'node:perf_hooks';

/** A receiver gets this long to answer, body included; after that the attempt counts as failed. */
export const SEND_TIMEOUT_MS = 10_000;
/** Only this much of the receiver's answer is read (for the delivery log): a huge or endless body costs us nothing. */
export const RESPONSE_BODY_LIMIT_BYTES = 2048;

export interface SendOutcome {
  isSuccess: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * POSTs one signed webhook. Never throws: a refused connection, a timeout or a non-2xx answer is an
 * outcome the caller records. Redirects are not followed, so the signed request only reaches the
 * address the admin registered.
 */
export async function sendWebhook(url: string, headers: Record<string, string>, body: string, stopSignal?: AbortSignal): Promise<SendOutcome> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(SEND_TIMEOUT_MS);
  const signal = stopSignal ? AbortSignal.any([timeout, stopSignal]) : timeout;
  const elapsed = () => Math.round(performance.now() - started);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Switchboard-Webhooks/1.0', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return { isSuccess: false, responseStatus: null, responseBody: null, error: describeFailure(error, timeout), durationMs: elapsed() };
  }
  const isSuccess = response.status >= 200 && response.status < 300;
  const read = await readCapped(response, RESPONSE_BODY_LIMIT_BYTES, timeout);
  const error = read.error ?? (isSuccess ? null : `receiver answered ${response.status}`);
  return { isSuccess, responseStatus: response.status, responseBody: read.text, error, durationMs: elapsed() };
}

async function readCapped(response: Response, limit: number, timeout: AbortSignal): Promise<{ text: string; error: string | null }> {
  if (!response.body) return { text: '', error: null };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let error: string | null = null;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (failure) {
    error = `reading the answer failed: ${describeFailure(failure, timeout)}`;
  } finally {
    // Stops the download (and frees the connection) instead of draining whatever is left.
    await reader.cancel().catch(() => undefined);
  }
  return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), error };
}

function describeFailure(error: unknown, timeout?: AbortSignal): string {
  if (timeout?.aborted) return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  if (error instanceof Error) {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    if (error.name === 'TimeoutError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
    return (cause?.code ?? cause?.message ?? error.message).slice(0, 500);
  }
  return String(error).slice(0, 500);
}
