import { isOpenAt } from '../../business-hours/business-calendar.js';
import type { BusinessHoursInterval } from './email-outbound.tables.js';

/**
 * Interim business hours for auto-acknowledgements and the chat widget: a weekly schedule in one time zone. The
 * business-hours calendars (holidays, several schedules) that SLA policies use are in `modules/business-hours`.
 */
export const DEFAULT_BUSINESS_HOURS: BusinessHoursInterval[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

/** Whether `instant` falls in one of the schedule's intervals (start included, end excluded). */
export function isWithinBusinessHours(instant: Date, schedule: readonly BusinessHoursInterval[], timeZone: string): boolean {
  return isOpenAt({ timeZone, intervals: schedule, holidays: new Set() }, instant);
}
