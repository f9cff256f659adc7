/**
 * Automation rules benchmark: 100 active rules against 10,000 events.
 *
 *   npm run bench:rules -- [--rules 100] [--events 10000] [--tickets 1000] [--database postgres|pglite]
 *                          [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Two figures. **Matching**: the rule matcher alone (rule-conditions.ts) over every rule × event, events/s. **Dispatch**:
 * the real server (bench-server.ts) with the rules in a workspace; the events (customer comments, priority and
 * status changes on real tickets) are written to the outbox at once and the timer runs until the dispatcher has
 * handed every one to every durable listener (rules, SLA clocks, webhooks, email, chat), events/s end to end.
 * **Routing decision latency**, for `--routing-tickets` tickets (10,000): first the decision alone (routing-decision.ts
 * and the routing rules' matchers: the first of 20 rules that matches, then an agent of a 25-member team by the team's
 * strategy), then the decision as the server makes it on a ticket's `ticket.created` event (RoutingService in its own
 * transaction, on a database without other traffic: the rules, the ticket and customer read, the team set, the
 * candidates' availability, shifts and load read, the ticket assigned and recorded), p50 and p99 in ms.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { ESCALATION_WORDS } from '../apps/server/src/modules/automations/automations.built-in.js';
import type { TCreateRuleRequest } from '../apps/server/src/modules/automations/automations.schema.js';
import { compileConditions, type ConditionNode, type RuleFacts } from '../apps/server/src/modules/automations/rule-conditions.js';
import { loadConfig } from '../apps/server/src/config/config.js';
import { createThrowawayDatabase } from '../apps/server/src/db/throwaway-database.js';
import { chooseAgent, type AgentCandidate, type RoutingStrategy } from '../apps/server/src/modules/routing/routing-decision.js';
import { openRuntime } from '../apps/server/src/runtime.js';
import { startBenchServer, type DatabaseKind } from './bench-server.js';

const TARGET_EVENTS_PER_SECOND = 5000;
const WORDS = ['order', 'refund', 'invoice', 'shipping', 'password', 'login', 'commande', 'remboursement', 'facture', 'livraison', 'compte', 'delay', 'broken', 'colis', 'urgent', 'thanks', 'merci'];
const TIERS = ['free', 'paid', 'enterprise', 'vip'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '100' },
    events: { type: 'string', default: '10000' },
    tickets: { type: 'string', default: '1000' },
    'routing-tickets': { type: 'string', default: '10000' },
    database: { type: 'string', default: 'postgres' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const ruleCount = Number(values.rules);
const eventCount = Number(values.events);
const ticketCount = Number(values.tickets);
const database = values.database as DatabaseKind;
const routingTicketCount = Number(values['routing-tickets']);

/** A deterministic generator, so every run measures the same rules and events. */
function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}

/** Rules as admins write them: a word list, a tier, a channel, tags, nested ANY/ALL; a few match often, most rarely. */
function makeRules(count: number): TCreateRuleRequest[] {
  const random = seeded(7);
  return Array.from({ length: count }, (_, index) => {
    const words = [random.pick(WORDS), random.pick(WORDS)];
    const conditions: ConditionNode = {
      all: [
        { field: 'text', operator: 'contains_any', value: index % 10 === 0 ? ESCALATION_WORDS : words },
        { field: 'customer.tier', operator: 'in', value: [random.pick(TIERS)] },
        { any: [{ field: 'ticket.priority', operator: 'equals', value: random.pick(PRIORITIES) }, { field: 'ticket.channel', operator: 'in', value: ['chat', 'whatsapp'] }] },
        { field: 'ticket.tags', operator: 'excludes', value: [`bench-${index}`] },
      ],
    };
    return {
      name: `Bench rule ${index}`,
      description: '',
      triggers: index % 3 === 0 ? ['ticket.updated'] : ['comment.created', 'ticket.updated'],
      conditions,
      actions: [{ type: 'add_tags', tags: [`bench-${index}`] }],
      isActive: true,
      isStopProcessing: false,
    };
  });
}

const FILLER = ['the', 'my', 'is', 'not', 'le', 'mon', 'est', 'pas', 'please', 'svp', 'hello', 'bonjour', 'since', 'depuis', 'yesterday', 'hier', 'again', 'encore'];

/** A customer's message: mostly common words, now and then one a rule looks for (as real rules are narrow). */
function sentence(random: ReturnType<typeof seeded>): string {
  return Array.from({ length: 14 }, () => (random.chance(0.03) ? random.pick(WORDS) : random.pick(FILLER))).join(' ');
}

function matchingFigure(rules: TCreateRuleRequest[]): { eventsPerSecond: number; microsPerEvent: number } {
  const random = seeded(11);
  const facts: RuleFacts[] = Array.from({ length: eventCount }, () => ({
    ticket: { subject: sentence(random), description: '', status: 'open', statusCategory: 'open', priority: random.pick(PRIORITIES), channel: 'email', category: null, type: null, language: 'en', tags: [], assigneeId: null, teamId: null, customFields: {} },
    customer: { tier: random.pick(TIERS), email: null, language: 'en' },
    comment: { body: sentence(random), isPublic: true, authorType: 'customer' },
    changes: [],
    isBusinessHours: true,
    hoursSinceCreated: 1,
    hoursSinceUpdated: 1,
    hoursInStatus: 1,
  }));
  let matched = 0;
  // As the dispatcher does: each rule compiled once, then run against every event.
  const matchers = rules.map((rule) => compileConditions(rule.conditions));
  const started = performance.now();
  for (const fact of facts) for (const matches of matchers) if (matches(fact)) matched += 1;
  const seconds = (performance.now() - started) / 1000;
  console.log(`  matched ${matched} of ${rules.length * facts.length} rule × event pairs`);
  return { eventsPerSecond: Math.round(facts.length / seconds), microsPerEvent: Math.round((seconds * 1e6) / facts.length) };
}

async function dispatchFigure(rules: TCreateRuleRequest[]) {
  const server = await startBenchServer(database, values['postgres-url']!);
  try {
    const { services } = server;
    const boot = await services.bootstrap.bootstrap({ slug: `bench-rules-${randomUUID().slice(0, 6)}`, email: 'admin@bench.test', password: 'bench password 123', plan: 'enterprise' });
    const actor = { workspaceId: boot.workspaceId, userId: boot.userId, role: 'admin' as const, via: 'token' as const, credentialId: boot.userId };
    const existing = await services.automations.listRules(actor);
    // Exactly `--rules` active rules: the shipped ones count, the rest are the benchmark's.
    for (const rule of rules.slice(0, Math.max(0, ruleCount - existing.length))) await services.automations.createRule(actor, rule);
    const random = seeded(13);
    const tickets: Array<{ id: string; customerId: string }> = [];
    for (let start = 0; start < ticketCount; start += 100) {
      const batch = await services.db.transaction(async (tx) => {
        const made: Array<{ id: string; customerId: string }> = [];
        for (let index = start; index < Math.min(ticketCount, start + 100); index += 1) {
          const customer = await services.customers.createInTransaction(tx, boot.workspaceId, { name: `Customer ${index}`, email: `c${index}@bench.test`, tier: random.pick(TIERS) as 'free' });
          const row = await services.tickets.createInTransaction(tx, { workspaceId: boot.workspaceId, userId: null }, { subject: sentence(random), priority: random.pick(PRIORITIES), customerId: customer.id }, 'email');
          made.push({ id: row.id, customerId: customer.id });
        }
        return made;
      });
      tickets.push(...batch);
    }
    services.outbox.nudge();
    await waitForEmptyOutbox(services, 600_000);
    console.log(`  ${tickets.length} tickets ready, ${ruleCount} active rules`);

    // The events as the writes would record them: customers' comments, priority changes, status changes.
    const now = new Date();
    const events = Array.from({ length: eventCount }, (_, index) => {
      const ticket = random.pick(tickets);
      const kind = index % 10;
      if (kind < 6) {
        const comment = { id: randomUUID(), ticketId: ticket.id, body: sentence(random), isPublic: true, authorType: 'customer', authorUserId: null, authorCustomerId: ticket.customerId, mentionedUserIds: [], attachments: [], emailDelivery: null, isEdited: false, createdAt: now.toISOString(), updatedAt: now.toISOString() };
        return { workspaceId: boot.workspaceId, type: 'comment.created', data: { comment, ticketId: ticket.id, actorId: null } };
      }
      const changes = kind < 9 ? [{ field: 'priority', from: 'normal', to: random.pick(PRIORITIES) }] : [{ field: 'status', from: 'open', to: 'open' }];
      return { workspaceId: boot.workspaceId, type: 'ticket.updated', data: { ticket: { id: ticket.id }, changes, actorId: null } };
    });
    const started = performance.now();
    for (let start = 0; start < events.length; start += 1000) {
      const chunk = events.slice(start, start + 1000);
      await services.db.execute(sql`INSERT INTO outbox_events (workspace_id, type, data) SELECT * FROM jsonb_to_recordset(${JSON.stringify(chunk.map((event) => ({ workspace_id: event.workspaceId, type: event.type, data: event.data })))}::jsonb) AS e(workspace_id uuid, type text, data jsonb)`);
    }
    services.outbox.nudge();
    await waitForEmptyOutbox(services, 900_000);
    const seconds = (performance.now() - started) / 1000;
    const runs = await services.db.execute(sql`SELECT outcome, count(*)::int AS count FROM automation_runs WHERE workspace_id = ${boot.workspaceId} GROUP BY outcome ORDER BY outcome`);
    return { seconds, eventsPerSecond: Math.round(events.length / seconds), runs: rowsOf<{ outcome: string; count: number }>(runs) };
  } finally {
    await server.close({ keep: false });
  }
}

async function waitForEmptyOutbox(services: Awaited<ReturnType<typeof startBenchServer>>['services'], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = rowsOf<{ waiting: number }>(await services.db.execute(sql`SELECT count(*)::int AS waiting FROM outbox_events WHERE dispatched_at IS NULL`));
    if (row!.waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.waiting} events still waiting for dispatch`);
    services.outbox.nudge();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const SKILLS = ['french', 'billing', 'api', 'shipping', 'german', 'returns'];
const STRATEGIES: RoutingStrategy[] = ['least_loaded', 'round_robin', 'skills'];

/** Routing rules as admins write them: a few words or a category, a tier, a language; some require skills. */
function makeRoutingRules(count: number, teamIds: string[]) {
  const random = seeded(17);
  return Array.from({ length: count }, (_, index) => ({
    name: `Bench routing ${index}`,
    conditions: {
      any: [
        { field: 'text', operator: 'contains_any', value: [random.pick(WORDS), random.pick(WORDS)] },
        { all: [{ field: 'customer.tier', operator: 'in', value: [random.pick(TIERS)] }, { field: 'ticket.language', operator: 'equals', value: random.chance(0.5) ? 'fr' : 'en' }] },
      ],
    } as ConditionNode,
    teamId: teamIds[index % teamIds.length]!,
    requiredSkills: index % 3 === 0 ? [{ skill: random.pick(SKILLS), level: 1 + Math.floor(random.next() * 3) }] : [],
  }));
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}
function latencies(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.at(-1)! };
}
const formatMs = (ms: number) => (ms < 0.1 ? ms.toFixed(4) : ms.toFixed(2));

/** The decision alone, per ticket: the first of 20 routing rules that matches, then an agent of a 25-member team. */
function routingDecisionFigure() {
  const random = seeded(19);
  const rules = makeRoutingRules(20, ['a', 'b', 'c']).map((rule) => ({ ...rule, matches: compileConditions(rule.conditions) }));
  const team: AgentCandidate[] = Array.from({ length: 25 }, (_, index) => ({
    userId: `agent-${String(index).padStart(2, '0')}`,
    availability: random.chance(0.7) ? 'online' : random.pick(['away', 'offline']),
    isInShift: random.chance(0.9),
    load: Math.floor(random.next() * 8),
    capacity: 8,
    skills: new Map(SKILLS.filter(() => random.chance(0.5)).map((skill) => [skill, 1 + Math.floor(random.next() * 5)])),
  }));
  const facts: RuleFacts[] = Array.from({ length: routingTicketCount }, () => ({
    ticket: { subject: sentence(random), description: sentence(random), status: 'new', statusCategory: 'new', priority: random.pick(PRIORITIES), channel: 'email', category: null, type: null, language: random.chance(0.3) ? 'fr' : 'en', tags: [], assigneeId: null, teamId: null, customFields: {} },
    customer: { tier: random.pick(TIERS), email: null, language: null },
    comment: null,
    changes: [],
    isBusinessHours: true,
    hoursSinceCreated: 0,
    hoursSinceUpdated: 0,
    hoursInStatus: 0,
  }));
  const samples: number[] = [];
  let routed = 0;
  let assigned = 0;
  let cursor: string | null = null;
  for (const [index, fact] of facts.entries()) {
    const started = performance.now();
    const rule = rules.find((candidate) => candidate.matches(fact));
    const choice: AgentCandidate | undefined = rule ? chooseAgent(STRATEGIES[index % STRATEGIES.length]!, team, { requiredSkills: rule.requiredSkills, cursor }) : undefined;
    samples.push(performance.now() - started);
    if (rule) routed += 1;
    if (choice) {
      assigned += 1;
      cursor = choice.userId;
    }
  }
  return { routed, assigned, ...latencies(samples) };
}

/**
 * The decision as the server makes it: RoutingService on each ticket's `ticket.created` event, one transaction per
 * ticket, on a database with nothing else running (no workers): 20 routing rules, 5 teams of 5 online agents
 * (least loaded, round robin, skills), tickets made beforehand without a team.
 */
async function routingServiceFigure() {
  const dataDir = `/tmp/switchboard-bench-routing-${randomUUID().slice(0, 8)}`;
  const throwaway = database === 'postgres' ? await createThrowawayDatabase(values['postgres-url']!, 'switchboard_bench') : undefined;
  const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'silent', MASTER_KEY: randomBytes32(), ...(throwaway ? { DATABASE_URL: throwaway.url } : {}) });
  const runtime = await openRuntime(config);
  try {
    const { services } = runtime;
    const boot = await services.bootstrap.bootstrap({ slug: `bench-routing-${randomUUID().slice(0, 6)}`, email: 'admin@bench.test', password: 'bench password 123', plan: 'enterprise' });
    const actor = { workspaceId: boot.workspaceId, userId: boot.userId, role: 'admin' as const, via: 'token' as const, credentialId: boot.userId };
    const random = seeded(23);
    const teamIds: string[] = [];
    for (let teamIndex = 0; teamIndex < 5; teamIndex += 1) {
      const memberIds: string[] = [];
      for (let member = 0; member < 5; member += 1) {
        const user = await services.db.transaction((tx) => services.users.create(tx, boot.workspaceId, { email: `agent${teamIndex}-${member}@bench.test`, name: `Agent ${teamIndex}-${member}`, role: 'agent', password: 'bench password 123', language: 'en' }, boot.userId));
        memberIds.push(user.id);
        await services.routing.putAgentProfile(actor, user.id, { skills: SKILLS.filter(() => random.chance(0.5)).map((skill) => ({ skill, level: 1 + Math.floor(random.next() * 5) })), ticketCapacity: 100_000, shiftCalendarId: null });
      }
      const team = await services.db.transaction((tx) => services.users.createTeam(tx, boot.workspaceId, `Team ${teamIndex}`, memberIds));
      teamIds.push(team.id);
      await services.routing.putTeamSettings(actor, team.id, { strategy: STRATEGIES[teamIndex % STRATEGIES.length]!, backupTeamId: null, overflowAfterMinutes: null, rerouteOfflineAfterMinutes: null });
    }
    await services.db.execute(sql`UPDATE users SET availability = 'online', availability_changed_at = now() WHERE workspace_id = ${boot.workspaceId} AND role = 'agent'`);
    for (const rule of makeRoutingRules(20, teamIds)) await services.routing.createRule(actor, { ...rule, isActive: true });
    const ticketIds: string[] = [];
    for (let start = 0; start < routingTicketCount; start += 500) {
      const rows = await services.db.transaction(async (tx) => {
        const inputs = Array.from({ length: Math.min(500, routingTicketCount - start) }, (_, offset) => ({ subject: sentence(random), description: sentence(random), priority: random.pick(PRIORITIES), customer_email: `c${(start + offset) % 2000}@bench.test` }));
        return services.tickets.createManyInTransaction(tx, { workspaceId: boot.workspaceId, userId: null }, inputs, 'email');
      });
      ticketIds.push(...rows.map((row) => row.id));
    }
    // The creations' own events are not the measure: each ticket's decision is timed alone below.
    await services.db.execute(sql`UPDATE outbox_events SET dispatched_at = now() WHERE dispatched_at IS NULL`);
    console.log(`  ${ticketIds.length} tickets, 20 routing rules, 5 teams × 5 online agents (least loaded, round robin, skills), ${database}`);
    const samples: number[] = [];
    for (const ticketId of ticketIds) {
      const event = { id: randomUUID(), workspaceId: boot.workspaceId, type: 'ticket.created' as const, data: { ticket: { id: ticketId } }, createdAt: new Date() };
      const started = performance.now();
      await services.db.transaction((tx) => services.routing.handleEvents([event], tx));
      samples.push(performance.now() - started);
    }
    const [outcome] = rowsOf<{ routed: number; assigned: number }>(
      await services.db.execute(sql`SELECT count(*) FILTER (WHERE team_id IS NOT NULL)::int AS routed, count(*) FILTER (WHERE assignee_id IS NOT NULL)::int AS assigned FROM tickets WHERE workspace_id = ${boot.workspaceId}`),
    );
    return { ...outcome!, ...latencies(samples) };
  } finally {
    await runtime.close();
    await throwaway?.drop();
  }
}

function randomBytes32(): string {
  return Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString('base64');
}

const rules = makeRules(ruleCount);
console.log(`Automation rules: ${ruleCount} rules, ${eventCount} events, ${database}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
console.log('Matching (rule-conditions.ts alone):');
const matching = matchingFigure(rules);
console.log(`  ${matching.eventsPerSecond} events/s (${matching.microsPerEvent} µs per event against ${ruleCount} rules)`);
console.log(`Dispatch (the real server: every durable listener, in the outbox's transactions, on ${database}):`);
const dispatch = await dispatchFigure(rules);
console.log(`  ${eventCount} events in ${dispatch.seconds.toFixed(1)} s: ${dispatch.eventsPerSecond} events/s; rule runs ${dispatch.runs.map((run) => `${run.outcome} ${run.count}`).join(', ') || 'none'}`);
console.log(`Target ≥ ${TARGET_EVENTS_PER_SECOND} events/s: matching ${matching.eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'missed'}, dispatch ${dispatch.eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'missed'}`);
console.log(`Routing decision latency, ${routingTicketCount} tickets:`);
const decision = routingDecisionFigure();
console.log(`  decision alone (first of 20 rules, then an agent of 25): p50 ${formatMs(decision.p50Ms)} ms, p99 ${formatMs(decision.p99Ms)} ms (${decision.routed} routed to a team, ${decision.assigned} given an agent)`);
const routingService = await routingServiceFigure();
console.log(`  on the server (RoutingService, one transaction per ticket): p50 ${formatMs(routingService.p50Ms)} ms, p99 ${formatMs(routingService.p99Ms)} ms, max ${formatMs(routingService.maxMs)} ms (${routingService.routed} routed to a team, ${routingService.assigned} given an agent)`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/rules-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, JSON.stringify({ ruleCount, eventCount, database, matching, dispatch, routing: { tickets: routingTicketCount, decision, service: routingService } }, null, 2));
