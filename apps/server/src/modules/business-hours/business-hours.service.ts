import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, BusinessHoursErrorCode } from '../../shared/errors.js';
import type { Actor } from '../auth/permissions.js';
import { ALWAYS_OPEN, type CalendarSpec } from './business-calendar.js';
import type { TBusinessCalendar, TCreateCalendarRequest, TUpdateCalendarRequest } from './business-hours.schema.js';
import type { BusinessHoursRepository, CalendarRow } from './business-hours.repository.js';
import { HOLIDAY_SET_KEYS, HOLIDAY_SET_NAMES, holidaysOf, type HolidaySetKey } from './holiday-sets.js';

/** Years around today whose set holidays a calendar's clock knows (due times further out ignore them). */
const HOLIDAY_YEARS_BEFORE = 2;
const HOLIDAY_YEARS_AFTER = 5;

/**
 * Business-hours calendars: when a workspace is open. SLA clocks run on them, and rules ask whether a moment is
 * inside business hours.
 */
export class BusinessHoursService {
  private readonly specs = new Map<string, { version: number; spec: CalendarSpec }>();

  constructor(
    private readonly db: Database,
    private readonly repository: BusinessHoursRepository,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<TBusinessCalendar[]> {
    return (await this.repository.list(this.db, actor.workspaceId)).map(present);
  }

  async get(actor: Actor, calendarId: string): Promise<TBusinessCalendar> {
    return present(await this.require(this.db, actor.workspaceId, calendarId));
  }

  async create(actor: Actor, input: TCreateCalendarRequest): Promise<TBusinessCalendar> {
    const row = await this.db.transaction(async (tx) => {
      await this.refuseTakenName(tx, actor.workspaceId, input.name);
      // The first calendar of a workspace is its default.
      const isDefault = input.isDefault || (await this.repository.findDefault(tx, actor.workspaceId)) === undefined;
      if (isDefault) await this.repository.clearDefault(tx, actor.workspaceId);
      return this.repository.insert(tx, { workspaceId: actor.workspaceId, ...input, isDefault });
    });
    return present(row);
  }

  async update(actor: Actor, calendarId: string, changes: TUpdateCalendarRequest): Promise<TBusinessCalendar> {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.require(tx, actor.workspaceId, calendarId);
      if (changes.name !== undefined) await this.refuseTakenName(tx, actor.workspaceId, changes.name, current.id);
      // There is always a default once there is a calendar: another becomes it by being made the default.
      const { isDefault, ...values } = changes;
      if (isDefault === true && !current.isDefault) await this.repository.clearDefault(tx, actor.workspaceId);
      return this.repository.update(tx, actor.workspaceId, calendarId, { ...values, ...(isDefault === true ? { isDefault } : {}) });
    });
    return present(row);
  }

  async delete(actor: Actor, calendarId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const calendar = await this.require(tx, actor.workspaceId, calendarId);
      try {
        await this.repository.delete(tx, actor.workspaceId, calendarId);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new AppError(BusinessHoursErrorCode.CalendarInUse, 'An SLA policy uses this calendar; give the policy another calendar first.');
        throw error;
      }
      if (calendar.isDefault) {
        const [next] = await this.repository.list(tx, actor.workspaceId);
        if (next) await this.repository.update(tx, actor.workspaceId, next.id, { isDefault: true });
      }
    });
  }

  /** A public-holiday set with its dates in one year. */
  holidaySet(key: HolidaySetKey, year = this.clock.now().getUTCFullYear()) {
    return { key, name: HOLIDAY_SET_NAMES[key], year, holidays: holidaysOf(key, year) };
  }

  holidaySets(year = this.clock.now().getUTCFullYear()) {
    return HOLIDAY_SET_KEYS.map((key) => this.holidaySet(key, year));
  }

  /** Every day a calendar is closed in a year: its holiday set's, then its own, by date. */
  async holidaysOfCalendar(actor: Actor, calendarId: string, year = this.clock.now().getUTCFullYear()) {
    const calendar = await this.require(this.db, actor.workspaceId, calendarId);
    const fromSet = calendar.holidaySet ? holidaysOf(calendar.holidaySet as HolidaySetKey, year).map((holiday) => ({ ...holiday, source: 'set' as const })) : [];
    // A company day off has the one name it was given, in both languages.
    const own = calendar.holidays
      .filter((holiday) => holiday.date.startsWith(`${year}-`))
      .map((holiday) => ({ date: holiday.date, name: { en: holiday.name, fr: holiday.name }, source: 'calendar' as const }));
    return { year, holidays: [...fromSet, ...own].sort((a, b) => a.date.localeCompare(b.date)) };
  }

  /** What the clock arithmetic needs of a calendar; no calendar: round the clock. */
  async specOf(executor: Executor, workspaceId: string, calendarId: string | null): Promise<CalendarSpec> {
    if (calendarId === null) return ALWAYS_OPEN;
    const row = await this.repository.findById(executor, workspaceId, calendarId);
    return row ? this.specOfRow(row) : ALWAYS_OPEN;
  }

  /** The workspace's default calendar, if it has one. */
  async findDefault(executor: Executor, workspaceId: string): Promise<CalendarRow | undefined> {
    return this.repository.findDefault(executor, workspaceId);
  }

  specOfRow(row: CalendarRow): CalendarSpec {
    const version = row.updatedAt.getTime();
    const cached = this.specs.get(row.id);
    if (cached?.version === version) return cached.spec;
    const thisYear = this.clock.now().getUTCFullYear();
    const holidays = new Set(row.holidays.map((holiday) => holiday.date));
    if (row.holidaySet) {
      for (let year = thisYear - HOLIDAY_YEARS_BEFORE; year <= thisYear + HOLIDAY_YEARS_AFTER; year += 1) {
        for (const holiday of holidaysOf(row.holidaySet as HolidaySetKey, year)) holidays.add(holiday.date);
      }
    }
    const spec: CalendarSpec = { timeZone: row.timeZone, intervals: row.intervals, holidays };
    this.specs.set(row.id, { version, spec });
    return spec;
  }

  async require(executor: Executor, workspaceId: string, calendarId: string): Promise<CalendarRow> {
    const row = await this.repository.findById(executor, workspaceId, calendarId);
    if (!row) throw new AppError(BusinessHoursErrorCode.CalendarNotFound, 'No such business-hours calendar.');
    return row;
  }

  private async refuseTakenName(executor: Executor, workspaceId: string, name: string, exceptId?: string): Promise<void> {
    if (await this.repository.isNameTaken(executor, workspaceId, name, exceptId)) throw new AppError(BusinessHoursErrorCode.CalendarNameTaken, `A calendar named "${name}" already exists.`);
  }
}

function present(row: CalendarRow): TBusinessCalendar {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    intervals: row.intervals,
    holidaySet: row.holidaySet as TBusinessCalendar['holidaySet'],
    holidays: row.holidays,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A row still referenced: foreign_key_violation, or restrict_violation for an `ON DELETE RESTRICT` reference. */
function isForeignKeyViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  return candidates.some((candidate) => ['23503', '23001'].includes(String((candidate as { code?: unknown } | undefined)?.code)));
}
