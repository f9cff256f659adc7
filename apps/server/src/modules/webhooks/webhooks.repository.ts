import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './webhooks.tables.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

/** A delivery taken by one worker: nobody else sends it until `lockedUntil`. */
export interface ClaimedDelivery {
  delivery: WebhookDeliveryRow;
  url: string;
  secretEncrypted: string;
}

export interface AttemptResult {
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

export class WebhooksRepository {
  async insertEndpoint(executor: Executor, values: typeof webhookEndpoints.$inferInsert): Promise<WebhookEndpointRow> {
    const [row] = await executor.insert(webhookEndpoints).values(values).returning();
    return row!;
  }

  async findEndpoint(executor: Executor, workspaceId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    const [row] = await executor
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
    return row;
  }

  async listEndpoints(executor: Executor, workspaceId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<WebhookEndpointRow[]> {
    return executor
      .select()
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.workspaceId, workspaceId),
          after
            ? or(lt(webhookEndpoints.createdAt, after.createdAt), and(eq(webhookEndpoints.createdAt, after.createdAt), lt(webhookEndpoints.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
      .limit(limit + 1);
  }

  async updateEndpoint(executor: Executor, workspaceId: string, id: string, values: Partial<typeof webhookEndpoints.$inferInsert>): Promise<WebhookEndpointRow | undefined> {
    const [row] = await executor
      .update(webhookEndpoints)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
      .returning();
    return row;
  }

  async deleteEndpoint(executor: Executor, workspaceId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    const [row] = await executor
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
      .returning();
    return row;
  }

  /** Enabled endpoints of these workspaces: the candidates for a batch of events. */
  async listEnabledEndpoints(executor: Executor, workspaceIds: string[]): Promise<WebhookEndpointRow[]> {
    if (workspaceIds.length === 0) return [];
    return executor
      .select()
      .from(webhookEndpoints)
      .where(and(inArray(webhookEndpoints.workspaceId, workspaceIds), eq(webhookEndpoints.isEnabled, true)))
      // A stable order makes concurrent dispatchers insert (and lock) deliveries in the same order: no deadlock.
      .orderBy(asc(webhookEndpoints.id));
  }

  /** Queues deliveries, due now; one already queued for the same (event, endpoint) is kept, never doubled. */
  async insertDeliveries(executor: Executor, values: Array<Omit<typeof webhookDeliveries.$inferInsert, 'nextAttemptAt'>>): Promise<number> {
    if (values.length === 0) return 0;
    const inserted = await executor
      .insert(webhookDeliveries)
      .values(values.map((value) => ({ ...value, nextAttemptAt: sql`now()` })))
      .onConflictDoNothing({ target: [webhookDeliveries.eventId, webhookDeliveries.endpointId] })
      .returning({ id: webhookDeliveries.id });
    return inserted.length;
  }

  async listDeliveries(
    executor: Executor,
    workspaceId: string,
    endpointId: string,
    limit: number,
    after?: { createdAt: Date; id: string },
  ): Promise<WebhookDeliveryRow[]> {
    return executor
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.workspaceId, workspaceId),
          eq(webhookDeliveries.endpointId, endpointId),
          after
            ? or(lt(webhookDeliveries.createdAt, after.createdAt), and(eq(webhookDeliveries.createdAt, after.createdAt), lt(webhookDeliveries.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit + 1);
  }

  async listAttempts(executor: Executor, workspaceId: string, deliveryIds: string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return executor
      .select()
      .from(webhookAttempts)
      .where(and(eq(webhookAttempts.workspaceId, workspaceId), inArray(webhookAttempts.deliveryId, deliveryIds)))
      .orderBy(asc(webhookAttempts.attemptNumber));
  }

  /** Puts a delivery back in the queue, due now, with a fresh budget of attempts. */
  async requeueDelivery(executor: Executor, workspaceId: string, endpointId: string, deliveryId: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await executor
      .update(webhookDeliveries)
      .set({ status: 'pending', attemptCount: 0, nextAttemptAt: sql`now()`, lockedUntil: null, updatedAt: sql`now()` })
      .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, deliveryId)))
      .returning();
    return row;
  }

  /**
   * Takes up to `limit` due deliveries of enabled endpoints for this worker. Rows another worker is
   * claiming right now are skipped, and `locked_until` keeps them ours after this short transaction commits
   * (if this process dies mid-send, the lock lapses and another worker retries).
   */
  async claimDueDeliveries(tx: Executor, limit: number, lockMs: number): Promise<ClaimedDelivery[]> {
    const due = await tx
      .select({ id: webhookDeliveries.id, url: webhookEndpoints.url, secretEncrypted: webhookEndpoints.secretEncrypted })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, sql`now()`),
          or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, sql`now()`)),
          eq(webhookEndpoints.isEnabled, true),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(webhookDeliveries)
      .set({ lockedUntil: sql`now() + ${lockMs} * interval '1 millisecond'` })
      .where(inArray(webhookDeliveries.id, due.map((row) => row.id)))
      .returning();
    return claimed.map((delivery) => {
      const endpoint = due.find((row) => row.id === delivery.id)!;
      return { delivery, url: endpoint.url, secretEncrypted: endpoint.secretEncrypted };
    });
  }

  /** Appends to the delivery log; attempts are numbered across re-queues so the log reads in order. */
  async insertAttempt(executor: Executor, delivery: WebhookDeliveryRow, result: AttemptResult): Promise<void> {
    await executor.insert(webhookAttempts).values({
      workspaceId: delivery.workspaceId,
      deliveryId: delivery.id,
      attemptNumber: sql`(SELECT count(*)::int + 1 FROM ${webhookAttempts} WHERE ${webhookAttempts.deliveryId} = ${delivery.id})`,
      ...result,
    });
  }

  /**
   * Records the outcome on the delivery, only while the claim is still ours: if the lock lapsed and another
   * worker took the delivery (or an admin re-queued it), that worker's outcome is the one that counts.
   */
  async settleDelivery(
    executor: Executor,
    claimed: WebhookDeliveryRow,
    values: Pick<Partial<typeof webhookDeliveries.$inferInsert>, 'status' | 'lastResponseStatus' | 'lastError'> & {
      retryInMs?: number;
      isDelivered?: boolean;
    },
  ): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await executor
      .update(webhookDeliveries)
      .set({
        status: values.status,
        attemptCount: sql`${webhookDeliveries.attemptCount} + 1`,
        lastResponseStatus: values.lastResponseStatus,
        lastError: values.lastError,
        lockedUntil: null,
        nextAttemptAt: values.retryInMs === undefined ? null : sql`now() + ${values.retryInMs} * interval '1 millisecond'`,
        deliveredAt: values.isDelivered ? sql`now()` : undefined,
        updatedAt: sql`now()`,
      })
      .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.lockedUntil, claimed.lockedUntil!)))
      .returning();
    return row;
  }

  /** Gives a claimed delivery back untouched (the worker is stopping before it could send). */
  async releaseClaim(executor: Executor, claimed: WebhookDeliveryRow): Promise<void> {
    await executor
      .update(webhookDeliveries)
      .set({ lockedUntil: null })
      .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.lockedUntil, claimed.lockedUntil!)));
  }

  /** How long until the next pending delivery falls due (0 if one is due now); undefined when none waits. */
  async millisecondsUntilNextDue(executor: Executor): Promise<number | undefined> {
    const [row] = await queryRows<{ wait: string | number | null }>(
      executor,
      sql`SELECT EXTRACT(EPOCH FROM (min(GREATEST(d.next_attempt_at, d.locked_until)) - now())) * 1000 AS wait
          FROM ${webhookDeliveries} d JOIN ${webhookEndpoints} e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND e.is_enabled`,
    );
    if (row?.wait === null || row?.wait === undefined) return undefined;
    return Math.max(0, Math.ceil(Number(row.wait)));
  }
}
