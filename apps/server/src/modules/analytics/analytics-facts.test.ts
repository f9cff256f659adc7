import { describe, expect, it } from 'vitest';
import type { DomainEvent, EventType } from '../events/events.js';
import { applyEvent, contributionsOf, rollupDifference, sumDeltas, type TicketFact } from './analytics-facts.js';

const TICKET_ID = '00000000-0000-4000-8000-000000000001';
const roundTheClock = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
/** Business hours of 09:00–17:00 UTC every day, for the sums below. */
const nineToFive = (from: Date, to: Date) => {
  let total = 0;
  for (let at = from.getTime(); at < to.getTime(); at += 60_000) {
    const hour = new Date(at).getUTCHours();
    if (hour >= 9 && hour < 17) total += 60;
  }
  return total;
};

const ticket = (changes: Record<string, unknown> = {}) => ({
  id: TICKET_ID,
  number: 1,
  channel: 'chat',
  priority: 'normal',
  type: null,
  category: null,
  language: 'fr',
  teamId: 'team-a',
  assigneeId: null,
  status: 'open',
  statusCategory: 'open',
  createdAt: '2026-11-02T16:00:00.000Z',
  resolvedAt: null,
  ...changes,
});
const event = (type: EventType, createdAt: string, data: Record<string, unknown>): DomainEvent => ({ id: createdAt, workspaceId: 'w', type, createdAt: new Date(createdAt), data });
const fold = (events: DomainEvent[], businessSeconds = roundTheClock) => {
  let fact: TicketFact | null | undefined;
  for (const next of events) {
    const applied = applyEvent(fact ?? undefined, next, businessSeconds);
    if (applied !== undefined) fact = applied;
  }
  return fact;
};
const comment = (at: string, authorType: string, isPublic = true) => event('comment.created', at, { ticketId: TICKET_ID, comment: { isPublic, authorType, createdAt: at } });

describe('folding a ticket’s events into its fact', () => {
  it('counts the first public reply of a person, not a note or the customer’s own message, in business time too', () => {
    const fact = fold(
      [
        event('ticket.created', '2026-11-02T16:00:00.000Z', { ticket: ticket(), actorId: null }),
        comment('2026-11-02T16:30:00.000Z', 'user', false),
        comment('2026-11-02T17:30:00.000Z', 'customer'),
        comment('2026-11-03T10:00:00.000Z', 'user'),
      ],
      nineToFive,
    )!;
    expect(fact.firstResponseAt?.toISOString()).toBe('2026-11-03T10:00:00.000Z');
    expect(fact.firstResponseSeconds).toBe(18 * 3600);
    // 16:00–17:00 on the first day and 09:00–10:00 on the next.
    expect(fact.firstResponseBusinessSeconds).toBe(2 * 3600);
    expect([fact.replyCount, fact.replyWaitSeconds]).toEqual([1, 18 * 3600]);
  });

  it('clears the resolution on reopening and counts it, then resolves again', () => {
    const fact = fold([
      event('ticket.created', '2026-11-02T16:00:00.000Z', { ticket: ticket(), actorId: 'agent' }),
      comment('2026-11-02T16:10:00.000Z', 'user'),
      event('ticket.resolved', '2026-11-02T17:00:00.000Z', { ticket: ticket({ status: 'resolved', statusCategory: 'resolved', resolvedAt: '2026-11-02T17:00:00.000Z' }) }),
      event('ticket.updated', '2026-11-02T18:00:00.000Z', { ticket: ticket({ status: 'open' }), changes: [{ field: 'status', from: 'resolved', to: 'open' }] }),
    ])!;
    expect([fact.resolvedAt, fact.reopenCount, fact.awaitingSince]).toEqual([null, 1, null]);
    const again = applyEvent(fact, event('ticket.resolved', '2026-11-03T16:00:00.000Z', { ticket: ticket({ status: 'resolved', statusCategory: 'resolved', resolvedAt: '2026-11-03T16:00:00.000Z' }) }), roundTheClock)!;
    expect([again.resolutionSeconds, again.handleSeconds]).toEqual([24 * 3600, 24 * 3600 - 600]);
  });

  it('marks the first escalation only, and ignores a lowered priority and a first team', () => {
    const fact = fold([
      event('ticket.created', '2026-11-02T16:00:00.000Z', { ticket: ticket({ teamId: null }), actorId: null }),
      event('ticket.updated', '2026-11-02T16:05:00.000Z', { ticket: ticket(), changes: [{ field: 'teamId', from: null, to: 'team-a' }] }),
      event('ticket.updated', '2026-11-02T16:10:00.000Z', { ticket: ticket({ priority: 'low' }), changes: [{ field: 'priority', from: 'normal', to: 'low' }] }),
      event('ticket.updated', '2026-11-02T16:20:00.000Z', { ticket: ticket({ priority: 'urgent' }), changes: [{ field: 'priority', from: 'low', to: 'urgent' }] }),
      event('ticket.updated', '2026-11-02T16:30:00.000Z', { ticket: ticket({ priority: 'urgent', teamId: 'team-b' }), changes: [{ field: 'teamId', from: 'team-a', to: 'team-b' }] }),
    ])!;
    expect([fact.escalatedAt?.toISOString(), fact.escalationReason, fact.teamId]).toEqual(['2026-11-02T16:20:00.000Z', 'priority_raised', 'team-b']);
  });

  it('keeps the latest valid rating, and forgets a deleted ticket', () => {
    const created = event('ticket.created', '2026-11-02T16:00:00.000Z', { ticket: ticket(), actorId: null });
    const rated = fold([created, event('ticket.satisfaction_rated', '2026-11-03T09:00:00.000Z', { ticketId: TICKET_ID, rating: 4 }), event('ticket.satisfaction_rated', '2026-11-03T10:00:00.000Z', { ticketId: TICKET_ID, rating: 9 })])!;
    expect([rated.csatRating, rated.ratedAt?.toISOString()]).toEqual([4, '2026-11-03T09:00:00.000Z']);
    expect(fold([created, event('ticket.deleted', '2026-11-03T09:00:00.000Z', { ticket: { id: TICKET_ID } })])).toBeNull();
    // Events of a ticket the fold never saw created change nothing.
    expect(applyEvent(undefined, comment('2026-11-03T09:00:00.000Z', 'user'), roundTheClock)).toBeUndefined();
  });

  it('leaves facts alone on events of another shape, so a stray event never stops the dispatch', () => {
    const fact = fold([event('ticket.created', '2026-11-02T16:00:00.000Z', { ticket: ticket(), actorId: null })])!;
    expect(applyEvent(undefined, event('ticket.created', '2026-11-02T16:00:00.000Z', { ticket: { id: TICKET_ID } }), roundTheClock)).toBeUndefined();
    expect(applyEvent(fact, event('ticket.updated', '2026-11-02T17:00:00.000Z', { ticket: { id: TICKET_ID }, changes: 'priority' }), roundTheClock)).toBe(fact);
    expect(applyEvent(fact, event('comment.created', '2026-11-02T17:00:00.000Z', { ticketId: TICKET_ID }), roundTheClock)).toBe(fact);
    expect(applyEvent(fact, event('ticket.satisfaction_rated', '2026-11-02T17:00:00.000Z', { ticketId: TICKET_ID, rating: 'great' }), roundTheClock)).toBe(fact);
  });
});

describe('the daily rollups of a fact', () => {
  const created = fold([event('ticket.created', '2026-11-02T23:30:00.000Z', { ticket: ticket({ createdAt: '2026-11-02T23:30:00.000Z' }), actorId: null })])!;

  it('puts each milestone on its own day in the workspace’s time zone', () => {
    const resolved = applyEvent(created, event('ticket.resolved', '2026-11-03T14:00:00.000Z', { ticket: ticket({ createdAt: '2026-11-02T23:30:00.000Z', statusCategory: 'resolved', resolvedAt: '2026-11-03T14:00:00.000Z' }) }), roundTheClock)!;
    expect(contributionsOf(resolved, 'UTC').map((row) => [row.day, row.created, row.createdResolved, row.resolved])).toEqual([
      ['2026-11-02', 1, 1, 0],
      ['2026-11-03', 0, 0, 1],
    ]);
    // 23:30 UTC is 18:30 in Toronto; 14:00 UTC is 09:00 there.
    expect(contributionsOf(resolved, 'America/Toronto').map((row) => row.day)).toEqual(['2026-11-02', '2026-11-03']);
    expect(contributionsOf(resolved, 'Asia/Tokyo').map((row) => row.day)).toEqual(['2026-11-03']);
  });

  it('moves a ticket between teams by the difference of its contributions, which sums back to the new state', () => {
    const moved = { ...created, teamId: 'team-b' };
    const difference = rollupDifference(created, moved, 'UTC');
    expect(difference.map((row) => [row.teamKey, row.created])).toEqual([
      ['team-a', -1],
      ['team-b', 1],
    ]);
    expect(sumDeltas([...contributionsOf(created, 'UTC'), ...difference])).toEqual(contributionsOf(moved, 'UTC'));
    expect(rollupDifference(created, created, 'UTC')).toEqual([]);
  });
});
