/**
 * Every answer a test file receives through `fetch` (the SDK's transport), so the file can assert that no
 * request, however malformed, ever met a server fault.
 */
export interface LoggedResponse {
  method: string;
  url: string;
  status: number;
}

export interface ResponseLog {
  responses: LoggedResponse[];
  /** The answers of 500 or above, as "METHOD url -> status" lines (empty when all is well). */
  serverFaults(): string[];
  stop(): void;
}

export function recordResponses(): ResponseLog {
  const originalFetch = globalThis.fetch;
  const responses: LoggedResponse[] = [];
  globalThis.fetch = async (input, init) => {
    const response = await originalFetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    responses.push({ method: init?.method ?? (input instanceof Request ? input.method : 'GET'), url, status: response.status });
    return response;
  };
  return {
    responses,
    serverFaults: () => responses.filter((response) => response.status >= 500).map((response) => `${response.method} ${response.url} -> ${response.status}`),
    stop: () => {
      globalThis.fetch = originalFetch;
    },
  };
}
