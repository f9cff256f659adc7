import type { AnalyticsDimension, AnalyticsMetric, MetricUnit, StandardReportKey, TReportDefinition } from './analytics.schema.js';

type Label = { en: string; fr: string };

/** Which timestamp of a ticket a metric counts by: the period and time buckets apply to it. */
export type MetricBasis = 'created' | 'resolved' | 'first_response' | 'breached' | 'escalated' | 'rated' | 'offered' | 'backlog';

export interface MetricSpec {
  unit: MetricUnit;
  basis: MetricBasis;
  label: Label;
  /** Whether the daily rollups can answer it. */
  isInRollups: boolean;
}

export const METRICS: Record<AnalyticsMetric, MetricSpec> = {
  created: { unit: 'count', basis: 'created', isInRollups: true, label: { en: 'Tickets created', fr: 'Billets créés' } },
  resolved: { unit: 'count', basis: 'resolved', isInRollups: true, label: { en: 'Tickets resolved', fr: 'Billets résolus' } },
  backlog: { unit: 'count', basis: 'backlog', isInRollups: false, label: { en: 'Backlog (open at end of period)', fr: 'Arriéré (ouverts en fin de période)' } },
  backlog_age_median: { unit: 'seconds', basis: 'backlog', isInRollups: false, label: { en: 'Backlog age (median)', fr: 'Âge de l’arriéré (médiane)' } },
  first_response_median: { unit: 'seconds', basis: 'first_response', isInRollups: false, label: { en: 'First response time (median)', fr: 'Délai de première réponse (médiane)' } },
  first_response_p90: { unit: 'seconds', basis: 'first_response', isInRollups: false, label: { en: 'First response time (90th percentile)', fr: 'Délai de première réponse (90e centile)' } },
  response_average: { unit: 'seconds', basis: 'created', isInRollups: false, label: { en: 'Average response time', fr: 'Délai de réponse moyen' } },
  resolution_median: { unit: 'seconds', basis: 'resolved', isInRollups: false, label: { en: 'Resolution time (median)', fr: 'Délai de résolution (médiane)' } },
  resolution_p90: { unit: 'seconds', basis: 'resolved', isInRollups: false, label: { en: 'Resolution time (90th percentile)', fr: 'Délai de résolution (90e centile)' } },
  sla_achievement: { unit: 'ratio', basis: 'resolved', isInRollups: true, label: { en: 'SLA achievement', fr: 'Respect des ententes de service' } },
  sla_breaches: { unit: 'count', basis: 'breached', isInRollups: true, label: { en: 'SLA breaches', fr: 'Dépassements d’entente de service' } },
  csat_average: { unit: 'score', basis: 'rated', isInRollups: true, label: { en: 'CSAT (average, 1–5)', fr: 'Satisfaction (moyenne, 1 à 5)' } },
  csat_satisfied_rate: { unit: 'ratio', basis: 'rated', isInRollups: true, label: { en: 'Satisfied customers (4–5)', fr: 'Clients satisfaits (4 ou 5)' } },
  csat_responses: { unit: 'count', basis: 'rated', isInRollups: true, label: { en: 'Satisfaction responses', fr: 'Réponses au sondage de satisfaction' } },
  surveys_offered: { unit: 'count', basis: 'offered', isInRollups: true, label: { en: 'Satisfaction surveys sent', fr: 'Sondages de satisfaction envoyés' } },
  survey_response_rate: { unit: 'ratio', basis: 'offered', isInRollups: true, label: { en: 'Survey response rate', fr: 'Taux de réponse au sondage' } },
  escalations: { unit: 'count', basis: 'escalated', isInRollups: true, label: { en: 'Escalations', fr: 'Escalades' } },
  escalation_rate: { unit: 'ratio', basis: 'created', isInRollups: true, label: { en: 'Escalation rate', fr: 'Taux d’escalade' } },
  resolution_rate: { unit: 'ratio', basis: 'created', isInRollups: true, label: { en: 'Resolution rate', fr: 'Taux de résolution' } },
  chat_handle_average: { unit: 'seconds', basis: 'resolved', isInRollups: false, label: { en: 'Chat handling time (average)', fr: 'Durée de traitement des clavardages (moyenne)' } },
};

export const DIMENSION_LABELS: Record<AnalyticsDimension, Label> = {
  hour: { en: 'Hour', fr: 'Heure' },
  day: { en: 'Day', fr: 'Jour' },
  week: { en: 'Week', fr: 'Semaine' },
  month: { en: 'Month', fr: 'Mois' },
  channel: { en: 'Channel', fr: 'Canal' },
  priority: { en: 'Priority', fr: 'Priorité' },
  type: { en: 'Type', fr: 'Type' },
  category: { en: 'Category', fr: 'Catégorie' },
  language: { en: 'Language', fr: 'Langue' },
  team: { en: 'Team', fr: 'Équipe' },
  agent: { en: 'Agent', fr: 'Agent' },
  status: { en: 'Status', fr: 'Statut' },
  escalation_reason: { en: 'Escalation reason', fr: 'Motif d’escalade' },
};

/** Dimensions the daily rollups hold. */
export const ROLLUP_DIMENSIONS: ReadonlySet<AnalyticsDimension> = new Set(['day', 'week', 'month', 'channel', 'priority', 'language', 'team']);

const definition = (metrics: AnalyticsMetric[], groupBy: AnalyticsDimension[], chart: TReportDefinition['chart']): TReportDefinition => ({ metrics, groupBy, filters: {}, chart });

/** The standard reports: one per family of metrics the issue of every support team asks about. */
export const STANDARD_REPORT_DEFINITIONS: Record<StandardReportKey, { title: Label; definition: TReportDefinition }> = {
  volume: { title: { en: 'Ticket volume', fr: 'Volume de billets' }, definition: definition(['created', 'resolved'], ['day'], 'line') },
  backlog: { title: { en: 'Backlog', fr: 'Arriéré' }, definition: definition(['backlog', 'backlog_age_median'], ['priority'], 'bar') },
  response_times: {
    title: { en: 'Response and resolution times', fr: 'Délais de réponse et de résolution' },
    definition: definition(['first_response_median', 'first_response_p90', 'response_average', 'resolution_median', 'resolution_p90'], ['week'], 'line'),
  },
  sla: { title: { en: 'SLA achievement', fr: 'Respect des ententes de service' }, definition: definition(['sla_achievement', 'sla_breaches', 'resolved'], ['day'], 'line') },
  satisfaction: { title: { en: 'Customer satisfaction', fr: 'Satisfaction de la clientèle' }, definition: definition(['csat_average', 'csat_satisfied_rate', 'csat_responses', 'survey_response_rate'], ['week'], 'line') },
  agents: {
    title: { en: 'Agent performance', fr: 'Performance des agents' },
    definition: definition(['resolved', 'resolution_rate', 'first_response_median', 'resolution_median', 'chat_handle_average', 'csat_average'], ['agent'], 'table'),
  },
  teams: { title: { en: 'Team workload', fr: 'Charge des équipes' }, definition: definition(['created', 'resolved', 'backlog', 'first_response_median'], ['team'], 'bar') },
  channels: { title: { en: 'Channels', fr: 'Canaux' }, definition: definition(['created', 'resolved', 'first_response_median', 'csat_average'], ['channel'], 'pie') },
  languages: { title: { en: 'Languages', fr: 'Langues' }, definition: definition(['created', 'resolved', 'first_response_median', 'csat_average', 'sla_achievement'], ['language'], 'bar') },
  priorities: { title: { en: 'Priorities', fr: 'Priorités' }, definition: definition(['created', 'resolved', 'resolution_median', 'sla_achievement'], ['priority'], 'bar') },
  categories: { title: { en: 'Categories', fr: 'Catégories' }, definition: definition(['created', 'resolved', 'resolution_median'], ['category'], 'bar') },
  escalations: { title: { en: 'Escalations', fr: 'Escalades' }, definition: definition(['escalations'], ['escalation_reason'], 'pie') },
};
