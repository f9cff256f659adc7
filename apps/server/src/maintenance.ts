import type { Services } from './services.js';
import { interruptibleSleep } from './shared/sleep.js';

const HOUR_MS = 3600_000;
/** How long a client may retry a write with the same Idempotency-Key. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * HOUR_MS;
export const DISPATCHED_EVENT_TTL_MS = 7 * 24 * HOUR_MS;

/** Removes what has expired: idempotency keys, presence heartbeats, dispatched outbox events, portal sessions and links. */
export async function runMaintenance(services: Services): Promise<void> {
  const now = services.clock.now().getTime();
  await services.idempotency.purgeOlderThan(new Date(now - IDEMPOTENCY_KEY_TTL_MS));
  await services.presence.purgeExpired();
  await services.portal.purgeExpired();
  await services.outbox.purgeDispatchedBefore(new Date(now - DISPATCHED_EVENT_TTL_MS));
}

export async function runMaintenanceLoop(services: Services, signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
  while (!signal.aborted) {
    try {
      await runMaintenance(services);
    } catch (error) {
      onError(error);
    }
    await interruptibleSleep(intervalMs, signal).done;
  }
}
