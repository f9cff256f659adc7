import { z } from 'zod';
import { isKnownTimeZone, minutesOfDay, TIME_OF_DAY_PATTERN } from './business-calendar.js';
import { HOLIDAY_SET_KEYS } from './holiday-sets.js';

const ZTimeOfDay = z.string().regex(TIME_OF_DAY_PATTERN, 'HH:MM, from 00:00 to 24:00');
export const ZTimeZone = z.string().refine(isKnownTimeZone, 'an IANA time zone, e.g. America/Toronto');
const ZLocalDate = z.iso.date().describe('Local date, YYYY-MM-DD');

export const ZOpeningInterval = z
  .object({ day: z.number().int().min(0).max(6).describe('0 Sunday … 6 Saturday'), start: ZTimeOfDay, end: ZTimeOfDay })
  .refine((interval) => minutesOfDay(interval.start) < minutesOfDay(interval.end), { message: 'start must be before end', path: ['end'] });

const ZLocalizedName = z.object({ en: z.string(), fr: z.string() });
export const ZHoliday = z.object({ date: ZLocalDate, name: z.string().min(1).max(100) });
export const ZHolidaySetKey = z.enum(HOLIDAY_SET_KEYS).describe('ca-qc: Québec statutory holidays; ca: Canada federal statutory holidays');

export const ZBusinessCalendar = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  intervals: z.array(ZOpeningInterval),
  holidaySet: ZHolidaySetKey.nullable().describe('Public holidays followed every year; null: none'),
  holidays: z.array(ZHoliday).describe('Other days closed (company days off), on top of the holiday set'),
  isDefault: z.boolean().describe('The calendar new SLA policies and business-hours conditions use unless they name another'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;

const calendarFields = {
  name: z.string().trim().min(1).max(100),
  timeZone: ZTimeZone,
  intervals: z.array(ZOpeningInterval).min(1, 'a calendar is open at least once a week').max(28),
  holidaySet: ZHolidaySetKey.nullable(),
  holidays: z.array(ZHoliday).max(366),
  isDefault: z.boolean(),
};
export const ZCreateCalendarRequest = z.strictObject({
  ...calendarFields,
  holidaySet: calendarFields.holidaySet.default(null),
  holidays: calendarFields.holidays.default([]),
  isDefault: calendarFields.isDefault.default(false),
});
export type TCreateCalendarRequest = z.infer<typeof ZCreateCalendarRequest>;
export const ZUpdateCalendarRequest = z.strictObject(calendarFields).partial();
export type TUpdateCalendarRequest = z.infer<typeof ZUpdateCalendarRequest>;

export const ZHolidaySet = z.object({
  key: ZHolidaySetKey,
  name: ZLocalizedName,
  year: z.number().int(),
  holidays: z.array(z.object({ date: ZLocalDate, name: ZLocalizedName })),
});

export const ZCalendarHolidays = z.object({
  year: z.number().int(),
  holidays: z.array(z.object({ date: ZLocalDate, name: ZLocalizedName, source: z.enum(['set', 'calendar']).describe('From the holiday set, or a day the calendar adds') })),
});

export const ZYearQuery = z.object({ year: z.coerce.number().int().min(1900).max(2200).optional().describe('Defaults to the current year') });
