import type { BusinessHoursInterval } from './email-outbound.tables.js';

/**
 * Interim business hours for auto-acknowledgements: a weekly schedule in one time zone. Calendars with
 * holidays and several schedules arrive with SLAs and replace this.
 */
export const DEFAULT_BUSINESS_HOURS: BusinessHoursInterval[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `HH:MM` from 00:00 to 24:00. */
export const TIME_OF_DAY_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOf(timeOfDay: string): number {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Whether the zone is one this runtime knows (IANA names such as `America/Toronto`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The weekday and minute of the day that `instant` is on a clock in `timeZone`. */
export function localTimeOf(instant: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return { day: WEEKDAYS.indexOf(value('weekday')), minute: Number(value('hour')) * 60 + Number(value('minute')) };
}

/** Whether `instant` falls in one of the schedule's intervals (start included, end excluded). */
export function isWithinBusinessHours(instant: Date, schedule: readonly BusinessHoursInterval[], timeZone: string): boolean {
  const { day, minute } = localTimeOf(instant, timeZone);
  return schedule.some((interval) => interval.day === day && minute >= minutesOf(interval.start) && minute < minutesOf(interval.end));
}
