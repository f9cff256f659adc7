import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { businessMinutesBetween, ALWAYS_OPEN, type CalendarSpec } from '../business-hours/business-calendar.js';
import type { BusinessHoursService } from '../business-hours/business-hours.service.js';
import type { DomainEvent } from '../events/events.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { applyEvent, FACT_EVENT_TYPES, rollupDifference, sumDeltas, ticketIdOf, type BusinessSeconds, type RollupDelta, type TicketFact } from './analytics-facts.js';
import type { AnalyticsRepository, HistoryStep } from './analytics.repository.js';

const REBUILD_TICKETS_PER_PAGE = 2000;

/**
 * Keeps the analytics tables current: each dispatched domain event is folded into its ticket's fact, and the fact's
 * change is added to the daily rollups, in the dispatch transaction (so exactly once). A rebuild refolds every
 * ticket from the system of record, for a workspace whose rollups failed or whose time zone changed.
 */
export class AnalyticsService {
  private readonly rebuiltListeners: Array<(workspaceId: string, tx: Executor) => Promise<unknown>> = [];

  constructor(
    private readonly db: Database,
    private readonly repository: AnalyticsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly businessHours: BusinessHoursService,
    private readonly clock: Clock,
  ) {}

  /** Figures kept beside the facts (the sentiment of messages) rebuilt in the same transaction as they are. */
  onRebuilt(listener: (workspaceId: string, tx: Executor) => Promise<unknown>): void {
    this.rebuiltListeners.push(listener);
  }

  /** The dispatch listener. */
  async handleEvents(events: DomainEvent[], tx: Executor): Promise<void> {
    const byWorkspace = new Map<string, DomainEvent[]>();
    for (const event of events) {
      if (!FACT_EVENT_TYPES.has(event.type) || !ticketIdOf(event)) continue;
      byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), event]);
    }
    for (const [workspaceId, workspaceEvents] of byWorkspace) await this.applyToWorkspace(tx, workspaceId, workspaceEvents);
  }

  private async applyToWorkspace(tx: Executor, workspaceId: string, events: DomainEvent[]): Promise<void> {
    const workspace = await this.workspaces.get(workspaceId, tx);
    const state = await this.repository.lockState(tx, workspaceId, workspace.timeZone);
    const businessSeconds = await this.businessSecondsOf(tx, workspaceId);
    const ticketIds = [...new Set(events.map((event) => ticketIdOf(event)!))];
    const before = new Map((await this.repository.findFactsForUpdate(tx, workspaceId, ticketIds)).map((fact) => [fact.ticketId, fact]));
    const after = new Map<string, TicketFact | null>(before);
    for (const event of events) {
      const ticketId = ticketIdOf(event)!;
      const next = applyEvent(after.get(ticketId) ?? undefined, event, businessSeconds);
      if (next !== undefined) after.set(ticketId, next);
    }
    const upserts: TicketFact[] = [];
    const deletions: string[] = [];
    const deltas: RollupDelta[] = [];
    for (const [ticketId, fact] of after) {
      const previous = before.get(ticketId);
      if (fact === previous) continue;
      if (fact === null) deletions.push(ticketId);
      else upserts.push(fact);
      deltas.push(...rollupDifference(previous, fact ?? undefined, state.timeZone));
    }
    await this.repository.upsertFacts(tx, upserts);
    await this.repository.deleteFacts(tx, workspaceId, deletions);
    await this.repository.applyRollupDeltas(tx, workspaceId, sumDeltas(deltas));
  }

  /**
   * Refolds every ticket of the workspace from the system of record, then the daily rollups from the facts, in the
   * workspace's time zone now. What the record does not keep is left out: reopenings before the last resolution.
   * Runs in the caller's transaction when given one (the demo seed), else in its own; marked failed if it throws.
   */
  async rebuild(workspaceId: string, executor?: Executor): Promise<{ tickets: number }> {
    if (executor) return this.rebuildIn(executor, workspaceId);
    const workspace = await this.workspaces.get(workspaceId);
    await this.db.transaction(async (tx) => {
      await this.repository.lockState(tx, workspaceId, workspace.timeZone);
      await this.repository.updateState(tx, workspaceId, { rebuildStatus: 'rebuilding', rebuildError: null, rebuildStartedAt: this.clock.now(), rebuildFinishedAt: null });
    });
    try {
      return await this.db.transaction((tx) => this.rebuildIn(tx, workspaceId));
    } catch (error) {
      await this.repository.updateState(this.db, workspaceId, { rebuildStatus: 'failed', rebuildError: error instanceof Error ? error.message.slice(0, 500) : 'unknown error', rebuildFinishedAt: this.clock.now() });
      throw error;
    }
  }

  /** Builds the figures of workspaces that existed before analytics (state `pending`), one after the other. */
  async rebuildPending(onError: (error: unknown) => void): Promise<void> {
    for (const workspaceId of await this.repository.listPendingWorkspaceIds(this.db)) {
      await this.rebuild(workspaceId).catch(onError);
    }
  }

  private async rebuildIn(tx: Executor, workspaceId: string): Promise<{ tickets: number }> {
    const workspace = await this.workspaces.get(workspaceId, tx);
    await this.repository.lockState(tx, workspaceId, workspace.timeZone);
    await this.repository.clearWorkspace(tx, workspaceId);
    const businessSeconds = await this.businessSecondsOf(tx, workspaceId);
    let afterTicketId: string | null = null;
    let tickets = 0;
    for (;;) {
      const steps = await this.repository.listHistory(tx, workspaceId, afterTicketId, REBUILD_TICKETS_PER_PAGE);
      if (steps.length === 0) break;
      const facts = foldHistory(workspaceId, steps, businessSeconds);
      await this.repository.upsertFacts(tx, facts);
      tickets += facts.length;
      afterTicketId = steps[steps.length - 1]!.ticketId;
    }
    await this.repository.insertRollupsFromFacts(tx, workspaceId, workspace.timeZone);
    for (const listener of this.rebuiltListeners) await listener(workspaceId, tx);
    await this.repository.updateState(tx, workspaceId, { timeZone: workspace.timeZone, rebuildStatus: 'idle', rebuildError: null, rebuildFinishedAt: this.clock.now() });
    return { tickets };
  }

  /** Business seconds in the workspace's default calendar (round the clock without one). */
  private async businessSecondsOf(executor: Executor, workspaceId: string): Promise<BusinessSeconds> {
    const calendar = await this.businessHours.findDefault(executor, workspaceId);
    const spec: CalendarSpec = calendar ? this.businessHours.specOfRow(calendar) : ALWAYS_OPEN;
    return (from, to) => Math.round(businessMinutesBetween(spec, from, to) * 60);
  }
}

/** The facts of tickets whose steps come ticket by ticket, oldest first (`listHistory`), folded as live events. */
export function foldHistory(workspaceId: string, steps: HistoryStep[], businessSeconds: BusinessSeconds): TicketFact[] {
  const facts: TicketFact[] = [];
  let current: TicketFact | undefined;
  let currentTicketId: string | undefined;
  let neutral: Record<string, unknown> | undefined;
  for (const step of steps) {
    if (step.ticketId !== currentTicketId) {
      if (current) facts.push(current);
      current = undefined;
      currentTicketId = step.ticketId;
      neutral = undefined;
    }
    const base = { id: `history:${step.ticketId}:${step.kind}`, workspaceId, createdAt: step.at };
    let event: DomainEvent;
    switch (step.kind) {
      case 'created':
        // Until the last step, the ticket counts as open: its resolution is the record's, applied by the final step.
        neutral = { ...step.ticket, statusCategory: 'open', resolvedAt: null };
        event = { ...base, type: 'ticket.created', data: { ticket: neutral, actorId: step.actorId } };
        break;
      case 'comment':
        event = { ...base, type: 'comment.created', data: { ticketId: step.ticketId, comment: { isPublic: step.isPublic, authorType: step.authorType, createdAt: step.at.toISOString() } } };
        break;
      case 'change':
        event = { ...base, type: 'ticket.updated', data: { ticket: neutral, changes: step.changes ?? [] } };
        break;
      case 'rated':
        event = { ...base, type: 'ticket.satisfaction_rated', data: { ticketId: step.ticketId, rating: step.rating } };
        break;
      case 'offered':
        event = { ...base, type: 'ticket.satisfaction_offered', data: { ticketId: step.ticketId, offeredAt: step.at.toISOString() } };
        break;
      case 'breached':
        event = { ...base, type: 'sla.breached', data: { ticketId: step.ticketId } };
        break;
      case 'final':
        event = { ...base, type: 'ticket.updated', data: { ticket: step.ticket, changes: [] } };
        break;
    }
    const next = applyEvent(current, event, businessSeconds);
    if (next) current = next;
  }
  if (current) facts.push(current);
  return facts;
}
