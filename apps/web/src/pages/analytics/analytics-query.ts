import type { paths } from '@switchboard/sdk';

/** A report's period and filters: as a person chose them, as the page's address keeps them, as the API reads them. */

export type AnalyticsQuery = NonNullable<paths['/api/v1/analytics/reports/{key}']['get']['parameters']['query']>;
/** The filters a report definition carries (a saved report keeps them). */
export type DefinitionFilters = paths['/api/v1/analytics/reports/{key}']['get']['responses'][200]['content']['application/json']['definition']['filters'];

export const PERIOD_PRESETS = ['7', '30', '90'] as const;
export type PeriodChoice = (typeof PERIOD_PRESETS)[number] | 'custom';

/** What a person chose on a report: a period (a preset or two calendar days), how hours count, and filters. */
export interface ReportChoices {
  period: PeriodChoice;
  /** Calendar days `YYYY-MM-DD`, both included, for a custom period. */
  fromDay: string;
  toDay: string;
  hours: 'business' | 'calendar';
  channel: string;
  priority: string;
  language: string;
  teamId: string;
  agentId: string;
}

export const FILTER_KEYS = ['channel', 'priority', 'language', 'teamId', 'agentId'] as const;

export function defaultChoices(): ReportChoices {
  return { period: '30', fromDay: '', toDay: '', hours: 'business', channel: '', priority: '', language: '', teamId: '', agentId: '' };
}

/** The choices kept in a page's address, so a report can be bookmarked and shared. */
export function choicesFromSearch(search: URLSearchParams): ReportChoices {
  const choices = defaultChoices();
  const period = search.get('period');
  if (period && ([...PERIOD_PRESETS, 'custom'] as string[]).includes(period)) choices.period = period as PeriodChoice;
  choices.fromDay = isDay(search.get('from')) ? search.get('from')! : '';
  choices.toDay = isDay(search.get('to')) ? search.get('to')! : '';
  if (choices.period === 'custom' && (!choices.fromDay || !choices.toDay)) choices.period = '30';
  if (search.get('hours') === 'calendar') choices.hours = 'calendar';
  for (const key of FILTER_KEYS) choices[key] = search.get(key) ?? '';
  return choices;
}

export function searchFromChoices(choices: ReportChoices): URLSearchParams {
  const search = new URLSearchParams();
  if (choices.period !== '30') search.set('period', choices.period);
  if (choices.period === 'custom') {
    search.set('from', choices.fromDay);
    search.set('to', choices.toDay);
  }
  if (choices.hours !== 'business') search.set('hours', choices.hours);
  for (const key of FILTER_KEYS) if (choices[key]) search.set(key, choices[key]);
  return search;
}

/** The filters chosen, as a report definition keeps them: a saved report runs with them. */
export function filtersOf(choices: ReportChoices): DefinitionFilters {
  const filters: DefinitionFilters = {};
  if (choices.channel) filters.channel = [choices.channel];
  if (choices.priority) filters.priority = [choices.priority];
  if (choices.language === 'en' || choices.language === 'fr') filters.language = [choices.language];
  if (choices.teamId) filters.teamId = [choices.teamId];
  if (choices.agentId) filters.agentId = [choices.agentId];
  return filters;
}

/** The choices, with a definition's filters where none is chosen (the pickers hold one value: a list's first). */
export function choicesWithFilters(choices: ReportChoices, filters: DefinitionFilters): ReportChoices {
  const next = { ...choices };
  for (const key of FILTER_KEYS) if (!next[key] && filters[key]?.[0]) next[key] = filters[key][0];
  return next;
}

export const isDay = (value: string | null | undefined) => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The API query for the choices: whole calendar days in the workspace's time zone. A preset runs from the start of
 * the day N−1 days back to `now` (the moment the choice was made, so every reload and export reads the same period).
 */
export function queryOf(choices: ReportChoices, now: number, timeZone: string): AnalyticsQuery {
  const today = calendarDayIn(now, timeZone);
  const from = choices.period === 'custom' ? startOfDay(parseDay(choices.fromDay), timeZone) : startOfDay(addDays(today, 1 - Number(choices.period)), timeZone);
  const to = choices.period === 'custom' ? Math.min(startOfDay(addDays(parseDay(choices.toDay), 1), timeZone), now) : now;
  const query: AnalyticsQuery = { from: new Date(from).toISOString(), to: new Date(Math.max(to, from + 1)).toISOString(), hours: choices.hours };
  if (choices.channel) query.channel = choices.channel;
  if (choices.priority) query.priority = choices.priority;
  if (choices.language) query.language = choices.language;
  if (choices.teamId) query.teamId = choices.teamId;
  if (choices.agentId) query.agentId = choices.agentId;
  return query;
}

/** An export's address: the same query as the figures on screen, and their labels in the interface language. */
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const satisfies readonly ExportFormat[];

export function exportHref(path: string, query: AnalyticsQuery, format: ExportFormat, language: string): string {
  const search = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  search.set('lang', language.startsWith('fr') ? 'fr' : 'en');
  return `${path}?${search.toString()}`;
}

export type Day = { year: number; month: number; day: number };

const parseDay = (text: string): Day => {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
};

export const formatDay = ({ year, month, day }: Day) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export function addDays(day: Day, days: number): Day {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function zonedParts(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** The calendar day an instant falls on in a time zone. */
export function calendarDayIn(instant: number, timeZone: string): Day {
  const { year, month, day } = zonedParts(instant, timeZone);
  return { year, month, day };
}

/** How far a time zone's wall clock is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = zonedParts(instant, timeZone);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day starts in a time zone (checked twice, for days that change their offset). */
function startOfDay(day: Day, timeZone: string): number {
  const wallClock = Date.UTC(day.year, day.month - 1, day.day);
  let instant = wallClock - offsetAt(wallClock, timeZone);
  const corrected = wallClock - offsetAt(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return instant;
}
