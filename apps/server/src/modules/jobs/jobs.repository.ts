import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { jobIdempotencyKeys } from './jobs.tables.js';

export interface JobKey {
  workspaceId: string;
  jobName: string;
  idempotencyKey: string;
}

/** The idempotency keys of background jobs; every query is scoped by workspace. */
export class JobsRepository {
  /** Records the key for a new job; false when the key already names a job. */
  async claimKey(tx: Executor, key: JobKey & { queueName: string; jobId: string }): Promise<boolean> {
    const inserted = await tx.insert(jobIdempotencyKeys).values(key).onConflictDoNothing().returning({ jobId: jobIdempotencyKeys.jobId });
    return inserted.length === 1;
  }

  async findJobId(tx: Executor, key: JobKey): Promise<string | undefined> {
    const [row] = await tx.select({ jobId: jobIdempotencyKeys.jobId }).from(jobIdempotencyKeys).where(matches(key));
    return row?.jobId;
  }

  /**
   * Marks the job's effect as done; false when an earlier attempt already did. The row stays locked until
   * the caller's transaction ends, so two attempts running at once cannot both apply the effect.
   */
  async markCompleted(tx: Executor, key: JobKey): Promise<boolean> {
    const updated = await tx
      .update(jobIdempotencyKeys)
      .set({ completedAt: sql`now()` })
      .where(and(matches(key), isNull(jobIdempotencyKeys.completedAt)))
      .returning({ jobId: jobIdempotencyKeys.jobId });
    return updated.length === 1;
  }

  /**
   * Forgets keys older than `retentionDays` whose job has left the queue (finished and archived, or
   * dropped), a batch at a time. A job still waiting or running keeps its key however old it is.
   */
  async purgeFinished(executor: Executor, queueSchema: string, retentionDays: number, batchSize = 1000): Promise<void> {
    await executor.execute(sql`
      DELETE FROM job_idempotency_keys
      WHERE (workspace_id, job_name, idempotency_key) IN (
        SELECT k.workspace_id, k.job_name, k.idempotency_key FROM job_idempotency_keys k
        WHERE k.created_at < now() - make_interval(days => ${retentionDays})
          AND NOT EXISTS (SELECT 1 FROM ${sql.identifier(queueSchema)}.job j WHERE j.name = k.queue_name AND j.id = k.job_id)
        LIMIT ${batchSize}
      )`);
  }
}

function matches(key: JobKey) {
  return and(
    eq(jobIdempotencyKeys.workspaceId, key.workspaceId),
    eq(jobIdempotencyKeys.jobName, key.jobName),
    eq(jobIdempotencyKeys.idempotencyKey, key.idempotencyKey),
  );
}
