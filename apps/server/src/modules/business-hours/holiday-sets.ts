/**
 * Public-holiday sets a calendar can follow, computed for any year (so a calendar never runs out of holidays).
 * `ca-qc`: Québec's statutory holidays (Act respecting labour standards, s. 60 and the Fête nationale Act);
 * `ca`: Canada's federal statutory holidays (Canada Labour Code, s. 166).
 */
export const HOLIDAY_SET_KEYS = ['ca-qc', 'ca'] as const;
export type HolidaySetKey = (typeof HOLIDAY_SET_KEYS)[number];

export interface Holiday {
  /** Local `YYYY-MM-DD`. */
  date: string;
  name: { en: string; fr: string };
}

export const HOLIDAY_SET_NAMES: Record<HolidaySetKey, { en: string; fr: string }> = {
  'ca-qc': { en: 'Canada — Québec statutory holidays', fr: 'Canada — jours fériés du Québec' },
  ca: { en: 'Canada — federal statutory holidays', fr: 'Canada — jours fériés fédéraux' },
};

export function holidaysOf(set: HolidaySetKey, year: number): Holiday[] {
  const easter = easterSunday(year);
  const common = {
    newYear: holiday(isoDate(year, 1, 1), 'New Year’s Day', 'Jour de l’An'),
    goodFriday: holiday(shift(easter, -2), 'Good Friday', 'Vendredi saint'),
    labourDay: holiday(nthWeekday(year, 9, 1, 1), 'Labour Day', 'Fête du Travail'),
    thanksgiving: holiday(nthWeekday(year, 10, 1, 2), 'Thanksgiving', 'Action de grâce'),
    christmas: holiday(isoDate(year, 12, 25), 'Christmas Day', 'Noël'),
  };
  if (set === 'ca-qc') {
    return [
      common.newYear,
      common.goodFriday,
      holiday(mondayBefore(year, 5, 25), 'National Patriots’ Day', 'Journée nationale des patriotes'),
      // Both move to Monday when they fall on a Sunday.
      holiday(notSunday(year, 6, 24), 'Fête nationale du Québec', 'Fête nationale du Québec'),
      holiday(notSunday(year, 7, 1), 'Canada Day', 'Fête du Canada'),
      common.labourDay,
      common.thanksgiving,
      common.christmas,
    ];
  }
  return [
    common.newYear,
    common.goodFriday,
    holiday(mondayBefore(year, 5, 25), 'Victoria Day', 'Fête de la Reine'),
    holiday(notSunday(year, 7, 1), 'Canada Day', 'Fête du Canada'),
    common.labourDay,
    holiday(isoDate(year, 9, 30), 'National Day for Truth and Reconciliation', 'Journée nationale de la vérité et de la réconciliation'),
    common.thanksgiving,
    holiday(isoDate(year, 11, 11), 'Remembrance Day', 'Jour du Souvenir'),
    common.christmas,
    holiday(isoDate(year, 12, 26), 'Boxing Day', 'Lendemain de Noël'),
  ];
}

function holiday(date: string, en: string, fr: string): Holiday {
  return { date, name: { en, fr } };
}

/** Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computation). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The `n`th `weekday` (0 Sunday … 6 Saturday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = isoDate(year, month, 1);
  return shift(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
}

/** The last Monday strictly before a date (Patriots' Day, Victoria Day: the Monday before May 25). */
function mondayBefore(year: number, month: number, day: number): string {
  const date = isoDate(year, month, day);
  const back = (weekdayOf(date) + 6) % 7 || 7;
  return shift(date, -back);
}

function notSunday(year: number, month: number, day: number): string {
  const date = isoDate(year, month, day);
  return weekdayOf(date) === 0 ? shift(date, 1) : date;
}
