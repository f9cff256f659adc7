import type { TFunction } from 'i18next';

/** How a report's figures read (the server's metric units): a count, a duration in seconds, a share 0..1, a score 1..5. */
export type ValueUnit = 'count' | 'seconds' | 'ratio' | 'score';
export type LocalizedLabel = { en: string; fr: string };

export const TIME_DIMENSION_KEYS = ['hour', 'day', 'week', 'month'] as const;
export const isTimeDimension = (key: string) => (TIME_DIMENSION_KEYS as readonly string[]).includes(key);

/** The server's `{ en, fr }` label in the interface language. */
export function labelIn(label: LocalizedLabel, language: string): string {
  return language.startsWith('fr') ? label.fr || label.en : label.en || label.fr;
}

/** A figure as a person reads it: durations in hours and minutes, shares as percentages, scores with a decimal. */
export function formatValue(value: number | null | undefined, unit: ValueUnit | null, t: TFunction, language: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return t('analytics.value.none');
  switch (unit) {
    case 'seconds':
      return formatDuration(value, t);
    case 'ratio':
      return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'score':
      return new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(value);
    default:
      return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
  }
}

/** "45 s", "12 min", "3 h 05 min": business-hours durations run into tens of hours, so no days. */
export function formatDuration(seconds: number, t: TFunction): string {
  const rounded = Math.round(seconds);
  if (Math.abs(rounded) < 60) return t('analytics.value.seconds', { seconds: rounded });
  const minutes = Math.round(rounded / 60);
  if (Math.abs(minutes) < 60) return t('analytics.value.minutes', { minutes });
  const hours = Math.trunc(minutes / 60);
  return t('analytics.value.hoursMinutes', { hours, minutes: String(Math.abs(minutes % 60)).padStart(2, '0') });
}

/** An axis tick: the same units, shorter (whole percentages, hours or minutes). */
export function formatAxisValue(value: number, unit: ValueUnit | null, t: TFunction, language: string): string {
  if (unit === 'ratio') return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value);
  if (unit === 'seconds') return value >= 3600 ? t('analytics.value.hours', { hours: new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value / 3600) }) : formatDuration(value, t);
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/**
 * A group's name: a time bucket's start as a date (in the workspace's time zone for hours), a team or agent id as
 * the name the report carries, and the app's own words for channels, priorities, languages, statuses and types.
 */
export function formatDimensionValue(
  dimension: string,
  value: string | number | null | undefined,
  context: { t: TFunction; language: string; labels?: Record<string, string>; timeZone?: string; isShort?: boolean },
): string {
  const { t, language, labels, timeZone, isShort } = context;
  if (value === null || value === undefined || value === '') return t(`analytics.value.noGroup.${dimension}`, { defaultValue: t('analytics.value.noGroup.other') });
  const text = String(value);
  if (isTimeDimension(dimension)) return formatBucket(dimension, text, language, timeZone, isShort);
  switch (dimension) {
    case 'team':
    case 'agent':
      return labels?.[text] ?? text;
    case 'channel':
      return t(`channels.${text}`, { defaultValue: text });
    case 'priority':
      return t(`priority.${text}`, { defaultValue: text });
    case 'language':
      return t(`languages.${text}`, { defaultValue: text });
    case 'status':
      return labels?.[text] ?? t(`status.${text}`, { defaultValue: text });
    case 'type':
      return t(`analytics.ticketTypes.${text}`, { defaultValue: text });
    case 'escalation_reason':
      return t(`analytics.escalationReasons.${text}`, { defaultValue: text });
    default:
      return labels?.[text] ?? text;
  }
}

function formatBucket(dimension: string, value: string, language: string, timeZone: string | undefined, isShort = false): string {
  // A plain date is a calendar day of the workspace: read it as is, not shifted by the browser's time zone.
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(isDate ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const zone = isDate ? 'UTC' : timeZone;
  const options: Intl.DateTimeFormatOptions =
    dimension === 'hour'
      ? { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
      : dimension === 'month'
        ? { month: isShort ? 'short' : 'long', year: 'numeric' }
        : isShort
          ? { month: 'short', day: 'numeric' }
          : { dateStyle: 'medium' };
  try {
    return new Intl.DateTimeFormat(language, { ...options, timeZone: zone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(language, options).format(date);
  }
}
