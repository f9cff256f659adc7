import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { queryRows } from '../../db/database.js';
import { createThrowawayDatabase } from '../../db/throwaway-database.js';
import { defineJob, queueNameOf, type JobDefinition } from './jobs.definitions.js';

const ZNote = z.object({ note: z.string() });
const noRetry = { limit: 0, delaySeconds: 1, backoff: 'fixed' } as const;

/** Makes a job known to a server and creates its queue, as the composition root does at start. */
async function installJob<TPayload>(server: TestServer, definition: JobDefinition<TPayload>): Promise<void> {
  server.services.jobs.register(definition);
  await server.services.jobs.install();
}

/** Storage that outlives a server: a PGlite data directory, or a database of its own on the PostgreSQL server. */
async function createDurableStorage(): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const database = await createThrowawayDatabase(serverUrl, 'switchboard_test');
    return { env: { DATABASE_URL: database.url }, remove: () => database.drop() };
  }
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-jobs-'));
  return { env: { DATA_DIR: directory }, remove: () => rm(directory, { recursive: true, force: true }) };
}

describe('background jobs', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('runs a job enqueued with a committed write once, and never one whose transaction rolled back', async () => {
    const welcomed: string[] = [];
    const welcome = defineJob({
      name: 'tests.welcome-customer',
      version: 1,
      payload: z.object({ customerId: z.string().uuid(), name: z.string() }),
      retry: noRetry,
      handler: async ({ name }) => {
        welcomed.push(name);
      },
    });
    await installJob(server, welcome);
    const { db, customers, jobs } = server.services;
    const { workspaceId } = workspace;

    let rolledBackJobId = '';
    const rolledBack = db.transaction(async (tx) => {
      const customer = await customers.createInTransaction(tx, workspaceId, { name: 'Never Saved', email: 'never.saved@example.com' });
      const enqueued = await jobs.enqueue(welcome, { customerId: customer.id, name: customer.name }, { workspaceId, idempotencyKey: `welcome:${customer.id}`, executor: tx });
      rolledBackJobId = enqueued.jobId;
      throw new Error('a later step of the write failed');
    });
    await expect(rolledBack).rejects.toThrow('a later step of the write failed');

    const committed = await db.transaction(async (tx) => {
      const customer = await customers.createInTransaction(tx, workspaceId, { name: 'Marie Gagnon', email: 'marie.gagnon@example.com' });
      return jobs.enqueue(welcome, { customerId: customer.id, name: customer.name }, { workspaceId, idempotencyKey: `welcome:${customer.id}`, executor: tx });
    });
    expect(committed.isNew).toBe(true);

    await expect.poll(() => welcomed, { timeout: 15_000 }).toEqual(['Marie Gagnon']);
    await expect.poll(async () => (await jobs.findJob(welcome, workspaceId, committed.jobId))?.state, { timeout: 15_000 }).toBe('completed');
    expect(await jobs.findJob(welcome, workspaceId, rolledBackJobId)).toBeUndefined();
    const listed = await workspace.admin.get<{ data: Array<{ name: string }> }>('/api/v1/customers', { email: 'never.saved@example.com' });
    expect(listed.body.data).toEqual([]);

    // Another round of polling later, it has still run once.
    await sleep(1500);
    expect(welcomed).toEqual(['Marie Gagnon']);
  });

  it('creates one job for one idempotency key, however and however often it is enqueued', async () => {
    const notes: string[] = [];
    const job = defineJob({
      name: 'tests.deduplicated',
      version: 1,
      payload: ZNote,
      retry: noRetry,
      handler: async ({ note }) => {
        notes.push(note);
      },
    });
    await installJob(server, job);
    const { db, jobs } = server.services;
    const { workspaceId } = workspace;

    const first = await jobs.enqueue(job, { note: 'first' }, { workspaceId, idempotencyKey: 'report:2026-11-23' });
    const again = await jobs.enqueue(job, { note: 'again' }, { workspaceId, idempotencyKey: 'report:2026-11-23' });
    const inTransaction = await db.transaction((tx) => jobs.enqueue(job, { note: 'in a transaction' }, { workspaceId, idempotencyKey: 'report:2026-11-23', executor: tx }));
    expect(first.isNew).toBe(true);
    expect(again).toEqual({ jobId: first.jobId, isNew: false });
    expect(inTransaction).toEqual({ jobId: first.jobId, isNew: false });

    const together = await Promise.all(
      [1, 2, 3, 4, 5].map((index) => jobs.enqueue(job, { note: `together ${index}` }, { workspaceId, idempotencyKey: 'report:2026-11-24' })),
    );
    expect(new Set(together.map((enqueued) => enqueued.jobId)).size).toBe(1);
    expect(together.filter((enqueued) => enqueued.isNew)).toHaveLength(1);

    // Keys belong to a workspace: another one may use the same key, and cannot see this one's job.
    const other = await server.createWorkspace();
    const theirs = await jobs.enqueue(job, { note: 'other workspace' }, { workspaceId: other.workspaceId, idempotencyKey: 'report:2026-11-23' });
    expect(theirs.isNew).toBe(true);
    expect(await jobs.findJob(job, other.workspaceId, first.jobId)).toBeUndefined();

    await expect.poll(() => notes.length, { timeout: 15_000 }).toBe(3);
    await sleep(1500);
    expect(notes).toHaveLength(3);
    expect(notes).toContain('first');
    expect(notes).toContain('other workspace');
    expect(notes.filter((note) => note.startsWith('together'))).toHaveLength(1);
  });

  it('retries a failing job with growing delays, then records it as failed with its last error', async () => {
    const startedAt: number[] = [];
    const flaky = defineJob({
      name: 'tests.unreachable-receiver',
      version: 1,
      payload: ZNote,
      retry: { limit: 2, delaySeconds: 1, backoff: 'exponential' },
      handler: async (_payload, context) => {
        startedAt.push(Date.now());
        throw new Error(`receiver unreachable (attempt ${context.attempt})`);
      },
    });
    await installJob(server, flaky);
    const { jobs } = server.services;
    const { workspaceId } = workspace;
    const { jobId } = await jobs.enqueue(flaky, { note: 'sync' }, { workspaceId, idempotencyKey: 'crm-sync:1' });

    await expect.poll(async () => (await jobs.findJob(flaky, workspaceId, jobId))?.lastError, { timeout: 15_000, interval: 100 }).toBe('receiver unreachable (attempt 1)');
    expect(await jobs.findJob(flaky, workspaceId, jobId)).toMatchObject({ state: 'retry', attempts: 1 });

    await expect.poll(async () => (await jobs.findJob(flaky, workspaceId, jobId))?.state, { timeout: 25_000, interval: 250 }).toBe('failed');
    const failed = await jobs.findJob(flaky, workspaceId, jobId);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, lastError: 'receiver unreachable (attempt 3)', idempotencyKey: 'crm-sync:1' });
    expect(failed?.completedAt).toBeInstanceOf(Date);
    expect(startedAt).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = startedAt;
    // Exponential: the first retry waits 1–2 s, the second 2–4 s.
    expect(second - first).toBeGreaterThanOrEqual(990);
    expect(third - second).toBeGreaterThanOrEqual(1990);

    await sleep(1500);
    expect(startedAt).toHaveLength(3);
  });

  it('applies a database effect once when an attempt fails after it, through runOnce', async () => {
    const outcomes: boolean[] = [];
    const importCustomer = defineJob({
      name: 'tests.import-customer',
      version: 1,
      payload: z.object({ name: z.string() }),
      retry: { limit: 2, delaySeconds: 1, backoff: 'fixed' },
      handler: async ({ name }, context) => {
        const outcome = await context.runOnce((tx) => server.services.customers.createInTransaction(tx, context.workspaceId, { name }));
        outcomes.push(outcome.isApplied);
        if (context.attempt === 1) throw new Error('the process died before the job was marked complete');
      },
    });
    await installJob(server, importCustomer);
    const { jobs } = server.services;
    const { workspaceId } = workspace;
    const name = `Imported ${randomUUID()}`;
    const { jobId } = await jobs.enqueue(importCustomer, { name }, { workspaceId, idempotencyKey: 'crm-import:42' });

    await expect.poll(async () => (await jobs.findJob(importCustomer, workspaceId, jobId))?.state, { timeout: 15_000 }).toBe('completed');
    expect(outcomes).toEqual([true, false]);
    expect(await jobs.findJob(importCustomer, workspaceId, jobId)).toMatchObject({ attempts: 2 });
    const rows = await queryRows<{ count: number }>(server.services.db, sql`SELECT count(*)::int AS count FROM customers WHERE workspace_id = ${workspaceId} AND name = ${name}`);
    expect(rows[0]?.count).toBe(1);
  });

  it('runs a job left pending by a stopped server once, on the next server over the same database', async () => {
    const runs: string[] = [];
    const reminder = defineJob({
      name: 'tests.reminder',
      version: 1,
      payload: ZNote,
      retry: noRetry,
      handler: async ({ note }) => {
        runs.push(note);
      },
    });
    const storage = await createDurableStorage();
    try {
      // The first server does not run jobs (as a web-only node would not): the job is still pending when it stops.
      const first = await startTestServer({ env: storage.env });
      let jobId = '';
      let workspaceId = '';
      try {
        await installJob(first, reminder);
        workspaceId = (await first.createWorkspace()).workspaceId;
        const enqueued = await first.services.db.transaction((tx) =>
          first.services.jobs.enqueue(reminder, { note: 'follow up' }, { workspaceId, idempotencyKey: 'reminder:1', executor: tx }),
        );
        jobId = enqueued.jobId;
      } finally {
        await first.close();
      }

      const second = await startTestServer({ env: storage.env, workers: true });
      try {
        await installJob(second, reminder);
        await expect.poll(() => runs, { timeout: 15_000 }).toEqual(['follow up']);
        await expect.poll(async () => (await second.services.jobs.findJob(reminder, workspaceId, jobId))?.state, { timeout: 15_000 }).toBe('completed');
        await sleep(1500);
        expect(runs).toEqual(['follow up']);
      } finally {
        await second.close();
      }
    } finally {
      await storage.remove();
    }
  });

  it('retries a job whose node died during an attempt, once the attempt is past its time limit', async () => {
    const attempts: number[] = [];
    const job = defineJob({
      name: 'tests.interrupted',
      version: 1,
      payload: ZNote,
      retry: { limit: 1, delaySeconds: 1, backoff: 'fixed' },
      timeoutSeconds: 1,
      handler: async (_payload, context) => {
        attempts.push(context.attempt);
      },
    });
    // A node without workers enqueues; then a bare pg-boss client takes the job, as a worker does just
    // before its process dies: the job stays active, and nobody will complete it.
    const enqueuing = await startTestServer({ reuse: server });
    try {
      await installJob(enqueuing, job);
      const { jobId } = await enqueuing.services.jobs.enqueue(job, { note: 'sla timer' }, { workspaceId: workspace.workspaceId, idempotencyKey: 'sla:7' });
      const { database } = enqueuing.services;
      const dyingWorker = new PgBoss({ db: { executeSql: (text, values) => database.executeSql(text, values) }, schema: 'pgboss', migrate: false, supervise: false, schedule: false });
      const taken = await dyingWorker.fetch(queueNameOf(job));
      expect(taken.map((claimed) => claimed.id)).toEqual([jobId]);
      expect(await enqueuing.services.jobs.findJob(job, workspace.workspaceId, jobId)).toMatchObject({ state: 'active', attempts: 1 });
      await sleep(1200);

      // A node that starts after the time limit has passed finds the attempt expired and runs the job again.
      const next = await startTestServer({ reuse: server, workers: true });
      try {
        await installJob(next, job);
        await expect.poll(() => attempts, { timeout: 15_000 }).toEqual([2]);
        await expect.poll(async () => (await next.services.jobs.findJob(job, workspace.workspaceId, jobId))?.state, { timeout: 15_000 }).toBe('completed');
      } finally {
        await next.close();
      }
    } finally {
      await enqueuing.close();
    }
  });
});
