import type { z } from 'zod';
import type { Transaction } from '../../db/database.js';

/** How a failed attempt is retried; after `limit` retries the job is recorded as failed. */
export interface JobRetryPolicy {
  /** Retries after the first attempt (0: never retried). */
  limit: number;
  /** Wait before the first retry, in whole seconds. */
  delaySeconds: number;
  /**
   * `exponential`: retry n waits between delay × 2^(n−1) and twice that (random jitter, so that jobs
   * failing together do not retry together); `fixed`: always `delaySeconds`.
   */
  backoff: 'exponential' | 'fixed';
}

export type RunOnceOutcome<T> = { isApplied: true; value: T } | { isApplied: false };

/** What a handler knows about the job it runs. */
export interface JobContext {
  jobId: string;
  workspaceId: string;
  idempotencyKey: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /**
   * Aborted when the attempt runs out of time or the process shuts down. Pass it to anything slow
   * (fetch, timers) and let the abort throw: the attempt counts as failed and is retried.
   */
  signal: AbortSignal;
  /**
   * Runs `effect` in a transaction that also marks this job's idempotency key as done. An attempt that
   * comes after that commit (a retry because the process died before the job was marked complete, or
   * because a later step threw) skips it and gets `{ isApplied: false }`: database effects happen
   * exactly once. Call it at most once per attempt, for the step that must not be repeated.
   */
  runOnce<T>(effect: (tx: Transaction) => Promise<T>): Promise<RunOnceOutcome<T>>;
}

export type JobHandler<TPayload> = (payload: TPayload, context: JobContext) => Promise<void>;

/** A kind of background job: its name, payload schema and version, how it retries, and its handler. */
export interface JobDefinition<TPayload = unknown> {
  /** Dotted and kebab-case, prefixed by the owning module: `reports.send-scheduled`. */
  name: string;
  /**
   * Bumped when the payload changes incompatibly. Each version is its own queue, so a node still running
   * the old code never takes a job it cannot read; keep the old definition registered until its queue
   * has drained.
   */
  version: number;
  payload: z.ZodType<TPayload>;
  retry: JobRetryPolicy;
  /** An attempt still running after this long is aborted and counted as failed (and, after a crash, retried). */
  timeoutSeconds: number;
  /** Attempts of this job run at the same time on one node. */
  concurrency: number;
  handler: JobHandler<TPayload>;
}

/** The queue keeps an attempt's time limit under a day. */
const MAX_TIMEOUT_SECONDS = 24 * 3600;
const JOB_NAME_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Declares a background job. The payload schema is checked when the job is enqueued and again when it
 * runs; payloads are stored as JSON, so they hold only JSON values (dates as ISO strings).
 */
export function defineJob<TPayload>(definition: {
  name: string;
  version: number;
  payload: z.ZodType<TPayload>;
  retry: JobRetryPolicy;
  timeoutSeconds?: number;
  concurrency?: number;
  handler: JobHandler<TPayload>;
}): JobDefinition<TPayload> {
  if (!JOB_NAME_PATTERN.test(definition.name)) throw new Error(`job name "${definition.name}" must look like "module.job-name"`);
  if (!Number.isInteger(definition.version) || definition.version < 1) throw new Error(`job ${definition.name}: version must be a positive integer`);
  const { limit, delaySeconds } = definition.retry;
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`job ${definition.name}: retry.limit must be a whole number`);
  if (!Number.isInteger(delaySeconds) || delaySeconds < 1) throw new Error(`job ${definition.name}: retry.delaySeconds must be a whole number of seconds, at least 1`);
  const timeoutSeconds = definition.timeoutSeconds ?? 15 * 60;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds >= MAX_TIMEOUT_SECONDS) {
    throw new Error(`job ${definition.name}: timeoutSeconds must be a whole number of seconds, from 1 to less than a day`);
  }
  const concurrency = definition.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`job ${definition.name}: concurrency must be at least 1`);
  return { ...definition, timeoutSeconds, concurrency };
}

/** The queue holding one version of a job. */
export function queueNameOf(definition: Pick<JobDefinition, 'name' | 'version'>): string {
  return `${definition.name}.v${definition.version}`;
}
