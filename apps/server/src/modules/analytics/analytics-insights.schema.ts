import { z } from 'zod';
import { ZAnalyticsQuery, ZDataFlag, ZLabel, ZScope } from './analytics.schema.js';

/**
 * Insight contracts: the volume forecast, spikes of volume by category and channel, topics of recent tickets and the
 * sentiment of customers' messages, each with a sentence in English and French for the dashboard.
 */

export const ZAnalyticsInsightsQuery = ZAnalyticsQuery.pick({ to: true, channel: true, priority: true, type: true, category: true, language: true, teamId: true, agentId: true }).extend({
  weeks: z.coerce.number().int().min(3).max(26).default(8).describe('Weeks of history the forecast, the spike baselines and the sentiment trend read (default 8)'),
  topicDays: z.coerce.number().int().min(1).max(31).default(7).describe('Days of recent tickets the topics are found in (default 7)'),
});
export type TAnalyticsInsightsQuery = z.infer<typeof ZAnalyticsInsightsQuery>;

const ZDate = z.string().describe('A local day of the workspace, `YYYY-MM-DD`');

export const ZVolumeForecast = z.object({
  method: z.enum(['holt_winters', 'exponential_smoothing', 'none']).describe('Holt-Winters with a weekly season from two full weeks of history, simple exponential smoothing before, none without tickets'),
  parameters: z.object({
    alpha: z.number().nullable().describe('Level smoothing weight'),
    beta: z.number().nullable().describe('Trend smoothing weight'),
    gamma: z.number().nullable().describe('Season smoothing weight'),
    phi: z.number().nullable().describe('Trend damping (1: none)'),
    seasonLength: z.number().int().nullable(),
  }),
  residualStdDev: z.number().describe('Spread of the one-step-ahead errors over the history, tickets a day'),
  historyDays: z.number().int().describe('Days of history the model learnt from, from the first day with a ticket'),
  history: z.array(z.object({ date: ZDate, count: z.number().int() })).describe('Tickets created each whole day of the history'),
  days: z.array(z.object({ date: ZDate, expected: z.number(), low: z.number(), high: z.number() })).describe('The next 14 days from the first one not over; low and high bound a 95% prediction interval'),
  averagePerDay: z.number(),
  weekdayEffects: z.array(z.object({ weekday: z.number().int().min(1).max(7).describe('ISO weekday, 1 = Monday'), effect: z.number().describe('Share above (or below) the average day of the first forecast week') })),
  weeklyTrend: z.number().nullable().describe('Change of the second forecast week over the first, as a share'),
  explanation: ZLabel,
});

export const ZVolumeSpike = z.object({
  dimension: z.enum(['category', 'channel']),
  value: z.string().nullable().describe('The category or channel; null for tickets without a category'),
  label: ZLabel,
  date: ZDate,
  count: z.number().int(),
  expected: z.number().describe('Median of the 28 days before'),
  zScore: z.number().describe('Robust z-score: distance from the median over 1.4826 × the median absolute deviation (at least √expected)'),
  explanation: ZLabel,
});

export const ZTopic = z.object({
  keywords: z.object({ en: z.array(z.string()), fr: z.array(z.string()) }).describe('3 to 5 words that set the topic apart; known support words in each language'),
  size: z.number().int(),
  share: z.number().describe('Of the tickets of the period, 0 to 1'),
  exampleNumbers: z.array(z.number().int()).describe('Up to 3 tickets closest to the topic'),
  explanation: ZLabel,
});

const ZSentimentFigures = {
  messages: z.number().int(),
  average: z.number().nullable().describe('Average score, −1 to 1; null without messages'),
  negativeShare: z.number().nullable().describe('Share of messages scoring −0.25 or less'),
};

export const ZSentimentTrend = z.object({
  days: z.array(z.object({ date: ZDate, ...ZSentimentFigures })),
  ...ZSentimentFigures,
  recentAverage: z.number().nullable().describe('The last 7 days'),
  previousAverage: z.number().nullable().describe('The days before them'),
  byLanguage: z.array(z.object({ language: z.string(), ...ZSentimentFigures })),
  explanation: ZLabel,
});

export const ZAnalyticsInsights = z.object({
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), timeZone: z.string() }).describe('The history read; `to` ends the last (possibly unfinished) day'),
  scope: ZScope,
  forecast: ZVolumeForecast,
  anomalies: z.object({ days: z.number().int().describe('Recent days judged'), spikes: z.array(ZVolumeSpike), explanation: ZLabel }),
  topics: z.object({ days: z.number().int(), tickets: z.number().int().describe('Tickets created in those days (up to 1,000 read)'), topics: z.array(ZTopic), explanation: ZLabel }),
  sentiment: ZSentimentTrend,
  sources: z.array(z.string()).describe('Where the numbers come from: `daily_rollups`, `ticket_facts`, `tickets`, `sentiment_daily`, `sentiment_messages`'),
  flags: z.array(ZDataFlag),
});
export type TAnalyticsInsights = z.infer<typeof ZAnalyticsInsights>;
