import { DateTime } from 'luxon';
import type { DomainEvent } from '../events/events.js';

/** A ticket's analytics row (see `analyticsTicketFacts`), as the fold reads and writes it. */
export interface TicketFact {
  ticketId: string;
  workspaceId: string;
  number: number;
  createdAt: Date;
  channel: string;
  priority: string;
  type: string | null;
  category: string | null;
  language: string;
  teamId: string | null;
  assigneeId: string | null;
  status: string;
  statusCategory: string;
  firstResponseAt: Date | null;
  firstResponseSeconds: number | null;
  firstResponseBusinessSeconds: number | null;
  awaitingSince: Date | null;
  replyCount: number;
  replyWaitSeconds: number;
  replyWaitBusinessSeconds: number;
  resolvedAt: Date | null;
  resolutionSeconds: number | null;
  resolutionBusinessSeconds: number | null;
  reopenCount: number;
  firstBreachedAt: Date | null;
  slaBreaches: number;
  escalatedAt: Date | null;
  escalationReason: string | null;
  csatRating: number | null;
  ratedAt: Date | null;
  surveyOfferedAt: Date | null;
  handleSeconds: number | null;
  updatedAt: Date;
}

export const ESCALATION_REASONS = ['priority_raised', 'team_changed'] as const;

/** The events that change a fact. */
export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'ticket.deleted',
  'comment.created',
  'ticket.satisfaction_offered',
  'ticket.satisfaction_rated',
  'sla.breached',
]);

/** Business seconds between two instants, in the workspace's default calendar (round the clock without one). */
export type BusinessSeconds = (from: Date, to: Date) => number;

const PRIORITY_RANK: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
const DONE_CATEGORIES = new Set(['resolved', 'closed']);

interface TicketSnapshot {
  id: string;
  number: number;
  channel: string;
  priority: string;
  type: string | null;
  category: string | null;
  language: string;
  teamId: string | null;
  assigneeId: string | null;
  status: string;
  statusCategory: string;
  createdAt: string;
  resolvedAt: string | null;
}

/** The ticket an event is about: its id, and its snapshot when the event carries one. */
export function ticketIdOf(event: DomainEvent): string | undefined {
  const data = event.data as { ticket?: { id?: unknown }; ticketId?: unknown };
  const id = data.ticket?.id ?? data.ticketId;
  return typeof id === 'string' ? id : undefined;
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/**
 * Applies one event to a ticket's fact: the next fact, `null` once the ticket is deleted, or the same object when
 * the event changes nothing. Pure, so the dispatch and a rebuild from the outbox fold the same way.
 */
export function applyEvent(fact: TicketFact | undefined, event: DomainEvent, businessSeconds: BusinessSeconds): TicketFact | null | undefined {
  const at = event.createdAt;
  switch (event.type) {
    case 'ticket.created': {
      const ticket = (event.data as { ticket?: TicketSnapshot }).ticket;
      if (fact || !isSnapshot(ticket)) return fact;
      return withResolution(
        {
          ticketId: ticket.id,
          workspaceId: event.workspaceId,
          number: Number(ticket.number) || 0,
          createdAt: new Date(ticket.createdAt),
          ...dimensionsOf(ticket),
          firstResponseAt: null,
          firstResponseSeconds: null,
          firstResponseBusinessSeconds: null,
          awaitingSince: (event.data as { actorId?: string | null }).actorId ? null : new Date(ticket.createdAt),
          replyCount: 0,
          replyWaitSeconds: 0,
          replyWaitBusinessSeconds: 0,
          resolvedAt: null,
          resolutionSeconds: null,
          resolutionBusinessSeconds: null,
          reopenCount: 0,
          firstBreachedAt: null,
          slaBreaches: 0,
          escalatedAt: null,
          escalationReason: null,
          csatRating: null,
          ratedAt: null,
          surveyOfferedAt: null,
          handleSeconds: null,
          updatedAt: at,
        },
        ticket,
        at,
        businessSeconds,
      );
    }
    case 'ticket.updated':
    case 'ticket.resolved': {
      const data = event.data as { ticket?: TicketSnapshot; changes?: Array<{ field: string; from: unknown; to: unknown }> };
      if (!fact || !isSnapshot(data.ticket)) return fact;
      let next: TicketFact = { ...fact, ...dimensionsOf(data.ticket), updatedAt: at };
      if (!next.escalatedAt && Array.isArray(data.changes)) {
        const reason = escalationOf(data.changes);
        if (reason) next = { ...next, escalatedAt: at, escalationReason: reason };
      }
      return withResolution(next, data.ticket, at, businessSeconds);
    }
    case 'ticket.deleted':
      return fact ? null : undefined;
    case 'comment.created': {
      const comment = (event.data as { comment?: { isPublic?: unknown; authorType?: unknown; createdAt?: unknown } }).comment;
      if (!fact || !comment) return fact;
      const writtenAt = typeof comment.createdAt === 'string' && !Number.isNaN(Date.parse(comment.createdAt)) ? new Date(comment.createdAt) : at;
      if (comment.authorType === 'customer') return fact.awaitingSince ? fact : { ...fact, awaitingSince: writtenAt, updatedAt: at };
      if (comment.authorType !== 'user' || !comment.isPublic) return fact;
      let next: TicketFact = { ...fact, updatedAt: at };
      if (!next.firstResponseAt) {
        next = { ...next, firstResponseAt: writtenAt, firstResponseSeconds: seconds(fact.createdAt, writtenAt), firstResponseBusinessSeconds: businessSeconds(fact.createdAt, writtenAt) };
      }
      if (next.awaitingSince) {
        next = {
          ...next,
          replyCount: next.replyCount + 1,
          replyWaitSeconds: next.replyWaitSeconds + seconds(next.awaitingSince, writtenAt),
          replyWaitBusinessSeconds: next.replyWaitBusinessSeconds + businessSeconds(next.awaitingSince, writtenAt),
          awaitingSince: null,
        };
      }
      return next;
    }
    case 'ticket.satisfaction_rated': {
      if (!fact) return undefined;
      const rating = Number((event.data as { rating?: unknown }).rating);
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return fact;
      return { ...fact, csatRating: rating, ratedAt: at, updatedAt: at };
    }
    case 'ticket.satisfaction_offered': {
      if (!fact) return undefined;
      const offeredAt = (event.data as { offeredAt?: unknown }).offeredAt;
      // The latest link sent is the ticket's survey (it keeps an answer given to an earlier one).
      return { ...fact, surveyOfferedAt: typeof offeredAt === 'string' && !Number.isNaN(Date.parse(offeredAt)) ? new Date(offeredAt) : at, updatedAt: at };
    }
    case 'sla.breached':
      if (!fact) return undefined;
      return { ...fact, slaBreaches: fact.slaBreaches + 1, firstBreachedAt: fact.firstBreachedAt ?? at, updatedAt: at };
    default:
      return fact;
  }
}

/** Whether an event's ticket carries what a fact needs (events of other shapes leave facts as they are). */
function isSnapshot(ticket: TicketSnapshot | undefined): ticket is TicketSnapshot {
  return (
    typeof ticket === 'object' &&
    ticket !== null &&
    typeof ticket.id === 'string' &&
    typeof ticket.channel === 'string' &&
    typeof ticket.priority === 'string' &&
    typeof ticket.status === 'string' &&
    typeof ticket.statusCategory === 'string' &&
    typeof ticket.createdAt === 'string'
  );
}

function dimensionsOf(ticket: TicketSnapshot) {
  return {
    channel: ticket.channel,
    priority: ticket.priority,
    type: ticket.type ?? null,
    category: ticket.category ?? null,
    language: ticket.language ?? 'en',
    teamId: ticket.teamId ?? null,
    assigneeId: ticket.assigneeId ?? null,
    status: ticket.status,
    statusCategory: ticket.statusCategory,
  };
}

/** A raise of priority, or a move from one team to another, is an escalation. */
function escalationOf(changes: Array<{ field: string; from: unknown; to: unknown }>): (typeof ESCALATION_REASONS)[number] | undefined {
  for (const change of changes) {
    if (change.field === 'priority' && (PRIORITY_RANK[String(change.to)] ?? -1) > (PRIORITY_RANK[String(change.from)] ?? 99)) return 'priority_raised';
  }
  for (const change of changes) {
    if (change.field === 'teamId' && change.from && change.to && change.from !== change.to) return 'team_changed';
  }
  return undefined;
}

/** Resolved while the ticket is in a done category (its latest resolution); reopened clears it and counts. */
function withResolution(fact: TicketFact, ticket: TicketSnapshot, at: Date, businessSeconds: BusinessSeconds): TicketFact {
  if (!DONE_CATEGORIES.has(ticket.statusCategory)) {
    if (!fact.resolvedAt) return fact;
    return { ...fact, resolvedAt: null, resolutionSeconds: null, resolutionBusinessSeconds: null, handleSeconds: null, reopenCount: fact.reopenCount + 1 };
  }
  const resolvedAt = ticket.resolvedAt ? new Date(ticket.resolvedAt) : at;
  if (fact.resolvedAt?.getTime() === resolvedAt.getTime()) return fact;
  return {
    ...fact,
    resolvedAt,
    resolutionSeconds: seconds(fact.createdAt, resolvedAt),
    resolutionBusinessSeconds: businessSeconds(fact.createdAt, resolvedAt),
    handleSeconds: fact.channel === 'chat' && fact.firstResponseAt ? seconds(fact.firstResponseAt, resolvedAt) : null,
  };
}

// ── Daily rollups ───────────────────────────────────────────────────────────────────────────────────────────

export const ROLLUP_COUNTERS = [
  'created',
  'resolved',
  'resolvedBreached',
  'createdResolved',
  'createdEscalated',
  'slaBreaches',
  'escalations',
  'csatResponses',
  'csatSum',
  'csatSatisfied',
  'surveysOffered',
  'surveysAnswered',
] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];

export interface RollupKey {
  day: string;
  channel: string;
  priority: string;
  language: string;
  teamKey: string;
}
export type RollupDelta = RollupKey & Record<RollupCounter, number>;

const keyString = (key: RollupKey) => `${key.day}|${key.channel}|${key.priority}|${key.language}|${key.teamKey}`;

/** What one fact adds to the daily rollups: each milestone counts on its own day, under the ticket's dimensions now. */
export function contributionsOf(fact: TicketFact, timeZone: string): RollupDelta[] {
  const rows = new Map<string, RollupDelta>();
  const add = (at: Date, counters: Partial<Record<RollupCounter, number>>) => {
    const key: RollupKey = { day: dayOf(at, timeZone), channel: fact.channel, priority: fact.priority, language: fact.language, teamKey: fact.teamId ?? '' };
    const id = keyString(key);
    const row = rows.get(id) ?? { ...key, ...Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, 0])) as Record<RollupCounter, number> };
    for (const [counter, value] of Object.entries(counters)) row[counter as RollupCounter] += value;
    rows.set(id, row);
  };
  add(fact.createdAt, { created: 1, createdResolved: fact.resolvedAt ? 1 : 0, createdEscalated: fact.escalatedAt ? 1 : 0 });
  if (fact.resolvedAt) add(fact.resolvedAt, { resolved: 1, resolvedBreached: fact.slaBreaches > 0 ? 1 : 0 });
  if (fact.firstBreachedAt) add(fact.firstBreachedAt, { slaBreaches: 1 });
  if (fact.escalatedAt) add(fact.escalatedAt, { escalations: 1 });
  if (fact.ratedAt && fact.csatRating) add(fact.ratedAt, { csatResponses: 1, csatSum: fact.csatRating, csatSatisfied: fact.csatRating >= 4 ? 1 : 0 });
  if (fact.surveyOfferedAt) add(fact.surveyOfferedAt, { surveysOffered: 1, surveysAnswered: fact.ratedAt ? 1 : 0 });
  return [...rows.values()];
}

/** The rollup changes of a fact going from `before` to `after` (either may be absent), without rows that net to zero. */
export function rollupDifference(before: TicketFact | undefined, after: TicketFact | undefined, timeZone: string): RollupDelta[] {
  const rows = new Map<string, RollupDelta>();
  const merge = (deltas: RollupDelta[], sign: 1 | -1) => {
    for (const delta of deltas) {
      const id = keyString(delta);
      const row = rows.get(id) ?? { ...delta, ...Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, 0])) as Record<RollupCounter, number> };
      for (const counter of ROLLUP_COUNTERS) row[counter] += sign * delta[counter];
      rows.set(id, row);
    }
  };
  if (before) merge(contributionsOf(before, timeZone), -1);
  if (after) merge(contributionsOf(after, timeZone), 1);
  return [...rows.values()].filter((row) => ROLLUP_COUNTERS.some((counter) => row[counter] !== 0));
}

/** Sums deltas of many facts by rollup row. */
export function sumDeltas(deltas: RollupDelta[]): RollupDelta[] {
  const rows = new Map<string, RollupDelta>();
  for (const delta of deltas) {
    const id = keyString(delta);
    const row = rows.get(id);
    if (!row) rows.set(id, { ...delta });
    else for (const counter of ROLLUP_COUNTERS) row[counter] += delta[counter];
  }
  return [...rows.values()].filter((row) => ROLLUP_COUNTERS.some((counter) => row[counter] !== 0));
}

/**
 * The local date of an instant in a time zone, `YYYY-MM-DD`. Remembered by quarter hour (every offset in use is a
 * whole number of quarter hours, so a day never starts inside one): a rebuild asks it for millions of instants.
 */
export function dayOf(at: Date, timeZone: string): string {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  let days = DAYS_BY_QUARTER.get(timeZone);
  if (!days) DAYS_BY_QUARTER.set(timeZone, (days = new Map()));
  let day = days.get(quarter);
  if (day === undefined) {
    day = DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);
    if (days.size >= DAY_CACHE_LIMIT) days.clear();
    days.set(quarter, day);
  }
  return day;
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** About 500 days of quarter hours for each time zone. */
const DAY_CACHE_LIMIT = 50_000;
const DAYS_BY_QUARTER = new Map<string, Map<number, string>>();
