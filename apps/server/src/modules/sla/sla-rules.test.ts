import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type CalendarSpec } from '../business-hours/business-calendar.js';
import { holidaysOf } from '../business-hours/holiday-sets.js';
import { remainingAt, resumed, scheduleOf, stopped, type SlaClockState } from './sla-clock.js';
import { choosePolicy, DEFAULT_TARGETS, NO_CONDITIONS, raisedPriority, targetMinutesOf, type MatchablePolicy } from './sla-policies.js';

const montreal: CalendarSpec = {
  timeZone: 'America/Toronto',
  intervals: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays: new Set(holidaysOf('ca-qc', 2026).map((holiday) => holiday.date)),
};

function policy(id: string, position: number, conditions: Partial<MatchablePolicy['conditions']> = {}, extra: Partial<MatchablePolicy> = {}): MatchablePolicy {
  return { id, position, isActive: true, isDefault: false, conditions: { ...NO_CONDITIONS, ...conditions }, ...extra };
}

describe('SLA policy choice', () => {
  const facts = { priority: 'high', tier: 'enterprise', channel: 'email', category: 'billing' };
  const fallback = policy('default', 99, {}, { isDefault: true });

  it('takes the first active policy by position whose every condition holds', () => {
    const policies = [policy('chat-only', 1, { channels: ['chat'] }), policy('enterprise', 2, { tiers: ['enterprise', 'paid'] }), policy('billing', 3, { categories: ['billing'] }), fallback];
    expect(choosePolicy(policies, facts)?.id).toBe('enterprise');
    expect(choosePolicy(policies, { ...facts, tier: 'free' })?.id).toBe('billing');
    expect(choosePolicy(policies, { ...facts, tier: 'free', category: null })?.id).toBe('default');
  });

  it('skips inactive policies, and has no SLA when the default is off too', () => {
    const policies = [policy('enterprise', 1, { tiers: ['enterprise'] }, { isActive: false }), fallback];
    expect(choosePolicy(policies, facts)?.id).toBe('default');
    expect(choosePolicy([{ ...fallback, isActive: false }], facts)).toBeUndefined();
  });

  it('needs a customer tier for a tier condition: a ticket without a customer does not match', () => {
    expect(choosePolicy([policy('vip', 1, { tiers: ['enterprise'] }), fallback], { ...facts, tier: null })?.id).toBe('default');
  });

  it('ships the issue’s default targets and raises priority one step at a time', () => {
    expect(targetMinutesOf(DEFAULT_TARGETS, 'urgent', 'first_response')).toBe(15);
    expect(['urgent', 'high', 'normal', 'low'].map((priority) => targetMinutesOf(DEFAULT_TARGETS, priority, 'resolution'))).toEqual([240, 480, 1440, 2880]);
    expect(['low', 'normal', 'high', 'urgent'].map(raisedPriority)).toEqual(['normal', 'high', 'urgent', 'urgent']);
  });
});

describe('SLA clock', () => {
  it('warns at the share of the target and is due at the target, round the clock', () => {
    const clock = { targetMinutes: 15, warningPercent: 80, elapsedMinutes: 0, runningSince: new Date('2026-12-02T10:00:00Z') };
    const { warnAt, dueAt } = scheduleOf(ALWAYS_OPEN, clock);
    expect(warnAt?.toISOString()).toBe('2026-12-02T10:12:00.000Z');
    expect(dueAt?.toISOString()).toBe('2026-12-02T10:15:00.000Z');
  });

  it('pauses while pending on the customer and resumes with what is left, in business hours', () => {
    // Started Monday 2026-11-30 09:00 EST with 4 business hours; pending at 11:00 (2 h counted).
    let clock: SlaClockState = { targetMinutes: 240, warningPercent: 75, elapsedMinutes: 0, runningSince: new Date('2026-11-30T14:00:00Z') };
    clock = stopped(montreal, clock, new Date('2026-11-30T16:00:00Z'));
    expect(clock).toMatchObject({ elapsedMinutes: 120, runningSince: null });
    expect(scheduleOf(montreal, clock)).toEqual({ warnAt: null, dueAt: null });
    // The customer answers Tuesday 16:00: 2 h left, one today and one on Wednesday morning.
    clock = resumed(clock, new Date('2026-12-01T21:00:00Z'));
    const { warnAt, dueAt } = scheduleOf(montreal, clock);
    expect(dueAt?.toISOString()).toBe('2026-12-02T15:00:00.000Z');
    expect(warnAt?.toISOString()).toBe('2026-12-01T22:00:00.000Z');
    expect(remainingAt(montreal, clock, new Date('2026-12-02T14:30:00Z'))).toBe(30);
  });

  it('warns at once a clock resumed past its warning share', () => {
    const clock = { targetMinutes: 60, warningPercent: 50, elapsedMinutes: 40, runningSince: new Date('2026-12-02T10:00:00Z') };
    expect(scheduleOf(ALWAYS_OPEN, clock).warnAt?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(scheduleOf(ALWAYS_OPEN, clock).dueAt?.toISOString()).toBe('2026-12-02T10:20:00.000Z');
  });

  it('does not count a Québec holiday: due after Good Friday', () => {
    // Thursday 2026-04-02 16:30 EDT with one business hour: 30 min on Thursday, 30 on Monday 2026-04-06.
    const clock = { targetMinutes: 60, warningPercent: 75, elapsedMinutes: 0, runningSince: new Date('2026-04-02T20:30:00Z') };
    expect(scheduleOf(montreal, clock).dueAt?.toISOString()).toBe('2026-04-06T13:30:00.000Z');
  });
});
