import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, validationError, WebhookErrorCode } from '../../shared/errors.js';
import type { OutboundTargets } from '../../shared/outbound-targets.js';
import { decodeTypedCursor, toPage, type Page, type TPageQuery } from '../../shared/pagination.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/permissions.js';
import { toEventEnvelope, type DomainEvent, type EventType } from '../events/events.js';
import type { DataKeyService } from '../workspaces/data-keys.service.js';
import type { ClaimedDelivery, WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow, WebhooksRepository } from './webhooks.repository.js';
import type {
  DeliveryStatus,
  TCreatedWebhook,
  TCreateWebhookRequest,
  TListDeliveriesQuery,
  TUpdateWebhookRequest,
  TWebhook,
  TWebhookDelivery,
  WebhookPayload,
} from './webhooks.schema.js';
import { sendWebhook, SEND_TIMEOUT_MS, type SendOutcome } from './webhooks.sender.js';
import { generateWebhookSecret, signWebhook } from './webhooks.signing.js';
import { interruptibleSleep } from '../../shared/sleep.js';

/** Attempts per delivery (first try included) before it is marked failed and admins are alerted. */
export const MAX_ATTEMPTS = 3;
/** Deliveries one worker sends at the same time. */
const CLAIM_BATCH_SIZE = 10;
/** Longer than the send timeout, so a live worker never loses its claim mid-request. */
const CLAIM_LOCK_MS = SEND_TIMEOUT_MS * 3;

export interface WebhooksOptions {
  /** First retry delay; each further retry waits four times longer. */
  retryBaseMs: number;
  /** Which receivers may be reached (public addresses only, unless allowed). */
  targets: OutboundTargets;
}

/** Wait before retrying after the `attemptCount`-th failed attempt: base, 4×base, 16×base, … */
export function retryDelayMs(retryBaseMs: number, attemptCount: number): number {
  return retryBaseMs * 4 ** (attemptCount - 1);
}

/**
 * Webhook endpoints (admin-managed), and the durable delivery queue behind them: events are queued as
 * deliveries inside the outbox's dispatch transaction, then a worker loop sends them, signed per Standard
 * Webhooks, retrying with backoff and keeping every attempt in the delivery log.
 */
export class WebhooksService {
  private wake: (() => void) | undefined;
  /** Set by a nudge that arrives while the loop is busy, so it goes round again instead of sleeping. */
  private isNudged = false;

  constructor(
    private readonly db: Database,
    private readonly repository: WebhooksRepository,
    private readonly dataKeys: DataKeyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly options: WebhooksOptions,
  ) {}

  async create(actor: Actor, input: TCreateWebhookRequest): Promise<TCreatedWebhook> {
    this.checkTarget(input.url);
    const secret = generateWebhookSecret();
    const row = await this.db.transaction(async (tx) => {
      const created = await this.repository.insertEndpoint(tx, {
        workspaceId: actor.workspaceId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretEncrypted: await this.dataKeys.seal(actor.workspaceId, secret, tx),
      });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'webhook.created',
        targetType: 'webhook',
        targetId: created.id,
        details: { url: created.url, eventTypes: created.eventTypes },
      });
      return created;
    });
    return { ...present(row), secret };
  }

  async list(actor: Actor, query: TPageQuery): Promise<Page<TWebhook>> {
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listEndpoints(
      this.db,
      actor.workspaceId,
      query.limit,
      after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined,
    );
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { data: page.data.map(present), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, webhookId: string): Promise<TWebhook> {
    return present(await this.requireEndpoint(this.db, actor.workspaceId, webhookId));
  }

  async update(actor: Actor, webhookId: string, changes: TUpdateWebhookRequest): Promise<TWebhook> {
    if (changes.url !== undefined) this.checkTarget(changes.url);
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repository.updateEndpoint(tx, actor.workspaceId, webhookId, changes);
      if (!updated) throw notFound();
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'webhook.updated',
        targetType: 'webhook',
        targetId: webhookId,
        details: changes,
      });
      return updated;
    });
    // Re-enabling an endpoint makes its waiting deliveries sendable again.
    if (changes.isEnabled) this.nudge();
    return present(row);
  }

  async delete(actor: Actor, webhookId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted = await this.repository.deleteEndpoint(tx, actor.workspaceId, webhookId);
      if (!deleted) throw notFound();
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'webhook.deleted',
        targetType: 'webhook',
        targetId: webhookId,
        details: { url: deleted.url },
      });
    });
  }

  async listDeliveries(actor: Actor, webhookId: string, query: TListDeliveriesQuery): Promise<Page<TWebhookDelivery>> {
    await this.requireEndpoint(this.db, actor.workspaceId, webhookId);
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.listDeliveries(
      this.db,
      actor.workspaceId,
      webhookId,
      query.limit,
      after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined,
    );
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    const attempts = await this.repository.listAttempts(this.db, actor.workspaceId, page.data.map((row) => row.id));
    return { data: page.data.map((row) => presentDelivery(row, attempts)), nextCursor: page.nextCursor };
  }

  /** Sends a delivery again (same event id, so receivers that already have it can ignore it). */
  async redeliver(actor: Actor, webhookId: string, deliveryId: string): Promise<TWebhookDelivery> {
    const row = await this.db.transaction(async (tx) => {
      await this.requireEndpoint(tx, actor.workspaceId, webhookId);
      const requeued = await this.repository.requeueDelivery(tx, actor.workspaceId, webhookId, deliveryId);
      if (!requeued) throw new AppError(WebhookErrorCode.DeliveryNotFound, 'No such delivery for this webhook.');
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'webhook.redelivered',
        targetType: 'webhook_delivery',
        targetId: deliveryId,
        details: { webhookId, eventId: requeued.eventId },
      });
      return requeued;
    });
    this.nudge();
    return presentDelivery(row, await this.repository.listAttempts(this.db, actor.workspaceId, [row.id]));
  }

  /**
   * Durable outbox listener: queues one delivery per (event, subscribed enabled endpoint of the event's
   * workspace). Runs in the dispatch transaction, so the queue and "event dispatched" commit together.
   */
  async enqueueDeliveries(events: DomainEvent[], tx: Executor): Promise<number> {
    const endpoints = await this.repository.listEnabledEndpoints(tx, [...new Set(events.map((event) => event.workspaceId))]);
    if (endpoints.length === 0) return 0;
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((endpoint) => endpoint.workspaceId === event.workspaceId && endpoint.eventTypes.includes(event.type))
        .map((endpoint) => ({
          workspaceId: event.workspaceId,
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          payload: payloadOf(event),
          status: 'pending' satisfies DeliveryStatus,
        })),
    );
    return this.repository.insertDeliveries(tx, deliveries);
  }

  /** Wakes the delivery loop (after a dispatch or a re-queue) instead of waiting for its next poll. */
  nudge(): void {
    if (this.wake) this.wake();
    else this.isNudged = true;
  }

  /**
   * Sends one batch of due deliveries: claims them in a short transaction, sends outside any transaction,
   * then records each outcome. Returns how many it claimed.
   */
  async deliverDue(stopSignal?: AbortSignal): Promise<number> {
    const claimed = await this.db.transaction((tx) => this.repository.claimDueDeliveries(tx, CLAIM_BATCH_SIZE, CLAIM_LOCK_MS));
    await Promise.all(claimed.map((claim) => this.deliver(claim, stopSignal)));
    return claimed.length;
  }

  /** Runs until `signal` aborts: sends what is due, then sleeps until the next retry falls due, a nudge, or the poll. */
  async run(signal: AbortSignal, pollMs = 1000, onError: (error: unknown) => void = () => {}): Promise<void> {
    while (!signal.aborted) {
      this.isNudged = false;
      let sleepMs = pollMs;
      try {
        while ((await this.deliverDue(signal)) > 0 && !signal.aborted) {
          // drain
        }
        const untilNextDue = await this.repository.millisecondsUntilNextDue(this.db);
        if (untilNextDue !== undefined) sleepMs = Math.min(pollMs, untilNextDue);
      } catch (error) {
        onError(error);
      }
      if (signal.aborted) break;
      if (this.isNudged) continue;
      const sleep = interruptibleSleep(sleepMs, signal);
      this.wake = sleep.wake;
      await sleep.done;
      this.wake = undefined;
    }
  }

  /** A receiver on a private network (or a local name) is refused when it is saved, not at its first delivery. */
  private checkTarget(url: string): void {
    const refusal = this.options.targets.refusalOfTyped(url);
    if (refusal) throw validationError('url', refusal);
  }

  private async deliver(claim: ClaimedDelivery, stopSignal?: AbortSignal): Promise<void> {
    const { delivery } = claim;
    const body = JSON.stringify(delivery.payload);
    let outcome: SendOutcome;
    try {
      const secret = await this.dataKeys.open(delivery.workspaceId, claim.secretEncrypted);
      const refusal = await this.options.targets.refusalOf(claim.url);
      outcome = refusal
        ? { isSuccess: false, responseStatus: null, responseBody: null, error: `not sent: ${refusal}`, durationMs: 0 }
        : await sendWebhook(claim.url, signWebhook(secret, delivery.eventId, this.clock.now(), body), body, stopSignal);
    } catch (error) {
      // Signing failed on our side (e.g. an unreadable secret): logged as an attempt so it retries, then alerts.
      outcome = { isSuccess: false, responseStatus: null, responseBody: null, error: `could not sign the request: ${(error as Error).message}`, durationMs: 0 };
    }
    if (stopSignal?.aborted && !outcome.isSuccess) {
      // Interrupted by shutdown, not the receiver's fault: hand it back without spending an attempt.
      await this.repository.releaseClaim(this.db, delivery);
      return;
    }
    await this.db.transaction((tx) => this.recordOutcome(tx, claim, outcome));
  }

  private async recordOutcome(tx: Executor, claim: ClaimedDelivery, outcome: SendOutcome): Promise<void> {
    const { delivery } = claim;
    await this.repository.insertAttempt(tx, delivery, {
      responseStatus: outcome.responseStatus,
      responseBody: outcome.responseBody,
      error: outcome.error,
      durationMs: outcome.durationMs,
    });
    const attemptCount = delivery.attemptCount + 1;
    const common = { lastResponseStatus: outcome.responseStatus, lastError: outcome.error };
    if (outcome.isSuccess) {
      await this.repository.settleDelivery(tx, delivery, { ...common, status: 'succeeded', isDelivered: true });
      return;
    }
    if (attemptCount < MAX_ATTEMPTS) {
      await this.repository.settleDelivery(tx, delivery, { ...common, status: 'pending', retryInMs: retryDelayMs(this.options.retryBaseMs, attemptCount) });
      return;
    }
    const settled = await this.repository.settleDelivery(tx, delivery, { ...common, status: 'failed' });
    if (!settled) return;
    await this.audit.raiseAlert(tx, {
      workspaceId: delivery.workspaceId,
      kind: 'webhook.failed',
      message: `A ${delivery.eventType} webhook to ${claim.url} failed after ${MAX_ATTEMPTS} attempts (${outcome.error ?? 'no answer'}).`,
      details: {
        webhookId: delivery.endpointId,
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        url: claim.url,
        attempts: MAX_ATTEMPTS,
        lastResponseStatus: outcome.responseStatus,
        lastError: outcome.error,
      },
    });
  }

  private async requireEndpoint(executor: Executor, workspaceId: string, webhookId: string): Promise<WebhookEndpointRow> {
    const row = await this.repository.findEndpoint(executor, workspaceId, webhookId);
    if (!row) throw notFound();
    return row;
  }
}

function notFound(): AppError {
  return new AppError(WebhookErrorCode.WebhookNotFound, 'No such webhook in this workspace.');
}

function payloadOf(event: DomainEvent): WebhookPayload {
  return toEventEnvelope(event);
}

function present(row: WebhookEndpointRow): TWebhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as EventType[],
    isEnabled: row.isEnabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentDelivery(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]): TWebhookDelivery {
  return {
    id: row.id,
    webhookId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType as EventType,
    status: row.status as DeliveryStatus,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastResponseStatus: row.lastResponseStatus,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === row.id)
      .map((attempt) => ({
        id: attempt.id,
        attemptNumber: attempt.attemptNumber,
        responseStatus: attempt.responseStatus,
        responseBody: attempt.responseBody,
        error: attempt.error,
        durationMs: attempt.durationMs,
        createdAt: attempt.createdAt.toISOString(),
      })),
  };
}
