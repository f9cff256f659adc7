import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, SlaErrorCode, validationError } from '../../shared/errors.js';
import { interruptibleSleep } from '../../shared/sleep.js';
import type { Actor } from '../auth/permissions.js';
import type { CalendarSpec } from '../business-hours/business-calendar.js';
import type { BusinessHoursService } from '../business-hours/business-hours.service.js';
import type { TComment } from '../comments/comments.schema.js';
import type { DomainEvent } from '../events/events.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { TicketChange } from '../tickets/tickets.repository.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import { elapsedAt, remainingAt, resumed, scheduleOf, stopped, type SlaClockState } from './sla-clock.js';
import { choosePolicy, DEFAULT_BREACH_ACTIONS, DEFAULT_TARGETS, NO_CONDITIONS, raisedPriority, targetMinutesOf, type SlaMetric, type SlaTargetsByPriority } from './sla-policies.js';
import type { SlaPolicyRow, SlaRepository, SlaTargetRow, SlaTicketFacts } from './sla.repository.js';
import type { TCreateSlaPolicyRequest, TSlaPolicy, TSlaTarget, TTicketSla, TUpdateSlaPolicyRequest } from './sla.schema.js';

const PAUSED_CATEGORIES = new Set(['pending', 'on_hold']);
const DONE_CATEGORIES = new Set(['resolved', 'closed']);
const RESPONSE_METRICS: ReadonlySet<string> = new Set<SlaMetric>(['first_response', 'next_response']);
/** The fields whose change can put a ticket under another policy or target. */
const POLICY_FIELDS = new Set(['priority', 'category', 'channel', 'customerId']);
const SWEEP_BATCH_SIZE = 100;
/** Past events heard per dispatch-sized batch when a ticket's history is replayed. */
const HISTORY_BATCH = 500;
export const DEFAULT_POLICY_NAME = 'Default';

/** The state the event handlers share within one dispatch: tickets, their live clocks, policies and calendars. */
interface Batch {
  tx: Executor;
  facts: Map<string, SlaTicketFacts>;
  live: Map<string, SlaTargetRow[]>;
  withFirstResponse: Set<string>;
  policies: Map<string, SlaPolicyRow[]>;
  calendars: Map<string, CalendarSpec>;
}

/**
 * SLA clocks. A durable listener of ticket and comment events starts, stops, pauses and re-targets each ticket's
 * clocks in the dispatch transaction (so a redelivered event cannot count twice); the sweep fires warnings and
 * breaches once each, from the database, so a restart loses none and repeats none.
 */
export class SlaService {
  constructor(
    private readonly db: Database,
    private readonly repository: SlaRepository,
    private readonly businessHours: BusinessHoursService,
    private readonly tickets: TicketsService,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  // ── Policies ────────────────────────────────────────────────────────────────────────────────────────────

  async listPolicies(actor: Actor): Promise<TSlaPolicy[]> {
    const rows = await this.db.transaction((tx) => this.policiesOf(tx, actor.workspaceId));
    return rows.map(presentPolicy);
  }

  async getPolicy(actor: Actor, policyId: string): Promise<TSlaPolicy> {
    return presentPolicy(await this.requirePolicy(this.db, actor.workspaceId, policyId));
  }

  async createPolicy(actor: Actor, input: TCreateSlaPolicyRequest): Promise<TSlaPolicy> {
    const row = await this.db.transaction(async (tx) => {
      await this.policiesOf(tx, actor.workspaceId);
      await this.checkPolicyReferences(tx, actor.workspaceId, input.name, input.calendarId, input.breachActions.reassignTeamId);
      const position = input.position ?? (await this.repository.nextPosition(tx, actor.workspaceId));
      return this.repository.insertPolicy(tx, { workspaceId: actor.workspaceId, ...input, position, isDefault: false });
    });
    return presentPolicy(row);
  }

  async updatePolicy(actor: Actor, policyId: string, changes: TUpdateSlaPolicyRequest): Promise<TSlaPolicy> {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.requirePolicy(tx, actor.workspaceId, policyId);
      if (current.isDefault && changes.conditions && !isEmptyConditions(changes.conditions)) {
        throw new AppError(SlaErrorCode.DefaultPolicyFixed, 'The default policy covers every ticket no other policy matches: it has no conditions.');
      }
      await this.checkPolicyReferences(tx, actor.workspaceId, changes.name, changes.calendarId, changes.breachActions?.reassignTeamId, current.id);
      return this.repository.updatePolicy(tx, actor.workspaceId, policyId, changes);
    });
    return presentPolicy(row);
  }

  async deletePolicy(actor: Actor, policyId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const policy = await this.requirePolicy(tx, actor.workspaceId, policyId);
      if (policy.isDefault) throw new AppError(SlaErrorCode.DefaultPolicyFixed, 'The default policy cannot be deleted; turn it off instead.');
      await this.repository.deletePolicy(tx, actor.workspaceId, policyId);
    });
  }

  // ── Reading a ticket's clocks ───────────────────────────────────────────────────────────────────────────

  async getTicketSla(actor: Actor, ticketIdOrNumber: string): Promise<TTicketSla> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const rows = await this.repository.listForTicket(this.db, actor.workspaceId, ticket.id);
    const now = this.clock.now();
    const targets = await Promise.all(rows.map(async (row) => this.presentTarget(row, await this.businessHours.specOf(this.db, actor.workspaceId, row.calendarId), now)));
    targets.sort((a, b) => Number(isEnded(a)) - Number(isEnded(b)));
    const latest = rows[0];
    const policy = latest?.policyId ? await this.repository.findPolicy(this.db, actor.workspaceId, latest.policyId) : undefined;
    const dueTimes = targets.filter((target) => target.state === 'running' && target.dueAt).map((target) => target.dueAt!).sort();
    return { ticketId: ticket.id, policy: policy ? { id: policy.id, name: policy.name } : null, targets, nextDueAt: dueTimes[0] ?? null };
  }

  /**
   * The clock that matters most for each ticket, for badges in lists: the running one due first, else a paused one.
   * Tickets without a live clock are left out.
   */
  async listNextOfTickets(actor: Actor, ticketIds: string[]): Promise<Array<{ ticketId: string; target: TSlaTarget }>> {
    const rows = await this.repository.listLiveOfTickets(this.db, actor.workspaceId, [...new Set(ticketIds)]);
    const now = this.clock.now();
    const chosen = new Map<string, SlaTargetRow>();
    for (const row of rows) {
      const current = chosen.get(row.ticketId);
      if (!current || rank(row) < rank(current)) chosen.set(row.ticketId, row);
    }
    return Promise.all(
      [...chosen.values()].map(async (row) => ({ ticketId: row.ticketId, target: this.presentTarget(row, await this.businessHours.specOf(this.db, actor.workspaceId, row.calendarId), now) })),
    );
  }

  /** How many tickets (of an assignee or some teams, when given) have a clock at risk as `listAtRisk` lists them. */
  async countAtRisk(workspaceId: string, withinMinutes: number, scope: { assigneeId?: string; teamIds?: string[] } = {}): Promise<number> {
    const now = this.clock.now();
    return this.repository.countRunningDueBy(this.db, workspaceId, new Date(now.getTime() + withinMinutes * 60_000), now, scope);
  }

  /** Running clocks due within `withinMinutes`, past their warning share, or overdue, soonest first: the "SLA at risk" view. */
  async listAtRisk(actor: Actor, query: { withinMinutes: number; limit: number }) {
    const now = this.clock.now();
    const rows = await this.repository.listRunningDueBy(this.db, actor.workspaceId, new Date(now.getTime() + query.withinMinutes * 60_000), query.limit, now);
    return Promise.all(rows.map(async ({ target, ticket }) => ({ ticket, target: this.presentTarget(target, await this.businessHours.specOf(this.db, actor.workspaceId, target.calendarId), now) })));
  }

  // ── The event listener ──────────────────────────────────────────────────────────────────────────────────

  /** Durable listener: ticket and comment events move the tickets' clocks, in the dispatch transaction. */
  async handleEvents(events: DomainEvent[], tx: Executor): Promise<void> {
    const relevant = events.filter((event) => ticketIdOf(event) !== undefined);
    if (relevant.length === 0) return;
    const ticketIds = [...new Set(relevant.map((event) => ticketIdOf(event)!))];
    const batch: Batch = {
      tx,
      facts: new Map((await this.repository.listTicketFacts(tx, ticketIds)).map((facts) => [facts.id, facts])),
      live: new Map(),
      withFirstResponse: await this.repository.listTicketsWithFirstResponse(tx, ticketIds),
      policies: new Map(),
      calendars: new Map(),
    };
    for (const row of await this.repository.listLiveForUpdate(tx, ticketIds)) batch.live.set(row.ticketId, [...(batch.live.get(row.ticketId) ?? []), row]);
    for (const event of relevant) {
      const ticketId = ticketIdOf(event)!;
      // A ticket deleted since: its clocks went with it.
      if (!batch.facts.has(ticketId)) continue;
      if (event.type === 'ticket.created') await this.onTicketCreated(batch, ticketId, event);
      else if (event.type === 'ticket.updated') await this.onTicketUpdated(batch, ticketId, event);
      else if (event.type === 'comment.created') await this.onCommentCreated(batch, ticketId, event);
    }
  }

  private async onTicketCreated(batch: Batch, ticketId: string, event: DomainEvent): Promise<void> {
    const facts = batch.facts.get(ticketId)!;
    // A ticket created solved needs no clock; a replayed one is solved only later in its story.
    if (DONE_CATEGORIES.has(facts.statusCategory) && !(event.data as { isReplay?: boolean }).isReplay) return;
    const createdAt = new Date(String((event.data as { ticket?: { createdAt?: string } }).ticket?.createdAt ?? event.createdAt.toISOString()));
    await this.start(batch, facts, 'first_response', createdAt);
    await this.start(batch, facts, 'resolution', createdAt);
  }

  private async onTicketUpdated(batch: Batch, ticketId: string, event: DomainEvent): Promise<void> {
    const changes = ((event.data as { changes?: TicketChange[] }).changes ?? []) as TicketChange[];
    const at = event.createdAt;
    const facts = batch.facts.get(ticketId)!;
    const category = changes.find((change) => change.field === 'statusCategory');
    if (category) {
      const from = String(category.from);
      const to = String(category.to);
      if (DONE_CATEGORIES.has(to) && !DONE_CATEGORIES.has(from)) {
        for (const target of this.liveOf(batch, ticketId)) {
          if (target.metric === 'resolution') await this.end(batch, target, at, 'fulfilled');
          else await this.end(batch, target, at, 'cancelled');
        }
      } else if (DONE_CATEGORIES.has(from) && !DONE_CATEGORIES.has(to)) {
        await this.reopenResolution(batch, facts, at, PAUSED_CATEGORIES.has(to));
      } else if (PAUSED_CATEGORIES.has(to) && !PAUSED_CATEGORIES.has(from)) {
        for (const target of this.liveOf(batch, ticketId)) await this.pause(batch, target, at);
      } else if (PAUSED_CATEGORIES.has(from) && !PAUSED_CATEGORIES.has(to)) {
        for (const target of this.liveOf(batch, ticketId)) await this.resume(batch, target, at);
      }
    }
    if (changes.some((change) => POLICY_FIELDS.has(change.field))) await this.retarget(batch, facts, at);
  }

  private async onCommentCreated(batch: Batch, ticketId: string, event: DomainEvent): Promise<void> {
    const comment = (event.data as { comment?: TComment }).comment;
    if (!comment?.isPublic) return;
    const at = new Date(comment.createdAt);
    if (comment.authorType === 'user') {
      for (const target of this.liveOf(batch, ticketId)) if (RESPONSE_METRICS.has(target.metric)) await this.end(batch, target, at, 'fulfilled');
      return;
    }
    if (comment.authorType !== 'customer') return;
    const facts = batch.facts.get(ticketId)!;
    // Before the first reply the first-response clock is the one that counts; a solved ticket has no reply owed.
    if (!batch.withFirstResponse.has(ticketId) || DONE_CATEGORIES.has(facts.statusCategory)) return;
    if (this.liveOf(batch, ticketId).some((target) => RESPONSE_METRICS.has(target.metric))) return;
    await this.start(batch, facts, 'next_response', at);
  }

  /** Starts a clock for the metric under the ticket's policy, unless one is live or the policy sets no target. */
  private async start(batch: Batch, facts: SlaTicketFacts, metric: SlaMetric, at: Date): Promise<void> {
    if (this.liveOf(batch, facts.id).some((target) => target.metric === metric)) return;
    const policy = await this.policyFor(batch, facts);
    const minutes = policy ? targetMinutesOf(policy.targets, facts.priority, metric) : null;
    if (!policy || minutes === null) return;
    const calendar = await this.calendarOf(batch, facts.workspaceId, policy.calendarId);
    const clock: SlaClockState = { targetMinutes: minutes, warningPercent: policy.warningPercent, elapsedMinutes: 0, runningSince: PAUSED_CATEGORIES.has(facts.statusCategory) ? null : at };
    const row = await this.repository.insertTarget(batch.tx, {
      workspaceId: facts.workspaceId,
      ticketId: facts.id,
      policyId: policy.id,
      metric,
      calendarId: policy.calendarId,
      startedAt: at,
      ...clock,
      ...scheduleOf(calendar, clock),
    });
    batch.live.set(facts.id, [...this.liveOf(batch, facts.id), row]);
    if (metric === 'first_response') batch.withFirstResponse.add(facts.id);
  }

  /**
   * Ends a clock. Fulfilled past its due time it counts as breached, with its `sla.breached` event, even if the
   * sweep had not come round yet.
   */
  private async end(batch: Batch, target: SlaTargetRow, at: Date, how: 'fulfilled' | 'cancelled'): Promise<void> {
    const calendar = await this.calendarOf(batch, target.workspaceId, target.calendarId);
    const clock = stopped(calendar, target, at);
    const isLate = how === 'fulfilled' && target.breachedAt === null && clock.elapsedMinutes > target.targetMinutes;
    const row = await this.repository.updateTarget(batch.tx, target.id, {
      elapsedMinutes: clock.elapsedMinutes,
      runningSince: null,
      warnAt: null,
      ...(how === 'fulfilled' ? { fulfilledAt: at } : { cancelledAt: at }),
      ...(isLate ? { breachedAt: target.dueAt ?? at } : {}),
    });
    this.replaceLive(batch, row);
    if (isLate) await this.recordSlaEvent(batch.tx, 'sla.breached', row, await this.ticketSummary(batch.tx, row));
  }

  private async pause(batch: Batch, target: SlaTargetRow, at: Date): Promise<void> {
    if (!target.runningSince) return;
    const calendar = await this.calendarOf(batch, target.workspaceId, target.calendarId);
    const clock = stopped(calendar, target, at);
    this.replaceLive(batch, await this.repository.updateTarget(batch.tx, target.id, { elapsedMinutes: clock.elapsedMinutes, runningSince: null, dueAt: null, warnAt: null }));
  }

  private async resume(batch: Batch, target: SlaTargetRow, at: Date): Promise<void> {
    if (target.runningSince) return;
    const calendar = await this.calendarOf(batch, target.workspaceId, target.calendarId);
    const clock = resumed(target, at);
    this.replaceLive(batch, await this.repository.updateTarget(batch.tx, target.id, { runningSince: clock.runningSince, ...scheduleOf(calendar, clock) }));
  }

  /** A solved ticket opened again: its resolution clock goes on from what it had counted. */
  private async reopenResolution(batch: Batch, facts: SlaTicketFacts, at: Date, isPaused: boolean): Promise<void> {
    if (this.liveOf(batch, facts.id).some((target) => target.metric === 'resolution')) return;
    const last = await this.repository.findLastResolution(batch.tx, facts.id);
    if (!last) return this.start(batch, facts, 'resolution', at);
    const calendar = await this.calendarOf(batch, last.workspaceId, last.calendarId);
    const clock: SlaClockState = { ...last, runningSince: isPaused ? null : at };
    const row = await this.repository.updateTarget(batch.tx, last.id, { fulfilledAt: null, runningSince: clock.runningSince, ...scheduleOf(calendar, clock) });
    batch.live.set(facts.id, [...this.liveOf(batch, facts.id), row]);
  }

  /** The ticket's priority, category, channel or customer changed: its live clocks follow the policy that now applies. */
  private async retarget(batch: Batch, staleFacts: SlaTicketFacts, at: Date): Promise<void> {
    // The facts were read when the dispatch began; a change in this batch is in the ticket row by now.
    const [facts] = await this.repository.listTicketFacts(batch.tx, [staleFacts.id]);
    if (!facts) return;
    batch.facts.set(facts.id, facts);
    const policy = await this.policyFor(batch, facts);
    for (const target of this.liveOf(batch, facts.id)) {
      // A missed target stays missed: re-targeting does not wipe the breach.
      if (target.breachedAt) continue;
      const minutes = policy ? targetMinutesOf(policy.targets, facts.priority, target.metric as SlaMetric) : null;
      if (!policy || minutes === null) {
        await this.end(batch, target, at, 'cancelled');
        continue;
      }
      if (policy.id === target.policyId && minutes === target.targetMinutes && policy.calendarId === target.calendarId && policy.warningPercent === target.warningPercent) continue;
      // The minutes counted so far are kept (on the old calendar); the rest runs on the new one.
      const oldCalendar = await this.calendarOf(batch, target.workspaceId, target.calendarId);
      const counted = target.runningSince ? elapsedAt(oldCalendar, target, at) : target.elapsedMinutes;
      const clock: SlaClockState = { targetMinutes: minutes, warningPercent: policy.warningPercent, elapsedMinutes: counted, runningSince: target.runningSince ? at : null };
      const calendar = await this.calendarOf(batch, facts.workspaceId, policy.calendarId);
      const row = await this.repository.updateTarget(batch.tx, target.id, {
        policyId: policy.id,
        calendarId: policy.calendarId,
        ...clock,
        ...scheduleOf(calendar, clock),
        ...(target.warnedAt && (counted / minutes) * 100 < policy.warningPercent ? { warnedAt: null } : {}),
      });
      this.replaceLive(batch, row);
    }
  }

  /**
   * Gives tickets written with their past (the demo's 90 days) the clocks they would have had: their history is
   * heard as the live events would have been, oldest first, in the caller's transaction, and what fell due before
   * now is marked warned / breached at the time it did, without announcing it again (no notification, no
   * escalation). Tickets solved by now keep the clocks their story gave them, ended at their resolution (breached
   * when it came late), so past SLA achievement shows; one solved without its resolution in the timeline has its
   * clocks cancelled then.
   */
  async replayHistory(tx: Executor, workspaceId: string): Promise<void> {
    const history = await this.repository.listHistory(tx, workspaceId);
    const events: DomainEvent[] = history.map((item, index) => {
      const base = { id: `history:${index}`, workspaceId, createdAt: item.at };
      if (item.kind === 'created') return { ...base, type: 'ticket.created', data: { ticket: { id: item.ticketId, createdAt: item.at.toISOString() }, isReplay: true } };
      if (item.kind === 'comment') return { ...base, type: 'comment.created', data: { ticketId: item.ticketId, comment: { isPublic: true, authorType: item.authorType, createdAt: item.at.toISOString() } } };
      return { ...base, type: 'ticket.updated', data: { ticket: { id: item.ticketId }, changes: item.changes ?? [] } };
    });
    for (let start = 0; start < events.length; start += HISTORY_BATCH) await this.handleEvents(events.slice(start, start + HISTORY_BATCH), tx);
    await this.repository.cancelLiveOfSolvedTickets(tx, workspaceId);
    await this.repository.markPastDue(tx, workspaceId, this.clock.now());
  }

  // ── The sweep ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Fires what is due: a warning when a running clock reaches its share, a breach when it reaches its target, each
   * once (the flag is set in the transaction that records the event and applies the actions). Returns the counts.
   */
  async fireDue(): Promise<{ warned: number; breached: number }> {
    let warned = 0;
    let breached = 0;
    for (;;) {
      const now = this.clock.now();
      const fired = await this.db.transaction(async (tx) => {
        const rows = await this.repository.listToFireForUpdate(tx, now, SWEEP_BATCH_SIZE);
        for (const row of rows) {
          const ticket = await this.ticketSummary(tx, row);
          if (row.breachedAt === null && row.dueAt && row.dueAt <= now) {
            await this.repository.updateTarget(tx, row.id, { breachedAt: row.dueAt, ...(row.warnedAt ? {} : { warnedAt: now }) });
            await this.recordSlaEvent(tx, 'sla.breached', row, ticket);
            await this.applyBreachActions(tx, row, ticket);
            breached += 1;
          } else if (row.warnedAt === null && row.warnAt && row.warnAt <= now) {
            await this.repository.updateTarget(tx, row.id, { warnedAt: now });
            await this.recordSlaEvent(tx, 'sla.warning', row, ticket);
            await this.notifyPeople(tx, row, ticket, 'sla_warning');
            warned += 1;
          }
        }
        return rows.length;
      });
      if (fired > 0) this.outbox.nudge();
      if (fired < SWEEP_BATCH_SIZE) break;
    }
    return { warned, breached };
  }

  /** The sweep every `intervalMs`, until the signal aborts. */
  async runSweep(signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.fireDue();
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(intervalMs, signal).done;
    }
  }

  private async applyBreachActions(tx: Executor, target: SlaTargetRow, ticket: TicketSummary | undefined): Promise<void> {
    if (!ticket) return;
    const policy = target.policyId ? await this.repository.findPolicy(tx, target.workspaceId, target.policyId) : undefined;
    const actions = policy?.breachActions ?? DEFAULT_BREACH_ACTIONS;
    const changes: { priority?: 'low' | 'normal' | 'high' | 'urgent'; teamId?: string } = {};
    if (actions.isPriorityRaised && raisedPriority(ticket.priority) !== ticket.priority) changes.priority = raisedPriority(ticket.priority) as 'high';
    if (actions.reassignTeamId && actions.reassignTeamId !== ticket.teamId) changes.teamId = actions.reassignTeamId;
    if (Object.keys(changes).length > 0) {
      const locked = await this.tickets.require(tx, target.workspaceId, target.ticketId, true);
      // A team deleted since the policy named it: the escalation does what it still can.
      await this.tickets.applyChanges(tx, { workspaceId: target.workspaceId, userId: null }, locked, changes).catch(async (error) => {
        if (!changes.teamId) throw error;
        const { teamId: _dropped, ...rest } = changes;
        if (Object.keys(rest).length > 0) await this.tickets.applyChanges(tx, { workspaceId: target.workspaceId, userId: null }, locked, rest);
      });
    }
    if (actions.isNotified) await this.notifyPeople(tx, target, ticket, 'sla_breach');
  }

  /** The assignee and the workspace's managers and admins hear of it in the app. */
  private async notifyPeople(tx: Executor, target: SlaTargetRow, ticket: TicketSummary | undefined, kind: 'sla_warning' | 'sla_breach'): Promise<void> {
    if (!ticket) return;
    const managers = await this.users.listActiveByRoles(tx, target.workspaceId, ['admin', 'manager']);
    const userIds = new Set([...(ticket.assigneeId ? [ticket.assigneeId] : []), ...managers.map((user) => user.id)]);
    await this.notifications.notifyMany(tx, [...userIds].map((userId) => ({ workspaceId: target.workspaceId, userId, kind, ticketId: target.ticketId, actorUserId: null })));
  }

  private async recordSlaEvent(tx: Executor, type: 'sla.warning' | 'sla.breached', target: SlaTargetRow, ticket: TicketSummary | undefined): Promise<void> {
    await this.outbox.record(tx, target.workspaceId, type, {
      ticketId: target.ticketId,
      ticketNumber: ticket?.number ?? null,
      metric: target.metric,
      targetMinutes: target.targetMinutes,
      dueAt: target.dueAt?.toISOString() ?? null,
      policyId: target.policyId,
    });
  }

  private async ticketSummary(tx: Executor, target: SlaTargetRow): Promise<TicketSummary | undefined> {
    const row = await this.tickets.require(tx, target.workspaceId, target.ticketId).catch(() => undefined);
    return row ? { number: row.number, priority: row.priority, teamId: row.teamId, assigneeId: row.assigneeId } : undefined;
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────

  /** The workspace's policies; the default one is made the first time they are needed. */
  private async policiesOf(tx: Executor, workspaceId: string): Promise<SlaPolicyRow[]> {
    const rows = await this.repository.listPolicies(tx, workspaceId);
    if (rows.some((row) => row.isDefault)) return rows;
    await this.createDefaultPolicy(tx, workspaceId);
    return this.repository.listPolicies(tx, workspaceId);
  }

  /** Makes the workspace's default policy, in the caller's transaction, unless it has one (the demo gives its own targets). */
  async createDefaultPolicy(tx: Executor, workspaceId: string, targets: SlaTargetsByPriority = DEFAULT_TARGETS): Promise<void> {
    await this.repository.insertPolicyIfAbsent(tx, {
      workspaceId,
      name: DEFAULT_POLICY_NAME,
      position: 1_000_000,
      isDefault: true,
      conditions: NO_CONDITIONS,
      targets,
      calendarId: null,
      warningPercent: 75,
      breachActions: DEFAULT_BREACH_ACTIONS,
    });
  }

  private async policyFor(batch: Batch, facts: SlaTicketFacts): Promise<SlaPolicyRow | undefined> {
    let policies = batch.policies.get(facts.workspaceId);
    if (!policies) {
      policies = await this.policiesOf(batch.tx, facts.workspaceId);
      batch.policies.set(facts.workspaceId, policies);
    }
    return choosePolicy(policies, facts);
  }

  private async calendarOf(batch: Batch, workspaceId: string, calendarId: string | null): Promise<CalendarSpec> {
    const key = calendarId ?? '';
    let spec = batch.calendars.get(key);
    if (!spec) {
      spec = await this.businessHours.specOf(batch.tx, workspaceId, calendarId);
      batch.calendars.set(key, spec);
    }
    return spec;
  }

  private liveOf(batch: Batch, ticketId: string): SlaTargetRow[] {
    return batch.live.get(ticketId) ?? [];
  }

  /** Keeps the batch's view of live clocks in step with a changed row (an ended clock leaves it). */
  private replaceLive(batch: Batch, row: SlaTargetRow): void {
    const others = this.liveOf(batch, row.ticketId).filter((target) => target.id !== row.id);
    batch.live.set(row.ticketId, row.fulfilledAt || row.cancelledAt ? others : [...others, row]);
  }

  private async requirePolicy(executor: Executor, workspaceId: string, policyId: string): Promise<SlaPolicyRow> {
    const row = await this.repository.findPolicy(executor, workspaceId, policyId);
    if (!row) throw new AppError(SlaErrorCode.PolicyNotFound, 'No such SLA policy.');
    return row;
  }

  private async checkPolicyReferences(tx: Executor, workspaceId: string, name: string | undefined, calendarId: string | null | undefined, teamId: string | null | undefined, exceptId?: string): Promise<void> {
    if (name !== undefined && (await this.repository.isPolicyNameTaken(tx, workspaceId, name, exceptId))) throw new AppError(SlaErrorCode.PolicyNameTaken, `An SLA policy named "${name}" already exists.`);
    if (calendarId) await this.businessHours.require(tx, workspaceId, calendarId).catch(() => Promise.reject(validationError('calendarId', 'no such business-hours calendar in this workspace')));
    if (teamId && !(await this.users.findTeam(tx, workspaceId, teamId))) throw validationError('breachActions.reassignTeamId', 'no such team in this workspace');
  }

  private presentTarget(row: SlaTargetRow, calendar: CalendarSpec, now: Date): TSlaTarget {
    const remaining = remainingAt(calendar, row, now);
    const state = row.fulfilledAt ? 'fulfilled' : row.cancelledAt ? 'cancelled' : row.runningSince ? 'running' : 'paused';
    const isLiveTarget = state === 'running' || state === 'paused';
    return {
      id: row.id,
      metric: row.metric as SlaMetric,
      state,
      targetMinutes: row.targetMinutes,
      startedAt: row.startedAt.toISOString(),
      dueAt: row.dueAt?.toISOString() ?? null,
      remainingMinutes: Math.round(remaining * 10) / 10,
      isWarning: row.warnedAt !== null || (isLiveTarget && row.targetMinutes - remaining >= (row.targetMinutes * row.warningPercent) / 100),
      isBreached: row.breachedAt !== null || remaining < 0,
      warnedAt: row.warnedAt?.toISOString() ?? null,
      breachedAt: row.breachedAt?.toISOString() ?? null,
      fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
      policyId: row.policyId,
      calendarId: row.calendarId,
    };
  }
}

interface TicketSummary {
  number: number;
  priority: string;
  teamId: string | null;
  assigneeId: string | null;
}

function ticketIdOf(event: DomainEvent): string | undefined {
  if (event.type === 'ticket.created' || event.type === 'ticket.updated') return (event.data as { ticket?: { id?: string } }).ticket?.id;
  if (event.type === 'comment.created') return (event.data as { ticketId?: string }).ticketId;
  return undefined;
}

/** Running clocks by due time come before paused ones. */
function rank(row: SlaTargetRow): number {
  return row.runningSince && row.dueAt ? row.dueAt.getTime() : Number.MAX_SAFE_INTEGER;
}

function isEnded(target: TSlaTarget): boolean {
  return target.state === 'fulfilled' || target.state === 'cancelled';
}

function isEmptyConditions(conditions: TCreateSlaPolicyRequest['conditions']): boolean {
  return Object.values(conditions).every((values) => values.length === 0);
}

function presentPolicy(row: SlaPolicyRow): TSlaPolicy {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    isActive: row.isActive,
    isDefault: row.isDefault,
    conditions: row.conditions as TSlaPolicy['conditions'],
    targets: row.targets,
    calendarId: row.calendarId,
    warningPercent: row.warningPercent,
    breachActions: row.breachActions,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
