import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load-runner.js';
import { makeTicketText, seededRandom, TAGS } from './ticket-corpus.js';

/**
 * Runs one load scenario with autocannon in a worker thread, so generating load does not take turns with
 * the server on the main thread's event loop. Latencies are kept exactly (autocannon's own histogram
 * rounds to whole milliseconds).
 */
async function run(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await measure(spec, spec.warmupSeconds);
  return measure(spec, spec.durationSeconds);
}

async function measure(spec: LoadSpec, durationSeconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let firstFailure: string | undefined;
  const nextBody = spec.request.method === 'POST' ? ticketBodies(spec.request.ticketBodies) : undefined;
  const paths = spec.request.method === 'GET' ? spec.request.paths : [spec.request.path];
  let turn = 0;
  const instance = autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: durationSeconds,
    timeout: 30,
    headers: { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: spec.request.method,
        setupRequest: (request) => {
          turn += 1;
          const path = paths[turn % paths.length]!;
          return nextBody ? { ...request, path, body: JSON.stringify(nextBody()) } : { ...request, path };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  instance.on('reqError', (error: Error) => {
    firstFailure ??= error.message;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const completed = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    requests: completed,
    seconds: result.duration,
    requestsPerSecond: completed / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors: result.errors + result.timeouts,
    non2xx: completed - latencies.length,
    statusCodes,
    firstFailure,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Varied ticket bodies: most from known customers, some from new ones; some assigned, tagged or urgent. */
function ticketBodies(options: { customerEmails: string[]; agentIds: string[]; firstOrdinal: number }) {
  const random = seededRandom(options.firstOrdinal);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  let ordinal = options.firstOrdinal;
  return () => {
    ordinal += 1;
    const text = makeTicketText(random, ordinal);
    const draw = random();
    return {
      subject: text.subject,
      description: text.description,
      priority: draw < 0.2 ? 'low' : draw < 0.7 ? 'normal' : draw < 0.92 ? 'high' : 'urgent',
      customer_email: random() < 0.8 ? pick(options.customerEmails) : `new.${randomUUID()}@example.com`,
      ...(random() < 0.25 ? { assigneeId: pick(options.agentIds) } : {}),
      ...(random() < 0.4 ? { tags: [pick(TAGS)] } : {}),
      ...(random() < 0.5 ? { channel: pick(['email', 'web', 'chat', 'phone']) } : {}),
    };
  };
}

run(workerData as LoadSpec).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: (error as Error).stack ?? String(error) }),
);
