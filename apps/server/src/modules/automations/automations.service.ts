import { z } from 'zod';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, AutomationErrorCode, validationError } from '../../shared/errors.js';
import { interruptibleSleep } from '../../shared/sleep.js';
import { fillVariables, ticketVariables } from '../../shared/template-variables.js';
import type { Actor } from '../auth/permissions.js';
import { isOpenAt } from '../business-hours/business-calendar.js';
import type { BusinessHoursService } from '../business-hours/business-hours.service.js';
import type { CannedResponsesService } from '../canned-responses/canned-responses.service.js';
import type { CommentsService } from '../comments/comments.service.js';
import type { TComment } from '../comments/comments.schema.js';
import type { DomainEvent } from '../events/events.js';
import type { OutboxService } from '../events/outbox.service.js';
import { defineJob, type JobDefinition } from '../jobs/jobs.definitions.js';
import type { JobQueue } from '../jobs/jobs.queue.js';
import type { OutboundTargets } from '../../shared/outbound-targets.js';
import type { NotificationEmails } from '../notifications/notification-emails.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { raisedPriority } from '../sla/sla-policies.js';
import type { TicketChange, TicketRow, TicketsRepository } from '../tickets/tickets.repository.js';
import type { TUpdateTicketRequest } from '../tickets/tickets.schema.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { BUILT_IN_RULES } from './automations.built-in.js';
import type { AutomationsRepository, RuleRow } from './automations.repository.js';
import type { RuleTrigger, TAutomationRule, TCreateRuleRequest, TRuleAction, TUpdateRuleRequest } from './automations.schema.js';
import { compileConditions, evaluate, explain, fieldsOf, timeAnchorOf, type CompiledConditions, type ConditionNode, type RuleFacts } from './rule-conditions.js';

/** Active rules a plan allows (the built-in escalation rules count). */
export const ACTIVE_RULE_LIMITS: Record<string, number> = { basic: 10, pro: 50, enterprise: Number.POSITIVE_INFINITY };

/** `apply`: a rule that matches acts; `mark_as_history`: its run is only recorded as done before (see `adoptHistory`). */
type RunMode = 'apply' | 'mark_as_history';

/** The loop guard: a rule runs at most this often on one ticket within the window, and all rules together at most `MAX_RUNS_PER_TICKET`. */
const LOOP_WINDOW_MS = 10 * 60_000;
const MAX_RUNS_PER_RULE_AND_TICKET = 3;
const MAX_RUNS_PER_TICKET = 100;
const TIME_SWEEP_PAGE = 500;
const HOUR_MS = 3_600_000;

const ZNotifyPayload = z.object({ url: z.string(), format: z.enum(['json', 'slack', 'teams']), text: z.string(), body: z.record(z.string(), z.unknown()) });
type NotifyPayload = z.infer<typeof ZNotifyPayload>;

/** What a dispatch batch reads once: customers and default calendars. */
interface FactsCache {
  customers: Map<string, Awaited<ReturnType<AutomationsRepository['findCustomer']>>>;
  calendars: Map<string, Awaited<ReturnType<BusinessHoursService['findDefault']>>>;
}

function newFactsCache(): FactsCache {
  return { customers: new Map(), calendars: new Map() };
}

interface Subject {
  ticket: TicketRow;
  comment: TComment | null;
  changes: TicketChange[];
}

/**
 * Automation rules. A durable listener tries the active rules, in order, on each ticket and comment event (and the
 * time sweep on open tickets); each (rule, event) is claimed under a unique transaction id in the same transaction
 * as its actions, so a redelivered event or a retried sweep never applies a rule twice.
 */
export class AutomationsService {
  readonly notifyJob: JobDefinition<NotifyPayload>;
  private readonly workspacesWithBuiltIns = new Set<string>();
  /** Each rule's compiled conditions, for the version of the rule it was compiled from. */
  private readonly compiled = new Map<string, { version: number; matches: CompiledConditions }>();

  constructor(
    private readonly db: Database,
    private readonly repository: AutomationsRepository,
    private readonly tickets: TicketsService,
    private readonly ticketsRepository: TicketsRepository,
    private readonly comments: CommentsService,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesService,
    private readonly businessHours: BusinessHoursService,
    private readonly notifications: NotificationsService,
    private readonly notificationEmails: NotificationEmails,
    private readonly jobs: JobQueue,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    /** Where staff open the web app (PUBLIC_URL), without a trailing slash: the link in notification emails. */
    private readonly publicBaseUrl: string,
    private readonly targets: OutboundTargets,
    private readonly cannedResponses: CannedResponsesService,
  ) {
    this.notifyJob = defineJob({
      name: 'automations.notify-webhook',
      version: 1,
      payload: ZNotifyPayload,
      retry: { limit: 5, delaySeconds: 30, backoff: 'exponential' },
      timeoutSeconds: 30,
      concurrency: 4,
      handler: async (payload, context) => {
        // Checked again at each attempt: a name may resolve elsewhere by now.
        const refusal = await this.targets.refusalOf(payload.url);
        if (refusal) throw new Error(`not sent: ${refusal}`);
        await postNotification(payload, context.signal);
      },
    });
  }

  // ── Rules ───────────────────────────────────────────────────────────────────────────────────────────────

  async listRules(actor: Actor): Promise<TAutomationRule[]> {
    await this.ensureBuiltIns(this.db, actor.workspaceId);
    return (await this.repository.listRules(this.db, actor.workspaceId)).map(presentRule);
  }

  async getRule(actor: Actor, ruleId: string): Promise<TAutomationRule> {
    return presentRule(await this.requireRule(this.db, actor.workspaceId, ruleId));
  }

  async createRule(actor: Actor, input: TCreateRuleRequest): Promise<TAutomationRule> {
    const row = await this.db.transaction(async (tx) => {
      await this.ensureBuiltIns(tx, actor.workspaceId);
      if (input.isActive) await this.checkActiveLimit(tx, actor.workspaceId);
      await this.checkReferences(tx, actor.workspaceId, input.actions);
      const position = input.position ?? (await this.repository.nextPosition(tx, actor.workspaceId));
      return this.repository.insertRule(tx, { workspaceId: actor.workspaceId, ...input, position });
    });
    return presentRule(row);
  }

  async updateRule(actor: Actor, ruleId: string, changes: TUpdateRuleRequest): Promise<TAutomationRule> {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.requireRule(tx, actor.workspaceId, ruleId);
      if (changes.isActive === true && !current.isActive) await this.checkActiveLimit(tx, actor.workspaceId);
      if (changes.actions) await this.checkReferences(tx, actor.workspaceId, changes.actions);
      return this.repository.updateRule(tx, actor.workspaceId, ruleId, changes);
    });
    return presentRule(row);
  }

  async deleteRule(actor: Actor, ruleId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rule = await this.requireRule(tx, actor.workspaceId, ruleId);
      // A shipped rule is turned off, not deleted: deleting it would bring it back at the next start.
      if (rule.builtIn) throw new AppError(AutomationErrorCode.BuiltInRule, 'A built-in rule cannot be deleted; turn it off instead.');
      await this.repository.deleteRule(tx, actor.workspaceId, ruleId);
    });
  }

  async listRuns(actor: Actor, filter: { ruleId?: string | undefined; ticketId?: string | undefined; limit: number }) {
    const ticketId = filter.ticketId ? (await this.tickets.require(this.db, actor.workspaceId, filter.ticketId)).id : undefined;
    const rows = await this.repository.listRuns(this.db, actor.workspaceId, { ruleId: filter.ruleId, ticketId, limit: filter.limit });
    return rows.map((row) => ({ ...row, outcome: row.outcome as 'applied', createdAt: row.createdAt.toISOString() }));
  }

  /** What the rule would do to a ticket now: each condition with what it saw, and the actions it would take. Changes nothing. */
  async dryRun(actor: Actor, ruleId: string, ticketIdOrNumber: string) {
    const rule = await this.requireRule(this.db, actor.workspaceId, ruleId);
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const facts = await this.factsOf(this.db, { ticket, comment: null, changes: [] });
    const conditions = explain(rule.conditions, facts);
    return { ruleId: rule.id, ticketId: ticket.id, isMatched: evaluate(rule.conditions, facts), conditions, actions: rule.actions.map((action) => ({ type: action.type, description: describeAction(action) })) };
  }

  // ── Running rules ───────────────────────────────────────────────────────────────────────────────────────

  /** Durable listener: the rules of each event's triggers, in order, in the dispatch transaction. */
  async handleEvents(events: DomainEvent[], tx: Executor): Promise<void> {
    const relevant = events.filter((event) => triggersOf(event).length > 0);
    if (relevant.length === 0) return;
    const workspaceIds = [...new Set(relevant.map((event) => event.workspaceId))];
    for (const workspaceId of workspaceIds) await this.ensureBuiltIns(tx, workspaceId);
    const rules = await this.repository.listActiveRulesOf(tx, workspaceIds);
    const hasCandidates = (event: DomainEvent) => rules.some((rule) => rule.workspaceId === event.workspaceId && rule.triggers.some((trigger) => triggersOf(event).includes(trigger as RuleTrigger)));
    // One read of the tickets the events are about, for the conditions (most events match no rule).
    const preloaded = new Map<string, TicketRow>();
    for (const workspaceId of workspaceIds) {
      const ids = [...new Set(relevant.filter((event) => event.workspaceId === workspaceId && hasCandidates(event)).map(ticketIdOf).filter((id): id is string => Boolean(id)))];
      for (const row of ids.length > 0 ? await this.ticketsRepository.findManyByIds(tx, workspaceId, ids) : []) preloaded.set(row.id, row);
    }
    const touched = new Set<string>();
    const cache = newFactsCache();
    for (const event of relevant) {
      const triggers = triggersOf(event);
      const candidates = rules.filter((rule) => rule.workspaceId === event.workspaceId && rule.triggers.some((trigger) => triggers.includes(trigger as RuleTrigger)));
      if (candidates.length === 0) continue;
      const ticketId = ticketIdOf(event);
      if (!ticketId) continue;
      const comment = event.type === 'comment.created' ? ((event.data as { comment?: TComment }).comment ?? null) : null;
      const changes = event.type === 'ticket.updated' ? (((event.data as { changes?: TicketChange[] }).changes ?? []) as TicketChange[]) : [];
      const applied = await this.runRules(tx, candidates, event.workspaceId, ticketId, { comment, changes }, (rule) => `rule:${rule.id}:event:${event.id}`, {
        ticket: touched.has(ticketId) ? undefined : preloaded.get(ticketId),
        cache,
      });
      if (applied > 0) touched.add(ticketId);
    }
  }

  /**
   * The time sweep: each active time rule against the open tickets of its workspace. A rule fires once per moment
   * its time condition measures from (the creation, the last update, the last status change).
   */
  async runTimeRules(): Promise<number> {
    return this.sweepTimeRules(await this.repository.listActiveTimeRules(this.db), 'apply');
  }

  /**
   * Marks what the workspace's time rules would do now as history, without doing it: each (rule, ticket, moment)
   * is claimed as a `history` run, so the sweep leaves it alone and the rules act only on what happens next. For
   * data imported with its past (the demo's 90 days): a resolved ticket of last month is not closed, nor its
   * customer reminded, on the first sweep. Answers how many runs were marked.
   */
  async adoptHistory(workspaceId: string): Promise<number> {
    await this.ensureBuiltIns(this.db, workspaceId);
    const rules = (await this.repository.listActiveTimeRules(this.db)).filter((rule) => rule.workspaceId === workspaceId);
    return this.sweepTimeRules(rules, 'mark_as_history');
  }

  private async sweepTimeRules(timeRules: RuleRow[], mode: RunMode): Promise<number> {
    let applied = 0;
    for (const rule of timeRules) {
      let afterId: string | undefined;
      for (;;) {
        const ids = await this.repository.listOpenTicketIds(this.db, rule.workspaceId, TIME_SWEEP_PAGE, afterId);
        if (ids.length === 0) break;
        afterId = ids.at(-1);
        const statusTimes = await this.repository.statusChangedAt(this.db, ids);
        for (const ticketId of ids) {
          const count = await this.db.transaction(async (tx) =>
            this.runRules(
              tx,
              [rule],
              rule.workspaceId,
              ticketId,
              { comment: null, changes: [] },
              (_rule, ticket) => {
                const anchor = timeAnchorOf(rule.conditions);
                const at = anchor === 'updated' ? ticket.updatedAt : anchor === 'status' ? (statusTimes.get(ticket.id) ?? ticket.createdAt) : ticket.createdAt;
                return `rule:${rule.id}:ticket:${ticket.id}:at:${at.toISOString()}`;
              },
              { statusTimes, mode },
            ),
          );
          applied += count;
        }
        if (ids.length < TIME_SWEEP_PAGE) break;
      }
    }
    if (applied > 0 && mode === 'apply') this.outbox.nudge();
    return applied;
  }

  async runTimeSweep(signal: AbortSignal, intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.runTimeRules();
      } catch (error) {
        onError(error);
      }
      await interruptibleSleep(intervalMs, signal).done;
    }
  }

  /**
   * Tries the rules in order on one ticket; returns how many applied. Conditions are read without a lock (most events
   * match no rule); a rule that matches locks the ticket and is checked again before it acts.
   */
  private async runRules(
    tx: Executor,
    rules: RuleRow[],
    workspaceId: string,
    ticketId: string,
    context: { comment: TComment | null; changes: TicketChange[] },
    transactionIdOf: (rule: RuleRow, ticket: TicketRow) => string,
    options: { ticket?: TicketRow | undefined; statusTimes?: Map<string, Date>; cache?: FactsCache; mode?: RunMode } = {},
  ): Promise<number> {
    let ticket = options.ticket ?? (await this.ticketsRepository.findById(tx, workspaceId, ticketId));
    if (!ticket || ticket.mergedIntoId) return 0;
    // One set of facts for all the rules (what any of them reads), read again only after a rule changed the ticket.
    const conditions: ConditionNode = { all: rules.map((rule) => rule.conditions) };
    const statusTime = options.statusTimes?.get(ticket.id);
    const cache = options.cache ?? newFactsCache();
    let facts = await this.factsOf(tx, { ticket, ...context }, conditions, statusTime, cache);
    let applied = 0;
    for (const rule of rules) {
      const matches = this.matcherOf(rule);
      if (!matches(facts)) continue;
      const locked = await this.ticketsRepository.findById(tx, workspaceId, ticketId, true);
      if (!locked) break;
      facts = await this.factsOf(tx, { ticket: locked, ...context }, conditions, statusTime, cache);
      if (!matches(facts)) continue;
      if (options.mode === 'mark_as_history') {
        const run = await this.repository.claimRun(tx, { workspaceId, ruleId: rule.id, ticketId, transactionId: transactionIdOf(rule, locked), actions: [], outcome: 'history' });
        if (run) applied += 1;
        continue;
      }
      const outcome = await this.apply(tx, rule, locked, transactionIdOf(rule, locked));
      if (outcome === 'applied') {
        applied += 1;
        ticket = (await this.ticketsRepository.findById(tx, workspaceId, ticketId)) ?? locked;
        facts = await this.factsOf(tx, { ticket, ...context }, conditions, statusTime, cache);
        if (rule.isStopProcessing) break;
      }
    }
    return applied;
  }

  /** Claims the run and applies the actions, inside a savepoint: a rule that cannot apply is recorded `failed`, and the others go on. */
  private async apply(tx: Executor, rule: RuleRow, ticket: TicketRow, transactionId: string): Promise<'applied' | 'skipped'> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - LOOP_WINDOW_MS);
    const isLooping =
      (await this.repository.countRecentRuns(tx, ticket.id, since, rule.id)) >= MAX_RUNS_PER_RULE_AND_TICKET ||
      (await this.repository.countRecentRuns(tx, ticket.id, since)) >= MAX_RUNS_PER_TICKET;
    const descriptions = rule.actions.map(describeAction);
    if (isLooping) {
      await this.repository.claimRun(tx, { workspaceId: rule.workspaceId, ruleId: rule.id, ticketId: ticket.id, transactionId, actions: descriptions, outcome: 'loop_guard' });
      return 'skipped';
    }
    try {
      return await (tx as Database).transaction(async (savepoint) => {
        const run = await this.repository.claimRun(savepoint, { workspaceId: rule.workspaceId, ruleId: rule.id, ticketId: ticket.id, transactionId, actions: descriptions, outcome: 'applied' });
        if (!run) return 'skipped';
        await this.applyActions(savepoint, rule, ticket, run.id);
        await this.ticketsRepository.insertActivity(savepoint, {
          workspaceId: rule.workspaceId,
          ticketId: ticket.id,
          actorType: 'rule',
          actorId: rule.id,
          action: 'rule_applied',
          changes: [{ field: 'rule', from: null, to: rule.name }, ...descriptions.map((description) => ({ field: 'action', from: null, to: description }))],
        });
        return 'applied';
      });
    } catch (error) {
      const message = reasonOf(error);
      await this.repository.claimRun(tx, { workspaceId: rule.workspaceId, ruleId: rule.id, ticketId: ticket.id, transactionId, actions: descriptions, outcome: 'failed', error: message.slice(0, 500) });
      return 'skipped';
    }
  }

  private async applyActions(tx: Executor, rule: RuleRow, ticket: TicketRow, runId: string): Promise<void> {
    const changes: TUpdateTicketRequest = {};
    let tags = [...ticket.tags];
    const notes: Array<{ body: string; isPublic: boolean; isTidy?: boolean }> = [];
    const notify = new Set<'assignee' | 'managers' | 'team'>();
    const emailed = new Set<'assignee' | 'managers' | 'team'>();
    const posts: TRuleAction[] = [];
    for (const action of rule.actions) {
      switch (action.type) {
        case 'set_status':
          changes.status = action.status;
          break;
        case 'set_priority':
          changes.priority = action.priority;
          break;
        case 'set_category':
          changes.category = action.category;
          break;
        case 'set_type':
          changes.type = action.ticketType;
          break;
        case 'set_language':
          changes.language = action.language;
          break;
        case 'assign_team':
          changes.teamId = action.teamId;
          break;
        case 'assign_agent':
          changes.assigneeId = action.userId;
          break;
        case 'add_tags':
          tags = [...new Set([...tags, ...action.tags])];
          break;
        case 'remove_tags':
          tags = tags.filter((tag) => !action.tags.includes(tag));
          break;
        case 'add_note':
          notes.push({ body: action.body, isPublic: false });
          break;
        case 'reply':
          notes.push({ body: ticket.language === 'fr' && action.bodyFr ? action.bodyFr : action.body, isPublic: true });
          break;
        case 'reply_template': {
          // Checked when the rule was saved; a canned response deleted or unshared since makes the run fail, recorded.
          const text = await this.cannedResponses.findSharedText(tx, rule.workspaceId, action.cannedResponseId, ticket.language === 'fr' ? 'fr' : 'en');
          if (text === undefined) throw new Error(`the canned response ${action.cannedResponseId} is no longer shared with the workspace`);
          notes.push({ body: text, isPublic: true, isTidy: true });
          break;
        }
        case 'notify':
          notify.add(action.recipients);
          if (action.byEmail) emailed.add(action.recipients);
          break;
        case 'notify_webhook':
          posts.push(action);
          break;
        case 'escalate':
          changes.priority = raisedPriority(changes.priority ?? ticket.priority) as TUpdateTicketRequest['priority'];
          tags = [...new Set([...tags, 'escalated'])];
          if (action.teamId) changes.teamId = action.teamId;
          notify.add('managers');
          break;
        case 'close':
          changes.status = 'closed';
          break;
      }
    }
    if (tags.join('\u0000') !== ticket.tags.join('\u0000')) changes.tags = tags;
    const updated = Object.keys(changes).length > 0 ? await this.tickets.applyChanges(tx, { workspaceId: rule.workspaceId, userId: null }, ticket, changes) : ticket;
    const values = await this.variablesOf(tx, rule, updated);
    for (const note of notes) {
      await this.comments.createInTransaction(tx, { workspaceId: rule.workspaceId, type: 'system' }, ticket.id, { body: fillVariables(note.body, values, { isTidy: note.isTidy ?? false }), isPublic: note.isPublic, attachmentIds: [], mentionUserIds: [] });
    }
    const recipientsOf = async (groups: Set<'assignee' | 'managers' | 'team'>) => {
      const userIds = new Set<string>();
      if (groups.has('assignee') && updated.assigneeId) userIds.add(updated.assigneeId);
      if (groups.has('managers')) for (const user of await this.users.listActiveByRoles(tx, rule.workspaceId, ['admin', 'manager'])) userIds.add(user.id);
      if (groups.has('team') && updated.teamId) for (const member of await this.users.listMemberIds(tx, rule.workspaceId, [updated.teamId])) userIds.add(member.userId);
      return [...userIds];
    };
    const recipients = await recipientsOf(notify);
    await this.notifications.notifyMany(tx, recipients.map((userId) => ({ workspaceId: rule.workspaceId, userId, kind: 'automation' as const, ticketId: ticket.id, actorUserId: null })));
    if (emailed.size > 0) {
      await this.notificationEmails.queue(tx, rule.workspaceId, `automation:${runId}`, await recipientsOf(emailed), {
        subject: `${rule.name}: #${updated.number} ${updated.subject}`.slice(0, 300),
        text: `${rule.name}\n#${updated.number} ${updated.subject}\n${updated.priority} · ${updated.status}`,
        link: `${this.publicBaseUrl}/tickets/${updated.number}`,
      });
    }
    for (const [index, action] of posts.entries()) {
      if (action.type !== 'notify_webhook') continue;
      const text = fillVariables(action.text, values);
      const body = { rule: { id: rule.id, name: rule.name }, ticket: { id: updated.id, number: updated.number, subject: updated.subject, priority: updated.priority, status: updated.status }, text };
      await this.jobs.enqueue(this.notifyJob, { url: action.url, format: action.format, text, body }, { workspaceId: rule.workspaceId, idempotencyKey: `automation:${runId}:${index}`, executor: tx });
    }
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────

  private matcherOf(rule: RuleRow): CompiledConditions {
    const version = rule.updatedAt.getTime();
    const cached = this.compiled.get(rule.id);
    if (cached?.version === version) return cached.matches;
    const matches = compileConditions(rule.conditions);
    this.compiled.set(rule.id, { version, matches });
    return matches;
  }

  /** The facts the conditions read; the customer, the calendar and the status time only when a condition needs them. */
  private async factsOf(executor: Executor, subject: Subject, conditions?: ConditionNode, statusChangedAt?: Date, cache: FactsCache = newFactsCache()): Promise<RuleFacts> {
    const { ticket, comment, changes } = subject;
    const fields = conditions ? fieldsOf(conditions) : undefined;
    const needs = (prefix: string) => !fields || [...fields].some((field) => field.startsWith(prefix));
    let customer: Awaited<ReturnType<AutomationsRepository['findCustomer']>>;
    if (ticket.customerId && needs('customer.')) {
      if (!cache.customers.has(ticket.customerId)) cache.customers.set(ticket.customerId, await this.repository.findCustomer(executor, ticket.workspaceId, ticket.customerId));
      customer = cache.customers.get(ticket.customerId);
    }
    const now = this.clock.now();
    let calendar: Awaited<ReturnType<BusinessHoursService['findDefault']>>;
    if (needs('businessHours.')) {
      if (!cache.calendars.has(ticket.workspaceId)) cache.calendars.set(ticket.workspaceId, await this.businessHours.findDefault(executor, ticket.workspaceId));
      calendar = cache.calendars.get(ticket.workspaceId);
    }
    const statusTime = statusChangedAt ?? (needs('hours.inStatus') ? (await this.repository.statusChangedAt(executor, [ticket.id])).get(ticket.id) : undefined) ?? ticket.createdAt;
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
      customer: customer ? { tier: customer.tier, email: customer.email, language: customer.language } : null,
      comment: comment ? { body: comment.body, isPublic: comment.isPublic, authorType: comment.authorType } : null,
      changes,
      isBusinessHours: calendar ? isOpenAt(this.businessHours.specOfRow(calendar), now) : true,
      hoursSinceCreated: (now.getTime() - ticket.createdAt.getTime()) / HOUR_MS,
      hoursSinceUpdated: (now.getTime() - ticket.updatedAt.getTime()) / HOUR_MS,
      hoursInStatus: (now.getTime() - statusTime.getTime()) / HOUR_MS,
    };
  }

  private async variablesOf(executor: Executor, rule: RuleRow, ticket: TicketRow): Promise<Record<string, string>> {
    const customer = ticket.customerId ? await this.repository.findCustomer(executor, ticket.workspaceId, ticket.customerId) : undefined;
    const agent = ticket.assigneeId ? await this.users.findById(executor, ticket.workspaceId, ticket.assigneeId) : undefined;
    const workspace = await this.workspaces.get(ticket.workspaceId, executor);
    return { ...ticketVariables({ ticket, customer, agent, workspace }), 'rule.name': rule.name };
  }

  /** The shipped escalation rules, made the first time a workspace's rules are needed (turned off, they stay off). */
  private async ensureBuiltIns(executor: Executor, workspaceId: string): Promise<void> {
    if (this.workspacesWithBuiltIns.has(workspaceId)) return;
    if (!(await this.repository.hasBuiltIns(executor, workspaceId))) {
      await this.repository.insertRulesIfAbsent(executor, BUILT_IN_RULES.map((rule, index) => ({ workspaceId, ...rule, position: 10_000 + index })));
    }
    this.workspacesWithBuiltIns.add(workspaceId);
  }

  private async checkActiveLimit(executor: Executor, workspaceId: string): Promise<void> {
    const workspace = await this.workspaces.get(workspaceId, executor);
    const limit = ACTIVE_RULE_LIMITS[workspace.plan] ?? ACTIVE_RULE_LIMITS.basic!;
    const active = await this.repository.countActive(executor, workspaceId);
    if (active >= limit) {
      throw new AppError(AutomationErrorCode.ActiveRuleLimit, `The ${workspace.plan} plan allows ${limit} active rules; turn one off first.`, [{ message: `limit ${limit}`, limit, plan: workspace.plan, active }]);
    }
  }

  private async checkReferences(executor: Executor, workspaceId: string, actions: TRuleAction[]): Promise<void> {
    for (const [index, action] of actions.entries()) {
      const teamId = action.type === 'assign_team' || action.type === 'escalate' ? action.teamId : null;
      if (teamId && !(await this.users.findTeam(executor, workspaceId, teamId))) throw validationError(`actions[${index}].teamId`, 'no such team in this workspace');
      if (action.type === 'notify_webhook') {
        const refusal = this.targets.refusalOfTyped(action.url);
        if (refusal) throw validationError(`actions[${index}].url`, refusal);
      }
      if (action.type === 'reply_template' && (await this.cannedResponses.findSharedText(executor, workspaceId, action.cannedResponseId, 'en')) === undefined) {
        throw validationError(`actions[${index}].cannedResponseId`, 'no canned response shared with the whole workspace has this id');
      }
      if (action.type === 'assign_agent' && action.userId && !(await this.users.findById(executor, workspaceId, action.userId))) throw validationError(`actions[${index}].userId`, 'no such staff member in this workspace');
    }
  }

  private async requireRule(executor: Executor, workspaceId: string, ruleId: string): Promise<RuleRow> {
    const row = await this.repository.findRule(executor, workspaceId, ruleId);
    if (!row) throw new AppError(AutomationErrorCode.RuleNotFound, 'No such automation rule.');
    return row;
  }
}

function triggersOf(event: DomainEvent): RuleTrigger[] {
  switch (event.type) {
    case 'ticket.created':
      return ['ticket.created'];
    case 'ticket.updated': {
      const changes = ((event.data as { changes?: TicketChange[] }).changes ?? []) as TicketChange[];
      return changes.some((change) => change.field === 'status') ? ['ticket.updated', 'ticket.status_changed'] : ['ticket.updated'];
    }
    case 'comment.created':
      return ['comment.created'];
    case 'sla.warning':
      return ['sla.warning'];
    case 'sla.breached':
      return ['sla.breached'];
    default:
      return [];
  }
}

function ticketIdOf(event: DomainEvent): string | undefined {
  const data = event.data as { ticket?: { id?: string }; ticketId?: string };
  return data.ticket?.id ?? data.ticketId;
}

/** What went wrong, with the field at fault when the rules of a ticket refused a change. */
function reasonOf(error: unknown): string {
  if (error instanceof AppError) return [error.message, ...error.details.map((detail) => [detail.path, detail.message].filter(Boolean).join(': '))].join(' ');
  return error instanceof Error ? error.message : String(error);
}

/** One line a person reads on the timeline and in the dry run. */
export function describeAction(action: TRuleAction): string {
  switch (action.type) {
    case 'set_status':
      return `set status to ${action.status}`;
    case 'set_priority':
      return `set priority to ${action.priority}`;
    case 'set_category':
      return `set category to ${action.category ?? 'none'}`;
    case 'set_type':
      return `set type to ${action.ticketType ?? 'none'}`;
    case 'set_language':
      return `set language to ${action.language}`;
    case 'assign_team':
      return action.teamId ? `assign to team ${action.teamId}` : 'remove the team';
    case 'assign_agent':
      return action.userId ? `assign to ${action.userId}` : 'unassign';
    case 'add_tags':
      return `add tags ${action.tags.join(', ')}`;
    case 'remove_tags':
      return `remove tags ${action.tags.join(', ')}`;
    case 'add_note':
      return 'add an internal note';
    case 'reply':
      return 'reply to the customer';
    case 'reply_template':
      return 'reply to the customer with a canned response';
    case 'notify':
      return `notify ${action.recipients} in the app${action.byEmail ? ' and by email' : ''}`;
    case 'notify_webhook':
      return `post to ${action.format === 'json' ? 'a webhook' : action.format === 'slack' ? 'Slack' : 'Microsoft Teams'} (${new URL(action.url).host})`;
    case 'escalate':
      return 'escalate: raise the priority, tag escalated, notify the managers';
    case 'close':
      return 'close the ticket';
  }
}

/** Slack and Teams incoming webhooks take their own message shapes; `json` gets the whole body. */
async function postNotification(payload: NotifyPayload, signal: AbortSignal): Promise<void> {
  const body =
    payload.format === 'slack'
      ? { text: payload.text }
      : payload.format === 'teams'
        ? { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: payload.text, wrap: true }] } }] }
        : payload.body;
  const response = await fetch(payload.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal, redirect: 'manual' });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}

function presentRule(row: RuleRow): TAutomationRule {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    triggers: row.triggers as RuleTrigger[],
    conditions: row.conditions,
    actions: row.actions,
    position: row.position,
    isActive: row.isActive,
    isStopProcessing: row.isStopProcessing,
    builtIn: row.builtIn,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
