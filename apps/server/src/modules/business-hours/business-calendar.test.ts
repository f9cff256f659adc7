import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, ALWAYS_OPEN, businessMinutesBetween, type CalendarSpec, isOpenAt, nextOpening } from './business-calendar.js';
import { easterSunday, holidaysOf } from './holiday-sets.js';

const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

function calendar(timeZone: string, options: { intervals?: CalendarSpec['intervals']; holidays?: string[] } = {}): CalendarSpec {
  return { timeZone, intervals: options.intervals ?? WEEKDAYS_9_TO_5, holidays: new Set(options.holidays ?? []) };
}

const montreal = calendar('America/Toronto');

describe('business-hours arithmetic', () => {
  it('carries what is left of a Friday over the weekend to Monday morning', () => {
    // Friday 2026-11-27 16:30 in Montréal (EST, UTC−5) plus one business hour: Monday 09:30.
    expect(addBusinessMinutes(montreal, new Date('2026-11-27T21:30:00Z'), 60).toISOString()).toBe('2026-11-30T14:30:00.000Z');
  });

  it('starts counting at the next opening when the clock starts while closed', () => {
    const saturday = new Date('2026-11-28T15:00:00Z');
    expect(isOpenAt(montreal, saturday)).toBe(false);
    expect(nextOpening(montreal, saturday).toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(addBusinessMinutes(montreal, saturday, 15).toISOString()).toBe('2026-11-30T14:15:00.000Z');
  });

  it('keeps 09:00 on the wall clock across the spring daylight-saving change', () => {
    // Friday 2026-03-06 16:00 EST + 2 business hours: Monday 2026-03-09 10:00 EDT (UTC−4), not 11:00 or 09:00.
    expect(addBusinessMinutes(montreal, new Date('2026-03-06T21:00:00Z'), 120).toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('counts the real minutes of a round-the-clock calendar on the days clocks change', () => {
    const allDay = calendar('America/Toronto', { intervals: ALWAYS_OPEN.intervals });
    // 2026-03-08 has 23 hours in Montréal, 2026-11-01 has 25.
    expect(businessMinutesBetween(allDay, new Date('2026-03-08T05:00:00Z'), new Date('2026-03-09T04:00:00Z'))).toBe(23 * 60);
    expect(businessMinutesBetween(allDay, new Date('2026-11-01T04:00:00Z'), new Date('2026-11-02T05:00:00Z'))).toBe(25 * 60);
    // Saturday 23:00 EST + 4 h lands at 04:00 EDT on Sunday: 02:00–03:00 never happened.
    expect(addBusinessMinutes(allDay, new Date('2026-03-08T04:00:00Z'), 240).toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('skips the holidays of the calendar, and Québec’s Good Friday but not Easter Monday', () => {
    const quebec = calendar('America/Toronto', { holidays: holidaysOf('ca-qc', 2026).map((holiday) => holiday.date) });
    // Thursday 2026-04-02 16:00 EDT + 2 business hours: Friday is Good Friday, so Monday 2026-04-06 10:00.
    expect(addBusinessMinutes(quebec, new Date('2026-04-02T20:00:00Z'), 120).toISOString()).toBe('2026-04-06T14:00:00.000Z');
    expect(isOpenAt(quebec, new Date('2026-06-24T15:00:00Z'))).toBe(false);
    expect(isOpenAt(montreal, new Date('2026-06-24T15:00:00Z'))).toBe(true);
  });

  it('reads the opening hours on the calendar’s own clock', () => {
    const paris = calendar('Europe/Paris');
    const instant = new Date('2026-12-02T08:30:00Z'); // 09:30 in Paris, 03:30 in Montréal
    expect(isOpenAt(paris, instant)).toBe(true);
    expect(isOpenAt(montreal, instant)).toBe(false);
  });

  it('measures what it adds: minutes between an instant and the due time it gives are the minutes added', () => {
    const lunch = calendar('America/Vancouver', {
      intervals: [1, 2, 3, 4, 5].flatMap((day) => [{ day, start: '08:00', end: '12:00' }, { day, start: '13:00', end: '18:30' }]),
      holidays: ['2026-12-25'],
    });
    for (let sample = 0; sample < 200; sample += 1) {
      const from = new Date(Date.UTC(2026, 0, 1) + ((sample * 7_919_993) % (365 * 86_400)) * 1000);
      const minutes = (sample * 37) % 3000;
      const due = addBusinessMinutes(lunch, from, minutes);
      expect(businessMinutesBetween(lunch, from, due)).toBeCloseTo(minutes, 6);
    }
  });

  it('joins overlapping and touching intervals, and opens until midnight with 24:00', () => {
    const late = calendar('UTC', { intervals: [{ day: 3, start: '20:00', end: '24:00' }, { day: 3, start: '18:00', end: '21:00' }, { day: 4, start: '00:00', end: '02:00' }] });
    // Wednesday 2026-12-02 18:00 UTC + 7 h: six hours to midnight, then the first hour of Thursday.
    expect(addBusinessMinutes(late, new Date('2026-12-02T18:00:00Z'), 7 * 60).toISOString()).toBe('2026-12-03T01:00:00.000Z');
    expect(businessMinutesBetween(late, new Date('2026-12-02T00:00:00Z'), new Date('2026-12-04T00:00:00Z'))).toBe(8 * 60);
  });

  it('refuses to walk forever through a calendar that never opens', () => {
    expect(() => addBusinessMinutes(calendar('UTC', { intervals: [] }), new Date(), 1)).toThrow(/no opening hours/);
  });
});

describe('holiday sets', () => {
  it('computes Easter for known years', () => {
    expect(['2024', '2025', '2026', '2027', '2038'].map((year) => easterSunday(Number(year)))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25']);
  });

  it('gives Québec’s eight statutory holidays of 2026 on their dates', () => {
    expect(holidaysOf('ca-qc', 2026).map((holiday) => `${holiday.date} ${holiday.name.fr}`)).toEqual([
      '2026-01-01 Jour de l’An',
      '2026-04-03 Vendredi saint',
      '2026-05-18 Journée nationale des patriotes',
      '2026-06-24 Fête nationale du Québec',
      '2026-07-01 Fête du Canada',
      '2026-09-07 Fête du Travail',
      '2026-10-12 Action de grâce',
      '2026-12-25 Noël',
    ]);
  });

  it('moves the Fête nationale and Canada Day to Monday when they fall on a Sunday', () => {
    // 2029: June 24 and July 1 are Sundays; May 25, 2026 is a Monday so Patriots' Day is the week before.
    const dates = holidaysOf('ca-qc', 2029).map((holiday) => holiday.date);
    expect(dates).toContain('2029-06-25');
    expect(dates).toContain('2029-07-02');
  });

  it('gives the federal set its own days (Truth and Reconciliation, Remembrance, Boxing Day)', () => {
    const dates = holidaysOf('ca', 2026).map((holiday) => holiday.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-05-18', '2026-09-30', '2026-11-11', '2026-12-26']));
    expect(dates).not.toContain('2026-06-24');
  });
});
