import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { DatabaseHandle, Executor, Transaction } from '../../db/database.js';
import { interruptibleSleep } from '../../shared/sleep.js';
import { queueNameOf, type JobContext, type JobDefinition, type RunOnceOutcome } from './jobs.definitions.js';
import type { EnqueuedJob, EnqueueOptions, JobQueue, JobRecord, JobState } from './jobs.queue.js';
import type { JobsRepository } from './jobs.repository.js';

/** pg-boss keeps its tables in this schema, and creates and upgrades them itself (`install()`). */
const QUEUE_SCHEMA = 'pgboss';
/** How long an idempotency key is remembered at least (longer while its job is still in the queue). */
const KEY_RETENTION_DAYS = 30;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PgBossJobQueueOptions {
  /** How often idle queues are looked at; a job enqueued on this node outside a transaction is taken at once. */
  pollIntervalMs: number;
  /** How often timed-out attempts are failed (crash recovery), finished jobs archived and old keys forgotten. */
  maintenanceIntervalMs: number;
  /** On stop, attempts in progress get this long to finish before they are aborted (and retried later). */
  shutdownGraceMs: number;
}

/** What the queue stores for a job, beside pg-boss's own columns. */
interface StoredJob {
  workspaceId: string;
  idempotencyKey: string;
  payload: unknown;
}

type AttemptOutcome = { isSuccess: true } | { isSuccess: false; error: unknown };

interface AttemptInProgress {
  /** The handler's signal: aborted at shutdown or when time runs out, asking it to end. */
  interruption: AbortController;
  /** Aborted when the attempt is given up on: time ran out, or the shutdown grace is over. */
  abandonment: AbortController;
  done: Promise<void>;
}

/**
 * The job queue on pg-boss 10, over the server's own database: PostgreSQL through its pool, or PGlite
 * through its single connection (pg-boss's `db.executeSql` option). A job is enqueued with SQL run on
 * the caller's transaction, so it exists exactly when the caller's writes do. pg-boss's own timers are
 * off: polling and maintenance run in `start()`, so one abort signal stops everything.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly installedQueues = new Set<string>();
  private isBossStarted = false;
  private installation: Promise<void> = Promise.resolve();
  private readonly inProgress = new Map<string, AttemptInProgress>();
  private running: Promise<void> | undefined;
  private stopController: AbortController | undefined;
  private wake: (() => void) | undefined;
  /** Set when a slot frees up or a job is enqueued, so the loop looks again instead of sleeping. */
  private isNudged = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly repository: JobsRepository,
    private readonly options: PgBossJobQueueOptions,
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => database.executeSql(text, values) },
      schema: QUEUE_SCHEMA,
      migrate: true,
      supervise: false,
      schedule: false,
    });
    // pg-boss reports through events; with its timers off there are none to report, but an EventEmitter
    // with no 'error' listener would throw.
    this.boss.on('error', () => {});
  }

  register<TPayload>(definition: JobDefinition<TPayload>): void {
    const queueName = queueNameOf(definition);
    const known = this.definitions.get(queueName);
    if (known && known !== (definition as unknown)) throw new Error(`job ${queueName} is registered twice`);
    this.definitions.set(queueName, definition as unknown as JobDefinition<unknown>);
  }

  install(): Promise<void> {
    const next = this.installation.then(() => this.installRegistered());
    this.installation = next.catch(() => {});
    return next;
  }

  private async installRegistered(): Promise<void> {
    if (!this.isBossStarted) {
      await this.boss.start();
      this.isBossStarted = true;
    }
    for (const queueName of this.definitions.keys()) {
      if (this.installedQueues.has(queueName)) continue;
      // Retry and time limits travel with each job (from its definition), so the queue needs no settings.
      await this.boss.createQueue(queueName, { name: queueName, policy: 'standard' });
      this.installedQueues.add(queueName);
    }
  }

  async enqueue<TPayload>(definition: JobDefinition<TPayload>, payload: TPayload, options: EnqueueOptions): Promise<EnqueuedJob> {
    const queueName = queueNameOf(definition);
    if (!this.installedQueues.has(queueName)) throw new Error(`job ${queueName} is not registered, or install() has not run`);
    const stored: StoredJob = { workspaceId: options.workspaceId, idempotencyKey: options.idempotencyKey, payload: definition.payload.parse(payload) };
    const key = { workspaceId: options.workspaceId, jobName: definition.name, idempotencyKey: options.idempotencyKey };
    const executor: Executor = options.executor ?? this.database.db;
    // Inside the caller's transaction this is a savepoint: a failure here undoes only the enqueue.
    const enqueued = await executor.transaction(async (tx): Promise<EnqueuedJob> => {
      const jobId = randomUUID();
      if (!(await this.repository.claimKey(tx, { ...key, queueName, jobId }))) {
        const existingId = await this.repository.findJobId(tx, key);
        if (!existingId) throw new Error(`job ${queueName}: the idempotency key is taken but its job was not found`);
        return { jobId: existingId, isNew: false };
      }
      const createdId = await this.boss.send(queueName, stored, {
        id: jobId,
        startAfter: options.startAfter,
        singletonKey: options.idempotencyKey,
        retryLimit: definition.retry.limit,
        retryDelay: definition.retry.delaySeconds,
        retryBackoff: definition.retry.backoff === 'exponential',
        expireInSeconds: definition.timeoutSeconds,
        db: sqlOnTransaction(tx),
      });
      if (createdId !== jobId) throw new Error(`job ${queueName} could not be queued`);
      return { jobId, isNew: true };
    });
    // Committed already when it had its own transaction: no need to wait for the next poll.
    if (enqueued.isNew && !options.executor) this.nudge();
    return enqueued;
  }

  async findJob<TPayload>(definition: JobDefinition<TPayload>, workspaceId: string, jobId: string): Promise<JobRecord | undefined> {
    if (!UUID_PATTERN.test(jobId)) return undefined;
    const job = await this.boss.getJobById<StoredJob>(queueNameOf(definition), jobId, { includeArchive: true });
    if (!job || job.data.workspaceId !== workspaceId) return undefined;
    return {
      id: job.id,
      name: definition.name,
      version: definition.version,
      workspaceId,
      idempotencyKey: job.data.idempotencyKey,
      state: job.state as JobState,
      attempts: job.startedOn ? job.retryCount + 1 : 0,
      lastError: errorMessageOf(job.output),
      createdAt: new Date(job.createdOn),
      startAfter: new Date(job.startAfter),
      completedAt: job.completedOn ? new Date(job.completedOn) : null,
    };
  }

  async start(signal: AbortSignal, onError: (error: unknown) => void = () => {}): Promise<void> {
    if (this.running) throw new Error('the job queue is already running');
    const controller = new AbortController();
    this.stopController = controller;
    this.running = this.run(AbortSignal.any([signal, controller.signal]), onError);
    try {
      await this.running;
    } finally {
      this.running = undefined;
      this.stopController = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopController?.abort();
    await this.running;
  }

  private nudge(): void {
    this.isNudged = true;
    this.wake?.();
  }

  private async run(signal: AbortSignal, onError: (error: unknown) => void): Promise<void> {
    let nextMaintenanceAt = 0;
    while (!signal.aborted) {
      this.isNudged = false;
      if (Date.now() >= nextMaintenanceAt) {
        nextMaintenanceAt = Date.now() + this.options.maintenanceIntervalMs;
        await this.maintain().catch(onError);
      }
      let hasMore = false;
      try {
        hasMore = await this.takeDueJobs(signal, onError);
      } catch (error) {
        onError(error);
      }
      if (hasMore || this.isNudged || signal.aborted) continue;
      const sleep = interruptibleSleep(this.options.pollIntervalMs, signal);
      this.wake = sleep.wake;
      await sleep.done;
      this.wake = undefined;
    }
    await this.finishAttemptsInProgress();
  }

  /** Expires attempts past their time limit (a crashed node's), archives finished jobs, forgets old keys. */
  private async maintain(): Promise<void> {
    if (!this.isBossStarted) return;
    await this.boss.maintain();
    await this.repository.purgeFinished(this.database.db, QUEUE_SCHEMA, KEY_RETENTION_DAYS);
  }

  /** Starts due jobs in the free slots of every queue; true when a queue may have more waiting. */
  private async takeDueJobs(signal: AbortSignal, onError: (error: unknown) => void): Promise<boolean> {
    let hasMore = false;
    for (const [queueName, definition] of this.definitions) {
      if (signal.aborted) break;
      if (!this.installedQueues.has(queueName)) continue;
      const freeSlots = definition.concurrency - this.countInProgress(queueName);
      if (freeSlots <= 0) continue;
      const jobs = await this.boss.fetch<StoredJob>(queueName, { batchSize: freeSlots, includeMetadata: true });
      for (const job of jobs) this.startAttempt(queueName, definition, job, onError);
      if (jobs.length === freeSlots) hasMore = true;
    }
    return hasMore;
  }

  private countInProgress(queueName: string): number {
    let count = 0;
    for (const id of this.inProgress.keys()) if (id.startsWith(`${queueName}/`)) count += 1;
    return count;
  }

  private startAttempt(queueName: string, definition: JobDefinition<unknown>, job: PgBoss.JobWithMetadata<StoredJob>, onError: (error: unknown) => void): void {
    const interruption = new AbortController();
    const abandonment = new AbortController();
    const timeout = setTimeout(() => {
      const reason = new Error(`the attempt ran out of time (${definition.timeoutSeconds} s)`);
      interruption.abort(reason);
      abandonment.abort(reason);
    }, definition.timeoutSeconds * 1000);
    const key = `${queueName}/${job.id}`;
    const done = this.runAttempt(definition, job, interruption.signal, abandonment.signal)
      .then(async (outcome) => {
        if (outcome.isSuccess) {
          await this.boss.complete(queueName, job.id);
          return;
        }
        await this.boss.fail(queueName, job.id, { message: errorMessageOf(outcome.error) ?? 'failed' });
        const isLast = job.retryCount >= job.retryLimit;
        onError(new Error(`job ${queueName} ${job.id} attempt ${job.retryCount + 1} failed${isLast ? ' (no retry left)' : ''}`, { cause: outcome.error }));
      })
      // The job stays active if its outcome cannot be stored; maintenance retries it after its time limit.
      .catch(onError)
      .finally(() => {
        clearTimeout(timeout);
        this.inProgress.delete(key);
        this.nudge();
      });
    this.inProgress.set(key, { interruption, abandonment, done });
  }

  private async runAttempt(
    definition: JobDefinition<unknown>,
    job: PgBoss.JobWithMetadata<StoredJob>,
    signal: AbortSignal,
    abandonment: AbortSignal,
  ): Promise<AttemptOutcome> {
    try {
      const payload = definition.payload.parse(job.data.payload);
      const handling = definition.handler(payload, this.contextFor(definition, job, signal));
      // A handler that ignores its signal is given up on, not waited for; its late failure is nobody's.
      handling.catch(() => {});
      await untilAborted(handling, abandonment);
      return { isSuccess: true };
    } catch (error) {
      return { isSuccess: false, error };
    }
  }

  private contextFor(definition: JobDefinition<unknown>, job: PgBoss.JobWithMetadata<StoredJob>, signal: AbortSignal): JobContext {
    const key = { workspaceId: job.data.workspaceId, jobName: definition.name, idempotencyKey: job.data.idempotencyKey };
    let hasRunOnce = false;
    return {
      jobId: job.id,
      workspaceId: job.data.workspaceId,
      idempotencyKey: job.data.idempotencyKey,
      attempt: job.retryCount + 1,
      signal,
      runOnce: async <T>(effect: (tx: Transaction) => Promise<T>): Promise<RunOnceOutcome<T>> => {
        if (hasRunOnce) throw new Error(`job ${definition.name}: runOnce may be called once per attempt`);
        hasRunOnce = true;
        signal.throwIfAborted();
        return this.database.db.transaction(async (tx): Promise<RunOnceOutcome<T>> => {
          if (!(await this.repository.markCompleted(tx, key))) return { isApplied: false };
          return { isApplied: true, value: await effect(tx) };
        });
      },
    };
  }

  /**
   * On stop: handlers are told (their signal aborts) and get a grace period to end; those still running
   * after it are given up on and recorded as failed, so they are retried (by this node or another).
   */
  private async finishAttemptsInProgress(): Promise<void> {
    if (this.inProgress.size === 0) return;
    const attempts = [...this.inProgress.values()];
    const reason = new Error('the server shut down during the attempt');
    for (const attempt of attempts) attempt.interruption.abort(reason);
    const allDone = Promise.allSettled(attempts.map((attempt) => attempt.done));
    const grace = new AbortController();
    await Promise.race([allDone, interruptibleSleep(this.options.shutdownGraceMs, grace.signal).done]);
    grace.abort();
    for (const attempt of attempts) attempt.abandonment.abort(reason);
    await allDone;
  }
}

/** pg-boss's SQL run on the caller's open transaction (drizzle's session for it, on either driver). */
function sqlOnTransaction(tx: Executor): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const query = tx._.session.prepareQuery({ sql: text, params: values ?? [] }, undefined, undefined, false);
      return (await query.execute()) as { rows: unknown[] };
    },
  };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The message of an error, or of a failure pg-boss stored (`{ message }`, or `{ value }` for its own). */
function errorMessageOf(value: unknown): string | null {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const record = value as { message?: unknown; value?: unknown };
    if (typeof record.message === 'string') return record.message;
    if (record.value !== undefined) return errorMessageOf(record.value);
  }
  return null;
}
