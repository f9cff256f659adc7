import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import type { DomainEvent, EventType } from './events.js';
import { outboxEvents } from './events.tables.js';
import { interruptibleSleep } from '../../shared/sleep.js';

const DISPATCH_BATCH_SIZE = 100;

export type EventListener = (events: DomainEvent[], tx: Executor) => Promise<void>;

/**
 * Writes domain events in the caller's transaction, and later hands them to the listeners. A listener
 * runs inside the dispatch transaction, so its durable work (e.g. queued webhook deliveries) commits
 * together with the event being marked dispatched: a crash at any point neither loses nor repeats it.
 * A write that should show on screens at once hands its events to `publishCommitted` after its commit: the
 * live pushes then do not wait for the dispatch, which still follows as for every event.
 */
export class OutboxService {
  private readonly durableListeners: EventListener[] = [];
  private readonly afterCommitListeners: Array<(events: DomainEvent[]) => void> = [];
  private readonly committedListeners: Array<(events: DomainEvent[]) => void> = [];
  private wake: (() => void) | undefined;
  /** Set by a nudge, so the loop goes round again instead of sleeping until the next poll. */
  private isNudged = false;

  constructor(private readonly db: Database) {}

  async record(tx: Executor, workspaceId: string, type: EventType, data: Record<string, unknown>): Promise<void> {
    await this.recordMany(tx, [{ workspaceId, type, data }]);
  }

  /** Answers the events as they will be dispatched (id and time included), in the order given. */
  async recordMany(tx: Executor, events: Array<{ workspaceId: string; type: EventType; data: Record<string, unknown> }>): Promise<DomainEvent[]> {
    if (events.length === 0) return [];
    const values = events.map((event) => ({ ...event, id: randomUUID() }));
    const rows = await tx.insert(outboxEvents).values(values).returning({ id: outboxEvents.id, createdAt: outboxEvents.createdAt });
    const createdAtById = new Map(rows.map((row) => [row.id, row.createdAt]));
    return values.map((event) => ({ ...event, createdAt: createdAtById.get(event.id)! }));
  }

  /** Called after a write commits, to dispatch without waiting for the next poll. */
  nudge(): void {
    this.isNudged = true;
    this.wake?.();
  }

  onDurable(listener: EventListener): void {
    this.durableListeners.push(listener);
  }

  /**
   * Best-effort listeners told of the events a write hands to `publishCommitted`, as soon as that write has
   * committed (pushes to agents' screens). They hear the same events again, by the same ids, from their dispatch.
   */
  onCommitted(listener: (events: DomainEvent[]) => void): void {
    this.committedListeners.push(listener);
  }

  /**
   * Called right after the write that recorded `events` has committed, for those that should not wait for their
   * dispatch. A listener that fails costs only that early push (the write stands, and the dispatch follows).
   */
  publishCommitted(events: DomainEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.committedListeners) {
      try {
        listener(events);
      } catch {
        // best effort, as said above
      }
    }
  }

  /** Best-effort listeners (realtime pushes): told after the dispatch commits. */
  onDispatched(listener: (events: DomainEvent[]) => void): void {
    this.afterCommitListeners.push(listener);
  }

  /** Dispatches one batch; returns how many events it handled. */
  async dispatchBatch(batchSize = 100): Promise<number> {
    const dispatched = await this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outboxEvents)
        .where(isNull(outboxEvents.dispatchedAt))
        .orderBy(asc(outboxEvents.createdAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return [];
      const events = rows.map((row) => ({ ...row, type: row.type as EventType }));
      for (const listener of this.durableListeners) await listener(events, tx);
      await tx
        .update(outboxEvents)
        .set({ dispatchedAt: sql`now()` })
        .where(inArray(outboxEvents.id, rows.map((row) => row.id)));
      return events;
    });
    if (dispatched.length > 0) for (const listener of this.afterCommitListeners) listener(dispatched);
    return dispatched.length;
  }

  /** The workspace's events not dispatched yet: how many and since when (what listeners such as analytics lag behind). */
  async summarizePending(workspaceId: string): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int`, oldest: sql<Date | string | null>`min(${outboxEvents.createdAt})` })
      .from(outboxEvents)
      .where(and(isNull(outboxEvents.dispatchedAt), eq(outboxEvents.workspaceId, workspaceId)));
    return { count: Number(row?.count ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  /** Dispatched events are history; their effects (deliveries, activity) are stored where they belong. */
  async purgeDispatchedBefore(cutoff: Date): Promise<void> {
    await this.db.delete(outboxEvents).where(and(isNotNull(outboxEvents.dispatchedAt), lt(outboxEvents.dispatchedAt, cutoff)));
  }

  /**
   * Runs until `signal` aborts: dispatches when nudged, and polls in case another node wrote the event. After
   * each round it pauses `gatherMs`, so that under load the events of many writes go out in one batch rather
   * than each write waking a dispatch of its own.
   */
  async run(signal: AbortSignal, pollMs = 1000, onError: (error: unknown) => void = () => {}, gatherMs = 20): Promise<void> {
    while (!signal.aborted) {
      this.isNudged = false;
      try {
        while ((await this.dispatchBatch(DISPATCH_BATCH_SIZE)) === DISPATCH_BATCH_SIZE && !signal.aborted) {
          // a full batch: there may be more
        }
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(gatherMs, signal).done;
      if (this.isNudged || signal.aborted) continue;
      const sleep = interruptibleSleep(pollMs, signal);
      this.wake = sleep.wake;
      await sleep.done;
      this.wake = undefined;
    }
  }
}
