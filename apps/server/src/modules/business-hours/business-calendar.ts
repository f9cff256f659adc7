import { DateTime } from 'luxon';

/** One opening interval of a weekday (0 Sunday … 6 Saturday), on the calendar's wall clock, `HH:MM` (end may be `24:00`). */
export interface OpeningInterval {
  day: number;
  start: string;
  end: string;
}

/** What the clock arithmetic needs of a calendar: where its wall clock is, when it is open, and the days it is closed. */
export interface CalendarSpec {
  timeZone: string;
  intervals: readonly OpeningInterval[];
  /** Closed all day, as local `YYYY-MM-DD` dates. */
  holidays: ReadonlySet<string>;
}

/** Round the clock: SLA policies without a calendar count every minute. */
export const ALWAYS_OPEN: CalendarSpec = {
  timeZone: 'UTC',
  intervals: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: new Set(),
};

const MINUTE_MS = 60_000;
/** A calendar open for no minute of the next ten years would make `addBusinessMinutes` walk forever. */
const MAX_DAYS_SEARCHED = 3660;

/** `HH:MM` from 00:00 to 24:00. */
export const TIME_OF_DAY_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Whether the zone is one this runtime knows (IANA names such as `America/Toronto`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function minutesOfDay(timeOfDay: string): number {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Whether `instant` falls in an opening interval (start included, end excluded) on a day that is not a holiday. */
export function isOpenAt(calendar: CalendarSpec, instant: Date): boolean {
  const time = instant.getTime();
  return dayAt(calendar, time).openings.some(([start, end]) => time >= start && time < end);
}

/**
 * The instant `minutes` business minutes after `from`: the clock runs only while the calendar is open, across
 * days, time-zone changes and holidays. From a closed moment it starts at the next opening.
 */
export function addBusinessMinutes(calendar: CalendarSpec, from: Date, minutes: number): Date {
  let remaining = minutes * MINUTE_MS;
  const start = from.getTime();
  let day = dayAt(calendar, start);
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched += 1, day = dayAfter(calendar, day)) {
    for (const [open, close] of day.openings) {
      const begin = Math.max(open, start);
      if (begin >= close) continue;
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new Error('the calendar has no opening hours');
}

/** Business minutes (fractional) between two instants; 0 when `to` is not after `from`. */
export function businessMinutesBetween(calendar: CalendarSpec, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (let day = dayAt(calendar, start); day.start < end; day = dayAfter(calendar, day)) {
    for (const [open, close] of day.openings) total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total / MINUTE_MS;
}

/** A local day of a calendar: when it starts and the next one starts (epoch ms), and its openings. */
interface CalendarDay {
  start: number;
  next: number;
  openings: Array<[number, number]>;
}

/**
 * Days already worked out, per calendar (a spec is made once per policy or rebuild and never changed): the time-zone
 * arithmetic of a day costs far more than the sums, and clocks and analytics ask about the same weeks again and again.
 */
const calendarDays = new WeakMap<CalendarSpec, Map<number, CalendarDay>>();
/** A cache this full starts again, so a long-lived spec does not keep every day it was ever asked about. */
const MAX_CACHED_DAYS = 5000;

function dayStarting(calendar: CalendarSpec, day: DateTime<boolean>): CalendarDay {
  let days = calendarDays.get(calendar);
  if (!days) calendarDays.set(calendar, (days = new Map()));
  const start = day.toMillis();
  const known = days.get(start);
  if (known) return known;
  if (days.size >= MAX_CACHED_DAYS) days.clear();
  const worked: CalendarDay = { start, next: nextDay(day).toMillis(), openings: openingsOfDay(calendar, day) };
  days.set(start, worked);
  return worked;
}

/** Quarter hours already placed in their local day, per calendar: finding the day of an instant is then a lookup. */
const quarterDays = new WeakMap<CalendarSpec, Map<number, CalendarDay>>();
const QUARTER_MS = 15 * MINUTE_MS;
const MAX_CACHED_QUARTERS = 100_000;

/** The local day an instant falls in. */
function dayAt(calendar: CalendarSpec, instant: number): CalendarDay {
  let quarters = quarterDays.get(calendar);
  if (!quarters) quarterDays.set(calendar, (quarters = new Map()));
  const quarter = Math.floor(instant / QUARTER_MS);
  const known = quarters.get(quarter);
  if (known && instant >= known.start && instant < known.next) return known;
  const day = dayStarting(calendar, DateTime.fromMillis(instant, { zone: calendar.timeZone }).startOf('day'));
  if (quarters.size >= MAX_CACHED_QUARTERS) quarters.clear();
  // Only a quarter wholly inside the day (every zone of today starts its days on a quarter hour; others just miss).
  if (quarter * QUARTER_MS >= day.start && (quarter + 1) * QUARTER_MS <= day.next) quarters.set(quarter, day);
  return day;
}

function dayAfter(calendar: CalendarSpec, day: CalendarDay): CalendarDay {
  return calendarDays.get(calendar)?.get(day.next) ?? dayStarting(calendar, DateTime.fromMillis(day.next, { zone: calendar.timeZone }));
}

/** The next opening at or after `from`, or `from` itself while open. */
export function nextOpening(calendar: CalendarSpec, from: Date): Date {
  return addBusinessMinutes(calendar, from, 0);
}

/**
 * A local day's openings as `[start, end)` epoch-millisecond ranges, sorted and merged. Wall-clock times that a
 * daylight-saving change skips move forward (luxon's rule), so a day of the spring change is an hour shorter.
 */
function openingsOfDay(calendar: CalendarSpec, day: DateTime<boolean>): Array<[number, number]> {
  if (calendar.holidays.has(day.toISODate()!)) return [];
  const weekday = day.weekday % 7;
  const ranges = calendar.intervals
    .filter((interval) => interval.day === weekday)
    .map((interval): [number, number] => [wallClock(day, interval.start), wallClock(day, interval.end)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

function wallClock(day: DateTime<boolean>, timeOfDay: string): number {
  const minutes = minutesOfDay(timeOfDay);
  if (minutes >= 24 * 60) return nextDay(day).toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

function nextDay(day: DateTime<boolean>): DateTime<boolean> {
  return day.plus({ days: 1 }).startOf('day');
}
