import { Worker } from 'node:worker_threads';

export interface LoadSpec {
  baseUrl: string;
  token: string;
  connections: number;
  durationSeconds: number;
  /** Load run first and thrown away: warms caches, prepared plans and the JIT. */
  warmupSeconds: number;
  request:
    | { method: 'GET'; paths: string[] }
    | { method: 'POST'; path: string; ticketBodies: { customerEmails: string[]; agentIds: string[]; firstOrdinal: number } };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Milliseconds, over 2xx answers. */
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  firstFailure: string | undefined;
}

/** Runs a scenario in a worker thread (load-worker.ts) and waits for its figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit the TypeScript loader this process runs under, so it starts as plain
    // JavaScript and loads the TypeScript worker through tsx.
    const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./load-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(source, { eval: true, workerData: spec });
    worker.once('message', (message: { result?: LoadResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}
