import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, HintedCheckbox, ListTable, LoadState, SubmitButton, useAction, type Action } from './admin-kit';
import { EditDeleteActions, ListFormSection, useListForm } from './admin-list-kit';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type BusinessCalendar = JsonOf<paths['/api/v1/business-hours/calendars']['get']['responses'][200]>['data'][number];
type CreateCalendarRequest = paths['/api/v1/business-hours/calendars']['post']['requestBody']['content']['application/json'];
type HolidaySet = JsonOf<paths['/api/v1/business-hours/holiday-sets']['get']['responses'][200]>['data'][number];
type HolidaySetKey = HolidaySet['key'];
type ClosedDay = JsonOf<paths['/api/v1/business-hours/calendars/{calendarId}/holidays']['get']['responses'][200]>['holidays'][number];
type OpeningInterval = BusinessCalendar['intervals'][number];
type LocalizedName = { en: string; fr: string };

/** Monday first, as a work week reads; `day` is 0 for Sunday, as the API counts. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;
/** Offered while typing a time zone; any IANA name the browser knows is accepted. */
const COMMON_TIME_ZONES = [
  'America/Toronto',
  'America/Montreal',
  'America/Halifax',
  'America/Moncton',
  'America/St_Johns',
  'America/Winnipeg',
  'America/Regina',
  'America/Edmonton',
  'America/Vancouver',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/Paris',
  'Europe/London',
  'UTC',
];
/** `HH:MM` from 00:00 to 24:00, as the server takes it; 24:00 closes at midnight. */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const NEW_WEEK_DAYS = [1, 2, 3, 4, 5];
const NEW_PERIOD = { start: '09:00', end: '17:00' };

/** The API's calendar error codes, in the interface language. */
const CALENDAR_ERROR_KEYS: Record<string, string> = {
  business_calendar_in_use: 'admin.businessHours.errors.inUse',
  business_calendar_name_taken: 'admin.businessHours.errors.nameTaken',
  business_calendar_not_found: 'admin.businessHours.errors.notFound',
};

interface Period {
  start: string;
  end: string;
}
type Week = Record<number, Period[]>;
interface DayOffRow {
  key: number;
  date: string;
  name: string;
}

/**
 * Business hours: the calendars SLA clocks run on (a time zone, weekly opening hours, public holidays and company
 * days off), the form that creates or changes one, and the days the chosen calendar is closed this year.
 */
export function BusinessHoursPage() {
  const { t, i18n } = useTranslation();
  const listAction = useAction();
  const [data, reload] = useAsync(async () => {
    const [calendars, holidaySets, workspace] = await Promise.all([
      unwrap(api.GET('/api/v1/business-hours/calendars')),
      unwrap(api.GET('/api/v1/business-hours/holiday-sets')),
      unwrap(api.GET('/api/v1/workspace')),
    ]);
    return { calendars: calendars.data, holidaySets: holidaySets.data, workspaceTimeZone: workspace.timeZone };
  }, []);
  // The calendar in the form (from the list, or the answer that created it); none: a new one.
  const form = useListForm<BusinessCalendar>();
  const { chosen } = form;
  const calendars = data.status === 'ready' ? data.value.calendars : [];
  const selected = chosen ? (calendars.find((calendar) => calendar.id === chosen.id) ?? chosen) : undefined;
  const localized = (name: LocalizedName) => (i18n.language.startsWith('fr') ? name.fr : name.en);
  const holidaySetName = (key: HolidaySetKey | null) => {
    if (key === null) return t('admin.businessHours.noHolidaySet');
    const set = data.status === 'ready' ? data.value.holidaySets.find((item) => item.key === key) : undefined;
    return set ? localized(set.name) : key;
  };

  const remove = (calendar: BusinessCalendar) =>
    void listAction
      .run(() => withCalendarErrors(t, calendar.name, () => unwrap(api.DELETE('/api/v1/business-hours/calendars/{calendarId}', { params: { path: { calendarId: calendar.id } } }))), t('admin.businessHours.deleted', { name: calendar.name }))
      .then((isDone) => {
        if (!isDone) return;
        form.dropDeleted(calendar, { isMessageKept: true });
        reload();
      });

  return (
    <>
      <AdminSection id="business-calendars" title={t('admin.businessHours.title')} description={t('admin.businessHours.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && calendars.length === 0 && <p className="empty">{t('admin.businessHours.empty')}</p>}
        {data.status === 'ready' && calendars.length > 0 && (
          <ListTable
            label={t('admin.businessHours.title')}
            testId="business-calendar-table"
            columns={[t('admin.businessHours.columns.name'), t('admin.businessHours.columns.timeZone'), t('admin.businessHours.columns.hours'), t('admin.businessHours.columns.holidaySet'), t('admin.businessHours.columns.actions')]}
          >
            {calendars.map((calendar) => (
              <tr key={calendar.id} data-calendar-name={calendar.name} aria-current={selected?.id === calendar.id ? 'true' : undefined}>
                <th scope="row">
                  <span className="admin-person-name">
                    {calendar.name}
                    {calendar.isDefault && (
                      <span className="badge" data-testid="calendar-default">
                        {t('admin.businessHours.default')}
                      </span>
                    )}
                  </span>
                </th>
                <td>{calendar.timeZone}</td>
                <td>
                  <WeekSummary intervals={calendar.intervals} />
                </td>
                <td>{holidaySetName(calendar.holidaySet)}</td>
                <td>
                  <EditDeleteActions
                    editLabel={t('admin.businessHours.editNamed', { name: calendar.name })}
                    onEdit={() => form.choose(calendar)}
                    deletion={{ label: t('admin.businessHours.delete'), confirmLabel: t('admin.businessHours.confirmDelete'), question: t('admin.businessHours.deleteQuestion', { name: calendar.name }), onConfirm: () => remove(calendar), disabled: listAction.isBusy }}
                  />
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </AdminSection>
      {data.status === 'ready' && (
        <ListFormSection
          id="business-calendar-form"
          title={selected ? t('admin.businessHours.editTitle', { name: selected.name }) : t('admin.businessHours.createTitle')}
          form={form}
          isEditing={selected !== undefined}
          createAnotherLabel={t('admin.businessHours.createAnother')}
        >
          <CalendarForm
            key={form.formSession}
            calendar={selected}
            isFirst={calendars.length === 0}
            holidaySets={data.value.holidaySets}
            workspaceTimeZone={data.value.workspaceTimeZone}
            isFocusWanted={form.formSession > 0}
            action={form.action}
            onSaved={(calendar) => {
              form.keepEditing(calendar);
              reload();
            }}
          />
        </ListFormSection>
      )}
      {selected && <ClosedDays key={`${selected.id} ${selected.updatedAt}`} calendar={selected} />}
    </>
  );
}

/** Runs a write, turning the calendar error codes into sentences in the interface language. */
async function withCalendarErrors<T>(t: (key: string, options?: Record<string, unknown>) => string, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const key = error instanceof ApiError ? CALENDAR_ERROR_KEYS[error.code] : undefined;
    if (key) throw new Error(t(key, { name }));
    throw error;
  }
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** What people type for a time, as the API takes it: `9:00` → `09:00`, `1730` → `17:30`. */
function normalizedTime(typed: string): string {
  const value = typed.trim().replace(/[h.]/i, ':');
  const digits = /^(\d{1,2}):?(\d{2})$/.exec(value);
  return digits ? `${digits[1]!.padStart(2, '0')}:${digits[2]}` : value;
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function weekOf(intervals: readonly OpeningInterval[]): Week {
  const week: Week = Object.fromEntries(WEEK.map((day) => [day, []]));
  for (const interval of [...intervals].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))) week[interval.day]?.push({ start: interval.start, end: interval.end });
  return week;
}

function useDayName(format: 'long' | 'short') {
  const { i18n } = useTranslation();
  // 2026-11-22 is a Sunday: adding `day` gives that weekday.
  return (day: number) => new Intl.DateTimeFormat(i18n.language, { weekday: format, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 22 + day)));
}

/** The opening hours in a line, days with the same hours run together: "Mon–Fri 09:00–17:00". */
function WeekSummary({ intervals }: { intervals: readonly OpeningInterval[] }) {
  const { t } = useTranslation();
  const dayName = useDayName('short');
  const week = weekOf(intervals);
  const groups: Array<{ first: number; last: number; hours: string }> = [];
  for (const day of WEEK) {
    const periods = week[day] ?? [];
    if (periods.length === 0) continue;
    const hours = periods.map((period) => `${period.start}–${period.end}`).join(', ');
    const previous = groups.at(-1);
    const isNextDay = previous !== undefined && WEEK.indexOf(previous.last as (typeof WEEK)[number]) + 1 === WEEK.indexOf(day);
    if (previous && isNextDay && previous.hours === hours) previous.last = day;
    else groups.push({ first: day, last: day, hours });
  }
  if (groups.length === 0) return <span className="admin-label">{t('admin.businessHours.closedAllWeek')}</span>;
  return (
    <ul className="business-hours-summary">
      {groups.map((group) => (
        <li key={group.first}>
          {group.first === group.last ? dayName(group.first) : `${dayName(group.first)}–${dayName(group.last)}`} {group.hours}
        </li>
      ))}
    </ul>
  );
}

function CalendarForm({
  calendar,
  isFirst,
  holidaySets,
  workspaceTimeZone,
  isFocusWanted,
  action,
  onSaved,
}: {
  calendar: BusinessCalendar | undefined;
  isFirst: boolean;
  holidaySets: HolidaySet[];
  workspaceTimeZone: string;
  isFocusWanted: boolean;
  action: Action;
  onSaved(calendar: BusinessCalendar): void;
}) {
  const { t, i18n } = useTranslation();
  const formId = useId();
  const dayName = useDayName('long');
  const [name, setName] = useState(calendar?.name ?? '');
  const [timeZone, setTimeZone] = useState(calendar?.timeZone ?? workspaceTimeZone);
  const [week, setWeek] = useState<Week>(() =>
    calendar ? weekOf(calendar.intervals) : Object.fromEntries(WEEK.map((day) => [day, NEW_WEEK_DAYS.includes(day) ? [NEW_PERIOD] : []])),
  );
  const [holidaySet, setHolidaySet] = useState<HolidaySetKey | null>(calendar ? calendar.holidaySet : null);
  const [daysOff, setDaysOff] = useState<DayOffRow[]>(() => (calendar?.holidays ?? []).map((holiday, index) => ({ key: index, ...holiday })));
  const [nextDayOffKey, setNextDayOffKey] = useState(calendar?.holidays.length ?? 0);
  const [isDefault, setDefault] = useState(calendar?.isDefault ?? false);
  const [invalidId, setInvalidId] = useState<string | undefined>();
  // After adding or removing a row, the keyboard goes to the field or button that takes its place.
  const [focusId, setFocusId] = useState<string | undefined>();
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(undefined);
  }, [focusId]);
  const localized = (value: LocalizedName) => (i18n.language.startsWith('fr') ? value.fr : value.en);
  // The default stays the default until another calendar is made the default; the first calendar is one anyway.
  const isDefaultFixed = isFirst || calendar?.isDefault === true;
  const periodId = (day: number, index: number, edge: 'start' | 'end') => `${formId}-day${day}-${index}-${edge}`;
  const dayOffId = (key: number, field: 'date' | 'name') => `${formId}-off${key}-${field}`;

  const setPeriods = (day: number, periods: Period[]) => setWeek((current) => ({ ...current, [day]: periods }));
  const setPeriod = (day: number, index: number, change: Partial<Period>) => setPeriods(day, (week[day] ?? []).map((period, at) => (at === index ? { ...period, ...change } : period)));
  const addPeriod = (day: number) => {
    const periods = week[day] ?? [];
    const last = periods.at(-1);
    // A second period starts after the first one's end (a lunch break split in two, an evening shift).
    const start = last && TIME_OF_DAY.test(last.end) && last.end !== '24:00' ? last.end : '13:00';
    setPeriods(day, [...periods, { start, end: minutesOf(start) < minutesOf('17:00') ? '17:00' : '24:00' }]);
    setFocusId(periodId(day, periods.length, 'start'));
  };
  const removePeriod = (day: number, index: number) => {
    setPeriods(day, (week[day] ?? []).filter((_, at) => at !== index));
    setFocusId(`${formId}-day${day}-add`);
  };
  const addDayOff = () => {
    setDaysOff([...daysOff, { key: nextDayOffKey, date: '', name: '' }]);
    setFocusId(dayOffId(nextDayOffKey, 'date'));
    setNextDayOffKey(nextDayOffKey + 1);
  };
  const removeDayOff = (key: number) => {
    setDaysOff(daysOff.filter((row) => row.key !== key));
    setFocusId(`${formId}-add-day-off`);
  };

  /** The first thing to correct, with the field that holds it; none when the form can be sent. */
  const problem = (intervals: OpeningInterval[]): { message: string; fieldId: string } | undefined => {
    if (!isKnownTimeZone(timeZone.trim())) return { message: t('admin.businessHours.invalidTimeZone', { zone: timeZone.trim() }), fieldId: `${formId}-time-zone` };
    for (const day of WEEK) {
      const periods = (week[day] ?? []).map((period) => ({ start: normalizedTime(period.start), end: normalizedTime(period.end) }));
      for (const [index, period] of periods.entries()) {
        if (!TIME_OF_DAY.test(period.start) || period.start === '24:00') return { message: t('admin.businessHours.invalidTime', { day: dayName(day) }), fieldId: periodId(day, index, 'start') };
        if (!TIME_OF_DAY.test(period.end)) return { message: t('admin.businessHours.invalidTime', { day: dayName(day) }), fieldId: periodId(day, index, 'end') };
        if (minutesOf(period.start) >= minutesOf(period.end)) return { message: t('admin.businessHours.hoursOrder', { day: dayName(day) }), fieldId: periodId(day, index, 'end') };
      }
      const sorted = periods.map((period, index) => ({ ...period, index })).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
      for (let at = 1; at < sorted.length; at += 1) {
        if (minutesOf(sorted[at]!.start) < minutesOf(sorted[at - 1]!.end)) return { message: t('admin.businessHours.hoursOverlap', { day: dayName(day) }), fieldId: periodId(day, sorted[at]!.index, 'start') };
      }
    }
    if (intervals.length === 0) return { message: t('admin.businessHours.openOnce'), fieldId: `${formId}-day${NEW_WEEK_DAYS[0]}-open` };
    for (const row of daysOff) {
      if (!row.date && !row.name.trim()) continue;
      if (!row.date) return { message: t('admin.businessHours.dayOffDateMissing'), fieldId: dayOffId(row.key, 'date') };
      if (!row.name.trim()) return { message: t('admin.businessHours.dayOffNameMissing'), fieldId: dayOffId(row.key, 'name') };
    }
    return undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setInvalidId(undefined);
    const intervals = [...WEEK]
      .sort((a, b) => a - b)
      .flatMap((day) => (week[day] ?? []).map((period) => ({ day, start: normalizedTime(period.start), end: normalizedTime(period.end) })))
      .sort((a, b) => a.day - b.day || minutesOf(a.start) - minutesOf(b.start));
    const refused = problem(intervals);
    if (refused) {
      action.fail(refused.message);
      setInvalidId(refused.fieldId);
      setFocusId(refused.fieldId);
      return;
    }
    const holidays = daysOff.filter((row) => row.date && row.name.trim()).map((row) => ({ date: row.date, name: row.name.trim() }));
    const body: CreateCalendarRequest = { name: name.trim(), timeZone: timeZone.trim(), intervals, holidaySet, holidays, isDefault };
    let saved: BusinessCalendar | undefined;
    const isDone = await action.run(
      async () => {
        saved = await withCalendarErrors(t, body.name, () =>
          calendar
            ? unwrap(api.PATCH('/api/v1/business-hours/calendars/{calendarId}', { params: { path: { calendarId: calendar.id } }, body }))
            : unwrap(api.POST('/api/v1/business-hours/calendars', { body })),
        );
      },
      calendar ? t('admin.businessHours.saved', { name: body.name }) : t('admin.businessHours.created', { name: body.name }),
    );
    if (isDone && saved) onSaved(saved);
  };

  const invalid = (id: string) => (invalidId === id ? true : undefined);

  return (
    <form className="admin-form business-hours-form" onSubmit={submit} aria-labelledby="business-calendar-form-title">
      <label>
        {t('admin.businessHours.name')}
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} autoComplete="off" autoFocus={isFocusWanted} />
      </label>
      <label>
        {t('admin.businessHours.timeZone')}
        <input
          id={`${formId}-time-zone`}
          name="timeZone"
          list={`${formId}-zones`}
          value={timeZone}
          onChange={(event) => setTimeZone(event.target.value)}
          required
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${formId}-time-zone-hint`}
          aria-invalid={invalid(`${formId}-time-zone`)}
        />
      </label>
      <datalist id={`${formId}-zones`}>
        {COMMON_TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <p id={`${formId}-time-zone-hint`} className="hint">
        {t('admin.businessHours.timeZoneHint')}
      </p>

      <fieldset className="email-fieldset business-hours-week">
        <legend>{t('admin.businessHours.week')}</legend>
        <p id={`${formId}-week-hint`} className="hint">
          {t('admin.businessHours.weekHint')}
        </p>
        {WEEK.map((day) => {
          const periods = week[day] ?? [];
          const name = dayName(day);
          const isSplit = periods.length > 1;
          return (
            <div key={day} className="business-hours-day" role="group" aria-label={name} data-day={day}>
              <label className="email-hours-day">
                <input id={`${formId}-day${day}-open`} type="checkbox" checked={periods.length > 0} onChange={(event) => setPeriods(day, event.target.checked ? [NEW_PERIOD] : [])} />
                {name}
              </label>
              {periods.length === 0 ? (
                <span className="admin-label">{t('admin.businessHours.closed')}</span>
              ) : (
                <div className="business-hours-periods">
                  {periods.map((period, index) => {
                    const number = index + 1;
                    return (
                      <div key={index} className="admin-inline business-hours-period">
                        <input
                          id={periodId(day, index, 'start')}
                          type="time"
                          aria-label={isSplit ? t('admin.businessHours.opensNth', { day: name, number }) : t('admin.businessHours.opens', { day: name })}
                          value={period.start}
                          onChange={(event) => setPeriod(day, index, { start: event.target.value })}
                          aria-invalid={invalid(periodId(day, index, 'start'))}
                          required
                        />
                        <span aria-hidden="true">–</span>
                        {/* Text, not type=time: a time input cannot hold 24:00, the end of a day open until midnight. */}
                        <input
                          id={periodId(day, index, 'end')}
                          type="text"
                          className="business-hours-end"
                          aria-label={isSplit ? t('admin.businessHours.closesNth', { day: name, number }) : t('admin.businessHours.closes', { day: name })}
                          aria-describedby={`${formId}-week-hint`}
                          value={period.end}
                          onChange={(event) => setPeriod(day, index, { end: event.target.value })}
                          onBlur={(event) => setPeriod(day, index, { end: normalizedTime(event.target.value) })}
                          aria-invalid={invalid(periodId(day, index, 'end'))}
                          placeholder="17:00"
                          maxLength={5}
                          size={6}
                          autoComplete="off"
                          spellCheck={false}
                          required
                        />
                        {isSplit && (
                          <button type="button" onClick={() => removePeriod(day, index)} aria-label={t('admin.businessHours.removePeriodNamed', { day: name, number })}>
                            {t('admin.businessHours.removePeriod')}
                          </button>
                        )}
                        {index === periods.length - 1 && (
                          <button type="button" id={`${formId}-day${day}-add`} onClick={() => addPeriod(day)} aria-label={t('admin.businessHours.addPeriodNamed', { day: name })}>
                            {t('admin.businessHours.addPeriod')}
                          </button>
                        )}
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          );
        })}
      </fieldset>

      <label>
        {t('admin.businessHours.holidaySet')}
        <select name="holidaySet" value={holidaySet ?? ''} onChange={(event) => setHolidaySet(event.target.value === '' ? null : (event.target.value as HolidaySetKey))} aria-describedby={`${formId}-holiday-set-hint`}>
          <option value="">{t('admin.businessHours.noHolidaySet')}</option>
          {holidaySets.map((set) => (
            <option key={set.key} value={set.key}>
              {localized(set.name)}
            </option>
          ))}
        </select>
      </label>
      <p id={`${formId}-holiday-set-hint`} className="hint">
        {t('admin.businessHours.holidaySetHint')}
      </p>

      <fieldset className="email-fieldset business-hours-days-off">
        <legend>{t('admin.businessHours.daysOff')}</legend>
        <p className="hint">{t('admin.businessHours.daysOffHint')}</p>
        {daysOff.length === 0 && <p className="admin-label">{t('admin.businessHours.noDaysOff')}</p>}
        {daysOff.map((row, index) => {
          const number = index + 1;
          const change = (values: Partial<DayOffRow>) => setDaysOff(daysOff.map((item) => (item.key === row.key ? { ...item, ...values } : item)));
          return (
            <div key={row.key} className="admin-inline business-hours-day-off" role="group" aria-label={t('admin.businessHours.dayOffNumber', { number })}>
              <label>
                {t('admin.businessHours.dayOffDate')}
                <input
                  id={dayOffId(row.key, 'date')}
                  type="date"
                  aria-label={t('admin.businessHours.dayOffDateNamed', { number })}
                  value={row.date}
                  onChange={(event) => change({ date: event.target.value })}
                  aria-invalid={invalid(dayOffId(row.key, 'date'))}
                />
              </label>
              <label>
                {t('admin.businessHours.dayOffName')}
                <input
                  id={dayOffId(row.key, 'name')}
                  aria-label={t('admin.businessHours.dayOffNameNamed', { number })}
                  value={row.name}
                  onChange={(event) => change({ name: event.target.value })}
                  aria-invalid={invalid(dayOffId(row.key, 'name'))}
                  maxLength={100}
                  autoComplete="off"
                />
              </label>
              <button type="button" onClick={() => removeDayOff(row.key)} aria-label={t('admin.businessHours.removeDayOffNamed', { number })}>
                {t('admin.businessHours.removeDayOff')}
              </button>
            </div>
          );
        })}
        <div className="admin-actions">
          <button type="button" id={`${formId}-add-day-off`} onClick={addDayOff}>
            {t('admin.businessHours.addDayOff')}
          </button>
        </div>
      </fieldset>

      <HintedCheckbox
        name="isDefault"
        label={t('admin.businessHours.isDefault')}
        hint={calendar?.isDefault ? t('admin.businessHours.isDefaultKept') : isFirst ? t('admin.businessHours.isDefaultFirst') : t('admin.businessHours.isDefaultHint')}
        hintId={`${formId}-default-hint`}
        checked={isDefault || isDefaultFixed}
        disabled={isDefaultFixed}
        onChange={setDefault}
      />

      <SubmitButton action={action}>{calendar ? t('admin.businessHours.save') : t('admin.businessHours.create')}</SubmitButton>
    </form>
  );
}

/** The days the calendar is closed this year: its public holidays and its own days off, by date. */
function ClosedDays({ calendar }: { calendar: BusinessCalendar }) {
  const { t, i18n } = useTranslation();
  const [closed, reload] = useAsync(
    () => unwrap(api.GET('/api/v1/business-hours/calendars/{calendarId}/holidays', { params: { path: { calendarId: calendar.id } } })),
    [calendar.id],
  );
  const isFrench = i18n.language.startsWith('fr');
  // Local dates: formatted at UTC midnight so no time zone moves them to the day before.
  const formatDate = (date: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  const nameOf = (day: ClosedDay) => (isFrench ? day.name.fr : day.name.en);
  return (
    <AdminSection id="business-calendar-closed" title={t('admin.businessHours.closedDaysTitle', { name: calendar.name })}>
      <LoadState state={closed} onRetry={reload} />
      {closed.status === 'ready' && (
        <>
          <p className="hint">{t('admin.businessHours.closedDaysOf', { year: closed.value.year })}</p>
          {closed.value.holidays.length === 0 ? (
            <p className="empty">{t('admin.businessHours.noClosedDays', { year: closed.value.year })}</p>
          ) : (
            <ListTable
              label={t('admin.businessHours.closedDaysTitle', { name: calendar.name })}
              testId="closed-days"
              columns={[t('admin.businessHours.columns.date'), t('admin.businessHours.columns.closedDay'), t('admin.businessHours.columns.source')]}
            >
              {closed.value.holidays.map((day) => (
                <tr key={`${day.date} ${day.source} ${day.name.en}`} data-date={day.date}>
                  <td>
                    <time dateTime={day.date}>{formatDate(day.date)}</time>
                  </td>
                  <th scope="row">{nameOf(day)}</th>
                  <td>{day.source === 'set' ? t('admin.businessHours.fromSet') : t('admin.businessHours.fromCalendar')}</td>
                </tr>
              ))}
            </ListTable>
          )}
        </>
      )}
    </AdminSection>
  );
}
