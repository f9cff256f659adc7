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
  const local = DateTime.fromMillis(time, { zone: calendar.timeZone }).startOf('day');
  return openingsOfDay(calendar, local).some(([start, end]) => time >= start && time < end);
}

/**
 * The instant `minutes` business minutes after `from`: the clock runs only while the calendar is open, across
 * days, time-zone changes and holidays. From a closed moment it starts at the next opening.
 */
export function addBusinessMinutes(calendar: CalendarSpec, from: Date, minutes: number): Date {
  let remaining = minutes * MINUTE_MS;
  const start = from.getTime();
  let day: DateTime<boolean> = DateTime.fromMillis(start, { zone: calendar.timeZone }).startOf('day');
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched += 1, day = nextDay(day)) {
    for (const [open, close] of openingsOfDay(calendar, day)) {
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
  for (let day: DateTime<boolean> = DateTime.fromMillis(start, { zone: calendar.timeZone }).startOf('day'); day.toMillis() < end; day = nextDay(day)) {
    for (const [open, close] of openingsOfDay(calendar, day)) total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total / MINUTE_MS;
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
