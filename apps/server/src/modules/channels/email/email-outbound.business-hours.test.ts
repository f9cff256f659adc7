import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_HOURS, isWithinBusinessHours } from './email-outbound.business-hours.js';

describe('interim business hours (weekly schedule in a time zone)', () => {
  it('reads the schedule on the clock of the time zone, across DST', () => {
    // Monday 2026-11-23 14:30 UTC is 09:30 in Toronto (EST, UTC−5); in July (EDT, UTC−4) 13:00 UTC is 09:00.
    expect(isWithinBusinessHours(new Date('2026-11-23T14:30:00Z'), DEFAULT_BUSINESS_HOURS, 'America/Toronto')).toBe(true);
    expect(isWithinBusinessHours(new Date('2026-07-06T13:00:00Z'), DEFAULT_BUSINESS_HOURS, 'America/Toronto')).toBe(true);
    // Late Sunday evening in UTC is already Monday 08:30 in Tokyo.
    expect(isWithinBusinessHours(new Date('2026-11-22T23:30:00Z'), [{ day: 1, start: '08:00', end: '09:00' }], 'Asia/Tokyo')).toBe(true);
  });

  it('is open Monday to Friday 9:00 to 17:00 by default, start included and end excluded', () => {
    const at = (iso: string) => isWithinBusinessHours(new Date(iso), DEFAULT_BUSINESS_HOURS, 'America/Toronto');
    expect(at('2026-11-23T14:00:00Z')).toBe(true); // Monday 09:00
    expect(at('2026-11-23T13:59:00Z')).toBe(false); // Monday 08:59
    expect(at('2026-11-23T21:59:00Z')).toBe(true); // Monday 16:59
    expect(at('2026-11-23T22:00:00Z')).toBe(false); // Monday 17:00
    expect(at('2026-11-28T16:00:00Z')).toBe(false); // Saturday 11:00
    expect(at('2026-11-27T16:00:00Z')).toBe(true); // Friday 11:00
  });

  it('treats an empty schedule as always closed and 00:00–24:00 as the whole day', () => {
    expect(isWithinBusinessHours(new Date('2026-11-23T14:00:00Z'), [], 'UTC')).toBe(false);
    expect(isWithinBusinessHours(new Date('2026-11-29T23:59:00Z'), [{ day: 0, start: '00:00', end: '24:00' }], 'UTC')).toBe(true);
  });
});
