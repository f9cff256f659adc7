import type { Executor } from '../../db/database.js';
import type { JobDefinition } from './jobs.definitions.js';

export interface EnqueueOptions {
  workspaceId: string;
  /**
   * Names the work, not the attempt (e.g. `report:<scheduleId>:<date>`): the same key in the same
   * workspace and job never creates a second job, even from another node or after a restart.
   */
  idempotencyKey: string;
  /** Not before this time (timers, scheduled work). */
  startAfter?: Date;
  /**
   * The caller's open transaction: the job is created, or not, with the caller's writes. Without it the
   * job is created in a transaction of its own. On PGlite there is one connection, so inside a
   * transaction always pass it: a query on the top-level database would wait for that transaction forever.
   */
  executor?: Executor;
}

export interface EnqueuedJob {
  jobId: string;
  /** False when the idempotency key already named a job: `jobId` is that job's. */
  isNew: boolean;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobRecord {
  id: string;
  name: string;
  version: number;
  workspaceId: string;
  idempotencyKey: string;
  /** `created` and `retry` wait for their start time, `active` runs, `completed` and `failed` are final. */
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  /** The last failed attempt's error message, if any. */
  lastError: string | null;
  createdAt: Date;
  /** When the next attempt may start (for `created` and `retry`). */
  startAfter: Date;
  completedAt: Date | null;
}

/** Durable background jobs. Modules enqueue through this interface; the backend behind it may change. */
export interface JobQueue {
  /** Makes a job known to this node: it can be enqueued once `install()` has run, and is run by `start()`. */
  register<TPayload>(definition: JobDefinition<TPayload>): void;
  /** Creates or upgrades the queue's storage and the registered jobs' queues. Before the first enqueue; idempotent. */
  install(): Promise<void>;
  enqueue<TPayload>(definition: JobDefinition<TPayload>, payload: TPayload, options: EnqueueOptions): Promise<EnqueuedJob>;
  /**
   * A job of that workspace, while the queue keeps it (finished jobs are archived after 12 hours and
   * deleted a week later). Reads outside any transaction: on PGlite, not from inside an open one.
   */
  findJob<TPayload>(definition: JobDefinition<TPayload>, workspaceId: string, jobId: string): Promise<JobRecord | undefined>;
  /**
   * Runs due jobs until `signal` aborts or `stop()` is called. Then the handlers in progress are told
   * (their `context.signal` aborts) and get a short grace to end; any still running are recorded as
   * failed, to be retried. Resolves once stopped.
   */
  start(signal: AbortSignal, onError?: (error: unknown) => void): Promise<void>;
  stop(): Promise<void>;
}
