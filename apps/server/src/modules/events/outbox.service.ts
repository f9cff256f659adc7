import { and, asc, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import type { DomainEvent, EventType } from './events.js';
import { outboxEvents } from './events.tables.js';
import { interruptibleSleep } from '../../shared/sleep.js';

export type EventListener = (events: DomainEvent[], tx: Executor) => Promise<void>;

/**
 * Writes domain events in the caller's transaction, and later hands them to the listeners. A listener
 * runs inside the dispatch transaction, so its durable work (e.g. queued webhook deliveries) commits
 * together with the event being marked dispatched: a crash at any point neither loses nor repeats it.
 */
export class OutboxService {
  private readonly durableListeners: EventListener[] = [];
  private readonly afterCommitListeners: Array<(events: DomainEvent[]) => void> = [];
  private wake: (() => void) | undefined;

  constructor(private readonly db: Database) {}

  async record(tx: Executor, workspaceId: string, type: EventType, data: Record<string, unknown>): Promise<void> {
    await tx.insert(outboxEvents).values({ workspaceId, type, data });
  }

  /** Called after a write commits, to dispatch without waiting for the next poll. */
  nudge(): void {
    this.wake?.();
  }

  onDurable(listener: EventListener): void {
    this.durableListeners.push(listener);
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

  /** Dispatched events are history; their effects (deliveries, activity) are stored where they belong. */
  async purgeDispatchedBefore(cutoff: Date): Promise<void> {
    await this.db.delete(outboxEvents).where(and(isNotNull(outboxEvents.dispatchedAt), lt(outboxEvents.dispatchedAt, cutoff)));
  }

  /** Runs until `signal` aborts: dispatches when nudged, and polls in case another node wrote the event. */
  async run(signal: AbortSignal, pollMs = 1000, onError: (error: unknown) => void = () => {}): Promise<void> {
    while (!signal.aborted) {
      try {
        while ((await this.dispatchBatch()) > 0 && !signal.aborted) {
          // drain
        }
      } catch (error) {
        onError(error);
      }
      const sleep = interruptibleSleep(pollMs, signal);
      this.wake = sleep.wake;
      await sleep.done;
      this.wake = undefined;
    }
  }
}
