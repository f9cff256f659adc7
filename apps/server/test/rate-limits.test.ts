import { createClient, type ApiResponse, type SwitchboardClient } from '@switchboard/sdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from './fixtures.js';
import { startTestServer, type TestServer } from './harness.js';
import { recordResponses, type ResponseLog } from './response-log.js';

const HOUR_SECONDS = 3600;

/** Runs `count` requests, `concurrency` at a time, and returns the answers in request order. */
async function sendMany<T>(count: number, concurrency: number, send: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        results[index] = await send(index);
      }
    }),
  );
  return results;
}

function limitHeaders(response: ApiResponse<unknown>) {
  const header = (name: string) => response.headers.get(name);
  return { limit: header('ratelimit-limit'), remaining: header('ratelimit-remaining'), reset: header('ratelimit-reset'), retryAfter: header('retry-after') };
}

describe('rate limits per workspace and plan', () => {
  let server: TestServer;
  let log: ResponseLog;

  beforeAll(async () => {
    log = recordResponses();
    server = await startTestServer();
  });
  afterAll(async () => {
    log?.stop();
    await server?.close();
  });

  it('a basic workspace gets 1,000 requests an hour, counted down in headers, then 429 with Retry-After; another workspace is unaffected; upgrading lifts the limit at once', async () => {
    const basic = await server.createWorkspace({ plan: 'basic' });
    const neighbour = await server.createWorkspace({ plan: 'basic' });

    const answers = await sendMany(1000, 20, () => basic.admin.get('/api/v1/auth/me'));
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.status)).toEqual([]);
    const headers = answers.map(limitHeaders);
    expect(new Set(headers.map((header) => header.limit))).toEqual(new Set(['1000']));
    // Every request spent exactly one unit: the remaining counts are 999 down to 0, each once.
    const remaining = headers.map((header) => Number(header.remaining)).sort((left, right) => right - left);
    expect(remaining).toEqual(Array.from({ length: 1000 }, (_unused, index) => 999 - index));
    for (const { reset } of headers) {
      expect(Number.isInteger(Number(reset))).toBe(true);
      expect(Number(reset)).toBeGreaterThan(0);
      expect(Number(reset)).toBeLessThanOrEqual(HOUR_SECONDS);
    }

    const refused = await basic.admin.get<ApiError>('/api/v1/users', { limit: 1 });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const refusedHeaders = limitHeaders(refused);
    expect(refusedHeaders.limit).toBe('1000');
    expect(refusedHeaders.remaining).toBe('0');
    expect(Number(refusedHeaders.retryAfter)).toBeGreaterThan(0);
    expect(Number(refusedHeaders.retryAfter)).toBeLessThanOrEqual(HOUR_SECONDS);
    // Refused writes stay refused, whatever their route: the budget covers the whole workspace.
    expect((await basic.admin.post('/api/v1/customers', { name: 'Over the limit' })).status).toBe(429);

    const unaffected = await neighbour.admin.get('/api/v1/auth/me');
    expect(unaffected.status).toBe(200);
    expect(limitHeaders(unaffected)).toMatchObject({ limit: '1000', remaining: '999' });

    // Upgrading lifts the ceiling at once, and a write refused with an Idempotency-Key was not remembered:
    // retrying it with the same key now does the work instead of replaying the 429.
    const key = 'retry-after-upgrade-1';
    expect((await basic.admin.post('/api/v1/customers', { name: 'Keyed' }, { 'idempotency-key': key })).status).toBe(429);
    await server.services.db.execute(sql`UPDATE workspaces SET plan = 'pro' WHERE id = ${basic.workspaceId}`);
    const retried = await basic.admin.post<{ id: string }>('/api/v1/customers', { name: 'Keyed' }, { 'idempotency-key': key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(limitHeaders(retried).limit).toBe('5000');

    // Enterprise is not counted at all, even for a workspace that already spent more than the basic budget.
    await server.services.db.execute(sql`UPDATE workspaces SET plan = 'enterprise' WHERE id = ${basic.workspaceId}`);
    const unlimited = await basic.admin.get('/api/v1/auth/me');
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.has('ratelimit-limit')).toBe(false);
  }, 180_000);

  it('a pro workspace is allowed 5,000 requests an hour', async () => {
    const pro = await server.createWorkspace({ plan: 'pro' });
    const answer = await pro.admin.get('/api/v1/users', { limit: 1 });
    expect(answer.status).toBe(200);
    expect(limitHeaders(answer)).toMatchObject({ limit: '5000', remaining: '4999' });
  });

  it('an enterprise workspace is never limited and sees no limit headers', async () => {
    const enterprise = await server.createWorkspace({ plan: 'enterprise' });
    const answers = await sendMany(100, 20, (index) => (index % 2 === 0 ? enterprise.admin.get('/api/v1/auth/me') : enterprise.admin.post('/api/v1/customers', { name: `Customer ${index}` })));
    expect(answers.filter((answer) => answer.status >= 300).map((answer) => answer.status)).toEqual([]);
    expect(answers.filter((answer) => answer.headers.has('ratelimit-limit') || answer.headers.has('ratelimit-remaining') || answer.headers.has('retry-after'))).toEqual([]);
  });

  it('with Redis, two nodes share one count per workspace; without it, each node counts on its own', async () => {
    const second = await startTestServer({ reuse: server });
    try {
      const workspace = await server.createWorkspace({ plan: 'basic' });
      const token = await workspace.admin.post<{ token: string }>('/api/v1/tokens', { name: 'two nodes' });
      expect(token.status).toBe(201);
      const onFirst: SwitchboardClient = createClient({ baseUrl: server.url, token: token.body.token });
      const onSecond: SwitchboardClient = createClient({ baseUrl: second.url, token: token.body.token });
      const remainingAfter = async (client: SwitchboardClient) => Number(limitHeaders(await client.get('/api/v1/auth/me')).remaining);

      const sequence = [await remainingAfter(onFirst), await remainingAfter(onSecond), await remainingAfter(onFirst), await remainingAfter(onSecond)];
      if (server.redis && second.redis) {
        // Counters live in Redis: the token request and every call, on either node, spend from one budget.
        expect(sequence).toEqual([998, 997, 996, 995]);
      } else {
        // In-memory counters are per process: N nodes without Redis would allow N times the plan's budget.
        expect(sequence).toEqual([998, 999, 997, 998]);
      }
    } finally {
      await second.close();
    }
  });

  it('never answers with a server fault', () => {
    expect(log.serverFaults()).toEqual([]);
  });
});
