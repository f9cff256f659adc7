import type { AppInstance } from '../../http/http-types.js';
import { requireAccess } from '../auth/permissions.js';
import { ZAnalyticsInsights, ZAnalyticsInsightsQuery } from './analytics-insights.schema.js';
import type { AnalyticsInsightsService } from './analytics-insights.service.js';

const tags = ['analytics'];

/** The dashboard's insights: forecast, spikes, topics and sentiment, each with a sentence in English and French. */
export function registerAnalyticsInsightRoutes(app: AppInstance, { analyticsInsights }: { analyticsInsights: AnalyticsInsightsService }): void {
  app.get(
    '/api/v1/analytics/insights',
    {
      schema: {
        tags,
        summary:
          'Insights as of `to` (now by default), each explained in English and French: the volume of the next 14 days (Holt-Winters with a weekly season over the last `weeks` weeks, a 95% interval), spikes of tickets created by category or channel over the last 7 days (robust z-score ≥ 3.5 and at least 5 tickets over the median of the 28 days before), the topics of the last `topicDays` days’ tickets (TF-IDF and k-means, up to 8), and the daily sentiment of customers’ messages (−1 to 1). Filters as for reports; agents get their own tickets, managers their teams’, admins the workspace’s.',
        querystring: ZAnalyticsInsightsQuery,
        response: { 200: ZAnalyticsInsights },
      },
      config: { permission: 'analytics.read' },
    },
    async (request) => analyticsInsights.getInsights(requireAccess(request.actor, 'analytics.read'), request.query),
  );
}
