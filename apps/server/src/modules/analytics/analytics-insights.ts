/**
 * The insight rules, pure so each is tested on known answers: a 14-day volume forecast (Holt-Winters with a weekly
 * season), spikes of volume per category or channel (robust z-scores), topics of recent tickets (TF-IDF and
 * k-means), and the sentiment of a customer's message in English or French. Each result carries a sentence in
 * both languages for the dashboard.
 */
import { DateTime } from 'luxon';
import { DEFAULT_BOT_LEXICONS } from '../bot/bot-lexicons.js';
import { foldText, isShouting, stemOf } from '../bot/bot.text.js';

export type InsightLanguage = 'en' | 'fr';
export type Bilingual = Record<InsightLanguage, string>;
export interface DailyCount {
  /** `YYYY-MM-DD`, a local day of the workspace. */
  date: string;
  count: number;
}

// ── Wording ───────────────────────────────────────────────────────────────────────────────────────────────

/** A number as the dashboard writes it: at most `digits` decimals, a decimal comma in French. */
export function formatNumber(value: number, language: InsightLanguage, digits = 0): string {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  const text = String(Object.is(rounded, -0) ? 0 : rounded);
  return language === 'fr' ? text.replace('.', ',') : text;
}

/** A share 0..1 as a percentage: `18%`, `18 %` in French, `<1%` for a sliver. */
export function formatPercent(share: number, language: InsightLanguage): string {
  const percent = Math.round(share * 100);
  const text = percent === 0 && share > 0 ? '<1' : String(percent);
  return language === 'fr' ? `${text} %` : `${text}%`;
}

const signedPercent = (share: number, language: InsightLanguage) => `${share >= 0 ? '+' : '−'}${formatPercent(Math.abs(share), language)}`;

/** "the last 8 weeks" / "the last week". */
export function lastPeriodEn(count: number, unit: 'day' | 'week'): string {
  return count === 1 ? `the last ${unit}` : `the last ${count} ${unit}s`;
}

/** "sur les 8 dernières semaines" / "sur la dernière semaine", "au cours des 7 derniers jours" / "au cours du dernier jour". */
export function lastPeriodFr(count: number, unit: 'day' | 'week', preposition: 'sur' | 'au cours de' | 'd’après'): string {
  const isWeek = unit === 'week';
  if (count === 1) {
    const noun = isWeek ? 'la dernière semaine' : 'le dernier jour';
    return preposition === 'au cours de' ? (isWeek ? `au cours de ${noun}` : 'au cours du dernier jour') : `${preposition} ${noun}`;
  }
  const noun = isWeek ? `les ${count} dernières semaines` : `les ${count} derniers jours`;
  return preposition === 'au cours de' ? `au cours des ${noun.slice(4)}` : `${preposition} ${noun}`;
}

/** `Tue 24 Nov` / `mar. 24 nov.` */
export function formatDay(date: string, language: InsightLanguage): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(language === 'fr' ? 'fr-CA' : 'en-GB').toFormat('ccc d LLL');
}

const WEEKDAYS_PLURAL_EN = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
const WEEKDAYS_FR = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** The ticket channels as the web app names them. */
export const CHANNEL_LABELS: Record<string, Bilingual> = {
  email: { en: 'Email', fr: 'Courriel' },
  chat: { en: 'Chat', fr: 'Clavardage' },
  phone: { en: 'Phone', fr: 'Téléphone' },
  web: { en: 'Web form', fr: 'Formulaire Web' },
  api: { en: 'API', fr: 'API' },
  messaging: { en: 'Messaging', fr: 'Messagerie' },
  social: { en: 'Social', fr: 'Réseaux sociaux' },
  whatsapp: { en: 'WhatsApp', fr: 'WhatsApp' },
  messenger: { en: 'Messenger', fr: 'Messenger' },
  telegram: { en: 'Telegram', fr: 'Telegram' },
  sms: { en: 'SMS', fr: 'Texto' },
};

const addDays = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
const isoWeekdayOf = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).weekday;
const mean = (values: number[]) => (values.length ? values.reduce((total, value) => total + value, 0) / values.length : 0);

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// ── Forecast ──────────────────────────────────────────────────────────────────────────────────────────────

export interface ForecastDay {
  date: string;
  expected: number;
  /** The 95% prediction interval, never below zero. */
  low: number;
  high: number;
}

export type ForecastMethod = 'holt_winters' | 'exponential_smoothing' | 'none';

export interface VolumeForecast {
  method: ForecastMethod;
  /** The smoothing weights the grid search chose (level, trend, season, trend damping); null where the method has none. */
  parameters: { alpha: number | null; beta: number | null; gamma: number | null; phi: number | null; seasonLength: number | null };
  /** Spread of the one-step-ahead errors over the history, in tickets a day. */
  residualStdDev: number;
  /** Days of history the model learnt from (from the first day with a ticket). */
  historyDays: number;
  days: ForecastDay[];
  /** Average expected per day over the first forecast week. */
  averagePerDay: number;
  /** How much more (or less) than that average each ISO weekday (1 = Monday) of the first forecast week expects. */
  weekdayEffects: Array<{ weekday: number; effect: number }>;
  /** Expected change over a week, relative to the average; null without a trend. */
  weeklyTrend: number | null;
  explanation: Bilingual;
}

export interface ForecastOptions {
  horizon?: number;
  seasonLength?: number;
  /** The first forecast day; the day after the last of the history by default. */
  startDate?: string;
  /** The length of the history asked for, in weeks, for the sentence when there is none. */
  historyWeeks?: number;
}

const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
const BETAS = [0.01, 0.05, 0.1, 0.2];
const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];
/** Undamped first; a damped trend (0.9) keeps a short-lived slope from running away over two weeks. */
const PHIS = [1, 0.9];
const Z_95 = 1.96;
/** Below this share of the average, a weekday effect or a trend is not worth a sentence. */
const NOTABLE_WEEKDAY_EFFECT = 0.1;
const NOTABLE_WEEKLY_TREND = 0.05;

interface SmoothingRun {
  sse: number;
  count: number;
  level: number;
  trend: number;
  season: number[];
}

/**
 * The state after the first season, from the first two: the trend from the change of their means, the level at the
 * end of the first season on that line, each day's seasonal effect as its average distance from the line.
 */
function initialState(values: number[], m: number) {
  const first = mean(values.slice(0, m));
  const second = mean(values.slice(m, 2 * m));
  const trend = (second - first) / m;
  const centre = (m - 1) / 2;
  const season = Array.from({ length: m }, (_, index) => (values[index]! - (first + trend * (index - centre)) + (values[index + m]! - (second + trend * (index - centre)))) / 2);
  const offset = mean(season);
  return { level: first + trend * (m - 1 - centre), trend, season: season.map((value) => value - offset) };
}

/** Additive Holt-Winters with a damped trend, run over the history: the one-step-ahead errors and the last state. */
export function runHoltWinters(values: number[], m: number, alpha: number, beta: number, gamma: number, phi = 1): SmoothingRun {
  const state = initialState(values, m);
  let { level, trend } = state;
  const season = [...state.season];
  let sse = 0;
  for (let t = m; t < values.length; t += 1) {
    const value = values[t]!;
    const seasonal = season[t % m]!;
    const error = value - (level + phi * trend + seasonal);
    sse += error * error;
    const previousLevel = level;
    level = alpha * (value - seasonal) + (1 - alpha) * (level + phi * trend);
    trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
    season[t % m] = gamma * (value - level) + (1 - gamma) * seasonal;
  }
  return { sse, count: values.length - m, level, trend, season };
}

function runSimpleSmoothing(values: number[], alpha: number): SmoothingRun {
  let level = values[0]!;
  let sse = 0;
  for (let t = 1; t < values.length; t += 1) {
    const error = values[t]! - level;
    sse += error * error;
    level += alpha * error;
  }
  return { sse, count: values.length - 1, level, trend: 0, season: [] };
}

/** Fewer than this many one-step errors say little about the spread: counts then get the spread chance gives them. */
const MIN_RESIDUALS = 3;
const spreadOf = (run: SmoothingRun) => (run.count >= MIN_RESIDUALS ? Math.sqrt(run.sse / run.count) : Math.sqrt(Math.max(run.level, 0)));

/**
 * The next `horizon` days of a daily series of created tickets: additive Holt-Winters with a weekly season once the
 * history holds two full weeks (weights chosen by a grid search minimising the one-step-ahead squared errors), simple
 * exponential smoothing before that, nothing without history. Leading days without tickets are not history. Never
 * negative; the interval widens with the horizon as the model's errors accumulate.
 */
export function forecastDailyVolume(history: DailyCount[], options: ForecastOptions = {}): VolumeForecast {
  const horizon = options.horizon ?? 14;
  const m = options.seasonLength ?? 7;
  const firstActive = history.findIndex((day) => day.count > 0);
  const series = firstActive < 0 ? [] : history.slice(firstActive);
  const values = series.map((day) => day.count);
  const startDate = options.startDate ?? (history.length ? addDays(history[history.length - 1]!.date, 1) : DateTime.utc().toISODate()!);
  const dates = Array.from({ length: horizon }, (_, index) => addDays(startDate, index));
  const weeks = options.historyWeeks ?? Math.max(1, Math.round(history.length / 7));

  if (values.length === 0) {
    return {
      method: 'none',
      parameters: { alpha: null, beta: null, gamma: null, phi: null, seasonLength: null },
      residualStdDev: 0,
      historyDays: 0,
      days: dates.map((date) => ({ date, expected: 0, low: 0, high: 0 })),
      averagePerDay: 0,
      weekdayEffects: [],
      weeklyTrend: null,
      explanation: {
        en: `No tickets in ${lastPeriodEn(weeks, 'week')}: nothing to forecast yet.`,
        fr: `Aucun billet ${lastPeriodFr(weeks, 'week', 'au cours de')} : rien à prévoir pour l’instant.`,
      },
    };
  }

  const round = (value: number) => Math.round(Math.max(0, value) * 10) / 10;
  let method: ForecastMethod;
  let parameters: VolumeForecast['parameters'];
  let sigma: number;
  /** Each forecast day's expected count, its spread, and (Holt-Winters) its weekday's seasonal part. */
  let points: Array<{ expected: number; spread: number; seasonal: number | null }>;
  if (values.length >= 2 * m) {
    let best: { run: SmoothingRun; alpha: number; beta: number; gamma: number; phi: number } | undefined;
    for (const phi of PHIS) {
      for (const alpha of ALPHAS) {
        for (const beta of BETAS) {
          for (const gamma of GAMMAS) {
            const run = runHoltWinters(values, m, alpha, beta, gamma, phi);
            if (!best || run.sse < best.run.sse - 1e-9) best = { run, alpha, beta, gamma, phi };
          }
        }
      }
    }
    const { run, alpha, beta, gamma, phi } = best!;
    method = 'holt_winters';
    parameters = { alpha, beta, gamma, phi, seasonLength: m };
    sigma = spreadOf(run);
    // Variance of an h-step forecast of the equivalent state-space model: σ²(1 + Σ c_j²), j < h.
    const last = values.length - 1;
    let dampedSum = 0;
    let varianceSum = 0;
    points = dates.map((_, index) => {
      const h = index + 1;
      dampedSum += phi ** h;
      const seasonal = run.season[(last + h) % m]!;
      const expected = run.level + dampedSum * run.trend + seasonal;
      const spread = sigma * Math.sqrt(1 + varianceSum);
      const c = alpha + alpha * beta * dampedSum + (h % m === 0 ? gamma * (1 - alpha) : 0);
      varianceSum += c * c;
      return { expected, spread, seasonal };
    });
  } else {
    let best: { run: SmoothingRun; alpha: number } | undefined;
    for (const alpha of ALPHAS) {
      const run = runSimpleSmoothing(values, alpha);
      if (!best || run.sse < best.run.sse - 1e-9) best = { run, alpha };
    }
    const { run, alpha } = best!;
    method = 'exponential_smoothing';
    parameters = { alpha, beta: null, gamma: null, phi: null, seasonLength: null };
    sigma = spreadOf(run);
    points = dates.map((_, index) => ({ expected: run.level, spread: sigma * Math.sqrt(1 + index * alpha * alpha), seasonal: null }));
  }

  const days = dates.map((date, index) => {
    const { expected, spread } = points[index]!;
    return { date, expected: round(expected), low: round(expected - Z_95 * spread), high: round(expected + Z_95 * spread) };
  });
  const firstWeek = days.slice(0, 7);
  const averagePerDay = mean(firstWeek.map((day) => day.expected));
  // The weekly pattern is the model's seasonal part of each weekday, against the average day: not the trend.
  const weekdayEffects =
    method === 'holt_winters' && averagePerDay > 0 && firstWeek.length === 7
      ? firstWeek.map((day, index) => ({ weekday: isoWeekdayOf(day.date), effect: Math.round((points[index]!.seasonal! / averagePerDay) * 1000) / 1000 })).sort((a, b) => a.weekday - b.weekday)
      : [];
  const weeklyTrend = method === 'holt_winters' && averagePerDay > 0 ? Math.round(((mean(days.slice(7, 14).map((day) => day.expected)) - averagePerDay) / averagePerDay) * 1000) / 1000 : null;
  return {
    method,
    parameters,
    residualStdDev: Math.round(sigma * 100) / 100,
    historyDays: values.length,
    days,
    averagePerDay: Math.round(averagePerDay * 10) / 10,
    weekdayEffects,
    weeklyTrend: days.length >= 14 ? weeklyTrend : null,
    explanation: explainForecast(method, averagePerDay, weekdayEffects, days.length >= 14 ? weeklyTrend : null, values.length),
  };
}

function explainForecast(method: ForecastMethod, averagePerDay: number, effects: VolumeForecast['weekdayEffects'], weeklyTrend: number | null, historyDays: number): Bilingual {
  const digits = averagePerDay >= 10 ? 0 : 1;
  const parts = { en: [`About ${formatNumber(averagePerDay, 'en', digits)} tickets a day expected next week`], fr: [`Environ ${formatNumber(averagePerDay, 'fr', digits)} billets par jour prévus la semaine prochaine`] };
  const busiest = effects.reduce<VolumeForecast['weekdayEffects'][number] | undefined>((top, effect) => (!top || effect.effect > top.effect ? effect : top), undefined);
  if (busiest && busiest.effect >= NOTABLE_WEEKDAY_EFFECT) {
    parts.en.push(`${WEEKDAYS_PLURAL_EN[busiest.weekday - 1]} busiest (${signedPercent(busiest.effect, 'en')})`);
    parts.fr.push(`surtout le ${WEEKDAYS_FR[busiest.weekday - 1]} (${signedPercent(busiest.effect, 'fr')})`);
  }
  if (weeklyTrend !== null && weeklyTrend <= -0.95) {
    parts.en.push('falling to almost none the week after');
    parts.fr.push('en baisse jusqu’à presque aucun la semaine suivante');
  } else if (weeklyTrend !== null && Math.abs(weeklyTrend) >= NOTABLE_WEEKLY_TREND) {
    parts.en.push(`${weeklyTrend > 0 ? 'rising' : 'falling'} about ${formatPercent(Math.abs(weeklyTrend), 'en')} a week`);
    parts.fr.push(`en ${weeklyTrend > 0 ? 'hausse' : 'baisse'} d’environ ${formatPercent(Math.abs(weeklyTrend), 'fr')} par semaine`);
  }
  const isWeeks = method === 'holt_winters' && historyDays % 7 === 0;
  const count = isWeeks ? historyDays / 7 : historyDays;
  const unit = isWeeks ? 'week' : 'day';
  const basis = { en: `based on ${lastPeriodEn(count, unit)}`, fr: lastPeriodFr(count, unit, 'd’après') };
  if (method === 'exponential_smoothing') {
    basis.en += ', too few for a weekly pattern';
    basis.fr += ', trop peu pour dégager un profil hebdomadaire';
  }
  return { en: `${parts.en.join(', ')}; ${basis.en}.`, fr: `${parts.fr.join(', ')} ; ${basis.fr}.` };
}

// ── Spikes ────────────────────────────────────────────────────────────────────────────────────────────────

export interface VolumeSeries {
  dimension: 'category' | 'channel';
  /** The category or channel; null for tickets without a category. */
  value: string | null;
  label: Bilingual;
  /** Every day of the period, in order, quiet days at zero. */
  days: DailyCount[];
}

export interface VolumeSpike {
  dimension: 'category' | 'channel';
  value: string | null;
  label: Bilingual;
  date: string;
  count: number;
  expected: number;
  /** (count − expected) over the robust spread of the baseline days. */
  zScore: number;
  explanation: Bilingual;
}

export interface SpikeOptions {
  /** Days before each day that make its baseline. */
  windowDays?: number;
  /** A day needs this many days before it in the series to be judged. */
  minHistoryDays?: number;
  threshold?: number;
  /** A spike is also at least this many tickets over the expected count. */
  minExcess?: number;
  /** Only days from this date on are judged (the recent ones). */
  fromDate?: string;
  /** The expected count: the median of the window, or of the same weekday in it. */
  baseline?: 'median' | 'weekday';
}

/** 1.4826 × MAD estimates a standard deviation for normal data, and shrugs off the outliers it looks for. */
const MAD_TO_STANDARD_DEVIATION = 1.4826;

/**
 * Days whose count stands out of the series' recent past: expected is the median of the previous `windowDays` days
 * (or of the same weekday among them), the spread 1.4826 × their median absolute deviation, never below √expected
 * (and 1), the spread that chance alone gives counts. A spike has a robust z-score of at least `threshold` and at
 * least `minExcess` tickets over the expected count. Newest first, then the strongest.
 */
export function detectSpikes(series: VolumeSeries[], options: SpikeOptions = {}): VolumeSpike[] {
  const windowDays = options.windowDays ?? 28;
  const minHistoryDays = options.minHistoryDays ?? 14;
  const threshold = options.threshold ?? 3.5;
  const minExcess = options.minExcess ?? 5;
  const spikes: VolumeSpike[] = [];
  for (const { dimension, value, label, days } of series) {
    days.forEach((day, index) => {
      if (index < minHistoryDays || (options.fromDate && day.date < options.fromDate)) return;
      const window = days.slice(Math.max(0, index - windowDays), index);
      const counts = window.map((previous) => previous.count);
      const centre = median(counts);
      const spread = Math.max(MAD_TO_STANDARD_DEVIATION * median(counts.map((count) => Math.abs(count - centre))), Math.sqrt(Math.max(centre, 1)));
      const sameWeekday = window.filter((_, offset) => (window.length - offset) % 7 === 0).map((previous) => previous.count);
      const expected = options.baseline === 'weekday' && sameWeekday.length > 0 ? median(sameWeekday) : centre;
      const zScore = (day.count - expected) / spread;
      if (zScore < threshold || day.count - expected < minExcess) return;
      spikes.push({ dimension, value, label, date: day.date, count: day.count, expected, zScore: Math.round(zScore * 100) / 100, explanation: explainSpike(label, day.date, day.count, expected) });
    });
  }
  return spikes.sort((a, b) => b.date.localeCompare(a.date) || b.zScore - a.zScore);
}

function explainSpike(label: Bilingual, date: string, count: number, expected: number): Bilingual {
  const head = { en: `${label.en}: ${count} tickets on ${formatDay(date, 'en')}`, fr: `${label.fr} : ${count} billets le ${formatDay(date, 'fr')}` };
  const usual = Math.round(expected);
  if (usual === 0) return { en: `${head.en}, where there are usually none`, fr: `${head.fr}, alors qu’il n’y en a habituellement aucun` };
  const ratio = count / expected;
  if (ratio >= 2) {
    const digits = ratio >= 3 ? 0 : 1;
    return { en: `${head.en}, about ${formatNumber(ratio, 'en', digits)}× the usual ${usual}`, fr: `${head.fr}, environ ${formatNumber(ratio, 'fr', digits)} fois les ${usual} habituels` };
  }
  return { en: `${head.en}, ${signedPercent(ratio - 1, 'en')} over the usual ${usual}`, fr: `${head.fr}, ${formatPercent(ratio - 1, 'fr')} de plus que les ${usual} habituels` };
}

// ── Topics ────────────────────────────────────────────────────────────────────────────────────────────────

export interface TopicDocument {
  number: number;
  subject: string;
  description: string;
}

export interface Topic {
  /** The words that set the topic apart, most telling first: as the tickets write them, or a known term in each language. */
  keywords: Record<InsightLanguage, string[]>;
  size: number;
  /** Of all the tickets given. */
  share: number;
  /** The tickets closest to the topic's centre. */
  exampleNumbers: number[];
  explanation: Bilingual;
}

export interface TopicOptions {
  maxTopics?: number;
  /** The length of the period the tickets were created in, for the sentence ("last week’s tickets"). */
  periodDays?: number;
  seed?: number;
}

/** Words of a ticket that carry no topic, beyond the function words the bot already leaves out. */
const TOPIC_STOP_WORDS = new Set([
  ...DEFAULT_BOT_LEXICONS.stopWords.en,
  ...DEFAULT_BOT_LEXICONS.stopWords.fr,
  ...['regards', 'dear', 'sincerely', 'best', 'cheers', 'team', 'ticket', 'tickets', 'issue', 'issues', 'problem', 'problems', 'question', 'questions', 'since', 'today', 'yesterday', 'tomorrow', 'week'],
  ...['day', 'days', 'time', 'back', 'sent', 'send', 'see', 'attached', 'below', 'above', 'sorry', 'asap', 'because', 'been', 'being', 'yours', 'via', 'per', 'able', 'tried', 'try', 'trying', 'could', 'would'],
  ...['cordialement', 'salutations', 'madame', 'monsieur', 'bonne', 'journee', 'billet', 'billets', 'depuis', 'hier', 'demain', 'aujourd', 'hui', 'semaine', 'jour', 'jours', 'fois', 'avance', 'alors'],
  ...['aussi', 'etais', 'etait', 'ete', 'sera', 'serait', 'pouvez', 'pourriez', 'voici', 'voila', 'probleme', 'problemes', 'parce', 'lors', 'car', 'cela', 'tout', 'tous', 'toute', 'toutes', 'deja'],
  ...['apres', 'avant', 'plus', 'moins', 'peu', 'beaucoup', 'chez', 'entre', 'sous', 'vers', 'essaye', 'essayer', 'salut', 'allo', 'encore'],
  ...['never', 'always', 'every', 'another', 'other', 'new', 'same', 'use', 'using', 'used', 'make', 'made', 'work', 'works', 'working', 'arrive', 'arrives', 'receive', 'received', 'choose', 'last', 'first'],
  ...['jamais', 'chaque', 'autre', 'autres', 'nouveau', 'nouvelle', 'meme', 'utiliser', 'fonctionne', 'marche', 'arrive', 'arrivent', 'recois', 'recu', 'recevoir', 'ajouter', 'mois', 'dernier', 'derniere', 'premier', 'premiere'],
]);
/** Order, invoice and case references ("INV-1042", "A1234"): one ticket's, never a topic. */
const REFERENCE_CODE = /(?<![\p{L}\p{N}])\p{L}{1,5}[-_#]?\d[\p{L}\p{N}-]*/gu;

/**
 * Support words said differently in English and French ("refund" and "remboursement", "mot de passe"): one term for
 * both, so that tickets about one subject make one topic whatever their language. Forms are folded, whole words.
 */
const TOPIC_CONCEPTS: Array<{ en: string; fr: string; forms: string[] }> = [
  { en: 'refund', fr: 'remboursement', forms: ['refund', 'refunds', 'refunded', 'refunding', 'remboursement', 'remboursements', 'rembourser', 'rembourse', 'remboursee', 'remboursez'] },
  { en: 'order', fr: 'commande', forms: ['order', 'orders', 'ordered', 'commande', 'commandes', 'commander', 'commandee', 'commandees'] },
  { en: 'password', fr: 'mot de passe', forms: ['password', 'passwords', 'mot de passe', 'mots de passe', 'mdp'] },
  { en: 'sign-in', fr: 'connexion', forms: ['log in', 'login', 'logging in', 'sign in', 'signin', 'log on', 'connexion', 'connecter', 'me connecter', 'se connecter', 'connecte'] },
  { en: 'delivery', fr: 'livraison', forms: ['delivery', 'deliveries', 'delivered', 'deliver', 'shipping', 'shipment', 'shipped', 'livraison', 'livraisons', 'livrer', 'livre', 'livree', 'livrees'] },
  { en: 'parcel', fr: 'colis', forms: ['parcel', 'parcels', 'package', 'packages', 'colis'] },
  { en: 'tracking', fr: 'suivi', forms: ['tracking', 'suivi'] },
  { en: 'invoice', fr: 'facture', forms: ['invoice', 'invoices', 'billing', 'facture', 'factures', 'facturation'] },
  { en: 'payment', fr: 'paiement', forms: ['payment', 'payments', 'paid', 'pay', 'paiement', 'paiements', 'payer', 'paye', 'payee'] },
  { en: 'charge', fr: 'débit', forms: ['charge', 'charged', 'charges', 'debit', 'debite', 'debitee', 'debits', 'preleve', 'prelevement'] },
  { en: 'twice', fr: 'deux fois', forms: ['twice', 'deux fois'] },
  { en: 'card', fr: 'carte', forms: ['card', 'cards', 'carte', 'cartes'] },
  { en: 'account', fr: 'compte', forms: ['account', 'accounts', 'compte', 'comptes'] },
  { en: 'cancellation', fr: 'annulation', forms: ['cancel', 'cancelled', 'canceled', 'cancellation', 'annuler', 'annulation', 'annule', 'annulee'] },
  { en: 'subscription', fr: 'abonnement', forms: ['subscription', 'subscriptions', 'subscribe', 'abonnement', 'abonnements', 'abonner'] },
  { en: 'return', fr: 'retour', forms: ['return', 'returns', 'returned', 'retour', 'retours', 'retourner'] },
  { en: 'address', fr: 'adresse', forms: ['address', 'addresses', 'adresse', 'adresses'] },
  { en: 'email', fr: 'courriel', forms: ['email', 'emails', 'e mail', 'courriel', 'courriels'] },
  { en: 'phone', fr: 'téléphone', forms: ['phone', 'telephone', 'cell', 'cellulaire'] },
  { en: 'app', fr: 'application', forms: ['app', 'application', 'appli'] },
  { en: 'price', fr: 'prix', forms: ['price', 'prices', 'prix'] },
];
const CONCEPT_BY_FORM = new Map(TOPIC_CONCEPTS.flatMap((concept) => concept.forms.map((form) => [form, concept] as const)));
const LONGEST_CONCEPT_FORM = Math.max(...[...CONCEPT_BY_FORM.keys()].map((form) => form.split(' ').length));
/** Words of the subject count this many times: it says in a line what the ticket is about. */
const SUBJECT_WEIGHT = 2;
const DESCRIPTION_CHARACTERS = 2000;

export interface TopicTerm {
  /** What compares: a known concept (`=refund`), or the word's stem (accents folded, ending off). */
  term: string;
  /** How it reads: the concept's name in each language, or the word as written. */
  display: Bilingual;
}

/** The topic words of a text: known support words as one term in both languages, other words by their stem. */
export function topicTermsOf(text: string): TopicTerm[] {
  const words = text
    .replace(REFERENCE_CODE, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .map((word) => ({ word, folded: foldText(word) }))
    .filter(({ folded }) => folded && !folded.includes(' '));
  const terms: TopicTerm[] = [];
  for (let index = 0; index < words.length; ) {
    let length = Math.min(LONGEST_CONCEPT_FORM, words.length - index);
    while (length > 0 && !CONCEPT_BY_FORM.has(words.slice(index, index + length).map(({ folded }) => folded).join(' '))) length -= 1;
    if (length > 0) {
      const concept = CONCEPT_BY_FORM.get(words.slice(index, index + length).map(({ folded }) => folded).join(' '))!;
      terms.push({ term: `=${concept.en}`, display: { en: concept.en, fr: concept.fr } });
      index += length;
      continue;
    }
    const { word, folded } = words[index]!;
    index += 1;
    if (folded.length < 3 || /^\d+$/.test(folded) || TOPIC_STOP_WORDS.has(folded)) continue;
    terms.push({ term: stemOf(folded), display: { en: word, fr: word } });
  }
  return terms;
}

/** A small seeded generator (mulberry32): the same tickets make the same topics. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type SparseVector = Array<[term: number, weight: number]>;
const dotDense = (vector: SparseVector, dense: Float64Array) => vector.reduce((total, [term, weight]) => total + weight * dense[term]!, 0);

function dotSparse(a: SparseVector, b: SparseVector): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]![0] === b[j]![0]) total += a[i++]![1] * b[j++]![1];
    else if (a[i]![0] < b[j]![0]) i += 1;
    else j += 1;
  }
  return total;
}

interface Clustering {
  assignment: number[];
  centroids: Float64Array[];
  inertia: number;
}

/** Spherical k-means (cosine similarity) from a k-means++ start. */
function kMeans(vectors: SparseVector[], k: number, vocabulary: number, random: () => number): Clustering {
  const dense = (vector: SparseVector) => {
    const centroid = new Float64Array(vocabulary);
    for (const [term, weight] of vector) centroid[term] = weight;
    return centroid;
  };
  const centroids: Float64Array[] = [dense(vectors[Math.floor(random() * vectors.length)]!)];
  while (centroids.length < k) {
    const distances = vectors.map((vector) => Math.max(0, 1 - Math.max(...centroids.map((centroid) => dotDense(vector, centroid)))) ** 2);
    const total = distances.reduce((sum, distance) => sum + distance, 0);
    let pick = random() * total;
    let chosen = distances.findIndex((distance) => (pick -= distance) <= 0);
    if (total === 0 || chosen < 0) chosen = distances.indexOf(Math.max(...distances));
    centroids.push(dense(vectors[chosen]!));
  }
  let assignment = new Array<number>(vectors.length).fill(-1);
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const next = vectors.map((vector) => {
      let best = 0;
      let bestSimilarity = -Infinity;
      centroids.forEach((centroid, index) => {
        const similarity = dotDense(vector, centroid);
        if (similarity > bestSimilarity + 1e-12) [best, bestSimilarity] = [index, similarity];
      });
      return best;
    });
    const isStable = next.every((cluster, index) => cluster === assignment[index]);
    assignment = next;
    for (let cluster = 0; cluster < k; cluster += 1) {
      const sum = new Float64Array(vocabulary);
      vectors.forEach((vector, index) => {
        if (assignment[index] === cluster) for (const [term, weight] of vector) sum[term] = sum[term]! + weight;
      });
      const norm = Math.sqrt(sum.reduce((total, weight) => total + weight * weight, 0));
      if (norm > 0) centroids[cluster] = sum.map((weight) => weight / norm);
    }
    if (isStable) break;
  }
  const inertia = vectors.reduce((total, vector, index) => total + (1 - dotDense(vector, centroids[assignment[index]!]!)), 0);
  return { assignment, centroids, inertia };
}

/** Mean silhouette with cosine distance, over at most `limit` documents taken at even steps. */
function silhouette(vectors: SparseVector[], assignment: number[], limit = 300): number {
  const step = Math.max(1, Math.ceil(vectors.length / limit));
  const sample = vectors.map((_, index) => index).filter((index) => index % step === 0);
  let total = 0;
  for (const index of sample) {
    const distances = new Map<number, { sum: number; count: number }>();
    for (const other of sample) {
      if (other === index) continue;
      const entry = distances.get(assignment[other]!) ?? { sum: 0, count: 0 };
      entry.sum += 1 - dotSparse(vectors[index]!, vectors[other]!);
      entry.count += 1;
      distances.set(assignment[other]!, entry);
    }
    const own = distances.get(assignment[index]!);
    if (!own) continue; // Alone in its cluster: silhouette 0.
    const a = own.sum / own.count;
    const b = Math.min(...[...distances].filter(([cluster]) => cluster !== assignment[index]).map(([, entry]) => entry.sum / entry.count));
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return sample.length ? total / sample.length : 0;
}

const RESTARTS = 4;
const MIN_DOCUMENTS = 4;
const MAX_KEYWORDS = 5;

/**
 * Topics of tickets: words of subject (counted twice) and description, stemmed, weighed by TF-IDF (words in one
 * ticket only are left out); spherical k-means for each number of topics from 2 to `maxTopics`, the best of a few
 * seeded starts, and the number with the best silhouette kept. A topic of fewer than two tickets (or 3% of them)
 * is noise, left out. Largest first.
 */
export function clusterTopics(documents: TopicDocument[], options: TopicOptions = {}): Topic[] {
  const maxTopics = options.maxTopics ?? 8;
  const periodDays = options.periodDays ?? 7;
  const random = seededRandom(options.seed ?? 1);
  const ordered = [...documents].sort((a, b) => a.number - b.number);
  const surface = new Map<string, Map<string, { display: Bilingual; count: number }>>();
  const counted = ordered.map(({ subject, description }) => {
    const counts = new Map<string, number>();
    const add = (text: string, weight: number) => {
      for (const { term, display } of topicTermsOf(text)) {
        counts.set(term, (counts.get(term) ?? 0) + weight);
        const forms = surface.get(term) ?? new Map<string, { display: Bilingual; count: number }>();
        const form = forms.get(display.en) ?? { display, count: 0 };
        form.count += 1;
        forms.set(display.en, form);
        surface.set(term, forms);
      }
    };
    add(subject, SUBJECT_WEIGHT);
    add(description.slice(0, DESCRIPTION_CHARACTERS), 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of counted) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const vocabulary = [...documentFrequency].filter(([, frequency]) => frequency >= 2).map(([term]) => term).sort();
  const termIndex = new Map(vocabulary.map((term, index) => [term, index]));
  const total = ordered.length;
  const vectors: SparseVector[] = counted.map((counts) => {
    const vector: SparseVector = [];
    for (const [term, count] of counts) {
      const index = termIndex.get(term);
      if (index !== undefined) vector.push([index, (1 + Math.log(count)) * (Math.log((1 + total) / (1 + documentFrequency.get(term)!)) + 1)]);
    }
    const norm = Math.sqrt(vector.reduce((sum, [, weight]) => sum + weight * weight, 0));
    return vector.map(([index, weight]) => [index, weight / norm] as [number, number]).sort((a, b) => a[0] - b[0]);
  });
  const members = vectors.map((vector, index) => ({ vector, index })).filter(({ vector }) => vector.length > 0);
  if (members.length < MIN_DOCUMENTS) return [];

  const memberVectors = members.map(({ vector }) => vector);
  let best: { clustering: Clustering; score: number } | undefined;
  for (let k = 2; k <= Math.min(maxTopics, Math.floor(memberVectors.length / 2)); k += 1) {
    let clustering: Clustering | undefined;
    for (let restart = 0; restart < RESTARTS; restart += 1) {
      const candidate = kMeans(memberVectors, k, vocabulary.length, random);
      if (!clustering || candidate.inertia < clustering.inertia - 1e-9) clustering = candidate;
    }
    const score = silhouette(memberVectors, clustering!.assignment);
    if (!best || score > best.score + 1e-9) best = { clustering: clustering!, score };
  }
  if (!best) return [];

  const { assignment, centroids } = best.clustering;
  const overall = new Float64Array(vocabulary.length);
  for (const vector of memberVectors) for (const [term, weight] of vector) overall[term] = overall[term]! + weight / memberVectors.length;
  const minSize = Math.max(2, Math.ceil(0.03 * total));
  const topics: Topic[] = [];
  centroids.forEach((centroid, cluster) => {
    const inCluster = members.filter((_, index) => assignment[index] === cluster);
    if (inCluster.length < minSize) return;
    const meanWeight = new Float64Array(vocabulary.length);
    const presence = new Array<number>(vocabulary.length).fill(0);
    for (const { vector } of inCluster) {
      for (const [term, weight] of vector) {
        meanWeight[term] = meanWeight[term]! + weight / inCluster.length;
        presence[term] = presence[term]! + 1;
      }
    }
    const ranked = vocabulary
      .map((name, term) => ({ name, term, score: meanWeight[term]! - overall[term]! }))
      .filter(({ term, score }) => score > 0 && presence[term]! >= Math.max(2, Math.ceil(0.25 * inCluster.length)))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const top = ranked.filter(({ score }) => score >= 0.25 * (ranked[0]?.score ?? 0)).slice(0, MAX_KEYWORDS);
    const chosen = (top.length >= 3 ? top : ranked.slice(0, Math.min(3, ranked.length))).map(({ name }) => displayFormOf(surface.get(name)!));
    // One word alone is a coincidence of vocabulary more often than a subject.
    if (chosen.length < 2) return;
    const keywords = { en: chosen.map((display) => display.en), fr: chosen.map((display) => display.fr) };
    const exampleNumbers = inCluster
      .map(({ vector, index }) => ({ number: ordered[index]!.number, similarity: dotDense(vector, centroid) }))
      .sort((a, b) => b.similarity - a.similarity || a.number - b.number)
      .slice(0, 3)
      .map(({ number }) => number);
    const share = inCluster.length / total;
    topics.push({ keywords, size: inCluster.length, share: Math.round(share * 10_000) / 10_000, exampleNumbers, explanation: explainTopic(keywords, share, inCluster.length, periodDays) });
  });
  return topics.sort((a, b) => b.size - a.size || a.exampleNumbers[0]! - b.exampleNumbers[0]!).slice(0, maxTopics);
}

/** The way the tickets most often write a term; the shorter, then the first alphabetically, on a tie. */
function displayFormOf(forms: Map<string, { display: Bilingual; count: number }>): Bilingual {
  return [...forms.values()].sort((a, b) => b.count - a.count || a.display.en.length - b.display.en.length || a.display.en.localeCompare(b.display.en))[0]!.display;
}

function explainTopic(keywords: Topic['keywords'], share: number, size: number, periodDays: number): Bilingual {
  const whose = periodDays === 7 ? { en: 'last week’s tickets', fr: 'des billets de la dernière semaine' } : { en: `the tickets of the last ${periodDays} days`, fr: `des billets des ${periodDays} derniers jours` };
  return {
    en: `${formatPercent(share, 'en')} of ${whose.en} are about “${keywords.en.join(', ')}” (${size} tickets).`,
    fr: `${formatPercent(share, 'fr')} ${whose.fr} portent sur « ${keywords.fr.join(', ')} » (${size} billets).`,
  };
}

// ── Sentiment ─────────────────────────────────────────────────────────────────────────────────────────────

type WeightedPhrases = Array<[phrase: string, weight: number]>;

export interface SentimentLexicon {
  positive: Record<InsightLanguage, WeightedPhrases>;
  negative: Record<InsightLanguage, WeightedPhrases>;
  /** Turn the next sentiment word (within three words) around: "not good", "pas content". */
  negators: Record<InsightLanguage, string[]>;
  /** Before a sentiment word: stronger ("very", "vraiment") or weaker ("a bit", "un peu"). */
  modifiers: Record<InsightLanguage, WeightedPhrases>;
  /** After a sentiment word: Québec's "content en maudit" is very happy, not a curse. */
  postModifiers: Record<InsightLanguage, WeightedPhrases>;
  /** What comes after "but" outweighs what came before. */
  contrasts: Record<InsightLanguage, string[]>;
}

/** Words of the bot's discontent list that are weak alone ("still", "again"): half a negative word. */
const WEAK_NEGATIVES = new Set(['still', 'again', 'encore']);
const QUEBEC_SACRES = ['maudit', 'tabarnak', 'tabarnac', 'criss', 'crisse', 'calisse', 'caliss', 'calice', 'esti', 'estie', 'ostie', 'osti', 'hostie', 'sacrament', 'calvaire', 'ciboire', 'viarge'];

/**
 * The bot's discontent words and swearing (Québec sacres included) are the core of the negative side; the
 * positive side, the negators and the modifiers live here. Phrases are compared on folded text, like the bot's.
 */
export const SENTIMENT_LEXICON: SentimentLexicon = {
  negative: {
    en: [
      ...DEFAULT_BOT_LEXICONS.negative.en.map((phrase): [string, number] => [phrase, WEAK_NEGATIVES.has(phrase) ? 0.5 : 1]),
      ...DEFAULT_BOT_LEXICONS.profanity.en.map((phrase): [string, number] => [phrase, 1.5]),
      ...(['bad', 'poor', 'slow', 'wrong', 'broken', 'hate', 'upset', 'unhappy', 'mad', 'disappointing', 'confusing', 'rude'].map((phrase) => [phrase, 1]) as WeightedPhrases),
      // What went wrong, told rather than felt: half a word.
      ...(['lost', 'missing', 'damaged', 'late', 'delayed', 'error', 'failed', 'fails', 'problem'].map((phrase) => [phrase, 0.5]) as WeightedPhrases),
      ['worry', 0.5],
      ['never again', 1.5],
      ['nightmare', 1.5],
      ['scam', 1.5],
      ['rip off', 1.5],
      ['ripoff', 1.5],
      ['joke', 1],
      ['cancel my account', 1],
      ['charged twice', 1],
      ['never received', 1],
      ['still waiting', 1],
      ['horrendous', 1.5],
      ['unacceptable', 1.5],
      ['terrible', 1.5],
      ['awful', 1.5],
      ['horrible', 1.5],
      ['worst', 1.5],
      ['pathetic', 1.5],
    ],
    fr: [
      ...DEFAULT_BOT_LEXICONS.negative.fr.map((phrase): [string, number] => [phrase, WEAK_NEGATIVES.has(phrase) ? 0.5 : 1]),
      ...DEFAULT_BOT_LEXICONS.profanity.fr.map((phrase): [string, number] => [phrase, 1.5]),
      ...(['mauvais', 'mauvaise', 'lent', 'lente', 'brise', 'brisee', 'decevant', 'decevante', 'deception', 'furieux', 'furieuse', 'honteux', 'pire', 'impoli', 'impolie'].map((phrase) => [phrase, 1]) as WeightedPhrases),
      ...(['perdu', 'perdue', 'endommage', 'endommagee', 'retard', 'erreur', 'mal', 'probleme'].map((phrase) => [phrase, 0.5]) as WeightedPhrases),
      // No longer works (Québec "marche pu").
      ...(['marche plus', 'marche pu', 'fonctionne plus', 'fonctionne pu'].map((phrase) => [phrase, 1]) as WeightedPhrases),
      ['souci', 0.5],
      ['plate', 0.5],
      ['poche', 1],
      ['pogne', 0.5],
      ['pas d allure', 1],
      ['a pas d allure', 1],
      ['niaiser', 1],
      ['niaiserie', 1],
      ['arnaque', 1.5],
      ['cauchemar', 1.5],
      ['jamais recu', 1],
      ['jamais recue', 1],
      ['toujours en attente', 1],
      ['annuler mon compte', 1],
      ['debite deux fois', 1],
      ['inacceptable', 1.5],
      ['epouvantable', 1.5],
      ['honte', 1.5],
    ],
  },
  positive: {
    en: [
      ['thanks', 0.5],
      ['thank you', 0.5],
      ['thank', 0.5],
      ['thanks a lot', 1],
      ['thanks so much', 1.5],
      ['thank you so much', 1.5],
      ['many thanks', 1],
      ['good', 0.75],
      ['nice', 0.75],
      ['kind', 0.5],
      ['quick', 0.5],
      ['fast', 0.5],
      ['fixed', 0.75],
      ['resolved', 0.75],
      ['solved', 1],
      ['works now', 1],
      ['working now', 1],
      ['great', 1],
      ['love', 1],
      ['helpful', 1],
      ['appreciate', 1],
      ['appreciated', 1],
      ['happy', 1],
      ['glad', 1],
      ['pleased', 1],
      ['satisfied', 1],
      ['well done', 1],
      ['super', 1],
      ['perfect', 1.5],
      ['excellent', 1.5],
      ['awesome', 1.5],
      ['amazing', 1.5],
      ['fantastic', 1.5],
      ['wonderful', 1.5],
      ['brilliant', 1.5],
      ['lifesaver', 1.5],
    ],
    fr: [
      ['merci', 0.5],
      ['merci beaucoup', 1],
      ['merci ben', 1],
      ['merci bien', 1],
      ['merci infiniment', 1.5],
      ['mille mercis', 1.5],
      ['bon travail', 1],
      ['bon service', 1],
      ['c est bon', 0.75],
      ['correct', 0.5],
      ['ben correct', 0.75],
      ['rapide', 0.5],
      ['gentil', 0.75],
      ['gentille', 0.75],
      ['aimable', 1],
      ['efficace', 1],
      ['content', 1],
      ['contente', 1],
      ['satisfait', 1],
      ['satisfaite', 1],
      ['heureux', 1],
      ['heureuse', 1],
      ['apprecie', 1],
      ['resolu', 0.75],
      ['regle', 0.75],
      ['fonctionne maintenant', 1],
      ['marche maintenant', 1],
      ['cool', 0.75],
      ['trop cool', 1],
      ['top', 0.75],
      ['pas pire', 1],
      ['pas mal', 0.75],
      ['tiguidou', 1],
      ['super', 1],
      ['ravi', 1.5],
      ['ravie', 1.5],
      ['parfait', 1.5],
      ['parfaite', 1.5],
      ['excellent', 1.5],
      ['excellente', 1.5],
      ['genial', 1.5],
      ['geniale', 1.5],
      ['impeccable', 1.5],
      ['formidable', 1.5],
      ['merveilleux', 1.5],
      ['bravo', 1.5],
    ],
  },
  negators: {
    en: ['not', 'no', 'never', 'nothing', 'nobody', 'without', 'hardly', 'neither', 'nor', 'cannot', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'wont', 'cant', 'don t', 'doesn t', 'didn t', 'isn t', 'wasn t', 'aren t', 'won t', 'can t', 'couldn t', 'shouldn t', 'wouldn t'],
    fr: ['pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'ni', 'pantoute'],
  },
  modifiers: {
    en: [
      ['very', 1.5],
      ['really', 1.5],
      ['so', 1.5],
      ['extremely', 1.8],
      ['totally', 1.5],
      ['absolutely', 1.5],
      ['incredibly', 1.8],
      ['completely', 1.5],
      ['truly', 1.5],
      ['super', 1.5],
      ['a bit', 0.5],
      ['a little', 0.5],
      ['slightly', 0.5],
      ['somewhat', 0.5],
      ['kind of', 0.5],
      ['kinda', 0.5],
      ['sort of', 0.5],
    ],
    fr: [
      ['tres', 1.5],
      ['vraiment', 1.5],
      ['tellement', 1.5],
      ['trop', 1.5],
      ['super', 1.5],
      ['full', 1.5],
      ['ben', 1.3],
      ['extremement', 1.8],
      ['completement', 1.5],
      ['totalement', 1.5],
      ['un peu', 0.5],
      ['assez', 0.75],
      ['plutot', 0.75],
      ['legerement', 0.5],
    ],
  },
  postModifiers: {
    en: [['as hell', 2]],
    fr: QUEBEC_SACRES.map((sacre): [string, number] => [`en ${sacre}`, 2]),
  },
  contrasts: { en: ['but', 'however', 'although', 'yet'], fr: ['mais', 'cependant', 'pourtant', 'par contre', 'toutefois'] },
};

export interface SentimentScore {
  /** −1 (very negative) to 1 (very positive); 0 when nothing in the message tells. */
  score: number;
  /** The phrases that counted, folded. */
  matches: string[];
}

/** Messages at or below this score count as negative. */
export const NEGATIVE_SENTIMENT = -0.25;
/** Squashes the sum of weights into −1..1: one plain word scores about ±0.45, two about ±0.7. */
const SQUASH = 4;
const NEGATION_WINDOW = 3;
const NEGATION_FACTOR = -0.75;

type Token =
  | { kind: 'sentiment'; weight: number; phrase: string }
  | { kind: 'negator' }
  | { kind: 'modifier'; factor: number; standalone: number; phrase: string }
  | { kind: 'post'; factor: number }
  | { kind: 'contrast' }
  | { kind: 'boundary' }
  | { kind: 'word' };

const PROFANITY = new Set([...DEFAULT_BOT_LEXICONS.profanity.en, ...DEFAULT_BOT_LEXICONS.profanity.fr].map(foldText));

function phraseTableOf(language: InsightLanguage, lexicon: SentimentLexicon): { phrases: Map<string, Token>; longest: number } {
  const other: InsightLanguage = language === 'en' ? 'fr' : 'en';
  const entries: Array<[string, Token]> = [
    // Swearing counts whatever the language of the message, as for the bot.
    ...lexicon.negative[other].filter(([phrase]) => PROFANITY.has(foldText(phrase))).map(([phrase, weight]): [string, Token] => [phrase, { kind: 'sentiment', weight: -weight, phrase }]),
    ...lexicon.negative[language].map(([phrase, weight]): [string, Token] => [phrase, { kind: 'sentiment', weight: -weight, phrase }]),
    ...lexicon.positive[language].map(([phrase, weight]): [string, Token] => [phrase, { kind: 'sentiment', weight, phrase }]),
    ...lexicon.negators[language].map((phrase): [string, Token] => [phrase, { kind: 'negator' }]),
    ...lexicon.modifiers[language].map(([phrase, factor]): [string, Token] => [phrase, { kind: 'modifier', factor, standalone: 0, phrase }]),
    ...lexicon.postModifiers[language].map(([phrase, factor]): [string, Token] => [phrase, { kind: 'post', factor }]),
    ...lexicon.contrasts[language].map((phrase): [string, Token] => [phrase, { kind: 'contrast' }]),
  ];
  const phrases = new Map<string, Token>();
  for (const [phrase, token] of entries) {
    const key = foldText(phrase);
    const existing = phrases.get(key);
    // A word that is both a modifier and a sentiment word ("super") modifies the next one, or counts alone.
    if (token.kind === 'modifier' && existing?.kind === 'sentiment') phrases.set(key, { ...token, standalone: existing.weight });
    else phrases.set(key, token);
  }
  return { phrases, longest: Math.max(...[...phrases.keys()].map((phrase) => phrase.split(' ').length)) };
}

const DEFAULT_TABLES: Record<InsightLanguage, ReturnType<typeof phraseTableOf>> = { en: phraseTableOf('en', SENTIMENT_LEXICON), fr: phraseTableOf('fr', SENTIMENT_LEXICON) };

/** The message as lexicon tokens, longest phrase first, with a boundary at each punctuation mark. */
function tokensOf(text: string, language: InsightLanguage, table: ReturnType<typeof phraseTableOf>): Token[] {
  const tokens: Token[] = [];
  for (const clause of text.split(/[.,;:!?()\n\r]+/)) {
    const words = foldText(clause).split(' ').filter(Boolean);
    if (words.length === 0) continue;
    if (tokens.length > 0) tokens.push({ kind: 'boundary' });
    for (let index = 0; index < words.length; ) {
      let length = Math.min(table.longest, words.length - index);
      while (length > 0 && !table.phrases.has(words.slice(index, index + length).join(' '))) length -= 1;
      let matched = length > 0 ? table.phrases.get(words.slice(index, index + length).join(' ')) : undefined;
      // French "plus" negates after "ne" ("ne fonctionne plus"), and means "more" otherwise.
      if (!matched && language === 'fr' && words[index] === 'plus' && words.slice(Math.max(0, index - 3), index).some((word) => word === 'ne' || word === 'n')) matched = { kind: 'negator' };
      tokens.push(matched ?? { kind: 'word' });
      index += Math.max(length, 1);
    }
  }
  return tokens;
}

/**
 * The sentiment of a customer's message in its language: the weights of the lexicon's words and phrases (longest
 * match first, so "not working" is one negative phrase and "pas pire" a Québec compliment), turned around by a
 * negator shortly before ("not good", "pas de problème"), strengthened or softened by a modifier ("very", "un peu",
 * and after the word Québec's "en maudit"), what follows "but" weighing three times what precedes it, a little
 * stronger with exclamation marks or capitals; the sum squashed into −1..1. A negation or a modifier ends with its
 * clause.
 */
export function scoreSentiment(text: string, language: InsightLanguage, lexicon: SentimentLexicon = SENTIMENT_LEXICON): SentimentScore {
  const tokens = tokensOf(text, language, lexicon === SENTIMENT_LEXICON ? DEFAULT_TABLES[language] : phraseTableOf(language, lexicon));
  const values: Array<{ value: number; phrase: string }> = [];
  let lastContrast: number | undefined;
  let negatedUntil = -1;
  let modifier: { factor: number; until: number; standalone: number; phrase: string } | undefined;
  const settleModifier = () => {
    if (modifier?.standalone) values.push({ value: modifier.standalone, phrase: modifier.phrase });
    modifier = undefined;
  };
  tokens.forEach((token, position) => {
    if (modifier && position > modifier.until) settleModifier();
    switch (token.kind) {
      case 'boundary':
        settleModifier();
        negatedUntil = -1;
        return;
      case 'negator':
        negatedUntil = position + NEGATION_WINDOW;
        return;
      case 'modifier':
        settleModifier();
        modifier = { factor: token.factor, until: position + 2, standalone: token.standalone, phrase: token.phrase };
        return;
      case 'post': {
        const last = values.at(-1);
        if (last) last.value *= token.factor;
        return;
      }
      case 'contrast':
        if (values.length > 0) lastContrast = values.length;
        return;
      case 'word':
        return;
      case 'sentiment': {
        let value = token.weight;
        if (modifier) {
          value *= modifier.factor;
          modifier = undefined;
        }
        if (position <= negatedUntil) {
          value *= NEGATION_FACTOR;
          negatedUntil = -1;
        }
        values.push({ value, phrase: token.phrase });
      }
    }
  });
  settleModifier();
  let sum = values.reduce((total, { value }, index) => total + value * (lastContrast === undefined ? 1 : index < lastContrast ? 0.5 : 1.5), 0);
  sum *= 1 + 0.1 * Math.min(3, (text.match(/!/g) ?? []).length);
  if (isShouting(text)) sum *= 1.25;
  const score = sum / Math.sqrt(sum * sum + SQUASH);
  return { score: Math.round(score * 1000) / 1000, matches: values.map(({ phrase }) => phrase) };
}

/**
 * The part of a customer's message that is theirs: no quoted lines, nothing after a reply header ("On … wrote:",
 * "Le … a écrit :"), no markup.
 */
export function ownTextOf(body: string): string {
  const lines: string[] = [];
  for (const line of body.replace(/<[^>]*>/g, ' ').split(/\r?\n/)) {
    if (/^\s*(On\s.+wrote:|Le\s.+a\s+écrit\s*:|-{2,}\s*Original Message|-{2,}\s*Message d’origine|-{2,}\s*Message d'origine)\s*$/i.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    lines.push(line);
  }
  return lines.join('\n').slice(0, 5000);
}

export interface SentimentDay {
  date: string;
  messages: number;
  scoreSum: number;
  negative: number;
}

export interface SentimentTrend {
  days: Array<{ date: string; messages: number; average: number | null; negativeShare: number | null }>;
  messages: number;
  average: number | null;
  negativeShare: number | null;
  /** The last `recentDays` days, and the days before them. */
  recentAverage: number | null;
  previousAverage: number | null;
  explanation: Bilingual;
}

const MOODS: Array<{ from: number; en: string; fr: string }> = [
  { from: 0.25, en: 'positive', fr: 'positifs' },
  { from: 0.1, en: 'slightly positive', fr: 'plutôt positifs' },
  { from: -0.1, en: 'neutral', fr: 'neutres' },
  { from: -0.25, en: 'slightly negative', fr: 'plutôt négatifs' },
  { from: -Infinity, en: 'negative', fr: 'négatifs' },
];
/** A change of the average smaller than this between the recent days and before is no trend. */
const NOTABLE_SENTIMENT_CHANGE = 0.1;

/** The daily sentiment of customers' messages over a period (every day, in order), and a sentence about it. */
export function summarizeSentiment(days: SentimentDay[], options: { recentDays?: number; historyWeeks?: number } = {}): SentimentTrend {
  const recentDays = options.recentDays ?? 7;
  const weeks = options.historyWeeks ?? Math.max(1, Math.round(days.length / 7));
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const sum = (list: SentimentDay[]) => list.reduce((total, day) => ({ messages: total.messages + day.messages, scoreSum: total.scoreSum + day.scoreSum, negative: total.negative + day.negative }), { messages: 0, scoreSum: 0, negative: 0 });
  const all = sum(days);
  const recent = sum(days.slice(-recentDays));
  const previous = sum(days.slice(0, Math.max(0, days.length - recentDays)));
  const averageOf = (total: { messages: number; scoreSum: number }) => (total.messages ? round(total.scoreSum / total.messages) : null);
  const trend: SentimentTrend = {
    days: days.map((day) => ({ date: day.date, messages: day.messages, average: day.messages ? round(day.scoreSum / day.messages) : null, negativeShare: day.messages ? round(day.negative / day.messages) : null })),
    messages: all.messages,
    average: averageOf(all),
    negativeShare: all.messages ? round(all.negative / all.messages) : null,
    recentAverage: averageOf(recent),
    previousAverage: averageOf(previous),
    explanation: { en: '', fr: '' },
  };
  trend.explanation = explainSentiment(trend, recentDays, weeks);
  return trend;
}

function explainSentiment(trend: SentimentTrend, recentDays: number, weeks: number): Bilingual {
  if (trend.average === null) {
    return { en: `No customer messages to read in ${lastPeriodEn(weeks, 'week')}.`, fr: `Aucun message de client à lire ${lastPeriodFr(weeks, 'week', 'au cours de')}.` };
  }
  const mood = MOODS.find((candidate) => trend.average! >= candidate.from)!;
  const score = (value: number, language: InsightLanguage) => formatNumber(value, language, 2);
  const messages = { en: trend.messages === 1 ? '1 message' : `${trend.messages} messages`, fr: trend.messages === 1 ? '1 message' : `${trend.messages} messages` };
  const sentences = {
    en: [`Customers’ messages read ${mood.en} on average (${score(trend.average, 'en')}) over ${lastPeriodEn(weeks, 'week')} (${messages.en}); ${formatPercent(trend.negativeShare!, 'en')} were negative.`],
    fr: [`Les messages des clients sont ${mood.fr} en moyenne (${score(trend.average, 'fr')}) ${lastPeriodFr(weeks, 'week', 'sur')} (${messages.fr}) ; ${formatPercent(trend.negativeShare!, 'fr')} étaient négatifs.`],
  };
  const { recentAverage, previousAverage } = trend;
  if (recentAverage !== null && previousAverage !== null && Math.abs(recentAverage - previousAverage) >= NOTABLE_SENTIMENT_CHANGE) {
    const isBetter = recentAverage > previousAverage;
    const recent = recentDays === 1 ? { en: 'The last day reads', fr: 'Le dernier jour est', better: 'meilleur', worse: 'moins bon' } : { en: `The last ${recentDays} days read`, fr: `Les ${recentDays} derniers jours sont`, better: 'meilleurs', worse: 'moins bons' };
    sentences.en.push(`${recent.en} ${isBetter ? 'better' : 'worse'} (${score(recentAverage, 'en')}) than before (${score(previousAverage, 'en')}).`);
    sentences.fr.push(`${recent.fr} ${isBetter ? recent.better : recent.worse} (${score(recentAverage, 'fr')}) qu’avant (${score(previousAverage, 'fr')}).`);
  }
  return { en: sentences.en.join(' '), fr: sentences.fr.join(' ') };
}
