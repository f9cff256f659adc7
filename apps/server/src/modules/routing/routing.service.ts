import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, RoutingErrorCode, UserErrorCode, validationError } from '../../shared/errors.js';
import { interruptibleSleep } from '../../shared/sleep.js';
import type { Actor } from '../auth/permissions.js';
import { compileConditions, fieldsOf, type CompiledConditions, type RuleFacts } from '../automations/rule-conditions.js';
import { isOpenAt } from '../business-hours/business-calendar.js';
import type { BusinessHoursService } from '../business-hours/business-hours.service.js';
import type { DomainEvent } from '../events/events.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { TicketChange, TicketRow, TicketsRepository } from '../tickets/tickets.repository.js';
import type { TTicket } from '../tickets/tickets.schema.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import { chooseAgent, isAvailable, type AgentCandidate, type RoutingStrategy } from './routing-decision.js';
import type { RoutingRepository, RoutingRuleRow, TeamMemberRow, TeamSettingsRow, WaitingTicketRow } from './routing.repository.js';
import type {
  TAgentRoutingProfile,
  TCreateRoutingRuleRequest,
  TPutAgentRoutingProfileRequest,
  TPutTeamRoutingSettingsRequest,
  TRoutingRule,
  TTeamRoutingSettings,
  TUpdateRoutingRuleRequest,
} from './routing.schema.js';
import type { SkillLevel } from './routing.tables.js';

/** Open tickets an agent without a routing profile takes at once. */
export const DEFAULT_TICKET_CAPACITY = 10;
/** Waiting tickets looked at per team and pass (the rest wait for the next event or sweep). */
const ASSIGN_BATCH = 100;
const DONE_CATEGORIES = new Set(['resolved', 'closed']);
const LOAD_CATEGORIES = new Set(['new', 'open']);
/** Live chats are handed to agents by the chat queue (chat capacity, places in line); routing only picks their team. */
const CHAT_CHANNEL = 'chat';
const HOUR_MS = 3_600_000;

interface TicketEventData {
  ticket?: { id?: string };
  changes?: TicketChange[];
  userId?: string;
  availability?: string;
}

/** What a routing pass gathers once per workspace and dispatch. */
interface WorkspacePass {
  rules?: Array<{ row: RoutingRuleRow; matches: CompiledConditions }>;
  teamsToServe: Set<string>;
}

/**
 * Ticket routing. A durable listener of ticket and availability events picks a new (or reopened) ticket's team by
 * the first matching routing rule, then hands waiting tickets to the team's agents by its strategy, in the dispatch
 * transaction; the sweep takes back the work of agents offline too long, overflows queues that wait too long to their
 * backup team, and serves every queue again (shifts start, capacity frees up). Routing only ever assigns a ticket
 * nobody holds: a person's assignment, or a claim, is never overridden.
 */
export class RoutingService {
  private readonly compiled = new Map<string, { version: number; matches: CompiledConditions }>();

  constructor(
    private readonly db: Database,
    private readonly repository: RoutingRepository,
    private readonly tickets: TicketsService,
    private readonly ticketsRepository: TicketsRepository,
    private readonly users: UsersRepository,
    private readonly businessHours: BusinessHoursService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  // ── Rules ───────────────────────────────────────────────────────────────────────────────────────────────

  async listRules(actor: Actor): Promise<TRoutingRule[]> {
    return (await this.repository.listRules(this.db, actor.workspaceId)).map(presentRule);
  }

  async getRule(actor: Actor, ruleId: string): Promise<TRoutingRule> {
    return presentRule(await this.requireRule(this.db, actor.workspaceId, ruleId));
  }

  async createRule(actor: Actor, input: TCreateRoutingRuleRequest): Promise<TRoutingRule> {
    const row = await this.db.transaction(async (tx) => {
      await this.requireTeam(tx, actor.workspaceId, input.teamId, 'teamId');
      const position = input.position ?? (await this.repository.nextPosition(tx, actor.workspaceId));
      return this.repository.insertRule(tx, { workspaceId: actor.workspaceId, ...input, position });
    });
    return presentRule(row);
  }

  async updateRule(actor: Actor, ruleId: string, changes: TUpdateRoutingRuleRequest): Promise<TRoutingRule> {
    const row = await this.db.transaction(async (tx) => {
      await this.requireRule(tx, actor.workspaceId, ruleId);
      if (changes.teamId) await this.requireTeam(tx, actor.workspaceId, changes.teamId, 'teamId');
      return this.repository.updateRule(tx, actor.workspaceId, ruleId, changes);
    });
    return presentRule(row);
  }

  async deleteRule(actor: Actor, ruleId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.requireRule(tx, actor.workspaceId, ruleId);
      await this.repository.deleteRule(tx, actor.workspaceId, ruleId);
    });
  }

  // ── Team settings and agent profiles ────────────────────────────────────────────────────────────────────

  async getTeamSettings(actor: Actor, teamId: string): Promise<TTeamRoutingSettings> {
    await this.requireTeam(this.db, actor.workspaceId, teamId);
    return presentTeamSettings(teamId, await this.repository.findTeamSettings(this.db, actor.workspaceId, teamId));
  }

  async putTeamSettings(actor: Actor, teamId: string, input: TPutTeamRoutingSettingsRequest): Promise<TTeamRoutingSettings> {
    const row = await this.db.transaction(async (tx) => {
      await this.requireTeam(tx, actor.workspaceId, teamId);
      if (input.backupTeamId) {
        if (input.backupTeamId === teamId) throw validationError('backupTeamId', 'a team cannot be its own backup');
        await this.requireTeam(tx, actor.workspaceId, input.backupTeamId, 'backupTeamId');
      }
      return this.repository.upsertTeamSettings(tx, { teamId, workspaceId: actor.workspaceId, ...input });
    });
    // A team that starts handing out work serves its queue now, not at the next sweep.
    if (row.strategy !== 'manual') await this.serveTeams(actor.workspaceId, [teamId]);
    return presentTeamSettings(teamId, row);
  }

  async getAgentProfile(actor: Actor, userId: string): Promise<TAgentRoutingProfile> {
    await this.requireUser(this.db, actor.workspaceId, userId);
    return presentProfile(userId, await this.repository.findAgentProfile(this.db, actor.workspaceId, userId));
  }

  async putAgentProfile(actor: Actor, userId: string, input: TPutAgentRoutingProfileRequest): Promise<TAgentRoutingProfile> {
    const row = await this.db.transaction(async (tx) => {
      await this.requireUser(tx, actor.workspaceId, userId);
      if (input.shiftCalendarId) {
        await this.businessHours.require(tx, actor.workspaceId, input.shiftCalendarId).catch(() => {
          throw validationError('shiftCalendarId', 'no such business-hours calendar in this workspace');
        });
      }
      return this.repository.upsertAgentProfile(tx, { userId, workspaceId: actor.workspaceId, ...input });
    });
    // More capacity, new skills or a shift starting now: the agent's teams may have work for them.
    await this.serveTeams(actor.workspaceId, await this.repository.listTeamIdsOfUser(this.db, actor.workspaceId, userId));
    return presentProfile(userId, row);
  }

  /**
   * Team settings, agent profiles and rules written in the caller's transaction, for a workspace being set up (the
   * demo's seed). Routes nothing by itself: tickets already there are not sent through the rules.
   */
  async insertSetup(
    tx: Executor,
    workspaceId: string,
    setup: {
      teams: Array<{ teamId: string; strategy: RoutingStrategy }>;
      agents: Array<{ userId: string; skills: SkillLevel[]; ticketCapacity: number }>;
      rules: Array<Pick<TCreateRoutingRuleRequest, 'name' | 'conditions' | 'teamId' | 'requiredSkills'>>;
    },
  ): Promise<void> {
    for (const team of setup.teams) await this.repository.upsertTeamSettings(tx, { workspaceId, teamId: team.teamId, strategy: team.strategy });
    for (const agent of setup.agents) await this.repository.upsertAgentProfile(tx, { workspaceId, userId: agent.userId, skills: agent.skills, ticketCapacity: agent.ticketCapacity });
    for (const [position, rule] of setup.rules.entries()) await this.repository.insertRule(tx, { workspaceId, ...rule, position, isActive: true });
  }

  // ── Claiming ────────────────────────────────────────────────────────────────────────────────────────────

  /** The caller takes a ticket nobody holds; taking one they already hold changes nothing; someone else's is refused. */
  async claim(actor: Actor, ticketIdOrNumber: string): Promise<TTicket> {
    const row = await this.db.transaction(async (tx) => {
      const ticket = await this.tickets.require(tx, actor.workspaceId, ticketIdOrNumber, true);
      if (ticket.assigneeId === actor.userId) return ticket;
      if (ticket.assigneeId) {
        throw new AppError(RoutingErrorCode.TicketAlreadyAssigned, 'Someone else already holds this ticket.', [{ message: 'assigned to another agent', assigneeId: ticket.assigneeId }]);
      }
      return this.tickets.applyChanges(tx, { workspaceId: actor.workspaceId, userId: actor.userId }, ticket, { assigneeId: actor.userId });
    });
    this.outbox.nudge();
    return this.tickets.present(row);
  }

  // ── Queue state ─────────────────────────────────────────────────────────────────────────────────────────

  /** Per team: what waits (count, oldest, the first `limit` in serving order) and who could take it. */
  async listQueues(actor: Actor, limit: number) {
    const { workspaceId } = actor;
    const now = this.clock.now();
    const teams = await this.repository.listTeams(this.db, workspaceId);
    const settings = new Map((await this.repository.listTeamSettings(this.db, workspaceId)).map((row) => [row.teamId, row]));
    const summaries = await this.repository.summariseQueues(this.db, workspaceId);
    const members = await this.repository.listTeamMembers(this.db, workspaceId, teams.map((team) => team.id));
    const candidates = await this.candidatesOf(this.db, workspaceId, members, now);
    return Promise.all(
      teams.map(async (team) => {
        const teamSettings = settings.get(team.id);
        const summary = summaries.get(team.id);
        const agents = members
          .filter((member) => member.teamId === team.id)
          .map((member) => {
            const candidate = candidates.get(member.userId)!;
            return { userId: member.userId, name: member.name, availability: member.availability, isInShift: candidate.isInShift, isAvailable: isAvailable(candidate), load: candidate.load, capacity: candidate.capacity };
          });
        const waiting = limit > 0 ? await this.repository.listWaiting(this.db, workspaceId, team.id, { limit }) : [];
        return {
          team,
          strategy: (teamSettings?.strategy ?? 'manual') as RoutingStrategy,
          backupTeamId: teamSettings?.backupTeamId ?? null,
          waitingCount: summary?.waitingCount ?? 0,
          oldestWaitSeconds: summary?.oldestQueuedAt ? secondsBetween(summary.oldestQueuedAt, now) : null,
          availableAgents: agents.filter((agent) => agent.isAvailable).length,
          agents,
          waiting: waiting.map((item) => ({
            ticketId: item.ticketId,
            number: item.number,
            subject: item.subject,
            priority: item.priority,
            channel: item.channel,
            customerTier: item.customerTier,
            requiredSkills: item.requiredSkills ?? [],
            createdAt: item.createdAt.toISOString(),
            queuedAt: item.queuedAt.toISOString(),
            waitSeconds: secondsBetween(item.queuedAt, now),
          })),
        };
      }),
    );
  }

  // ── The event listener ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Durable listener. A new ticket (or one reopened) without a team gets one from the first matching rule; a ticket
   * that enters a team's queue, an agent who comes online, and capacity that frees up (a ticket solved, put on
   * hold or handed over) each make the teams concerned serve their queues, in the dispatch transaction.
   */
  async handleEvents(events: DomainEvent[], tx: Executor): Promise<void> {
    const passes = new Map<string, WorkspacePass>();
    const passOf = (workspaceId: string) => {
      let pass = passes.get(workspaceId);
      if (!pass) passes.set(workspaceId, (pass = { teamsToServe: new Set() }));
      return pass;
    };
    for (const event of events) {
      const data = event.data as TicketEventData;
      if (event.type === 'ticket.created' && data.ticket?.id) {
        await this.routeTicket(tx, passOf(event.workspaceId), event.workspaceId, data.ticket.id);
      } else if (event.type === 'ticket.updated' && data.ticket?.id) {
        const changes = data.changes ?? [];
        const pass = passOf(event.workspaceId);
        const category = changes.find((change) => change.field === 'statusCategory');
        const team = changes.find((change) => change.field === 'teamId');
        const assignee = changes.find((change) => change.field === 'assigneeId');
        const isReopened = category && DONE_CATEGORIES.has(String(category.from)) && !DONE_CATEGORIES.has(String(category.to));
        if (isReopened || (team && team.to)) await this.routeTicket(tx, pass, event.workspaceId, data.ticket.id);
        // Capacity freed: the previous holder of a handed-over ticket, or the holder of one that left new/open.
        const freedUserIds = new Set<string>();
        if (assignee?.from) freedUserIds.add(String(assignee.from));
        if (category && LOAD_CATEGORIES.has(String(category.from)) && !LOAD_CATEGORIES.has(String(category.to))) {
          const holder = (event.data as { ticket?: { assigneeId?: string | null } }).ticket?.assigneeId;
          if (holder) freedUserIds.add(holder);
        }
        for (const userId of freedUserIds) for (const teamId of await this.repository.listTeamIdsOfUser(tx, event.workspaceId, userId)) pass.teamsToServe.add(teamId);
      } else if (event.type === 'agent.availability_changed' && data.userId && data.availability === 'online') {
        const pass = passOf(event.workspaceId);
        for (const teamId of await this.repository.listTeamIdsOfUser(tx, event.workspaceId, data.userId)) pass.teamsToServe.add(teamId);
      }
    }
    for (const [workspaceId, pass] of passes) {
      for (const teamId of pass.teamsToServe) await this.assignWaiting(tx, workspaceId, teamId, 'wait');
    }
  }

  /**
   * A ticket nobody holds: without a team, the first active rule that matches gives it one (recorded on its
   * timeline with the rule's name, actor none); with a team, it is known to wait in that team's queue. Either way
   * the team serves its queue at the end of the pass.
   */
  private async routeTicket(tx: Executor, pass: WorkspacePass, workspaceId: string, ticketId: string): Promise<void> {
    const current = await this.ticketsRepository.findById(tx, workspaceId, ticketId);
    if (!current || current.mergedIntoId || current.assigneeId || DONE_CATEGORIES.has(current.statusCategory)) return;
    const now = this.clock.now();
    if (current.teamId) {
      await this.repository.enqueueIfNew(tx, { workspaceId, ticketId, teamId: current.teamId, queuedAt: now });
      pass.teamsToServe.add(current.teamId);
      return;
    }
    pass.rules ??= (await this.repository.listActiveRules(tx, workspaceId)).map((row) => ({ row, matches: this.matcherOf(row) }));
    if (pass.rules.length === 0) return;
    const facts = await this.factsOf(tx, current, pass.rules, now);
    const rule = pass.rules.find((candidate) => candidate.matches(facts))?.row;
    if (!rule) return;
    const ticket = await this.tickets.require(tx, workspaceId, ticketId, true);
    if (ticket.teamId || ticket.assigneeId) return;
    await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { teamId: rule.teamId });
    await this.repository.enqueue(tx, { workspaceId, ticketId, teamId: rule.teamId, queuedAt: now, requiredSkills: rule.requiredSkills, ruleId: rule.id });
    const teamName = (await this.repository.findTeamNames(tx, workspaceId, [rule.teamId])).get(rule.teamId) ?? rule.teamId;
    await this.ticketsRepository.insertActivity(tx, {
      workspaceId,
      ticketId,
      actorType: 'routing_rule',
      actorId: rule.id,
      action: 'routed',
      changes: [
        { field: 'rule', from: null, to: rule.name },
        { field: 'team', from: null, to: teamName },
        ...rule.requiredSkills.map((need) => ({ field: 'requiredSkill', from: null, to: `${need.skill} ≥ ${need.level}` })),
      ],
    });
    pass.teamsToServe.add(rule.teamId);
  }

  /**
   * Hands the team's waiting tickets (live chats aside) to its available agents by the team's strategy, in serving
   * order, until nobody is left to take one. The team's settings row is locked for the pass (one pass per team at a
   * time, across nodes); `skip`: a team being served elsewhere is left to that pass. Answers how many were assigned.
   */
  private async assignWaiting(tx: Executor, workspaceId: string, teamId: string, lock: 'wait' | 'skip'): Promise<number> {
    const settings = await this.repository.findTeamSettings(tx, workspaceId, teamId, lock);
    if (!settings || settings.strategy === 'manual') return 0;
    const waiting = await this.repository.listWaiting(tx, workspaceId, teamId, { limit: ASSIGN_BATCH, lock: true, withoutChannel: CHAT_CHANNEL });
    if (waiting.length === 0) return 0;
    const now = this.clock.now();
    const members = await this.repository.listTeamMembers(tx, workspaceId, [teamId]);
    const candidates = [...(await this.candidatesOf(tx, workspaceId, members, now)).values()];
    if (!candidates.some(isAvailable)) return 0;
    const strategy = settings.strategy as RoutingStrategy;
    let cursor = settings.roundRobinCursor;
    let assigned = 0;
    for (const item of waiting) {
      const choice = chooseAgent(strategy, candidates, { requiredSkills: item.requiredSkills ?? [], cursor });
      if (!choice) {
        // Under the skills strategy a later ticket may need skills someone free has; otherwise nobody can take any.
        if (strategy === 'skills' && candidates.some(isAvailable)) continue;
        break;
      }
      await this.assign(tx, workspaceId, teamId, item, choice, strategy, members);
      choice.load += 1;
      cursor = choice.userId;
      assigned += 1;
    }
    if (strategy === 'round_robin' && cursor && cursor !== settings.roundRobinCursor) await this.repository.setRoundRobinCursor(tx, teamId, cursor);
    return assigned;
  }

  private async assign(tx: Executor, workspaceId: string, teamId: string, item: WaitingTicketRow, choice: AgentCandidate, strategy: RoutingStrategy, members: TeamMemberRow[]): Promise<void> {
    const ticket = await this.tickets.require(tx, workspaceId, item.ticketId, true);
    await this.tickets.applyChanges(tx, { workspaceId, userId: null }, ticket, { assigneeId: choice.userId });
    await this.repository.setRoutedAssignee(tx, { workspaceId, ticketId: ticket.id, teamId, queuedAt: item.queuedAt, userId: choice.userId });
    const name = members.find((member) => member.userId === choice.userId)?.name ?? choice.userId;
    await this.ticketsRepository.insertActivity(tx, {
      workspaceId,
      ticketId: ticket.id,
      actorType: 'routing',
      actorId: null,
      action: 'routed',
      changes: [
        { field: 'strategy', from: null, to: strategy },
        { field: 'assignee', from: null, to: name },
      ],
    });
  }

  // ── The sweep ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * One sweep over every workspace's teams: tickets routing gave to agents offline for the team's reroute time go
   * back to the queue; tickets that waited past the overflow time move to the backup team; every queue is served.
   */
  async sweep(): Promise<{ rerouted: number; overflowed: number; assigned: number }> {
    const totals = { rerouted: 0, overflowed: 0, assigned: 0 };
    const settings = await this.repository.listActiveTeamSettings(this.db);
    for (const team of settings.filter((row) => row.rerouteOfflineAfterMinutes !== null)) totals.rerouted += await this.rerouteOffline(team);
    for (const team of settings.filter((row) => row.backupTeamId !== null && row.overflowAfterMinutes !== null)) totals.overflowed += await this.overflow(team);
    const served = new Set<string>();
    for (const team of await this.repository.listActiveTeamSettings(this.db)) {
      if (team.strategy === 'manual' || served.has(team.teamId)) continue;
      served.add(team.teamId);
      totals.assigned += await this.db.transaction((tx) => this.assignWaiting(tx, team.workspaceId, team.teamId, 'skip'));
    }
    if (totals.rerouted + totals.overflowed + totals.assigned > 0) this.outbox.nudge();
    return totals;
  }

  async runSweep(signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(intervalMs, signal).done;
    }
  }

  private async rerouteOffline(team: TeamSettingsRow): Promise<number> {
    const now = this.clock.now();
    const offlineSince = new Date(now.getTime() - team.rerouteOfflineAfterMinutes! * 60_000);
    return this.db.transaction(async (tx) => {
      const locked = await this.repository.findTeamSettings(tx, team.workspaceId, team.teamId, 'skip');
      if (!locked) return 0;
      let count = 0;
      for (const row of await this.repository.listReroutable(tx, team.workspaceId, team.teamId, offlineSince)) {
        const ticket = await this.tickets.require(tx, team.workspaceId, row.ticketId, true);
        if (ticket.assigneeId !== row.assigneeId) continue;
        await this.tickets.applyChanges(tx, { workspaceId: team.workspaceId, userId: null }, ticket, { assigneeId: null });
        await this.repository.setRoutedAssignee(tx, { workspaceId: team.workspaceId, ticketId: ticket.id, teamId: team.teamId, queuedAt: now, userId: null });
        const name = (await this.users.findById(tx, team.workspaceId, row.assigneeId))?.name ?? row.assigneeId;
        await this.ticketsRepository.insertActivity(tx, {
          workspaceId: team.workspaceId,
          ticketId: ticket.id,
          actorType: 'routing',
          actorId: null,
          action: 'rerouted',
          changes: [{ field: 'assignee', from: name, to: null }, { field: 'reason', from: null, to: `offline for ${team.rerouteOfflineAfterMinutes} minutes` }],
        });
        count += 1;
      }
      return count;
    });
  }

  private async overflow(team: TeamSettingsRow): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - team.overflowAfterMinutes! * 60_000);
    return this.db.transaction(async (tx) => {
      const locked = await this.repository.findTeamSettings(tx, team.workspaceId, team.teamId, 'skip');
      if (!locked?.backupTeamId || locked.overflowAfterMinutes === null) return 0;
      const backupTeamId = locked.backupTeamId;
      const overdue = await this.repository.listWaiting(tx, team.workspaceId, team.teamId, { limit: ASSIGN_BATCH, lock: true, queuedBefore: cutoff });
      if (overdue.length === 0) return 0;
      const names = await this.repository.findTeamNames(tx, team.workspaceId, [team.teamId, backupTeamId]);
      for (const item of overdue) {
        const ticket = await this.tickets.require(tx, team.workspaceId, item.ticketId, true);
        await this.tickets.applyChanges(tx, { workspaceId: team.workspaceId, userId: null }, ticket, { teamId: backupTeamId });
        await this.repository.enqueue(tx, { workspaceId: team.workspaceId, ticketId: ticket.id, teamId: backupTeamId, queuedAt: now });
        await this.ticketsRepository.insertActivity(tx, {
          workspaceId: team.workspaceId,
          ticketId: ticket.id,
          actorType: 'routing',
          actorId: null,
          action: 'overflowed',
          changes: [
            { field: 'team', from: names.get(team.teamId) ?? team.teamId, to: names.get(backupTeamId) ?? backupTeamId },
            { field: 'reason', from: null, to: `waited more than ${locked.overflowAfterMinutes} minutes` },
          ],
        });
      }
      return overdue.length;
    });
  }

  /** Serves these teams' queues now, each in its own transaction (after a settings change). */
  private async serveTeams(workspaceId: string, teamIds: string[]): Promise<void> {
    let assigned = 0;
    for (const teamId of teamIds) assigned += await this.db.transaction((tx) => this.assignWaiting(tx, workspaceId, teamId, 'wait'));
    if (assigned > 0) this.outbox.nudge();
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Each member once, as the decision sees them: profile (or defaults), load, and whether their shift is on now. */
  private async candidatesOf(executor: Executor, workspaceId: string, members: TeamMemberRow[], now: Date): Promise<Map<string, AgentCandidate>> {
    const candidates = new Map<string, AgentCandidate>();
    const shifts = new Map<string, boolean>();
    for (const member of members) {
      if (candidates.has(member.userId)) continue;
      let isInShift = true;
      if (member.shiftCalendarId) {
        if (!shifts.has(member.shiftCalendarId)) shifts.set(member.shiftCalendarId, isOpenAt(await this.businessHours.specOf(executor, workspaceId, member.shiftCalendarId), now));
        isInShift = shifts.get(member.shiftCalendarId)!;
      }
      candidates.set(member.userId, {
        userId: member.userId,
        availability: member.availability,
        isInShift,
        load: member.load,
        capacity: member.ticketCapacity ?? DEFAULT_TICKET_CAPACITY,
        skills: new Map((member.skills ?? []).map((entry) => [entry.skill, entry.level])),
      });
    }
    return candidates;
  }

  private matcherOf(rule: RoutingRuleRow): CompiledConditions {
    const version = rule.updatedAt.getTime();
    const cached = this.compiled.get(rule.id);
    if (cached?.version === version) return cached.matches;
    const matches = compileConditions(rule.conditions);
    this.compiled.set(rule.id, { version, matches });
    return matches;
  }

  /** The facts routing conditions read of a ticket (no comment, no changes: a ticket arriving); the customer only if a rule reads it. */
  private async factsOf(executor: Executor, ticket: TicketRow, rules: Array<{ row: RoutingRuleRow }>, now: Date): Promise<RuleFacts> {
    const fields = new Set(rules.flatMap((rule) => [...fieldsOf(rule.row.conditions)]));
    const needs = (prefix: string) => [...fields].some((field) => field.startsWith(prefix));
    const customer = ticket.customerId && needs('customer.') ? await this.repository.findCustomer(executor, ticket.workspaceId, ticket.customerId) : undefined;
    let isBusinessHours = true;
    if (needs('businessHours.')) {
      const calendar = await this.businessHours.findDefault(executor, ticket.workspaceId);
      if (calendar) isBusinessHours = isOpenAt(this.businessHours.specOfRow(calendar), now);
    }
    return ruleFactsOf(ticket, customer ?? null, isBusinessHours, now);
  }

  private async requireRule(executor: Executor, workspaceId: string, ruleId: string): Promise<RoutingRuleRow> {
    const row = await this.repository.findRule(executor, workspaceId, ruleId);
    if (!row) throw new AppError(RoutingErrorCode.RuleNotFound, 'No such routing rule.');
    return row;
  }

  private async requireTeam(executor: Executor, workspaceId: string, teamId: string, field?: string): Promise<void> {
    if (await this.users.findTeam(executor, workspaceId, teamId)) return;
    if (field) throw validationError(field, 'no such team in this workspace');
    throw new AppError(UserErrorCode.TeamNotFound, 'No such team in this workspace.');
  }

  private async requireUser(executor: Executor, workspaceId: string, userId: string): Promise<void> {
    if (!(await this.users.findById(executor, workspaceId, userId))) throw new AppError(UserErrorCode.UserNotFound, 'No such user in this workspace.');
  }
}

/** A ticket as the rule conditions see it (the same facts automation rules read on `ticket.created`). */
export function ruleFactsOf(ticket: TicketRow, customer: { tier: string; email: string | null; language: string | null } | null, isBusinessHours: boolean, now: Date): RuleFacts {
  return {
    ticket: {
      subject: ticket.subject,
      description: ticket.description,
      status: ticket.status,
      statusCategory: ticket.statusCategory,
      priority: ticket.priority,
      channel: ticket.channel,
      category: ticket.category,
      type: ticket.type,
      language: ticket.language,
      tags: ticket.tags,
      assigneeId: ticket.assigneeId,
      teamId: ticket.teamId,
      customFields: ticket.customFields,
    },
    customer,
    comment: null,
    changes: [],
    isBusinessHours,
    hoursSinceCreated: (now.getTime() - ticket.createdAt.getTime()) / HOUR_MS,
    hoursSinceUpdated: (now.getTime() - ticket.updatedAt.getTime()) / HOUR_MS,
    hoursInStatus: (now.getTime() - ticket.createdAt.getTime()) / HOUR_MS,
  };
}

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

function presentRule(row: RoutingRuleRow): TRoutingRule {
  return {
    id: row.id,
    name: row.name,
    conditions: row.conditions,
    teamId: row.teamId,
    requiredSkills: row.requiredSkills,
    position: row.position,
    isActive: row.isActive,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentTeamSettings(teamId: string, row: TeamSettingsRow | undefined): TTeamRoutingSettings {
  return {
    teamId,
    strategy: (row?.strategy ?? 'manual') as RoutingStrategy,
    backupTeamId: row?.backupTeamId ?? null,
    overflowAfterMinutes: row?.overflowAfterMinutes ?? null,
    rerouteOfflineAfterMinutes: row?.rerouteOfflineAfterMinutes ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

function presentProfile(userId: string, row: { skills: SkillLevel[]; ticketCapacity: number; shiftCalendarId: string | null; updatedAt: Date } | undefined): TAgentRoutingProfile {
  return {
    userId,
    skills: row?.skills ?? [],
    ticketCapacity: row?.ticketCapacity ?? DEFAULT_TICKET_CAPACITY,
    shiftCalendarId: row?.shiftCalendarId ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
