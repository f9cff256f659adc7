import { addBusinessMinutes, businessMinutesBetween, type CalendarSpec } from '../business-hours/business-calendar.js';

/** The part of an SLA target that its clock arithmetic reads. */
export interface SlaClockState {
  targetMinutes: number;
  warningPercent: number;
  /** Business minutes counted before the current running stretch. */
  elapsedMinutes: number;
  /** Null while the clock is stopped (pending on the customer, or ended). */
  runningSince: Date | null;
}

/** When a running clock reaches its warning share and its target; nulls while stopped. */
export function scheduleOf(calendar: CalendarSpec, clock: SlaClockState): { warnAt: Date | null; dueAt: Date | null } {
  if (!clock.runningSince) return { warnAt: null, dueAt: null };
  const warnAfter = (clock.targetMinutes * clock.warningPercent) / 100;
  return {
    warnAt: addBusinessMinutes(calendar, clock.runningSince, Math.max(0, warnAfter - clock.elapsedMinutes)),
    dueAt: addBusinessMinutes(calendar, clock.runningSince, Math.max(0, clock.targetMinutes - clock.elapsedMinutes)),
  };
}

/** Business minutes counted so far at `at`. */
export function elapsedAt(calendar: CalendarSpec, clock: SlaClockState, at: Date): number {
  return clock.elapsedMinutes + (clock.runningSince ? businessMinutesBetween(calendar, clock.runningSince, at) : 0);
}

/** Stops the clock at `at`, keeping what it counted. A stopped clock stays as it is. */
export function stopped(calendar: CalendarSpec, clock: SlaClockState, at: Date): SlaClockState {
  if (!clock.runningSince) return clock;
  return { ...clock, elapsedMinutes: elapsedAt(calendar, clock, at), runningSince: null };
}

/** Starts a stopped clock again at `at`; a running one keeps running from where it was. */
export function resumed(clock: SlaClockState, at: Date): SlaClockState {
  return clock.runningSince ? clock : { ...clock, runningSince: at };
}

/** Business minutes left at `now` (negative once overdue). */
export function remainingAt(calendar: CalendarSpec, clock: SlaClockState, now: Date): number {
  return clock.targetMinutes - elapsedAt(calendar, clock, now);
}
